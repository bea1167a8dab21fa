//! Time expressions normalized to TIMEX3 values (TimeML, as in TempEval-3),
//! anchored to the document's publication date or, failing that, the latest
//! full date written in its text.
//!
//! The crate owns `Document::anchor` and `Document::times`. Words come from
//! `data/lexicon/time.toml` ([`lexicon`]); the text is split by a light
//! tokenizer ([`scan`]) and the grammar ([`rules`]) is tried only at tokens
//! the lexicon knows or at digits, keeping the longest expression.
//!
//! Once a story has moved away from the reference date, anaphoric
//! expressions ("the next day", "two days later", "that year") count from
//! the latest date it wrote.

mod lexicon;
mod rules;
mod scan;

use chrono::NaiveDate;
use demarche_core::{Document, Found, Span, TimeType, TimeX, ZoneKind};
use rules::Ctx;

/// The document's zones: the tagger skips Notes and Url zones (and, in any
/// zone, numbered note lines: [`is_note_line`]) and reads
/// Caption zones as photo captions.
struct Zones<'a> {
    /// Returns the zone kind at a byte offset.
    at: &'a dyn Fn(u32) -> Option<ZoneKind>,
}

/// Finds and normalizes the time expressions of a document; sets `doc.anchor`
/// and `doc.times`.
pub fn annotate(doc: &mut Document) {
    let published = doc
        .meta
        .published
        .as_ref()
        .and_then(|p| parse_iso_date(&p.value));
    let zones = doc.zones.clone();
    let at = |pos: u32| {
        zones
            .iter()
            .find(|z| z.span.start <= pos && pos < z.span.end)
            .map(|z| z.kind)
    };
    let z = Zones { at: &at };
    let (anchor, times) = match published {
        Some(d) => (
            Some(Found::new(rules::ymd(d), "published")),
            run(&doc.text, Some(d), &z),
        ),
        None => match latest_date(&doc.text, &run(&doc.text, None, &z)) {
            Some(d) => (
                Some(Found::new(rules::ymd(d), "latest-date-in-text")),
                run(&doc.text, Some(d), &z),
            ),
            None => (None, run(&doc.text, None, &z)),
        },
    };
    doc.anchor = anchor;
    doc.times = times;
}

