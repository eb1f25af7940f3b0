package io.secretdesk.core.store;

import io.secretdesk.core.SecureFiles;
import io.secretdesk.core.crypto.KeyFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The audit log's HMAC key, found as SimpleTuner finds it ({@code services/cloud/audit.py}): the UTF-8 bytes of
 * {@code SIMPLETUNER_AUDIT_KEY} when set, else the raw bytes of {@code <state>/audit.key} (not stripped, not decoded),
 * else 32 random bytes written there owner-only. SecretDesk never rewrites or re-encodes the file, and generates a key
 * only while the log is empty: entries MACed with a new key would break the chain for good.
 */
public final class AuditKey {

    public static final String VARIABLE = "SIMPLETUNER_AUDIT_KEY";
    private static final int GENERATED_BYTES = 32;

    private final String fromEnvironment;
    private final Path file;

    public AuditKey(Map<String, String> env, Path file) {
        String value = env.get(VARIABLE);
        this.fromEnvironment = value == null || value.isEmpty() ? null : value;
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    /** Where the key comes from, for people: the variable or the file. */
    public String describe() {
        return fromEnvironment != null ? VARIABLE : file.toString();
    }

    /**
     * The key's bytes; generates and saves one when there is none and {@code logHasEntries} says the log is empty.
     *
     * @throws KeyFileException when the file is missing while the log has entries, is empty, or cannot be read or saved
     */
    byte[] bytes(BooleanSupplier logHasEntries) {
        if (fromEnvironment != null) {
            return fromEnvironment.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return readExisting();
        } catch (NoSuchFileException missing) {
            if (logHasEntries.getAsBoolean()) {
                throw new KeyFileException("The audit log has entries, but its key " + file + " is missing and "
                        + VARIABLE + " is not set. Restore " + file + " from a backup (or set " + VARIABLE
                        + " to the key the log was written with); no new key was made, because it would break the "
                        + "chain for good. Nothing was written.");
            }
            return generate();
        } catch (IOException e) {
            throw new KeyFileException("Cannot read the audit key " + file + ": " + e.getMessage() + ". Nothing was written.", e);
        }
    }

    private byte[] readExisting() throws IOException {
        byte[] key = Files.readAllBytes(file);
        if (key.length == 0) {
            throw new KeyFileException("The audit key " + file + " is empty. Restore it from a backup (or move it aside "
                    + "while the audit log is empty); SecretDesk does not sign with an empty key. Nothing was written.");
        }
        return key;
    }

    private byte[] generate() {
        byte[] key = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            SecureFiles.createOwnerOnly(file, key);
            return key;
        } catch (FileAlreadyExistsException raced) {
            try {
                return readExisting(); // SimpleTuner's server made one meanwhile: use it
            } catch (IOException e) {
                throw new KeyFileException("Cannot read the audit key " + file + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new KeyFileException("Cannot save a new audit key in " + file + " (" + e.getMessage()
                    + "): entries signed with a key that is not saved would never verify. Nothing was written.", e);
        }
    }
}
