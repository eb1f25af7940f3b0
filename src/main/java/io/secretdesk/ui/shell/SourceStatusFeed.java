package io.secretdesk.ui.shell;

import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.ui.common.ErrorMessages;
import java.util.ArrayList;
import java.util.List;

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

    /** A feed that asks each provider's {@link SecretProvider#availability()} in turn. */
    static SourceStatusFeed of(List<? extends SecretProvider> providers) {
        List<SecretProvider> copy = List.copyOf(providers);
        return () -> {
            List<SourceStatus> out = new ArrayList<>(copy.size());
            for (SecretProvider provider : copy) {
                Availability availability;
                try {
                    availability = provider.availability();
                } catch (RuntimeException e) {
                    // The contract says providers do not throw; one that does is still shown, not lost.
                    availability = Availability.unavailable(ErrorMessages.oneLine(e));
                }
                boolean configured;
                try {
                    configured = provider.configured();
                } catch (RuntimeException e) {
                    configured = true;
                }
                out.add(new SourceStatus(provider.name(), availability.available(), availability.detail(), configured));
            }
            return out;
        };
    }
}
