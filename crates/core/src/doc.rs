//! The document value that flows through the pipeline. Each stage owns one
//! layer and only appends to it; later stages read earlier layers.
//!
//! | layer | written by |
//! | --- | --- |
//! | `text`, `meta`, `zones`, `origin` | `demarche-ingest` |
//! | `sentences`, `tokens`, `paragraphs` | `demarche-text` |
//! | `times`, `anchor` | `demarche-time` |
//! | `entities`, `mentions` | `demarche-entities` |
//! | `quotes`, `silences` | `demarche-statements` |
//! | `events` | `demarche-events` |

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// A metadata value and how it was found ("html:meta[og:title]", "dateline",
/// "byline-line", "jsonl:published", …). Absent fields are `None`: never guessed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found<T> {
    pub value: T,
    pub how: String,
}

impl<T> Found<T> {
    pub fn new(value: T, how: impl Into<String>) -> Self {
        Found {
            value,
            how: how.into(),
        }
    }
}

/// Document metadata. `published` is an ISO date (`YYYY-MM-DD`) or
/// date-time (`YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<Found<String>>,
    pub published: Option<Found<String>>,
    pub outlet: Option<Found<String>>,
    pub byline: Option<Found<String>>,
    pub url: Option<Found<String>>,
    pub dateline: Option<Found<String>>,
}

/// What kind of text a region is. Annotators skip or treat zones differently
/// (no times inside URLs or endnotes, no quotes in navigation lines, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZoneKind {
    /// Headline or title line.
    Title,
    /// Photo caption or credit.
    Caption,
    /// Byline, dateline, date line, "Original url:" and similar metadata lines.
    Meta,
    /// Endnotes, references, link lists.
    Notes,
    /// A URL or link target.
    Url,
    /// Navigation, share, donation and other page furniture kept in the text.
    Furniture,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    pub span: Span,
    pub kind: ZoneKind,
}

/// Where a document came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The path given on the command line (or `-` for stdin).
    pub path: String,
    /// 1-based position of the article inside a JSON Lines or feed file.
    pub item: Option<usize>,
    /// Reader that produced it: "txt", "md", "html", "jsonl", "json", "rss", "atom".
    pub format: String,
}

/// A sentence: its byte span and the range of its tokens in [`Document::tokens`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    pub tok_start: u32,
    pub tok_end: u32,
    /// Index into [`Document::paragraphs`].
    pub paragraph: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokKind {
    /// Letters, possibly with inner apostrophes, hyphens or periods (U.S., al-Assad, don't).
    Word,
    /// Digits, possibly with inner separators (2,000 / 2.5 / 2-3).
    Number,
    /// An opening quotation mark (“ ‘ or a straight mark judged opening).
    OpenQuote,
    /// A closing quotation mark (” ’ or a straight mark judged closing).
    CloseQuote,
    /// Any other punctuation or symbol, one char (or a run like "..." / "--").
    Punct,
}

/// A token. `flags` is a bit set of the `TOK_*` constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokKind,
    pub flags: u8,
}

/// First character is upper case.
pub const TOK_CAP: u8 = 1;
/// Every letter is upper case (and there are at least two).
pub const TOK_ALLCAPS: u8 = 2;
/// First token of its sentence.
pub const TOK_SENT_START: u8 = 4;
/// Whitespace precedes the token (or it starts the text).
pub const TOK_SPACE_BEFORE: u8 = 8;
/// A line break lies between this token and the previous one.
pub const TOK_NEWLINE_BEFORE: u8 = 16;

impl Token {
    #[inline]
    pub fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Country,
    Org,
    Place,
    Group,
    Event,
}

impl EntityType {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Country => "COUNTRY",
            EntityType::Org => "ORG",
            EntityType::Place => "PLACE",
            EntityType::Group => "GROUP",
            EntityType::Event => "EVENT",
        }
    }
}

/// A distinct entity of one document (many mentions point to it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name ("Vladimir Putin", "Russia", "Russian Ministry of Foreign Affairs").
    pub name: String,
    pub etype: EntityType,
    /// ISO 3166-1 alpha-3 of the country it is or belongs to ("IGO" for international bodies).
    pub country: Option<String>,
    /// Knowledge-base id when linked; `None` for document-local entities.
    pub kb_id: Option<String>,
    /// PLOVER sector (GOV, MIL, LEG, JUD, PTY, REB, SPY, JRN, IGO, BUS, CVL…).
    pub sector: Option<String>,
    /// Office held at the document's date, from the knowledge base's dated roles.
    pub office: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// The full name or a knowledge-base alias ("Vladimir Putin", "NATO").
    Name,
    /// A part of a name already seen ("Putin" after "Vladimir Putin").
    Partial,
    /// A capital, seat or building standing for a state or body ("Moscow", "the Kremlin").
    Metonym,
    /// A demonym or adjective used as an actor ("the Russians", "Russian officials").
    Demonym,
    /// A title or description ("the Russian leader", "the senior diplomat").
    Description,
    /// A pronoun ("he", "she", "it", "they").
    Pronoun,
}

