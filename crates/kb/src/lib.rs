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

/// The knowledge base.
#[derive(Clone, Debug, Default)]
pub struct Kb {
    pub actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    /// The file each actor came from, for error messages.
    pub origins: Vec<String>,
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
        if let Some(&i) = self.by_id.get(&a.id) {
            self.actors[i] = a;
            self.origins[i] = file.to_string();
        } else {
            self.by_id.insert(a.id.clone(), self.actors.len());
            self.actors.push(a);
            self.origins.push(file.to_string());
        }
    }

    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.actors[i])
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

    /// Validates the data: duplicate names, bad dates, overlapping roles of
    /// one kind, unknown country codes or kinds. One line per problem.
    pub fn check(&self) -> Vec<String> {
        const ROLE_KINDS: &[&str] = &[
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
        let mut out = Vec::new();
        let countries: std::collections::HashSet<&str> = self
            .actors
            .iter()
            .filter(|a| a.kind == ActorKind::Country)
            .map(|a| a.id.as_str())
            .collect();
        let known = |c: &str| c == "IGO" || countries.contains(c);
        let mut names: HashMap<(String, ActorKind), &str> = HashMap::new();
        for (a, file) in self.actors.iter().zip(&self.origins) {
            let at = format!("{file}: {}", a.id);
            if let Some(prev) = names.insert((a.name.to_lowercase(), a.kind), &a.id) {
                out.push(format!("{at}: name {:?} also used by {prev}", a.name));
            }
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
                for d in [&r.from, &r.to].into_iter().flatten() {
                    if !d.is_empty() && parse_loose_date(d).is_none() {
                        out.push(format!("{at}: role {:?}: bad date {d:?}", r.office));
                    }
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
            for m in &a.members {
                if !known(&m.country) {
                    out.push(format!("{at}: member {}: unknown country code", m.country));
                }
            }
        }
        out
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
}
