package io.secretdesk.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP forwarder in front of a real server (moto, the Vault test server) that can make the server "go away"
 * for chosen requests: such a request is read and then its connection is closed with no answer, as when the network or
 * the server drops mid-operation. Every other request is forwarded unchanged and its answer returned. For tests of a
 * source that fails between two steps of one write.
 */
public final class CuttingProxy implements AutoCloseable {

    /** Headers the JDK client sets itself (or refuses to set), and hop-by-hop ones. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "cutting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger cut = new AtomicInteger();
    private volatile Predicate<HttpExchange> cutWhen = exchange -> false;

    private CuttingProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Starts a proxy in front of {@code target} (scheme, host and port; paths are passed through). */
    public static CuttingProxy inFrontOf(URI target) {
        try {
            return new CuttingProxy(target);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@link #endpoint()} as text, e.g. for {@code VAULT_ADDR}. */
    public String url() {
        return endpoint().toString();
    }

    /** Where clients connect instead of the target. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, requests whose header {@code name} ends with {@code suffix} get no answer (case-insensitive name). */
    public void cutWhenHeaderEndsWith(String name, String suffix) {
        cutWhen = exchange -> exchange.getRequestHeaders().entrySet().stream()
                .anyMatch(h -> h.getKey().equalsIgnoreCase(name) && h.getValue().stream().anyMatch(v -> v.endsWith(suffix)));
    }

    /** From now on, requests with HTTP method {@code method} (e.g. a write's POST) get no answer. */
    public void cutMethod(String method) {
        cutWhen = exchange -> exchange.getRequestMethod().equalsIgnoreCase(method);
    }

    /** Forwards everything again. */
    public void heal() {
        cutWhen = exchange -> false;
    }

    /** How many requests were cut so far. */
    public int cutCount() {
        return cut.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (cutWhen.test(exchange)) {
            cut.incrementAndGet();
            exchange.close(); // no status line, no answer: the connection just ends
            return;
        }
        try {
            URI uri = target.resolve(exchange.getRequestURI().toString());
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException e) {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
