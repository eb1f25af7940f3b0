package io.secretdesk.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Where SimpleTuner's server keeps its state on this host: {@code SIMPLETUNER_STATE_DIR} when set, else the folder
 * {@code simpletuner server} sets it to ({@code ~/.simpletuner}; macOS {@code ~/Library/Application Support/SimpleTuner};
 * Windows {@code %APPDATA%\SimpleTuner}). SimpleTuner's other commands also honour the legacy
 * {@code SIMPLETUNER_CONFIG_DIR} and prefer {@code /workspace/simpletuner} or {@code /notebooks/simpletuner} when
 * they have a {@code cloud/} folder ({@code storage/base.py}, {@code get_default_config_dir}): those are reported as
 * notes, because the server does not use them. The secrets files and {@code credential.key} stay in
 * {@code ~/.simpletuner} ({@link SimpleTunerHome}) whatever the state folder is.
 *
 * @param home      {@code ~/.simpletuner}: secrets files, credential key, SecretDesk's own files
 * @param state     SimpleTuner's state folder
 * @param reason    how the state folder was chosen, for people ({@code SIMPLETUNER_STATE_DIR}, ...)
 * @param authDb    where per-user credentials live: {@code SIMPLETUNER_AUTH_DB_PATH}, else jobs.db
 * @param notes     things an operator should know about this layout (legacy variable, shared ML folder)
 */
public record SimpleTunerFiles(SimpleTunerHome home, Path state, String reason, Path authDb, List<String> notes) {

    public static final String STATE_DIR = "SIMPLETUNER_STATE_DIR";
    public static final String LEGACY_CONFIG_DIR = "SIMPLETUNER_CONFIG_DIR";
    public static final String AUTH_DB_PATH = "SIMPLETUNER_AUTH_DB_PATH";
    public static final String AUDIT_KEY_VARIABLE = "SIMPLETUNER_AUDIT_KEY";
    /** File system types on which SQLite's WAL mode is unsafe (it needs memory shared between the processes). */
    static final java.util.Set<String> NETWORK_FILE_SYSTEMS = java.util.Set.of("nfs", "nfs4", "cifs", "smb", "smbfs",
            "smb2", "smb3", "fuse.sshfs", "sshfs", "9p", "afs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "davfs",
            "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.juicefs");

    public SimpleTunerFiles {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(authDb, "authDb");
        notes = List.copyOf(notes);
    }

    /** The files of this process: its environment, {@code user.home} and operating system. */
    public static SimpleTunerFiles forProcess(Map<String, String> env) {
        Path userHome = Path.of(System.getProperty("user.home"));
        return resolve(env, userHome, System.getProperty("os.name", ""), Files::isDirectory);
    }

    /** The files for {@code home}, whose parent is taken as the user's home folder. */
    public static SimpleTunerFiles forHome(Map<String, String> env, SimpleTunerHome home) {
        Path userHome = home.dir().toAbsolutePath().getParent();
        return resolve(env, userHome == null ? home.dir() : userHome, System.getProperty("os.name", ""), Files::isDirectory)
                .withHome(home);
    }

