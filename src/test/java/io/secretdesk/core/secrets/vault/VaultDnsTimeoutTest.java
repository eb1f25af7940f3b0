package io.secretdesk.core.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.testing.VaultKvTestServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, item 5: name resolution ran outside the Vault timeouts. The resolver here never answers: an
 * unbounded lookup would hang until the test's own timeout fails it.
 */
class VaultDnsTimeoutTest {

    private static final Duration OPEN = Duration.ofMillis(300);
    private static final Duration READ = Duration.ofSeconds(1);

    @Test
    @Timeout(30)
    void aResolverThatNeverAnswersEndsTheLookupWithinTheOpenTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        List<String> asked = new CopyOnWriteArrayList<>();
        HostLookup silent = HostLookup.using(host -> {
            asked.add(host);
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        });
        var provider = new HashiCorpVaultProvider(new VaultSettings("http://user:pw@vault.dns-test.invalid:8200", "t", null, null,
                null, null, OPEN, READ), silent);
        Lookup first = provider.lookup("K");
        Lookup second = provider.lookup("K");
        assertThat(first).isInstanceOf(Lookup.Unavailable.class);
        assertThat(((Lookup.Unavailable) first).reason()).contains("DNS gave no answer").contains("within 300 ms")
                .contains("http://vault.dns-test.invalid:8200").doesNotContain("pw");
        assertThat(second).isEqualTo(first);
        assertThat(asked).as("the stuck resolution is shared, not started again").containsExactly("vault.dns-test.invalid");
        never.countDown();
    }

    @Tag("slow")
    @Test
    @Timeout(60)
    void aResolverThatAnswersChangesNothing() throws Exception {
        try (VaultKvTestServer vault = VaultKvTestServer.start()) {
            vault.mount("secret", 2).put("secret", "simpletuner", Map.of("K", "vault-value"));
            List<String> asked = new CopyOnWriteArrayList<>();
            HostLookup loopback = HostLookup.using(host -> {
                asked.add(host);
                return new InetAddress[] {InetAddress.getLoopbackAddress()};
            });
            String url = vault.url().replace("127.0.0.1", "localhost");
            var provider = new HashiCorpVaultProvider(new VaultSettings(url, vault.rootToken(), null, null, null, null,
                    Duration.ofSeconds(2), Duration.ofSeconds(5)), loopback);
            assertThat(provider.lookup("K")).isEqualTo(new Lookup.Found("vault-value"));
            assertThat(asked).contains("localhost");
        }
    }
}
