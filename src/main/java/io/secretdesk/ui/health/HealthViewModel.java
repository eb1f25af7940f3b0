package io.secretdesk.ui.health;

import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Health page's state: the chosen target's checks (files, or a server's version, health, access, key, audit chain
 * and a restart still needed), read in the background and again whenever the target changes. FX thread only.
 */
public final class HealthViewModel {

    private final TargetSwitch targets;
    private final UiExecutor executor;
    private final ObservableList<CheckRow> checks = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    /** Which refresh's answer is current: a slow server's answer never overwrites a newer one. */
    private long generation;

    public HealthViewModel(TargetSwitch targets, UiExecutor executor) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.executor = Objects.requireNonNull(executor, "executor");
        targets.chosenProperty().addListener((obs, old, now) -> refresh());
    }

    public ObservableList<CheckRow> checks() {
        return checks;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Checks the chosen target again; the page stays usable meanwhile. */
    public void refresh() {
        String name = targets.chosenProperty().get();
        long mine = ++generation;
        loading.set(true);
        summary.set("Checking " + name + "…");
        executor.run(() -> targets.health(name), report -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            checks.setAll(report.checks().stream().map(c -> new CheckRow(c.state().name(), c.name(), c.detail())).toList());
            summary.set(report.target() + ": " + switch (report.overall()) {
                case OK -> "all checks passed";
                case WARNING -> "works, with warnings";
                case FAILED -> "a check FAILED";
            });
        }, failure -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            checks.clear();
            summary.set(name + ": " + ErrorMessages.oneLine(failure));
        });
    }
}
