package io.secretdesk.core.secrets.aws;

import io.secretdesk.core.Urls;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the AWS provider reads its secret and how long it may wait: the secret's name, the region, an optional
 * endpoint override (moto, LocalStack, a VPC endpoint) and the connect and call timeouts.
 *
 * <p>{@code secretName} and {@code region} may be null (blank counts as null): the provider then reports itself
 * "not configured" without touching the network. {@code callTimeout} bounds a whole lookup, retries included;
 * {@code connectTimeout} bounds opening one connection and is never longer than {@code callTimeout}.
 */
public record AwsSettings(String secretName, String region, URI endpointOverride, Duration connectTimeout,
                          Duration callTimeout) {

    /** How long opening a connection may take unless configured otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** How long a whole lookup, retries included, may take unless configured otherwise. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(8);

    static final String SECRET_NAME_VARIABLE = "SIMPLETUNER_AWS_SECRET_NAME";
    static final String TIMEOUT_VARIABLE = "SIMPLETUNER_AWS_TIMEOUT_SECONDS";
    private static final String[] REGION_VARIABLES = {"AWS_DEFAULT_REGION", "AWS_REGION"};
    // The SDK's own names: the service-specific one wins over the global one, as in every AWS SDK and the CLI.
    private static final String[] ENDPOINT_VARIABLES = {"AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"};
    private static final String IGNORE_ENDPOINTS_VARIABLE = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    private static final Duration LONGEST_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Normalises blanks to null, fills in default timeouts, and checks the rest.
     *
     * @throws IllegalArgumentException when the endpoint is not an absolute http(s) URL or a timeout is not
     *                                  positive; the message is one line that says what to fix
     */
    public AwsSettings {
        secretName = trimToNull(secretName);
        region = trimToNull(region);
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        if (callTimeout.isNegative() || callTimeout.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("AWS timeouts must be positive (connect " + connectTimeout
                    + ", call " + callTimeout + ")");
        }
        if (connectTimeout.compareTo(callTimeout) > 0) {
            connectTimeout = callTimeout;
        }
        if (endpointOverride != null) {
            // The SDK never sends userinfo (requests are signed), so dropping it changes nothing but what is shown.
            endpointOverride = withoutUserInfo(endpointOverride);
            checkEndpoint(endpointOverride, "the AWS endpoint override");
        }
    }

    /** Settings for a secret in a region, with the default endpoint and timeouts. */
    public AwsSettings(String secretName, String region) {
        this(secretName, region, null, null, null);
    }

    /** These settings with another endpoint override (null for AWS's own endpoint). */
    public AwsSettings withEndpointOverride(URI endpoint) {
        return new AwsSettings(secretName, region, endpoint, connectTimeout, callTimeout);
    }

    /** These settings with another call timeout; the connect timeout shrinks to it when it is longer. */
    public AwsSettings withCallTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new AwsSettings(secretName, region, endpointOverride, connectTimeout, timeout);
    }

    /**
     * Reads the settings from an environment map: {@code SIMPLETUNER_AWS_SECRET_NAME}; the region from
     * {@code AWS_DEFAULT_REGION}, then {@code AWS_REGION}; the endpoint from {@code AWS_ENDPOINT_URL_SECRETS_MANAGER},
     * then {@code AWS_ENDPOINT_URL} (both ignored when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}, as the SDK
     * does); and the call timeout from {@code SIMPLETUNER_AWS_TIMEOUT_SECONDS} (seconds, decimals allowed).
     *
     * <p>Only the given map is read, so an explicit map behaves exactly like the process environment.
     *
     * @throws IllegalArgumentException when a variable is set to something unusable; the one-line message names
     *                                  the variable and what to put there
     */
    public static AwsSettings fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        String name = blankToNull(env.get(SECRET_NAME_VARIABLE));
        String region = first(env, REGION_VARIABLES);
        URI endpoint = null;
        if (!"true".equalsIgnoreCase(String.valueOf(env.get(IGNORE_ENDPOINTS_VARIABLE)).trim())) {
            for (String variable : ENDPOINT_VARIABLES) {
                String text = blankToNull(env.get(variable));
                if (text != null) {
                    endpoint = parseEndpoint(text.trim(), variable);
                    break;
                }
            }
        }
        Duration call = DEFAULT_CALL_TIMEOUT;
        String timeout = blankToNull(env.get(TIMEOUT_VARIABLE));
        if (timeout != null) {
            call = parseSeconds(timeout.trim());
        }
        Duration connect = DEFAULT_CONNECT_TIMEOUT.compareTo(call) > 0 ? call : DEFAULT_CONNECT_TIMEOUT;
        return new AwsSettings(name, region, endpoint, connect, call);
    }

    /** Shows the endpoint without userinfo (there is none to show: it is dropped on construction). */
    @Override
    public String toString() {
        return "AwsSettings[secretName=" + secretName + ", region=" + region + ", endpointOverride="
                + Urls.withoutUserInfo(endpointOverride) + ", connectTimeout=" + connectTimeout + ", callTimeout="
                + callTimeout + "]";
    }

    /** Whether both the secret name and the region are known. */
    public boolean configured() {
        return secretName != null && region != null;
    }

    private static URI parseEndpoint(String text, String variable) {
        URI uri;
        try {
            uri = new URI(text);
            uri = withoutUserInfo(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(variable + " is not a URL (" + e.getReason()
                    + "); set it to an endpoint such as http://127.0.0.1:5000 or unset it");
        }
        checkEndpoint(uri, variable);
        return uri;
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the AWS endpoint override '" + Urls.withoutUserInfo(uri)
                    + "' is not a valid URL without its user:password part; set it to an endpoint such as"
                    + " http://127.0.0.1:5000");
        }
    }

    private static void checkEndpoint(URI uri, String what) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " '" + Urls.withoutUserInfo(uri) + "' is not an http(s) URL with a host;"
                    + " set it to an endpoint such as http://127.0.0.1:5000 or unset it");
        }
    }

    private static Duration parseSeconds(String text) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TIMEOUT_VARIABLE + " '" + text + "' is not a number of seconds;"
                    + " set it to e.g. 8 or unset it");
        }
        Duration duration;
        try {
            duration = Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.UP).longValueExact());
        } catch (ArithmeticException e) {
            duration = Duration.ZERO;
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException(TIMEOUT_VARIABLE + " '" + text + "' is out of range;"
                    + " give whole or decimal seconds between 0.001 and " + LONGEST_TIMEOUT.toSeconds());
        }
        return duration;
    }

    private static String first(Map<String, String> env, String[] variables) {
        for (String variable : variables) {
            String value = blankToNull(env.get(variable));
            if (value != null) {
                return value.trim();
            }
        }
        return null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String trimToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
