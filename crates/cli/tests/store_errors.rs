//! Nothing lost when the store cannot take more: a full disk (the store's
//! size limit, `--max-db-bytes`, fails writes exactly as a full disk does:
//! SQLITE_FULL) and a read-only database (file mode 0444, or a read-only
//! directory). Ingest stops with a clear error naming the store and the
//! document, nothing panics, the documents already stored stay whole, and
//! the read commands still read the store.

use demarche_store::{Audit, Store};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PLACES: &[&str] = &["Vienna", "Geneva", "Ankara", "Nairobi", "Lima", "Oslo"];
const SPEAKERS: &[&str] = &[
    "Iranian Foreign Minister Abbas Araghchi",
    "Germany's foreign minister",
    "A spokesperson for the Turkish foreign ministry",
    "Armenian Prime Minister Nikol Pashinyan",
];

/// An invented article, different for every `i`.
fn article(i: usize) -> String {
    let place = PLACES[i % PLACES.len()];
    let speaker = SPEAKERS[i % SPEAKERS.len()];
    let day = 1 + i % 27;
    let mut text = format!(
        "Round {i} of talks opens in {place}\n\nMarch {day}, 2026\n\n{} ({i}) — {speaker} said on Monday that the round \
         of talks numbered {i} would open in {place} next week.\n\n\"We are ready to discuss every point of the draft,\" \
         the official told reporters.\n\nRussia has not commented on the proposal.\n",
        place.to_uppercase()
    );
    // some bulk, so a few documents fill pages
    for k in 0..(5 + i % 7) {
        text.push_str(&format!(
            "\nDelegates met for session {k} of round {i} in {place}; the agenda was not published.\n"
        ));
    }
    text
}

fn corpus(dir: &Path, from: usize, to: usize) -> PathBuf {
    let c = dir.join(format!("in-{from}-{to}"));
    std::fs::create_dir_all(&c).unwrap();
    for i in from..to {
        std::fs::write(c.join(format!("article-{i:03}.txt")), article(i)).unwrap();
    }
    c
}

fn demarche(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_demarche"));
    c.env_remove("DEMARCHE_DB")
        .env_remove("DEMARCHE_MAX_DB_BYTES")
        .arg("--db")
        .arg(db);
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

fn audit(db: &Path) -> Audit {
    let a = Store::open(db).and_then(|s| s.audit()).unwrap();
    assert!(a.is_whole(), "{:?}", a.problems);
    a
}

#[test]
fn a_full_disk_stops_ingest_with_a_clear_error_and_loses_nothing() {
    let t = tempfile::tempdir().unwrap();
    let db = t.path().join("full.db");
    let first = corpus(t.path(), 0, 5);
    let (code, _, err) = run(demarche(&db).arg("ingest").arg(&first));
    assert_eq!(code, 0, "{err}");
    let before = audit(&db);
    assert_eq!(before.documents.len(), 5);

    // The store may not grow: the next document that needs a page fails.
    let rest = corpus(t.path(), 5, 60);
    let (code, _, err) = run(demarche(&db)
        .args(["ingest", "--max-db-bytes", "1"])
        .arg(&rest));
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("database or disk is full"), "{err}");
    assert!(
        err.contains(&db.display().to_string()),
        "names the store: {err}"
    );
    assert!(err.contains("article-0"), "names the document: {err}");
    assert!(err.contains("ingest stopped at"), "{err}");
    let after = audit(&db);
    for (hash, counts) in &before.documents {
        assert_eq!(after.documents.get(hash), Some(counts), "{}", counts.doc);
    }
    assert!(after.documents.len() < 60);

    // With room again, a re-run stores every document once.
    let (code, _, err) = run(demarche(&db).arg("ingest").arg(&rest));
    assert_eq!(code, 0, "{err}");
    assert_eq!(audit(&db).documents.len(), 60);
    let (code, _, err) = run(demarche(&db).arg("ingest").arg(&rest).arg(&first));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("ingested 0, duplicates 60, failed 0"), "{err}");
}

/// Runs `c` as an unprivileged user when the test runs as root (root writes
/// through file modes); returns false when that is not possible.
fn unprivileged(c: &mut Command) -> &mut Command {
    if is_root() {
        c.uid(65534).gid(65534);
    }
    c
}

