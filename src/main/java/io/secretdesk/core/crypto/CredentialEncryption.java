package io.secretdesk.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * SimpleTuner-compatible credential encryption over a key ring: one primary key that encrypts, plus older
 * keys that only decrypt (so a key rotation never strands a row).
 *
 * <p>The stored form is exactly SimpleTuner's: the Fernet token string, URL-safe-base64-encoded once more
 * (with padding). Decryption applies no token age limit. Instances are immutable and thread-safe; the keys
 * are derived before construction, so encrypting and decrypting never run PBKDF2.
 */
public final class CredentialEncryption {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    private final CredentialKey primary;
    private final List<CredentialKey> keys;
    private final Clock clock;

    private CredentialEncryption(CredentialKey primary, List<CredentialKey> decryptOnly, Clock clock) {
        this.primary = Objects.requireNonNull(primary, "primary");
        Map<String, CredentialKey> byId = new LinkedHashMap<>();
        byId.put(primary.id(), primary);
        for (CredentialKey key : decryptOnly) {
            byId.putIfAbsent(Objects.requireNonNull(key, "key").id(), key);
        }
        this.keys = List.copyOf(byId.values());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A ring whose {@code primary} encrypts and whose {@code decryptOnly} keys are also tried when decrypting. */
    public static CredentialEncryption of(CredentialKey primary, CredentialKey... decryptOnly) {
        return new CredentialEncryption(primary, List.of(decryptOnly), Clock.systemUTC());
    }

    /** A ring of one key derived from {@code secret} (runs PBKDF2 once). */
    public static CredentialEncryption forSecret(MasterSecret secret) {
        return of(CredentialKey.derive(secret));
    }

    /** This ring with {@code newPrimary} encrypting; the old primary and the other keys become decrypt-only. */
    public CredentialEncryption withPrimary(CredentialKey newPrimary) {
        List<CredentialKey> rest = new ArrayList<>(keys);
        return new CredentialEncryption(newPrimary, rest, clock);
    }

    /**
     * This ring with {@code key} added decrypt-only, tried right after the primary (it is added because rows are on
     * it now); the primary still encrypts.
     */
    public CredentialEncryption withDecryptOnly(CredentialKey key) {
        List<CredentialKey> rest = new ArrayList<>(keys);
        rest.add(1, Objects.requireNonNull(key, "key"));
        return new CredentialEncryption(primary, rest, clock);
    }

    /** This ring without the decrypt-only key {@code keyId} (the end of a grace period). */
    public CredentialEncryption withoutKey(String keyId) {
        if (primary.id().equals(keyId)) {
            throw new IllegalArgumentException("the primary key " + keyId + " cannot be removed from the ring");
        }
        List<CredentialKey> rest = new ArrayList<>(keys);
        rest.removeIf(key -> key.id().equals(keyId));
        return new CredentialEncryption(primary, rest, clock);
    }

    /** The same ring stamping tokens with {@code clock}'s time; for tests. */
    CredentialEncryption withClock(Clock newClock) {
        return new CredentialEncryption(primary, keys, newClock);
    }

    /** The id of the key that encrypts. */
    public String primaryKeyId() {
        return primary.id();
    }

    /** The key that encrypts. */
    public CredentialKey primaryKey() {
        return primary;
    }

    /** The key on this ring with id {@code keyId}, if there is one (a rotation picks the key to roll back to). */
    public Optional<CredentialKey> key(String keyId) {
        return keys.stream().filter(key -> key.id().equals(keyId)).findFirst();
    }

    /** The ids of every key on the ring, primary first. */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>(keys.size());
        keys.forEach(key -> ids.add(key.id()));
        return Collections.unmodifiableList(ids);
    }

    /** Encrypts {@code plaintext} (UTF-8) with the primary key into the stored form. */
    public String encrypt(String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        return encryptAt(plaintext, clock.instant(), iv);
    }

