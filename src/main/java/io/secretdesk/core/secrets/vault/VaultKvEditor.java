package io.secretdesk.core.secrets.vault;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.edit.EditException;
import io.secretdesk.core.secrets.edit.EditableSource;
import io.secretdesk.core.secrets.edit.KeyVersion;
import io.secretdesk.core.secrets.edit.SourceState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Edits the Vault KV secret the provider reads, in place, over Vault's HTTP API (vault-java-driver has no
 * check-and-set option and no metadata or version calls, so this speaks HTTP itself, with the provider's address,
 * token, namespace, CA and timeouts).
 *
 * <p>KV v2: a write reads the secret and its version, changes one key in the JSON it read (every other value keeps
 * its exact JSON, numbers and objects included) and writes the whole map with {@code options.cas} set to that
 * version, so Vault refuses it (400 "check-and-set parameter did not match the current version") when someone wrote
 * in between: that is reported as {@link EditException.Conflict}, never retried. Versions come from the metadata
 * endpoint; a version can be soft-deleted, undeleted or destroyed. KV v1 keeps no versions: a write is refused with
 * {@link EditException.Unversioned} until the operator confirms it. Thread-safe; each request ends within the
 * open + read timeout.
 */
final class VaultKvEditor implements EditableSource {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final VaultSettings settings;
    private final String address;
    private final String problem;
    private final Object clientLock = new Object();
    private HttpClient client; // guarded by clientLock
    private volatile Integer kvVersion;

    /** An editor for these settings; {@code problem} is the provider's reason they cannot be used, or null. */
    VaultKvEditor(VaultSettings settings, String problem) {
        this.settings = settings;
        this.address = VaultSettings.displayAddress(settings.url());
        this.problem = problem;
    }

    @Override
    public String name() {
        return ProviderId.VAULT.id();
    }

    @Override
    public String description() {
        return "Vault " + address + ", " + settings.secretPath() + (settings.namespace() == null ? "" : " in namespace "
                + settings.namespace());
    }

    @Override
    public String permissions() {
        String m = settings.mountPoint();
        String p = settings.path();
        return "Vault policy: read, create and update on " + m + "/data/" + p + " to write; read on " + m + "/metadata/" + p
                + " for versions; update on " + m + "/delete/" + p + ", " + m + "/undelete/" + p + " and " + m + "/destroy/" + p
                + " to delete, undelete or destroy a version";
    }

    @Override
    public SourceState read() {
        return fetch().state();
    }

