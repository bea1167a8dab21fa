//! The states, office holders and outlets of the synthetic world, drawn from
//! the knowledge base so that every name the corpus writes resolves.

use chrono::NaiveDate;
use demarche_kb::{parse_loose_date, parse_loose_end, ActorKind, Kb};
use std::collections::HashMap;

/// A state that can act in the corpus.
#[derive(Clone, Debug)]
pub struct State {
    pub id: String,
    pub name: String,
    pub adj: String,
    /// The capital as the knowledge base gives it (a metonym), if any.
    pub capital: Option<String>,
}

/// One person's tenure of an office.
#[derive(Clone, Debug)]
pub struct Tenure {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub person: String,
    pub name: String,
    /// The short form for later mentions ("Petro").
    pub short: String,
    /// The title as written before the name ("Foreign Minister").
    pub office: String,
}

/// Role kinds a speaker is drawn from.
pub const HEAD_OF_STATE: &str = "head_of_state";
pub const HEAD_OF_GOVERNMENT: &str = "head_of_government";
pub const FOREIGN_MINISTER: &str = "foreign_minister";
pub const SPOKESPERSON: &str = "spokesperson";
const KINDS: [&str; 4] = [
    HEAD_OF_STATE,
    HEAD_OF_GOVERNMENT,
    FOREIGN_MINISTER,
    SPOKESPERSON,
];

#[derive(Clone, Debug)]
pub struct Outlet {
    pub name: String,
    /// The credit in a dateline ("AP", "Reuters").
    pub credit: String,
    pub domain: String,
}

/// Who speaks for a state in one story.
#[derive(Clone, Debug)]
pub struct Speaker {
    /// First mention: "Foreign Minister Ana Ruiz", "Chile's foreign ministry".
    pub first: String,
    /// Later mentions: "Ruiz", "the ministry", "Chile".
    pub later: String,
    /// The knowledge-base person, when the speaker is one.
    pub person: Option<String>,
}

