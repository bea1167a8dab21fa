//! The write side: on SQLite one IMMEDIATE transaction per batch of
//! documents (savepoints per document only when one fails), statements
//! cached, texts indexed once per batch; PostgreSQL's write
//! is `pg::Pg::put`, from the same columns, one transaction per document.

use crate::{err_at, Db, Outcome, Store, StoreError};
use demarche_core::{
    sha256_hex, Document, DocumentRecord, EventRecord, ParticipantRecord, Record, RecordBuilder,
};
use rusqlite::{params, TransactionBehavior};

const INSERT_DOCUMENT: &str = "INSERT INTO documents
    (id, doc, hash, title, published, outlet, byline, url, source, format, words, json, ingested_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

const INSERT_TEXT: &str = "INSERT INTO texts (hash, text) VALUES (?1, ?2)";

/// `OR IGNORE`: two records of one document with the same id (same kind,
/// span and key) are the same record; the first is kept.
const INSERT_RECORD: &str = "INSERT OR IGNORE INTO records
    (id, doc_hash, kind, doc, sentence, span_start, span_end, date,
     speaker, speaker_id, actor, actor_id, recipient, recipient_id, country,
     agent_search, recipient_search, event_type, json, day, stance)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)";

const INSERT_EDGE: &str = "INSERT INTO edges
    (record_id, doc_hash, actor_key, actor, actor_country, recipient_key, recipient,
     recipient_country, quad_class, event_type, day)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

const ADD_COUNT: &str = "INSERT INTO kind_counts (kind, n) VALUES (?1, ?2)
    ON CONFLICT(kind) DO UPDATE SET n = n + excluded.n";

impl Store {
    /// Stores a document and its records in one transaction; a document whose
    /// text hash is already stored is a no-op ([`Outcome::Duplicate`]).
    ///
    /// The document record is taken from `records` when present (else built
    /// from `doc`); the text stored is `doc.text`, which record spans index.
    pub fn put(&mut self, doc: &Document, records: &[Record]) -> Result<Outcome, StoreError> {
        let mut out = self.put_batch(&[(doc, records)]);
        out.pop()
            .unwrap_or_else(|| Err(StoreError::Other("no outcome".into())))
    }

    /// Stores documents together: on SQLite in one transaction (a group
    /// commit: pages the documents share — index leaves, the full-text
    /// index — are written once per batch, not once per document); when a
    /// document fails, the batch is written again with each document inside
    /// its own savepoint, so that document leaves no trace and the others
    /// still go in. On PostgreSQL each document is its
    /// own transaction, as concurrent writers need.
    ///
    /// Returns one result per document attempted, in order. A fatal error
    /// ([`StoreError::Full`], [`StoreError::ReadOnly`], …) ends the batch: the
    /// documents after it are not attempted, so the list is shorter than
    /// `items`. When the batch's commit fails, every document of it fails
    /// with that error and none is stored; a crash at any moment leaves
    /// whole documents only.
    pub fn put_batch(
        &mut self,
        items: &[(&Document, &[Record])],
    ) -> Vec<Result<Outcome, StoreError>> {
        let mut out = Vec::with_capacity(items.len());
        let (path, busy) = (self.path.clone(), self.busy_timeout);
        let conn = match &mut self.db {
            Db::Lite(c) => c,
            Db::Pg(pg) => {
                for (doc, records) in items {
                    let r = prepared(doc, records, |drec, hash| pg.put(doc, drec, hash, records));
                    let stop = r.as_ref().is_err_and(StoreError::ends_writing);
                    out.push(r);
                    if stop {
                        break;
                    }
                }
                return out;
            }
        };
        let e = |x| err_at(&path, busy, x);
        // First the whole batch without savepoints (each document's first
        // change to a page would copy the page into the savepoint journal,
        // a sixth of the writer's time); when anything fails, that
        // transaction is rolled back and the batch written again with a
        // savepoint per document, which gives each document its own outcome.
        let fast = if items.len() > 1 {
            write_lite(conn, items, false, &e)
        } else {
            None
        };
        let out = fast.unwrap_or_else(|| {
            write_lite(conn, items, true, &e)
                .unwrap_or_else(|| unreachable!("a careful write reports every outcome"))
        });
        if let Some(c) = &self.checkpointer {
            c.poke();
        }
        out
    }

