-- The mesh's governance as code: each `quanta governance apply` stores the folder's files as a new
-- version, numbered from 1; the newest version is the mesh's governance (version 0 is the shipped
-- default, which is not stored). A version never changes. applied_by is the operating-system user
-- who applied it; digest is the SHA-256 of the files (names and contents, in name order).
CREATE TABLE governance_versions (
    number     INTEGER PRIMARY KEY,
    applied_at TEXT    NOT NULL,
    applied_by TEXT    NOT NULL,
    digest     TEXT    NOT NULL
);

CREATE TABLE governance_files (
    version INTEGER NOT NULL REFERENCES governance_versions (number),
    name    TEXT    NOT NULL,
    content TEXT    NOT NULL,
    PRIMARY KEY (version, name)
);
