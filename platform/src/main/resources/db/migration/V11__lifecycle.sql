-- Deprecation and retirement of product versions (docs/lifecycle-deprecation.md). Times as in V1;
-- sunset is the instant from which a deprecated version may be retired.
-- product_versions.state (V1) says active, deprecated or retired; this table holds the details,
-- one row per version that ever left active. A retired version's row is its tombstone: it stays,
-- with the version's runs, deployments and checks, after its tables are dropped.
CREATE TABLE product_lifecycle (
    domain            TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    major             INTEGER NOT NULL,
    deprecated_at     TEXT,
    deprecated_by     TEXT,
    sunset            TEXT,
    successor         TEXT,
    deprecation_note  TEXT,
    retired_at        TEXT,
    retired_by        TEXT,
    retirement_note   TEXT,
    forced            INTEGER NOT NULL DEFAULT 0,
    tables_dropped_at TEXT,
    PRIMARY KEY (domain, name, major),
    FOREIGN KEY (domain, name, major) REFERENCES product_versions (domain, name, major)
);

-- What happened to a version's lifecycle, oldest first: deprecated, deprecation-changed, retired,
-- tables-dropped. by is the principal's user ('quanta' for the platform's own retention task).
CREATE TABLE lifecycle_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    domain  TEXT    NOT NULL,
    name    TEXT    NOT NULL,
    major   INTEGER NOT NULL,
    action  TEXT    NOT NULL
        CHECK (action IN ('deprecated', 'deprecation-changed', 'retired', 'tables-dropped')),
    at      TEXT    NOT NULL,
    by      TEXT    NOT NULL,
    details TEXT    NOT NULL
);
CREATE INDEX lifecycle_events_by_product ON lifecycle_events (domain, name, major, id);

-- Warnings of a run that do not fail it, e.g. an input reading a deprecated version. kind names
-- the warning (deprecated-input); input is the run's input it is about.
CREATE TABLE run_warnings (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id    TEXT    NOT NULL REFERENCES runs (id),
    kind      TEXT    NOT NULL,
    input     TEXT,
    message   TEXT    NOT NULL,
    warned_at TEXT    NOT NULL
);
CREATE INDEX run_warnings_by_run ON run_warnings (run_id);

-- Consumers of a port are counted from the access audit by port and time.
CREATE INDEX access_audit_by_port ON access_audit (port, decided_at);
