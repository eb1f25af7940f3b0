package io.secretdesk.core.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.testing.MotoIam;
import io.secretdesk.testing.MotoIam.Keys;
import io.secretdesk.testing.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS provider through the real SDK against a real moto server: secrets are created with the SDK, read by the
 * provider, and every failure is checked for its distinct reason and for never carrying a value.
 */
@Tag("slow")
class AwsSecretsManagerProviderTest {

    private static final String REGION = "us-east-1";
    private static final Map<String, String> TEST_KEYS = Map.of(
            "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");
    private static final String HF = "hf_providerTestValue123";
    private static final String R8 = "r8_providerTestValue456";
    private static final String WEBHOOK = "webhook-secret-789";
    private static final Duration GUARD = Duration.ofSeconds(20);

    private static MotoServer moto;
    private static SecretsManagerClient admin;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.shared();
        admin = adminClient(moto.endpoint());
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @BeforeEach
    void emptyMoto() {
        moto.reset();
    }

    @Test
    void findsAKeyOfTheSecretsJsonObject() {
        putSecret("simpletuner/production", "{\"HF_TOKEN\": \"" + HF + "\", \"REPLICATE_API_TOKEN\": \"" + R8 + "\"}");
        try (AwsSecretsManagerProvider provider = provider("simpletuner/production")) {
            assertThat(provider.clientBuilt()).as("client built by the constructor").isFalse();

            Lookup hf = provider.lookup("HF_TOKEN");
            Lookup r8 = provider.lookup("REPLICATE_API_TOKEN");

            assertThat(hf).isInstanceOf(Lookup.Found.class);
            assertThat(((Lookup.Found) hf).value().equals(HF)).as("value of HF_TOKEN matches").isTrue();
            assertThat(((Lookup.Found) r8).value().equals(R8)).as("value of REPLICATE_API_TOKEN matches").isTrue();
            assertThat(provider.clientBuilt()).isTrue();
            assertThat(provider.name()).isEqualTo("aws");
        }
    }

    @Test
    void aKeyTheSecretLacksIsMissing() {
        putSecret("app", "{\"HF_TOKEN\": \"" + HF + "\"}");
        try (AwsSecretsManagerProvider provider = provider("app")) {
            assertThat(provider.lookup("CLOUD_WEBHOOK_SECRET")).isEqualTo(Lookup.MISSING);
        }
    }

    @Test
    void contentsListsEveryKeyInTheSecretsOrder() {
        putSecret("app", "{\"REPLICATE_API_TOKEN\": \"" + R8 + "\", \"HF_TOKEN\": \"" + HF
                + "\", \"CLOUD_WEBHOOK_SECRET\": \"" + WEBHOOK + "\"}");
        try (AwsSecretsManagerProvider provider = provider("app")) {
            Contents contents = provider.contents();

            assertThat(contents).isInstanceOf(Contents.Loaded.class);
            Contents.Loaded loaded = (Contents.Loaded) contents;
            assertThat(loaded.keys()).containsExactly("REPLICATE_API_TOKEN", "HF_TOKEN", "CLOUD_WEBHOOK_SECRET");
            assertThat(loaded.values().get("CLOUD_WEBHOOK_SECRET").equals(WEBHOOK))
                    .as("value of CLOUD_WEBHOOK_SECRET matches").isTrue();
            assertThat(provider.availability()).isEqualTo(Availability.available("3 keys", 3));
            assertNoValueIn(loaded.toString(), "contents toString");
        }
    }

    @Test
    void eachLookupReadsTheSecretAfresh() {
        putSecret("app", "{\"HF_TOKEN\": \"" + HF + "\"}");
        try (AwsSecretsManagerProvider provider = provider("app")) {
            assertThat(provider.lookup("HF_TOKEN")).isInstanceOf(Lookup.Found.class);
            admin.putSecretValue(b -> b.secretId("app").secretString("{\"REPLICATE_API_TOKEN\": \"" + R8 + "\"}"));

            assertThat(provider.lookup("HF_TOKEN")).isEqualTo(Lookup.MISSING);
            assertThat(provider.lookup("REPLICATE_API_TOKEN")).isInstanceOf(Lookup.Found.class);
        }
    }

