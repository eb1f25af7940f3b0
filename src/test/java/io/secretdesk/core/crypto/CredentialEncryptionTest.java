package io.secretdesk.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialEncryptionTest {

    // Deriving runs PBKDF2 (100,000 iterations): once per secret for the whole class.
    private static final CredentialKey OLD = CredentialKey.derive("old-master-secret");
    private static final CredentialKey NEW = CredentialKey.derive("new-master-secret");

    @Test
    void roundTripsTextOfEveryShape() {
        CredentialEncryption encryption = CredentialEncryption.of(OLD);
        for (String plaintext : new String[] {"r8_my_api_token", "", "ünïcødé ✓ 秘密", "x".repeat(10_000), " spaced \n"}) {
            String stored = encryption.encrypt(plaintext);
            assertThat(encryption.decrypt(stored).equals(plaintext)).as("round trip of a %d-char value", plaintext.length())
                    .isTrue();
        }
    }

    @Test
    void storedFormIsTheFernetTokenBase64EncodedOnceMore() {
        String stored = CredentialEncryption.of(OLD).encrypt("r8_token");
        String token = new String(Base64.getUrlDecoder().decode(stored), StandardCharsets.US_ASCII);
        assertThat(token).startsWith("gAAAAA").endsWith("=");
        assertThat(stored).matches("[A-Za-z0-9_-]+=*").hasSize((token.length() + 2) / 3 * 4);
    }

    @Test
    void encryptingTwiceGivesDifferentTokensThatBothDecrypt() {
        CredentialEncryption encryption = CredentialEncryption.of(OLD);
        String first = encryption.encrypt("same");
        String second = encryption.encrypt("same");
        assertThat(first).isNotEqualTo(second);
        assertThat(encryption.decrypt(first)).isEqualTo(encryption.decrypt(second));
    }

    @Test
    void keyIdsAreStableHexAndDifferPerSecret() {
        assertThat(CredentialKey.derive("old-master-secret").id()).isEqualTo(OLD.id());
        assertThat(OLD.id()).matches("[0-9a-f]{16}").isNotEqualTo(NEW.id());
        assertThat(OLD.toString()).isEqualTo("CredentialKey[id=" + OLD.id() + "]");
    }

    @Test
    void aLikelyKeyIsTriedFirstAndAWrongOrUnknownHintStillFindsTheKey() {
        CredentialEncryption ring = CredentialEncryption.of(OLD).withPrimary(NEW);
        String oldRow = CredentialEncryption.of(OLD).encrypt("value-old");
        String newRow = ring.encrypt("value-new");
        for (String hint : new String[] {OLD.id(), NEW.id(), "0000000000000000", null}) {
            assertThat(ring.open(oldRow, hint).keyId()).as("old row, hint %s", hint).isEqualTo(OLD.id());
            assertThat(ring.open(oldRow, hint).plaintext().equals("value-old")).isTrue();
            assertThat(ring.open(newRow, hint).keyId()).as("new row, hint %s", hint).isEqualTo(NEW.id());
        }
        String foreign = CredentialEncryption.of(CredentialKey.derive("another-master-secret")).encrypt("x");
        assertThatThrownBy(() -> ring.open(foreign, OLD.id())).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("any of the 2 keys");
    }

    @Test
    void aRingEncryptsWithItsPrimaryAndDecryptsWithEveryKeyTellingWhichOpenedIt() {
        CredentialEncryption before = CredentialEncryption.of(OLD);
        String oldRow = before.encrypt("value-1");
        CredentialEncryption ring = before.withPrimary(NEW);
        assertThat(ring.primaryKeyId()).isEqualTo(NEW.id());
        assertThat(ring.keyIds()).containsExactly(NEW.id(), OLD.id());

        CredentialEncryption.Decrypted opened = ring.open(oldRow);
        assertThat(opened.keyId()).isEqualTo(OLD.id());
        assertThat(opened.plaintext().equals("value-1")).as("old row decrypts on the new ring").isTrue();

        String newRow = ring.encrypt("value-2");
        assertThat(ring.open(newRow).keyId()).isEqualTo(NEW.id());
        assertThatThrownBy(() -> before.decrypt(newRow)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void aKeyAddedDecryptOnlyOpensItsRowsButNeverEncrypts() {
        CredentialEncryption old = CredentialEncryption.of(OLD);
        String newRow = CredentialEncryption.of(NEW).encrypt("value-3");

        CredentialEncryption ring = old.withDecryptOnly(NEW);

        assertThat(ring.primaryKeyId()).isEqualTo(OLD.id());
        assertThat(ring.keyIds()).containsExactly(OLD.id(), NEW.id());
        assertThat(ring.open(newRow).keyId()).isEqualTo(NEW.id());
        assertThat(ring.open(ring.encrypt("value-4")).keyId()).isEqualTo(OLD.id());
    }

    @Test
    void droppingAnOldKeyEndsItsGracePeriodButThePrimaryCannotBeDropped() {
        String oldRow = CredentialEncryption.of(OLD).encrypt("value");
        CredentialEncryption ring = CredentialEncryption.of(NEW, OLD);
        assertThat(ring.canDecrypt(oldRow)).isTrue();
        CredentialEncryption newOnly = ring.withoutKey(OLD.id());
        assertThat(newOnly.keyIds()).containsExactly(NEW.id());
        assertThat(newOnly.canDecrypt(oldRow)).isFalse();
        assertThatThrownBy(() -> ring.withoutKey(NEW.id())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("primary");
    }

    @Test
    void aWrongKeyFailsWithOneClearExceptionThatHoldsNeitherValueNorToken() {
        String stored = CredentialEncryption.of(OLD).encrypt("r8_super_secret_value");
        assertThatThrownBy(() -> CredentialEncryption.of(NEW).decrypt(stored))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("does not decrypt with the current master key")
                .hasMessageContaining(NEW.id())
                .satisfies(e -> {
                    assertThat(e.getMessage().contains("r8_super_secret_value")).as("message holds the value").isFalse();
                    assertThat(e.getMessage().contains(stored.substring(0, 20))).as("message holds the token").isFalse();
                });
    }

    @Test
    void tamperingIsDetected() {
        CredentialEncryption encryption = CredentialEncryption.of(OLD);
        String token = new String(Base64.getUrlDecoder().decode(encryption.encrypt("value")), StandardCharsets.US_ASCII);
        char[] chars = token.toCharArray();
        int middle = chars.length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        String tampered = Base64.getUrlEncoder().encodeToString(new String(chars).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> encryption.decrypt(tampered)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void wrongLayerCountsAndGarbageAreNamed() {
        CredentialEncryption encryption = CredentialEncryption.of(OLD);
        String stored = encryption.encrypt("value");
        String bare = new String(Base64.getUrlDecoder().decode(stored), StandardCharsets.US_ASCII);
        String triple = Base64.getUrlEncoder().encodeToString(stored.getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> encryption.decrypt(bare)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("bare Fernet token");
        assertThatThrownBy(() -> encryption.decrypt(triple)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("one base64 layer too many");
        assertThatThrownBy(() -> encryption.decrypt("not base64 at all!")).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("not URL-safe base64");
        assertThatThrownBy(() -> encryption.decrypt("  ")).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> encryption.decrypt(Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void tokensOfAnyAgeDecrypt() {
        CredentialEncryption encryption = CredentialEncryption.of(OLD);
        String ancient = encryption.encryptAt("from 2001", Instant.parse("2001-01-01T00:00:00Z"), new byte[16]);
        String future = encryption.encryptAt("from 2090", Instant.parse("2090-01-01T00:00:00Z"), new byte[16]);
        assertThat(encryption.decrypt(ancient)).isEqualTo("from 2001");
        assertThat(encryption.decrypt(future)).isEqualTo("from 2090");
    }

    @Test
    void toStringsNeverShowSecrets() {
        MasterSecret secret = new MasterSecret("hunter2-master",
                new KeyOrigin(KeyOrigin.Kind.ENVIRONMENT, MasterSecretSource.CREDENTIAL_VARIABLE, null, null));
        assertThat(secret.toString()).doesNotContain("hunter2").contains("SIMPLETUNER_CREDENTIAL_KEY");
        CredentialEncryption.Decrypted decrypted = new CredentialEncryption.Decrypted("r8_visible?", OLD.id());
        assertThat(decrypted.toString()).doesNotContain("r8_visible");
        assertThat(CredentialEncryption.of(NEW, OLD).toString()).contains(NEW.id(), OLD.id());
    }
}