    /// Stores many documents, group-committed as [`Store::put_batch`] does.
    /// Returns one outcome per document, or the first error.
    pub fn put_many<'a, I>(&mut self, items: I) -> Result<Vec<Outcome>, StoreError>
    where
        I: IntoIterator<Item = (&'a Document, &'a [Record])>,
    {
        let items: Vec<(&Document, &[Record])> = items.into_iter().collect();
        self.put_batch(&items).into_iter().collect()
    }
}

/// Writes a batch in one IMMEDIATE transaction on SQLite and returns one
/// outcome per document attempted (see [`Store::put_batch`]; a transaction
/// that cannot begin is the one error). `careful`: each document inside its
/// own savepoint, so a failing document leaves no trace and the others
/// still go in. Not careful: no savepoints, and the first error rolls back
/// the whole batch and returns `None`.
fn write_lite(
    conn: &mut rusqlite::Connection,
    items: &[(&Document, &[Record])],
    careful: bool,
    e: &dyn Fn(rusqlite::Error) -> StoreError,
) -> Option<Vec<Result<Outcome, StoreError>>> {
    let mut tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(x) => return Some(vec![Err(e(x))]),
    };
    let mut out = Vec::with_capacity(items.len());
    // (text rowid, document) of each text stored, for the full-text index.
    let mut texts: Vec<(i64, &Document)> = Vec::with_capacity(items.len());
    for (doc, records) in items {
        let mut text_rowid = None;
        let r = if careful {
            tx.savepoint().map_err(e).and_then(|mut sp| {
                let r = prepared(doc, records, |drec, hash| {
                    put_lite(&sp, doc, drec, hash, records, &mut text_rowid, e)
                });
                match r {
                    Ok(outcome) => sp.commit().map_err(e).map(|_| outcome),
                    Err(x) => {
                        // A failed document leaves nothing behind.
                        let _ = sp.rollback();
                        Err(x)
                    }
                }
            })
        } else {
            let r = prepared(doc, records, |drec, hash| {
                put_lite(&tx, doc, drec, hash, records, &mut text_rowid, e)
            });
            if r.is_err() {
                // Dropping the transaction rolls it back.
                return None;
            }
            r
        };
        let stop = r.as_ref().is_err_and(StoreError::ends_writing);
        if let (Ok(Outcome::Inserted), Some(rowid)) = (&r, text_rowid) {
            texts.push((rowid, doc));
        }
        out.push(r);
        if stop {
            break;
        }
    }
    // The batch's texts go into the full-text index after every savepoint
    // is released (see schema migration 4), in the same transaction: a
    // failure here stores none of the batch.
    let done = index_texts(&tx, &texts)
        .map_err(e)
        .and_then(|_| tx.commit().map_err(e));
    if let Err(x) = done {
        if !careful {
            return None;
        }
        for r in out.iter_mut() {
            if r.is_ok() {
                *r = Err(x.repeated());
            }
        }
    }
    Some(out)
}

/// The document record (from `records`, else built from `doc`) and the text
/// hash a document is stored under, handed to `store`.
fn prepared(
    doc: &Document,
    records: &[Record],
    store: impl FnOnce(&DocumentRecord, &str) -> Result<Outcome, StoreError>,
) -> Result<Outcome, StoreError> {
    let built;
    let drec = match records.iter().find_map(|r| match r {
        Record::Document(d) => Some(d),
        _ => None,
    }) {
        Some(d) => d,
        None => {
            built = RecordBuilder::new(doc).document();
            &built
        }
    };
    let hash = if !doc.hash.is_empty() {
        doc.hash.clone()
    } else if !drec.hash.is_empty() {
        drec.hash.clone()
    } else {
        sha256_hex(&doc.text)
    };
    store(drec, &hash)
}

