package io.secretdesk.ui.rotation;

import io.secretdesk.core.services.Services;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.CredentialStore.NewCredential;
import io.secretdesk.core.store.CredentialStore.RowCheck;
import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.ui.common.ClipboardGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A SimpleTuner home in a temp folder with a real console database holding a few hundred credentials, the
 * {@link Services} the wizard opens over it, and checks that read the store as a fresh process would.
 */
final class RotationFixture implements AutoCloseable {

    /** A provider-config cache of its own for each open, as a fresh process would have. */
    private static TtlCache<Map<String, Object>> freshCache() {
        return TtlCache.<Map<String, Object>>builder().scheduler(new ManualScheduler(System::nanoTime)).build();
    }

    final SimpleTunerHome home;
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> values = new TreeMap<>();
    final MemoryClipboard clipboard = new MemoryClipboard();
    final ClipboardGuard guard = new ClipboardGuard(clipboard, Duration.ofSeconds(20), () -> 0L, (period, tick) -> () -> { });
    Services store;

    RotationFixture(Path userHome) {
        home = SimpleTunerHome.underUserHome(userHome);
        env.put("SIMPLETUNER_AUDIT_KEY", "audit-key-for-wizard-tests");
    }

    /** Stores {@code count} credentials over three providers (creating the database and key). */
    RotationFixture seed(int count) {
        List<NewCredential> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String provider = List.of("replicate", "runpod", "lambda").get(i % 3);
            String value = "secret-value-" + i + "-" + Integer.toHexString(i * 7919);
            rows.add(new NewCredential(provider, "token" + i, value));
            values.put(provider + "/token" + i, value);
        }
        try (ConsoleStore opened = ConsoleStore.open(Map.copyOf(env), home, freshCache())) {
            opened.credentials().importAll(rows);
        }
        return this;
    }

    /** Adds a credential encrypted with a key the store does not know, so the preflight cannot decrypt it. */
    void addStray(String provider, String name) {
        Map<String, String> other = new HashMap<>(env);
        other.put("SIMPLETUNER_CREDENTIAL_KEY", "another-key-nobody-has-" + "Zq8vR2xN5pL7wK3mB9cT");
        try (ConsoleStore opened = ConsoleStore.open(other, home, freshCache())) {
            opened.credentials().importAll(List.of(new NewCredential(provider, name, "stray-value")));
        }
    }

    /** The Key Rotation page's model over {@link #wizardStore()}, with its work run inline on the calling thread. */
    RotationViewModel inlineModel() {
        return new RotationViewModel(new io.secretdesk.ui.common.UiExecutor(Runnable::run, Runnable::run), Runnable::run,
                guard, wizardStore()::keyRotations);
    }

    /** The store the wizard uses; opened by the wizard itself on first use. */
    Services wizardStore() {
        store = new Services(env, home);
        return store;
    }

    Path keyFile() {
        return home.credentialKeyFile();
    }

    String keyFileText() throws IOException {
        return Files.readString(keyFile()).strip();
    }

    /** The current master secret: the environment variable when set, else the key file. */
    String currentSecret() throws IOException {
        String fromEnv = env.get("SIMPLETUNER_CREDENTIAL_KEY");
        return fromEnv != null ? fromEnv : keyFileText();
    }

    /**
     * Checks, as a new process would, that every seeded credential decrypts with {@code secret} alone (its key
     * id recorded on the row) to the value it was stored with. Closes the wizard's store first.
     */
    void assertEverySeededRowDecryptsWith(String secret) {
        if (store != null) {
            store.close();
        }
        CredentialKey key = CredentialKey.derive(secret);
        Map<String, String> actual = new TreeMap<>();
        try (ConsoleStore opened = ConsoleStore.open(Map.copyOf(env), home, freshCache())) {
            List<RowCheck> checks = opened.credentials().checkAll(CredentialEncryption.of(key),
                    (info, value) -> actual.put(info.provider() + "/" + info.name(), value));
            for (RowCheck check : checks) {
                String name = check.credential().provider() + "/" + check.credential().name();
                if (values.containsKey(name)) {
                    assertThat(check.decrypts()).as("%s decrypts with the expected key", name).isTrue();
                    assertThat(check.credential().keyId()).as("key id recorded on %s", name).isEqualTo(key.id());
                }
            }
        }
        actual.keySet().retainAll(values.keySet());
        assertThat(actual.keySet()).isEqualTo(values.keySet());
        assertThat(actual.equals(values)).as("every credential value is unchanged").isTrue();
    }

    /** Whether the store holds {@code provider}/{@code name}, read as a new process would (closes the wizard's store). */
    boolean hasCredential(String provider, String name) {
        if (store != null) {
            store.close();
        }
        try (ConsoleStore opened = ConsoleStore.open(Map.copyOf(env), home, freshCache())) {
            return opened.credentials().info(provider, name).isPresent();
        }
    }

    /** The files the rotation may leave: new/pending/previous key files and backup folders. */
    List<String> rotationLeftovers() throws IOException {
        List<String> found = new ArrayList<>();
        for (RotationKeyFiles.Slot slot : RotationKeyFiles.Slot.values()) {
            if (Files.exists(slot.path(keyFile()))) {
                found.add(slot.path(keyFile()).getFileName().toString());
            }
        }
        if (Files.isDirectory(home.backupsDir())) {
            try (Stream<Path> folders = Files.list(home.backupsDir())) {
                folders.forEach(folder -> found.add("backups/" + folder.getFileName()));
            }
        }
        return found;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }
}
