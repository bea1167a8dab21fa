//! The recognizer's word lists (`data/lexicon/entities.toml`), loaded once
//! into one word → flag-set map plus a few phrase maps.

use demarche_core::hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

const LEXICON: &str = include_str!("../../../data/lexicon/entities.toml");

/// A word is (part of) a title ("president", "minister", "secretary").
pub const TITLE: u32 = 1;
/// A word that may stand inside a title without being one ("foreign", "of").
pub const FILLER: u32 = 1 << 1;
/// A modifier in front of a title ("former", "acting").
pub const MODIFIER: u32 = 1 << 2;
/// Last word of an organisation name ("University").
pub const ORG_SUFFIX: u32 = 1 << 3;
/// Last word of an armed or political group's name ("Brigade").
pub const GROUP_SUFFIX: u32 = 1 << 4;
/// Last word of a named event ("War", "Summit").
pub const EVENT_SUFFIX: u32 = 1 << 5;
/// First word of a named event ("Operation").
pub const EVENT_PREFIX: u32 = 1 << 6;
/// Head noun of a person apposition ("professor", "expert").
pub const ROLE_NOUN: u32 = 1 << 7;
/// A reporting verb ("said", "wrote").
pub const REPORT: u32 = 1 << 8;
/// A preposition or verb that makes the next name a place ("in", "to").
pub const LOC_PREP: u32 = 1 << 9;
/// Never starts a name ("The", "FILE", "Monday").
pub const STOP: u32 = 1 << 10;
/// Name particle ("al", "von").
pub const PARTICLE: u32 = 1 << 11;
/// Connector inside organisation names ("of", "for").
pub const CONNECTOR: u32 = 1 << 12;
/// Male first name.
pub const FIRST_M: u32 = 1 << 13;
/// Female first name.
pub const FIRST_F: u32 = 1 << 14;
/// Pronoun for a man.
pub const PRON_M: u32 = 1 << 15;
/// Pronoun for a woman.
pub const PRON_F: u32 = 1 << 16;
/// Pronoun for a thing or body ("it", "its").
pub const PRON_N: u32 = 1 << 17;
/// Plural pronoun.
pub const PRON_P: u32 = 1 << 18;
/// A word after "it" that makes it an expletive ("is", "seems").
pub const EXPLETIVE: u32 = 1 << 19;
/// Kinship noun ("wife").
pub const KIN: u32 = 1 << 20;
/// Single-word actor noun after a country adjective ("officials").
pub const ACTOR_NOUN: u32 = 1 << 21;
/// Head of an organisation description ("ministry", "alliance").
pub const ORG_HEAD: u32 = 1 << 22;

/// Weekday or month name.
pub const CALENDAR: u32 = 1 << 23;
/// Last word of a state institution's noun ("ministry", "bank").
pub const BODY_NOUN: u32 = 1 << 24;

/// Any first name.
pub const FIRST: u32 = FIRST_M | FIRST_F;
/// Any pronoun.
pub const PRONOUN: u32 = PRON_M | PRON_F | PRON_N | PRON_P;

#[derive(Deserialize)]
struct Raw {
    titles: FxHashMap<String, String>,
    title_fillers: Vec<String>,
    title_modifiers: Vec<String>,
    title_time: FxHashMap<String, String>,
    descriptive_titles: Vec<String>,
    complete_role_kinds: Vec<String>,
    state_nouns: Vec<String>,
    place_nouns: Vec<String>,
    subordinate_title_words: Vec<String>,
    body_nouns: FxHashMap<String, String>,
    actor_nouns: Vec<String>,
    org_suffixes: Vec<String>,
    group_suffixes: Vec<String>,
    event_suffixes: Vec<String>,
    event_prefixes: Vec<String>,
    regime_nouns: FxHashMap<String, String>,
    org_heads: Vec<String>,
    person_descriptions: FxHashMap<String, String>,
    role_nouns: Vec<String>,
    org_kind_nouns: Vec<String>,
    kin_nouns: Vec<String>,
    reporting_verbs: Vec<String>,
    location_preps: Vec<String>,
    stop_words: Vec<String>,
    calendar_words: Vec<String>,
    name_particles: Vec<String>,
    name_connectors: Vec<String>,
    pronouns_male: Vec<String>,
    pronouns_female: Vec<String>,
    pronouns_neuter: Vec<String>,
    pronouns_plural: Vec<String>,
    expletive_after_it: Vec<String>,
    regions: Vec<Vec<String>>,
    first_names_male: Vec<String>,
    first_names_female: Vec<String>,
}

/// The loaded word lists.
pub struct Lexicon {
    words: FxHashMap<String, u32>,
    /// Title phrase (lower case, no periods) → role kind.
    pub titles: FxHashMap<String, String>,
    /// Title modifier → how it places the title in time ("past", "then",
    /// "future", "skip").
    pub title_time: FxHashMap<String, String>,
    /// Titles not checked against the knowledge base.
    pub descriptive_titles: FxHashSet<String>,
    /// Role kinds the knowledge base lists completely.
    pub complete_role_kinds: FxHashSet<String>,
    /// Nouns after a state's adjective that stand for the state.
    pub state_nouns: FxHashSet<String>,
    /// Nouns that mark an unknown name as a place ("town of X", "X province").
    pub place_nouns: FxHashSet<String>,
    /// Words that make a title a lesser office ("deputy").
    pub subordinate_title_words: FxHashSet<String>,
    /// Last words of a state's institution ("ministry", "central bank") →
    /// PLOVER sector.
    pub body_nouns: FxHashMap<String, String>,
    /// Multi-word actor nouns ("air force", "state media").
    pub actor_phrases: FxHashSet<String>,
    /// Organisation-kind nouns, one or two words ("think tank").
    pub org_kinds: FxHashSet<String>,
    /// Person description phrase → role kind ("foreign minister").
    pub person_desc: FxHashMap<String, String>,
    /// Regime noun → "ORG" or "GROUP".
    pub regime: FxHashMap<String, String>,
    /// Regions: canonical name first, then aliases.
    pub regions: Vec<Vec<String>>,
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace('.', "")
}

