package io.secretdesk.core.secrets;

import java.util.List;

/**
 * Every key the chain knows, resolved ({@link SecretsManager#answerAll()}), with the set-up providers that could not
 * be read: while that list is not empty, keys may be missing and values may be shadowed by what could not be read.
 */
public record AllKeys(List<Resolution> resolutions, List<KeyAnswer.Unanswered> unanswered) {

    public AllKeys {
        resolutions = List.copyOf(resolutions);
        unanswered = List.copyOf(unanswered);
    }

    /** Whether every set-up provider was read. */
    public boolean complete() {
        return unanswered.isEmpty();
    }
}