/// One place in the text that refers to an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    /// Index into [`Document::entities`].
    pub entity: u32,
    pub kind: MentionKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimeType {
    pub fn as_str(&self) -> &'static str {
        match self {
            TimeType::Date => "DATE",
            TimeType::Time => "TIME",
            TimeType::Duration => "DURATION",
            TimeType::Set => "SET",
        }
    }
}

/// A normalized time expression (TIMEX3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeX {
    pub span: Span,
    pub ttype: TimeType,
    /// TIMEX3 value: "2026-01-07", "2025-06", "P4Y", "PRESENT_REF", "XXXX-XX-XX"…
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteForm {
    Direct,
    Indirect,
    Mixed,
}

impl QuoteForm {
    pub fn as_str(&self) -> &'static str {
        match self {
            QuoteForm::Direct => "direct",
            QuoteForm::Indirect => "indirect",
            QuoteForm::Mixed => "mixed",
        }
    }
}

/// A small documented set of stances (see ARCHITECTURE.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    Condemn,
    Concern,
    Support,
    Praise,
    Demand,
    CallForRestraint,
    Deny,
    Threaten,
    DeclineToComment,
    Other,
}

impl Stance {
    /// The serialised name ("call_for_restraint").
    pub fn as_str(&self) -> &'static str {
        match self {
            Stance::Condemn => "condemn",
            Stance::Concern => "concern",
            Stance::Support => "support",
            Stance::Praise => "praise",
            Stance::Demand => "demand",
            Stance::CallForRestraint => "call_for_restraint",
            Stance::Deny => "deny",
            Stance::Threaten => "threaten",
            Stance::DeclineToComment => "decline_to_comment",
            Stance::Other => "other",
        }
    }
}

/// An attributed statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The whole attribution (content, cue and speaker) — the record's provenance span.
    pub span: Span,
    /// The attributed words, without quotation marks; several parts when the
    /// quote is split around its cue.
    pub content: Vec<Span>,
    pub form: QuoteForm,
    /// The cue as written ("said", "told", "according to", ":").
    pub cue: Option<Span>,
    /// The words naming the speaker at this place ("he", "the Foreign Ministry").
    pub speaker_span: Option<Span>,
    /// Index into [`Document::entities`] of the resolved speaker.
    pub speaker: Option<u32>,
    /// Canonical speaker name when no entity could be resolved ("military experts").
    pub speaker_name: Option<String>,
    /// Addressee or channel ("The Associated Press", "X", "a statement").
    pub to: Option<String>,
    pub stance: Option<Stance>,
}

/// A statement that an actor did not speak or act.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Silence {
    /// The clause or sentence that says so.
    pub span: Span,
    pub actor_span: Option<Span>,
    pub actor: Option<u32>,
    pub actor_name: Option<String>,
    /// What they were silent about, short.
    pub about: Option<String>,
}

/// What a [`Finding`] says is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// "former" in front of an office the person holds on the date.
    FormerIncumbent,
    /// An office the person had left by the date.
    TitleExpired,
    /// An office the person took up only after the date.
    TitleNotYet,
    /// An office the knowledge base never gives the person (a wrong title,
    /// or a gap in the knowledge base).
    TitleNotInKb,
}

impl FindingKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            FindingKind::FormerIncumbent => "former_incumbent",
            FindingKind::TitleExpired => "title_expired",
            FindingKind::TitleNotYet => "title_not_yet",
            FindingKind::TitleNotInKb => "title_not_in_kb",
        }
    }
}

/// A place where the text contradicts the knowledge base as of the date the
/// text speaks of: a title the person did not hold then, "former" for an
/// incumbent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The title and the name it stands in front of.
    pub span: Span,
    /// Index into [`Document::entities`].
    pub entity: u32,
    pub kind: FindingKind,
    /// The title as written ("former President").
    pub claim: String,
    /// The date the claim was checked for (`YYYY-MM-DD`, or a year or month
    /// when the sentence sets one).
    pub as_of: String,
    /// Where `as_of` comes from: "sentence" (a date the sentence names), or
    /// how the document's reference date was found ("published",
    /// "latest-date-in-text"), or "today" when the document has none.
    pub basis: String,
    /// The offices the knowledge base gives the person on that date, with
    /// the dates of the office the claim names when it had one.
    pub kb_says: String,
}

/// One side of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub span: Option<Span>,
    /// Index into [`Document::entities`].
    pub entity: Option<u32>,
    /// Canonical name (the entity's, or the text's for unresolved sides).
    pub name: String,
    /// ISO alpha-3 or "IGO".
    pub country: Option<String>,
    /// PLOVER sector.
    pub sector: Option<String>,
}

