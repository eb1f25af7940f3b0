package io.secretdesk.core.services;

import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.SecretsManager.DeleteOutcome;
import io.secretdesk.core.secrets.SecretsManager.WriteOutcome;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.target.TakesEffect;
import io.secretdesk.core.target.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a write to the secrets file is, for the CLI and every view alike: the audit log is checked first (a write that
 * could not be audited is not made), the file is written, the entry {@code secret.set} / {@code secret.delete} is
 * appended to SimpleTuner's audit log with the key's name and the file (never the value), and the outcome says which
 * source still wins over the file and when SimpleTuner sees the change.
 */
public final class SecretWrites {

    public static final String SET = "secret.set";
    public static final String DELETE = "secret.delete";

    private final Supplier<SecretsManager> secrets;
    private final Supplier<AuditLog> audit;
    private final String via;

    /** @param via who writes, recorded in the entry ({@code cli}, {@code secrets-view}, {@code provider-config-view}) */
    public SecretWrites(Supplier<SecretsManager> secrets, Supplier<AuditLog> audit, String via) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.via = Objects.requireNonNull(via, "via");
    }

    /** The same writes, recorded as made by {@code other}. */
    public SecretWrites via(String other) {
        return new SecretWrites(secrets, audit, other);
    }

    /** Sets {@code key} in the secrets file; blocking. */
    public WriteOutcome set(String key, String value) {
        AuditLog log = audit.get();
        log.ready();
        WriteOutcome outcome = secrets.get().setSecret(key, value);
        Map<String, Object> details = details(outcome.file().toString());
        outcome.overriddenBy().ifPresent(winner -> details.put("shadowed_by", winner.provider()));
        log.append(SET, "secret:" + key, details);
        return outcome;
    }

    /** Removes {@code key} from the secrets file; blocking. No entry when the file did not hold it. */
    public DeleteOutcome delete(String key) {
        AuditLog log = audit.get();
        log.ready();
        DeleteOutcome outcome = secrets.get().deleteSecret(key);
        if (outcome.removed()) {
            Map<String, Object> details = details(outcome.file().toString());
            outcome.after().supplier().ifPresent(still -> details.put("still_supplied_by", still.provider()));
            log.append(DELETE, "secret:" + key, details);
        }
        return outcome;
    }

    /** These writes, and reads through the same chain, as {@link io.secretdesk.core.target.LocalTarget} uses them. */
    public io.secretdesk.core.target.LocalSecrets forLocalTarget() {
        SecretWrites writes = this;
        return new io.secretdesk.core.target.LocalSecrets() {
            @Override
            public WriteOutcome set(String key, String value) {
                return writes.set(key, value);
            }

            @Override
            public DeleteOutcome delete(String key) {
                return writes.delete(key);
            }

            @Override
            public io.secretdesk.core.secrets.Resolution resolve(String key) {
                return secrets.get().resolve(key);
            }
        };
    }

    /** Why a value just written is not the one in use, or empty when it is. */
    public static Optional<String> shadowWarning(WriteOutcome outcome) {
        return outcome.overriddenBy().map(winner -> outcome.key() + " is also supplied by " + winner.provider() + " ("
                + winner.location() + "), which takes priority: 'get " + outcome.key() + "' still returns that value");
    }

    /** When SimpleTuner's server uses a secret written now. */
    public static TakesEffect takesEffect() {
        return TakesEffect.of(Target.Setting.SECRET);
    }

    private Map<String, Object> details(String file) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("file", file);
        details.put("via", via);
        return details;
    }
}
