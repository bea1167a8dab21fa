//! The knowledge base: actors (states, IGOs, people, bodies, places, groups,
//! outlets, named events) with aliases, dated roles and memberships.
//!
//! The data lives in TOML files under `data/kb/` (embedded in the binary at
//! build time) and can be extended or overridden by user files
//! (`demarche --kb FILE`). The schema is documented in `data/kb/README.md`;
//! [`Kb::check`] validates it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The built-in data files, in load order.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "countries.toml",
        include_str!("../../../data/kb/countries.toml"),
    ),
    ("igos.toml", include_str!("../../../data/kb/igos.toml")),
    ("places.toml", include_str!("../../../data/kb/places.toml")),
    ("bodies.toml", include_str!("../../../data/kb/bodies.toml")),
    ("people.toml", include_str!("../../../data/kb/people.toml")),
    (
        "outlets.toml",
        include_str!("../../../data/kb/outlets.toml"),
    ),
    ("groups.toml", include_str!("../../../data/kb/groups.toml")),
    ("events.toml", include_str!("../../../data/kb/events.toml")),
];

#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{file}: {msg}")]
    Parse { file: String, msg: String },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Country,
    Igo,
    Person,
    Body,
    Place,
    Group,
    Outlet,
    Event,
}

/// A dated office held by a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// Office as it is usually written: "President", "Foreign Minister".
    pub office: String,
    /// Normalized role kind: head_of_state, head_of_government, foreign_minister,
    /// defence_minister, spokesperson, deputy_head_of_government, security_council,
    /// ambassador, un_representative, legislator, military_chief, envoy,
    /// intelligence_chief, party_leader, other.
    #[serde(default)]
    pub kind: String,
    /// ISO alpha-3 of the state the office belongs to (or "IGO").
    pub country: String,
    /// Body the office belongs to (an actor id), if any.
    #[serde(default)]
    pub body: Option<String>,
    /// ISO date (or year, or year-month) the office began.
    #[serde(default)]
    pub from: Option<String>,
    /// ISO date the office ended; absent = still held.
    #[serde(default)]
    pub to: Option<String>,
    /// Where the dates come from.
    #[serde(default)]
    pub source: Option<String>,
}

/// A dated membership of a state in an IGO or alliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub country: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// "member", "observer", "suspended", "frozen"…
    #[serde(default)]
    pub status: Option<String>,
}

/// One actor of the knowledge base.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Countries: ISO 3166-1 alpha-3 ("RUS"); others: "kind:slug" ("person:vladimir-putin").
    pub id: String,
    pub kind: ActorKind,
    /// Canonical name.
    pub name: String,
    /// Other names that on their own refer to this actor ("Russian Federation", "Putin").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Case-sensitive abbreviations ("US", "MFA", "CSTO").
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Adjectives ("Russian").
    #[serde(default)]
    pub adjectives: Vec<String>,
    /// Plural nouns for the people ("Russians").
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Places or buildings that stand for the actor as an actor ("Moscow", "the Kremlin").
    #[serde(default)]
    pub metonyms: Vec<String>,
    /// ISO alpha-3 of the state it is or belongs to; "IGO" for international bodies.
    #[serde(default)]
    pub country: Option<String>,
    /// People whose `country` is "IGO" (officials of international
    /// organisations): the state of their citizenship, ISO alpha-3.
    #[serde(default)]
    pub nationality: Option<String>,
    /// PLOVER sector: GOV, MIL, LEG, JUD, PTY, REB, SPY, JRN, IGO, BUS, CVL, EDU, NGO…
    #[serde(default)]
    pub sector: Option<String>,
    /// Parent actor id (a ministry's state, a city's country).
    #[serde(default)]
    pub parent: Option<String>,
    /// Offices held over time (people).
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Members over time (IGOs and alliances).
    #[serde(default)]
    pub members: Vec<Membership>,
    /// Kind of commitment between members: "defence pact", "consultation",
    /// "non-aggression", "strategic partnership", "economic", "political".
    #[serde(default)]
    pub commitment: Option<String>,
    /// Outlets: web domains.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Outlets: wire, state media, newspaper, broadcaster, magazine, think tank,
    /// blog, official channel, news site.
    #[serde(default)]
    pub outlet_kind: Option<String>,
    /// Where the facts come from.
    #[serde(default)]
    pub source: Option<String>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
    /// Countries: the system of government. `presidential` means the head of
    /// state also heads the government, so a head-of-government requirement
    /// is met by the head of state; `parliamentary` and `semi-presidential`
    /// document that the two offices are separate.
    #[serde(default)]
    pub government: Option<String>,
    /// Countries: role kinds that several people hold at the same time
    /// (co-princes, captains regent, a collective presidency), exempt from the
    /// check that one person holds the office at a time.
    #[serde(default)]
    pub collective: Vec<String>,
    /// Events and agreements: the first day (`YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`; an agreement's entry into force).
    #[serde(default)]
    pub from: Option<String>,
    /// Events and agreements: the last day (absent = ongoing or in force).
    #[serde(default)]
    pub to: Option<String>,
    /// Events: the state (ISO alpha-3) a crisis struck — its territory,
    /// government or leader. An event with a target is a crisis.
    #[serde(default)]
    pub target: Option<String>,
    /// Events: who struck (country codes or actor ids).
    #[serde(default)]
    pub by: Vec<String>,
}

