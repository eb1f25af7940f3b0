package io.secretdesk.core.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.secrets.Lookup;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Issue 11, item 5: with {@code SIMPLETUNER_AWS_TIMEOUT_SECONDS=2} and a resolver that never answers,
 * {@code which} took 12 s. The resolver here never answers: an unbounded lookup would hang until the test's
 * own timeout fails it. Nothing reaches the network: resolution comes before the request.
 */
class AwsDnsTimeoutTest {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "secret-example"));

    private static HostLookup silent(List<String> asked, CountDownLatch never) {
        return HostLookup.using(host -> {
            asked.add(host);
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        });
    }

    @Test
    @Timeout(60)
    void aResolverThatNeverAnswersEndsTheLookupWithinTheCallTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        List<String> asked = new CopyOnWriteArrayList<>();
        AwsSettings settings = new AwsSettings("app", "us-east-1").withCallTimeout(Duration.ofMillis(1500))
                .withEndpointOverride(URI.create("http://user:PASSWORD@aws.dns-test.invalid:4566"));
        try (var provider = new AwsSecretsManagerProvider(settings, Map.of(), KEYS, silent(asked, never))) {
            Lookup lookup = provider.lookup("K");
            assertThat(lookup).isInstanceOf(Lookup.Unavailable.class);
            assertThat(((Lookup.Unavailable) lookup).reason()).contains("DNS gave no answer for aws.dns-test.invalid")
                    .contains("1.5 s").doesNotContain("PASSWORD");
            assertThat(asked).containsExactly("aws.dns-test.invalid");
        } finally {
            never.countDown();
        }
    }

    @Test
    @Timeout(60)
    void theRegionalEndpointIsResolvedWithinTheCallTimeoutToo() {
        CountDownLatch never = new CountDownLatch(1);
        List<String> asked = new CopyOnWriteArrayList<>();
        AwsSettings settings = new AwsSettings("app", "eu-west-3").withCallTimeout(Duration.ofSeconds(1));
        try (var provider = new AwsSecretsManagerProvider(settings, Map.of(), KEYS, silent(asked, never))) {
            assertThat(((Lookup.Unavailable) provider.lookup("K")).reason()).contains("DNS gave no answer")
                    .contains("SIMPLETUNER_AWS_TIMEOUT_SECONDS");
            assertThat(asked).containsExactly("secretsmanager.eu-west-3.amazonaws.com");
        } finally {
            never.countDown();
        }
    }
}
