package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.secretdesk.core.secrets.edit.EditAudit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The audit log seen as the record of secret edits: appends to it, and reads back the entries about one target. */
public final class AuditTrail implements EditAudit {

    private final AuditLog log;

    public AuditTrail(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void ready() {
        log.ready();
    }

    @Override
    public void record(String action, String target, Map<String, ?> details) {
        log.append(action, target, details);
    }

    @Override
    public List<Recorded> about(String target, int limit) {
        // SimpleTuner's audit.db is indexed by (target_type, target_id): the newest entries about this one target.
        List<AuditEntry> recent = log.query(new AuditQuery(null, null, target, null, Math.max(1, limit)));
        List<Recorded> found = new ArrayList<>();
        for (int i = recent.size() - 1; i >= 0 && found.size() < limit; i--) {
            AuditEntry entry = recent.get(i);
            if (entry.target().equals(target)) {
                Map<String, Object> details;
                try {
                    details = PythonJson.parseObject(entry.details());
                } catch (JsonProcessingException e) {
                    details = Map.of();
                }
                found.add(new Recorded(entry.at(), entry.actor(), entry.action(), details));
            }
        }
        return found;
    }
}
