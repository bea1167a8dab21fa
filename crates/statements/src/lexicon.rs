//! The statements lexicon (`data/lexicon/statements.toml`): reporting verbs,
//! phrasal cues, channels, speech nouns, silence cues and stance words, compiled
//! once into a single Aho-Corasick automaton plus small word lists.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use demarche_core::Stance;
use serde::Deserialize;

const LEXICON: &str = include_str!("../../../data/lexicon/statements.toml");

/// What follows a reporting verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frame {
    /// A reported clause, "that" optional.
    Clause,
    /// An optional addressee, then a reported clause.
    Tell,
    /// A noun phrase, infinitive or "that"-clause.
    Object,
    /// Only with a speech noun heading the object.
    Issue,
    /// A speech noun object or an infinitive ("offered to mediate").
    Offer,
    /// Only with a "that"-clause and a named or group subject.
    That,
}

/// How a silence cue names its actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SilenceKind {
    /// A predicate whose subject is the actor.
    Pred,
    /// A noun phrase whose possessor or modifier is the actor.
    Noun,
    /// An adjective after a copula; the subject names the actor's responses.
    Adj,
    /// An act of help ("intervene", "send troops") that counts only when
    /// negated or refused ("was unable to intervene", "did not send troops").
    Act,
}

/// What one automaton pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    Verb {
        frame: Frame,
        stance: Stance,
    },
    According,
    /// Index into [`Lexicon::channel_to`].
    Channel(u16),
    Silence(SilenceKind),
    /// An act of help; `true` when it needs a help noun as object.
    Act(bool),
    StanceWord(Stance),
}

#[derive(Deserialize)]
struct RawVerb {
    forms: Vec<String>,
    frame: Frame,
    stance: Stance,
}

#[derive(Deserialize)]
struct RawPhrase {
    text: String,
}

#[derive(Deserialize)]
struct RawChannel {
    text: String,
    to: String,
}

#[derive(Deserialize)]
struct RawSilence {
    kind: SilenceKind,
    patterns: Vec<String>,
    /// For `act` cues: the verb needs one of the help nouns as its object.
    #[serde(default)]
    needs_object: bool,
}

#[derive(Deserialize)]
struct RawActs {
    negators: Vec<String>,
    needs_not: Vec<String>,
    help_nouns: Vec<String>,
    response_nouns: Vec<String>,
}

#[derive(Deserialize)]
struct RawSpeechNouns {
    clause: Vec<String>,
    object: Vec<String>,
}

#[derive(Deserialize)]
struct RawStanceWords {
    condemn: Vec<String>,
    concern: Vec<String>,
    support: Vec<String>,
    praise: Vec<String>,
    demand: Vec<String>,
    call_for_restraint: Vec<String>,
    deny: Vec<String>,
    threaten: Vec<String>,
    decline_to_comment: Vec<String>,
}

#[derive(Deserialize)]
struct Raw {
    auxiliaries: Vec<String>,
    aux_verbs: Vec<String>,
    prepositions: Vec<String>,
    subject_stops: Vec<String>,
    determiners: Vec<String>,
    person_pronouns: Vec<String>,
    thing_pronouns: Vec<String>,
    plural_pronouns: Vec<String>,
    group_nouns: Vec<String>,
    addressees: Vec<String>,
    clause_breaks: Vec<String>,
    not_adverbs: Vec<String>,
    infinitive_blockers: Vec<String>,
    source_nouns: Vec<String>,
    document_nouns: Vec<String>,
    proper_adjectives: Vec<String>,
    speech_nouns: RawSpeechNouns,
    verb: Vec<RawVerb>,
    phrase: Vec<RawPhrase>,
    channel: Vec<RawChannel>,
    silence: Vec<RawSilence>,
    acts: RawActs,
    stance_words: RawStanceWords,
}

