package io.secretdesk.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One Fernet key derived from a master secret the way SimpleTuner does it (PBKDF2-HMAC-SHA256, 100,000
 * iterations, 32 bytes, salt {@code simpletuner-credential-encryption-v1}), with a stable id.
 *
 * <p>Deriving costs 0.1–0.2 s of CPU in a fresh JVM ({@link Pbkdf2Sha256}), so derive once per master secret and
 * keep the key. The id is the first 16 hex digits of SHA-256 over a domain tag and the derived key: the same master
 * secret always gives the same id, and the id reveals nothing about the key. {@link #toString()} shows the id only.
 */
public final class CredentialKey {

    static final byte[] SALT = "simpletuner-credential-encryption-v1".getBytes(StandardCharsets.US_ASCII);
    static final int ITERATIONS = 100_000;
    private static final byte[] ID_TAG = "secretdesk-credential-key-id-v1\0".getBytes(StandardCharsets.US_ASCII);

    private final FernetCodec.FernetKey fernetKey;
    private final String id;

    private CredentialKey(byte[] keyBytes) {
        this.fernetKey = new FernetCodec.FernetKey(keyBytes);
        this.id = idOf(keyBytes);
        Arrays.fill(keyBytes, (byte) 0);
    }

    /** Derives the key of {@code secret} (expensive: 0.1–0.2 s of CPU cold). */
    public static CredentialKey derive(MasterSecret secret) {
        return derive(secret.value());
    }

    /** Derives the key of a master secret given as text (expensive: 0.1–0.2 s of CPU cold). */
    public static CredentialKey derive(String masterSecret) {
        Objects.requireNonNull(masterSecret, "masterSecret");
        if (masterSecret.isEmpty()) {
            throw new IllegalArgumentException("a master secret cannot be empty");
        }
        // UTF-8, as SunJCE encodes a PBE password and as Python's master_key.encode() does.
        byte[] password = masterSecret.getBytes(StandardCharsets.UTF_8);
        byte[] derived;
        try {
            derived = Pbkdf2Sha256.derive(password, SALT, ITERATIONS, 32);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        CredentialKey key = new CredentialKey(derived);
        DerivationLog log = DerivationLog.OPEN.get();
        if (log != null) {
            log.ids.add(key.id);
        }
        return key;
    }

    /**
     * Starts recording the id of every key the calling thread derives, until the log is closed: for tests that check
     * a key is derived once (PBKDF2 is the costly part of a key). Ids only, never secrets.
     */
    public static DerivationLog recordDerivations() {
        DerivationLog log = new DerivationLog();
        DerivationLog.OPEN.set(log);
        return log;
    }

    /** The keys one thread derived while the log was open ({@link #recordDerivations()}). */
    public static final class DerivationLog implements AutoCloseable {
        private static final ThreadLocal<DerivationLog> OPEN = new ThreadLocal<>();
        private final List<String> ids = new ArrayList<>();

        private DerivationLog() {
        }

        /** How many times each key was derived, by key id. */
        public Map<String, Integer> countsByKeyId() {
            Map<String, Integer> counts = new TreeMap<>();
            ids.forEach(id -> counts.merge(id, 1, Integer::sum));
            return counts;
        }

        @Override
        public void close() {
            if (OPEN.get() == this) {
                OPEN.remove();
            }
        }
    }

    /** A key given directly in Fernet's format (URL-safe base64 of 32 bytes); for test vectors. */
    static CredentialKey fromFernetKey(String urlSafeBase64) {
        byte[] bytes = Base64.getUrlDecoder().decode(urlSafeBase64);
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a Fernet key is 32 bytes");
        }
        return new CredentialKey(bytes);
    }

    /** The stable, non-secret id of this key (16 lowercase hex digits). */
    public String id() {
        return id;
    }

    FernetCodec.FernetKey fernetKey() {
        return fernetKey;
    }

    /** The key in Fernet's text format; package-private so only tests compare it with Python's. */
    String serialisedFernetKey() {
        return fernetKey.serialise();
    }

    private static String idOf(byte[] keyBytes) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ID_TAG);
            byte[] digest = sha256.digest(keyBytes);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CredentialKey that && id.equals(that.id) && fernetKey.sameBytes(that.fernetKey);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "CredentialKey[id=" + id + "]";
    }
}
