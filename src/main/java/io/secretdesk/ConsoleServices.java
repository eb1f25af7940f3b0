package io.secretdesk;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.SecretsManager;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The core services one console session uses, each built once on first use.
 *
 * <p>Building a service may load the AWS SDK, the Vault driver or SQLite and touch disk, so accessors block
 * and must be called off the FX thread (inside {@code UiExecutor} work). Thread-safe.
 */
public final class ConsoleServices implements AutoCloseable {

    private final Map<String, String> env;
    private final SimpleTunerHome home;
    private final ExecutorService fanOut;
    private final Once<SecretsManager> secrets;

    public ConsoleServices(Map<String, String> env, SimpleTunerHome home) {
        this.env = Map.copyOf(env);
        this.home = Objects.requireNonNull(home, "home");
        AtomicInteger count = new AtomicInteger();
        this.fanOut = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "secretdesk-lookup-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.secrets = new Once<>(() -> SecretsManager.fromConfig(Map.of(), this.env, this.home, fanOut));
    }

    /** The services of this process: its environment and {@code ~/.simpletuner} under {@code user.home}. */
    public static ConsoleServices forThisProcess() {
        return new ConsoleServices(System.getenv(), SimpleTunerHome.current());
    }

    public Map<String, String> env() {
        return env;
    }

    public SimpleTunerHome home() {
        return home;
    }

    /** The secrets chain (env, file, AWS, Vault). Blocks on first use. */
    public SecretsManager secrets() {
        return secrets.get();
    }

    @Override
    public void close() {
        secrets.ifBuilt(SecretsManager::close);
        fanOut.shutdownNow();
    }

    /** A value built by the first caller; later callers wait for it and share it. */
    static final class Once<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Once(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    current = value;
                    if (current == null) {
                        current = Objects.requireNonNull(factory.get(), "factory result");
                        value = current;
                    }
                }
            }
            return current;
        }

        void ifBuilt(java.util.function.Consumer<T> action) {
            T current = value;
            if (current != null) {
                action.accept(current);
            }
        }
    }
}
