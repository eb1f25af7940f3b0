package io.secretdesk.ui.common;

import io.secretdesk.core.store.AuditLog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The audit entries of secrets the console writes to the secrets file ({@code secret.set}, {@code secret.delete}):
 * the key, the file, the view that wrote it and anything else the view names, never the value. The Secrets view and
 * the Provider Config view (for a provider's token) append the same entries.
 */
public final class SecretAudit {

    public static final String SET = "secret.set";
    public static final String DELETE = "secret.delete";

    private final Supplier<AuditLog> log;
    private final String source;

    /** @param source the view that writes, recorded as {@code source} (e.g. {@code secrets-view}) */
    public SecretAudit(Supplier<AuditLog> log, String source) {
        this.log = Objects.requireNonNull(log, "log");
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Appends {@code action} for {@code key} in {@code file}, with {@code more} details (never a value). Blocking (it
     * may open the database): call it in background work, after the write succeeded.
     *
     * @return null when the entry was appended; otherwise why not, in one line (the write itself stands)
     */
    public String record(String action, String key, Path file, Map<String, Object> more) {
        Map<String, Object> details = new LinkedHashMap<>(more);
        details.put("file", file.toString());
        details.put("source", source);
        try {
            log.get().append(action, "secret:" + key, details);
            return null;
        } catch (RuntimeException e) {
            return ErrorMessages.oneLine(e);
        }
    }

    /** {@link #record(String, String, Path, Map)} with no further details. */
    public String record(String action, String key, Path file) {
        return record(action, key, file, Map.of());
    }
}
