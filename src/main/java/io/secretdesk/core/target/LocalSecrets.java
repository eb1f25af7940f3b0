package io.secretdesk.core.target;

import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretsManager;

/**
 * This host's secrets as {@link LocalTarget} writes them: through the audited secret writes of the composition
 * ({@code core.services.SecretWrites}), and read through the chain. Blocking.
 */
public interface LocalSecrets {

    SecretsManager.WriteOutcome set(String key, String value);

    SecretsManager.DeleteOutcome delete(String key);

    Resolution resolve(String key);
}
