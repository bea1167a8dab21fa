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
    // 2: what browsing needs (`demarche serve`): full-text search over the
    // texts, each record's effective day and a quote's stance as columns,
    // record ids indexed (the evidence of every number), counts per kind,
    // and one row per actor → recipient pair of each event (the network).
    r#"
CREATE VIRTUAL TABLE texts_fts USING fts5(
    text, content = 'texts', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO texts_fts(texts_fts) VALUES ('rebuild');
CREATE TRIGGER texts_fts_insert AFTER INSERT ON texts BEGIN
    INSERT INTO texts_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER texts_fts_delete AFTER DELETE ON texts BEGIN
    INSERT INTO texts_fts(texts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;

-- the record's date, else its document's published day (lists and the
-- timeline walk this index in date order instead of sorting)
ALTER TABLE records ADD COLUMN day TEXT;
-- a quote's stance (the stance filter without json_extract)
ALTER TABLE records ADD COLUMN stance TEXT COLLATE NOCASE;
UPDATE records SET
    day = COALESCE(date, (SELECT substr(d.published, 1, 10) FROM documents d WHERE d.hash = records.doc_hash)),
    stance = CASE kind WHEN 'quote' THEN json_extract(json, '$.stance') END;
CREATE INDEX records_day_kind ON records(day, kind);
CREATE INDEX records_id ON records(id);

CREATE TABLE kind_counts (
    kind TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO kind_counts SELECT kind, count(*) FROM records GROUP BY kind;

-- one row per (actor, recipient) pair of an event; keys are the
-- participant's knowledge-base id, else its name
CREATE TABLE edges (
    record_id         TEXT NOT NULL,
    doc_hash          TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
    actor_key         TEXT NOT NULL,
    actor             TEXT NOT NULL,
    actor_country     TEXT,
    recipient_key     TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    recipient_country TEXT,
    quad_class        INTEGER,
    event_type        TEXT COLLATE NOCASE,
    day               TEXT
);
INSERT INTO edges
SELECT DISTINCT r.id, r.doc_hash,
       COALESCE(json_extract(a.value, '$.id'), json_extract(a.value, '$.name')),
       json_extract(a.value, '$.name'), json_extract(a.value, '$.country'),
       COALESCE(json_extract(p.value, '$.id'), json_extract(p.value, '$.name')),
       json_extract(p.value, '$.name'), json_extract(p.value, '$.country'),
       json_extract(r.json, '$.quad_class'), r.event_type, r.day
FROM records r, json_each(r.json, '$.actors') a, json_each(r.json, '$.recipients') p
WHERE r.kind = 'event'
  AND COALESCE(json_extract(a.value, '$.id'), json_extract(a.value, '$.name'))
      <> COALESCE(json_extract(p.value, '$.id'), json_extract(p.value, '$.name'));
CREATE INDEX edges_day ON edges(day);
CREATE INDEX edges_pair ON edges(actor_key, recipient_key, day);
CREATE INDEX edges_doc ON edges(doc_hash);
"#,
    // 3: crises the analyst named (`demarche crisis add`).
    r#"
CREATE TABLE crises (
    id         TEXT PRIMARY KEY,            -- u-<slug of the name>
    target     TEXT NOT NULL,               -- ISO alpha-3 of the state struck
    json       TEXT NOT NULL,               -- the full CrisisDef
    created_at TEXT NOT NULL
);
-- the newest events of one type (crises are found from hostile types; the
-- event list filters by type) without sorting every event of the type
CREATE INDEX records_type_day ON records(event_type, day);
"#,
];

/// The schema version this code writes.
pub(crate) fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
