package io.secretdesk.core.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The key files a key rotation keeps beside the credential key file, and the key ring they make together
 * with the current master secret, so that a row is never encrypted with a key no process can find.
 *
 * <ul>
 *   <li>{@link Slot#NEW} ({@code credential.key.new}): a rotation's new key, written before any row uses it;
 *       decrypt-only until the rotation commits.</li>
 *   <li>{@link Slot#PENDING} ({@code credential.key.pending}): the new key while the environment variable
 *       still holds the old one; it encrypts meanwhile, and the operator sets the variable to it.</li>
 *   <li>{@link Slot#PREVIOUS} ({@code credential.key.previous}): the key a rotation replaced, decrypt-only
 *       for a grace period.</li>
 * </ul>
 * All are owner-only and written atomically; a file that exists but cannot be read is an error (a key some
 * rows may need is never silently dropped).
 */
public final class RotationKeyFiles {

    /** The extra key files, by role. */
    public enum Slot {
        NEW(".new"), PENDING(".pending"), PREVIOUS(".previous");

        private final String suffix;

        Slot(String suffix) {
            this.suffix = suffix;
        }

        /** This slot's file next to {@code keyFile}. */
        public Path path(Path keyFile) {
            return keyFile.resolveSibling(keyFile.getFileName() + suffix);
        }
    }

    private RotationKeyFiles() {
    }

    /**
     * The ring of {@code current} and the rotation files next to {@code keyFile}: the primary is the current
     * master secret, except that a {@link Slot#PENDING} key encrypts while the environment variable holds
     * another; every other key decrypts. PBKDF2 runs once per distinct secret.
     *
     * @throws KeyFileException when a rotation file exists but cannot be used
     */
    public static CredentialEncryption ring(MasterSecret current, Path keyFile) {
        Map<String, CredentialKey> derived = new LinkedHashMap<>();
        return ring(current, keyFile, secret -> derived.computeIfAbsent(secret, CredentialKey::derive));
    }

    /** {@link #ring(MasterSecret, Path)} deriving each secret's key with {@code derive} (which may reuse keys). */
    static CredentialEncryption ring(MasterSecret current, Path keyFile, Function<String, CredentialKey> derive) {
        Objects.requireNonNull(current, "current");
        Map<Slot, String> files = new LinkedHashMap<>();
        for (Slot slot : Slot.values()) {
            read(slot, keyFile).ifPresent(secret -> files.put(slot, secret));
        }
        String pending = files.get(Slot.PENDING);
        boolean pendingEncrypts = current.origin().kind() == KeyOrigin.Kind.ENVIRONMENT && pending != null
                && !pending.equals(current.value());
        CredentialKey primary = derive.apply(pendingEncrypts ? pending : current.value());
        List<CredentialKey> others = new ArrayList<>();
        others.add(derive.apply(current.value()));
        files.values().forEach(secret -> others.add(derive.apply(secret)));
        return CredentialEncryption.of(primary, others.toArray(CredentialKey[]::new));
    }

    /**
     * The secret in {@code slot}'s file next to {@code keyFile} (surrounding whitespace stripped), or empty
     * when there is no such file.
     *
     * @throws KeyFileException when the file exists but cannot be read, is empty or is not text
     */
    public static Optional<String> read(Slot slot, Path keyFile) {
        return MasterSecretSource.readKeyFile(slot.path(keyFile));
    }

    /** Writes {@code secret} to {@code slot}'s file atomically, owner-only from its first byte. */
    public static void write(Slot slot, Path keyFile, String secret) throws IOException {
        MasterSecretSource.replaceKeyFile(slot.path(keyFile), secret);
    }

    /** Deletes {@code slot}'s file if it exists; returns whether it did. */
    public static boolean delete(Slot slot, Path keyFile) throws IOException {
        return Files.deleteIfExists(slot.path(keyFile));
    }
}
