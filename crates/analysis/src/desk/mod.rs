//! The analyst's desk: crises, responses to them on a ladder, silence
//! windows of expected speakers, a patron's reliability against what it had
//! promised, corroboration across outlets and contradictions between
//! sources.
//!
//! Everything here is computed from stored records and the knowledge base at
//! query time; nothing is written back, so a new document, a better coder or
//! a named crisis changes every answer at once (a silence window is withdrawn
//! as soon as a statement is stored).
//!
//! - [`Desk`] holds the rules and a matcher over every name in the knowledge
//!   base (which actors and states a sentence names);
//! - [`Corpus`] indexes one set of records for the analyses (each record's
//!   agent, date interval and the states its sentence names);
//! - `crises` finds crises; `responses` builds the response matrix and the
//!   silence windows; `patron` compares a patron's answers with its
//!   commitments; `claims` lists corroboration and contradictions.

mod claims;
mod crises;
mod load;
mod patron;
mod responses;
mod rules;

pub use claims::{
    contradictions, corroboration, ClaimRow, ClaimSource, Contradiction, CorroborationOptions,
};
pub use crises::{crisis_slug, Crisis, CrisisInput, CrisisOrigin};
pub use patron::{PatronReport, PatronRow, PatronSummary};
pub use responses::{Cell, Matrix, SilenceWindow, Speaker, WindowStatus};
pub use rules::{Commitment, CrisisRules, DeskRules, Level, LevelRule, Toward, DESK_RULES};

use crate::clusters::{date_interval, whole_word};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use demarche_core::{
    DocumentRecord, EventRecord, FindingRecord, QuoteRecord, SilenceRecord, TimeRecord,
};
use demarche_kb::{ActorKind, Kb};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Days since the common era began (as in `clusters`).
pub(crate) type Day = i32;

/// The records the desk reads, owned (as loaded from the store), with the
/// crises the analyst named.
#[derive(Debug, Clone, Default)]
pub struct DeskData {
    pub documents: Vec<DocumentRecord>,
    pub quotes: Vec<QuoteRecord>,
    pub silences: Vec<SilenceRecord>,
    pub events: Vec<EventRecord>,
    /// The document hash of each event (parallel to `events`).
    pub event_hashes: Vec<String>,
    pub times: Vec<TimeRecord>,
    pub findings: Vec<FindingRecord>,
    pub named: Vec<demarche_core::CrisisDef>,
}

impl DeskData {
    /// Every event report clustered into real-world events.
    pub fn clusters(&self, opts: &crate::ClusterOptions) -> Vec<crate::EventCluster> {
        let by_hash: HashMap<&str, &DocumentRecord> = self
            .documents
            .iter()
            .map(|d| (d.hash.as_str(), d))
            .collect();
        let reports: Vec<crate::EventReport> = self
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let doc = self
                    .event_hashes
                    .get(i)
                    .and_then(|h| by_hash.get(h.as_str()).copied());
                crate::EventReport::new(e.clone(), doc)
            })
            .collect();
        crate::cluster_events(&reports, opts)
    }
}

/// A sentence behind a number: the record, its document and the sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The record's id.
    pub record: String,
    /// `quote`, `silence`, `event` or `finding`.
    pub kind: &'static str,
    pub doc: String,
    /// `[start, end)` in characters of the stored text.
    pub span: [usize; 2],
    pub sentence: usize,
    pub sentence_text: String,
    /// The record's own date (an event's), else the date its sentence gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Who spoke or acted, as written or resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    /// A short gloss: "condemn: …", "AID → Syria", "has not commented".
    pub what: String,
    /// The ladder level it reaches, when it is a response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
}

/// The rules and the knowledge base's names.
pub struct Desk {
    pub kb: Arc<Kb>,
    pub rules: DeskRules,
    names: Names,
}

/// Every name of the knowledge base's countries, people, bodies, groups and
/// events, matched as whole words: names, aliases, adjectives, demonyms and
/// metonyms case-insensitively, abbreviations exactly.
struct Names {
    folded: AhoCorasick,
    folded_to: Vec<usize>,
    exact: AhoCorasick,
    exact_to: Vec<usize>,
}

