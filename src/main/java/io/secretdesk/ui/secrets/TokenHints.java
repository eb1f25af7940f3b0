package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.SecretsManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the editor checks before a write: the problems that refuse a save, and the hints about known token
 * formats that only warn (a Replicate token starts {@code r8_}, a Hugging Face token {@code hf_}).
 *
 * <p>No message ever quotes the value; a hint names at most its known prefix.
 */
final class TokenHints {

    static final String REPLICATE_PREFIX = "r8_";
    static final String HF_PREFIX = "hf_";

    private TokenHints() {
    }

    /** Why {@code key} cannot be saved, or null when it can. Mirrors the core's key rule, in words for the editor. */
    static String keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return "Enter a key, for example HF_TOKEN.";
        }
        if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
            return "A key cannot contain spaces: use letters, digits and _ (for example HF_TOKEN).";
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            return "A key cannot contain control characters: retype it.";
        }
        return null;
    }

    /** Why {@code value} cannot be saved, or null when it can. */
    static String valueProblem(String value) {
        return value == null || value.isEmpty() ? "Enter a value: an empty secret cannot be saved." : null;
    }

    /** Warnings about a key and value that can be saved but look wrong; empty when nothing looks wrong. */
    static List<String> hints(String key, String value) {
        List<String> hints = new ArrayList<>(2);
        String k = key == null ? "" : key;
        String v = value == null ? "" : value;
        for (String known : List.of(SecretsManager.REPLICATE_API_TOKEN, SecretsManager.HF_TOKEN, SecretsManager.CLOUD_WEBHOOK_SECRET)) {
            if (!k.equals(known) && k.toUpperCase(Locale.ROOT).replace('-', '_').equals(known)) {
                hints.add("Keys in the file are case-sensitive: SimpleTuner reads " + known + ".");
            }
        }
        if (!v.isEmpty()) {
            if (k.equals(SecretsManager.REPLICATE_API_TOKEN) && !v.startsWith(REPLICATE_PREFIX)) {
                hints.add(v.startsWith(HF_PREFIX)
                        ? "This looks like a Hugging Face token (hf_…), not a Replicate one: HF_TOKEN is its key."
                        : "Replicate tokens start with r8_: check that this is the right token.");
            }
            if (k.equals(SecretsManager.HF_TOKEN) && !v.startsWith(HF_PREFIX)) {
                hints.add(v.startsWith(REPLICATE_PREFIX)
                        ? "This looks like a Replicate token (r8_…), not a Hugging Face one: REPLICATE_API_TOKEN is its key."
                        : "Hugging Face tokens start with hf_: check that this is the right token.");
            }
            if (!v.equals(v.strip())) {
                hints.add("The value starts or ends with a space or line break; tokens usually do not (a paste may have added it).");
            }
        }
        return hints;
    }
}
