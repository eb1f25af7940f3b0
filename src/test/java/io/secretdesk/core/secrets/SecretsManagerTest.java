package io.secretdesk.core.secrets;

import io.secretdesk.core.secrets.chain.ProviderChains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import io.secretdesk.core.cache.Ticker;
import io.secretdesk.core.schedule.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsManagerTest {

    @TempDir
    Path userHome;

    /** A provider with fixed answers, standing in for a remote source in chain-logic tests. */
    private record FixedProvider(String name, Map<String, String> values, String downReason) implements SecretProvider {
        @Override
        public String description() {
            return name + " source";
        }

        @Override
        public Lookup lookup(String key) {
            return downReason != null ? new Lookup.Unavailable(downReason) : Lookup.of(values.get(key));
        }

        @Override
        public Contents contents() {
            return downReason != null ? new Contents.Unavailable(downReason) : new Contents.Loaded(values);
        }
    }

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    private void secretsFile(String json) throws IOException {
        Files.createDirectories(home().dir());
        Files.writeString(home().dir().resolve("secrets.json"), json);
    }

    @Test
    void environmentBeatsFileAndFileIsShownAsShadowed() throws IOException {
        secretsFile("{\"HF_TOKEN\": \"hf_file\", \"ONLY_FILE\": \"f\"}");
        var manager = ProviderChains.fromEnvironment(Map.of("HF_TOKEN", "hf_env"), home());
        assertThat(manager.getHfToken().orElseThrow().equals("hf_env")).as("env value wins").isTrue();
        assertThat(manager.get("ONLY_FILE", "fallback").equals("f")).as("file value").isTrue();
        assertThat(manager.get("NOWHERE", "fallback")).isEqualTo("fallback");

        Resolution resolution = manager.resolve("HF_TOKEN");
        assertThat(resolution.source()).contains("env");
        assertThat(resolution.shadowed()).containsExactly("file");
        assertThat(resolution.outcomeOf("env").location()).isEqualTo("variable HF_TOKEN");
        assertThat(resolution.toString()).doesNotContain("hf_env").doesNotContain("hf_file");
    }

    @Test
    void unavailableProvidersAreSkippedAndTheirReasonKept() {
        var chain = List.of(
                new EnvironmentSecretProvider("", Map.of()),
                new FixedProvider("aws", Map.of(), "not configured: SIMPLETUNER_AWS_SECRET_NAME is not set"),
                new FixedProvider("vault", Map.of("K", "from-vault", "V", "v"), null));
        var manager = new SecretsManager(chain);
        assertThat(manager.get("K").orElseThrow().equals("from-vault")).as("lowest provider reached").isTrue();
        Resolution resolution = manager.resolve("K");
        assertThat(resolution.outcomes()).extracting(Resolution.Outcome::status).containsExactly(
                Resolution.Status.LACKS, Resolution.Status.UNAVAILABLE, Resolution.Status.SUPPLIES);
        assertThat(resolution.outcomeOf("aws").detail()).contains("SIMPLETUNER_AWS_SECRET_NAME");
        assertThat(resolution.incomplete()).isTrue();
        assertThat(manager.providers()).extracting(s -> s.availability().available()).containsExactly(true, false, true);
    }

    @Test
    void resolveAllUnitesEverySourceAndAsksTheEnvironmentAboutEachKey() throws IOException {
        secretsFile("{\"A\": \"file-a\", \"B\": \"file-b\"}");
        var chain = List.of(
                new EnvironmentSecretProvider("", Map.of("B", "env-b")),
                FileSecretProvider.inHome(home()),
                new FixedProvider("vault", Map.of("B", "vault-b", "C", "vault-c"), null));
        List<Resolution> all = new SecretsManager(chain).resolveAll();
        assertThat(all).extracting(Resolution::key).containsExactly("A", "B", "C");
        Resolution b = all.get(1);
        assertThat(b.source()).contains("env");
        assertThat(b.shadowed()).containsExactly("file", "vault");
        assertThat(all.get(2).source()).contains("vault");
    }

    @Test
    void setSecretWritesTheFileAndSaysWhenTheEnvironmentStillWins() throws IOException {
        var manager = ProviderChains.fromEnvironment(Map.of("REPLICATE_API_TOKEN", "r8_env"), home());
        SecretsManager.WriteOutcome outcome = manager.setReplicateToken("r8_file");
        assertThat(outcome.file()).exists();
        assertThat(outcome.effective()).isFalse();
        assertThat(outcome.overriddenBy()).get().extracting(Resolution.Outcome::provider).isEqualTo("env");
        assertThat(manager.getReplicateToken().orElseThrow().equals("r8_env")).as("get returns what the chain resolves").isTrue();

        SecretsManager.WriteOutcome plain = manager.setSecret("MY_CUSTOM_KEY", "my_value");
        assertThat(plain.effective()).isTrue();
        assertThat(manager.get("MY_CUSTOM_KEY").orElseThrow().equals("my_value")).as("visible at once").isTrue();

        SecretsManager.DeleteOutcome deleted = manager.deleteSecret("MY_CUSTOM_KEY");
        assertThat(deleted.removed()).isTrue();
        assertThat(manager.get("MY_CUSTOM_KEY")).isEmpty();
        assertThat(manager.deleteSecret("REPLICATE_API_TOKEN").after().source()).contains("env");
    }

    @Test
    void configMapFollowsTheSeedKeys() throws IOException {
        Path custom = userHome.resolve("custom/secrets.json");
        Files.createDirectories(custom.getParent());
        Files.writeString(custom, "{\"K\": \"custom\"}");
        var manager = ProviderChains.fromConfig(Map.of("file_path", custom.toString(), "env_prefix", "SIMPLETUNER"),
                Map.of("SIMPLETUNER_OTHER", "o"), home());
        assertThat(manager.get("K")).isPresent();
        assertThat(manager.get("other")).isPresent();
        assertThat(manager.file().orElseThrow().path()).isEqualTo(custom);
    }

    @Test
    void badKeysAreRefusedClearly() {
        var manager = ProviderChains.fromEnvironment(Map.of(), home());
        assertThatThrownBy(() -> manager.get(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid key");
        assertThatThrownBy(() -> manager.setSecret("A B", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Answers only once {@code together} other lookups are in flight at the same moment. */
    private record RendezvousProvider(String name, CountDownLatch together) implements SecretProvider {
        @Override
        public String description() {
            return name;
        }

        @Override
        public Lookup lookup(String key) {
            together.countDown();
            try {
                return together.await(10, TimeUnit.SECONDS) ? new Lookup.Found(name) : new Lookup.Unavailable("asked alone");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Lookup.Unavailable("interrupted");
            }
        }

        @Override
        public Contents contents() {
            return new Contents.Loaded(Map.of());
        }
    }

    @Test
    void resolveAsksProvidersAtOnceThroughTheFanOutExecutor() {
        CountDownLatch together = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var manager = new SecretsManager(List.of(new RendezvousProvider("aws", together),
                    new RendezvousProvider("vault", together)), pool);
            Resolution resolution = manager.resolve("K");
            assertThat(resolution.outcomes()).extracting(Resolution.Outcome::status)
                    .containsExactly(Resolution.Status.SUPPLIES, Resolution.Status.SHADOWED);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Issue 11, item 5: when AWS and Vault both hung, {@code get} waited for one timeout after the other. */
    @Test
    void getAsksHangingRemoteProvidersAtOnceNotOneAfterTheOther() {
        CountDownLatch together = new CountDownLatch(2);
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            var manager = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of()),
                    new RendezvousProvider("aws", together), new RendezvousProvider("vault", together)), pool);
            // Each answers only once both were asked; asked one after the other, each would say "asked alone".
            assertThat(manager.get("K")).contains("aws");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void getKeepsPriorityWhenALowerRemoteAnswersFirst() throws Exception {
        CountDownLatch releaseAws = new CountDownLatch(1);
        CountDownLatch vaultAsked = new CountDownLatch(1);
        SecretProvider slowAws = new GatedProvider("aws", releaseAws, null, new Lookup.Found("from-aws"));
        SecretProvider fastVault = new GatedProvider("vault", new CountDownLatch(0), vaultAsked, new Lookup.Found("from-vault"));
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            var manager = new SecretsManager(List.of(slowAws, fastVault), pool);
            var pending = pool.submit(() -> manager.get("K"));
            assertThat(vaultAsked.await(10, TimeUnit.SECONDS)).as("vault asked while aws still thinks").isTrue();
            assertThat(pending.isDone()).as("vault's answer waits for the higher-priority aws").isFalse();
            releaseAws.countDown();
            assertThat(pending.get(10, TimeUnit.SECONDS)).contains("from-aws");

            var downFirst = new SecretsManager(List.of(new GatedProvider("aws", new CountDownLatch(0), null,
                    new Lookup.Unavailable("no answer")), fastVault), pool);
            assertThat(downFirst.get("K")).contains("from-vault");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A remote provider that answers {@code answer} once {@code gate} opens, saying when it was asked. */
    private static final class GatedProvider implements SecretProvider {
        private final String name;
        private final CountDownLatch gate;
        private final CountDownLatch asked;
        private final Lookup answer;

        GatedProvider(String name, CountDownLatch gate, CountDownLatch asked, Lookup answer) {
            this.name = name;
            this.gate = gate;
            this.asked = asked;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "gated";
        }

        @Override
        public Lookup lookup(String key) {
            if (asked != null) {
                asked.countDown();
            }
            try {
                return gate.await(10, TimeUnit.SECONDS) ? answer : new Lookup.Unavailable("gate never opened");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Lookup.Unavailable("interrupted");
            }
        }

        @Override
        public Contents contents() {
            return new Contents.Loaded(Map.of());
        }
    }

    @Test
    void aProviderThatThrowsIsReportedWithoutItsMessage() {
        var throwing = new SecretProvider() {
            @Override
            public String name() {
                return "vault";
            }

            @Override
            public String description() {
                return "broken";
            }

            @Override
            public Lookup lookup(String key) {
                throw new IllegalStateException("leaked r8_value");
            }

            @Override
            public Contents contents() {
                throw new IllegalStateException("leaked r8_value");
            }
        };
        var manager = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of("K", "v")), throwing));
        Resolution resolution = manager.resolve("K");
        assertThat(resolution.outcomeOf("vault").detail()).contains("internal error").doesNotContain("r8_value");
        assertThat(manager.resolveAll()).isNotNull();
        assertThat(manager.providers().get(1).availability().detail()).doesNotContain("r8_value");
    }

    /** A remote-like provider that counts how often it is asked and can be switched up or down. */
    private static final class CountingProvider implements SecretProvider {
        final AtomicInteger lookups = new AtomicInteger();
        final Map<String, String> values = new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean down;

        @Override
        public String name() {
            return "vault";
        }

        @Override
        public String description() {
            return "counting";
        }

        @Override
        public Lookup lookup(String key) {
            lookups.incrementAndGet();
            return down ? new Lookup.Unavailable("no answer within 5 s") : Lookup.of(values.get(key));
        }

        @Override
        public Contents contents() {
            return down ? new Contents.Unavailable("no answer within 5 s") : new Contents.Loaded(values);
        }
    }

    private static final class FakeTicker implements Ticker {
        long nanos;

        @Override
        public long read() {
            return nanos;
        }

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }
    }

    private SecretsManager cachingManager(CountingProvider remote, FakeTicker ticker) {
        return new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of()), remote), Runnable::run,
                ticker, new ManualScheduler(ticker::read));
    }

    @Test
    void resolvedValuesAreReusedUntilTheirTimeToLiveEnds() {
        var remote = new CountingProvider();
        remote.values.put("K", "v1");
        var ticker = new FakeTicker();
        var manager = cachingManager(remote, ticker);
        assertThat(manager.get("K")).isPresent();
        assertThat(manager.get("K")).isPresent();
        assertThat(remote.lookups).hasValue(1);
        assertThat(manager.cache().stats().hitCount()).isEqualTo(1);

        remote.values.put("K", "v2");
        ticker.advance(SecretsManager.HIT_TTL);
        assertThat(manager.get("K").orElseThrow().equals("v2")).as("value read again after the TTL").isTrue();
        assertThat(remote.lookups).hasValue(2);
    }

    @Test
    void aMissIsCachedOnlyBriefly() {
        var remote = new CountingProvider();
        var ticker = new FakeTicker();
        var manager = cachingManager(remote, ticker);
        assertThat(manager.get("LATER")).isEmpty();
        remote.values.put("LATER", "now");
        assertThat(manager.get("LATER")).as("miss still cached").isEmpty();
        ticker.advance(SecretsManager.MISS_TTL);
        assertThat(manager.get("LATER")).isPresent();
    }

    @Test
    void clearCacheTakesEffectAtOnce() {
        var remote = new CountingProvider();
        remote.values.put("K", "v1");
        var manager = cachingManager(remote, new FakeTicker());
        manager.get("K");
        remote.values.remove("K");
        manager.clearCache();
        assertThat(manager.get("K")).isEmpty();
    }

    @Test
    void writesInvalidateTheCachedResolutionAtOnce() throws IOException {
        var ticker = new FakeTicker();
        var manager = new SecretsManager(List.of(FileSecretProvider.inHome(home())), Runnable::run, ticker,
                new ManualScheduler(ticker::read));
        assertThat(manager.get("K")).isEmpty();
        manager.setSecret("K", "first");
        assertThat(manager.get("K").orElseThrow().equals("first")).as("new value at once").isTrue();
        manager.setSecret("K", "second");
        assertThat(manager.get("K").orElseThrow().equals("second")).as("overwrite at once").isTrue();
        manager.deleteSecret("K");
        assertThat(manager.get("K")).isEmpty();
    }

    @Test
    void aRemoteProviderThatFailedIsSkippedByGetForABackoffThenAskedAgain() {
        var remote = new CountingProvider();
        remote.down = true;
        var ticker = new FakeTicker();
        var manager = cachingManager(remote, ticker);
        assertThat(manager.get("A")).isEmpty();
        assertThat(manager.get("B")).isEmpty();
        assertThat(remote.lookups).as("down provider asked once").hasValue(1);

        remote.down = false;
        remote.values.put("C", "c");
        ticker.advance(SecretsManager.REMOTE_BACKOFF);
        assertThat(manager.get("C")).isPresent();
        assertThat(remote.lookups).hasValue(2);
        assertThat(manager.resolve("A").outcomeOf("vault").status()).isEqualTo(Resolution.Status.LACKS);
    }

    /** A remote provider whose first lookup reads its value, then waits for the test before answering. */
    private static final class SlowProvider implements SecretProvider {
        final Map<String, String> values = new java.util.concurrent.ConcurrentHashMap<>();
        final CountDownLatch read = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);

        @Override
        public String name() {
            return "vault";
        }

        @Override
        public String description() {
            return "slow";
        }

        @Override
        public Lookup lookup(String key) {
            String value = values.get(key);
            if (!first.getAndSet(false)) {
                return Lookup.of(value);
            }
            read.countDown();
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Lookup.of(value);
        }

        @Override
        public Contents contents() {
            return new Contents.Loaded(Map.copyOf(values));
        }
    }

    @Test
    void aLookupThatStartedBeforeAWriteDoesNotCacheWhatItReadBeforeTheWrite() throws Exception {
        var slow = new SlowProvider();
        slow.values.put("HF_TOKEN", "hf_beforeTheWrite");
        var ticker = new FakeTicker();
        var manager = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of()),
                new FileSecretProvider(home().dir().resolve("secrets.json")), slow), Runnable::run, ticker,
                new ManualScheduler(ticker::read));
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            var early = reader.submit(() -> manager.get("HF_TOKEN"));
            assertThat(slow.read.await(10, TimeUnit.SECONDS)).as("the early lookup read the old value").isTrue();

            manager.setSecret("HF_TOKEN", "hf_writtenMeanwhile");
            slow.answer.countDown();
            assertThat(early.get(10, TimeUnit.SECONDS).orElseThrow().equals("hf_beforeTheWrite"))
                    .as("the early lookup returns what it read").isTrue();

            assertThat(manager.get("HF_TOKEN").orElseThrow().equals("hf_writtenMeanwhile"))
                    .as("the next lookup sees the write, not the early lookup's cached answer").isTrue();
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void aLookupThatStartedBeforeClearCacheDoesNotRefillTheCache() throws Exception {
        var slow = new SlowProvider();
        slow.values.put("K", "old");
        var ticker = new FakeTicker();
        var manager = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of()), slow), Runnable::run,
                ticker, new ManualScheduler(ticker::read));
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            var early = reader.submit(() -> manager.get("K"));
            assertThat(slow.read.await(10, TimeUnit.SECONDS)).isTrue();
            manager.clearCache();
            slow.answer.countDown();
            early.get(10, TimeUnit.SECONDS);

            assertThat(manager.cache().stats().size()).as("nothing cached from before the clear").isZero();
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void processWideInstanceIsResettable() {
        SecretsManager first = ProviderChains.shared();
        assertThat(ProviderChains.shared()).isSameAs(first);
        ProviderChains.resetShared();
        assertThat(ProviderChains.shared()).isNotSameAs(first);
        ProviderChains.resetShared();
    }
}
