//! The store: the only demarche code that speaks SQL.
//!
//! A store is one SQLite file in WAL mode, or one PostgreSQL database (a
//! schema in it), holding every ingested document (metadata, text, the
//! document record) and its records. Each document is written in one
//! transaction, so a crash at any moment leaves a database that opens and
//! holds every document committed before it. Documents are identified by
//! the SHA-256 of their text: storing the same text twice is a no-op
//! ([`Outcome::Duplicate`]).
//!
//! Where a store lives is a [`StoreLocation`]: a `postgres://` (or
//! `postgresql://`) URL, or an SQLite file path. Both backends sit behind
//! the one [`Store`] type with the same methods; callers never learn which
//! they hold.
//!
//! How the two backends share code (module `dialect`): the read queries
//! are written once, in SQLite's dialect with a few rules kept, and
//! rewritten for PostgreSQL (placeholders, `instr` → `strpos`, NULLs last
//! when descending); rows are read through one small typed accessor. Only
//! what genuinely differs is written twice: the schema (`schema`:
//! `MIGRATIONS` and `PG_MIGRATIONS`), opening and migrating, the write of
//! a document (`write` for SQLite, `pg` for PostgreSQL, where it is
//! batched and safe for concurrent writers), full-text search (FTS5 vs a
//! `tsvector` column), the data fingerprint and the self-check's file
//! checks. SQLite-only options (a size limit, read-only files, immutable
//! opens) do not apply to PostgreSQL; asking for a size limit there is an
//! error.
//!
//! Modules: `schema` (versioned migrations), `write` ([`Store::put`],
//! group commits), `checkpoint` (WAL checkpoints beside a bulk writer),
//! `query` (the read side), `pg` (the PostgreSQL connection). Merging
//! records across documents is `demarche-analysis`'s job.

#[cfg(test)]
#[macro_use]
mod testing;

mod audit;
mod browse;
mod checkpoint;
mod crises;
mod dialect;
mod location;
mod pg;
mod query;
mod schema;
mod version;
mod write;

pub use audit::{Audit, DocumentCounts};
pub use browse::{
    fts_query, DocMeta, EdgeClass, EdgeRow, Fragment, Listed, Page, SearchHit, DEFAULT_LIMIT,
};
pub use location::StoreLocation;
pub use query::{Citation, DateSource, Stats, StoredDocument, TimelineEntry};
pub use version::DataVersion;

