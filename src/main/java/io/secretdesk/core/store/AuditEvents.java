package io.secretdesk.core.store;

/**
 * SimpleTuner's event type for each of SecretDesk's audited actions ({@code AuditEventType} in
 * {@code services/cloud/audit.py}): SimpleTuner's audit page filters and counts by these.
 */
public final class AuditEvents {

    public static final String PROVIDER_CONFIGURED = "provider.configured";
    public static final String CONFIG_CHANGED = "config.changed";
    public static final String CREDENTIAL_CREATED = "credential.created";
    public static final String CREDENTIAL_DELETED = "credential.deleted";

    private AuditEvents() {
    }

    /**
     * {@code provider_config.*} and hardware pricing: provider.configured; stored credentials and per-user credentials
     * set or imported: credential.created; deleted or deactivated: credential.deleted; everything else (secrets file,
     * key rotation, the audit mark): config.changed.
     */
    public static String eventType(String action) {
        if (action.startsWith("provider_config.") || action.startsWith("pricing.")) {
            return PROVIDER_CONFIGURED;
        }
        if (action.startsWith("credential.key.")) {
            return CONFIG_CHANGED;
        }
        if (action.startsWith("credential.") || action.startsWith("user_credential.")) {
            return action.endsWith(".delete") || action.endsWith(".deactivate") ? CREDENTIAL_DELETED : CREDENTIAL_CREATED;
        }
        return CONFIG_CHANGED;
    }
}