/// Adds texts to the full-text index (`texts_fts`, external content: the
/// row ids and texts of `texts`).
fn index_texts(tx: &rusqlite::Connection, texts: &[(i64, &Document)]) -> rusqlite::Result<()> {
    if texts.is_empty() {
        return Ok(());
    }
    let mut st = tx.prepare_cached("INSERT INTO texts_fts (rowid, text) VALUES (?1, ?2)")?;
    for (rowid, doc) in texts {
        st.execute(params![rowid, doc.text])?;
    }
    Ok(())
}

/// One document's rows on an open SQLite transaction (or savepoint); sets
/// `text_rowid` to the row id of the text stored.
fn put_lite(
    tx: &rusqlite::Connection,
    doc: &Document,
    drec: &DocumentRecord,
    hash: &str,
    records: &[Record],
    text_rowid: &mut Option<i64>,
    e: &dyn Fn(rusqlite::Error) -> StoreError,
) -> Result<Outcome, StoreError> {
    {
        let mut exists = tx
            .prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")
            .map_err(e)?;
        if exists.exists([hash]).map_err(e)? {
            return Ok(Outcome::Duplicate);
        }
    }
    let published_day = drec.published.as_deref().and_then(date_part);
    let mut buf = Vec::with_capacity(1024);
    document_json(&mut buf, drec)?;
    tx.prepare_cached(INSERT_DOCUMENT)
        .and_then(|mut st| {
            st.execute(params![
                drec.prov.id,
                drec.prov.doc,
                hash,
                drec.title,
                drec.published,
                drec.outlet,
                drec.byline,
                drec.url,
                drec.source,
                drec.format,
                drec.words as i64,
                as_str(&buf),
            ])
        })
        .map_err(e)?;
    tx.prepare_cached(INSERT_TEXT)
        .and_then(|mut st| st.insert(params![hash, doc.text]))
        .map(|rowid| *text_rowid = Some(rowid))
        .map_err(e)?;
    let mut counts: Vec<(&str, i64)> = Vec::new();
    {
        let mut st = tx.prepare_cached(INSERT_RECORD).map_err(e)?;
        let mut edge = tx.prepare_cached(INSERT_EDGE).map_err(e)?;
        for r in records {
            if matches!(r, Record::Document(_)) {
                continue;
            }
            let row = Row::of(r, published_day);
            let p = r.prov();
            buf.clear();
            to_json(&mut buf, r)?;
            let n = st
                .execute(params![
                    p.id,
                    hash,
                    r.kind(),
                    p.doc,
                    p.sentence as i64,
                    p.span[0] as i64,
                    p.span[1] as i64,
                    row.date,
                    row.speaker,
                    row.speaker_id,
                    row.actor,
                    row.actor_id,
                    row.recipient,
                    row.recipient_id,
                    row.country,
                    row.agent_search,
                    row.recipient_search,
                    row.event_type,
                    as_str(&buf),
                    row.date.or(published_day),
                    row.stance,
                ])
                .map_err(e)?;
            if n == 0 {
                continue;
            }
            match counts.iter_mut().find(|(k, _)| *k == r.kind()) {
                Some((_, c)) => *c += 1,
                None => counts.push((r.kind(), 1)),
            }
            if let Record::Event(ev) = r {
                for (a, p) in edge_pairs(ev) {
                    edge.execute(params![
                        ev.prov.id,
                        hash,
                        key_of(a),
                        a.name,
                        a.country,
                        key_of(p),
                        p.name,
                        p.country,
                        ev.codes.quad_class,
                        ev.event_type,
                        row.date.or(published_day),
                    ])
                    .map_err(e)?;
                }
            }
        }
        let mut add = tx.prepare_cached(ADD_COUNT).map_err(e)?;
        for (k, n) in counts {
            add.execute(params![k, n]).map_err(e)?;
        }
    }
    Ok(Outcome::Inserted)
}

/// The document record as `documents.json` holds it: without its text,
/// which goes to `texts`.
pub(crate) fn document_json(buf: &mut Vec<u8>, drec: &DocumentRecord) -> Result<(), StoreError> {
    if drec.text.is_some() {
        let mut bare = drec.clone();
        bare.text = None;
        to_json(buf, &bare)
    } else {
        to_json(buf, drec)
    }
}

