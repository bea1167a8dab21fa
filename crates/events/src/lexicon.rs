//! The event lexicon (`data/lexicon/events.toml`): trigger forms with their
//! PLOVER coding, mode rules and the word classes the coder uses, parsed and
//! compiled once.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use std::collections::HashMap;

/// The embedded lexicon file.
pub const LEXICON: &str = include_str!("../../../data/lexicon/events.toml");

#[derive(Deserialize)]
struct RawLexicon {
    trigger: Vec<RawTrigger>,
    #[serde(default)]
    mode_rule: Vec<RawModeRule>,
    #[serde(default)]
    stance: HashMap<String, StanceCode>,
    #[serde(default)]
    implicit_recipient: Vec<String>,
    #[serde(default)]
    implicit_recipient_skip_modes: Vec<String>,
    #[serde(default)]
    blame: Blame,
    #[serde(default)]
    statement_sectors: Vec<String>,
    #[serde(default)]
    flag_words: Vec<String>,
    #[serde(default)]
    symmetric: Vec<String>,
    #[serde(default)]
    force_movers: Vec<String>,
    #[serde(default)]
    commentator_words: Vec<String>,
    words: RawWords,
}

#[derive(Deserialize)]
struct RawTrigger {
    forms: Vec<String>,
    #[serde(rename = "type")]
    event_type: String,
    mode: Option<String>,
    context: Option<String>,
    person_type: Option<String>,
    person_mode: Option<String>,
    #[serde(default)]
    hypothetical: bool,
    #[serde(default)]
    negated: bool,
    #[serde(default)]
    between: bool,
    #[serde(default)]
    governs: bool,
    #[serde(default)]
    needs_recipient: bool,
    #[serde(default)]
    self_recipient: bool,
    #[serde(default)]
    local: bool,
    alt_type: Option<String>,
    past_type: Option<String>,
    past_mode: Option<String>,
    #[serde(default)]
    alt_words: Vec<String>,
}

#[derive(Deserialize)]
struct RawModeRule {
    #[serde(rename = "type")]
    event_type: String,
    mode: String,
    words: Vec<String>,
}

#[derive(Deserialize)]
struct RawWords {
    negation: Vec<String>,
    hypothetical: Vec<String>,
    historical: Vec<String>,
    be: Vec<String>,
    clause_openers: Vec<String>,
    clause_punct: Vec<String>,
    prepositions: Vec<String>,
    glue: Vec<String>,
    forces: Vec<String>,
    reporting: Vec<String>,
    determiners: Vec<String>,
    light_verbs: Vec<String>,
    titles: Vec<String>,
    subordinators: Vec<String>,
    #[serde(default)]
    done_nouns: Vec<String>,
    #[serde(default)]
    consequences: Vec<String>,
}

/// Which events blame the doer of another event ("condemned the strikes on
/// Iran" is aimed at whoever struck, not at Iran).
#[derive(Deserialize, Default, Clone)]
pub struct Blame {
    /// Types whose recipient is the doer of the act they name.
    pub types: Vec<String>,
    /// Types of the acts that can be blamed.
    pub acts: Vec<String>,
}

/// The PLOVER coding of one trigger entry.
#[derive(Debug, Clone)]
pub struct TriggerDef {
    /// PLOVER type; `None` for blocking phrases (`type = "IGNORE"`).
    pub event_type: Option<String>,
    pub mode: Option<String>,
    pub context: Option<String>,
    /// Coding used when the recipient is a person.
    pub person: Option<(String, Option<String>)>,
    pub hypothetical: bool,
    pub negated: bool,
    pub between: bool,
    pub governs: bool,
    /// No event unless a recipient is found.
    pub needs_recipient: bool,
    /// The actor is also the recipient.
    pub self_recipient: bool,
    /// The actor is only a possessor or adjective of the trigger.
    pub local: bool,
    /// Alternative type and the lower-case words near the trigger that select it.
    pub alt: Option<(String, Vec<String>)>,
    /// Coding used when the rest of the sentence holds no future, modal,
    /// condition or consequence ("warned that the raid was unlawful").
    pub past: Option<(String, Option<String>)>,
}

