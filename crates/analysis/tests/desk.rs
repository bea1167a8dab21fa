//! The analyst's desk through the whole pipeline: invented articles about an
//! invented crisis (Chilean forces seize a Peruvian town; Bolivia, bound to
//! Peru by an invented defence pact, answers) are annotated, then the desk
//! finds the crisis, each state's response, the silences, the patron's
//! record and the sources' disagreements. Every sentence here is written for
//! these tests.

use demarche_analysis::desk::{
    contradictions, corroboration, Corpus, CorroborationOptions, Crisis, Desk, DeskData, DeskRules,
    WindowStatus,
};
use demarche_analysis::{ClusterOptions, EventCluster, Wires};
use demarche_core::{CrisisDef, Document, Found, Record};
use demarche_kb::Kb;
use demarche_pipeline::Pipeline;
use std::sync::Arc;

const PACT: &str = r#"
[[actor]]
id = "event:test-andean-defence-pact"
kind = "event"
name = "Andean Mutual Defence Pact"
commitment = "defence pact"
from = "2020-01-01"
members = [
  { country = "BOL", from = "2020-01-01" },
  { country = "PER", from = "2020-01-01" },
]
"#;

const ARTICLES: &[(&str, &str, &str, &str)] = &[
    (
        "wire-1.txt",
        "2026-03-02",
        "Andes Wire",
        "Chilean troops seized the Peruvian town of Tacna on March 1, 2026, killing 30 soldiers, \
         the Peruvian government said.\n\n\
         The Bolivian Foreign Ministry condemned the attack on Peru and demanded the immediate \
         withdrawal of Chilean forces.",
    ),
    (
        "daily-1.txt",
        "2026-03-03",
        "Lima Daily",
        "Chilean troops seized Tacna on March 1, killing 12 soldiers, according to the regional \
         governor.\n\n\
         Bolivian President Rodrigo Paz has not commented on the seizure of Tacna.\n\n\
         Argentina's foreign ministry said it was deeply concerned about the fighting in Peru.",
    ),
    (
        "daily-2.txt",
        "2026-03-05",
        "Lima Daily",
        "Bolivia sent troops to Peru on March 4 to help defend the border, the Bolivian \
         defence ministry said.",
    ),
    (
        "daily-3.txt",
        "2026-03-06",
        "Quito Ledger",
        "The seizure of Tacna by Chilean troops on March 1 still weighs on Peru.\n\n\
         Ecuador and Colombia held talks on March 5 and agreed to expand cooperation on \
         fisheries.\n\n\
         Uruguay's foreign ministry urged both sides on March 5 to avoid further escalation.",
    ),
];

fn data() -> (Arc<Kb>, DeskData) {
    let mut kb = Kb::builtin().expect("built-in knowledge base");
    kb.add_toml(PACT, "test.toml").expect("test pact");
    let kb = Arc::new(kb);
    let pipeline = Pipeline::new(kb.clone());
    let mut d = DeskData::default();
    for (name, published, outlet, text) in ARTICLES {
        let mut doc = Document::new(*name, *text);
        doc.meta.published = Some(Found::new(published.to_string(), "test"));
        doc.meta.outlet = Some(Found::new(outlet.to_string(), "test"));
        let hash = demarche_core::sha256_hex(&doc.text);
        for r in pipeline.records(&mut doc) {
            match r {
                Record::Document(x) => d.documents.push(x),
                Record::Quote(x) => d.quotes.push(x),
                Record::Silence(x) => d.silences.push(x),
                Record::Event(x) => {
                    d.events.push(x);
                    d.event_hashes.push(hash.clone());
                }
                Record::Time(x) => d.times.push(x),
                Record::Finding(x) => d.findings.push(x),
                _ => {}
            }
        }
    }
    (kb, d)
}

/// The analyst's name for the seizure.
fn tacna() -> CrisisDef {
    CrisisDef {
        id: "u-tacna".into(),
        name: "Seizure of Tacna".into(),
        target: "PER".into(),
        by: vec!["CHL".into()],
        from: "2026-03-01".into(),
        to: None,
        note: None,
    }
}

/// The desk over the articles, with the crises it finds.
fn desk_over(kb: Arc<Kb>, data: DeskData) -> (Desk, Corpus, Vec<EventCluster>, Vec<Crisis>) {
    let desk = Desk::new(kb, DeskRules::builtin());
    let corpus = Corpus::new(&desk, Arc::new(data));
    let clusters = corpus.data.clusters(&ClusterOptions::default());
    let crises = desk.crises(&corpus, &clusters, &corpus.data.named);
    (desk, corpus, clusters, crises)
}

