package io.secretdesk.ui.providers;

import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.SecretsManager.WriteOutcome;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.CostLimit;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.CredentialStore.CredentialInfo;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.core.store.StoreException;
import io.secretdesk.core.store.WebhookConfig;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.core.services.SecretWrites;
import io.secretdesk.core.target.TakesEffect;
import io.secretdesk.core.target.Target;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state and commands of the Provider Config view: the providers that have a config in the store, a form
 * for the selected one (webhook and cost-limit fields, the rest of its config as JSON), its API token, and
 * the audit log.
 *
 * <p>Every call into the store or the secrets chain runs through the {@link UiExecutor}; properties change on
 * the FX thread (on the test's thread under plain JUnit). Only the selected provider can have unsaved
 * changes: selecting another one while it has them asks first ({@link #pendingSwitchProperty()}). The
 * webhook secret and the token live only in the properties bound to their fields; they are never logged or
 * put in a message.
 */
public final class ProvidersViewModel {

    static final String WEBHOOK_URL = "webhook_url";
    static final String WEBHOOK_SECRET = "webhook_secret";
    static final String REQUIRE_SIGNATURE = "webhook_require_signature";
    static final String ALLOWED_IPS = "webhook_allowed_ips";
    static final String COST_ENABLED = "cost_limit_enabled";
    static final String COST_AMOUNT = "cost_limit_amount";
    static final String COST_PERIOD = "cost_limit_period";
    static final String COST_ACTION = "cost_limit_action";
    static final List<String> WEBHOOK_KEYS = List.of(WEBHOOK_URL, WEBHOOK_SECRET, REQUIRE_SIGNATURE, ALLOWED_IPS);
    static final List<String> COST_KEYS = List.of(COST_ENABLED, COST_AMOUNT, COST_PERIOD, COST_ACTION);

    /** The cost-limit periods, in the order the form offers them: core's list. */
    public static final List<String> PERIODS = CostLimit.PERIODS;
    /** What happens at the limit, in the order the form offers them: core's list (it offered a "notify" core refused). */
    public static final List<String> ACTIONS = CostLimit.ACTIONS;

    private static final WebhookConfig NO_WEBHOOK = new WebhookConfig(Optional.empty(), Optional.empty(), true, List.of());
    private static final Loaded NOTHING_STORED = new Loaded(Map.of(), NO_WEBHOOK, null, CostLimit.DEFAULT, null, null);

    private final Supplier<ProviderConfigStore> configs;
    private final Supplier<CredentialStore> credentials;
    private final Supplier<AuditLog> auditLog;
    private final Supplier<SecretsManager> secrets;
    private final UiExecutor executor;
    private final Runnable afterSecretWritten;
    private final SecretWrites tokenWrites;
    private final AuditTrail audit;

    private final ObservableList<String> providers = FXCollections.observableArrayList();
    private final ObservableList<String> providersView = FXCollections.unmodifiableObservableList(providers);
    private final ReadOnlyStringWrapper selected = new ReadOnlyStringWrapper(this, "selected");
    private final ReadOnlyStringWrapper pendingSwitch = new ReadOnlyStringWrapper(this, "pendingSwitch");
    private final StringProperty newProviderName = new SimpleStringProperty(this, "newProviderName", "");

    private final StringProperty webhookUrl = new SimpleStringProperty(this, "webhookUrl", "");
    private final StringProperty webhookSecret = new SimpleStringProperty(this, "webhookSecret", "");
    private final BooleanProperty requireSignature = new SimpleBooleanProperty(this, "requireSignature", true);
    private final ObservableList<String> allowedIps = FXCollections.observableArrayList();
    private final ObservableList<String> allowedIpsView = FXCollections.unmodifiableObservableList(allowedIps);
    private final StringProperty newIp = new SimpleStringProperty(this, "newIp", "");
    private final BooleanProperty costLimitEnabled = new SimpleBooleanProperty(this, "costLimitEnabled", false);
    private final StringProperty costLimitAmount = new SimpleStringProperty(this, "costLimitAmount", "0");
    private final StringProperty costLimitPeriod = new SimpleStringProperty(this, "costLimitPeriod", "daily");
    private final StringProperty costLimitAction = new SimpleStringProperty(this, "costLimitAction", "warn");
    private final StringProperty extraJson = new SimpleStringProperty(this, "extraJson", "{}");
    private final ReadOnlyBooleanWrapper webhookInForm = new ReadOnlyBooleanWrapper(this, "webhookInForm", true);
    private final ReadOnlyBooleanWrapper costInForm = new ReadOnlyBooleanWrapper(this, "costInForm", true);

    private final ReadOnlyStringWrapper urlProblem = new ReadOnlyStringWrapper(this, "urlProblem", "");
    private final ReadOnlyStringWrapper ipsProblem = new ReadOnlyStringWrapper(this, "ipsProblem", "");
    private final ReadOnlyStringWrapper costProblem = new ReadOnlyStringWrapper(this, "costProblem", "");
    private final ReadOnlyStringWrapper jsonProblem = new ReadOnlyStringWrapper(this, "jsonProblem", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(this, "working", false);
    private final BooleanBinding canSave;

    private final Notice notice;
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError", false);
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.NONE);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "");

    private final ReadOnlyStringWrapper tokenKey = new ReadOnlyStringWrapper(this, "tokenKey", "");
    private final StringProperty tokenInput = new SimpleStringProperty(this, "tokenInput", "");
    private final ReadOnlyStringWrapper tokenSource = new ReadOnlyStringWrapper(this, "tokenSource", "");
    private final ReadOnlyBooleanWrapper tokenOverridden = new ReadOnlyBooleanWrapper(this, "tokenOverridden", false);
    private final ReadOnlyStringWrapper tokenHint = new ReadOnlyStringWrapper(this, "tokenHint", "");
    private final ReadOnlyStringWrapper credentialsSummary = new ReadOnlyStringWrapper(this, "credentialsSummary", "");

    /** What was read for the selected provider; the form returns to it on discard. */
    private Loaded lastLoaded = NOTHING_STORED;
    /** The form as it was stored; null for a provider added here and not saved yet. */
    private FormState baseline;
    /** A provider added here and not saved yet (it is the selected one), else null. */
    private String unsavedNew;
    private ConfigJson.Parsed lastParsed = ConfigJson.parse("{}");
    /** Bumped when another provider is opened, so a late answer about the previous one is dropped. */
    private long generation;
    /** The shell's target switch, or null (this machine only). */
    private TargetSwitch targets;
    /** The server the page acts on, or null for this machine's files; set on the FX thread, read by background work. */
    private volatile String server;
    private boolean applying;
    /** The selected provider's config as another process stored it while the form held unsaved edits; else null. */
    private Loaded outside;
    private final ReadOnlyBooleanWrapper outsidePending = new ReadOnlyBooleanWrapper(this, "outsidePending", false);

    /**
     * The suppliers build the core services on first use (opening SQLite, loading the provider SDKs), so they are
     * called only inside background work ({@code Services::providerConfigs} and so on in the console).
     *
     * @param configs            the provider configs, read through their cache
     * @param credentials        the encrypted credentials (their names are listed, never their values)
     * @param audit              the audit log: the Audit tab, and the entry of a token saved here
     * @param secrets            the secrets chain: where a provider's token comes from
     * @param tokenWrites        the token's write to the secrets file (history and audit entry, as every file write)
     * @param afterSecretWritten runs on the FX thread after a token was written to the secrets file (the console
     *                           checks the status bar's sources again)
     */
    public ProvidersViewModel(Supplier<ProviderConfigStore> configs, Supplier<CredentialStore> credentials,
                              Supplier<AuditLog> audit, Supplier<SecretsManager> secrets, SecretWrites tokenWrites,
                              UiExecutor executor, Runnable afterSecretWritten) {
        this(configs, credentials, audit, secrets, tokenWrites, executor, afterSecretWritten,
                new Notice(System::nanoTime, (period, tick) -> () -> { }));
    }

    /**
     * As above, with the page's notice: the console's ({@code Reveals.newNotice()}), so a success or information
     * notice goes by itself after a while; the constructor above keeps every notice until it is replaced.
     */
    public ProvidersViewModel(Supplier<ProviderConfigStore> configs, Supplier<CredentialStore> credentials,
                              Supplier<AuditLog> audit, Supplier<SecretsManager> secrets, SecretWrites tokenWrites,
                              UiExecutor executor, Runnable afterSecretWritten, Notice notice) {
        this.notice = Objects.requireNonNull(notice, "notice");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.auditLog = Objects.requireNonNull(audit, "audit");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.afterSecretWritten = Objects.requireNonNull(afterSecretWritten, "afterSecretWritten");
        this.tokenWrites = Objects.requireNonNull(tokenWrites, "tokenWrites");
        this.audit = new AuditTrail(() -> {
            String on = server;
            return on == null ? audit.get().recent(AuditTrail.LIMIT) : targets.target(on).audit(AuditQuery.newest(AuditTrail.LIMIT));
        }, () -> {
            String on = server;
            return on == null ? audit.get().verifyChain() : targets.target(on).verifyAudit();
        }, executor);
        for (Observable field : List.<Observable>of(webhookUrl, webhookSecret, requireSignature, allowedIps, costLimitEnabled,
                costLimitAmount, costLimitPeriod, costLimitAction, extraJson)) {
            field.addListener(obs -> formChanged());
        }
        tokenInput.addListener((obs, old, now) -> tokenHint.set(tokenHint(selected.get(), now)));
        dirty.addListener((obs, was, now) -> {
            Notice.Kind said = notice.kindProperty().get();
            if (now && (said == Notice.Kind.SUCCESS || said == Notice.Kind.INFO)) {
                notice.dismiss(); // it spoke of the form before this edit: "Saved" beside "Unsaved changes" contradicts it
            }
        });
        for (Observable source : List.<Observable>of(notice.textProperty(), notice.kindProperty(), dirty, problem)) {
            source.addListener(obs -> updateStatus());
        }
        canSave = Bindings.createBooleanBinding(() -> selected.get() != null && loaded.get() && dirty.get()
                && problem.get().isEmpty() && !working.get(), selected, loaded, dirty, problem, working);
    }

    // ---- commands ------------------------------------------------------------------------------------

    /**
     * Follows the shell's target switch: configs, the audit tab and the Replicate token act on the chosen target (this
     * machine's files, or a server through SimpleTuner's API). A switch re-reads the page; unsaved edits are kept, and
     * the message says that Save now writes them to the new target.
     */
    public void followTarget(TargetSwitch switcher) {
        this.targets = Objects.requireNonNull(switcher, "switcher");
        switcher.chosenProperty().addListener((obs, old, now) -> {
            server = switcher.remote() ? now : null;
            if (dirty.get()) {
                say(Notice.Kind.WARNING, "Your unsaved edits of " + selected.get() + " are kept: Save now writes them to " + now + ".");
            }
            refresh();
        });
    }

    /** Lists the providers again and re-reads the selected one unless it has unsaved changes; reloads the audit log. */
    public void refresh() {
        String on = server;
        executor.run(() -> on == null ? configs.get().listProviders() : targets.target(on).providers(), names -> {
            List<String> all = new ArrayList<>(names);
            if (unsavedNew != null && !all.contains(unsavedNew)) {
                all.add(unsavedNew);
                all.sort(null);
            }
            providers.setAll(all);
            String current = selected.get();
            if (current == null) {
                if (!all.isEmpty()) {
                    open(all.contains("replicate") ? "replicate" : all.get(0));
                }
            } else if (!dirty.get()) {
                open(current);
            }
        }, error -> say(Notice.Kind.ERROR, "The provider list could not be read: " + ErrorMessages.oneLine(error)));
        audit.refresh();
    }

    /**
     * Opens {@code provider}; when the selected one has unsaved changes nothing changes yet and
     * {@link #pendingSwitchProperty()} asks the user ({@link #confirmSwitch()} or {@link #cancelSwitch()}).
     */
    public void select(String provider) {
        if (provider == null || provider.equals(selected.get())) {
            pendingSwitch.set(null);
            return;
        }
        if (dirty.get()) {
            pendingSwitch.set(provider);
            return;
        }
        open(provider);
    }

    /** Drops the unsaved changes and opens the provider the user asked for. */
    public void confirmSwitch() {
        String target = pendingSwitch.get();
        if (target == null) {
            return;
        }
        pendingSwitch.set(null);
        dropUnsavedNew();
        if (providers.contains(target)) {
            open(target);
        } else {
            createNew(target);
        }
    }

    /** Keeps editing the selected provider. */
    public void cancelSwitch() {
        pendingSwitch.set(null);
    }

    /** Adds the provider named in {@link #newProviderNameProperty()} (unsaved until Save), or opens it if it exists. */
    public void addProvider() {
        String name = newProviderName.get() == null ? "" : newProviderName.get().strip();
        String invalid = providerNameProblem(name);
        if (invalid != null) {
            say(Notice.Kind.ERROR, invalid);
            return;
        }
        newProviderName.set("");
        if (providers.contains(name)) {
            select(name);
        } else if (dirty.get()) {
            pendingSwitch.set(name);
        } else {
            createNew(name);
        }
    }

    /** Puts the form back as it was stored; a provider added here and never saved is removed. */
    public void discard() {
        String provider = selected.get();
        if (provider == null) {
            return;
        }
        if (provider.equals(unsavedNew)) {
            dropUnsavedNew();
            clearSelection();
            if (!providers.isEmpty()) {
                open(providers.get(0));
            }
            say(Notice.Kind.INFO, "Discarded the new provider " + provider + ".");
            return;
        }
        if (outside != null) {
            lastLoaded = outside; // the newest stored config, not the one the edits started from
        }
        apply(lastLoaded);
        say(Notice.Kind.INFO, "Discarded the unsaved changes to " + provider + ".");
    }

    /** Adds {@link #newIpProperty()} to the allowed IPs when it is an address or CIDR range; says why not otherwise. */
    public boolean addAllowedIp() {
        String entry = newIp.get() == null ? "" : newIp.get().strip();
        Optional<String> invalid = IpRanges.problem(entry);
        if (invalid.isPresent()) {
            say(Notice.Kind.ERROR, invalid.get());
            return false;
        }
        if (allowedIps.contains(entry)) {
            say(Notice.Kind.ERROR, entry + " is already in the list.");
            return false;
        }
        allowedIps.add(entry);
        newIp.set("");
        notice.dismiss(); // the refusal of an earlier entry is answered
        return true;
    }

    public void removeAllowedIp(String entry) {
        allowedIps.remove(entry);
    }

    /**
     * Writes what the form changed through the store: only the keys that differ from what was loaded are set (a key
     * the form dropped is removed), in one transaction that keeps what SimpleTuner's server changed meanwhile. A stored
     * config that was not readable (the form said saving replaces it) is replaced whole. Refused, with the reason,
     * while anything in the form is invalid.
     */
    public void save() {
        String provider = selected.get();
        if (provider == null || working.get() || !loaded.get()) {
            return;
        }
        revalidate();
        if (!problem.get().isEmpty()) {
            say(Notice.Kind.ERROR, "Not saved: " + problem.get());
            return;
        }
        Map<String, Object> config = buildConfig(lastParsed.value());
        Loaded base = lastLoaded;
        boolean replaceUnreadable = base.storedProblem() != null;
        Map<String, Object> changes = ConfigChanges.between(base.config(), config);
        long gen = generation;
        working.set(true);
        String on = server;
        executor.run(() -> {
            if (on != null) {
                Target target = targets.target(on);
                target.mergeProviderConfig(provider, changes);
                return new Saved(read(provider, on), 0);
            }
            if (replaceUnreadable) {
                configs.get().saveProviderConfig(provider, config, true);
            } else {
                configs.get().updateProviderConfig(provider, changes);
            }
            return new Saved(read(provider, null), newestAuditSeq());
        }, saved -> {
            working.set(false);
            if (provider.equals(unsavedNew)) {
                unsavedNew = null;
            }
            if (gen == generation) {
                lastLoaded = saved.loaded();
                apply(saved.loaded());
            }
            say(Notice.Kind.SUCCESS, "Saved " + provider + (on == null ? "" : " on " + on) + saved.auditNote() + ". "
                    + TakesEffect.of(Target.Setting.PROVIDER_CONFIG).sentence());
            audit.refresh();
        }, error -> {
            working.set(false);
            say(Notice.Kind.ERROR, "Not saved: " + ErrorMessages.oneLine(error));
        });
    }

    /**
     * Writes {@link #tokenInputProperty()} as the provider's token through the secrets chain's write path
     * (the secrets file, atomic and owner-only) and audits it; says when an environment variable still wins.
     */
    public void saveToken() {
        String provider = selected.get();
        String key = tokenKey.get();
        String token = tokenInput.get() == null ? "" : tokenInput.get().strip();
        if (provider == null || working.get()) {
            return;
        }
        if (token.isEmpty()) {
            say(Notice.Kind.ERROR, "Enter the token first; nothing was saved.");
            return;
        }
        if (server != null) {
            saveTokenOn(server, provider, token);
            return;
        }
        working.set(true);
        long gen = generation;
        executor.run(() -> {
            // The core write: refused before anything is written when it could not be audited.
            WriteOutcome outcome = tokenWrites.set(key, token);
            return new TokenSaved(new TokenState(outcome.after(), credentialNames(provider)), null);
        }, saved -> {
            working.set(false);
            tokenInput.set("");
            TokenState state = saved.state();
            if (gen == generation) {
                showToken(state);
            }
            String written = "Saved " + key + " to the secrets file";
            String outcome = tokenOverridden.get()
                    ? written + ", but " + winner(state.resolution()) + " still wins: unset it to use the saved token."
                    : written + "; the chain now returns it.";
            if (saved.auditProblem() == null) {
                say(tokenOverridden.get() ? Notice.Kind.WARNING : Notice.Kind.SUCCESS, outcome);
            } else {
                say(Notice.Kind.ERROR, outcome + " Its audit entry could not be written: " + saved.auditProblem());
            }
            audit.refresh();
            afterSecretWritten.run();
        }, error -> {
            working.set(false);
            say(Notice.Kind.ERROR, key + " was not saved: " + ErrorMessages.oneLine(error));
        });
    }

    /**
     * Says that {@code file} (jobs.db, where provider configs live) was committed to by another process or connection:
     * lists the providers and reads the selected one again past the config cache, off the FX thread. A selected config
     * that differs from the one the form last read is put in the form, and the page says so; with unsaved edits the form
     * is kept and the page asks "Reload?" ({@link #outsidePendingProperty()}, {@link #reloadOutside()}). A commit that
     * left everything as shown (the console's own Save, the pricing table, a checkpoint) says nothing. FX thread.
     */
    public void changedOutside(String file) {
        String provider = selected.get();
        if (!loaded.get() || working.get() || provider == null || server != null) {
            return; // a read or a Save under way shows the stored state anyway; a server's configs are not in this file
        }
        boolean stored = !provider.equals(unsavedNew);
        long gen = generation;
        executor.run(() -> {
            ProviderConfigStore store = configs.get();
            store.cache().clear(); // every provider's cached config may be stale, not only the selected one's
            return new Outside(store.listProviders(), stored ? read(provider, null) : null);
        }, now -> {
            List<String> names = new ArrayList<>(now.providers());
            if (unsavedNew != null && !names.contains(unsavedNew)) {
                names.add(unsavedNew);
                names.sort(null);
            }
            boolean listChanged = !names.equals(providers);
            if (listChanged) {
                providers.setAll(names);
            }
            if (gen != generation || working.get() || server != null) {
                return;
            }
            if (now.loaded() != null && !now.loaded().equals(lastLoaded)) {
                if (!dirty.get()) {
                    lastLoaded = now.loaded();
                    apply(now.loaded());
                    say(Notice.Kind.INFO, file + " changed outside the console; " + provider + "'s config was reloaded.");
                } else {
                    outside = now.loaded();
                    outsidePending.set(true);
                    say(Notice.Kind.WARNING, file + " changed outside the console: " + provider + "'s stored config is not the one you "
                            + "started editing. Reload? (Reload drops your unsaved edits; Save keeps yours and merges.)");
                }
            } else if (listChanged) {
                say(Notice.Kind.INFO, file + " changed outside the console; the provider list was reloaded.");
            }
        }, error -> say(Notice.Kind.ERROR, file + " changed outside the console, and it could not be read again: "
                + ErrorMessages.oneLine(error)));
    }

    /** Puts the config another process stored in the form, dropping unsaved edits; after {@link #changedOutside}. */
    public void reloadOutside() {
        if (outside == null) {
            return;
        }
        lastLoaded = outside;
        apply(outside);
        say(Notice.Kind.INFO, "Reloaded " + selected.get() + "'s stored config; your unsaved edits were dropped.");
    }

    /**
     * Says that {@code file} (audit.db) was committed to: the Audit tab reads its entries again and its summary line
     * says how many are new. The console's own entries, already shown after its Save, say nothing.
     */
    public void auditChangedOutside(String file) {
        if (server == null) { // a server's audit log is not in this file
            audit.reloadAfterOutsideChange(file);
        }
    }

    /** Whether another process stored a different config of the selected provider while the form held unsaved edits. */
    public ReadOnlyBooleanProperty outsidePendingProperty() {
        return outsidePending.getReadOnlyProperty();
    }

    /** Sends Replicate's token to server {@code on} (write-only there); the field keeps it when the server refuses. */
    private void saveTokenOn(String on, String provider, String token) {
        if (!provider.equals("replicate")) {
            say(Notice.Kind.ERROR, "SimpleTuner's API can set only Replicate's token; nothing was sent to " + on + ".");
            return;
        }
        working.set(true);
        executor.run(() -> targets.target(on).setReplicateToken(token), change -> {
            working.set(false);
            if (!change.done()) {
                say(Notice.Kind.ERROR, "The token was not stored on " + on + ": " + change.problem());
                return;
            }
            tokenInput.set("");
            say(change.problem() != null ? Notice.Kind.WARNING : Notice.Kind.SUCCESS, "Stored the token on " + on + (change.problem() == null ? "" : " (" + change.problem()
                    + ")") + ". " + change.takesEffect().sentence());
        }, error -> {
            working.set(false);
            say(Notice.Kind.ERROR, "The token was not stored on " + on + ": " + ErrorMessages.oneLine(error));
        });
    }

    /** Whether quitting now would lose something typed: unsaved changes to the form, or a token not saved yet. */
    public boolean hasUnsavedChanges() {
        return dirty.get() || !nonNull(tokenInput.get()).isBlank();
    }

    // ---- reading and applying --------------------------------------------------------------------------

    private void open(String provider) {
        long gen = ++generation;
        pendingSwitch.set(null); // a question about leaving the provider shown before is answered by opening this one
        if (!provider.equals(selected.get())) {
            notice.dismiss(); // it was about the provider shown before
        }
        selected.set(provider);
        loaded.set(false);
        String on = server;
        executor.run(() -> read(provider, on), result -> {
            if (gen != generation) {
                return;
            }
            lastLoaded = result;
            apply(result);
            loaded.set(true);
            if (result.storedProblem() != null) {
                say(Notice.Kind.ERROR, result.storedProblem());
            } else if (result.webhookProblem() != null || result.costProblem() != null) {
                say(Notice.Kind.ERROR, Stream.of(result.webhookProblem(), result.costProblem()).filter(Objects::nonNull)
                        .collect(Collectors.joining(" ")) + " Those keys are shown in the JSON below: fix or remove them there.");
            }
        }, error -> {
            if (gen == generation) {
                say(Notice.Kind.ERROR, "The config of " + provider + " could not be read: " + ErrorMessages.oneLine(error));
            }
        });
        loadToken(provider);
    }

    private void createNew(String provider) {
        generation++;
        pendingSwitch.set(null);
        providers.add(provider);
        providers.sort(null);
        unsavedNew = provider;
        selected.set(provider);
        lastLoaded = NOTHING_STORED;
        apply(NOTHING_STORED);
        baseline = null;
        dirty.set(true);
        loaded.set(true);
        say(Notice.Kind.INFO, "New provider " + provider + ": fill in the form and Save to create it.");
        loadToken(provider);
    }

    private void dropUnsavedNew() {
        if (unsavedNew != null) {
            providers.remove(unsavedNew);
            unsavedNew = null;
        }
    }

    private void clearSelection() {
        generation++;
        pendingSwitch.set(null);
        selected.set(null);
        loaded.set(false);
        lastLoaded = NOTHING_STORED;
        apply(NOTHING_STORED);
        tokenKey.set("");
        tokenSource.set("");
        credentialsSummary.set("");
    }

    /** Reads a provider's config and its typed fields (blocking: runs off the FX thread). */
    private Loaded read(String provider, String on) {
        Map<String, Object> config;
        try {
            config = on == null ? configs.get().getProviderConfig(provider) : targets.target(on).providerConfig(provider);
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.INVALID_DATA) {
                throw e;
            }
            return new Loaded(Map.of(), NO_WEBHOOK, null, CostLimit.DEFAULT, null, e.getMessage()
                    + " The form shows the defaults: saving replaces the stored config.");
        }
        WebhookConfig webhook = null;
        String webhookProblem = null;
        try {
            webhook = ProviderConfigStore.webhookConfig(provider, config);
        } catch (IllegalArgumentException e) {
            webhookProblem = e.getMessage() + ".";
        }
        CostLimit cost = null;
        String costProblem = null;
        try {
            cost = ProviderConfigStore.costLimit(provider, config);
        } catch (IllegalArgumentException e) {
            costProblem = e.getMessage() + ".";
        }
        return new Loaded(config, webhook, webhookProblem, cost, costProblem, null);
    }

    private void apply(Loaded result) {
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
        outside = null;
        outsidePending.set(false);
    }

    private void loadToken(String provider) {
        String key = tokenKey(provider);
        tokenKey.set(key);
        tokenInput.set("");
        tokenOverridden.set(false);
        tokenSource.set("Checking where " + key + " comes from…");
        credentialsSummary.set("");
        long gen = generation;
        if (server != null) {
            tokenSource.set(provider.equals("replicate")
                    ? "On " + server + " the token is write-only (SimpleTuner never returns it): Save token sends it there."
                    : "On " + server + " SimpleTuner's API can set only Replicate's token.");
            return;
        }
        executor.run(() -> new TokenState(secrets.get().resolve(key), credentialNames(provider)), state -> {
            if (gen == generation) {
                showToken(state);
            }
        }, error -> {
            if (gen == generation) {
                tokenSource.set("Could not check " + key + ": " + ErrorMessages.oneLine(error));
            }
        });
    }

    private void showToken(TokenState state) {
        Resolution resolution = state.resolution();
        tokenOverridden.set(overridesFile(resolution));
        tokenSource.set(describeSource(resolution));
        credentialsSummary.set(state.credentials());
    }

    private String credentialNames(String provider) {
        try {
            List<CredentialInfo> stored = credentials.get().list(provider);
            if (stored.isEmpty()) {
                return "The encrypted credential store holds nothing for " + provider + ".";
            }
            return "The encrypted credential store also holds for " + provider + ": " + stored.stream()
                    .map(info -> info.name() + (info.active() ? "" : " (inactive)")).collect(Collectors.joining(", "))
                    + " (secretdesk credentials).";
        } catch (RuntimeException e) {
            return "The encrypted credential store could not be read: " + ErrorMessages.oneLine(e);
        }
    }

    private long newestAuditSeq() {
        List<AuditEntry> newest = auditLog.get().recent(1);
        return newest.isEmpty() ? 0 : newest.get(0).seq();
    }

    // ---- the form ---------------------------------------------------------------------------------------

    private void formChanged() {
        if (!applying) {
            revalidate();
            dirty.set(baseline == null || !baseline.equals(snapshot()));
        }
    }

    private void revalidate() {
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
        if (!PERIODS.contains(costLimitPeriod.get())) {
            return "The cost limit period must be one of " + PERIODS + ".";
        }
        if (!ACTIONS.contains(costLimitAction.get())) {
            return "The cost limit action must be one of " + ACTIONS + ".";
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
            keys.addAll(WEBHOOK_KEYS);
        }
        if (costInForm.get()) {
            keys.addAll(COST_KEYS);
        }
        return keys;
    }

    /** The config the form describes: its fields (only those stored before or differing from the default), then the JSON. */
    private Map<String, Object> buildConfig(Map<String, Object> rest) {
        Set<String> stored = lastLoaded.config().keySet();
        Map<String, Object> config = new LinkedHashMap<>();
        if (webhookInForm.get()) {
            String url = webhookUrl.get() == null ? "" : webhookUrl.get().strip();
            if (!url.isEmpty()) {
                config.put(WEBHOOK_URL, url);
            }
            if (webhookSecret.get() != null && !webhookSecret.get().isEmpty()) {
                config.put(WEBHOOK_SECRET, webhookSecret.get());
            }
            if (!requireSignature.get() || stored.contains(REQUIRE_SIGNATURE)) {
                config.put(REQUIRE_SIGNATURE, requireSignature.get());
            }
            if (!allowedIps.isEmpty() || stored.contains(ALLOWED_IPS)) {
                config.put(ALLOWED_IPS, List.copyOf(allowedIps));
            }
        }
        if (costInForm.get()) {
            if (costLimitEnabled.get() || stored.contains(COST_ENABLED)) {
                config.put(COST_ENABLED, costLimitEnabled.get());
            }
            BigDecimal amount = amount(costLimitAmount.get());
            Object storedAmount = lastLoaded.config().get(COST_AMOUNT);
            if (storedAmount instanceof Number number && new BigDecimal(number.toString()).compareTo(amount) == 0) {
                config.put(COST_AMOUNT, storedAmount); // unchanged: keep 50 as 50, not 50.0
            } else if (amount.signum() != 0 || stored.contains(COST_AMOUNT)) {
                config.put(COST_AMOUNT, amount.doubleValue());
            }
            if (!"daily".equals(costLimitPeriod.get()) || stored.contains(COST_PERIOD)) {
                config.put(COST_PERIOD, costLimitPeriod.get());
            }
            if (!"warn".equals(costLimitAction.get()) || stored.contains(COST_ACTION)) {
                config.put(COST_ACTION, costLimitAction.get());
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

    /** The secrets-chain key of a provider's API token: {@code REPLICATE_API_TOKEN} for replicate, {@code HF_TOKEN} for Hugging Face. */
    static String tokenKey(String provider) {
        String lower = provider.toLowerCase(Locale.ROOT);
        if (lower.equals("huggingface") || lower.equals("hugging_face") || lower.equals("hf")) {
            return SecretsManager.HF_TOKEN;
        }
        return provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "") + "_API_TOKEN";
    }

    static String tokenHint(String provider, String token) {
        if (provider == null || token == null || token.isBlank()) {
            return "";
        }
        String key = tokenKey(provider);
        String value = token.strip();
        if (key.equals(SecretsManager.REPLICATE_API_TOKEN) && !value.startsWith("r8_")) {
            return "Replicate tokens start with r8_: check that you pasted the right value.";
        }
        if (key.equals(SecretsManager.HF_TOKEN) && !value.startsWith("hf_")) {
            return "Hugging Face tokens start with hf_: check that you pasted the right value.";
        }
        return "";
    }

    static String providerNameProblem(String name) {
        if (name.isEmpty()) {
            return "Type the provider's name first (e.g. replicate).";
        }
        if (name.length() > 128 || name.contains(":") || name.chars().anyMatch(Character::isISOControl)) {
            return "A provider name is up to 128 characters, without ':' or control characters.";
        }
        return null;
    }

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

    /** Whether a provider above the secrets file (an environment variable) supplies the key. */
    static boolean overridesFile(Resolution resolution) {
        List<Resolution.Outcome> outcomes = resolution.outcomes();
        for (Resolution.Outcome outcome : outcomes) {
            if (outcome.provider().equals("file")) {
                return false;
            }
            if (outcome.status() == Resolution.Status.SUPPLIES) {
                return true;
            }
        }
        return false;
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
        } else if (supplier.get().provider().equals("file")) {
            text.append(key).append(" comes from the secrets file (").append(supplier.get().location()).append(").");
        } else {
            text.append(key).append(" comes from ").append(supplier.get().provider()).append(" (")
                    .append(supplier.get().location()).append("); a token saved here goes to the secrets file, which is read first.");
        }
        if (!resolution.shadowed().isEmpty()) {
            text.append(" Also held, unused, by: ").append(String.join(", ", resolution.shadowed())).append('.');
        }
        List<String> unanswered = resolution.outcomes().stream().filter(o -> o.status() == Resolution.Status.UNAVAILABLE)
                .filter(o -> !cannotHoldAnything(o.detail())).map(Resolution.Outcome::provider).toList();
        if (!unanswered.isEmpty()) {
            text.append(" Could not ask: ").append(String.join(", ", unanswered)).append('.');
        }
        return text.toString();
    }

    /** A source that is not set up (no secrets file yet, AWS or Vault not configured) holds nothing: no need to mention it. */
    private static boolean cannotHoldAnything(String detail) {
        return detail.contains("not configured") || detail.startsWith("no secrets file");
    }

    private static String winner(Resolution resolution) {
        return resolution.supplier().map(o -> o.provider().equals("env") ? "the environment " + o.location()
                : o.provider() + " (" + o.location() + ")").orElse("no source");
    }

    private void say(Notice.Kind kind, String text) {
        notice.say(kind, text);
    }

    /** The page's one status, from the notice, the unsaved edits and what blocks Save (see {@link Status}). */
    private void updateStatus() {
        Notice.Kind said = notice.kindProperty().get();
        String text = notice.textProperty().get();
        messageIsError.set(said == Notice.Kind.ERROR);
        Status now;
        if (said == Notice.Kind.ERROR) {
            now = Status.ERROR;
        } else if (dirty.get() && !problem.get().isEmpty()) {
            now = Status.ERROR;
            text = "Cannot save yet: " + problem.get();
        } else if (dirty.get()) {
            now = Status.UNSAVED;
        } else {
            now = switch (said) {
                case SUCCESS -> Status.SAVED;
                case WARNING -> Status.WARNING;
                case INFO -> Status.INFO;
                default -> Status.NONE;
            };
        }
        statusText.set(text);
        status.set(now);
    }

    /** Removes what the last action said (the status line's x); a problem that blocks Save stays until fixed. */
    public void dismissMessage() {
        notice.dismiss();
    }

    /** Removes the notice and a pending switch question (the page was left, the theme changed, the console locked). */
    public void dismissNotices() {
        notice.dismiss();
        pendingSwitch.set(null);
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    /** The page's status: exclusive, so "Saved", "Unsaved changes" and an error are never shown together. */
    public enum Status { NONE, INFO, WARNING, SAVED, UNSAVED, ERROR }

    /** What was read for a provider: its config and typed fields, or why they could not be read. */
    private record Loaded(Map<String, Object> config, WebhookConfig webhook, String webhookProblem, CostLimit cost,
                          String costProblem, String storedProblem) {
        @Override
        public String toString() {
            return "Loaded[" + config.keySet() + "]";
        }
    }

    /** What a re-read after an outside change found: the provider names, and the selected one's config (or null). */
    private record Outside(List<String> providers, Loaded loaded) {
    }

    private record Saved(Loaded loaded, long auditSeq) {
        String auditNote() {
            return auditSeq > 0 ? " (audit entry #" + auditSeq + ")" : "";
        }
    }

    private record TokenState(Resolution resolution, String credentials) {
    }

    private record TokenSaved(TokenState state, String auditProblem) {
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

    /** The providers with a stored config, sorted, plus one added here and not saved yet. */
    public ObservableList<String> providers() {
        return providersView;
    }

    /** The provider whose config the form shows; null when none. */
    public ReadOnlyStringProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** A provider the user asked to open while the selected one has unsaved changes; null when not asking. */
    public ReadOnlyStringProperty pendingSwitchProperty() {
        return pendingSwitch.getReadOnlyProperty();
    }

    public StringProperty newProviderNameProperty() {
        return newProviderName;
    }

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

    /** Whether the form holds the selected provider's config (false while it is read). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Whether a save is in flight. */
    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    public BooleanBinding canSave() {
        return canSave;
    }

    /** The outcome of the last action, or why it was refused; one line; empty when it has gone. */
    public ReadOnlyStringProperty messageProperty() {
        return notice.textProperty();
    }

    /**
     * The page's one status: what the status line and the "Unsaved changes" marker show, so that they never contradict
     * each other. {@link Status#ERROR} (an action failed, or the edits cannot be saved as they are) wins over
     * {@link Status#UNSAVED}, which wins over what the last action said ({@link Status#SAVED}, {@link Status#INFO},
     * {@link Status#WARNING}); a success or information notice goes as soon as the form is edited again.
     */
    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * What the status line says: the error, the outcome of the last action, or under {@link Status#UNSAVED} what was
     * said since the edits began (a new provider, a change outside the console); empty when there is nothing to say.
     */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /** The secrets-chain key the selected provider's token is saved under. */
    public ReadOnlyStringProperty tokenKeyProperty() {
        return tokenKey.getReadOnlyProperty();
    }

    /** The token being typed; cleared after a save. Bound to a masked field. */
    public StringProperty tokenInputProperty() {
        return tokenInput;
    }

    /** Where the chain finds the token now (never its value), and whether a save here would take effect. */
    public ReadOnlyStringProperty tokenSourceProperty() {
        return tokenSource.getReadOnlyProperty();
    }

    /** Whether an environment variable supplies the token, so the secrets file is not used. */
    public ReadOnlyBooleanProperty tokenOverriddenProperty() {
        return tokenOverridden.getReadOnlyProperty();
    }

    /** A format hint for the token being typed (e.g. Replicate tokens start with r8_); empty when none. */
    public ReadOnlyStringProperty tokenHintProperty() {
        return tokenHint.getReadOnlyProperty();
    }

    /** The names (never values) of the provider's credentials in the encrypted credential store. */
    public ReadOnlyStringProperty credentialsSummaryProperty() {
        return credentialsSummary.getReadOnlyProperty();
    }

    public AuditTrail audit() {
        return audit;
    }
}
