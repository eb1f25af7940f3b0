package io.secretdesk.core.secrets.vault;

import io.secretdesk.core.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how the Vault provider reads: server address, token, secret path, KV mount, namespace,
 * CA file and timeouts. {@link #toString()} never shows the token.
 *
 * <p>The constructor normalises rather than rejects what a user may type: blank strings count as
 * unset, {@code path} and {@code mountPoint} lose surrounding slashes and fall back to
 * {@code simpletuner} and {@code secret}, null timeouts take the defaults. A URL, token or path the
 * provider cannot use is reported by the provider as unavailable, never thrown from here; only a
 * timeout that is not positive is a programming error.
 *
 * @param url         the Vault address, e.g. {@code https://vault.example.com:8200}; null when unset
 * @param token       the Vault token; null when unset
 * @param path        the secret's path inside the mount (may have several segments)
 * @param mountPoint  the KV mount, possibly several segments such as {@code kv/team}
 * @param namespace   the Vault Enterprise namespace sent as {@code X-Vault-Namespace}; null for none
 * @param caCertPath  a PEM file of CA certificates used instead of the system trust store; null for none
 * @param openTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer once a request is sent (the driver counts whole
 *                    seconds, so it is rounded up to one)
 */
public record VaultSettings(String url, String token, String path, String mountPoint, String namespace,
                            Path caCertPath, Duration openTimeout, Duration readTimeout) {

    public static final String DEFAULT_PATH = "simpletuner";
    public static final String DEFAULT_MOUNT = "secret";
    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    /** The most {@code SIMPLETUNER_VAULT_TIMEOUT_SECONDS} may ask for; longer would look like a hang. */
    static final int MAX_TIMEOUT_SECONDS = 600;

    public VaultSettings {
        url = blankToNull(url);
        token = blankToNull(token);
        path = orDefault(trimSlashes(path), DEFAULT_PATH);
        mountPoint = orDefault(trimSlashes(mountPoint), DEFAULT_MOUNT);
        namespace = trimSlashes(namespace);
        openTimeout = openTimeout == null ? DEFAULT_OPEN_TIMEOUT : openTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        if (openTimeout.isNegative() || openTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("Vault timeouts must be positive, got open " + openTimeout
                    + " and read " + readTimeout);
        }
    }

    /** The seed's manual form: address, token, path and mount, everything else default. */
    public static VaultSettings of(String url, String token, String path, String mountPoint) {
        return new VaultSettings(url, token, path, mountPoint, null, null, null, null);
    }

    /**
     * Reads the settings the way the Vault CLI and the seed name them: {@code VAULT_ADDR},
     * {@code VAULT_TOKEN}, {@code VAULT_NAMESPACE}, {@code VAULT_CACERT}, {@code SIMPLETUNER_VAULT_PATH},
     * and optionally {@code SIMPLETUNER_VAULT_MOUNT} and {@code SIMPLETUNER_VAULT_TIMEOUT_SECONDS}
     * (the read timeout in whole seconds; the connect timeout is the smaller of it and 3 s).
     *
     * @throws IllegalArgumentException when {@code SIMPLETUNER_VAULT_TIMEOUT_SECONDS} is not a whole
     *         number of seconds between 1 and 600; the message names the variable and what to set.
     *         {@link HashiCorpVaultProvider#fromEnvironment(Map)} turns this into an unavailable provider.
     */
    public static VaultSettings fromEnvironment(Map<String, String> env) {
        Duration open = null;
        Duration read = null;
        String timeout = blankToNull(env.get("SIMPLETUNER_VAULT_TIMEOUT_SECONDS"));
        if (timeout != null) {
            int seconds = parseTimeoutSeconds(timeout);
            read = Duration.ofSeconds(seconds);
            open = read.compareTo(DEFAULT_OPEN_TIMEOUT) < 0 ? read : DEFAULT_OPEN_TIMEOUT;
        }
        String caCert = blankToNull(env.get("VAULT_CACERT"));
        return new VaultSettings(env.get("VAULT_ADDR"), env.get("VAULT_TOKEN"), env.get("SIMPLETUNER_VAULT_PATH"),
                env.get("SIMPLETUNER_VAULT_MOUNT"), env.get("VAULT_NAMESPACE"),
                caCert == null ? null : Path.of(caCert), open, read);
    }

    /** Whether both an address and a token are present, the minimum to ask Vault anything. */
    public boolean isConfigured() {
        return url != null && token != null;
    }

    /** The secret as Vault's CLI names it, {@code mount/path}, e.g. {@code secret/simpletuner}. */
    public String secretPath() {
        return mountPoint + "/" + path;
    }

    /**
     * {@code url} for people: without any {@code user:password@} part, even when it does not parse as a URI
     * (a password may sit there). {@code (VAULT_ADDR not set)} for null.
     */
    public static String displayAddress(String url) {
        if (url == null) {
            return "(VAULT_ADDR not set)";
        }
        return Urls.withoutUserInfo(url);
    }

    @Override
    public String toString() {
        return "VaultSettings[url=" + displayAddress(url) + ", token=" + (token == null ? "<not set>" : "<set>")
                + ", path=" + path + ", mountPoint=" + mountPoint + ", namespace=" + namespace
                + ", caCertPath=" + caCertPath + ", openTimeout=" + openTimeout + ", readTimeout=" + readTimeout + "]";
    }

    /**
     * Why these settings cannot reach a secret, in one line with what to set (no address, no token, an address
     * that is not http(s), a mount or path that cannot go into a URL as it is), or null when they can. The token
     * is never part of it.
     */
    public String problem() {
        VaultSettings s = this;
        if (s.url() == null) {
            return "not configured: VAULT_ADDR is not set";
        }
        if (s.token() == null) {
            return "not configured: VAULT_TOKEN is not set";
        }
        URI uri;
        try {
            uri = new URI(s.url());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
            return "VAULT_ADDR '" + VaultFailures.oneLine(VaultSettings.displayAddress(s.url()), 80)
                    + "' is not an http:// or https:// address: set it like https://vault.example.com:8200";
        }
        String badMount = badSegments(s.mountPoint());
        if (badMount != null) {
            return "SIMPLETUNER_VAULT_MOUNT '" + VaultFailures.oneLine(s.mountPoint(), 80) + "' " + badMount
                    + ": use plain path segments such as secret or kv/team";
        }
        String badPath = badSegments(s.path());
        if (badPath != null) {
            return "SIMPLETUNER_VAULT_PATH '" + VaultFailures.oneLine(s.path(), 80) + "' " + badPath
                    + ": use plain path segments such as simpletuner or team/simpletuner";
        }
        return null;
    }

    /** Why a mount or path cannot go into a Vault URL as it is, or null when it can. */
    private static String badSegments(String value) {
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment (//)";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "has a . or .. segment";
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || "?#%\\\"<>{}|^`[]".indexOf(c) >= 0) {
                return "contains '" + (Character.isWhitespace(c) ? "a space" : String.valueOf(c)) + "', which a Vault URL cannot hold";
            }
        }
        return null;
    }

    private static int parseTimeoutSeconds(String text) {
        try {
            int seconds = Integer.parseInt(text.strip());
            if (seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalArgumentException("SIMPLETUNER_VAULT_TIMEOUT_SECONDS='" + oneLine(text)
                + "' is not a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS + ": set it to e.g. 5 or unset it");
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 40 ? flat.substring(0, 40) + "…" : flat;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String trimSlashes(String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        int start = 0;
        int end = v.length();
        while (start < end && v.charAt(start) == '/') {
            start++;
        }
        while (end > start && v.charAt(end - 1) == '/') {
            end--;
        }
        return start == end ? null : v.substring(start, end);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
