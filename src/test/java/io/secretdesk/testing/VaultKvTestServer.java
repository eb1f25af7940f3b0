package io.secretdesk.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A small HashiCorp Vault stand-in on 127.0.0.1 that answers Vault's documented HTTP API for what KV
 * clients use: KV v1 and v2 mounts (multi-segment paths, in namespaces), tokens with optional
 * read-only or path-limited policies, sealed and standby states, {@code /v1/sys/health}, a hang mode,
 * and a log of the requests received.
 *
 * <p>Each answer follows a page of Vault's documentation, cited where it is built:
 * <ul>
 *   <li>[API] https://developer.hashicorp.com/vault/api-docs — {@code /v1/} prefix, the
 *       {@code {"errors":[...]}} body for every status ≥ 400, the status codes (403, 404 with
 *       {@code {"errors":[]}}, 405, 503 sealed), namespaces by {@code X-Vault-Namespace} or path prefix.</li>
 *   <li>[KV2] https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2 — "Read secret version",
 *       "Create/Update secret", "Delete latest version of secret".</li>
 *   <li>[KV1] https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1 — "Read secret",
 *       "Create/Update secret" (204), "Delete secret"; lease_duration 2764800 (the 768 h default TTL).</li>
 *   <li>[HEALTH] https://developer.hashicorp.com/vault/api-docs/system/health — fields, default codes
 *       200/429/472/473/501/503 and the standbyok/…code query parameters.</li>
 *   <li>[KVPLUGIN] hashicorp/vault-plugin-secrets-kv {@code pathInvalid}: a v1-style path on a v2 mount
 *       is a 404 whose body is the full envelope with {@code data: null} and one warning naming
 *       {@code vault kv get|put|list|delete}.</li>
 *   <li>[NS] https://support.hashicorp.com/hc/en-us/articles/4404774721171 — a token used outside its
 *       namespace gets 403 {@code permission denied}.</li>
 * </ul>
 * KV v2 (versions, CAS, metadata, delete/undelete/destroy, merge PATCH) is {@link VaultKv2Engine}, which cites
 * its pages. [UIMOUNTS] is {@code sys/internal/ui/mounts}, which {@code vault kv} asks for a path's KV version.
 * Endpoints it does not model (KV v2 config/subkeys, LIST, other sys/ paths) answer 501 with an error that says
 * so, so a test can never mistake them for Vault's answer.
 *
 * <p>Thread-safe. Close it to stop the server and release any request held by {@link #hang(boolean)}.
 */
public final class VaultKvTestServer implements AutoCloseable {

    /** The node states {@code /v1/sys/health} distinguishes. */
    public enum Health { ACTIVE, STANDBY, PERFORMANCE_STANDBY, DR_SECONDARY, SEALED, UNINITIALIZED }

    /**
     * One request as received: method, raw path, raw query (null if none) and headers (first value of
     * each, names case-insensitive). {@code toString()} masks the token.
     */
    public record RecordedRequest(String method, String path, String query, Map<String, String> headers) {

        /** The first value of a header, case-insensitively, or null. */
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String toString() {
            Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            shown.putAll(headers);
            shown.computeIfPresent("X-Vault-Token", (k, v) -> "<" + v.length() + " chars>");
            shown.computeIfPresent("Authorization", (k, v) -> "<hidden>");
            return method + " " + path + (query == null ? "" : "?" + query) + " " + shown;
        }
    }

    /** What a KV v1 read reports as lease_duration without a ttl key: Vault's default 768 h [KV1]. */
    static final long KV1_DEFAULT_LEASE_SECONDS = 2_764_800L;

    private static final String JSON = "application/json";

    static {
        // Vault (Go's net/http) sends with TCP_NODELAY; without it com.sun's server adds ~40 ms to every
        // answer (Nagle against delayed ACK). Read once per JVM, when the first HttpServer starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String url;
    private final String rootToken;
    private final ObjectMapper json = new ObjectMapper();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private final Set<String> namespaces = new HashSet<>(Set.of(""));          // guarded by lock
    private final Map<String, Map<String, Mount>> mounts = new HashMap<>();      // namespace -> path -> mount
    private final Map<String, Token> tokens = new HashMap<>();

    private volatile Health health = Health.ACTIVE;
    private volatile Failure failure;
    private volatile CountDownLatch hang;
    private volatile CountDownLatch stall;

    private VaultKvTestServer(SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vault-kv-test-server-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        url = (tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
        rootToken = newToken();
        tokens.put(rootToken, new Token("", false, null));
    }

    /** Starts a plain-HTTP server with no mounts; add them with {@link #mount(String, int)}. */
    public static VaultKvTestServer start() {
        try {
            return new VaultKvTestServer(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an HTTPS server presenting the key and certificate of {@code tls}. */
    public static VaultKvTestServer startHttps(SSLContext tls) {
        try {
            return new VaultKvTestServer(Objects.requireNonNull(tls, "tls"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address to give clients, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A token of the root namespace allowed everything, random per server. */
    public String rootToken() {
        return rootToken;
    }

    // ---------------------------------------------------------------------------------------------
    // Setup

    /** Mounts a KV engine of {@code kvVersion} (1 or 2) at {@code path} in the root namespace. */
    public VaultKvTestServer mount(String path, int kvVersion) {
        return mount("", path, kvVersion);
    }

    /** Mounts a KV engine in {@code namespace} (created with its parents if new; "" or null is root). */
    public VaultKvTestServer mount(String namespace, String path, int kvVersion) {
        if (kvVersion != 1 && kvVersion != 2) {
            throw new IllegalArgumentException("KV version is 1 or 2, not " + kvVersion);
        }
        String ns = trimSlashes(namespace);
        synchronized (lock) {
            addNamespace(ns);
            mounts.computeIfAbsent(ns, k -> new HashMap<>()).put(trimSlashes(path), new Mount(kvVersion));
        }
        return this;
    }

    /** Declares a namespace (and its parents) that holds no mount yet. */
    public VaultKvTestServer namespace(String namespace) {
        synchronized (lock) {
            addNamespace(trimSlashes(namespace));
        }
        return this;
    }

    /** Writes a secret in the root namespace as a client would: a new version on KV v2, a replacement on KV v1. */
    public void put(String mount, String path, Map<String, ?> data) {
        put("", mount, path, data);
    }

    /** Writes a secret in {@code namespace}. Values may be strings, numbers, booleans, maps, lists or null. */
    public void put(String namespace, String mount, String path, Map<String, ?> data) {
        Map<String, Object> copy = json.convertValue(data, new TypeReference<LinkedHashMap<String, Object>>() { });
        synchronized (lock) {
            mountOrThrow(namespace, mount).write(trimSlashes(path), copy);
        }
    }

    /** Soft-deletes the latest version of a KV v2 secret, as {@code DELETE /v1/<mount>/data/<path>} does. */
    public void softDeleteLatest(String namespace, String mount, String path) {
        synchronized (lock) {
            mountOrThrow(namespace, mount).delete(trimSlashes(path));
        }
    }

    /**
     * Creates a token of {@code namespace} (null or "" for root). {@code readOnly} allows only reads;
     * {@code policyPaths}, when given, are Vault policy paths relative to the token's namespace
     * (exact, or a prefix ending in {@code *}) and nothing else is allowed.
     */
    public String createToken(String namespace, boolean readOnly, String... policyPaths) {
        String token = newToken();
        synchronized (lock) {
            tokens.put(token, new Token(trimSlashes(namespace), readOnly,
                    policyPaths.length == 0 ? null : List.copyOf(Arrays.asList(policyPaths))));
        }
        return token;
    }

    /**
     * Creates a token of the root namespace with Vault policy rules: each {@code "path:cap,cap"} (path exact or a
     * prefix ending in {@code *}; capabilities read, list, create, update, patch, delete).
     */
    public String createPolicyToken(String... rules) {
        Map<String, Set<String>> capabilities = new LinkedHashMap<>();
        for (String rule : rules) {
            int colon = rule.lastIndexOf(':');
            capabilities.put(rule.substring(0, colon), Set.of(rule.substring(colon + 1).split(",")));
        }
        String token = newToken();
        synchronized (lock) {
            tokens.put(token, new Token("", false, null, Map.copyOf(capabilities)));
        }
        return token;
    }

    /** Sets {@code cas_required} on a KV v2 mount of the root namespace, as {@code POST <mount>/config} does. */
    public void casRequired(String mount, boolean required) {
        synchronized (lock) {
            mountOrThrow("", mount).v2.casRequired(required);
        }
    }

    /** The newest version number of a KV v2 secret in the root namespace (0 when none). */
    public int currentVersion(String mount, String path) {
        synchronized (lock) {
            return mountOrThrow("", mount).v2.currentVersion(trimSlashes(path));
        }
    }

    /** Revokes a token; later requests with it get 403 like an unknown or expired one. */
    public void revokeToken(String token) {
        synchronized (lock) {
            tokens.remove(token);
        }
    }

    /** Sets the node state; {@link Health#SEALED} and {@link Health#UNINITIALIZED} make every request but sys/health 503. */
    public void health(Health state) {
        health = Objects.requireNonNull(state, "state");
    }

    /** Shorthand for {@code health(SEALED)} or back to {@code ACTIVE}. */
    public void sealed(boolean sealed) {
        health(sealed ? Health.SEALED : Health.ACTIVE);
    }

    /**
     * Makes every request but sys/health answer {@code status} with {@code {"errors":[error]}}, e.g. a
     * standby that cannot reach the active node (500). {@link #clearFailure()} ends it.
     */
    public void failWith(int status, String error) {
        failure = new Failure(status, error);
    }

    public void clearFailure() {
        failure = null;
    }

    /**
     * In hang mode the server accepts connections and reads requests but never answers them (they are
     * logged first). Turning it off, or closing the server, drops the held connections unanswered.
     */
    public void hang(boolean on) {
        synchronized (lock) {
            CountDownLatch held = hang;
            if (on && held == null) {
                hang = new CountDownLatch(1);
            } else if (!on && held != null) {
                hang = null;
                held.countDown();
            }
        }
    }

    /**
     * In stall mode the server sends each answer's headers and half its body, then stops until the
     * mode ends or the server closes: a proxy or server that froze mid-answer.
     */
    public void stallBodies(boolean on) {
        synchronized (lock) {
            CountDownLatch held = stall;
            if (on && held == null) {
                stall = new CountDownLatch(1);
            } else if (!on && held != null) {
                stall = null;
                held.countDown();
            }
        }
    }

    /** The requests received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        hang(false);
        stallBodies(false);
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------
    // HTTP

    private record Response(int status, Object body) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name, values.get(0));
                }
            });
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            requests.add(new RecordedRequest(method, uri.getRawPath(), uri.getRawQuery(), Collections.unmodifiableMap(headers)));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            CountDownLatch held = hang;
            if (held != null) {
                held.await();
                return; // closing the exchange unanswered drops the connection
            }
            Response response;
            try {
                response = respond(method, uri.getPath(), uri.getRawQuery(), headers, body);
            } catch (RuntimeException e) {
                response = errors(500, "VaultKvTestServer failed: " + e);
            }
            send(exchange, method, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpExchange exchange, String method, Response response) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (response.body() == null || method.equals("HEAD")) {
            if (response.body() != null) {
                exchange.getResponseHeaders().set("Content-Type", JSON);
            }
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        // Exactly "application/json": the driver's HealthResponse rejects any other MIME type.
        exchange.getResponseHeaders().set("Content-Type", JSON);
        byte[] bytes = json.writeValueAsBytes(response.body());
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            CountDownLatch held = stall;
            if (held != null) {
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                held.await();
                return; // the half-sent answer is cut off when the exchange closes
            }
            out.write(bytes);
        }
    }

    private Response respond(String method, String path, String query, Map<String, String> headers, byte[] body) {
        if (!path.startsWith("/v1/")) {
            return errors(404); // [API] every route is under /v1/
        }
        String apiPath = trimSlashes(path.substring(4));
        Map<String, String> params = queryParams(query);
        if (apiPath.equals("sys/health") && (method.equals("GET") || method.equals("HEAD"))) {
            return healthResponse(params); // [HEALTH] unauthenticated, answered even when sealed
        }
        Health state = health;
        if (state == Health.SEALED || state == Health.UNINITIALIZED) {
            return errors(503, "Vault is sealed"); // [API] 503: sealed
        }
        Failure failing = failure;
        if (failing != null) {
            return errors(failing.status(), failing.error());
        }
        if (method.equals("GET") && "true".equals(params.get("list"))) {
            method = "LIST"; // [API] GET ?list=true is LIST
        }
        synchronized (lock) {
            Token token = tokens.get(tokenOf(headers));
            if (token == null) {
                return errors(403, "permission denied"); // [API] 403: missing, unknown, expired or revoked token
            }
            String ns = trimSlashes(headers.get("X-Vault-Namespace"));
            if (!namespaces.contains(ns)) {
                // Vault Enterprise does not document this text; OpenBao, the open fork with namespaces,
                // answers 404 "namespace not found" (openbao/openbao#1917).
                return errors(404, "namespace not found");
            }
            // [API] "ns1/ns2/secret/foo" with no header is the same request as header "ns1/ns2/" and "secret/foo".
            while (true) {
                int slash = apiPath.indexOf('/');
                String first = slash < 0 ? apiPath : apiPath.substring(0, slash);
                String child = ns.isEmpty() ? first : ns + "/" + first;
                if (first.isEmpty() || !namespaces.contains(child)) {
                    break;
                }
                ns = child;
                apiPath = slash < 0 ? "" : apiPath.substring(slash + 1);
            }
            if (!within(ns, token.namespace())) {
                return errors(403, "permission denied"); // [NS] a token used outside its namespace
            }
            if (apiPath.startsWith("sys/internal/ui/mounts/") && method.equals("GET")) {
                return uiMount(ns, apiPath.substring("sys/internal/ui/mounts/".length()));
            }
            if (apiPath.startsWith("sys/") || apiPath.equals("sys")) {
                return notModelled(apiPath);
            }
            String aclPath = join(relative(ns, token.namespace()), apiPath);
            if (!token.allows(method, aclPath)) {
                return errors(403, "permission denied");
            }
            String mountPath = null;
            for (String candidate : mounts.getOrDefault(ns, Map.of()).keySet()) {
                if ((apiPath.equals(candidate) || apiPath.startsWith(candidate + "/"))
                        && (mountPath == null || candidate.length() > mountPath.length())) {
                    mountPath = candidate;
                }
            }
            if (mountPath == null) {
                // The router's answer for a path under no mount (vault/router.go; seen in client reports).
                return errors(404, "no handler for route \"" + apiPath + "\". route entry not found.");
            }
            Mount mount = mounts.get(ns).get(mountPath);
            String rest = apiPath.length() == mountPath.length() ? "" : apiPath.substring(mountPath.length() + 1);
            return mount.version() == 2 ? kv2(mount, method, rest, params, headers, body) : kv1(mount, method, rest, body);
        }
    }

    private Response kv2(Mount mount, String method, String rest, Map<String, String> params, Map<String, String> headers,
                         byte[] body) {
        Map<String, Object> request = null;
        if (body.length > 0 && !method.equals("GET") && !method.equals("LIST")) {
            try {
                request = parseObject(body);
            } catch (JsonProcessingException e) {
                return errors(400, "failed to parse JSON input: " + e.getOriginalMessage());
            }
        }
        if (rest.equals("config") || rest.startsWith("subkeys/")) {
            return notModelled("KV v2 " + rest);
        }
        VaultKv2Engine.Answer answer = mount.v2.handle(method, rest, params, request, headers.get("Content-Type"));
        if (answer != null) {
            if (answer.body() instanceof Map<?, ?> map && map.containsKey("errors")) {
                return new Response(answer.status(), answer.body());
            }
            return new Response(answer.status(), answer.body() == null ? null : envelope(answer.body(), 0, null));
        }
        // [KVPLUGIN] pathInvalid: anything else on a versioned mount.
        String command = switch (method) {
            case "POST", "PUT" -> "put";
            case "LIST" -> "list";
            case "DELETE" -> "delete";
            default -> "get";
        };
        return new Response(404, envelope(null, 0, List.of("Invalid path for a versioned K/V secrets engine. See the API docs for the "
                + "appropriate API endpoints to use. If using the Vault CLI, use 'vault kv " + command + "' for this operation.")));
    }

    /**
     * [UIMOUNTS] {@code GET /v1/sys/internal/ui/mounts/<path>}, which the {@code vault kv} commands ask to learn a
     * path's mount and KV version (vault/command/kv_helpers.go, kvPreflightVersionRequest): the mount's path with a
     * trailing slash, its type and {@code options.version}; 400 when no mount holds the path (the handler's
     * "no mount found" answer in vault/logical_system.go pathInternalUIMountRead).
     */
    private Response uiMount(String ns, String path) {
        String wanted = trimSlashes(path);
        String mountPath = null;
        for (String candidate : mounts.getOrDefault(ns, Map.of()).keySet()) {
            if ((wanted.equals(candidate) || wanted.startsWith(candidate + "/"))
                    && (mountPath == null || candidate.length() > mountPath.length())) {
                mountPath = candidate;
            }
        }
        if (mountPath == null) {
            return errors(400, "no mount found for path \"" + wanted + "\"");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", mountPath + "/");
        data.put("type", "kv");
        data.put("description", "");
        data.put("options", Map.of("version", String.valueOf(mounts.get(ns).get(mountPath).version())));
        return new Response(200, envelope(data, 0, null));
    }

    private Response kv1(Mount mount, String method, String path, byte[] body) {
        switch (method) {
            case "GET": {
                // [KV1] Read secret: data is the stored map; lease_duration is advisory (ttl key, else 768 h).
                Map<String, Object> data = mount.v1.get(path);
                if (path.isEmpty() || data == null) {
                    return errors(404);
                }
                return new Response(200, envelope(data, leaseSeconds(data.get("ttl")), null));
            }
            case "POST":
            case "PUT": {
                // [KV1] Create/Update secret: the body is the whole map; 204 no content.
                try {
                    mount.write(path, parseObject(body));
                } catch (JsonProcessingException e) {
                    return errors(400, "failed to parse JSON input: " + e.getOriginalMessage());
                }
                return new Response(204, null);
            }
            case "DELETE":
                mount.v1.remove(path); // [KV1] Delete secret: 204
                return new Response(204, null);
            default:
                return notModelled(method + " on a KV v1 mount");
        }
    }

    private Response healthResponse(Map<String, String> params) {
        // [HEALTH] codes are checked in Vault's order: uninitialised, sealed, DR secondary, performance standby, standby.
        Health state = health;
        int status;
        switch (state) {
            case UNINITIALIZED:
                status = code(params, "uninitcode", 501);
                break;
            case SEALED:
                status = code(params, "sealedcode", 503);
                break;
            case DR_SECONDARY:
                status = code(params, "drsecondarycode", 472);
                break;
            case PERFORMANCE_STANDBY:
                status = "true".equals(params.get("perfstandbyok")) ? code(params, "activecode", 200)
                        : code(params, "performancestandbycode", 473);
                break;
            case STANDBY:
                status = "true".equals(params.get("standbyok")) ? code(params, "activecode", 200) : code(params, "standbycode", 429);
                break;
            default:
                status = code(params, "activecode", 200);
        }
        boolean sealed = state == Health.SEALED || state == Health.UNINITIALIZED;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("initialized", state != Health.UNINITIALIZED);
        body.put("sealed", sealed);
        body.put("standby", sealed || state == Health.STANDBY || state == Health.PERFORMANCE_STANDBY);
        body.put("performance_standby", state == Health.PERFORMANCE_STANDBY);
        body.put("replication_performance_mode", "disabled");
        body.put("replication_dr_mode", state == Health.DR_SECONDARY ? "secondary" : "disabled");
        body.put("server_time_utc", Instant.now().getEpochSecond());
        body.put("version", "1.15.6");
        if (!sealed) {
            body.put("cluster_name", "vault-cluster-test");
            body.put("cluster_id", "00af5aa8-c87d-b5fc-e82e-97cd8dfaf731");
        }
        return new Response(status, body);
    }

    /**
     * The envelope of every Vault read and write: request_id, lease_id, renewable, lease_duration, data,
     * wrap_info, warnings, auth, as real Vault bodies show them (the doc samples print subsets), plus
     * mount_type, which recent Vault versions add.
     */
    private static Map<String, Object> envelope(Object data, long leaseDuration, List<String> warnings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("lease_id", "");
        body.put("renewable", false);
        body.put("lease_duration", leaseDuration);
        body.put("data", data);
        body.put("wrap_info", null);
        body.put("warnings", warnings);
        body.put("auth", null);
        body.put("mount_type", "kv");
        return body;
    }

    private static Response errors(int status, String... errors) {
        return new Response(status, Map.of("errors", List.of(errors)));
    }

    private static Response notModelled(String what) {
        return errors(501, "VaultKvTestServer does not model " + what);
    }

    // ---------------------------------------------------------------------------------------------
    // State

    private record Failure(int status, String error) {
    }

    /**
     * A token: its namespace, whether it may only read, and its policy paths (null: everything); or, when
     * {@code capabilities} is set, Vault policy rules: path (exact, or a prefix ending in {@code *}) to
     * capabilities. [POLICY] https://developer.hashicorp.com/vault/docs/concepts/policies: GET is {@code read},
     * LIST {@code list}, PATCH {@code patch}, DELETE {@code delete}, POST/PUT {@code create} on a path holding
     * nothing and {@code update} on one that does (here: either, since the ACL is checked before the engine).
     */
    private record Token(String namespace, boolean readOnly, List<String> policyPaths, Map<String, Set<String>> capabilities) {
        Token(String namespace, boolean readOnly, List<String> policyPaths) {
            this(namespace, readOnly, policyPaths, null);
        }

        boolean allows(String method, String aclPath) {
            boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("LIST");
            if (readOnly && !read) {
                return false;
            }
            if (capabilities != null) {
                Set<String> needed = switch (method) {
                    case "GET", "HEAD" -> Set.of("read");
                    case "LIST" -> Set.of("list");
                    case "PATCH" -> Set.of("patch");
                    case "DELETE" -> Set.of("delete");
                    default -> Set.of("create", "update");
                };
                for (Map.Entry<String, Set<String>> rule : capabilities.entrySet()) {
                    String pattern = rule.getKey();
                    boolean matches = pattern.endsWith("*") ? aclPath.startsWith(pattern.substring(0, pattern.length() - 1))
                            : aclPath.equals(pattern);
                    if (matches && (rule.getValue().contains("sudo") || rule.getValue().stream().anyMatch(needed::contains))) {
                        return true;
                    }
                }
                return false;
            }
            if (policyPaths == null) {
                return true;
            }
            for (String pattern : policyPaths) {
                if (pattern.endsWith("*") ? aclPath.startsWith(pattern.substring(0, pattern.length() - 1)) : aclPath.equals(pattern)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A KV mount: a KV v2 engine, or the plain map of a KV v1 mount. Guarded by the server's lock. */
    private static final class Mount {
        private final int version;
        private final VaultKv2Engine v2 = new VaultKv2Engine(java.time.Clock.systemUTC());
        private final Map<String, Map<String, Object>> v1 = new HashMap<>();

        Mount(int version) {
            this.version = version;
        }

        int version() {
            return version;
        }

        void write(String path, Map<String, Object> data) {
            Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(data));
            if (version == 2) {
                v2.put(path, copy);
            } else {
                v1.put(path, copy);
            }
        }

        void delete(String path) {
            if (version == 1) {
                v1.remove(path);
            } else {
                v2.deleteLatest(path);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private Mount mountOrThrow(String namespace, String mount) {
        Mount m = mounts.getOrDefault(trimSlashes(namespace), Map.of()).get(trimSlashes(mount));
        if (m == null) {
            throw new IllegalArgumentException("no mount " + mount + " in namespace '" + trimSlashes(namespace) + "'");
        }
        return m;
    }

    private void addNamespace(String ns) {
        String current = "";
        for (String segment : ns.isEmpty() ? new String[0] : ns.split("/")) {
            current = current.isEmpty() ? segment : current + "/" + segment;
            namespaces.add(current);
        }
    }

    private Map<String, Object> parseObject(byte[] body) throws JsonProcessingException {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> parsed = json.readValue(new String(body, java.nio.charset.StandardCharsets.UTF_8),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        return parsed == null ? new LinkedHashMap<>() : parsed;
    }

    private static String tokenOf(Map<String, String> headers) {
        String token = headers.get("X-Vault-Token");
        if (token == null) {
            String auth = headers.get("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = auth.substring(7).strip(); // [API] the token may also come as "Authorization: Bearer"
            }
        }
        return token == null ? "" : token;
    }

    private static long leaseSeconds(Object ttl) {
        if (ttl instanceof Number) {
            return ((Number) ttl).longValue();
        }
        if (ttl instanceof String) {
            String t = ((String) ttl).strip();
            try {
                if (t.endsWith("h")) {
                    return Long.parseLong(t.substring(0, t.length() - 1)) * 3600;
                }
                if (t.endsWith("m")) {
                    return Long.parseLong(t.substring(0, t.length() - 1)) * 60;
                }
                return Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                return KV1_DEFAULT_LEASE_SECONDS;
            }
        }
        return KV1_DEFAULT_LEASE_SECONDS;
    }

    private static int code(Map<String, String> params, String name, int fallback) {
        String value = params.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    /** Whether namespace {@code ns} is {@code owner} or below it. */
    private static boolean within(String ns, String owner) {
        return owner.isEmpty() || ns.equals(owner) || ns.startsWith(owner + "/");
    }

    /** {@code ns} relative to its ancestor {@code owner}. */
    private static String relative(String ns, String owner) {
        return owner.isEmpty() ? ns : ns.equals(owner) ? "" : ns.substring(owner.length() + 1);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    private static String trimSlashes(String value) {
        if (value == null) {
            return "";
        }
        String v = value.strip();
        int start = 0;
        int end = v.length();
        while (start < end && v.charAt(start) == '/') {
            start++;
        }
        while (end > start && v.charAt(end - 1) == '/') {
            end--;
        }
        return v.substring(start, end);
    }

    private static String newToken() {
        return "hvs." + UUID.randomUUID().toString().replace("-", "");
    }
}
