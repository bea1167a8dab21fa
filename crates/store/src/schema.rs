//! The database schema as a list of versioned migrations. `PRAGMA
//! user_version` holds the number of migrations applied; each migration runs in
//! its own transaction together with the version bump.
//!
//! PostgreSQL keeps a parallel list, [`PG_MIGRATIONS`], one entry per SQLite
//! migration, producing the same tables, columns and meaning; its version is
//! the one row of `demarche_schema`.

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
    // 4: cheaper writes. The writer indexes texts for full-text search
    // itself, once per batch and outside the per-document savepoints
    // (`Store::put_batch`): FTS5 flushes its pending terms to disk at every
    // savepoint release, so a trigger firing inside each document's savepoint
    // wrote a small index segment per document and merged them over and over.
    // Two indexes no query uses go: `records_event_type` (`records_type_day`
    // starts with the same column) and `records_date` (dates are compared as
    // the record's effective date, `COALESCE(date, published day)`, or as
    // `day`, which `records_day_kind` serves). Each cost a b-tree insert per
    // record. And `records_type_day` holds events only (the records with an
    // event type; every query on it names a type), not every record.
    // `documents_words` makes the store's totals (documents, words) a scan
    // of a small index instead of the documents table (480 ms at a million
    // documents).
    r#"
DROP TRIGGER texts_fts_insert;
DROP INDEX records_event_type;
DROP INDEX records_date;
DROP INDEX records_type_day;
CREATE INDEX records_type_day ON records(event_type, day) WHERE event_type IS NOT NULL;
CREATE INDEX documents_words ON documents(words);
"#,
];

/// The PostgreSQL migrations, one per entry of [`MIGRATIONS`].
///
/// Differences, all invisible to the queries: every text column is
/// `COLLATE "C"` (byte order and case-sensitive equality, as SQLite's
/// default BINARY collation); the `COLLATE NOCASE` columns (`event_type`,
/// `stance`) hold their values lowercased instead, and queries compare them
/// with a lowercased parameter; tables the queries order by insertion carry
/// a `rowid` identity column; integers are `BIGINT`; JSON stays `TEXT` (the
/// stored record is returned byte for byte) and is read with `::jsonb` only
/// to back-fill columns; full-text search is a generated `tsvector` column
/// with a GIN index instead of FTS5. The text search configuration
/// `demarche_text` it uses is made before migration 2 runs (see
/// `pg::text_search_config`).
pub(crate) const PG_MIGRATIONS: &[&str] = &[
    // 1: documents, their texts and their records.
    r#"
CREATE TABLE documents (
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id          TEXT COLLATE "C" PRIMARY KEY,
    doc         TEXT COLLATE "C" NOT NULL,
    hash        TEXT COLLATE "C" NOT NULL UNIQUE,
    title       TEXT COLLATE "C",
    published   TEXT COLLATE "C",
    outlet      TEXT COLLATE "C",
    byline      TEXT COLLATE "C",
    url         TEXT COLLATE "C",
    source      TEXT COLLATE "C" NOT NULL,
    format      TEXT COLLATE "C" NOT NULL,
    words       BIGINT NOT NULL,
    json        TEXT COLLATE "C" NOT NULL,
    ingested_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX documents_doc ON documents(doc);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE texts (
    hash TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(hash) ON DELETE CASCADE,
    text TEXT COLLATE "C" NOT NULL
);

CREATE TABLE records (
    rowid            BIGINT GENERATED ALWAYS AS IDENTITY,
    id               TEXT COLLATE "C" NOT NULL,
    doc_hash         TEXT COLLATE "C" NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
    kind             TEXT COLLATE "C" NOT NULL,
    doc              TEXT COLLATE "C" NOT NULL,
    sentence         BIGINT NOT NULL,
    span_start       BIGINT NOT NULL,
    span_end         BIGINT NOT NULL,
    date             TEXT COLLATE "C",
    speaker          TEXT COLLATE "C",
    speaker_id       TEXT COLLATE "C",
    actor            TEXT COLLATE "C",
    actor_id         TEXT COLLATE "C",
    recipient        TEXT COLLATE "C",
    recipient_id     TEXT COLLATE "C",
    country          TEXT COLLATE "C",
    agent_search     TEXT COLLATE "C",
    recipient_search TEXT COLLATE "C",
    event_type       TEXT COLLATE "C",      -- lowercased (SQLite: COLLATE NOCASE)
    json             TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_hash, id)
);
CREATE INDEX records_event_type ON records(event_type);
CREATE INDEX records_date ON records(date);
"#,
    // 2: what browsing needs (see the SQLite migration 2).
    r#"
ALTER TABLE texts ADD COLUMN tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('demarche_text'::regconfig, text)) STORED;
CREATE INDEX texts_tsv ON texts USING gin (tsv);