/// A mode rule: `mode` for `event_type` when one of its words follows the trigger.
#[derive(Debug, Clone)]
pub struct ModeRule {
    pub event_type: String,
    pub mode: String,
}

/// The event a statement's stance stands for.
#[derive(Debug, Clone, Deserialize)]
pub struct StanceCode {
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
    #[serde(default)]
    pub hypothetical: bool,
    /// Coding used instead when the quote's words hold no future, modal,
    /// condition or consequence word (a "warning" that something is
    /// unlawful is a reproach, not a threat).
    pub if_not_future: Option<Box<StanceCode>>,
}

/// Word-class bits (see [`Lexicon::class`]).
pub mod class {
    pub const NEG: u16 = 1;
    pub const HYP: u16 = 2;
    pub const HIST: u16 = 4;
    pub const BE: u16 = 8;
    pub const OPENER: u16 = 16;
    pub const PUNCT: u16 = 32;
    pub const PREP: u16 = 64;
    pub const GLUE: u16 = 128;
    pub const FORCE: u16 = 256;
    pub const REPORT: u16 = 512;
    pub const DET: u16 = 1024;
    pub const LIGHT: u16 = 2048;
    pub const TITLE: u16 = 4096;
    pub const SUB: u16 = 8192;
    pub const DONE: u16 = 16384;
    pub const CONSEQ: u16 = 32768;
}

/// The compiled lexicon.
pub struct Lexicon {
    /// One automaton over every trigger form (leftmost-longest, ASCII case-insensitive).
    pub automaton: AhoCorasick,
    /// Pattern id → index into `triggers`.
    pub pattern_entry: Vec<u32>,
    pub triggers: Vec<TriggerDef>,
    pub mode_rules: Vec<ModeRule>,
    /// Stance name ("condemn", "call_for_restraint") → event coding.
    pub stances: HashMap<String, StanceCode>,
    /// Event types that take the passage's other state as recipient when
    /// the clause names none.
    pub implicit_recipient: std::collections::HashSet<String>,
    /// Modes whose events have no single counterpart (mediation, summits).
    pub implicit_recipient_skip_modes: Vec<String>,
    pub blame: Blame,
    /// Sectors whose statements are acts (governments, armed forces, …);
    /// commentators' words are not events.
    pub statement_sectors: Vec<String>,
    /// Second halves of "Peruvian-flagged", "Chilean-owned": the compound
    /// names a thing of that country.
    pub flag_words: Vec<String>,
    /// Types done with each other ("Chile and Peru agreed"): co-actors are
    /// each other's counterpart.
    pub symmetric: Vec<String>,
    /// Types in which "Russian troops were sent …" makes the forces' owner
    /// the actor (movements), unlike "Armenian soldiers were killed".
    pub force_movers: Vec<String>,
    /// Words of an office that make its holder a commentator ("professor at
    /// …", "analyst", "editor"), whose words are not acts.
    pub commentator_words: Vec<String>,
    /// Lower-case word → indices into `mode_rules`.
    mode_words: demarche_core::hash::FxHashMap<Box<str>, Vec<u16>>,
    /// Lower-case word → class bits.
    classes: demarche_core::hash::FxHashMap<Box<str>, u16>,
}

/// Longest token (in bytes) that [`lower`] folds; longer tokens are never class words.
const MAX_WORD: usize = 48;

/// Lower-cases ASCII letters of `s` into `buf` and folds the typographic
/// apostrophe to `'`. `None` when `s` does not fit.
pub fn lower<'b>(s: &str, buf: &'b mut [u8; MAX_WORD]) -> Option<&'b str> {
    let bytes = s.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        if n >= MAX_WORD {
            return None;
        }
        if bytes[i] == 0xE2 && bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x99) {
            buf[n] = b'\'';
            i += 3;
        } else {
            buf[n] = bytes[i].to_ascii_lowercase();
            i += 1;
        }
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

impl Lexicon {
    /// Parses and compiles the embedded lexicon.
    ///
    /// # Panics
    /// When the embedded file is malformed (a build-time defect caught by the
    /// crate's tests, never by input data).
    pub fn embedded() -> Lexicon {
        Lexicon::parse(LEXICON).expect("data/lexicon/events.toml is valid")
    }

