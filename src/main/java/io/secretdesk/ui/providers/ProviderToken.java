package io.secretdesk.ui.providers;

import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.SecretsManager.WriteOutcome;
import io.secretdesk.core.services.SecretWrites;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.CredentialStore.CredentialInfo;
import io.secretdesk.core.target.Target;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.UiExecutor;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The API-token section of Provider Config: the secrets-chain key of the selected provider's token, the token being
 * typed, where the chain finds it now (never its value) and the names of the provider's stored credentials; and the
 * token's Save, to this machine's secrets file or to a server. Part of {@link ProvidersViewModel}; its work runs through
 * the {@link UiExecutor} and its properties change on the FX thread. The typed token lives only in its property.
 */
public final class ProviderToken {

    /** What the token section asks of its page. FX thread. */
    interface Page {
        /** The selected provider; null when none. */
        String provider();

        /** The server the page acts on, or null for this machine's files. */
        String server();

        Target target(String server);

        /** Bumped when another provider is opened: an answer for an older one is dropped. */
        long generation();

        /** Whether a save is in flight. */
        boolean busy();

        void busy(boolean busy);

        void say(Notice.Kind kind, String text);

        /** A token was written to the secrets file (the audit tab and the status bar's sources look again). */
        void written();
    }

    private final Supplier<SecretsManager> secrets;
    private final Supplier<CredentialStore> credentials;
    private final SecretWrites tokenWrites;
    private final UiExecutor executor;
    private final Page page;

    private final ReadOnlyStringWrapper tokenKey = new ReadOnlyStringWrapper(this, "tokenKey", "");
    private final StringProperty tokenInput = new SimpleStringProperty(this, "tokenInput", "");
    private final ReadOnlyStringWrapper tokenSource = new ReadOnlyStringWrapper(this, "tokenSource", "");
    private final ReadOnlyBooleanWrapper tokenOverridden = new ReadOnlyBooleanWrapper(this, "tokenOverridden", false);
    private final ReadOnlyStringWrapper tokenHint = new ReadOnlyStringWrapper(this, "tokenHint", "");
    private final ReadOnlyStringWrapper credentialsSummary = new ReadOnlyStringWrapper(this, "credentialsSummary", "");

