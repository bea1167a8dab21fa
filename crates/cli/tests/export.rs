//! `demarche export events`: PLOVER JSON Lines, GDELT-like TSV, CSV and the
//! stored records, from a small written article ingested into a temporary
//! store.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

/// An article written for this test; the outlet holds a tab to escape.
const ARTICLE: &str = r#"{"id":"story-1","title":"Port seized","url":"https://example.org/news/port","published":"2026-03-04","source":"Daily\tPlanet","text":"Ruritanian troops seized the Chilean port of Arica on Monday, officials said.\n\nChile condemned the seizure and recalled its ambassador from Ruritania.\n\nPeru's foreign minister spoke by phone with Chile's president on Tuesday. Chile did not send troops into Peru."}"#;

const TEXT: &str = "Ruritanian troops seized the Chilean port of Arica on Monday, officials said.\n\nChile condemned the seizure and recalled its ambassador from Ruritania.\n\nPeru's foreign minister spoke by phone with Chile's president on Tuesday. Chile did not send troops into Peru.";

fn demarche(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("demarche").unwrap();
    c.current_dir(dir).env_remove("DEMARCHE_DB");
    c
}

fn store() -> TempDir {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("a.jsonl"), ARTICLE).unwrap();
    demarche(t.path())
        .args(["--db", "t.db", "ingest", "a.jsonl"])
        .assert()
        .success();
    t
}

fn export(dir: &Path, args: &[&str]) -> String {
    let out = demarche(dir)
        .args(["--db", "t.db", "export", "events"])
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json_lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn plover_lines_carry_codes_citation_and_provenance() {
    let t = store();
    let rows = json_lines(&export(t.path(), &["--format", "plover"]));
    assert!(rows.len() >= 4, "{rows:?}");
    let chars: Vec<char> = TEXT.chars().collect();
    for r in &rows {
        for k in [
            "id",
            "date",
            "event",
            "mode",
            "context",
            "actor",
            "recipient",
            "event_text",
            "text",
            "text_info",
            "event_scale",
            "story_id",
            "publisher",
            "link",
            "cite_info",
            "negated",
            "hypothetical",
            "historical",
            "cameo",
            "quad_class",
            "goldstein",
        ] {
            assert!(r.get(k).is_some(), "no {k} in {r}");
        }
        assert_eq!(r["story_id"], "story-1");
        assert_eq!(r["publisher"], "Daily\tPlanet");
        assert_eq!(r["cite_info"]["url"], "https://example.org/news/port");
        assert!(r["context"].is_array() && r["actor"].is_array());
        // The span cites the evidence in the stored text.
        let (s, e) = (
            r["text_info"]["start"].as_u64().unwrap() as usize,
            r["text_info"]["end"].as_u64().unwrap() as usize,
        );
        let cited: String = chars[s..e].iter().collect();
        assert_eq!(cited, r["event_text"].as_str().unwrap());
    }
    let seize = rows.iter().find(|r| r["event"] == "COERCE").unwrap();
    assert_eq!(seize["mode"], "seize");
    assert_eq!(seize["cameo_root"], "17");
    assert_eq!(seize["quad_class"], 4);
    assert!(seize["goldstein"].as_f64().unwrap() < 0.0);
    assert_eq!(seize["date"], "2026-03-02");
    let phone = rows.iter().find(|r| r["event"] == "CONSULT").unwrap();
    assert_eq!(phone["cameo"], "041");
    assert_eq!(phone["actor"][0]["code"], "PER");
    assert_eq!(phone["recipient"][0]["code"], "CHL");
    // A negated event is exported with its codes and flagged.
    let not = rows.iter().find(|r| r["negated"] == true).unwrap();
    assert!(not["cameo"].is_string());
    assert!(not["context"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "negation"));
}

#[test]
fn gdelt_tsv_has_a_header_one_row_per_event_and_escaped_text() {
    let t = store();
    let n = json_lines(&export(t.path(), &["--format", "jsonl"])).len();
    let tsv = export(t.path(), &["--format", "gdelt"]);
    let lines: Vec<&str> = tsv.lines().collect();
    let header: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(header[0], "GLOBALEVENTID");
    assert!(header.contains(&"GoldsteinScale") && header.contains(&"Negated"));
    assert_eq!(lines.len(), n + 1);
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for l in &lines[1..] {
        let cells: Vec<&str> = l.split('\t').collect();
        assert_eq!(cells.len(), header.len(), "{l}");
        assert_eq!(cells[col("Outlet")], "Daily\\tPlanet");
        assert_eq!(cells[col("DocId")], "story-1");
        assert_eq!(cells[col("DATEADDED")].len(), 14);
    }
    let seize = lines
        .iter()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|c| c[col("PloverType")] == "COERCE")
        .unwrap();
    assert_eq!(seize[col("SQLDATE")], "20260302");
    assert_eq!(seize[col("EventRootCode")], "17");
    assert_eq!(seize[col("QuadClass")], "4");
    assert_eq!(seize[col("Actor2CountryCode")], "CHL");
}

#[test]
fn csv_quotes_and_filters_and_out_file() {
    let t = store();
    let csv = export(t.path(), &["--format", "csv", "--type", "COERCE"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("GLOBALEVENTID,SQLDATE,"));
    // The evidence holds a comma: quoted.
    assert!(lines[1].ends_with(
        ",\"Ruritanian troops seized the Chilean port of Arica on Monday, officials said\""
    ));

    demarche(t.path())
        .args([
            "--db",
            "t.db",
            "export",
            "events",
            "--country",
            "PER",
            "--out",
            "e.jsonl",
        ])
        .assert()
        .success()
        .stdout("");
    let rows = json_lines(&std::fs::read_to_string(t.path().join("e.jsonl")).unwrap());
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["actor"][0]["code"] == "PER"));
}
