package io.secretdesk.core.target;

import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.core.store.AuditStats;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.UserCredential;
import java.util.List;
import java.util.Map;

/**
 * One SimpleTuner installation SecretDesk acts on: this host's files, or a server over SimpleTuner's HTTP API. Every
 * method may block (disk, network): call it off the JavaFX thread. Failures are {@link TargetException}s whose
 * message says what happened and that nothing was changed when nothing was; a secret value never appears in one.
 */
public interface Target {

    /** A short name for people: "this machine", or the server's name. */
    String name();

    /** Where it is, for people: the state folder, or the server's base URL (without credentials). */
    String location();

    /** The providers that have a stored config, sorted. */
    List<String> providers();

    /** The stored config of {@code provider} (empty when none), as SimpleTuner keeps it. */
    Map<String, Object> providerConfig(String provider);

    /**
     * Sets the keys of {@code changes} in the config of {@code provider} (a key mapped to null is removed), keeping
     * every other key, including changes made meanwhile by SimpleTuner; returns the config as stored.
     */
    Map<String, Object> mergeProviderConfig(String provider, Map<String, ?> changes);

    /** When SimpleTuner's server sees a change of {@code what}. */
    TakesEffect takesEffect(Setting what);

    /** The hardware pricing SimpleTuner uses: Replicate's {@code hardware_info}, else SimpleTuner's defaults. */
    Map<String, Hardware> hardwarePricing();

    /** Whether {@link #hardwarePricing()} comes from a stored config (false: SimpleTuner's defaults). */
    boolean hardwarePricingConfigured();

    /** Replaces the stored pricing table (validated first). */
    void setHardwarePricing(Map<String, Hardware> table);

    /** Removes the stored pricing table: SimpleTuner's defaults apply again. */
    void resetHardwarePricing();

    /** Audit entries, oldest first. */
    List<AuditEntry> audit(AuditQuery query);

    /** The audit log in figures. */
    AuditStats auditStats();

    /** SimpleTuner's chain check (and, on this host, SecretDesk's high-water mark). */
    ChainVerification verifyAudit();

    /** Per-user credential metadata (never values), of {@code user} when given (an id or a user name). */
    List<UserCredential> userCredentials(String user);

    /** How the installation is: its files or its server, each check with what to do when it fails. */
    HealthReport health();

    /**
     * Stores the Replicate API token SimpleTuner uses ({@code REPLICATE_API_TOKEN} in its secrets file). Write-only:
     * no target ever gives the value back.
     */
    ReplicateToken.Change setReplicateToken(String token);

    /** Removes the Replicate API token from SimpleTuner's secrets file (an environment variable may still supply one). */
    ReplicateToken.Change deleteReplicateToken();

    /** Whether the Replicate token SimpleTuner would use is there and works. */
    ReplicateToken.Validation validateReplicateToken();

    /** The settings whose pick-up time differs. */
    enum Setting {
        /** A provider config key (webhook, cost limit, ...): read from jobs.db on every request. */
        PROVIDER_CONFIG,
        /** The hardware pricing table: cached by the server for 300 s. */
        HARDWARE_PRICING,
        /** A secret in the secrets file, AWS or Vault: read once when the server starts. */
        SECRET,
        /** A per-user credential: read when a job of that user starts. */
        USER_CREDENTIAL
    }
}
