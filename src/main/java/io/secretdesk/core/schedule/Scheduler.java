package io.secretdesk.core.schedule;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A runner of repeating background jobs (cache cleanup, refreshes) with fixed delay between runs.
 *
 * <p>The process has one: {@link #shared()}, on a daemon thread, closed by a shutdown hook. Components
 * take a {@code Scheduler} as a parameter so tests can pass a {@link ManualScheduler} and run jobs
 * deterministically. A job that throws is logged and keeps its schedule.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Runs {@code job} every {@code period} (fixed delay, first run one period from now) until the
     * returned task is cancelled or the scheduler is closed.
     */
    default ScheduledTask repeat(String name, Duration period, Runnable job) {
        return repeatWhile(name, period, () -> {
            job.run();
            return true;
        });
    }

    /**
     * Runs {@code job} every {@code period} (fixed delay, first run one period from now) for as long as
     * it returns {@code true}; a job that returns {@code false} is not run again. This lets a job that
     * holds only a weak reference to its owner end itself once the owner is gone.
     *
     * @throws IllegalArgumentException when the period is not positive
     */
    ScheduledTask repeatWhile(String name, Duration period, BooleanSupplier job);

    /** How many jobs are scheduled and not yet stopped. */
    int taskCount();

    /** Stops every job; a job scheduled afterwards is returned already cancelled. Idempotent. */
    @Override
    void close();

    /** The process-wide scheduler: one daemon thread, started on first use, closed at JVM exit. */
    static Scheduler shared() {
        return ThreadedScheduler.Shared.INSTANCE;
    }

    /** A scheduler of its own on {@code threads} daemon threads named {@code name-N}; close it when done. */
    static Scheduler threaded(String name, int threads) {
        return new ThreadedScheduler(name, threads);
    }
}
