//! Event clusters on the seed articles (`../shared`, read at run time;
//! skipped with a message when absent): the US capture of Maduro, the tanker
//! seizures of 7 January 2026 and the Lavrov–Rodríguez call are each one
//! cluster, and unrelated events stay apart.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

fn seeds() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    p.is_dir().then_some(p)
}

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn seed(doc: &str) -> &str {
    doc.get(..3).unwrap_or(doc)
}

fn has_id(side: &Value, id: &str) -> bool {
    side.as_array()
        .is_some_and(|ps| ps.iter().any(|p| p["id"] == id))
}

struct Seeds {
    clusters: Vec<Value>,
    /// Report id → its full event record.
    reports: HashMap<String, Value>,
    /// Report id → cluster index.
    cluster_of: HashMap<String, usize>,
}

impl Seeds {
    fn load() -> Option<Seeds> {
        let Some(dir) = seeds() else {
            eprintln!("skipping: ../shared/corpus/seeds not found beside the repository");
            return None;
        };
        let t = tempfile::TempDir::new().unwrap();
        let db = t.path().join("c.db");
        let run = |args: &[&str]| {
            let out = Command::cargo_bin("demarche")
                .unwrap()
                .arg("--db")
                .arg(&db)
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        run(&["ingest", "-q", dir.to_str().unwrap()]);
        let clusters = lines(&run(&["query", "events", "--json"]));
        let reports: HashMap<String, Value> =
            lines(&run(&["query", "events", "--reports", "--json"]))
                .into_iter()
                .map(|r| (r["id"].as_str().unwrap().to_string(), r))
                .collect();
        let mut cluster_of = HashMap::new();
        for (k, c) in clusters.iter().enumerate() {
            for r in c["reports"].as_array().unwrap() {
                cluster_of.insert(r["id"].as_str().unwrap().to_string(), k);
            }
        }
        assert_eq!(
            cluster_of.len(),
            reports.len(),
            "every report in one cluster"
        );
        Some(Seeds {
            clusters,
            reports,
            cluster_of,
        })
    }

    /// The one cluster holding every report `pick` selects.
    fn one_cluster(&self, what: &str, pick: impl Fn(&Value) -> bool) -> &Value {
        let picked: Vec<&String> = self
            .reports
            .iter()
            .filter(|(_, r)| pick(r))
            .map(|(id, _)| id)
            .collect();
        assert!(!picked.is_empty(), "{what}: no report coded");
        let ks: BTreeSet<usize> = picked.iter().map(|id| self.cluster_of[*id]).collect();
        assert_eq!(
            ks.len(),
            1,
            "{what}: reports in {} clusters: {:#?}",
            ks.len(),
            ks.iter()
                .map(|k| &self.clusters[*k]["id"])
                .collect::<Vec<_>>()
        );
        &self.clusters[*ks.iter().next().unwrap()]
    }

    fn members<'a>(&'a self, c: &'a Value) -> impl Iterator<Item = &'a Value> + 'a {
        c["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &self.reports[r["id"].as_str().unwrap()])
    }

    fn docs(&self, c: &Value) -> BTreeSet<String> {
        self.members(c)
            .map(|r| seed(r["doc"].as_str().unwrap()).to_string())
            .collect()
    }
}

fn current(r: &Value) -> bool {
    r["negated"] == false && r["hypothetical"] == false
}

#[test]
fn seed_events_cluster_across_outlets() {
    let Some(s) = Seeds::load() else { return };

    // The US capture of Maduro: every report coded as a current capture of
    // him by the US (or by an unnamed actor) dated January 2026 or undated.
    let capture = |r: &Value| {
        let coding = (r["event_type"].as_str(), r["mode"].as_str());
        matches!(
            coding,
            (Some("ASSAULT"), Some("abduct")) | (Some("COERCE"), Some("arrest"))
        ) && has_id(&r["recipients"], "person:nicolas-maduro")
            && (r["actor_country"] == "USA" || r["actors"].as_array().is_some_and(Vec::is_empty))
            && current(r)
            && r["historical"] == false
            && r["date"].as_str().is_none_or(|d| d.starts_with("2026-01"))
    };
    let c = s.one_cluster("capture of Maduro", capture);
    let docs = s.docs(c);
    for want in ["000", "001", "003", "004"] {
        if !docs.contains(want) {
            eprintln!("capture of Maduro: no report from {want} (its coding: not a current US capture of Maduro dated 2026-01)");
        }
    }
    assert!(docs.len() >= 3, "capture of Maduro from {docs:?}");
    for r in s.members(c) {
        let d = r["date"].as_str().unwrap_or("");
        assert!(d.is_empty() || d.starts_with("2026-01"), "dated apart: {r}");
        assert!(
            r["recipient_country"] == "VEN",
            "only Maduro or Venezuela is the recipient: {r}"
        );
        assert!(current(r), "{r}");
    }

    // The US seizures of tankers on 7 January 2026.
    let tankers = |r: &Value| {
        r["event_type"] == "COERCE"
            && r["mode"] == "seize"
            && r["actor_country"] == "USA"
            && r["date"] == "2026-01-07"
            && current(r)
    };
    let c = s.one_cluster("tanker seizures", tankers);
    let docs = s.docs(c);
    assert!(
        docs.contains("000") && docs.contains("001"),
        "tankers from {docs:?}"
    );
    assert!(c["outlets"].as_u64().unwrap() >= 2);

    // Lavrov's call with Rodríguez.
    let call = |r: &Value| {
        r["event_type"] == "CONSULT"
            && has_id(&r["actors"], "person:sergei-lavrov")
            && has_id(&r["recipients"], "person:delcy-rodriguez")
    };
    let c = s.one_cluster("Lavrov–Rodríguez call", call);
    for r in s.members(c) {
        assert_eq!(r["event_type"], "CONSULT", "{r}");
        assert!(
            !has_id(&r["actors"], "person:vladimir-putin"),
            "the 2019 Putin–Maduro call stays apart: {r}"
        );
    }

    // Unrelated events stay apart: no cluster mixes years, negated with
    // asserted reports, or the Venezuelan events with Syrian or Iranian ones.
    for c in &s.clusters {
        let ms: Vec<&Value> = s.members(c).collect();
        let years: BTreeSet<&str> = ms
            .iter()
            .filter_map(|r| r["date"].as_str())
            .filter_map(|d| d.get(..4))
            .collect();
        assert!(years.len() <= 1, "years {years:?} in {}", c["id"]);
        let negated: BTreeSet<bool> = ms.iter().map(|r| r["negated"] == true).collect();
        assert_eq!(negated.len(), 1, "negated and asserted in {}", c["id"]);
        let countries: BTreeSet<&str> = ms
            .iter()
            .filter_map(|r| r["recipient_country"].as_str())
            .collect();
        assert!(
            !(countries.contains("VEN")
                && (countries.contains("SYR") || countries.contains("IRN"))),
            "Venezuela with Syria or Iran in {}: {countries:?}",
            c["id"]
        );
    }
}
