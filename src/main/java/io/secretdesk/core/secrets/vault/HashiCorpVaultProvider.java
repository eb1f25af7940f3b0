package io.secretdesk.core.secrets.vault;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.secretdesk.core.HostLookup;
import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SourceSettings;
import io.secretdesk.core.secrets.edit.Editable;
import io.secretdesk.core.secrets.edit.EditableSource;
import io.secretdesk.core.secrets.vault.CaCertificates.SetupProblem;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The HashiCorp Vault KV provider: one secret (by default {@code secret/simpletuner}) whose keys are
 * the secret names, read through vault-java-driver.
 *
 * <p>Each read asks the KV version that worked last (KV v2 first, as the seed says) and falls back to
 * the other version when the first answers 4xx; the version that worked is remembered and shown in
 * {@link #description()}. A 403 is never hidden by the fallback: when neither version reads, a 403 on
 * either is what gets reported.
 *
 * <p>Values: strings are returned as they are; numbers and booleans as their JSON text ({@code 42},
 * {@code true}); nested objects, arrays and nulls are skipped, named in {@link #availability()}'s
 * detail, and a lookup of such a key is unavailable with a reason, never a JSON dump.
 *
 * <p>Nothing is cached between calls except the clients and the detected KV version, so every
 * lookup sees Vault as it is now ({@code SecretsManager} caches above this). Thread-safe: lookups
 * may run concurrently. Each HTTP request ends within the open + read timeout: the JDK client's own
 * timeouts cover connecting and waiting for the headers, and a hard deadline covers a body that
 * stalls. One call makes at most two requests (three for {@link #availability()}, which may ask
 * {@code /v1/sys/health}).
 * Failures are never thrown: every call answers, with a one-line reason that names what to do and
 * never contains the token or a value.
 */
public final class HashiCorpVaultProvider implements SecretProvider, Editable {

    private static final System.Logger LOG = System.getLogger(HashiCorpVaultProvider.class.getName());

    /** Keeps the driver from reading VAULT_* variables or ~/.vault-token behind the settings' back. */
    private static final EnvironmentLoader NO_ENVIRONMENT = new EnvironmentLoader() {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    };

    private final VaultSettings settings;
    private final String configProblem;
    private final String address;
    private final HostLookup hostLookup;
    private final Object clientsLock = new Object();
    private Clients clients; // guarded by clientsLock; built on first use, dropped by refresh()
    private volatile Integer kvVersion;
    private volatile VaultKvEditor editor;

    /** A provider for these settings; nothing connects until the first call. */
    public HashiCorpVaultProvider(VaultSettings settings) {
        this(settings, null, HostLookup.system());
    }

    /** For tests: resolving the server's name through {@code hostLookup}. */
    HashiCorpVaultProvider(VaultSettings settings, HostLookup hostLookup) {
        this(settings, null, hostLookup);
    }

    /** The seed's manual form: address, token, path (null for {@code simpletuner}) and mount (null for {@code secret}). */
    public HashiCorpVaultProvider(String url, String token, String path, String mountPoint) {
        this(VaultSettings.of(url, token, path, mountPoint));
    }

    private HashiCorpVaultProvider(VaultSettings settings, String problem, HostLookup hostLookup) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hostLookup = Objects.requireNonNull(hostLookup, "hostLookup");
        this.address = VaultSettings.displayAddress(settings.url());
        this.configProblem = problem != null ? problem : settings.problem();
    }

    /**
     * The provider the environment describes (see {@link VaultSettings#fromEnvironment(Map)}). Never
     * throws: a setting it cannot use makes a provider that reports it as unavailable.
     */
    public static HashiCorpVaultProvider fromEnvironment(Map<String, String> env) {
        try {
            return new HashiCorpVaultProvider(VaultSettings.fromEnvironment(env));
        } catch (IllegalArgumentException e) {
            Map<String, String> rest = new HashMap<>(env);
            rest.remove("SIMPLETUNER_VAULT_TIMEOUT_SECONDS");
            return new HashiCorpVaultProvider(VaultSettings.fromEnvironment(rest), e.getMessage(), HostLookup.system());
        }
    }

    @Override
    public String name() {
        return ProviderId.VAULT.id();
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public String description() {
        StringBuilder text = new StringBuilder("Vault ");
        text.append(settings.url() == null ? "(VAULT_ADDR not set)" : address);
        if (settings.namespace() != null) {
            text.append(", namespace ").append(settings.namespace());
        }
        text.append(", ").append(settings.secretPath());
        Integer version = kvVersion;
        text.append(version == null ? " (KV version not detected yet)" : " (KV v" + version + ")");
        return text.toString();
    }

    /** Edits this provider's secret in place (KV v2 check-and-set writes, versions); see {@link VaultKvEditor}. */
    @Override
    public EditableSource editor() {
        VaultKvEditor current = editor;
        if (current == null) {
            synchronized (clientsLock) {
                if (editor == null) {
                    editor = new VaultKvEditor(settings, configProblem);
                }
                current = editor;
            }
        }
        return current;
    }

    /** The KV version that answered the last successful read, empty until one has. */
    public Optional<Integer> kvVersion() {
        return Optional.ofNullable(kvVersion);
    }

    /** The Vault address as people may see it: {@code VAULT_ADDR} without any {@code user:password@} part. */
    public String address() {
        return address;
    }

    /** Configured once {@code VAULT_ADDR} or {@code VAULT_TOKEN} is set. */
    @Override
    public boolean configured() {
        return settings.url() != null || settings.token() != null;
    }

    /** The settings this provider reads with; their {@code toString()} hides the token. */
    public VaultSettings vaultSettings() {
        return settings;
    }

    /** The card: address, path, mount, the KV version seen, and the namespace when there is one. Never the token. */
    @Override
    public SourceSettings settings() {
        List<SourceSettings.Field> fields = new ArrayList<>(6);
        fields.add(new SourceSettings.Field("Address", settings.url() == null ? "not set (VAULT_ADDR)" : address()));
        fields.add(new SourceSettings.Field("Path", settings.path()));
        fields.add(new SourceSettings.Field("Mount", settings.mountPoint()));
        fields.add(new SourceSettings.Field("KV version", kvVersion().map(v -> "v" + v).orElse("not detected yet")));
        if (settings.namespace() != null) {
            fields.add(new SourceSettings.Field("Namespace", settings.namespace()));
        }
        return new SourceSettings("HashiCorp Vault", fields, null, true, configured());
    }

    @Override
    public Lookup lookup(String key) {
        Read read = read();
        if (read instanceof Failure failure) {
            return new Lookup.Unavailable(failure.reason());
        }
        Secret secret = (Secret) read;
        String value = secret.values().get(key);
        if (value != null) {
            return new Lookup.Found(value);
        }
        String kind = secret.skipped().get(key);
        if (kind != null) {
            return new Lookup.Unavailable("key " + key + " at " + where() + " holds a JSON " + kind
                    + ", not a string: store it as a string (e.g. its JSON text)");
        }
        return Lookup.MISSING;
    }

    @Override
    public Contents contents() {
        Read read = read();
        if (read instanceof Failure failure) {
            return new Contents.Unavailable(failure.reason());
        }
        return new Contents.Loaded(((Secret) read).values());
    }

    /**
     * Reads the secret and says how many keys it holds; when the read fails with a server error, asks
     * {@code /v1/sys/health} to tell a sealed, uninitialised or standby node from other trouble.
     */
    @Override
    public Availability availability() {
        Read read = read();
        if (read instanceof Secret secret) {
            int n = secret.values().size();
            StringBuilder detail = new StringBuilder(n == 1 ? "1 key" : n + " keys")
                    .append(" at ").append(where()).append(" (KV v").append(secret.kvVersion()).append(')');
            if (!secret.skipped().isEmpty()) {
                StringJoiner names = new StringJoiner(", ");
                secret.skipped().forEach((key, kind) -> names.add(key + " (" + kind + ")"));
                detail.append("; skipped values that are not strings, numbers or booleans: ").append(names);
            }
            return Availability.available(detail.toString(), n);
        }
        Failure failure = (Failure) read;
        if (failure.serverError()) {
            String health = healthReason(failure.reason());
            if (health != null) {
                return Availability.unavailable(health);
            }
        }
        return Availability.unavailable(failure.reason());
    }

    /** Forgets the detected KV version and the clients, so the next call re-reads VAULT_CACERT and re-detects. */
    @Override
    public void refresh() {
        synchronized (clientsLock) {
            clients = null;
        }
        kvVersion = null;
    }

    @Override
    public String toString() {
        return "HashiCorpVaultProvider[" + description() + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    /** What one read of the secret gave: its values, or why not. */
    private sealed interface Read permits Secret, Failure {
    }

    /** The secret's usable values, the keys skipped with their JSON kind, and the KV version that answered. */
    private record Secret(Map<String, String> values, Map<String, String> skipped, int kvVersion) implements Read {
        @Override
        public String toString() {
            return "Secret[" + values.size() + " values, skipped=" + skipped.keySet() + ", kvVersion=" + kvVersion + "]";
        }
    }

    /** Why the read failed; {@code serverError} when Vault answered 5xx, so sys/health may say more. */
    private record Failure(String reason, boolean serverError) implements Read {
    }

    /** One HTTP answer for one KV version; {@code data} is the secret's map when the answer is usable. */
    private record Answer(int version, int status, byte[] body, JsonObject data) {
        boolean usable() {
            return status == 200 && data != null;
        }

        @Override
        public String toString() {
            return "Answer[KV v" + version + ", HTTP " + status + ", " + (body == null ? 0 : body.length) + " bytes]";
        }
    }

    private Read read() {
        if (configProblem != null) {
            return new Failure(configProblem, false);
        }
        Clients c;
        try {
            c = clients();
        } catch (SetupProblem e) {
            return failed(new Failure(e.getMessage(), false));
        }
        String dnsProblem = resolveHost();
        if (dnsProblem != null) {
            return failed(new Failure(dnsProblem, false));
        }
        Integer known = kvVersion;
        int first = known == null ? 2 : known;
        try {
            Answer a = ask(c, first);
            if (a.usable()) {
                return found(a);
            }
            if (a.status() == 429) {
                String error = VaultFailures.firstError(a.body());
                return failed(new Failure("Vault at " + address + " is rate-limiting this client (HTTP 429"
                        + (error == null ? "" : ": " + error) + "): retry later, or ask for a higher rate limit quota", false));
            }
            if (a.status() != 200 && (a.status() < 400 || a.status() >= 500)) {
                return failed(new Failure(unexpected(a), false));
            }
            Answer b = ask(c, 3 - first);
            if (b.usable()) {
                return found(b);
            }
            return failed(new Failure(first == 2 ? neither(a, b) : neither(b, a), false));
        } catch (VaultException e) {
            return failed(fromException(e));
        }
    }

    private Answer ask(Clients c, int version) throws VaultException {
        Vault vault = version == 2 ? c.v2() : c.v1();
        LogicalResponse response = bounded(c, () -> vault.logical().withNameSpace(settings.namespace()).read(settings.secretPath()));
        int status = response.getRestResponse().getStatus();
        byte[] body = response.getRestResponse().getBody();
        JsonObject data = null;
        if (status == 200) {
            // A KV v2 answer always carries data.metadata; without it the 200 came from something else.
            JsonValue envelope = VaultFailures.member(body, "data");
            if (envelope != null && envelope.isObject()) {
                JsonObject outer = envelope.asObject();
                if (version == 1) {
                    data = outer;
                } else if (outer.get("metadata") != null && outer.get("data") != null && outer.get("data").isObject()) {
                    data = outer.get("data").asObject();
                }
            }
        }
        return new Answer(version, status, body, data);
    }

    private Read found(Answer answer) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (JsonObject.Member member : answer.data()) {
            JsonValue value = member.getValue();
            if (value.isString()) {
                values.put(member.getName(), value.asString());
            } else if (value.isNumber() || value.isBoolean()) {
                values.put(member.getName(), value.toString());
            } else {
                skipped.put(member.getName(), value.isObject() ? "object" : value.isArray() ? "array" : "null");
            }
        }
        kvVersion = answer.version();
        return new Secret(values, skipped, answer.version());
    }

    private Failure failed(Failure failure) {
        LOG.log(System.Logger.Level.DEBUG, "Vault read of {0} failed: {1}", where(), failure.reason());
        return failure;
    }

    /** Neither KV version read: a 403 on either wins, then a deleted version, a missing mount, a missing secret. */
    private String neither(Answer v2, Answer v1) {
        if (v2.status() == 403 || v1.status() == 403) {
            return "permission denied (HTTP 403) reading " + where() + " at " + address
                    + ": VAULT_TOKEN is wrong, expired or revoked"
                    + (settings.namespace() == null ? " (or belongs to a namespace: set VAULT_NAMESPACE)"
                            : " (or belongs to another namespace than VAULT_NAMESPACE=" + settings.namespace() + ")")
                    + ", or its policy lacks read on " + settings.mountPoint() + "/data/" + settings.path()
                    + " (KV v2) or " + settings.secretPath() + " (KV v1); check with `vault token lookup`";
        }
        if (v2.status() == 404 && v1.status() == 404) {
            String deleted = VaultFailures.deletedVersion(v2.body(), where(), settings.secretPath());
            if (deleted != null) {
                return deleted;
            }
            String error = VaultFailures.firstNonNull(VaultFailures.firstError(v2.body()), VaultFailures.firstError(v1.body()));
            if (error != null && error.equals("namespace not found")) {
                return "namespace " + settings.namespace() + " not found at " + address
                        + " (HTTP 404): check VAULT_NAMESPACE (nested namespaces are written team/dev)";
            }
            if (error != null && error.contains("no handler for route")) {
                return "no mount " + settings.mountPoint() + "/" + inNamespace() + " at " + address
                        + " (HTTP 404: " + error + "): check SIMPLETUNER_VAULT_MOUNT"
                        + (settings.namespace() == null ? " and VAULT_NAMESPACE" : " and VAULT_NAMESPACE=" + settings.namespace());
            }
            return "no secret at " + where() + " (HTTP 404 as KV v2 and as KV v1): write it with `vault kv put "
                    + settings.secretPath() + " KEY=value`, or point SIMPLETUNER_VAULT_PATH/SIMPLETUNER_VAULT_MOUNT"
                    + (settings.namespace() == null ? "" : "/VAULT_NAMESPACE") + " at it";
        }
        Answer telling = v2.status() != 404 ? v2 : v1;
        if (telling.status() == 200) {
            return "Vault at " + address + " answered " + where() + " without a KV data object: is "
                    + settings.mountPoint() + "/ a KV secrets engine? Check SIMPLETUNER_VAULT_MOUNT";
        }
        String error = VaultFailures.firstError(telling.body());
        return "Vault at " + address + " answered HTTP " + telling.status() + " reading " + where() + " as KV v" + telling.version()
                + (error == null ? "" : " (" + error + ")") + ": check SIMPLETUNER_VAULT_MOUNT and SIMPLETUNER_VAULT_PATH";
    }

    private String unexpected(Answer answer) {
        String error = VaultFailures.firstError(answer.body());
        return "Vault at " + address + " answered HTTP " + answer.status() + " reading " + where()
                + (error == null ? "" : " (" + error + ")") + ": check VAULT_ADDR points at Vault itself, not a proxy or redirect";
    }

    private Failure fromException(VaultException e) {
        if (e instanceof Abandoned) {
            return new Failure(e.getMessage(), false);
        }
        int status = e.getHttpStatusCode();
        if (status == 0) {
            return new Failure(VaultFailures.transport(e, address, settings.openTimeout(), settings.readTimeout()), false);
        }
        String error = VaultFailures.firstError(VaultFailures.bodyFromMessage(e.getMessage()));
        if (status == 503 && error != null && error.toLowerCase(Locale.ROOT).contains("sealed")) {
            return new Failure("Vault at " + address + " is sealed (HTTP 503): unseal it with `vault operator unseal`, then retry", true);
        }
        if (status >= 500) {
            return new Failure("Vault at " + address + " answered HTTP " + status + (error == null ? "" : " (" + error + ")")
                    + " reading " + where() + ": check the server with `vault status` and retry", true);
        }
        return new Failure("Vault at " + address + " answered HTTP " + status + " reading " + where()
                + (error == null ? "" : " (" + error + ")") + ": check VAULT_ADDR points at Vault itself", false);
    }

    /** A sharper reason from {@code /v1/sys/health} after a 5xx, or null when it says nothing new. */
    private String healthReason(String readReason) {
        HealthResponse health;
        try {
            // sys/health lives in the root namespace and needs no token.
            Clients c = clients();
            health = bounded(c, () -> c.v2().debug().withNameSpace(null).health());
        } catch (VaultException | SetupProblem e) {
            return null;
        }
        byte[] body = health.getRestResponse().getBody();
        int status = health.getRestResponse().getStatus();
        if (VaultFailures.isFalse(VaultFailures.member(body, "initialized"))) {
            return "Vault at " + address + " is not initialized (sys/health " + status + "): initialize it with `vault operator init`";
        }
        if (VaultFailures.isTrue(VaultFailures.member(body, "sealed"))) {
            return "Vault at " + address + " is sealed (sys/health " + status + "): unseal it with `vault operator unseal`, then retry";
        }
        JsonValue dr = VaultFailures.member(body, "replication_dr_mode");
        if (dr != null && dr.isString() && dr.asString().equals("secondary")) {
            return readReason + "; sys/health says this node is a DR secondary, which serves no reads: point VAULT_ADDR at the primary cluster";
        }
        if (VaultFailures.isTrue(VaultFailures.member(body, "performance_standby"))) {
            return readReason + "; sys/health says this node is a performance standby: point VAULT_ADDR at the active node";
        }
        if (VaultFailures.isTrue(VaultFailures.member(body, "standby"))) {
            return readReason + "; sys/health says this node is a standby and could not reach the active node: point VAULT_ADDR at the active node";
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Clients

    /** The driver clients: one per KV version of the one mount, sharing an HTTP client. */
    private record Clients(Vault v2, Vault v1, ExecutorService requests) {
    }

    /** A driver call that may block on the network. */
    private interface VaultCall<T> {
        T call() throws VaultException;
    }

    /** A request given up on by the deadline or an interrupt; its message is the reason to show. */
    private static final class Abandoned extends VaultException {
        private static final long serialVersionUID = 1L;

        Abandoned(String reason) {
            super(reason);
        }
    }

    /**
     * Runs one driver request with a hard deadline of open + read timeout. java.net.http's request
     * timeout stops at the response headers, so a server that sends headers and then stalls the body
     * would otherwise hold the caller forever; the abandoned request is interrupted.
     */
    private <T> T bounded(Clients c, VaultCall<T> call) throws VaultException {
        Duration deadline = settings.openTimeout().plus(settings.readTimeout());
        Future<T> future = c.requests().submit(call::call);
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new Abandoned("Vault at " + address + " did not finish answering within " + VaultFailures.seconds(deadline)
                    + " (open + read timeout): check the server and any proxy in between, or raise SIMPLETUNER_VAULT_TIMEOUT_SECONDS");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Abandoned("interrupted while reading from Vault at " + address + ": try again");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof VaultException vaultException) {
                throw vaultException;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new VaultException(cause);
        }
    }

    /**
     * Resolves the server's host name within the open timeout: the JDK's resolver is a blocking call no socket
     * timeout covers. Null when it resolved, else the one-line reason.
     */
    private String resolveHost() {
        String host = URI.create(settings.url()).getHost();
        return switch (hostLookup.resolveWithin(host, settings.openTimeout())) {
            case RESOLVED -> null;
            case NOT_FOUND -> "cannot resolve the host of VAULT_ADDR " + address + ": check the address";
            case TIMED_OUT -> "DNS gave no answer for the host of VAULT_ADDR " + address + " within "
                    + VaultFailures.seconds(settings.openTimeout()) + ": check the network and DNS, or the address";
            case INTERRUPTED -> "interrupted while reading from Vault at " + address + ": try again";
        };
    }

    private Clients clients() throws SetupProblem {
        synchronized (clientsLock) {
            if (clients == null) {
                clients = buildClients();
            }
            return clients;
        }
    }

    private Clients buildClients() throws SetupProblem {
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.openTimeout())
                // A standby node answers 307 to the active one, which the Vault CLI follows; never to plain http.
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (settings.caCertPath() != null) {
            SSLContext trust = CaCertificates.trusting(settings.caCertPath());
            http.sslContext(trust);
        }
        HttpClient shared = http.build();
        try {
            AtomicInteger threads = new AtomicInteger();
            // Idle threads end after a minute, so a dropped Clients needs no shutdown.
            ExecutorService requests = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "vault-request-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            return new Clients(Vault.create(config(shared, 2)), Vault.create(config(shared, 1)), requests);
        } catch (VaultException e) {
            throw new SetupProblem("cannot set up the Vault client for " + address + " ("
                    + VaultFailures.oneLine(e.getMessage(), 100) + "): check VAULT_ADDR");
        }
    }

    private VaultConfig config(HttpClient shared, int engineVersion) throws VaultException {
        // The namespace goes on each request (Logical.withNameSpace): VaultConfig.nameSpace(..) makes the
        // driver log an INFO line to the console on every client it builds.
        return new VaultConfig()
                .environmentLoader(NO_ENVIRONMENT)
                .address(settings.url())
                .token(settings.token())
                .engineVersion(engineVersion)
                .prefixPathDepth(segments(settings.mountPoint()))
                .openTimeout(wholeSeconds(settings.openTimeout()))
                .readTimeout(wholeSeconds(settings.readTimeout()))
                .httpClient(shared)
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // Wording

    private String where() {
        return settings.secretPath() + (settings.namespace() == null ? "" : " in namespace " + settings.namespace());
    }

    private String inNamespace() {
        return settings.namespace() == null ? "" : " in namespace " + settings.namespace();
    }

    private static int segments(String mountPoint) {
        return mountPoint.split("/").length;
    }

    private static int wholeSeconds(Duration duration) {
        long seconds = (duration.toMillis() + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }
}
