//! Entity recognition, knowledge-base linking and within-document coreference.
//!
//! One pass of an Aho-Corasick automaton finds every knowledge-base surface
//! form; token-level rules then read the context of each match (a capital
//! used as an actor or as a place, an adjective before an actor noun, a title
//! in front of a name), find names the knowledge base does not hold
//! (capitalised sequences typed by titles, first names, appositions,
//! reporting verbs and name endings), and resolve later references (last
//! names, descriptions such as "the Russian leader", organisation heads such
//! as "the ministry", pronouns) to the entities already found.
//!
//! Modules: `lexicon` (the word lists of `data/lexicon/entities.toml`),
//! `words` (the recognizer's own word view of a document), `surface` (the
//! knowledge-base automaton) and `doc` (the per-document rules run by
//! [`Recognizer::annotate`]).

mod doc;
mod findings;
mod lexicon;
mod surface;
mod words;

use chrono::NaiveDate;
use demarche_core::hash::FxHashMap;
use demarche_core::Document;
use demarche_kb::{parse_loose_date, ActorKind, Kb};
use lexicon::Lexicon;
use surface::Surface;

/// Grammatical gender a pronoun can refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

/// Built once from the knowledge base; shared by all threads.
pub struct Recognizer {
    lex: Lexicon,
    surface: Surface,
    /// (country, role kind) → people who hold or held it (actor indices).
    holders: FxHashMap<(String, String), Vec<u32>>,
    /// Gender of each actor guessed from its first name (people only).
    gender: Vec<Gender>,
    /// Lower-case names and aliases of bodies → actor index, for
    /// "<adjective> <phrase>" lookups.
    body_names: FxHashMap<String, u32>,
}

impl Recognizer {
    /// Builds the automaton and lookup tables.
    pub fn new(kb: &Kb) -> Recognizer {
        let lex = Lexicon::load();
        let surface = Surface::new(kb, &lex.regions);
        let mut holders: FxHashMap<(String, String), Vec<u32>> = FxHashMap::default();
        let mut gender = Vec::with_capacity(kb.actors.len());
        for (i, a) in kb.actors.iter().enumerate() {
            let mut g = Gender::Unknown;
            if a.kind == ActorKind::Person {
                for r in &a.roles {
                    let v = holders
                        .entry((r.country.clone(), r.kind.clone()))
                        .or_default();
                    if !v.contains(&(i as u32)) {
                        v.push(i as u32);
                    }
                }
                if let Some(first) = a.name.split_whitespace().next() {
                    let f = lex.flags(first);
                    if f & lexicon::FIRST_F != 0 {
                        g = Gender::Female;
                    } else if f & lexicon::FIRST_M != 0 {
                        g = Gender::Male;
                    }
                }
            }
            gender.push(g);
        }
        let mut body_names = FxHashMap::default();
        for (i, a) in kb.actors.iter().enumerate() {
            if a.kind == ActorKind::Body {
                for n in std::iter::once(&a.name).chain(&a.aliases) {
                    let n = n.trim_start_matches("the ").to_lowercase();
                    body_names.entry(n).or_insert(i as u32);
                }
            }
        }
        Recognizer {
            lex,
            surface,
            holders,
            gender,
            body_names,
        }
    }

    /// Fills `doc.entities` and `doc.mentions` (sorted by start,
    /// non-overlapping), and `doc.findings` (titles the knowledge base
    /// contradicts).
    pub fn annotate(&self, doc: &mut Document, kb: &Kb) {
        let date = doc
            .anchor
            .as_ref()
            .and_then(|a| {
                a.value
                    .get(..10)
                    .or(Some(a.value.as_str()))
                    .and_then(parse_loose_date)
            })
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        let (entities, mentions, claims) = doc::run(self, kb, doc, date);
        doc.findings = findings::check(
            kb,
            &self.lex.complete_role_kinds,
            doc,
            &entities,
            &claims,
            date,
        );
        doc.entities = entities;
        doc.mentions = mentions;
    }
}

/// The role kinds a description's kind accepts ("leader" → head of state or
/// of government; "diplomat" → foreign minister, ambassador, envoy).
pub(crate) fn kind_accepts(desc: &str, role: &str) -> bool {
    match desc {
        "head_of_state" => matches!(role, "head_of_state" | "head_of_government"),
        "foreign_minister" => matches!(
            role,
            "foreign_minister" | "ambassador" | "envoy" | "un_representative"
        ),
        // "the minister": any minister's role.
        "minister" => role.ends_with("minister") && role != "prime_minister",
        _ => desc == role,
    }
}

/// Parses a date the way roles are dated.
pub(crate) fn loose(s: Option<&str>) -> Option<NaiveDate> {
    s.filter(|s| !s.is_empty()).and_then(parse_loose_date)
}

#[cfg(test)]
mod tests;
