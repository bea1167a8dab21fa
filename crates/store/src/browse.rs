//! The paged read side for browsing (`demarche serve`). Every query returns
//! at most `limit` rows after `offset` and walks an index in its own order:
//! records by effective day (`records_day_kind`), documents by published
//! date, network pairs by day (`edges_day`, `edges_pair`), record ids
//! (`records_id`), texts through FTS5 (`texts_fts`). No query sorts or
//! aggregates the whole store.

use crate::dialect::DbRow;
use crate::query::Conds;
use crate::{Filter, Store, StoreError};
use demarche_core::{DocumentRecord, EventRecord, Record};
use rusqlite::types::Value;
use serde::Serialize;

/// Rows per page when the filter sets no limit.
pub const DEFAULT_LIMIT: usize = 100;

/// The document columns a listed row carries (after the row's own columns).
const DOC_COLS: &str = "d.id, d.doc, d.hash, d.title, d.outlet, d.published";

/// Marks around matched terms in FTS5 snippets and highlights (control
/// characters: cleaned article text holds none).
const HIT_OPEN: char = '\u{2}';
const HIT_CLOSE: char = '\u{3}';

/// One page of rows and whether more follow it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub offset: usize,
    pub limit: usize,
    /// Rows follow this page (fetch with `offset + limit`).
    pub more: bool,
}

impl<T> Page<T> {
    /// A page from up to `limit + 1` fetched rows.
    fn of(mut items: Vec<T>, offset: usize, limit: usize) -> Page<T> {
        let more = items.len() > limit;
        items.truncate(limit);
        Page {
            items,
            offset,
            limit,
            more,
        }
    }

    /// The same page with its items mapped.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            offset: self.offset,
            limit: self.limit,
            more: self.more,
        }
    }
}

/// What a listed record shows of its document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocMeta {
    /// The document record's id.
    pub id: String,
    /// The document's name.
    pub doc: String,
    /// SHA-256 of its text.
    pub hash: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

/// A record with its document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed {
    pub record: Record,
    pub document: DocMeta,
}

/// A part of a search snippet: matched terms are `hit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub text: String,
    pub hit: bool,
}

/// One document a full-text search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub document: DocumentRecord,
    /// A short passage around the best matches.
    pub snippet: Vec<Fragment>,
    /// The stored text.
    pub text: String,
    /// `[start, end)` in characters of every matched term in `text`.
    pub hits: Vec<[usize; 2]>,
}

/// One (actor, recipient) pair of an event record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EdgeRow {
    pub record_id: String,
    /// The participant's knowledge-base id, else its name.
    pub actor_key: String,
    pub actor: String,
    pub actor_country: Option<String>,
    pub recipient_key: String,
    pub recipient: String,
    pub recipient_country: Option<String>,
    /// The event's QuadClass: 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict; `None` when not coded.
    pub quad_class: Option<u8>,
}

/// Which events of a pair to list, by QuadClass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeClass {
    /// QuadClass 1 or 2.
    Cooperation,
    /// QuadClass 3 or 4.
    Conflict,
    /// No QuadClass.
    Unclassed,
}

fn bounds(f: &Filter) -> (usize, usize) {
    (f.limit.unwrap_or(DEFAULT_LIMIT), f.offset.unwrap_or(0))
}

/// `since`/`until` with their exact semantics ([`Conds::dates`]) plus a
/// range on `indexed` that an index can serve: a coarser date ("2026-01")
/// overlapping `since` sorts at or after the bound's year.
fn day_range(c: &mut Conds, exact: &str, indexed: &str, f: &Filter) {
    c.dates(exact, f);
    if let Some(s) = &f.since {
        let year: String = s.trim().chars().take(4).collect();
        c.push(format!("{indexed} >= ?"), [Value::Text(year)]);
    }
    if let Some(u) = &f.until {
        c.push(
            format!("{indexed} <= ?"),
            [Value::Text(format!("{}\u{10FFFF}", u.trim()))],
        );
    }
}

