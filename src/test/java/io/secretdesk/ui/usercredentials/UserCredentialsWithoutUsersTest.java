package io.secretdesk.ui.usercredentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ConsoleFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The User Credentials view model on a state folder where SimpleTuner's server has never run with users. */
class UserCredentialsWithoutUsersTest {

    @TempDir
    Path dir;

    private ConsoleFixture console;
    private UserCredentialsViewModel model;

    @BeforeEach
    void open() throws IOException {
        Path state = Files.createDirectories(dir.resolve("fresh-state"));
        console = new ConsoleFixture(Files.createDirectories(dir.resolve("console")),
                Map.of("SIMPLETUNER_STATE_DIR", state.toString()));
        model = new UserCredentialsViewModel(console.services::userCredentials, ConsoleFixture.inline(),
                Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);
    }

    @AfterEach
    void close() throws IOException {
        console.close();
    }

    @Test
    void noUsersTableYetIsOneLineSayingSimpleTunerCreatesItAndNothingCanBeSet() {
        model.refresh();

        assertThat(model.problemProperty().get())
                .contains("has no users table", "SimpleTuner creates it when its server first starts with users")
                .doesNotContain("\n");
        assertThat(model.loadedProperty().get()).isFalse();
        assertThat(model.rows()).isEmpty();
        assertThat(model.users()).isEmpty();
        model.providerProperty().set("replicate");
        model.valueProperty().set("v");
        assertThat(model.canSet().get()).isFalse();
    }
}
