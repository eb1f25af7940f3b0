package io.secretdesk.core.secrets;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import java.nio.file.Path;
import io.secretdesk.core.secrets.aws.AwsSecretsManagerProvider;
import io.secretdesk.core.secrets.vault.HashiCorpVaultProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the standard chain (environment, file, AWS, Vault) from a seed-style config map and an environment. */
final class ProviderChains {

    private ProviderChains() {
    }

    /** Seed config keys and the environment variables they stand for. */
    private static final Map<String, String> CONFIG_TO_ENV = Map.of(
            "aws_secret_name", "SIMPLETUNER_AWS_SECRET_NAME",
            "aws_region", "AWS_DEFAULT_REGION",
            "vault_url", "VAULT_ADDR",
            "vault_token", "VAULT_TOKEN",
            "vault_path", "SIMPLETUNER_VAULT_PATH",
            "vault_mount_point", "SIMPLETUNER_VAULT_MOUNT");

    static List<SecretProvider> fromConfig(Map<String, String> config, Map<String, String> env, SimpleTunerHome home) {
        // The config map wins over the environment for the remote providers' settings.
        Map<String, String> settings = new HashMap<>(env);
        CONFIG_TO_ENV.forEach((configKey, variable) -> {
            String value = config.get(configKey);
            if (value != null && !value.isBlank()) {
                settings.put(variable, value);
            }
        });
        List<SecretProvider> chain = new ArrayList<>(4);
        chain.add(new EnvironmentSecretProvider(config.getOrDefault("env_prefix",
                env.getOrDefault("SIMPLETUNER_SECRETS_ENV_PREFIX", "")), env));
        String filePath = config.get("file_path");
        chain.add(filePath == null || filePath.isBlank() ? FileSecretProvider.inHome(home)
                : new FileSecretProvider(Path.of(filePath)));
        chain.add(AwsSecretsManagerProvider.fromEnvironment(settings));
        chain.add(HashiCorpVaultProvider.fromEnvironment(settings));
        return chain;
    }
}