/// What a sentence names: knowledge-base actors (index into `kb.actors`).
impl Names {
    fn new(kb: &Kb) -> Names {
        let mut folded: Vec<String> = Vec::new();
        let mut folded_to = Vec::new();
        let mut exact: Vec<String> = Vec::new();
        let mut exact_to = Vec::new();
        for (i, a) in kb.actors.iter().enumerate() {
            if !matches!(
                a.kind,
                ActorKind::Country
                    | ActorKind::Person
                    | ActorKind::Body
                    | ActorKind::Group
                    | ActorKind::Event
            ) {
                continue;
            }
            let people_words = a.kind == ActorKind::Country;
            let forms = std::iter::once(&a.name)
                .chain(&a.aliases)
                .chain(people_words.then_some(&a.adjectives).into_iter().flatten())
                .chain(people_words.then_some(&a.demonyms).into_iter().flatten())
                .chain(people_words.then_some(&a.metonyms).into_iter().flatten());
            for f in forms {
                if f.chars().count() >= 3 {
                    folded.push(f.clone());
                    folded_to.push(i);
                }
            }
            for f in &a.abbreviations {
                if f.len() >= 2 {
                    exact.push(f.clone());
                    exact_to.push(i);
                }
            }
        }
        let build = |pats: &[String], fold: bool| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(MatchKind::LeftmostLongest)
                .build(pats)
                .expect("knowledge-base names build an automaton")
        };
        Names {
            folded: build(&folded, true),
            folded_to,
            exact: build(&exact, false),
            exact_to,
        }
    }

    /// Knowledge-base actors named in `text`, each once, in order of index.
    fn find(&self, text: &str, out: &mut Vec<usize>) {
        let bytes = text.as_bytes();
        let word = |i: usize| -> bool {
            text[i..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric())
        };
        let before = |s: usize| -> bool {
            s > 0
                && text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        };
        for (ac, to) in [
            (&self.folded, &self.folded_to),
            (&self.exact, &self.exact_to),
        ] {
            for m in ac.find_iter(bytes) {
                if before(m.start()) || (m.end() < text.len() && word(m.end())) {
                    continue;
                }
                out.push(to[m.pattern().as_usize()]);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

impl Desk {
    pub fn new(kb: Arc<Kb>, rules: DeskRules) -> Desk {
        let names = Names::new(&kb);
        Desk { kb, rules, names }
    }

    /// The state (ISO alpha-3) a knowledge-base actor belongs to.
    fn country_of(&self, i: usize) -> Option<&str> {
        let a = &self.kb.actors[i];
        match a.kind {
            ActorKind::Country => Some(a.id.as_str()),
            _ => a
                .country
                .as_deref()
                .or(a.nationality.as_deref())
                .filter(|c| *c != "IGO"),
        }
    }

    /// Whether a knowledge-base actor answers for its state: the state
    /// itself, a body of a state sector, or a person holding (on `day`, else
    /// ever) an office that is not private.
    pub(crate) fn speaks_for_state(
        &self,
        id: &str,
        sector: Option<&str>,
        day: Option<Day>,
    ) -> bool {
        let m = &self.rules.matrix;
        let Some(a) = self.kb.get(id) else {
            return sector.is_some_and(|s| m.state_sectors.iter().any(|x| x == s));
        };
        match a.kind {
            // A state's opposition, rebels or public are not the state.
            ActorKind::Country => sector.is_none_or(|s| m.state_sectors.iter().any(|x| x == s)),
            ActorKind::Body => a
                .sector
                .as_deref()
                .or(sector)
                .is_none_or(|s| m.state_sectors.iter().any(|x| x == s)),
            ActorKind::Person => {
                let public = |r: &&demarche_kb::Role| !m.private_roles.contains(&r.kind);
                let date = day.and_then(chrono::NaiveDate::from_num_days_from_ce_opt);
                match date {
                    Some(d) => a.roles_at(d).any(|r| public(&r)),
                    None => a.roles.iter().any(|r| public(&r)),
                }
            }
            _ => false,
        }
    }

    /// The state an unnamed group speaks for ("Russian officials",
    /// "Moscow's diplomats"): the one state its words name, with an
    /// official word.
    fn official_group(&self, text: Option<&str>) -> Vec<String> {
        let Some(t) = text else {
            return Vec::new();
        };
        let lower = t.to_lowercase();
        let official = self.rules.matrix.official_words.iter().any(|w| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|x| x == w.as_str())
        });
        if !official {
            return Vec::new();
        }
        let mut found = Vec::new();
        self.names.find(t, &mut found);
        let mut states: Vec<String> = found
            .iter()
            .filter(|&&i| self.kb.actors[i].kind == ActorKind::Country)
            .filter_map(|&i| self.country_of(i))
            .map(str::to_string)
            .collect();
        states.dedup();
        if states.len() == 1 {
            states
        } else {
            Vec::new()
        }
    }

    /// A state's name, else the code.
    pub fn country_name(&self, code: &str) -> String {
        self.kb
            .get(code)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// An actor id's or country code's name.
    pub fn actor_name(&self, id: &str) -> String {
        self.country_name(id)
    }
}

/// Where an item's days come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFrom {
    /// The record's own date (an event's).
    Own,
    /// A date its sentence names.
    Sentence,
    /// A date named in this earlier sentence of the document.
    Carried(usize),
    /// The document's published day.
    Document,
    /// None known.
    Unknown,
}

/// Which kind of record an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Quote,
    Silence,
    Event,
}

