//! The PostgreSQL backend: connection, migrations under an advisory lock,
//! cached prepared statements, streaming reads and the batched write of
//! one document.
//!
//! Several processes may write one PostgreSQL store at once. A document is
//! written in one transaction whose first statement is
//! `INSERT … ON CONFLICT DO NOTHING` (on the hash, or the document id that
//! derives from it): a writer racing another on the same text waits for
//! the other's transaction and then finds the text stored ([`Outcome::Duplicate`]); exactly one copy lands, with all its
//! records. Records and network rows go in one `INSERT … SELECT FROM
//! unnest(…)` each (one round trip per table, whatever the count), and
//! `kind_counts` is added to with an upsert, kinds in a fixed order so two
//! writers never wait on each other in a cycle.

use crate::dialect::{pg_params, to_postgres};
use crate::schema::{current_version, PG_MIGRATIONS};
use crate::write::{date_part, document_json, edge_pairs, key_of, to_json, Row};
use crate::{Outcome, StoreError};
use demarche_core::{Document, DocumentRecord, Record};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, IsolationLevel, NoTls, Statement};
use rusqlite::types::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;
use std::time::Duration;

/// The key of the advisory lock migrations run under (one per database:
/// a text search extension is database-wide).
const MIGRATION_LOCK: i64 = 0x6465_6d61_7263_6865; // "demarche"

/// The most prepared statements kept per connection (queries with inlined
/// limits are many; the cache is emptied when full).
const STATEMENT_CACHE: usize = 256;

/// An open PostgreSQL connection.
pub(crate) struct Pg {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
    /// The connection URL, for a second connection while streaming.
    url: String,
    /// The location as shown (no password).
    shown: String,
    read_only: bool,
    lock_timeout: Duration,
}

/// Maps a PostgreSQL error to a store error naming `shown`.
pub(crate) fn err_at(shown: &str, lock_timeout: Duration, e: postgres::Error) -> StoreError {
    let Some(db) = e.as_db_error() else {
        return StoreError::Open {
            path: shown.to_string(),
            reason: e.to_string(),
        };
    };
    let mut reason = db.message().to_string();
    if let Some(d) = db.detail() {
        reason.push_str(&format!(" ({d})"));
    }
    let code = db.code();
    if *code == SqlState::LOCK_NOT_AVAILABLE {
        StoreError::Locked {
            path: shown.to_string(),
            waited_ms: lock_timeout.as_millis(),
        }
    } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
        StoreError::ReadOnly {
            path: shown.to_string(),
            reason,
        }
    } else if *code == SqlState::DISK_FULL {
        StoreError::Full {
            path: shown.to_string(),
            reason,
        }
    } else if code.code().starts_with("08")
        || code.code().starts_with("28")
        || code.code().starts_with("3D")
        || *code == SqlState::ADMIN_SHUTDOWN
        || *code == SqlState::CANNOT_CONNECT_NOW
    {
        StoreError::Open {
            path: shown.to_string(),
            reason,
        }
    } else {
        StoreError::Server {
            path: shown.to_string(),
            reason,
        }
    }
}

/// Opens a connection with the session settings every store connection
/// has.
fn connect(
    url: &str,
    shown: &str,
    read_only: bool,
    lock_timeout: Duration,
) -> Result<Client, StoreError> {
    let open_err = |reason: String| StoreError::Open {
        path: shown.to_string(),
        reason,
    };
    let mut config = postgres::Config::from_str(url).map_err(|e| open_err(e.to_string()))?;
    if config.get_application_name().is_none() {
        config.application_name("demarche");
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    let mut client = config
        .connect(NoTls)
        .map_err(|e| err_at(shown, lock_timeout, e))?;
    let mut setup = format!(
        "SET lock_timeout = {}; SET client_min_messages = warning;",
        lock_timeout.as_millis().max(1)
    );
    if read_only {
        setup.push_str(" SET default_transaction_read_only = on;");
    }
    client
        .batch_execute(&setup)
        .map_err(|e| err_at(shown, lock_timeout, e))?;
    Ok(client)
}

/// The schema version stored, `None` when the schema holds no
/// `demarche_schema` table.
fn stored_version(c: &mut impl GenericClient) -> Result<Option<i64>, postgres::Error> {
    let exists: bool = c
        // The catalog itself, not to_regclass(): a name looked up in vain
        // earlier in this session stays cached as missing until the
        // session reads invalidations, and another process may have just
        // created the table.
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables
                            WHERE schemaname = current_schema() AND tablename = 'demarche_schema')",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = c.query_opt("SELECT max(version) FROM demarche_schema", &[])?;
    Ok(Some(
        row.and_then(|r| r.get::<_, Option<i64>>(0)).unwrap_or(0),
    ))
}

