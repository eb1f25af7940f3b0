package io.secretdesk.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link ManualScheduler} and the threaded scheduler behind {@link Scheduler#shared()}. */
class SchedulerTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final ManualScheduler manual = new ManualScheduler(now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aJobRunsOnePeriodAfterItIsScheduledAndThenWithAFixedDelay() {
        AtomicInteger runs = new AtomicInteger();
        manual.repeat("count", Duration.ofSeconds(10), runs::incrementAndGet);
        advance(Duration.ofSeconds(9));
        assertThat(manual.runDue()).isZero();
        advance(Duration.ofSeconds(1));
        assertThat(manual.runDue()).isEqualTo(1);
        assertThat(manual.runDue()).isZero();
        advance(Duration.ofSeconds(35)); // long overdue: runs once, next run a period after now
        assertThat(manual.runDue()).isEqualTo(1);
        advance(Duration.ofSeconds(9));
        assertThat(manual.runDue()).isZero();
        advance(Duration.ofSeconds(1));
        assertThat(manual.runDue()).isEqualTo(1);
        assertThat(runs.get()).isEqualTo(3);
    }

    @Test
    void dueJobsRunEarliestFirst() {
        List<String> order = new ArrayList<>();
        manual.repeat("slow", Duration.ofSeconds(20), () -> order.add("slow"));
        manual.repeat("fast", Duration.ofSeconds(10), () -> order.add("fast"));
        advance(Duration.ofSeconds(30));
        assertThat(manual.runDue()).isEqualTo(2);
        assertThat(order).containsExactly("fast", "slow");
    }

    @Test
    void aJobThatReturnsFalseIsNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledTask task = manual.repeatWhile("twice", Duration.ofSeconds(1), () -> runs.incrementAndGet() < 2);
        for (int i = 0; i < 5; i++) {
            advance(Duration.ofSeconds(1));
            manual.runDue();
        }
        assertThat(runs.get()).isEqualTo(2);
        assertThat(task.isCancelled()).isTrue();
        assertThat(manual.taskCount()).isZero();
    }

    @Test
    void aJobThatThrowsKeepsItsSchedule() {
        AtomicInteger runs = new AtomicInteger();
        manual.repeat("flaky", Duration.ofSeconds(1), () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("expected by the test");
        });
        for (int i = 0; i < 3; i++) {
            advance(Duration.ofSeconds(1));
            manual.runDue();
        }
        assertThat(runs.get()).isEqualTo(3);
        assertThat(manual.taskCount()).isEqualTo(1);
    }

    @Test
    void cancelAndCloseStopJobs() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledTask a = manual.repeat("a", Duration.ofSeconds(1), runs::incrementAndGet);
        ScheduledTask b = manual.repeat("b", Duration.ofSeconds(1), runs::incrementAndGet);
        assertThat(a.name()).isEqualTo("a");
        a.cancel();
        advance(Duration.ofSeconds(1));
        assertThat(manual.runDue()).isEqualTo(1);
        manual.close();
        assertThat(b.isCancelled()).isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(manual.runDue()).isZero();
        ScheduledTask late = manual.repeat("late", Duration.ofSeconds(1), runs::incrementAndGet);
        assertThat(late.isCancelled()).isTrue();
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> manual.repeat("zero", Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
        try (Scheduler threaded = Scheduler.threaded("period-test", 1)) {
            assertThatThrownBy(() -> threaded.repeat("negative", Duration.ofSeconds(-1), () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
        }
    }

    @Test
    void theThreadedSchedulerRunsJobsOnDaemonThreadsAndStopsThemOnClose() throws InterruptedException {
        ThreadedScheduler threaded = new ThreadedScheduler("daemon-test", 1);
        CountDownLatch ranTwice = new CountDownLatch(2);
        AtomicReference<Thread> thread = new AtomicReference<>();
        ScheduledTask task = threaded.repeat("probe", Duration.ofMillis(1), () -> {
            thread.set(Thread.currentThread());
            ranTwice.countDown();
        });
        assertThat(ranTwice.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get().isDaemon()).isTrue();
        assertThat(thread.get().getName()).startsWith("daemon-test-");
        assertThat(threaded.taskCount()).isEqualTo(1);

        threaded.close();
        assertThat(threaded.isTerminated()).isTrue();
        assertThat(task.isCancelled()).isTrue();
        thread.get().join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thread.get().isAlive()).isFalse();
        ScheduledTask late = threaded.repeat("late", Duration.ofMillis(1), () -> { });
        assertThat(late.isCancelled()).isTrue();
    }

    @Test
    void aThreadedJobThatReturnsFalseOrIsCancelledIsNoLongerCounted() {
        try (Scheduler threaded = Scheduler.threaded("end-test", 1)) {
            AtomicInteger runs = new AtomicInteger();
            ScheduledTask once = threaded.repeatWhile("once", Duration.ofMillis(1), () -> {
                runs.incrementAndGet();
                return false;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!once.isCancelled() && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
            assertThat(once.isCancelled()).as("the job ended itself within 10 s").isTrue();
            assertThat(threaded.taskCount()).isZero();
            ScheduledTask hourly = threaded.repeat("hourly", Duration.ofHours(1), () -> { });
            assertThat(threaded.taskCount()).isEqualTo(1);
            hourly.cancel();
            assertThat(hourly.isCancelled()).isTrue();
            assertThat(threaded.taskCount()).isZero();
            assertThat(runs.get()).isEqualTo(1);
        }
    }

    @Test
    void theSharedSchedulerIsOneInstanceOnDaemonThreads() throws InterruptedException {
        assertThat(Scheduler.shared()).isSameAs(Scheduler.shared());
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean daemon = new AtomicBoolean();
        ScheduledTask task = Scheduler.shared().repeat("shared-probe", Duration.ofMillis(1), () -> {
            daemon.set(Thread.currentThread().isDaemon());
            ran.countDown();
        });
        try {
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon).isTrue();
        } finally {
            task.cancel();
        }
    }
}
