-- Trust (docs/trust.md): what every run checked, the profile of every port it computed, and the
-- platform's probes of each port for availability objectives. Times as in V1.

-- One row per check of a run: a quality expectation, a service level objective measured by the
-- run (timeliness, completeness, volume) or evaluated later (freshness, availability: run_id is
-- then NULL), or a drift warning between two profiles.
CREATE TABLE checks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    domain       TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    major        INTEGER NOT NULL,
    port         TEXT,
    run_id       TEXT,
    kind         TEXT    NOT NULL CHECK (kind IN ('expectation', 'slo', 'drift')),
    check_name   TEXT    NOT NULL,
    severity     TEXT    NOT NULL CHECK (severity IN ('error', 'warn')),
    status       TEXT    NOT NULL CHECK (status IN ('passed', 'failed')),
    observed     TEXT,
    threshold    TEXT,
    failing_rows INTEGER,
    total_rows   INTEGER,
    message      TEXT    NOT NULL,
    checked_at   TEXT    NOT NULL
);
CREATE INDEX checks_by_run ON checks (run_id);
CREATE INDEX checks_by_product ON checks (domain, name, major, id);

-- The statistical profile of a port's rows as one run computed them: a JSON array of column
-- profiles (count, nulls, distinct, min, max, mean, stddev, histogram or top values).
CREATE TABLE profiles (
    run_id      TEXT    NOT NULL,
    domain      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    major       INTEGER NOT NULL,
    port        TEXT    NOT NULL,
    total_rows  INTEGER NOT NULL,
    columns     TEXT    NOT NULL,
    profiled_at TEXT    NOT NULL,
    PRIMARY KEY (run_id, port)
);
CREATE INDEX profiles_by_port ON profiles (domain, name, major, port, profiled_at);

-- The platform's probes of a port (a read of its latest snapshot), for availability objectives.
CREATE TABLE port_probes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    domain    TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    major     INTEGER NOT NULL,
    port      TEXT    NOT NULL,
    probed_at TEXT    NOT NULL,
    ok        INTEGER NOT NULL,
    message   TEXT
);
CREATE INDEX port_probes_by_port ON port_probes (domain, name, major, port, probed_at);