ALTER TABLE records ADD COLUMN day TEXT COLLATE "C";
ALTER TABLE records ADD COLUMN stance TEXT COLLATE "C";   -- lowercased
UPDATE records SET
    day = COALESCE(date, (SELECT substr(d.published, 1, 10) FROM documents d WHERE d.hash = records.doc_hash)),
    stance = CASE kind WHEN 'quote' THEN lower(json::jsonb ->> 'stance') END;
CREATE INDEX records_day_kind ON records(day, kind);
CREATE INDEX records_rowid ON records(rowid);
CREATE INDEX records_id ON records(id);

CREATE TABLE kind_counts (
    kind TEXT COLLATE "C" PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO kind_counts SELECT kind, count(*) FROM records GROUP BY kind;

CREATE TABLE edges (
    rowid             BIGINT GENERATED ALWAYS AS IDENTITY,
    record_id         TEXT COLLATE "C" NOT NULL,
    doc_hash          TEXT COLLATE "C" NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
    actor_key         TEXT COLLATE "C" NOT NULL,
    actor             TEXT COLLATE "C" NOT NULL,
    actor_country     TEXT COLLATE "C",
    recipient_key     TEXT COLLATE "C" NOT NULL,
    recipient         TEXT COLLATE "C" NOT NULL,
    recipient_country TEXT COLLATE "C",
    quad_class        BIGINT,
    event_type        TEXT COLLATE "C",     -- lowercased
    day               TEXT COLLATE "C"
);
INSERT INTO edges (record_id, doc_hash, actor_key, actor, actor_country, recipient_key,
                   recipient, recipient_country, quad_class, event_type, day)
SELECT DISTINCT r.id, r.doc_hash,
       COALESCE(a.value ->> 'id', a.value ->> 'name'),
       a.value ->> 'name', a.value ->> 'country',
       COALESCE(p.value ->> 'id', p.value ->> 'name'),
       p.value ->> 'name', p.value ->> 'country',
       (r.json::jsonb ->> 'quad_class')::bigint, r.event_type, r.day
FROM records r,
     jsonb_array_elements(COALESCE(r.json::jsonb -> 'actors', '[]'::jsonb)) a(value),
     jsonb_array_elements(COALESCE(r.json::jsonb -> 'recipients', '[]'::jsonb)) p(value)
WHERE r.kind = 'event'
  AND COALESCE(a.value ->> 'id', a.value ->> 'name')
      <> COALESCE(p.value ->> 'id', p.value ->> 'name');
CREATE INDEX edges_day ON edges(day);
CREATE INDEX edges_pair ON edges(actor_key, recipient_key, day);
CREATE INDEX edges_doc ON edges(doc_hash);
"#,
    // 3: crises the analyst named (`demarche crisis add`).
    r#"
CREATE TABLE crises (
    id         TEXT COLLATE "C" PRIMARY KEY,
    target     TEXT COLLATE "C" NOT NULL,
    json       TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX records_type_day ON records(event_type, day);
"#,
    // 4: the two unused indexes go and `records_type_day` holds events only,
    // as in SQLite's migration 4 (the GIN index follows its generated
    // column: there is no trigger to drop).
    r#"
DROP INDEX records_event_type;
DROP INDEX records_date;
DROP INDEX records_type_day;
CREATE INDEX records_type_day ON records(event_type, day) WHERE event_type IS NOT NULL;
CREATE INDEX documents_words ON documents(words);
"#,
];

/// The schema version this code writes.
pub(crate) fn current_version() -> i64 {
    debug_assert_eq!(MIGRATIONS.len(), PG_MIGRATIONS.len());
    MIGRATIONS.len() as i64
}
