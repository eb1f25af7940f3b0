package io.secretdesk.core.rotation;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the operator must set because SecretDesk cannot change its own environment: {@code variable} to the
 * content of the owner-only {@code valueFile}. Holds the file's path, never the key.
 */
public record EnvironmentChange(String variable, Path valueFile) {

    public EnvironmentChange {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(valueFile, "valueFile");
    }

    /** A POSIX shell line that sets the variable from the file without showing the key. */
    public String shellCommand() {
        return "export " + variable + "=\"$(cat '" + valueFile.toString().replace("'", "'\\''") + "')\"";
    }
}
