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
