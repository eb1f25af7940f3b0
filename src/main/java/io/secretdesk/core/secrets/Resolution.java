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
     * @param location   where the provider looked (a variable, a file and key, a secret); never a value
     * @param detail     the reason when unavailable, else empty
     * @param configured false when the provider could not answer because the user has not set it up at all (no
     *                   secrets file yet, AWS or Vault not configured: {@link SecretProvider#configured()}); such a
     *                   source holds nothing, so it is no doubt about the key. True for every provider that answered.
     */
    public record Outcome(String provider, String location, Status status, String detail, String value,
                          boolean configured) {

        public Outcome {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(status, "status");
            detail = detail == null ? "" : detail;
            configured = configured || status != Status.UNAVAILABLE;
        }

        /** An outcome of a provider that is set up. */
        public Outcome(String provider, String location, Status status, String detail, String value) {
            this(provider, location, status, detail, value, true);
        }

        /** Whether this provider holds the key (supplies or is shadowed). */
        public boolean holds() {
            return status == Status.SUPPLIES || status == Status.SHADOWED;
        }

        /** Whether this is the outcome of the source {@code id}. */
        public boolean is(ProviderId id) {
            return id.is(provider);
        }

        /**
         * Whether this provider is set up and could not answer: it might hold the key. A source that is not set up
         * ({@link #configured()} false) holds nothing and is not unanswered.
         */
        public boolean unanswered() {
            return status == Status.UNAVAILABLE && configured;
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
                outcomes.add(new Outcome(provider.name(), location, Status.UNAVAILABLE, unavailable.reason(), null,
                        configured(provider)));
            } else {
                outcomes.add(new Outcome(provider.name(), location, Status.LACKS, "", null));
            }
        }
        return new Resolution(key, outcomes);
    }

    /** Whether the provider is set up; local state only. A provider that throws here is taken as set up (and failing). */
    private static boolean configured(SecretProvider provider) {
        try {
            return provider.configured();
        } catch (RuntimeException e) {
            return true;
        }
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

    /**
     * The one shadowing rule: the provider that supplies the key from above the source {@code below} in chain order,
     * so that a value written to {@code below} is not what a lookup returns. Empty when {@code below} itself supplies
     * the key, when the supplier ranks below it, or when nothing supplies it. When {@code below} is not in the chain,
     * any supplier wins above it. The Secrets editor, Provider Config's token section and every write's
     * "still supplied by" ask this (or {@link SecretsManager#winnerAbove}, its lookup without asking the sources below).
     */
    public Optional<Outcome> winnerAbove(ProviderId below) {
        return winnerAbove(below.id());
    }

    /** As {@link #winnerAbove(ProviderId)}, for a source named {@code below} (an edited source's name). */
    public Optional<Outcome> winnerAbove(String below) {
        for (Outcome outcome : outcomes) {
            if (outcome.provider().equals(below)) {
                return Optional.empty();
            }
            if (outcome.status() == Status.SUPPLIES) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }

    /** The providers that are set up and could not answer, in chain order: each might hold the key. */
    public List<Outcome> unanswered() {
        return outcomes.stream().filter(Outcome::unanswered).toList();
    }

    /** The outcome of the source {@code id}. */
    public Outcome outcomeOf(ProviderId id) {
        return outcomeOf(id.id());
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