impl Actor {
    /// All name-like surface forms (name, aliases, abbreviations).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(|s| s.as_str()))
            .chain(self.abbreviations.iter().map(|s| s.as_str()))
    }

    /// The role held on `date` (the latest-starting one when several).
    /// The main role held on `date`: an office of state before a party or
    /// other role, then the one taken up last.
    pub fn role_at(&self, date: NaiveDate) -> Option<&Role> {
        self.roles
            .iter()
            .filter(|r| span_covers(r.from.as_deref(), r.to.as_deref(), date))
            .max_by_key(|r| {
                let secondary = matches!(r.kind.as_str(), "party_leader" | "other" | "member");
                (!secondary, r.from.as_deref().and_then(parse_loose_date))
            })
    }

    /// Roles held on `date`.
    pub fn roles_at(&self, date: NaiveDate) -> impl Iterator<Item = &Role> {
        self.roles
            .iter()
            .filter(move |r| span_covers(r.from.as_deref(), r.to.as_deref(), date))
    }
}

#[derive(Deserialize)]
struct KbFile {
    #[serde(default)]
    actor: Vec<Actor>,
}

/// Parses "2024", "2024-05" or "2024-05-07" (the first day of the period).
pub fn parse_loose_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('-').collect();
    let y: i32 = parts.first()?.parse().ok()?;
    let m: u32 = parts.get(1).map(|p| p.parse().ok()).unwrap_or(Some(1))?;
    let d: u32 = parts.get(2).map(|p| p.parse().ok()).unwrap_or(Some(1))?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The last day of "2024", "2024-05" or "2024-05-07".
pub fn parse_loose_end(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('-').collect();
    match parts.len() {
        1 => NaiveDate::from_ymd_opt(parts[0].parse().ok()?, 12, 31),
        2 => {
            let y: i32 = parts[0].parse().ok()?;
            let m: u32 = parts[1].parse().ok()?;
            let first_next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            first_next.pred_opt()
        }
        _ => parse_loose_date(s),
    }
}

/// True when `date` lies in `[from, to]` (open ends allowed).
pub fn span_covers(from: Option<&str>, to: Option<&str>, date: NaiveDate) -> bool {
    let after = from
        .filter(|s| !s.is_empty())
        .and_then(parse_loose_date)
        .is_none_or(|f| f <= date);
    let before = to
        .filter(|s| !s.is_empty())
        .and_then(parse_loose_end)
        .is_none_or(|t| date <= t);
    after && before
}

/// One state bound to another by an organisation or agreement
/// ([`Kb::partners`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Partnership {
    /// The partner state, ISO alpha-3.
    pub partner: String,
    /// The binding actor's `commitment` ("defence pact", "basing", …).
    pub commitment: String,
    /// The binding organisation's or agreement's id and name.
    pub via: String,
    pub via_name: String,
}

/// The knowledge base.
#[derive(Clone, Debug, Default)]
pub struct Kb {
    pub actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    /// The file each actor came from, for error messages.
    pub origins: Vec<String>,
    /// Actors that bind their members (a `commitment` and members), in
    /// order: what [`Kb::partners`] reads.
    bonds: Vec<usize>,
    /// Each adjective and demonym → the actors declaring it, in order: what
    /// [`Kb::by_adjective`] reads.
    adjectives: HashMap<String, Vec<usize>>,
}

impl Kb {
    /// An empty knowledge base.
    pub fn empty() -> Kb {
        Kb::default()
    }

    /// The built-in data.
    pub fn builtin() -> Result<Kb, KbError> {
        let mut kb = Kb::empty();
        for (name, text) in BUILTIN {
            kb.add_toml(text, name)?;
        }
        Ok(kb)
    }

    /// The built-in data plus user files (later files override actors by id).
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<Kb, KbError> {
        let mut kb = Kb::builtin()?;
        for p in extra {
            let p = p.as_ref();
            let text = std::fs::read_to_string(p).map_err(|e| KbError::Io {
                file: p.display().to_string(),
                source: e,
            })?;
            kb.add_toml(&text, &p.display().to_string())?;
        }
        Ok(kb)
    }

    /// Adds the actors of one TOML file; an actor whose id exists replaces it.
    pub fn add_toml(&mut self, text: &str, file: &str) -> Result<(), KbError> {
        let f: KbFile = toml::from_str(text).map_err(|e| KbError::Parse {
            file: file.to_string(),
            msg: e.to_string(),
        })?;
        for a in f.actor {
            self.insert(a, file);
        }
        Ok(())
    }