/// One quote, silence or event, indexed for the analyses.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub kind: Kind,
    /// Index into the input slice of its kind.
    pub index: usize,
    /// Index into `documents`, when the document is known.
    pub doc: Option<usize>,
    /// The days the record speaks of: its own date, else the dates its
    /// sentence names, else its document's day; `None` when none is known.
    pub days: Option<(Day, Day)>,
    pub date_from: DateFrom,
    /// The agent's states (speaker's, actors', silent actor's).
    pub agents: Vec<String>,
    /// Knowledge-base ids of the agent (speaker id, actor ids).
    pub agent_ids: Vec<String>,
    /// States and knowledge-base actors the sentence (and a quote's content)
    /// names.
    pub named_countries: Vec<String>,
    pub named_ids: Vec<String>,
}

/// One set of records, indexed.
pub struct Corpus {
    pub data: Arc<DeskData>,
    pub(crate) items: Vec<Item>,
    /// Item index by record id.
    item_index: HashMap<String, usize>,
    doc_index: HashMap<String, usize>,
    /// Documents' published days (else their reference days).
    doc_days: Vec<Option<Day>>,
    /// Items by the states they touch: the states their sentence names and
    /// the states an act is aimed at. By days.
    touches: HashMap<String, DayIndex>,
    /// Items by the knowledge-base events (ids with a `:`) they name.
    naming: HashMap<String, Vec<u32>>,
    /// Items whose sentence names a place some act happened at, by place.
    at_place: HashMap<String, DayIndex>,
    /// Items by document, in corpus order.
    doc_items: Vec<Vec<u32>>,
    /// Acts dated only by their document, by their recipients' states.
    undated_to: HashMap<String, Vec<usize>>,
}

/// The dates a sentence names, and its text.
type SentenceDays<'t> = (Vec<(Day, Day)>, &'t str);

