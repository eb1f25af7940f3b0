package io.secretdesk.core.remote;

import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.target.Target;
import io.secretdesk.core.target.TargetException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Several servers at once: their checks side by side, what differs between their provider configs and prices (drift),
 * and one config change applied to many (one PUT per server, each applied whole or not at all by SimpleTuner, each with
 * its own result). Every server runs on {@code executor} at the same time, so a slow or dead one delays nothing but
 * its own row; each is bounded by its own timeouts. Blocks until all are done: call it off the JavaFX thread.
 */
public final class Fleet {

    /** How a missing key shows in a drift row. */
    public static final String ABSENT = "(not set)";

    private Fleet() {
    }

    /** What one server's configs and prices were, or why they could not be read. */
    public record Snapshot(String server, Map<String, Map<String, Object>> configs, Map<String, Hardware> pricing,
                           String problem) {

        public boolean read() {
            return problem == null;
        }
    }

    /**
     * One key that differs between the servers that could be read.
     *
     * @param section a provider's name, or {@code pricing} for the effective hardware prices
     * @param values  per server (in the order given), the value or {@link #ABSENT}
     */
    public record Drift(String section, String key, Map<String, Object> values) {
    }

    /** The result of applying a change to one server. */
    public record Applied(String server, boolean applied, String message) {
    }

    /** {@link RemoteTarget#check()} of every target, in their order. */
    public static List<ServerStatus> checkAll(List<RemoteTarget> targets, Executor executor) {
        return all(targets, RemoteTarget::check, executor);
    }

    /** Reads every target's configs (of {@code providers}) and prices. */
    public static List<Snapshot> snapshots(List<? extends Target> targets, List<String> providers, Executor executor) {
        return all(targets, target -> snapshot(target, providers), executor);
    }

    static Snapshot snapshot(Target target, List<String> providers) {
        try {
            Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
            for (String provider : providers) {
                configs.put(provider, target.providerConfig(provider));
            }
            return new Snapshot(target.name(), configs, target.hardwarePricing(), null);
        } catch (TargetException e) {
            return new Snapshot(target.name(), Map.of(), Map.of(), e.getMessage());
        }
    }

    /** Every config key and price that is not the same on all servers that were read, by section then key. */
    public static List<Drift> drift(List<Snapshot> snapshots) {
        List<Snapshot> read = snapshots.stream().filter(Snapshot::read).toList();
        List<Drift> rows = new ArrayList<>();
        if (read.size() < 2) {
            return rows;
        }
        Set<String> providers = new LinkedHashSet<>();
        read.forEach(s -> providers.addAll(s.configs().keySet()));
        for (String provider : providers) {
            Set<String> keys = new java.util.TreeSet<>();
            read.forEach(s -> keys.addAll(s.configs().getOrDefault(provider, Map.of()).keySet()));
            for (String key : keys) {
                Map<String, Object> values = new LinkedHashMap<>();
                read.forEach(s -> values.put(s.server(), s.configs().getOrDefault(provider, Map.of()).getOrDefault(key, ABSENT)));
                if (differ(values.values())) {
                    rows.add(new Drift(provider, key, values));
                }
            }
        }
        Set<String> hardware = new java.util.TreeSet<>();
        read.forEach(s -> hardware.addAll(s.pricing().keySet()));
        for (String id : hardware) {
            Map<String, Object> values = new LinkedHashMap<>();
            read.forEach(s -> {
                Hardware h = s.pricing().get(id);
                values.put(s.server(), h == null ? ABSENT : String.format(Locale.ROOT, "%s: $%s/s", h.name(),
                        BigDecimal.valueOf(h.costPerSecond()).stripTrailingZeros().toPlainString()));
            });
            if (differ(values.values())) {
                rows.add(new Drift("pricing", id, values));
            }
        }
        return rows;
    }

    /**
     * Sets {@code changes} in {@code provider}'s config on every target: one {@link Target#mergeProviderConfig} each,
     * all at once. {@code recorded} is told each result (for the audit log) as it comes.
     */
    public static List<Applied> apply(String provider, Map<String, ?> changes, List<? extends Target> targets,
                                      Executor executor, java.util.function.Consumer<Applied> recorded) {
        Objects.requireNonNull(recorded, "recorded");
        return all(targets, target -> {
            Applied result;
            try {
                target.mergeProviderConfig(provider, changes);
                result = new Applied(target.name(), true, "applied " + changes.size() + " key"
                        + (changes.size() == 1 ? "" : "s") + " to " + provider + "; "
                        + target.takesEffect(Target.Setting.PROVIDER_CONFIG).sentence());
            } catch (TargetException e) {
                result = new Applied(target.name(), false, e.getMessage());
            }
            recorded.accept(result);
            return result;
        }, executor);
    }

    /** Shows a value in the fleet view: values of keys named like secrets are masked. */
    public static String show(String key, Object value) {
        if (value == ABSENT) {
            return ABSENT;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.contains("secret") || lower.contains("token") || lower.contains("password") || lower.contains("key")) {
            return "(set, not shown)";
        }
        return value instanceof Map<?, ?> || value instanceof List<?> ? io.secretdesk.core.store.PythonJson.dumps(value)
                : String.valueOf(value);
    }

    private static boolean differ(java.util.Collection<Object> values) {
        Object first = null;
        boolean seen = false;
        for (Object value : values) {
            if (!seen) {
                first = value;
                seen = true;
            } else if (!same(first, value)) {
                return true;
            }
        }
        return false;
    }

    /** Equal, with numbers compared by value (25 and 25.0 are the same price). */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            try {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
            } catch (NumberFormatException notFinite) {
                return x.toString().equals(y.toString());
            }
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            return x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static <T, R> List<R> all(List<? extends T> items, Function<T, R> work, Executor executor) {
        List<CompletableFuture<R>> futures = items.stream()
                .map(item -> CompletableFuture.supplyAsync(() -> work.apply(item), executor)).toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
