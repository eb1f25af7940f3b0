package io.secretdesk.ui.providers;

import io.secretdesk.core.store.CostLimit;
import io.secretdesk.core.store.WebhookConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Provider Config form for the selected provider: its webhook and cost-limit fields and the rest of its config as
 * JSON, what in them blocks Save, and whether they differ from what is stored. Part of {@link ProvidersViewModel},
 * which reads and writes the configs; this class only holds, checks and builds them. FX thread (the test's thread under
 * plain JUnit). The webhook secret lives only in its property; {@link FormState#toString()} leaves it out.
 */
public final class ProviderForm {

    private static final WebhookConfig NO_WEBHOOK = new WebhookConfig(Optional.empty(), Optional.empty(), true, List.of());
    /** What the form holds for a provider with nothing stored (or not saved yet). */
    static final Loaded NOTHING_STORED = new Loaded(Map.of(), NO_WEBHOOK, null, CostLimit.DEFAULT, null, null);

    private final StringProperty webhookUrl = new SimpleStringProperty(this, "webhookUrl", "");
    private final StringProperty webhookSecret = new SimpleStringProperty(this, "webhookSecret", "");
    private final BooleanProperty requireSignature = new SimpleBooleanProperty(this, "requireSignature", true);
    private final ObservableList<String> allowedIps = FXCollections.observableArrayList();
    private final ObservableList<String> allowedIpsView = FXCollections.unmodifiableObservableList(allowedIps);
    private final StringProperty newIp = new SimpleStringProperty(this, "newIp", "");
    private final BooleanProperty costLimitEnabled = new SimpleBooleanProperty(this, "costLimitEnabled", false);
    private final StringProperty costLimitAmount = new SimpleStringProperty(this, "costLimitAmount", "0");
    private final StringProperty costLimitPeriod = new SimpleStringProperty(this, "costLimitPeriod", CostLimit.DEFAULT.period());
    private final StringProperty costLimitAction = new SimpleStringProperty(this, "costLimitAction", CostLimit.DEFAULT.action());
    private final StringProperty extraJson = new SimpleStringProperty(this, "extraJson", "{}");
    private final ReadOnlyBooleanWrapper webhookInForm = new ReadOnlyBooleanWrapper(this, "webhookInForm", true);
    private final ReadOnlyBooleanWrapper costInForm = new ReadOnlyBooleanWrapper(this, "costInForm", true);

    private final ReadOnlyStringWrapper urlProblem = new ReadOnlyStringWrapper(this, "urlProblem", "");
    private final ReadOnlyStringWrapper ipsProblem = new ReadOnlyStringWrapper(this, "ipsProblem", "");
    private final ReadOnlyStringWrapper costProblem = new ReadOnlyStringWrapper(this, "costProblem", "");
    private final ReadOnlyStringWrapper jsonProblem = new ReadOnlyStringWrapper(this, "jsonProblem", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);

    /** What was read for the selected provider; the form returns to it on discard. */
    private Loaded stored = NOTHING_STORED;
    /** The form as it was stored; null for a provider added here and not saved yet. */
    private FormState baseline;
    private ConfigJson.Parsed lastParsed = ConfigJson.parse("{}");
    private boolean applying;

    ProviderForm() {
        for (Observable field : List.<Observable>of(webhookUrl, webhookSecret, requireSignature, allowedIps, costLimitEnabled,
                costLimitAmount, costLimitPeriod, costLimitAction, extraJson)) {
            field.addListener(obs -> formChanged());
        }
    }

    /** What the form was last filled from: the stored config it compares with and saves against. */
    Loaded stored() {
        return stored;
    }

    /** Puts {@code result} in the form; it is what is stored now, so the form has no unsaved changes. */
    void apply(Loaded result) {
        stored = result;
        applying = true;
        try {
            webhookInForm.set(result.webhook() != null);
            costInForm.set(result.cost() != null);
            WebhookConfig webhook = result.webhook() != null ? result.webhook() : NO_WEBHOOK;
            webhookUrl.set(webhook.url().orElse(""));
            webhookSecret.set(webhook.secret().orElse(""));
            requireSignature.set(webhook.requireSignature());
            allowedIps.setAll(webhook.allowedIps());
            CostLimit cost = result.cost() != null ? result.cost() : CostLimit.DEFAULT;
            costLimitEnabled.set(cost.enabled());
            costLimitAmount.set(BigDecimal.valueOf(cost.amount()).stripTrailingZeros().toPlainString());
            costLimitPeriod.set(cost.period());
            costLimitAction.set(cost.action());
            Map<String, Object> rest = new LinkedHashMap<>(result.config());
            formKeys().forEach(rest::remove);
            extraJson.set(ConfigJson.pretty(rest));
            newIp.set("");
        } finally {
            applying = false;
        }
        revalidate();
        baseline = snapshot();
        dirty.set(false);
    }

    /** Empties the form for a provider added here: unsaved until saved, whatever it holds. */
    void applyNew() {
        apply(NOTHING_STORED);
        baseline = null;
        dirty.set(true);
    }

    /**
     * Adds {@link #newIpProperty()} to the allowed IPs when it is an address or CIDR range and not listed yet.
     *
     * @return why it was not added; empty when it was
     */
    Optional<String> addAllowedIp() {
        String entry = newIp.get() == null ? "" : newIp.get().strip();
        Optional<String> invalid = IpRanges.problem(entry);
        if (invalid.isPresent()) {
            return invalid;
        }
        if (allowedIps.contains(entry)) {
            return Optional.of(entry + " is already in the list.");
        }
        allowedIps.add(entry);
        newIp.set("");
        return Optional.empty();
    }

    void removeAllowedIp(String entry) {
        allowedIps.remove(entry);
    }

    // ---- checking and building ------------------------------------------------------------------------

    private void formChanged() {
        if (!applying) {
            revalidate();
            dirty.set(baseline == null || !baseline.equals(snapshot()));
        }
    }

    void revalidate() {
        lastParsed = ConfigJson.parse(extraJson.get());
        urlProblem.set(webhookInForm.get() ? nonNull(urlProblem(webhookUrl.get())) : "");
        ipsProblem.set(webhookInForm.get() ? allowedIps.stream().map(IpRanges::problem).flatMap(Optional::stream)
                .findFirst().map(p -> "Allowed IPs: " + p + " Remove it.").orElse("") : "");
        costProblem.set(costInForm.get() ? nonNull(costProblem()) : "");
        jsonProblem.set(lastParsed.ok() ? nonNull(formKeyInJson(lastParsed.value())) : lastParsed.problem());
        problem.set(Stream.of(urlProblem, ipsProblem, costProblem, jsonProblem).map(ReadOnlyStringWrapper::get)
                .filter(text -> !text.isEmpty()).findFirst().orElse(""));
    }

    private String costProblem() {
        if (amount(costLimitAmount.get()) == null) {
            return "The cost limit amount must be a number of dollars, 0 or more (e.g. 50 or 12.5).";
        }
        if (!CostLimit.PERIODS.contains(costLimitPeriod.get())) {
            return "The cost limit period must be one of " + CostLimit.PERIODS + ".";
        }
        if (!CostLimit.ACTIONS.contains(costLimitAction.get())) {
            return "The cost limit action must be one of " + CostLimit.ACTIONS + ".";
        }
        return null;
    }

    private String formKeyInJson(Map<String, Object> rest) {
        return formKeys().stream().filter(rest::containsKey).findFirst()
                .map(key -> key + " is edited in the form above: remove it from the JSON.").orElse(null);
    }

    private List<String> formKeys() {
        List<String> keys = new ArrayList<>(8);
        if (webhookInForm.get()) {
            keys.addAll(WebhookConfig.KEYS);
        }
        if (costInForm.get()) {
            keys.addAll(CostLimit.KEYS);
        }
        return keys;
    }

    /**
     * The config the form describes: its fields (only those stored before or differing from the default), then the JSON.
     * Call after {@link #revalidate()} found no problem.
     */
    Map<String, Object> buildConfig() {
        Map<String, Object> rest = lastParsed.value();
        Set<String> stored = stored().config().keySet();
        Map<String, Object> config = new LinkedHashMap<>();
        if (webhookInForm.get()) {
            String url = webhookUrl.get() == null ? "" : webhookUrl.get().strip();
            if (!url.isEmpty()) {
                config.put(WebhookConfig.URL, url);
            }
            if (webhookSecret.get() != null && !webhookSecret.get().isEmpty()) {
                config.put(WebhookConfig.SECRET, webhookSecret.get());
            }
            if (!requireSignature.get() || stored.contains(WebhookConfig.REQUIRE_SIGNATURE)) {
                config.put(WebhookConfig.REQUIRE_SIGNATURE, requireSignature.get());
            }
            if (!allowedIps.isEmpty() || stored.contains(WebhookConfig.ALLOWED_IPS)) {
                config.put(WebhookConfig.ALLOWED_IPS, List.copyOf(allowedIps));
            }
        }
        if (costInForm.get()) {
            if (costLimitEnabled.get() || stored.contains(CostLimit.ENABLED)) {
                config.put(CostLimit.ENABLED, costLimitEnabled.get());
            }
            BigDecimal amount = amount(costLimitAmount.get());
            Object storedAmount = stored().config().get(CostLimit.AMOUNT);
            if (storedAmount instanceof Number number && new BigDecimal(number.toString()).compareTo(amount) == 0) {
                config.put(CostLimit.AMOUNT, storedAmount); // unchanged: keep 50 as 50, not 50.0
            } else if (amount.signum() != 0 || stored.contains(CostLimit.AMOUNT)) {
                config.put(CostLimit.AMOUNT, amount.doubleValue());
            }
            if (!CostLimit.DEFAULT.period().equals(costLimitPeriod.get()) || stored.contains(CostLimit.PERIOD)) {
                config.put(CostLimit.PERIOD, costLimitPeriod.get());
            }
            if (!CostLimit.DEFAULT.action().equals(costLimitAction.get()) || stored.contains(CostLimit.ACTION)) {
                config.put(CostLimit.ACTION, costLimitAction.get());
            }
        }
        config.putAll(rest);
        return config;
    }

    private FormState snapshot() {
        String amountText = costLimitAmount.get() == null ? "" : costLimitAmount.get().strip();
        BigDecimal amount = amount(amountText);
        return new FormState(webhookInForm.get(), nonNull(webhookUrl.get()).strip(), nonNull(webhookSecret.get()),
                requireSignature.get(), List.copyOf(allowedIps), costInForm.get(), costLimitEnabled.get(),
                amount == null ? amountText : amount.stripTrailingZeros().toPlainString(), costLimitPeriod.get(),
                costLimitAction.get(), lastParsed.ok() ? lastParsed.value() : nonNull(extraJson.get()));
    }

    // ---- pure helpers -----------------------------------------------------------------------------------

    static String urlProblem(String text) {
        String url = text == null ? "" : text.strip();
        if (url.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // worded below
        }
        return "The webhook URL must be an http:// or https:// address with a host, e.g. https://example.com/hooks/replicate.";
    }

    /** A non-negative amount of dollars ("50", "12.5", "$12.50"), or null. */
    static BigDecimal amount(String text) {
        String plain = text == null ? "" : text.strip();
        if (plain.startsWith("$")) {
            plain = plain.substring(1).strip();
        }
        try {
            BigDecimal value = new BigDecimal(plain);
            return value.signum() < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    /** What was read for a provider: its config and typed fields, or why they could not be read. */
    record Loaded(Map<String, Object> config, WebhookConfig webhook, String webhookProblem, CostLimit cost,
                  String costProblem, String storedProblem) {
        @Override
        public String toString() {
            return "Loaded[" + config.keySet() + "]";
        }
    }

    /** The form's values, compared to tell unsaved changes. {@link #toString()} leaves the secret out. */
    private record FormState(boolean webhookInForm, String url, String secret, boolean requireSignature, List<String> ips,
                             boolean costInForm, boolean costEnabled, String amount, String period, String action,
                             Object rest) {
        @Override
        public String toString() {
            return "FormState[url=" + url + ", secret=" + (secret.isEmpty() ? "(none)" : "<set>") + ", ips=" + ips + "]";
        }
    }

    // ---- properties ---------------------------------------------------------------------------------------

    public StringProperty webhookUrlProperty() {
        return webhookUrl;
    }

    /** The webhook secret; bound to a masked field. */
    public StringProperty webhookSecretProperty() {
        return webhookSecret;
    }

    public BooleanProperty requireSignatureProperty() {
        return requireSignature;
    }

    /** The allowed IPs and CIDR ranges; change it through {@link #addAllowedIp()} and {@link #removeAllowedIp}. */
    public ObservableList<String> allowedIps() {
        return allowedIpsView;
    }

    public StringProperty newIpProperty() {
        return newIp;
    }

    public BooleanProperty costLimitEnabledProperty() {
        return costLimitEnabled;
    }

    /** The cost limit in dollars, as typed. */
    public StringProperty costLimitAmountProperty() {
        return costLimitAmount;
    }

    public StringProperty costLimitPeriodProperty() {
        return costLimitPeriod;
    }

    public StringProperty costLimitActionProperty() {
        return costLimitAction;
    }

    /** The rest of the config (every key the form does not edit) as a JSON object. */
    public StringProperty extraJsonProperty() {
        return extraJson;
    }

    /** False when the stored webhook keys have the wrong types: they stay in the JSON until fixed there. */
    public ReadOnlyBooleanProperty webhookInFormProperty() {
        return webhookInForm.getReadOnlyProperty();
    }

    /** False when the stored cost-limit keys have the wrong types: they stay in the JSON until fixed there. */
    public ReadOnlyBooleanProperty costInFormProperty() {
        return costInForm.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty urlProblemProperty() {
        return urlProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty ipsProblemProperty() {
        return ipsProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty costProblemProperty() {
        return costProblem.getReadOnlyProperty();
    }

    /** Why the JSON cannot be saved (with its line and column); empty when it can. */
    public ReadOnlyStringProperty jsonProblemProperty() {
        return jsonProblem.getReadOnlyProperty();
    }

    /** The first thing in the form that blocks Save; empty when nothing does. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Whether the form differs from what is stored (always, for a provider not saved yet). */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

}