    /// Adds or replaces an actor.
    pub fn insert(&mut self, a: Actor, file: &str) {
        let binds = a.commitment.is_some() && !a.members.is_empty();
        let i = if let Some(&i) = self.by_id.get(&a.id) {
            let old = std::mem::replace(&mut self.actors[i], a);
            for w in old.adjectives.iter().chain(&old.demonyms) {
                if let Some(v) = self.adjectives.get_mut(w) {
                    v.retain(|&k| k != i);
                }
            }
            self.origins[i] = file.to_string();
            i
        } else {
            self.by_id.insert(a.id.clone(), self.actors.len());
            self.actors.push(a);
            self.origins.push(file.to_string());
            self.actors.len() - 1
        };
        let a = &self.actors[i];
        for w in a.adjectives.iter().chain(&a.demonyms) {
            let v = self.adjectives.entry(w.clone()).or_default();
            if let Err(k) = v.binary_search(&i) {
                v.insert(k, i);
            }
        }
        match (self.bonds.binary_search(&i), binds) {
            (Ok(k), false) => {
                self.bonds.remove(k);
            }
            (Err(k), true) => self.bonds.insert(k, i),
            _ => {}
        }
    }

    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.actors[i])
    }

    /// The first actor (in knowledge-base order) with this exact adjective
    /// or demonym ("Russian", "Russians").
    pub fn by_adjective(&self, w: &str) -> Option<&Actor> {
        let i = *self.adjectives.get(w)?.first()?;
        Some(&self.actors[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.actors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// People holding a role of `kind` for `country` on `date`.
    pub fn holders<'a>(
        &'a self,
        country: &'a str,
        kind: &'a str,
        date: NaiveDate,
    ) -> impl Iterator<Item = &'a Actor> + 'a {
        self.actors.iter().filter(move |a| {
            a.kind == ActorKind::Person
                && a.roles_at(date)
                    .any(|r| r.country == country && r.kind == kind)
        })
    }

    /// Validates the data, one line per problem: duplicate names, and
    /// aliases or abbreviations shared by two actors of one kind; country
    /// codes, role kinds and role bodies that are not known; bad dates and
    /// periods that end before they begin; overlapping roles of one kind held
    /// by one person, and two people holding a single-holder office (head of
    /// state or government, foreign or defence minister) of one state at one
    /// time, unless the state lists that kind as `collective`.
    /// The states bound to `country` on `date` by an organisation or
    /// agreement with a `commitment` (alliances, treaties, basing
    /// agreements), each with the commitment and the binding actor's id.
    /// A membership whose status is `suspended` or `frozen` binds nothing,
    /// and neither does an observer's, a partner's or a candidate's.
    pub fn partners(&self, country: &str, date: NaiveDate) -> Vec<Partnership> {
        let active = |a: &Actor, c: &str| -> bool {
            let mut member = false;
            for m in a.members.iter().filter(|m| m.country == c) {
                if !span_covers(m.from.as_deref(), m.to.as_deref(), date) {
                    continue;
                }
                match m.status.as_deref().unwrap_or("member") {
                    "member" | "permanent" | "non-permanent" | "party" => member = true,
                    "suspended" | "frozen" => return false,
                    _ => {}
                }
            }
            member
        };
        let mut out = Vec::new();
        for a in self.bonds.iter().map(|&i| &self.actors[i]) {
            let Some(commitment) = a.commitment.as_deref() else {
                continue;
            };
            if a.members.is_empty() || !active(a, country) {
                continue;
            }
            let mut seen = Vec::new();
            for m in &a.members {
                if m.country == country || seen.contains(&m.country.as_str()) {
                    continue;
                }
                seen.push(m.country.as_str());
                if active(a, &m.country) {
                    out.push(Partnership {
                        partner: m.country.clone(),
                        commitment: commitment.to_string(),
                        via: a.id.clone(),
                        via_name: a.name.clone(),
                    });
                }
            }
        }
        out
    }

    pub fn check(&self) -> Vec<String> {
        let mut out = Vec::new();
        let countries: HashMap<&str, &Actor> = self
            .actors
            .iter()
            .filter(|a| a.kind == ActorKind::Country)
            .map(|a| (a.id.as_str(), a))
            .collect();
        let known = |c: &str| c == "IGO" || countries.contains_key(c);
        let mut names: HashMap<(String, ActorKind), &str> = HashMap::new();
        for (a, file) in self.actors.iter().zip(&self.origins) {
            if let Some(prev) = names.insert((a.name.to_lowercase(), a.kind), &a.id) {
                out.push(format!(
                    "{file}: {}: name {:?} also used by {prev}",
                    a.id, a.name
                ));
            }
        }
        // Aliases are matched case-insensitively against every name and
        // alias of the same kind, abbreviations case-sensitively.
        let mut aliases: HashMap<(String, ActorKind), &str> = names.clone();
        let mut abbrevs: HashMap<(&str, ActorKind), &str> = HashMap::new();
        for (a, file) in self.actors.iter().zip(&self.origins) {
            let mut own = std::collections::HashSet::new();
            own.insert(a.name.to_lowercase());
            for al in &a.aliases {
                let key = al.to_lowercase();
                if !own.insert(key.clone()) {
                    continue;
                }
                match aliases.get(&(key.clone(), a.kind)) {
                    Some(prev) if *prev != a.id => out.push(format!(
                        "{file}: {}: alias {al:?} also used by {prev}",
                        a.id
                    )),
                    Some(_) => {}
                    None => {
                        aliases.insert((key, a.kind), &a.id);
                    }
                }
            }
            let mut own_abbr = std::collections::HashSet::new();
            for ab in &a.abbreviations {
                if !own_abbr.insert(ab.as_str()) {
                    continue;
                }
                if let Some(prev) = abbrevs.insert((ab.as_str(), a.kind), &a.id) {
                    out.push(format!(
                        "{file}: {}: abbreviation {ab:?} also used by {prev}",
                        a.id
                    ));
                }
            }
        }
        for (a, file) in self.actors.iter().zip(&self.origins) {
            let at = format!("{file}: {}", a.id);
            let alpha3 = a.id.len() == 3 && a.id.chars().all(|c| c.is_ascii_uppercase());
            if a.kind == ActorKind::Country
                && !alpha3
                && !(a.id.starts_with("hist:") && a.country.is_some())
            {
                out.push(format!(
                    "{at}: a country id must be an ISO alpha-3 code (or hist:… with a country code)"
                ));
            }
            if let Some(c) = &a.country {
                if !known(c) {
                    out.push(format!("{at}: unknown country code {c}"));
                }
            }
            if let Some(c) = &a.nationality {
                if c == "IGO" || !known(c) {
                    out.push(format!("{at}: unknown nationality code {c}"));
                }
            }
            if let Some(g) = &a.government {
                if !GOVERNMENTS.contains(&g.as_str()) {
                    out.push(format!("{at}: unknown government {g:?}"));
                }
            }
            for k in &a.collective {
                if !ROLE_KINDS.contains(&k.as_str()) {
                    out.push(format!("{at}: collective: unknown role kind {k:?}"));
                }
            }
            if a.kind != ActorKind::Country && (a.government.is_some() || !a.collective.is_empty())
            {
                out.push(format!(
                    "{at}: only countries have `government` or `collective`"
                ));
            }
            for r in &a.roles {
                if !known(&r.country) {
                    out.push(format!(
                        "{at}: role {:?}: unknown country code {}",
                        r.office, r.country
                    ));
                }
                if !ROLE_KINDS.contains(&r.kind.as_str()) {
                    out.push(format!(
                        "{at}: role {:?}: unknown role kind {:?}",
                        r.office, r.kind
                    ));
                }
                if let Some(b) = r.body.as_deref() {
                    if self.get(b).is_none() {
                        out.push(format!("{at}: role {:?}: unknown body {b}", r.office));
                    }
                }
                if let Some(p) = period_problem(r.from.as_deref(), r.to.as_deref()) {
                    out.push(format!("{at}: role {:?}: {p}", r.office));
                }
                if r.source.as_deref().unwrap_or("").is_empty()
                    && matches!(
                        r.kind.as_str(),
                        "head_of_state" | "head_of_government" | "foreign_minister"
                    )
                {
                    out.push(format!(
                        "{at}: role {:?}: no source for its dates",
                        r.office
                    ));
                }
            }
            // Overlapping roles of one kind and country.
            for (i, r) in a.roles.iter().enumerate() {
                for s in &a.roles[i + 1..] {
                    if r.kind == s.kind
                        && r.country == s.country
                        && r.kind != "other"
                        && roles_overlap(r, s)
                    {
                        out.push(format!(
                            "{at}: roles {:?} and {:?} overlap",
                            r.office, s.office
                        ));
                    }
                }
            }
            if let Some(c) = &a.commitment {
                if !COMMITMENTS.contains(&c.as_str()) {
                    out.push(format!("{at}: unknown commitment {c:?}"));
                }
            }
            if let Some(t) = &a.target {
                if t == "IGO" || !known(t) {
                    out.push(format!("{at}: target: unknown country code {t}"));
                }
            }
            for b in &a.by {
                if !known(b) && self.get(b).is_none() {
                    out.push(format!("{at}: by: unknown actor {b}"));
                }
            }
            if a.kind != ActorKind::Event && (a.target.is_some() || !a.by.is_empty()) {
                out.push(format!("{at}: only events have `target` or `by`"));
            }
            if a.target.is_some() && a.from.is_none() {
                out.push(format!(
                    "{at}: a crisis (an event with a target) needs `from`"
                ));
            }
            if let Some(p) = period_problem(a.from.as_deref(), a.to.as_deref()) {
                out.push(format!("{at}: {p}"));
            }
            for m in &a.members {
                if !known(&m.country) {
                    out.push(format!("{at}: member {}: unknown country code", m.country));
                }
                if let Some(p) = period_problem(m.from.as_deref(), m.to.as_deref()) {
                    out.push(format!("{at}: member {}: {p}", m.country));
                }
            }
        }
        out.extend(self.office_overlaps(&countries));
        out
    }

    /// Two people holding one single-holder office of one state at one time.
    fn office_overlaps(&self, countries: &HashMap<&str, &Actor>) -> Vec<String> {
        let mut offices: HashMap<(&str, &str), Vec<(usize, &Role)>> = HashMap::new();
        for (i, a) in self.actors.iter().enumerate() {
            for r in &a.roles {
                if SINGLE_HOLDER.contains(&r.kind.as_str()) {
                    offices
                        .entry((r.country.as_str(), r.kind.as_str()))
                        .or_default()
                        .push((i, r));
                }
            }
        }
        let mut keys: Vec<_> = offices.keys().copied().collect();
        keys.sort_unstable();
        let mut out = Vec::new();
        for key @ (country, kind) in keys {
            if countries
                .get(country)
                .is_some_and(|c| c.collective.iter().any(|k| k == kind))
            {
                continue;
            }
            let roles = &offices[&key];
            for (n, &(i, r)) in roles.iter().enumerate() {
                for &(j, s) in &roles[n + 1..] {
                    if i != j && roles_overlap(r, s) {
                        let (a, b) = (&self.actors[i], &self.actors[j]);
                        out.push(format!(
                            "{}: {}: {country} {kind} {:?} ({}) overlaps {} {:?} ({})",
                            self.origins[i],
                            a.id,
                            r.office,
                            period(r),
                            b.id,
                            s.office,
                            period(s),
                        ));
                    }
                }
            }
        }
        out
    }

    /// The country actor for an ISO code.
    fn country(&self, code: &str) -> Option<&Actor> {
        self.get(code).filter(|a| a.kind == ActorKind::Country)
    }

    /// What `spec` requires and the data lacks on `date`: a state with no
    /// holder of a required role kind, or whose holder's role names no
    /// source. A `presidential` state's head of state counts as its head of
    /// government; an exemption in the spec covers its state, kind and dates.
    pub fn coverage(&self, spec: &CoverageSpec, date: NaiveDate) -> Vec<Gap> {
        let mut out = Vec::new();
        let mut unknown = std::collections::HashSet::new();
        for (country, kind) in spec.required() {
            let gap = |problem: GapProblem| Gap {
                country: country.to_string(),
                kind: kind.to_string(),
                date,
                problem,
            };
            let Some(c) = self.country(country) else {
                if unknown.insert(country) {
                    out.push(gap(GapProblem::UnknownCountry));
                }
                continue;
            };
            let presidential = c.government.as_deref() == Some("presidential");
            let exemption = spec.exemption(country, kind, date).or_else(|| {
                (presidential && kind == "head_of_government")
                    .then(|| spec.exemption(country, "head_of_state", date))
                    .flatten()
            });
            if let Some(e) = exemption {
                if e.pending {
                    out.push(gap(GapProblem::Pending(e.reason.clone())));
                }
                continue;
            }
            let satisfies = |r: &Role| {
                r.country == country
                    && (r.kind == kind
                        || (presidential
                            && kind == "head_of_government"
                            && r.kind == "head_of_state"))
            };
            let mut holders = self
                .actors
                .iter()
                .filter(|a| a.kind == ActorKind::Person)
                .flat_map(|a| {
                    a.roles_at(date)
                        .filter(|r| satisfies(r))
                        .map(move |r| (a, r))
                })
                .peekable();
            if holders.peek().is_none() {
                out.push(gap(GapProblem::NoHolder));
                continue;
            }
            let unsourced: Vec<String> = holders
                .filter(|(_, r)| r.source.as_deref().unwrap_or("").trim().is_empty())
                .map(|(a, _)| a.id.clone())
                .collect();
            if !unsourced.is_empty() {
                out.push(gap(GapProblem::NoSource(unsourced)));
            }
        }
        out
    }

    /// Problems in a coverage spec itself: unknown country codes or role
    /// kinds, exemptions naming an unknown body or with bad dates.
    pub fn check_coverage_spec(&self, spec: &CoverageSpec) -> Vec<String> {
        let mut out = Vec::new();
        for r in &spec.require {
            for c in &r.countries {
                if self.country(c).is_none() {
                    out.push(format!("coverage {:?}: unknown country code {c}", r.name));
                }
            }
            for k in &r.roles {
                if !ROLE_KINDS.contains(&k.as_str()) {
                    out.push(format!("coverage {:?}: unknown role kind {k:?}", r.name));
                }
            }
        }
        for e in &spec.exempt {
            let at = format!("coverage exemption {} {}", e.country, e.kind);
            if self.country(&e.country).is_none() {
                out.push(format!("{at}: unknown country code"));
            }
            if !ROLE_KINDS.contains(&e.kind.as_str()) {
                out.push(format!("{at}: unknown role kind"));
            }
            if let Some(b) = e.body.as_deref() {
                if self.get(b).is_none() {
                    out.push(format!("{at}: unknown body {b}"));
                }
            }
            if e.reason.trim().is_empty() {
                out.push(format!("{at}: no reason"));
            }
            if let Some(p) = period_problem(e.from.as_deref(), e.to.as_deref()) {
                out.push(format!("{at}: {p}"));
            }
        }
        out
    }
}

/// Role kinds a person's role may have.
pub const ROLE_KINDS: &[&str] = &[
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "spokesperson",
    "deputy_head_of_government",
    "security_council",
    "ambassador",
    "un_representative",
    "legislator",
    "military_chief",
    "envoy",
    "intelligence_chief",
    "party_leader",
    "minister",
    "other",
];

/// Offices one person holds at a time, unless the state says otherwise.
const SINGLE_HOLDER: &[&str] = &[
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
];

/// Values of a country's `government` field.
const GOVERNMENTS: &[&str] = &["presidential", "parliamentary", "semi-presidential"];

/// What may bind the members of an organisation or the parties to an
/// agreement (`commitment`).
pub const COMMITMENTS: &[&str] = &[
    "defence pact",
    "basing",
    "strategic partnership",
    "consultation",
    "non-aggression",
    "economic",
    "political",
];

/// A bad date, or a period that ends before it begins.
fn period_problem(from: Option<&str>, to: Option<&str>) -> Option<String> {
    for d in [from, to].into_iter().flatten() {
        if !d.is_empty() && parse_loose_date(d).is_none() {
            return Some(format!("bad date {d:?}"));
        }
    }
    let f = from.filter(|s| !s.is_empty()).and_then(parse_loose_date)?;
    let t = to.filter(|s| !s.is_empty()).and_then(parse_loose_end)?;
    (t < f).then(|| {
        format!(
            "dates out of order: from {} to {}",
            from.unwrap_or(""),
            to.unwrap_or("")
        )
    })
}

/// "2019-08-21–" or "2004–2024-05-07" for messages.
fn period(r: &Role) -> String {
    format!(
        "{}–{}",
        r.from.as_deref().unwrap_or(""),
        r.to.as_deref().unwrap_or("")
    )
}

/// The built-in coverage spec, `data/kb/coverage.toml`.
pub const BUILTIN_COVERAGE: &str = include_str!("../../../data/kb/coverage.toml");

/// Which states must have a current holder of which role kinds
/// (`data/kb/coverage.toml`; schema in `data/kb/README.md`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageSpec {
    #[serde(default)]
    pub require: Vec<Requirement>,
    #[serde(default)]
    pub exempt: Vec<Exemption>,
}

