//! Back-fills through a pipe: `extract --stdin --text` over the sample corpus
//! as JSON Lines articles, its records `load`ed into a second store, must give
//! the store a direct `ingest` of the same articles gives — the same
//! documents, texts and records, compared through `export records` (every
//! document with its text and records, in text-hash order).

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn demarche(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("demarche").unwrap();
    c.current_dir(dir).env_remove("DEMARCHE_DB");
    c
}

fn sample_corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// The sample corpus (text, Markdown, HTML, a feed, JSON Lines) as JSON Lines
/// articles: each document's cleaned text and metadata, with its name as `id`.
fn corpus_as_articles(dir: &Path) -> String {
    let out = demarche(dir)
        .args(["extract", "--kinds", "document", "--text"])
        .arg(sample_corpus())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = String::new();
    for l in String::from_utf8(out.stdout).unwrap().lines() {
        let d: Value = serde_json::from_str(l).unwrap();
        let mut a = json!({ "id": d["doc"], "text": d["text"] });
        for (to, from) in [
            ("title", "title"),
            ("published", "published"),
            ("url", "url"),
            ("source", "outlet"),
            ("author", "byline"),
        ] {
            if d[from].is_string() {
                a[to] = d[from].clone();
            }
        }
        lines.push_str(&a.to_string());
        lines.push('\n');
    }
    lines
}

fn export_records(dir: &Path, db: &str) -> String {
    let out = demarche(dir)
        .args(["--db", db, "export", "records"])
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
fn extract_stdin_then_load_equals_direct_ingest() {
    let t = TempDir::new().unwrap();
    let dir = t.path();
    let articles = corpus_as_articles(dir);
    assert!(articles.lines().count() >= 8, "{articles}");
    std::fs::write(dir.join("articles.jsonl"), &articles).unwrap();

    demarche(dir)
        .args(["--db", "direct.db", "ingest", "articles.jsonl"])
        .assert()
        .success();

    // Two "partitions", piped separately, stored in reverse order: a cluster
    // hands the records back in any order.
    let lines: Vec<&str> = articles.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    std::fs::create_dir_all(dir.join("records/sub")).unwrap();
    for (part, file) in [
        (first, "records/sub/part-00000"),
        (second, "records/part-00001"),
    ] {
        let input = part.join("\n") + "\n";
        let out = demarche(dir)
            .args(["extract", "--stdin", "--text", "--name", "articles.jsonl"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(dir.join(file), out.stdout).unwrap();
    }
    // Spark's markers and checksums are skipped.
    std::fs::write(dir.join("records/_SUCCESS"), "").unwrap();
    std::fs::write(dir.join("records/.part-00001.crc"), "garbage").unwrap();

    let load = demarche(dir)
        .args(["--db", "loaded.db", "load", "records"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&load.stderr);
    assert!(load.status.success(), "{err}");
    assert!(
        err.contains(&format!("loaded {}, duplicates 0, failed 0", lines.len())),
        "{err}"
    );

    let direct = export_records(dir, "direct.db");
    let loaded = export_records(dir, "loaded.db");
    assert!(direct.lines().count() > lines.len() * 5, "{direct}");
    for kind in ["entity", "time", "quote", "silence", "event"] {
        assert!(
            direct.contains(&format!("\"kind\":\"{kind}\"")),
            "no {kind} record in the sample corpus"
        );
    }
    if direct != loaded {
        let a: Vec<&str> = direct.lines().collect();
        let b: Vec<&str> = loaded.lines().collect();
        let at = a.iter().zip(&b).position(|(x, y)| x != y);
        panic!(
            "stores differ ({} vs {} lines); first difference at line {at:?}:\n{:?}\n{:?}",
            a.len(),
            b.len(),
            at.map(|i| a[i]),
            at.map(|i| b[i])
        );
    }

    // The dump is itself loadable: loading it again adds nothing.
    std::fs::write(dir.join("dump.jsonl"), &direct).unwrap();
    let again = demarche(dir)
        .args(["--db", "loaded.db", "load", "dump.jsonl", "records"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "loaded 0, duplicates {}, failed 0",
            lines.len() * 2
        )),
        "{err}"
    );
    assert_eq!(export_records(dir, "loaded.db"), direct);
}

#[test]
fn extract_stdin_reports_bad_lines_by_number_and_keeps_the_rest() {
    let t = TempDir::new().unwrap();
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"Germany's foreign minister said on Thursday that the talks had stalled.\"}\n",
        "{not json\n",
        "{\"id\": \"c\"}\n",
        "{\"id\": \"d\", \"text\": \"Russia has not commented on the proposal.\"}\n",
    );
    let out = demarche(t.path())
        .args(["extract", "--stdin", "--kinds", "document"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-: line 2: invalid JSON"), "{err}");
    assert!(err.contains("-: line 3: no text field"), "{err}");
    let docs: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = docs.iter().map(|d| d["doc"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "d"]);
    assert!(docs.iter().all(|d| d.get("text").is_none()));

    // An empty input (an empty partition) is no error.
    demarche(t.path())
        .args(["extract", "--stdin"])
        .write_stdin("")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn load_reports_bad_lines_and_refuses_documents_without_their_text() {
    let t = TempDir::new().unwrap();
    let dir = t.path();
    let article = "{\"id\": \"a\", \"text\": \"Russia has not commented on the proposal.\"}\n";
    let with_text = demarche(dir)
        .args(["extract", "--stdin", "--text"])
        .write_stdin(article)
        .output()
        .unwrap();
    let without = demarche(dir)
        .args(["extract", "--stdin"])
        .write_stdin(article)
        .output()
        .unwrap();
    let good = String::from_utf8(with_text.stdout).unwrap();
    let tampered = good.replacen("Russia has not", "Russia has", 1);
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    lines.insert(1, "{\"kind\": \"quote\"".into());
    std::fs::write(dir.join("bad.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::write(dir.join("no-text.jsonl"), without.stdout).unwrap();
    std::fs::write(dir.join("tampered.jsonl"), tampered).unwrap();
    let out = demarche(dir)
        .args([
            "--db",
            "s.db",
            "load",
            "no-text.jsonl",
            "tampered.jsonl",
            "bad.jsonl",
            "missing",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-text.jsonl: line 1: \"a\": document record without its text"),
        "{err}"
    );
    assert!(
        err.contains("tampered.jsonl: line 1: \"a\": the text does not match"),
        "{err}"
    );
    assert!(err.contains("bad.jsonl: line 2: not a record"), "{err}");
    assert!(err.contains("missing: no such file or folder"), "{err}");
    assert!(err.contains("loaded 1, duplicates 0, failed 4"), "{err}");
    let dump = export_records(dir, "s.db");
    assert!(dump.contains("\"silence\""), "{dump}");
    assert!(dump.contains("Russia has not commented"), "{dump}");
}
