//! Corroboration (which outlets carry each claim, wire copies counted once)
//! and contradictions (sources that disagree on a typed field: whether an
//! act happened, its day, who did it, a count, a title the knowledge base
//! contradicts).

use super::rules::CountRules;
use super::{clip, Corpus, Desk, Evidence, Kind};
use crate::clusters::{date_interval, EventCluster, Wires};
use demarche_core::sha256_hex;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One outlet's carriage of a claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimSource {
    pub outlet: String,
    /// The wire it credits, when it is a wire copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire: Option<String>,
    pub documents: Vec<String>,
    /// The records behind it (event reports or quotes).
    pub records: Vec<String>,
}

/// A claim (an event or a statement) and the outlets that carry it.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    /// The event cluster's id, or `s-` + a hash for a statement.
    pub id: String,
    /// `event` or `statement`.
    pub kind: &'static str,
    pub claim: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Independent sources: wire copies and repeats count once.
    pub sources: usize,
    pub outlets: Vec<ClaimSource>,
    /// The report or quote that best shows the claim.
    pub evidence: Evidence,
}

/// What to list.
#[derive(Debug, Clone, Copy)]
pub struct CorroborationOptions {
    /// Leave out claims carried by fewer outlets.
    pub min_outlets: usize,
}

impl Default for CorroborationOptions {
    fn default() -> Self {
        CorroborationOptions { min_outlets: 1 }
    }
}

/// Two sources that disagree.
#[derive(Debug, Clone, Serialize)]
pub struct Contradiction {
    /// `did / did not`, `date`, `actor`, `count`, `title`.
    pub field: &'static str,
    /// What the two disagree about.
    pub claim: String,
    pub a_says: String,
    pub b_says: String,
    pub a: Evidence,
    /// Absent for a title, where the other side is the knowledge base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<Evidence>,
}

/// The outlet name of a document.
fn outlet_of(corpus: &Corpus, doc: &str) -> String {
    corpus
        .document(doc)
        .and_then(|d| d.outlet.clone())
        .unwrap_or_else(|| String::from("(unknown outlet)"))
}

/// The wire a document credits (byline, else outlet).
fn wire_of<'w>(corpus: &Corpus, wires: &'w Wires, doc: &str) -> Option<&'w str> {
    let d = corpus.document(doc)?;
    d.byline
        .as_deref()
        .and_then(|b| wires.credit(b))
        .or_else(|| d.outlet.as_deref().and_then(|o| wires.credit(o)))
}

