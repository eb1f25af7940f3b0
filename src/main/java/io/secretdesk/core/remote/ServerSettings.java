package io.secretdesk.core.remote;

import io.secretdesk.core.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SimpleTuner server as SecretDesk reaches it: a name, the base URL of its API and how to connect. The API key is
 * not here: it lives encrypted in the console database ({@link Servers}).
 *
 * @param name           what people call it; letters, digits, {@code . _ -}, at most 64
 * @param baseUrl        {@code https://host[:port][/prefix]} (SimpleTuner's routes are appended); no user, query or fragment
 * @param caFile         a PEM file of extra CA certificates trusted besides the system's, or null
 * @param allowPlainHttp whether {@code http://} is allowed to a host other than loopback (the key then travels in clear)
 * @param connectTimeout how long to wait for a connection (and for the host name to resolve)
 * @param requestTimeout how long to wait for a whole answer
 */
public record ServerSettings(String name, URI baseUrl, Path caFile, boolean allowPlainHttp, Duration connectTimeout,
                             Duration requestTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** SimpleTuner's default port ({@code simpletuner server}). */
    public static final int DEFAULT_PORT = 8001;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Checks every field; the messages say what to type instead and never repeat a URL's user part.
     *
     * @throws IllegalArgumentException for a bad name, URL or timeout
     */
    public ServerSettings {
        checkName(name);
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        baseUrl = checkUrl(baseUrl, allowPlainHttp);
        checkTimeout(connectTimeout, "connect timeout");
        checkTimeout(requestTimeout, "request timeout");
    }

    /** Settings with the default timeouts, no CA file, plain HTTP only to loopback. */
    public static ServerSettings of(String name, String baseUrl) {
        return new ServerSettings(name, parseUrl(baseUrl), null, false, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Parses a base URL as typed: {@code host:port} alone means {@code https://host:port}; a missing port stays
     * the scheme's own. The text is never repeated in the message (it may hold a password).
     *
     * @throws IllegalArgumentException when it is not a URL
     */
    public static URI parseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("give the server's base URL, e.g. https://gpu1.example.com:" + DEFAULT_PORT);
        }
        String trimmed = text.strip();
        if (!trimmed.contains("://")) {
            trimmed = "https://" + trimmed;
        }
        try {
            return new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the base URL is not a URL (" + e.getReason() + " at character "
                    + e.getIndex() + "): give it as https://host:" + DEFAULT_PORT);
        }
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a server name is 1 to 64 letters, digits, '.', '_' or '-', starting with "
                    + "a letter or digit");
        }
    }

    /** The URL for people: it never holds credentials (they are refused), so it is shown as it is. */
    public String location() {
        return Urls.withoutUserInfo(baseUrl);
    }

    /** Whether the base URL is {@code https}. */
    public boolean tls() {
        return "https".equals(baseUrl.getScheme());
    }

    /** Whether the host is a loopback name or address (this machine). */
    public boolean loopback() {
        return isLoopback(baseUrl.getHost());
    }

    /** The same settings under another URL or options (re-checked). */
    public ServerSettings with(URI url, Path ca, boolean plainHttp, Duration connect, Duration request) {
        return new ServerSettings(name, url, ca, plainHttp, connect, request);
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.\\d{1,3}){3}");
    }

    private static URI checkUrl(URI url, boolean allowPlainHttp) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the base URL must start with https:// (or http:// for this machine)");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the base URL holds a user name or password: remove it; SecretDesk sends "
                    + "the server's API key in the X-API-Key header and keeps it encrypted");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new IllegalArgumentException("the base URL has no host name: give it as https://host:" + DEFAULT_PORT);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("the base URL must not have a query (?...) or fragment (#...): give "
                    + "scheme, host, port and, behind a proxy, a path prefix");
        }
        if (scheme.equals("http") && !allowPlainHttp && !isLoopback(url.getHost())) {
            throw new IllegalArgumentException("plain http:// to " + url.getHost() + " would send the API key and every "
                    + "config in clear: use https://, reach the server through an SSH tunnel to 127.0.0.1, or allow "
                    + "plain HTTP for this server explicitly");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            return new URI(scheme, null, url.getHost(), url.getPort(), null, null, null).resolve(path.isEmpty() ? "" : path)
                    .normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the base URL cannot be used (" + e.getReason() + ")");
        }
    }

    private static void checkTimeout(Duration timeout, String what) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the " + what + " must be between 1 ms and 5 minutes");
        }
    }
}
