//! The word lists of `data/lexicon/time.toml`, parsed once into a lookup
//! table keyed by lower-case word.

use demarche_core::hash::FxHashMap;
use demarche_core::TimeType;
use serde::Deserialize;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../../../data/lexicon/time.toml");

/// A TIMEX3 unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
    Quarter,
}

impl Unit {
    fn parse(code: &str) -> Option<Unit> {
        Some(match code {
            "S" => Unit::Second,
            "MIN" => Unit::Minute,
            "H" => Unit::Hour,
            "D" => Unit::Day,
            "W" => Unit::Week,
            "M" => Unit::Month,
            "Y" => Unit::Year,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            "Q" => Unit::Quarter,
            _ => return None,
        })
    }

    /// Clock units are written after a "T" in durations (PT6M).
    pub(crate) fn is_clock(self) -> bool {
        matches!(self, Unit::Second | Unit::Minute | Unit::Hour)
    }

    /// The TIMEX3 letter(s) of the unit inside a duration.
    pub(crate) fn letter(self) -> &'static str {
        match self {
            Unit::Second => "S",
            Unit::Minute => "M",
            Unit::Hour => "H",
            Unit::Day => "D",
            Unit::Week => "W",
            Unit::Month => "M",
            Unit::Year => "Y",
            Unit::Decade => "DE",
            Unit::Century => "CE",
            Unit::Quarter => "Q",
        }
    }
}

/// Word-class flags.
pub(crate) const VAGUE: u16 = 1;
pub(crate) const APPROX: u16 = 2;
pub(crate) const MODIFIER: u16 = 4;
pub(crate) const DUR_CUE: u16 = 8;
pub(crate) const YEAR_BLOCK: u16 = 16;
pub(crate) const COUNT_NOUN: u16 = 32;
pub(crate) const FUTURE: u16 = 64;
pub(crate) const PREP: u16 = 128;
pub(crate) const SKIP: u16 = 256;
/// Listed only so that the word has an entry and the grammar is tried there.
pub(crate) const STARTER: u16 = 512;
pub(crate) const EDGE: u16 = 1024;
pub(crate) const ANAPHORIC: u16 = 2048;
pub(crate) const FISCAL: u16 = 4096;

/// Everything the lexicon says about one lower-case word.
#[derive(Clone, Debug, Default)]
pub(crate) struct Word {
    pub month: u32,
    pub weekday: u32,
    pub number: u32,
    pub ordinal: u32,
    pub unit: Option<Unit>,
    pub season: Option<Box<str>>,
    pub day_part: Option<Box<str>>,
    /// Letter of a period code ("Q" in "Q3", "H" in "H1").
    pub period: Option<char>,
    /// Direction of a relative word ("last" -1, "this" 0, "next" 1).
    pub rel: Option<i32>,
    pub flags: u16,
    /// Fixed phrases starting with this word, longest first.
    pub phrases: Vec<Phrase>,
}

impl Word {
    #[inline]
    pub(crate) fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// A fixed phrase ("as of writing") and its annotation.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    /// The lower-case words after the first one.
    pub rest: Vec<Box<str>>,
    pub ttype: TimeType,
    /// The value; see the `[phrases]` table for the "@" forms.
    pub value: Box<str>,
}

#[derive(Deserialize)]
struct Raw {
    months: FxHashMap<String, u32>,
    weekdays: FxHashMap<String, u32>,
    numbers: FxHashMap<String, u32>,
    ordinals: FxHashMap<String, u32>,
    units: FxHashMap<String, String>,
    seasons: FxHashMap<String, String>,
    day_parts: FxHashMap<String, String>,
    relatives: FxHashMap<String, i32>,
    period_codes: FxHashMap<String, String>,
    words: RawWords,
    phrases: FxHashMap<String, (String, String)>,
}

#[derive(Deserialize)]
struct RawWords {
    vague_counts: Vec<String>,
    approximators: Vec<String>,
    modifiers: Vec<String>,
    duration_cues: Vec<String>,
    year_blockers_before: Vec<String>,
    count_nouns: Vec<String>,
    future_cues: Vec<String>,
    month_preps: Vec<String>,
    skippable: Vec<String>,
    starters: Vec<String>,
    edges: Vec<String>,
    anaphoric: Vec<String>,
    fiscal: Vec<String>,
}

