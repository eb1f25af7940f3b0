package io.secretdesk.ui.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.testing.ChildJvm;
import io.secretdesk.testing.ConsoleFixture;
import java.math.BigDecimal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hardware Pricing view model over a real store and HardwareInfo, without a toolkit. */
class PricingViewModelTest {

    @TempDir
    Path dir;

    private ConsoleFixture console;
    private PricingViewModel model;

    @BeforeEach
    void open() {
        console = new ConsoleFixture(dir);
        model = console.pricingModel(ConsoleFixture.inline());
    }

    @AfterEach
    void close() throws IOException {
        console.close();
    }

    private HardwareInfo hardware() {
        return console.services.hardware();
    }

    private PriceRow row(String id) {
        return model.rows().stream().filter(r -> r.idProperty().get().equals(id)).findFirst().orElseThrow();
    }

    private List<AuditEntry> audit() {
        return console.services.audit().recent(100);
    }

    @Test
    void showsTheDefaultsWithCurrencyAndSensiblePrecisionWhenReplicateHasNoTable() {
        model.refresh();

        assertThat(model.rows()).extracting(r -> r.idProperty().get()).containsExactly("gpu-l40s", "gpu-h100");
        assertThat(row("gpu-l40s").nameProperty().get()).isEqualTo("L40S (48GB)");
        assertThat(row("gpu-l40s").costPerSecondShown()).isEqualTo("$0.000972222/s");
        assertThat(row("gpu-l40s").costPerHourProperty().get()).isEqualTo("$3.50/h");
        assertThat(row("gpu-h100").costPerSecondShown()).isEqualTo("$0.001525/s");
        assertThat(row("gpu-h100").costPerHourProperty().get()).isEqualTo("$5.49/h");
        assertThat(model.sourceProperty().get()).startsWith("The built-in defaults");
        assertThat(model.dirtyProperty().get()).isFalse();
        assertThat(model.problemProperty().get()).isEmpty();
    }

    @Test
    void editingAPriceUpdatesCostPerHourAndSaveWritesThroughHardwareInfoWithAnAuditEntry() {
        model.refresh();

        row("gpu-l40s").costPerSecondProperty().set("0.001");
        assertThat(row("gpu-l40s").costPerHourProperty().get()).isEqualTo("$3.60/h");
        assertThat(model.dirtyProperty().get()).isTrue();
        assertThat(model.canSave().get()).isTrue();
        model.save();

        assertThat(hardware().configured()).isTrue();
        assertThat(hardware().get().get("gpu-l40s")).isEqualTo(new Hardware("gpu-l40s", "L40S (48GB)", 0.001));
        assertThat(hardware().get().get("gpu-h100").costPerSecond()).isEqualTo(0.001525);
        AuditEntry newest = audit().get(audit().size() - 1);
        assertThat(newest.action()).isEqualTo("provider_config.update");
        assertThat(newest.target()).isEqualTo("provider:replicate");
        assertThat(model.messageProperty().get()).isEqualTo("Saved 2 hardware types to Replicate's config (audit entry #" + newest.seq() + "). "
                + "SimpleTuner uses it within 5 minutes (it caches pricing for 300 s).");
        assertThat(model.dirtyProperty().get()).isFalse();
        assertThat(model.sourceProperty().get()).isEqualTo("From Replicate's config (hardware_info).");
    }

    @Test
    void anInvalidPriceIsMarkedAndRefusedAndNothingIsSaved() {
        model.refresh();

        for (String bad : List.of("-0.0001", "abc", "", "1e", "NaN")) {
            row("gpu-h100").costPerSecondProperty().set(bad);
            assertThat(row("gpu-h100").costInvalidProperty().get()).as(bad).isTrue();
            assertThat(row("gpu-h100").costPerHourProperty().get()).isEqualTo("—");
            assertThat(model.problemProperty().get()).as(bad).isEqualTo(bad.isEmpty()
                    ? "Row 2 (gpu-h100): enter the cost per second in dollars (e.g. 0.000975); type 0 only if it is free."
                    : "Row 2 (gpu-h100): the cost per second must be a number of dollars, 0 or more (e.g. 0.000975).");
            assertThat(model.canSave().get()).isFalse();
        }
        model.save();

        assertThat(model.messageProperty().get()).startsWith("Not saved: Row 2 (gpu-h100): the cost per second");
        assertThat(model.messageIsErrorProperty().get()).isTrue();
        assertThat(hardware().configured()).as("nothing was written").isFalse();
        assertThat(audit()).isEmpty();
        assertThat(row("gpu-l40s").costInvalidProperty().get()).as("only the offending cell is marked").isFalse();
    }

