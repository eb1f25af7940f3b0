package io.secretdesk.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet (the specification SimpleTuner's {@code cryptography.fernet} implements): tokens made at a given time
 * with a given IV (so the specification's vectors can be reproduced), and decryption without an age limit, as
 * Python's {@code Fernet.decrypt(token)}.
 *
 * <p>Written on the JDK's {@code Mac} and {@code Cipher} rather than fernet-java8, which looks both up by name
 * for every token and sets the AES key up again each time: a key rotation of thousands of rows spent much of its
 * time doing that. Each key keeps, per thread, a {@code Mac} initialised with its signing key and a {@code Cipher}
 * that has expanded its AES key once, so keys stay immutable and thread-safe.
 */
final class FernetCodec {

    static final byte VERSION = (byte) 0x80;
    /** Version, timestamp and IV. */
    private static final int HEADER_BYTES = 1 + 8 + 16;
    private static final int HMAC_BYTES = 32;
    private static final int BLOCK_BYTES = 16;

    private FernetCodec() {
    }

    /**
     * A Fernet key: the first 16 bytes sign, the last 16 encrypt. {@link #toString()} shows nothing of it.
     */
    static final class FernetKey {
        private final SecretKeySpec signing;
        private final SecretKeySpec encryption;
        private final ThreadLocal<Mac> mac;
        private final ThreadLocal<Cipher> cipher;

        /** Copies {@code keyBytes} (32 bytes); the caller may clear its array. */
        FernetKey(byte[] keyBytes) {
            if (keyBytes.length != 32) {
                throw new IllegalArgumentException("a Fernet key is 32 bytes");
            }
            this.signing = new SecretKeySpec(keyBytes, 0, 16, "HmacSHA256");
            this.encryption = new SecretKeySpec(keyBytes, 16, 16, "AES");
            this.mac = ThreadLocal.withInitial(() -> {
                try {
                    Mac hmac = Mac.getInstance("HmacSHA256");
                    hmac.init(signing);
                    return hmac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
                }
            });
            this.cipher = ThreadLocal.withInitial(() -> {
                try {
                    return Cipher.getInstance("AES/CBC/PKCS5Padding");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES/CBC/PKCS5Padding is not available in this JVM", e);
                }
            });
        }

        /** This thread's HMAC of the signing key, ready for a new message. */
        Mac mac() {
            Mac hmac = mac.get();
            hmac.reset(); // in case a failure left a message half-fed
            return hmac;
        }

        /** This thread's AES cipher for this key; re-initialising it with the same key skips the key expansion. */
        Cipher cipher(int mode, byte[] iv, int ivOffset) throws GeneralSecurityException {
            Cipher aes = cipher.get();
            aes.init(mode, encryption, new IvParameterSpec(iv, ivOffset, 16));
            return aes;
        }

        /** The key in Fernet's text format (URL-safe base64 of the 32 bytes, with padding). */
        String serialise() {
            byte[] both = new byte[32];
            byte[] sign = signing.getEncoded();
            byte[] encrypt = encryption.getEncoded();
            System.arraycopy(sign, 0, both, 0, 16);
            System.arraycopy(encrypt, 0, both, 16, 16);
            String text = Base64.getUrlEncoder().encodeToString(both);
            Arrays.fill(both, (byte) 0);
            Arrays.fill(sign, (byte) 0);
            Arrays.fill(encrypt, (byte) 0);
            return text;
        }

        boolean sameBytes(FernetKey other) {
            return MessageDigest.isEqual(signing.getEncoded(), other.signing.getEncoded())
                    && MessageDigest.isEqual(encryption.getEncoded(), other.encryption.getEncoded());
        }

        @Override
        public String toString() {
            return "FernetKey[hidden]";
        }
    }

    /**
     * The bytes of a token whose layout is right (version byte, a whole number of cipher blocks, an HMAC);
     * nothing checked yet.
     */
    static final class Token {
        private final byte[] bytes;

        private Token(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * Reads a token's bytes.
         *
         * @throws IllegalArgumentException when the layout is wrong (too short, a partial block, another version)
         */
        static Token of(byte[] bytes) {
            int cipherText = bytes.length - HEADER_BYTES - HMAC_BYTES;
            if (bytes.length == 0 || bytes[0] != VERSION || cipherText < BLOCK_BYTES || cipherText % BLOCK_BYTES != 0) {
                throw new IllegalArgumentException("not a Fernet token");
            }
            return new Token(bytes);
        }
    }

    /** A serialised token (URL-safe base64 with padding) of {@code plaintext} stamped {@code now}. */
    static String encrypt(FernetKey key, byte[] plaintext, Instant now, byte[] iv) {
        try {
            byte[] cipherText = key.cipher(Cipher.ENCRYPT_MODE, iv, 0).doFinal(plaintext);
            ByteBuffer token = ByteBuffer.allocate(HEADER_BYTES + cipherText.length + HMAC_BYTES);
            token.put(VERSION).putLong(now.getEpochSecond()).put(iv, 0, 16).put(cipherText);
            Mac mac = key.mac();
            mac.update(token.array(), 0, token.position());
            token.put(mac.doFinal());
            return Base64.getUrlEncoder().encodeToString(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC or HMAC-SHA256 failed on a well-formed key", e);
        }
    }

    /** Whether {@code token}'s HMAC was made with {@code key} (cheap: no decryption); compared in constant time. */
    static boolean signedBy(FernetKey key, Token token) {
        byte[] bytes = token.bytes;
        int signed = bytes.length - HMAC_BYTES;
        Mac mac = key.mac();
        mac.update(bytes, 0, signed);
        return MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(bytes, signed, bytes.length));
    }

    /**
     * The plaintext of {@code token}, whose signature {@link #signedBy} has checked with {@code key}.
     *
     * @throws GeneralSecurityException when the content does not decrypt (bad padding)
     */
    static byte[] decrypt(FernetKey key, Token token) throws GeneralSecurityException {
        byte[] bytes = token.bytes;
        return key.cipher(Cipher.DECRYPT_MODE, bytes, 9).doFinal(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES - HMAC_BYTES);
    }
}
