//! Streams inputs through the pipeline: documents are read in bounded
//! batches, annotated in parallel (rayon), and handed in input order to a
//! sink running on its own thread (the store writer or stdout), so reading,
//! annotating and writing overlap and memory stays bounded by the batch size.

use demarche_core::{Document, Record};
use demarche_ingest::InputError;
use demarche_pipeline::Pipeline;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

/// Documents per batch, and text bytes per batch, at most.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 16 << 20;

/// One processed input.
pub enum Item {
    Doc(Box<Document>, Vec<Record>),
    Failed(InputError),
}

/// Every document of the given paths, in order, as read (not yet annotated).
pub fn documents(paths: &[PathBuf]) -> impl Iterator<Item = Result<Document, InputError>> {
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let found = demarche_ingest::discover(&files);
    let stdin_docs: Box<dyn Iterator<Item = Result<Document, InputError>>> = if stdin {
        demarche_ingest::read_path(std::path::Path::new("-"))
    } else {
        Box::new(std::iter::empty())
    };
    stdin_docs.chain(found.into_iter().flat_map(
        |r| -> Box<dyn Iterator<Item = Result<Document, InputError>>> {
            match r {
                Ok(path) => demarche_ingest::read_path(&path),
                Err(e) => Box::new(std::iter::once(Err(e))),
            }
        },
    ))
}

/// Runs the pipeline over `paths`, calling `sink` for every item in input
/// order on a separate thread. Returns what `sink`'s thread returns.
pub fn run<S, R>(paths: &[PathBuf], pipeline: &Pipeline, pool: &rayon::ThreadPool, sink: S) -> R
where
    S: FnOnce(&mut dyn Iterator<Item = Item>) -> R + Send,
    R: Send,
{
    run_batches(documents(paths), pipeline, pool, |batches| {
        sink(&mut batches.flatten())
    })
}

/// Runs the pipeline over any stream of documents, handing `sink` the
/// annotated items batch by batch (each batch in input order, batches in
/// order) on a separate thread, so a sink can flush after each batch.
pub fn run_batches<D, S, R>(docs: D, pipeline: &Pipeline, pool: &rayon::ThreadPool, sink: S) -> R
where
    D: Iterator<Item = Result<Document, InputError>>,
    S: FnOnce(&mut dyn Iterator<Item = Vec<Item>>) -> R + Send,
    R: Send,
{
    let (tx, rx) = sync_channel::<Vec<Item>>(2);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let mut batches = rx.into_iter();
            sink(&mut batches)
        });
        let mut batch: Vec<Result<Document, InputError>> = Vec::with_capacity(BATCH_DOCS);
        let mut bytes = 0usize;
        let flush = |batch: &mut Vec<Result<Document, InputError>>| -> bool {
            let items: Vec<Item> = pool.install(|| {
                std::mem::take(batch)
                    .into_par_iter()
                    .map(|r| match r {
                        Ok(doc) => annotate(pipeline, doc),
                        Err(e) => Item::Failed(e),
                    })
                    .collect()
            });
            tx.send(items).is_ok()
        };
        for r in docs {
            if let Ok(d) = &r {
                bytes += d.text.len();
            }
            batch.push(r);
            if (batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES) && !flush(&mut batch) {
                break;
            }
            if batch.is_empty() {
                bytes = 0;
            }
        }
        if !batch.is_empty() {
            flush(&mut batch);
        }
        drop(tx);
        writer.join().expect("sink thread panicked")
    })
}

/// Annotates one document. A panic inside an annotator (a bug) fails this
/// document with a clear error instead of aborting the whole run.
fn annotate(pipeline: &Pipeline, mut doc: Document) -> Item {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.records(&mut doc)));
    match run {
        Ok(recs) => Item::Doc(Box::new(doc), recs),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Item::Failed(InputError {
                path: name_of(&doc),
                reason: format!("internal error while annotating (please report): {what}"),
            })
        }
    }
}

/// How errors name a document: its file, and the article's id inside a
/// file of several.
pub fn name_of(doc: &Document) -> String {
    if doc.origin.path.is_empty() || doc.origin.item.is_none() {
        doc.origin.path.clone()
    } else {
        format!("{} (article {})", doc.origin.path, doc.id)
    }
}

/// A thread pool of `jobs` threads (default: all cores).
pub fn pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        b = b.num_threads(n.max(1));
    }
    Ok(b.build()?)
}
