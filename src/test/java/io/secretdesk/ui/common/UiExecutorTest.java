package io.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.QueuedExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UiExecutorTest {

    private final QueuedExecutor background = new QueuedExecutor();
    private final QueuedExecutor fx = new QueuedExecutor();
    private final UiExecutor executor = new UiExecutor(background, fx);

    @Test
    void deliversTheResultOnTheFxDispatcherAfterTheWorkRuns() {
        List<String> events = new ArrayList<>();
        executor.run(() -> {
            events.add("work");
            return 42;
        }, result -> events.add("success " + result), error -> events.add("error"));

        fx.drain();
        assertThat(events).as("nothing runs before the background executor does").isEmpty();
        background.drain();
        assertThat(events).containsExactly("work");
        fx.drain();
        assertThat(events).containsExactly("work", "success 42");
    }

    @Test
    void deliversWhatTheWorkThrewToOnErrorAndNeverCallsOnSuccess() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        List<Object> successes = new ArrayList<>();
        IOException boom = new IOException("disk on fire");

        executor.run(() -> {
            throw boom;
        }, successes::add, error::set);
        background.drain();
        fx.drain();

        assertThat(error.get()).isSameAs(boom);
        assertThat(successes).isEmpty();
    }

    @Test
    void countsTasksInFlightUntilTheirResultIsDelivered() {
        executor.run(() -> "a", r -> { }, e -> { });
        executor.run(() -> "b", r -> { }, e -> { });
        fx.drain();
        assertThat(executor.inFlightProperty().get()).isEqualTo(2);
        assertThat(executor.busy().get()).isTrue();

        background.drain();
        assertThat(executor.inFlightProperty().get()).as("results not yet delivered on the FX thread").isEqualTo(2);
        fx.drain();
        assertThat(executor.inFlightProperty().get()).isZero();
        assertThat(executor.busy().get()).isFalse();
    }

    @Test
    void changesTheInFlightCountOnlyOnTheFxDispatcher() {
        executor.run(() -> "a", r -> { }, e -> { });
        assertThat(executor.inFlightProperty().get()).as("not counted before the FX dispatcher runs").isZero();
        fx.drain();
        assertThat(executor.inFlightProperty().get()).isEqualTo(1);
    }

    @Test
    void aRefusedTaskIsReportedAsAnErrorAndNotLeftInFlight() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("pool shut down");
        };
        UiExecutor closed = new UiExecutor(refusing, Runnable::run);
        AtomicReference<Throwable> error = new AtomicReference<>();

        closed.run(() -> "never", r -> { }, error::set);

        assertThat(error.get()).isInstanceOf(RejectedExecutionException.class);
        assertThat(closed.inFlightProperty().get()).isZero();
    }

    @Test
    void aFailingCallbackDoesNotLeaveTheProgressIndicatorSpinning() {
        UiExecutor inline = new UiExecutor(Runnable::run, Runnable::run);

        inline.run(() -> "x", r -> {
            throw new IllegalStateException("bug in a view");
        }, e -> { });

        assertThat(inline.inFlightProperty().get()).isZero();
    }

    @Test
    void runsInlineWhenBothExecutorsAreInline() {
        UiExecutor inline = new UiExecutor(Runnable::run, Runnable::run);
        AtomicReference<String> result = new AtomicReference<>();

        inline.run(() -> "done", result::set, e -> { });

        assertThat(result.get()).isEqualTo("done");
        assertThat(inline.inFlightProperty().get()).isZero();
    }
}
