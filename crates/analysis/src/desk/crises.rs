//! Crises: runs of hostile events against one state found among the event
//! clusters, joined with the knowledge base's crises (events with a
//! `target`) and the ones the analyst named.

use super::{first_day, iso_day, last_day, Corpus, Day, Desk, Evidence, Kind};
use crate::clusters::{date_interval, EventCluster};
use demarche_core::{sha256_hex, CrisisDef, EventRecord};
use demarche_kb::ActorKind;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// What the analyst gives to name a crisis (`demarche crisis add`,
/// `POST /api/crises`); [`CrisisInput::validate`] checks it against the
/// knowledge base and makes the stored definition.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisInput {
    /// The state struck, ISO alpha-3 (any case).
    pub target: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD` (default: the first).
    #[serde(default)]
    pub to: Option<String>,
    pub name: String,
    /// Who struck: country codes or knowledge-base ids.
    #[serde(default, alias = "attackers")]
    pub by: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The longest crisis name or note kept.
const MAX_TEXT: usize = 500;

fn valid_day(field: &str, s: &str) -> Result<(), String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| format!("{field} {s:?} is not a date (YYYY-MM-DD)"))
}

/// A named crisis's id: `u-` + the name's lowercase ASCII letters and
/// digits, runs of anything else as one `-`.
pub fn crisis_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    format!("u-{}", out.trim_end_matches('-'))
}

impl CrisisInput {
    /// The definition to store, or why the input is refused: the target
    /// must be a state of the knowledge base, the days real dates in order,
    /// each attacker known, the name have a letter or digit.
    pub fn validate(&self, kb: &demarche_kb::Kb) -> Result<CrisisDef, String> {
        let target = self.target.trim().to_ascii_uppercase();
        if kb.get(&target).map(|x| x.kind) != Some(ActorKind::Country) {
            return Err(format!(
                "target {target:?}: not a state in the knowledge base (use an ISO alpha-3 code)"
            ));
        }
        let name = self.name.trim();
        let id = crisis_slug(name);
        if id == "u-" {
            return Err("name: give the crisis a name with a letter or a digit".into());
        }
        if name.chars().count() > MAX_TEXT
            || self
                .note
                .as_deref()
                .is_some_and(|n| n.chars().count() > MAX_TEXT)
        {
            return Err(format!("name and note: at most {MAX_TEXT} characters"));
        }
        let from = self.from.trim();
        valid_day("from", from)?;
        let to = self.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if let Some(t) = to {
            valid_day("to", t)?;
            if t < from {
                return Err(format!("to {t} is before from {from}"));
            }
        }
        let mut by: Vec<String> = Vec::new();
        for b in self.by.iter().map(|b| b.trim()).filter(|b| !b.is_empty()) {
            if kb.get(b).is_none() {
                return Err(format!("attacker {b:?}: not in the knowledge base"));
            }
            if !by.iter().any(|x| x == b) {
                by.push(b.to_string());
            }
        }
        Ok(CrisisDef {
            id,
            name: name.to_string(),
            target,
            by,
            from: from.to_string(),
            to: to.map(str::to_string),
            note: self.note.clone().filter(|n| !n.trim().is_empty()),
        })
    }
}

/// Where a crisis comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CrisisOrigin {
    /// The analyst named it (`demarche crisis add`).
    Named,
    /// A knowledge-base event with a `target`.
    Kb,
    /// Hostile event clusters in the store.
    Store,
}

/// A blow to one state, and the records that report it.
#[derive(Debug, Clone, Serialize)]
pub struct Crisis {
    /// A named crisis's id, a knowledge-base event id, or `x-` + a hash.
    pub id: String,
    pub name: String,
    /// The state struck, ISO alpha-3, and its name.
    pub target: String,
    pub target_name: String,
    /// Who struck: country codes or actor ids, and their names.
    pub by: Vec<String>,
    pub by_names: Vec<String>,
    /// First and last day, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    pub origins: Vec<CrisisOrigin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb_id: Option<String>,
    /// The hostile event clusters that make it (or were joined to it).
    pub clusters: Vec<String>,
    /// Their PLOVER types.
    pub types: Vec<String>,
    pub reports: usize,
    pub documents: usize,
    /// Independent sources over its clusters (wire copies count once).
    pub sources: usize,
    /// The hostile reports, earliest first (at most a dozen).
    pub evidence: Vec<Evidence>,
    /// Where the blows fell, as the reports name it ("Tacna"): a sentence
    /// naming one is about the crisis.
    pub places: Vec<String>,
    /// Whether it is the only crisis of its target: an undated act on the
    /// target, told after the crisis, then speaks of it.
    pub sole: bool,
    #[serde(skip)]
    pub(crate) days: (Day, Day),
}

/// Hostile clusters against one target, before they are chained.
struct Blow<'c> {
    target: String,
    attacker: Option<String>,
    days: (Day, Day),
    severe: bool,
    cluster: &'c EventCluster,
}

impl Desk {
    /// Every crisis: the named ones, the knowledge base's, and those the
    /// store's hostile clusters make; the three joined when they strike the
    /// same state within `join_days`. Ordered by first day, then id.
    pub fn crises(
        &self,
        corpus: &Corpus,
        clusters: &[EventCluster],
        named: &[CrisisDef],
    ) -> Vec<Crisis> {
        let r = &self.rules.crises;
        let by_id: HashMap<&str, &EventRecord> = corpus
            .data
            .events
            .iter()
            .map(|e| (e.prov.id.as_str(), e))
            .collect();
        let mut blows: Vec<Blow> = clusters
            .iter()
            .filter_map(|c| self.blow(c, &by_id, corpus))
            .collect();
        blows.sort_by(|a, b| (&a.target, a.days).cmp(&(&b.target, b.days)));

        let mut out: Vec<Crisis> = Vec::new();
        for d in named {
            let (Some(from), to) = (first_day(&d.from), d.to.as_deref().and_then(last_day)) else {
                continue;
            };
            let days = (from, to.unwrap_or(from).max(from));
            out.push(self.defined(
                d.id.clone(),
                d.name.clone(),
                &d.target,
                &d.by,
                days,
                CrisisOrigin::Named,
            ));
        }
        for a in &self.kb.actors {
            let (Some(target), Some(from)) = (&a.target, a.from.as_deref().and_then(first_day))
            else {
                continue;
            };
            let to = a.to.as_deref().and_then(last_day).unwrap_or(from).max(from);
            let near =
                |c: &Crisis| c.target == *target && overlaps(c.days, (from, to), r.join_days);
            if let Some(c) = out.iter_mut().find(|c| near(c)) {
                c.origins.push(CrisisOrigin::Kb);
                c.kb_id = Some(a.id.clone());
                for b in &a.by {
                    if !c.by.contains(b) {
                        c.by.push(b.clone());
                    }
                }
                continue;
            }
            out.push(self.defined(
                a.id.clone(),
                a.name.clone(),
                target,
                &a.by,
                (from, to),
                CrisisOrigin::Kb,
            ));
        }

        // Chain the store's blows per target; a chain joins a defined
        // crisis it touches, else becomes one when severe enough.
        let mut i = 0;
        while i < blows.len() {
            let mut j = i + 1;
            let mut end = blows[i].days.1;
            while j < blows.len()
                && blows[j].target == blows[i].target
                && blows[j].days.0 <= end + r.gap_days
            {
                end = end.max(blows[j].days.1);
                j += 1;
            }
            let chain = &blows[i..j];
            i = j;
            let start = chain.iter().map(|b| b.days.0).min().unwrap_or(end);
            let target = &chain[0].target;
            if let Some(c) = out
                .iter_mut()
                .find(|c| c.target == *target && overlaps(c.days, (start, end), r.join_days))
            {
                self.attach(c, chain, corpus);
                continue;
            }
            let severe = chain.iter().any(|b| b.severe);
            let sources: usize = chain.iter().map(|b| b.cluster.sources).sum();
            if !severe && sources < r.min_sources {
                continue;
            }
            let mut by: Vec<String> = chain.iter().filter_map(|b| b.attacker.clone()).collect();
            by.sort();
            by.dedup();
            let first = chain
                .iter()
                .map(|b| b.cluster.id.as_str())
                .min()
                .unwrap_or_default();
            let id = format!("x-{}", &sha256_hex(&format!("{target}|{first}"))[..12]);
            let mut c = self.defined(
                id,
                String::new(),
                target,
                &by,
                (start, end),
                CrisisOrigin::Store,
            );
            self.attach(&mut c, chain, corpus);
            c.name = self.store_name(&c);
            out.push(c);
        }
        for c in &mut out {
            c.origins.sort();
            c.origins.dedup();
            c.by_names = c.by.iter().map(|b| self.actor_name(b)).collect();
            c.evidence.sort_by(|a, b| {
                (a.date.is_none(), &a.date, &a.published, &a.doc, a.span).cmp(&(
                    b.date.is_none(),
                    &b.date,
                    &b.published,
                    &b.doc,
                    b.span,
                ))
            });
            c.evidence.truncate(12);
        }
        out.sort_by(|a, b| (a.days.0, &a.id).cmp(&(b.days.0, &b.id)));
        let mut per_target: HashMap<String, usize> = HashMap::new();
        for c in &out {
            *per_target.entry(c.target.clone()).or_default() += 1;
        }
        for c in &mut out {
            c.sole = per_target[&c.target] == 1;
        }
        out
    }

    /// A crisis from a definition (named or knowledge base).
    fn defined(
        &self,
        id: String,
        name: String,
        target: &str,
        by: &[String],
        days: (Day, Day),
        origin: CrisisOrigin,
    ) -> Crisis {
        let kb_id = (origin == CrisisOrigin::Kb).then(|| id.clone());
        Crisis {
            id,
            name,
            target: target.to_string(),
            target_name: self.country_name(target),
            by: by.to_vec(),
            by_names: Vec::new(),
            from: iso_day(days.0),
            to: iso_day(days.1),
            origins: vec![origin],
            kb_id,
            clusters: Vec::new(),
            types: Vec::new(),
            reports: 0,
            documents: 0,
            sources: 0,
            evidence: Vec::new(),
            places: Vec::new(),
            sole: false,
            days,
        }
    }

    /// "United States against Venezuela: assault, coerce".
    fn store_name(&self, c: &Crisis) -> String {
        let types: Vec<String> = c.types.iter().map(|t| t.to_lowercase()).collect();
        let by: Vec<String> = c.by.iter().map(|b| self.actor_name(b)).collect();
        let who = if by.is_empty() {
            String::from("Unnamed actors")
        } else {
            by.join(", ")
        };
        format!("{who} against {}: {}", c.target_name, types.join(", "))
    }

    /// Adds a chain of blows to a crisis.
    fn attach(&self, c: &mut Crisis, chain: &[Blow<'_>], corpus: &Corpus) {
        let mut docs: BTreeSet<String> = BTreeSet::new();
        for b in chain {
            c.clusters.push(b.cluster.id.clone());
            if !c.types.contains(&b.cluster.event_type) {
                c.types.push(b.cluster.event_type.clone());
            }
            if let Some(a) = &b.attacker {
                if !c.by.contains(a) && c.origins.contains(&CrisisOrigin::Store) {
                    c.by.push(a.clone());
                }
            }
            c.reports += b.cluster.reports.len();
            c.sources += b.cluster.sources;
            for r in &b.cluster.reports {
                docs.insert(r.doc.clone());
                if let Some(it) = corpus.item(&r.id).filter(|it| it.kind == Kind::Event) {
                    if let Some(l) = &corpus.data.events[it.index].location {
                        if !c.places.contains(l) {
                            c.places.push(l.clone());
                        }
                    }
                }
                if let Some(it) = corpus.item(&r.id).filter(|it| it.kind == Kind::Event) {
                    c.evidence.push(corpus.evidence(it, None));
                }
            }
        }
        c.documents += docs.len();
    }

    /// A hostile cluster against a state, if this is one.
    fn blow<'c>(
        &self,
        c: &'c EventCluster,
        by_id: &HashMap<&str, &EventRecord>,
        corpus: &Corpus,
    ) -> Option<Blow<'c>> {
        let r = &self.rules.crises;
        if c.negated || c.hypothetical || !r.hostile.contains(&c.event_type) {
            return None;
        }
        if c.mode.as_ref().is_some_and(|m| r.ignore_modes.contains(m)) {
            return None;
        }
        let target = c.recipient_country.as_deref()?;
        if self.kb.get(target).map(|a| a.kind) != Some(ActorKind::Country) {
            return None;
        }
        let day = c
            .date
            .as_deref()
            .and_then(date_interval)
            .map(|d| d.0)
            .or_else(|| {
                c.reports
                    .iter()
                    .filter_map(|r| r.published.as_deref()?.get(..10))
                    .filter_map(first_day)
                    .min()
            });
        let members: Vec<&EventRecord> = c
            .reports
            .iter()
            .filter_map(|x| by_id.get(x.id.as_str()).copied())
            .collect();
        // The recipient stands for the state: the state itself, its
        // government or forces, or one of its office holders.
        let stands_for = members.iter().any(|e| {
            e.recipients.iter().any(|p| {
                p.country.as_deref() == Some(target)
                    && (p.id.as_deref() == Some(target)
                        || p.sector
                            .as_ref()
                            .is_some_and(|s| r.target_sectors.contains(s))
                        || p.id
                            .as_deref()
                            .is_some_and(|id| self.holds_office(id, target, day)))
            })
        });
        if !stands_for {
            return None;
        }
        let attacker = c.actor_country.clone();
        if attacker.as_deref() == Some(target) {
            let domestic = members.iter().any(|e| {
                e.actors.iter().any(|p| {
                    p.sector
                        .as_ref()
                        .is_some_and(|s| r.domestic_sectors.contains(s))
                })
            });
            if !domestic {
                return None;
            }
        }
        let days = match c.date.as_deref().and_then(date_interval) {
            Some(d) => d,
            None if c.historical => return None,
            None => {
                let first = members.iter().filter_map(|e| {
                    corpus
                        .document(&e.prov.doc)
                        .and_then(|d| d.published.as_deref())
                        .and_then(|p| p.get(..10))
                        .and_then(first_day)
                });
                let d = first.min()?;
                (d, d)
            }
        };
        // A year-long interval says nothing about when; a crisis is days or
        // weeks.
        if days.1 - days.0 > 62 {
            return None;
        }
        Some(Blow {
            target: target.to_string(),
            attacker: attacker.filter(|a| a != "IGO"),
            days,
            severe: r.severe.contains(&c.event_type),
            cluster: c,
        })
    }

    /// Whether a knowledge-base person holds an office of `country` on the
    /// day (any time, when the day is unknown).
    fn holds_office(&self, id: &str, country: &str, day: Option<Day>) -> bool {
        let date = day.and_then(chrono::NaiveDate::from_num_days_from_ce_opt);
        self.kb.get(id).is_some_and(|a| match date {
            Some(d) => a.roles_at(d).any(|r| r.country == country),
            None => a.roles.iter().any(|r| r.country == country),
        })
    }
}

/// Whether two day intervals come within `slack` days of each other.
fn overlaps(a: (Day, Day), b: (Day, Day), slack: i32) -> bool {
    a.0 <= b.1 + slack && b.0 <= a.1 + slack
}