/// The parsed lexicon.
pub(crate) struct Lexicon {
    words: FxHashMap<Box<str>, Word>,
}

fn entry<'m>(words: &'m mut FxHashMap<Box<str>, Word>, w: &str) -> &'m mut Word {
    words.entry(w.into()).or_default()
}

fn parse_type(s: &str) -> Option<TimeType> {
    Some(match s {
        "DATE" => TimeType::Date,
        "TIME" => TimeType::Time,
        "DURATION" => TimeType::Duration,
        "SET" => TimeType::Set,
        _ => return None,
    })
}

/// Splits a phrase the way the scanner splits text: letter runs, digit runs
/// and single other characters.
pub(crate) fn split_words(s: &str) -> Vec<Box<str>> {
    crate::scan::tokenize(s)
        .iter()
        .map(|t| {
            s[t.s as usize..t.e as usize]
                .to_ascii_lowercase()
                .into_boxed_str()
        })
        .collect()
}

impl Lexicon {
    fn load() -> Lexicon {
        // The lexicon is compiled in; a parse error is a build defect caught by the tests.
        let raw: Raw = toml::from_str(SOURCE).expect("data/lexicon/time.toml is valid");
        let mut words: FxHashMap<Box<str>, Word> = FxHashMap::default();
        for (w, m) in &raw.months {
            entry(&mut words, w).month = *m;
        }
        for (w, d) in &raw.weekdays {
            entry(&mut words, w).weekday = *d;
        }
        for (w, n) in &raw.numbers {
            entry(&mut words, w).number = *n;
        }
        for (w, n) in &raw.ordinals {
            entry(&mut words, w).ordinal = *n;
        }
        for (w, u) in &raw.units {
            entry(&mut words, w).unit = Unit::parse(u);
        }
        for (w, s) in &raw.seasons {
            entry(&mut words, w).season = Some(s.as_str().into());
        }
        for (w, s) in &raw.day_parts {
            entry(&mut words, w).day_part = Some(s.as_str().into());
        }
        for (w, r) in &raw.relatives {
            entry(&mut words, w).rel = Some(*r);
        }
        for (w, c) in &raw.period_codes {
            entry(&mut words, w).period = c.chars().next();
        }
        let lists: [(&Vec<String>, u16); 13] = [
            (&raw.words.vague_counts, VAGUE),
            (&raw.words.approximators, APPROX),
            (&raw.words.modifiers, MODIFIER),
            (&raw.words.duration_cues, DUR_CUE),
            (&raw.words.year_blockers_before, YEAR_BLOCK),
            (&raw.words.count_nouns, COUNT_NOUN),
            (&raw.words.future_cues, FUTURE),
            (&raw.words.month_preps, PREP),
            (&raw.words.skippable, SKIP),
            (&raw.words.starters, STARTER),
            (&raw.words.edges, EDGE),
            (&raw.words.anaphoric, ANAPHORIC),
            (&raw.words.fiscal, FISCAL),
        ];
        for (list, flag) in lists {
            for w in list {
                entry(&mut words, w).flags |= flag;
            }
        }
        for (text, (ttype, value)) in &raw.phrases {
            let mut ws = split_words(text);
            let Some(ttype) = parse_type(ttype) else {
                continue;
            };
            if ws.is_empty() {
                continue;
            }
            let first = ws.remove(0);
            entry(&mut words, &first).phrases.push(Phrase {
                rest: ws,
                ttype,
                value: value.as_str().into(),
            });
        }
        for w in words.values_mut() {
            w.phrases.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
        }
        Lexicon { words }
    }

    /// The shared lexicon, parsed on first use.
    pub(crate) fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(Lexicon::load)
    }

    /// Looks a word up case-insensitively without allocating.
    pub(crate) fn lookup(&self, word: &str) -> Option<&Word> {
        let b = word.as_bytes();
        if !word.is_ascii() {
            // Symbols ("©", "€") are listed as written.
            return self.words.get(word);
        }
        if b.len() > 32 {
            return None;
        }
        let mut buf = [0u8; 32];
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        let lower = std::str::from_utf8(&buf[..b.len()]).ok()?;
        self.words.get(lower)
    }
}
