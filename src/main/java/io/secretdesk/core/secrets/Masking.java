package io.secretdesk.core.secrets;

/** Renders secret values for display without disclosing them. */
public final class Masking {

    private Masking() {
    }

    /**
     * A fixed-width mask that shows only a known token prefix ({@code r8_}, {@code hf_}) and the length
     * class, so people can tell tokens apart without seeing them.
     */
    public static String mask(String value) {
        if (value == null) {
            return "null";
        }
        String prefix = value.startsWith("r8_") ? "r8_" : value.startsWith("hf_") ? "hf_" : "";
        return prefix + "••••••••";
    }
}
