package io.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.testing.VaultKvTestServer;
import io.secretdesk.ui.shell.ThemeChoice;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
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
 * Saves PNGs of the Secrets view in the shell to target/screenshots/, light and dark, for people to look at: a key
 * the environment shadows in the file, keys from the file and from Vault, an AWS endpoint that refuses connections,
 * one value revealed and one copied; then the editor warning that the environment wins.
 *
 * <p>A tool, not a test: it asserts nothing about the picture, so no test tier runs it (its name does not
 * end in Test). {@code mvn -B -o test-compile surefire:test@screenshots} runs it with the other screenshots
 * (docs/development.md).
 */
@ExtendWith(ApplicationExtension.class)
class SecretsScreenshots {

    private static final List<ThemeChoice> THEMES = List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK);
    /** The sizes issue 15 asks about: the smallest laptop window, a narrow one, and a large one. */
    private static final List<double[]> SIZES = List.of(new double[] {1024, 700}, new double[] {800, 600},
            new double[] {1600, 1000});

    @TempDir
    Path userHome;

    private final QueuedExecutor background = new QueuedExecutor();
    private Stage stage;
    private ConsoleUnderTest console;
    private VaultKvTestServer vault;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void cleanUp() throws Exception {
        // The stage is shared with the next class in this JVM: give it back at its usual size.
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            stage.setWidth(1100);
            stage.setHeight(720);
        }));
        if (console != null) {
            console.close();
        }
        if (vault != null) {
            vault.close();
        }
        Application.setUserAgentStylesheet(null);
    }

    private void settle(FxRobot robot) {
        FxSteps.settle(robot, background);
    }

    @Test
    void savesTheSecretsViewLightAndDark(FxRobot robot) throws IOException {
        vault = VaultKvTestServer.start().mount("secret", 2);
        vault.put("secret", "simpletuner", Map.of("WANDB_API_KEY", "wandb-from-vault", "CLOUD_WEBHOOK_SECRET", "whsec-vault"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("HF_TOKEN", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
        env.put("SIMPLETUNER_AWS_SECRET_NAME", "simpletuner/prod");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closedPort);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("SIMPLETUNER_AWS_TIMEOUT_SECONDS", "2");
        env.put("VAULT_ADDR", vault.url());
        env.put("VAULT_TOKEN", vault.rootToken());
        SimpleTunerHome home = SimpleTunerHome.underUserHome(userHome);
        Files.createDirectories(home.dir());
        Files.writeString(home.dir().resolve("secrets.json"), """
                {"HF_TOKEN": "hf_fileValueShadowedByTheEnvironment",
                 "REPLICATE_API_TOKEN": "r8_Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa",
                 "CLOUD_WEBHOOK_SECRET": "whsec-file"}
                """);

        robot.interact(() -> {
            console = new ConsoleUnderTest(stage, env, home, background, Runnable::run);
            stage.setWidth(1100);
            stage.setHeight(720);
            console.model.loadIfNeeded();
            console.shell.refreshSources();
        });
        settle(robot);
        @SuppressWarnings("unchecked")
        TableView<SecretRow> table = robot.lookup(".secrets-table").queryAs(TableView.class);
        assertThat(table.getItems()).extracting(SecretRow::key)
                .containsExactly("CLOUD_WEBHOOK_SECRET", "HF_TOKEN", "REPLICATE_API_TOKEN", "WANDB_API_KEY");
        assertThat(console.model.unavailableProperty().get()).startsWith("Unavailable: aws — ");
        robot.interact(() -> {
            SecretRow replicate = table.getItems().get(2);
            console.model.toggleReveal(replicate);
            console.model.copy(table.getItems().get(1));
        });

        for (double[] size : SIZES) {
            for (ThemeChoice theme : THEMES) {
                save(robot, theme, size, "secrets");
            }
        }
        robot.interact(() -> console.reveals.hideAll());
        robot.interact(() -> console.shell.lock().lock());
        for (ThemeChoice theme : THEMES) {
            save(robot, theme, SIZES.get(0), "locked");
        }
        robot.interact(() -> console.shell.lock().unlock());

        robot.interact(() -> {
            console.model.add();
            console.model.editor().keyProperty().set("HF_TOKEN");
        });
        settle(robot);
        robot.interact(() -> console.model.editor().valueProperty().set("r8_pastedIntoTheWrongKey"));
        for (double[] size : SIZES) {
            for (ThemeChoice theme : THEMES) {
                save(robot, theme, size, "secrets-editor");
            }
        }

        // Add of a key that exists: the "replace?" question, naming where the key is.
        robot.interact(() -> console.model.editor().save());
        settle(robot);
        assertThat(console.model.editor().replaceQuestionProperty().get()).startsWith("HF_TOKEN already exists in");
        for (ThemeChoice theme : THEMES) {
            save(robot, theme, SIZES.get(0), "secrets-replace");
        }
        robot.interact(() -> {
            console.model.editor().cancelReplace();
            console.model.editor().cancel();
            console.model.filter().driftOnlyProperty().set(true);
        });
        settle(robot);
        for (ThemeChoice theme : THEMES) {
            save(robot, theme, SIZES.get(0), "secrets-drift");
        }
    }

    /**
     * An empty home with nothing set up (issue 15): the AWS and Vault cards' setup hints name long variables
     * ("not set (SIMPLETUNER_AWS_SECRET_NAME)"), which must wrap before the name, never inside it.
     */
    @Test
    void savesTheSetupHintsOfAnEmptyHome(FxRobot robot) throws IOException {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(userHome);
        Files.createDirectories(home.dir());
        robot.interact(() -> {
            console = new ConsoleUnderTest(stage, Map.of(), home, background, Runnable::run);
            stage.setWidth(1100);
            stage.setHeight(720);
            console.model.loadIfNeeded();
            console.shell.refreshSources();
        });
        settle(robot);
        for (double[] size : SIZES) {
            for (ThemeChoice theme : THEMES) {
                save(robot, theme, size, "secrets-setup");
            }
        }
    }

    private void save(FxRobot robot, ThemeChoice theme, double[] size, String name) throws IOException {
        robot.interact(() -> {
            console.shell.themeProperty().set(theme);
            stage.setWidth(size[0]);
            stage.setHeight(size[1]);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(console.scene, name + "-" + (int) size[0] + "-" + Screenshots.slug(theme));
    }
}
