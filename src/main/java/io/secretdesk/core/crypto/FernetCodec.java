package io.secretdesk.core.crypto;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAmount;
import java.util.function.Function;
import javax.crypto.spec.IvParameterSpec;

/**
 * The Fernet layer over fernet-java8: tokens made at a given time with a given IV (so the specification's
 * vectors can be reproduced), and decryption without an age limit, as Python's {@code Fernet.decrypt(token)}.
 */
final class FernetCodec {

    static final byte VERSION = (byte) 0x80;

    /** Python applies no time check at all when no ttl is given; ten thousand years is the nearest bound. */
    private static final Duration UNBOUNDED = Duration.ofDays(365L * 10_000);

    private static final Validator<byte[]> NO_AGE_LIMIT = new Validator<>() {
        @Override
        public TemporalAmount getTimeToLive() {
            return UNBOUNDED;
        }

        @Override
        public TemporalAmount getMaxClockSkew() {
            return UNBOUNDED;
        }

        @Override
        public Function<byte[], byte[]> getTransformer() {
            return Function.identity();
        }
    };

    private FernetCodec() {
    }

    /** A serialised token (URL-safe base64 with padding) of {@code plaintext} stamped {@code now}. */
    static String encrypt(Key key, byte[] plaintext, Instant now, byte[] iv) {
        Instant seconds = now.truncatedTo(ChronoUnit.SECONDS);
        IvParameterSpec ivSpec = new IvParameterSpec(iv);
        byte[] cipherText = key.encrypt(plaintext, ivSpec);
        byte[] hmac = key.sign(VERSION, seconds, ivSpec, cipherText);
        // Token's constructor is protected; an empty subclass reuses the library's serialisation.
        return new Token(VERSION, seconds, ivSpec, cipherText, hmac) { }.serialise();
    }

    /**
     * The plaintext of {@code token} under {@code key}, or an exception from fernet-java8
     * ({@code TokenValidationException} for a wrong key, tampering or bad padding).
     */
    static byte[] decrypt(Key key, Token token) {
        return NO_AGE_LIMIT.validateAndDecrypt(key, token);
    }

    /** Whether {@code token}'s HMAC was made with {@code key} (cheap: no decryption). */
    static boolean signedBy(Key key, Token token) {
        return token.isValidSignature(key);
    }
}
