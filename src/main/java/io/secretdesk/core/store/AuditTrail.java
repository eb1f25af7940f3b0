package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.secretdesk.core.secrets.edit.EditAudit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The audit log seen as the record of secret edits: appends to it, and reads back the entries about one target. */
public final class AuditTrail implements EditAudit {

    /** How far back {@link #about} looks. */
    private static final int SCAN = 5000;

    private final AuditLog log;

    public AuditTrail(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void record(String action, String target, Map<String, ?> details) {
        log.append(action, target, details);
    }

    @Override
    public List<Recorded> about(String target, int limit) {
        List<AuditLog.AuditEntry> recent = log.recent(SCAN);
        List<Recorded> found = new ArrayList<>();
        for (int i = recent.size() - 1; i >= 0 && found.size() < limit; i--) {
            AuditLog.AuditEntry entry = recent.get(i);
            if (entry.target().equals(target)) {
                Map<String, Object> details;
                try {
                    details = Json.parseObject(entry.details());
                } catch (JsonProcessingException e) {
                    details = Map.of();
                }
                found.add(new Recorded(entry.at(), entry.actor(), entry.action(), details));
            }
        }
        return found;
    }
}