/// The compiled lexicon.
pub struct Lexicon {
    pub ac: AhoCorasick,
    /// Pattern id → cue.
    pub cues: Vec<Cue>,
    pub channel_to: Vec<String>,
    pub auxiliaries: Vec<String>,
    pub aux_verbs: Vec<String>,
    pub prepositions: Vec<String>,
    pub subject_stops: Vec<String>,
    pub determiners: Vec<String>,
    pub person_pronouns: Vec<String>,
    pub thing_pronouns: Vec<String>,
    pub plural_pronouns: Vec<String>,
    pub group_nouns: Vec<String>,
    pub addressees: Vec<String>,
    pub clause_breaks: Vec<String>,
    pub not_adverbs: Vec<String>,
    pub infinitive_blockers: Vec<String>,
    pub source_nouns: Vec<String>,
    pub document_nouns: Vec<String>,
    /// Capitalised adjectives kept as written at a sentence start ("Western").
    pub proper_adjectives: Vec<String>,
    pub speech_nouns_clause: Vec<String>,
    pub speech_nouns_object: Vec<String>,
    /// Words before "to" that refuse or deny an act ("unable", "refused").
    pub act_negators: Vec<String>,
    /// Negators that refuse only when negated themselves ("not going to").
    pub act_needs_not: Vec<String>,
    /// Objects that make a verb an act of help ("troops", "aid").
    pub help_nouns: Vec<String>,
    /// Heads after "lack of" / "absence of" that make it a silence.
    pub response_nouns: Vec<String>,
}

/// True when `word` equals one of `list`, ignoring ASCII case.
#[inline]
pub fn is_in(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

impl Lexicon {
    /// Parses the embedded lexicon. The file ships with the crate, so a
    /// parse error is a build defect; it is reported by the crate's tests.
    pub fn load() -> Lexicon {
        let raw: Raw = match toml::from_str(LEXICON) {
            Ok(r) => r,
            Err(e) => panic!("data/lexicon/statements.toml: {e}"),
        };
        let mut patterns: Vec<String> = Vec::new();
        let mut cues: Vec<Cue> = Vec::new();
        let mut push = |p: &str, c: Cue| {
            patterns.push(p.to_string());
            cues.push(c);
            if p.contains('\'') {
                patterns.push(p.replace('\'', "\u{2019}"));
                cues.push(c);
            }
        };
        for v in &raw.verb {
            for f in &v.forms {
                push(
                    f,
                    Cue::Verb {
                        frame: v.frame,
                        stance: v.stance,
                    },
                );
            }
        }
        for p in &raw.phrase {
            push(&p.text, Cue::According);
        }
        let mut channel_to = Vec::new();
        for (i, c) in raw.channel.iter().enumerate() {
            push(&c.text, Cue::Channel(i as u16));
            channel_to.push(c.to.clone());
        }
        for s in &raw.silence {
            for p in &s.patterns {
                let cue = match s.kind {
                    SilenceKind::Act => Cue::Act(s.needs_object),
                    k => Cue::Silence(k),
                };
                push(p, cue);
            }
        }
        let sw = &raw.stance_words;
        for (list, st) in [
            (&sw.condemn, Stance::Condemn),
            (&sw.concern, Stance::Concern),
            (&sw.support, Stance::Support),
            (&sw.praise, Stance::Praise),
            (&sw.demand, Stance::Demand),
            (&sw.call_for_restraint, Stance::CallForRestraint),
            (&sw.deny, Stance::Deny),
            (&sw.threaten, Stance::Threaten),
            (&sw.decline_to_comment, Stance::DeclineToComment),
        ] {
            for p in list {
                push(p, Cue::StanceWord(st));
            }
        }
        // Leftmost-longest keeps the longest cue at a position; a pattern
        // listed twice keeps its first role (a verb before a stance word).
        let ac = match AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // Scanned over every document: a DFA is the fastest kind, and
            // the lexicon is small enough to build one in a few milliseconds.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .start_kind(aho_corasick::StartKind::Both)
            .build(&patterns)
        {
            Ok(ac) => ac,
            Err(e) => panic!("statements lexicon automaton: {e}"),
        };
        Lexicon {
            ac,
            cues,
            channel_to,
            auxiliaries: raw.auxiliaries,
            aux_verbs: raw.aux_verbs,
            prepositions: raw.prepositions,
            subject_stops: raw.subject_stops,
            determiners: raw.determiners,
            person_pronouns: raw.person_pronouns,
            thing_pronouns: raw.thing_pronouns,
            plural_pronouns: raw.plural_pronouns,
            group_nouns: raw.group_nouns,
            addressees: raw.addressees,
            clause_breaks: raw.clause_breaks,
            source_nouns: raw.source_nouns,
            document_nouns: raw.document_nouns,
            proper_adjectives: raw.proper_adjectives,
            not_adverbs: raw.not_adverbs,
            infinitive_blockers: raw.infinitive_blockers,
            speech_nouns_clause: raw.speech_nouns.clause,
            speech_nouns_object: raw.speech_nouns.object,
            act_negators: raw.acts.negators,
            act_needs_not: raw.acts.needs_not,
            help_nouns: raw.acts.help_nouns,
            response_nouns: raw.acts.response_nouns,
        }
    }
}