/// The desk over the articles with the analyst's named crisis.
fn with_tacna() -> (Desk, Corpus, Vec<EventCluster>, Vec<Crisis>) {
    let (kb, mut data) = data();
    data.named.push(tacna());
    desk_over(kb, data)
}

/// The named crisis among the desk's.
fn tacna_in(crises: &[Crisis]) -> &Crisis {
    crises
        .iter()
        .find(|c| c.id == "u-tacna")
        .expect("the named crisis")
}

#[test]
fn the_desk_finds_the_crisis_the_answers_and_the_silence() {
    let (desk, corpus, _, crises) = with_tacna();
    let c = tacna_in(&crises);
    assert_eq!(c.target, "PER");
    assert!(
        c.reports >= 2 && !c.clusters.is_empty(),
        "the store's seizure reports join the named crisis: {c:?}"
    );
    assert!(c.evidence.iter().all(|e| e.sentence_text.contains("Tacna")));

    let m = desk.matrix(&corpus, c, &[]);
    assert_eq!(m.window, ["2026-02-28", "2026-03-31"]);
    let row = |a: &str| m.rows.iter().find(|r| r.actor == a).expect(a);
    let bol = row("BOL");
    assert_eq!(
        bol.bond.as_deref(),
        Some("defence pact via Andean Mutual Defence Pact")
    );
    assert_eq!(bol.level, "military", "{bol:#?}");
    assert!(bol.counts.contains_key("condemnation") || bol.counts.contains_key("diplomatic"));
    assert!(bol
        .evidence
        .iter()
        .any(|e| e.sentence_text.starts_with("Bolivia sent troops")));
    assert!(bol.speakers.iter().any(|s| s.role == "foreign ministry"));
    assert_eq!(bol.silences.len(), 1, "{:?}", bol.silences);
    // Argentina is no partner and no great power, but it answered.
    assert_eq!(row("ARG").level, "concern");
    // The great powers said nothing here.
    assert_eq!(row("CHN").level, "silence");
    assert!(!m.rows.iter().any(|r| r.actor == "CHL" || r.actor == "PER"));
    // Strongest first.
    assert!(m.rows.windows(2).all(|w| w[0].rank >= w[1].rank));

    let windows = desk.silence_windows(&corpus, c, &["BOL".to_string()]);
    let paz = windows
        .iter()
        .find(|w| w.speaker_id == "person:rodrigo-paz")
        .expect("the head of state's window");
    assert_eq!(paz.status, WindowStatus::Silent);
    assert_eq!(paz.explicit.len(), 1);
    assert_eq!(paz.sources_searched, 4);
    assert_eq!(paz.from, "2026-03-01");
    assert_eq!(paz.to, "2026-03-06", "the newest document searched");
}

#[test]
fn talks_between_third_states_and_calls_for_restraint_are_graded_as_such() {
    let (desk, corpus, _, crises) = with_tacna();
    let c = tacna_in(&crises);
    let actors: Vec<String> = ["ECU", "COL", "URY"].map(String::from).to_vec();
    let m = desk.matrix(&corpus, c, &actors);
    let level = |a: &str| {
        m.rows
            .iter()
            .find(|r| r.actor == a)
            .map(|r| r.level.clone())
            .unwrap_or_default()
    };
    // Two other states meeting is no answer to Peru's crisis.
    assert_eq!(level("ECU"), "silence", "{m:#?}");
    assert_eq!(level("COL"), "silence", "{m:#?}");
    // "urged both sides to avoid further escalation": concern, not a demand.
    assert_eq!(level("URY"), "concern", "{m:#?}");
}

#[test]
fn a_statement_withdraws_a_silence() {
    let (kb, mut data) = data();
    // A later article quotes the president: his window no longer holds.
    let pipeline = Pipeline::new(kb.clone());
    let mut doc = Document::new(
        "daily-3.txt",
        "Bolivian President Rodrigo Paz condemned the seizure of the Peruvian town of Tacna on March 6, calling it \
         an attack on the whole region.",
    );
    doc.meta.published = Some(Found::new("2026-03-06".into(), "test"));
    for r in pipeline.records(&mut doc) {
        match r {
            Record::Document(x) => data.documents.push(x),
            Record::Quote(x) => data.quotes.push(x),
            Record::Event(x) => {
                data.events.push(x);
                data.event_hashes.push(String::new());
            }
            Record::Time(x) => data.times.push(x),
            _ => {}
        }
    }
    let (desk, corpus, _, crises) = desk_over(kb, data);
    let c = crises
        .iter()
        .find(|c| c.target == "PER")
        .expect("a crisis found in the store alone");
    assert_eq!(c.by, ["CHL"]);
    let w = desk.silence_windows(&corpus, c, &["BOL".to_string()]);
    let paz = w
        .iter()
        .find(|w| w.speaker_id == "person:rodrigo-paz")
        .unwrap();
    assert_eq!(paz.status, WindowStatus::Spoke, "{paz:#?}");
    assert!(paz.statements[0].sentence_text.contains("condemned"));
}

