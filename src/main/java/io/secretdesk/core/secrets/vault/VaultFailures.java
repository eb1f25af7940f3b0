package io.secretdesk.core.secrets.vault;

import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.net.ConnectException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what went wrong talking to Vault into one-line reasons that say what to do. No reason ever
 * includes the token or a secret value: only the address, the secret's path, HTTP statuses, Vault's
 * own error strings and exception class names or messages from the network stack.
 */
final class VaultFailures {

    private VaultFailures() {
    }

    /**
     * The reason for a request that got no HTTP answer: refused, timed out, TLS, name resolution.
     * Restores the thread's interrupt flag when the request was interrupted.
     */
    static String transport(Throwable error, String address, Duration openTimeout, Duration readTimeout) {
        HttpConnectTimeoutException connectTimeout = find(error, HttpConnectTimeoutException.class);
        if (connectTimeout != null) {
            return "no connection to Vault at " + address + " within " + seconds(openTimeout)
                    + ": check VAULT_ADDR, the network and any firewall";
        }
        if (find(error, HttpTimeoutException.class) != null) {
            return "Vault at " + address + " did not answer within " + seconds(readTimeout)
                    + ": check the server (vault status), or raise SIMPLETUNER_VAULT_TIMEOUT_SECONDS";
        }
        SSLException tls = find(error, SSLException.class);
        if (tls != null) {
            return "TLS handshake with Vault at " + address + " failed (" + tlsDetail(deepestMessage(tls))
                    + "): check VAULT_CACERT names the CA that signed Vault's certificate and VAULT_ADDR uses its host name";
        }
        if (find(error, UnknownHostException.class) != null || find(error, UnresolvedAddressException.class) != null) {
            return "cannot resolve the host of VAULT_ADDR " + address + ": check the address";
        }
        ConnectException refused = find(error, ConnectException.class);
        if (refused != null) {
            String message = deepestMessage(refused);
            // java.net.http reports a refused connection as a ConnectException without any message.
            String what = message == null || message.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused" : oneLine(message, 80);
            return "cannot connect to Vault at " + address + " (" + what + "): check VAULT_ADDR and that Vault is running";
        }
        if (find(error, InterruptedException.class) != null) {
            Thread.currentThread().interrupt();
            return "interrupted while reading from Vault at " + address + ": try again";
        }
        if (find(error, URISyntaxException.class) != null) {
            return "VAULT_ADDR " + address + " and the secret path do not form a valid URL: check VAULT_ADDR, SIMPLETUNER_VAULT_MOUNT and SIMPLETUNER_VAULT_PATH";
        }
        Throwable root = deepest(error);
        String message = root.getMessage();
        return "reading from Vault at " + address + " failed (" + root.getClass().getSimpleName()
                + (message == null ? "" : ": " + oneLine(message, 100)) + "): check VAULT_ADDR and the server";
    }

    private static String tlsDetail(String message) {
        if (message == null) {
            return "no detail";
        }
        String lower = message.toLowerCase(Locale.ROOT);
        // "Signature does not match": a trusted CA has the issuer's name but did not sign the certificate.
        if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")
                || lower.contains("signature does not match")) {
            return "the server's certificate is not signed by a trusted CA";
        }
        if (lower.contains("subject alternative") || lower.contains("no name matching")) {
            return "the certificate does not name this host";
        }
        if (lower.contains("unsupported or unrecognized ssl message") || lower.contains("plaintext connection")) {
            return "the server does not speak TLS; is VAULT_ADDR meant to be http://?";
        }
        if (lower.contains("validity check failed") || lower.contains("notafter") || lower.contains("expired")) {
            return "the server's certificate has expired or is not yet valid";
        }
        return oneLine(message, 100);
    }

    /** The first entry of Vault's {@code {"errors":[...]}} body, one line, or null when there is none. */
    static String firstError(byte[] body) {
        JsonValue errors = member(body, "errors");
        if (errors == null || !errors.isArray()) {
            return null;
        }
        for (JsonValue error : errors.asArray()) {
            if (error.isString() && !error.asString().isBlank()) {
                return oneLine(error.asString(), 160);
            }
        }
        return null;
    }

    /** The first warning in a Vault response body, one line, or null. */
    static String firstWarning(byte[] body) {
        JsonValue warnings = member(body, "warnings");
        if (warnings == null || !warnings.isArray()) {
            return null;
        }
        for (JsonValue warning : warnings.asArray()) {
            if (warning.isString() && !warning.asString().isBlank()) {
                return oneLine(warning.asString(), 160);
            }
        }
        return null;
    }

    /** A top-level member of a JSON object body, or null when the body is not such an object. */
    static JsonValue member(byte[] body, String name) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonValue parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
            return parsed.isObject() ? parsed.asObject().get(name) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The body the driver quotes in a 5xx {@code VaultException} message, or null. */
    static byte[] bodyFromMessage(String message) {
        if (message == null) {
            return null;
        }
        int at = message.indexOf("Response body: ");
        return at < 0 ? null : message.substring(at + "Response body: ".length()).getBytes(StandardCharsets.UTF_8);
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    /** Flattens whitespace to single spaces and caps the length, so a reason stays one line. */
    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > max ? flat.substring(0, max) + "…" : flat;
    }

    /**
     * Why a KV v2 read answered 404 for a secret whose latest version was deleted or destroyed (the answer still
     * carries its metadata), with the command that brings it back; null for any other 404.
     */
    static String deletedVersion(byte[] body, String where, String secretPath) {
        JsonValue envelope = member(body, "data");
        if (envelope == null || !envelope.isObject()) {
            return null;
        }
        JsonValue metadata = envelope.asObject().get("metadata");
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        JsonObject meta = metadata.asObject();
        JsonValue version = meta.get("version");
        String v = version == null ? "latest" : version.toString();
        JsonValue destroyed = meta.get("destroyed");
        if (destroyed != null && destroyed.isTrue()) {
            return "the latest version (" + v + ") of " + where + " was destroyed (HTTP 404): write the secret again with `vault kv put "
                    + secretPath + " KEY=value`";
        }
        JsonValue deletion = meta.get("deletion_time");
        if (deletion != null && deletion.isString() && !deletion.asString().isEmpty()) {
            return "the latest version (" + v + ") of " + where + " was deleted (HTTP 404): restore it with `vault kv undelete -versions="
                    + v + " " + secretPath + "` or write a new version";
        }
        return null;
    }

    /** Whether a JSON member is {@code true} (absent is not). */
    static boolean isTrue(JsonValue value) {
        return value != null && value.isTrue();
    }

    /** Whether a JSON member is {@code false} (absent is not). */
    static boolean isFalse(JsonValue value) {
        return value != null && value.isFalse();
    }

    /** {@code a}, or {@code b} when {@code a} is null. */
    static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable deepest(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String deepestMessage(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
