package io.secretdesk.core.secrets.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * Edits the AWS Secrets Manager secret the provider reads, in place: the secret's text is a JSON object of keys, and
 * a write changes one key of it in a new version that becomes current only if the current version is still the one
 * read.
 *
 * <p>How a write stays safe: {@code GetSecretValue} with {@code VersionStage=AWSCURRENT} gives the text and its
 * version id; the changed text goes in with {@code PutSecretValue} under the staging label {@value #PENDING_LABEL}
 * only (so nothing reads it yet); then {@code UpdateSecretVersionStage} moves {@code AWSCURRENT} to it with
 * {@code RemoveFromVersionId} set to the version read. Secrets Manager refuses that move when AWSCURRENT is no
 * longer on that version, so a concurrent change is detected, reported as {@link EditException.Conflict}, and never
 * overwritten; the unused version stays (without labels, "deprecated") so nothing typed is lost. Other keys keep
 * their JSON values (numbers, objects, arrays) as they were. Thread-safe.
 */
final class AwsSecretEditor implements EditableSource {

    /** The staging label a new version carries until it is made current. */
    static final String PENDING_LABEL = "SECRETDESK_PENDING";
    /** Secrets Manager's limit on a secret's text (the SecretString quota), in bytes. */
    static final int MAX_SECRET_BYTES = 65_536;
    private static final String CURRENT = "AWSCURRENT";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final AwsSecretsManagerProvider provider;

    AwsSecretEditor(AwsSecretsManagerProvider provider) {
        this.provider = provider;
    }

    @Override
    public String name() {
        return ProviderId.AWS.id();
    }

    @Override
    public String description() {
        return provider.description();
    }

    @Override
    public String permissions() {
        return "IAM: secretsmanager:GetSecretValue, secretsmanager:PutSecretValue and secretsmanager:UpdateSecretVersionStage"
                + " on the secret to write; secretsmanager:ListSecretVersionIds for versions (and kms:Decrypt /"
                + " kms:GenerateDataKey on its KMS key when it uses a customer managed key)";
    }

    @Override
    public SourceState read() {
        return fetch(client()).state();
    }

    @Override
    public Written write(String key, String value, SourceState basis, boolean confirmedUnversioned) {
        SecretsManagerClient client = client();
        Fetched now = fetch(client);
        if (now.raw() == null) {
            throw new EditException(provider.label() + " does not exist: create it first (aws secretsmanager create-secret"
                    + " --name " + provider.awsSettings().secretName() + " --secret-string '{}'); SecretDesk edits keys inside it");
        }
        if (!now.state().version().equals(basis.version())) {
            throw new EditException.Conflict(name(), provider.label(), basis.version(), now.state().version());
        }
        ObjectNode changed = now.raw().deepCopy();
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        String text = changed.toString();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SECRET_BYTES) {
            throw new EditException("this change would make " + provider.label() + " " + bytes + " bytes, over the "
                    + MAX_SECRET_BYTES + "-byte limit of a Secrets Manager secret; nothing was written");
        }
        String newVersion;
        try {
            PutSecretValueResponse put = client.putSecretValue(b -> b.secretId(secretId()).secretString(text)
                    .clientRequestToken(UUID.randomUUID().toString()).versionStages(PENDING_LABEL));
            newVersion = put.versionId();
        } catch (SdkException e) {
            throw failure(e, "secretsmanager:PutSecretValue", "nothing was written");
        }
        try {
            client.updateSecretVersionStage(b -> b.secretId(secretId()).versionStage(CURRENT)
                    .moveToVersionId(newVersion).removeFromVersionId(basis.version()));
        } catch (SdkException e) {
            String theirs = currentVersionOrNull(client);
            dropPendingLabel(client, newVersion);
            if (theirs != null && !theirs.equals(basis.version())) {
                throw new EditException.Conflict(name(), provider.label(), basis.version(), theirs);
            }
            throw failure(e, "secretsmanager:UpdateSecretVersionStage", "version " + newVersion
                    + " was stored but not made current, so nothing changed for readers");
        }
        dropPendingLabel(client, newVersion);
        return new Written(name(), key, basis.version(), newVersion);
    }

    @Override
    public List<KeyVersion> versions(String key, int limit) {
        SecretsManagerClient client = client();
        List<SecretVersionsListEntry> entries = new ArrayList<>();
        try {
            String token = null;
            do {
                String next = token;
                ListSecretVersionIdsResponse page = client.listSecretVersionIds(b -> b.secretId(secretId())
                        .includeDeprecated(true).maxResults(100).nextToken(next == null || next.isEmpty() ? null : next));
                entries.addAll(page.versions());
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (ResourceNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw failure(e, "secretsmanager:ListSecretVersionIds", "no versions were read");
        }
        List<KeyVersion> versions = new ArrayList<>();
        for (SecretVersionsListEntry entry : entries) {
            String value = null;
            Instant created = entry.createdDate();
            try {
                GetSecretValueResponse version = client.getSecretValue(b -> b.secretId(secretId()).versionId(entry.versionId()));
                created = version.createdDate() != null ? version.createdDate() : created;
                ObjectNode raw = parse(version.secretString());
                JsonNode held = raw == null ? null : raw.get(key);
                value = held == null ? null : text(held);
            } catch (ResourceNotFoundException | EditException e) {
                value = null; // a deprecated version AWS has already removed, or one whose text is not an object
            } catch (SdkException e) {
                throw failure(e, "secretsmanager:GetSecretValue", "no versions were read");
            }
            KeyVersion.State state = entry.versionStages().contains(CURRENT) ? KeyVersion.State.CURRENT : KeyVersion.State.OLDER;
            versions.add(new KeyVersion(name(), entry.versionId(), created, state, entry.versionStages(), value, null));
        }
        // Newest first; the current version first among equals (moto dates every listed version "now").
        List<KeyVersion> sorted = new ArrayList<>(versions);
        java.util.Collections.reverse(sorted);
        sorted.sort(Comparator.comparing((KeyVersion v) -> v.created() == null ? Instant.EPOCH : v.created()).reversed()
                .thenComparing(v -> v.state() != KeyVersion.State.CURRENT));
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }

    // ---------------------------------------------------------------------------------------------

    /** The state read, and the JSON object it came from (null when the secret does not exist). */
    private record Fetched(SourceState state, ObjectNode raw) {
    }

    private Fetched fetch(SecretsManagerClient client) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(b -> b.secretId(secretId()).versionStage(CURRENT));
        } catch (ResourceNotFoundException e) {
            return new Fetched(new SourceState(name(), SourceState.ABSENT, Map.of(), Map.of(), true), null);
        } catch (SdkException e) {
            throw failure(e, "secretsmanager:GetSecretValue", "nothing was read");
        }
        ObjectNode raw = parse(response.secretString());
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> notText = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String text = text(member.getValue());
            if (text != null) {
                values.put(member.getKey(), text);
            } else {
                notText.put(member.getKey(), member.getValue().getNodeType().name().toLowerCase(Locale.ROOT));
            }
        }
        return new Fetched(new SourceState(name(), response.versionId(), values, notText, true), raw);
    }

    private ObjectNode parse(String text) {
        if (text == null) {
            throw new EditException(provider.label() + " holds binary data, not a JSON object of keys; SecretDesk edits"
                    + " keys inside a JSON object, so nothing was written");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input, which is a secret: say where only.
            throw new EditException(provider.label() + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "); SecretDesk edits keys inside a JSON object, so nothing was written");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new EditException(provider.label() + " is a JSON " + (node == null ? "nothing" : node.getNodeType().name()
                    .toLowerCase(Locale.ROOT)) + ", not an object of keys; SecretDesk edits keys inside a JSON object, so nothing"
                    + " was written");
        }
        return object;
    }

    private static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        return value.isNumber() || value.isBoolean() ? value.toString() : null;
    }

    private String currentVersionOrNull(SecretsManagerClient client) {
        try {
            return client.getSecretValue(b -> b.secretId(secretId()).versionStage(CURRENT)).versionId();
        } catch (SdkException e) {
            return null;
        }
    }

    /** Takes the pending label off a version; it may already have moved to another writer's version. */
    private void dropPendingLabel(SecretsManagerClient client, String versionId) {
        try {
            client.updateSecretVersionStage(b -> b.secretId(secretId()).versionStage(PENDING_LABEL).removeFromVersionId(versionId));
        } catch (SdkException e) {
            System.getLogger(AwsSecretEditor.class.getName()).log(System.Logger.Level.DEBUG,
                    "leaving label " + PENDING_LABEL + " on " + versionId + " [" + e.getClass().getSimpleName() + "]");
        }
    }

    private EditException failure(SdkException e, String action, String outcome) {
        if (e instanceof AwsServiceException service) {
            String code = AwsSecretsManagerProvider.errorCode(service);
            if ("AccessDeniedException".equals(code) || "AccessDenied".equals(code) || service.statusCode() == 403) {
                return new EditException.Denied("AWS denied " + action + " on " + provider.label() + " (permission denied, "
                        + (code == null ? "HTTP " + service.statusCode() : code) + "); " + outcome + ". Needed: " + permissions());
            }
            String rejected = provider.transportReason(e);
            if (rejected != null) {
                return new EditException(rejected + "; " + outcome);
            }
            return new EditException("AWS Secrets Manager refused " + action + " on " + provider.label() + " ("
                    + (code == null ? "no error code" : code) + ", HTTP " + service.statusCode() + "); " + outcome);
        }
        return new EditException(provider.transportReason(e) + "; " + outcome);
    }

    private SecretsManagerClient client() {
        return provider.editClient();
    }

    private String secretId() {
        return provider.awsSettings().secretName();
    }

    @Override
    public String toString() {
        return "AwsSecretEditor[" + description() + "]";
    }
}
