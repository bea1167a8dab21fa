//! The response matrix (each state's strongest answer to a crisis on the
//! ladder, with who spoke and the evidence) and silence windows (an expected
//! speaker's silence over a crisis's window, with the sources searched).

use super::rules::Toward;
use super::{iso_day, Corpus, Crisis, DateFrom, Day, Desk, Evidence, Item, Kind, Level};
use crate::clusters::has_word;
use demarche_core::Stance;
use demarche_kb::ActorKind;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Who spoke or acted for a state in a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// "head of state", "foreign ministry", "parliamentarian", "official"…
    pub role: String,
    /// The strongest level this speaker reached.
    pub level: String,
    /// How many records.
    pub records: usize,
}

/// One state's answer to one crisis.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// ISO alpha-3 and name.
    pub actor: String,
    pub actor_name: String,
    /// What binds the state to the target, when anything does
    /// ("defence pact via Collective Security Treaty Organization").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bond: Option<String>,
    /// The strongest level reached (the ladder's floor when none).
    pub level: String,
    pub label: String,
    pub rank: u8,
    pub color: String,
    pub speakers: Vec<Speaker>,
    /// Records per level reached.
    pub counts: BTreeMap<String, usize>,
    /// The responses, strongest first.
    pub evidence: Vec<Evidence>,
    /// Whether another source says the state did not do what lifts it to
    /// its level (a denied act at that level or above).
    pub contested: bool,
    /// No source in the store reports on the crisis in its window: the
    /// floor means "no record", not silence.
    pub unknown: bool,
    /// The level rests only on undated acts told after the crisis (a
    /// retrospective that may be background): weigh it accordingly.
    pub undated: bool,
    /// Sources that say the state kept silent or did not act.
    pub silences: Vec<Evidence>,
}

/// Each state's strongest response to a crisis.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub crisis: Crisis,
    /// The days searched, `YYYY-MM-DD`.
    pub window: [String; 2],
    pub levels: Vec<Level>,
    pub rows: Vec<Cell>,
    /// Documents in the window that report on the crisis (searched for
    /// every answer).
    pub documents: usize,
}

/// Whether an expected speaker said anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowStatus {
    /// No statement in the store: the silence holds.
    Silent,
    /// A statement turned up: the silence is withdrawn.
    Spoke,
}

/// "No statement about the crisis between t0 and t1" for one speaker.
#[derive(Debug, Clone, Serialize)]
pub struct SilenceWindow {
    pub crisis: String,
    pub crisis_name: String,
    pub actor: String,
    pub actor_name: String,
    pub speaker: String,
    pub speaker_id: String,
    /// The office (knowledge-base role kind, as the rules name it).
    pub role: String,
    pub from: String,
    pub to: String,
    pub status: WindowStatus,
    /// Documents about the crisis in the window: the sources searched.
    pub sources_searched: usize,
    /// Sources that say the speaker kept silent.
    pub explicit: Vec<Evidence>,
    /// Statements that withdraw the silence (empty while it holds).
    pub statements: Vec<Evidence>,
}

/// How an item bears on a crisis.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bearing {
    /// Its sentence names the target or the crisis, or it is aimed at them.
    Direct,
    /// It names nothing else, in a document about the crisis.
    Context,
    /// An act on the target that only its document dates, told after the
    /// crisis, when the crisis is the target's only one.
    Retrospective,
}

/// The crisis's relevant items, computed once per crisis.
pub(crate) struct Scope<'c> {
    pub window: (Day, Day),
    items: Vec<(&'c Item, Bearing)>,
    pub documents: usize,
    /// (document, sentence, agent id) of every silence: that sentence is no
    /// statement or act of that agent, whatever else it codes.
    silent: HashSet<(&'c str, usize, &'c str)>,
}

impl Scope<'_> {
    /// Whether the item's sentence says its agent kept silent.
    fn hushed(&self, corpus: &Corpus, it: &Item) -> bool {
        let p = corpus.prov(it);
        it.agent_ids.iter().any(|id| {
            self.silent
                .contains(&(p.doc.as_str(), p.sentence, id.as_str()))
        })
    }
}

impl Desk {
    /// The days responses are looked for.
    fn window(&self, c: &Crisis) -> (Day, Day) {
        let w = &self.rules.window;
        (c.days.0 - w.before_days, c.days.1 + w.after_days)
    }

