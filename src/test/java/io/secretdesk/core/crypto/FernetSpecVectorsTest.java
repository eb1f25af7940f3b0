package io.secretdesk.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.testing.Python;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/** The Fernet specification's published vectors, run through our stored form (one extra base64 layer). */
class FernetSpecVectorsTest {

    /** Vectors that are invalid only because of the spec's 60 s TTL; SimpleTuner decrypts with no age limit. */
    private static final Set<String> TIME_ONLY = Set.of("far-future TS (unacceptable clock skew)", "expired TTL");

    @TestFactory
    Stream<DynamicTest> generateReproducesTheSpecTokens() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : vectors("generate.json")) {
            tests.add(DynamicTest.dynamicTest(vector.get("src").asText(), () -> {
                CredentialEncryption encryption = CredentialEncryption.of(CredentialKey.fromFernetKey(vector.get("secret").asText()));
                byte[] iv = new byte[16];
                for (int i = 0; i < 16; i++) {
                    iv[i] = (byte) vector.get("iv").get(i).asInt();
                }
                String stored = encryption.encryptAt(vector.get("src").asText(),
                        OffsetDateTime.parse(vector.get("now").asText()).toInstant(), iv);
                String token = new String(Base64.getUrlDecoder().decode(stored), StandardCharsets.US_ASCII);
                assertThat(token).isEqualTo(vector.get("token").asText());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> verifyDecryptsTheSpecTokens() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : vectors("verify.json")) {
            tests.add(DynamicTest.dynamicTest(vector.get("src").asText(), () -> {
                CredentialEncryption encryption = CredentialEncryption.of(CredentialKey.fromFernetKey(vector.get("secret").asText()));
                assertThat(encryption.decrypt(wrap(vector.get("token").asText()))).isEqualTo(vector.get("src").asText());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    @Tag("slow")
    Stream<DynamicTest> invalidTokensAreRejectedExceptTimeOnlyOnesWhichDecryptLikePython() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : vectors("invalid.json")) {
            String desc = vector.get("desc").asText();
            String secret = vector.get("secret").asText();
            String token = vector.get("token").asText();
            CredentialEncryption encryption = CredentialEncryption.of(CredentialKey.fromFernetKey(secret));
            if (TIME_ONLY.contains(desc)) {
                tests.add(DynamicTest.dynamicTest(desc + " decrypts without an age limit, as Python does", () -> {
                    String python = Python.run("""
                            import sys, base64
                            from cryptography.fernet import Fernet
                            secret, token = sys.stdin.read().split()
                            print(base64.b64encode(Fernet(secret).decrypt(token)).decode())
                            """, secret, token);
                    String ours = Base64.getEncoder().encodeToString(
                            encryption.decrypt(wrap(token)).getBytes(StandardCharsets.UTF_8));
                    assertThat(ours).isEqualTo(python);
                }));
            } else {
                tests.add(DynamicTest.dynamicTest(desc + " is rejected", () ->
                        assertThatThrownBy(() -> encryption.decrypt(wrap(token))).isInstanceOf(DecryptionException.class)));
            }
        }
        return tests.stream();
    }

    private static String wrap(String token) {
        return Base64.getUrlEncoder().encodeToString(token.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<JsonNode> vectors(String name) throws IOException {
        try (InputStream in = FernetSpecVectorsTest.class.getResourceAsStream("fernet-spec/" + name)) {
            assertThat(in).as("test resource fernet-spec/%s", name).isNotNull();
            List<JsonNode> list = new ArrayList<>();
            new ObjectMapper().readTree(in).forEach(list::add);
            assertThat(list).isNotEmpty();
            return list;
        }
    }
}
