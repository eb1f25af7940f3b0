package io.secretdesk.ui.settings;

import io.secretdesk.core.secrets.chain.ChainSettings;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.shell.IdleLock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.prefs.Preferences;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings page: the idle lock, and the secrets chain's settings kept in SecretDesk (see {@link ChainSettings}):
 * plain ones in the console's settings ({@code chain.VARIABLE} in its preferences node), secret ones (the Vault token,
 * the AWS keys) in the encrypted credential store, never shown again once stored. The environment wins over every one
 * of them, and each field says so when it does.
 *
 * <p>Saving writes in the background and then runs {@code afterSave}, which rebuilds the chain and reloads what shows it.
 * FX thread only; tested without a toolkit.
 */
public final class SettingsViewModel {

    static final String PREFIX = "chain.";

    /** One field of the chain's settings as the page shows it. */
    public static final class Field {
        private final ChainSettings.Setting setting;
        private final StringProperty value = new SimpleStringProperty(this, "value", "");
        private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
        private final ReadOnlyBooleanWrapper stored = new ReadOnlyBooleanWrapper(this, "stored", false);
        private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

        Field(ChainSettings.Setting setting) {
            this.setting = setting;
            value.addListener((obs, old, now) -> problem.set("")); // an edit answers the problem until the next Save
        }

        /** Why the last Save refused this field's value, one line; empty when it did not. */
        public ReadOnlyStringProperty problemProperty() {
            return problem.getReadOnlyProperty();
        }

        /** The environment variable it stands for, e.g. {@code VAULT_ADDR}. */
        public String variable() {
            return setting.variable();
        }

        public String label() {
            return setting.label();
        }

        /** The source it belongs to, e.g. "HashiCorp Vault". */
        public String group() {
            return setting.group();
        }

        /** Whether it is a secret (kept encrypted, never shown again). */
        public boolean secret() {
            return setting.secret();
        }

        /** What is typed; for a secret, a new value to store (empty keeps the stored one). */
        public StringProperty valueProperty() {
            return value;
        }

        /** Whether a secret is stored for it in the credential store. */
        public ReadOnlyBooleanProperty storedProperty() {
            return stored.getReadOnlyProperty();
        }

        /** Whether the environment sets it (and wins), or whether a secret is stored; empty when neither. */
        public ReadOnlyStringProperty noteProperty() {
            return note.getReadOnlyProperty();
        }
    }

