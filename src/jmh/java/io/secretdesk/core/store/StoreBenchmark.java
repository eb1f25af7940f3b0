package io.secretdesk.core.store;

import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the credential crypto and of a provider-config read: {@code encrypt} and {@code decrypt} of a
 * 40-character token (PBKDF2 already done), {@code deriveKey} (the PBKDF2 that runs once per master secret),
 * {@code getProviderConfigWarm} (a hit in the global provider-config cache, the common case) and
 * {@code getProviderConfigFromDatabase} (the same read right after an invalidation: a miss, a SQLite query
 * and a JSON parse).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreBenchmark {

    static final String TOKEN = "r8_" + "x".repeat(37);
    static final Map<String, Object> CONFIG = config();

    CredentialEncryption encryption;
    String stored;
    Path dir;
    Database database;
    Database auditDatabase;
    ProviderConfigStore configs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        encryption = CredentialEncryption.of(CredentialKey.derive("benchmark-master-secret"));
        stored = encryption.encrypt(TOKEN);
        dir = Files.createTempDirectory("store-benchmark");
        // Provider configs live in SimpleTuner's jobs.db, their audit entries in its audit.db, as ConsoleStore wires them.
        database = Database.openSimpleTuner(dir.resolve("cloud").resolve("jobs.db"), SimpleTunerSchema.JOBS,
                Database.DEFAULT_BUSY_TIMEOUT);
        auditDatabase = Database.openSimpleTuner(dir.resolve("audit.db"), SimpleTunerSchema.AUDIT, Database.DEFAULT_BUSY_TIMEOUT);
        AuditLog audit = new AuditLog(() -> auditDatabase, new AuditKey(Map.of("SIMPLETUNER_AUDIT_KEY",
                "benchmark-audit-secret"), dir.resolve("audit.key")), new AuditMark(dir.resolve("audit.mark"),
                auditDatabase.file()), Clock.systemUTC(), "bench");
        configs = new ProviderConfigStore(() -> database, audit, Caches.providerConfig(), Clock.systemUTC());
        configs.saveProviderConfig("replicate", CONFIG);
        configs.getProviderConfig("replicate");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        database.close();
        auditDatabase.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    public String encrypt() {
        return encryption.encrypt(TOKEN);
    }

    @Benchmark
    public String decrypt() {
        return encryption.decrypt(stored);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    public CredentialKey deriveKey() {
        return CredentialKey.derive("benchmark-master-secret");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Map<String, Object> getProviderConfigWarm() {
        return configs.getProviderConfig("replicate");
    }

    @Benchmark
    public Map<String, Object> getProviderConfigFromDatabase() {
        configs.invalidate("replicate");
        return configs.getProviderConfig("replicate");
    }

    private static Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("webhook_url", "https://hooks.example.test/simpletuner");
        config.put("webhook_secret", "whsec_" + "y".repeat(32));
        config.put("webhook_require_signature", true);
        config.put("webhook_allowed_ips", List.of("10.0.0.0/8", "192.168.1.10"));
        config.put("cost_limit_enabled", true);
        config.put("cost_limit_amount", 500.0);
        config.put("cost_limit_period", "monthly");
        config.put("cost_limit_action", "warn");
        return config;
    }
}
