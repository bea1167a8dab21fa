//! A PostgreSQL store from the command line: two `ingest` processes write
//! the same articles into one PostgreSQL store at once; every document lands
//! once, with all its records, and the store holds exactly what an SQLite
//! ingest of the same articles holds (`export records`, every document with
//! its text and records in text-hash order, compared byte for byte). The
//! read commands answer the same on both stores.
//!
//! Runs when `DEMARCHE_TEST_POSTGRES` names a database (scripts/test starts
//! one), in a fresh schema dropped afterwards; skips with a message when it
//! is not set, and fails under CI (`CI` set).

use demarche_kb::Kb;
use demarche_store::{Store, StoreLocation};
use demarche_synth::{Config, Generator, Item};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh schema in the test database, dropped when this is.
struct Schema {
    url: String,
    name: String,
}

impl Schema {
    fn new(test: &str) -> Option<Schema> {
        let url = match std::env::var("DEMARCHE_TEST_POSTGRES") {
            Ok(u) if !u.trim().is_empty() => u.trim().to_string(),
            _ => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "{test}: DEMARCHE_TEST_POSTGRES is not set; under CI the PostgreSQL tests must run"
                );
                eprintln!("{test}: skipped: DEMARCHE_TEST_POSTGRES is not set");
                return None;
            }
        };
        let name = format!("cli_{test}_{}", std::process::id());
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("test database");
        c.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
        ))
        .expect("create schema");
        Some(Schema { url, name })
    }

    /// The store's URL: this schema first on the search path.
    fn store_url(&self) -> String {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.url, self.name)
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// The sample corpus and synthetic articles (JSON Lines, in three files).
fn write_corpus(dir: &Path) -> PathBuf {
    let root = dir.join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    for e in std::fs::read_dir(&sample).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, root.join(p.file_name().unwrap())).unwrap();
    }
    let kb = Kb::builtin().expect("built-in knowledge base");
    let cfg = Config {
        docs: 120,
        seed: 11,
        crises: Some(4),
        ..Config::default()
    };
    let mut files: Vec<std::fs::File> = (0..3)
        .map(|i| std::fs::File::create(root.join(format!("synth-{i}.jsonl"))).unwrap())
        .collect();
    let mut n = 0;
    for item in Generator::new(&kb, cfg) {
        if let Item::Article(a) = item {
            let f = &mut files[n % 3];
            serde_json::to_writer(&mut *f, &a).unwrap();
            f.write_all(b"\n").unwrap();
            n += 1;
        }
    }
    assert!(n >= 100, "{n} articles");
    root
}

fn demarche(dir: &Path, db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_demarche"));
    c.current_dir(dir)
        .env_remove("DEMARCHE_DB")
        .args(["--db", db]);
    c
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// "ingested N, duplicates M, …" → (N, M).
fn counts(stderr: &[u8]) -> (usize, usize) {
    let err = String::from_utf8_lossy(stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("ingested "))
        .unwrap_or_else(|| panic!("no summary in {err}"));
    let num = |after: &str| -> usize {
        let rest = &line[line.find(after).unwrap() + after.len()..];
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (num("ingested "), num("duplicates "))
}

fn same(what: &str, a: &str, b: &str) {
    if a != b {
        let (x, y): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
        let at = x.iter().zip(&y).position(|(p, q)| p != q);
        panic!(
            "{what}: stores differ ({} vs {} lines); first difference at line {at:?}:\n{:?}\n{:?}",
            x.len(),
            y.len(),
            at.map(|i| x[i]),
            at.map(|i| y[i])
        );
    }
}

#[test]
fn two_concurrent_ingests_into_postgres_equal_an_sqlite_ingest() {
    let Some(schema) = Schema::new("concurrent_ingest") else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let corpus = write_corpus(dir);
    let pg = schema.store_url();

    // Both start on an empty schema: they race on the migrations too.
    let spawn = || {
        demarche(dir, &pg)
            .args(["-j", "2", "ingest"])
            .arg(&corpus)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for o in [&a, &b] {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let ((ia, da), (ib, db)) = (counts(&a.stderr), counts(&b.stderr));

    let lite = demarche(dir, "lite.db")
        .arg("ingest")
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(lite.status.success());
    let (docs, dups) = counts(&lite.stderr);
    assert!(docs > 100, "{docs}");
    // Each document stored by exactly one of the two.
    assert_eq!(ia + ib, docs, "{ia} + {ib} stored");
    assert_eq!(da + db, docs + 2 * dups, "{da} + {db} duplicates");

    let exported = ok(demarche(dir, &pg)
        .args(["export", "records"])
        .output()
        .unwrap());
    let expected = ok(demarche(dir, "lite.db")
        .args(["export", "records"])
        .output()
        .unwrap());
    assert!(expected.lines().count() > docs * 5);
    same("export records", &expected, &exported);

    // The read commands answer alike.
    for args in [
        &["query", "events"][..],
        &["query", "quotes", "--stance", "condemn"],
        &["query", "timeline", "--since", "2026-01"],
        &["query", "documents"],
        &["export", "events"],
        &["crisis", "list"],
        &["claims"],
    ] {
        let p = ok(demarche(dir, &pg).args(args).output().unwrap());
        let l = ok(demarche(dir, "lite.db").args(args).output().unwrap());
        same(&args.join(" "), &l, &p);
    }

    // Whole documents, and the counts kept per kind match the records.
    let loc: StoreLocation = pg.parse().unwrap();
    let store = Store::open(&loc).unwrap();
    let audit = store.audit().unwrap();
    assert!(audit.is_whole(), "{:?}", audit.problems);
    let reference = Store::open(dir.join("lite.db")).unwrap();
    assert_eq!(audit.documents, reference.audit().unwrap().documents);
    assert_eq!(store.stats().unwrap(), reference.stats().unwrap());
}
