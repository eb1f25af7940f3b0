package io.secretdesk.core.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's webhook settings, read from its config keys {@code webhook_url}, {@code webhook_secret},
 * {@code webhook_require_signature} (default true) and {@code webhook_allowed_ips} (default none).
 * {@link #toString()} never shows the secret.
 */
public record WebhookConfig(Optional<String> url, Optional<String> secret, boolean requireSignature,
                            List<String> allowedIps) {

    /** The config key of {@link #url()}. */
    public static final String URL = "webhook_url";
    /** The config key of {@link #secret()}. */
    public static final String SECRET = "webhook_secret";
    /** The config key of {@link #requireSignature()}. */
    public static final String REQUIRE_SIGNATURE = "webhook_require_signature";
    /** The config key of {@link #allowedIps()}. */
    public static final String ALLOWED_IPS = "webhook_allowed_ips";
    /** Every webhook key of a provider config, in the order a form shows them. */
    public static final List<String> KEYS = List.of(URL, SECRET, REQUIRE_SIGNATURE, ALLOWED_IPS);

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        allowedIps = List.copyOf(allowedIps);
    }

    @Override
    public String toString() {
        return "WebhookConfig[url=" + url.orElse("(none)") + ", secret=" + (secret.isPresent() ? "<set>" : "(none)")
                + ", requireSignature=" + requireSignature + ", allowedIps=" + allowedIps + "]";
    }
}
