package io.secretdesk.ui.fleet;

import io.secretdesk.core.remote.Servers;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.UiExecutor;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * After the console changed this machine's secrets file (the Secrets page, Provider Config's token on this machine):
 * marks every SimpleTuner server on this machine (a loopback URL) as needing a restart, because SimpleTuner reads the
 * file once, at start, and says so in the status line. The Fleet and Health pages show the notice until the server's
 * uptime shows it restarted. The marking asks each such server for its uptime, off the FX thread.
 */
public final class LocalRestarts {

    private final Supplier<Servers> servers;
    private final UiExecutor executor;
    private final Consumer<String> say;

    /**
     * @param say shows one line in the console's status line (FX thread)
     */
    public LocalRestarts(Supplier<Servers> servers, UiExecutor executor, Consumer<String> say) {
        this.servers = Objects.requireNonNull(servers, "servers");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.say = Objects.requireNonNull(say, "say");
    }

    /** Marks the servers on this machine; call it on the FX thread after a write to this machine's secrets file. */
    public void secretsFileChanged() {
        executor.run(() -> servers.get().secretsFileChanged("this machine's secrets file changed"), this::said,
                failure -> say.accept("The servers on this machine could not be marked as needing a restart: "
                        + ErrorMessages.oneLine(failure)));
    }

    private void said(List<String> marked) {
        if (marked.isEmpty()) {
            return;
        }
        say.accept(String.join(", ", marked) + " (on this machine) " + (marked.size() == 1 ? "needs" : "need")
                + " a restart to see the change; the Fleet page says when " + (marked.size() == 1 ? "it has" : "they have")
                + " restarted");
    }
}
