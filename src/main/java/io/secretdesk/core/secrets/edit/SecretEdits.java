package io.secretdesk.core.secrets.edit;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.WritableSecretProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Editing secrets where they live, as one service the CLI and the console both call: which sources can be edited,
 * writes and deletes with compare-and-set into the source the operator chooses, each key's versions with who made
 * them, restores as new versions, diffs that never show a value, and drift between sources. Every change is
 * recorded in the audit trail (keys, sources and version ids; never values) and drops the chain's cached answer for
 * the key. Every write to the secrets file goes through here, whoever makes it (the CLI, the Secrets page and its key
 * detail pane, Provider Config's token): the same history row, audit entry and cache invalidation for each; {@link #via}
 * names the front end in the entry.
 *
 * <p>Thread-safe; every method blocks on file, database or network I/O, so the console calls it off the FX thread.
 */
public final class SecretEdits {

    /** How many versions a history shows unless asked for more. */
    public static final int DEFAULT_HISTORY = 20;

    private final SecretsManager chain;
    private final Map<String, EditableSource> sources;
    private final EditAudit audit;
    /** Who writes, recorded in each entry ({@code cli}, {@code secrets-view}, ...); null records none. */
    private final String via;

    /**
     * @param history the secrets file's history store, or null to keep none
     * @param audit   where edits are recorded ({@link EditAudit#NONE} for nowhere)
     */
    public SecretEdits(SecretsManager chain, FileHistory history, EditAudit audit) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.via = null;
        this.sources = new LinkedHashMap<>();
        for (SecretProvider provider : chain.chain()) {
            if (provider instanceof WritableSecretProvider file) {
                sources.put(provider.name(), new FileSourceEditor(file, history));
            } else if (provider instanceof Editable editable && safeConfigured(provider)) {
                sources.put(provider.name(), editable.editor());
            }
        }
    }

    private SecretEdits(SecretEdits same, String via) {
        this.chain = same.chain;
        this.sources = same.sources;
        this.audit = same.audit;
        this.via = via;
    }

    /** The same service, recording its edits as made by {@code who} ({@code cli}, {@code secrets-view}, ...). */
    public SecretEdits via(String who) {
        return new SecretEdits(this, Objects.requireNonNull(who, "who"));
    }

    /** The chain this service edits. */
    public SecretsManager chain() {
        return chain;
    }

    /** The sources that can be edited now, in chain order ({@code file}, then {@code aws} and {@code vault} when set up). */
    public List<String> sources() {
        return List.copyOf(sources.keySet());
    }

    /** The editor of one source. */
    public EditableSource source(String name) {
        EditableSource source = sources.get(name);
        if (source == null) {
            throw new IllegalArgumentException("cannot edit '" + name + "': editable sources here are " + String.join(", ", sources.keySet())
                    + (ProviderId.ENV.is(name) ? " (environment variables are set where the process starts)" : ""));
        }
        return source;
    }

    /** The editor of the source {@code id}. */
    public EditableSource source(ProviderId id) {
        return source(id.id());
    }

    /**
     * Where a write of {@code key} goes unless the operator says otherwise: the source that supplies it when that source
     * can be edited, else the secrets file.
     */
    public String defaultTarget(Resolution resolution) {
        return resolution.source().filter(sources::containsKey).orElse(sources.containsKey(ProviderId.FILE.id()) ? ProviderId.FILE.id()
                : sources.keySet().stream().findFirst().orElseThrow(() -> new EditException("no source here can be written")));
    }

    /** Where {@code key} is held now, in chain order (for "Add" of a key that exists: replace?). */
    public List<Resolution.Outcome> holders(String key) {
        return chain.resolve(key).outcomes().stream().filter(Resolution.Outcome::holds).toList();
    }

    /** What a write made: the source, versions, and what the chain resolves now. */
    public record WriteResult(EditableSource.Written written, Resolution after) {
        /**
         * The provider that still wins over the written source, when one does ({@link Resolution#winnerAbove}). After a
         * delete, the source no longer holds the key: whoever supplies it now is the answer, wherever it ranks.
         */
        public Optional<Resolution.Outcome> overriddenBy() {
            boolean holds = after.outcomes().stream().anyMatch(o -> o.provider().equals(written.source()) && o.holds());
            return holds ? after.winnerAbove(written.source()) : after.supplier();
        }
    }

    /**
     * Sets {@code key} to {@code value} in {@code target}, only if the source is still as {@code basis} read it (null:
     * read it now, so only a change in between is a conflict).
     *
     * @throws EditException.Conflict    when the source moved on since {@code basis}; nothing was written
     * @throws EditException.Unversioned for a Vault KV v1 target unless {@code confirmedUnversioned}
     */
    public WriteResult set(String key, String value, String target, SourceState basis, boolean confirmedUnversioned) {
        SecretsManager.requireKey(key);
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty value for " + key + "; nothing was written");
        }
        return change(key, value, target, basis, confirmedUnversioned, "secret.set", null);
    }

    /** What a delete from {@code source} would leave: who supplies {@code key} afterwards, if anyone. */
    public Optional<Resolution.Outcome> supplierAfterDelete(String key, String source) {
        return chain.resolve(key).outcomes().stream()
                .filter(o -> o.holds() && !o.provider().equals(source)).findFirst();
    }

    /**
     * Removes {@code key} from {@code target} in a new version (the old versions keep it, so it can be restored).
     *
     * @throws EditException when the key is not there, or as for {@link #set}
     */
    public WriteResult delete(String key, String target, SourceState basis, boolean confirmedUnversioned) {
        SecretsManager.requireKey(key);
        SourceState state = basis != null ? basis : source(target).read();
        if (state.value(key) == null) {
            throw new EditException(key + " is not in " + source(target).description() + "; nothing was changed");
        }
        return change(key, null, target, state, confirmedUnversioned, "secret.delete", null);
    }

    /**
     * The versions of {@code key} in {@code source}, newest first, with who made each where the audit trail (or the
     * file history) says.
     */
    public List<KeyVersion> history(String key, String source, int limit) {
        List<KeyVersion> versions = source(source).versions(key, limit);
        if (ProviderId.FILE.is(source)) {
            return versions;
        }
        Map<String, String> who = new LinkedHashMap<>();
        for (EditAudit.Recorded entry : audit.about(target(source, key), 500)) {
            Object version = entry.details().get("version");
            if (version != null) {
                who.putIfAbsent(version.toString(), entry.who());
            }
        }
        List<KeyVersion> named = new ArrayList<>(versions.size());
        for (KeyVersion version : versions) {
            named.add(version.who() == null && who.containsKey(version.id()) ? version.withWho(who.get(version.id())) : version);
        }
        return named;
    }

    /** One version of {@code key} in {@code source}; {@code versionId} null or "current" is the value there now. */
    public KeyVersion version(String key, String source, String versionId) {
        if (versionId == null || versionId.equals(FileSourceEditor.CURRENT)) {
            SourceState now = source(source).read();
            return new KeyVersion(source, now.version(), null, KeyVersion.State.CURRENT, List.of(), now.value(key), null);
        }
        return history(key, source, 1000).stream().filter(v -> v.id().equals(versionId)).findFirst()
                .orElseThrow(() -> new EditException(source + " has no version " + versionId + " of " + key
                        + " (it may be older than what is kept): run 'secretdesk history " + key + " --source " + source + "'"));
    }

    /**
     * Writes the value {@code key} had in version {@code versionId} of {@code source} as a new version (never rewinds
     * the source: later versions stay). A version without the key restores its absence.
     */
    public WriteResult restore(String key, String source, String versionId, boolean confirmedUnversioned) {
        KeyVersion old = version(key, source, versionId);
        if (old.state() == KeyVersion.State.DESTROYED) {
            throw new EditException("version " + versionId + " of " + source + " was destroyed: its values are gone for good");
        }
        if (old.state() == KeyVersion.State.DELETED) {
            throw new EditException("version " + versionId + " of " + source + " is deleted: undelete it first, then restore");
        }
        SourceState now = source(source).read();
        if (Objects.equals(now.value(key), old.value())) {
            throw new EditException(key + " in " + source + " already holds the value of version " + versionId + "; nothing was written");
        }
        return change(key, old.value(), source, now, confirmedUnversioned, "secret.restore", versionId);
    }

    /** One side of a diff: a source and a version id (null for the value there now). */
    public record Ref(String source, String version) {
        @Override
        public String toString() {
            return source + (version == null ? "" : "@" + version);
        }
    }

    /** How the values of {@code key} at {@code a} and {@code b} compare; neither value is returned. */
    public ValueDiff diff(String key, Ref a, Ref b) {
        String left = valueAt(key, a);
        String right = valueAt(key, b);
        return ValueDiff.of(left, right);
    }

    private String valueAt(String key, Ref ref) {
        if (ref.version() == null && ProviderId.ENV.is(ref.source())) {
            return chain.resolve(key).outcomeOf(ProviderId.ENV).value();
        }
        return version(key, ref.source(), ref.version()).value();
    }

    /** Soft-deletes, undeletes or destroys one version of a source (Vault KV v2), audited. */
    public void versionOperation(String key, String source, EditableSource.VersionOperation operation, String versionId) {
        source(source).versionOperation(operation, versionId);
        audit.record("secret.version." + operation.name().toLowerCase(java.util.Locale.ROOT), target(source, key),
                Map.of("source", source, "version", versionId));
        chain.forget(key);
    }

    /** Keys whose values differ between the sources set up, or that a source lacks; values stay in memory. */
    public Drift drift() {
        return Drift.over(chain, chain.resolveAll());
    }

    // ---------------------------------------------------------------------------------------------

    private WriteResult change(String key, String value, String target, SourceState basis, boolean confirmedUnversioned,
                               String action, String restoredFrom) {
        EditableSource source = source(target);
        audit.ready(); // an edit that could not be audited is refused before the source is touched
        SourceState from = basis != null ? basis : source.read();
        EditableSource.Written written;
        try {
            if (source instanceof FileSourceEditor file) {
                written = file.write(key, value, from, action.equals("secret.restore") ? "restore" : value == null ? "delete" : "set");
            } else {
                written = source.write(key, value, from, confirmedUnversioned);
            }
        } finally {
            chain.forget(key);
        }
        WriteResult result = new WriteResult(written, chain.resolve(key));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", target);
        if (source instanceof FileSourceEditor file) {
            details.put("file", file.path().toString());
        }
        details.put("from_version", written.fromVersion());
        details.put("version", written.toVersion());
        if (restoredFrom != null) {
            details.put("restored_from", restoredFrom);
        }
        if (via != null) {
            details.put("via", via);
        }
        if (value == null) {
            result.after().supplier().ifPresent(still -> details.put("still_supplied_by", still.provider()));
        } else {
            result.overriddenBy().ifPresent(winner -> details.put("shadowed_by", winner.provider()));
        }
        audit.record(action, target(target, key), details);
        return result;
    }

    /**
     * The audit target of a key in a source: {@code secret:KEY} for the secrets file (as SecretDesk has always written
     * it), {@code secret:aws/KEY} and {@code secret:vault/KEY} for the sources edited in place.
     */
    static String target(String source, String key) {
        return "secret:" + (ProviderId.FILE.is(source) ? "" : source + "/") + key;
    }

    private static boolean safeConfigured(SecretProvider provider) {
        try {
            return provider.configured();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
