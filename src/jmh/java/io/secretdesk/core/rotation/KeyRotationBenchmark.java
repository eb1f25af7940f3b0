package io.secretdesk.core.rotation;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.CredentialStore.NewCredential;
import io.secretdesk.core.store.ProviderConfigStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole key rotation of a store of {@code credentials} rows, end to end as the CLI runs it: open the
 * database, derive the current key (PBKDF2), preflight, generate and derive the new key (PBKDF2), back up,
 * re-encrypt in one transaction, verify, commit. Each invocation starts from a copy of the same seeded
 * SimpleTuner home (database and key file), made outside the timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class KeyRotationBenchmark {

    static final Map<String, String> ENV = Map.of("SIMPLETUNER_AUDIT_KEY", "benchmark-audit-key");

    @Param({"10000"})
    int credentials;

    Path template;
    Path run;

    @Setup(Level.Trial)
    public void seed() throws IOException {
        template = Files.createTempDirectory("rotation-benchmark-template");
        List<NewCredential> rows = new ArrayList<>(credentials);
        for (int i = 0; i < credentials; i++) {
            rows.add(new NewCredential(List.of("replicate", "runpod", "lambda").get(i % 3), "token" + i,
                    "r8_" + Integer.toHexString(i * 7919) + "x".repeat(32)));
        }
        try (ConsoleStore store = ConsoleStore.open(ENV, SimpleTunerHome.underUserHome(template), newCache())) {
            store.credentials().importAll(rows);
        }
    }

    @Setup(Level.Invocation)
    public void copyTemplate() throws IOException {
        run = Files.createTempDirectory("rotation-benchmark-run");
        Path from = template.resolve(".simpletuner");
        Path to = Files.createDirectories(run.resolve(".simpletuner"));
        for (String file : List.of("console.db", "credential.key")) {
            Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    @Benchmark
    public KeyRotation.Summary rotateEndToEnd() {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(run);
        try (ConsoleStore store = ConsoleStore.open(ENV, home, newCache());
                KeyRotation rotation = new KeyRotations(store, home, Clock.systemUTC()).begin(KeyRotation.Listener.NONE)) {
            rotation.preflight();
            rotation.generateKey();
            rotation.backup();
            rotation.reencrypt();
            rotation.verify();
            return rotation.commit();
        }
    }

    @TearDown(Level.Invocation)
    public void deleteRun() {
        delete(run);
    }

    @TearDown(Level.Trial)
    public void deleteTemplate() {
        delete(template);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A provider-config cache of this open's own, configured like the global one, starting no thread. */
    static TtlCache<Map<String, Object>> newCache() {
        return TtlCache.<Map<String, Object>>builder().defaultTtl(ProviderConfigStore.CONFIG_TTL).maxSize(100)
                .scheduler(new ManualScheduler(System::nanoTime)).build();
    }
}
