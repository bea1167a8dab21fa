//! The read side: filtered, stably ordered queries over stored records.

use crate::dialect::DbRow;
use crate::write::{iso_prefix, search_pattern};
use crate::{Db, Filter, Store, StoreError};
use demarche_core::{
    DocumentRecord, EntityRecord, EventRecord, FindingRecord, QuoteRecord, Record, SilenceRecord,
    TimeRecord, KINDS,
};
use rusqlite::types::Value;
use std::collections::BTreeMap;

/// A record's effective date: its own, else its document's published day.
const EFF_DATE: &str = "COALESCE(r.date, substr(d.published, 1, 10))";
/// Stable order: published date (undated last), document, position.
const ORDER: &str = "d.published IS NULL, d.published, r.doc, r.span_start, r.kind, r.id";

/// One stored document: its record, its text and its other records.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub record: DocumentRecord,
    pub text: String,
    pub records: Vec<Record>,
}

/// Where a timeline entry's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The record's own date (an event's date).
    Record,
    /// The document's published date (quotes, undated events).
    Published,
}

/// One line of a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// ISO date (or a coarser prefix: "2026-01").
    pub date: String,
    pub date_source: DateSource,
    /// An event or a quote.
    pub record: Record,
    pub doc: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

/// What an export cites of an event's document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citation {
    /// The document's name.
    pub doc: String,
    /// SHA-256 of its text.
    pub hash: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// When it was stored, `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub ingested_at: String,
}

/// What the store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records per kind (every kind of [`KINDS`], "document" included).
    pub counts: BTreeMap<String, usize>,
    /// Words over all documents.
    pub words: u64,
}

/// SQL conditions and their parameters, built from a filter.
#[derive(Default)]
pub(crate) struct Conds {
    pub(crate) sql: Vec<String>,
    pub(crate) params: Vec<Value>,
}

impl Conds {
    pub(crate) fn push(&mut self, sql: impl Into<String>, params: impl IntoIterator<Item = Value>) {
        self.sql.push(sql.into());
        self.params.extend(params);
    }

    pub(crate) fn where_clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql.join(" AND "))
        }
    }

    /// Conditions on the record's agent, recipient, type and country.
    pub(crate) fn agent(&mut self, f: &Filter) {
        for q in [&f.speaker, &f.actor].into_iter().flatten() {
            if let Some(p) = search_pattern(q) {
                self.push("instr(r.agent_search, ?) > 0", [Value::Text(p)]);
            }
        }
        if let Some(p) = f.recipient.as_deref().and_then(search_pattern) {
            self.push("instr(r.recipient_search, ?) > 0", [Value::Text(p)]);
        }
        // event_type and stance compare case-insensitively: SQLite's
        // columns are COLLATE NOCASE, PostgreSQL's hold lowercase.
        if let Some(t) = &f.event_type {
            self.push(
                "r.event_type = ?",
                [Value::Text(t.trim().to_ascii_lowercase())],
            );
        }
        if let Some(st) = &f.stance {
            self.push(
                "r.stance = ?",
                [Value::Text(
                    st.trim().replace([' ', '-'], "_").to_ascii_lowercase(),
                )],
            );
        }
        if let Some(c) = &f.country {
            self.push(
                "lower(r.country) = lower(?)",
                [Value::Text(c.trim().to_string())],
            );
        }
    }

    pub(crate) fn has_agent(f: &Filter) -> bool {
        f.speaker.is_some()
            || f.actor.is_some()
            || f.recipient.is_some()
            || f.event_type.is_some()
            || f.country.is_some()
            || f.stance.is_some()
    }

    /// `since`/`until` against a date expression; a coarser date overlapping
    /// the bound counts as inside.
    pub(crate) fn dates(&mut self, expr: &str, f: &Filter) {
        if let Some(s) = &f.since {
            let s = s.trim().to_string();
            self.push(
                format!("({expr} >= ? OR substr(?, 1, length({expr})) = {expr})"),
                [Value::Text(s.clone()), Value::Text(s)],
            );
        }
        if let Some(u) = &f.until {
            let u = u.trim().to_string();
            self.push(
                format!("substr({expr}, 1, length(?)) <= ?"),
                [Value::Text(u.clone()), Value::Text(u)],
            );
        }
    }

    pub(crate) fn doc(&mut self, f: &Filter) {
        if let Some(doc) = &f.doc {
            let d = doc.trim().to_string();
            let hash = if d.len() >= 6 && d.bytes().all(|b| b.is_ascii_hexdigit()) {
                d.to_ascii_lowercase()
            } else {
                String::from("-")
            };
            self.push(
                "(d.doc = ? OR d.id = ? OR substr(d.hash, 1, length(?)) = ?)",
                [
                    Value::Text(d.clone()),
                    Value::Text(d),
                    Value::Text(hash.clone()),
                    Value::Text(hash),
                ],
            );
        }
    }
}

