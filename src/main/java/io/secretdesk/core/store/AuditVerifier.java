package io.secretdesk.core.store;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** SimpleTuner's chain check over every row, oldest first: each link and each hash ({@code audit.py}, verify_chain). */
final class AuditVerifier {

    /** The hash a row should have. */
    @FunctionalInterface
    interface Hasher {
        String hash(String timestamp, String eventType, Long actorId, String action, String details, String previous);
    }

    private AuditVerifier() {
    }

    static ChainVerification verify(Connection connection, Hasher hasher) throws SQLException {
        List<ChainVerification.BrokenLink> broken = new ArrayList<>();
        long checked = 0;
        long firstId = 0;
        long lastId = 0;
        String expectedPrevious = AuditLog.GENESIS;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, timestamp, event_type, actor_id, action, details, "
                        + "previous_hash, entry_hash FROM audit_log ORDER BY id")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                long actor = rows.getLong(4);
                Long actorId = rows.wasNull() ? null : actor;
                String previous = rows.getString(7);
                String stored = rows.getString(8);
                if (!expectedPrevious.equals(previous)) {
                    broken.add(new ChainVerification.BrokenLink(id, "previous_hash_mismatch"));
                }
                String computed = hasher.hash(rows.getString(2), rows.getString(3), actorId, rows.getString(5),
                        rows.getString(6), previous);
                if (stored == null || !MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                        stored.getBytes(StandardCharsets.US_ASCII))) {
                    broken.add(new ChainVerification.BrokenLink(id, "hash_mismatch"));
                }
                expectedPrevious = stored == null ? "" : stored;
                firstId = checked == 0 ? id : firstId;
                lastId = id;
                checked++;
            }
        }
        return new ChainVerification(checked, firstId, lastId, broken, "");
    }
}
