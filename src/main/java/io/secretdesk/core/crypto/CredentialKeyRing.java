package io.secretdesk.core.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The credential key ring a store encrypts and decrypts with: either fixed, or following the key files
 * of a SimpleTuner home (the master secret from {@code SIMPLETUNER_CREDENTIAL_KEY} or {@code credential.key},
 * plus the rotation files beside it, see {@link RotationKeyFiles}).
 *
 * <p>A long-running process must never go on encrypting with a key that another process's rotation has
 * retired (its file deleted by {@code rotate-key --confirm}): rows written with it would not decrypt after a
 * restart. So {@link #upToDate()} compares the stamps of the key files (inode, size, modification and
 * change times) and the variable with those the ring was built from, and rebuilds the ring when any
 * differs. That costs a few {@code stat} calls; PBKDF2 runs only for secrets not derived before.
 * {@link #current()} skips the check: decryption uses it, and checks only after a failure. Thread-safe.
 */
public final class CredentialKeyRing {

    private final MasterSecretSource source;
    private final Supplier<CredentialEncryption> fixed;
    private volatile CredentialEncryption ring;
    private volatile MasterSecret secret;
    private List<Object> stamps;
    /** Derived keys by SHA-256 of their secret, so a rebuild derives only what is new. */
    private Map<String, CredentialKey> derived = Map.of();

    private CredentialKeyRing(MasterSecretSource source, Supplier<CredentialEncryption> fixed) {
        this.source = source;
        this.fixed = fixed;
    }

    /** The ring of {@code source}'s master secret and the rotation files next to its key file, kept up to date. */
    public static CredentialKeyRing following(MasterSecretSource source) {
        return new CredentialKeyRing(Objects.requireNonNull(source, "source"), null);
    }

    /** A ring obtained once from {@code ring} on first use, and changed only by {@link #use}. */
    public static CredentialKeyRing fixed(Supplier<CredentialEncryption> ring) {
        return new CredentialKeyRing(null, Objects.requireNonNull(ring, "ring"));
    }

    /**
     * The ring as last built (building it on first use, which may generate a key file), without looking at
     * the key files again.
     *
     * @throws KeyFileException when a key file exists but cannot be used
     */
    public CredentialEncryption current() {
        CredentialEncryption built = ring;
        return built != null ? built : upToDate();
    }

    /**
     * The ring as the key files and the variable define it now: rebuilt when they changed since the last
     * build. Call it before encrypting.
     *
     * @throws KeyFileException when a key file exists but cannot be used, when the key file this process
     *                          encrypted with was removed, or when the variable still holds a key another
     *                          process's rotation has retired (nothing should be encrypted then)
     */
    public synchronized CredentialEncryption upToDate() {
        if (source == null) {
            if (ring == null) {
                ring = Objects.requireNonNull(fixed.get(), "ring");
            }
            return ring;
        }
        List<Object> now = stampNow();
        if (ring != null && now.equals(stamps)) {
            return ring;
        }
        MasterSecret next = ring == null ? source.resolve() : nextSecret();
        Map<String, CredentialKey> reused = new HashMap<>();
        Function<String, CredentialKey> derive = value -> reused.computeIfAbsent(fingerprint(value), print -> {
            CredentialKey known = derived.get(print);
            return known != null ? known : CredentialKey.derive(value);
        });
        CredentialEncryption rebuilt = RotationKeyFiles.ring(next, source.keyFile(), derive);
        if (ring != null && next.origin().kind() == KeyOrigin.Kind.ENVIRONMENT && rebuilt.key(ring.primaryKeyId()).isEmpty()) {
            throw new KeyFileException("The credential key was rotated by another SecretDesk process and its new key file was "
                    + "removed (rotate-key --confirm), but " + source.variable() + " in this process still holds the old key (id "
                    + rebuilt.primaryKeyId() + "). Restart SecretDesk with the new value of " + source.variable()
                    + "; nothing was encrypted with the old key.");
        }
        derived = Map.copyOf(reused);
        secret = next.value().equals(secret == null ? null : secret.value()) ? secret : next;
        // A key file generated just now was absent when stamped: stamp it as written, so its removal shows.
        stamps = next.origin().kind() == KeyOrigin.Kind.GENERATED ? stampNow() : now;
        ring = rebuilt;
        return rebuilt;
    }

    /**
     * Uses {@code newRing} from now on (a key rotation in this process built it from the key files it just
     * wrote); the key files as they are now are taken to be what it was built from.
     */
    public synchronized void use(CredentialEncryption newRing) {
        Objects.requireNonNull(newRing, "newRing");
        if (source != null) {
            stamps = stampNow();
            try {
                source.existing().filter(found -> secret == null || !found.value().equals(secret.value()))
                        .ifPresent(found -> secret = found);
            } catch (KeyFileException e) {
                // The ring is what counts; the next upToDate() reports an unusable key file.
            }
        }
        ring = newRing;
    }

    /**
     * The master secret the ring is built from, brought up to date like {@link #upToDate()}; its
     * {@link MasterSecret#origin()} says where it came from.
     *
     * @throws IllegalStateException for a {@link #fixed} ring, which has no master secret
     */
    public MasterSecret secret() {
        if (source == null) {
            throw new IllegalStateException("a fixed key ring has no master secret");
        }
        upToDate();
        return secret;
    }

    /** The master secret if the ring was already built; never builds it, never generates a key. */
    public Optional<MasterSecret> resolvedSecret() {
        return Optional.ofNullable(secret);
    }

    @Override
    public String toString() {
        CredentialEncryption built = ring;
        return "CredentialKeyRing[" + (source == null ? "fixed" : "following " + source.keyFile()) + ", "
                + (built == null ? "not built yet" : built.keyIds()) + "]";
    }

    /** The master secret after a change: never generates one in place of a key file that was removed. */
    private MasterSecret nextSecret() {
        Optional<MasterSecret> found = source.existing();
        if (found.isPresent()) {
            return found.get();
        }
        if (secret != null && secret.origin().kind() == KeyOrigin.Kind.UNSAVED) {
            return secret; // there never was a file; the temporary key stays what it was
        }
        throw new KeyFileException("Key file " + source.keyFile() + " was removed while SecretDesk was running. Restore it "
                + "(the credentials encrypted with it need it; a rotation keeps a copy under backups/), or set "
                + source.variable() + ". Nothing was encrypted.");
    }

    /** The variable and each key file's identity and times: any replacement, edit or removal changes it. */
    private List<Object> stampNow() {
        List<Object> now = new ArrayList<>();
        now.add(Objects.toString(source.variableValue(), "\0unset").hashCode());
        Path keyFile = source.keyFile();
        now.add(stamp(keyFile));
        for (RotationKeyFiles.Slot slot : RotationKeyFiles.Slot.values()) {
            now.add(stamp(slot.path(keyFile)));
        }
        return now;
    }

    private static Object stamp(Path file) {
        try {
            try {
                Map<String, Object> unix = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
                return List.of(unix.get("dev"), unix.get("ino"), unix.get("size"), unix.get("lastModifiedTime"),
                        unix.get("ctime"));
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
                return List.of(Objects.toString(basic.fileKey()), basic.size(), basic.lastModifiedTime());
            }
        } catch (NoSuchFileException absent) {
            return "absent";
        } catch (IOException e) {
            // Unreadable now: differs from any readable stamp, so the next build reports the problem.
            return "unreadable: " + e.getClass().getSimpleName();
        }
    }

    private static String fingerprint(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
