package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.SourceSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the details panel shows of each provider: its settings ({@link SecretProvider#settings()}, which each
 * provider gives for itself) and its availability. Blocking (it asks every source), so it only runs in background work.
 */
final class SourceFacts {

    /**
     * What one card shows; never a token or a secret value. {@code configured} is false for a source the user has not
     * set up at all (no secrets file yet, no AWS secret name, no Vault address or token): unavailable, but not a failure.
     */
    record Facts(String name, String title, List<SourceCard.Field> fields, boolean available, String detail,
                 boolean testable, boolean configured) {
        Facts {
            fields = List.copyOf(fields);
        }
    }

    private SourceFacts() {
    }

    /** Every provider of the chain, in chain order, with the availability each reports now (asked at once). */
    static List<Facts> describe(SecretsManager manager) {
        List<SecretsManager.ProviderStatus> statuses = manager.providers();
        List<SecretProvider> chain = manager.chain();
        List<Facts> facts = new ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            facts.add(of(chain.get(i), statuses.get(i).availability()));
        }
        return facts;
    }

    /** Asks the provider named {@code name} whether it can answer now: the connection test. */
    static Facts test(SecretsManager manager, String name) {
        SecretProvider provider = manager.chain().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No source named " + name + " in this chain"));
        Availability availability;
        try {
            availability = provider.availability();
        } catch (RuntimeException e) {
            // Providers report trouble as values; a throw is a bug, named by its type since a message could quote a value.
            availability = Availability.unavailable("internal error in the " + name + " provider (" + e.getClass().getSimpleName() + ")");
        }
        return of(provider, availability);
    }

    /** The card of one provider, given its availability: the provider describes its own settings. Local state only. */
    static Facts of(SecretProvider provider, Availability availability) {
        SourceSettings settings = provider.settings();
        List<SourceCard.Field> fields = settings.fields().stream()
                .map(field -> new SourceCard.Field(field.label(), field.value())).toList();
        return new Facts(provider.name(), settings.title(), fields, availability.available(),
                settings.detail(availability), settings.testable(), settings.configured());
    }
}
