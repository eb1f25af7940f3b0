package io.secretdesk.ui.providers;

import io.secretdesk.core.store.AuditEntry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One row of the Audit tab's table, as the table shows it: the controller binds these, never core's {@link AuditEntry}.
 *
 * @param seq     the entry's number in the chain
 * @param time    when, in this machine's zone ("2026-12-05 20:59:32"); empty when the stored time cannot be read
 * @param actor   who
 * @param action  what was done, e.g. {@code provider_config.update}
 * @param target  {@code type:id}, e.g. {@code provider:replicate}
 * @param details the details as stored: a JSON object of names and counts, never values
 */
public record AuditRow(long seq, String time, String actor, String action, String target, String details) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    static AuditRow of(AuditEntry entry) {
        Instant at = entry.at();
        return new AuditRow(entry.seq(), at == null ? "" : TIME.format(at), entry.actor(), entry.action(), entry.target(),
                entry.details());
    }

    /** The details for people: "added: region; changed: webhook_url", empty lists left out. */
    public String readableDetails() {
        return AuditTrail.readable(details);
    }
}
