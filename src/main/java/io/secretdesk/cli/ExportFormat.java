package io.secretdesk.cli;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The formats of {@code export}: each writes keys and values so that its reader gets back exactly the values,
 * whatever characters they hold (quotes, newlines, {@code $}, backticks, backslashes, any Unicode).
 *
 * <ul>
 *   <li>{@code env}: {@code export KEY='value'} lines for {@code eval}/{@code source} in sh, bash and zsh. Inside
 *       single quotes a shell expands nothing; a quote is written {@code '\''}.</li>
 *   <li>{@code dotenv}: {@code KEY="value"} with {@code \\ \" \n \r \t} escaped, as python-dotenv and Docker
 *       Compose read them. A value ending with a backslash goes unquoted when it can, and is refused when it cannot
 *       (python-dotenv would misread it). Readers that expand {@code ${NAME}} (python-dotenv by default, Compose) expand it
 *       here too: read with expansion off.</li>
 *   <li>{@code json}: one object, keys in the order given.</li>
 * </ul>
 * A shell variable cannot hold NUL, and a name must be letters, digits and underscores: such keys are refused in
 * {@code env} and {@code dotenv} ({@link #problem}); {@code json} holds anything.
 */
enum ExportFormat {
    ENV, DOTENV, JSON;

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A dotenv value read the same without quotes: no blanks (trimmed), no quotes (they would open one), no '#'. */
    private static final Pattern UNQUOTED_DOTENV = Pattern.compile("[^\\s'\"`#$]+");

    /** Why {@code key} and its value cannot be written in this format, or empty when they can. Never quotes the value. */
    Optional<String> problem(String key, String value) {
        if (this == JSON) {
            return Optional.empty();
        }
        if (!VARIABLE_NAME.matcher(key).matches()) {
            return Optional.of(key + " is not a variable name (letters, digits and _, not starting with a digit)");
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of("the value of " + key + " holds a NUL character, which an environment variable cannot hold");
        }
        if (hasUnpairedSurrogate(value)) {
            return Optional.of("the value of " + key + " holds an unpaired UTF-16 surrogate, which has no UTF-8 form");
        }
        if (this == DOTENV && value.endsWith("\\") && !UNQUOTED_DOTENV.matcher(value).matches()) {
            return Optional.of("the value of " + key + " ends with a backslash and needs quotes, which python-dotenv does not "
                    + "read back (it takes the backslash and the closing quote for an escaped quote); use --format env or json");
        }
        return Optional.empty();
    }

    /** The values in this format, ending with a newline; every entry must be free of {@link #problem}s. */
    String render(Map<String, String> values) {
        if (this == JSON) {
            return JsonText.of(values) + "\n";
        }
        StringBuilder out = new StringBuilder();
        values.forEach((key, value) -> {
            problem(key, value).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            out.append(this == ENV ? "export " + key + "=" + shellQuote(value) : key + "=" + dotenvQuote(value)).append('\n');
        });
        return out.toString();
    }

    /** {@code value} in single quotes for a POSIX shell: nothing inside is expanded; a quote ends, is escaped, restarts. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * {@code value} in double quotes with the escapes python-dotenv and Docker Compose decode; a value that ends with
     * a backslash and reads the same unquoted goes without quotes, since python-dotenv misreads {@code \\"} at the end.
     */
    static String dotenvQuote(String value) {
        if (value.endsWith("\\") && UNQUOTED_DOTENV.matcher(value).matches()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean hasUnpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
