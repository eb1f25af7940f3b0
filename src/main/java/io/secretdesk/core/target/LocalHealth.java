package io.secretdesk.core.target;

import io.secretdesk.core.SimpleTunerFiles;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.HealthReport.Check;
import io.secretdesk.core.target.HealthReport.State;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The health of this host's SimpleTuner files: where they are, whether SecretDesk can use them, the audit chain. */
final class LocalHealth {

    /** File system types on which SQLite's WAL mode is unsafe (it needs shared memory between processes). */
    private static final Set<String> NETWORK_FILE_SYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb", "smbfs", "smb2",
            "fuse.sshfs", "sshfs", "9p", "afs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "davfs", "fuse.rclone",
            "fuse.s3fs", "fuse.gcsfuse", "fuse.juicefs", "virtiofs");

    private LocalHealth() {
    }

    static HealthReport of(ConsoleStore store) {
        SimpleTunerFiles files = store.files();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("state folder", Files.isDirectory(files.state()) ? State.OK : State.WARNING,
                files.state() + " (" + files.reason() + ")" + (Files.isDirectory(files.state()) ? ""
                        : ": does not exist yet; SimpleTuner's server creates it when it starts")));
        networkWarning(files.state()).ifPresent(warning -> checks.add(new Check("file system", State.WARNING, warning)));
        checks.add(fileCheck("jobs.db", files.jobsDb(), "provider configs and hardware pricing"));
        checks.add(fileCheck("audit.db", files.auditDb(), "the audit log"));
        if (!files.authDb().equals(files.jobsDb())) {
            checks.add(fileCheck("users database", files.authDb(), "per-user credentials (" + SimpleTunerFiles.AUTH_DB_PATH + ")"));
        }
        checks.add(auditCheck(store));
        files.notes().forEach(note -> checks.add(new Check("note", State.WARNING, note)));
        return new HealthReport(LocalTarget.NAME, checks);
    }

    /** A warning when {@code folder} is on a network file system, where SQLite's WAL is unsafe. */
    static java.util.Optional<String> networkWarning(Path folder) {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return java.util.Optional.empty();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            String type = store.type().toLowerCase(Locale.ROOT);
            if (NETWORK_FILE_SYSTEMS.contains(type)) {
                return java.util.Optional.of(folder + " is on a network file system (" + type + "): SQLite's WAL mode, "
                        + "which SimpleTuner uses, is unsafe there and the databases can be damaged. Keep SimpleTuner's "
                        + "state on a local disk (SIMPLETUNER_STATE_DIR).");
            }
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    private static Check fileCheck(String name, Path file, String holds) {
        if (!Files.exists(file)) {
            return new Check(name, State.WARNING, file + " does not exist yet (" + holds + "); it is created on the first "
                    + "change, as SimpleTuner would create it");
        }
        if (!Files.isReadable(file)) {
            return new Check(name, State.FAILED, file + " cannot be read: check its permissions");
        }
        return new Check(name, Files.isWritable(file) ? State.OK : State.WARNING, file + (Files.isWritable(file) ? ""
                : " is read-only for this user: changes will be refused"));
    }

    private static Check auditCheck(ConsoleStore store) {
        if (!Files.exists(store.files().auditDb())) {
            return new Check("audit chain", State.OK, "no entries yet");
        }
        try {
            ChainVerification chain = store.audit().verifyChain();
            return chain.intact()
                    ? new Check("audit chain", State.OK, chain.entriesChecked() + " entries verified (key: "
                            + store.audit().keySource() + ")")
                    : new Check("audit chain", State.FAILED, chain.problem());
        } catch (RuntimeException e) {
            return new Check("audit chain", State.FAILED, e.getMessage());
        }
    }
}
