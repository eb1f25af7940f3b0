package io.secretdesk.ui.secrets;

import io.secretdesk.core.store.AuditLog;
import io.secretdesk.ui.common.ErrorMessages;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The audit entries of secrets written through the Secrets view ({@code secret.set}, {@code secret.delete}): the
 * key, the file and the view, never the value. The same entry the Provider Config view appends for a token.
 */
final class SecretAudit {

    static final String SET = "secret.set";
    static final String DELETE = "secret.delete";

    private final Supplier<AuditLog> log;

    SecretAudit(Supplier<AuditLog> log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Appends {@code action} for {@code key} in {@code file}. Blocking (it may open the database): call it in
     * background work, after the write succeeded.
     *
     * @return null when the entry was appended; otherwise why not, in one line (the write itself stands)
     */
    String record(String action, String key, Path file) {
        try {
            log.get().append(action, "secret:" + key, Map.of("file", file.toString(), "source", "secrets-view"));
            return null;
        } catch (RuntimeException e) {
            return ErrorMessages.oneLine(e);
        }
    }
}
