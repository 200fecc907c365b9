-- Bearer tokens of `quanta token create`. Only a token's SHA-256 hash is stored: the registry
-- never holds a usable token. `id` is the token's public prefix, shown by `quanta token list`
-- and used to revoke it. groups and roles are JSON arrays of strings, attributes a JSON object
-- whose values are strings or arrays of strings.
CREATE TABLE tokens (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_name   TEXT NOT NULL,
    groups      TEXT NOT NULL DEFAULT '[]',
    roles       TEXT NOT NULL DEFAULT '[]',
    attributes  TEXT NOT NULL DEFAULT '{}',
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT
);
