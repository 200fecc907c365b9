-- The local policies of a product version as changed through its control port
-- (PUT .../control/policies). Every change is a new version; the newest one is in force from the
-- next read. A product version with no row here reads with the policies of its deployed spec.
-- policies is the policies section as JSON.
CREATE TABLE product_policies (
    domain      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    major       INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    policies    TEXT    NOT NULL,
    changed_at  TEXT    NOT NULL,
    changed_by  TEXT    NOT NULL,
    PRIMARY KEY (domain, name, major, version)
);
