package io.secretdesk.ui.providers;

import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.core.store.AuditStats;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.CostLimit;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.core.store.StoreException;
import io.secretdesk.core.store.WebhookConfig;
import io.secretdesk.core.target.Target;
import io.secretdesk.ui.providers.ProviderForm.Loaded;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The provider configs and audit log Provider Config acts on: this machine's files (server null), or a server through
 * SimpleTuner's API. Every method blocks: call it inside the page's background work, never on the FX thread.
 */
final class TargetConfigs {

    private final Supplier<ProviderConfigStore> configs;
    private final Supplier<AuditLog> auditLog;
    private final Function<String, Target> servers;

    /**
     * @param configs  this machine's provider configs, read through their cache
     * @param auditLog this machine's audit log
     * @param servers  the target of a server by name (the shell's target switch)
     */
    TargetConfigs(Supplier<ProviderConfigStore> configs, Supplier<AuditLog> auditLog, Function<String, Target> servers) {
        this.configs = Objects.requireNonNull(configs, "configs");
        this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
        this.servers = Objects.requireNonNull(servers, "servers");
    }

    /** The providers with a stored config on {@code on} (null: this machine). */
    List<String> providers(String on) {
        return on == null ? configs.get().listProviders() : servers.apply(on).providers();
    }

    /** Reads a provider's config and its typed fields; a stored config that is not JSON is said, not thrown. */
    Loaded read(String provider, String on) {
        Map<String, Object> config;
        try {
            config = on == null ? configs.get().getProviderConfig(provider) : servers.apply(on).providerConfig(provider);
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.INVALID_DATA) {
                throw e;
            }
            return new Loaded(Map.of(), ProviderForm.NOTHING_STORED.webhook(), null, CostLimit.DEFAULT, null, e.getMessage()
                    + " The form shows the defaults: saving replaces the stored config.");
        }
        WebhookConfig webhook = null;
        String webhookProblem = null;
        try {
            webhook = ProviderConfigStore.webhookConfig(provider, config);
        } catch (IllegalArgumentException e) {
            webhookProblem = e.getMessage() + ".";
        }
        CostLimit cost = null;
        String costProblem = null;
        try {
            cost = ProviderConfigStore.costLimit(provider, config);
        } catch (IllegalArgumentException e) {
            costProblem = e.getMessage() + ".";
        }
        return new Loaded(config, webhook, webhookProblem, cost, costProblem, null);
    }

    /**
     * Writes what the form changed: on a server, merged there; here, only {@code changes} in one transaction that keeps
     * what SimpleTuner's server changed meanwhile, or {@code config} whole when the stored one was not readable.
     *
     * @return the config as stored now, and the audit entry of the write (0 when it is a server's)
     */
    Saved save(String provider, String on, Map<String, Object> config, Map<String, Object> changes, boolean replaceUnreadable) {
        if (on != null) {
            servers.apply(on).mergeProviderConfig(provider, changes);
            return new Saved(read(provider, on), 0);
        }
        if (replaceUnreadable) {
            configs.get().saveProviderConfig(provider, config, true);
        } else {
            configs.get().updateProviderConfig(provider, changes);
        }
        List<AuditEntry> newest = auditLog.get().recent(1);
        return new Saved(read(provider, null), newest.isEmpty() ? 0 : newest.get(0).seq());
    }

    /**
     * This machine's providers and the selected one's config read again past the config cache, after another process
     * committed to jobs.db; {@code selected} null reads no config.
     */
    Outside readAfterOutsideChange(String selected) {
        ProviderConfigStore store = configs.get();
        store.cache().clear(); // every provider's cached config may be stale, not only the selected one's
        return new Outside(store.listProviders(), selected != null ? read(selected, null) : null);
    }

    /** The newest entries of the audit log of {@code on}, of {@code eventType} (null: every type). */
    List<AuditEntry> recentAudit(String on, String eventType, int limit) {
        AuditQuery query = new AuditQuery(eventType, null, null, null, limit);
        return on == null ? auditLog.get().query(query) : servers.apply(on).audit(query);
    }

    /** The figures of the audit log of {@code on}: its size, time span and entries per event type. */
    AuditStats auditStats(String on) {
        return on == null ? auditLog.get().stats() : servers.apply(on).auditStats();
    }

    /** Checks the audit log of {@code on}: every entry's MAC and link to the one before it. */
    ChainVerification verifyAudit(String on) {
        return on == null ? auditLog.get().verifyChain() : servers.apply(on).verifyAudit();
    }

    /** What a re-read after an outside change found: the provider names, and the selected one's config (or null). */
    record Outside(List<String> providers, Loaded loaded) {
    }

    /** A config as stored by a save, and its audit entry (0 when none is known here). */
    record Saved(Loaded loaded, long auditSeq) {
        String auditNote() {
            return auditSeq > 0 ? " (audit entry #" + auditSeq + ")" : "";
        }
    }
}
