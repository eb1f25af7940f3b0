"""A SimpleTuner state folder, laid out and written as SimpleTuner's server does (bghira/SimpleTuner@bc8e6ab).

Written from SimpleTuner's published schema and formats, not its code:
  <state>/cloud/jobs.db   schema_version (5), provider_config, users, provider_credentials
                          (storage/provider_config_store.py, auth/stores/*.py)
  <state>/audit.db        audit_log + its four indexes (services/cloud/audit.py)
  <state>/audit.key       32 raw random bytes, 0600
Every connection: WAL, busy_timeout 30000; writes in BEGIN IMMEDIATE; configs as json.dumps(config) with
updated_at = datetime.now(timezone.utc).isoformat(); audit entry_hash = HMAC-SHA256(key,
"timestamp|event_type|actor_id|action|details|previous_hash"), first previous_hash "genesis".

Usage: python3 simpletuner_state.py COMMAND STATE [ARGS...]   (values arrive on stdin, never argv)
"""
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time
from datetime import datetime, timezone


def connect(path):
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def jobs(state):
    return connect(os.path.join(state, "cloud", "jobs.db"))


def audit(state):
    return connect(os.path.join(state, "audit.db"))


def now():
    return datetime.now(timezone.utc).isoformat()


def audit_key(state):
    env = os.environ.get("SIMPLETUNER_AUDIT_KEY")
    if env:
        return env.encode("utf-8")
    with open(os.path.join(state, "audit.key"), "rb") as f:
        return f.read()


def create(state, schema_version="5", users="2"):
    os.makedirs(os.path.join(state, "cloud"), exist_ok=True)
    conn = jobs(state)
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
    conn.execute("INSERT OR REPLACE INTO schema_version (version) VALUES (?)", (int(schema_version),))
    conn.execute("""CREATE TABLE IF NOT EXISTS provider_config (
                    provider TEXT PRIMARY KEY,
                    config TEXT NOT NULL DEFAULT '{}',
                    updated_at TEXT NOT NULL
                )""")
    conn.execute("""CREATE TABLE IF NOT EXISTS users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                email TEXT UNIQUE NOT NULL,
                username TEXT UNIQUE NOT NULL,
                display_name TEXT,
                avatar_url TEXT,
                auth_provider TEXT NOT NULL DEFAULT 'local',
                password_hash TEXT,
                external_id TEXT,
                is_active INTEGER NOT NULL DEFAULT 1,
                is_admin INTEGER NOT NULL DEFAULT 0,
                email_verified INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                last_login_at TEXT,
                org_id INTEGER,
                metadata TEXT DEFAULT '{}'
            )""")
    conn.execute("""CREATE TABLE IF NOT EXISTS provider_credentials (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER NOT NULL,
                provider TEXT NOT NULL,
                credential_name TEXT NOT NULL,
                credential_value TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT,
                last_used_at TEXT,
                is_active INTEGER NOT NULL DEFAULT 1,
                FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
                UNIQUE(user_id, provider, credential_name)
            )""")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_provider_creds_user ON provider_credentials(user_id)")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_provider_creds_provider ON provider_credentials(provider)")
    for i in range(1, int(users) + 1):
        name = "admin" if i == 1 else "user%d" % i
        conn.execute("INSERT OR IGNORE INTO users (email, username, is_admin, created_at) VALUES (?, ?, ?, ?)",
                     (name + "@example.test", name, 1 if i == 1 else 0, now()))
    conn.close()
    conn = audit(state)
    conn.execute("""CREATE TABLE IF NOT EXISTS audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    timestamp TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    actor_id INTEGER,
                    actor_username TEXT,
                    actor_ip TEXT,
                    target_type TEXT,
                    target_id TEXT,
                    action TEXT NOT NULL,
                    details TEXT NOT NULL DEFAULT '{}',
                    previous_hash TEXT NOT NULL,
                    entry_hash TEXT NOT NULL
                )""")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_audit_timestamp ON audit_log(timestamp)")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_audit_event_type ON audit_log(event_type)")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_audit_actor ON audit_log(actor_id)")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_audit_target ON audit_log(target_type, target_id)")
    conn.close()
    key_path = os.path.join(state, "audit.key")
    if not os.path.exists(key_path) and not os.environ.get("SIMPLETUNER_AUDIT_KEY"):
        with open(key_path, "wb") as f:
            f.write(os.urandom(32))
        os.chmod(key_path, 0o600)


