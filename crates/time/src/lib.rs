//! Time expressions normalized to TIMEX3 values (TimeML, as in TempEval-3),
//! anchored to the document's publication date or, failing that, the latest
//! full date written in its text.
//!
//! The crate owns `Document::anchor` and `Document::times`. Words come from
//! `data/lexicon/time.toml` ([`lexicon`]); the text is split by a light
//! tokenizer ([`scan`]) and the grammar ([`rules`]) is tried only at tokens
//! the lexicon knows or at digits, keeping the longest expression.

mod lexicon;
mod rules;
mod scan;

use chrono::NaiveDate;
use demarche_core::{Document, Found, Span, TimeType, TimeX, ZoneKind};
use rules::Ctx;

/// Where the tagger may look, and which lines are photo captions.
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
        None => match latest_date(&run(&doc.text, None, &z)) {
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
    let anchor = anchor.or_else(|| latest_date(&run(text, None, &z)));
    run(text, anchor, &z)
}

/// The anchor [`tag`] uses for `text` when given none: its latest full date.
pub fn fallback_anchor(text: &str) -> Option<NaiveDate> {
    let none = |_: u32| None;
    latest_date(&run(text, None, &Zones { at: &none }))
}

/// Parses the date part of an ISO date or date-time.
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let d = s.trim().get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// The latest fully specified single date among `times`.
fn latest_date(times: &[TimeX]) -> Option<NaiveDate> {
    times
        .iter()
        .filter(|t| t.ttype == TimeType::Date && t.value.len() == 10)
        .filter_map(|t| parse_iso_date(&t.value))
        .max()
}

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
        prev: None,
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
            skip_line = line.len() >= 40 && line == prev_line;
            prev_line = line;
            ctx.line_date = None;
            ctx.caption_line = (zones.at)(toks[i].s) == Some(ZoneKind::Caption)
                || CAPTION_MARKS.iter().any(|m| line.contains(m));
        }
        if skip_line || matches!((zones.at)(toks[i].s), Some(ZoneKind::Notes | ZoneKind::Url)) {
            i += 1;
            continue;
        }
        let Some(c) = ctx.best_at(i) else {
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

#[cfg(test)]
mod tests;