    private final Preferences prefs;
    private final Map<String, String> env;
    private final IdleLock lock;
    private final UiExecutor executor;
    private final Supplier<CredentialStore> credentials;
    private final Runnable afterSave;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Set<String> storedSecrets = new HashSet<>();
    /** What the last action said: a success goes by itself after its time, an error stays until the next action. */
    private final Notice notice;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving", false);
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);

    /**
     * @param prefs       the console's settings node
     * @param env         the process environment (it wins over every stored setting)
     * @param lock        the console's idle lock, whose settings the page edits
     * @param executor    runs the credential store's work
     * @param credentials the encrypted credential store; called only in background work
     * @param afterSave   runs on the FX thread after a save (the console rebuilds the chain and checks the sources)
     */
    public SettingsViewModel(Preferences prefs, Map<String, String> env, IdleLock lock, UiExecutor executor,
                             Supplier<CredentialStore> credentials, Runnable afterSave) {
        this(prefs, env, lock, executor, credentials, afterSave, new Notice(System::nanoTime, (period, tick) -> () -> { }));
    }

    /**
     * As above, with the page's notice: the console's ({@code Reveals.newNotice()}), so "Saved" goes by itself like the
     * other pages' toasts while a refusal stays until the next action.
     */
    public SettingsViewModel(Preferences prefs, Map<String, String> env, IdleLock lock, UiExecutor executor,
                             Supplier<CredentialStore> credentials, Runnable afterSave, Notice notice) {
        this.notice = Objects.requireNonNull(notice, "notice");
        notice.textProperty().addListener(obs -> message.set(notice.textProperty().get()));
        this.prefs = Objects.requireNonNull(prefs, "prefs");
        this.env = Map.copyOf(env);
        this.lock = Objects.requireNonNull(lock, "lock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.afterSave = Objects.requireNonNull(afterSave, "afterSave");
        for (ChainSettings.Setting setting : ChainSettings.ALL) {
            Field field = new Field(setting);
            if (!setting.secret()) {
                field.value.set(prefs.get(PREFIX + setting.variable(), ""));
            }
            field.value.addListener(obs -> updateDirty());
            fields.put(setting.variable(), field);
        }
        dirty.addListener((obs, was, now) -> {
            if (now) {
                notice.dismiss(); // it spoke of the settings before this edit: "Saved" beside "Unsaved changes" contradicts it
            }
        });
        updateNotes();
    }

    /**
     * Whether the form holds edits that are not saved: a plain setting typed differently from what is stored (spaces at
     * either end aside, as Save strips them), or a secret typed and not stored yet. The idle lock's settings apply at
     * once and never count. Quitting asks first while this is true (the shell's unsaved-changes question).
     */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    private void updateDirty() {
        boolean edited = false;
        for (Field field : fields.values()) {
            String typed = field.value.get() == null ? "" : field.value.get().strip();
            String stored = field.setting.secret() ? "" : prefs.get(PREFIX + field.setting.variable(), "").strip();
            if (!typed.equals(stored)) {
                edited = true;
                break;
            }
        }
        dirty.set(edited);
    }

    /** The chain settings stored in the console's settings (not the secrets), by variable: what the chain is built from. */
    public static Map<String, String> storedPlain(Preferences prefs) {
        Map<String, String> stored = new HashMap<>();
        for (ChainSettings.Setting setting : ChainSettings.ALL) {
            String value = setting.secret() ? null : prefs.get(PREFIX + setting.variable(), null);
            if (value != null && !value.isBlank()) {
                stored.put(setting.variable(), value);
            }
        }
        return stored;
    }

    /** Reads which secrets are stored (names only, in the background). */
    public void load() {
        executor.run(() -> credentials.get().list(ChainSettings.CREDENTIAL_PROVIDER).stream()
                .map(CredentialStore.CredentialInfo::name).toList(), names -> {
                    storedSecrets.clear();
                    storedSecrets.addAll(names);
                    updateNotes();
                }, failure -> notice.say(Notice.Kind.ERROR, "Could not read the stored chain secrets: " + ErrorMessages.oneLine(failure)));
    }

    /**
     * Saves every field: plain ones in the console's settings (an empty one is removed), typed secrets in the encrypted
     * credential store; then {@code afterSave}. Typed secrets are cleared from the form once stored. When a plain value
     * cannot be used as typed ({@link ChainSettings#problem}), nothing is saved: the field and the message say why.
     */
    public void save() {
        if (saving.get()) {
            return;
        }
        Map<String, String> typed = new HashMap<>();
        for (Field field : fields.values()) {
            field.problem.set("");
            if (!field.setting.secret()) {
                typed.put(field.setting.variable(), field.value.get() == null ? "" : field.value.get().strip());
            }
        }
        ChainSettings.Problem problem = ChainSettings.problem(typed);
        if (problem != null) {
            fields.get(problem.variable()).problem.set(problem.message());
            notice.say(Notice.Kind.ERROR, "Nothing was saved: " + problem.message() + ".");
            return;
        }
        for (Field field : fields.values()) {
            if (!field.setting.secret()) {
                String value = field.value.get() == null ? "" : field.value.get().strip();
                if (value.isEmpty()) {
                    prefs.remove(PREFIX + field.setting.variable());
                } else {
                    prefs.put(PREFIX + field.setting.variable(), value);
                }
            }
        }
        updateDirty(); // the plain settings are saved; typed secrets stay unsaved until the store has them
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Field field : fields.values()) {
            if (field.setting.secret() && field.value.get() != null && !field.value.get().isBlank()) {
                secrets.put(field.setting.variable(), field.value.get().strip());
            }
        }
        saving.set(true);
        executor.run(() -> {
            CredentialStore store = credentials.get();
            secrets.forEach((variable, value) -> store.set(ChainSettings.CREDENTIAL_PROVIDER, variable, value));
            return secrets.keySet();
        }, stored -> {
            saving.set(false);
            storedSecrets.addAll(stored);
            for (String variable : stored) {
                fields.get(variable).value.set("");
            }
            updateNotes();
            notice.say(Notice.Kind.SUCCESS, "Saved. The chain was rebuilt with these settings" + (overridden().isEmpty() ? "."
                    : "; the environment still wins for " + String.join(", ", overridden()) + "."));
            afterSave.run();
        }, failure -> {
            saving.set(false);
            notice.say(Notice.Kind.ERROR, "The plain settings were saved; the secrets were not: " + ErrorMessages.oneLine(failure));
        });
    }

    /**
     * Drops what was typed in the field of {@code variable} since the last save: a plain setting shows its saved value
     * again, a secret's field empties (a stored secret stays stored). Esc in the field.
     */
    public void revert(String variable) {
        Field field = fields.get(variable);
        if (field == null) {
            return;
        }
        field.value.set(field.setting.secret() ? "" : prefs.get(PREFIX + variable, ""));
        field.problem.set("");
        updateDirty();
    }

    /** Removes a stored secret (the Vault token, an AWS key) from the credential store. */
    public void forget(String variable) {
        ChainSettings.Setting setting = ChainSettings.of(variable);
        if (setting == null || !setting.secret() || saving.get()) {
            return;
        }
        saving.set(true);
        executor.run(() -> credentials.get().delete(ChainSettings.CREDENTIAL_PROVIDER, variable), removed -> {
            saving.set(false);
            storedSecrets.remove(variable);
            updateNotes();
            notice.say(removed ? Notice.Kind.SUCCESS : Notice.Kind.INFO, removed ? "Removed the stored " + setting.group() + " " + setting.label().toLowerCase() + "."
                    : "Nothing was stored for " + variable + ".");
            afterSave.run();
        }, failure -> {
            saving.set(false);
            notice.say(Notice.Kind.ERROR, "Not removed: " + ErrorMessages.oneLine(failure));
        });
    }

    private List<String> overridden() {
        return fields.keySet().stream().filter(this::setInEnvironment).toList();
    }

    private boolean setInEnvironment(String variable) {
        String value = env.get(variable);
        return value != null && !value.isBlank();
    }

    private void updateNotes() {
        for (Field field : fields.values()) {
            String variable = field.setting.variable();
            field.stored.set(storedSecrets.contains(variable));
            String note;
            if (setInEnvironment(variable)) {
                note = variable + " is set in the environment" + (field.setting.secret() ? "" : " (" + env.get(variable) + ")")
                        + " and wins over this setting.";
            } else if (field.setting.secret()) {
                note = storedSecrets.contains(variable) ? "Stored, encrypted. Type a new value to replace it."
                        : "Not stored. Kept encrypted in the credential store once saved.";
            } else {
                note = "As " + variable + ".";
            }
            field.note.set(note);
        }
    }

    /** Every chain field, in page order. */
    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    /** Whether a secret for {@code variable} is stored. */
    public boolean stored(String variable) {
        return storedSecrets.contains(variable);
    }

    /** The console's idle lock, whose minutes and minimise setting the page edits. */
    public IdleLock lock() {
        return lock;
    }

    /** What the last save did, one line. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }
}
