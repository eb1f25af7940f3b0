package io.secretdesk.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SimpleTuner server stand-in on 127.0.0.1 that answers the HTTP routes SecretDesk uses (issue 16) as SimpleTuner
 * bc8e6ab does under FastAPI 0.141 — paths, bodies, status codes, the {@code X-API-Key} check with its audit entries —
 * with test controls to seed and read back its state and to make any route slow, hanging or broken.
 *
 * <p>The contract it follows, each fact with the SimpleTuner file and lines it was read from, is
 * {@code src/test/resources/io/secretdesk/testing/simpletuner-api.md}. By default the server has one admin user with
 * one API key ({@link #adminApiKey()}), no provider configs, no secrets file, an empty audit log, and, like
 * SimpleTuner, answers the provider, token, pricing and health routes without authentication.
 *
 * <p>Thread-safe. Closing it stops the server and releases every held or hanging request.
 */
public final class SimpleTunerApiServer implements AutoCloseable {

    /** The routes it answers, in SimpleTuner's registration order (which decides the Allow header of a 405). */
    public enum Route {
        USER_CREDENTIALS("GET", "/api/users/{user_id}/credentials", false),
        AUDIT_LIST("GET", "/api/audit", false),
        AUDIT_STATS("GET", "/api/audit/stats", false),
        AUDIT_VERIFY("GET", "/api/audit/verify", false),
        HARDWARE_OPTIONS("GET", "/api/cloud/hardware-options", true),
        HEALTH("GET", "/api/cloud/health", true),
        PROVIDER_CONFIG_GET("GET", "/api/cloud/providers/{provider}/config", true),
        PROVIDER_CONFIG_PUT("PUT", "/api/cloud/providers/{provider}/config", true),
        ADVANCED_GET("GET", "/api/cloud/providers/{provider}/advanced", true),
        ADVANCED_PATCH("PATCH", "/api/cloud/providers/{provider}/advanced", true),
        REPLICATE_VALIDATE("GET", "/api/cloud/providers/replicate/validate", true),
        REPLICATE_TOKEN_PUT("PUT", "/api/cloud/providers/replicate/token", true),
        REPLICATE_TOKEN_DELETE("DELETE", "/api/cloud/providers/replicate/token", true),
        VERSION("GET", "/api/version", false);

        public final String method;
        public final String pathTemplate;
        /** Under /api/cloud: open in SimpleTuner, guarded only when {@link #requireAuthOnOpenRoutes(boolean)} says so. */
        final boolean cloud;

        Route(String method, String pathTemplate, boolean cloud) {
            this.method = method;
            this.pathTemplate = pathTemplate;
            this.cloud = cloud;
        }

        /** Path parameters by name when {@code path} fits the template (a parameter is one non-empty segment). */
        Map<String, String> match(String path) {
            String[] want = pathTemplate.split("/", -1);
            String[] got = path.split("/", -1);
            if (want.length != got.length) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < want.length; i++) {
                if (want[i].startsWith("{")) {
                    // "/api/users/me/credentials" is SimpleTuner's own-credentials route, declared first and not modelled.
                    if (got[i].isEmpty() || (want[i].equals("{user_id}") && got[i].equals("me"))) {
                        return null;
                    }
                    params.put(want[i].substring(1, want[i].length() - 1), got[i]);
                } else if (!want[i].equals(got[i])) {
                    return null;
                }
            }
            return params;
        }
    }

    /**
     * One request as received: the route it matched (null if none), method, decoded path, raw query, headers (first
     * value, names case-insensitive) and body. {@code toString()} shows neither the API key nor the body.
     */
    public record RecordedRequest(Route route, String method, String path, String query, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String toString() {
            Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            shown.putAll(headers);
            for (String secret : List.of("X-API-Key", "Authorization", "Cookie")) {
                shown.computeIfPresent(secret, (k, v) -> "<" + v.length() + " chars>");
            }
            return method + " " + path + (query == null ? "" : "?" + query) + " " + shown + " body <" + body.length() + " chars>";
        }
    }

    /** One row of SimpleTuner's {@code audit_log} table, hashes included (the API never returns them). */
    public record AuditRow(long id, String timestamp, String eventType, Integer actorId, String actorUsername, String actorIp,
                           String targetType, String targetId, String action, String detailsJson, String previousHash,
                           String entryHash) {
    }

    /** A way for a route (or every route) to misbehave; see the factories. */
    public static final class Fault {
        enum Kind { STATUS, HTML, TRUNCATED_JSON, DROP_MID_BODY, HANG, DELAY }

        final Kind kind;
        final int status;
        final Duration delay;

        private Fault(Kind kind, int status, Duration delay) {
            this.kind = kind;
            this.status = status;
            this.delay = delay;
        }

        /** Answers {@code code} with FastAPI's body for it (401/403/404/405/422/429 JSON detail, 500 plain text). */
        public static Fault status(int code) {
            return new Fault(Kind.STATUS, code, null);
        }

        /** Answers 200 with an HTML page, as a proxy's login page or a web UI at the wrong address would. */
        public static Fault html() {
            return new Fault(Kind.HTML, 200, null);
        }

        /** Computes the real answer, then sends only its first half (with a matching Content-Length). */
        public static Fault truncatedJson() {
            return new Fault(Kind.TRUNCATED_JSON, 0, null);
        }

        /** Declares the real answer's full length, sends half of it and closes the connection. */
        public static Fault dropMidBody() {
            return new Fault(Kind.DROP_MID_BODY, 0, null);
        }

        /** Reads the request and never answers until {@link #clearFaults()} or {@link #close()}. */
        public static Fault hang() {
            return new Fault(Kind.HANG, 0, null);
        }

        /** Waits {@code delay} before handling the request (the change still happens if the client gave up). */
        public static Fault delay(Duration delay) {
            return new Fault(Kind.DELAY, 0, Objects.requireNonNull(delay));
        }
    }

    /** Holds matching requests before they are handled, until released; tests wait on it instead of sleeping. */
    public static final class Gate {
        private final CountDownLatch open = new CountDownLatch(1);
        private final Semaphore arrived = new Semaphore(0);

        /** Waits until {@code count} requests are held here (in total); false on timeout. */
        public boolean awaitHeld(int count, Duration timeout) throws InterruptedException {
            if (!arrived.tryAcquire(count, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            arrived.release(count);
            return true;
        }

        /** Lets every held request, and every later one, through. */
        public void release() {
            open.countDown();
        }

        /** Holds the calling request until released (true) or the server closes (false). */
        boolean pass(CountDownLatch closing) throws InterruptedException {
            arrived.release();
            while (!open.await(50, TimeUnit.MILLISECONDS)) {
                if (closing.getCount() == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    static {
        // uvicorn answers with TCP_NODELAY; without it com.sun's server adds ~40 ms per answer (Nagle, delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final SimpleTunerState state;
    private final SimpleTunerRoutes routes;
    private final SimpleTunerExchanges exchanges;
    private final ExecutorService executor;
    private final InetSocketAddress address;
    private final String adminApiKey;
    private HttpServer server;                                              // guarded by this

    private SimpleTunerApiServer(Clock clock) throws IOException {
        state = new SimpleTunerState(clock);
        routes = new SimpleTunerRoutes(state);
        int admin = state.addUser("admin", true, Set.of("admin"));
        adminApiKey = state.addApiKey(admin, null);
        exchanges = new SimpleTunerExchanges(state, routes);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "simpletuner-api-server-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        address = server.getAddress();
    }

    /** Starts a server on a free loopback port with the system clock. */
    public static SimpleTunerApiServer start() {
        return start(Clock.systemUTC());
    }

    /** Starts a server whose timestamps, uptime, key expiry and pricing cache follow {@code clock}. */
    public static SimpleTunerApiServer start(Clock clock) {
        try {
            return new SimpleTunerApiServer(Objects.requireNonNull(clock, "clock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpServer bind(InetSocketAddress at) throws IOException {
        HttpServer created = HttpServer.create(at, 0);
        created.setExecutor(executor);
        created.createContext("/", exchanges::handle);
        created.start();
        return created;
    }

    /** The base URL to give clients, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        exchanges.close();
        synchronized (this) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------
    // Process and network

    /** Simulates a restart of the SimpleTuner process: secrets re-read, caches emptied, uptime counted anew. */
    public void restart() {
        synchronized (state) {
            state.restart();
        }
    }

    /** Closes the listening socket: connections are refused until {@link #acceptConnections()}. State is kept. */
    public synchronized void refuseConnections() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port after {@link #refuseConnections()}. */
    public synchronized void acceptConnections() {
        if (server == null) {
            try {
                server = bind(address);
            } catch (BindException e) {
                throw new IllegalStateException("port " + address.getPort() + " was taken while connections were refused", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Users, API keys, auth

    /** The API key of the admin user (id 1) created at start. */
    public String adminApiKey() {
        return adminApiKey;
    }

    /** Adds an active user with SimpleTuner levels (viewer, researcher, lead, admin); returns its id. */
    public int addUser(String username, boolean isAdmin, String... levels) {
        synchronized (state) {
            return state.addUser(username, isAdmin, Set.of(levels));
        }
    }

    /** Creates an API key for a user and returns it (the server keeps only its SHA-256). */
    public String addApiKey(int userId) {
        return addApiKey(userId, null);
    }

    public String addApiKey(int userId, Instant expiresAt) {
        synchronized (state) {
            if (!state.users.containsKey(userId)) {
                throw new IllegalArgumentException("no user " + userId);
            }
            return state.addApiKey(userId, expiresAt);
        }
    }

    /** Marks a key inactive, as revoking it in SimpleTuner does. */
    public void revokeApiKey(String apiKey) {
        synchronized (state) {
            String hash = SimpleTunerState.sha256Hex(apiKey);
            state.apiKeys.replaceAll(k -> k.sha256().equals(hash)
                    ? new SimpleTunerState.ApiKey(k.id(), k.userId(), k.prefix(), k.sha256(), false, k.expiresAt()) : k);
        }
    }

    public void deactivateUser(int userId) {
        synchronized (state) {
            state.users.get(userId).active = false;
        }
    }

    /**
     * Deletes every user and key, as on a fresh install (ids start at 1 again): the server is then in SimpleTuner's
     * single-user mode, where every request is the auto-created admin "local".
     */
    public void removeAllUsers() {
        synchronized (state) {
            state.removeAllUsers();
        }
    }

    /**
     * True by default, as SimpleTuner runs under uvicorn with httptools: a request that also offers an h2c upgrade
     * (the JDK HttpClient's default on plain http) reaches the route with an empty body (Kludex/uvicorn#2722). False
     * behaves like uvicorn with h11.
     */
    public void dropBodiesOfUpgradeRequests(boolean drop) {
        exchanges.upgradeDropsBody = drop;
    }

    /**
     * Not SimpleTuner: when true, the /api/cloud routes also demand a valid API key with {@code admin.config}, as a
     * server behind an authenticating proxy (or a future SimpleTuner) would. False by default, as at bc8e6ab.
     */
    public void requireAuthOnOpenRoutes(boolean required) {
        routes.openRoutes = !required;
    }

    // ---------------------------------------------------------------------------------------------
    // Provider configs (jobs.db provider_config)

    /** Writes a provider's config row directly, as another program editing jobs.db would (pricing cache kept). */
    public void seedProviderConfig(String provider, Map<String, ?> config) {
        synchronized (state) {
            state.providerConfigRows.put(provider, PythonJson.write(config, PythonJson.Style.JSON_DUMPS));
        }
    }

    /** Writes a raw config column, e.g. text that is not JSON (SimpleTuner then reads {}). */
    public void seedProviderConfigRow(String provider, String configColumn) {
        synchronized (state) {
            state.providerConfigRows.put(provider, configColumn);
        }
    }

    /** The config as stored, parsed; null when the provider has no row. */
    public Map<String, Object> providerConfig(String provider) {
        synchronized (state) {
            return state.providerConfigRows.containsKey(provider) ? state.providerConfig(provider) : null;
        }
    }

    /** The config column exactly as SimpleTuner wrote it ({@code json.dumps}); null when absent. */
    public String providerConfigRow(String provider) {
        synchronized (state) {
            return state.providerConfigRows.get(provider);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Secrets file, environment, Replicate

    /** Replaces {@code ~/.simpletuner/secrets.json} on disk (null deletes it); the running process keeps its copy. */
    public void secretsFile(Map<String, ?> secrets) {
        synchronized (state) {
            state.secretsOnDisk = secrets == null ? null : new LinkedHashMap<>(secrets);
        }
    }

    /** The secrets file as on disk now, or null when there is none. */
    public Map<String, Object> secretsFileOnDisk() {
        synchronized (state) {
            return state.secretsOnDisk == null ? null : new LinkedHashMap<>(state.secretsOnDisk);
        }
    }

    /** The path SimpleTuner reports as {@code file_path}. */
    public String secretsFilePath() {
        return SimpleTunerState.SECRETS_FILE;
    }

    /** When false, writing the secrets file fails (as on a read-only or full disk). */
    public void secretsFileWritable(boolean writable) {
        synchronized (state) {
            state.secretsFileWritable = writable;
        }
    }

    /** Sets REPLICATE_API_TOKEN in the environment the next {@link #restart()} starts with (null unsets it). */
    public void environmentReplicateToken(String token) {
        synchronized (state) {
            state.environmentToken = token;
        }
    }

    /** Makes the pretend Replicate accept {@code token} as this account; every other token gets 401. */
    public void replicateAccount(String token, String username, String name, String githubUrl) {
        synchronized (state) {
            state.replicateAccounts.put(token, new SimpleTunerState.ReplicateAccount(username, name, githubUrl));
        }
    }

    /** Makes calls to the pretend Replicate fail with this exception text (null: reachable again). */
    public void replicateUnreachable(String message) {
        synchronized (state) {
            state.replicateUnreachable = message;
        }
    }

    /** Makes the health check's database probe fail with this text (null: healthy again). */
    public void databaseError(String message) {
        synchronized (state) {
            state.databaseError = message;
        }
    }

    /** Declares a file on the server's disk (for {@code ssl_ca_bundle}); relative paths are under its home. */
    public void serverFile(String path) {
        synchronized (state) {
            state.serverFiles.add(PythonChecks.resolve(path, SimpleTunerState.HOME));
        }
    }

    public void serverDirectory(String path) {
        synchronized (state) {
            state.serverDirectories.add(PythonChecks.resolve(path, SimpleTunerState.HOME));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Per-user credentials

    /** Stores a credential for a user as SimpleTuner's first write does (updated_at NULL); returns its id. */
    public int addCredential(int userId, String provider, String credentialName) {
        synchronized (state) {
            return state.addCredential(userId, provider, credentialName);
        }
    }

    /**
     * Not SimpleTuner: at bc8e6ab listing a user who has credentials fails with 500 (see the contract). When true,
     * the route answers what its response model declares instead, so a client's parsing can be tested.
     */
    public void credentialsAnswerAsDeclared(boolean asDeclared) {
        routes.admin.credentialsAsDeclared = asDeclared;
    }

    // ---------------------------------------------------------------------------------------------
    // Audit log

    /** Every row of the audit table in id order, hashes included. */
    public List<AuditRow> auditRows() {
        synchronized (state) {
            return List.copyOf(state.audit);
        }
    }

    /** The HMAC key (SimpleTuner's {@code audit.key}), random per server; for independent chain checks. */
    public byte[] auditSigningKey() {
        return state.auditKey.clone();
    }

    /** Appends an entry as SimpleTuner's {@code AuditStore.log} does (e.g. history from other routes); returns its id. */
    public long appendAuditEvent(String eventType, String action, Integer actorId, Map<String, ?> details) {
        synchronized (state) {
            return state.appendAudit(eventType, action, actorId, null, null, null, null, details);
        }
    }

    /** Rewrites a row's action without fixing its hash, as tampering with audit.db would. */
    public void tamperAuditAction(long id, String action) {
        synchronized (state) {
            state.audit.replaceAll(r -> r.id() != id ? r : new AuditRow(r.id(), r.timestamp(), r.eventType(), r.actorId(),
                    r.actorUsername(), r.actorIp(), r.targetType(), r.targetId(), action, r.detailsJson(), r.previousHash(),
                    r.entryHash()));
        }
    }

    /** Deletes a row, breaking the link of the next one. */
    public void deleteAuditRow(long id) {
        synchronized (state) {
            state.audit.removeIf(r -> r.id() == id);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Version

    /** The version {@code /api/version} reports ("4.8.0" at bc8e6ab). */
    public void version(String version) {
        synchronized (state) {
            state.version = version;
        }
    }

    public void gitInfo(boolean gitInstall, String gitCommit, Boolean gitDirty) {
        synchronized (state) {
            state.gitInstall = gitInstall;
            state.gitCommit = gitCommit;
            state.gitDirty = gitDirty;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Faults

    /** Makes one route misbehave until {@link #clearFaults()}; a route's own fault wins over {@link #failAll}. */
    public void fail(Route route, Fault fault) {
        exchanges.fail(route, Objects.requireNonNull(fault));
    }

    /** Makes every request misbehave, including those for paths no route matches. */
    public void failAll(Fault fault) {
        exchanges.failAll(Objects.requireNonNull(fault));
    }

    /** Holds requests for {@code route} until the returned gate is released. */
    public Gate hold(Route route) {
        return exchanges.hold(route);
    }

    /** Holds every request until the returned gate is released. */
    public Gate holdAll() {
        return exchanges.hold(null);
    }

    /** Removes all faults, releases hanging requests and forgets gates (held requests stay until released). */
    public void clearFaults() {
        exchanges.clearFaults();
    }

    // ---------------------------------------------------------------------------------------------
    // Request log

    public List<RecordedRequest> requests() {
        return exchanges.requests();
    }

    public List<RecordedRequest> requests(Route route) {
        return exchanges.requests().stream().filter(r -> r.route() == route).toList();
    }

    public void clearRequests() {
        exchanges.clearRequests();
    }

    /**
     * Waits until {@code count} more requests for {@code route} have been handled (the change made; the answer may
     * still be on its way), counting from the last successful wait; false on timeout. Lets a test learn, without
     * sleeping, that a write a client gave up on has now happened.
     */
    public boolean awaitAnswered(Route route, int count, Duration timeout) throws InterruptedException {
        return exchanges.awaitAnswered(route, count, timeout);
    }

    @Override
    public String toString() {
        return "SimpleTunerApiServer[" + url() + "]";
    }
}
