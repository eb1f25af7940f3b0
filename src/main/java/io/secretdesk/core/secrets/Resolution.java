package io.secretdesk.core.secrets;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one key comes from: for every provider in chain order, whether it supplies the key, is shadowed
 * by a higher provider that supplies it too, lacks it, or cannot answer (and why).
 *
 * <p>{@code toString()} masks the value.
 */
public record Resolution(String key, List<Outcome> outcomes) {

    /** What one provider said about the key. */
    public enum Status {
        /** This provider's value is the one the chain returns. */
        SUPPLIES,
        /** This provider holds the key too, but a higher provider wins. */
        SHADOWED,
        /** This provider is working and does not hold the key. */
        LACKS,
        /** This provider cannot answer; {@link Outcome#detail()} says why. */
        UNAVAILABLE
    }

    /**
     * One provider's part in a resolution.
     *
     * @param location where the provider looked (a variable, a file and key, a secret); never a value
     * @param detail   the reason when unavailable, else empty
     */
    public record Outcome(String provider, String location, Status status, String detail, String value) {

        public Outcome {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(status, "status");
            detail = detail == null ? "" : detail;
        }

        /** Whether this provider holds the key (supplies or is shadowed). */
        public boolean holds() {
            return status == Status.SUPPLIES || status == Status.SHADOWED;
        }

        @Override
        public String toString() {
            return "Outcome[" + provider + " " + status + (value == null ? "" : " " + Masking.mask(value))
                    + (detail.isEmpty() ? "" : " (" + detail + ")") + "]";
        }
    }

    public Resolution {
        Objects.requireNonNull(key, "key");
        outcomes = List.copyOf(outcomes);
    }

    /** Builds the resolution from each provider's lookup, in chain order. */
    static Resolution of(String key, List<SecretProvider> providers, List<Lookup> lookups) {
        boolean supplied = false;
        List<Outcome> outcomes = new java.util.ArrayList<>(providers.size());
        for (int i = 0; i < providers.size(); i++) {
            SecretProvider provider = providers.get(i);
            Lookup lookup = lookups.get(i);
            String location = provider.locationOf(key);
            if (lookup instanceof Lookup.Found found) {
                outcomes.add(new Outcome(provider.name(), location, supplied ? Status.SHADOWED : Status.SUPPLIES, "",
                        found.value()));
                supplied = true;
            } else if (lookup instanceof Lookup.Unavailable unavailable) {
                outcomes.add(new Outcome(provider.name(), location, Status.UNAVAILABLE, unavailable.reason(), null));
            } else {
                outcomes.add(new Outcome(provider.name(), location, Status.LACKS, "", null));
            }
        }
        return new Resolution(key, outcomes);
    }

    /** The supplying outcome, if any provider holds the key. */
    public Optional<Outcome> supplier() {
        return outcomes.stream().filter(o -> o.status() == Status.SUPPLIES).findFirst();
    }

    /** The value the chain returns for the key. */
    public Optional<String> value() {
        return supplier().map(Outcome::value);
    }

    /** The name of the provider whose value wins. */
    public Optional<String> source() {
        return supplier().map(Outcome::provider);
    }

    /** The providers below the supplier that hold the key too, in chain order. */
    public List<String> shadowed() {
        return outcomes.stream().filter(o -> o.status() == Status.SHADOWED).map(Outcome::provider).toList();
    }

    /** Whether any provider that could not answer might have held the key. */
    public boolean incomplete() {
        return outcomes.stream().anyMatch(o -> o.status() == Status.UNAVAILABLE);
    }

    /**
     * The providers that could not answer and rank above the supplier (all of them when none supplies): those
     * that might hold the key and win. Whether a provider is set up at all is the caller's to weigh.
     */
    public List<Outcome> unansweredAbove() {
        List<Outcome> above = new java.util.ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.status() == Status.SUPPLIES) {
                break;
            }
            if (outcome.status() == Status.UNAVAILABLE) {
                above.add(outcome);
            }
        }
        return above;
    }

    public Outcome outcomeOf(String provider) {
        return outcomes.stream().filter(o -> o.provider().equals(provider)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no provider named " + provider));
    }

    @Override
    public String toString() {
        return "Resolution[" + key + " " + outcomes + "]";
    }
}
