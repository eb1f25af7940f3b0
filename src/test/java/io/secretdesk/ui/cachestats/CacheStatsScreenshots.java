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
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.shell.MainViewModel;
import io.secretdesk.ui.shell.SourceStatus;
import io.secretdesk.ui.shell.ThemeChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.prefs.BackingStoreException;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves PNGs of the Cache Stats page in the shell, in every theme, to target/screenshots/cachestats-*.png:
 * four caches with four minutes of simulated traffic (a memoizer, the secrets chain's resolution cache and
 * the two global caches), the memoizer selected so its charts and keys show, and a prefix just invalidated.
 *
 * <p>A tool, not a test: it asserts nothing about the picture, so no test tier runs it (its name does not
 * end in Test). {@code mvn -B -o test-compile surefire:test@screenshots} runs it with the other screenshots
 * (docs/development.md).
 */
@ExtendWith(ApplicationExtension.class)
class CacheStatsScreenshots {


    @TempDir
    static Path home;

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);
    private final ManualRepeater repeater = new ManualRepeater();
    private ShellFixture fixture;
    private MainViewModel shell;
    private CacheStatsViewModel model;
    private SecretsManager secrets;
    private TtlCache<String> invoices;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        secrets = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of("HF_TOKEN", "hf_screenshotValue")),
                FileSecretProvider.inHome(new SimpleTunerHome(home.resolve(".simpletuner")))), Runnable::run, ticker, scheduler);
        invoices = TtlCache.<String>builder().name("billing:get_invoice").defaultTtl(Duration.ofSeconds(90)).maxSize(200)
                .ticker(ticker).scheduler(scheduler).build();
        fixture = new ShellFixture(stage, UiExecutor.onFxThread(new QueuedExecutor()),
                ClipboardGuard.onFxThread(Duration.ofSeconds(20)),
                () -> List.of(new SourceStatus("env", true, "1 key"), new SourceStatus("file", true, "1 key")));
        shell = fixture.model;
        model = new CacheStatsViewModel(Caches::named, ticker::read, repeater::every);
        scene = fixture.page("cachestats", CacheStatsController.class, () -> new CacheStatsController(model)).show();
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        fixture.close();
        Caches.providerConfig().invalidatePrefix("provider:shot-");
        Caches.userPermissions().invalidatePrefix("user:shot-");
        secrets.close();
        invoices.close();
        scheduler.close();
    }

    /** Four minutes of traffic, one tick a second: the memoizer warms up, cools down, and is invalidated in part. */
    private void traffic() {
        Random random = new Random(42);
        Function<Integer, String> getInvoice = Cached.of("billing", "get_invoice", Duration.ofSeconds(90), invoices)
                .wrap(id -> "invoice-" + id);
        secrets.setSecret("REPLICATE_API_TOKEN", "r8_screenshotValue");
        for (String provider : List.of("replicate", "runpod", "modal")) {
            Caches.providerConfig().set("provider:shot-" + provider + ":config", Map.of("cost_limit", 50));
        }
        for (int second = 0; second < 240; second++) {
            int spread = second < 80 ? 40 + second : second < 160 ? 60 : 160;
            for (int read = 0; read < 25; read++) {
                getInvoice.apply(random.nextInt(spread));
            }
            secrets.get("REPLICATE_API_TOKEN");
            secrets.get(second % 7 == 0 ? "CLOUD_WEBHOOK_SECRET" : "HF_TOKEN");
            Caches.providerConfig().get("provider:shot-" + List.of("replicate", "runpod", "modal", "lambda").get(second % 4) + ":config");
            if (second % 3 == 0) {
                Caches.userPermissions().set("user:shot-" + random.nextInt(30) + ":perms", "viewer");
            }
            Caches.userPermissions().get("user:shot-" + random.nextInt(30) + ":perms");
            if (second == 200) {
                invoices.invalidatePrefix("billing:get_invoice:1");
            }
            ticker.advance(Duration.ofSeconds(1));
            repeater.tick.run();
        }
    }

    @Test
    void savesTheCacheStatsPageInEveryTheme(FxRobot robot) throws IOException {
        robot.interact(() -> {
            // Inside Monocle's 1280x800 headless screen: a window reaching past it fails to paint.
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1180);
            stage.setHeight(780);
            shell.show("cachestats");
        });
        robot.interact(this::traffic);
        robot.interact(() -> {
            model.select(model.rows().stream().filter(r -> r.name().equals("billing:get_invoice")).findFirst().orElseThrow());
            model.prefixProperty().set("billing:get_invoice:2");
            model.invalidatePrefix();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".cache-table").queryAs(TableView.class).getItems())
                .extracting(r -> ((CacheRow) r).name())
                .contains("billing:get_invoice", SecretsManager.CACHE_NAME, Caches.PROVIDER_CONFIG, Caches.USER_PERMISSIONS);

        for (ThemeChoice theme : ThemeChoice.values()) {
            shoot(robot, theme, "cachestats-");
        }
        // The clear question, in the two Primer themes.
        robot.interact(model::requestClear);
        shoot(robot, ThemeChoice.PRIMER_LIGHT, "cachestats-confirm-");
        shoot(robot, ThemeChoice.PRIMER_DARK, "cachestats-confirm-");
        robot.interact(model::cancelClear);
        // What the last action said and the question share one kept line (issue 15): 1024x700, and 1600x1000 where the
        // screen allows it (-Dheadless.geometry=1700x1100-32).
        List<double[]> sizes = javafx.stage.Screen.getPrimary().getBounds().getWidth() >= 1600
                ? List.of(new double[] {1024, 700}, new double[] {1600, 1000}) : List.<double[]>of(new double[] {1024, 700});
        for (double[] size : sizes) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
                shoot(robot, theme, "cachestats-message-" + (int) size[0] + "-");
                robot.interact(model::requestClear);
                shoot(robot, theme, "cachestats-confirm-" + (int) size[0] + "-");
                robot.interact(model::cancelClear);
            }
        }
        robot.interact(() -> {
            stage.setWidth(1100);
            stage.setHeight(720);
        });
    }

    private void shoot(FxRobot robot, ThemeChoice theme, String prefix) throws IOException {
        robot.interact(() -> shell.themeProperty().set(theme));
        Screenshots.save(scene, prefix + Screenshots.slug(theme));
    }
}