def log(state, event_type, action, target_type="", target_id=""):
    """An entry as SimpleTuner's AuditStore.log writes it: details from stdin (a JSON object)."""
    details = json.loads(sys.stdin.read() or "{}")
    key = audit_key(state)
    conn = audit(state)
    timestamp = now()
    details_json = json.dumps(details or {})
    cur = conn.cursor()
    row = cur.execute("SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    previous_hash = row[0] if row else "genesis"
    actor_id = 1
    data = f"{timestamp}|{event_type}|{actor_id}|{action}|{details_json}|{previous_hash}"
    entry_hash = hmac.new(key, data.encode(), hashlib.sha256).hexdigest()
    cur.execute("BEGIN IMMEDIATE")
    cur.execute("""INSERT INTO audit_log (timestamp, event_type, actor_id, actor_username, actor_ip, target_type,
                   target_id, action, details, previous_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (timestamp, event_type, actor_id, "admin", "127.0.0.1", target_type or None, target_id or None, action,
                 details_json, previous_hash, entry_hash))
    cur.execute("COMMIT")
    conn.close()


def verify(state):
    """SimpleTuner's verify_chain over the whole log, printed as its JSON."""
    key = audit_key(state)
    conn = audit(state)
    conn.row_factory = sqlite3.Row
    entries = conn.execute("SELECT * FROM audit_log ORDER BY id ASC").fetchall()
    broken = []
    expected_previous = "genesis"
    for row in entries:
        if row["previous_hash"] != expected_previous:
            broken.append({"id": row["id"], "error": "previous_hash_mismatch"})
        data = f"{row['timestamp']}|{row['event_type']}|{row['actor_id']}|{row['action']}|{row['details']}|{row['previous_hash']}"
        if hmac.new(key, data.encode(), hashlib.sha256).hexdigest() != row["entry_hash"]:
            broken.append({"id": row["id"], "error": "hash_mismatch"})
        expected_previous = row["entry_hash"]
    print(json.dumps({"valid": not broken, "entries_checked": len(entries), "broken_links": broken}))


def save_config(state, provider):
    """ProviderConfigStore.save: the config (a JSON object) from stdin."""
    config = json.loads(sys.stdin.read())
    conn = jobs(state)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO provider_config (provider, config, updated_at) VALUES (?, ?, ?)",
                 (provider, json.dumps(config), now()))
    conn.execute("COMMIT")
    conn.close()


def config_text(state, provider):
    """The stored text of a provider's config, exactly, and whether json.dumps(json.loads(text)) gives it back."""
    conn = jobs(state)
    row = conn.execute("SELECT config, updated_at FROM provider_config WHERE provider = ?", (provider,)).fetchone()
    conn.close()
    if row is None:
        print(json.dumps({"found": False}))
        return
    text, updated_at = row
    try:
        roundtrip = json.dumps(json.loads(text)) == text
    except ValueError:
        roundtrip = False
    print(json.dumps({"found": True, "text": text, "roundtrip": roundtrip,
                      "updated_at": updated_at,
                      "updated_at_parses": datetime.fromisoformat(updated_at).tzinfo is not None}))


def writer_loop(state, provider, count):
    """A server that updates one provider's config count times: read, merge key k<i>, write, in BEGIN IMMEDIATE."""
    for i in range(int(count)):
        conn = jobs(state)
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT config FROM provider_config WHERE provider = ?", (provider,)).fetchone()
        config = json.loads(row[0]) if row else {}
        config["k%d" % i] = i
        conn.execute("INSERT OR REPLACE INTO provider_config (provider, config, updated_at) VALUES (?, ?, ?)",
                     (provider, json.dumps(config), now()))
        conn.execute("COMMIT")
        conn.close()
        time.sleep(0.005)
    print("done")


def hold_lock(state, seconds):
    """A long server write transaction on jobs.db: says 'locked' once it holds the lock, then holds it."""
    conn = jobs(state)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE schema_version SET version = version")
    print("locked", flush=True)
    time.sleep(float(seconds))
    conn.execute("COMMIT")
    conn.close()
    print("released", flush=True)


def tables(state):
    """Every table and index in jobs.db and audit.db, to prove nothing was added."""
    out = {}
    for name, conn in (("jobs.db", jobs(state)), ("audit.db", audit(state))):
        out[name] = sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"))
        conn.close()
    print(json.dumps(out))


def credentials(state):
    """provider_credentials as rows, values included (the test compares them to what it set)."""
    conn = jobs(state)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM provider_credentials ORDER BY id")]
    conn.close()
    print(json.dumps(rows))


def entries(state):
    conn = audit(state)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY id")]
    conn.close()
    print(json.dumps(rows))


COMMANDS = {"create": create, "log": log, "verify": verify, "save-config": save_config, "config-text": config_text,
            "writer-loop": writer_loop, "hold-lock": hold_lock, "tables": tables, "credentials": credentials,
            "entries": entries}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