use rusqlite::{ffi::ErrorCode, Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// Everything that can go wrong in the store. Each message is one line and
/// names the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file or its directory could not be opened or created.
    #[error("{path}: {reason}")]
    Open { path: String, reason: String },
    /// The file exists but is not a demarche database.
    #[error("{path}: not a demarche database ({reason})")]
    NotDemarche { path: String, reason: String },
    /// Written by a newer demarche.
    #[error("{path}: database schema version {found} is newer than this demarche ({known}); upgrade demarche")]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    /// A write was attempted on a database that cannot be written.
    #[error("{path}: database is read-only ({reason})")]
    ReadOnly { path: String, reason: String },
    /// The disk (or the size limit set with [`OpenOptions::max_bytes`]) is
    /// full: the write failed whole and nothing of it was stored.
    #[error("{path}: database or disk is full ({reason}); the documents stored before are intact")]
    Full { path: String, reason: String },
    /// Another connection held the lock longer than the busy timeout.
    #[error("{path}: database is locked by another process (waited {waited_ms} ms)")]
    Locked { path: String, waited_ms: u128 },
    /// Any other SQLite error.
    #[error("{0}")]
    Sql(#[from] rusqlite::Error),
    /// Any other error the PostgreSQL server reported.
    #[error("{path}: {reason}")]
    Server { path: String, reason: String },
    /// A stored JSON record could not be read or written.
    #[error("{0}")]
    Other(String),
}

impl StoreError {
    /// True when no later write can succeed either (a full disk, a
    /// read-only or locked store, a file that is not a demarche store): a
    /// writer stops instead of failing every document after it.
    pub fn ends_writing(&self) -> bool {
        matches!(
            self,
            StoreError::ReadOnly { .. }
                | StoreError::Locked { .. }
                | StoreError::NotDemarche { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::Open { .. }
                | StoreError::Full { .. }
        )
    }

    /// The same error again, for each document a failed group commit took
    /// down (driver errors, which cannot be cloned, are kept as their text).
    pub(crate) fn repeated(&self) -> StoreError {
        use StoreError::*;
        match self {
            Open { path, reason } => Open {
                path: path.clone(),
                reason: reason.clone(),
            },
            NotDemarche { path, reason } => NotDemarche {
                path: path.clone(),
                reason: reason.clone(),
            },
            NewerSchema { path, found, known } => NewerSchema {
                path: path.clone(),
                found: *found,
                known: *known,
            },
            ReadOnly { path, reason } => ReadOnly {
                path: path.clone(),
                reason: reason.clone(),
            },
            Full { path, reason } => Full {
                path: path.clone(),
                reason: reason.clone(),
            },
            Locked { path, waited_ms } => Locked {
                path: path.clone(),
                waited_ms: *waited_ms,
            },
            Server { path, reason } => Server {
                path: path.clone(),
                reason: reason.clone(),
            },
            Sql(e) => Other(e.to_string()),
            Other(m) => Other(m.clone()),
        }
    }
}

/// Filters shared by the queries (all optional; all given must hold).
///
/// Names match case-insensitively, by whole words, against every name and id
/// at that place: `speaker` and `actor` both match the record's agent (a
/// quote's speaker, any actor of an event, a silence's actor, an entity's name,
/// aliases and id), so "Medvedev" matches "Dmitry Medvedev"; `recipient`
/// matches any recipient of an event. Records with no such place (times, for
/// a speaker) do not match.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub speaker: Option<String>,
    pub actor: Option<String>,
    pub recipient: Option<String>,
    /// PLOVER event type, exact but case-insensitive.
    pub event_type: Option<String>,
    /// ISO date, inclusive; compared with the record's date, falling back to
    /// the document's published date. A coarser date ("2026-01") overlapping
    /// the bound counts as inside.
    pub since: Option<String>,
    /// ISO date, inclusive (see `since`).
    pub until: Option<String>,
    /// Document name, document record id, or a prefix (≥ 6 characters) of the
    /// text hash.
    pub doc: Option<String>,
    /// ISO alpha-3 country of the agent (speaker or actor), case-insensitive.
    pub country: Option<String>,
    /// Stance of a quote ("condemn", "call_for_restraint"), case-insensitive.
    pub stance: Option<String>,
    pub limit: Option<usize>,
    /// Rows to skip before the first returned (the paged queries of
    /// `browse`; the other queries ignore it).
    pub offset: Option<usize>,
}

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Inserted,
    Duplicate,
}

/// How to open a store.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Open read-only (query commands): no migrations, every write fails
    /// with [`StoreError::ReadOnly`].
    pub read_only: bool,
    /// How long to wait for another connection's lock before failing with
    /// [`StoreError::Locked`].
    pub busy_timeout: Duration,
    /// The most the database file may grow to, in bytes (rounded down to
    /// whole pages); a write past it fails with [`StoreError::Full`] as on
    /// a full disk. `None`: no limit but the disk's. SQLite only: a
    /// PostgreSQL store refuses to open with it.
    pub max_bytes: Option<u64>,
    /// For bulk writers (`ingest`, `load`): WAL checkpoints run on a thread
    /// of their own instead of inside the commits (module `checkpoint`).
    /// SQLite only; ignored on PostgreSQL and for read-only stores.
    pub checkpoint_thread: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            read_only: false,
            busy_timeout: Duration::from_secs(5),
            max_bytes: None,
            checkpoint_thread: false,
        }
    }
}

/// A connection to a demarche database.
pub struct Store {
    db: Db,
    /// The location as shown in messages (no password).
    path: String,
    busy_timeout: Duration,
    /// Runs WAL checkpoints for a bulk writer (SQLite); dropped after `db`.
    checkpointer: Option<checkpoint::Checkpointer>,
}

/// The connection of one backend.
pub(crate) enum Db {
    Lite(Connection),
    Pg(Box<pg::Pg>),
}