#[test]
fn the_patron_view_sets_answers_against_promises() {
    let (desk, corpus, _, crises) = with_tacna();
    let r = desk.patron(&corpus, &crises, "BOL");
    let row = r.rows.iter().find(|x| x.crisis == "u-tacna").expect("row");
    assert_eq!(row.commitment, "defence pact");
    assert_eq!(row.expected, "military");
    assert!(row.met);
    let military = r.summary.iter().find(|s| s.level == "military").unwrap();
    assert!(military.crises >= 1);
    // Every state's report at once (what the server caches) holds the same
    // rows as one report asked for alone, and leaves out states bound to
    // no target.
    let all = desk.patrons(&corpus, &crises);
    assert!(all.contains_key("BOL"));
    for (code, report) in &all {
        let alone = desk.patron(&corpus, &crises, code);
        assert!(!report.rows.is_empty(), "{code}");
        assert_eq!(
            serde_json::to_value(report).unwrap(),
            serde_json::to_value(&alone).unwrap(),
            "{code}"
        );
    }
    assert!(desk.patron(&corpus, &crises, "PER").rows.is_empty() || all.contains_key("PER"));
}

#[test]
fn corroboration_and_contradictions_cite_both_sources() {
    let (kb, data) = data();
    let (desk, corpus, clusters, _) = desk_over(kb, data);
    let rows = corroboration(
        &corpus,
        &clusters,
        &Wires::default(),
        CorroborationOptions::default(),
    );
    let seizure = rows
        .iter()
        .find(|r| r.kind == "event" && r.claim.contains("ASSAULT"))
        .expect("the seizure");
    let outlets: Vec<&str> = seizure.outlets.iter().map(|o| o.outlet.as_str()).collect();
    assert_eq!(outlets, ["Andes Wire", "Lima Daily"]);
    assert_eq!(seizure.sources, 2);
    let c = contradictions(&desk, &corpus, &clusters);
    let count = c
        .iter()
        .find(|x| x.field == "count")
        .expect("a count contradiction");
    let mut says = [count.a_says.as_str(), count.b_says.as_str()];
    says.sort();
    assert_eq!(says, ["12", "30"]);
    assert_ne!(count.a.doc, count.b.as_ref().unwrap().doc);
}

#[test]
fn a_brief_about_a_state_gains_the_desk_sections() {
    use demarche_analysis::{brief, BriefInput, BriefOptions, Format};
    let (kb, data) = data();
    let input = BriefInput {
        documents: data.documents.clone(),
        entities: Vec::new(),
        times: data.times.clone(),
        quotes: data.quotes.clone(),
        silences: data.silences.clone(),
        events: data.events.clone(),
        findings: Vec::new(),
        named: vec![tacna()],
    };
    let opts = |format| BriefOptions {
        about: Some("BOL".into()),
        format,
        kb: Some(kb.clone()),
        ..BriefOptions::default()
    };
    let md = brief(&input, &opts(Format::Markdown));
    assert!(md.contains("## Crises and responses"), "{md}");
    assert!(
        md.contains("### Seizure of Tacna (Peru, 2026-03-01, by Chile)"),
        "{md}"
    );
    assert!(md.contains("- **military support**"), "{md}");
    assert!(md.contains("## Silence windows"), "{md}");
    assert!(
        md.contains("**Rodrigo Paz** (head of state) on Seizure of Tacna: no statement from 2026-03-01 to 2026-03-06 in the 4 documents searched; 1 source says so"),
        "{md}"
    );
    assert!(md.contains("## As a patron"), "{md}");
    assert!(md.contains("defence pact via Andean Mutual Defence Pact; promised military, answered military support"), "{md}");
    // Without the knowledge base, no desk.
    let plain = brief(
        &input,
        &BriefOptions {
            kb: None,
            ..opts(Format::Markdown)
        },
    );
    assert!(!plain.contains("## Crises and responses"));
    // The HTML page carries the same sections, escaped.
    let html = brief(&input, &opts(Format::Html));
    assert!(html.contains("Crises and responses") && html.contains("As a patron"));
}
