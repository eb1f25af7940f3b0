package io.secretdesk.core.secrets.chain;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.Ticker;
import io.secretdesk.core.schedule.Scheduler;
import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.aws.AwsSecretsManagerProvider;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import io.secretdesk.core.secrets.vault.HashiCorpVaultProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Builds the standard chain (environment, file, AWS, Vault) from a seed-style config map and an environment,
 * and the managers over it. The one place that knows every concrete provider: {@code core.secrets} knows
 * providers only through {@link SecretProvider}, so it depends on none of them.
 */
public final class ProviderChains {

    /** Seed config keys and the environment variables they stand for. */
    private static final Map<String, String> CONFIG_TO_ENV = Map.of(
            "aws_secret_name", "SIMPLETUNER_AWS_SECRET_NAME",
            "aws_region", "AWS_DEFAULT_REGION",
            "vault_url", "VAULT_ADDR",
            "vault_token", "VAULT_TOKEN",
            "vault_path", "SIMPLETUNER_VAULT_PATH",
            "vault_mount_point", "SIMPLETUNER_VAULT_MOUNT");

    private static SecretsManager shared;

    private ProviderChains() {
    }

    /**
     * The providers of the seed's configured form: keys {@code file_path}, {@code aws_secret_name},
     * {@code aws_region}, {@code vault_url}, {@code vault_token}, {@code vault_path}, {@code vault_mount_point}
     * and {@code env_prefix}; what the map leaves out comes from {@code env}, files from under {@code home}.
     */
    public static List<SecretProvider> providers(Map<String, String> config, Map<String, String> env, SimpleTunerHome home) {
        return providers(config, env, home, false);
    }

    /**
     * The chain the environment describes, with files under {@code home}, for a process that runs one command and
     * ends (the CLI): AWS and Vault are built on first use, so their classes load only when the chain reaches them;
     * remote providers are asked at once through {@code fanOut}; cache clean-ups run on {@code scheduler}.
     */
    public static SecretsManager deferred(Map<String, String> env, SimpleTunerHome home, Executor fanOut,
                                          Scheduler scheduler) {
        return new SecretsManager(providers(Map.of(), env, home, true), fanOut, Ticker.system(), scheduler);
    }

    private static List<SecretProvider> providers(Map<String, String> config, Map<String, String> env,
                                                  SimpleTunerHome home, boolean deferRemotes) {
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
        if (deferRemotes) {
            chain.add(new DeferredProvider(ProviderId.AWS.id(), true, () -> AwsSecretsManagerProvider.fromEnvironment(settings)));
            chain.add(new DeferredProvider(ProviderId.VAULT.id(), true, () -> HashiCorpVaultProvider.fromEnvironment(settings)));
        } else {
            chain.add(AwsSecretsManagerProvider.fromEnvironment(settings));
            chain.add(HashiCorpVaultProvider.fromEnvironment(settings));
        }
        return chain;
    }

    /** The chain the environment describes, with files under {@code home}, asked on the calling thread. */
    public static SecretsManager fromEnvironment(Map<String, String> env, SimpleTunerHome home) {
        return new SecretsManager(providers(Map.of(), env, home));
    }

    /** The chain a seed-style config map describes; what it leaves out comes from {@code env}. */
    public static SecretsManager fromConfig(Map<String, String> config, Map<String, String> env, SimpleTunerHome home) {
        return new SecretsManager(providers(config, env, home));
    }

    /** As {@link #fromConfig(Map, Map, SimpleTunerHome)}, asking remote providers at once through {@code fanOut}. */
    public static SecretsManager fromConfig(Map<String, String> config, Map<String, String> env, SimpleTunerHome home,
                                            Executor fanOut) {
        return new SecretsManager(providers(config, env, home), fanOut);
    }

    /**
     * The process-wide manager (the seed's singleton, the one documented exception to passing managers in),
     * built from the process environment on first use.
     */
    public static synchronized SecretsManager shared() {
        if (shared == null) {
            shared = fromEnvironment(System.getenv(), SimpleTunerHome.current());
        }
        return shared;
    }

    /** Closes and forgets the process-wide manager (tests, reconfiguration); the next {@link #shared()} builds anew. */
    public static synchronized void resetShared() {
        if (shared != null) {
            shared.close();
        }
        shared = null;
    }
}
