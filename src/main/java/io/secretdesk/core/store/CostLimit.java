package io.secretdesk.core.store;

import java.util.List;
import java.util.Objects;

/**
 * A provider's cost limit, read from its config keys {@code cost_limit_enabled} (default false),
 * {@code cost_limit_amount} (0.0, in dollars), {@code cost_limit_period} ("daily") and
 * {@code cost_limit_action} ("warn").
 */
public record CostLimit(boolean enabled, double amount, String period, String action) {

    /** The config key of {@link #enabled()}. */
    public static final String ENABLED = "cost_limit_enabled";
    /** The config key of {@link #amount()}. */
    public static final String AMOUNT = "cost_limit_amount";
    /** The config key of {@link #period()}: one of {@link #PERIODS}. */
    public static final String PERIOD = "cost_limit_period";
    /** The config key of {@link #action()}: one of {@link #ACTIONS}. */
    public static final String ACTION = "cost_limit_action";
    /** Every cost-limit key of a provider config, in the order a form shows them. */
    public static final List<String> KEYS = List.of(ENABLED, AMOUNT, PERIOD, ACTION);

    /** The periods SimpleTuner knows, in the order a form offers them (the default first). */
    public static final List<String> PERIODS = List.of("daily", "weekly", "monthly");
    /**
     * What happens at the limit, as SimpleTuner's route accepts it (routes/cloud/providers.py): warn, or block new
     * jobs; in the order a form offers them (the default first). The one list: the CLI and the console both use it.
     */
    public static final List<String> ACTIONS = List.of("warn", "block");

    /** The limit of a provider that configured none. */
    public static final CostLimit DEFAULT = new CostLimit(false, 0.0, "daily", "warn");

    public CostLimit {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(action, "action");
    }
}
