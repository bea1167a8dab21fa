//! `export events`: the store's events as PLOVER JSON Lines, GDELT-like
//! tab-separated values or CSV, or the records as stored. Rows are written
//! as the store yields them.

use crate::args::{ExportArgs, ExportFormat};
use anyhow::{Context, Result};
use demarche_core::{EventRecord, ParticipantRecord};
use demarche_store::{Citation, Filter, Store, StoreLocation};
use serde::Serialize;
use std::io::{self, BufWriter, Write};

/// The gdelt and csv columns: GDELT 2.0 event fields first, then ours.
pub const COLUMNS: [&str; 33] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_FullName",
    "DATEADDED",
    "SOURCEURL",
    "DocId",
    "Outlet",
    "CharStart",
    "CharEnd",
    "Sentence",
    "Negated",
    "Hypothetical",
    "Historical",
    "PloverType",
    "PloverMode",
    "EventText",
];

/// Sentences at the head of a document that count as its lead (GDELT's
/// IsRootEvent: the event is in the lead paragraph).
const LEAD_SENTENCES: usize = 4;

/// Writes the events matching the arguments' filters to `--out` or stdout.
pub fn events(db: &StoreLocation, a: &ExportArgs) -> Result<i32> {
    let store = Store::open_for_reading(db)?;
    let f = a.filter.to_filter();
    let sink: Box<dyn Write> = match &a.out {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("{}", p.display()))?),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let res = write_events(&store, &f, a.format, &mut out).and_then(|_| Ok(out.flush()?));
    match res {
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe) =>
        {
            Ok(0)
        }
        Err(e) => Err(e),
        Ok(()) => Ok(0),
    }
}

/// Streams the rows of one format (a header first for the tables).
pub fn write_events<W: Write>(
    store: &Store,
    f: &Filter,
    format: ExportFormat,
    out: &mut W,
) -> Result<()> {
    let table = match format {
        ExportFormat::Gdelt => Some(Sep::Tab),
        ExportFormat::Csv => Some(Sep::Comma),
        ExportFormat::Plover | ExportFormat::Jsonl => None,
    };
    if let Some(sep) = table {
        let mut row = Row::new(out, sep);
        for c in COLUMNS {
            row.text(c)?;
        }
        row.end()?;
    }
    store.for_each_event(f, |e, c| -> Result<()> {
        match (format, table) {
            (_, Some(sep)) => table_row(out, sep, &e, c)?,
            (ExportFormat::Jsonl, _) => {
                serde_json::to_writer(&mut *out, &demarche_core::Record::Event(e))?;
                out.write_all(b"\n")?;
            }
            _ => {
                serde_json::to_writer(&mut *out, &plover(&e, c))?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    })
}

// ------------------------------------------------------------------ dates

/// The leading calendar part of a TIMEX3 value: `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD` (a week, season or `XX` stops it).
fn calendar(v: &str) -> Option<&str> {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !digits(0..4) {
        return None;
    }
    if b.get(4) != Some(&b'-') || !digits(5..7) {
        return Some(&v[..4]);
    }
    if b.get(7) != Some(&b'-') || !digits(8..10) {
        return Some(&v[..7]);
    }
    Some(&v[..10])
}

/// The event's own calendar date, else its document's published day.
fn effective_date<'a>(e: &'a EventRecord, c: &'a Citation) -> Option<&'a str> {
    e.date
        .as_deref()
        .and_then(calendar)
        .or_else(|| c.published.as_deref().and_then(calendar))
}

// ------------------------------------------------------------------ PLOVER

/// One event in the PLOVER manual's JSON field names (`actor` for its
/// `source`, as POLECAT names it), then ours.
#[derive(Serialize)]
struct Plover<'a> {
    id: &'a str,
    /// `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the text gives no day.
    date: Option<&'a str>,
    event: &'a str,
    mode: Option<&'a str>,
    context: Vec<&'a str>,
    actor: Vec<Actor<'a>>,
    recipient: Vec<Actor<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_loc: Option<Loc<'a>>,
    event_text: &'a str,
    /// The sentence the event was coded from.
    text: &'a str,
    text_info: TextInfo,
    /// The PLOVER score of the type (POLECAT's intensity).
    event_scale: Option<f32>,
    story_id: &'a str,
    publisher: Option<&'a str>,
    pub_date: Option<&'a str>,
    /// Events from one statement share the statement's record id.
    link: Option<&'a str>,
    cite_info: CiteInfo<'a>,
    coder: &'static str,
    negated: bool,
    hypothetical: bool,
    historical: bool,
    cameo: Option<&'a str>,
    cameo_root: Option<&'a str>,
    quad_class: Option<u8>,
    goldstein: Option<f32>,
    trigger: Option<&'a str>,
}

#[derive(Serialize)]
struct Actor<'a> {
    /// ISO 3166 alpha-3, or IGO.
    code: Option<&'a str>,
    sector: Option<&'a str>,
    identifier_id: Option<&'a str>,
    identifier_text: &'a str,
    /// Not named in the clause: taken from the passage.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    inferred: bool,
}