/// The outlet × claim matrix: every event cluster and every statement
/// (quotes of one speaker with the same content, across documents), with the
/// outlets that carry it; most widely carried first.
pub fn corroboration(
    corpus: &Corpus,
    clusters: &[EventCluster],
    wires: &Wires,
    opts: CorroborationOptions,
) -> Vec<ClaimRow> {
    let mut rows = Vec::new();
    for c in clusters {
        let mut by_outlet: BTreeMap<String, ClaimSource> = BTreeMap::new();
        for r in &c.reports {
            let outlet = r
                .outlet
                .clone()
                .unwrap_or_else(|| outlet_of(corpus, &r.doc));
            let s = by_outlet
                .entry(outlet.clone())
                .or_insert_with(|| ClaimSource {
                    outlet,
                    wire: r.wire.clone(),
                    documents: Vec::new(),
                    records: Vec::new(),
                });
            if !s.documents.contains(&r.doc) {
                s.documents.push(r.doc.clone());
            }
            s.records.push(r.id.clone());
        }
        if by_outlet.len() < opts.min_outlets {
            continue;
        }
        let best = c
            .reports
            .iter()
            .find(|r| r.evidence == c.evidence)
            .or(c.reports.first())
            .and_then(|r| corpus.item(&r.id));
        let Some(best) = best else { continue };
        let mut claim = format!(
            "{} {}{} {}",
            c.actor.as_deref().unwrap_or("(someone)"),
            if c.negated { "not " } else { "" },
            c.event_type,
            c.recipient.as_deref().unwrap_or("")
        );
        claim = claim.trim_end().to_string();
        rows.push(ClaimRow {
            id: c.id.clone(),
            kind: "event",
            claim,
            date: c.date.clone(),
            sources: c.sources,
            outlets: by_outlet.into_values().collect(),
            evidence: corpus.evidence(best, None),
        });
    }
    rows.extend(statements(corpus, wires, opts));
    rows.sort_by(|a, b| {
        b.outlets
            .len()
            .cmp(&a.outlets.len())
            .then(b.sources.cmp(&a.sources))
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// Lower-case content words of a quote.
fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Statements: one speaker's quotes with (nearly) the same words.
fn statements(corpus: &Corpus, wires: &Wires, opts: CorroborationOptions) -> Vec<ClaimRow> {
    let mut by_speaker: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, q) in corpus.data.quotes.iter().enumerate() {
        let key = q
            .speaker_id
            .clone()
            .or_else(|| q.speaker.clone())
            .unwrap_or_default();
        if !key.is_empty() {
            by_speaker.entry(key).or_default().push(i);
        }
    }
    let mut keys: Vec<&String> = by_speaker.keys().collect();
    keys.sort();
    let mut rows = Vec::new();
    for key in keys {
        let quotes = &by_speaker[key];
        // Greedy grouping against each group's first quote.
        let mut groups: Vec<(BTreeSet<String>, Vec<usize>)> = Vec::new();
        for &i in quotes {
            let w = words(&corpus.data.quotes[i].content);
            if w.len() < 3 {
                continue;
            }
            match groups.iter_mut().find(|g| jaccard(&g.0, &w) >= 0.6) {
                Some(g) => g.1.push(i),
                None => groups.push((w, vec![i])),
            }
        }
        for (_, members) in groups {
            let mut by_outlet: BTreeMap<String, ClaimSource> = BTreeMap::new();
            let mut independent: BTreeSet<String> = BTreeSet::new();
            for &i in &members {
                let q = &corpus.data.quotes[i];
                let outlet = outlet_of(corpus, &q.prov.doc);
                let wire = wire_of(corpus, wires, &q.prov.doc).map(str::to_string);
                independent.insert(wire.clone().unwrap_or_else(|| q.prov.doc.clone()));
                let s = by_outlet
                    .entry(outlet.clone())
                    .or_insert_with(|| ClaimSource {
                        outlet,
                        wire,
                        documents: Vec::new(),
                        records: Vec::new(),
                    });
                if !s.documents.contains(&q.prov.doc) {
                    s.documents.push(q.prov.doc.clone());
                }
                s.records.push(q.prov.id.clone());
            }
            if by_outlet.len() < opts.min_outlets {
                continue;
            }
            let first = &corpus.data.quotes[members[0]];
            let Some(item) = corpus.item(&first.prov.id) else {
                continue;
            };
            rows.push(ClaimRow {
                id: format!("s-{}", &sha256_hex(&first.prov.id)[..16]),
                kind: "statement",
                claim: format!(
                    "{}: {}",
                    first.speaker.as_deref().unwrap_or(key),
                    clip(&first.content, 120)
                ),
                date: corpus
                    .document(&first.prov.doc)
                    .and_then(|d| d.published.clone()),
                sources: independent.len(),
                outlets: by_outlet.into_values().collect(),
                evidence: corpus.evidence(item, None),
            });
        }
    }
    rows
}

/// Counts a sentence gives: (noun or verb, number).
fn counts(rules: &CountRules, s: &str) -> Vec<(String, u64)> {
    let toks: Vec<String> = s
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ';' | ':' | '"'))
        .map(|t| {
            t.trim_matches(|c: char| !c.is_alphanumeric() && c != ',')
                .trim_end_matches(',')
                .to_lowercase()
        })
        .filter(|t| !t.is_empty())
        .collect();
    let num = |t: &str| -> Option<u64> {
        (t.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && t.bytes().all(|b| b.is_ascii_digit() || b == b','))
        .then(|| t.replace(',', "").parse().ok())
        .flatten()
    };
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if let Some(n) = num(t) {
            if let Some(next) = toks.get(i + 1) {
                if rules.nouns.iter().any(|x| x == next) && !(1900..=2100).contains(&n) {
                    out.push((next.clone(), n));
                }
            }
        } else if rules.verbs.iter().any(|x| x == t) {
            let mut j = i + 1;
            while toks
                .get(j)
                .is_some_and(|w| rules.hedges.iter().any(|h| h == w))
            {
                j += 1;
            }
            if let Some(n) = toks.get(j).and_then(|w| num(w)) {
                if !(1900..=2100).contains(&n)
                    || toks.get(j + 1).is_some_and(|w| rules.nouns.contains(w))
                {
                    out.push((t.clone(), n));
                }
            }
        }
    }
    out
}