/// A user's search words as an FTS5 query: each word, and each "quoted
/// phrase", must occur; no FTS5 operator is passed through. `None` when
/// there is nothing to search for.
pub fn fts_query(q: &str) -> Option<String> {
    let mut parts = Vec::new();
    for (i, chunk) in q.split('"').enumerate() {
        let words: Vec<String> = chunk
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            parts.push(format!("\"{}\"", words.join(" ")));
        } else {
            parts.extend(words.into_iter().map(|w| format!("\"{w}\"")));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Text with hit marks → the text without them and the hits' character
/// spans.
fn unmark(marked: &str) -> (String, Vec<[usize; 2]>) {
    let mut text = String::with_capacity(marked.len());
    let mut hits = Vec::new();
    let (mut pos, mut open) = (0usize, None);
    for c in marked.chars() {
        match c {
            HIT_OPEN => open = Some(pos),
            HIT_CLOSE => {
                if let Some(s) = open.take() {
                    hits.push([s, pos]);
                }
            }
            _ => {
                text.push(c);
                pos += 1;
            }
        }
    }
    (text, hits)
}

/// A snippet with hit marks → its fragments.
fn fragments(marked: &str) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    let mut cur = String::new();
    let mut hit = false;
    for c in marked.chars() {
        if c == HIT_OPEN || c == HIT_CLOSE {
            if !cur.is_empty() {
                out.push(Fragment {
                    text: std::mem::take(&mut cur),
                    hit,
                });
            }
            hit = c == HIT_OPEN;
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(Fragment { text: cur, hit });
    }
    out
}

/// The same query in PostgreSQL's `to_tsquery` syntax: each word quoted
/// and AND-ed, a phrase's words joined by `<->` (followed by).
pub(crate) fn pg_tsquery(q: &str) -> Option<String> {
    let mut parts = Vec::new();
    for (i, chunk) in q.split('"').enumerate() {
        let words: Vec<String> = chunk
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| format!("'{w}'"))
            .collect();
        if words.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            parts.push(format!("({})", words.join(" <-> ")));
        } else {
            parts.extend(words);
        }
    }
    (!parts.is_empty()).then(|| parts.join(" & "))
}

fn doc_meta(r: &DbRow<'_, '_>, at: usize) -> Result<DocMeta, StoreError> {
    Ok(DocMeta {
        id: r.get(at)?,
        doc: r.get(at + 1)?,
        hash: r.get(at + 2)?,
        title: r.get(at + 3)?,
        outlet: r.get(at + 4)?,
        published: r.get(at + 5)?,
    })
}

impl Store {
    /// Rows of `SELECT r.json, DOC_COLS …` → listed records.
    fn listed(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Listed>, StoreError> {
        let rows = self.json_rows(sql, params, |r| Ok((r.get::<String>(0)?, doc_meta(r, 1)?)))?;
        rows.into_iter()
            .map(|(json, document)| {
                serde_json::from_str(&json)
                    .map(|record| Listed { record, document })
                    .map_err(|e| self.corrupt("record", e))
            })
            .collect()
    }

    /// Records of the given kinds matching the filter, newest day first
    /// (undated last), one page.
    pub fn record_page(&self, kinds: &[&str], f: &Filter) -> Result<Page<Listed>, StoreError> {
        let mut c = Conds::default();
        let marks = vec!["?"; kinds.len()].join(", ");
        c.push(
            format!("r.kind IN ({marks})"),
            kinds.iter().map(|k| Value::Text(k.to_string())),
        );
        c.agent(f);
        day_range(&mut c, "r.day", "r.day", f);
        c.doc(f);
        let (limit, offset) = bounds(f);
        let sql = format!(
            "SELECT r.json, {DOC_COLS} FROM records r JOIN documents d ON d.hash = r.doc_hash{}
             ORDER BY r.day DESC, r.rowid DESC LIMIT {} OFFSET {offset}",
            c.where_clause(),
            limit + 1
        );
        Ok(Page::of(self.listed(&sql, c.params)?, offset, limit))
    }

    /// Dated events and quotes in day order (oldest first unless `newest`),
    /// one page.
    pub fn timeline_page(&self, f: &Filter, newest: bool) -> Result<Page<Listed>, StoreError> {
        let mut c = Conds::default();
        c.push("r.kind IN ('event', 'quote') AND r.day IS NOT NULL", []);
        c.agent(f);
        day_range(&mut c, "r.day", "r.day", f);
        c.doc(f);
        let (limit, offset) = bounds(f);
        let dir = if newest { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT r.json, {DOC_COLS} FROM records r JOIN documents d ON d.hash = r.doc_hash{}
             ORDER BY r.day {dir}, r.rowid {dir} LIMIT {} OFFSET {offset}",
            c.where_clause(),
            limit + 1
        );
        Ok(Page::of(self.listed(&sql, c.params)?, offset, limit))
    }

    /// Documents matching the filter, newest first (undated last), one page.
    /// Agent filters keep documents holding a matching record.
    pub fn document_page(&self, f: &Filter) -> Result<Page<DocumentRecord>, StoreError> {
        let mut c = Conds::default();
        document_conds(&mut c, f);
        let (limit, offset) = bounds(f);
        let sql = format!(
            "SELECT d.json FROM documents d{} ORDER BY d.published DESC, d.rowid DESC LIMIT {} OFFSET {offset}",
            c.where_clause(),
            limit + 1
        );
        let rows = self.json_rows(&sql, c.params, |r| r.get::<String>(0))?;
        let docs = rows
            .iter()
            .map(|t| serde_json::from_str(t).map_err(|e| self.corrupt("document", e)))
            .collect::<Result<Vec<DocumentRecord>, _>>()?;
        Ok(Page::of(docs, offset, limit))
    }

    /// Every record of one document (by text hash), in text order.
    pub fn document_records(&self, hash: &str) -> Result<Vec<Record>, StoreError> {
        let rows = self.json_rows(
            "SELECT json FROM records WHERE doc_hash = ?1 ORDER BY span_start, span_end DESC, kind, id",
            vec![Value::Text(hash.to_string())],
            |r| r.get::<String>(0),
        )?;
        rows.iter()
            .map(|t| serde_json::from_str(t).map_err(|e| self.corrupt("record", e)))
            .collect()
    }

    /// One record by id, with its document.
    pub fn record_by_id(&self, id: &str) -> Result<Option<Listed>, StoreError> {
        let sql = format!(
            "SELECT r.json, {DOC_COLS} FROM records r JOIN documents d ON d.hash = r.doc_hash
             WHERE r.id = ?1 LIMIT 1"
        );
        Ok(self
            .listed(&sql, vec![Value::Text(id.to_string())])?
            .into_iter()
            .next())
    }

    /// The document records of the given text hashes (any order).
    pub fn documents_by_hash(&self, hashes: &[String]) -> Result<Vec<DocumentRecord>, StoreError> {
        let mut out = Vec::with_capacity(hashes.len());
        for chunk in hashes.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let sql = format!("SELECT json FROM documents WHERE hash IN ({marks})");
            let params = chunk.iter().map(|h| Value::Text(h.clone())).collect();
            for t in self.json_rows(&sql, params, |r| r.get::<String>(0))? {
                out.push(serde_json::from_str(&t).map_err(|e| self.corrupt("document", e))?);
            }
        }
        Ok(out)
    }