#[derive(Serialize)]
struct Loc<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct TextInfo {
    /// Index of the sentence in the document.
    sequence: usize,
    /// Character offsets into the stored text, `[start, end)`.
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct CiteInfo<'a> {
    url: Option<&'a str>,
    title: Option<&'a str>,
    publication: Option<&'a str>,
}

const CODER: &str = concat!("demarche ", env!("CARGO_PKG_VERSION"));

fn actors(ps: &[ParticipantRecord]) -> Vec<Actor<'_>> {
    ps.iter()
        .map(|p| Actor {
            code: p.country.as_deref(),
            sector: p.sector.as_deref(),
            identifier_id: p.id.as_deref(),
            identifier_text: &p.name,
            inferred: p.inferred,
        })
        .collect()
}

/// The PLOVER record of an event. `context` holds our context, then
/// "historical", "hypothetical" (not for THREATEN: the threat was made) and
/// "negation" from the flags.
fn plover<'a>(e: &'a EventRecord, c: &'a Citation) -> Plover<'a> {
    let mut context: Vec<&str> = e.context.as_deref().into_iter().collect();
    if e.historical {
        context.push("historical");
    }
    if e.hypothetical && e.event_type != "THREATEN" {
        context.push("hypothetical");
    }
    if e.negated {
        context.push("negation");
    }
    Plover {
        id: &e.prov.id,
        date: effective_date(e, c),
        event: &e.event_type,
        mode: e.mode.as_deref(),
        context,
        actor: actors(&e.actors),
        recipient: actors(&e.recipients),
        event_loc: e.location.as_deref().map(|name| Loc { name }),
        event_text: &e.evidence,
        text: &e.prov.sentence_text,
        text_info: TextInfo {
            sequence: e.prov.sentence,
            start: e.prov.span[0],
            end: e.prov.span[1],
        },
        event_scale: e.codes.plover_score,
        story_id: &e.prov.doc,
        publisher: c.outlet.as_deref(),
        pub_date: c.published.as_deref(),
        link: e.quote_id.as_deref(),
        cite_info: CiteInfo {
            url: c.url.as_deref(),
            title: c.title.as_deref(),
            publication: c.outlet.as_deref(),
        },
        coder: CODER,
        negated: e.negated,
        hypothetical: e.hypothetical,
        historical: e.historical,
        cameo: e.codes.cameo.as_deref(),
        cameo_root: e.codes.cameo_root.as_deref(),
        quad_class: e.codes.quad_class,
        goldstein: e.codes.goldstein,
        trigger: e.trigger.as_deref(),
    }
}

// ------------------------------------------------------------------ tables

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sep {
    Tab,
    Comma,
}

/// One row of cells written straight to the output: tabs, newlines and
/// backslashes escaped as `\t`, `\n`, `\r`, `\\` in TSV; quoted as RFC 4180
/// says in CSV.
struct Row<'w, W: Write> {
    out: &'w mut W,
    sep: Sep,
    first: bool,
}

impl<'w, W: Write> Row<'w, W> {
    fn new(out: &'w mut W, sep: Sep) -> Self {
        Row {
            out,
            sep,
            first: true,
        }
    }

    fn start_cell(&mut self) -> io::Result<()> {
        if !self.first {
            self.out
                .write_all(if self.sep == Sep::Tab { b"\t" } else { b"," })?;
        }
        self.first = false;
        Ok(())
    }

    fn text(&mut self, s: &str) -> io::Result<()> {
        self.start_cell()?;
        match self.sep {
            Sep::Tab => write_tsv(self.out, s),
            Sep::Comma => write_csv(self.out, s),
        }
    }

    fn opt(&mut self, s: Option<&str>) -> io::Result<()> {
        self.text(s.unwrap_or(""))
    }

    /// A number or flag (never needs escaping).
    fn num(&mut self, n: impl std::fmt::Display) -> io::Result<()> {
        self.start_cell()?;
        write!(self.out, "{n}")
    }

    fn end(self) -> io::Result<()> {
        self.out.write_all(b"\n")
    }
}

fn write_tsv(out: &mut impl Write, s: &str) -> io::Result<()> {
    let b = s.as_bytes();
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\\' => b"\\\\",
            _ => continue,
        };
        out.write_all(&b[from..i])?;
        out.write_all(esc)?;
        from = i + 1;
    }
    out.write_all(&b[from..])
}

