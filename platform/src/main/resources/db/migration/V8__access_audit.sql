-- The access audit log: one row per read decision (allowed or denied) of any port, and per change
-- of a product's policies. Append-only; the system data product governance/access-audit reads it
-- incrementally by id. groups, roles, rules and obligations are JSON arrays of strings.
CREATE TABLE access_audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    decided_at    TEXT    NOT NULL,
    user_name     TEXT    NOT NULL,
    groups        TEXT    NOT NULL,
    roles         TEXT    NOT NULL,
    anonymous     INTEGER NOT NULL,
    purpose       TEXT,
    port          TEXT    NOT NULL,
    mode          TEXT    NOT NULL,
    allowed       INTEGER NOT NULL,
    rules         TEXT    NOT NULL,
    obligations   TEXT    NOT NULL,
    fingerprint   TEXT,
    rows_returned INTEGER NOT NULL
);
