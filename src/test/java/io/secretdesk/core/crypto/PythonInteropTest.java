package io.secretdesk.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.Python;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Byte compatibility with SimpleTuner's credential_encryption module, run by Python's cryptography package. */
@Tag("slow")
class PythonInteropTest {

    /** SimpleTuner's key derivation and stored form, as a Python prelude the snippets share. */
    private static final String SIMPLETUNER = """
            import sys, base64
            from cryptography.fernet import Fernet
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
            def fernet_key(master):
                kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32,
                                 salt=b"simpletuner-credential-encryption-v1", iterations=100000)
                return base64.urlsafe_b64encode(kdf.derive(master.encode()))
            def encrypt_credential(master, plaintext, at):
                token = Fernet(fernet_key(master)).encrypt_at_time(plaintext.encode(), at)
                return base64.urlsafe_b64encode(token).decode()
            def decrypt_credential(master, stored):
                return Fernet(fernet_key(master)).decrypt(base64.urlsafe_b64decode(stored.encode())).decode()
            lines = sys.stdin.read().split("\\n")
            """;

    @Test
    void keyDerivationMatchesPythonForAsciiAndNonAsciiSecrets() {
        for (String master : new String[] {"kX3v_9qQ2m8Zr1tYw0pLs4bN7cD6eF5gH8jK2lM1nO0", "pässwörd-秘密-ключ"}) {
            String python = Python.run(SIMPLETUNER + "print(fernet_key(lines[0]).decode())", master);
            assertThat(CredentialKey.derive(master).serialisedFernetKey().equals(python))
                    .as("derived key of a %d-char master secret matches Python's", master.length()).isTrue();
        }
    }

    @Test
    void aCredentialEncryptedByPythonYearsAgoDecryptsHere() {
        String master = "python-made-master-secret";
        String plaintext = "r8_made_in_python_ünï";
        // 2019-01-01: far beyond any Fernet TTL, so an age limit would reject it.
        String stored = Python.run(SIMPLETUNER + "print(encrypt_credential(lines[0], lines[1], 1546300800))", master, plaintext);
        CredentialEncryption encryption = CredentialEncryption.forSecret(
                new MasterSecret(master, new KeyOrigin(KeyOrigin.Kind.ENVIRONMENT, "X", null, null)));
        assertThat(encryption.decrypt(stored).equals(plaintext)).as("Python-made credential decrypts").isTrue();
    }

    @Test
    void aCredentialEncryptedHereDecryptsInPython() {
        String master = "java-made-master-secret";
        String plaintext = "hf_made_in_java ✓";
        String stored = CredentialEncryption.of(CredentialKey.derive(master)).encrypt(plaintext);
        String python = Python.run(SIMPLETUNER + "print(decrypt_credential(lines[0], lines[1]))", master, stored);
        assertThat(python.equals(plaintext)).as("Java-made credential decrypts in Python").isTrue();
    }
}
