package io.secretdesk.cli;

import io.secretdesk.core.secrets.AllKeys;
import io.secretdesk.core.secrets.KeyAnswer;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretsManager;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets {@code get}, {@code export} and {@code run} hand out, and how sure the chain is of them: the
 * values found (in the order asked, or by key for {@code --all}), the keys no provider has, and the set-up
 * providers that could not answer and so might hold a missing key or a value that would win.
 *
 * <p>{@link #refusal} applies the exit-code rule once for all three verbs. {@code toString()} names keys only.
 */
record Selection(Map<String, String> values, List<String> missing, List<KeyAnswer.Unanswered> unanswered) {

    /** Asks the chain for each key, in order (a key named twice counts once). */
    static Selection of(SecretsManager secrets, List<String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Map<String, KeyAnswer.Unanswered> unanswered = new LinkedHashMap<>();
        for (String key : keys) {
            if (values.containsKey(key) || missing.contains(key)) {
                continue;
            }
            KeyAnswer answer = secrets.answer(key);
            answer.unanswered().forEach(down -> unanswered.putIfAbsent(down.provider(), down));
            answer.found().ifPresentOrElse(value -> values.put(key, value), () -> missing.add(key));
        }
        return new Selection(values, missing, List.copyOf(unanswered.values()));
    }

    /** Every key any provider holds, with the value that wins, sorted by key. */
    static Selection all(SecretsManager secrets) {
        AllKeys all = secrets.answerAll();
        Map<String, String> values = new LinkedHashMap<>();
        for (Resolution resolution : all.resolutions()) {
            resolution.value().ifPresent(value -> values.put(resolution.key(), value));
        }
        return new Selection(values, List.of(), all.unanswered());
    }

    /**
     * The exit code that stops the verb, with its reasons on {@code err}, or {@link ExitCode#OK} to go on:
     * {@link ExitCode#UNAVAILABLE} when a provider that might change the answer could not answer (unless
     * {@code allowUnavailable}: then a warning), else {@link ExitCode#NOT_FOUND} for missing keys (unless
     * {@code allowMissing}: then a warning).
     */
    ExitCode refusal(PrintStream err, boolean allowUnavailable, boolean allowMissing) {
        for (KeyAnswer.Unanswered down : unanswered) {
            err.println("secretdesk: " + (allowUnavailable ? "warning: " : "") + down.provider() + " could not answer: "
                    + down.reason());
        }
        if (!unanswered.isEmpty()) {
            if (!allowUnavailable) {
                err.println("secretdesk: " + (unanswered.size() == 1 ? "it" : "they") + " might hold "
                        + (missing.isEmpty() && !values.isEmpty() ? "a value that wins over the one found" : "what was asked for")
                        + ", so nothing was printed or started; --allow-unavailable uses what the other providers answered");
                return ExitCode.UNAVAILABLE;
            }
        }
        if (!missing.isEmpty()) {
            err.println("secretdesk: " + (allowMissing ? "warning: " : "") + "not found in any provider: "
                    + String.join(", ", missing) + (allowMissing ? "" : "; nothing was printed or started"));
            if (!allowMissing) {
                return ExitCode.NOT_FOUND;
            }
        }
        return ExitCode.OK;
    }

    @Override
    public String toString() {
        return "Selection[found=" + values.keySet() + ", missing=" + missing + ", unanswered=" + unanswered + "]";
    }
}