    /// Parses and compiles a lexicon from TOML text.
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let raw: RawLexicon = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_entry = Vec::new();
        let mut triggers = Vec::with_capacity(raw.trigger.len());
        for (i, t) in raw.trigger.into_iter().enumerate() {
            for f in &t.forms {
                let f = f.trim().to_ascii_lowercase();
                if f.is_empty() {
                    continue;
                }
                patterns.push(f);
                pattern_entry.push(i as u32);
            }
            let event_type = (t.event_type != "IGNORE").then_some(t.event_type);
            triggers.push(TriggerDef {
                event_type,
                mode: t.mode,
                context: t.context,
                person: t.person_type.map(|p| (p, t.person_mode)),
                hypothetical: t.hypothetical,
                negated: t.negated,
                between: t.between,
                governs: t.governs,
                needs_recipient: t.needs_recipient,
                self_recipient: t.self_recipient,
                local: t.local,
                past: t.past_type.map(|p| (p, t.past_mode)),
                alt: t.alt_type.map(|a| {
                    (
                        a,
                        t.alt_words.iter().map(|w| w.to_ascii_lowercase()).collect(),
                    )
                }),
            });
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // Scanned over every document: a DFA is the fastest kind, and
            // the lexicon is small enough to build one in a few milliseconds.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| e.to_string())?;

        let mut mode_rules = Vec::new();
        let mut mode_words: demarche_core::hash::FxHashMap<Box<str>, Vec<u16>> = Default::default();
        for (i, r) in raw.mode_rule.into_iter().enumerate() {
            for w in r.words {
                mode_words
                    .entry(w.to_ascii_lowercase().into_boxed_str())
                    .or_default()
                    .push(i as u16);
            }
            mode_rules.push(ModeRule {
                event_type: r.event_type,
                mode: r.mode,
            });
        }

        let mut classes: demarche_core::hash::FxHashMap<Box<str>, u16> = Default::default();
        let w = raw.words;
        let lists: [(&Vec<String>, u16); 16] = [
            (&w.negation, class::NEG),
            (&w.hypothetical, class::HYP),
            (&w.historical, class::HIST),
            (&w.be, class::BE),
            (&w.clause_openers, class::OPENER),
            (&w.clause_punct, class::PUNCT),
            (&w.prepositions, class::PREP),
            (&w.glue, class::GLUE),
            (&w.forces, class::FORCE),
            (&w.done_nouns, class::DONE),
            (&w.consequences, class::CONSEQ),
            (&w.reporting, class::REPORT),
            (&w.determiners, class::DET),
            (&w.light_verbs, class::LIGHT),
            (&w.titles, class::TITLE),
            (&w.subordinators, class::SUB),
        ];
        for (list, bit) in lists {
            for word in list {
                let mut buf = [0u8; MAX_WORD];
                if let Some(l) = lower(word, &mut buf) {
                    *classes.entry(l.into()).or_default() |= bit;
                }
            }
        }
        Ok(Lexicon {
            automaton,
            pattern_entry,
            triggers,
            mode_rules,
            stances: raw.stance,
            implicit_recipient: raw.implicit_recipient.into_iter().collect(),
            implicit_recipient_skip_modes: raw.implicit_recipient_skip_modes,
            blame: raw.blame,
            statement_sectors: raw.statement_sectors,
            flag_words: raw.flag_words,
            symmetric: raw.symmetric,
            force_movers: raw.force_movers,
            commentator_words: raw.commentator_words,
            mode_words,
            classes,
        })
    }

    /// Class bits of a token's text (0 for words in no class).
    #[inline]
    pub fn class(&self, word: &str) -> u16 {
        let mut buf = [0u8; MAX_WORD];
        match lower(word, &mut buf) {
            Some(l) => self.classes.get(l).copied().unwrap_or(0),
            None => 0,
        }
    }

    /// Mode rules whose word list holds `word`.
    #[inline]
    pub fn mode_rules_of(&self, word: &str) -> &[u16] {
        let mut buf = [0u8; MAX_WORD];
        match lower(word, &mut buf).and_then(|l| self.mode_words.get(l)) {
            Some(v) => v,
            None => &[],
        }
    }
}
