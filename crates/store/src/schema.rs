//! The database schema as a list of versioned migrations. `PRAGMA
//! user_version` holds the number of migrations applied; each migration runs in
//! its own transaction together with the version bump.

/// Migrations in order; migration `i` brings the schema to version `i + 1`.
/// Never edit a released migration: append a new one.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: documents, their texts and their records.
    r#"
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,           -- the document record's id
    doc         TEXT NOT NULL,              -- document name (file name, article id)
    hash        TEXT NOT NULL UNIQUE,       -- SHA-256 of the stored text: the identity
    title       TEXT,
    published   TEXT,                       -- ISO date or date-time
    outlet      TEXT,
    byline      TEXT,
    url         TEXT,
    source      TEXT NOT NULL,
    format      TEXT NOT NULL,
    words       INTEGER NOT NULL,
    json        TEXT NOT NULL,              -- the full DocumentRecord
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_doc ON documents(doc);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE texts (
    hash TEXT PRIMARY KEY REFERENCES documents(hash) ON DELETE CASCADE,
    text TEXT NOT NULL
);

CREATE TABLE records (
    id               TEXT NOT NULL,
    doc_hash         TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    doc              TEXT NOT NULL,
    sentence         INTEGER NOT NULL,
    span_start       INTEGER NOT NULL,
    span_end         INTEGER NOT NULL,
    -- ISO date (or prefix): an event's date, a time's value, the document's
    -- published date for quotes and silences; NULL when unknown.
    date             TEXT,
    speaker          TEXT,                  -- quotes: canonical speaker name
    speaker_id       TEXT,
    actor            TEXT,                  -- events: first actor; silences: actor; entities: name
    actor_id         TEXT,
    recipient        TEXT,                  -- events: first recipient
    recipient_id     TEXT,
    -- the agent's (speaker's or actor's) country, ISO alpha-3
    country          TEXT,
    -- normalized "| word word | word |" lists of every name and id at that
    -- place, for whole-word matching
    agent_search     TEXT,
    recipient_search TEXT,
    event_type       TEXT COLLATE NOCASE,
    json             TEXT NOT NULL,         -- the full Record, tagged by kind
    -- record ids derive from the document hash: unique per document, and
    -- keyed by document first so one document's inserts touch few pages
    PRIMARY KEY (doc_hash, id)
);
-- Few indexes on purpose: every index costs a b-tree insert per record and
-- halved put throughput in measurements. Name filters match whole words in
-- agent_search / recipient_search with instr(), which no b-tree index serves,
-- so speaker/actor/recipient are not indexed; documents are reached through
-- the primary key.
CREATE INDEX records_event_type ON records(event_type);
CREATE INDEX records_date ON records(date);
"#,
    // 2: crises the analyst named (`demarche crisis add`).
    r#"
CREATE TABLE crises (
    id         TEXT PRIMARY KEY,            -- u-<slug of the name>
    target     TEXT NOT NULL,               -- ISO alpha-3 of the state struck
    json       TEXT NOT NULL,               -- the full CrisisDef
    created_at TEXT NOT NULL
);
"#,
];

/// The schema version this code writes.
pub(crate) fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
