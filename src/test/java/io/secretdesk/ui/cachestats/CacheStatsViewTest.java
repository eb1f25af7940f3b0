package io.secretdesk.ui.cachestats;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.Cached;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import io.secretdesk.testing.FakeTicker;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.ShellFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.prefs.BackingStoreException;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real CacheStatsView.fxml in the real shell, over real caches: the secrets chain's resolution cache
 * (env and file providers over a temp home) and a named memoizer, on a fake ticker; driven with clicks
 * and keys on a headless (Monocle) stage, one tick at a time.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class CacheStatsViewTest {

    static final String MEMO = "cachestatsview:get_user";

    @TempDir
    static Path home;

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);
    private final ManualRepeater repeater = new ManualRepeater();
    private SecretsManager secrets;
    private TtlCache<String> users;
    private ShellFixture shell;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Map<String, String> env = Map.of("HF_TOKEN", "hf_envViewTestValue");
        secrets = new SecretsManager(List.of(new EnvironmentSecretProvider("", env),
                FileSecretProvider.inHome(new SimpleTunerHome(home.resolve(".simpletuner")))), Runnable::run, ticker, scheduler);
        users = TtlCache.<String>builder().name(MEMO).defaultTtl(Duration.ofSeconds(120)).maxSize(50)
                .ticker(ticker).scheduler(scheduler).build();

        shell = new ShellFixture(stage).page("cachestats", CacheStatsController.class,
                () -> new CacheStatsController(new CacheStatsViewModel(Caches::named, ticker::read, repeater::every)));
        shell.show();
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1100);
        stage.setHeight(760);
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        shell.close();
        secrets.close();
        users.close();
        scheduler.close();
    }

    /** One second passes and the view ticks, as its timeline would. */
    private void second(FxRobot robot) {
        robot.interact(() -> {
            ticker.advance(Duration.ofSeconds(1));
            repeater.tick.run();
        });
    }

    /** Lookups through the real chain: two hits and a miss on the resolution cache. */
    private void traffic() {
        secrets.setSecret("REPLICATE_API_TOKEN", "r8_viewTestValue");
        secrets.get("REPLICATE_API_TOKEN");
        secrets.get("REPLICATE_API_TOKEN");
        secrets.get("REPLICATE_API_TOKEN");
        secrets.get("HF_TOKEN");
        secrets.get("NOT_SET_ANYWHERE");
        Function<Integer, String> getUser = Cached.of("cachestatsview", "get_user", Duration.ofSeconds(120), users)
                .wrap(id -> "user-" + id);
        for (int id = 1; id <= 4; id++) {
            getUser.apply(id);
            getUser.apply(id);
        }
    }

    /** The text the table shows for cache {@code name} in the column titled {@code column}. */
    private static String cell(FxRobot robot, String name, String column) {
        return onFx(() -> {
            TableView<?> table = robot.lookup(".cache-table").queryAs(TableView.class);
            table.layout();
            for (Node node : table.lookupAll(".table-row-cell")) {
                TableRow<?> row = (TableRow<?>) node;
                if (row.getItem() instanceof CacheRow cacheRow && cacheRow.name().equals(name)) {
                    for (Node child : row.getChildrenUnmodifiable()) {
                        if (child instanceof TableCell<?, ?> tableCell && tableCell.getTableColumn().getText().equals(column)) {
                            return shown(tableCell);
                        }
                    }
                }
            }
            return null;
        });
    }

    /** What a cell shows: numbers are drawn by a {@link LiveCell}, names as plain text. */
    private static String shown(TableCell<?, ?> cell) {
        return cell instanceof LiveCell<?, ?> live ? live.shown() : cell.getText();
    }

    private static void select(FxRobot robot, String name) {
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            TableView<CacheRow> table = robot.lookup(".cache-table").queryAs(TableView.class);
            table.scrollTo(table.getItems().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow());
        });
        // The row scrolled to is laid out on the next pulse: click it once it is there.
        robot.clickOn(FxSteps.await(() -> robot.lookup(".cache-table .table-cell")
                .match((TableCell<?, ?> c) -> name.equals(c.getText())).queryAs(TableCell.class)));
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private void open(FxRobot robot) {
        robot.clickOn("#nav-cachestats");
        assertThat(repeater.periods).as("one repeating tick, every second").containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void everyNamedCacheHasARowWithItsLiveCounters(FxRobot robot) {
        open(robot);
        robot.interact(this::traffic);
        second(robot);

        assertThat(cell(robot, SecretsManager.CACHE_NAME, "Cache")).isEqualTo(SecretsManager.CACHE_NAME);
        assertThat(cell(robot, Caches.PROVIDER_CONFIG, "Max")).isEqualTo("100");
        assertThat(cell(robot, Caches.USER_PERMISSIONS, "Default TTL")).isEqualTo("1 min");
        // The write resolves REPLICATE_API_TOKEN into the cache, so its reads are three hits; the other two miss.
        assertThat(cell(robot, SecretsManager.CACHE_NAME, "Size")).isEqualTo("3");
        assertThat(cell(robot, SecretsManager.CACHE_NAME, "Hits")).isEqualTo("3");
        assertThat(cell(robot, SecretsManager.CACHE_NAME, "Misses")).isEqualTo("2");
        assertThat(cell(robot, SecretsManager.CACHE_NAME, "Hit rate")).isEqualTo("60.0 %");
        assertThat(cell(robot, SecretsManager.CACHE_NAME, "Default TTL")).isEqualTo("30 s");
        assertThat(cell(robot, MEMO, "Hit rate")).isEqualTo("50.0 %");

        // The miss is kept 5 s, the values 30 s: after 6 s one entry has expired and is not yet swept.
        ticker.advance(Duration.ofSeconds(5));
        second(robot);
        assertThat(cell(robot, SecretsManager.CACHE_NAME, "Expired")).isEqualTo("1");
    }

    @Test
    void clearingTheSelectedCacheAsksThenDropsItsStatsToZero(FxRobot robot) {
        open(robot);
        robot.interact(this::traffic);
        second(robot);
        select(robot, MEMO);
        assertThat(cell(robot, MEMO, "Hits")).isEqualTo("4");
        assertThat(cell(robot, MEMO, "Misses")).isEqualTo("4");
        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".keys-pane .table-row-cell").queryAll().stream()
                .filter(n -> ((TableRow<?>) n).getItem() != null).count()).as("rows in the key list").isEqualTo(4));

        // Regression (issue 15): the question and then what Clear said pushed the charts down under the pointer.
        javafx.scene.Node charts = robot.lookup("#detailSplit").query();
        double chartsTop = onFx(() -> charts.localToScene(0, 0).getY());
        robot.clickOn("#clearButton");
        assertThat(robot.lookup(".confirm-box").query().isVisible()).isTrue();
        FxSteps.untilAsserted(() -> assertThat(charts.localToScene(0, 0).getY()).as("the question moved nothing").isEqualTo(chartsTop));
        assertThat(text(robot, ".confirm-text")).isEqualTo("Remove all 4 entries from " + MEMO
                + " and reset its counts to zero?");
        assertThat(users.stats().size()).as("nothing removed before confirming").isEqualTo(4);

        robot.clickOn("#confirmClearButton");

        assertThat(users.stats().size()).isZero();
        assertThat(cell(robot, MEMO, "Size")).isEqualTo("0");
        assertThat(cell(robot, MEMO, "Expired")).isEqualTo("0");
        assertThat(cell(robot, MEMO, "Hits")).isEqualTo("0");
        assertThat(cell(robot, MEMO, "Misses")).isEqualTo("0");
        assertThat(cell(robot, MEMO, "Hit rate")).as("no reads since the clear: shown as for a new cache")
                .isEqualTo(CacheStatsFormat.NO_READS);
        assertThat(cell(robot, MEMO, "Evictions")).isEqualTo("0");
        assertThat(text(robot, ".section-details")).isEqualTo("no loads · 0 expired entries removed");
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> sizes = robot.lookup(".size-chart").queryAs(LineChart.class);
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> rates = robot.lookup(".hit-rate-chart").queryAs(LineChart.class);
        assertThat(onFx(() -> sizes.getData().get(0).getData().stream().map(d -> d.getYValue().doubleValue()).toList()))
                .as("the history restarts at the clear").containsExactly(0.0);
        assertThat(onFx(() -> rates.getData().get(0).getData().size())).as("no hit rate until the next read").isZero();
        assertThat(text(robot, ".action-message")).isEqualTo("Cleared " + MEMO + ": removed 4 entries; its counts start again from zero.");
        assertThat(robot.lookup(".confirm-box").query().isVisible()).isFalse();
        assertThat(robot.lookup(".action-message").query().isVisible()).isTrue();
        FxSteps.untilAsserted(() -> assertThat(charts.localToScene(0, 0).getY()).as("nor what Clear said").isEqualTo(chartsTop));
        assertThat(text(robot, ".keys-pane .section-title")).isEqualTo("Keys with time left (0)");
        assertThat(cell(robot, SecretsManager.CACHE_NAME, "Size")).as("other caches untouched").isEqualTo("3");
    }

    @Test
    void escapeOrCancelLeavesTheCacheAsItWas(FxRobot robot) {
        open(robot);
        robot.interact(this::traffic);
        second(robot);
        select(robot, MEMO);

        robot.clickOn("#clearButton");
        robot.push(KeyCode.ESCAPE);
        assertThat(robot.lookup(".confirm-box").query().isVisible()).isFalse();
        robot.clickOn("#clearButton");
        robot.clickOn("#cancelClearButton");

        assertThat(users.stats().size()).isEqualTo(4);
        assertThat(cell(robot, MEMO, "Size")).isEqualTo("4");
    }

    @Test
    void invalidatingAPrefixShowsHowManyEntriesWent(FxRobot robot) {
        open(robot);
        robot.interact(this::traffic);
        robot.interact(() -> {
            users.set("cachestatsview:get_user:10", "user-10");
            users.set("cachestatsview:get_group:1", "group-1");
        });
        second(robot);
        select(robot, MEMO);

        robot.clickOn("#prefixField").write("cachestatsview:get_user:1");
        robot.type(KeyCode.ENTER);

        assertThat(text(robot, ".action-message"))
                .isEqualTo("Removed 2 entries starting with \"cachestatsview:get_user:1\".");
        assertThat(cell(robot, MEMO, "Size")).isEqualTo("4");
        assertThat(users.get("cachestatsview:get_user:2")).isEqualTo("user-2");

        robot.clickOn("#prefixField").push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.BACK_SPACE);
        robot.clickOn("#invalidateButton");
        assertThat(text(robot, ".action-message")).startsWith("Type the start of the keys to remove");
        assertThat(robot.lookup(".action-message").query().getPseudoClassStates().toString()).contains("error");
    }

    @Test
    void aCacheNeverReadDrawsNoHitRateLineNotEvenTheOneSelectedBefore(FxRobot robot) {
        open(robot);
        robot.interact(this::traffic);
        second(robot);
        second(robot);
        select(robot, SecretsManager.CACHE_NAME);
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> rates = robot.lookup(".hit-rate-chart").queryAs(LineChart.class);
        FxSteps.untilAsserted(() -> assertThat(rates.getData().get(0).getNode().isVisible()).isTrue());
        TtlCache<String> unread = TtlCache.<String>builder().name("cachestatsview:never_read").ticker(ticker)
                .scheduler(scheduler).build();
        try {
            second(robot);
            select(robot, "cachestatsview:never_read");
            second(robot);
            FxSteps.untilAsserted(() -> {
                assertThat(rates.getData().get(0).getData()).isEmpty();
                assertThat(rates.getData().get(0).getNode().isVisible()).as("no line of another cache").isFalse();
            });
            assertThat(cell(robot, "cachestatsview:never_read", "Hit rate")).isEqualTo("—");
        } finally {
            unread.close();
        }
    }

    @Test
    void theKeyListCountsDownAndTheChartsFillWithTicks(FxRobot robot) {
        open(robot);
        robot.interact(this::traffic);
        second(robot);
        select(robot, SecretsManager.CACHE_NAME);
        assertThat(text(robot, ".history-pane .section-title")).isEqualTo(SecretsManager.CACHE_NAME + " · last 5 minutes");

        for (int i = 0; i < 9; i++) {
            second(robot);
        }

        List<String> keys = onFx(() -> robot.lookup(".key-table").queryAs(TableView.class).getItems().stream()
                .map(k -> ((KeyRow) k).key() + " " + CacheStatsFormat.timeLeft(((KeyRow) k).secondsLeftProperty().get())).toList());
        assertThat(keys).as("the miss (5 s) has expired; the two values have 30 s less 10").containsExactly(
                "HF_TOKEN 0:20", "REPLICATE_API_TOKEN 0:20");
        String shown = onFx(() -> {
            TableView<?> keyTable = robot.lookup(".key-table").queryAs(TableView.class);
            keyTable.layout();
            return keyTable.lookupAll(".table-cell").stream().map(n -> shown((TableCell<?, ?>) n))
                    .filter(t -> t != null && t.contains(":")).findFirst().orElse("");
        });
        assertThat(shown).isEqualTo("0:20");
        assertThat(robot.lookup(".key-table").queryAs(TableView.class).getItems().toString()).doesNotContain("r8_", "hf_");

        @SuppressWarnings("unchecked")
        LineChart<Number, Number> sizes = robot.lookup(".size-chart").queryAs(LineChart.class);
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> rates = robot.lookup(".hit-rate-chart").queryAs(LineChart.class);
        List<Double> sizeLine = sizes.getData().get(0).getData().stream().map(d -> d.getYValue().doubleValue()).toList();
        List<Double> rateLine = rates.getData().get(0).getData().stream().map(d -> d.getYValue().doubleValue()).toList();
        assertThat(sizeLine).as("a point a second, the first before the traffic; expired entries count until swept")
                .hasSize(11).startsWith(0.0, 3.0).endsWith(3.0);
        assertThat(rateLine).as("no point before the first read; seconds without reads keep 3 hits of 5")
                .hasSize(10).containsOnly(0.6);
        assertThat(sizes.getXAxis().getLabel()).isEqualTo("Last 5 minutes");
        assertThat(sizes.getYAxis().getLabel()).isEqualTo("Entries");
        assertThat(rates.getYAxis().getLabel()).isEqualTo("Hit rate");
    }

    @Test
    void f5RefreshesAtOnceAndACacheBuiltLaterGetsARow(FxRobot robot) {
        open(robot);
        TtlCache<String> later = TtlCache.<String>builder().name("cachestatsview:later").ticker(ticker).scheduler(scheduler).build();
        try {
            later.set("k", "v");
            assertThat(cell(robot, "cachestatsview:later", "Size")).isNull();

            robot.push(KeyCode.F5);

            assertThat(cell(robot, "cachestatsview:later", "Size")).isEqualTo("1");
        } finally {
            later.close();
        }
        second(robot);
        assertThat(cell(robot, "cachestatsview:later", "Size")).as("closed, it left the registry and the table").isNull();
    }

    static <T> T onFx(Callable<T> query) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(query));
    }
}
