package io.secretdesk.ui.secrets;

import io.secretdesk.core.services.Services;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.ConsoleStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The real console store's audit log over a SQLite file in a temp home, opened on first use as Services
 * opens it; {@link #broken} makes appends fail as they do when the audit key cannot be read.
 */
final class AuditUnderTest implements Supplier<AuditLog>, AutoCloseable {

    private final SimpleTunerHome home;
    private final Map<String, String> env;
    private final AtomicInteger opened = new AtomicInteger();
    private ConsoleStore store;

    private AuditUnderTest(SimpleTunerHome home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** An audit log keyed by a fixed test key. */
    static AuditUnderTest in(SimpleTunerHome home) {
        return new AuditUnderTest(home, Map.of("SECRETDESK_DB", home.dir().resolve("console.db").toString(),
                "SIMPLETUNER_AUDIT_KEY", "ui-secrets-test-audit-key"));
    }

    /** An audit log whose key file is a folder: every append fails, as with an unreadable audit.key. */
    static AuditUnderTest broken(SimpleTunerHome home) {
        try {
            Files.createDirectories(home.auditKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AuditUnderTest(home, Map.of("SECRETDESK_DB", home.dir().resolve("console.db").toString(),
                "SIMPLETUNER_AUDIT_KEY", ""));
    }

    @Override
    public synchronized AuditLog get() {
        if (store == null) {
            opened.incrementAndGet();
            store = ConsoleStore.open(env, home);
        }
        return store.audit();
    }

    /** The console store the log lives in, opened on first use. */
    synchronized ConsoleStore store() {
        get();
        return store;
    }

    /**
     * The editing service over {@code chain} and this store, composed as the console's {@code Services} composes it,
     * built on first use (inside a write).
     */
    Supplier<io.secretdesk.core.secrets.edit.SecretEdits> edits(Supplier<io.secretdesk.core.secrets.SecretsManager> chain) {
        io.secretdesk.core.secrets.edit.SecretEdits[] built = new io.secretdesk.core.secrets.edit.SecretEdits[1];
        return () -> {
            synchronized (built) {
                if (built[0] == null) {
                    built[0] = Services.editsOver(chain.get(), store());
                }
                return built[0];
            }
        };
    }

    /** The Secrets page's writes over {@code chain} and this store, as the console builds them. */
    io.secretdesk.core.services.SecretWrites writes(Supplier<io.secretdesk.core.secrets.SecretsManager> chain) {
        return new io.secretdesk.core.services.SecretWrites(edits(chain), "secrets-view");
    }

    /** The newest {@code n} entries, newest first; opens the log if nothing did. */
    List<AuditEntry> newest(int n) {
        List<AuditEntry> entries = new ArrayList<>(get().recent(n));
        Collections.reverse(entries);
        return entries;
    }

    /** How many times the store was opened (at most once). */
    int opened() {
        return opened.get();
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