pub(crate) fn to_json<T: serde::Serialize>(buf: &mut Vec<u8>, v: &T) -> Result<(), StoreError> {
    serde_json::to_writer(&mut *buf, v)
        .map_err(|e| StoreError::Other(format!("cannot encode record: {e}")))
}

/// serde_json writes UTF-8 only.
fn as_str(buf: &[u8]) -> &str {
    std::str::from_utf8(buf).unwrap_or_default()
}

/// A participant's network key: its knowledge-base id, else its name.
pub(crate) fn key_of(p: &ParticipantRecord) -> &str {
    p.id.as_deref().unwrap_or(&p.name)
}

/// The distinct (actor, recipient) pairs of an event with different keys.
pub(crate) fn edge_pairs(ev: &EventRecord) -> Vec<(&ParticipantRecord, &ParticipantRecord)> {
    let mut out: Vec<(&ParticipantRecord, &ParticipantRecord)> = Vec::new();
    for a in &ev.actors {
        for p in &ev.recipients {
            if key_of(a) == key_of(p)
                || out
                    .iter()
                    .any(|(x, y)| key_of(x) == key_of(a) && key_of(y) == key_of(p))
            {
                continue;
            }
            out.push((a, p));
        }
    }
    out
}

/// The indexed columns of one record.
#[derive(Default)]
pub(crate) struct Row<'a> {
    pub(crate) date: Option<&'a str>,
    pub(crate) speaker: Option<&'a str>,
    pub(crate) speaker_id: Option<&'a str>,
    pub(crate) actor: Option<&'a str>,
    pub(crate) actor_id: Option<&'a str>,
    pub(crate) recipient: Option<&'a str>,
    pub(crate) recipient_id: Option<&'a str>,
    pub(crate) country: Option<&'a str>,
    pub(crate) agent_search: Option<String>,
    pub(crate) recipient_search: Option<String>,
    pub(crate) event_type: Option<&'a str>,
    pub(crate) stance: Option<&'static str>,
}

impl<'a> Row<'a> {
    pub(crate) fn of(r: &'a Record, published: Option<&'a str>) -> Row<'a> {
        match r {
            Record::Document(_) => Row::default(),
            Record::Quote(q) => Row {
                date: published,
                speaker: q.speaker.as_deref(),
                speaker_id: q.speaker_id.as_deref(),
                country: q.speaker_country.as_deref(),
                stance: q.stance.map(|s| s.as_str()),
                agent_search: search(
                    [&q.speaker, &q.speaker_id, &q.speaker_text]
                        .into_iter()
                        .flatten(),
                ),
                ..Row::default()
            },
            Record::Silence(s) => Row {
                date: published,
                actor: s.actor.as_deref(),
                actor_id: s.actor_id.as_deref(),
                country: s.actor_country.as_deref(),
                agent_search: search([&s.actor, &s.actor_id, &s.actor_text].into_iter().flatten()),
                ..Row::default()
            },
            Record::Time(t) => Row {
                date: iso_prefix(&t.value),
                ..Row::default()
            },
            Record::Entity(en) => Row {
                actor: Some(en.name.as_str()),
                actor_id: en.kb_id.as_deref(),
                country: en.country.as_deref(),
                agent_search: search(
                    std::iter::once(&en.name)
                        .chain(en.kb_id.iter())
                        .chain(en.aliases.iter()),
                ),
                ..Row::default()
            },
            Record::Event(ev) => Row {
                date: ev.date.as_deref().and_then(iso_prefix),
                actor: ev
                    .actor
                    .as_deref()
                    .or(ev.actors.first().map(|a| a.name.as_str())),
                actor_id: ev.actors.first().and_then(|a| a.id.as_deref()),
                recipient: ev
                    .recipient
                    .as_deref()
                    .or(ev.recipients.first().map(|a| a.name.as_str())),
                recipient_id: ev.recipients.first().and_then(|a| a.id.as_deref()),
                country: ev
                    .actor_country
                    .as_deref()
                    .or(ev.actors.first().and_then(|a| a.country.as_deref())),
                agent_search: search(
                    ev.actor.iter().chain(
                        ev.actors
                            .iter()
                            .flat_map(|a| std::iter::once(&a.name).chain(a.id.iter())),
                    ),
                ),
                recipient_search: search(
                    ev.recipient.iter().chain(
                        ev.recipients
                            .iter()
                            .flat_map(|a| std::iter::once(&a.name).chain(a.id.iter())),
                    ),
                ),
                event_type: Some(ev.event_type.as_str()),
                ..Row::default()
            },
            Record::Finding(f) => Row {
                date: published,
                actor: Some(f.entity.as_str()),
                actor_id: Some(f.entity_id.as_str()),
                agent_search: search([&f.entity, &f.entity_id].into_iter()),
                ..Row::default()
            },
        }
    }
}