fn is_root() -> bool {
    // The owner of a file we create is our effective user.
    let t = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::MetadataExt::uid(&t.as_file().metadata().unwrap()) == 0
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A store of a few documents in `dir`, closed cleanly (no -wal or -shm
/// left), readable by everyone.
fn stored(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let db = dir.join("ro.db");
    let c = corpus(dir, 0, 4);
    let (code, _, err) = run(demarche(&db).arg("ingest").arg(&c));
    assert_eq!(code, 0, "{err}");
    for s in ["-wal", "-shm"] {
        assert!(!dir.join(format!("ro.db{s}")).exists(), "{s} left behind");
    }
    chmod(t_parent(dir), 0o755);
    db
}

fn t_parent(dir: &Path) -> &Path {
    dir.parent().unwrap()
}

/// Ingest fails clearly; query and brief still read.
fn check_read_only(db: &Path, more: &Path, docs: usize) {
    let (code, out, err) = run(unprivileged(demarche(db).arg("ingest").arg(more)));
    assert_eq!(code, 1, "ingest into a read-only store fails: {out}{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&db.display().to_string()),
        "names the store: {err}"
    );
    assert!(err.contains("read-only"), "{err}");
    let (code, out, err) = run(unprivileged(demarche(db).args([
        "query",
        "documents",
        "--json",
    ])));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().filter(|l| !l.trim().is_empty()).count(),
        docs,
        "{out}"
    );
    let (code, out, err) = run(unprivileged(demarche(db).args(["query", "quotes"])));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ready to discuss"), "{out}");
    let (code, out, err) = run(unprivileged(demarche(db).arg("brief")));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Round"), "{out}");
}

#[test]
fn a_read_only_file_is_read_but_not_written() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("store");
    let db = stored(&dir);
    chmod(&dir, 0o777);
    chmod(&db, 0o444);
    let more = corpus(t.path(), 10, 12);
    chmod(&more, 0o755);
    check_read_only(&db, &more, 4);
    chmod(&db, 0o644);
    assert_eq!(audit(&db).documents.len(), 4);
}

#[test]
fn a_store_in_a_read_only_directory_is_read_but_not_written() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("store");
    let db = stored(&dir);
    if is_root() {
        // the file is writable by the user the commands run as; only the
        // directory is not (no journal, WAL or shared-memory file can be made)
        std::os::unix::fs::chown(&db, Some(65534), Some(65534)).unwrap();
    }
    chmod(&db, 0o644);
    chmod(&dir, 0o555);
    let more = corpus(t.path(), 10, 12);
    chmod(&more, 0o755);
    check_read_only(&db, &more, 4);
    chmod(&dir, 0o755);
    assert_eq!(audit(&db).documents.len(), 4);
}

/// A real full file system: a small tmpfs mounted for the test (needs root
/// and the right to mount; skipped with a message otherwise). Ingest stops
/// on ENOSPC naming the store and the document, `check` finds the store
/// whole while the disk is still full, and once the file system grows a
/// re-run stores every document exactly once.
#[test]
fn a_full_file_system_stops_ingest_and_loses_nothing() {
    if !is_root() {
        eprintln!("skipped: mounting a small file system needs root");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let mnt = t.path().join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let mount = |opts: &str| {
        Command::new("mount")
            .args(["-t", "tmpfs", "-o", opts, "tmpfs"])
            .arg(&mnt)
            .output()
    };
    match mount("size=600k") {
        Ok(o) if o.status.success() => {}
        other => {
            eprintln!("skipped: cannot mount a tmpfs here: {other:?}");
            return;
        }
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mnt);
    let db = mnt.join("full.db");
    let first = corpus(t.path(), 0, 5);
    let (code, _, err) = run(demarche(&db).arg("ingest").arg(&first));
    assert_eq!(code, 0, "five documents fit: {err}");
    let before = audit(&db);
    let all = corpus(t.path(), 0, 120);

    let (code, _, err) = run(demarche(&db).arg("ingest").arg(&all));
    assert_eq!(code, 1, "the file system fills: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("database or disk is full"), "{err}");
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(err.contains("ingest stopped at"), "{err}");

    let (code, out, err) = run(demarche(&db).arg("check"));
    assert_eq!(code, 0, "whole while the disk is full: {out}{err}");
    assert!(out.contains("whole:"), "{out}");
    let after = audit(&db);
    for (hash, counts) in &before.documents {
        assert_eq!(after.documents.get(hash), Some(counts), "{}", counts.doc);
    }
    let stored = after.documents.len();
    assert!((5..120).contains(&stored), "{stored} stored");

    let o = Command::new("mount")
        .args(["-o", "remount,size=64m"])
        .arg(&mnt)
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let (code, _, err) = run(demarche(&db).arg("ingest").arg(&all));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("ingested {}, duplicates {stored}", 120 - stored)),
        "{err}"
    );
    let (code, out, _) = run(demarche(&db).args(["check", "--json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["whole"], true, "{out}");
    assert_eq!(v["documents"], 120, "{out}");
}

/// `check` names what a damaged store lacks and exits 1.
#[test]
fn check_reports_a_half_written_document() {
    let t = tempfile::tempdir().unwrap();
    let db = t.path().join("damaged.db");
    let c = corpus(t.path(), 0, 3);
    let (code, _, err) = run(demarche(&db).arg("ingest").arg(&c));
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(demarche(&db).arg("check"));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 documents"), "{out}");

    // What a crash between two statements of one document would leave if
    // the document were not written in one transaction: a text lost.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "DELETE FROM texts WHERE rowid = (SELECT min(rowid) FROM texts)",
        [],
    )
    .unwrap();
    drop(conn);
    let (code, out, _) = run(demarche(&db).arg("check"));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("has no text"), "{out}");
    assert!(out.contains("NOT whole"), "{out}");
    let (code, out, _) = run(demarche(&db).args(["check", "--json"]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["whole"], false, "{out}");
    assert!(
        v["problems"][0].as_str().unwrap().contains("has no text"),
        "{out}"
    );
}
