//! `load`: stores record files (JSON Lines, as `extract --text` and
//! `export records` write them) without annotating again, and `export
//! records`, their inverse.
//!
//! A record file is a sequence of documents: each document record, carrying
//! its stored text, is followed by its other records (same `doc`). Lines are
//! read in bounded batches and parsed in parallel; complete documents are
//! then stored with their records, group-committed by [`Store::put_batch`]
//! (up to [`GROUP_DOCS`] documents per transaction, each whole or absent),
//! which skips a text already stored, so loading a file twice adds nothing. A bad line is reported with its file and line number
//! and skipped; a document whose text is missing or does not match its hash
//! is refused with all its records.

use crate::args::{ExportArgs, LoadArgs};
use crate::commands::{is_broken_pipe, is_fatal};
use anyhow::{Context, Result};
use demarche_core::{sha256_hex, Document, DocumentRecord, Record};
use demarche_store::{Outcome, Store, StoreLocation};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Lines per parsed batch, and bytes per batch, at most.
const BATCH_LINES: usize = 4096;
const BATCH_BYTES: usize = 32 << 20;
/// Longest record line read (a document record holds its whole text).
const MAX_LINE_BYTES: u64 = 256 << 20;
/// Complete documents stored per transaction, at most (as `ingest`).
const GROUP_DOCS: usize = 256;

/// Counts of one run.
#[derive(Default)]
struct Tally {
    loaded: usize,
    duplicates: usize,
    failed: usize,
}

pub fn load(db: &StoreLocation, a: &LoadArgs, jobs: Option<usize>) -> Result<i32> {
    let mut store = Store::open_with(
        db,
        &demarche_store::OpenOptions {
            checkpoint_thread: true,
            ..Default::default()
        },
    )?;
    let pool = crate::process::pool(jobs)?;
    let mut tally = Tally::default();
    for input in files(&a.paths) {
        let (name, reader): (String, Box<dyn BufRead>) = match input {
            Err((name, reason)) => {
                eprintln!("error: {name}: {reason}");
                tally.failed += 1;
                continue;
            }
            Ok(p) if p.as_os_str() == "-" => (
                "-".into(),
                Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
            ),
            Ok(p) => match std::fs::File::open(&p) {
                Ok(f) => (
                    p.display().to_string(),
                    Box::new(BufReader::with_capacity(1 << 16, f)),
                ),
                Err(e) => {
                    eprintln!("error: {}: {e}", p.display());
                    tally.failed += 1;
                    continue;
                }
            },
        };
        let mut file = FileLoader {
            name: &name,
            store: &mut store,
            tally: &mut tally,
            pending: None,
            ready: Vec::new(),
        };
        if let Err(e) = file.run(reader, &pool) {
            if let Some(se) = e.downcast_ref::<demarche_store::StoreError>() {
                if is_fatal(se) {
                    return Err(anyhow::anyhow!("{}: {se}", db));
                }
            }
            eprintln!("error: {name}: {e:#}");
            tally.failed += 1;
        }
    }
    if !a.quiet {
        eprintln!(
            "loaded {}, duplicates {}, failed {} (store: {})",
            tally.loaded, tally.duplicates, tally.failed, db
        );
    }
    Ok(if tally.failed > 0 { 1 } else { 0 })
}

/// The files to read: `-`, files as given, and the files under folders
/// (recursively, sorted; names starting with `.` or `_` — Hadoop's and
/// Spark's markers and checksums — skipped).
fn files(paths: &[PathBuf]) -> Vec<Result<PathBuf, (String, String)>> {
    fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, (String, String)>>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                out.push(Err((dir.display().to_string(), e.to_string())));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let hidden = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.') || n.starts_with('_'));
            if hidden {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else if p.is_file() {
                out.push(Ok(p));
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            out.push(Ok(p.clone()));
        } else if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(Err((
                p.display().to_string(),
                "no such file or folder".into(),
            )));
        }
    }
    out
}

/// A document read but not yet stored: its record, text and records.
struct Pending {
    doc: Document,
    records: Vec<Record>,
    /// Refused (reported once): its records are skipped.
    refused: bool,
}

struct FileLoader<'a> {
    name: &'a str,
    store: &'a mut Store,
    tally: &'a mut Tally,
    /// The document being read (its records may follow).
    pending: Option<Pending>,
    /// Complete documents waiting for the next group commit.
    ready: Vec<Pending>,
}

