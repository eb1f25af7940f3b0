package io.secretdesk.core.schedule;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A {@link Scheduler} on a {@link ScheduledThreadPoolExecutor} with daemon threads. */
final class ThreadedScheduler implements Scheduler {

    /**
     * The logger, asked for when something is logged: the first {@code System.getLogger} of a JVM looks up a logging
     * backend and starts java.util.logging, tens of milliseconds of a CLI start that logs nothing.
     */
    private static System.Logger log() {
        return System.getLogger(ThreadedScheduler.class.getName());
    }

    /** Holder of the process-wide instance, created on first use. */
    static final class Shared {
        static final ThreadedScheduler INSTANCE = new ThreadedScheduler("secretdesk-scheduler", 1);

        static {
            Thread hook = new Thread(INSTANCE::close, "secretdesk-scheduler-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        private Shared() {
        }
    }

    private final String name;
    private final ScheduledThreadPoolExecutor executor;
    private final Set<Job> live = ConcurrentHashMap.newKeySet();

    ThreadedScheduler(String name, int threads) {
        this.name = Objects.requireNonNull(name, "name");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ScheduledThreadPoolExecutor(threads, factory);
        // Cancelled jobs leave the queue at once, so a cancelled cleanup task holds nothing.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public ScheduledTask repeatWhile(String jobName, Duration period, BooleanSupplier job) {
        Objects.requireNonNull(jobName, "name");
        Objects.requireNonNull(job, "job");
        long nanos = periodNanos(period);
        Job task = new Job(jobName, job, live);
        live.add(task);
        try {
            task.attach(executor.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException closed) {
            log().log(Level.DEBUG, "Scheduler {0} is closed; job {1} not scheduled", name, jobName);
            task.cancel();
        }
        return task;
    }

    @Override
    public int taskCount() {
        return live.size();
    }

    @Override
    public void close() {
        if (executor.isShutdown()) {
            return;
        }
        executor.shutdownNow();
        for (Job job : live) {
            job.cancel();
        }
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                log().log(Level.WARNING, "Scheduler {0}: a job was still running 2 s after close", name);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks a period and returns it in nanoseconds, capped at about 146 years so clock sums cannot wrap. */
    static long periodNanos(Duration period) {
        if (period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, got " + period
                    + "; give a job a period of at least one nanosecond");
        }
        long cap = Long.MAX_VALUE / 2;
        return period.compareTo(Duration.ofNanos(cap)) > 0 ? cap : period.toNanos();
    }

    boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public String toString() {
        return "Scheduler[" + name + ", " + taskCount() + " jobs]";
    }

    /** One repeating job: runs the supplier, logs its failures, and cancels itself when it says stop. */
    private static final class Job implements Runnable, ScheduledTask {
        private final String name;
        private final BooleanSupplier body;
        private final Set<Job> live;
        private volatile Future<?> future;
        private volatile boolean stopped;

        Job(String name, BooleanSupplier body, Set<Job> live) {
            this.name = name;
            this.body = body;
            this.live = live;
        }

        void attach(Future<?> scheduled) {
            future = scheduled;
            // The first run may have ended the job before the future was known.
            if (stopped) {
                scheduled.cancel(false);
            }
        }

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            boolean again;
            try {
                again = body.getAsBoolean();
            } catch (RuntimeException e) {
                log().log(Level.WARNING, "Scheduled job " + name + " failed; it will run again", e);
                again = true;
            } catch (Error e) {
                log().log(Level.ERROR, "Scheduled job " + name + " failed and is stopped", e);
                cancel();
                throw e;
            }
            if (!again) {
                cancel();
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void cancel() {
            stopped = true;
            live.remove(this);
            Future<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }

        @Override
        public boolean isCancelled() {
            return stopped;
        }

        @Override
        public String toString() {
            return "ScheduledTask[" + name + (isCancelled() ? ", stopped]" : "]");
        }
    }
}
