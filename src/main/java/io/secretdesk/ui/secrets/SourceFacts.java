package io.secretdesk.ui.secrets;

import io.secretdesk.core.SecureFiles;
import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.aws.AwsSecretsManagerProvider;
import io.secretdesk.core.secrets.aws.AwsSettings;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import io.secretdesk.core.secrets.vault.HashiCorpVaultProvider;
import io.secretdesk.core.secrets.vault.VaultSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what the details panel shows of each provider: its settings and its availability. Blocking (it asks
 * every source), so it only runs in background work; it is also the only part of the view that knows the
 * provider classes, which keeps them (and the SDKs behind them) off the path to the first frame.
 */
final class SourceFacts {

    /**
     * What one card shows; never a token or a secret value. {@code configured} is false for a source the user has not
     * set up at all (no secrets file yet, no AWS secret name, no Vault address or token): unavailable, but not a failure.
     */
    record Facts(String name, String title, List<SourceCard.Field> fields, boolean available, String detail,
                 boolean testable, boolean configured) {
        Facts {
            fields = List.copyOf(fields);
        }
    }

    private SourceFacts() {
    }

    /** Every provider of the chain, in chain order, with the availability each reports now (asked at once). */
    static List<Facts> describe(SecretsManager manager) {
        List<SecretsManager.ProviderStatus> statuses = manager.providers();
        List<SecretProvider> chain = manager.chain();
        List<Facts> facts = new ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            facts.add(of(chain.get(i), statuses.get(i).availability()));
        }
        return facts;
    }

    /** Asks the provider named {@code name} whether it can answer now: the connection test. */
    static Facts test(SecretsManager manager, String name) {
        SecretProvider provider = manager.chain().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No source named " + name + " in this chain"));
        Availability availability;
        try {
            availability = provider.availability();
        } catch (RuntimeException e) {
            // Providers report trouble as values; a throw is a bug, named by its type since a message could quote a value.
            availability = Availability.unavailable("internal error in the " + name + " provider (" + e.getClass().getSimpleName() + ")");
        }
        return of(provider, availability);
    }

    /** The card of one provider, given its availability. Reads only local state (settings, the file's stamp). */
    static Facts of(SecretProvider provider, Availability availability) {
        if (provider instanceof EnvironmentSecretProvider env) {
            int known = EnvironmentSecretProvider.KNOWN_KEYS.size();
            return new Facts(env.name(), "Environment", List.of(
                    new SourceCard.Field("Prefix", env.prefix().isEmpty() ? "none" : env.prefix() + "_"),
                    new SourceCard.Field("Lists", env.prefix().isEmpty() ? known + " known keys"
                            : known + " known keys and every " + env.prefix() + "_ variable")),
                    availability.available(), availability.detail(), false, true);
        }
        if (provider instanceof FileSecretProvider file) {
            FileSecretProvider.FileState state = file.state();
            // Path and key count are fields already; the line under them says what else matters.
            String detail = !availability.available() ? availability.detail()
                    : SecureFiles.accessibleByOthers(state.path())
                    ? "Other users can read this file: run chmod 600 " + state.path() : "Readable only by you (0600).";
            return new Facts(file.name(), "Secrets file", List.of(
                    new SourceCard.Field("Path", state.path().toString()),
                    new SourceCard.Field("Format", state.format()),
                    new SourceCard.Field("State", fileState(file, state))),
                    availability.available(), detail, false, state.exists()); // as file.configured(), without a second stat
        }
        if (provider instanceof AwsSecretsManagerProvider aws) {
            AwsSettings settings = aws.settings();
            List<SourceCard.Field> fields = settings == null
                    ? List.of(new SourceCard.Field("Settings", "invalid (see below)"))
                    : List.of(new SourceCard.Field("Secret name", orNotSet(settings.secretName(), "SIMPLETUNER_AWS_SECRET_NAME")),
                            new SourceCard.Field("Region", orNotSet(settings.region(), "AWS_DEFAULT_REGION")),
                            new SourceCard.Field("Endpoint", settings.endpointOverride() == null ? "AWS default"
                                    : settings.endpointOverride().toString()),
                            new SourceCard.Field("Timeout", seconds(settings.callTimeout())));
            return new Facts(aws.name(), "AWS Secrets Manager", fields, availability.available(), availability.detail(),
                    true, aws.configured());
        }
        if (provider instanceof HashiCorpVaultProvider vault) {
            VaultSettings settings = vault.settings();
            List<SourceCard.Field> fields = new ArrayList<>(6);
            fields.add(new SourceCard.Field("Address", settings.url() == null ? "not set (VAULT_ADDR)" : vault.address()));
            fields.add(new SourceCard.Field("Path", settings.path()));
            fields.add(new SourceCard.Field("Mount", settings.mountPoint()));
            fields.add(new SourceCard.Field("KV version", vault.kvVersion().map(v -> "v" + v).orElse("not detected yet")));
            if (settings.namespace() != null) {
                fields.add(new SourceCard.Field("Namespace", settings.namespace()));
            }
            return new Facts(vault.name(), "HashiCorp Vault", fields, availability.available(), availability.detail(),
                    true, vault.configured());
        }
        return new Facts(provider.name(), provider.name(), List.of(new SourceCard.Field("Reads", provider.description())),
                availability.available(), availability.detail(), false, provider.configured());
    }

    private static String fileState(FileSecretProvider file, FileSecretProvider.FileState state) {
        if (!state.exists()) {
            return "missing (saving a secret creates it)";
        }
        if (state.parseError() != null) {
            return "parse error: " + state.parseError();
        }
        Contents contents = file.contents();
        if (contents instanceof Contents.Loaded loaded) {
            return "loaded, " + (loaded.size() == 1 ? "1 key" : loaded.size() + " keys");
        }
        return "unreadable: " + ((Contents.Unavailable) contents).reason();
    }

    private static String orNotSet(String value, String variable) {
        return value == null ? "not set (" + variable + ")" : value;
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
