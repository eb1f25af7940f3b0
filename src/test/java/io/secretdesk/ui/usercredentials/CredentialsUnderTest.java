package io.secretdesk.ui.usercredentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.store.UserCredentialStore;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.SimpleTunerFolder;
import io.secretdesk.ui.common.UiExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;

/**
 * A console core over a SimpleTuner state folder that Python laid out as SimpleTuner's server does (users admin and
 * user2), with the same audit key on both sides, and the User Credentials view model over it as App wires it.
 */
final class CredentialsUnderTest implements AutoCloseable {

    /** "Now" for ages: 2026-05-01, 120 days after {@link #OLD} and 10 after {@link #RECENT}. */
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    static final String OLD = "2026-01-01T12:00:00+00:00";
    static final String RECENT = "2026-04-21T09:30:00+00:00";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDIT_KEY = "ui-test-audit-key";

    final SimpleTunerFolder simpleTuner;
    final ConsoleFixture console;

    private final Path owned;

    private CredentialsUnderTest(SimpleTunerFolder simpleTuner, ConsoleFixture console, Path owned) {
        this.simpleTuner = simpleTuner;
        this.console = console;
        this.owned = owned;
    }

    /** A state folder laid out by SimpleTuner (Python) under {@code dir}. */
    static CredentialsUnderTest laidOutBySimpleTuner(Path dir) throws IOException {
        return create(dir, null);
    }

    /** The same, in a new temp folder that {@link #close()} deletes (for TestFX classes). */
    static CredentialsUnderTest inNewTempDir() throws IOException {
        Path dir = Files.createTempDirectory("user-credentials");
        return create(dir, dir);
    }

    private static CredentialsUnderTest create(Path dir, Path owned) throws IOException {
        Path state = dir.resolve("st-state");
        SimpleTunerFolder folder = SimpleTunerFolder.create(state, Map.of("SIMPLETUNER_AUDIT_KEY", AUDIT_KEY), "5");
        Path consoleDir = Files.createDirectories(dir.resolve("console"));
        return new CredentialsUnderTest(folder, new ConsoleFixture(consoleDir, Map.of("SIMPLETUNER_STATE_DIR", state.toString())),
                owned);
    }

    UserCredentialStore store() {
        return console.services.userCredentials();
    }

    UserCredentialsViewModel model(UiExecutor executor) {
        return new UserCredentialsViewModel(console.services::userCredentials, executor, Clock.fixed(NOW, ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    /** The page's model with its notice on {@code time}, a clock the test moves. */
    UserCredentialsViewModel model(UiExecutor executor, io.secretdesk.testing.TickingClock time) {
        return new UserCredentialsViewModel(console.services::userCredentials, executor, Clock.fixed(NOW, ZoneOffset.UTC),
                ZoneOffset.UTC, new io.secretdesk.ui.common.Notice(time::nanoTime, time));
    }

    /** Sets a credential through the store, then gives it the times SimpleTuner's rows would have. */
    void stored(String user, String provider, String name, String value, String createdAt, String updatedAt) {
        store().set(user, provider, name, value);
        sql("UPDATE provider_credentials SET created_at = '" + createdAt + "', updated_at = "
                + (updatedAt == null ? "NULL" : "'" + updatedAt + "'") + " WHERE provider = '" + provider
                + "' AND credential_name = '" + name + "' AND user_id = (SELECT id FROM users WHERE username = '" + user + "')");
    }

    /** provider_credentials as SimpleTuner's Python reads them, values included. */
    JsonNode rows() {
        try {
            return JSON.readTree(simpleTuner.run("credentials", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** audit.db's entries as Python reads them. */
    String auditEntries() {
        return simpleTuner.run("entries", "");
    }

    boolean chainValid() {
        return simpleTuner.json("verify").get("valid").asBoolean();
    }

    void sql(String statement) {
        Path jobs = simpleTuner.state().resolve("cloud").resolve("jobs.db");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + jobs); Statement s = raw.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        console.close();
        if (owned != null) {
            try (var files = Files.walk(owned)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