    @Test
    void idsMustBeUniqueAndNonEmptyAndEveryRowNeedsAName() {
        model.refresh();

        PriceRow added = model.addRow();
        assertThat(added.idInvalidProperty().get()).isTrue();
        assertThat(model.problemProperty().get()).isEqualTo("Row 3: enter the hardware id (e.g. gpu-h100).");

        added.idProperty().set("gpu-l40s");
        assertThat(added.idInvalidProperty().get()).isTrue();
        assertThat(row("gpu-h100").idInvalidProperty().get()).isFalse();
        assertThat(model.problemProperty().get()).isEqualTo("Row 1 (gpu-l40s): another row has the same id; every id must be unique.");

        added.idProperty().set("gpu-a100");
        assertThat(added.nameInvalidProperty().get()).isTrue();
        assertThat(model.problemProperty().get()).isEqualTo("Row 3 (gpu-a100): enter a name (e.g. H100 (80GB)).");

        added.nameProperty().set("A100 (80GB)");
        added.costPerSecondProperty().set("$0.0014");
        assertThat(model.problemProperty().get()).isEmpty();
        assertThat(added.costPerHourProperty().get()).isEqualTo("$5.04/h");
        model.save();

        assertThat(hardware().get().keySet()).containsExactly("gpu-l40s", "gpu-h100", "gpu-a100");
        assertThat(hardware().get().get("gpu-a100")).isEqualTo(new Hardware("gpu-a100", "A100 (80GB)", 0.0014));
    }

    @Test
    void aNewRowIsNeverSavedAsAFreeGpuUntilAPriceIsTyped() {
        model.refresh();

        PriceRow added = model.addRow();
        added.idProperty().set("gpu-a100");
        added.nameProperty().set("A100 (80GB)");

        assertThat(added.costPerSecondProperty().get()).as("no price until one is typed").isEmpty();
        assertThat(added.costInvalidProperty().get()).isTrue();
        assertThat(added.costPerHourProperty().get()).isEqualTo("—");
        assertThat(model.problemProperty().get())
                .isEqualTo("Row 3 (gpu-a100): enter the cost per second in dollars (e.g. 0.000975); type 0 only if it is free.");
        assertThat(model.canSave().get()).isFalse();
        model.save();
        assertThat(model.messageProperty().get()).startsWith("Not saved: Row 3 (gpu-a100): enter the cost per second");
        assertThat(model.messageIsErrorProperty().get()).isTrue();
        assertThat(hardware().configured()).as("nothing was written").isFalse();

        added.costPerSecondProperty().set("0"); // typed on purpose: a free GPU is allowed
        assertThat(added.costInvalidProperty().get()).isFalse();
        assertThat(model.canSave().get()).isTrue();
        model.save();
        assertThat(hardware().get().get("gpu-a100")).isEqualTo(new Hardware("gpu-a100", "A100 (80GB)", 0.0));
    }

    @Test
    void removingEveryRowLeavesATableThatCannotBeSaved() {
        model.refresh();

        List.copyOf(model.rows()).forEach(model::removeRow);

        assertThat(model.problemProperty().get()).isEqualTo("The table is empty: add at least one hardware type.");
        assertThat(model.canSave().get()).isFalse();
        model.save();
        assertThat(hardware().configured()).isFalse();
    }