/// A group of states and the role kinds each must have a holder for.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// What the group is ("most present in international news").
    pub name: String,
    /// ISO alpha-3 codes.
    pub countries: Vec<String>,
    /// Role kinds.
    pub roles: Vec<String>,
    /// How the group was chosen.
    #[serde(default)]
    pub source: Option<String>,
}

/// A required role that is, by fact, not held by a named person: the office
/// is a body whose holder is not named in reporting, or is vacant.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exemption {
    pub country: String,
    pub kind: String,
    /// The body that speaks or acts in place of a named holder, if any.
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// Why no person is listed.
    pub reason: String,
    /// The office has a holder the data does not name yet: reported as a
    /// pending gap rather than passed over.
    #[serde(default)]
    pub pending: bool,
    #[serde(default)]
    pub source: Option<String>,
}

impl CoverageSpec {
    /// The built-in spec.
    pub fn builtin() -> Result<CoverageSpec, KbError> {
        CoverageSpec::parse(BUILTIN_COVERAGE, "coverage.toml")
    }

    pub fn parse(text: &str, file: &str) -> Result<CoverageSpec, KbError> {
        toml::from_str(text).map_err(|e| KbError::Parse {
            file: file.to_string(),
            msg: e.to_string(),
        })
    }

    /// Every (country, role kind) required, once each, in spec order.
    pub fn required(&self) -> Vec<(&str, &str)> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for r in &self.require {
            for c in &r.countries {
                for k in &r.roles {
                    if seen.insert((c.as_str(), k.as_str())) {
                        out.push((c.as_str(), k.as_str()));
                    }
                }
            }
        }
        out
    }

    /// The distinct countries the spec names, in spec order.
    pub fn countries(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.require
            .iter()
            .flat_map(|r| r.countries.iter().map(|c| c.as_str()))
            .filter(|c| seen.insert(*c))
            .collect()
    }

    /// The exemption covering `country`'s `kind` on `date`, if any.
    pub fn exemption(&self, country: &str, kind: &str, date: NaiveDate) -> Option<&Exemption> {
        self.exempt.iter().find(|e| {
            e.country == country
                && e.kind == kind
                && span_covers(e.from.as_deref(), e.to.as_deref(), date)
        })
    }
}

