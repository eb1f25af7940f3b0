package io.secretdesk.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Name resolution with a deadline. The JDK resolves host names with a blocking system call that no socket
 * timeout covers, so a resolver that never answers would hold a lookup far past its configured timeout: this
 * resolves on a daemon thread and stops waiting at the deadline. A host already being resolved is not asked
 * again (the stuck thread is shared), so a dead resolver costs one thread per host, not one per lookup. An
 * answer lands in the JDK's address cache, where the HTTP client that connects next finds it.
 */
public final class HostLookup {

    /** What resolves a name: the system's resolver, or one a test injects. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** How a bounded resolution ended. */
    public enum Outcome {
        /** The name has addresses (or is an address). */
        RESOLVED,
        /** The resolver answered that the name does not exist. */
        NOT_FOUND,
        /** No answer within the deadline. */
        TIMED_OUT,
        /** The waiting thread was interrupted (its interrupt flag is set again). */
        INTERRUPTED
    }

    private static final HostLookup SYSTEM = new HostLookup(InetAddress::getAllByName);
    private static final Pattern IP_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%a-zA-Z]*]?|\\d{1,3}(\\.\\d{1,3}){3}");
    private static final ExecutorService RESOLVERS = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "secretdesk-dns");
        thread.setDaemon(true);
        return thread;
    });

    private final Resolver resolver;
    private final Map<String, CompletableFuture<InetAddress[]>> inFlight = new ConcurrentHashMap<>();

    private HostLookup(Resolver resolver) {
        this.resolver = resolver;
    }

    /** Resolution through the system's resolver. */
    public static HostLookup system() {
        return SYSTEM;
    }

    /** Resolution through {@code resolver} (tests: one that never answers, or answers loopback). */
    public static HostLookup using(Resolver resolver) {
        return new HostLookup(Objects.requireNonNull(resolver, "resolver"));
    }

    /**
     * Resolves {@code host}, waiting at most {@code limit}. An IP literal resolves at once without asking.
     * Never throws for a failed resolution: the outcome says how it ended.
     */
    public Outcome resolveWithin(String host, Duration limit) {
        Objects.requireNonNull(host, "host");
        if (IP_LITERAL.matcher(host).matches()) {
            return Outcome.RESOLVED;
        }
        CompletableFuture<InetAddress[]> resolving = inFlight.computeIfAbsent(host, name -> {
            CompletableFuture<InetAddress[]> future = new CompletableFuture<>();
            RESOLVERS.execute(() -> {
                try {
                    future.complete(resolver.resolve(name));
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                } finally {
                    inFlight.remove(name, future);
                }
            });
            return future;
        });
        try {
            resolving.get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
            return Outcome.RESOLVED;
        } catch (ExecutionException e) {
            // UnknownHostException, or any other failure of the resolver: no address either way.
            return Outcome.NOT_FOUND;
        } catch (TimeoutException e) {
            return Outcome.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.INTERRUPTED;
        }
    }
}