impl Corpus {
    /// Indexes the records: dates, agents and what each sentence names.
    pub fn new(desk: &Desk, data: Arc<DeskData>) -> Corpus {
        let input = &*data;
        let doc_index: HashMap<String, usize> = input
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.prov.doc.clone(), i))
            .collect();
        let doc_days: Vec<Option<Day>> = input
            .documents
            .iter()
            .map(|d| {
                // The published day, else the day the document's dates were
                // read against (its latest date, a dateline).
                d.published
                    .as_deref()
                    .or_else(|| d.found.get("anchor").map(String::as_str))
                    .and_then(|p| p.get(..10))
                    .and_then(date_interval)
                    .map(|x| x.0)
            })
            .collect();
        // Dates each sentence names, by (document, sentence).
        let mut sentence_days: HashMap<(&str, usize), SentenceDays> = HashMap::new();
        for t in &input.times {
            if let Some(iv) = date_interval(&t.value) {
                sentence_days
                    .entry((t.prov.doc.as_str(), t.prov.sentence))
                    .or_insert_with(|| (Vec::new(), t.prov.sentence_text.as_str()))
                    .0
                    .push(iv);
            }
        }
        let doc_of = |p: &demarche_core::Prov| -> Option<Day> {
            doc_index.get(p.doc.as_str()).and_then(|&i| doc_days[i])
        };
        let mut items =
            Vec::with_capacity(input.quotes.len() + input.silences.len() + input.events.len());
        let mut found = Vec::new();
        let mut push = |kind: Kind,
                        index: usize,
                        prov: &demarche_core::Prov,
                        own: Option<&str>,
                        texts: &[&str],
                        agents: Vec<String>,
                        agent_ids: Vec<String>| {
            let doc = doc_index.get(prov.doc.as_str()).copied();
            let own_days = own.and_then(date_interval);
            let sentence = sentence_days.get(&(prov.doc.as_str(), prov.sentence));
            // The record's date, else its sentence's, else the date the
            // narrative carries from a sentence just before, else the
            // document's day.
            found.clear();
            for t in texts {
                desk.names.find(t, &mut found);
            }
            let mut named_countries: Vec<String> = found
                .iter()
                .filter_map(|&i| desk.country_of(i))
                .map(str::to_string)
                .collect();
            named_countries.sort();
            named_countries.dedup();
            let named_ids = found
                .iter()
                .map(|&i| desk.kb.actors[i].id.clone())
                .collect();
            // A date carries on while the narrative stays on the same
            // states: a sentence naming a state the dated one does not,
            // other than its own agent's ("This contrasts with Belarus …"),
            // has moved on.
            let mut carrier_names = Vec::new();
            let mut carried = || {
                (1..=desk.rules.matrix.carry_dates)
                    .filter_map(|k| prov.sentence.checked_sub(k))
                    .find_map(|s| {
                        sentence_days
                            .get(&(prov.doc.as_str(), s))
                            .filter(|v| !v.0.is_empty())
                            .map(|v| (s, v))
                    })
                    .filter(|(_, v)| {
                        carrier_names.clear();
                        desk.names.find(v.1, &mut carrier_names);
                        let carrier: Vec<&str> = carrier_names
                            .iter()
                            .filter_map(|&i| desk.country_of(i))
                            .collect();
                        named_countries
                            .iter()
                            .all(|c| carrier.contains(&c.as_str()) || agents.contains(c))
                    })
                    .map(|(s, v)| (s, &v.0))
            };
            let span = |ivs: &Vec<(Day, Day)>| {
                let lo = ivs.iter().map(|x| x.0).min().unwrap_or_default();
                let hi = ivs.iter().map(|x| x.1).max().unwrap_or_default();
                (lo, hi)
            };
            let (days, date_from) = if let Some(d) = own_days {
                (Some(d), DateFrom::Own)
            } else if let Some((ivs, _)) = sentence.filter(|v| !v.0.is_empty()) {
                (Some(span(ivs)), DateFrom::Sentence)
            } else if let Some((s, ivs)) = carried() {
                (Some(span(ivs)), DateFrom::Carried(s))
            } else {
                match doc.and_then(|i| doc_days[i]) {
                    Some(d) => (Some((d, d)), DateFrom::Document),
                    None => (None, DateFrom::Unknown),
                }
            };
            items.push(Item {
                kind,
                index,
                doc,
                days,
                date_from,
                agents,
                agent_ids,
                named_countries,
                named_ids,
            });
        };
        for (i, q) in input.quotes.iter().enumerate() {
            let agents = match q.speaker_id.as_deref() {
                Some(id) if desk.speaks_for_state(id, None, doc_of(&q.prov)) => {
                    q.speaker_country.iter().cloned().collect()
                }
                Some(_) => Vec::new(),
                None => desk.official_group(q.speaker_text.as_deref()),
            };
            push(
                Kind::Quote,
                i,
                &q.prov,
                None,
                &[&q.prov.sentence_text, &q.content],
                agents,
                q.speaker_id.iter().cloned().collect(),
            );
        }
        for (i, s) in input.silences.iter().enumerate() {
            let agents = match &s.actor_country {
                Some(c) => vec![c.clone()],
                None => desk.official_group(s.actor_text.as_deref().or(s.actor.as_deref())),
            };
            push(
                Kind::Silence,
                i,
                &s.prov,
                None,
                &[&s.prov.sentence_text],
                agents,
                s.actor_id.iter().cloned().collect(),
            );
        }
        for (i, e) in input.events.iter().enumerate() {
            let day = doc_of(&e.prov);
            let mut agents: Vec<String> = e
                .actors
                .iter()
                .filter(|p| match p.id.as_deref() {
                    Some(id) => desk.speaks_for_state(id, p.sector.as_deref(), day),
                    None => p
                        .sector
                        .as_ref()
                        .is_some_and(|s| desk.rules.matrix.state_sectors.contains(s)),
                })
                .filter_map(|p| p.country.clone())
                .collect();
            agents.sort();
            agents.dedup();
            let mut ids: Vec<String> = e.actors.iter().filter_map(|p| p.id.clone()).collect();
            ids.sort();
            ids.dedup();
            push(
                Kind::Event,
                i,
                &e.prov,
                e.date.as_deref(),
                &[&e.prov.sentence_text],
                agents,
                ids,
            );
        }
        let mut item_index = HashMap::with_capacity(items.len());
        for (n, it) in items.iter().enumerate() {
            let id = match it.kind {
                Kind::Quote => input.quotes[it.index].prov.id.as_str(),
                Kind::Silence => input.silences[it.index].prov.id.as_str(),
                Kind::Event => input.events[it.index].prov.id.as_str(),
            };
            item_index.insert(id.to_string(), n);
        }
        drop(sentence_days);
        let mut touches: HashMap<String, DayIndex> = HashMap::new();
        let mut naming: HashMap<String, Vec<u32>> = HashMap::new();
        let mut undated_to: HashMap<String, Vec<usize>> = HashMap::new();
        let mut doc_items: Vec<Vec<u32>> = vec![Vec::new(); data.documents.len()];
        let mut states: Vec<&str> = Vec::new();
        for (n, it) in items.iter().enumerate() {
            let k = n as u32;
            if let Some(d) = it.doc {
                doc_items[d].push(k);
            }
            states.clear();
            states.extend(it.named_countries.iter().map(String::as_str));
            if it.kind == Kind::Event {
                let to = data.events[it.index]
                    .recipients
                    .iter()
                    .filter_map(|p| p.country.as_deref());
                if it.date_from == DateFrom::Document {
                    let mut to: Vec<&str> = to.clone().collect();
                    to.sort_unstable();
                    to.dedup();
                    for c in to {
                        undated_to.entry(c.to_string()).or_default().push(n);
                    }
                }
                states.extend(to);
            }
            states.sort_unstable();
            states.dedup();
            if let Some(days) = it.days {
                for c in &states {
                    match touches.get_mut(*c) {
                        Some(v) => v.push(days, k),
                        None => {
                            let mut v = DayIndex::default();
                            v.push(days, k);
                            touches.insert(c.to_string(), v);
                        }
                    }
                }
            }
            for id in it.named_ids.iter().filter(|i| i.contains(':')) {
                let v = naming.entry(id.clone()).or_default();
                if v.last() != Some(&k) {
                    v.push(k);
                }
            }
        }
        let at_place = place_index(&data, &items);
        for v in touches.values_mut() {
            v.sort();
        }
        Corpus {
            touches,
            naming,
            at_place,
            doc_items,
            undated_to,
            data: data.clone(),
            items,
            item_index,
            doc_index,
            doc_days,
        }
    }

    /// Dated items that touch `state` (name it or are aimed at it) and
    /// whose days may overlap `window` (see `DayIndex::overlapping`),
    /// appended to `out`.
    pub(crate) fn touching(&self, state: &str, window: (Day, Day), out: &mut Vec<u32>) {
        if let Some(x) = self.touches.get(state) {
            x.overlapping(window, out);
        }
    }

    /// Items (corpus order) naming the knowledge-base event `id`.
    pub(crate) fn naming(&self, id: &str) -> &[u32] {
        self.naming.get(id).map_or(&[], Vec::as_slice)
    }

    /// Dated items whose sentence names `place` as a word and whose days
    /// may overlap `window`, appended to `out`.
    pub(crate) fn at_place(&self, place: &str, window: (Day, Day), out: &mut Vec<u32>) {
        if let Some(x) = self.at_place.get(place) {
            x.overlapping(window, out);
        }
    }

    /// Items (corpus order) of document `doc`.
    pub(crate) fn doc_items(&self, doc: usize) -> &[u32] {
        self.doc_items.get(doc).map_or(&[], Vec::as_slice)
    }

    /// Acts aimed at `country` that only their document dates.
    pub(crate) fn undated_acts_on(&self, country: &str) -> impl Iterator<Item = &Item> {
        self.undated_to
            .get(country)
            .into_iter()
            .flatten()
            .map(|&n| &self.items[n])
    }

    /// The item of a record id.
    pub(crate) fn item(&self, id: &str) -> Option<&Item> {
        self.item_index.get(id).map(|&i| &self.items[i])
    }

    /// The document record of a document name.
    pub fn document(&self, doc: &str) -> Option<&DocumentRecord> {
        self.doc_index.get(doc).map(|&i| &self.data.documents[i])
    }

    pub(crate) fn prov(&self, it: &Item) -> &demarche_core::Prov {
        prov_of(&self.data, it)
    }

    /// The evidence line of an item.
    pub(crate) fn evidence(&self, it: &Item, level: Option<&str>) -> Evidence {
        let p = self.prov(it);
        let d = it.doc.map(|i| &self.data.documents[i]);
        let (kind, who, what, date) = match it.kind {
            Kind::Quote => {
                let q = &self.data.quotes[it.index];
                let stance = q.stance.map(|s| s.as_str()).unwrap_or("said");
                (
                    "quote",
                    q.speaker.clone().or_else(|| q.speaker_text.clone()),
                    format!("{stance}: {}", clip(&q.content, 160)),
                    None,
                )
            }
            Kind::Silence => {
                let s = &self.data.silences[it.index];
                (
                    "silence",
                    s.actor.clone().or_else(|| s.actor_text.clone()),
                    clip(&s.evidence, 160),
                    None,
                )
            }
            Kind::Event => {
                let e = &self.data.events[it.index];
                let mut what = e.event_type.clone();
                if let Some(m) = &e.mode {
                    what.push_str(&format!(" ({m})"));
                }
                if let Some(r) = &e.recipient {
                    what.push_str(&format!(" → {r}"));
                }
                if e.negated {
                    what = format!("not {what}");
                }
                ("event", e.actor.clone(), what, e.date.clone())
            }
        };
        Evidence {
            record: p.id.clone(),
            kind,
            doc: p.doc.clone(),
            span: p.span,
            sentence: p.sentence,
            sentence_text: p.sentence_text.clone(),
            date,
            published: d.and_then(|d| d.published.clone()),
            outlet: d.and_then(|d| d.outlet.clone()),
            title: d.and_then(|d| d.title.clone()),
            who,
            what,
            level: level.map(str::to_string),
        }
    }

    /// A document's published day.
    pub(crate) fn doc_day(&self, doc: Option<usize>) -> Option<Day> {
        doc.and_then(|i| self.doc_days[i])
    }
}