impl Store {
    /// Opens (creating it if missing) a database for reading and writing and
    /// brings its schema up to date. On PostgreSQL the database must exist;
    /// the tables are created in it.
    pub fn open(at: impl Into<StoreLocation>) -> Result<Store, StoreError> {
        Store::open_with(at, &OpenOptions::default())
    }

    /// Opens an existing database read-only (for queries).
    pub fn open_read_only(at: impl Into<StoreLocation>) -> Result<Store, StoreError> {
        Store::open_with(
            at,
            &OpenOptions {
                read_only: true,
                ..OpenOptions::default()
            },
        )
    }

    /// Opens with explicit options. On PostgreSQL, `busy_timeout` is the
    /// lock timeout and a read-only store's transactions are read-only.
    pub fn open_with(
        at: impl Into<StoreLocation>,
        opts: &OpenOptions,
    ) -> Result<Store, StoreError> {
        let at = at.into();
        let path = match &at {
            StoreLocation::Sqlite(p) => p.as_path(),
            StoreLocation::Postgres(url) => {
                let shown = at.to_string();
                if opts.max_bytes.is_some() {
                    return Err(StoreError::Open {
                        path: shown,
                        reason: "a size limit applies to SQLite files only".into(),
                    });
                }
                let pg = pg::Pg::open(url, &shown, opts.read_only, opts.busy_timeout)?;
                return Ok(Store {
                    db: Db::Pg(Box::new(pg)),
                    path: shown,
                    busy_timeout: opts.busy_timeout,
                    checkpointer: None,
                });
            }
        };
        let shown = path.display().to_string();
        let open_err = |reason: String| StoreError::Open {
            path: shown.clone(),
            reason,
        };
        if path.is_dir() {
            return Err(open_err("is a directory".into()));
        }
        if opts.read_only && !path.exists() {
            return Err(open_err("no such database".into()));
        }
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() && !parent.is_dir() {
                return Err(open_err(format!(
                    "directory {} does not exist",
                    parent.display()
                )));
            }
        }
        let flags = if opts.read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_err(reason_of(&e)))?;
        let mut store = Store {
            db: Db::Lite(conn),
            path: shown.clone(),
            busy_timeout: opts.busy_timeout,
            checkpointer: None,
        };
        if let Err(e) = store.init(opts.read_only) {
            // Reading a WAL database needs its shared-memory file; in a
            // directory this user cannot write, it cannot be made. Nobody
            // can write the store there either, so it is read as immutable.
            if !(opts.read_only
                && matches!(e, StoreError::ReadOnly { .. } | StoreError::Open { .. }))
            {
                return Err(e);
            }
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(
                uri,
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|_| e)?;
            store = Store {
                db: Db::Lite(conn),
                path: shown,
                busy_timeout: opts.busy_timeout,
                checkpointer: None,
            };
            store.init(true)?;
        }
        if let Some(max) = opts.max_bytes {
            store.set_max_bytes(max)?;
        }
        if opts.checkpoint_thread && !opts.read_only {
            store.checkpointer = Some(checkpoint::Checkpointer::start(path, opts.busy_timeout)?);
            if let Some(c) = store.lite() {
                c.execute_batch(&format!(
                    "PRAGMA wal_autocheckpoint = {};",
                    checkpoint::BACKSTOP_PAGES
                ))
                .map_err(|e| store.err(e))?;
            }
        }
        Ok(store)
    }

    /// Opens a database for the read commands: for reading and writing (so
    /// an older schema is brought up to date) when it can be written, else
    /// read-only (a file or directory without write permission; a
    /// PostgreSQL role that may not write).
    pub fn open_for_reading(at: impl Into<StoreLocation>) -> Result<Store, StoreError> {
        let at = at.into();
        match Store::open(&at) {
            Err(e @ StoreError::ReadOnly { .. }) if at.is_postgres() => {
                Store::open_read_only(&at).map_err(|_| e)
            }
            Err(e @ (StoreError::ReadOnly { .. } | StoreError::Open { .. }))
                if at.sqlite_path().is_some_and(Path::is_file) =>
            {
                Store::open_read_only(&at).map_err(|_| e)
            }
            other => other,
        }
    }

    /// Whether this store is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self.db, Db::Pg(_))
    }

    /// The SQLite connection; `None` on PostgreSQL.
    pub(crate) fn lite(&self) -> Option<&Connection> {
        match &self.db {
            Db::Lite(c) => Some(c),
            Db::Pg(_) => None,
        }
    }

    /// The error of an SQLite-only operation on PostgreSQL.
    pub(crate) fn sqlite_only(&self, what: &str) -> StoreError {
        StoreError::Other(format!(
            "{}: {what} applies to SQLite stores only",
            self.path
        ))
    }

    /// A fresh in-memory database (tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            db: Db::Lite(conn),
            path: ":memory:".into(),
            busy_timeout: Duration::from_secs(5),
            checkpointer: None,
        };
        store.init(false)?;
        Ok(store)
    }

    /// Limits the database file to `max` bytes (at least its current size):
    /// writes past it fail with [`StoreError::Full`].
    pub fn set_max_bytes(&mut self, max: u64) -> Result<(), StoreError> {
        let conn = self
            .lite()
            .ok_or_else(|| self.sqlite_only("a size limit"))?;
        let page: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let pages = (max / page.max(1) as u64).clamp(1, i64::MAX as u64);
        // SQLite keeps the limit at no less than the current page count.
        conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The path the store was opened with (a PostgreSQL URL without its
    /// password).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Connection settings, schema check and migrations (SQLite).
    fn init(&mut self, read_only: bool) -> Result<(), StoreError> {
        let Db::Lite(conn) = &mut self.db else {
            return Ok(());
        };
        let (path, busy) = (self.path.as_str(), self.busy_timeout);
        conn.busy_timeout(busy).map_err(|e| err_at(path, busy, e))?;
        conn.set_prepared_statement_cache_capacity(64);
        // The first read of the file: a non-database fails here.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| err_at(path, busy, e))?;
        let known = schema::current_version();
        if version > known {
            return Err(StoreError::NewerSchema {
                path: path.to_string(),
                found: version,
                known,
            });
        }
        if version == 0 {
            let tables: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| err_at(path, busy, e))?;
            if tables > 0 {
                return Err(StoreError::NotDemarche {
                    path: path.to_string(),
                    reason: "an SQLite database with other tables".into(),
                });
            }
        }
        conn.execute_batch("PRAGMA foreign_keys = ON;")
            .map_err(|e| err_at(path, busy, e))?;
        if read_only {
            if version < known {
                return Err(StoreError::ReadOnly {
                    path: path.to_string(),
                    reason: format!(
                        "schema version {version} needs upgrading to {known}; open it once with a writing command"
                    ),
                });
            }
            return Ok(());
        }
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;")
            .map_err(|e| err_at(path, busy, e))?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| err_at(path, busy, e))?;
            tx.execute_batch(sql)
                .and_then(|_| tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1)))
                .and_then(|_| tx.commit())
                .map_err(|e| err_at(path, busy, e))?;
        }
        Ok(())
    }

    /// Maps an SQLite error to a store error naming this store's file.
    fn err(&self, e: rusqlite::Error) -> StoreError {
        err_at(&self.path, self.busy_timeout, e)
    }
}

/// Maps an SQLite error to a store error naming `path`.
fn err_at(path: &str, busy: Duration, e: rusqlite::Error) -> StoreError {
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Locked {
            path: path.to_string(),
            waited_ms: busy.as_millis(),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path: path.to_string(),
            reason: reason_of(&e),
        },
        Some(ErrorCode::DiskFull) => StoreError::Full {
            path: path.to_string(),
            reason: reason_of(&e),
        },
        Some(ErrorCode::NotADatabase) => StoreError::NotDemarche {
            path: path.to_string(),
            reason: reason_of(&e),
        },
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => StoreError::Open {
            path: path.to_string(),
            reason: reason_of(&e),
        },
        _ => StoreError::Sql(e),
    }
}

/// A path as the path part of an SQLite URI (`%`, `?` and `#` escaped).
fn uri_path(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for c in abs.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// The human part of an SQLite error.
fn reason_of(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
