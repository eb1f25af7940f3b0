package io.secretdesk.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * SimpleTuner's per-user folder ({@code ~/.simpletuner}) and the files SecretDesk keeps in it.
 *
 * <p>Everything derives from the {@code user.home} system property, so {@code -Duser.home=/tmp/x}
 * relocates every file SecretDesk touches.
 */
public record SimpleTunerHome(Path dir) {

    public SimpleTunerHome {
        Objects.requireNonNull(dir, "dir");
    }

    /** The folder under the current {@code user.home}. */
    public static SimpleTunerHome current() {
        return underUserHome(Path.of(System.getProperty("user.home")));
    }

    public static SimpleTunerHome underUserHome(Path userHome) {
        return new SimpleTunerHome(userHome.resolve(".simpletuner"));
    }

    /** The secrets files the file provider looks for, in order. */
    public List<Path> secretsFileCandidates() {
        return List.of(dir.resolve("secrets.json"), dir.resolve("secrets.yaml"), dir.resolve("secrets.yml"));
    }

    public Path credentialKeyFile() {
        return dir.resolve("credential.key");
    }

    public Path auditKeyFile() {
        return dir.resolve("audit.key");
    }

    /** The console database: {@code SECRETDESK_DB} when set, else {@code console.db} here. */
    public Path database(Map<String, String> env) {
        String override = env.get("SECRETDESK_DB");
        return override == null || override.isBlank() ? dir.resolve("console.db") : Path.of(override);
    }

    /**
     * A warning when this folder is writable by every user, who could then replace the secrets file or a key
     * file in it; empty when it is not (or does not exist).
     */
    public Optional<String> sharedFolderWarning() {
        if (!SecureFiles.writableByEveryone(dir)) {
            return Optional.empty();
        }
        return Optional.of("warning: " + dir + " is writable by every user, who could replace the secrets file or a"
                + " key file in it; run chmod 700 " + dir);
    }

    public Path backupsDir() {
        return dir.resolve("backups");
    }
}
