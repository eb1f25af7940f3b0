package io.secretdesk.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KV version 2 secrets engine of one mount in {@link VaultKvTestServer}: versions with CAS, metadata,
 * delete/undelete/destroy of versions, metadata delete and JSON merge PATCH, each as Vault's documentation
 * describes it. Not thread-safe: the server calls it under its lock.
 *
 * <p>Cited pages:
 * <ul>
 *   <li>[KV2] https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2 — "Read secret version",
 *       "Create/Update secret" ({@code options.cas}: "If set to 0 a write will only be allowed if the key doesn't
 *       exist ... If the index is non-zero the write will only be allowed if the key's current version matches the
 *       version specified in the cas parameter"; the failure is 400 "check-and-set parameter did not match the
 *       current version"), "Patch secret" (Content-Type {@code application/merge-patch+json}, 404 when the
 *       secret or its latest version is gone, {@code options.cas} as for writes), "Delete latest version of secret",
 *       "Delete secret versions", "Undelete secret versions", "Destroy secret versions", "Read secret metadata"
 *       (current_version, oldest_version, max_versions, cas_required, versions map), "Delete metadata and all
 *       versions".</li>
 *   <li>[KV2CFG] same page, "Configure the KV engine": {@code max_versions} 0 means the default of 10 versions,
 *       the oldest are removed beyond it.</li>
 *   <li>[RFC7396] JSON Merge Patch: a {@code null} member removes the key, an object member merges recursively.</li>
 * </ul>
 */
final class VaultKv2Engine {

    /** Vault's default number of versions kept per secret when max_versions is 0 [KV2CFG]. */
    static final int DEFAULT_MAX_VERSIONS = 10;

    /** One answer: HTTP status and a body (a map, or null for 204). */
    record Answer(int status, Object body) {
    }

    /** One stored version; {@code data} is null once destroyed. */
    private static final class Version {
        Map<String, Object> data;
        final Instant created;
        Instant deletionTime;
        boolean destroyed;

        Version(Map<String, Object> data, Instant created) {
            this.data = data;
            this.created = created;
        }

        Map<String, Object> metadata(int number) {
            // [KV2] version metadata: created_time, custom_metadata, deletion_time ("" when live), destroyed, version
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("created_time", created.toString());
            metadata.put("custom_metadata", null);
            metadata.put("deletion_time", deletionTime == null ? "" : deletionTime.toString());
            metadata.put("destroyed", destroyed);
            metadata.put("version", number);
            return metadata;
        }

        boolean gone() {
            return deletionTime != null || destroyed;
        }
    }

    /** A secret: its versions by number, the newest number, and its metadata settings. */
    private static final class Secret {
        final TreeMap<Integer, Version> versions = new TreeMap<>();
        int currentVersion;
        Instant created;
        Instant updated;
        boolean casRequired;
        int maxVersions;
    }

    private final Map<String, Secret> secrets = new HashMap<>();
    private final Clock clock;
    private boolean mountCasRequired;

    VaultKv2Engine(Clock clock) {
        this.clock = clock;
    }

    /** Sets the mount's cas_required, as {@code POST <mount>/config} does [KV2CFG]. */
    void casRequired(boolean required) {
        mountCasRequired = required;
    }

    /** Writes a new version without CAS, as a test's setup does. */
    void put(String path, Map<String, Object> data) {
        write(path, data);
    }

    /** Soft-deletes the latest version, as {@code DELETE <mount>/data/<path>} does. */
    void deleteLatest(String path) {
        Secret secret = secrets.get(path);
        if (secret != null && secret.versions.containsKey(secret.currentVersion)) {
            Version latest = secret.versions.get(secret.currentVersion);
            if (latest.deletionTime == null) {
                latest.deletionTime = clock.instant();
            }
        }
    }

    /** Whether a secret with at least one version exists at {@code path}. */
    boolean exists(String path) {
        return secrets.containsKey(path);
    }

    /** The number of the newest version at {@code path}, 0 when none. */
    int currentVersion(String path) {
        Secret secret = secrets.get(path);
        return secret == null ? 0 : secret.currentVersion;
    }

    /**
     * Answers one request to this mount; {@code rest} is the path below the mount, {@code body} the parsed
     * request object (null when there was none) and {@code contentType} the request's Content-Type.
     */
    Answer handle(String method, String rest, Map<String, String> params, Map<String, Object> body, String contentType) {
        int slash = rest.indexOf('/');
        String area = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : trim(rest.substring(slash + 1));
        return switch (area) {
            case "data" -> data(method, path, params, body, contentType);
            case "metadata" -> metadata(method, path);
            case "delete" -> versions(method, path, body, "delete");
            case "undelete" -> versions(method, path, body, "undelete");
            case "destroy" -> versions(method, path, body, "destroy");
            default -> null;
        };
    }