    @Test
    void resetToDefaultsPutsTheSeedPricesInTheTableForSave() {
        hardware().set(Map.of("gpu-t4", Map.of("name", "T4", "cost_per_second", 0.000225)));
        model.refresh();
        assertThat(model.rows()).extracting(r -> r.idProperty().get()).containsExactly("gpu-t4");

        model.resetToDefaults();
        assertThat(model.rows()).extracting(r -> r.idProperty().get()).containsExactly("gpu-l40s", "gpu-h100");
        assertThat(model.dirtyProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo("The defaults are in the table: Save to use them, or Discard to go back.");
        assertThat(hardware().get()).as("not saved yet").containsOnlyKeys("gpu-t4");

        model.save();
        assertThat(hardware().get()).isEqualTo(HardwareInfo.DEFAULTS);

        model.resetToDefaults();
        assertThat(model.messageProperty().get()).isEqualTo("The table already holds the defaults.");
        assertThat(model.dirtyProperty().get()).isFalse();
    }

    @Test
    void discardPutsTheStoredTableBack() {
        model.refresh();
        row("gpu-l40s").nameProperty().set("Renamed");
        model.addRow();

        model.discard();

        assertThat(model.rows()).extracting(r -> r.nameProperty().get()).containsExactly("L40S (48GB)", "H100 (80GB)");
        assertThat(model.dirtyProperty().get()).isFalse();
    }

    @Test
    void refreshKeepsUnsavedEdits() {
        model.refresh();
        row("gpu-l40s").costPerSecondProperty().set("0.002");

        model.refresh();

        assertThat(row("gpu-l40s").costPerSecondProperty().get()).isEqualTo("0.002");
        assertThat(model.dirtyProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo("The stored table was read again; your unsaved edits were kept.");
    }

    @Test
    @Tag("slow")
    void clearCacheReadsATableAnotherProcessSavedWhileTheCachedOneIsStillFresh() throws Exception {
        model.refresh();
        ChildJvm.Result cli = new ChildJvm(dir, console.env).run(
                "{\"gpu-l40s\": {\"name\": \"L40S (48GB)\", \"cost_per_second\": 0.0011}}", "hardware", "set");
        assertThat(cli.exitCode()).as(cli.err()).isZero();

        model.refresh();
        assertThat(model.rows()).as("the cached table is still fresh").hasSize(2);

        model.clearCache();
        assertThat(model.rows()).extracting(r -> r.idProperty().get()).containsExactly("gpu-l40s");
        assertThat(row("gpu-l40s").costPerHourProperty().get()).isEqualTo("$3.96/h");
        assertThat(model.sourceProperty().get()).isEqualTo("From Replicate's config (hardware_info).");
        assertThat(model.messageProperty().get()).isEqualTo("Cache cleared; the table was read again from the database.");
    }

    @Test
    void aPriceTooLargeForADoubleIsRefusedInsteadOfSavedAsInfinity() {
        assertThat(Prices.parse("1e400")).isNull();
        assertThat(Prices.parse("$1.8e308/s")).as("just past Double.MAX_VALUE").isNull();
        assertThat(Prices.parse("1e308")).as("large, but a double holds it").isEqualByComparingTo("1e308");
        model.refresh();

        row("gpu-h100").costPerSecondProperty().set("1e400");

        assertThat(row("gpu-h100").costInvalidProperty().get()).isTrue();
        assertThat(row("gpu-h100").costPerHourProperty().get()).isEqualTo("—");
        assertThat(model.problemProperty().get())
                .isEqualTo("Row 2 (gpu-h100): the cost per second must be a number of dollars, 0 or more (e.g. 0.000975).");
        assertThat(model.canSave().get()).isFalse();
        model.save();
        assertThat(hardware().configured()).as("nothing was written").isFalse();
        assertThat(audit()).isEmpty();
    }

    @Test
    void pricesAreReadAndShownInDollars() {
        assertThat(Prices.parse("$0.000975/s")).isEqualByComparingTo("0.000975");
        assertThat(Prices.parse(" 0 ")).isEqualByComparingTo("0");
        assertThat(Prices.parse("-1")).isNull();
        assertThat(Prices.parse("1,5")).isNull();
        assertThat(Prices.perSecond(new BigDecimal("0.0014"))).isEqualTo("$0.001400/s");
        assertThat(Prices.perSecond(new BigDecimal("0.00012345"))).isEqualTo("$0.00012345/s");
        assertThat(Prices.perSecond(BigDecimal.ZERO)).isEqualTo("$0.000000/s");
        assertThat(Prices.perHour(new BigDecimal("0.000975"))).isEqualTo("$3.51/h");
        assertThat(Prices.perHour(BigDecimal.ZERO)).isEqualTo("$0.00/h");
        assertThat(Prices.perHour(new BigDecimal("0.000001"))).as("below a cent: two significant digits").isEqualTo("$0.0036/h");
        assertThat(Prices.perHour(new BigDecimal("1"))).isEqualTo("$3600.00/h");
        assertThat(Prices.plain(0.0)).isEqualTo("0");
        assertThat(Prices.plain(0.0014)).isEqualTo("0.0014");
    }
}