/// The ISO date part of a TIMEX3 value: "2026-01-07" → itself,
/// "2026-01-XX" → "2026-01", "2026-01-07T10:00" → itself; `None` for
/// values that are not dates ("P4Y", "PRESENT_REF", "XXXX-XX-XX").
pub(crate) fn iso_prefix(v: &str) -> Option<&str> {
    let b = v.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    if b.len() > 4 && !matches!(b[4], b'-' | b'T') {
        return None;
    }
    let cut = v.find('X').unwrap_or(v.len());
    Some(v[..cut].trim_end_matches(['-', 'T']))
}

/// The `YYYY-MM-DD` (or coarser) part of a published date or date-time.
pub(crate) fn date_part(v: &str) -> Option<&str> {
    iso_prefix(v).map(|d| d.get(..10).unwrap_or(d))
}

/// Appends one name to a search list: `| word word |`.
fn push_normalized(out: &mut String, name: &str) {
    let mark = out.len();
    out.push(' ');
    let mut words = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            words = true;
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !words {
        out.truncate(mark);
        return;
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out.push('|');
}

/// A whole-word search list of names: `"| dmitry medvedev | q123 |"`.
pub(crate) fn search<'s>(names: impl Iterator<Item = &'s String>) -> Option<String> {
    let mut out = String::from("|");
    for n in names {
        push_normalized(&mut out, n);
    }
    (out.len() > 1).then_some(out)
}

/// A name query as a whole-word pattern: `" medvedev "`; `None` when it has
/// no letters or digits.
pub(crate) fn search_pattern(q: &str) -> Option<String> {
    let mut out = String::new();
    push_normalized(&mut out, q);
    out.pop().map(|_| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_prefixes() {
        assert_eq!(iso_prefix("2026-01-07"), Some("2026-01-07"));
        assert_eq!(iso_prefix("2026-01-XX"), Some("2026-01"));
        assert_eq!(iso_prefix("2026"), Some("2026"));
        assert_eq!(iso_prefix("2026-W02"), Some("2026-W02"));
        assert_eq!(iso_prefix("XXXX-XX-XX"), None);
        assert_eq!(iso_prefix("P4Y"), None);
        assert_eq!(iso_prefix("PRESENT_REF"), None);
        assert_eq!(iso_prefix("20261"), None);
        assert_eq!(date_part("2026-01-05T10:00Z"), Some("2026-01-05"));
    }

    #[test]
    fn search_lists_match_whole_words() {
        let names = [
            "Dmitry Medvedev".to_string(),
            "local:dmitry-medvedev".to_string(),
            "!!".to_string(),
        ];
        let s = search(names.iter()).unwrap_or_default();
        assert_eq!(s, "| dmitry medvedev | local dmitry medvedev |");
        let p = search_pattern("MEDVEDEV").unwrap_or_default();
        assert_eq!(p, " medvedev ");
        assert!(s.contains(&p));
        assert!(!s.contains(&search_pattern("Dmit").unwrap_or_default()));
        assert_eq!(search_pattern("--"), None);
        assert_eq!(search(std::iter::empty()), None);
    }
}
