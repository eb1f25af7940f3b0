package io.secretdesk.ui.usercredentials;

import io.secretdesk.core.store.UserCredential;
import io.secretdesk.core.store.UserCredentialStore;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.UiExecutor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The state and commands of the User Credentials view: SimpleTuner's per-user provider credentials (never their values),
 * filtered by user; setting one for a user; deactivating and deleting one after a confirmation that names it. The same
 * rules as {@code secretdesk user-credentials}, because both call {@link UserCredentialStore}.
 *
 * <p>Every store call runs through the {@link UiExecutor}; properties change on the FX thread (on the test's thread under
 * plain JUnit). A typed value lives only in {@link #valueProperty()} until it is saved, and is cleared then; no message,
 * problem or question ever contains it.
 *
 * <p>With a server chosen in the shell's target switch ({@link #followTarget}) the page lists one user's credential
 * metadata at a time through SimpleTuner's API (by user id, the only route it has) and changes nothing: the API has no
 * route to set, deactivate or delete a user's credential.
 */
public final class UserCredentialsViewModel {

    /** Shown at the top of the page at all times: SimpleTuner keeps these values in plain text. */
    public static final String PLAINTEXT_WARNING = UserCredentialStore.PLAINTEXT_WARNING;

    /** Shown under it: which store this page edits, and that SecretDesk's own is another. */
    public static final String STORES_APART = "This page edits SimpleTuner's own table, which its server reads for each "
            + "user's jobs. SecretDesk's credentials (Provider Config) are a different store, encrypted with the credential key.";

    /** What a confirmation is about. */
    public enum Action { DEACTIVATE, DELETE }

    /** An action waiting for the user's confirmation, with the question to ask. */
    public record Pending(Action action, CredentialRow row) {

        /** The question, naming user, provider and name. */
        public String question() {
            return switch (action) {
                case DEACTIVATE -> "Deactivate " + row.user() + "'s credential " + row.provider() + "/" + row.name()
                        + "? SimpleTuner then uses the global one for " + row.user() + "'s jobs; set it again to reactivate it.";
                case DELETE -> "Delete " + row.user() + "'s credential " + row.provider() + "/" + row.name()
                        + " for good? Its value cannot be recovered; SimpleTuner then uses the global one.";
            };
        }
    }

    /** Said when a change is asked for with a server chosen. */
    static final String SERVER_READ_ONLY = "SimpleTuner's API only lists a user's credentials: set, deactivate and "
            + "delete them on that host (the User Credentials page or 'secretdesk user-credentials' there).";

    /** What one read gave: where from, the users (none over the API), the credentials. */
    private record Snapshot(String source, List<String> users, List<UserCredential> credentials, boolean remote) {
    }

    private final Supplier<UserCredentialStore> store;
    private final UiExecutor executor;
    private final Clock clock;
    private final ZoneId zone;

    private final ObservableList<CredentialRow> all = FXCollections.observableArrayList();
    private final FilteredList<CredentialRow> rows = new FilteredList<>(all);
    private final ObservableList<String> users = FXCollections.observableArrayList();
    private final ObjectProperty<String> userFilter = new SimpleObjectProperty<>(this, "userFilter");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    /** What the last action said: a toast that goes by itself (errors stay), and when the page is left. */
    private final Notice notice;
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(this, "working", false);
    private final ReadOnlyObjectWrapper<Pending> pending = new ReadOnlyObjectWrapper<>(this, "pending");

    private final ObjectProperty<String> user = new SimpleObjectProperty<>(this, "user");
    private final StringProperty provider = new SimpleStringProperty(this, "provider", "replicate");
    private final StringProperty name = new SimpleStringProperty(this, "name", "api_token");
    private final StringProperty value = new SimpleStringProperty(this, "value", "");
    private final BooleanBinding canSet;
    /** The user id whose credentials a server lists (its API has no list of users). */
    private final StringProperty serverUser = new SimpleStringProperty(this, "serverUser", "");
    private final ReadOnlyBooleanWrapper onServer = new ReadOnlyBooleanWrapper(this, "onServer", false);
    private TargetSwitch targets;
    /** The server the page reads, or null for this machine's files; set on the FX thread. */
    private volatile String server;

    /**
     * @param store the per-user credentials ({@code Services::userCredentials} in the console); called only inside
     *              background work, since building it opens SQLite
     * @param clock what "now" is for ages and staleness
     * @param zone  the zone times are shown in
     */
    public UserCredentialsViewModel(Supplier<UserCredentialStore> store, UiExecutor executor, Clock clock, ZoneId zone) {
        this(store, executor, clock, zone, new Notice(System::nanoTime, (period, tick) -> () -> { }));
    }

    /**
     * As above, with the page's notice: the console's ({@code Reveals.newNotice()}), so what an action said goes by
     * itself after a while; the constructor above keeps it until it is replaced.
     */
    public UserCredentialsViewModel(Supplier<UserCredentialStore> store, UiExecutor executor, Clock clock, ZoneId zone,
                                    Notice notice) {
        this.notice = Objects.requireNonNull(notice, "notice");
        notice.kindProperty().addListener((obs, old, now) -> messageIsError.set(now == Notice.Kind.ERROR));
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        rows.predicateProperty().bind(Bindings.createObjectBinding(() -> {
            String only = userFilter.get();
            return only == null ? row -> true : row -> row.user().equals(only);
        }, userFilter));
        userFilter.addListener((obs, was, now) -> summarise());
        canSet = Bindings.createBooleanBinding(() -> loaded.get() && !working.get() && user.get() != null
                        && !provider.get().isBlank() && !name.get().isBlank() && !value.get().isEmpty() && !onServer.get(),
                loaded, working, user, provider, name, value, onServer);
    }

    /**
     * Follows the shell's target switch: with a server chosen the page lists the credentials of the user id in
     * {@link #serverUserProperty()} on that server, read only; back on this machine, its files again.
     */
    public void followTarget(TargetSwitch switcher) {
        this.targets = Objects.requireNonNull(switcher, "switcher");
        switcher.chosenProperty().addListener((obs, old, now) -> {
            server = switcher.remote() ? now : null;
            onServer.set(server != null);
            pending.set(null);
            notice.dismiss();
            refresh();
        });
    }

    /** Reads SimpleTuner's users and credentials again; the form and the filter are kept. */
    public void refresh() {
        load(null);
    }

    private void load(Runnable after) {
        String on = server;
        String id = serverUser.get().strip();
        if (on != null && id.isEmpty()) {
            accept(new Snapshot(on + ": SimpleTuner's API lists the credentials of one user at a time", List.of(),
                    List.of(), true));
            loaded.set(false);
            problem.set("Type a user id (the number SimpleTuner's Users page shows) and press Enter to list that "
                    + "user's credentials on " + on + ".");
            summarise();
            return;
        }
        working.set(true);
        executor.run(() -> {
            if (on != null) {
                return new Snapshot(on + " (" + targets.target(on).location() + "), user " + id + ", through SimpleTuner's "
                        + "API: read only", List.of(), targets.target(on).userCredentials(id), true);
            }
            UserCredentialStore credentials = store.get();
            List<String> names = credentials.users().stream().map(UserCredentialStore.User::username).toList();
            return new Snapshot("SimpleTuner's provider_credentials in " + credentials.file(), names,
                    credentials.list(null), false);
        }, snapshot -> {
            working.set(false);
            if (!Objects.equals(on, server)) {
                return; // the target was switched meanwhile: its own read is on its way
            }
            accept(snapshot);
            if (after != null) {
                after.run();
            }
        }, error -> {
            working.set(false);
            if (!Objects.equals(on, server)) {
                return;
            }
            loaded.set(false);
            all.clear();
            users.clear();
            problem.set(ErrorMessages.oneLine(error));
            summarise();
            if (after != null) {
                after.run(); // what was just done is said even when the table cannot be read again
            }
        });
    }

    private void accept(Snapshot snapshot) {
        Instant now = clock.instant();
        source.set(snapshot.source());
        users.setAll(snapshot.users());
        if (userFilter.get() != null && !users.contains(userFilter.get())) {
            userFilter.set(null);
        }
        if (user.get() != null && !users.contains(user.get())) {
            user.set(null);
        }
        all.setAll(snapshot.credentials().stream().map(credential -> CredentialRow.of(credential, now, zone)).toList());
        problem.set(snapshot.users().isEmpty() && !snapshot.remote()
                ? "SimpleTuner has no users yet: it creates the first when someone signs up on its server." : "");
        loaded.set(true);
        summarise();
    }

    private void summarise() {
        if (!loaded.get()) {
            summary.set("");
            return;
        }
        long stale = rows.stream().filter(CredentialRow::stale).count();
        long inactive = rows.stream().filter(row -> !row.active()).count();
        StringBuilder text = new StringBuilder(rows.size() == 1 ? "1 credential" : rows.size() + " credentials");
        if (userFilter.get() != null) {
            text.append(" of ").append(userFilter.get());
        }
        if (stale > 0) {
            text.append(" · ").append(stale).append(" stale");
        }
        if (inactive > 0) {
            text.append(" · ").append(inactive).append(" inactive");
        }
        summary.set(text.toString());
    }

    /**
     * Sets the form's provider/name of the chosen user to the typed value (created, or updated and made active), then
     * clears the value and reads the table again. Says what it did without the value.
     */
    public void set() {
        if (server != null) {
            say(true, SERVER_READ_ONLY);
            return;
        }
        String forUser = user.get();
        String onProvider = provider.get().strip();
        String withName = name.get().strip();
        String secret = value.get();
        if (forUser == null) {
            say(true, "Choose the user the credential is for.");
            return;
        }
        if (onProvider.isEmpty() || withName.isEmpty()) {
            say(true, "A provider and a credential name are both needed, e.g. replicate and api_token.");
            return;
        }
        if (secret.isEmpty()) {
            say(true, "Type the value to store; nothing was written.");
            return;
        }
        String label = forUser + ": " + onProvider + "/" + withName;
        working.set(true);
        executor.run(() -> store.get().set(forUser, onProvider, withName, secret), created -> {
            working.set(false);
            value.set("");
            String done = (created ? "Created " : "Updated ") + label + ". SimpleTuner uses it for " + forUser
                    + "'s next job, and stores it unencrypted.";
            load(() -> say(false, done));
        }, error -> {
            working.set(false);
            say(true, "Could not set " + label + ": " + withoutValue(ErrorMessages.oneLine(error), secret));
        });
    }

    /** Asks to deactivate {@code row}; nothing changes until {@link #confirm()}. An inactive row is only reported. */
    public void askDeactivate(CredentialRow row) {
        if (server != null) {
            say(true, SERVER_READ_ONLY);
            return;
        }
        if (!row.active()) {
            say(false, row.label() + " is already inactive; set it again to reactivate it.");
            return;
        }
        pending.set(new Pending(Action.DEACTIVATE, row));
    }

    /** Asks to delete {@code row}; nothing changes until {@link #confirm()}. */
    public void askDelete(CredentialRow row) {
        if (server != null) {
            say(true, SERVER_READ_ONLY);
            return;
        }
        pending.set(new Pending(Action.DELETE, row));
    }

    /** Cancels the pending question; nothing is changed. */
    public void cancel() {
        pending.set(null);
    }

    /** Does what the pending question asked about, then reads the table again. */
    public void confirm() {
        Pending asked = pending.get();
        if (asked == null) {
            return;
        }
        pending.set(null);
        CredentialRow row = asked.row();
        working.set(true);
        executor.run(() -> {
            UserCredentialStore credentials = store.get();
            if (asked.action() == Action.DELETE) {
                credentials.delete(row.userKey(), row.provider(), row.name());
                return true;
            }
            return credentials.deactivate(row.userKey(), row.provider(), row.name());
        }, changed -> {
            working.set(false);
            String done = asked.action() == Action.DELETE ? "Deleted " + row.label() + "."
                    : changed ? "Deactivated " + row.label() + "; SimpleTuner now uses the global credential for " + row.user() + "."
                    : row.label() + " was already inactive; nothing was changed.";
            load(() -> say(false, done));
        }, error -> {
            working.set(false);
            say(true, "Could not " + (asked.action() == Action.DELETE ? "delete " : "deactivate ") + row.label() + ": "
                    + ErrorMessages.oneLine(error));
            refresh();
        });
    }

    /** Whether a value has been typed and not saved (quitting would lose it). */
    public boolean hasTypedValue() {
        return !value.get().isEmpty();
    }

    /** Never lets a typed value reach the screen, even if a driver's message quoted it. */
    private static String withoutValue(String text, String secret) {
        return secret.isEmpty() ? text : text.replace(secret, "[the value]");
    }

    private void say(boolean error, String text) {
        notice.say(text.isEmpty() ? Notice.Kind.NONE : error ? Notice.Kind.ERROR : Notice.Kind.SUCCESS, text);
    }

    /** Removes what the last action said: the page was left, the theme changed or the console locked. */
    public void dismissMessage() {
        say(false, "");
    }

    /** The table's rows: every credential, or the chosen user's. */
    public ObservableList<CredentialRow> rows() {
        return rows;
    }

    /** SimpleTuner's user names, by id: the filter's and the form's choices. */
    public ObservableList<String> users() {
        return users;
    }

    /** With a server chosen: the user id whose credentials are listed (read on {@link #refresh()}). */
    public StringProperty serverUserProperty() {
        return serverUser;
    }

    /** Whether a server is chosen (the page is read only then). */
    public ReadOnlyBooleanProperty onServerProperty() {
        return onServer.getReadOnlyProperty();
    }

    /** The user whose credentials the table shows; null for everyone's. */
    public ObjectProperty<String> userFilterProperty() {
        return userFilter;
    }

    /** Where the credentials are read from. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** How many rows are shown, and how many of them are stale or inactive. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the table cannot be shown (e.g. no users table yet), as one line; empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the last action did, or why it failed; one line, never a value. */
    public ReadOnlyStringProperty messageProperty() {
        return notice.textProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /** Whether the table has been read. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Whether a store call is in flight. */
    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    /** The action waiting for confirmation; null when none. */
    public ReadOnlyObjectProperty<Pending> pendingProperty() {
        return pending.getReadOnlyProperty();
    }

    /** The form's user (a user name); null until one is chosen. */
    public ObjectProperty<String> userProperty() {
        return user;
    }

    /** The form's provider ({@code replicate} at first). */
    public StringProperty providerProperty() {
        return provider;
    }

    /** The form's credential name ({@code api_token} at first). */
    public StringProperty nameProperty() {
        return name;
    }

    /** The typed value; cleared once it is saved. */
    public StringProperty valueProperty() {
        return value;
    }

    /** Whether Set can run: the table is read, nothing is in flight and the form is complete. */
    public BooleanBinding canSet() {
        return canSet;
    }
}
