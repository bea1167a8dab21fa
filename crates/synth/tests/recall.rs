//! The pipeline finds what the generator wrote: a small corpus goes through
//! ingest's JSON Lines reader and the whole pipeline with the built-in
//! knowledge base, and each article's facts are looked up among its records.

use demarche_core::{EventRecord, ParticipantRecord, Record};
use demarche_kb::Kb;
use demarche_pipeline::Pipeline;
use demarche_synth::{Article, Config, Fact, Generator, Item};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

fn corpus(kb: &Kb, docs: u64, crises: usize, seed: u64) -> (Vec<Article>, usize) {
    let cfg = Config {
        docs,
        seed,
        crises: Some(crises),
        ..Config::default()
    };
    let mut articles = Vec::new();
    let mut truths = 0;
    for item in Generator::new(kb, cfg) {
        match item {
            Item::Article(a) => articles.push(*a),
            Item::Truth(_) => truths += 1,
        }
    }
    (articles, truths)
}

fn has_country(ps: &[ParticipantRecord], c: &str) -> bool {
    ps.iter().any(|p| p.country.as_deref() == Some(c))
}

fn event_fits(e: &EventRecord, types: &[&str], actor: &str, recipient: Option<&str>) -> bool {
    types.contains(&e.event_type.as_str())
        && !e.negated
        && has_country(&e.actors, actor)
        && recipient.is_none_or(|r| has_country(&e.recipients, r))
}

/// True when one of the records states the fact.
fn found(f: &Fact, recs: &[Record]) -> bool {
    recs.iter().any(|r| match (f, r) {
        (
            Fact::Act {
                actor,
                target,
                event_type,
                ..
            },
            Record::Event(e),
        ) => event_fits(e, &[event_type.as_str()], actor, Some(target)),
        (
            Fact::Event {
                actor,
                recipient,
                types,
                ..
            },
            Record::Event(e),
        ) => event_fits(e, types, actor, recipient.as_deref()),
        (
            Fact::Statement {
                country,
                person,
                stance,
                ..
            },
            Record::Quote(q),
        ) => {
            q.speaker_country.as_deref() == Some(country.as_str())
                && q.stance.is_some_and(|s| s.as_str() == *stance)
                && person
                    .as_ref()
                    .is_none_or(|p| q.speaker_id.as_deref() == Some(p.as_str()))
        }
        (Fact::Silence { actor, .. }, Record::Silence(s)) => {
            s.actor_country.as_deref() == Some(actor.as_str())
        }
        _ => false,
    })
}

fn kind(f: &Fact) -> &'static str {
    match f {
        Fact::Act { .. } => "act",
        Fact::Statement { .. } => "statement",
        Fact::Event { .. } => "event",
        Fact::Silence { .. } => "silence",
    }
}

#[test]
fn the_pipeline_extracts_what_the_generator_wrote() {
    let kb = Arc::new(Kb::builtin().expect("built-in knowledge base"));
    let (articles, _) = corpus(&kb, 200, 6, 11);
    let pipeline = Pipeline::new(kb.clone());
    let mut jsonl = Vec::new();
    for a in &articles {
        serde_json::to_writer(&mut jsonl, a).unwrap();
        jsonl.push(b'\n');
    }
    let facts: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut total: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut crisis_acts: HashMap<usize, bool> = HashMap::new();
    let mut misses = Vec::new();
    let mut n = 0;
    for doc in demarche_ingest::read_reader("synth.jsonl", std::io::Cursor::new(jsonl), None) {
        let mut doc = doc.expect("every generated line reads");
        let recs = pipeline.records(&mut doc);
        let a = facts[doc.id.as_str()];
        n += 1;
        for f in &a.facts {
            let ok = found(f, &recs);
            let e = total.entry(kind(f)).or_default();
            e.0 += ok as usize;
            e.1 += 1;
            if let (Fact::Act { .. }, Some(c)) = (f, a.crisis) {
                *crisis_acts.entry(c).or_default() |= ok;
            }
            if !ok {
                misses.push(format!("{}: {f:?}", a.id));
            }
        }
    }
    assert_eq!(n, articles.len());
    let mut report: Vec<String> = total
        .iter()
        .map(|(k, (hit, all))| format!("{k} {hit}/{all}"))
        .collect();
    report.sort();
    eprintln!("recall: {}", report.join(", "));
    for m in &misses {
        eprintln!("  missed {m}");
    }
    for k in ["act", "statement", "event", "silence"] {
        let (hit, all) = total.get(k).copied().unwrap_or_default();
        assert!(all >= 5, "too few {k} facts ({all}) to measure");
        assert!(
            hit as f64 >= 0.85 * all as f64,
            "{k}: {hit}/{all} found; misses: {misses:#?}"
        );
    }
    let acts_found = crisis_acts.values().filter(|&&x| x).count();
    assert_eq!(crisis_acts.len(), 6, "every crisis has a first report");
    assert!(
        acts_found >= 5,
        "hostile acts found in {acts_found}/6 crises"
    );
}

#[test]
fn same_seed_same_corpus_and_exact_size() {
    let kb = Kb::builtin().unwrap();
    let (a, truths) = corpus(&kb, 150, 4, 5);
    let (b, _) = corpus(&kb, 150, 4, 5);
    assert_eq!(a.len(), 150);
    assert_eq!(truths, 4);
    let texts = |xs: &[Article]| xs.iter().map(|x| x.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&a), texts(&b));
    let (c, _) = corpus(&kb, 150, 4, 6);
    assert_ne!(texts(&a), texts(&c));
    // Every text is distinct: wire copies differ by their credit line, so
    // the store (which keys documents by content) keeps each one.
    let distinct: HashSet<&str> = a.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(distinct.len(), a.len());
}

#[test]
fn crises_are_a_minority_and_copies_credit_their_wire() {
    let kb = Kb::builtin().unwrap();
    let (a, _) = corpus(&kb, 400, 4, 9);
    let crisis = a.iter().filter(|x| x.crisis.is_some()).count();
    assert!(crisis * 2 < a.len(), "{crisis} of {} in crises", a.len());
    assert!(crisis >= 40);
    // A copy carried by another outlet keeps the wire as byline and the text.
    let copy = a
        .iter()
        .find(|x| x.author.as_deref().is_some_and(|w| w != x.source))
        .expect("a wire copy");
    let wire = copy.author.as_deref().unwrap();
    assert!(a
        .iter()
        .any(|x| x.source == wire && copy.text.starts_with(x.text.as_str())));
    // Dates stay in the span, in order.
    let days: Vec<&str> = a.iter().map(|x| &x.published[..10]).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]));
    assert!(days[0] >= "2024-01-01" && days[days.len() - 1] <= "2025-12-31");
}