/// A required role the data does not cover on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub country: String,
    pub kind: String,
    pub date: NaiveDate,
    pub problem: GapProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GapProblem {
    /// The spec names a code that is not a country actor.
    UnknownCountry,
    /// Nobody holds the role on the date.
    NoHolder,
    /// These holders' roles name no source.
    NoSource(Vec<String>),
    /// The spec says the holder is not in the data yet, and why.
    Pending(String),
}

impl Gap {
    /// A gap the coverage spec already lists as pending.
    pub fn is_pending(&self) -> bool {
        matches!(self.problem, GapProblem::Pending(_))
    }
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (c, k, d) = (&self.country, &self.kind, self.date);
        match &self.problem {
            GapProblem::UnknownCountry => write!(f, "{c}: not a country in the knowledge base"),
            GapProblem::NoHolder => write!(f, "{c} {k}: no holder on {d}"),
            GapProblem::NoSource(ids) => {
                write!(
                    f,
                    "{c} {k}: the role of {} on {d} has no source",
                    ids.join(", ")
                )
            }
            GapProblem::Pending(why) => write!(f, "{c} {k}: pending on {d}: {why}"),
        }
    }
}

fn roles_overlap(a: &Role, b: &Role) -> bool {
    let start = |r: &Role| {
        r.from
            .as_deref()
            .and_then(parse_loose_date)
            .unwrap_or(NaiveDate::MIN)
    };
    let end = |r: &Role| {
        r.to.as_deref()
            .filter(|s| !s.is_empty())
            .and_then(parse_loose_end)
            .unwrap_or(NaiveDate::MAX)
    };
    start(a) < end(b) && start(b) < end(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_loose_date(s).unwrap()
    }

    #[test]
    fn builtin_loads_and_is_clean() {
        let kb = Kb::builtin().unwrap();
        assert!(kb.get("RUS").is_some());
        let problems = kb.check();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn user_file_overrides_and_extends() {
        let mut kb = Kb::builtin().unwrap();
        let n = kb.len();
        kb.add_toml(
            r#"
[[actor]]
id = "person:test-person"
kind = "person"
name = "Test Person"
roles = [{ office = "Minister", kind = "foreign_minister", country = "RUS", from = "2020-01-01", to = "2021-06", source = "test" }]
"#,
            "user.toml",
        )
        .unwrap();
        assert_eq!(kb.len(), n + 1);
        let p = kb.get("person:test-person").unwrap();
        assert!(p.role_at(d("2021-06-30")).is_some());
        assert!(p.role_at(d("2021-07-01")).is_none());
        assert!(p.role_at(d("2019-12-31")).is_none());
    }

    #[test]
    fn bad_file_names_itself() {
        let mut kb = Kb::empty();
        let e = kb.add_toml("[[actor]]\nid = 3", "bad.toml").unwrap_err();
        assert!(e.to_string().starts_with("bad.toml:"));
    }

    #[test]
    fn loose_dates() {
        assert!(span_covers(Some("2012"), None, d("2026-01-01")));
        assert!(span_covers(None, Some("2024-12"), d("2024-12-31")));
        assert!(!span_covers(None, Some("2024-12"), d("2025-01-01")));
    }

    #[test]
    fn builtin_coverage_on_the_seeds_date_and_today() {
        let kb = Kb::builtin().unwrap();
        let spec = CoverageSpec::builtin().unwrap();
        let problems = kb.check_coverage_spec(&spec);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        for date in ["2026-01-15", "2026-11-23"] {
            let gaps = kb.coverage(&spec, d(date));
            let lines: Vec<String> = gaps.iter().map(|g| g.to_string()).collect();
            // Pending entries are listed in the spec with a reason; print them.
            println!("{date}: {} pending\n{}", lines.len(), lines.join("\n"));
            assert!(
                gaps.iter().all(Gap::is_pending),
                "{date}:\n{}",
                lines.join("\n")
            );
        }
        // The seeds' date has no pending entry at all.
        assert!(kb.coverage(&spec, d("2026-01-15")).is_empty());
    }

    const SMALL: &str = r#"
[[actor]]
id = "AAA"
kind = "country"
name = "Aland"
government = "presidential"

[[actor]]
id = "BBB"
kind = "country"
name = "Bland"
collective = ["head_of_state"]

[[actor]]
id = "org:aaa-mfa"
kind = "body"
name = "Aland Foreign Ministry"
abbreviations = ["MFA"]
country = "AAA"

[[actor]]
id = "org:bbb-mfa"
kind = "body"
name = "Bland Foreign Ministry"
abbreviations = ["MFA"]
country = "BBB"

[[actor]]
id = "person:a-one"
kind = "person"
name = "A One"
aliases = ["The Chief"]
roles = [
  { office = "President", kind = "head_of_state", country = "AAA", from = "2020-01-01", source = "test" },
  { office = "Foreign Minister", kind = "foreign_minister", country = "AAA", body = "org:aaa-nowhere", from = "2020", source = "test" },
]

[[actor]]
id = "person:a-two"
kind = "person"
name = "A Two"
aliases = ["the chief"]
roles = [
  { office = "President", kind = "head_of_state", country = "AAA", from = "2010", to = "2020-01-01", source = "test" },
  { office = "Foreign Minister", kind = "foreign_minister", country = "AAA", from = "2015", to = "2020-06", source = "test" },
]

[[actor]]
id = "person:b-one"
kind = "person"
name = "B One"
roles = [
  { office = "Co-Prince", kind = "head_of_state", country = "BBB", from = "2010", source = "test" },
  { office = "Prime Minister", kind = "head_of_government", country = "BBB", from = "2021", to = "2020", source = "test" },
]

[[actor]]
id = "person:b-two"
kind = "person"
name = "B Two"
roles = [
  { office = "Co-Prince", kind = "head_of_state", country = "BBB", from = "2012" },
]

[[actor]]
id = "igo:pact"
kind = "igo"
name = "Pact"
members = [{ country = "AAA", from = "2001-05", to = "2001-04" }]
"#;

    #[test]
    fn check_finds_shared_offices_names_bodies_and_dates() {
        let mut kb = Kb::empty();
        kb.add_toml(SMALL, "t.toml").unwrap();
        let p = kb.check();
        let has = |s: &str| p.iter().filter(|l| l.contains(s)).count();
        // Two foreign ministers of AAA in 2020; presidents hand over on one day.
        assert_eq!(has("AAA foreign_minister"), 1, "{p:#?}");
        assert_eq!(has("AAA head_of_state"), 0, "{p:#?}");
        // Co-princes may overlap: BBB lists head_of_state as collective.
        assert_eq!(has("BBB head_of_state"), 0, "{p:#?}");
        assert_eq!(
            has("alias \"the chief\" also used by person:a-one"),
            1,
            "{p:#?}"
        );
        assert_eq!(
            has("abbreviation \"MFA\" also used by org:aaa-mfa"),
            1,
            "{p:#?}"
        );
        assert_eq!(has("unknown body org:aaa-nowhere"), 1, "{p:#?}");
        assert_eq!(has("\"Prime Minister\": dates out of order"), 1, "{p:#?}");
        assert_eq!(has("member AAA: dates out of order"), 1, "{p:#?}");
        assert_eq!(has("\"Co-Prince\": no source"), 1, "{p:#?}");
        assert_eq!(p.len(), 7, "{p:#?}");
    }

    #[test]
    fn coverage_reports_gaps_and_uses_presidential_heads_and_exemptions() {
        let mut kb = Kb::empty();
        kb.add_toml(SMALL, "t.toml").unwrap();
        let spec = CoverageSpec::parse(
            r#"
[[require]]
name = "test"
countries = ["AAA", "BBB", "ZZZ"]
roles = ["head_of_state", "head_of_government", "spokesperson"]

[[exempt]]
country = "AAA"
kind = "spokesperson"
body = "org:aaa-mfa"
reason = "unnamed by convention"

[[exempt]]
country = "AAA"
kind = "head_of_state"
from = "2030"
pending = true
reason = "the 2029 election winner is not in the data"
"#,
            "spec.toml",
        )
        .unwrap();
        assert!(kb
            .check_coverage_spec(&spec)
            .iter()
            .any(|l| l.contains("ZZZ")));
        let gaps: Vec<String> = kb
            .coverage(&spec, d("2022-03-01"))
            .iter()
            .map(|g| g.to_string())
            .collect();
        assert_eq!(
            gaps,
            [
                "BBB head_of_state: the role of person:b-two on 2022-03-01 has no source",
                "BBB head_of_government: no holder on 2022-03-01",
                "BBB spokesperson: no holder on 2022-03-01",
                "ZZZ: not a country in the knowledge base",
            ]
        );
        // A pending head of state in a presidential state covers its head of
        // government too, and is reported.
        let later: Vec<String> = kb
            .coverage(&spec, d("2031-01-01"))
            .iter()
            .filter(|g| g.country == "AAA")
            .map(|g| g.to_string())
            .collect();
        assert_eq!(
            later,
            [
                "AAA head_of_state: pending on 2031-01-01: the 2029 election winner is not in the data",
                "AAA head_of_government: pending on 2031-01-01: the 2029 election winner is not in the data",
            ]
        );
        // Before AAA's first president took office nobody heads either office.
        let early = kb.coverage(&spec, d("2005-01-01"));
        assert!(early
            .iter()
            .any(|g| g.country == "AAA" && g.kind == "head_of_government"));
    }
}
