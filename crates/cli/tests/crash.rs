//! Nothing lost: `demarche ingest` killed with SIGKILL at random moments.
//!
//! A synthetic corpus (a few hundred articles from `demarche-synth`, in
//! several JSON Lines files) is ingested once without interruption into a
//! reference store. Then, `CRASH_ITERATIONS` times (default 20), `ingest`
//! is started on the same corpus into a second store and killed with SIGKILL
//! after a delay drawn from a seeded generator (`CRASH_SEED`), and the store
//! is audited ([`Store::audit`]): SQLite's integrity check passes, no
//! document is half-written (text without document, records or network rows
//! without document, full-text index or per-kind counts out of step), and
//! every stored document holds exactly the records and network rows it holds
//! in the reference store. When a run gets through the whole corpus the store
//! is removed, so later kills land in the middle of writing again. At the end
//! an uninterrupted run completes the store, which must then equal the
//! reference document for document.
//!
//! `bench/crash.sh` runs it with many iterations.

use demarche_kb::Kb;
use demarche_store::{Audit, Store};
use demarche_synth::{Config, Generator, Item};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ARTICLES: u64 = 300;
const FILES: usize = 6;

/// SplitMix64: the delays, from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Writes the synthetic corpus as `FILES` JSON Lines files.
fn write_corpus(dir: &Path) -> PathBuf {
    let kb = Kb::builtin().expect("built-in knowledge base");
    let cfg = Config {
        docs: ARTICLES,
        seed: 7,
        crises: Some(6),
        ..Config::default()
    };
    let root = dir.join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let mut files: Vec<std::fs::File> = (0..FILES)
        .map(|i| std::fs::File::create(root.join(format!("part-{i}.jsonl"))).unwrap())
        .collect();
    let mut n = 0;
    for item in Generator::new(&kb, cfg) {
        if let Item::Article(a) = item {
            let f = &mut files[n % FILES];
            serde_json::to_writer(&mut *f, &a).unwrap();
            f.write_all(b"\n").unwrap();
            n += 1;
        }
    }
    assert!(n >= 200, "{n} articles");
    root
}

fn ingest(db: &Path, corpus: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_demarche"));
    c.arg("--db")
        .arg(db)
        .arg("ingest")
        .arg("--quiet")
        .arg(corpus)
        .env_remove("DEMARCHE_DB")
        .env_remove("DEMARCHE_MAX_DB_BYTES")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn audit(db: &Path) -> Audit {
    Store::open(db)
        .and_then(|s| s.audit())
        .unwrap_or_else(|e| panic!("{}: cannot audit: {e}", db.display()))
}

/// The differences between a store and the reference, one line each.
fn compare(a: &Audit, reference: &Audit) -> Vec<String> {
    let mut out = a.problems.clone();
    for (hash, got) in &a.documents {
        match reference.documents.get(hash) {
            None => out.push(format!("{} ({hash}) is not in the reference", got.doc)),
            Some(want) if want != got => out.push(format!(
                "{}: {} records and {} network rows, the reference {} and {}",
                got.doc, got.records, got.edges, want.records, want.edges
            )),
            Some(_) => {}
        }
    }
    out
}

fn remove_store(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

#[test]
fn ingest_killed_at_random_moments_loses_nothing() {
    let iterations = env_u64("CRASH_ITERATIONS", 20);
    let seed = env_u64("CRASH_SEED", 0x5EED);
    let t = tempfile::tempdir().unwrap();
    let corpus = write_corpus(t.path());

    let reference_db = t.path().join("reference.db");
    let started = Instant::now();
    let out = ingest(&reference_db, &corpus).output().unwrap();
    let full_run = started.elapsed();
    assert!(
        out.status.success(),
        "reference ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reference = audit(&reference_db);
    assert!(reference.is_whole(), "{:?}", reference.problems);
    let want_docs = reference.documents.len();
    assert!(want_docs >= 200, "{want_docs} documents in the reference");

    let db = t.path().join("crash.db");
    let mut rng = Rng(seed);
    // Delays cover the whole run and a little past it (a run that ends
    // before its kill is a run that was not interrupted).
    let span_us = (full_run.as_micros() as u64 * 6 / 5).max(1);
    let (mut killed, mut completed, mut restarts) = (0u64, 0u64, 0u64);
    let mut losses: Vec<String> = Vec::new();
    for i in 0..iterations {
        let delay = Duration::from_micros(rng.next() % span_us);
        let mut child = ingest(&db, &corpus).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        // Child::kill sends SIGKILL on Unix.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if finished {
            completed += 1;
        } else {
            killed += 1;
        }
        let a = audit(&db);
        for problem in compare(&a, &reference) {
            losses.push(format!(
                "iteration {i} (killed after {delay:?}, {status}): {problem}"
            ));
        }
        if a.documents.len() == want_docs {
            remove_store(&db);
            restarts += 1;
        }
    }

    // An uninterrupted re-run completes the store: every document exactly once.
    let out = ingest(&db, &corpus).output().unwrap();
    assert!(
        out.status.success(),
        "final ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = audit(&db);
    losses.extend(
        compare(&last, &reference)
            .into_iter()
            .map(|p| format!("final run: {p}")),
    );
    let missing: Vec<&String> = reference
        .documents
        .iter()
        .filter(|(h, _)| !last.documents.contains_key(*h))
        .map(|(_, d)| &d.doc)
        .collect();
    for d in &missing {
        losses.push(format!("final run: {d} is missing"));
    }
    let (got, want) = (
        Store::open(&db).unwrap().stats().unwrap(),
        Store::open(&reference_db).unwrap().stats().unwrap(),
    );
    if got.counts != want.counts {
        losses.push(format!(
            "final run: counts {:?}, the reference {:?}",
            got.counts, want.counts
        ));
    }
    let by_kind: BTreeMap<_, _> = want.counts.iter().filter(|(_, n)| **n > 0).collect();
    println!(
        "crash: {iterations} iterations (seed {seed}), {killed} killed mid-run, \
         {completed} finished before the kill, {restarts} fresh stores; \
         reference: {want_docs} documents {by_kind:?} in {full_run:?}; losses: {}",
        losses.len()
    );
    for l in losses.iter().take(20) {
        println!("loss: {l}");
    }
    assert!(losses.is_empty(), "{} losses", losses.len());
}
