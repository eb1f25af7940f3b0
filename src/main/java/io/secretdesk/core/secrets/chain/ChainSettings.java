package io.secretdesk.core.secrets.chain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain's settings a user can keep in SecretDesk instead of exporting them before each launch (the console's
 * Settings page): AWS Secrets Manager's secret name, region, endpoint and profile, Vault's address, path, mount,
 * namespace and CA file, the environment prefix, and the secrets among them (the Vault token and the AWS keys, which
 * live in the encrypted credential store). The environment always wins: a variable set there is used, not the stored
 * value.
 */
public final class ChainSettings {

    /** One setting: the environment variable it stands for, its label, and whether it is a secret. */
    public record Setting(String variable, String label, String group, boolean secret) {
    }

    /** Every setting, in the order the page shows them. */
    public static final List<Setting> ALL = List.of(
            new Setting("SIMPLETUNER_AWS_SECRET_NAME", "Secret name", "AWS Secrets Manager", false),
            new Setting("AWS_DEFAULT_REGION", "Region", "AWS Secrets Manager", false),
            new Setting("AWS_ENDPOINT_URL", "Endpoint", "AWS Secrets Manager", false),
            new Setting("AWS_PROFILE", "Profile", "AWS Secrets Manager", false),
            new Setting("AWS_ACCESS_KEY_ID", "Access key id", "AWS Secrets Manager", true),
            new Setting("AWS_SECRET_ACCESS_KEY", "Secret access key", "AWS Secrets Manager", true),
            new Setting("VAULT_ADDR", "Address", "HashiCorp Vault", false),
            new Setting("SIMPLETUNER_VAULT_PATH", "Path", "HashiCorp Vault", false),
            new Setting("SIMPLETUNER_VAULT_MOUNT", "Mount", "HashiCorp Vault", false),
            new Setting("VAULT_NAMESPACE", "Namespace", "HashiCorp Vault", false),
            new Setting("VAULT_CACERT", "CA file", "HashiCorp Vault", false),
            new Setting("VAULT_TOKEN", "Token", "HashiCorp Vault", true),
            new Setting("SIMPLETUNER_SECRETS_ENV_PREFIX", "Variable prefix", "Environment", false));

    /** The credential store's provider name for the secret settings. */
    public static final String CREDENTIAL_PROVIDER = "secretdesk.chain";

    private ChainSettings() {
    }

    /** The setting for {@code variable}, or null. */
    public static Setting of(String variable) {
        return ALL.stream().filter(s -> s.variable().equals(variable)).findFirst().orElse(null);
    }

    /**
     * The environment the chain is built from: the stored settings (blank ones left out, unknown names ignored),
     * overlaid by {@code env}, whose non-blank variables always win.
     */
    public static Map<String, String> effective(Map<String, String> stored, Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        stored.forEach((variable, value) -> {
            if (of(variable) != null && value != null && !value.isBlank()) {
                merged.put(variable, value.strip());
            }
        });
        env.forEach((variable, value) -> {
            if (value != null && !value.isBlank()) {
                merged.put(variable, value);
            } else if (!merged.containsKey(variable)) {
                merged.put(variable, value);
            }
        });
        return merged;
    }
}