    ProviderToken(Supplier<SecretsManager> secrets, Supplier<CredentialStore> credentials, SecretWrites tokenWrites,
                  UiExecutor executor, Page page) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.tokenWrites = Objects.requireNonNull(tokenWrites, "tokenWrites");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.page = Objects.requireNonNull(page, "page");
        tokenInput.addListener((obs, old, now) -> tokenHint.set(tokenHint(page.provider(), now)));
    }

    /**
     * Writes {@link #tokenInputProperty()} as the provider's token through the secrets chain's write path
     * (the secrets file, atomic and owner-only) and audits it; says when an environment variable still wins.
     */
    void save() {
        String provider = page.provider();
        String key = tokenKey.get();
        String token = tokenInput.get() == null ? "" : tokenInput.get().strip();
        if (provider == null || page.busy()) {
            return;
        }
        if (token.isEmpty()) {
            page.say(Notice.Kind.ERROR, "Enter the token first; nothing was saved.");
            return;
        }
        String server = page.server();
        if (server != null) {
            saveOn(server, provider, token);
            return;
        }
        page.busy(true);
        long gen = page.generation();
        executor.run(() -> {
            // The core write: refused before anything is written when it could not be audited.
            WriteOutcome outcome = tokenWrites.set(key, token);
            return new TokenSaved(new TokenState(outcome.after(), credentialNames(provider)), null);
        }, saved -> {
            page.busy(false);
            tokenInput.set("");
            TokenState state = saved.state();
            if (gen == page.generation()) {
                show(state);
            }
            String written = "Saved " + key + " to the secrets file";
            String outcome = tokenOverridden.get()
                    ? written + ", but " + TokenSourceText.winner(state.resolution()) + " still wins: unset it to use the saved token."
                    : written + "; the chain now returns it.";
            if (saved.auditProblem() == null) {
                page.say(tokenOverridden.get() ? Notice.Kind.WARNING : Notice.Kind.SUCCESS, outcome);
            } else {
                page.say(Notice.Kind.ERROR, outcome + " Its audit entry could not be written: " + saved.auditProblem());
            }
            page.written();
        }, error -> {
            page.busy(false);
            page.say(Notice.Kind.ERROR, key + " was not saved: " + ErrorMessages.oneLine(error));
        });
    }

    /** Sends Replicate's token to server {@code on} (write-only there); the field keeps it when the server refuses. */
    private void saveOn(String on, String provider, String token) {
        if (!provider.equals("replicate")) {
            page.say(Notice.Kind.ERROR, "SimpleTuner's API can set only Replicate's token; nothing was sent to " + on + ".");
            return;
        }
        page.busy(true);
        executor.run(() -> page.target(on).setReplicateToken(token), change -> {
            page.busy(false);
            if (!change.done()) {
                page.say(Notice.Kind.ERROR, "The token was not stored on " + on + ": " + change.problem());
                return;
            }
            tokenInput.set("");
            page.say(change.problem() != null ? Notice.Kind.WARNING : Notice.Kind.SUCCESS, "Stored the token on " + on + (change.problem() == null ? "" : " (" + change.problem()
                    + ")") + ". " + change.takesEffect().sentence());
        }, error -> {
            page.busy(false);
            page.say(Notice.Kind.ERROR, "The token was not stored on " + on + ": " + ErrorMessages.oneLine(error));
        });
    }

    /** Empties the section (no provider is selected). */
    void clear() {
        tokenKey.set("");
        tokenSource.set("");
        credentialsSummary.set("");
    }

    /** Whether a token is typed and not saved yet. */
    boolean typed() {
        return tokenInput.get() != null && !tokenInput.get().isBlank();
    }

    /** Shows the token section of {@code provider}: where its token comes from now (off the FX thread), nothing typed. */
    void load(String provider) {
        String server = page.server();
        String key = tokenKey(provider);
        tokenKey.set(key);
        tokenInput.set("");
        tokenOverridden.set(false);
        tokenSource.set("Checking where " + key + " comes from…");
        credentialsSummary.set("");
        long gen = page.generation();
        if (server != null) {
            tokenSource.set(provider.equals("replicate")
                    ? "On " + server + " the token is write-only (SimpleTuner never returns it): Save token sends it there."
                    : "On " + server + " SimpleTuner's API can set only Replicate's token.");
            return;
        }
        executor.run(() -> new TokenState(secrets.get().resolve(key), credentialNames(provider)), state -> {
            if (gen == page.generation()) {
                show(state);
            }
        }, error -> {
            if (gen == page.generation()) {
                tokenSource.set("Could not check " + key + ": " + ErrorMessages.oneLine(error));
            }
        });
    }

    private void show(TokenState state) {
        Resolution resolution = state.resolution();
        tokenOverridden.set(TokenSourceText.overridesFile(resolution));
        tokenSource.set(TokenSourceText.describeSource(resolution));
        credentialsSummary.set(state.credentials());
    }

    private String credentialNames(String provider) {
        try {
            List<CredentialInfo> stored = credentials.get().list(provider);
            if (stored.isEmpty()) {
                return "The encrypted credential store holds nothing for " + provider + ".";
            }
            return "The encrypted credential store also holds for " + provider + ": " + stored.stream()
                    .map(info -> info.name() + (info.active() ? "" : " (inactive)")).collect(Collectors.joining(", "))
                    + " (secretdesk credentials).";
        } catch (RuntimeException e) {
            return "The encrypted credential store could not be read: " + ErrorMessages.oneLine(e);
        }
    }

    /** The secrets-chain key of a provider's API token: {@code REPLICATE_API_TOKEN} for replicate, {@code HF_TOKEN} for Hugging Face. */
    static String tokenKey(String provider) {
        String lower = provider.toLowerCase(Locale.ROOT);
        if (lower.equals("huggingface") || lower.equals("hugging_face") || lower.equals("hf")) {
            return SecretsManager.HF_TOKEN;
        }
        return provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "") + "_API_TOKEN";
    }

    static String tokenHint(String provider, String token) {
        if (provider == null || token == null || token.isBlank()) {
            return "";
        }
        String key = tokenKey(provider);
        String value = token.strip();
        if (key.equals(SecretsManager.REPLICATE_API_TOKEN) && !value.startsWith("r8_")) {
            return "Replicate tokens start with r8_: check that you pasted the right value.";
        }
        if (key.equals(SecretsManager.HF_TOKEN) && !value.startsWith("hf_")) {
            return "Hugging Face tokens start with hf_: check that you pasted the right value.";
        }
        return "";
    }

    private record TokenState(Resolution resolution, String credentials) {
    }

    private record TokenSaved(TokenState state, String auditProblem) {
    }

    /** The secrets-chain key the selected provider's token is saved under. */
    public ReadOnlyStringProperty tokenKeyProperty() {
        return tokenKey.getReadOnlyProperty();
    }

    /** The token being typed; cleared after a save. Bound to a masked field. */
    public StringProperty tokenInputProperty() {
        return tokenInput;
    }

    /** Where the chain finds the token now (never its value), and whether a save here would take effect. */
    public ReadOnlyStringProperty tokenSourceProperty() {
        return tokenSource.getReadOnlyProperty();
    }

    /** Whether an environment variable supplies the token, so the secrets file is not used. */
    public ReadOnlyBooleanProperty tokenOverriddenProperty() {
        return tokenOverridden.getReadOnlyProperty();
    }

    /** A format hint for the token being typed (e.g. Replicate tokens start with r8_); empty when none. */
    public ReadOnlyStringProperty tokenHintProperty() {
        return tokenHint.getReadOnlyProperty();
    }

    /** The names (never values) of the provider's credentials in the encrypted credential store. */
    public ReadOnlyStringProperty credentialsSummaryProperty() {
        return credentialsSummary.getReadOnlyProperty();
    }

}