/// The documents of a cluster's reports.
fn docs(c: &EventCluster) -> BTreeSet<&str> {
    c.reports.iter().map(|r| r.doc.as_str()).collect()
}

/// The days a cluster covers: its date, else its earliest report's
/// document day; `None` when undated and historical.
fn cluster_days(c: &EventCluster) -> Option<(i32, i32)> {
    if let Some(d) = c.date.as_deref().and_then(date_interval) {
        return Some(d);
    }
    if c.historical {
        return None;
    }
    let p = c
        .reports
        .iter()
        .filter_map(|r| r.published.as_deref())
        .min()?;
    let d = date_interval(p.get(..10)?)?.0;
    Some((d - 30, d))
}

/// Sources that disagree: an act reported done and not done; one person's
/// arrest or killing put on two days or done by two states; two counts for
/// one event; titles the knowledge base contradicts.
pub fn contradictions(
    desk: &Desk,
    corpus: &Corpus,
    clusters: &[EventCluster],
) -> Vec<Contradiction> {
    let mut out = Vec::new();
    let ev = |c: &EventCluster| -> Option<Evidence> {
        let r = c
            .reports
            .iter()
            .find(|r| r.evidence == c.evidence)
            .or(c.reports.first())?;
        corpus.item(&r.id).map(|it| corpus.evidence(it, None))
    };
    // Did / did not: same type and sides, one negated.
    let mut groups: BTreeMap<(&str, &str, &str), Vec<&EventCluster>> = BTreeMap::new();
    for c in clusters.iter().filter(|c| !c.hypothetical) {
        let (Some(a), Some(r)) = (c.actor_country.as_deref(), c.recipient_country.as_deref())
        else {
            continue;
        };
        groups
            .entry((c.event_type.as_str(), a, r))
            .or_default()
            .push(c);
    }
    for ((t, _, _), cs) in &groups {
        let (neg, pos): (Vec<&&EventCluster>, Vec<&&EventCluster>) =
            cs.iter().partition(|c| c.negated);
        for n in &neg {
            let Some(nd) = cluster_days(n) else { continue };
            for p in &pos {
                let Some(pd) = cluster_days(p) else { continue };
                if nd.0 > pd.1 || pd.0 > nd.1 || !docs(n).is_disjoint(&docs(p)) {
                    continue;
                }
                if let (Some(a), Some(b)) = (ev(p), ev(n)) {
                    out.push(Contradiction {
                        field: "did / did not",
                        claim: format!(
                            "{} {t} {}",
                            p.actor.as_deref().unwrap_or(""),
                            p.recipient.as_deref().unwrap_or("")
                        ),
                        a_says: "did".into(),
                        b_says: "did not".into(),
                        a,
                        b: Some(b),
                    });
                }
            }
        }
    }
    // One person struck on two days, or by two states.
    let mut personal: BTreeMap<(&str, Option<&str>, &str), Vec<&EventCluster>> = BTreeMap::new();
    let one_off = &desk.rules.contradictions.one_off;
    for c in clusters
        .iter()
        .filter(|c| !c.negated && !c.hypothetical && one_off.contains(&c.event_type))
    {
        let person = c.reports.iter().find_map(|r| {
            corpus
                .item(&r.id)
                .filter(|it| it.kind == Kind::Event)
                .and_then(|it| {
                    corpus.data.events[it.index]
                        .recipients
                        .iter()
                        .find_map(|p| p.id.as_deref().filter(|i| i.starts_with("person:")))
                })
        });
        if let Some(p) = person {
            personal
                .entry((c.event_type.as_str(), c.mode.as_deref(), p))
                .or_default()
                .push(c);
        }
    }
    for ((t, _, person), cs) in &personal {
        for (i, a) in cs.iter().enumerate() {
            for b in &cs[i + 1..] {
                if !docs(a).is_disjoint(&docs(b)) {
                    continue;
                }
                let (Some(ad), Some(bd)) = (
                    a.date.as_deref().and_then(date_interval),
                    b.date.as_deref().and_then(date_interval),
                ) else {
                    continue;
                };
                let both_days = ad.0 == ad.1 && bd.0 == bd.1;
                let who = |c: &EventCluster| c.actor_country.clone();
                let same_doer = who(a).is_some() && who(a) == who(b);
                let field_says =
                    if both_days && same_doer && ad.0 != bd.0 && (ad.0 - bd.0).abs() <= 7 {
                        Some((
                            "date",
                            a.date.clone().unwrap_or_default(),
                            b.date.clone().unwrap_or_default(),
                        ))
                    } else if ad.0 <= bd.1
                        && bd.0 <= ad.1
                        && who(a).is_some()
                        && who(b).is_some()
                        && who(a) != who(b)
                    {
                        Some((
                            "actor",
                            a.actor.clone().unwrap_or_default(),
                            b.actor.clone().unwrap_or_default(),
                        ))
                    } else {
                        None
                    };
                if let (Some((field, x, y)), Some(ea), Some(eb)) = (field_says, ev(a), ev(b)) {
                    out.push(Contradiction {
                        field,
                        claim: format!(
                            "{t} {}",
                            desk.kb.get(person).map_or(*person, |p| p.name.as_str())
                        ),
                        a_says: x,
                        b_says: y,
                        a: ea,
                        b: Some(eb),
                    });
                }
            }
        }
    }
    // Counts within one event.
    let rules = &desk.rules.counts;
    for c in clusters {
        let mut seen: Vec<(String, u64, &str, &str)> = Vec::new();
        for r in &c.reports {
            for (what, n) in counts(rules, &r.sentence_text) {
                if let Some((_, m, doc, id)) = seen
                    .iter()
                    .find(|(w, m, d, _)| *w == what && *m != n && *d != r.doc)
                {
                    let (Some(a), Some(b)) = (corpus.item(id), corpus.item(&r.id)) else {
                        continue;
                    };
                    let _ = doc;
                    out.push(Contradiction {
                        field: "count",
                        claim: format!(
                            "{} {}: {what}",
                            c.event_type,
                            c.recipient.as_deref().unwrap_or("")
                        ),
                        a_says: m.to_string(),
                        b_says: n.to_string(),
                        a: corpus.evidence(a, None),
                        b: Some(corpus.evidence(b, None)),
                    });
                    break;
                }
                seen.push((what, n, r.doc.as_str(), r.id.as_str()));
            }
        }
    }
    // Titles the knowledge base contradicts.
    for f in &corpus.data.findings {
        let d = corpus.document(&f.prov.doc);
        out.push(Contradiction {
            field: "title",
            claim: format!("{} as {}", f.entity, f.claim),
            a_says: f.claim.clone(),
            b_says: f.kb_says.clone(),
            a: Evidence {
                record: f.prov.id.clone(),
                kind: "finding",
                doc: f.prov.doc.clone(),
                span: f.prov.span,
                sentence: f.prov.sentence,
                sentence_text: f.prov.sentence_text.clone(),
                date: Some(f.as_of.clone()),
                published: d.and_then(|d| d.published.clone()),
                outlet: d.and_then(|d| d.outlet.clone()),
                title: d.and_then(|d| d.title.clone()),
                who: Some(f.entity.clone()),
                what: f.finding.as_str().to_string(),
                level: None,
            },
            b: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_read_before_nouns_and_after_verbs() {
        let r = super::super::DeskRules::builtin().counts;
        let c = counts(
            &r,
            "Troops killed at least 1,200 people and seized 3 tankers in 2025.",
        );
        assert!(c.contains(&("killed".to_string(), 1200)));
        assert!(c.contains(&("people".to_string(), 1200)));
        assert!(c.contains(&("tankers".to_string(), 3)));
        assert!(!c.iter().any(|x| x.1 == 2025));
    }
}
