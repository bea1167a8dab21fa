//! The word lists of `data/lexicon/ingest.toml` (page furniture, header labels,
//! caption credits, agencies, HTML class fragments), parsed once and lower-cased.

use aho_corasick::AhoCorasick;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../../../data/lexicon/ingest.toml");

#[derive(Deserialize)]
struct Raw {
    furniture: RawFurniture,
    rejoin: RawRejoin,
    meta: RawMeta,
    notes: RawNotes,
    captions: RawCaptions,
    agencies: RawAgencies,
    html: RawHtml,
}

#[derive(Deserialize)]
struct RawFurniture {
    lines: Vec<String>,
    prefixes: Vec<String>,
    wrapped: Vec<[String; 2]>,
    appeals: Vec<String>,
    tail_headings: Vec<String>,
}

#[derive(Deserialize)]
struct RawRejoin {
    dangling: Vec<String>,
}

#[derive(Deserialize)]
struct RawMeta {
    labels: Vec<String>,
    date_prefixes: Vec<String>,
    url_labels: Vec<String>,
    read_time: Vec<String>,
    contributed: Vec<String>,
}

#[derive(Deserialize)]
struct RawNotes {
    headings: Vec<String>,
}

#[derive(Deserialize)]
struct RawCaptions {
    prefixes: Vec<String>,
    tails: Vec<String>,
}

#[derive(Deserialize)]
struct RawAgencies {
    names: Vec<String>,
    outlet_words: Vec<String>,
}

#[derive(Deserialize)]
struct RawHtml {
    drop_classes: Vec<String>,
    meta_classes: Vec<String>,
    caption_classes: Vec<String>,
}

/// The ingest word lists; every entry lower-cased except caption prefixes.
pub(crate) struct Lexicon {
    pub furniture_lines: HashSet<String>,
    /// Longest entry of `furniture_lines` (longer lines are never looked up).
    pub furniture_max: usize,
    pub furniture_prefixes: Vec<String>,
    pub furniture_wrapped: Vec<(String, String)>,
    /// Appeal phrases (pattern ids `0..appeal_count`) then caption credit
    /// phrases, ASCII case-insensitive: one pass over a whole input finds both.
    pub phrases: AhoCorasick,
    pub appeal_count: usize,
    pub tail_headings: HashSet<String>,
    /// Words that leave a sentence unfinished at the end of a paragraph.
    pub dangling: HashSet<String>,
    pub meta_labels: HashSet<String>,
    /// Longest first, so "published on" wins over "published".
    pub date_prefixes: Vec<String>,
    pub url_labels: HashSet<String>,
    pub read_time: Vec<String>,
    pub contributed: Vec<String>,
    pub notes_headings: HashSet<String>,
    pub caption_prefixes: Vec<String>,
    /// Lower-cased name → name as written.
    pub agencies: std::collections::HashMap<String, String>,
    pub outlet_words: HashSet<String>,
    pub drop_classes: Vec<String>,
    pub meta_classes: Vec<String>,
    pub caption_classes: Vec<String>,
}

fn lower(v: Vec<String>) -> Vec<String> {
    v.into_iter().map(|s| s.to_lowercase()).collect()
}

fn automaton(v: Vec<String>) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(v)
        .expect("lexicon phrases build an automaton")
}

fn set(v: Vec<String>) -> HashSet<String> {
    v.into_iter().map(|s| s.to_lowercase()).collect()
}

/// The shared lexicon, parsed on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        // The file is part of the crate; a parse error is a build defect caught by tests.
        let raw: Raw = toml::from_str(SOURCE).expect("data/lexicon/ingest.toml is valid");
        let mut date_prefixes = lower(raw.meta.date_prefixes);
        date_prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Lexicon {
            furniture_max: raw
                .furniture
                .lines
                .iter()
                .map(|l| l.len())
                .max()
                .unwrap_or(0),
            furniture_lines: set(raw.furniture.lines),
            furniture_prefixes: lower(raw.furniture.prefixes),
            furniture_wrapped: raw
                .furniture
                .wrapped
                .into_iter()
                .map(|[a, b]| (a.to_lowercase(), b.to_lowercase()))
                .collect(),
            appeal_count: raw.furniture.appeals.len(),
            phrases: automaton(
                raw.furniture
                    .appeals
                    .into_iter()
                    .chain(raw.captions.tails)
                    .collect(),
            ),
            tail_headings: set(raw.furniture.tail_headings),
            dangling: set(raw.rejoin.dangling),
            meta_labels: set(raw.meta.labels),
            date_prefixes,
            url_labels: set(raw.meta.url_labels),
            read_time: lower(raw.meta.read_time),
            contributed: lower(raw.meta.contributed),
            notes_headings: set(raw.notes.headings),
            caption_prefixes: raw.captions.prefixes,
            agencies: raw
                .agencies
                .names
                .into_iter()
                .map(|n| (n.to_lowercase(), n))
                .collect(),
            outlet_words: set(raw.agencies.outlet_words),
            drop_classes: lower(raw.html.drop_classes),
            meta_classes: lower(raw.html.meta_classes),
            caption_classes: lower(raw.html.caption_classes),
        }
    })
}
