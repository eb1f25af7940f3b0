package io.secretdesk.ui.providers;

import io.secretdesk.core.store.ConsoleDbImport;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.UiExecutor;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Provider Config page's banner for provider configs an earlier SecretDesk kept in console.db, where SimpleTuner
 * never saw them: says what is there, and imports on request what SimpleTuner has no config for (the core's
 * {@link ConsoleDbImport}, audited). A provider SimpleTuner already configures differently is never replaced from here:
 * the banner names it and the CLI command that decides.
 */
public final class LegacyImport {

    private final Supplier<ConsoleDbImport> importer;
    private final UiExecutor executor;
    private final Runnable afterImport;
    private final ReadOnlyBooleanWrapper shown = new ReadOnlyBooleanWrapper(this, "shown", false);
    private final ReadOnlyBooleanWrapper canImport = new ReadOnlyBooleanWrapper(this, "canImport", false);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");

    /** @param afterImport runs on the FX thread after an import (the page lists the providers again) */
    public LegacyImport(Supplier<ConsoleDbImport> importer, UiExecutor executor, Runnable afterImport) {
        this.importer = Objects.requireNonNull(importer, "importer");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.afterImport = Objects.requireNonNull(afterImport, "afterImport");
    }

    /** Looks at console.db again (in the background). */
    public void check() {
        executor.run(() -> importer.get().plan(), this::show, error -> {
            shown.set(false); // an old console.db that cannot be read is no reason to block the page
        });
    }

    /** Imports every provider SimpleTuner has no config for, and drops console.db's copies SimpleTuner already has. */
    public void importNew() {
        canImport.set(false);
        executor.run(() -> {
            ConsoleDbImport running = importer.get();
            ConsoleDbImport.Result result = running.apply(Set.of(), Set.of());
            return new Done(result, running.plan());
        }, done -> {
            show(done.left());
            if (!done.result().imported().isEmpty()) {
                text.set("Imported " + String.join(", ", done.result().imported()) + " into SimpleTuner's jobs.db (audited). "
                        + text.get());
                shown.set(true);
            }
            afterImport.run();
        }, error -> text.set("Not imported: " + ErrorMessages.oneLine(error)));
    }

    private void show(List<ConsoleDbImport.Item> plan) {
        List<String> fresh = plan.stream().filter(item -> item.status() == ConsoleDbImport.Status.NEW
                || item.status() == ConsoleDbImport.Status.SAME).map(ConsoleDbImport.Item::provider).toList();
        List<String> kept = plan.stream().filter(item -> item.status() == ConsoleDbImport.Status.CONFLICT
                || item.status() == ConsoleDbImport.Status.UNREADABLE).map(ConsoleDbImport.Item::provider).toList();
        shown.set(!plan.isEmpty());
        canImport.set(!fresh.isEmpty());
        StringBuilder words = new StringBuilder();
        if (!fresh.isEmpty()) {
            words.append("console.db from an earlier SecretDesk holds provider configs SimpleTuner does not see: ")
                    .append(String.join(", ", fresh)).append(". Import moves them into SimpleTuner's jobs.db.");
        }
        if (!kept.isEmpty()) {
            words.append(words.length() == 0 ? "" : " ").append("SimpleTuner already has its own config for ")
                    .append(String.join(", ", kept)).append(": kept; 'secretdesk import-console-db' shows both and "
                            + "replaces or discards on request.");
        }
        text.set(words.toString());
    }

    private record Done(ConsoleDbImport.Result result, List<ConsoleDbImport.Item> left) {
    }

    public ReadOnlyBooleanProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canImportProperty() {
        return canImport.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