/// Tables in the schema new tables go to.
fn tables_here(c: &mut impl GenericClient) -> Result<i64, postgres::Error> {
    Ok(c.query_one(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
        &[],
    )?
    .get(0))
}

/// The text search configuration full-text search uses: `simple` (every
/// word lowercased, no stemming, no stop words, like FTS5's `unicode61`)
/// with accents removed when the server has the `unaccent` extension (as
/// FTS5's `remove_diacritics`). Without it, "Peru" does not find "Perú".
fn text_search_config(tx: &mut postgres::Transaction<'_>) -> Result<(), postgres::Error> {
    tx.batch_execute("CREATE TEXT SEARCH CONFIGURATION demarche_text (COPY = pg_catalog.simple)")?;
    tx.batch_execute("SAVEPOINT unaccent")?;
    match tx.batch_execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public") {
        Ok(()) => tx.batch_execute("RELEASE SAVEPOINT unaccent")?,
        Err(_) => tx.batch_execute("ROLLBACK TO SAVEPOINT unaccent")?,
    }
    let schema: Option<String> = tx
        .query_opt(
            "SELECT n.nspname::text FROM pg_catalog.pg_extension e
             JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'unaccent'",
            &[],
        )?
        .map(|r| r.get(0));
    if let Some(s) = schema {
        tx.batch_execute(&format!(
            "ALTER TEXT SEARCH CONFIGURATION demarche_text
             ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart
             WITH \"{}\".unaccent, pg_catalog.simple",
            s.replace('"', "\"\"")
        ))?;
    }
    Ok(())
}

