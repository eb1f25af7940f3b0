package io.secretdesk.ui.shell;

import io.secretdesk.core.secrets.SecretsManager;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the status bar learns which secret sources can answer: one {@link SourceStatus} per source.
 *
 * <p>{@link #check()} may block on the network (it asks AWS and Vault); the shell calls it through the
 * {@code UiExecutor}, never on the FX thread.
 */
@FunctionalInterface
public interface SourceStatusFeed {

    /** The current status of every source; blocks; a source missing from the list shows as "not reported". */
    List<SourceStatus> check();

    /** A feed with nothing to report, for a console whose secrets chain is not connected. */
    SourceStatusFeed NONE = List::of;

    /**
     * A feed over a secrets chain: each provider's availability and whether it is set up, asked at once through
     * {@link SecretsManager#providers()} (which also keeps a provider that throws from hiding the others).
     * {@code chain} is called inside {@link #check()} only, so building it stays off the FX thread.
     */
    static SourceStatusFeed of(Supplier<SecretsManager> chain) {
        return () -> chain.get().providers().stream()
                .map(p -> new SourceStatus(p.name(), p.availability().available(), p.availability().detail(), p.configured()))
                .toList();
    }
}
