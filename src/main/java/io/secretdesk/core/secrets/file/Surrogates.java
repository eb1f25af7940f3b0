package io.secretdesk.core.secrets.file;

/**
 * Unpaired UTF-16 surrogates: a Java string (and a JSON {@code \uD800} escape) can hold one, UTF-8 and YAML
 * cannot. JSON keeps them as escapes; YAML refuses them.
 */
final class Surrogates {

    private Surrogates() {
    }

    static boolean hasUnpaired(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unpairedAt(text, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code json} with every unpaired surrogate written as a {@code \\uXXXX} escape. In JSON rendered by
     * Jackson a surrogate can only stand inside a string literal, where such an escape means that same char.
     */
    static String escapeUnpaired(String json) {
        if (!hasUnpaired(json)) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (unpairedAt(json, i)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean unpairedAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