pub struct World {
    pub states: Vec<State>,
    pub outlets: Vec<Outlet>,
    pub wires: Vec<Outlet>,
    /// (state index, role kind) → tenures, by start.
    offices: HashMap<(usize, &'static str), Vec<Tenure>>,
}

impl World {
    /// The states with an adjective and a head of state or government on
    /// both `from` and `to`; the news outlets and wires with a web domain.
    /// Names in `definite` take "the" ("the Netherlands").
    pub fn new(kb: &Kb, from: NaiveDate, to: NaiveDate, definite: &[String]) -> World {
        let mut states = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for a in &kb.actors {
            let sovereign = a.id.len() == 3 && a.id.bytes().all(|b| b.is_ascii_uppercase());
            if a.kind != ActorKind::Country || !sovereign || a.adjectives.is_empty() {
                continue;
            }
            let led = |d| {
                kb.holders(&a.id, HEAD_OF_STATE, d).next().is_some()
                    || kb.holders(&a.id, HEAD_OF_GOVERNMENT, d).next().is_some()
            };
            if !(led(from) && led(to)) {
                continue;
            }
            index.insert(&a.id, states.len());
            let name = if definite.contains(&a.name) {
                format!("the {}", a.name)
            } else {
                a.name.clone()
            };
            states.push(State {
                id: a.id.clone(),
                name,
                adj: a.adjectives[0].clone(),
                capital: a.metonyms.iter().find(|m| !m.starts_with("the ")).cloned(),
            });
        }
        let mut offices: HashMap<(usize, &'static str), Vec<Tenure>> = HashMap::new();
        for a in kb.actors.iter().filter(|a| a.kind == ActorKind::Person) {
            for r in &a.roles {
                let Some(&s) = index.get(r.country.as_str()) else {
                    continue;
                };
                let Some(kind) = KINDS.iter().find(|k| **k == r.kind) else {
                    continue;
                };
                // A monarch who is head of state of several realms speaks for
                // the one whose citizen he is.
                if a.country.as_deref().is_some_and(|c| c != r.country) {
                    continue;
                }
                let start = r.from.as_deref().and_then(parse_loose_date);
                let end = r.to.as_deref().and_then(parse_loose_end);
                let (Some(start), end) = (start, end) else {
                    continue;
                };
                let end = end.unwrap_or(NaiveDate::MAX);
                // A name ending in an abbreviation ("… Jr.") reads as the
                // end of a sentence when a date follows it.
                if end < from || start > to || r.office.contains('(') || a.name.ends_with('.') {
                    continue;
                }
                offices.entry((s, kind)).or_default().push(Tenure {
                    from: start,
                    to: end,
                    person: a.id.clone(),
                    name: a.name.clone(),
                    short: short_name(&a.name, &a.aliases),
                    office: r.office.clone(),
                });
            }
        }
        for v in offices.values_mut() {
            v.sort_by_key(|t| t.from);
        }
        let mut outlets = Vec::new();
        let mut wires = Vec::new();
        for a in kb.actors.iter().filter(|a| a.kind == ActorKind::Outlet) {
            let Some(domain) = a.domains.first() else {
                continue;
            };
            let kind = a.outlet_kind.as_deref().unwrap_or("");
            let o = Outlet {
                name: a.name.clone(),
                credit: a
                    .abbreviations
                    .first()
                    .cloned()
                    .unwrap_or_else(|| a.name.clone()),
                domain: domain.trim_start_matches("www.").to_string(),
            };
            match kind {
                "wire" => wires.push(o),
                "newspaper" | "broadcaster" | "news site" | "magazine" => outlets.push(o),
                _ => {}
            }
        }
        World {
            states,
            outlets,
            wires,
            offices,
        }
    }

    /// Who holds `kind` for state `s` on `date` (the one who took office last).
    pub fn holder(&self, s: usize, kind: &'static str, date: NaiveDate) -> Option<&Tenure> {
        self.offices
            .get(&(s, kind))?
            .iter()
            .rfind(|t| t.from <= date && date <= t.to)
    }

    /// The leader who speaks for the state abroad on `date`: a president,
    /// else the head of government (not a monarch), else the head of state.
    pub fn leader(&self, s: usize, date: NaiveDate) -> Option<&Tenure> {
        let head = self.holder(s, HEAD_OF_STATE, date);
        match head {
            Some(h) if h.office.contains("President") => Some(h),
            _ => self.holder(s, HEAD_OF_GOVERNMENT, date).or(head),
        }
    }

    /// True when the head of state is a monarch whose government speaks for
    /// the state.
    pub fn ceremonial_head(&self, s: usize, date: NaiveDate) -> bool {
        self.holder(s, HEAD_OF_STATE, date)
            .is_some_and(|h| !h.office.contains("President"))
            && self.holder(s, HEAD_OF_GOVERNMENT, date).is_some()
    }
}

/// The single-word alias that ends the name ("Petro"), else the last word
/// that is not a suffix ("Marcos" of "Ferdinand Marcos Jr.").
fn short_name(name: &str, aliases: &[String]) -> String {
    let core = name
        .trim_end_matches(" Jr.")
        .trim_end_matches(" Sr.")
        .trim_end_matches(" III")
        .trim_end_matches(" II");
    aliases
        .iter()
        .filter(|a| !a.contains(' ') && core.ends_with(a.as_str()))
        .max_by_key(|a| a.len())
        .cloned()
        .unwrap_or_else(|| core.rsplit(' ').next().unwrap_or(core).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn world_from_the_builtin_kb() {
        let kb = Kb::builtin().unwrap();
        let w = World::new(
            &kb,
            d("2024-01-01"),
            d("2025-12-31"),
            &["United States".into()],
        );
        assert!(w.states.len() >= 40, "{} states", w.states.len());
        assert!(!w.wires.is_empty() && w.outlets.len() >= 20);
        let usa = w.states.iter().position(|s| s.id == "USA").unwrap();
        assert_eq!(w.states[usa].name, "the United States");
        let t = w.holder(usa, HEAD_OF_STATE, d("2025-06-01")).unwrap();
        assert_eq!(t.person, "person:donald-trump");
        assert_eq!(t.short, "Trump");
        let t = w.holder(usa, HEAD_OF_STATE, d("2024-06-01")).unwrap();
        assert_eq!(t.person, "person:joe-biden");
    }

    #[test]
    fn short_names() {
        assert_eq!(short_name("Gustavo Petro", &["Petro".into()]), "Petro");
        assert_eq!(short_name("Ana María Ruiz", &[]), "Ruiz");
        assert_eq!(short_name("Ferdinand Marcos Jr.", &[]), "Marcos");
    }
}
