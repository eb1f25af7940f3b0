package io.secretdesk.core.secrets.file;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one set of limits of a secrets file, checked by the writer before it writes and by the reader when it
 * reads, in JSON and YAML alike: whatever the writer accepts, the reader reads. Each check says what is too
 * big and what the limit is, and never quotes a value.
 */
public final class SecretLimits {

    /** The longest key, in characters. */
    public static final int MAX_KEY_CHARS = 1024;
    /** The largest value, in UTF-8 bytes (the CLI reads at most this much from standard input). */
    public static final int MAX_VALUE_BYTES = 1 << 20;
    /** The most keys a file may hold. */
    public static final int MAX_KEYS = 10_000;
    /**
     * The largest file, in bytes, as written (JSON escapes and YAML quoting included) and as read (with YAML
     * aliases expanded). Parsers are configured to accept more, so this check is the one that speaks.
     */
    public static final int MAX_FILE_BYTES = 8 << 20;

    private SecretLimits() {
    }

    /** Why {@code key} cannot be stored, or empty when it can. */
    public static Optional<String> keyProblem(String key) {
        if (key.length() > MAX_KEY_CHARS) {
            return Optional.of("the key has " + key.length() + " characters; the limit is " + MAX_KEY_CHARS);
        }
        return Optional.empty();
    }

    /** Why the value of {@code key} cannot be stored, or empty when it can. Never quotes the value. */
    public static Optional<String> valueProblem(String key, String value) {
        int bytes = utf8Length(value);
        if (bytes > MAX_VALUE_BYTES) {
            return Optional.of("the value of " + shortKey(key) + " is " + bytes + " bytes; the limit is " + MAX_VALUE_BYTES
                    + " bytes (1 MiB)");
        }
        return Optional.empty();
    }

    /** Why a file of {@code keys} keys cannot be stored, or empty when it can. */
    public static Optional<String> countProblem(int keys) {
        if (keys > MAX_KEYS) {
            return Optional.of("the file would hold " + keys + " keys; the limit is " + MAX_KEYS);
        }
        return Optional.empty();
    }

    /** Why a file of {@code bytes} bytes cannot be stored or read, or empty when it can. */
    public static Optional<String> sizeProblem(long bytes) {
        if (bytes > MAX_FILE_BYTES) {
            return Optional.of("the file is " + bytes + " bytes; the limit is " + MAX_FILE_BYTES + " bytes (8 MiB)");
        }
        return Optional.empty();
    }

    /** A key for messages: as it is when short, else its start and its length. */
    static String shortKey(String key) {
        return key.length() <= 80 ? "\"" + key + "\"" : "\"" + key.substring(0, 40) + "…\" (" + key.length() + " characters)";
    }

    /** The UTF-8 length of {@code text} (an unpaired surrogate counts as one byte). */
    static int utf8Length(String text) {
        int ascii = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return text.getBytes(StandardCharsets.UTF_8).length;
            }
            ascii++;
        }
        return ascii;
    }
}