fn limit(f: &Filter) -> String {
    f.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default()
}

impl Store {
    pub(crate) fn corrupt(&self, what: &str, e: serde_json::Error) -> StoreError {
        StoreError::Other(format!("{}: unreadable stored {what}: {e}", self.path))
    }

    /// Runs a shared query (see `dialect`) and reads each row with `row`.
    pub(crate) fn json_rows<T>(
        &self,
        sql: &str,
        params: Vec<Value>,
        mut row: impl FnMut(&DbRow<'_, '_>) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        match &self.db {
            Db::Lite(conn) => {
                let mut st = conn.prepare_cached(sql).map_err(|e| self.err(e))?;
                let mut rows = st
                    .query(rusqlite::params_from_iter(params))
                    .map_err(|e| self.err(e))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                    out.push(row(&DbRow::Lite(r))?);
                }
                Ok(out)
            }
            Db::Pg(pg) => pg
                .query(sql, &params)?
                .iter()
                .map(|r| row(&DbRow::Pg(r)))
                .collect(),
        }
    }

    /// Runs a shared statement (see `dialect`); the rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: Vec<Value>) -> Result<u64, StoreError> {
        match &self.db {
            Db::Lite(conn) => conn
                .prepare_cached(sql)
                .and_then(|mut st| st.execute(rusqlite::params_from_iter(params)))
                .map(|n| n as u64)
                .map_err(|e| self.err(e)),
            Db::Pg(pg) => pg.execute(&crate::dialect::to_postgres(sql), &params),
        }
    }

    /// Streams the rows of a shared query to `each`, one at a time; `each`
    /// may query the store meanwhile. The first error stops the stream.
    pub(crate) fn each_row<E: From<StoreError>>(
        &self,
        sql: &str,
        params: Vec<Value>,
        mut each: impl FnMut(&DbRow<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        match &self.db {
            Db::Lite(conn) => {
                let mut st = conn.prepare_cached(sql).map_err(|e| self.err(e))?;
                let mut rows = st
                    .query(rusqlite::params_from_iter(params))
                    .map_err(|e| self.err(e))?;
                while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                    each(&DbRow::Lite(r))?;
                }
                Ok(())
            }
            Db::Pg(pg) => pg.stream(sql, &params, |r| each(&DbRow::Pg(r))),
        }
    }

    /// Records of the given kinds matching the filter, in stable order.
    fn select(&self, kinds: &[&str], f: &Filter) -> Result<Vec<Record>, StoreError> {
        Ok(self
            .select_with_hash(kinds, f)?
            .into_iter()
            .map(|(_, r)| r)
            .collect())
    }

    /// [`Store::select`] with each record's document hash.
    fn select_with_hash(
        &self,
        kinds: &[&str],
        f: &Filter,
    ) -> Result<Vec<(String, Record)>, StoreError> {
        let mut c = Conds::default();
        let marks = vec!["?"; kinds.len()].join(", ");
        c.push(
            format!("r.kind IN ({marks})"),
            kinds.iter().map(|k| Value::Text(k.to_string())),
        );
        c.agent(f);
        c.dates(EFF_DATE, f);
        c.doc(f);
        let sql = format!(
            "SELECT r.json, r.doc_hash FROM records r JOIN documents d ON d.hash = r.doc_hash{} ORDER BY {ORDER}{}",
            c.where_clause(),
            limit(f)
        );
        let rows = self.json_rows(&sql, c.params, |r| {
            Ok((r.get::<String>(0)?, r.get::<String>(1)?))
        })?;
        rows.into_iter()
            .map(|(t, h)| {
                serde_json::from_str(&t)
                    .map(|r| (h, r))
                    .map_err(|e| self.corrupt("record", e))
            })
            .collect()
    }

    /// Every non-document record matching the filter, in stable order
    /// (published date, document, span start).
    pub fn records(&self, f: &Filter) -> Result<Vec<Record>, StoreError> {
        self.select(&KINDS[1..], f)
    }

    /// Documents matching the filter (agent filters keep documents holding at
    /// least one matching record), ordered by published date.
    pub fn documents(&self, f: &Filter) -> Result<Vec<DocumentRecord>, StoreError> {
        let mut c = Conds::default();
        if Conds::has_agent(f) {
            let mut inner = Conds::default();
            inner.agent(f);
            c.push(
                format!(
                    "EXISTS (SELECT 1 FROM records r WHERE r.doc_hash = d.hash AND {})",
                    inner.sql.join(" AND ")
                ),
                inner.params,
            );
        }
        c.dates("substr(d.published, 1, 10)", f);
        c.doc(f);
        let sql = format!(
            "SELECT d.json FROM documents d{} ORDER BY d.published IS NULL, d.published, d.doc, d.hash{}",
            c.where_clause(),
            limit(f)
        );
        let texts = self.json_rows(&sql, c.params, |r| r.get::<String>(0))?;
        texts
            .iter()
            .map(|t| serde_json::from_str(t).map_err(|e| self.corrupt("document", e)))
            .collect()
    }

    /// One document by name, document record id or text hash.
    pub fn document_by_id(&self, id: &str) -> Result<Option<DocumentRecord>, StoreError> {
        let sql = "SELECT d.json FROM documents d WHERE d.id = ?1 OR d.doc = ?1 OR d.hash = ?1
                   ORDER BY d.published IS NULL, d.published, d.hash LIMIT 1";
        let texts = self.json_rows(sql, vec![Value::Text(id.to_string())], |r| {
            r.get::<String>(0)
        })?;
        texts
            .first()
            .map(|t| serde_json::from_str(t).map_err(|e| self.corrupt("document", e)))
            .transpose()
    }

    /// The stored text of a document (record spans index it, in characters).
    pub fn text(&self, doc_hash: &str) -> Result<Option<String>, StoreError> {
        let texts = self.json_rows(
            "SELECT text FROM texts WHERE hash = ?1",
            vec![Value::Text(doc_hash.to_string())],
            |r| r.get::<String>(0),
        )?;
        Ok(texts.into_iter().next())
    }

    /// Whether a document with this text hash is stored (ingest asks before
    /// annotating, so a re-run over the same input costs a lookup per
    /// document stored before).
    pub fn contains(&self, doc_hash: &str) -> Result<bool, StoreError> {
        let found = self.json_rows(
            "SELECT 1 FROM documents WHERE hash = ?1",
            vec![Value::Text(doc_hash.to_string())],
            |r| r.get::<i64>(0),
        )?;
        Ok(!found.is_empty())
    }

    /// Streams every stored document in text-hash order, each with its text
    /// and its records (in [`Store::document_records`] order): a dump that
    /// does not depend on the order documents were stored in. Documents are
    /// read one at a time; the first error `each` returns stops the stream.
    pub fn for_each_document<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(StoredDocument) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_row(
            "SELECT d.hash, d.json, t.text FROM documents d JOIN texts t ON t.hash = d.hash ORDER BY d.hash",
            vec![],
            |row| {
                let (hash, json, text): (String, String, String) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                let record: DocumentRecord =
                    serde_json::from_str(&json).map_err(|e| self.corrupt("document", e))?;
                let records = self.document_records(&hash)?;
                each(StoredDocument {
                    record,
                    text,
                    records,
                })
            },
        )
    }

    /// Records of one kind, unwrapped from [`Record`] by `pick`.
    fn select_kind<T>(
        &self,
        kind: &str,
        f: &Filter,
        pick: fn(Record) -> Option<T>,
    ) -> Result<Vec<T>, StoreError> {
        Ok(self
            .select(&[kind], f)?
            .into_iter()
            .filter_map(pick)
            .collect())
    }

    /// Entity records with the hash of their document (to fetch its text
    /// once with [`Store::text`]).
    pub fn entities_with_hash(
        &self,
        f: &Filter,
    ) -> Result<Vec<(String, EntityRecord)>, StoreError> {
        Ok(self
            .select_with_hash(&["entity"], f)?
            .into_iter()
            .filter_map(|(h, r)| match r {
                Record::Entity(x) => Some((h, x)),
                _ => None,
            })
            .collect())
    }

    /// Entity records, one per entity per document.
    pub fn entities(&self, f: &Filter) -> Result<Vec<EntityRecord>, StoreError> {
        self.select_kind("entity", f, |r| match r {
            Record::Entity(x) => Some(x),
            _ => None,
        })
    }

    /// Time expressions.
    pub fn times(&self, f: &Filter) -> Result<Vec<TimeRecord>, StoreError> {
        self.select_kind("time", f, |r| match r {
            Record::Time(x) => Some(x),
            _ => None,
        })
    }

    /// Attributed statements.
    pub fn quotes(&self, f: &Filter) -> Result<Vec<QuoteRecord>, StoreError> {
        self.select_kind("quote", f, |r| match r {
            Record::Quote(x) => Some(x),
            _ => None,
        })
    }

    /// Silences.
    pub fn silences(&self, f: &Filter) -> Result<Vec<SilenceRecord>, StoreError> {
        self.select_kind("silence", f, |r| match r {
            Record::Silence(x) => Some(x),
            _ => None,
        })
    }

    /// PLOVER events.
    pub fn events(&self, f: &Filter) -> Result<Vec<EventRecord>, StoreError> {
        self.select_kind("event", f, |r| match r {
            Record::Event(x) => Some(x),
            _ => None,
        })
    }

    /// Streams the events matching the filter, in the order of
    /// [`Store::events`], each with its document's [`Citation`]. Rows are read
    /// one at a time; the first error `each` returns stops the stream.
    pub fn for_each_event<E: From<StoreError>>(
        &self,
        f: &Filter,
        mut each: impl FnMut(EventRecord, &Citation) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut c = Conds::default();
        c.push("r.kind = 'event'", []);
        c.agent(f);
        c.dates(EFF_DATE, f);
        c.doc(f);
        let sql = format!(
            "SELECT r.json, d.hash, d.doc, d.title, d.published, d.outlet, d.url, d.ingested_at
             FROM records r JOIN documents d ON d.hash = r.doc_hash{} ORDER BY {ORDER}{}",
            c.where_clause(),
            limit(f)
        );
        let mut cite = Citation::default();
        self.each_row(&sql, c.params, |row| {
            let (json, hash): (String, String) = (row.get(0)?, row.get(1)?);
            if hash != cite.hash {
                cite = Citation {
                    doc: row.get(2)?,
                    hash,
                    title: row.get(3)?,
                    published: row.get(4)?,
                    outlet: row.get(5)?,
                    url: row.get(6)?,
                    ingested_at: row.get(7)?,
                };
            }
            match serde_json::from_str(&json).map_err(|e| self.corrupt("record", e))? {
                Record::Event(ev) => each(ev, &cite),
                _ => Ok(()),
            }
        })
    }

    /// PLOVER events with the hash of their document (to join each with its
    /// document's metadata).
    pub fn events_with_hash(&self, f: &Filter) -> Result<Vec<(String, EventRecord)>, StoreError> {
        Ok(self
            .select_with_hash(&["event"], f)?
            .into_iter()
            .filter_map(|(h, r)| match r {
                Record::Event(x) => Some((h, x)),
                _ => None,
            })
            .collect())
    }

    /// Consistency findings: titles the knowledge base contradicts.
    pub fn findings(&self, f: &Filter) -> Result<Vec<FindingRecord>, StoreError> {
        self.select_kind("finding", f, |r| match r {
            Record::Finding(x) => Some(x),
            _ => None,
        })
    }

    /// Events and quotes with a date (their own, else their document's),
    /// oldest first; ties by published date, document and position.
    pub fn timeline(&self, f: &Filter) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut c = Conds::default();
        c.push("r.kind IN ('event', 'quote')", []);
        c.push(format!("{EFF_DATE} IS NOT NULL"), []);
        c.agent(f);
        c.dates(EFF_DATE, f);
        c.doc(f);
        let sql = format!(
            "SELECT r.json, {EFF_DATE}, d.doc, d.title, d.outlet, d.published
             FROM records r JOIN documents d ON d.hash = r.doc_hash{} ORDER BY {EFF_DATE}, {ORDER}{}",
            c.where_clause(),
            limit(f)
        );
        type Raw = (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Raw> = self.json_rows(&sql, c.params, |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        rows.into_iter()
            .map(|(json, date, doc, title, outlet, published)| {
                let record: Record =
                    serde_json::from_str(&json).map_err(|e| self.corrupt("record", e))?;
                let own = match &record {
                    Record::Event(e) => e.date.as_deref().and_then(iso_prefix).is_some(),
                    _ => false,
                };
                Ok(TimelineEntry {
                    date,
                    date_source: if own {
                        DateSource::Record
                    } else {
                        DateSource::Published
                    },
                    record,
                    doc,
                    title,
                    outlet,
                    published,
                })
            })
            .collect()
    }

    /// Counts per record kind (kept by [`Store::put`]), and words stored.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let mut counts: BTreeMap<String, usize> =
            KINDS.iter().map(|k| (k.to_string(), 0)).collect();
        let kinds = self.json_rows("SELECT kind, n FROM kind_counts", vec![], |r| {
            Ok((r.get::<String>(0)?, r.get::<i64>(1)?))
        })?;
        for (k, n) in kinds {
            counts.insert(k, n.max(0) as usize);
        }
        let docs = self.json_rows(
            "SELECT count(*), CAST(COALESCE(sum(words), 0) AS BIGINT) FROM documents",
            vec![],
            |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?)),
        )?;
        let (n, words) = docs.first().copied().unwrap_or((0, 0));
        counts.insert("document".into(), n.max(0) as usize);
        Ok(Stats {
            counts,
            words: words.max(0) as u64,
        })
    }
}
