//! The analyst's desk on the seed articles (`../shared`, read at run time;
//! skipped with a message when absent): Russia's answer to the capture of
//! Maduro (condemnation and demands by the Foreign Ministry, Medvedev,
//! Lavrov's call), Putin's silence with the sources that say so, and the
//! earlier crises of Russia's partners in the patron view.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn seeds() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    p.is_dir().then_some(p)
}

fn run(db: &std::path::Path, args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("demarche")
        .unwrap()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn russia_and_the_capture_of_maduro() {
    let Some(seeds) = seeds() else {
        eprintln!("skipped: ../shared/corpus/seeds not found");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    run(&db, &["ingest", "-q", seeds.to_str().unwrap()]);
    run(
        &db,
        &[
            "crisis",
            "add",
            "--target",
            "VEN",
            "--from",
            "2026-01-03",
            "--name",
            "Capture of Maduro",
            "--by",
            "USA",
        ],
    );
    let shown: Value = serde_json::from_slice(&run(
        &db,
        &["crisis", "show", "u-capture-of-maduro", "--json"],
    ))
    .unwrap();
    let m = &shown["matrix"];
    assert_eq!(m["crisis"]["origins"], serde_json::json!(["named", "kb"]));
    let rus = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["actor"] == "RUS")
        .expect("Russia's row");
    assert_eq!(rus["level"], "diplomatic", "{rus:#}");
    let speakers: Vec<(&str, &str)> = rus["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["role"].as_str().unwrap()))
        .collect();
    for want in [
        ("Russian Ministry of Foreign Affairs", "foreign ministry"),
        ("Dmitry Medvedev", "security council"),
        ("Sergei Lavrov", "foreign ministry"),
    ] {
        assert!(speakers.contains(&want), "{want:?} in {speakers:?}");
    }
    let evidence = rus["evidence"].as_array().unwrap();
    assert!(
        evidence
            .iter()
            .any(|e| e["level"] == "condemnation"
                && e["who"] == "Russian Ministry of Foreign Affairs")
    );
    assert!(evidence.iter().any(
        |e| e["what"].as_str().unwrap().starts_with("CONSULT (phone)")
            && e["who"] == "Sergei Lavrov"
    ));
    // Putin said nothing, and several sources say so.
    let putin = shown["silences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["speaker_id"] == "person:vladimir-putin")
        .expect("Putin's window");
    assert_eq!(putin["status"], "silent", "{putin:#}");
    assert!(putin["explicit"].as_array().unwrap().len() >= 3);
    assert!(putin["sources_searched"].as_u64().unwrap() >= 3);

    // The patron view: Russia's partners' crises.
    let p: Value = serde_json::from_slice(&run(&db, &["patron", "RUS", "--json"])).unwrap();
    let rows = p["rows"].as_array().unwrap();
    let level = |target: &str, from: &str| {
        rows.iter()
            .find(|r| r["target"] == target && r["from"].as_str().unwrap().starts_with(from))
            .unwrap_or_else(|| panic!("{target} {from} in {p:#}"))["level"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(level("KAZ", "2022"), "military");
    assert_eq!(level("BLR", "2020"), "aid");
    assert_eq!(level("SYR", "2024"), "silence");
    assert_eq!(level("ARM", "2023"), "silence");
    assert_eq!(level("IRN", "2025"), "diplomatic");
    assert_eq!(level("VEN", "2026"), "diplomatic");

    // The brief about Russia carries it all.
    let md = String::from_utf8(run(&db, &["brief", "--about", "Russia"])).unwrap();
    for want in [
        "## Crises and responses",
        "### Capture of Maduro (Venezuela, 2026-01-03, by United States)",
        "## Silence windows",
        "**Vladimir Putin** (head of state) on Capture of Maduro: no statement",
        "## As a patron",
        "2022 Kazakh unrest (Kazakhstan)",
    ] {
        assert!(md.contains(want), "{want:?} not in the brief:\n{md}");
    }
}