impl FileLoader<'_> {
    /// Reads the file and stores its documents. When reading fails midway,
    /// the documents completed before the failure are still stored.
    fn run(&mut self, reader: Box<dyn BufRead>, pool: &rayon::ThreadPool) -> Result<()> {
        let read = self.read(reader, pool);
        let stored = self.commit();
        read.and(stored)
    }

    fn read(&mut self, mut reader: Box<dyn BufRead>, pool: &rayon::ThreadPool) -> Result<()> {
        let mut line_no = 0usize;
        loop {
            // One batch of raw lines, then parsed in parallel.
            let mut lines: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH_LINES);
            let mut bytes = 0usize;
            let mut eof = false;
            while lines.len() < BATCH_LINES && bytes < BATCH_BYTES {
                let mut buf = Vec::new();
                let n = (&mut reader)
                    .take(MAX_LINE_BYTES)
                    .read_until(b'\n', &mut buf)
                    .with_context(|| format!("line {}", line_no + 1))?;
                if n == 0 {
                    eof = true;
                    break;
                }
                line_no += 1;
                if n as u64 == MAX_LINE_BYTES && !buf.ends_with(b"\n") {
                    anyhow::bail!("line {line_no}: longer than {} MiB", MAX_LINE_BYTES >> 20);
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                bytes += buf.len();
                lines.push((line_no, buf));
            }
            let parsed: Vec<(usize, Result<Record, serde_json::Error>)> = pool.install(|| {
                lines
                    .into_par_iter()
                    .map(|(n, l)| (n, serde_json::from_slice::<Record>(&l)))
                    .collect()
            });
            for (n, r) in parsed {
                match r {
                    Ok(r) => self.take(n, r)?,
                    Err(e) => self.bad(n, &format!("not a record ({e})")),
                }
            }
            if eof {
                return self.flush();
            }
        }
    }

    fn bad(&mut self, line: usize, reason: &str) {
        eprintln!("error: {}: line {line}: {reason}", self.name);
        self.tally.failed += 1;
    }

    /// One parsed record: a document record opens a document, any other
    /// joins the open one.
    fn take(&mut self, line: usize, r: Record) -> Result<()> {
        match r {
            Record::Document(d) => {
                self.flush()?;
                self.pending = Some(self.open(line, d));
            }
            r => match &mut self.pending {
                Some(p) if p.doc.id == r.prov().doc => {
                    if !p.refused {
                        p.records.push(r);
                    }
                }
                _ => self.bad(
                    line,
                    &format!(
                        "{} record of {:?} does not follow its document record",
                        r.kind(),
                        r.prov().doc
                    ),
                ),
            },
        }
        Ok(())
    }

    /// Checks a document record and its text.
    fn open(&mut self, line: usize, mut d: DocumentRecord) -> Pending {
        let text = d.text.take();
        let refusal = match &text {
            None => Some("document record without its text (write records with `extract --text`)"),
            Some(t) if sha256_hex(t) != d.hash => Some("the text does not match the record's hash"),
            Some(_) => None,
        };
        if let Some(reason) = refusal {
            self.bad(line, &format!("{:?}: {reason}", d.prov.doc));
        }
        let doc = Document {
            id: d.prov.doc.clone(),
            text: text.unwrap_or_default(),
            hash: d.hash.clone(),
            ..Default::default()
        };
        Pending {
            doc,
            records: vec![Record::Document(d)],
            refused: refusal.is_some(),
        }
    }

    /// Closes the open document, if any: it is complete, and waits for the
    /// next group commit.
    fn flush(&mut self) -> Result<()> {
        if let Some(p) = self.pending.take() {
            if !p.refused {
                self.ready.push(p);
            }
        }
        if self.ready.len() >= GROUP_DOCS {
            self.commit()?;
        }
        Ok(())
    }

    /// Stores the complete documents in one group commit.
    fn commit(&mut self) -> Result<()> {
        let ready = std::mem::take(&mut self.ready);
        let items: Vec<(&Document, &[Record])> = ready
            .iter()
            .map(|p| (&p.doc, p.records.as_slice()))
            .collect();
        for (p, r) in ready.iter().zip(self.store.put_batch(&items)) {
            match r {
                Ok(Outcome::Inserted) => self.tally.loaded += 1,
                Ok(Outcome::Duplicate) => self.tally.duplicates += 1,
                Err(e) if is_fatal(&e) => return Err(e.into()),
                Err(e) => {
                    eprintln!("error: {}: document {:?}: {e}", self.name, p.doc.id);
                    self.tally.failed += 1;
                }
            }
        }
        Ok(())
    }
}

/// `export records`: every document with its text, then its records, in
/// text-hash order — what `load` reads, and a dump two stores can be
/// compared by.
pub fn export(db: &StoreLocation, a: &ExportArgs) -> Result<i32> {
    let store = Store::open_read_only(db)?;
    let sink: Box<dyn Write> = match &a.out {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("{}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let res = store
        .for_each_document(|d| -> Result<()> {
            let mut record = d.record;
            record.text = Some(d.text);
            serde_json::to_writer(&mut out, &Record::Document(record))?;
            out.write_all(b"\n")?;
            for r in &d.records {
                serde_json::to_writer(&mut out, r)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })
        .and_then(|_| Ok(out.flush()?));
    match res {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        Err(e) => Err(e),
        Ok(()) => Ok(0),
    }
}
