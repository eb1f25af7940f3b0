package io.secretdesk.core.schedule;

/**
 * A handle on a repeating job of a {@link Scheduler}: its name, and a way to stop it.
 *
 * <p>Thread-safe. Cancelling does not interrupt a run in progress; no run starts after {@link #cancel()}
 * returns, except one already started.
 */
public interface ScheduledTask {

    /** The name the job was scheduled under, for logs and diagnostics. */
    String name();

    /** Stops the job; does nothing when it has already stopped. */
    void cancel();

    /** Whether the job has stopped: cancelled, ended itself, or its scheduler was closed. */
    boolean isCancelled();
}