/// At most `n` characters, cut at a word.
pub(crate) fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut} …")
}

/// `YYYY-MM-DD` of a day number.
pub(crate) fn iso_day(d: Day) -> String {
    chrono::NaiveDate::from_num_days_from_ce_opt(d)
        .map(|x| x.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The first day of a loose date ("2026", "2026-01", "2026-01-03").
pub(crate) fn first_day(s: &str) -> Option<Day> {
    date_interval(s).map(|x| x.0)
}

/// The last day of a loose date.
pub(crate) fn last_day(s: &str) -> Option<Day> {
    date_interval(s).map(|x| x.1)
}

/// The provenance of an item's record.
fn prov_of<'d>(data: &'d DeskData, it: &Item) -> &'d demarche_core::Prov {
    match it.kind {
        Kind::Quote => &data.quotes[it.index].prov,
        Kind::Silence => &data.silences[it.index].prov,
        Kind::Event => &data.events[it.index].prov,
    }
}

/// Items whose sentence names, as a whole word, a place where some act
/// happened: one pass of an automaton of all the places over each sentence.
fn place_index(data: &DeskData, items: &[Item]) -> HashMap<String, DayIndex> {
    let mut places: Vec<&str> = data
        .events
        .iter()
        .filter_map(|e| e.location.as_deref())
        .filter(|l| !l.is_empty())
        .collect();
    places.sort_unstable();
    places.dedup();
    let mut out: HashMap<String, DayIndex> = HashMap::new();
    if places.is_empty() {
        return out;
    }
    let Ok(ac) = AhoCorasick::new(&places) else {
        return out;
    };
    let mut by: Vec<DayIndex> = vec![DayIndex::default(); places.len()];
    for (n, it) in items.iter().enumerate() {
        let Some(days) = it.days else {
            continue;
        };
        let text = prov_of(data, it).sentence_text.as_str();
        for m in ac.find_overlapping_iter(text) {
            if whole_word(text, m.start(), m.end()) {
                by[m.pattern().as_usize()].push(days, n as u32);
            }
        }
    }
    for (h, mut v) in by.into_iter().enumerate() {
        if !v.is_empty() {
            v.sort();
            out.insert(places[h].to_string(), v);
        }
    }
    out
}

