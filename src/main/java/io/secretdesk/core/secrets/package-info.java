/**
 * The secrets provider chain: the {@link io.secretdesk.core.secrets.SecretProvider} contract, the
 * {@link io.secretdesk.core.secrets.SecretsManager} that chains providers, and provenance of each key.
 */
package io.secretdesk.core.secrets;
