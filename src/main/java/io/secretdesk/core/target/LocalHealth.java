package io.secretdesk.core.target;

import io.secretdesk.core.SimpleTunerFiles;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.HealthReport.Check;
import io.secretdesk.core.target.HealthReport.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The health of this host's SimpleTuner files: where they are, whether SecretDesk can use them, the audit chain. */
final class LocalHealth {

    private LocalHealth() {
    }

    static HealthReport of(ConsoleStore store) {
        SimpleTunerFiles files = store.files();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("state folder", Files.isDirectory(files.state()) ? State.OK : State.WARNING,
                files.state() + " (" + files.reason() + ")" + (Files.isDirectory(files.state()) ? ""
                        : ": does not exist yet; SimpleTuner's server creates it when it starts")));
        files.networkFileSystemWarning().ifPresent(warning -> checks.add(new Check("file system", State.WARNING, warning)));
        checks.add(fileCheck("jobs.db", files.jobsDb(), "provider configs and hardware pricing"));
        checks.add(fileCheck("audit.db", files.auditDb(), "the audit log"));
        if (!files.authDb().equals(files.jobsDb())) {
            checks.add(fileCheck("users database", files.authDb(), "per-user credentials (" + SimpleTunerFiles.AUTH_DB_PATH + ")"));
        }
        checks.add(auditCheck(store));
        files.notes().forEach(note -> checks.add(new Check("note", State.WARNING, note)));
        return new HealthReport(LocalTarget.NAME, checks);
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
