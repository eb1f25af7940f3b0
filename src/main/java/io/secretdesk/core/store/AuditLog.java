package io.secretdesk.core.store;

import io.secretdesk.core.crypto.KeyFileException;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tamper-evident audit log: who changed what, when, with details that never hold values.
 *
 * <p>Entries are hash-chained: each entry's HMAC-SHA256 covers its own fields and the previous entry's
 * hash, and a MACed head records the newest entry. Editing a row, deleting a row (first, middle or last) or
 * forging one without the audit key is found by {@link #verifyChain()}. The key is kept like the
 * credential key ({@code SIMPLETUNER_AUDIT_KEY} or an owner-only {@code audit.key}) and is looked up on the
 * first append or verification; a new one is never generated for a log that already has entries. An append called inside {@link Database#inTransaction} commits or rolls
 * back with the change it records.
 */
public final class AuditLog {

    static final String GENESIS = "0".repeat(64);
    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private final Database database;
    private final Supplier<MasterSecret> keySource;
    private final Clock clock;
    private final String actor;
    private volatile SecretKeySpec key;
    private volatile KeyOrigin keyOrigin;
    private volatile boolean persistentKeyRequired;
    /** The high-water mark next to the key file; null when the key does not come from a key source. */
    private final AuditMark mark;
    private final AtomicBoolean markScheduled = new AtomicBoolean();

    /**
     * An audit log without a high-water mark file (tests, embedded use).
     *
     * @param keySource called once, on first use, for the HMAC key
     * @param actor     who is making changes, normally the OS user ({@code user.name})
     */
    public AuditLog(Database database, Supplier<MasterSecret> keySource, Clock clock, String actor) {
        this(database, keySource, clock, actor, null);
    }

    private AuditLog(Database database, Supplier<MasterSecret> keySource, Clock clock, String actor, AuditMark mark) {
        this.database = Objects.requireNonNull(database, "database");
        this.keySource = Objects.requireNonNull(keySource, "keySource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.mark = mark;
    }

    /**
     * An audit log keyed from {@code keys} ({@code SIMPLETUNER_AUDIT_KEY} or {@code audit.key}). A new key is
     * generated only while the log is empty: a log with entries and no key is an error naming the key file,
     * because entries written with a new key would break the chain for good. Its high-water mark is kept in
     * {@code audit.mark} next to the key file, so deleting the whole log is found too.
     */
    public AuditLog(Database database, MasterSecretSource keys, Clock clock, String actor) {
        this(database, keyOrGeneratedWhileEmpty(database, Objects.requireNonNull(keys, "keys")), clock, actor,
                new AuditMark(keys.keyFile().resolveSibling(AuditMark.FILE_NAME), database.file()));
    }

    /**
     * Makes every later {@link #append} refuse (nothing written) while the audit key is temporary, i.e. could
     * not be saved: entries MACed with it would not verify after a restart. The CLI asks for this.
     */
    public void requirePersistentKey() {
        persistentKeyRequired = true;
    }

    /** Where the audit key came from, once something has looked it up. */
    public Optional<KeyOrigin> keyOrigin() {
        return Optional.ofNullable(keyOrigin);
    }

    /**
     * Appends an entry and returns it.
     *
     * @param action  what happened, dotted lower case (e.g. {@code credential.set})
     * @param target  what it happened to (e.g. {@code credential:replicate/api_token})
     * @param details names, counts, key ids: never a secret or config value
     */
    public AuditEntry append(String action, String target, Map<String, ?> details) {
        requireText(action, "action");
        requireText(target, "target");
        String detailsJson = Json.writeSorted(Json.frozen(details));
        SecretKeySpec mac = key();
        if (persistentKeyRequired && !keyOrigin.persistent()) {
            throw new KeyFileException("No usable audit key: " + keyOrigin.describe()
                    + ". Entries written with it would not verify after a restart; nothing was written.");
        }
        return database.inTransaction(() -> database.withConnection("appending to the audit log", connection -> {
            long previousSeq = 0;
            String previousHash = GENESIS;
            try (Statement statement = connection.createStatement();
                    ResultSet last = statement.executeQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                if (last.next()) {
                    previousSeq = last.getLong(1);
                    previousHash = last.getString(2);
                }
            }
            long seq = previousSeq + 1;
            String at = Timestamps.format(clock.instant());
            String hash = entryHash(mac, seq, at, actor, action, target, detailsJson, previousHash);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, seq);
                insert.setString(2, at);
                insert.setString(3, actor);
                insert.setString(4, action);
                insert.setString(5, target);
                insert.setString(6, detailsJson);
                insert.setString(7, previousHash);
                insert.setString(8, hash);
                insert.executeUpdate();
            }
            try (PreparedStatement head = connection.prepareStatement(
                    "INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac")) {
                head.setLong(1, seq);
                head.setString(2, hash);
                head.setString(3, headMac(mac, seq, hash));
                head.executeUpdate();
            }
            if (mark != null && markScheduled.compareAndSet(false, true)) {
                // After the commit, never before: the mark may lag behind the log but must never be ahead of it.
                database.atEndOfTransaction(() -> {
                    markScheduled.set(false);
                    recordMark(false);
                });
            }
            return new AuditEntry(seq, Timestamps.parse(at), actor, action, target, detailsJson, hash);
        }));
    }

    /** The newest {@code limit} entries, oldest first. */
    public List<AuditEntry> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return database.withConnection("reading the audit log", connection -> {
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, at, actor, action, target, details, hash FROM "
                            + "(SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) ORDER BY seq")) {
                query.setInt(1, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new AuditEntry(rows.getLong(1), Timestamps.parse(rows.getString(2)), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)));
                    }
                }
            }
            return entries;
        });
    }

    /**
     * Checks every entry against its MAC and its predecessor, and the head against the newest entry;
     * reports the first broken entry. Reads the whole log once.
     */
    public ChainVerification verifyChain() {
        SecretKeySpec mac = key();
        // Read before the log: the mark is taken from a committed log, so the log read after it is never behind it.
        Optional<AuditMark.Mark> recorded = mark == null ? Optional.empty() : mark.read();
        ChainVerification chain = verifyRows(mac);
        if (!chain.intact() || mark == null) {
            return chain;
        }
        if (recorded.isPresent()) {
            ChainVerification checked = checkMark(mac, recorded.get(), chain.entriesVerified());
            if (!checked.intact()) {
                return checked;
            }
        }
        recordMark(false); // an intact log becomes the mark (or moves a lagging one on)
        return chain;
    }

    /**
     * Makes the log as it is now the new high-water mark, after a database was deliberately restored from an
     * older copy or replaced (which {@link #verifyChain()} reports as deleted entries): appends an
     * {@code audit.mark.reset} entry, then records the mark even though it goes backwards. The chain itself
     * is still checked as before.
     *
     * @return the reset entry
     */
    public AuditEntry acceptCurrentLog() {
        if (mark == null) {
            throw new IllegalStateException("this audit log keeps no high-water mark");
        }
        SecretKeySpec mac = key();
        Optional<AuditMark.Mark> previous = mark.read().filter(found -> macMatches(mac, found));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previous_mark_seq", previous.map(AuditMark.Mark::seq).orElse(null));
        details.put("mark_file", mark.file().toString());
        AuditEntry entry = append("audit.mark.reset", "audit_log", details);
        recordMark(true);
        return entry;
    }

    private ChainVerification checkMark(SecretKeySpec mac, AuditMark.Mark recorded, long lastSeq) {
        if (!macMatches(mac, recorded)) {
            return ChainVerification.broken(lastSeq, lastSeq, "the high-water mark in " + mark.file() + " was altered (its "
                    + "MAC does not match the audit key)");
        }
        String resetHint = ". If this database was restored from an older copy or replaced on purpose, run "
                + "'secretdesk audit --accept-current'";
        if (recorded.seq() > lastSeq) {
            return ChainVerification.broken(lastSeq, lastSeq + 1, (lastSeq + 1 == recorded.seq() ? "entry " + recorded.seq()
                    + " was" : "entries " + (lastSeq + 1) + " to " + recorded.seq() + " were") + " deleted: the log "
                    + (lastSeq == 0 ? "is empty" : "ends at entry " + lastSeq) + ", but " + mark.file() + " records entry "
                    + recorded.seq() + resetHint);
        }
        String hashThere = database.withConnection("verifying the audit log", connection -> hashAt(connection, recorded.seq()));
        if (!recorded.hash().equals(hashThere)) {
            return ChainVerification.broken(recorded.seq() - 1, recorded.seq(), "entry " + recorded.seq() + " is not the one "
                    + mark.file() + " records: the log was replaced" + resetHint);
        }
        return ChainVerification.intact(lastSeq);
    }

    /**
     * Records the committed head as the mark. Unless {@code force}d, a mark the log no longer matches (ahead
     * of it, pointing at another entry, or not MACed with the key) is left as it is: it is the evidence
     * {@link #verifyChain()} reports, and later appends must not paper over it. Never throws.
     */
    private void recordMark(boolean force) {
        try {
            SecretKeySpec mac = key();
            Optional<AuditMark.Mark> current = force ? Optional.empty() : mark.read();
            database.withConnection("reading the audit log's head", connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet head = statement.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
                    if (!head.next()) {
                        return null;
                    }
                    long seq = head.getLong(1);
                    String hash = head.getString(2);
                    if (current.isPresent() && !stillMatches(connection, mac, current.get(), seq)) {
                        return null;
                    }
                    mark.write(new AuditMark.Mark(seq, hash, markMac(mac, seq, hash)), force);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not record the audit log''s high-water mark: {0}", e.getMessage());
        }
    }

    private boolean stillMatches(Connection connection, SecretKeySpec mac, AuditMark.Mark recorded, long headSeq)
            throws SQLException {
        return recorded.seq() <= headSeq && macMatches(mac, recorded) && recorded.hash().equals(hashAt(connection, recorded.seq()));
    }

    /** The hash of entry {@code seq}, or null when there is no such entry. */
    private static String hashAt(Connection connection, long seq) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
            query.setLong(1, seq);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** Whether {@code recorded} carries the MAC the audit key gives it (compared in constant time). */
    private boolean macMatches(SecretKeySpec key, AuditMark.Mark recorded) {
        return MessageDigest.isEqual(markMac(key, recorded.seq(), recorded.hash()).getBytes(StandardCharsets.US_ASCII),
                recorded.mac().getBytes(StandardCharsets.US_ASCII));
    }

    private String markMac(SecretKeySpec key, long seq, String hash) {
        return hmac(key, Json.write(List.of("audit-mark-v1", mark.database(), seq, hash)));
    }

    private ChainVerification verifyRows(SecretKeySpec mac) {
        return database.withConnection("verifying the audit log", connection -> {
            long expectedSeq = 1;
            String previousHash = GENESIS;
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT seq, at, actor, action, target, details, prev_hash, hash FROM audit_log ORDER BY seq")) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    if (seq != expectedSeq) {
                        return ChainVerification.broken(expectedSeq - 1, expectedSeq, expectedSeq == seq - 1
                                ? "entry " + expectedSeq + " was deleted (the log jumps from " + (expectedSeq - 1) + " to " + seq + ")"
                                : "entries " + expectedSeq + " to " + (seq - 1) + " were deleted (the log jumps from "
                                        + (expectedSeq - 1) + " to " + seq + ")");
                    }
                    String stored = rows.getString(8);
                    String computed = entryHash(mac, seq, rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7));
                    if (!MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII))) {
                        return ChainVerification.broken(seq - 1, seq, seq == 1
                                ? "entry 1 does not match its MAC: it was edited, or the log was written with another audit key ("
                                        + "SIMPLETUNER_AUDIT_KEY or audit.key)"
                                : "entry " + seq + " was edited (its fields do not match its MAC)");
                    }
                    if (!rows.getString(7).equals(previousHash)) {
                        return ChainVerification.broken(seq - 1, seq, "entry " + seq + " does not follow entry " + (seq - 1)
                                + " (an entry was replaced)");
                    }
                    previousHash = stored;
                    expectedSeq = seq + 1;
                }
            }
            long lastSeq = expectedSeq - 1;
            try (Statement statement = connection.createStatement();
                    ResultSet head = statement.executeQuery("SELECT seq, hash, mac FROM audit_head WHERE id = 1")) {
                if (!head.next()) {
                    return lastSeq == 0 ? ChainVerification.intact(0)
                            : ChainVerification.broken(lastSeq, lastSeq, "the log's head record was deleted");
                }
                long headSeq = head.getLong(1);
                String headHash = head.getString(2);
                if (!headMac(mac, headSeq, headHash).equals(head.getString(3))) {
                    return ChainVerification.broken(lastSeq, lastSeq, "the log's head record was edited");
                }
                if (headSeq != lastSeq || !headHash.equals(previousHash)) {
                    return headSeq > lastSeq
                            ? ChainVerification.broken(lastSeq, lastSeq + 1, "the newest entries were deleted (the log ends at "
                                    + lastSeq + " but its head records entry " + headSeq + ")")
                            : ChainVerification.broken(lastSeq, headSeq + 1, "entries after " + headSeq
                                    + " were added without the audit key");
                }
            }
            return ChainVerification.intact(lastSeq);
        });
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                current = key;
                if (current == null) {
                    MasterSecret secret = Objects.requireNonNull(keySource.get(), "audit key");
                    keyOrigin = secret.origin();
                    if (!secret.origin().persistent()) {
                        LOG.log(System.Logger.Level.WARNING, "The audit key is temporary ({0}): entries written now will "
                                + "not verify after a restart", secret.origin().describe());
                    }
                    current = new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
                    key = current;
                }
            }
        }
        return current;
    }

    private static Supplier<MasterSecret> keyOrGeneratedWhileEmpty(Database database, MasterSecretSource keys) {
        return () -> keys.existing().orElseGet(() -> {
            boolean hasEntries = database.withConnection("reading the audit log", connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery(
                                "SELECT EXISTS (SELECT 1 FROM audit_log) OR EXISTS (SELECT 1 FROM audit_head)")) {
                    return rows.next() && rows.getBoolean(1);
                }
            });
            if (hasEntries) {
                throw new KeyFileException("The audit log of " + database.file() + " has entries, but its key is missing: "
                        + keys.variable() + " is not set and " + keys.keyFile() + " does not exist. Restore " + keys.keyFile()
                        + " from a backup, or set " + keys.variable() + " to the key the log was written with. No new "
                        + "key was generated (it would break the chain for good); nothing was written.");
            }
            return keys.resolve();
        });
    }

    private static String entryHash(SecretKeySpec key, long seq, String at, String actor, String action, String target,
                                    String details, String previousHash) {
        // A JSON array is an unambiguous encoding of the fields: no separator can be smuggled into one.
        String canonical = Json.write(List.of("audit-v1", seq, at, actor, action, target, details, previousHash));
        return hmac(key, canonical);
    }

    private static String headMac(SecretKeySpec key, long seq, String hash) {
        return hmac(key, Json.write(List.of("audit-head-v1", seq, hash)));
    }

    private static String hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs a " + what);
        }
    }

    /**
     * One audit entry.
     *
     * @param details the details as a JSON object (names, counts, key ids; never values)
     * @param hash    this entry's chain hash (hex)
     */
    public record AuditEntry(long seq, Instant at, String actor, String action, String target, String details,
                             String hash) {
    }

    /**
     * The result of {@link #verifyChain()}.
     *
     * @param intact          whether every entry and the head check out
     * @param entriesVerified how many entries checked out before the first problem (all of them when intact)
     * @param firstBroken     the sequence number of the first entry that does not check out (empty when intact)
     * @param problem         what is wrong, one line for people (empty when intact)
     */
    public record ChainVerification(boolean intact, long entriesVerified, OptionalLong firstBroken, String problem) {

        static ChainVerification intact(long entries) {
            return new ChainVerification(true, entries, OptionalLong.empty(), "");
        }

        static ChainVerification broken(long verified, long firstBroken, String problem) {
            return new ChainVerification(false, verified, OptionalLong.of(firstBroken), problem);
        }
    }
}