    /** Encrypts with a fixed time and IV; for reproducing known tokens in tests. */
    String encryptAt(String plaintext, Instant now, byte[] iv) {
        String token = FernetCodec.encrypt(primary.fernetKey(), plaintext.getBytes(StandardCharsets.UTF_8), now, iv);
        return URL_ENCODER.encodeToString(token.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Decrypts a stored credential with whichever key of the ring opens it.
     *
     * @throws DecryptionException for every failure: wrong key, tampering, bad base64, wrong layer count
     */
    public String decrypt(String stored) {
        return open(stored).plaintext();
    }

    /**
     * Decrypts a stored credential and tells which key opened it (a rotation uses this to tell old rows
     * from new).
     *
     * @throws DecryptionException for every failure: wrong key, tampering, bad base64, wrong layer count
     */
    public Decrypted open(String stored) {
        return open(stored, null);
    }

    /**
     * {@link #open(String)} trying the key with id {@code likelyKeyId} first (the id a row records), so a ring whose
     * primary key did not make the token does not check its HMAC with every key before the right one: a rotation
     * re-encrypts thousands of rows made with the old key through a ring whose primary is the new one. Null or an id
     * not on the ring: the ring's order.
     */
    public Decrypted open(String stored, String likelyKeyId) {
        FernetCodec.Token token = parse(stored);
        CredentialKey likely = likelyKeyId == null ? null : key(likelyKeyId).orElse(null);
        if (likely != null) {
            Decrypted opened = openWith(likely, token);
            if (opened != null) {
                return opened;
            }
        }
        for (CredentialKey key : keys) {
            Decrypted opened = key == likely ? null : openWith(key, token);
            if (opened != null) {
                return opened;
            }
        }
        throw new DecryptionException(keys.size() == 1
                ? "The stored credential does not decrypt with the current master key (key id " + primary.id()
                        + "): it was encrypted with another master key, or altered. Restore the key it was made "
                        + "with, or set the credential again."
                : "The stored credential does not decrypt with any of the " + keys.size() + " keys on the ring "
                        + keyIds() + ": it was encrypted with another master key, or altered.");
    }

    /** The token decrypted with {@code key}; null when {@code key} did not sign it. */
    private static Decrypted openWith(CredentialKey key, FernetCodec.Token token) {
        if (!FernetCodec.signedBy(key.fernetKey(), token)) {
            return null;
        }
        try {
            byte[] plain = FernetCodec.decrypt(key.fernetKey(), token);
            return new Decrypted(new String(plain, StandardCharsets.UTF_8), key.id());
        } catch (GeneralSecurityException | RuntimeException e) {
            // A valid HMAC with undecryptable content means the token was made wrongly with our key.
            throw new DecryptionException("The stored credential is damaged: it is signed by key " + key.id()
                    + " but its content does not decrypt. Set the credential again.");
        }
    }

    /** Whether {@code stored} was encrypted by a key on this ring (cheap: checks the HMAC only). */
    public boolean canDecrypt(String stored) {
        try {
            FernetCodec.Token token = parse(stored);
            return keys.stream().anyMatch(key -> FernetCodec.signedBy(key.fernetKey(), token));
        } catch (DecryptionException e) {
            return false;
        }
    }

    private static FernetCodec.Token parse(String stored) {
        Objects.requireNonNull(stored, "stored");
        String trimmed = stored.strip();
        if (trimmed.isEmpty()) {
            throw new DecryptionException("The stored credential is empty.");
        }
        byte[] outer;
        try {
            outer = URL_DECODER.decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException("The stored credential is not URL-safe base64; it is not SimpleTuner's "
                    + "stored form (a Fernet token base64-encoded once more).");
        }
        if (outer.length > 0 && outer[0] == FernetCodec.VERSION) {
            throw new DecryptionException("The stored credential is a bare Fernet token (one base64 layer); the "
                    + "stored form has two: encode the token with URL-safe base64 once more.");
        }
        String tokenText = new String(outer, StandardCharsets.US_ASCII);
        byte[] inner;
        try {
            inner = URL_DECODER.decode(tokenText);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException("The stored credential does not hold a Fernet token under its base64 "
                    + "layer; it is not SimpleTuner's stored form, or it is damaged.");
        }
        if (inner.length == 0 || inner[0] != FernetCodec.VERSION) {
            if (looksLikeAnotherLayer(inner)) {
                throw new DecryptionException("The stored credential has one base64 layer too many; decode it once "
                        + "before storing it.");
            }
            throw new DecryptionException("The stored credential does not hold a Fernet token (version 0x80); it "
                    + "is not SimpleTuner's stored form, or it is damaged.");
        }
        try {
            return FernetCodec.Token.of(inner);
        } catch (RuntimeException e) {
            throw new DecryptionException("The stored credential holds a malformed Fernet token (wrong length or "
                    + "truncated); it is damaged. Set the credential again.");
        }
    }

    private static boolean looksLikeAnotherLayer(byte[] bytes) {
        try {
            byte[] deeper = URL_DECODER.decode(new String(bytes, StandardCharsets.US_ASCII));
            return deeper.length > 0 && deeper[0] == FernetCodec.VERSION;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "CredentialEncryption[primary=" + primary.id() + ", keys=" + keyIds() + "]";
    }

    /**
     * A decrypted credential and the id of the key that opened it. {@link #toString()} hides the plaintext.
     *
     * @param plaintext the credential value
     * @param keyId     the id of the ring's key whose HMAC matched
     */
    public record Decrypted(String plaintext, String keyId) {
        public Decrypted {
            Objects.requireNonNull(plaintext, "plaintext");
            Objects.requireNonNull(keyId, "keyId");
        }

        @Override
        public String toString() {
            return "Decrypted[keyId=" + keyId + ", plaintext=<hidden>]";
        }
    }
}