fn write_csv(out: &mut impl Write, s: &str) -> io::Result<()> {
    if !s.bytes().any(|c| matches!(c, b',' | b'"' | b'\n' | b'\r')) {
        return out.write_all(s.as_bytes());
    }
    out.write_all(b"\"")?;
    let mut parts = s.split('"');
    if let Some(p) = parts.next() {
        out.write_all(p.as_bytes())?;
    }
    for p in parts {
        out.write_all(b"\"\"")?;
        out.write_all(p.as_bytes())?;
    }
    out.write_all(b"\"")
}

/// A participant's name, country (a state's alpha-3 code; empty for IGOs)
/// and sector.
fn side(row: &mut Row<'_, impl Write>, p: Option<&ParticipantRecord>) -> io::Result<()> {
    row.opt(p.map(|p| p.name.as_str()))?;
    row.opt(p.and_then(|p| p.country.as_deref()).filter(|c| *c != "IGO"))?;
    row.opt(p.and_then(|p| p.sector.as_deref()))
}

/// Digits of a calendar date without its dashes, for `len` of them.
fn compact(row: &mut Row<'_, impl Write>, date: Option<&str>, len: usize) -> io::Result<()> {
    row.start_cell()?;
    if let Some(d) = date.filter(|d| d.len() >= len + (len - 4) / 2) {
        for b in d.bytes().filter(u8::is_ascii_digit).take(len) {
            row.out.write_all(&[b])?;
        }
    }
    Ok(())
}

fn table_row(out: &mut impl Write, sep: Sep, e: &EventRecord, c: &Citation) -> io::Result<()> {
    let mut row = Row::new(out, sep);
    let date = effective_date(e, c);
    let code = e.codes.cameo.as_deref();
    row.text(&e.prov.id)?;
    compact(&mut row, date, 8)?;
    compact(&mut row, date, 6)?;
    compact(&mut row, date, 4)?;
    side(&mut row, e.actors.first())?;
    side(&mut row, e.recipients.first())?;
    row.num(u8::from(e.prov.sentence < LEAD_SENTENCES))?;
    row.opt(code)?;
    row.opt(code.and_then(|c| c.get(..3)))?;
    row.opt(e.codes.cameo_root.as_deref())?;
    match e.codes.quad_class {
        Some(q) => row.num(q)?,
        None => row.text("")?,
    }
    match e.codes.goldstein {
        Some(g) => row.num(format_args!("{g:.1}"))?,
        None => row.text("")?,
    }
    for _ in 0..3 {
        row.num(1)?;
    }
    row.opt(e.location.as_deref())?;
    row.start_cell()?;
    for b in c.ingested_at.bytes().filter(u8::is_ascii_digit).take(14) {
        row.out.write_all(&[b])?;
    }
    row.opt(c.url.as_deref())?;
    row.text(&e.prov.doc)?;
    row.opt(c.outlet.as_deref())?;
    row.num(e.prov.span[0])?;
    row.num(e.prov.span[1])?;
    row.num(e.prov.sentence)?;
    row.num(u8::from(e.negated))?;
    row.num(u8::from(e.hypothetical))?;
    row.num(u8::from(e.historical))?;
    row.text(&e.event_type)?;
    row.opt(e.mode.as_deref())?;
    row.text(&e.evidence)?;
    row.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tsv(s: &str) -> String {
        let mut v = Vec::new();
        write_tsv(&mut v, s).unwrap();
        String::from_utf8(v).unwrap()
    }

    fn csv(s: &str) -> String {
        let mut v = Vec::new();
        write_csv(&mut v, s).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn cells_are_escaped() {
        assert_eq!(tsv("a\tb\nc\\d"), "a\\tb\\nc\\\\d");
        assert_eq!(tsv("plain"), "plain");
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn calendar_prefixes() {
        assert_eq!(calendar("2026-01-07"), Some("2026-01-07"));
        assert_eq!(calendar("2026-01-07T10:00:00Z"), Some("2026-01-07"));
        assert_eq!(calendar("2026-01"), Some("2026-01"));
        assert_eq!(calendar("2026-01-XX"), Some("2026-01"));
        assert_eq!(calendar("2026-W02"), Some("2026"));
        assert_eq!(calendar("PAST_REF"), None);
    }

    #[test]
    fn compact_dates_need_their_precision() {
        let cell = |d: Option<&str>, len| {
            let mut v = Vec::new();
            compact(&mut Row::new(&mut v, Sep::Tab), d, len).unwrap();
            String::from_utf8(v).unwrap()
        };
        assert_eq!(cell(Some("2026-03-04"), 8), "20260304");
        assert_eq!(cell(Some("2026-03-04"), 6), "202603");
        assert_eq!(cell(Some("2026-03"), 8), "");
        assert_eq!(cell(Some("2026-03"), 6), "202603");
        assert_eq!(cell(Some("2026"), 4), "2026");
        assert_eq!(cell(None, 4), "");
    }
}
