//! Command-line tests: every command, and every kind of bad input named in the
//! acceptance list (a clear one-line error naming the file, the other inputs
//! still land, exit status 0 / 1 / 2).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn demarche(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("demarche").unwrap();
    c.current_dir(dir).env_remove("DEMARCHE_DB");
    c
}

const ARTICLE: &str = "Ministers meet in Vienna\n\nBy Jo Rivera\nMarch 4, 2026\n\nVIENNA (GWS) — Iranian Foreign Minister Abbas Araghchi met the head of the International Atomic Energy Agency, Rafael Grossi, on Wednesday.\n\n\"We are ready to resume inspections if the sanctions are lifted,\" Araghchi told reporters after the meeting.\n\nThe White House declined to comment on the talks.\n";

const SECOND: &str = "Talks stall in Geneva\n\nMarch 5, 2026\n\nGermany's foreign minister said on Thursday that the talks had stalled. Russia has not commented on the proposal.\n";

fn corpus(dir: &Path) -> PathBuf {
    let c = dir.join("in");
    std::fs::create_dir_all(c.join("sub")).unwrap();
    std::fs::write(c.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(c.join("sub/b.md"), SECOND).unwrap();
    c
}

/// `demarche --db DB ingest PATH` in `dir`, asserted to succeed.
fn ingest(dir: &Path, db: &Path, path: &Path) -> assert_cmd::assert::Assert {
    demarche(dir)
        .arg("--db")
        .arg(db)
        .arg("ingest")
        .arg(path)
        .assert()
        .success()
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn sample_corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

#[test]
fn help_for_every_command() {
    let t = TempDir::new().unwrap();
    for cmd in [
        "ingest", "extract", "eval", "brief", "query", "export", "kb",
    ] {
        demarche(t.path())
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn usage_errors_exit_2() {
    let t = TempDir::new().unwrap();
    demarche(t.path()).arg("frobnicate").assert().code(2);
    demarche(t.path()).arg("ingest").assert().code(2);
    demarche(t.path())
        .args(["query", "nothing"])
        .assert()
        .code(2);
    demarche(t.path())
        .args(["extract", "--kinds", "quote,bogus", "x.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bogus"));
}

#[test]
fn extract_prints_records_with_provenance() {
    let t = TempDir::new().unwrap();
    let c = corpus(t.path());
    let out = demarche(t.path())
        .arg("extract")
        .arg(&c)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = json_lines(&out);
    let docs: Vec<&Value> = recs.iter().filter(|r| r["kind"] == "document").collect();
    assert_eq!(docs.len(), 2, "one document record per input");
    assert_eq!(docs[0]["doc"], "a.txt");
    assert_eq!(docs[0]["published"], "2026-03-04");
    for r in &recs {
        assert!(r["id"].is_string(), "{r}");
        let span = r["span"].as_array().unwrap();
        assert!(span[0].as_u64().unwrap() <= span[1].as_u64().unwrap());
        assert!(r["sentence"].is_u64());
    }
    // Spans slice the stored text: check times against the text of a.txt.
    let text: Vec<char> = ARTICLE.chars().collect();
    let stored_ok = recs
        .iter()
        .filter(|r| r["kind"] == "time" && r["doc"] == "a.txt")
        .all(|r| r["span"][1].as_u64().unwrap() as usize <= text.len());
    assert!(stored_ok);
    assert!(recs
        .iter()
        .any(|r| r["kind"] == "quote" && r["form"] == "direct"));
    assert!(recs
        .iter()
        .any(|r| r["kind"] == "time" && r["value"] == "2026-03-04"));
}

#[test]
fn extract_kinds_filter() {
    let t = TempDir::new().unwrap();
    let c = corpus(t.path());
    let out = demarche(t.path())
        .args(["extract", "--kinds", "time"])
        .arg(c.join("a.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = json_lines(&out);
    assert!(!recs.is_empty());
    assert!(recs.iter().all(|r| r["kind"] == "time"));
}

#[test]
fn extract_reads_stdin() {
    let t = TempDir::new().unwrap();
    let out = demarche(t.path())
        .args(["extract", "--kinds", "document", "-"])
        .write_stdin(ARTICLE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = json_lines(&out);
    assert_eq!(recs.len(), 1);
}

#[test]
fn bad_inputs_are_reported_by_name_and_the_rest_still_lands() {
    let t = TempDir::new().unwrap();
    let c = corpus(t.path());
    std::fs::write(c.join("empty.txt"), "").unwrap();
    std::fs::write(c.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).unwrap();
    let mut latin1 = b"Caf\xe9 owners in Paris said on Monday that prices rose.\n".to_vec();
    latin1.extend_from_slice(b"The ministry declined to comment.\n");
    std::fs::write(c.join("latin1.txt"), latin1).unwrap();
    std::fs::write(
        c.join("items.jsonl"),
        "{\"id\": \"one\", \"text\": \"Officials in Kyiv said on Monday that talks resumed.\"}\n{\"title\": \"no text here\"}\nnot json at all\n{\"id\": \"two\", \"body\": \"Turkey said on Friday it would mediate.\"}\n",
    )
    .unwrap();
    std::fs::write(c.join("broken.html"), "<html><head><title>Half a page</title></head><body><p>Leaders met in Rome on Monday and agreed to keep talking.<p>Unclosed <b>tags").unwrap();
    std::fs::write(
        c.join("bad.xml"),
        "<rss><channel><item><title>x</title><description>y",
    )
    .unwrap();
    let db = t.path().join("x.db");
    let assert = demarche(t.path())
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&c)
        .arg(t.path().join("missing.txt"))
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for name in [
        "empty.txt",
        "binary.txt",
        "items.jsonl",
        "missing.txt",
        "bad.xml",
    ] {
        assert!(err.contains(name), "no error naming {name} in:\n{err}");
    }
    assert!(
        err.contains("latin1.txt"),
        "a warning names the lossily decoded file:\n{err}"
    );
    // Everything else landed.
    let out = demarche(t.path())
        .arg("--db")
        .arg(&db)
        .args(["query", "documents", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let docs = json_lines(&out);
    let ids: Vec<&str> = docs.iter().filter_map(|d| d["doc"].as_str()).collect();
    for want in ["a.txt", "b.md", "latin1.txt", "one", "two", "broken.html"] {
        assert!(ids.contains(&want), "{want} missing from {ids:?}");
    }
}

#[test]
fn ingest_is_idempotent_and_queries_work() {
    let t = TempDir::new().unwrap();
    let c = corpus(t.path());
    let db = t.path().join("s.db");
    ingest(t.path(), &db, &c).stderr(predicate::str::contains(
        "ingested 2, duplicates 0, failed 0",
    ));
    ingest(t.path(), &db, &c).stderr(predicate::str::contains(
        "ingested 0, duplicates 2, failed 0",
    ));
    let out = demarche(t.path())
        .arg("--db")
        .arg(&db)
        .args(["query", "quotes", "--speaker", "Araghchi", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let quotes = json_lines(&out);
    assert!(
        !quotes.is_empty(),
        "the quote by Araghchi is found by last name"
    );
    assert!(quotes
        .iter()
        .all(|q| q["speaker"].as_str().unwrap_or("").contains("Araghchi")));
    for what in [
        "events",
        "entities",
        "timeline",
        "silences",
        "documents",
        "findings",
    ] {
        demarche(t.path())
            .arg("--db")
            .arg(&db)
            .args(["query", what])
            .assert()
            .success();
    }
}

const STALE: &str = "Talks in Ankara\n\nMarch 6, 2026\n\nFormer President Donald Trump and Iranian Foreign Minister Abbas Araghchi spoke by phone, officials said. Araghchi later met reporters.\n";

#[test]
fn entities_are_listed_once_and_stale_titles_are_findings() {
    let t = TempDir::new().unwrap();
    let c = corpus(t.path());
    std::fs::write(c.join("c.txt"), STALE).unwrap();
    let db = t.path().join("s.db");
    ingest(t.path(), &db, &c);
    let query = |args: &[&str]| {
        json_lines(
            &demarche(t.path())
                .arg("--db")
                .arg(&db)
                .args(args)
                .assert()
                .success()
                .get_output()
                .stdout,
        )
    };
    // Araghchi is in two documents: one entry, every mention with its text.
    let ents = query(&["query", "entities", "--json"]);
    let ids: Vec<&str> = ents.iter().filter_map(|e| e["id"].as_str()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "each entity once: {ids:?}");
    let a = ents
        .iter()
        .find(|e| e["id"] == "person:abbas-araghchi")
        .expect("Araghchi listed");
    assert_eq!(a["documents"].as_array().map(Vec::len), Some(2));
    let texts: Vec<&str> = a["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert!(texts.contains(&"Araghchi"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("Abbas Araghchi")),
        "{texts:?}"
    );
    assert!(a["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["doc"].is_string() && m["record"].is_string() && m["span"].is_array()));
    assert!(a["offices"][0]["office"]
        .as_str()
        .unwrap()
        .contains("Foreign"));
    assert!(a["kb_roles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["kind"] == "foreign_minister" && r["source"].is_string()));
    // "Former President" for the sitting president on the publication date.
    let fs = query(&["query", "findings", "--json"]);
    assert_eq!(fs.len(), 1, "{fs:?}");
    assert_eq!(fs[0]["finding"], "former_incumbent");
    assert_eq!(fs[0]["entity_id"], "person:donald-trump");
    assert_eq!(fs[0]["doc"], "c.txt");
    assert_eq!(fs[0]["as_of"], "2026-03-06");
}

#[test]
fn default_store_is_demarche_db_in_the_working_directory() {
    let t = TempDir::new().unwrap();
    let c = corpus(t.path());
    demarche(t.path())
        .arg("ingest")
        .arg(c.join("a.txt"))
        .assert()
        .success();
    assert!(t.path().join("demarche.db").exists());
}

#[test]
fn brief_ingests_then_reports_with_citations() {
    let t = TempDir::new().unwrap();
    let out = demarche(t.path())
        .arg("brief")
        .arg(sample_corpus())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    assert!(md.contains("Pashinyan"), "{md}");
    assert!(
        md.contains("\\[1\\]") || md.contains("[1]"),
        "citations are numbered:\n{md}"
    );
    let html = demarche(t.path())
        .args(["brief", "--format", "html", "--about", "Russia"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("<html"), "a standalone page");
}

#[test]
fn newer_schema_is_refused() {
    let t = TempDir::new().unwrap();
    let db = t.path().join("new.db");
    let conn = rusqlite_like_touch(&db);
    drop(conn);
    demarche(t.path())
        .arg("--db")
        .arg(&db)
        .args(["query", "documents"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("new.db").and(predicate::str::contains("newer")));
}

/// Creates an SQLite file with a far-future schema version, using the
/// binary's own store to make the file and the sqlite3 header to bump it.
fn rusqlite_like_touch(db: &Path) -> std::fs::File {
    // An empty store first, made by the binary.
    Command::cargo_bin("demarche")
        .unwrap()
        .arg("--db")
        .arg(db)
        .args(["query", "documents"])
        .assert()
        .success();
    // user_version lives at byte offset 60 of the database header (big-endian).
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(db, &bytes).unwrap();
    std::fs::File::open(db).unwrap()
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let t = TempDir::new().unwrap();
    let db = t.path().join("notes.db");
    std::fs::write(&db, "these are my notes, not a database\n".repeat(200)).unwrap();
    demarche(t.path())
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(corpus(t.path()))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("notes.db"));
}

#[test]
fn kb_check_passes_and_reports_bad_user_files() {
    let t = TempDir::new().unwrap();
    demarche(t.path())
        .args(["kb", "check", "--date", "2026-01-15"])
        .assert()
        .success();
    let bad = t.path().join("mine.toml");
    std::fs::write(
        &bad,
        "[[actor]]\nid = \"person:x\"\nkind = \"person\"\nname = \"X Y\"\ncountry = \"ZZZ\"\n",
    )
    .unwrap();
    demarche(t.path())
        .args(["kb", "check", "--date", "2026-01-15", "--kb"])
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("mine.toml").and(predicate::str::contains("ZZZ")));
    let broken = t.path().join("broken.toml");
    std::fs::write(&broken, "[[actor]\nid=").unwrap();
    demarche(t.path())
        .args(["kb", "check", "--kb"])
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.toml"));
}

#[test]
fn kb_check_reports_coverage_gaps_and_shared_offices() {
    let t = TempDir::new().unwrap();
    // On the seeds' date every required office has a sourced holder.
    demarche(t.path())
        .args(["kb", "check", "--date", "2026-01-15"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("0 gaps, 0 pending"));
    // Later, offices the spec lists as pending are shown but do not fail.
    demarche(t.path())
        .args(["kb", "check", "--date", "2026-11-23"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "COL head_of_state: pending on 2026-11-23",
        ));
    // A user file that ends Sudan's foreign minister's role leaves a gap, and
    // a second US president overlapping the first is a problem.
    let mine = t.path().join("mine.toml");
    std::fs::write(
        &mine,
        r#"
[[actor]]
id = "person:mohieldin-salem"
kind = "person"
name = "Mohieldin Salem"
roles = [{ office = "Foreign Minister", kind = "foreign_minister", country = "SDN", from = "2025-07", to = "2025-12", source = "test" }]

[[actor]]
id = "person:test-president"
kind = "person"
name = "Test President"
roles = [{ office = "President", kind = "head_of_state", country = "USA", from = "2025-06", source = "test" }]
"#,
    )
    .unwrap();
    demarche(t.path())
        .args(["kb", "check", "--date", "2026-01-15", "--kb"])
        .arg(&mine)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("coverage: SDN foreign_minister: no holder on 2026-01-15")
                .and(predicate::str::contains("USA head_of_state"))
                .and(predicate::str::contains("person:test-president")),
        );
    demarche(t.path())
        .args(["kb", "check", "--date", "15 January"])
        .assert()
        .code(2);
}

#[test]
fn eval_scores_gold() {
    let t = TempDir::new().unwrap();
    let c = corpus(t.path());
    let gold = t.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"doc\": \"a.txt\", \"kind\": \"time\", \"text\": \"Wednesday\", \"type\": \"DATE\", \"value\": \"2026-03-04\"}\n",
    )
    .unwrap();
    let out = demarche(t.path())
        .args(["eval", "--json", "--gold"])
        .arg(&gold)
        .arg(c.join("a.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let time = &v["kinds"][0];
    assert_eq!(time["kind"], "time");
    assert_eq!(time["gold"], 1);
    assert_eq!(time["span"]["tp"], 1);
    demarche(t.path())
        .args(["eval", "--gold"])
        .arg(t.path().join("nope.jsonl"))
        .arg(&c)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope.jsonl"));
}

#[test]
fn extract_keeps_no_times_from_urls_or_endnotes() {
    let t = TempDir::new().unwrap();
    let text = "Port reopens after strike\n\nMarch 6, 2026\n\nThe port reopened on Thursday, the authority said, citing https://port.example/2025/11/03/notice for details.\n\nReferences\n\n[1] Harbour Gazette, 12 May 2024.\n\n[2] Port authority notice, 3 November 2025.\n";
    let f = t.path().join("port.txt");
    std::fs::write(&f, text).unwrap();
    let out = demarche(t.path())
        .args(["extract", "--kinds", "time"])
        .arg(&f)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let values: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["value"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(values.contains(&"2026-03-05".to_string()), "{values:?}");
    assert!(
        !values
            .iter()
            .any(|v| v.starts_with("2024") || v.starts_with("2025")),
        "{values:?}"
    );
}

/// One seizure told by three outlets, two of them carrying the same wire;
/// another seizure five weeks later.
const SEIZURES: &str = r#"{"id":"harbour-1","outlet":"Harbour Post","author":"Lena Ortiz","published":"2026-04-14","title":"Ship seized","text":"Ship seized\n\nTurkish forces seized a Georgian cargo ship in the Black Sea on Monday, Georgia's foreign ministry said.\n"}
{"id":"meridian-7","outlet":"Daily Meridian","author":"Reuters","published":"2026-04-15","title":"Georgia protests seizure","text":"Georgia protests seizure\n\nOn April 13, Turkish forces seized a cargo ship flagged to Georgia near the Bosphorus.\n"}
{"id":"coast-3","outlet":"Coastal Times","author":"By Reuters staff","published":"2026-04-15","title":"Tbilisi summons envoy","text":"Tbilisi summons envoy\n\nTbilisi summoned the Turkish ambassador after Turkey seized the Georgian ship on Monday.\n"}
{"id":"harbour-9","outlet":"Harbour Post","author":"Lena Ortiz","published":"2026-05-21","title":"Second ship seized","text":"Second ship seized\n\nTurkish forces seized another Georgian cargo ship on May 20, 2026.\n"}
"#;

#[test]
fn events_are_clustered_across_outlets_and_reports_stay_listed() {
    let t = TempDir::new().unwrap();
    let input = t.path().join("news.jsonl");
    std::fs::write(&input, SEIZURES).unwrap();
    let db = t.path().join("s.db");
    ingest(t.path(), &db, &input);
    let run = |args: &[&str]| {
        demarche(t.path())
            .arg("--db")
            .arg(&db)
            .args(["query", "events"])
            .args(args)
            .assert()
    };
    let clusters = json_lines(&run(&["--json"]).success().get_output().stdout);
    let april = clusters
        .iter()
        .find(|c| c["event_type"] == "COERCE" && c["date"] == "2026-04-13")
        .expect("the April seizure is one cluster");
    let members: Vec<&str> = april["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["doc"].as_str().unwrap())
        .collect();
    assert_eq!(members.len(), 3, "{april:#}");
    for d in ["harbour-1", "meridian-7", "coast-3"] {
        assert!(members.contains(&d), "{d} in {members:?}");
    }
    assert_eq!(april["outlets"], 3);
    assert_eq!(april["sources"], 2, "the two Reuters stories count once");
    assert_eq!(april["earliest"], april["reports"][0]["id"]);
    for l in april["links"].as_array().unwrap() {
        assert!(
            l["why"]
                .as_str()
                .unwrap()
                .starts_with("same type COERCE/seize; actors TUR"),
            "{l}"
        );
    }
    assert!(
        clusters
            .iter()
            .any(|c| c["date"] == "2026-05-20" && c["reports"].as_array().unwrap().len() == 1),
        "the May seizure stands apart"
    );

    // The table: one row per cluster.
    let table = String::from_utf8(run(&[]).success().get_output().stdout.clone()).unwrap();
    let id = april["id"].as_str().unwrap();
    let row = table.lines().find(|l| l.starts_with(id)).expect("row");
    assert!(
        row.contains("3 reports\t3 outlets\t2 sources\tHarbour Post 2026-04-14"),
        "{row}"
    );

    // The old per-report view, filters first.
    let reports = json_lines(
        &run(&["--reports", "--json", "--type", "COERCE"])
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(reports.len(), 4);
    assert!(reports.iter().all(|r| r["kind"] == "event"));

    // One cluster: its reports and why each joined.
    let one = String::from_utf8(
        run(&["--cluster", id])
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert_eq!(
        one.lines().filter(|l| l.starts_with("e-")).count(),
        3,
        "{one}"
    );
    assert_eq!(
        one.lines().filter(|l| l.starts_with("link\t")).count(),
        2,
        "{one}"
    );
    run(&["--cluster", "c-0000000000000000"])
        .code(1)
        .stderr(predicate::str::contains("no cluster"));

    // Analyst overrides: keep two reports apart.
    let ids: Vec<&str> = april["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let rules = t.path().join("merge.toml");
    std::fs::write(
        &rules,
        format!("keep_apart = [[\"{}\", \"{}\"]]\n", ids[0], ids[1]),
    )
    .unwrap();
    let split = json_lines(
        &run(&["--json", "--merge-rules", rules.to_str().unwrap()])
            .success()
            .get_output()
            .stdout,
    );
    for c in &split {
        let has = |x: &str| {
            c["reports"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == x)
        };
        assert!(!(has(ids[0]) && has(ids[1])), "{c:#}");
    }
}
