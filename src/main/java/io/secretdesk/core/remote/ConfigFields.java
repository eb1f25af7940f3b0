package io.secretdesk.core.remote;

import io.secretdesk.core.target.TargetException;
import io.secretdesk.core.target.TargetException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The provider-config keys SimpleTuner's {@code PUT /api/cloud/providers/{provider}/config} can set
 * ({@code ProviderConfigUpdate}, {@code routes/cloud/schemas.py:40-66}; rules in {@code providers.py:63-210}). Any other
 * key is silently ignored by SimpleTuner and null means "leave as is", so a change is checked here first: a key the
 * route cannot set, or a removal it cannot express, refuses the whole change before anything is sent.
 */
public final class ConfigFields {

    /** Every field of {@code ProviderConfigUpdate}. */
    public static final Set<String> SETTABLE = Set.of("version_override", "webhook_url", "preferences",
            "cost_limit_enabled", "cost_limit_amount", "cost_limit_period", "cost_limit_action", "hardware_info",
            "hardware_profile", "webhook_require_signature", "webhook_allowed_ips", "ssl_verify", "ssl_ca_bundle",
            "proxy_url", "http_timeout", "webhook_rate_limit_max", "webhook_rate_limit_window", "s3_rate_limit_max",
            "s3_rate_limit_window", "org_id", "api_base_url", "max_runtime_minutes");

    /** Fields the route removes when sent "" (blank for webhook_url and org_id). */
    private static final Set<String> REMOVED_BY_EMPTY_TEXT = Set.of("version_override", "webhook_url", "hardware_profile",
            "ssl_ca_bundle", "proxy_url", "org_id", "api_base_url");

    private ConfigFields() {
    }

    /** The keys of {@code config} SimpleTuner's API can neither set nor remove, sorted. */
    public static List<String> notSettable(Map<String, ?> config) {
        Set<String> keys = new TreeSet<>(config.keySet());
        keys.removeAll(SETTABLE);
        return new ArrayList<>(keys);
    }

    /** Whether the API can remove {@code key} (send "" or, for http_timeout, 0). */
    public static boolean removable(String key) {
        return REMOVED_BY_EMPTY_TEXT.contains(key) || key.equals("http_timeout");
    }

    /**
     * The body of the PUT that makes the changes: removals (null values) become SimpleTuner's removal form.
     *
     * @throws TargetException (INVALID_INPUT) naming every key that cannot be sent; nothing is sent then
     */
    static Map<String, Object> update(String server, String provider, Map<String, ?> changes) {
        if (changes.isEmpty()) {
            throw new TargetException(Reason.INVALID_INPUT, "no keys to change for " + provider + " on " + server);
        }
        List<String> unknown = notSettable(changes);
        if (!unknown.isEmpty()) {
            throw new TargetException(Reason.INVALID_INPUT, server + ": SimpleTuner's API cannot set " + String.join(", ", unknown)
                    + " (its config route ignores keys it does not know); nothing was sent. Change "
                    + (unknown.size() == 1 ? "it" : "them") + " on the host itself");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> notRemovable = new ArrayList<>();
        changes.forEach((key, value) -> {
            if (value != null) {
                body.put(key, value);
            } else if (REMOVED_BY_EMPTY_TEXT.contains(key)) {
                body.put(key, "");
            } else if (key.equals("http_timeout")) {
                body.put(key, 0);
            } else {
                notRemovable.add(key);
            }
        });
        if (!notRemovable.isEmpty()) {
            throw new TargetException(Reason.INVALID_INPUT, server + ": SimpleTuner's API cannot remove "
                    + String.join(", ", new TreeSet<>(notRemovable)) + " (null means 'leave as is' there); nothing was "
                    + "sent. Give a value instead");
        }
        return body;
    }
}
