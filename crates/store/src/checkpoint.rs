//! WAL checkpoints on a thread of their own, for bulk writers.
//!
//! In WAL mode a commit appends pages to the `-wal` file; a checkpoint
//! copies them back into the database file and syncs it. SQLite runs one
//! automatically inside the commit that takes the WAL past 1,000 pages, so
//! the writer waits for the copy and for the disk (an `ingest` writer spent
//! a third of its time in `fsync`). A [`Checkpointer`] takes that work off
//! the writer, as SQLite's documentation suggests for busy writers: the
//! writer's automatic checkpoint is raised to a backstop, and after each
//! commit the writer pokes this thread, whose own connection runs a
//! `PASSIVE` checkpoint (it never blocks the writer or readers). Pokes that
//! arrive while a checkpoint runs fold into one.
//!
//! Nothing here affects what is stored or when it is durable: a commit is
//! in the WAL before the writer pokes, and SQLite recovers the WAL after a
//! crash whether or not a checkpoint ran.

use crate::{err_at, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;
use std::time::Duration;

/// The writer's own automatic checkpoint, in pages, while a checkpointer
/// runs: reached only when the thread falls far behind (about 256 MB of WAL
/// with 4 KB pages), so the WAL stays bounded whatever happens to it.
pub(crate) const BACKSTOP_PAGES: u32 = 65_536;

/// A thread running passive checkpoints on its own connection until
/// dropped.
pub(crate) struct Checkpointer {
    poke: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a second connection to the database at `path` and starts the
    /// thread.
    pub(crate) fn start(path: &Path, busy: Duration) -> Result<Checkpointer, StoreError> {
        let shown = path.display().to_string();
        let e = |x| err_at(&shown, busy, x);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(e)?;
        conn.busy_timeout(busy).map_err(e)?;
        // A checkpoint syncs the WAL and the database file as the writer's
        // own would (synchronous is a setting of each connection).
        conn.execute_batch("PRAGMA synchronous = NORMAL;")
            .map_err(e)?;
        let (poke, pokes) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("demarche-checkpoint".into())
            .spawn(move || {
                for () in pokes {
                    // A failed or partial checkpoint loses nothing: the pages
                    // stay in the WAL for the next one (or the backstop).
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .map_err(|x| {
                StoreError::Other(format!("{shown}: cannot start the checkpoint thread: {x}"))
            })?;
        Ok(Checkpointer {
            poke: Some(poke),
            thread: Some(thread),
        })
    }

    /// Asks for a checkpoint; returns at once. A poke while one is pending
    /// is dropped: the pending one will copy those pages too.
    pub(crate) fn poke(&self) {
        if let Some(p) = &self.poke {
            // Full: a checkpoint is pending. Disconnected: cannot happen
            // while `self` holds the thread; either way nothing to do.
            let _ = p.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    /// Stops the thread after the checkpoint in progress; the last
    /// connection to close checkpoints what is left.
    fn drop(&mut self) {
        self.poke.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
