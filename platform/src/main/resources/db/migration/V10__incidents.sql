-- Incidents of the checks of products (SLOs, quality expectations, drift): a check that starts
-- failing opens an incident, later failures update it, the next pass resolves it. product is
-- domain/name; port is '' for a check of the whole product (so that the unique index below also
-- holds for them: NULLs never collide). kind is slo, expectation or drift; severity error or warn.
-- notified_open and notified_resolved (0 or 1) say whether the webhook was told of each state
-- change; delivery_claimed_until is the lease of the process delivering them, so that processes
-- sharing the registry send each notification once.
CREATE TABLE incidents (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    product                TEXT    NOT NULL,
    major                  INTEGER NOT NULL,
    port                   TEXT    NOT NULL,
    check_name             TEXT    NOT NULL,
    kind                   TEXT    NOT NULL,
    severity               TEXT    NOT NULL,
    opened_at              TEXT    NOT NULL,
    resolved_at            TEXT,
    last_message           TEXT    NOT NULL,
    observed               TEXT    NOT NULL,
    occurrences            INTEGER NOT NULL,
    notified_open          INTEGER NOT NULL,
    notified_resolved      INTEGER NOT NULL,
    delivery_claimed_until TEXT
);

-- One open incident per product version, port and check, across processes.
CREATE UNIQUE INDEX incidents_one_open ON incidents (product, major, port, check_name)
    WHERE resolved_at IS NULL;
CREATE INDEX incidents_by_product ON incidents (product, major, opened_at);
