package io.secretdesk.core.secrets.chain;

import io.secretdesk.core.secrets.aws.AwsSettings;
import io.secretdesk.core.secrets.vault.VaultSettings;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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

    /** Why a setting cannot be kept as typed: the variable, and one line saying what is wrong and what to set. */
    public record Problem(String variable, String message) {
    }

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

    /**
     * The first plain setting in {@code typed} (variable to value; blank means unset) that the chain could not use as
     * it is, checked by the same rules the providers apply: the AWS endpoint and the Vault address must be http(s) URLs
     * with a host, the Vault mount and path plain path segments, the CA file a readable file. Null when every one can
     * be used. Secrets are not checked and never appear in a message.
     */
    public static Problem problem(Map<String, String> typed) {
        String endpoint = blankToNull(typed.get("AWS_ENDPOINT_URL"));
        if (endpoint != null) {
            try {
                AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", endpoint));
            } catch (IllegalArgumentException e) {
                return new Problem("AWS_ENDPOINT_URL", e.getMessage());
            }
        }
        String address = blankToNull(typed.get("VAULT_ADDR"));
        String path = blankToNull(typed.get("SIMPLETUNER_VAULT_PATH"));
        String mount = blankToNull(typed.get("SIMPLETUNER_VAULT_MOUNT"));
        if (address != null || path != null || mount != null) {
            // VaultSettings checks the address first, then mount and path; a stand-in address and token let it check
            // a mount or path typed before the address (the token is never part of its message).
            String problem = VaultSettings.of(address == null ? "https://vault.example.com:8200" : address, "-", path, mount)
                    .problem();
            if (problem != null) {
                String variable = problem.startsWith("SIMPLETUNER_VAULT_MOUNT") ? "SIMPLETUNER_VAULT_MOUNT"
                        : problem.startsWith("SIMPLETUNER_VAULT_PATH") ? "SIMPLETUNER_VAULT_PATH" : "VAULT_ADDR";
                return new Problem(variable, problem);
            }
        }
        String caFile = blankToNull(typed.get("VAULT_CACERT"));
        if (caFile != null) {
            boolean readable;
            try {
                Path file = Path.of(caFile);
                readable = Files.isRegularFile(file) && Files.isReadable(file);
            } catch (InvalidPathException e) {
                readable = false;
            }
            if (!readable) {
                return new Problem("VAULT_CACERT", "VAULT_CACERT '" + caFile + "' is not a readable file: give the path of"
                        + " the PEM file of the CA that signed Vault's certificate, or leave it empty for the system's");
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