    @Override
    public Written write(String key, String value, SourceState basis, boolean confirmedUnversioned) {
        Fetched now = fetch();
        if (now.kv() == 1) {
            if (!confirmedUnversioned) {
                throw new EditException.Unversioned("Vault mount " + settings.mountPoint() + "/ is KV version 1: it keeps no"
                        + " versions, so this write replaces the value of " + key + " for good (no history, no restore) and"
                        + " cannot tell whether someone else changed " + settings.secretPath() + " meanwhile; confirm to write anyway");
            }
            if (!now.state().values().equals(basis.values()) || !now.state().notText().equals(basis.notText())) {
                throw new EditException.Conflict(name(), where(), basis.version(), "changed");
            }
            ObjectNode data = change(now.raw(), key, value);
            Answer answer;
            try {
                answer = send("POST", settings.mountPoint() + "/" + settings.path(), data, null);
            } catch (LostAnswer e) {
                throw new EditException(e.getMessage().replace("reading from Vault", "writing to Vault") + "; a KV version 1"
                        + " mount cannot tell whether the write was made: reopen the key to see", e);
            }
            requireOk(answer, "write to", settings.mountPoint() + "/" + settings.path(), "create and update");
            return new Written(name(), key, basis.version(), SourceState.ABSENT.equals(basis.version()) ? "unversioned" : basis.version());
        }
        if (!now.state().version().equals(basis.version())) {
            throw new EditException.Conflict(name(), where(), basis.version(), now.state().version());
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("data", change(now.raw(), key, value));
        body.putObject("options").put("cas", SourceState.ABSENT.equals(basis.version()) ? 0 : Integer.parseInt(basis.version()));
        Answer answer;
        try {
            answer = send("POST", dataPath(), body, null);
        } catch (LostAnswer e) {
            throw afterLostAnswer(e, basis);
        }
        if (answer.status() == 400 && answer.error() != null && answer.error().contains("check-and-set")) {
            if (answer.error().contains("required")) {
                throw new EditException("Vault requires check-and-set on " + where() + " and refused the write: " + answer.error());
            }
            String theirs;
            try {
                theirs = fetch().state().version();
            } catch (EditException e) {
                theirs = null;
            }
            throw new EditException.Conflict(name(), where(), basis.version(), theirs);
        }
        requireOk(answer, "write to", dataPath(), "create and update");
        return new Written(name(), key, basis.version(), answer.body().at("/data/version").asText());
    }

    /**
     * A write whose answer never came (the connection ended, Vault went away): reads the version again to say whether it
     * was made. With check-and-set it was made only if the version moved on.
     */
    private EditException afterLostAnswer(EditException lost, SourceState basis) {
        String why = lost.getMessage().replace("reading from Vault", "writing to Vault");
        String now;
        try {
            now = fetch().state().version();
        } catch (EditException e) {
            return new EditException(why + "; Vault cannot be read now either, so whether the write was made is unknown:"
                    + " reopen the key once Vault answers, then try again", lost);
        }
        if (now.equals(basis.version())) {
            return new EditException(why + "; " + where() + " is still at version " + now + ": nothing was written", lost);
        }
        return new EditException(why + "; " + where() + " is now at version " + now + " (you opened " + basis.version()
                + "): the write may have been made, by you or someone else; reopen the key to see, nothing is retried", lost);
    }

    /** The connection failed before Vault's answer came (not a timeout: a request still running may yet be applied). */
    private static final class LostAnswer extends EditException {
        private static final long serialVersionUID = 1L;

        LostAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public List<KeyVersion> versions(String key, int limit) {
        Fetched now = fetch();
        if (now.kv() == 1) {
            String value = now.state().value(key);
            return List.of(new KeyVersion(name(), "current", null, KeyVersion.State.CURRENT, List.of(), value, null));
        }
        String metadataPath = settings.mountPoint() + "/metadata/" + settings.path();
        Answer meta = send("GET", metadataPath, null, null);
        if (meta.status() == 404) {
            return List.of();
        }
        requireOk(meta, "read the versions of", metadataPath, "read");
        JsonNode data = meta.body().get("data");
        int current = data.path("current_version").asInt();
        List<KeyVersion> versions = new ArrayList<>();
        for (int n = current; n >= 1 && versions.size() < limit; n--) {
            JsonNode info = data.path("versions").get(String.valueOf(n));
            if (info == null) {
                continue; // dropped beyond max_versions
            }
            Instant created = instant(info.path("created_time").asText(null));
            KeyVersion.State state;
            String value = null;
            if (info.path("destroyed").asBoolean()) {
                state = KeyVersion.State.DESTROYED;
            } else if (!info.path("deletion_time").asText("").isEmpty()) {
                state = KeyVersion.State.DELETED;
            } else {
                state = n == current ? KeyVersion.State.CURRENT : KeyVersion.State.OLDER;
                Answer version = send("GET", dataPath() + "?version=" + n, null, null);
                requireOk(version, "read version " + n + " of", dataPath(), "read");
                JsonNode held = version.body().at("/data/data").get(key);
                value = held == null ? null : text(held);
            }
            versions.add(new KeyVersion(name(), String.valueOf(n), created, state, List.of(), value, null));
        }
        return versions;
    }

    @Override
    public void versionOperation(VersionOperation operation, String versionId) {
        int number;
        try {
            number = Integer.parseInt(versionId);
        } catch (NumberFormatException e) {
            throw new EditException("Vault versions are numbers, not '" + versionId + "'");
        }
        if (fetch().kv() == 1) {
            throw new EditException("Vault mount " + settings.mountPoint() + "/ is KV version 1: it has no versions to "
                    + operation.word());
        }
        String area = switch (operation) {
            case DELETE -> "delete";
            case UNDELETE -> "undelete";
            case DESTROY -> "destroy";
        };
        String path = settings.mountPoint() + "/" + area + "/" + settings.path();
        ObjectNode body = JSON.createObjectNode();
        body.putArray("versions").add(number);
        requireOk(send("POST", path, body, null), operation.word() + " version " + number + " of", path, "update");
    }

    // ---------------------------------------------------------------------------------------------

    /** A read: the state, the raw data object (every value as Vault holds it) and the KV version of the mount. */
    private record Fetched(SourceState state, ObjectNode raw, int kv) {
    }

    /** One HTTP answer: status, parsed body (an empty object when none) and Vault's first error, if any. */
    private record Answer(int status, JsonNode body, String error) {
    }

    private Fetched fetch() {
        if (problem != null) {
            throw new EditException(problem);
        }
        int kv = kvVersion();
        if (kv == 1) {
            String path = settings.mountPoint() + "/" + settings.path();
            Answer answer = send("GET", path, null, null);
            if (answer.status() == 404) {
                return new Fetched(state(JSON.createObjectNode(), SourceState.ABSENT, false), JSON.createObjectNode(), 1);
            }
            requireOk(answer, "read", path, "read");
            ObjectNode raw = objectAt(answer.body(), "data");
            return new Fetched(state(raw, "unversioned", false), raw, 1);
        }
        Answer answer = send("GET", dataPath(), null, null);
        JsonNode metadata = answer.body().at("/data/metadata");
        if (answer.status() == 404) {
            // A deleted or destroyed latest version still names its number: the next write must be based on it.
            String version = metadata.has("version") ? metadata.get("version").asText() : SourceState.ABSENT;
            return new Fetched(state(JSON.createObjectNode(), version, true), JSON.createObjectNode(), 2);
        }
        requireOk(answer, "read", dataPath(), "read");
        ObjectNode raw = objectAt(answer.body().get("data"), "data");
        return new Fetched(state(raw, metadata.path("version").asText(), true), raw, 2);
    }

    /** The mount's KV version: from sys/internal/ui/mounts, as {@code vault kv} asks, else from how a v1 read is answered. */
    private int kvVersion() {
        Integer known = kvVersion;
        if (known != null) {
            return known;
        }
        Answer mount = send("GET", "sys/internal/ui/mounts/" + settings.mountPoint() + "/" + settings.path(), null, null);
        int detected;
        if (mount.status() == 200 && mount.body().at("/data/options/version").isTextual()) {
            detected = "2".equals(mount.body().at("/data/options/version").asText()) ? 2 : 1;
        } else {
            // A KV v2 mount answers a v1-style path with a 404 that warns about the versioned engine.
            Answer probe = send("GET", settings.mountPoint() + "/" + settings.path(), null, null);
            JsonNode warnings = probe.body().get("warnings");
            detected = warnings != null && warnings.toString().contains("versioned") ? 2 : probe.status() == 200 ? 1 : 2;
        }
        kvVersion = detected;
        return detected;
    }

    private SourceState state(ObjectNode raw, String version, boolean versioned) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> notText = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String text = text(member.getValue());
            if (text != null) {
                values.put(member.getKey(), text);
            } else {
                notText.put(member.getKey(), member.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return new SourceState(name(), version, values, notText, versioned);
    }

    /** The provider's rule: strings as they are, numbers and booleans as their JSON text; anything else is not text. */
    private static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.toString();
        }
        return null;
    }

    private static ObjectNode change(ObjectNode raw, String key, String value) {
        ObjectNode copy = raw.deepCopy();
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }

    private static ObjectNode objectAt(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node instanceof ObjectNode object ? object : JSON.createObjectNode();
    }

    private void requireOk(Answer answer, String doing, String path, String capabilities) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 403) {
            throw new EditException.Denied("Vault denied the request to " + doing + " " + path + " (HTTP 403 permission denied):"
                    + " this token's policy needs " + capabilities + " on " + path + "; " + permissions());
        }
        if (status == 404) {
            throw new EditException("Vault found nothing at " + path + " (HTTP 404): check SIMPLETUNER_VAULT_MOUNT and SIMPLETUNER_VAULT_PATH");
        }
        if (status == 503) {
            throw new EditException("Vault at " + address + " is sealed or unavailable (HTTP 503): unseal it or retry; nothing was written");
        }
        throw new EditException("Vault at " + address + " answered HTTP " + status + " when asked to " + doing + " " + path
                + (answer.error() == null ? "" : " (" + VaultFailures.oneLine(answer.error(), 200) + ")") + "; nothing was written");
    }

    private Answer send(String method, String apiPath, JsonNode body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url().replaceAll("/+$", "") + "/v1/" + apiPath))
                .timeout(settings.readTimeout())
                .header("X-Vault-Token", settings.token())
                .header("X-Vault-Request", "true");
        if (settings.namespace() != null) {
            request.header("X-Vault-Namespace", settings.namespace());
        }
        if (body != null) {
            request.header("Content-Type", contentType == null ? "application/json" : contentType);
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        Duration deadline = settings.openTimeout().plus(settings.readTimeout());
        CompletableFuture<HttpResponse<byte[]>> pending = client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new EditException("Vault at " + address + " did not finish answering within " + VaultFailures.seconds(deadline)
                    + "; the write may or may not have been made: reopen the key to see, then try again");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new EditException("interrupted while talking to Vault at " + address);
        } catch (ExecutionException e) {
            throw new LostAnswer(VaultFailures.transport(e.getCause(), address, settings.openTimeout(), settings.readTimeout()),
                    e.getCause());
        }
        JsonNode parsed;
        try {
            byte[] bytes = response.body();
            parsed = bytes == null || bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            parsed = JSON.createObjectNode();
        }
        if (parsed == null || parsed.isMissingNode()) {
            parsed = JSON.createObjectNode();
        }
        JsonNode errors = parsed.get("errors");
        String error = errors != null && errors.isArray() && errors.size() > 0 ? errors.get(0).asText() : null;
        return new Answer(response.statusCode(), parsed, error);
    }

    private HttpClient client() {
        synchronized (clientLock) {
            if (client == null) {
                HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.openTimeout()).followRedirects(HttpClient.Redirect.NORMAL);
                if (settings.caCertPath() != null) {
                    try {
                        builder.sslContext(CaCertificates.trusting(settings.caCertPath()));
                    } catch (CaCertificates.SetupProblem e) {
                        throw new EditException(e.getMessage());
                    }
                }
                client = builder.build();
            }
            return client;
        }
    }

    private static byte[] write(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new EditException("could not encode the request to Vault");
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null || text.isEmpty() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String dataPath() {
        return settings.mountPoint() + "/data/" + settings.path();
    }

    private String where() {
        return "Vault " + settings.secretPath() + (settings.namespace() == null ? "" : " in namespace " + settings.namespace());
    }

    @Override
    public String toString() {
        return "VaultKvEditor[" + description() + "]";
    }
}