    /**
     * SimpleTuner's rule, with the file system reached only through {@code isDirectory}.
     *
     * @param os the {@code os.name} to follow (Linux, Mac OS X, Windows 11, ...)
     */
    static SimpleTunerFiles resolve(Map<String, String> env, Path userHome, String os, Predicate<Path> isDirectory) {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(userHome);
        List<String> notes = new ArrayList<>();
        Path state;
        String reason;
        String explicit = text(env.get(STATE_DIR));
        String legacy = text(env.get(LEGACY_CONFIG_DIR));
        String system = os.toLowerCase(Locale.ROOT);
        if (explicit != null) {
            state = expand(explicit, userHome);
            reason = STATE_DIR;
        } else {
            // 'simpletuner server' always sets SIMPLETUNER_STATE_DIR to this folder: the server's state is here.
            state = serverFolder(env, userHome, system, home);
            reason = "the folder 'simpletuner server' uses (" + STATE_DIR + " is not set)";
            if (legacy != null && !expand(legacy, userHome).equals(state)) {
                notes.add(LEGACY_CONFIG_DIR + "=" + legacy + " is SimpleTuner's legacy variable: SimpleTuner's other "
                        + "commands use that folder, but 'simpletuner server' sets " + STATE_DIR + " and uses " + state
                        + ". Set " + STATE_DIR + " to choose.");
            }
            for (String root : List.of("/workspace/simpletuner", "/notebooks/simpletuner")) {
                Path candidate = Path.of(root);
                if (isDirectory.test(candidate.resolve("cloud")) && !candidate.equals(state)) {
                    notes.add(candidate + " also holds SimpleTuner state (SimpleTuner's commands other than 'simpletuner "
                            + "server' use it on this machine). Set " + STATE_DIR + "=" + candidate + " to work on it.");
                }
            }
        }
        String auth = text(env.get(AUTH_DB_PATH));
        Path authDb = auth != null ? expand(auth, userHome) : state.resolve("cloud").resolve("jobs.db");
        return new SimpleTunerFiles(home, state, reason, authDb, notes);
    }

    private static Path serverFolder(Map<String, String> env, Path userHome, String system, SimpleTunerHome home) {
        if (system.startsWith("windows")) {
            String appData = text(env.get("APPDATA"));
            return (appData != null ? Path.of(appData) : userHome.resolve("AppData").resolve("Roaming")).resolve("SimpleTuner");
        }
        if (system.startsWith("mac")) {
            return userHome.resolve("Library").resolve("Application Support").resolve("SimpleTuner");
        }
        return home.dir();
    }

    /** {@code <state>/cloud/jobs.db}: provider configs (and, unless {@code SIMPLETUNER_AUTH_DB_PATH}, users). */
    public Path jobsDb() {
        return state.resolve("cloud").resolve("jobs.db");
    }

    /** {@code <state>/audit.db}: SimpleTuner's tamper-evident audit log. */
    public Path auditDb() {
        return state.resolve("audit.db");
    }

    /** {@code <state>/audit.key}: the audit log's HMAC key, raw bytes, unless {@code SIMPLETUNER_AUDIT_KEY} is set. */
    public Path auditKey() {
        return state.resolve("audit.key");
    }

    /** SecretDesk's own high-water mark of the audit log (a file of SecretDesk's, beside its console.db). */
    public Path auditMark() {
        return home.dir().resolve("audit.mark");
    }

    /**
     * A warning when the state folder is on a network file system, where SQLite's WAL mode (which SimpleTuner uses)
     * is unsafe; empty otherwise. Looks at the nearest folder that exists.
     */
    public java.util.Optional<String> networkFileSystemWarning() {
        Path existing = state.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return java.util.Optional.empty();
        }
        try {
            String type = Files.getFileStore(existing).type().toLowerCase(Locale.ROOT);
            if (NETWORK_FILE_SYSTEMS.contains(type)) {
                return java.util.Optional.of(state + " is on a network file system (" + type + "): SQLite's WAL mode, "
                        + "which SimpleTuner uses, is unsafe there and its databases can be damaged. Keep SimpleTuner's "
                        + "state on a local disk (" + STATE_DIR + ").");
            }
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    private SimpleTunerFiles withHome(SimpleTunerHome other) {
        boolean stateWasHome = state.equals(home.dir());
        Path movedState = stateWasHome ? other.dir() : state;
        Path movedAuth = authDb.equals(state.resolve("cloud").resolve("jobs.db"))
                ? movedState.resolve("cloud").resolve("jobs.db") : authDb;
        return new SimpleTunerFiles(other, movedState, reason, movedAuth, notes);
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** {@code Path(value).expanduser()}. */
    private static Path expand(String value, Path userHome) {
        if (value.equals("~")) {
            return userHome;
        }
        if (value.startsWith("~/")) {
            return userHome.resolve(value.substring(2));
        }
        return Path.of(value);
    }
}