impl Pg {
    /// Connects, checks the schema and (unless read-only) brings it up to
    /// date.
    pub(crate) fn open(
        url: &str,
        shown: &str,
        read_only: bool,
        lock_timeout: Duration,
    ) -> Result<Pg, StoreError> {
        let client = connect(url, shown, read_only, lock_timeout)?;
        let pg = Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            url: url.to_string(),
            shown: shown.to_string(),
            read_only,
            lock_timeout,
        };
        pg.init()?;
        Ok(pg)
    }

    fn err(&self, e: postgres::Error) -> StoreError {
        err_at(&self.shown, self.lock_timeout, e)
    }

    fn newer(&self, found: i64) -> StoreError {
        StoreError::NewerSchema {
            path: self.shown.clone(),
            found,
            known: current_version(),
        }
    }

    fn not_demarche(&self) -> StoreError {
        StoreError::NotDemarche {
            path: self.shown.clone(),
            reason: "a PostgreSQL schema with other tables".into(),
        }
    }

    /// Schema check and migrations: all of them in one transaction holding
    /// the migration lock, so concurrent first opens run them once.
    fn init(&self) -> Result<(), StoreError> {
        let known = current_version();
        let mut c = self.client.borrow_mut();
        let e = |x| self.err(x);
        let version = stored_version(&mut *c).map_err(e)?;
        match version {
            Some(v) if v > known => return Err(self.newer(v)),
            Some(v) if v == known => return Ok(()),
            _ => {}
        }
        if self.read_only {
            return Err(match version {
                None if tables_here(&mut *c).map_err(e)? > 0 => self.not_demarche(),
                None => StoreError::Open {
                    path: self.shown.clone(),
                    reason: "no such database (no demarche tables in this schema)".into(),
                },
                Some(v) => StoreError::ReadOnly {
                    path: self.shown.clone(),
                    reason: format!(
                        "schema version {v} needs upgrading to {known}; open it once with a writing command"
                    ),
                },
            });
        }
        // Checked again under the lock: another process may be creating
        // the tables right now.
        let mut tx = c.transaction().map_err(e)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(e)?;
        let version = match stored_version(&mut tx).map_err(e)? {
            Some(v) => v,
            None => {
                if tables_here(&mut tx).map_err(e)? > 0 {
                    return Err(self.not_demarche());
                }
                tx.batch_execute(
                    "CREATE TABLE demarche_schema (version BIGINT NOT NULL);
                     INSERT INTO demarche_schema VALUES (0);",
                )
                .map_err(e)?;
                0
            }
        };
        if version > known {
            return Err(self.newer(version));
        }
        for (i, sql) in PG_MIGRATIONS.iter().enumerate().skip(version as usize) {
            if i == 1 {
                text_search_config(&mut tx).map_err(e)?;
            }
            tx.batch_execute(sql).map_err(e)?;
            tx.execute(
                "UPDATE demarche_schema SET version = $1",
                &[&(i as i64 + 1)],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// A prepared statement for `sql` (PostgreSQL's dialect), cached.
    fn prepare(&self, c: &mut Client, sql: &str) -> Result<Statement, StoreError> {
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = c.prepare(sql).map_err(|e| self.err(e))?;
        let mut cache = self.statements.borrow_mut();
        if cache.len() >= STATEMENT_CACHE {
            cache.clear();
        }
        cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    /// Runs a shared query (SQLite dialect) and returns its rows.
    pub(crate) fn query(
        &self,
        sql: &str,
        params: &[Value],
    ) -> Result<Vec<postgres::Row>, StoreError> {
        let mut c = self.client.borrow_mut();
        let st = self.prepare(&mut c, &to_postgres(sql))?;
        let boxed = pg_params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        c.query(&st, &refs).map_err(|e| self.err(e))
    }

    /// Runs a statement in PostgreSQL's dialect; the rows changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut c = self.client.borrow_mut();
        let st = self.prepare(&mut c, sql)?;
        let boxed = pg_params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        c.execute(&st, &refs).map_err(|e| self.err(e))
    }

    /// Streams the rows of a shared query (SQLite dialect) to `each`, one
    /// at a time, from a second connection in one read-only snapshot (so
    /// `each` may query the store meanwhile).
    pub(crate) fn stream<E: From<StoreError>>(
        &self,
        sql: &str,
        params: &[Value],
        mut each: impl FnMut(&postgres::Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let e = |x| self.err(x);
        let mut c = connect(&self.url, &self.shown, true, self.lock_timeout)?;
        let mut tx = c
            .build_transaction()
            .read_only(true)
            .isolation_level(IsolationLevel::RepeatableRead)
            .start()
            .map_err(e)?;
        let boxed = pg_params(params);
        let mut rows = tx
            .query_raw(
                &to_postgres(sql),
                boxed.iter().map(|b| b.as_ref() as &dyn ToSql),
            )
            .map_err(e)?;
        while let Some(row) = rows.next().map_err(e)? {
            each(&row)?;
        }
        drop(rows);
        tx.commit().map_err(e)?;
        Ok(())
    }

    /// Stores one document and its records in one transaction (see the
    /// module doc); `Duplicate` when its text is stored already.
    pub(crate) fn put(
        &self,
        doc: &Document,
        drec: &DocumentRecord,
        hash: &str,
        records: &[Record],
    ) -> Result<Outcome, StoreError> {
        if doc.text.contains('\0') {
            return Err(StoreError::Server {
                path: self.shown.clone(),
                reason: format!(
                    "the text of {} holds a NUL character, which PostgreSQL cannot store",
                    drec.prov.doc
                ),
            });
        }
        let published_day = drec.published.as_deref().and_then(date_part);
        let mut buf = Vec::with_capacity(1024);
        document_json(&mut buf, drec)?;
        let doc_json = String::from_utf8_lossy(&buf).into_owned();
        let mut rc = RecordColumns::default();
        let mut ec = EdgeColumns::default();
        let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for r in records {
            if matches!(r, Record::Document(_)) {
                continue;
            }
            let p = r.prov();
            // Two records of one document with the same id are the same
            // record: the first is kept (as SQLite's INSERT OR IGNORE).
            if !seen.insert(p.id.as_str()) {
                continue;
            }
            let row = Row::of(r, published_day);
            buf.clear();
            to_json(&mut buf, r)?;
            let day = row.date.or(published_day);
            rc.id.push(p.id.as_str());
            rc.kind.push(r.kind());
            rc.doc.push(p.doc.as_str());
            rc.sentence.push(p.sentence as i64);
            rc.span_start.push(p.span[0] as i64);
            rc.span_end.push(p.span[1] as i64);
            rc.date.push(row.date);
            rc.speaker.push(row.speaker);
            rc.speaker_id.push(row.speaker_id);
            rc.actor.push(row.actor);
            rc.actor_id.push(row.actor_id);
            rc.recipient.push(row.recipient);
            rc.recipient_id.push(row.recipient_id);
            rc.country.push(row.country);
            rc.agent_search.push(row.agent_search.clone());
            rc.recipient_search.push(row.recipient_search.clone());
            rc.event_type
                .push(row.event_type.map(|t| t.to_ascii_lowercase()));
            rc.json.push(String::from_utf8_lossy(&buf).into_owned());
            rc.day.push(day);
            rc.stance.push(row.stance.map(|s| s.to_ascii_lowercase()));
            *counts.entry(r.kind()).or_default() += 1;
            if let Record::Event(ev) = r {
                for (a, q) in edge_pairs(ev) {
                    ec.record_id.push(ev.prov.id.as_str());
                    ec.actor_key.push(key_of(a));
                    ec.actor.push(a.name.as_str());
                    ec.actor_country.push(a.country.as_deref());
                    ec.recipient_key.push(key_of(q));
                    ec.recipient.push(q.name.as_str());
                    ec.recipient_country.push(q.country.as_deref());
                    ec.quad_class.push(ev.codes.quad_class.map(i64::from));
                    ec.event_type.push(ev.event_type.to_ascii_lowercase());
                    ec.day.push(day);
                }
            }
        }
        let kinds: Vec<&str> = counts.keys().copied().collect();
        let ns: Vec<i64> = counts.values().copied().collect();

        let e = |x| self.err(x);
        let mut c = self.client.borrow_mut();
        let st_doc = self.prepare(&mut c, INSERT_DOCUMENT)?;
        let st_text = self.prepare(&mut c, INSERT_TEXT)?;
        let st_records = self.prepare(&mut c, INSERT_RECORDS)?;
        let st_edges = self.prepare(&mut c, INSERT_EDGES)?;
        let st_counts = self.prepare(&mut c, ADD_COUNTS)?;
        let mut tx = c.transaction().map_err(e)?;
        let words = drec.words as i64;
        let n = tx
            .execute(
                &st_doc,
                &[
                    &drec.prov.id,
                    &drec.prov.doc,
                    &hash,
                    &drec.title,
                    &drec.published,
                    &drec.outlet,
                    &drec.byline,
                    &drec.url,
                    &drec.source,
                    &drec.format,
                    &words,
                    &doc_json,
                ],
            )
            .map_err(e)?;
        if n == 0 {
            // Either unique key may be the one a racing writer took first
            // (the id derives from the hash); only the same text is a
            // duplicate.
            let same = tx
                .query_opt("SELECT 1 FROM documents WHERE hash = $1", &[&hash])
                .map_err(e)?
                .is_some();
            tx.rollback().map_err(e)?;
            if same {
                return Ok(Outcome::Duplicate);
            }
            return Err(StoreError::Server {
                path: self.shown.clone(),
                reason: format!(
                    "document id {} is stored already, with another text",
                    drec.prov.id
                ),
            });
        }
        tx.execute(&st_text, &[&hash, &doc.text]).map_err(e)?;
        if !rc.id.is_empty() {
            tx.execute(
                &st_records,
                &[
                    &rc.id,
                    &hash,
                    &rc.kind,
                    &rc.doc,
                    &rc.sentence,
                    &rc.span_start,
                    &rc.span_end,
                    &rc.date,
                    &rc.speaker,
                    &rc.speaker_id,
                    &rc.actor,
                    &rc.actor_id,
                    &rc.recipient,
                    &rc.recipient_id,
                    &rc.country,
                    &rc.agent_search,
                    &rc.recipient_search,
                    &rc.event_type,
                    &rc.json,
                    &rc.day,
                    &rc.stance,
                ],
            )
            .map_err(e)?;
        }
        if !ec.record_id.is_empty() {
            tx.execute(
                &st_edges,
                &[
                    &ec.record_id,
                    &hash,
                    &ec.actor_key,
                    &ec.actor,
                    &ec.actor_country,
                    &ec.recipient_key,
                    &ec.recipient,
                    &ec.recipient_country,
                    &ec.quad_class,
                    &ec.event_type,
                    &ec.day,
                ],
            )
            .map_err(e)?;
        }
        if !kinds.is_empty() {
            tx.execute(&st_counts, &[&kinds, &ns]).map_err(e)?;
        }
        tx.commit().map_err(e)?;
        Ok(Outcome::Inserted)
    }
}

/// The columns of one document's records, one vector each.
#[derive(Default)]
struct RecordColumns<'a> {
    id: Vec<&'a str>,
    kind: Vec<&'a str>,
    doc: Vec<&'a str>,
    sentence: Vec<i64>,
    span_start: Vec<i64>,
    span_end: Vec<i64>,
    date: Vec<Option<&'a str>>,
    speaker: Vec<Option<&'a str>>,
    speaker_id: Vec<Option<&'a str>>,
    actor: Vec<Option<&'a str>>,
    actor_id: Vec<Option<&'a str>>,
    recipient: Vec<Option<&'a str>>,
    recipient_id: Vec<Option<&'a str>>,
    country: Vec<Option<&'a str>>,
    agent_search: Vec<Option<String>>,
    recipient_search: Vec<Option<String>>,
    event_type: Vec<Option<String>>,
    json: Vec<String>,
    day: Vec<Option<&'a str>>,
    stance: Vec<Option<String>>,
}

/// The columns of one document's network rows.
#[derive(Default)]
struct EdgeColumns<'a> {
    record_id: Vec<&'a str>,
    actor_key: Vec<&'a str>,
    actor: Vec<&'a str>,
    actor_country: Vec<Option<&'a str>>,
    recipient_key: Vec<&'a str>,
    recipient: Vec<&'a str>,
    recipient_country: Vec<Option<&'a str>>,
    quad_class: Vec<Option<i64>>,
    event_type: Vec<String>,
    day: Vec<Option<&'a str>>,
}

/// `now()` as SQLite's `strftime('%Y-%m-%dT%H:%M:%SZ', 'now')`.
pub(crate) const NOW_UTC: &str =
    "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

const INSERT_DOCUMENT: &str = "INSERT INTO documents
    (id, doc, hash, title, published, outlet, byline, url, source, format, words, json, ingested_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
            to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))
    ON CONFLICT DO NOTHING";

