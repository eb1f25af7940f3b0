package io.secretdesk.core.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SimpleTuner's tamper-evident audit log ({@code <state>/audit.db}), written the way SimpleTuner writes it
 * ({@code services/cloud/audit.py}): each row's {@code entry_hash} is the hex HMAC-SHA256, keyed with the
 * {@link AuditKey}, of the UTF-8 text {@code timestamp|event_type|actor_id|action|details|previous_hash} (a missing
 * actor id is the text {@code None}; the first {@code previous_hash} is {@code genesis}). SimpleTuner's own
 * verification and audit page accept and show SecretDesk's entries; SecretDesk reads SimpleTuner's.
 *
 * <p>An append reads the last hash and inserts inside one {@code BEGIN IMMEDIATE} transaction of audit.db, so two
 * writers (SecretDesk and SimpleTuner's server) never fork the chain. Called inside a transaction of another
 * database, the entry is written just before that change commits, and a failure to write it rolls the change back:
 * the log may hold an entry for a change whose own COMMIT then failed (a full disk), never a change without its
 * entry. Details hold names and counts, never values.
 *
 * <p>SecretDesk's extra protection is its MACed high-water mark ({@link AuditMark}, a file of its own): SimpleTuner's
 * check cannot see the newest entries being deleted, the mark can.
 */
public final class AuditLog {

    static final String GENESIS = "genesis";
    /** SecretDesk's entries say so in their details, beside SimpleTuner's own. */
    public static final String TOOL = "secretdesk";
    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private final Supplier<Database> database;
    private final AuditKey keys;
    private final AuditMark mark;
    private final Clock clock;
    private final String actor;
    private volatile SecretKeySpec key;
    private final AtomicBoolean markScheduled = new AtomicBoolean();

    /**
     * @param database audit.db, opened on first use
     * @param mark     SecretDesk's high-water mark, or null for none (tests)
     * @param actor    who is making changes: the OS user, recorded as {@code actor_username}
     */
    public AuditLog(Supplier<Database> database, AuditKey keys, AuditMark mark, Clock clock, String actor) {
        this.database = Objects.requireNonNull(database, "database");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.mark = mark;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /** Where the key comes from, for people. */
    public String keySource() {
        return keys.describe();
    }

    /**
     * Opens audit.db and finds the key now, so that a change that could not be audited is refused before it is made.
     *
     * @throws io.secretdesk.core.crypto.KeyFileException when the key is missing or unusable
     * @throws StoreException when audit.db cannot be opened
     */
    public void ready() {
        key(database.get());
    }

    /** The audit database file. */
    public java.nio.file.Path file() {
        return database.get().file();
    }

    /**
     * Appends an entry for a change SecretDesk made and returns it. Called inside a transaction of another database
     * (the change it records), the entry is written just before that transaction commits, and null is returned.
     *
     * @param action  what happened, dotted lower case (e.g. {@code provider_config.update}); its SimpleTuner event
     *                type follows from it ({@link AuditEvents#eventType})
     * @param target  what it happened to, {@code type:id} (e.g. {@code provider:replicate})
     * @param details names, counts, key ids: never a secret or config value
     */
    public AuditEntry append(String action, String target, Map<String, ?> details) {
        requireText(action, "action");
        requireText(target, "target");
        Map<String, Object> sorted = new TreeMap<>(details);
        sorted.put("tool", TOOL);
        String detailsJson = PythonJson.dumps(sorted);
        String eventType = AuditEvents.eventType(action);
        int colon = target.indexOf(':');
        String targetType = colon < 0 ? target : target.substring(0, colon);
        String targetId = colon < 0 ? null : target.substring(colon + 1);
        Database db = database.get();
        SecretKeySpec mac = key(db);
        Optional<Database> enclosing = Database.openTransactionOnThisThread().filter(open -> open != db);
        if (enclosing.isPresent()) {
            // Written just before the enclosing change commits: a change that fails or rolls back leaves no entry,
            // and an entry that cannot be written rolls the change back.
            enclosing.get().beforeCommit(() -> insert(db, mac, action, eventType, targetType, targetId, detailsJson));
            return null;
        }
        return insert(db, mac, action, eventType, targetType, targetId, detailsJson);
    }

    private AuditEntry insert(Database db, SecretKeySpec mac, String action, String eventType, String targetType,
                              String targetId, String detailsJson) {
        return db.inTransaction(() -> db.withConnection("appending to the audit log", connection -> {
            String previousHash = lastHash(connection);
            String timestamp = Timestamps.format(clock.instant());
            String hash = entryHash(mac, timestamp, eventType, null, action, detailsJson, previousHash);
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_log (timestamp, event_type, "
                    + "actor_id, actor_username, actor_ip, target_type, target_id, action, details, previous_hash, entry_hash) "
                    + "VALUES (?, ?, NULL, ?, NULL, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, timestamp);
                insert.setString(2, eventType);
                insert.setString(3, actor);
                insert.setString(4, targetType);
                insert.setString(5, targetId);
                insert.setString(6, action);
                insert.setString(7, detailsJson);
                insert.setString(8, previousHash);
                insert.setString(9, hash);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    id = keys.next() ? keys.getLong(1) : -1;
                }
            }
            if (mark != null && markScheduled.compareAndSet(false, true)) {
                // After the commit, never before: the mark may lag behind the log but is never ahead of it.
                db.atEndOfTransaction(() -> {
                    markScheduled.set(false);
                    recordMark(false);
                });
            }
            return new AuditEntry(id, timestamp, eventType, null, actor, targetType, targetId, action, detailsJson, hash);
        }));
    }

    /** The newest {@code limit} entries, oldest first. */
    public List<AuditEntry> recent(int limit) {
        return query(AuditQuery.newest(limit));
    }

    /** The entries {@code query} selects, oldest first. */
    public List<AuditEntry> query(AuditQuery query) {
        return database.get().withConnection("reading the audit log", connection -> {
            List<Object> parameters = new ArrayList<>();
            String where = query.where(parameters);
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM (SELECT " + AuditEntry.COLUMNS
                    + " FROM audit_log" + where + " ORDER BY id DESC LIMIT ?) ORDER BY id")) {
                int index = 1;
                for (Object parameter : parameters) {
                    statement.setObject(index++, parameter);
                }
                statement.setInt(index, query.limit());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        entries.add(AuditEntry.from(rows));
                    }
                }
            }
            return entries;
        });
    }

    /** Counts per event type, and the whole log's size and time span. */
    public AuditStats stats() {
        return database.get().withConnection("reading the audit log", connection -> {
            Map<String, Long> byType = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT event_type, COUNT(*) FROM audit_log GROUP BY event_type ORDER BY COUNT(*) DESC, event_type")) {
                while (rows.next()) {
                    byType.put(rows.getString(1), rows.getLong(2));
                }
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*), MIN(timestamp), MAX(timestamp) FROM audit_log")) {
                rows.next();
                return new AuditStats(rows.getLong(1), byType, Optional.ofNullable(rows.getString(2)),
                        Optional.ofNullable(rows.getString(3)));
            }
        });
    }

    /**
     * Checks the chain as SimpleTuner does (every link and every hash, reporting each broken entry), then SecretDesk's
     * mark: a log that ends before the mark, or whose entry at the mark changed, lost entries. Never repairs anything.
     */
    public ChainVerification verifyChain() {
        Database db = database.get();
        SecretKeySpec mac = key(db);
        // Read before the log: the mark is taken from a committed log, so the log read after it is never behind it.
        Optional<AuditMark.Mark> recorded = mark == null ? Optional.empty() : mark.read();
        Optional<String> damage = mark == null ? Optional.empty() : mark.damage();
        ChainVerification chain = db.withConnection("verifying the audit log", connection -> AuditVerifier.verify(
                connection, (timestamp, eventType, actorId, action, details, previous) ->
                        entryHash(mac, timestamp, eventType, actorId, action, details, previous)));
        if (!chain.intact() || mark == null) {
            return chain;
        }
        if (damage.isPresent()) {
            // Written atomically, the mark is never left damaged by a crash: someone blanked or edited it, which needs
            // no key and would otherwise hide a deleted log.
            return chain.withMarkProblem("the high-water mark is damaged: " + damage.get() + "; deleted newest entries "
                    + "cannot be ruled out (a crash does not do this: the file is replaced atomically). After checking "
                    + "audit.db, run 'secretdesk audit --accept-current' to record a new mark");
        }
        if (recorded.isPresent()) {
            Optional<String> problem = checkMark(db, mac, recorded.get(), chain.lastId());
            if (problem.isPresent()) {
                return chain.withMarkProblem(problem.get());
            }
        }
        recordMark(false); // an intact log becomes the mark (or moves a lagging one on)
        return chain;
    }

    /**
     * Makes the log as it is now the new high-water mark, after audit.db was deliberately restored from an older copy
     * or replaced: appends an {@code audit.mark.reset} entry, then records the mark even though it goes backwards.
     */
    public AuditEntry acceptCurrentLog() {
        if (mark == null) {
            throw new IllegalStateException("this audit log keeps no high-water mark");
        }
        Database db = database.get();
        SecretKeySpec mac = key(db);
        Optional<AuditMark.Mark> previous = mark.read().filter(found -> markMatches(mac, found));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previous_mark_id", previous.map(AuditMark.Mark::seq).orElse(null));
        details.put("mark_file", mark.file().toString());
        AuditEntry entry = append("audit.mark.reset", "audit_log:" + db.file().getFileName(), details);
        recordMark(true);
        return entry;
    }

    private Optional<String> checkMark(Database db, SecretKeySpec mac, AuditMark.Mark recorded, long lastId) {
        if (!markMatches(mac, recorded)) {
            return Optional.of("the high-water mark in " + mark.file() + " was altered (its MAC does not match the audit key)");
        }
        String resetHint = ". If audit.db was restored from an older copy or replaced on purpose, run "
                + "'secretdesk audit --accept-current'";
        if (recorded.seq() > lastId) {
            return Optional.of("entries up to " + recorded.seq() + " were deleted: the log "
                    + (lastId == 0 ? "is empty" : "ends at entry " + lastId) + ", but " + mark.file() + " records entry "
                    + recorded.seq() + resetHint);
        }
        String hashThere = db.withConnection("verifying the audit log", connection -> hashAt(connection, recorded.seq()));
        if (!recorded.hash().equals(hashThere)) {
            return Optional.of("entry " + recorded.seq() + " is not the one " + mark.file() + " records: the log was "
                    + "replaced" + resetHint);
        }
        return Optional.empty();
    }

    /**
     * Records the newest entry as the mark. Unless {@code force}d, a mark the log no longer matches is left as it is:
     * it is the evidence {@link #verifyChain()} reports. Never throws.
     */
    private void recordMark(boolean force) {
        try {
            Database db = database.get();
            SecretKeySpec mac = key(db);
            Optional<AuditMark.Mark> current = force ? Optional.empty() : mark.read();
            db.withConnection("reading the audit log's newest entry", connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet last = statement.executeQuery("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1")) {
                    if (!last.next()) {
                        return null;
                    }
                    long id = last.getLong(1);
                    String hash = last.getString(2);
                    if (current.isPresent() && !(current.get().seq() <= id && markMatches(mac, current.get())
                            && current.get().hash().equals(hashAt(connection, current.get().seq())))) {
                        return null;
                    }
                    mark.write(new AuditMark.Mark(id, hash, markMac(mac, id, hash)), force);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not record the audit log''s high-water mark: {0}", e.getMessage());
        }
    }

    private static String lastHash(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet last = statement.executeQuery("SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1")) {
            return last.next() ? last.getString(1) : GENESIS;
        }
    }

    private static String hashAt(Connection connection, long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT entry_hash FROM audit_log WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private boolean markMatches(SecretKeySpec key, AuditMark.Mark recorded) {
        return MessageDigest.isEqual(markMac(key, recorded.seq(), recorded.hash()).getBytes(StandardCharsets.US_ASCII),
                recorded.mac().getBytes(StandardCharsets.US_ASCII));
    }

    private String markMac(SecretKeySpec key, long id, String hash) {
        return hmac(key, Json.write(List.of("audit-mark-v2", mark.database(), id, hash)));
    }

    private SecretKeySpec key(Database db) {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                current = key;
                if (current == null) {
                    byte[] bytes = keys.bytes(() -> hasEntries(db));
                    current = new SecretKeySpec(bytes, "HmacSHA256");
                    key = current;
                }
            }
        }
        return current;
    }

    private static boolean hasEntries(Database db) {
        return db.withConnection("reading the audit log", connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM audit_log)")) {
                return rows.next() && rows.getBoolean(1);
            }
        });
    }

    /** SimpleTuner's formula: {@code timestamp|event_type|actor_id|action|details|previous_hash}, None for no actor. */
    static String entryHash(SecretKeySpec key, String timestamp, String eventType, Long actorId, String action,
                            String details, String previousHash) {
        String text = timestamp + "|" + eventType + "|" + (actorId == null ? "None" : actorId.toString()) + "|" + action
                + "|" + details + "|" + previousHash;
        return hmac(key, text);
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
}
