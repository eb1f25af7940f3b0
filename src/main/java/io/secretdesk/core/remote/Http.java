package io.secretdesk.core.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.HostLookup;
import io.secretdesk.core.target.TargetException;
import io.secretdesk.core.target.TargetException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One server's HTTP exchanges with SimpleTuner's API: HTTP/1.1 (uvicorn with httptools drops the body of a request
 * that offers an h2c upgrade, which the JDK client does by default), the host name resolved within the connect
 * timeout, the whole exchange bounded by the request timeout, no redirects followed (the key would go along), answers
 * over 8 MiB refused. Failures become {@link TargetException}s of one line naming the server and the route, never the
 * API key, a request body or a value from an answer. Thread-safe.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY_HEADER = "X-API-Key";
    private static final long MAX_ANSWER_BYTES = 8L << 20;

    /**
     * One request.
     *
     * @param path    below the base URL, segments already encoded ({@link #segment})
     * @param query   parameters (values encoded here), or empty
     * @param body    an object sent as JSON, or null
     * @param withKey whether to send the API key (false: to see what anyone without it gets)
     */
    record Call(String method, String path, Map<String, String> query, Object body, boolean withKey) {
        Call {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            query = query == null ? Map.of() : query;
        }

        static Call get(String path) {
            return new Call("GET", path, Map.of(), null, true);
        }

        /** "GET /api/cloud/health", for messages (no query: it may name users or targets). */
        String route() {
            return method + " " + path;
        }
    }

    /** A raw answer: status, content type and body. */
    record Answer(int status, String contentType, byte[] body, String location) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSettings settings;
    private final Supplier<ApiKey> key;
    private final HostLookup lookup;
    private final HttpClient client;

    /**
     * @param key the server's API key, asked for on each call that sends it (null answer: none stored)
     */
    Http(ServerSettings settings, Supplier<ApiKey> key, HostLookup lookup) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.key = Objects.requireNonNull(key, "key");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (settings.tls()) {
            builder.sslContext(Tls.context(settings.caFile()));
        }
        this.client = builder.build();
    }

    ServerSettings settings() {
        return settings;
    }

    /** Whether an API key is stored for the server. */
    boolean hasKey() {
        return key.get() != null;
    }

    /** One path segment, percent-encoded (a provider name or user id typed by someone). */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends {@code call} and returns its JSON answer when the status is 2xx.
     *
     * @throws TargetException for no answer in time, a refused connection, a non-2xx status, HTML or broken JSON
     */
    JsonNode json(Call call) {
        Answer answer = exchange(call);
        if (answer.status() / 100 != 2) {
            throw ApiFailures.forStatus(settings.name(), call, answer);
        }
        return parse(call, answer);
    }

    /** Parses a 2xx answer as JSON, refusing HTML pages and cut-off answers with a message saying which. */
    JsonNode parse(Call call, Answer answer) {
        String type = answer.contentType() == null ? "" : answer.contentType().toLowerCase(Locale.ROOT);
        String text = answer.text().stripLeading();
        if (type.startsWith("text/html") || text.startsWith("<")) {
            throw fail(Reason.FAILED, call, "answered with an HTML page instead of SimpleTuner's JSON: the base URL "
                    + "points at something else (a proxy's login page, another web app); check it with 'servers check'");
        }
        try {
            JsonNode node = JSON.readTree(answer.body());
            if (node == null || node.isMissingNode()) {
                throw fail(Reason.FAILED, call, "answered with an empty body instead of JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw fail(Reason.FAILED, call, "sent an answer that is not complete JSON (" + answer.body().length
                    + " bytes, broken" + (at >= 0 ? " at character " + at : "") + "): the connection was cut or "
                    + "something between SecretDesk and SimpleTuner changed it; nothing was read from it");
        } catch (IOException e) {
            throw fail(Reason.FAILED, call, "sent an answer that cannot be read");
        }
    }

    /**
     * Sends {@code call} and returns whatever status came back.
     *
     * @throws TargetException when no answer came (unresolvable host, refused, timed out, TLS refused, cut off)
     */
    Answer exchange(Call call) {
        URI uri = uri(call);
        String host = uri.getHost();
        HostLookup.Outcome resolved = lookup.resolveWithin(host, settings.connectTimeout());
        switch (resolved) {
            case NOT_FOUND -> throw fail(Reason.UNREACHABLE, call, "host name " + host + " does not resolve: check the "
                    + "server's URL and this machine's DNS");
            case TIMED_OUT -> throw fail(Reason.UNREACHABLE, call, "host name " + host + " did not resolve within "
                    + seconds(settings.connectTimeout()) + ": this machine's DNS does not answer");
            case INTERRUPTED -> throw fail(Reason.UNREACHABLE, call, "was interrupted before it was sent");
            default -> { }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("Accept", "application/json");
        if (call.body() != null) {
            byte[] body;
            try {
                body = JSON.writeValueAsBytes(call.body());
            } catch (JsonProcessingException e) {
                throw new TargetException(Reason.INVALID_INPUT, "the change for " + settings.name()
                        + " cannot be written as JSON; nothing was sent");
            }
            request.header("Content-Type", "application/json").method(call.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        if (call.withKey()) {
            ApiKey apiKey = key.get();
            if (apiKey != null) {
                request.header(KEY_HEADER, apiKey.reveal());
            }
        }
        CompletableFuture<HttpResponse<byte[]>> sending = client.sendAsync(request.build(), info -> {
            long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return length > MAX_ANSWER_BYTES ? HttpResponse.BodySubscribers.replacing(null)
                    : HttpResponse.BodySubscribers.ofByteArray();
        });
        HttpResponse<byte[]> response;
        try {
            // The client's own timeout ends when the headers arrive; this bounds the body too.
            response = sending.get(settings.requestTimeout().toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sending.cancel(true);
            throw fail(Reason.UNREACHABLE, call, "did not answer within " + seconds(settings.requestTimeout())
                    + "; nothing is known about whether a change was made: read it back before trying again");
        } catch (InterruptedException e) {
            sending.cancel(true);
            Thread.currentThread().interrupt();
            throw fail(Reason.UNREACHABLE, call, "was interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            throw transportFailure(call, e.getCause());
        }
        if (response.body() == null) {
            throw fail(Reason.FAILED, call, "sent an answer over 8 MiB; it was not read");
        }
        String location = response.headers().firstValue("Location").orElse(null);
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body(), location);
    }

    private URI uri(Call call) {
        StringBuilder text = new StringBuilder(settings.baseUrl().toString());
        text.append(call.path());
        if (!call.query().isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            call.query().forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
            text.append(query);
        }
        return URI.create(text.toString());
    }

    private TargetException transportFailure(Call call, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return fail(Reason.UNREACHABLE, call, "could not connect within " + seconds(settings.connectTimeout())
                    + ": the host is down, or a firewall drops the port");
        }
        if (cause instanceof HttpTimeoutException) {
            return fail(Reason.UNREACHABLE, call, "did not answer within " + seconds(settings.requestTimeout())
                    + "; nothing is known about whether a change was made: read it back before trying again");
        }
        if (cause instanceof ConnectException) {
            return fail(Reason.UNREACHABLE, call, "refused the connection: SimpleTuner's server is not running there "
                    + "(simpletuner server listens on port " + ServerSettings.DEFAULT_PORT + " by default), or the port is wrong");
        }
        if (cause instanceof SSLHandshakeException) {
            return fail(Reason.UNREACHABLE, call, "TLS handshake failed: the server's certificate is not trusted or not "
                    + "for this host name; give the CA file that signed it (--ca-file), or check the URL's host name");
        }
        if (cause instanceof SSLException) {
            return fail(Reason.UNREACHABLE, call, "TLS failed (" + cause.getClass().getSimpleName() + "): is the server "
                    + "plain http://? SimpleTuner serves TLS only when started with its SSL options");
        }
        if (cause instanceof IOException) {
            return fail(Reason.UNREACHABLE, call, "closed the connection before the answer was complete ("
                    + cause.getClass().getSimpleName() + "); nothing is known about whether a change was made: read it "
                    + "back before trying again");
        }
        return fail(Reason.FAILED, call, "failed: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()));
    }

    TargetException fail(Reason reason, Call call, String what) {
        return new TargetException(reason, settings.name() + ": " + call.route() + " " + what);
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