/// A PLOVER event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The clause stating the event.
    pub span: Span,
    /// The trigger word(s).
    pub trigger: Option<Span>,
    pub event_type: String,
    pub mode: Option<String>,
    pub context: Option<String>,
    pub actors: Vec<Participant>,
    pub recipients: Vec<Participant>,
    /// TIMEX3 value.
    pub date: Option<String>,
    pub location: Option<String>,
    pub negated: bool,
    pub hypothetical: bool,
    pub historical: bool,
    /// Index into [`Document::quotes`] when the event comes from a statement.
    pub quote: Option<u32>,
    /// CAMEO code, QuadClass and scores of the type and mode.
    #[serde(default, flatten)]
    pub codes: EventCodes,
}

/// The CAMEO coding and conflict–cooperation scores of a PLOVER type and
/// mode (`data/lexicon/plover.toml`). Negated and hypothetical events keep
/// theirs: the flags say what happened, the codes what kind of act it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventCodes {
    /// The most specific CAMEO code that fits ("195", "0874").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// The CAMEO root: the code's first two digits ("19").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo_root: Option<String>,
    /// QuadClass as GDELT derives it from the root: 1 verbal cooperation,
    /// 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quad_class: Option<u8>,
    /// Goldstein scale value of the CAMEO code, −10 to +10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f32>,
    /// PLOVER conflict–cooperation score of the type (the manual's "Schrodt
    /// score", POLECAT's intensity), −10 to +10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover_score: Option<f32>,
}

/// A document and everything the pipeline found in it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Document {
    /// Stable name: the file name, an article's `id`/`guid`, or `FILE#N`.
    pub id: String,
    pub origin: Origin,
    /// The cleaned text as stored; every span points into it.
    pub text: String,
    /// SHA-256 of `text`, hex: the identity used for de-duplication.
    pub hash: String,
    pub meta: Metadata,
    /// Non-fatal problems met while reading ("invalid UTF-8 decoded lossily").
    pub warnings: Vec<String>,
    pub zones: Vec<Zone>,
    /// Maps cleaned text back to the original input: sorted pairs
    /// `[offset in text, offset in the original file's decoded text]`, one at
    /// the start of every kept run (a byte of `text` at `t` maps to
    /// `orig + (t - start)` of the last pair with `start <= t`).
    pub source_map: Vec<[u32; 2]>,

    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,

    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,

    /// The reference date times are resolved against (`YYYY-MM-DD`), and how
    /// it was chosen ("published", "latest-date-in-text").
    pub anchor: Option<Found<String>>,
    pub times: Vec<TimeX>,

    pub quotes: Vec<Quote>,
    pub silences: Vec<Silence>,
    pub events: Vec<Event>,
    /// Contradictions between the text and the knowledge base.
    pub findings: Vec<Finding>,
}

impl Document {
    /// A document with text and origin only; hash computed by the caller
    /// (see `demarche-ingest`).
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Tokens of sentence `i`.
    #[inline]
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        let s = &self.sentences[i];
        &self.tokens[s.tok_start as usize..s.tok_end as usize]
    }

    /// Index of the sentence containing byte offset `pos` (the last sentence
    /// starting at or before it).
    pub fn sentence_at(&self, pos: u32) -> Option<usize> {
        let n = self.sentences.partition_point(|s| s.span.start <= pos);
        if n == 0 {
            None
        } else {
            Some(n - 1)
        }
    }

    /// Index of the first token whose span starts at or after `pos`.
    pub fn token_at_or_after(&self, pos: u32) -> usize {
        self.tokens.partition_point(|t| t.span.start < pos)
    }

    /// Zone kind covering byte offset `pos`, if any.
    pub fn zone_at(&self, pos: u32) -> Option<ZoneKind> {
        self.zones
            .iter()
            .find(|z| z.span.start <= pos && pos < z.span.end)
            .map(|z| z.kind)
    }

    /// The mention best covering `span`: the longest mention inside it, or
    /// failing that one that overlaps it. Mentions must be sorted by start.
    pub fn mention_in(&self, span: Span) -> Option<&Mention> {
        let from = self
            .mentions
            .partition_point(|m| m.span.end <= span.start)
            .saturating_sub(8);
        let mut best: Option<&Mention> = None;
        let mut best_inside = false;
        for m in &self.mentions[from..] {
            if m.span.start >= span.end {
                break;
            }
            if !m.span.overlaps(&span) {
                continue;
            }
            let inside = span.contains(&m.span);
            let better = match best {
                None => true,
                Some(b) => {
                    (inside && !best_inside)
                        || (inside == best_inside && m.span.len() > b.span.len())
                }
            };
            if better {
                best = Some(m);
                best_inside = inside;
            }
        }
        best
    }

    /// Number of word tokens.
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.kind == TokKind::Word)
            .count()
    }
}
