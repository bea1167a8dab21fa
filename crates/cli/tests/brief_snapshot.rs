//! Snapshot tests of `brief` on the bundled sample corpus (examples/corpus),
//! in Markdown and HTML, with and without --about. Update with
//! `INSTA_UPDATE=always cargo test -p demarche --test brief_snapshot` after a
//! deliberate change, and review the diff.

use assert_cmd::Command;
use std::path::PathBuf;
use tempfile::TempDir;

fn brief(db: &std::path::Path, args: &[&str]) -> String {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let out = Command::cargo_bin("demarche")
        .unwrap()
        .arg("--db")
        .arg(db)
        .arg("brief")
        .args(args)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sample_corpus_brief() {
    let t = TempDir::new().unwrap();
    let db = t.path().join("b.db");
    insta::assert_snapshot!("brief_markdown", brief(&db, &[]));
    insta::assert_snapshot!("brief_about_russia", brief(&db, &["--about", "Russia"]));
    insta::assert_snapshot!(
        "brief_html_since",
        brief(&db, &["--format", "html", "--since", "2026-03-05"])
    );
}
