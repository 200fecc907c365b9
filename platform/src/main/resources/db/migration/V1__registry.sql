-- The platform's registry: deployed product versions, their deployments, runs and the snapshot
-- each run committed per port. Times are UTC ISO-8601 text with microseconds
-- (2026-11-21T10:15:00.000000Z), so that text order is time order.

CREATE TABLE product_versions (
    domain            TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    major             INTEGER NOT NULL,
    version           TEXT    NOT NULL,
    owner             TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    kind              TEXT,
    state             TEXT    NOT NULL DEFAULT 'active',
    spec_file         TEXT    NOT NULL,
    spec_base_dir     TEXT    NOT NULL,
    spec_text         TEXT    NOT NULL,
    spec_digest       TEXT    NOT NULL,
    first_deployed_at TEXT    NOT NULL,
    deployed_at       TEXT    NOT NULL,
    PRIMARY KEY (domain, name, major)
);

CREATE TABLE deployments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    domain      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    major       INTEGER NOT NULL,
    version     TEXT    NOT NULL,
    spec_digest TEXT    NOT NULL,
    spec_text   TEXT    NOT NULL,
    deployed_at TEXT    NOT NULL,
    FOREIGN KEY (domain, name, major) REFERENCES product_versions (domain, name, major)
);

CREATE TABLE ports (
    domain           TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    major            INTEGER NOT NULL,
    port             TEXT    NOT NULL,
    table_identifier TEXT    NOT NULL,
    table_location   TEXT    NOT NULL,
    PRIMARY KEY (domain, name, major, port),
    FOREIGN KEY (domain, name, major) REFERENCES product_versions (domain, name, major)
);

CREATE TABLE runs (
    id           TEXT    PRIMARY KEY,
    domain       TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    major        INTEGER NOT NULL,
    version      TEXT    NOT NULL,
    trigger      TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
    started_at   TEXT    NOT NULL,
    inputs_as_of TEXT    NOT NULL,
    processed_at TEXT,
    finished_at  TEXT,
    rows_written INTEGER NOT NULL DEFAULT 0,
    error        TEXT,
    host         TEXT    NOT NULL,
    pid          INTEGER NOT NULL,
    FOREIGN KEY (domain, name, major) REFERENCES product_versions (domain, name, major)
);

-- One run of a product version at a time, across processes.
CREATE UNIQUE INDEX runs_one_running ON runs (domain, name, major) WHERE state = 'running';
CREATE INDEX runs_by_product ON runs (domain, name, major, started_at);

CREATE TABLE run_inputs (
    run_id      TEXT    NOT NULL REFERENCES runs (id),
    input       TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    snapshot_id INTEGER,
    PRIMARY KEY (run_id, input)
);

CREATE TABLE run_ports (
    run_id         TEXT    NOT NULL REFERENCES runs (id),
    port           TEXT    NOT NULL,
    rows_computed  INTEGER NOT NULL,
    rows_added     INTEGER NOT NULL,
    rows_corrected INTEGER NOT NULL,
    snapshot_id    INTEGER,
    PRIMARY KEY (run_id, port)
);

-- The committed state of every port over processing time: reading as of T uses the newest row
-- with processed_at <= T.
CREATE TABLE port_snapshots (
    domain       TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    major        INTEGER NOT NULL,
    port         TEXT    NOT NULL,
    processed_at TEXT    NOT NULL,
    snapshot_id  INTEGER NOT NULL,
    run_id       TEXT    NOT NULL REFERENCES runs (id),
    PRIMARY KEY (domain, name, major, port, processed_at)
);