    private Answer data(String method, String path, Map<String, String> params, Map<String, Object> body, String contentType) {
        switch (method) {
            case "GET": {
                Secret secret = secrets.get(path);
                if (secret == null) {
                    return errors(404);
                }
                int wanted = secret.currentVersion;
                String asked = params.get("version");
                if (asked != null && !asked.equals("0")) {
                    try {
                        wanted = Integer.parseInt(asked);
                    } catch (NumberFormatException e) {
                        return errors(400, "invalid version \"" + asked + "\"");
                    }
                }
                Version v = secret.versions.get(wanted);
                if (v == null) {
                    return errors(404);
                }
                // [KV2] a deleted or destroyed version is a 404 whose body still carries its metadata.
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("data", v.gone() ? null : v.data);
                data.put("metadata", v.metadata(wanted));
                return new Answer(v.gone() ? 404 : 200, data);
            }
            case "POST":
            case "PUT": {
                if (body == null || !(body.get("data") instanceof Map)) {
                    return errors(400, "no data provided");
                }
                Answer refused = checkCas(path, body);
                if (refused != null) {
                    return refused;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) body.get("data");
                return new Answer(200, write(path, values));
            }
            case "PATCH": {
                // [KV2] Patch secret: only as a JSON merge patch.
                if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/merge-patch+json")) {
                    return errors(415, "PATCH requires Content-Type application/merge-patch+json");
                }
                if (body == null || !(body.get("data") instanceof Map)) {
                    return errors(400, "no data provided");
                }
                Secret secret = secrets.get(path);
                Version latest = secret == null ? null : secret.versions.get(secret.currentVersion);
                if (latest == null || latest.gone()) {
                    return errors(404);
                }
                Answer refused = checkCas(path, body);
                if (refused != null) {
                    return refused;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> patch = (Map<String, Object>) body.get("data");
                return new Answer(200, write(path, mergePatch(latest.data, patch)));
            }
            case "DELETE":
                deleteLatest(path); // [KV2] Delete latest version of secret: 204
                return new Answer(204, null);
            default:
                return errors(405, "unsupported operation");
        }
    }

    private Answer metadata(String method, String path) {
        Secret secret = secrets.get(path);
        switch (method) {
            case "GET": {
                if (secret == null) {
                    return errors(404);
                }
                Map<String, Object> versions = new LinkedHashMap<>();
                secret.versions.forEach((number, v) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("created_time", v.created.toString());
                    entry.put("deletion_time", v.deletionTime == null ? "" : v.deletionTime.toString());
                    entry.put("destroyed", v.destroyed);
                    versions.put(String.valueOf(number), entry);
                });
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("cas_required", secret.casRequired);
                data.put("created_time", secret.created.toString());
                data.put("current_version", secret.currentVersion);
                data.put("custom_metadata", null);
                data.put("delete_version_after", "0s");
                data.put("max_versions", secret.maxVersions);
                data.put("oldest_version", secret.versions.isEmpty() ? 0 : secret.versions.firstKey());
                data.put("updated_time", secret.updated.toString());
                data.put("versions", versions);
                return new Answer(200, data);
            }
            case "DELETE":
                secrets.remove(path); // [KV2] Delete metadata and all versions: 204
                return new Answer(204, null);
            default:
                return errors(405, "unsupported operation");
        }
    }

    private Answer versions(String method, String path, Map<String, Object> body, String operation) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            return errors(405, "unsupported operation");
        }
        Object listed = body == null ? null : body.get("versions");
        if (!(listed instanceof List<?> numbers) || numbers.isEmpty()) {
            return errors(400, "no version number provided");
        }
        Secret secret = secrets.get(path);
        if (secret == null) {
            return new Answer(204, null); // Vault answers 204 for versions of a missing secret
        }
        for (Object n : numbers) {
            Version v = n instanceof Number number ? secret.versions.get(number.intValue()) : null;
            if (v == null) {
                continue;
            }
            switch (operation) {
                case "delete" -> {
                    if (v.deletionTime == null && !v.destroyed) {
                        v.deletionTime = clock.instant();
                    }
                }
                case "undelete" -> {
                    if (!v.destroyed) {
                        v.deletionTime = null;
                    }
                }
                default -> {
                    v.destroyed = true;
                    v.data = null;
                }
            }
        }
        secret.updated = clock.instant();
        return new Answer(204, null);
    }

    /** Null when the write may go ahead, else the 400 Vault gives. */
    private Answer checkCas(String path, Map<String, Object> body) {
        Object options = body.get("options");
        Object cas = options instanceof Map<?, ?> map ? map.get("cas") : null;
        Secret secret = secrets.get(path);
        if (cas == null) {
            if (mountCasRequired || (secret != null && secret.casRequired)) {
                return errors(400, "check-and-set parameter required for this call");
            }
            return null;
        }
        if (!(cas instanceof Number number)) {
            return errors(400, "check-and-set parameter must be a number");
        }
        int current = secret == null ? 0 : secret.currentVersion;
        if (number.intValue() != current) {
            return errors(400, "check-and-set parameter did not match the current version");
        }
        return null;
    }

    /** Adds a version, drops the oldest beyond max_versions, and returns the new version's metadata. */
    private Map<String, Object> write(String path, Map<String, Object> data) {
        Instant now = clock.instant();
        Secret secret = secrets.computeIfAbsent(path, p -> {
            Secret created = new Secret();
            created.created = now;
            return created;
        });
        secret.currentVersion++;
        secret.updated = now;
        secret.versions.put(secret.currentVersion, new Version(Collections.unmodifiableMap(new LinkedHashMap<>(data)), now));
        int keep = secret.maxVersions > 0 ? secret.maxVersions : DEFAULT_MAX_VERSIONS;
        while (secret.versions.size() > keep) {
            secret.versions.pollFirstEntry();
        }
        return secret.versions.get(secret.currentVersion).metadata(secret.currentVersion);
    }

    /** RFC 7396: null removes, objects merge recursively, anything else replaces. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target == null ? Map.of() : target);
        patch.forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> nested) {
                Object existing = result.get(key);
                result.put(key, mergePatch(existing instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
                        (Map<String, Object>) nested));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    private static Answer errors(int status, String... errors) {
        return new Answer(status, Map.of("errors", new ArrayList<>(List.of(errors))));
    }

    private static String trim(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