    @Test
    void aSecretThatDoesNotExistIsUnavailableWithItsNameAndRegion() {
        try (AwsSecretsManagerProvider provider = provider("no/such/secret")) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).contains("'no/such/secret'", REGION, "not found", "create it");
            assertThat(unavailableReason(provider.contents())).isEqualTo(reason);
            assertThat(provider.availability().available()).isFalse();
        }
    }

    @Test
    void secretTextThatIsNotJsonIsReportedByLineAndColumnWithoutItsContent() {
        String text = "{\n  \"HF_TOKEN\": \"" + HF + "\",\n  oops " + R8 + "\n}";
        putSecret("broken", text);
        try (AwsSecretsManagerProvider provider = provider("broken")) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).contains("'broken'", "is not valid JSON", "(line 3, column 3)", "store a JSON object");
            assertThat(reason).doesNotContain("oops");
            assertNoValueIn(reason, "not-JSON reason");
            assertOneLine(reason);
        }
    }

    @Test
    void secretTextThatEndsEarlyIsNotJson() {
        putSecret("cut", "{\"HF_TOKEN\": \"" + HF + "\"");
        try (AwsSecretsManagerProvider provider = provider("cut")) {
            String reason = unavailableReason(provider.contents());

            assertThat(reason).contains("is not valid JSON: it ends early", "(line 1, column");
            assertNoValueIn(reason, "truncated-JSON reason");
        }
    }

    @Test
    void textAfterTheObjectIsNotJson() {
        putSecret("trailing", "{\"HF_TOKEN\": \"" + HF + "\"} " + R8);
        try (AwsSecretsManagerProvider provider = provider("trailing")) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).contains("more text after the object", "(line 1, column");
            assertNoValueIn(reason, "trailing-text reason");
        }
    }

    @Test
    void aJsonArrayIsNotAnObjectOfKeys() {
        putSecret("array", "[\"" + HF + "\", \"" + R8 + "\"]");
        try (AwsSecretsManagerProvider provider = provider("array")) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).contains("'array'", "is a JSON array, not an object of keys", "store a JSON object");
            assertNoValueIn(reason, "array reason");
        }
    }

    @Test
    void aPlainStringSecretIsNotAnObjectOfKeys() {
        putSecret("plain", "\"" + HF + "\"");
        try (AwsSecretsManagerProvider provider = provider("plain")) {
            String reason = unavailableReason(provider.contents());

            assertThat(reason).contains("is a JSON string, not an object of keys");
            assertNoValueIn(reason, "string reason");
        }
    }

    @Test
    void aBinarySecretIsUnavailableAndSaysToStoreText() {
        admin.createSecret(b -> b.name("binary")
                .secretBinary(SdkBytes.fromString("{\"HF_TOKEN\": \"" + HF + "\"}", StandardCharsets.UTF_8)));
        try (AwsSecretsManagerProvider provider = provider("binary")) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).contains("'binary'", "binary data, not text", "secret string");
            assertNoValueIn(reason, "binary reason");
        }
    }

    @Test
    void numbersAndBooleansAreTheirJsonTextAndOtherValuesAreSkippedByName() {
        putSecret("mixed", "{\"HF_TOKEN\": \"" + HF + "\", \"PORT\": 8080, \"RATE\": 1.50, \"BIG\": 12345678901234567890,"
                + " \"ENABLED\": true, \"NESTED\": {\"inner\": \"" + R8 + "\"}, \"LIST\": [\"" + WEBHOOK + "\"],"
                + " \"NOTHING\": null}");
        try (AwsSecretsManagerProvider provider = provider("mixed")) {
            assertThat(foundValue(provider.lookup("PORT"))).isEqualTo("8080");
            assertThat(foundValue(provider.lookup("RATE"))).isEqualTo("1.50");
            assertThat(foundValue(provider.lookup("BIG"))).isEqualTo("12345678901234567890");
            assertThat(foundValue(provider.lookup("ENABLED"))).isEqualTo("true");

            String nested = unavailableReason(provider.lookup("NESTED"));
            assertThat(nested).contains("key 'NESTED' holds a JSON object, not text", "store its value as a string");
            assertThat(unavailableReason(provider.lookup("LIST"))).contains("key 'LIST' holds a JSON array");
            assertThat(unavailableReason(provider.lookup("NOTHING"))).contains("key 'NOTHING' holds a JSON null");
            assertNoValueIn(nested, "nested-value reason");

            Contents.Loaded loaded = (Contents.Loaded) provider.contents();
            assertThat(loaded.keys()).containsExactly("HF_TOKEN", "PORT", "RATE", "BIG", "ENABLED");
            Availability availability = provider.availability();
            assertThat(availability.available()).isTrue();
            assertThat(availability.detail()).isEqualTo("5 keys; skipped (not text): NESTED, LIST, NOTHING");
        }
    }

    @Test
    void aKeyGivenTwiceKeepsItsLastValueAsPythonDoes() {
        putSecret("twice", "{\"HF_TOKEN\": {\"a\": 1}, \"HF_TOKEN\": \"" + HF + "\"}");
        try (AwsSecretsManagerProvider provider = provider("twice")) {
            assertThat(foundValue(provider.lookup("HF_TOKEN")).equals(HF)).as("last HF_TOKEN wins").isTrue();
            assertThat(provider.availability().detail()).isEqualTo("1 key");
        }
    }

    @Test
    void noCredentialsFoundIsUnavailableAndSaysWhereToPutThem() {
        putSecret("app", "{\"HF_TOKEN\": \"" + HF + "\"}");
        // A real SDK chain that finds nothing: a profile provider over an empty profile file.
        AwsCredentialsProvider nothing = AwsCredentialsProviderChain.builder()
                .credentialsProviders(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.aggregator().build()).profileName("default").build())
                .build();
        AwsSettings settings = new AwsSettings("app", REGION).withEndpointOverride(moto.endpoint());
        try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(settings, Map.of(), nothing)) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).contains("no credentials found", "'app'", "AWS_ACCESS_KEY_ID", "aws configure");
            assertOneLine(reason);
        }
    }

    @Test
    void aCredentialsEndpointThatNeverAnswersCostsNoMoreThanTheCallTimeout() throws IOException {
        putSecret("app", "{\"HF_TOKEN\": \"" + HF + "\"}");
        // The SDK's real container-credentials provider, pointed at a port that accepts and never answers,
        // as a blackholed metadata endpoint behaves.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> saved = saveProperties("aws.containerCredentialsFullUri");
            System.setProperty("aws.containerCredentialsFullUri", "http://127.0.0.1:" + silent.getLocalPort() + "/creds");
            AwsSettings settings = new AwsSettings("app", REGION).withEndpointOverride(moto.endpoint())
                    .withCallTimeout(Duration.ofSeconds(1));
            try (var container = ContainerCredentialsProvider.builder().build();
                 AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(settings, Map.of(), container)) {
                long start = System.nanoTime();
                String reason = unavailableReason(provider.lookup("HF_TOKEN"));
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(reason).contains("finding credentials for AWS secret 'app'", "took longer than 1 s",
                        "AWS_EC2_METADATA_DISABLED");
                assertOneLine(reason);
                assertThat(took).as("a lookup waits for credentials no longer than its call timeout").isLessThan(GUARD);
            } finally {
                restoreProperties(saved);
            }
        }
    }

    @Test
    void theMapsAwsProfileChoosesTheProfileOfTheDefaultChain(@TempDir Path home) throws IOException {
        putSecret("app", "{\"HF_TOKEN\": \"" + HF + "\"}");
        Path credentials = home.resolve("credentials");
        Files.writeString(credentials, "[other]\naws_access_key_id = testing\naws_secret_access_key = testing\n");
        // The SDK reads the file's location from a system property; instance metadata stays off so a miss can
        // never reach for a network address.
        Map<String, String> saved = saveProperties("aws.sharedCredentialsFile", "aws.configFile", "aws.disableEc2Metadata");
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        System.setProperty("aws.configFile", home.resolve("config").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(
                new AwsSettings("app", REGION).withEndpointOverride(moto.endpoint()), Map.of("AWS_PROFILE", "other"))) {
            assertThat(provider.lookup("HF_TOKEN")).isInstanceOf(Lookup.Found.class);
        } finally {
            restoreProperties(saved);
        }
    }

    @Test
    void halfAKeyPairInTheEnvironmentIsReportedBeforeAnyRequest() {
        AwsSettings settings = new AwsSettings("app", REGION).withEndpointOverride(moto.endpoint());
        try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(settings,
                Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"))) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).contains("credentials incomplete", "AWS_SECRET_ACCESS_KEY is not", "set both");
            assertThat(provider.clientBuilt()).isFalse();
        }
    }

    @Test
    void noSecretNameIsNotConfiguredAndTouchesNoNetwork() {
        AwsSettings settings = new AwsSettings(null, REGION).withEndpointOverride(closedPortEndpoint());
        try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(settings, TEST_KEYS)) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).isEqualTo(
                    "AWS Secrets Manager not configured: no secret name; set SIMPLETUNER_AWS_SECRET_NAME");
            assertThat(provider.availability()).isEqualTo(Availability.unavailable(reason));
            assertThat(provider.clientBuilt()).isFalse();
            assertThat(provider.description()).contains("(no name)");
        }
    }

    @Test
    void noRegionIsNotConfiguredAtOnceWithoutWalkingTheRegionChain() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("SIMPLETUNER_AWS_SECRET_NAME", "app"));
        try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(settings, TEST_KEYS)) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).contains("not configured", "no region", "'app'", "AWS_DEFAULT_REGION");
            assertThat(provider.clientBuilt()).isFalse();
            assertThat(provider.description()).contains("'app'", "(no region)");
        }
    }

    @Test
    void anEndpointThatAcceptsButNeverAnswersIsUnavailableWithinTheCallTimeout() throws IOException {
        // The kernel completes the TCP handshake from the backlog; nothing ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            AwsSettings settings = new AwsSettings("app", REGION).withEndpointOverride(endpoint)
                    .withCallTimeout(Duration.ofSeconds(2));
            try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(settings, TEST_KEYS)) {
                long start = System.nanoTime();
                String reason = unavailableReason(provider.lookup("HF_TOKEN"));
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(reason).contains(endpoint.toString(), "gave no answer within 2 s",
                        "SIMPLETUNER_AWS_TIMEOUT_SECONDS");
                assertThat(took).as("time to give up on a silent endpoint").isLessThan(GUARD);
                assertThat(Thread.currentThread().isInterrupted()).as("caller left interrupted").isFalse();

                // The first call also built the client (class loading); the second is the call alone: 2 s,
                // retries included, plus room for a loaded machine.
                long again = System.nanoTime();
                assertThat(unavailableReason(provider.lookup("HF_TOKEN"))).contains("gave no answer within 2 s");
                assertThat(Duration.ofNanos(System.nanoTime() - again)).as("a call with the client built").isLessThan(Duration.ofMillis(4500));
            }
        }
    }

    @Test
    void aClosedPortIsUnreachableWithTheEndpointNamed() {
        URI endpoint = closedPortEndpoint();
        AwsSettings settings = new AwsSettings("app", REGION).withEndpointOverride(endpoint)
                .withCallTimeout(Duration.ofSeconds(2));
        try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(settings, TEST_KEYS)) {
            long start = System.nanoTime();
            String reason = unavailableReason(provider.contents());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(reason).contains(endpoint.toString(), "unreachable (connection refused)", "AWS_ENDPOINT_URL");
            assertThat(took).as("time to give up on a closed port").isLessThan(GUARD);
        }
    }

    @Test
    void theEndpointOverrideVariablesComeFromTheGivenMap() {
        putSecret("from-env", "{\"HF_TOKEN\": \"" + HF + "\"}");
        Map<String, String> env = new HashMap<>(TEST_KEYS);
        env.put("SIMPLETUNER_AWS_SECRET_NAME", "from-env");
        env.put("AWS_REGION", REGION);
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        try (AwsSecretsManagerProvider provider = AwsSecretsManagerProvider.fromEnvironment(env)) {
            assertThat(provider.lookup("HF_TOKEN")).isInstanceOf(Lookup.Found.class);
            assertThat(provider.description()).isEqualTo(
                    "AWS Secrets Manager secret 'from-env' in us-east-1 at " + moto.endpoint());
        }

        // The service-specific variable wins over the global one, which here points at a closed port.
        env.put("AWS_ENDPOINT_URL", closedPortEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint().toString());
        try (AwsSecretsManagerProvider provider = AwsSecretsManagerProvider.fromEnvironment(env)) {
            assertThat(provider.lookup("HF_TOKEN")).isInstanceOf(Lookup.Found.class);
        }

        // And without the service-specific one the global one is used: the closed port.
        env.remove("AWS_ENDPOINT_URL_SECRETS_MANAGER");
        try (AwsSecretsManagerProvider provider = AwsSecretsManagerProvider.fromEnvironment(env)) {
            assertThat(unavailableReason(provider.lookup("HF_TOKEN"))).contains("connection refused");
        }
    }

    @Test
    void anUnusableVariableIsTheProvidersReasonNotAnException() {
        Map<String, String> env = new HashMap<>(TEST_KEYS);
        env.put("SIMPLETUNER_AWS_SECRET_NAME", "app");
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("SIMPLETUNER_AWS_TIMEOUT_SECONDS", "soon");
        try (AwsSecretsManagerProvider provider = AwsSecretsManagerProvider.fromEnvironment(env)) {
            String reason = unavailableReason(provider.lookup("HF_TOKEN"));

            assertThat(reason).isEqualTo("AWS Secrets Manager not configured: SIMPLETUNER_AWS_TIMEOUT_SECONDS 'soon'"
                    + " is not a number of seconds; set it to e.g. 8 or unset it");
            assertThat(provider.awsSettings()).isNull();
            assertThat(provider.description()).isEqualTo("AWS Secrets Manager (invalid settings)");
        }
    }

    @Test
    void concurrentLookupsShareOneClientAndAllSeeTheirValues() throws Exception {
        putSecret("shared", "{\"HF_TOKEN\": \"" + HF + "\", \"REPLICATE_API_TOKEN\": \"" + R8 + "\"}");
        int threads = 8;
        int lookupsEach = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (AwsSecretsManagerProvider provider = provider("shared")) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean hf = t % 2 == 0;
                Callable<Integer> work = () -> {
                    go.await();
                    int matches = 0;
                    for (int i = 0; i < lookupsEach; i++) {
                        Lookup lookup = provider.lookup(hf ? "HF_TOKEN" : "REPLICATE_API_TOKEN");
                        if (lookup instanceof Lookup.Found found && found.value().equals(hf ? HF : R8)) {
                            matches++;
                        }
                    }
                    return matches;
                };
                results.add(pool.submit(work));
            }
            // Released together, so the first lookups race to build the client.
            go.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).as("lookups that found their own value").isEqualTo(threads * lookupsEach);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedProviderSaysSoAndCanBeClosedTwice() {
        putSecret("app", "{\"HF_TOKEN\": \"" + HF + "\"}");
        AwsSecretsManagerProvider provider = provider("app");
        assertThat(provider.lookup("HF_TOKEN")).isInstanceOf(Lookup.Found.class);

        provider.close();
        provider.close();

        assertThat(unavailableReason(provider.lookup("HF_TOKEN"))).contains("'app'", "is closed");
    }

    @Test
    void theManualFormTakesNameAndRegionAndDescribesThem() {
        try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider("simpletuner/production", "us-west-2")) {
            assertThat(provider.awsSettings().secretName()).isEqualTo("simpletuner/production");
            assertThat(provider.awsSettings().region()).isEqualTo("us-west-2");
            assertThat(provider.description()).startsWith(
                    "AWS Secrets Manager secret 'simpletuner/production' in us-west-2");
            assertThat(provider.toString()).startsWith("AwsSecretsManagerProvider[AWS Secrets Manager secret");
            assertThat(provider.clientBuilt()).isFalse();
        }
    }

    @Test
    void noValueAppearsInAnyReasonDescriptionOrToString() {
        putSecret("everything", "{\"HF_TOKEN\": \"" + HF + "\", \"REPLICATE_API_TOKEN\": \"" + R8
                + "\", \"CLOUD_WEBHOOK_SECRET\": \"" + WEBHOOK + "\", \"NESTED\": {\"x\": \"" + HF + "\"}}");
        putSecret("everything-broken", "{\"HF_TOKEN\": \"" + HF + "\" \"" + R8 + "\"}");
        List<String> shown = new ArrayList<>();
        for (String name : List.of("everything", "everything-broken", "missing")) {
            try (AwsSecretsManagerProvider provider = provider(name)) {
                shown.add(provider.description());
                shown.add(provider.toString());
                shown.add(provider.awsSettings().toString());
                for (String key : List.of("HF_TOKEN", "REPLICATE_API_TOKEN", "NESTED", "ABSENT")) {
                    Lookup lookup = provider.lookup(key);
                    shown.add(lookup.toString());
                    if (lookup instanceof Lookup.Unavailable unavailable) {
                        shown.add(unavailable.reason());
                    }
                }
                shown.add(provider.contents().toString());
                shown.add(provider.availability().toString());
            }
        }
        // Credentials are secrets too: the environment's secret key never shows either.
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIASHOWN", "AWS_SECRET_ACCESS_KEY", WEBHOOK);
        try (AwsSecretsManagerProvider provider = new AwsSecretsManagerProvider(
                new AwsSettings("x", REGION).withEndpointOverride(moto.endpoint()), env)) {
            shown.add(provider.toString());
            shown.add(provider.description());
        }

        assertThat(shown).hasSizeGreaterThan(30);
        for (int i = 0; i < shown.size(); i++) {
            assertNoValueIn(shown.get(i), "shown text #" + i);
        }
    }

    /** Moto with IAM checking on: signatures and policies are enforced as AWS does, for users made here. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithIamChecking {

        private MotoServer iamMoto;
        private Keys reader;
        private Keys outsider;

        @BeforeAll
        void startMotoThatChecksCredentials() throws IOException {
            iamMoto = MotoServer.start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"));
            // Setting up needs no credentials: turn checking off for it, then on again.
            iamMoto.authenticateAfter(Double.POSITIVE_INFINITY);
            try (SecretsManagerClient setup = adminClient(iamMoto.endpoint())) {
                setup.createSecret(b -> b.name("guarded").secretString("{\"HF_TOKEN\": \"" + HF + "\"}"));
            }
            MotoIam iam = new MotoIam(iamMoto.endpoint(), REGION);
            reader = iam.userWithPolicy("reader", "secretsmanager:GetSecretValue");
            outsider = iam.userWithPolicy("outsider", "secretsmanager:ListSecrets");
            iamMoto.authenticateAfter(0);
        }

        @AfterAll
        void stopIt() {
            if (iamMoto != null) {
                iamMoto.close();
            }
        }

        @Test
        void aUserWhosePolicyAllowsGetSecretValueReadsTheSecret() {
            try (AwsSecretsManagerProvider provider = iamProvider(reader.id(), reader.secret())) {
                assertThat(foundValue(provider.lookup("HF_TOKEN")).equals(HF)).as("value of HF_TOKEN matches").isTrue();
            }
        }

        @Test
        void aUserWhosePolicyDoesNotAllowGetSecretValueIsDenied() {
            try (AwsSecretsManagerProvider provider = iamProvider(outsider.id(), outsider.secret())) {
                String reason = unavailableReason(provider.lookup("HF_TOKEN"));

                assertThat(reason).contains("denied secretsmanager:GetSecretValue", "'guarded'", "IAM policy");
            }
        }

        @Test
        void anUnknownAccessKeyIsRejected() {
            try (AwsSecretsManagerProvider provider = iamProvider("AKIAUNKNOWNKEY000000", "whatever")) {
                String reason = unavailableReason(provider.lookup("HF_TOKEN"));

                assertThat(reason).contains("rejected the credentials", "access key is not known",
                        "AWS_ACCESS_KEY_ID");
                assertThat(reason).doesNotContain("whatever");
            }
        }

        @Test
        void aWrongSecretAccessKeyIsRejectedAsABadSignature() {
            try (AwsSecretsManagerProvider provider = iamProvider(reader.id(), "wrong" + reader.secret())) {
                String reason = unavailableReason(provider.lookup("HF_TOKEN"));

                assertThat(reason).contains("rejected the credentials", "signature does not match");
                assertThat(reason.contains(reader.secret())).as("reason shows the secret access key").isFalse();
            }
        }

        private AwsSecretsManagerProvider iamProvider(String id, String secret) {
            AwsSettings settings = new AwsSettings("guarded", REGION).withEndpointOverride(iamMoto.endpoint());
            return new AwsSecretsManagerProvider(settings,
                    Map.of("AWS_ACCESS_KEY_ID", id, "AWS_SECRET_ACCESS_KEY", secret));
        }
    }

    private static AwsSecretsManagerProvider provider(String secretName) {
        return new AwsSecretsManagerProvider(new AwsSettings(secretName, REGION).withEndpointOverride(moto.endpoint()),
                TEST_KEYS);
    }

    private static SecretsManagerClient adminClient(URI endpoint) {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static void putSecret(String name, String text) {
        admin.createSecret(b -> b.name(name).secretString(text));
    }

    private static Map<String, String> saveProperties(String... keys) {
        Map<String, String> saved = new HashMap<>();
        for (String key : keys) {
            saved.put(key, System.getProperty(key));
        }
        return saved;
    }

    private static void restoreProperties(Map<String, String> saved) {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    private static URI closedPortEndpoint() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + probe.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static String unavailableReason(Object answer) {
        if (answer instanceof Lookup.Unavailable unavailable) {
            assertOneLine(unavailable.reason());
            return unavailable.reason();
        }
        if (answer instanceof Contents.Unavailable unavailable) {
            assertOneLine(unavailable.reason());
            return unavailable.reason();
        }
        // Only the type: a Found's toString is masked, but a Loaded's keys are enough to tell what came back.
        throw new AssertionError("expected Unavailable, got " + answer.getClass().getSimpleName());
    }

    private static String foundValue(Lookup lookup) {
        if (lookup instanceof Lookup.Found found) {
            return found.value();
        }
        throw new AssertionError("expected Found, got " + lookup);
    }

    private static void assertOneLine(String text) {
        assertThat(text.lines().count()).as("lines in a reason").isEqualTo(1);
    }

    private static void assertNoValueIn(String text, String what) {
        for (String value : List.of(HF, R8, WEBHOOK, "providerTestValue")) {
            assertThat(text.contains(value)).as("%s contains a secret value", what).isFalse();
        }
    }

    @Test
    void settingsRejectUnusableValuesWithOneLineThatNamesTheVariable() {
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "localhost:5000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AWS_ENDPOINT_URL 'localhost:5000' is not an http(s) URL with a host;"
                        + " set it to an endpoint such as http://127.0.0.1:5000 or unset it");
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://a b")))
                .hasMessageStartingWith("AWS_ENDPOINT_URL_SECRETS_MANAGER is not a URL");
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("SIMPLETUNER_AWS_TIMEOUT_SECONDS", "0")))
                .hasMessageContaining("SIMPLETUNER_AWS_TIMEOUT_SECONDS '0' is out of range");
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("SIMPLETUNER_AWS_TIMEOUT_SECONDS", "-3")))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("SIMPLETUNER_AWS_TIMEOUT_SECONDS", "1e99")))
                .hasMessageContaining("out of range");
    }

    @Test
    void settingsReadTheEnvironmentMapInTheDocumentedOrder() {
        AwsSettings defaults = AwsSettings.fromEnvironment(Map.of());
        assertThat(defaults).isEqualTo(new AwsSettings(null, null, null,
                AwsSettings.DEFAULT_CONNECT_TIMEOUT, AwsSettings.DEFAULT_CALL_TIMEOUT));
        assertThat(defaults.configured()).isFalse();

        AwsSettings both = AwsSettings.fromEnvironment(Map.of(
                "SIMPLETUNER_AWS_SECRET_NAME", " simpletuner/production ",
                "AWS_DEFAULT_REGION", "eu-west-1", "AWS_REGION", "us-west-2",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:2",
                "SIMPLETUNER_AWS_TIMEOUT_SECONDS", "1.5"));
        assertThat(both.secretName()).isEqualTo("simpletuner/production");
        assertThat(both.region()).isEqualTo("eu-west-1");
        assertThat(both.endpointOverride()).isEqualTo(URI.create("http://127.0.0.1:2"));
        assertThat(both.callTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(both.connectTimeout()).as("connect never outlasts the call").isEqualTo(Duration.ofMillis(1500));
        assertThat(both.configured()).isTrue();

        AwsSettings fallback = AwsSettings.fromEnvironment(Map.of("AWS_REGION", "us-west-2",
                "AWS_ENDPOINT_URL", "https://secretsmanager.example.test", "SIMPLETUNER_AWS_TIMEOUT_SECONDS", "20"));
        assertThat(fallback.region()).isEqualTo("us-west-2");
        assertThat(fallback.endpointOverride()).isEqualTo(URI.create("https://secretsmanager.example.test"));
        assertThat(fallback.callTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(fallback.connectTimeout()).isEqualTo(AwsSettings.DEFAULT_CONNECT_TIMEOUT);

        AwsSettings ignored = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        assertThat(ignored.endpointOverride()).as("endpoint with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").isNull();
    }
}
