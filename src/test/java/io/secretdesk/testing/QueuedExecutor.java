package io.secretdesk.testing;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** An executor that runs nothing until asked: lets a test hold work "in the background" and release it step by step. */
public final class QueuedExecutor implements Executor {

    private final Queue<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
        queue.add(command);
    }

    /** Runs everything queued, including what the queued tasks queue themselves. Returns how many ran. */
    public int drain() {
        int ran = 0;
        for (Runnable next = queue.poll(); next != null; next = queue.poll()) {
            next.run();
            ran++;
        }
        return ran;
    }

    public int pending() {
        return queue.size();
    }
}
