package io.secretdesk.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** {@link Pbkdf2Sha256}: RFC 7914 §11's vectors, and the same bytes as SunJCE's PBKDF2WithHmacSHA256 for many inputs. */
class Pbkdf2Sha256Test {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sunJce(String password, byte[] salt, int iterations, int length) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256", "SunJCE").generateSecret(spec).getEncoded();
    }

    @Test
    void rfc7914VectorWithOneIteration() {
        assertThat(HexFormat.of().formatHex(Pbkdf2Sha256.derive(ascii("passwd"), ascii("salt"), 1, 64))).isEqualTo(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    }

    @Test
    void rfc7914VectorWithEightyThousandIterations() {
        assertThat(HexFormat.of().formatHex(Pbkdf2Sha256.derive(ascii("Password"), ascii("NaCl"), 80_000, 64))).isEqualTo(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    }

    @Test
    void matchesSunJceForPasswordsSaltsAndLengthsOnBothSidesOfEveryBlockBoundary() throws Exception {
        Random random = new Random(13);
        int[] sizes = {1, 2, 31, 32, 33, 43, 54, 55, 56, 63, 64, 65, 100, 119, 120, 128, 129, 200};
        for (int passwordSize : sizes) {
            for (int saltSize : sizes) {
                StringBuilder password = new StringBuilder();
                for (int i = 0; i < passwordSize; i++) {
                    password.append((char) (' ' + random.nextInt(95)));
                }
                byte[] salt = new byte[saltSize];
                random.nextBytes(salt);
                int iterations = 1 + random.nextInt(40);
                int length = 1 + random.nextInt(100);
                assertThat(Pbkdf2Sha256.derive(password.toString().getBytes(StandardCharsets.UTF_8), salt, iterations, length))
                        .as("password of %d chars, salt of %d bytes, %d iterations, %d bytes", passwordSize, saltSize,
                                iterations, length)
                        .isEqualTo(sunJce(password.toString(), salt, iterations, length));
            }
        }
    }

    @Test
    void encodesThePasswordAsSunJceDoesForCredentialKeys() throws Exception {
        // Non-ASCII, a character outside the BMP and an unpaired surrogate: CredentialKey encodes as SunJCE does.
        for (String secret : new String[] {"zoë-\u65e5\u672c-\ud83d\udd11-master-secret-0123456789", "lone \ud800 surrogate",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}) {
            byte[] expected = sunJce(secret, CredentialKey.SALT, CredentialKey.ITERATIONS, 32);
            assertThat(CredentialKey.derive(secret)).isEqualTo(new TestKey(expected).key());
        }
    }

    @Test
    void refusesNoIterationsOrNoOutput() {
        assertThatThrownBy(() -> Pbkdf2Sha256.derive(ascii("p"), ascii("s"), 0, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2Sha256.derive(ascii("p"), ascii("s"), 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A credential key made from derived bytes, through the Fernet key format tests use. */
    private record TestKey(byte[] bytes) {
        CredentialKey key() {
            return CredentialKey.fromFernetKey(java.util.Base64.getUrlEncoder().encodeToString(bytes));
        }
    }
}