impl Lexicon {
    /// Parses the embedded lexicon. The file is part of the binary, so a
    /// parse error is a build defect: it is reported and an empty lexicon used.
    pub fn load() -> Lexicon {
        let raw: Raw = match toml::from_str(LEXICON) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("demarche-entities: bad lexicon: {e}");
                return Lexicon {
                    words: FxHashMap::default(),
                    titles: FxHashMap::default(),
                    title_time: FxHashMap::default(),
                    descriptive_titles: FxHashSet::default(),
                    complete_role_kinds: FxHashSet::default(),
                    state_nouns: FxHashSet::default(),
                    place_nouns: FxHashSet::default(),
                    subordinate_title_words: FxHashSet::default(),
                    body_nouns: FxHashMap::default(),
                    actor_phrases: FxHashSet::default(),
                    org_kinds: FxHashSet::default(),
                    person_desc: FxHashMap::default(),
                    regime: FxHashMap::default(),
                    regions: Vec::new(),
                };
            }
        };
        let mut words: FxHashMap<String, u32> = FxHashMap::default();
        let mut add = |list: &[String], flag: u32| {
            for w in list {
                *words.entry(norm(w)).or_default() |= flag;
            }
        };
        add(&raw.title_fillers, FILLER);
        add(&raw.title_modifiers, MODIFIER);
        add(&raw.org_suffixes, ORG_SUFFIX);
        add(&raw.group_suffixes, GROUP_SUFFIX);
        add(&raw.event_suffixes, EVENT_SUFFIX);
        add(&raw.event_prefixes, EVENT_PREFIX);
        add(&raw.role_nouns, ROLE_NOUN);
        add(&raw.reporting_verbs, REPORT);
        add(&raw.location_preps, LOC_PREP);
        add(&raw.stop_words, STOP);
        add(&raw.calendar_words, CALENDAR);
        add(&raw.name_particles, PARTICLE);
        add(&raw.name_connectors, CONNECTOR);
        add(&raw.first_names_male, FIRST_M);
        add(&raw.first_names_female, FIRST_F);
        add(&raw.pronouns_male, PRON_M);
        add(&raw.pronouns_female, PRON_F);
        add(&raw.pronouns_neuter, PRON_N);
        add(&raw.pronouns_plural, PRON_P);
        add(&raw.expletive_after_it, EXPLETIVE);
        add(&raw.kin_nouns, KIN);
        let body_last: Vec<String> = raw
            .body_nouns
            .keys()
            .filter_map(|k| k.split_whitespace().last().map(str::to_string))
            .collect();
        add(&body_last, BODY_NOUN);
        let single_heads: Vec<String> = raw
            .org_heads
            .iter()
            .filter(|h| !h.contains(' '))
            .cloned()
            .collect();
        add(&single_heads, ORG_HEAD);
        let single_actor: Vec<String> = raw
            .actor_nouns
            .iter()
            .filter(|h| !h.contains(' '))
            .cloned()
            .collect();
        add(&single_actor, ACTOR_NOUN);
        let connectors: FxHashSet<String> = raw.name_connectors.iter().map(|s| norm(s)).collect();
        let mut titles = FxHashMap::default();
        for (phrase, kind) in &raw.titles {
            let p = norm(phrase);
            for w in p.split([' ', '-']) {
                if !w.is_empty() && !connectors.contains(w) {
                    *words.entry(w.to_string()).or_default() |= TITLE;
                }
            }
            titles.insert(p.replace('-', " "), kind.clone());
        }
        Lexicon {
            words,
            titles,
            title_time: raw
                .title_time
                .iter()
                .map(|(k, v)| (norm(k), v.clone()))
                .collect(),
            descriptive_titles: raw.descriptive_titles.iter().map(|s| norm(s)).collect(),
            complete_role_kinds: raw.complete_role_kinds.iter().cloned().collect(),
            state_nouns: raw.state_nouns.iter().map(|s| norm(s)).collect(),
            place_nouns: raw.place_nouns.iter().map(|s| norm(s)).collect(),
            subordinate_title_words: raw
                .subordinate_title_words
                .iter()
                .map(|s| norm(s))
                .collect(),
            body_nouns: raw
                .body_nouns
                .iter()
                .map(|(k, v)| (k.trim().to_lowercase(), v.clone()))
                .collect(),
            actor_phrases: raw
                .actor_nouns
                .iter()
                .filter(|h| h.contains(' '))
                .map(|s| norm(s))
                .collect(),
            org_kinds: raw.org_kind_nouns.iter().map(|s| norm(s)).collect(),
            person_desc: raw
                .person_descriptions
                .iter()
                .map(|(k, v)| (norm(k), v.clone()))
                .collect(),
            regime: raw
                .regime_nouns
                .iter()
                .map(|(k, v)| (norm(k), v.clone()))
                .collect(),
            regions: raw.regions,
        }
    }

    /// Flags of one word, compared case-insensitively.
    pub fn flags(&self, w: &str) -> u32 {
        let mut buf = [0u8; 40];
        if w.len() <= buf.len() && w.is_ascii() {
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            match std::str::from_utf8(b) {
                Ok(s) => self.words.get(s).copied().unwrap_or(0),
                Err(_) => 0,
            }
        } else {
            self.words.get(&w.to_lowercase()).copied().unwrap_or(0)
        }
    }
}
