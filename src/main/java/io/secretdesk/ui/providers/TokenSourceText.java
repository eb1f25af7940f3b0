package io.secretdesk.ui.providers;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import java.util.List;
import java.util.Optional;

/**
 * The source and override facts of Provider Config's token section, as text: where the secrets chain finds a key, and
 * whether a source above the secrets file wins over a token saved here. Pure functions of a {@link Resolution}.
 */
final class TokenSourceText {

    private TokenSourceText() {
    }

    /** Whether a provider above the secrets file (an environment variable) supplies the key: core's one rule. */
    static boolean overridesFile(Resolution resolution) {
        return resolution.winnerAbove(ProviderId.FILE).isPresent();
    }

    static String describeSource(Resolution resolution) {
        String key = resolution.key();
        Optional<Resolution.Outcome> supplier = resolution.supplier();
        StringBuilder text = new StringBuilder();
        if (supplier.isEmpty()) {
            text.append(key).append(" is not set in any source yet.");
        } else if (overridesFile(resolution)) {
            text.append(key).append(" comes from ").append(winner(resolution))
                    .append(": it wins over the secrets file, so a token saved here is not used while it is set.");
        } else if (supplier.get().is(ProviderId.FILE)) {
            text.append(key).append(" comes from the secrets file (").append(supplier.get().location()).append(").");
        } else {
            text.append(key).append(" comes from ").append(supplier.get().provider()).append(" (")
                    .append(supplier.get().location()).append("); a token saved here goes to the secrets file, which is read first.");
        }
        if (!resolution.shadowed().isEmpty()) {
            text.append(" Also held, unused, by: ").append(String.join(", ", resolution.shadowed())).append('.');
        }
        // A source that is not set up (no secrets file yet, AWS or Vault not configured) holds nothing: not mentioned.
        List<String> unanswered = resolution.unanswered().stream().map(Resolution.Outcome::provider).toList();
        if (!unanswered.isEmpty()) {
            text.append(" Could not ask: ").append(String.join(", ", unanswered)).append('.');
        }
        return text.toString();
    }

    static String winner(Resolution resolution) {
        return resolution.supplier().map(o -> o.is(ProviderId.ENV) ? "the environment " + o.location()
                : o.provider() + " (" + o.location() + ")").orElse("no source");
    }
}
