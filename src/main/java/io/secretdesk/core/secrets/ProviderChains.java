package io.secretdesk.core.secrets;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the standard chain (environment, file, AWS, Vault) from a seed-style config map and an environment. */
final class ProviderChains {

    private ProviderChains() {
    }

    static List<SecretProvider> fromConfig(Map<String, String> config, Map<String, String> env, SimpleTunerHome home) {
        List<SecretProvider> chain = new ArrayList<>(4);
        chain.add(new EnvironmentSecretProvider(config.getOrDefault("env_prefix",
                env.getOrDefault("SIMPLETUNER_SECRETS_ENV_PREFIX", "")), env));
        String filePath = config.get("file_path");
        chain.add(filePath == null || filePath.isBlank() ? FileSecretProvider.inHome(home)
                : new FileSecretProvider(Path.of(filePath)));
        return chain;
    }
}