/// Items by their days: those of a few days sorted by first day (a window's
/// items are a range), the longer ones (a month, a year) apart.
#[derive(Debug, Clone, Default)]
struct DayIndex {
    short: Vec<(Day, u32)>,
    long: Vec<(Day, Day, u32)>,
}

/// The longest span (days) an item may have to sit in `DayIndex::short`.
const SHORT: i32 = 31;

impl DayIndex {
    fn push(&mut self, (a, b): (Day, Day), n: u32) {
        if b - a <= SHORT {
            self.short.push((a, n));
        } else {
            self.long.push((a, b, n));
        }
    }

    /// Orders the lists once every item is pushed (an item pushed twice is
    /// kept once).
    fn sort(&mut self) {
        self.short.sort_unstable();
        self.short.dedup();
        self.long.sort_unstable();
        self.long.dedup();
    }

    fn is_empty(&self) -> bool {
        self.short.is_empty() && self.long.is_empty()
    }

    /// The items whose days may overlap `window`, appended to `out`: every
    /// one that does, and short ones that start up to `SHORT` days before
    /// it (callers check the days).
    fn overlapping(&self, (lo, hi): (Day, Day), out: &mut Vec<u32>) {
        let a = self.short.partition_point(|x| x.0 < lo - SHORT);
        let b = self.short.partition_point(|x| x.0 <= hi);
        out.extend(self.short[a..b].iter().map(|x| x.1));
        let end = self.long.partition_point(|x| x.0 <= hi);
        out.extend(self.long[..end].iter().filter(|x| lo <= x.1).map(|x| x.2));
    }
}
