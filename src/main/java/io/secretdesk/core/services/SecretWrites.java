package io.secretdesk.core.services;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.SecretsManager.DeleteOutcome;
import io.secretdesk.core.secrets.SecretsManager.WriteOutcome;
import io.secretdesk.core.secrets.WritableSecretProvider;
import io.secretdesk.core.secrets.edit.EditException;
import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.secrets.edit.SourceState;
import io.secretdesk.core.target.TakesEffect;
import io.secretdesk.core.target.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A write to the secrets file as the console's Secrets page and Provider Config make it: a thin face of
 * {@link SecretEdits}, which every file write goes through, so the file's history keeps the value replaced, the audit
 * trail gets one {@code secret.set} / {@code secret.delete} entry (key, file and {@code via}; never the value; a write
 * that could not be audited is refused first), and the chain forgets its cached answer, whoever writes. The outcome
 * says which source still wins over the file and when SimpleTuner sees the change.
 *
 * <p>Cheap to build: the editing service is asked for only inside a write (off the FX thread). Thread-safe.
 */
public final class SecretWrites {

    public static final String SET = "secret.set";
    public static final String DELETE = "secret.delete";

    private final Supplier<SecretEdits> edits;
    /** The chain the edits write through (reads of what wins after a write). */
    private final Supplier<SecretsManager> secrets;
    private final String via;

    /**
     * @param edits the editing service ({@code Services::secretEdits}); asked for only inside a write
     * @param via   who writes, recorded in the entry ({@code cli}, {@code secrets-view}, {@code provider-config-view})
     */
    public SecretWrites(Supplier<SecretEdits> edits, String via) {
        this.edits = Objects.requireNonNull(edits, "edits");
        this.secrets = () -> edits.get().chain();
        this.via = Objects.requireNonNull(via, "via");
    }

    /** The same writes, recorded as made by {@code other}. */
    public SecretWrites via(String other) {
        return new SecretWrites(edits, other);
    }

    /**
     * Where {@code key} is held now, in chain order, and the secrets file as read now: what an "Add" of a key shows
     * before it replaces anything, and the basis that makes the write refuse a change made meanwhile. Blocking.
     */
    public Existing existing(String key) {
        SecretsManager.requireKey(key);
        SecretEdits service = edits.get();
        SourceState file = service.source(ProviderId.FILE).read();
        Resolution now = service.chain().resolve(key);
        return new Existing(key, now.outcomes().stream().filter(Resolution.Outcome::holds).toList(),
                now.outcomes().stream().filter(o -> o.status() == Resolution.Status.UNAVAILABLE)
                        .map(Resolution.Outcome::provider).filter(service.sources()::contains).toList(), file); // set up ones
    }

    /**
     * Where a key is held (never its values) and the file as it was read.
     *
     * @param holders    the sources that hold it, in chain order
     * @param unanswered the sources that could not be asked
     */
    public record Existing(String key, List<Resolution.Outcome> holders, List<String> unanswered, SourceState file) {
        public Existing {
            holders = List.copyOf(holders);
            unanswered = List.copyOf(unanswered);
        }

        /** Whether any source holds the key. */
        public boolean exists() {
            return !holders.isEmpty();
        }

        /** The holders for people, e.g. "the secrets file (~/.simpletuner/secrets.json) and vault (secret/app)". */
        public String where() {
            List<String> named = holders.stream().map(o -> ProviderId.of(o.provider()).map(ProviderId::label)
                    .orElse(o.provider()) + " (" + o.location() + ")").toList();
            if (named.size() < 2) {
                return String.join("", named);
            }
            return String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.get(named.size() - 1);
        }

        /** The sources that could not be asked, for a note ("vault could not be asked"); empty when all answered. */
        public String unansweredText() {
            return unanswered.isEmpty() ? "" : String.join(", ", unanswered) + " could not be asked";
        }

        @Override
        public String toString() {
            return "Existing[" + key + " in " + holders.stream().map(Resolution.Outcome::provider).toList() + "]";
        }
    }

    /** Sets {@code key} in the secrets file; blocking. */
    public WriteOutcome set(String key, String value) {
        return set(key, value, null);
    }

    /**
     * Sets {@code key} in the secrets file, only if the file still holds for it what {@code basis} read (null: read it
     * now); blocking.
     *
     * @throws EditException.Conflict when someone else changed the key since {@code basis}; nothing was written
     */
    public WriteOutcome set(String key, String value, Existing basis) {
        SecretEdits service = edits.get().via(via);
        SecretEdits.WriteResult result = service.set(key, value, ProviderId.FILE.id(), basis == null ? null : basis.file(), false);
        return new WriteOutcome(key, file(service), result.after());
    }

    /** Removes {@code key} from the secrets file; blocking. No entry when the file did not hold it. */
    public DeleteOutcome delete(String key) {
        SecretsManager.requireKey(key);
        SecretEdits service = edits.get().via(via);
        SourceState now = service.source(ProviderId.FILE).read();
        if (now.value(key) == null) {
            return new DeleteOutcome(key, false, file(service), service.chain().resolve(key));
        }
        SecretEdits.WriteResult result = service.delete(key, ProviderId.FILE.id(), now, false);
        return new DeleteOutcome(key, true, file(service), result.after());
    }

    /** What the chain resolves for {@code key} now; blocking. */
    public Resolution resolve(String key) {
        return secrets.get().resolve(key);
    }

    private static Path file(SecretEdits service) {
        return service.chain().file().map(WritableSecretProvider::path)
                .orElseThrow(() -> new EditException("this chain has no secrets file to write to"));
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
}
