package io.secretdesk.core.rotation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.SecretKeyFactorySpi;
import javax.crypto.spec.PBEKeySpec;

/**
 * Counts every PBKDF2-HMAC-SHA256 derivation the calling thread runs while it is open, whoever calls it
 * (store, crypto or rotation code): a JCA provider put first in line that records a SHA-256 fingerprint of
 * each password and hands the work to the JDK's own implementation. Fingerprints only, never passwords.
 */
final class Pbkdf2Counter implements AutoCloseable {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String NAME = "SecretDeskTestPbkdf2Counter";

    private final Thread counted = Thread.currentThread();
    private final List<String> fingerprints = new CopyOnWriteArrayList<>();

    private Pbkdf2Counter() {
    }

    /** Starts counting the derivations of the calling thread. */
    static Pbkdf2Counter start() {
        Pbkdf2Counter counter = new Pbkdf2Counter();
        Security.removeProvider(NAME);
        if (Security.insertProviderAt(counter.new CountingProvider(), 1) != 1) {
            throw new IllegalStateException("the counting provider did not go first");
        }
        return counter;
    }

    /** How many derivations ran, by the fingerprint of their master secret. */
    Map<String, Integer> derivationsBySecret() {
        Map<String, Integer> counts = new TreeMap<>();
        fingerprints.forEach(print -> counts.merge(print, 1, Integer::sum));
        return counts;
    }

    int derivations() {
        return fingerprints.size();
    }

    /** The fingerprint under which a derivation of {@code secret} is counted. */
    static String fingerprint(String secret) {
        return fingerprint(secret.toCharArray());
    }

    @Override
    public void close() {
        Security.removeProvider(NAME);
    }

    private static String fingerprint(char[] password) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(bytes);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class CountingProvider extends Provider {
        CountingProvider() {
            super(NAME, "1", "counts PBKDF2 derivations for a test");
            putService(new Service(this, "SecretKeyFactory", ALGORITHM, CountingFactory.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                    return new CountingFactory();
                }
            });
        }
    }

    private final class CountingFactory extends SecretKeyFactorySpi {
        private final SecretKeyFactory real;

        CountingFactory() throws NoSuchAlgorithmException {
            try {
                real = SecretKeyFactory.getInstance(ALGORITHM, "SunJCE");
            } catch (NoSuchProviderException e) {
                throw new NoSuchAlgorithmException(e);
            }
        }

        @Override
        protected SecretKey engineGenerateSecret(KeySpec spec) throws InvalidKeySpecException {
            if (Thread.currentThread() == counted && spec instanceof PBEKeySpec pbe) {
                char[] password = pbe.getPassword();
                try {
                    fingerprints.add(fingerprint(password));
                } finally {
                    java.util.Arrays.fill(password, '\0');
                }
            }
            return real.generateSecret(spec);
        }

        @Override
        protected KeySpec engineGetKeySpec(SecretKey key, Class<?> keySpec) throws InvalidKeySpecException {
            return real.getKeySpec(key, keySpec);
        }

        @Override
        protected SecretKey engineTranslateKey(SecretKey key) throws InvalidKeyException {
            return real.translateKey(key);
        }
    }
}
