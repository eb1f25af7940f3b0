package io.secretdesk.ui.providers;

import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.CostLimit;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.core.services.SecretWrites;
import io.secretdesk.core.target.TakesEffect;
import io.secretdesk.core.target.Target;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.providers.ProviderForm.Loaded;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
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

    /** The cost-limit periods, in the order the form offers them: core's list. */
    public static final List<String> PERIODS = CostLimit.PERIODS;
    /** What happens at the limit, in the order the form offers them: core's list (it offered a "notify" core refused). */
    public static final List<String> ACTIONS = CostLimit.ACTIONS;

    private final TargetConfigs configs;
    private final UiExecutor executor;
    private final AuditTrail audit;

    private final ObservableList<String> providers = FXCollections.observableArrayList();
    private final ObservableList<String> providersView = FXCollections.unmodifiableObservableList(providers);
    private final ReadOnlyStringWrapper selected = new ReadOnlyStringWrapper(this, "selected");
    private final ReadOnlyStringWrapper pendingSwitch = new ReadOnlyStringWrapper(this, "pendingSwitch");
    private final StringProperty newProviderName = new SimpleStringProperty(this, "newProviderName", "");

    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(this, "working", false);
    private final BooleanBinding canSave;
    private final ProviderForm form = new ProviderForm();
    private final PageStatus status;
    private final ProviderToken token;

    /** A provider added here and not saved yet (it is the selected one), else null. */
    private String unsavedNew;
    /** Bumped when another provider is opened, so a late answer about the previous one is dropped. */
    private long generation;
    /** The shell's target switch, or null (this machine only). */
    private TargetSwitch targets;
    /** The server the page acts on, or null for this machine's files; set on the FX thread, read by background work. */
    private volatile String server;
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
        this.configs = new TargetConfigs(configs, audit, on -> targets.target(on));
        this.executor = Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(afterSecretWritten, "afterSecretWritten");
        this.status = new PageStatus(notice, form.dirtyProperty(), form.problemProperty());
        this.token = new ProviderToken(secrets, credentials, tokenWrites, executor, new ProviderToken.Page() {
            @Override
            public String provider() {
                return selected.get();
            }

            @Override
            public String server() {
                return server;
            }

            @Override
            public Target target(String on) {
                return targets.target(on);
            }

            @Override
            public long generation() {
                return generation;
            }

            @Override
            public boolean busy() {
                return working.get();
            }

            @Override
            public void busy(boolean busy) {
                working.set(busy);
            }

            @Override
            public void say(Notice.Kind kind, String text) {
                status.say(kind, text);
            }

            @Override
            public void written() {
                ProvidersViewModel.this.audit.refresh();
                afterSecretWritten.run();
            }
        });
        this.audit = new AuditTrail(type -> this.configs.recentAudit(server, type, AuditTrail.LIMIT),
                () -> this.configs.verifyAudit(server), () -> this.configs.auditStats(server), executor);
        ReadOnlyBooleanProperty dirty = form.dirtyProperty();
        ReadOnlyStringProperty problem = form.problemProperty();
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
            if (form.dirtyProperty().get()) {
                say(Notice.Kind.WARNING, "Your unsaved edits of " + selected.get() + " are kept: Save now writes them to " + now + ".");
            }
            refresh();
        });
    }

    /** Lists the providers again and re-reads the selected one unless it has unsaved changes; reloads the audit log. */
    public void refresh() {
        String on = server;
        executor.run(() -> configs.providers(on), names -> {
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
            } else if (!form.dirtyProperty().get()) {
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
        if (form.dirtyProperty().get()) {
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
        } else if (form.dirtyProperty().get()) {
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
        apply(outside != null ? outside : form.stored()); // the newest stored config, not the one the edits started from
        say(Notice.Kind.INFO, "Discarded the unsaved changes to " + provider + ".");
    }

    /** Adds the form's new IP to the allowed IPs when it is an address or CIDR range; says why not otherwise. */
    public boolean addAllowedIp() {
        Optional<String> refused = form.addAllowedIp();
        if (refused.isPresent()) {
            say(Notice.Kind.ERROR, refused.get());
            return false;
        }
        status.dismiss(); // the refusal of an earlier entry is answered
        return true;
    }

    public void removeAllowedIp(String entry) {
        form.removeAllowedIp(entry);
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
        form.revalidate();
        String problem = form.problemProperty().get();
        if (!problem.isEmpty()) {
            say(Notice.Kind.ERROR, "Not saved: " + problem);
            return;
        }
        Map<String, Object> config = form.buildConfig();
        Loaded base = form.stored();
        boolean replaceUnreadable = base.storedProblem() != null;
        Map<String, Object> changes = ConfigChanges.between(base.config(), config);
        long gen = generation;
        working.set(true);
        String on = server;
        executor.run(() -> configs.save(provider, on, config, changes, replaceUnreadable), saved -> {
            working.set(false);
            if (provider.equals(unsavedNew)) {
                unsavedNew = null;
            }
            if (gen == generation) {
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
     * Writes the typed token as the selected provider's token: through the secrets chain's write path (the secrets file,
     * atomic and owner-only, audited) or to the server the page acts on; says when an environment variable still wins.
     */
    public void saveToken() {
        token.save();
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
        executor.run(() -> configs.readAfterOutsideChange(stored ? provider : null), now -> {
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
            if (now.loaded() != null && !now.loaded().equals(form.stored())) {
                if (!form.dirtyProperty().get()) {
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

    /** Whether quitting now would lose something typed: unsaved changes to the form, or a token not saved yet. */
    public boolean hasUnsavedChanges() {
        return form.dirtyProperty().get() || token.typed();
    }

    // ---- reading and applying --------------------------------------------------------------------------

    private void open(String provider) {
        long gen = ++generation;
        pendingSwitch.set(null); // a question about leaving the provider shown before is answered by opening this one
        if (!provider.equals(selected.get())) {
            status.dismiss(); // it was about the provider shown before
        }
        selected.set(provider);
        loaded.set(false);
        String on = server;
        executor.run(() -> configs.read(provider, on), result -> {
            if (gen != generation) {
                return;
            }
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
        token.load(provider);
    }

    private void createNew(String provider) {
        generation++;
        pendingSwitch.set(null);
        providers.add(provider);
        providers.sort(null);
        unsavedNew = provider;
        selected.set(provider);
        form.applyNew();
        outside = null;
        outsidePending.set(false);
        loaded.set(true);
        say(Notice.Kind.INFO, "New provider " + provider + ": fill in the form and Save to create it.");
        token.load(provider);
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
        apply(ProviderForm.NOTHING_STORED);
        token.clear();
    }

    /** Puts what is stored now in the form: no unsaved edits, and nothing stored outside is pending any more. */
    private void apply(Loaded result) {
        form.apply(result);
        outside = null;
        outsidePending.set(false);
    }

    // ---- pure helpers -----------------------------------------------------------------------------------

    static String providerNameProblem(String name) {
        if (name.isEmpty()) {
            return "Type the provider's name first (e.g. replicate).";
        }
        if (name.length() > 128 || name.contains(":") || name.chars().anyMatch(Character::isISOControl)) {
            return "A provider name is up to 128 characters, without ':' or control characters.";
        }
        return null;
    }

    private void say(Notice.Kind kind, String text) {
        status.say(kind, text);
    }

    /** Removes what the last action said (the status line's x); a problem that blocks Save stays until fixed. */
    public void dismissMessage() {
        status.dismiss();
    }

    /** Removes the notice and a pending switch question (the page was left, the theme changed, the console locked). */
    public void dismissNotices() {
        status.dismiss();
        pendingSwitch.set(null);
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

    /** The form of the selected provider: its fields, what blocks Save, and whether it has unsaved edits. */
    public ProviderForm form() {
        return form;
    }

    /** The selected provider's API token: its key, the token being typed, where the chain finds it now. */
    public ProviderToken token() {
        return token;
    }

    /** The page's one status: the "Unsaved changes" marker and the status line follow it. */
    public PageStatus status() {
        return status;
    }

    public AuditTrail audit() {
        return audit;
    }
}
