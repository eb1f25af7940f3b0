package io.secretdesk.core.schedule;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A {@link Scheduler} without threads: {@link #runDue()} runs, on the caller's thread, every job whose
 * time has come on a clock the caller controls.
 *
 * <p>For tests (advance a fake clock, then {@code runDue()}) and for one-shot runs that should start no
 * thread. Thread-safe; jobs run outside its lock, so a job may schedule or cancel jobs.
 */
public final class ManualScheduler implements Scheduler {

    /**
     * The logger, asked for when something is logged: the first {@code System.getLogger} of a JVM looks up a logging
     * backend and starts java.util.logging, tens of milliseconds of a CLI start that logs nothing.
     */
    private static System.Logger log() {
        return System.getLogger(ManualScheduler.class.getName());
    }

    private final LongSupplier nanoTime;
    private final List<Job> jobs = new ArrayList<>();
    private boolean closed;

    /** A scheduler reading time, in nanoseconds, from {@code nanoTime} (e.g. a fake ticker's {@code read}). */
    public ManualScheduler(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public synchronized ScheduledTask repeatWhile(String name, Duration period, BooleanSupplier job) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(job, "job");
        long nanos = ThreadedScheduler.periodNanos(period);
        Job task = new Job(name, nanos, job, nanoTime.getAsLong() + nanos);
        if (closed) {
            task.cancelled = true;
        } else {
            jobs.add(task);
        }
        return task;
    }

    /**
     * Runs every job that is due now, earliest first, each at most once, and schedules its next run one
     * period after now. A job that throws is logged and keeps its schedule.
     *
     * @return how many jobs ran
     */
    public int runDue() {
        long now = nanoTime.getAsLong();
        List<Job> due = new ArrayList<>();
        synchronized (this) {
            for (Job job : jobs) {
                if (!job.cancelled && now - job.nextRun >= 0) {
                    due.add(job);
                }
            }
        }
        due.sort(Comparator.comparingLong(job -> job.nextRun - now));
        int ran = 0;
        for (Job job : due) {
            if (job.cancelled) {
                continue;
            }
            boolean again;
            try {
                again = job.body.getAsBoolean();
            } catch (RuntimeException e) {
                log().log(Level.WARNING, "Scheduled job " + job.name + " failed; it will run again", e);
                again = true;
            }
            ran++;
            if (again) {
                job.nextRun = now + job.period;
            } else {
                job.cancel();
            }
        }
        return ran;
    }

    @Override
    public synchronized int taskCount() {
        return jobs.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Job job : jobs) {
            job.cancelled = true;
        }
        jobs.clear();
    }

    private synchronized void remove(Job job) {
        jobs.remove(job);
    }

    @Override
    public String toString() {
        return "ManualScheduler[" + taskCount() + " jobs]";
    }

    private final class Job implements ScheduledTask {
        final String name;
        final long period;
        final BooleanSupplier body;
        volatile long nextRun;
        volatile boolean cancelled;

        Job(String name, long period, BooleanSupplier body, long nextRun) {
            this.name = name;
            this.period = period;
            this.body = body;
            this.nextRun = nextRun;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void cancel() {
            cancelled = true;
            remove(this);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public String toString() {
            return "ScheduledTask[" + name + (cancelled ? ", stopped]" : "]");
        }
    }
}