const INSERT_TEXT: &str = "INSERT INTO texts (hash, text) VALUES ($1, $2)";

const INSERT_RECORDS: &str = "INSERT INTO records
    (id, doc_hash, kind, doc, sentence, span_start, span_end, date,
     speaker, speaker_id, actor, actor_id, recipient, recipient_id, country,
     agent_search, recipient_search, event_type, json, day, stance)
    SELECT u.id, $2, u.kind, u.doc, u.sentence, u.span_start, u.span_end, u.date,
           u.speaker, u.speaker_id, u.actor, u.actor_id, u.recipient, u.recipient_id, u.country,
           u.agent_search, u.recipient_search, u.event_type, u.json, u.day, u.stance
    FROM unnest($1::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], $7::int8[],
                $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
                $20::text[], $21::text[])
         WITH ORDINALITY AS u(id, kind, doc, sentence, span_start, span_end, date,
                              speaker, speaker_id, actor, actor_id, recipient, recipient_id,
                              country, agent_search, recipient_search, event_type, json, day,
                              stance, ord)
    ORDER BY u.ord";

const INSERT_EDGES: &str = "INSERT INTO edges
    (record_id, doc_hash, actor_key, actor, actor_country, recipient_key, recipient,
     recipient_country, quad_class, event_type, day)
    SELECT u.record_id, $2, u.actor_key, u.actor, u.actor_country, u.recipient_key,
           u.recipient, u.recipient_country, u.quad_class, u.event_type, u.day
    FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::int8[], $10::text[], $11::text[])
         WITH ORDINALITY AS u(record_id, actor_key, actor, actor_country, recipient_key,
                              recipient, recipient_country, quad_class, event_type, day, ord)
    ORDER BY u.ord";

/// Kinds arrive sorted: concurrent writers lock the rows in one order.
const ADD_COUNTS: &str = "INSERT INTO kind_counts (kind, n)
    SELECT u.kind, u.n FROM unnest($1::text[], $2::int8[]) AS u(kind, n) ORDER BY u.kind
    ON CONFLICT (kind) DO UPDATE SET n = kind_counts.n + excluded.n";
