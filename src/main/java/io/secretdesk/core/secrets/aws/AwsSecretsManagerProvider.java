package io.secretdesk.core.secrets.aws;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.Urls;
import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SourceSettings;
import io.secretdesk.core.secrets.edit.Editable;
import io.secretdesk.core.secrets.edit.EditException;
import io.secretdesk.core.secrets.edit.EditableSource;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The secret provider backed by one AWS Secrets Manager secret whose text is a JSON object of keys.
 *
 * <p>Every {@link #lookup} and {@link #contents} makes one {@code GetSecretValue} call (the chain above caches
 * results). Values follow {@code SecretJson}'s rule: strings as they are, numbers and booleans as their JSON text;
 * a key holding an object, array or null is reported {@link Lookup.Unavailable} with the reason, and named in
 * {@link #availability()}'s detail.
 *
 * <p>Credentials come from the environment map given to the constructor ({@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}, optional {@code AWS_SESSION_TOKEN}) or, when it has none, from the SDK's default
 * chain (profiles, with the map's {@code AWS_PROFILE} when set; SSO, web identity, container and instance roles).
 * The SDK client is built on the first lookup, never in the constructor, because building it loads most of the
 * SDK. Every failure is a one-line reason that says what to do; no reason, description or {@code toString()}
 * contains a secret value.
 *
 * <p>Thread-safe: lookups run concurrently on one shared client.
 */
public final class AwsSecretsManagerProvider implements SecretProvider, Editable, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AwsSecretsManagerProvider.class.getName());
    /** Where credential resolution waits, so a lookup can give up on it; daemon threads, idle ones end. */
    private static final ExecutorService CREDENTIAL_LOOKUPS = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "secretdesk-aws-credentials");
        thread.setDaemon(true);
        return thread;
    });
    // Two attempts: a refused connection or a 5xx gets one quick retry, and a hung endpoint cannot eat more
    // than the call timeout because each attempt gets half of it.
    private static final int MAX_ATTEMPTS = 2;
    private static final Duration SHORTEST_ATTEMPT = Duration.ofSeconds(1);

    private final AwsSettings settings;
    private final String settingsProblem;
    private final StaticKeys keys;
    private final String keysProblem;
    private final String profile;
    private final AwsCredentialsProvider credentialsOverride;
    private final HostLookup hostLookup;
    private final AwsFailures failures;
    private final Object sdkLock = new Object();
    private Sdk sdk;
    private boolean closed;
    private AwsSecretEditor editor; // guarded by sdkLock

    /**
     * A provider for the given settings, taking static credentials from {@code env} when it has
     * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, and the SDK's default chain otherwise.
     * Does no I/O and builds no SDK client.
     */
    public AwsSecretsManagerProvider(AwsSettings settings, Map<String, String> env) {
        this(new Config(Objects.requireNonNull(settings, "settings"), null), env, null, HostLookup.system());
    }

    /**
     * The seed's manual form: the given secret name and region (a null or blank one falls back to the
     * environment), with the endpoint, timeouts and credentials of the process environment.
     */
    public AwsSecretsManagerProvider(String secretName, String region) {
        this(Config.from(System.getenv()).overriding(secretName, region), System.getenv(), null, HostLookup.system());
    }

    /** For tests: settings as given and a credentials provider of the caller's choosing instead of any other. */
    AwsSecretsManagerProvider(AwsSettings settings, Map<String, String> env, AwsCredentialsProvider credentials) {
        this(settings, env, credentials, HostLookup.system());
    }

    /** For tests: as above, resolving the endpoint's name through {@code hostLookup}. */
    AwsSecretsManagerProvider(AwsSettings settings, Map<String, String> env, AwsCredentialsProvider credentials,
                              HostLookup hostLookup) {
        this(new Config(Objects.requireNonNull(settings, "settings"), null), env,
                Objects.requireNonNull(credentials, "credentials"), hostLookup);
    }

    private AwsSecretsManagerProvider(Config config, Map<String, String> env, AwsCredentialsProvider credentialsOverride,
                                      HostLookup hostLookup) {
        Objects.requireNonNull(env, "env");
        this.hostLookup = Objects.requireNonNull(hostLookup, "hostLookup");
        this.settings = config.settings();
        this.settingsProblem = config.problem();
        this.failures = new AwsFailures(settings);
        this.credentialsOverride = credentialsOverride;
        this.profile = blankToNull(env.get("AWS_PROFILE"));
        String id = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
        String secret = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
        if (id != null && secret != null) {
            keys = new StaticKeys(id.trim(), secret.trim(), blankToNull(env.get("AWS_SESSION_TOKEN")));
            keysProblem = null;
        } else {
            keys = null;
            keysProblem = id != null ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither"
                    : secret != null ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both or neither"
                    : null;
        }
    }

    /**
     * A provider configured entirely from an environment map (see {@link AwsSettings#fromEnvironment}). A variable
     * set to something unusable does not throw: the provider reports it as its unavailability reason.
     */
    public static AwsSecretsManagerProvider fromEnvironment(Map<String, String> env) {
        return new AwsSecretsManagerProvider(Config.from(env), env, null, HostLookup.system());
    }

    @Override
    public String name() {
        return ProviderId.AWS.id();
    }

    @Override
    public boolean remote() {
        return true;
    }

    /** Configured once a secret name or a region is set, or the variables are set but unusable (the user meant AWS). */
    @Override
    public boolean configured() {
        return settings == null || settings.secretName() != null || settings.region() != null;
    }

    /** The settings in force, or null when the environment held an unusable value. */
    public AwsSettings awsSettings() {
        return settings;
    }

    /** The card: secret name, region, endpoint and timeout (or that the settings are invalid). */
    @Override
    public SourceSettings settings() {
        List<SourceSettings.Field> fields = settings == null
                ? List.of(new SourceSettings.Field("Settings", "invalid (see below)"))
                : List.of(new SourceSettings.Field("Secret name", SourceSettings.orNotSet(settings.secretName(),
                                "SIMPLETUNER_AWS_SECRET_NAME")),
                        new SourceSettings.Field("Region", SourceSettings.orNotSet(settings.region(), "AWS_DEFAULT_REGION")),
                        new SourceSettings.Field("Endpoint", settings.endpointOverride() == null ? "AWS default"
                                : settings.endpointOverride().toString()),
                        new SourceSettings.Field("Timeout", SourceSettings.seconds(settings.callTimeout())));
        return new SourceSettings("AWS Secrets Manager", fields, null, true, configured());
    }

    @Override
    public String description() {
        if (settings == null) {
            return "AWS Secrets Manager (invalid settings)";
        }
        StringBuilder text = new StringBuilder("AWS Secrets Manager secret ");
        text.append(settings.secretName() == null ? "(no name)" : "'" + settings.secretName() + "'");
        text.append(" in ").append(settings.region() == null ? "(no region)" : settings.region());
        if (settings.endpointOverride() != null) {
            text.append(" at ").append(Urls.withoutUserInfo(settings.endpointOverride()));
        }
        return text.toString();
    }

    @Override
    public Lookup lookup(String key) {
        Objects.requireNonNull(key, "key");
        Fetched fetched = fetch();
        if (fetched.reason() != null) {
            return new Lookup.Unavailable(fetched.reason());
        }
        SecretJson.Parsed parsed = fetched.secret();
        String value = parsed.values().get(key);
        if (value != null) {
            return new Lookup.Found(value);
        }
        String kind = parsed.skipped().get(key);
        if (kind != null) {
            return new Lookup.Unavailable(failures.secretLabel() + ": key '" + key + "' holds a JSON " + kind
                    + ", not text; store its value as a string");
        }
        return Lookup.MISSING;
    }

    @Override
    public Contents contents() {
        Fetched fetched = fetch();
        if (fetched.reason() != null) {
            return new Contents.Unavailable(fetched.reason());
        }
        return new Contents.Loaded(fetched.secret().values());
    }

    /** Available with the number of keys, naming any keys skipped because their values are not text. */
    @Override
    public Availability availability() {
        Fetched fetched = fetch();
        if (fetched.reason() != null) {
            return Availability.unavailable(fetched.reason());
        }
        SecretJson.Parsed parsed = fetched.secret();
        int size = parsed.values().size();
        String detail = size == 1 ? "1 key" : size + " keys";
        if (!parsed.skipped().isEmpty()) {
            detail += "; skipped (not text): " + String.join(", ", parsed.skipped().keySet());
        }
        return Availability.available(detail, size);
    }

    /** Closes the SDK client, if one was built; later lookups report the provider closed. Idempotent. */
    @Override
    public void close() {
        Sdk toClose;
        synchronized (sdkLock) {
            closed = true;
            toClose = sdk;
            sdk = null;
        }
        if (toClose != null) {
            toClose.client().close();
            // The SDK never closes a credentials provider it was handed; ours (the default chain) holds threads.
            if (toClose.credentials() != credentialsOverride && toClose.credentials() instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) toClose.credentials()).close();
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, () -> "closing the AWS credentials provider failed ["
                            + e.getClass().getName() + "]");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "AwsSecretsManagerProvider[" + description() + "]";
    }

    /** Edits this provider's secret in place (versions under staging labels, compare-and-set); see {@link AwsSecretEditor}. */
    @Override
    public EditableSource editor() {
        synchronized (sdkLock) {
            if (editor == null) {
                editor = new AwsSecretEditor(this);
            }
            return editor;
        }
    }

    /**
     * The SDK client for the editor, built on first use, once settings, credentials and the endpoint's name check out.
     *
     * @throws EditException with the provider's one-line reason when they do not
     */
    SecretsManagerClient editClient() {
        String problem = configurationProblem();
        if (problem != null) {
            throw new EditException(problem);
        }
        Sdk built = sdk();
        if (built == null) {
            throw new EditException("AWS provider for " + failures.secretLabel() + " is closed; restart the application");
        }
        String credentialsProblem = resolveCredentialsWithin(built.credentials(), settings.callTimeout());
        if (credentialsProblem != null) {
            throw new EditException(credentialsProblem);
        }
        String dnsProblem = resolveEndpointWithin(settings.callTimeout());
        if (dnsProblem != null) {
            throw new EditException(dnsProblem);
        }
        return built.client();
    }

    /** The secret's name and region for people: {@code AWS secret 'name' in region}. */
    String label() {
        return failures.secretLabel();
    }

    /** The one-line reason for a transport failure or rejected credentials, or null for other service errors. */
    String transportReason(SdkException e) {
        return failures.transportReason(e);
    }

    /** The service's error code ({@link AwsFailures#errorCode}). */
    static String errorCode(AwsServiceException e) {
        return AwsFailures.errorCode(e);
    }

    /** Whether the SDK client has been built, for tests of its laziness. */
    boolean clientBuilt() {
        synchronized (sdkLock) {
            return sdk != null;
        }
    }

    /** Reads the secret once: its parsed keys, or the one-line reason it could not be read. */
    private Fetched fetch() {
        String problem = configurationProblem();
        if (problem != null) {
            return Fetched.failed(problem);
        }
        try {
            Sdk sdk = sdk();
            // The call timeout counts from here: building the client is class loading, not waiting on the network.
            long started = System.nanoTime();
            if (sdk == null) {
                return Fetched.failed("AWS provider for " + failures.secretLabel() + " is closed; restart the application to"
                        + " read it again");
            }
            // Resolved here too, so "no credentials" is told apart by where it fails, not by message text. The
            // default chain may ask the EC2 metadata service or a container endpoint, outside the call timeout:
            // it gets the same bound.
            String credentialsProblem = resolveCredentialsWithin(sdk.credentials(), remaining(started));
            if (credentialsProblem != null) {
                return Fetched.failed(credentialsProblem);
            }
            // Name resolution is a blocking call no socket timeout covers: bound it by what is left of the call timeout,
            // and give the call itself only the rest, so the whole lookup ends within the configured timeout.
            String dnsProblem = resolveEndpointWithin(remaining(started));
            if (dnsProblem != null) {
                return failed(dnsProblem, null);
            }
            Duration left = remaining(started);
            if (left.isZero()) {
                return failed(failures.noAnswer(), null);
            }
            // AWSCURRENT named explicitly: moto can answer a plain read with an older version after its labels moved.
            GetSecretValueResponse response = sdk.client().getSecretValue(b -> b.secretId(settings.secretName())
                    .versionStage("AWSCURRENT").overrideConfiguration(o -> o.apiCallTimeout(left)));
            String text = response.secretString();
            if (text == null) {
                return failed(failures.secretLabel() + " holds binary data, not text; store a JSON object of keys as the"
                        + " secret string", null);
            }
            try {
                return new Fetched(SecretJson.parse(text), null);
            } catch (SecretJson.NotAnObject e) {
                return failed(failures.secretLabel() + " " + e.getMessage() + "; store a JSON object of keys such as"
                        + " {\"HF_TOKEN\": \"...\"}", null);
            }
        } catch (AbortedException e) {
            Thread.currentThread().interrupt();
            return failed("AWS lookup of " + failures.secretLabel() + " was interrupted", e);
        } catch (SdkException e) {
            return failed(failures.reasonFor(e), e);
        }
    }

    /** What is left of the call timeout since {@code startedNanos}; zero when nothing is. */
    private Duration remaining(long startedNanos) {
        Duration left = settings.callTimeout().minusNanos(System.nanoTime() - startedNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Resolves the endpoint's host name within {@code limit}; null when it resolved, else the one-line reason. */
    private String resolveEndpointWithin(Duration limit) {
        String host = endpointHost();
        return switch (hostLookup.resolveWithin(host, limit)) {
            case RESOLVED -> null;
            case NOT_FOUND -> "AWS Secrets Manager endpoint " + failures.endpointLabel() + " is unreachable (host name not found);"
                    + " check AWS_ENDPOINT_URL, the region or DNS";
            case TIMED_OUT -> "AWS Secrets Manager endpoint " + failures.endpointLabel() + ": DNS gave no answer for " + host
                    + " within " + AwsFailures.seconds(settings.callTimeout()) + "; check the network and DNS, or raise "
                    + AwsSettings.TIMEOUT_VARIABLE;
            case INTERRUPTED -> "AWS lookup of " + failures.secretLabel() + " was interrupted";
        };
    }

    /** The host the client connects to: the override's, else the region's Secrets Manager endpoint. */
    String endpointHost() {
        if (settings.endpointOverride() != null) {
            return settings.endpointOverride().getHost();
        }
        URI endpoint = SecretsManagerClient.serviceMetadata().endpointFor(Region.of(settings.region()));
        return endpoint.getHost() != null ? endpoint.getHost() : URI.create("https://" + endpoint).getHost();
    }

    /** Resolves the credentials within {@code limit}; null when they resolved, else the one-line reason. */
    private String resolveCredentialsWithin(AwsCredentialsProvider credentials, Duration limit) {
        CompletableFuture<AwsCredentials> resolving = CompletableFuture.supplyAsync(credentials::resolveCredentials,
                CREDENTIAL_LOOKUPS);
        try {
            resolving.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException sdkException) {
                String where = profile == null || credentialsOverride != null ? "" : " (profile '" + profile + "')";
                return failed("AWS: no credentials found" + where + " for " + failures.secretLabel() + "; set AWS_ACCESS_KEY_ID"
                        + " and AWS_SECRET_ACCESS_KEY, or configure a profile (aws configure) or a role", sdkException).reason();
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause().getClass().getName());
        } catch (TimeoutException e) {
            resolving.cancel(true);
            return "AWS: finding credentials for " + failures.secretLabel() + " took longer than " + AwsFailures.seconds(settings.callTimeout())
                    + " (the default chain may be waiting for the EC2 instance metadata service or a container"
                    + " endpoint); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE, or set"
                    + " AWS_EC2_METADATA_DISABLED=true off EC2";
        } catch (InterruptedException e) {
            resolving.cancel(true);
            Thread.currentThread().interrupt();
            return "AWS lookup of " + failures.secretLabel() + " was interrupted";
        }
    }

    private String configurationProblem() {
        if (settingsProblem != null) {
            return "AWS Secrets Manager not configured: " + settingsProblem;
        }
        if (settings.secretName() == null) {
            return "AWS Secrets Manager not configured: no secret name; set " + AwsSettings.SECRET_NAME_VARIABLE;
        }
        if (settings.region() == null) {
            return "AWS Secrets Manager not configured: no region for secret '" + settings.secretName()
                    + "'; set AWS_DEFAULT_REGION (or AWS_REGION)";
        }
        if (keysProblem != null && credentialsOverride == null) {
            return "AWS credentials incomplete: " + keysProblem;
        }
        return null;
    }

    /** The SDK client and credentials, built on first use; null once closed. */
    private Sdk sdk() {
        synchronized (sdkLock) {
            if (closed) {
                return null;
            }
            if (sdk == null) {
                long start = System.nanoTime();
                AwsCredentialsProvider credentials = credentialsProvider();
                sdk = new Sdk(buildClient(credentials), credentials);
                LOG.log(Level.DEBUG, () -> "built the AWS Secrets Manager client in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
            return sdk;
        }
    }

    private AwsCredentialsProvider credentialsProvider() {
        if (credentialsOverride != null) {
            return credentialsOverride;
        }
        if (keys != null) {
            AwsCredentials credentials = keys.sessionToken() == null
                    ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
                    : AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken());
            return StaticCredentialsProvider.create(credentials);
        }
        // The map's AWS_PROFILE, like its keys, counts as much as the process environment's would.
        return profile == null ? DefaultCredentialsProvider.builder().build()
                : DefaultCredentialsProvider.builder().profileName(profile).build();
    }

    private SecretsManagerClient buildClient(AwsCredentialsProvider credentialsProvider) {
        Duration call = settings.callTimeout();
        Duration attempt = call.dividedBy(MAX_ATTEMPTS);
        if (attempt.compareTo(SHORTEST_ATTEMPT) < 0) {
            attempt = call.compareTo(SHORTEST_ATTEMPT) < 0 ? call : SHORTEST_ATTEMPT;
        }
        Duration attemptTimeout = attempt;
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentialsProvider)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(attemptTimeout))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(call)
                        .apiCallAttemptTimeout(attemptTimeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS).build()));
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder.build();
    }

    /** A failed read, logged with the exception's class only: the reason is all a person needs. */
    private static Fetched failed(String reason, Throwable cause) {
        LOG.log(Level.DEBUG, () -> reason + (cause == null ? "" : " [" + cause.getClass().getName() + "]"));
        return Fetched.failed(reason);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The settings read from an environment, or the one-line reason they could not be. */
    private record Config(AwsSettings settings, String problem) {
        static Config from(Map<String, String> env) {
            try {
                return new Config(AwsSettings.fromEnvironment(env), null);
            } catch (IllegalArgumentException e) {
                return new Config(null, e.getMessage());
            }
        }

        Config overriding(String secretName, String region) {
            if (settings == null) {
                return this;
            }
            return new Config(new AwsSettings(
                    secretName == null || secretName.isBlank() ? settings.secretName() : secretName,
                    region == null || region.isBlank() ? settings.region() : region,
                    settings.endpointOverride(), settings.connectTimeout(), settings.callTimeout()), null);
        }
    }

    /** One read of the secret: its parsed keys, or the reason there are none (exactly one is non-null). */
    private record Fetched(SecretJson.Parsed secret, String reason) {
        static Fetched failed(String reason) {
            return new Fetched(null, reason);
        }
    }

    /** The SDK client with the credentials provider it signs with. */
    private record Sdk(SecretsManagerClient client, AwsCredentialsProvider credentials) {
    }

    /** Credentials from the environment map; {@code toString()} shows the key id only. */
    private record StaticKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "StaticKeys[accessKeyId=" + accessKeyId + "]";
        }
    }
}