/// Tags `text` against `anchor` (no zones). With no anchor, the latest full
/// date of the text is used, as [`annotate`] does for undated documents.
pub fn tag(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeX> {
    let none = |_: u32| None;
    let z = Zones { at: &none };
    let anchor = anchor.or_else(|| latest_date(text, &run(text, None, &z)));
    run(text, anchor, &z)
}

/// The anchor [`tag`] uses for `text` when given none: its latest full date.
pub fn fallback_anchor(text: &str) -> Option<NaiveDate> {
    let none = |_: u32| None;
    latest_date(text, &run(text, None, &Zones { at: &none }))
}

/// Parses the date part of an ISO date or date-time.
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let d = s.trim().get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// The anchor of an undated text: the latest fully specified date written
/// on a short line of its own (a date line: "Updated 09:10, 6 January 2026"),
/// or failing that the latest fully specified date anywhere.
fn latest_date(text: &str, times: &[TimeX]) -> Option<NaiveDate> {
    let full = |t: &&TimeX| {
        matches!(t.ttype, TimeType::Date | TimeType::Time)
            && (t.value.len() == 10 || t.value.as_bytes().get(10) == Some(&b'T'))
    };
    let on_date_line = |t: &&TimeX| {
        let (s, e) = (t.span.start as usize, t.span.end as usize);
        let start = text[..s].rfind('\n').map_or(0, |p| p + 1);
        let end = text[e..].find('\n').map_or(text.len(), |p| e + p);
        text[start..end].split_whitespace().count() <= MAX_DATE_LINE_WORDS
    };
    let best = |line_only: bool| {
        times
            .iter()
            .filter(full)
            .filter(|t| !line_only || on_date_line(t))
            .filter_map(|t| parse_iso_date(&t.value))
            .max()
    };
    best(true).or_else(|| best(false))
}

/// Longest line (in words) still read as a date line.
const MAX_DATE_LINE_WORDS: usize = 10;

/// Marks on a line that make it a photo caption or credit.
const CAPTION_MARKS: [&str; 5] = ["Photo", "photo", "Getty Images", "(AP", "REUTERS"];

/// The scan: tokens, lines, and the longest expression at each token.
fn run(text: &str, anchor: Option<NaiveDate>, zones: &Zones) -> Vec<TimeX> {
    let toks = scan::tokens(text);
    let mut ctx = Ctx {
        text,
        toks: &toks,
        anchor,
        last_abs: None,
        line_date: None,
        caption_line: false,
        sentence_date: None,
        prev: None,
        last_year: None,
    };
    let mut out = Vec::new();
    let mut prev_line: &str = "";
    let mut skip_line = false;
    let mut i = 0;
    while i < toks.len() {
        if i == 0 || toks[i].newline_before {
            let start = toks[i].s as usize;
            let end = text[start..].find('\n').map_or(text.len(), |p| start + p);
            let line = text[start..end].trim_end();
            skip_line = (line.len() >= 40 && line == prev_line) || is_note_line(line);
            prev_line = line;
            ctx.line_date = None;
            ctx.sentence_date = None;
            ctx.caption_line = (zones.at)(toks[i].s) == Some(ZoneKind::Caption)
                || CAPTION_MARKS.iter().any(|m| line.contains(m));
        }
        if skip_line {
            i += 1;
            continue;
        }
        let found = ctx
            .best_at(i)
            .filter(|_| !matches!((zones.at)(toks[i].s), Some(ZoneKind::Notes | ZoneKind::Url)));
        let Some(c) = found else {
            if ends_sentence(text, &toks, i) {
                ctx.sentence_date = None;
            }
            i += 1;
            continue;
        };
        let end = c.end.clamp(i + 1, toks.len());
        let span = Span::new(toks[i].s as usize, toks[end - 1].e as usize);
        if c.absolute {
            if c.value.len() == 10 {
                ctx.line_date = parse_iso_date(&c.value);
            }
            ctx.last_abs = Some(c.value.clone());
            if let Some(d) = written_date(&c.value) {
                ctx.sentence_date = Some(d);
            }
        }
        if matches!(c.ttype, TimeType::Date | TimeType::Time) {
            if let Some(y) = c.value.get(..4).and_then(|y| y.parse().ok()) {
                ctx.last_year = Some(y);
            }
        }
        ctx.prev = Some((end, c.value.clone()));
        out.push(TimeX {
            span,
            ttype: c.ttype,
            value: c.value,
        });
        i = end;
    }
    out
}

/// A numbered note or reference line: "[3] Agency, 12 May 2024." or "^3 ...".
/// Its dates are those of the sources, not of the story.
fn is_note_line(line: &str) -> bool {
    let b = line.trim_start().as_bytes();
    let (open, close) = match b.first() {
        Some(b'[') => (1, Some(b']')),
        Some(b'^') => (1, None),
        _ => return false,
    };
    let d = b[open..].iter().take_while(|c| c.is_ascii_digit()).count();
    d > 0 && close.is_none_or(|c| b.get(open + d) == Some(&c))
}

/// Whether token `i` is a full stop, question or exclamation mark ending a
/// sentence (followed by a space and a capital, or by the end of the line).
fn ends_sentence(text: &str, toks: &[scan::Tok], i: usize) -> bool {
    let t = &toks[i];
    if !matches!(&text[t.s as usize..t.e as usize], "." | "!" | "?") {
        return false;
    }
    toks.get(i + 1)
        .is_none_or(|n| n.newline_before || (n.space_before && n.cap))
}

/// The date a written value with a year stands for, for the year-less dates
/// after it in the same sentence: the day itself, the middle of a month,
/// the middle of a year.
fn written_date(value: &str) -> Option<NaiveDate> {
    let y: i32 = value.get(..4)?.parse().ok()?;
    match value.len() {
        4 => NaiveDate::from_ymd_opt(y, 7, 1),
        7 => NaiveDate::from_ymd_opt(y, value.get(5..7)?.parse().ok()?, 15),
        10 => parse_iso_date(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
