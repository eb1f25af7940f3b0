package io.secretdesk.ui.common;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * The console's bridge from the FX thread to blocking work: runs a task on a background executor and
 * delivers its result, or its error, on the FX thread.
 *
 * <p>Both executors are passed in, so a view model under plain JUnit can run both inline. The number of
 * tasks in flight is a property (for the status bar's progress indicator); it is only ever changed
 * through the FX dispatcher, so bindings to it see changes on the FX thread.
 */
public final class UiExecutor {

    private static final Logger LOG = System.getLogger(UiExecutor.class.getName());

    private final Executor background;
    private final Executor fx;
    private final ReadOnlyIntegerWrapper inFlight = new ReadOnlyIntegerWrapper(this, "inFlight", 0);
    private final BooleanBinding busy = Bindings.greaterThan(inFlight, 0);

    /**
     * @param background where the blocking work runs; it should not be the FX thread in the console
     * @param fx         the FX dispatcher, {@code Platform::runLater} in the console
     */
    public UiExecutor(Executor background, Executor fx) {
        this.background = Objects.requireNonNull(background, "background");
        this.fx = Objects.requireNonNull(fx, "fx");
    }

    /** A UiExecutor for the running console: work on {@code background}, results through {@code Platform.runLater}. */
    public static UiExecutor onFxThread(Executor background) {
        return new UiExecutor(background, Platform::runLater);
    }

    /**
     * Runs {@code work} on the background executor, then passes its result to {@code onSuccess}, or what it
     * threw to {@code onError}, on the FX dispatcher. Exactly one of the two is called, once. A background
     * executor that refuses the task counts as an error of the task. May be called from any thread.
     */
    public <T> void run(Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onError) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(onSuccess, "onSuccess");
        Objects.requireNonNull(onError, "onError");
        // Counted through the dispatcher too, so the increment is always seen before its decrement.
        fx.execute(() -> inFlight.set(inFlight.get() + 1));
        try {
            background.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Throwable failure) {
                    LOG.log(Level.DEBUG, "background task failed", failure);
                    fx.execute(() -> deliver(() -> onError.accept(failure)));
                    return;
                }
                fx.execute(() -> deliver(() -> onSuccess.accept(result)));
            });
        } catch (RejectedExecutionException rejected) {
            fx.execute(() -> deliver(() -> onError.accept(rejected)));
        }
    }

    private void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException bug) {
            // A failing callback is a bug in the view, but it must not leave the progress indicator spinning.
            LOG.log(Level.WARNING, "a result callback failed", bug);
        } finally {
            inFlight.set(inFlight.get() - 1);
        }
    }

    /** How many tasks have been started and not yet delivered; changes on the FX dispatcher. */
    public ReadOnlyIntegerProperty inFlightProperty() {
        return inFlight.getReadOnlyProperty();
    }

    /** Whether any task is in flight; the progress indicator's visibility binds to it. */
    public BooleanBinding busy() {
        return busy;
    }
}
