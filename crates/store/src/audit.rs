//! The store's self-check: SQLite's integrity check and the invariants a
//! whole document keeps (see [`Store::audit`]).

use crate::{Store, StoreError};
use demarche_core::sha256_hex;
use std::collections::BTreeMap;

/// What one stored document holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCounts {
    /// The document's name (file name, article id).
    pub doc: String,
    /// Its records (not counting the document record).
    pub records: u64,
    /// Its network rows (one per actor → recipient pair of an event).
    pub edges: u64,
}

/// The result of [`Store::audit`].
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// Every broken invariant, one line each; empty when the store is whole.
    pub problems: Vec<String>,
    /// Every stored document by text hash.
    pub documents: BTreeMap<String, DocumentCounts>,
}

impl Audit {
    /// True when SQLite's integrity check passed and no document is
    /// half-written.
    pub fn is_whole(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Store {
    /// Checks the database file and the invariants of whole documents.
    ///
    /// The file (SQLite only): `PRAGMA integrity_check` and `PRAGMA
    /// foreign_key_check`; PostgreSQL enforces its foreign keys itself.
    /// A half-written document is any of: a `documents` row without its
    /// `texts` row or the reverse; a stored text whose SHA-256 is not its
    /// hash; records or network rows (`edges`) whose document is not stored;
    /// a record whose character span does not lie in its text; the full-text
    /// index (`texts_fts`) out of step with `texts`; `kind_counts` differing
    /// from the records. Whether a document holds *all* its records is
    /// checked by comparing [`Audit::documents`] with a store the same input
    /// went into uninterrupted ([`Store::put`] writes a document and its
    /// records in one transaction, so a stored document always has them).
    pub fn audit(&self) -> Result<Audit, StoreError> {
        let mut problems = Vec::new();
        let rows = |sql: &str| -> Result<Vec<String>, StoreError> {
            self.json_rows(sql, vec![], |r| r.line())
        };
        if self.lite().is_some() {
            for line in rows("PRAGMA integrity_check")? {
                if line != "ok" {
                    problems.push(format!("integrity check: {line}"));
                }
            }
            for line in rows("PRAGMA foreign_key_check")? {
                problems.push(format!("foreign key check: {line}"));
            }
        }
        for doc in rows(
            "SELECT d.doc FROM documents d LEFT JOIN texts t ON t.hash = d.hash WHERE t.hash IS NULL",
        )? {
            problems.push(format!("document {doc} has no text"));
        }
        for hash in rows(
            "SELECT t.hash FROM texts t LEFT JOIN documents d ON d.hash = t.hash WHERE d.hash IS NULL",
        )? {
            problems.push(format!("text {hash} has no document"));
        }
        for (what, table) in [("records", "records"), ("network rows", "edges")] {
            for line in rows(&format!(
                "SELECT doc_hash || ' (' || count(*) || ')' FROM {table}
                 WHERE doc_hash NOT IN (SELECT hash FROM documents) GROUP BY doc_hash"
            ))? {
                problems.push(format!("{what} without a stored document: {line}"));
            }
        }
        for line in rows(
            "SELECT r.id || ' of ' || r.doc || ' [' || r.span_start || ', ' || r.span_end || ')'
             FROM records r JOIN texts t ON t.hash = r.doc_hash
             WHERE r.span_start < 0 OR r.span_start > r.span_end OR r.span_end > length(t.text)",
        )? {
            problems.push(format!("record span outside its text: {line}"));
        }
        self.each_row("SELECT hash, text FROM texts", vec![], |r| {
            let hash: String = r.get(0)?;
            let text: String = r.get(1)?;
            if sha256_hex(&text) != hash {
                problems.push(format!("text {hash} does not hash to its key"));
            }
            Ok::<_, StoreError>(())
        })?;
        // PostgreSQL's full-text index is a generated column: it cannot
        // fall out of step with the text.
        if let Some(conn) = self.lite() {
            let e = |x| self.err(x);
            let texts: i64 = conn
                .query_row("SELECT count(*) FROM texts", [], |r| r.get(0))
                .map_err(e)?;
            let indexed: i64 = conn
                .query_row("SELECT count(*) FROM texts_fts_docsize", [], |r| r.get(0))
                .map_err(e)?;
            if texts != indexed {
                problems.push(format!(
                    "full-text index holds {indexed} texts, the store {texts}"
                ));
            }
            // Compares the index with the texts; fails when out of step. A
            // read-only connection cannot run it (it is written as an insert).
            if let Err(x) = conn.execute(
                "INSERT INTO texts_fts(texts_fts, rank) VALUES ('integrity-check', 1)",
                [],
            ) {
                if x.sqlite_error_code() != Some(rusqlite::ErrorCode::ReadOnly) {
                    problems.push(format!("full-text index: {x}"));
                }
            }
        }
        for line in rows(
            "SELECT COALESCE(r.kind, c.kind) || ': counted ' || COALESCE(c.n, 0) || ', stored ' || COALESCE(r.n, 0)
             FROM (SELECT kind, count(*) AS n FROM records GROUP BY kind) r
             FULL OUTER JOIN kind_counts c USING (kind)
             WHERE COALESCE(c.n, 0) <> COALESCE(r.n, 0)",
        )? {
            problems.push(format!("kind_counts out of step: {line}"));
        }
        let mut documents = BTreeMap::new();
        self.each_row(
            "SELECT d.hash, d.doc,
                (SELECT count(*) FROM records r WHERE r.doc_hash = d.hash),
                (SELECT count(*) FROM edges g WHERE g.doc_hash = d.hash)
             FROM documents d",
            vec![],
            |r| {
                let hash: String = r.get(0)?;
                documents.insert(
                    hash,
                    DocumentCounts {
                        doc: r.get(1)?,
                        records: r.get::<i64>(2)?.max(0) as u64,
                        edges: r.get::<i64>(3)?.max(0) as u64,
                    },
                );
                Ok::<_, StoreError>(())
            },
        )?;
        Ok(Audit {
            problems,
            documents,
        })
    }
}
