package io.secretdesk.core.crypto;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a master secret came from: an environment variable, a key file (read or generated now), or a
 * temporary key that could not be saved.
 *
 * @param kind     the kind of source
 * @param variable the environment variable consulted first (set for every kind)
 * @param file     the key file (null for {@link Kind#ENVIRONMENT})
 * @param problem  why a temporary key could not be saved (null unless {@link Kind#UNSAVED})
 */
public record KeyOrigin(Kind kind, String variable, Path file, String problem) {

    /** The kinds of source, in the order they are tried. */
    public enum Kind {
        /** The environment variable was set and non-empty. */
        ENVIRONMENT,
        /** An existing key file was read. */
        KEY_FILE,
        /** No key existed: a new one was generated and saved to the key file. */
        GENERATED,
        /** No key existed and the new one could not be saved: it lasts for this process only. */
        UNSAVED
    }

    public KeyOrigin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(variable, "variable");
        if (kind != Kind.ENVIRONMENT) {
            Objects.requireNonNull(file, "file");
        }
        if (kind == Kind.UNSAVED) {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** Whether data encrypted with this key can still be decrypted after a restart. */
    public boolean persistent() {
        return kind != Kind.UNSAVED;
    }

    /** Whether the key lives in a file this program may replace (a rotation can change it in place). */
    public boolean fromKeyFile() {
        return kind == Kind.KEY_FILE || kind == Kind.GENERATED;
    }

    /** One line for people, e.g. "key file /home/me/.simpletuner/credential.key". */
    public String describe() {
        return switch (kind) {
            case ENVIRONMENT -> "environment variable " + variable;
            case KEY_FILE -> "key file " + file;
            case GENERATED -> "key file " + file + " (generated now)";
            case UNSAVED -> "a temporary key (could not save " + file + ": " + problem
                    + "); data encrypted now will not decrypt after a restart. Set " + variable
                    + " or make " + file.getParent() + " writable";
        };
    }
}