    /// The latest `f.limit` event records matching the filter (newest day
    /// first), each with its document's text hash.
    pub fn recent_events(&self, f: &Filter) -> Result<Vec<(String, EventRecord)>, StoreError> {
        let page = self.record_page(&["event"], f)?;
        Ok(page
            .items
            .into_iter()
            .filter_map(|l| match l.record {
                Record::Event(e) => Some((l.document.hash, e)),
                _ => None,
            })
            .collect())
    }

    /// Full-text search over document texts ([`fts_query`] syntax), best
    /// match first; agent, date and document filters apply to the
    /// documents. `Ok(None)` when the query has no words.
    pub fn search(&self, q: &str, f: &Filter) -> Result<Option<Page<SearchHit>>, StoreError> {
        let Some(fts) = fts_query(q) else {
            return Ok(None);
        };
        let mut c = Conds::default();
        let (limit, offset) = bounds(f);
        let sql = if self.is_postgres() {
            // The query is the first parameter (in FROM); the conditions'
            // follow. Ranked by ts_rank, newest stored first on ties.
            let Some(tsq) = pg_tsquery(q) else {
                return Ok(None);
            };
            c.params.push(Value::Text(tsq));
            c.push("t.tsv @@ q.q", []);
            document_conds(&mut c, f);
            format!(
                "SELECT d.json,
                        ts_headline('demarche_text', t.text, q.q,
                            'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=12'),
                        ts_headline('demarche_text', t.text, q.q,
                            'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', HighlightAll=true')
                 FROM texts t CROSS JOIN to_tsquery('demarche_text', ?) AS q(q)
                      JOIN documents d ON d.hash = t.hash{}
                 ORDER BY ts_rank(t.tsv, q.q) DESC, d.rowid DESC LIMIT {} OFFSET {offset}",
                c.where_clause(),
                limit + 1
            )
        } else {
            c.push("texts_fts MATCH ?", [Value::Text(fts)]);
            document_conds(&mut c, f);
            format!(
                "SELECT d.json,
                    snippet(texts_fts, 0, char(2), char(3), '…', 24),
                    highlight(texts_fts, 0, char(2), char(3))
             FROM texts_fts JOIN texts t ON t.rowid = texts_fts.rowid
                  JOIN documents d ON d.hash = t.hash{}
             ORDER BY rank LIMIT {} OFFSET {offset}",
                c.where_clause(),
                limit + 1
            )
        };
        let rows = self.json_rows(&sql, c.params, |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
            ))
        })?;
        let hits = rows
            .into_iter()
            .map(|(json, snippet, marked)| {
                let document =
                    serde_json::from_str(&json).map_err(|e| self.corrupt("document", e))?;
                let (text, hits) = unmark(&marked);
                Ok(SearchHit {
                    document,
                    snippet: fragments(&snippet),
                    text,
                    hits,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(Page::of(hits, offset, limit)))
    }

    /// The (actor, recipient) pairs of the latest `f.limit` event pairs
    /// matching the filter, newest day first.
    pub fn edges(&self, f: &Filter) -> Result<Vec<EdgeRow>, StoreError> {
        let mut c = Conds::default();
        c.agent(f);
        day_range(&mut c, "e.day", "e.day", f);
        c.doc(f);
        let (limit, _) = bounds(f);
        let sql = format!(
            "SELECT e.record_id, e.actor_key, e.actor, e.actor_country, e.recipient_key,
                    e.recipient, e.recipient_country, e.quad_class
             FROM edges e JOIN records r ON r.doc_hash = e.doc_hash AND r.id = e.record_id
                  JOIN documents d ON d.hash = e.doc_hash{}
             ORDER BY e.day DESC, e.rowid DESC LIMIT {limit}",
            c.where_clause()
        );
        self.json_rows(&sql, c.params, |r| {
            Ok(EdgeRow {
                record_id: r.get(0)?,
                actor_key: r.get(1)?,
                actor: r.get(2)?,
                actor_country: r.get(3)?,
                recipient_key: r.get(4)?,
                recipient: r.get(5)?,
                recipient_country: r.get(6)?,
                quad_class: r.get(7)?,
            })
        })
    }

    /// The event records of one (actor key, recipient key) pair, optionally
    /// of one class, newest day first, one page.
    pub fn edge_page(
        &self,
        actor_key: &str,
        recipient_key: &str,
        class: Option<EdgeClass>,
        f: &Filter,
    ) -> Result<Page<Listed>, StoreError> {
        let mut c = Conds::default();
        c.push(
            "e.actor_key = ? AND e.recipient_key = ?",
            [
                Value::Text(actor_key.to_string()),
                Value::Text(recipient_key.to_string()),
            ],
        );
        match class {
            Some(EdgeClass::Cooperation) => c.push("e.quad_class IN (1, 2)", []),
            Some(EdgeClass::Conflict) => c.push("e.quad_class IN (3, 4)", []),
            Some(EdgeClass::Unclassed) => c.push("e.quad_class IS NULL", []),
            None => {}
        }
        c.agent(f);
        day_range(&mut c, "e.day", "e.day", f);
        c.doc(f);
        let (limit, offset) = bounds(f);
        let sql = format!(
            "SELECT r.json, {DOC_COLS}
             FROM edges e JOIN records r ON r.doc_hash = e.doc_hash AND r.id = e.record_id
                  JOIN documents d ON d.hash = e.doc_hash{}
             ORDER BY e.day DESC, e.rowid DESC LIMIT {} OFFSET {offset}",
            c.where_clause(),
            limit + 1
        );
        Ok(Page::of(self.listed(&sql, c.params)?, offset, limit))
    }
}

/// Conditions on documents: agent filters keep documents holding a matching
/// record; dates apply to the published day; the document filter.
fn document_conds(c: &mut Conds, f: &Filter) {
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
    day_range(c, "substr(d.published, 1, 10)", "d.published", f);
    c.doc(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_quote_every_word_and_keep_phrases() {
        assert_eq!(
            fts_query("fishing  \"naval patrol\" AND-boats").as_deref(),
            Some("\"fishing\" \"naval patrol\" \"AND\" \"boats\"")
        );
        assert_eq!(fts_query("  \"\" -- *").as_deref(), None);
        assert_eq!(fts_query("Perú").as_deref(), Some("\"Perú\""));
    }

    #[test]
    fn marks_become_spans_and_fragments() {
        let (text, hits) = unmark("Lima \u{2}protested\u{3} to \u{2}Santiago\u{3}.");
        assert_eq!(text, "Lima protested to Santiago.");
        assert_eq!(hits, vec![[5, 14], [18, 26]]);
        let f = fragments("…a \u{2}patrol\u{3} boat…");
        assert_eq!(
            f,
            vec![
                Fragment {
                    text: "…a ".into(),
                    hit: false
                },
                Fragment {
                    text: "patrol".into(),
                    hit: true
                },
                Fragment {
                    text: " boat…".into(),
                    hit: false
                },
            ]
        );
    }
}