    /// The items that bear on a crisis.
    pub(crate) fn scope<'c>(&self, corpus: &'c Corpus, c: &Crisis) -> Scope<'c> {
        let window = self.window(c);
        let overlaps = |it: &Item| it.days.is_some_and(|(a, b)| a <= window.1 && window.0 <= b);
        let crisis_ids: Vec<&str> = c
            .kb_id
            .iter()
            .map(String::as_str)
            .chain(c.by.iter().filter(|b| b.contains(':')).map(String::as_str))
            .collect();
        let names_crisis = |it: &Item| {
            it.named_ids
                .iter()
                .any(|x| crisis_ids.contains(&x.as_str()))
        };
        // In the window: its days overlap it; or, undated, it names the
        // crisis itself (a retrospective: "during the 2022 unrest").
        let in_window = |it: &Item| {
            overlaps(it)
                || (matches!(it.date_from, DateFrom::Document | DateFrom::Unknown)
                    && names_crisis(it))
        };
        let explicit = |it: &Item| matches!(it.date_from, DateFrom::Own | DateFrom::Sentence);
        let mut placed: Vec<u32> = Vec::new();
        for p in &c.places {
            corpus.at_place(p, window, &mut placed);
        }
        placed.sort_unstable();
        placed.dedup();
        let at_place = |n: u32| placed.binary_search(&n).is_ok();
        let by_names = |n: u32, it: &Item| -> bool {
            at_place(n)
                || it
                    .named_countries
                    .iter()
                    .any(|x| *x == c.target || (explicit(it) && c.by.contains(x)))
                || names_crisis(it)
                || (it.kind == Kind::Event
                    && corpus.data.events[it.index]
                        .recipients
                        .iter()
                        .any(|p| p.country.as_deref() == Some(c.target.as_str())))
        };
        // Every item in the window that `by_names` accepts touches the
        // target or an attacker, names the crisis or names one of its
        // places: gather those lists rather than scan the window.
        let mut named: Vec<u32> = placed.clone();
        corpus.touching(&c.target, window, &mut named);
        for b in &c.by {
            corpus.touching(b, window, &mut named);
        }
        for id in &crisis_ids {
            named.extend_from_slice(corpus.naming(id));
        }
        named.sort_unstable();
        named.dedup();
        let item = |n: u32| &corpus.items[n as usize];
        // Sentences that place themselves in the crisis: a sentence dated
        // later in the same narrative is about it too.
        let mut direct_sentences: HashSet<(usize, usize)> = HashSet::new();
        let mut direct_ns: Vec<u32> = Vec::new();
        for &n in &named {
            let it = item(n);
            if in_window(it) && by_names(n, it) {
                direct_ns.push(n);
                if let Some(d) = it.doc {
                    direct_sentences.insert((d, corpus.prov(it).sentence));
                }
            }
        }
        // Items carried from such a sentence.
        let mut carried_docs: Vec<usize> = direct_sentences.iter().map(|x| x.0).collect();
        carried_docs.sort_unstable();
        carried_docs.dedup();
        for &d in &carried_docs {
            for &n in corpus.doc_items(d) {
                let it = item(n);
                if let DateFrom::Carried(s) = it.date_from {
                    if direct_sentences.contains(&(d, s)) && in_window(it) {
                        direct_ns.push(n);
                    }
                }
            }
        }
        direct_ns.sort_unstable();
        direct_ns.dedup();
        let is_direct = |n: u32| direct_ns.binary_search(&n).is_ok();
        let mut items: Vec<(&Item, Bearing)> = Vec::new();
        let mut about: HashSet<usize> = HashSet::new();
        let mut direct_quotes: HashSet<(usize, usize, String)> = HashSet::new();
        for &n in &direct_ns {
            let it = item(n);
            items.push((it, Bearing::Direct));
            if let Some(d) = it.doc {
                about.insert(d);
                if it.kind == Kind::Quote {
                    let s = corpus.prov(it).sentence;
                    direct_quotes.insert((d, s, speaker_key(corpus, it)));
                }
            }
        }
        let allowed = |it: &Item| {
            it.named_countries
                .iter()
                .all(|x| *x == c.target || c.by.contains(x) || it.agents.contains(x))
        };
        // Context needs days inside the window: a year named in passing
        // does not place a sentence in a crisis of a few weeks.
        let inside = |it: &Item| it.days.is_some_and(|(a, b)| window.0 <= a && b <= window.1);
        let mut about_docs: Vec<usize> = about.iter().copied().collect();
        about_docs.sort_unstable();
        let mut context: Vec<u32> = Vec::new();
        for &d in &about_docs {
            for &n in corpus.doc_items(d) {
                let it = item(n);
                if !inside(it) || is_direct(n) || !allowed(it) {
                    continue;
                }
                let ok = match it.kind {
                    Kind::Silence | Kind::Event => true,
                    // A quote names nothing itself: it counts next to a quote
                    // of the same speaker that does.
                    Kind::Quote => {
                        let s = corpus.prov(it).sentence;
                        let key = speaker_key(corpus, it);
                        (s.saturating_sub(3)..=s + 3)
                            .any(|k| direct_quotes.contains(&(d, k, key.clone())))
                    }
                };
                if ok {
                    context.push(n);
                }
            }
        }
        context.sort_unstable();
        items.extend(context.into_iter().map(|n| (item(n), Bearing::Context)));
        if c.sole {
            for it in corpus.undated_acts_on(&c.target) {
                let e = &corpus.data.events[it.index];
                let later = it.days.is_some_and(|d| d.0 > window.1);
                if later
                    && !e.negated
                    && !e.hypothetical
                    && !items.iter().any(|x| std::ptr::eq(x.0, it))
                {
                    items.push((it, Bearing::Retrospective));
                }
            }
        }
        let mut silent = HashSet::new();
        for (it, _) in items.iter().filter(|(it, _)| it.kind == Kind::Silence) {
            let p = corpus.prov(it);
            for id in &it.agent_ids {
                silent.insert((p.doc.as_str(), p.sentence, id.as_str()));
            }
        }
        Scope {
            window,
            items,
            documents: about.len(),
            silent,
        }
    }

    /// The level an item reaches, if it is a response (negated and
    /// hypothetical acts are not).
    fn level_of(&self, corpus: &Corpus, c: &Crisis, it: &Item) -> Option<&Level> {
        self.level_as_if(corpus, c, it, false)
    }

    /// The level an item reaches, or (`denied`) would reach were it not
    /// negated.
    fn level_as_if(&self, corpus: &Corpus, c: &Crisis, it: &Item, denied: bool) -> Option<&Level> {
        let rule = match it.kind {
            Kind::Silence => return None,
            Kind::Quote => {
                let q = &corpus.data.quotes[it.index];
                let stance = q.stance?.as_str();
                self.rules
                    .rules
                    .iter()
                    .find(|r| r.quote_stances.iter().any(|s| s == stance))?
            }
            Kind::Event => {
                let e = &corpus.data.events[it.index];
                if e.negated != denied || e.hypothetical || (e.historical && e.date.is_none()) {
                    return None;
                }
                // An act read from a statement ("said it was concerned")
                // weighs what the statement's stance weighs.
                if let Some(q) = e.quote_id.as_deref().and_then(|id| corpus.item(id)) {
                    if q.kind == Kind::Quote {
                        return self.level_as_if(corpus, c, q, false);
                    }
                }
                let evidence = e.evidence.to_lowercase();
                let at_target = e
                    .recipients
                    .iter()
                    .any(|p| p.country.as_deref() == Some(c.target.as_str()));
                let at_attacker = e.recipients.iter().any(|p| {
                    p.country.as_ref().is_some_and(|x| c.by.contains(x))
                        || p.id.as_ref().is_some_and(|x| c.by.contains(x))
                });
                let igo = !e.recipients.is_empty()
                    && e.recipients
                        .iter()
                        .all(|p| p.country.as_deref() == Some("IGO"));
                let open = e.recipients.is_empty() || igo;
                let with_target = e
                    .actors
                    .iter()
                    .any(|p| p.country.as_deref() == Some(c.target.as_str()));
                self.rules.rules.iter().find(|r| {
                    r.event_types.contains(&e.event_type)
                        && (r.modes.is_empty()
                            || e.mode.as_ref().is_some_and(|m| r.modes.contains(m)))
                        && (r.contexts.is_empty()
                            || e.context.as_ref().is_some_and(|x| r.contexts.contains(x)))
                        && (r.words.is_empty() || r.words.iter().any(|w| has_word(&evidence, w)))
                        && match r.toward {
                            Toward::Target => at_target,
                            Toward::Attacker => at_attacker,
                            Toward::Side => at_target || open,
                            Toward::Party => at_target || with_target || igo,
                            Toward::Any => at_target || at_attacker || open,
                        }
                })?
            }
        };
        self.rules.level(&rule.level)
    }

    /// Whether an item says its agent kept silent or did not act.
    fn is_silence(corpus: &Corpus, it: &Item) -> bool {
        match it.kind {
            Kind::Silence => true,
            Kind::Quote => corpus.data.quotes[it.index].stance == Some(Stance::DeclineToComment),
            Kind::Event => {
                let e = &corpus.data.events[it.index];
                e.negated && !e.hypothetical
            }
        }
    }

    /// The states a matrix asks by default: the target's partners on the
    /// crisis's first day (strongest bond first), then the great powers,
    /// less the target and the attackers.
    pub fn default_actors(&self, c: &Crisis) -> Vec<(String, Option<String>)> {
        let mut out: Vec<(String, Option<String>, u8)> = Vec::new();
        if let Some(day) = chrono::NaiveDate::from_num_days_from_ce_opt(c.days.0) {
            for p in self.kb.partners(&c.target, day) {
                let Some(rank) = self.rules.commitment(&p.commitment).map(|x| x.rank) else {
                    continue;
                };
                let bond = format!("{} via {}", p.commitment, p.via_name);
                match out.iter_mut().find(|x| x.0 == p.partner) {
                    Some(x) if x.2 < rank => {
                        x.1 = Some(bond);
                        x.2 = rank;
                    }
                    Some(_) => {}
                    None => out.push((p.partner, Some(bond), rank)),
                }
            }
        }
        out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        for g in &self.rules.matrix.great_powers {
            if !out.iter().any(|x| &x.0 == g) {
                out.push((g.clone(), None, 0));
            }
        }
        out.into_iter()
            .filter(|x| x.0 != c.target && !c.by.contains(&x.0))
            .map(|x| (x.0, x.1))
            .collect()
    }

    /// Each state's strongest response to the crisis. `actors`: ISO codes to
    /// ask; empty = the default set and every other state that responded.
    pub fn matrix(&self, corpus: &Corpus, c: &Crisis, actors: &[String]) -> Matrix {
        let scope = self.scope(corpus, c);
        let mut rows: Vec<(String, Option<String>)> = if actors.is_empty() {
            self.default_actors(c)
        } else {
            actors.iter().map(|a| (a.clone(), None)).collect()
        };
        if actors.is_empty() {
            let mut more: BTreeSet<&String> = BTreeSet::new();
            for (it, _) in &scope.items {
                if self.level_of(corpus, c, it).is_some() {
                    more.extend(it.agents.iter());
                }
            }
            for a in more {
                let state = self.kb.get(a).is_some_and(|x| x.kind == ActorKind::Country);
                if state && *a != c.target && !c.by.contains(a) && !rows.iter().any(|r| &r.0 == a) {
                    rows.push((a.clone(), None));
                }
            }
        }
        let mut cells: Vec<Cell> = rows
            .into_iter()
            .map(|(a, bond)| self.cell(corpus, c, &scope, &a, bond))
            .collect();
        cells.sort_by(|a, b| b.rank.cmp(&a.rank).then_with(|| a.actor.cmp(&b.actor)));
        let window = [iso_day(scope.window.0), iso_day(scope.window.1)];
        Matrix {
            crisis: c.clone(),
            window,
            levels: self.rules.levels.clone(),
            rows: cells,
            documents: scope.documents,
        }
    }

    /// One state's cell.
    pub(crate) fn cell(
        &self,
        corpus: &Corpus,
        c: &Crisis,
        scope: &Scope<'_>,
        actor: &str,
        bond: Option<String>,
    ) -> Cell {
        let mut best: &Level = self.rules.floor();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut evidence: Vec<(u8, Evidence)> = Vec::new();
        // Ranks reached by dated (or same-time) records.
        let mut dated_rank = 0u8;
        let mut silences = Vec::new();
        let mut speakers: Vec<Speaker> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut denied_rank: Option<u8> = None;
        let cap = self.rules.level(&self.rules.window.undated_acts_max);
        for (it, bearing) in &scope.items {
            if !it.agents.iter().any(|a| a == actor) {
                continue;
            }
            if Self::is_silence(corpus, it) {
                let denied = self.level_as_if(corpus, c, it, true);
                if let Some(l) = denied {
                    denied_rank = denied_rank.max(Some(l.rank));
                }
                silences.push(corpus.evidence(it, denied.map(|l| l.id.as_str())));
                continue;
            }
            if scope.hushed(corpus, it) {
                continue;
            }
            let Some(mut level) = self.level_of(corpus, c, it) else {
                continue;
            };
            let undated = matches!(it.date_from, DateFrom::Document | DateFrom::Unknown);
            if it.kind == Kind::Event && undated && *bearing != Bearing::Retrospective {
                if let Some(cap) = cap.filter(|cap| cap.rank < level.rank) {
                    level = cap;
                }
            }
            let p = corpus.prov(it);
            // A quote and the event coded from it are one response.
            // Every record is evidence; but a sentence counts once per level
            // (a quote and the act coded from it, two verbs of one clause).
            evidence.push((level.rank, corpus.evidence(it, Some(&level.id))));
            if *bearing != Bearing::Retrospective {
                dated_rank = dated_rank.max(level.rank);
            }
            if level.rank > best.rank {
                best = level;
            }
            if !seen.insert(format!("{}#{}#{}", p.doc, p.sentence, level.rank)) {
                continue;
            }
            *counts.entry(level.id.clone()).or_default() += 1;
            let (name, id, role) = self.speaker_of(corpus, it, c.days.0);
            match speakers.iter_mut().find(|s| s.name == name) {
                Some(s) => {
                    s.records += 1;
                    if self.rules.level(&s.level).map_or(0, |l| l.rank) < level.rank {
                        s.level = level.id.clone();
                    }
                }
                None => speakers.push(Speaker {
                    name,
                    id,
                    role,
                    level: level.id.clone(),
                    records: 1,
                }),
            }
        }
        // An undated later account fills in only where nothing dated speaks.
        if dated_rank > 0 && best.rank > dated_rank {
            best = self
                .rules
                .levels
                .iter()
                .find(|l| l.rank == dated_rank)
                .unwrap_or(best);
        }
        evidence.sort_by_key(|x| std::cmp::Reverse(x.0));
        let rank_of = |s: &Speaker| self.rules.level(&s.level).map_or(0, |l| l.rank);
        speakers.sort_by(|a, b| rank_of(b).cmp(&rank_of(a)).then(b.records.cmp(&a.records)));
        let unknown = scope.documents == 0 && silences.is_empty() && best.rank == 0;
        Cell {
            actor: actor.to_string(),
            actor_name: self.country_name(actor),
            bond,
            level: best.id.clone(),
            label: if unknown {
                String::from("no record")
            } else {
                best.label.clone()
            },
            rank: best.rank,
            color: best.color.clone(),
            speakers,
            counts,
            evidence: evidence.into_iter().map(|x| x.1).collect(),
            contested: best.rank > 0 && denied_rank.is_some_and(|d| d >= best.rank),
            undated: best.rank > dated_rank,
            unknown,
            silences,
        }
    }

    /// Who spoke or acted, with an id and a role.
    fn speaker_of(&self, corpus: &Corpus, it: &Item, day: Day) -> (String, Option<String>, String) {
        let (name, id, office) = match it.kind {
            Kind::Quote => {
                let q = &corpus.data.quotes[it.index];
                (
                    q.speaker.clone().or_else(|| q.speaker_text.clone()),
                    q.speaker_id.clone(),
                    q.speaker_office.clone(),
                )
            }
            Kind::Event => {
                let e = &corpus.data.events[it.index];
                let p = e
                    .actors
                    .iter()
                    .find(|p| p.id.is_some())
                    .or(e.actors.first());
                (
                    p.map(|p| p.name.clone()).or_else(|| e.actor.clone()),
                    p.and_then(|p| p.id.clone()),
                    None,
                )
            }
            Kind::Silence => (None, None, None),
        };
        let name = name.unwrap_or_else(|| String::from("unnamed"));
        (
            name,
            id.clone(),
            self.role_of(id.as_deref(), office.as_deref(), day),
        )
    }

    /// A speaker's role: the knowledge base's office on the day, a body's
    /// kind, else "official" (or "state" for the state itself).
    fn role_of(&self, id: Option<&str>, office: Option<&str>, day: Day) -> String {
        let date = chrono::NaiveDate::from_num_days_from_ce_opt(day);
        if let Some(a) = id.and_then(|i| self.kb.get(i)) {
            match a.kind {
                ActorKind::Person => {
                    let role = date.and_then(|d| a.role_at(d)).or_else(|| a.roles.last());
                    if let Some(r) = role.and_then(|r| self.rules.speaker_role(&r.kind)) {
                        return r.to_string();
                    }
                }
                ActorKind::Country => return String::from("state"),
                ActorKind::Body => {
                    let n = a.name.to_lowercase();
                    if let Some(b) = self.rules.body_roles.iter().find(|b| n.contains(&b.word)) {
                        return b.role.clone();
                    }
                    return a
                        .sector
                        .as_deref()
                        .map(|s| format!("body ({s})"))
                        .unwrap_or_else(|| String::from("body"));
                }
                _ => {}
            }
        }
        office
            .map(|o| o.to_string())
            .unwrap_or_else(|| String::from("official"))
    }

    /// Silence windows for the expected speakers of each state (by default
    /// the matrix's states): who said nothing about the crisis between its
    /// first day and the window's end (or the newest document searched).
    pub fn silence_windows(
        &self,
        corpus: &Corpus,
        c: &Crisis,
        actors: &[String],
    ) -> Vec<SilenceWindow> {
        let scope = self.scope(corpus, c);
        let actors: Vec<String> = if actors.is_empty() {
            self.default_actors(c).into_iter().map(|x| x.0).collect()
        } else {
            actors.to_vec()
        };
        let Some(date) = chrono::NaiveDate::from_num_days_from_ce_opt(c.days.0) else {
            return Vec::new();
        };
        let newest = scope
            .items
            .iter()
            .filter_map(|(it, _)| corpus.doc_day(it.doc))
            .max()
            .unwrap_or(scope.window.1);
        let to = scope.window.1.min(newest.max(c.days.0));
        let mut out = Vec::new();
        for actor in &actors {
            let mut people: Vec<(&str, &str, String)> = Vec::new();
            for kind in &self.rules.speakers.expected {
                for p in self.kb.holders(actor, kind, date) {
                    if !people.iter().any(|x| x.0 == p.id) {
                        let role = self.rules.speaker_role(kind).unwrap_or(kind).to_string();
                        people.push((p.id.as_str(), p.name.as_str(), role));
                    }
                }
            }
            for (id, name, role) in people {
                let mut explicit = Vec::new();
                let mut statements = Vec::new();
                let mine: Vec<&Item> = scope
                    .items
                    .iter()
                    .map(|x| x.0)
                    .filter(|it| it.agent_ids.iter().any(|x| x == id))
                    .collect();
                for it in mine {
                    if Self::is_silence(corpus, it) {
                        explicit.push(corpus.evidence(it, None));
                    } else if scope.hushed(corpus, it) {
                        continue;
                    } else if it.kind == Kind::Quote
                        || (it.kind == Kind::Event && !corpus.data.events[it.index].hypothetical)
                    {
                        let level = self.level_of(corpus, c, it).map(|l| l.id.as_str());
                        statements.push(corpus.evidence(it, level));
                    }
                }
                out.push(SilenceWindow {
                    crisis: c.id.clone(),
                    crisis_name: c.name.clone(),
                    actor: actor.clone(),
                    actor_name: self.country_name(actor),
                    speaker: name.to_string(),
                    speaker_id: id.to_string(),
                    role,
                    from: iso_day(c.days.0),
                    to: iso_day(to),
                    status: if statements.is_empty() {
                        WindowStatus::Silent
                    } else {
                        WindowStatus::Spoke
                    },
                    sources_searched: scope.documents,
                    explicit,
                    statements,
                });
            }
        }
        out
    }
}

/// A speaker's key for pairing quotes: id, else name, else the text.
fn speaker_key(corpus: &Corpus, it: &Item) -> String {
    let q = &corpus.data.quotes[it.index];
    q.speaker_id
        .clone()
        .or_else(|| q.speaker.clone())
        .or_else(|| q.speaker_text.clone())
        .unwrap_or_default()
}
