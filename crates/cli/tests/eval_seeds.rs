//! Runs `demarche eval` on the seed articles against the shared gold and fails
//! under the thresholds of the acceptance list. Skips (with a message) when
//! `../shared` is not beside the repository.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.join("gold/seeds.jsonl").exists().then_some(p)
}

fn eval(args: &[&str]) -> Value {
    let out = Command::cargo_bin("demarche")
        .unwrap()
        .args(["eval", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "eval failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn kind<'a>(report: &'a Value, k: &str) -> &'a Value {
    report["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == k)
        .unwrap_or_else(|| panic!("no {k} in report"))
}

fn num(v: &Value, path: &[&str]) -> f64 {
    let mut x = v;
    for p in path {
        x = &x[*p];
    }
    x.as_f64()
        .unwrap_or_else(|| panic!("no number at {path:?}"))
}

/// (kind, path to the figure, floor)
const FLOORS: &[(&str, &[&str], f64)] = &[
    ("quote", &["span", "f1"], 0.90),
    ("quote", &["full", "f1"], 0.80),
    ("time", &["span", "f1"], 0.92),
    ("time", &["attributes", "value"], 0.88),
    ("entity", &["span", "f1"], 0.92),
    ("entity", &["attributes", "type"], 0.95),
    ("entity", &["attributes", "country"], 0.95),
    ("silence", &["span", "f1"], 0.80),
    ("silence", &["attributes", "actor"], 0.85),
    ("event", &["span", "f1"], 0.70),
    ("event", &["full", "f1"], 0.55),
    ("event", &["reported", "negated"], 0.85),
    ("event", &["reported", "hypothetical"], 0.85),
];

#[test]
fn seeds_meet_the_acceptance_thresholds() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared (seeds and gold) is not beside the repository");
        return;
    };
    let g1 = shared.join("gold/seeds.jsonl");
    let g2 = shared.join("gold/seeds-events.jsonl");
    let seeds = shared.join("corpus/seeds");
    let report = eval(&[
        "--gold",
        g1.to_str().unwrap(),
        "--gold",
        g2.to_str().unwrap(),
        seeds.to_str().unwrap(),
    ]);
    let mut failures = Vec::new();
    for (k, path, floor) in FLOORS {
        let v = num(kind(&report, k), path);
        eprintln!("{k:<8} {:<20} {v:.3} (floor {floor})", path.join("."));
        if v < *floor {
            failures.push(format!("{k} {} = {v:.3} < {floor}", path.join(".")));
        }
    }
    assert!(
        failures.is_empty(),
        "below thresholds:\n{}",
        failures.join("\n")
    );
}

#[test]
fn tempeval_times_stay_above_floor() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is not beside the repository");
        return;
    };
    let gold = shared.join("gold/te3-platinum.jsonl");
    let articles = shared.join("corpus/te3-platinum/articles.jsonl");
    let report = eval(&["--gold", gold.to_str().unwrap(), articles.to_str().unwrap()]);
    let t = kind(&report, "time");
    let full = num(t, &["full", "f1"]);
    eprintln!("te3 time full F1 {full:.3}");
    assert!(full >= 0.80, "TempEval-3 time full F1 {full:.3} < 0.80");
}

/// The held-out articles' events (gold made blind, by one per actor and
/// recipient pair): span and full F1 must not fall below what the rules
/// reached when the gold was written.
#[test]
fn heldout_events_stay_above_floor() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/heldout");
    for (set, span_floor, full_floor) in [("dev", 0.60, 0.26), ("test", 0.47, 0.20)] {
        let gold = root.join(set).join("gold-events.jsonl");
        let corpus = root.join(set).join("corpus");
        let report = eval(&["--gold", gold.to_str().unwrap(), corpus.to_str().unwrap()]);
        let ev = kind(&report, "event");
        let span = num(ev, &["span", "f1"]);
        let full = num(ev, &["full", "f1"]);
        eprintln!("held-out {set}: event span F1 {span:.3}, full F1 {full:.3}");
        assert!(
            span >= span_floor,
            "held-out {set} event span F1 {span:.3} < {span_floor}"
        );
        assert!(
            full >= full_floor,
            "held-out {set} event full F1 {full:.3} < {full_floor}"
        );
    }
}

/// The held-out articles (written for the project, gold made blind): entity
/// and time scores must not fall below what the rules reached when the gold
/// was written.
#[test]
fn heldout_entities_and_times_stay_above_floor() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/heldout");
    for (set, entity_floor, time_floor) in [("dev", 0.85, 0.92), ("test", 0.85, 0.92)] {
        let gold = root.join(set).join("gold-entities-time.jsonl");
        let corpus = root.join(set).join("corpus");
        let report = eval(&["--gold", gold.to_str().unwrap(), corpus.to_str().unwrap()]);
        let e = num(kind(&report, "entity"), &["span", "f1"]);
        let t = num(kind(&report, "time"), &["span", "f1"]);
        eprintln!("held-out {set}: entity span F1 {e:.3}, time span F1 {t:.3}");
        assert!(
            e >= entity_floor,
            "held-out {set} entity span F1 {e:.3} < {entity_floor}"
        );
        assert!(
            t >= time_floor,
            "held-out {set} time span F1 {t:.3} < {time_floor}"
        );
    }
}
