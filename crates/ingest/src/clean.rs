//! Cleaning of article text with traceable offsets: line normalisation,
//! Markdown inline markup, page-furniture removal, de-duplication, rejoining of
//! broken paragraphs, zones (title, captions, metadata lines, endnotes, URLs,
//! furniture) and the metadata that plain text carries (title, date line,
//! byline, dateline, source URL line).
//!
//! The cleaned text is assembled from *pieces* of the input (each an exact
//! copy of an input byte range) and separators (" ", "\n", "\n\n").
//! `source_map` records `[clean_offset, input_offset]` at the start of every
//! run of contiguous pieces.

use crate::date;
use crate::lexicon::{lexicon, Lexicon};
use crate::urls;
use demarche_core::hash::FxBuild;
use demarche_core::{Found, Metadata, Span, Zone, ZoneKind};
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// A zone hint from a markup reader: input text in `range` is of `kind`.
#[derive(Debug, Clone)]
pub(crate) struct Hint {
    pub range: Range<usize>,
    pub kind: ZoneKind,
}

/// How to read the input text.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options<'h> {
    /// Full Markdown: headings, emphasis, block quotes, list bullets, fences.
    pub markdown: bool,
    /// Markdown links and images, `<https://…>` autolinks (also in `.txt`,
    /// which is often converted from web pages).
    pub inline_links: bool,
    /// Zone hints in input offsets.
    pub hints: &'h [Hint],
    /// How metadata found in the text is labelled ("text", "md", "html").
    pub how_prefix: &'static str,
}

/// The cleaned text with its map back to the input, zones and metadata.
#[derive(Debug, Default)]
pub(crate) struct Cleaned {
    pub text: String,
    pub source_map: Vec<[u32; 2]>,
    pub zones: Vec<Zone>,
    pub meta: Metadata,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    /// A line dropped from the cleaned text.
    Drop,
    /// A kept line inside a zone.
    Zone(ZoneKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Separated by a line break (or a blank line across blocks).
    Break,
    /// Rejoined with a space.
    Space,
    /// Rejoined directly (the next part starts with punctuation).
    Tight,
}

/// One non-blank input line after inline cleaning.
struct Unit<'a> {
    text: Cow<'a, str>,
    /// `(input offset, length)`; their concatenation is `text`.
    pieces: Vec<(usize, usize)>,
    /// Index of the blank-line separated block.
    block: usize,
    kind: Kind,
    join: Join,
    /// Markdown links / autolinks in the line and the bytes of their text.
    links: usize,
    link_bytes: usize,
    heading: bool,
    /// Length of a dateline prefix to zone as Meta.
    meta_prefix: usize,
}

impl Unit<'_> {
    /// The input range the unit was taken from.
    fn input_range(&self) -> Range<usize> {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(a), Some(b)) => a.0..b.0 + b.1,
            _ => 0..0,
        }
    }
}

/// Cleans `input`; the result's text is empty when nothing is left.
pub(crate) fn clean(input: &str, opts: Options<'_>) -> Cleaned {
    let lex = lexicon();
    let mut units = split_units(input, opts);
    let mut meta = Metadata::default();
    let hits = Hits::find(input, lex);
    classify(&mut units, &hits, opts, lex, &mut meta);
    rejoin(&mut units, lex);
    let mut out = assemble(input, &units);
    out.meta = meta;
    out
}

// ---------------------------------------------------------------- lines

/// Byte ranges of the lines of `s` (without terminators; "\n", "\r\n" and "\r" all end a line).
fn line_ranges(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 60 + 1);
    let mut pos = 0;
    while pos <= b.len() {
        match memchr::memchr2(b'\n', b'\r', &b[pos..]) {
            Some(off) => {
                let end = pos + off;
                out.push(pos..end);
                pos = if b[end] == b'\r' && b.get(end + 1) == Some(&b'\n') {
                    end + 2
                } else {
                    end + 1
                };
            }
            None => {
                out.push(pos..b.len());
                break;
            }
        }
    }
    out
}

/// A line made only of rule characters ("___", "* * *", "-----").
fn is_rule(t: &str) -> bool {
    let mut n = 0;
    for c in t.chars() {
        match c {
            '-' | '_' | '*' | '=' | '~' | '•' | '·' | '—' | '–' => n += 1,
            ' ' => {}
            _ => return false,
        }
    }
    n >= 3
}

fn split_units<'a>(input: &'a str, opts: Options<'_>) -> Vec<Unit<'a>> {
    let mut units = Vec::new();
    let mut block = 0;
    let mut blank = false;
    let mut in_fence = false;
    for r in line_ranges(input) {
        let line = &input[r.clone()];
        let trimmed_start = line.trim_start();
        let t = trimmed_start.trim_end();
        if opts.markdown && (t.starts_with("```") || t.starts_with("~~~")) {
            in_fence = !in_fence;
            blank = true;
            continue;
        }
        if t.is_empty() || (!in_fence && is_rule(t)) {
            blank = true;
            continue;
        }
        if blank && !units.is_empty() {
            block += 1;
        }
        blank = false;
        let mut start = r.start + (line.len() - trimmed_start.len());
        let mut body = t;
        let mut heading = false;
        if opts.markdown && !in_fence {
            let (s, h) = strip_md_block(body);
            start += body.len() - s.len();
            body = s;
            heading = h;
            if body.is_empty() {
                continue;
            }
        }
        let links = opts.inline_links && !in_fence;
        let md = opts.markdown && !in_fence;
        let (text, pieces, nlinks, link_bytes) = inline(start, body, md, links);
        if text.trim().is_empty() {
            continue;
        }
        units.push(Unit {
            text,
            pieces,
            block,
            kind: Kind::Body,
            join: Join::Break,
            links: nlinks,
            link_bytes,
            heading,
            meta_prefix: 0,
        });
    }
    units
}

/// Strips Markdown block markers: headings, block quotes, list bullets.
fn strip_md_block(mut t: &str) -> (&str, bool) {
    let mut heading = false;
    loop {
        if let Some(rest) = t.strip_prefix('>') {
            t = rest.trim_start();
            continue;
        }
        break;
    }
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        t = t[hashes..].trim_start();
        t = t.trim_end_matches('#').trim_end();
        heading = true;
    } else if let Some(rest) = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))
    {
        t = rest.trim_start();
    }
    (t, heading)
}

type Inline<'a> = (Cow<'a, str>, Vec<(usize, usize)>, usize, usize);

/// Inline cleaning of one line starting at input offset `start`: link text kept
/// and targets dropped, images dropped, autolink brackets dropped, runs of
/// spaces collapsed, Markdown emphasis markers dropped (`md`).
fn inline(start: usize, line: &str, md: bool, links: bool) -> Inline<'_> {
    let b = line.as_bytes();
    let needs_work = (links && memchr::memchr3(b'[', b'<', b'!', b).is_some())
        || (md && memchr::memchr3(b'*', b'_', b'`', b).is_some())
        || memchr::memchr(b'\t', b).is_some()
        || memchr::memmem::find(b, b"  ").is_some();
    if !needs_work {
        return (Cow::Borrowed(line), vec![(start, line.len())], 0, 0);
    }
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut nlinks = 0;
    let mut link_bytes = 0;
    let mut run = 0;
    let mut i = 0;
    let push = |pieces: &mut Vec<(usize, usize)>, from: usize, to: usize| {
        if to > from {
            match pieces.last_mut() {
                Some(last) if last.0 + last.1 == start + from => last.1 += to - from,
                _ => pieces.push((start + from, to - from)),
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        if links && c == b'!' && b.get(i + 1) == Some(&b'[') {
            if let Some((_, close)) = md_link(b, i + 1) {
                push(&mut pieces, run, i);
                i = close;
                run = i;
                continue;
            }
        }
        if links && c == b'[' {
            if let Some((text_end, close)) = md_link(b, i) {
                push(&mut pieces, run, i);
                let inner = line[i + 1..text_end].trim();
                if !inner.is_empty() {
                    let off = i
                        + 1
                        + (line[i + 1..text_end].len() - line[i + 1..text_end].trim_start().len());
                    push(&mut pieces, off, off + inner.len());
                    nlinks += 1;
                    link_bytes += inner.len();
                }
                i = close;
                run = i;
                continue;
            }
        }
        if links
            && c == b'<'
            && (b[i + 1..].starts_with(b"http://") || b[i + 1..].starts_with(b"https://"))
        {
            if let Some(gt) = b[i + 1..]
                .iter()
                .position(|&x| x == b'>' || x == b' ' || x == b'<')
            {
                if b[i + 1 + gt] == b'>' {
                    push(&mut pieces, run, i);
                    push(&mut pieces, i + 1, i + 1 + gt);
                    nlinks += 1;
                    link_bytes += gt;
                    i = i + 2 + gt;
                    run = i;
                    continue;
                }
            }
        }
        if c == b' ' || c == b'\t' {
            let mut j = i + 1;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            if j - i > 1 || c == b'\t' {
                // keep one space: the first one if it is a space
                if c == b' ' {
                    push(&mut pieces, run, i + 1);
                    run = j;
                } else {
                    push(&mut pieces, run, i);
                    // find a space inside the run to keep, else drop the run
                    if let Some(sp) = b[i..j].iter().position(|&x| x == b' ') {
                        push(&mut pieces, i + sp, i + sp + 1);
                    }
                    run = j;
                }
            }
            i = j;
            continue;
        }
        if md && (c == b'*' || c == b'`' || c == b'_') {
            let n = b[i..].iter().take_while(|&&x| x == c).count();
            let prev_space = i == 0 || b[i - 1] == b' ';
            let next_space = i + n >= b.len() || b[i + n] == b' ';
            let boundary = prev_space != next_space;
            if c != b'_' || boundary || n >= 2 {
                push(&mut pieces, run, i);
                i += n;
                run = i;
                continue;
            }
        }
        i += 1;
    }
    push(&mut pieces, run, b.len());
    let mut text = String::with_capacity(line.len());
    for &(o, l) in &pieces {
        text.push_str(&line[o - start..o - start + l]);
    }
    (Cow::Owned(text), pieces, nlinks, link_bytes)
}

/// A Markdown link `[text](target)` or `[text][ref]` opening at `open`:
/// returns (end of text, index after the link).
fn md_link(b: &[u8], open: usize) -> Option<(usize, usize)> {
    let limit = (open + 600).min(b.len());
    let mut depth = 0;
    let mut close_text = None;
    for (k, &c) in b[open..limit].iter().enumerate() {
        match c {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    close_text = Some(open + k);
                    break;
                }
            }
            _ => {}
        }
    }
    let te = close_text?;
    let (opener, closer) = match b.get(te + 1) {
        Some(b'(') => (b'(', b')'),
        Some(b'[') => (b'[', b']'),
        _ => return None,
    };
    let limit = (te + 2 + 2000).min(b.len());
    let mut depth = 0;
    for (k, &c) in b[te + 1..limit].iter().enumerate() {
        if c == opener {
            depth += 1;
        } else if c == closer {
            depth -= 1;
            if depth == 0 {
                return Some((te, te + 1 + k + 1));
            }
        } else if c == b' '
            && opener == b'('
            && k > 0
            && b[te + 1 + k - 1] != b'"'
            && !b[te + 1 + k + 1..].starts_with(b"\"")
        {
            // a space in a link target only before a "title"
            return None;
        }
    }
    None
}

// ---------------------------------------------------------- classifying

/// Number of words, counting no further than `cap`.
fn words_upto(t: &str, cap: usize) -> usize {
    t.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .take(cap)
        .count()
}

fn words(t: &str) -> usize {
    t.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .count()
}

/// Ends like a sentence or a quotation.
fn ends_terminal(t: &str) -> bool {
    matches!(
        t.trim_end().chars().last(),
        Some('.' | '!' | '?' | ':' | ';' | '"' | '”' | '’' | '\'' | ')' | ']' | '…' | '»')
    )
}

/// Starts in lower case or with continuing punctuation.
fn starts_continuation(t: &str) -> bool {
    match t.chars().next() {
        Some(c) if c.is_lowercase() => true,
        Some(',' | '.' | ';' | ':' | ')' | ']' | '—' | '–' | '…') => true,
        Some('-') => !t.starts_with("- "),
        _ => false,
    }
}

/// Ends in a word that cannot end a sentence ("the", "of", "and").
fn ends_dangling(t: &str, lex: &Lexicon) -> bool {
    t.rsplit(' ')
        .next()
        .is_some_and(|w| w.len() <= 9 && lex.dangling.contains(&w.to_lowercase()))
}

fn starts_tight(t: &str) -> bool {
    matches!(
        t.chars().next(),
        Some(',' | '.' | ';' | ':' | ')' | ']' | '!' | '?')
    )
}

/// Lower-cased text with surrounding punctuation, arrows and spaces removed.
fn norm(t: &str) -> String {
    t.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn starts_with_ci(t: &str, p: &str) -> bool {
    t.len() >= p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

fn ends_with_ci(t: &str, p: &str) -> bool {
    t.len() >= p.len() && t.as_bytes()[t.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
}

fn is_furniture(t: &str, span: Range<usize>, hits: &Hits, lex: &Lexicon) -> bool {
    if t.len() <= lex.furniture_max + 8 && lex.furniture_lines.contains(&norm(t)) {
        return true;
    }
    if t.len() < 160 {
        if let Some(p) = lex.furniture_prefixes.iter().find(|p| starts_with_ci(t, p)) {
            // "Related article: <a headline>" carries words worth keeping: zoned, not dropped
            return words_upto(&t[p.len()..], 4) < 4;
        }
        if t.len() < 80
            && lex
                .furniture_wrapped
                .iter()
                .any(|(a, b)| starts_with_ci(t, a) && ends_with_ci(t, b))
        {
            return true;
        }
    }
    t.len() < 400 && hits.appeal(span)
}

fn is_caption(t: &str, span: Range<usize>, hits: &Hits, lex: &Lexicon) -> bool {
    if t.len() > 800 {
        return false;
    }
    if lex
        .caption_prefixes
        .iter()
        .any(|p| t.starts_with(p.as_str()))
    {
        return true;
    }
    hits.caption(span.end.saturating_sub(80).max(span.start)..span.end)
}

/// Where the lexicon's appeal and caption phrases occur in the input (one
/// automaton pass over the whole input instead of one per line).
struct Hits {
    appeals: Vec<usize>,
    captions: Vec<usize>,
}

impl Hits {
    fn find(input: &str, lex: &Lexicon) -> Hits {
        let mut h = Hits {
            appeals: Vec::new(),
            captions: Vec::new(),
        };
        for m in lex.phrases.find_iter(input) {
            if m.pattern().as_usize() < lex.appeal_count {
                h.appeals.push(m.start());
            } else {
                h.captions.push(m.start());
            }
        }
        h
    }

    fn any(v: &[usize], r: Range<usize>) -> bool {
        let i = v.partition_point(|&p| p < r.start);
        v.get(i).is_some_and(|&p| p < r.end)
    }

    fn appeal(&self, r: Range<usize>) -> bool {
        Hits::any(&self.appeals, r)
    }

    fn caption(&self, r: Range<usize>) -> bool {
        Hits::any(&self.captions, r)
    }
}

/// "[3] https://…", "^3 …", "3. https://…": a footnote with a link.
fn is_footnote(t: &str) -> bool {
    let b = t.as_bytes();
    let numbered = if b.first() == Some(&b'[') || b.first() == Some(&b'^') {
        let d = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        d > 0 && (b.first() == Some(&b'^') || b.get(1 + d) == Some(&b']'))
    } else {
        let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
        d > 0 && matches!(b.get(d), Some(b'.' | b')'))
    };
    numbered && urls::contains_url(t)
}

/// Strips a date-line label ("Published:", "Updated on") and returns
/// (label, date).
fn date_line<'t>(t: &'t str, lex: &Lexicon) -> Option<(&'t str, String)> {
    if t.len() > 100 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    for p in &lex.date_prefixes {
        if starts_with_ci(t, p) {
            let rest = &t[p.len()..];
            if rest.starts_with([':', ' ']) {
                let rest = rest.trim_start_matches([':', ' ']);
                return date::date_only_line(rest).map(|d| (&t[..p.len()], d));
            }
        }
    }
    date::date_only_line(t).map(|d| ("", d))
}

fn is_read_time(t: &str, lex: &Lexicon) -> bool {
    t.len() < 40
        && t.starts_with(|c: char| c.is_ascii_digit())
        && lex.read_time.iter().any(|r| ends_with_ci(t, r))
}

fn is_label(t: &str, lex: &Lexicon) -> bool {
    t.len() < 30
        && lex
            .meta_labels
            .contains(&t.trim_end_matches(':').trim().to_lowercase())
}

fn is_contributed(t: &str, lex: &Lexicon) -> bool {
    t.len() < 250 && lex.contributed.iter().any(|c| ends_with_ci(t, c))
}

/// "Original url:" / "Source: https://…": returns the URL on the same line, if any.
fn url_label<'t>(t: &'t str, lex: &Lexicon) -> Option<Option<&'t str>> {
    let colon = t.bytes().take(31).position(|b| b == b':')?;
    if colon > 30 || !lex.url_labels.contains(&t[..colon].trim().to_lowercase()) {
        return None;
    }
    let rest = t[colon + 1..].trim();
    if rest.is_empty() {
        Some(None)
    } else if urls::whole_url(rest) {
        Some(Some(rest))
    } else {
        None
    }
}

fn agency_name(s: &str, lex: &Lexicon) -> Option<String> {
    let s = s.trim().trim_end_matches('.');
    if s.is_empty() || s.len() > 60 {
        return None;
    }
    if let Some(n) = lex.agencies.get(&s.to_lowercase()) {
        return Some(n.clone());
    }
    let n = s.split_whitespace().count();
    let last = s.split_whitespace().last()?.to_lowercase();
    let capitalised = s.split_whitespace().all(|w| {
        w.starts_with(|c: char| c.is_uppercase()) || matches!(w, "of" | "the" | "and" | "&")
    });
    (n <= 6 && capitalised && lex.outlet_words.contains(&last)).then(|| s.to_string())
}

const NAME_PARTICLES: [&str; 14] = [
    "and", "&", "de", "da", "del", "van", "von", "der", "den", "la", "le", "bin", "al", "y",
];

/// "By Jane Doe", "By Jane Doe and John Roe, Reuters", "By The Associated Press – Associated Press".
/// Returns (byline, outlet).
fn byline(t: &str, lex: &Lexicon) -> Option<(String, Option<String>)> {
    let rest = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("BY "))
        .or_else(|| t.strip_prefix("by "))?;
    if t.len() > 150 || ends_terminal(rest) && !rest.ends_with('.') {
        return None;
    }
    let cut = [" – ", " — ", " - ", " | ", ", "]
        .iter()
        .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
        .min();
    let (names, tail) = match cut {
        Some((i, l)) => (rest[..i].trim(), Some(rest[i + l..].trim())),
        None => (rest.trim(), None),
    };
    let ws: Vec<&str> = names.split_whitespace().collect();
    if ws.is_empty() || ws.len() > 10 {
        return None;
    }
    let ok = ws.iter().all(|w| {
        w.starts_with(|c: char| c.is_uppercase())
            || NAME_PARTICLES.contains(&w.to_lowercase().as_str())
    });
    if !ok || !ws[0].starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let outlet = tail
        .and_then(|tl| agency_name(tl, lex))
        .or_else(|| agency_name(names, lex));
    Some((names.to_string(), outlet))
}

fn dateline_regexes() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        let month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?";
        let date = format!(r"(?P<date>{month} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {month}(?: \d{{4}})?)");
        let agency = r"(?:\((?P<ag1>[^()]{1,40})\)|/(?P<ag2>[^/]{1,40})/)";
        let dash = r"\s*(?:—|–|--?)\s+";
        // ALL-CAPS place, optional ", Region", optional date, optional (AGENCY) or /AGENCY/
        let caps = format!(
            r"^(?P<place>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+)*(?:, [A-Z][A-Za-z.\-]+(?: [A-Z][A-Za-z.\-]+)*)?)(?:,? {date})?\s*{agency}?{dash}"
        );
        // Mixed-case place only with an agency: "Kyiv, Jan 25 (Reuters) -"
        let mixed = format!(
            r"^(?P<place>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)*(?:, [A-Z][A-Za-z.\-]+)?)(?:,? {date})?\s*{agency}{dash}"
        );
        // Patterns are constants: a failure here is a defect caught by tests.
        [Regex::new(&caps).expect("dateline regex"), Regex::new(&mixed).expect("dateline regex")]
    })
}

struct Dateline {
    prefix_len: usize,
    place: String,
    outlet: Option<String>,
    date: Option<String>,
}

fn dateline(t: &str, lex: &Lexicon) -> Option<Dateline> {
    for re in dateline_regexes() {
        if let Some(c) = re.captures(t) {
            let place = c.name("place")?.as_str();
            if place.len() < 3 || place.len() > 60 {
                continue;
            }
            let whole = c.get(0)?;
            // a dateline is followed by the sentence
            if whole.end() >= t.len() {
                continue;
            }
            let ag = c
                .name("ag1")
                .or_else(|| c.name("ag2"))
                .map(|m| m.as_str().trim());
            let outlet = ag.map(|a| agency_name(a, lex).unwrap_or_else(|| a.to_string()));
            let date = c.name("date").and_then(|d| date::normalize(d.as_str()));
            return Some(Dateline {
                prefix_len: whole.end(),
                place: place.to_string(),
                outlet,
                date,
            });
        }
    }
    None
}

fn hint_kind(u: &Unit<'_>, hints: &[Hint]) -> Option<ZoneKind> {
    let start = u.pieces.first()?.0;
    hints
        .iter()
        .find(|h| h.range.contains(&start))
        .map(|h| h.kind)
}

fn found(v: impl Into<String>, prefix: &str, how: &str) -> Option<Found<String>> {
    Some(Found::new(v.into(), format!("{prefix}:{how}")))
}

fn classify(
    units: &mut [Unit<'_>],
    hits: &Hits,
    opts: Options<'_>,
    lex: &Lexicon,
    meta: &mut Metadata,
) {
    let n = units.len();
    let p = opts.how_prefix;
    let mut published: Option<(bool, String)> = None;
    let mut is_meta_line = vec![false; n];

    // 1. Line-level kinds.
    for (i, u) in units.iter_mut().enumerate() {
        let t: &str = &u.text;
        if let Some(k) = hint_kind(u, opts.hints) {
            u.kind = Kind::Zone(k);
        }
        let span = u.input_range();
        if is_furniture(t, span.clone(), hits, lex)
            && !(t.len() < 40 && lex.tail_headings.contains(&norm(t)))
        {
            u.kind = Kind::Drop;
            continue;
        }
        if t.len() < 160 && lex.furniture_prefixes.iter().any(|p| starts_with_ci(t, p)) {
            u.kind = Kind::Zone(ZoneKind::Furniture);
            continue;
        }
        if let Some((label, d)) = date_line(t, lex) {
            let updated = label.to_ascii_lowercase().contains("updat")
                || label.to_ascii_lowercase().contains("modif");
            if published.as_ref().is_none_or(|(upd, _)| *upd && !updated) {
                published = Some((updated, d));
            }
            u.kind = Kind::Zone(ZoneKind::Meta);
            is_meta_line[i] = true;
            continue;
        }
        if u.kind != Kind::Body && u.kind != Kind::Zone(ZoneKind::Meta) {
            continue;
        }
        if is_caption(t, span, hits, lex) {
            u.kind = Kind::Zone(ZoneKind::Caption);
        } else if is_footnote(t) {
            u.kind = Kind::Zone(ZoneKind::Notes);
        } else if urls::whole_url(t) {
            u.kind = Kind::Zone(ZoneKind::Url);
        } else if is_read_time(t, lex) || is_contributed(t, lex) || is_label(t, lex) {
            u.kind = Kind::Zone(ZoneKind::Meta);
            is_meta_line[i] = true;
        } else if let Some((by, outlet)) = byline(t, lex) {
            u.kind = Kind::Zone(ZoneKind::Meta);
            is_meta_line[i] = true;
            if meta.byline.is_none() {
                meta.byline = found(by, p, "byline-line");
                if let Some(o) = outlet {
                    meta.outlet = found(o, p, "byline-line");
                }
            }
        } else if u.links >= 2 && u.link_bytes * 10 >= t.len() * 6 {
            u.kind = Kind::Drop;
        }
    }
    if let Some((_, d)) = published {
        meta.published = found(d, p, "date-line");
    }

    // 2. Exact repeats of an earlier line.
    {
        let mut seen: HashSet<&str, FxBuild> =
            HashSet::with_capacity_and_hasher(n, FxBuild::default());
        let mut dup = vec![false; n];
        for (i, u) in units.iter().enumerate() {
            if u.kind != Kind::Drop && u.text.len() >= 20 && !seen.insert(&u.text) {
                dup[i] = true;
            }
        }
        for (u, d) in units.iter_mut().zip(dup) {
            if d {
                u.kind = Kind::Drop;
            }
        }
    }

    // 3. Source URL lines ("Original url:" then the URL).
    for i in 0..n {
        if units[i].kind == Kind::Drop {
            continue;
        }
        if let Some(same) = url_label(&units[i].text, lex) {
            let url = match same {
                Some(u) => Some(u.to_string()),
                None => units
                    .get(i + 1)
                    .filter(|v| urls::whole_url(&v.text))
                    .map(|v| v.text.to_string()),
            };
            if let Some(url) = url {
                units[i].kind = Kind::Zone(ZoneKind::Meta);
                if same.is_none() {
                    units[i + 1].kind = Kind::Zone(ZoneKind::Url);
                }
                if meta.url.is_none() {
                    meta.url = found(url.trim_end_matches(['>', ';', ',']), p, "url-line");
                }
            }
        }
    }

    // 4. Endnotes: a notes heading followed by footnotes or link lines.
    for i in 0..n {
        if units[i].kind != Kind::Body || units[i].text.len() > 40 {
            continue;
        }
        let h = units[i].text.trim_end_matches(':').trim().to_lowercase();
        if !lex.notes_headings.contains(&h) {
            continue;
        }
        let rest: Vec<&Unit> = units[i + 1..]
            .iter()
            .filter(|u| u.kind != Kind::Drop)
            .collect();
        let linky = rest
            .iter()
            .filter(|u| {
                matches!(
                    u.kind,
                    Kind::Zone(ZoneKind::Notes) | Kind::Zone(ZoneKind::Url)
                ) || urls::contains_url(&u.text)
            })
            .count();
        let next_is_note = rest.first().is_some_and(|u| {
            matches!(
                u.kind,
                Kind::Zone(ZoneKind::Notes) | Kind::Zone(ZoneKind::Url)
            ) || u.text.starts_with(['[', '^', '1'])
        });
        if !rest.is_empty() && (next_is_note || linky * 2 >= rest.len()) {
            for u in units[i..].iter_mut() {
                if matches!(
                    u.kind,
                    Kind::Body
                        | Kind::Zone(ZoneKind::Url)
                        | Kind::Zone(ZoneKind::Meta)
                        | Kind::Zone(ZoneKind::Caption)
                ) {
                    u.kind = Kind::Zone(ZoneKind::Notes);
                }
            }
            break;
        }
    }

    // 5. Tail sections ("About the Author", "More Stories"): short lines after are furniture.
    let third = n / 3;
    for i in third..n {
        if units[i].text.len() > 40 || !lex.tail_headings.contains(&norm(&units[i].text)) {
            continue;
        }
        let long_after = units[i + 1..]
            .iter()
            .any(|u| u.kind == Kind::Body && u.text.len() >= 200);
        if long_after {
            continue;
        }
        for u in units[i..].iter_mut() {
            if matches!(u.kind, Kind::Body | Kind::Zone(ZoneKind::Meta)) {
                u.kind = Kind::Zone(ZoneKind::Furniture);
            }
        }
        if is_furniture(&units[i].text, units[i].input_range(), hits, lex) {
            units[i].kind = Kind::Drop;
        }
        break;
    }

    // 6. Label values: "Category" then "World".
    for i in 0..n.saturating_sub(1) {
        if is_meta_line[i] && is_label(&units[i].text, lex) {
            let v = &units[i + 1];
            if v.kind == Kind::Body
                && words_upto(&v.text, 5) <= 4
                && v.text.len() < 40
                && !ends_terminal(&v.text)
            {
                units[i + 1].kind = Kind::Zone(ZoneKind::Meta);
                is_meta_line[i + 1] = true;
            }
        }
    }

    // 7. Header: title, section labels before it, standfirst, credit line.
    let limit = n.min(40);
    let mut title_idx = units[..limit]
        .iter()
        .position(|u| u.kind == Kind::Zone(ZoneKind::Title));
    if title_idx.is_none() {
        for (i, u) in units.iter().enumerate().take(limit) {
            if u.kind != Kind::Body {
                continue;
            }
            let w = words(&u.text);
            let title_like = (opts.markdown && u.heading)
                || (w >= 4
                    && u.text.len() <= 200
                    && !u.text.ends_with('.')
                    && !starts_continuation(&u.text));
            if title_like {
                title_idx = Some(i);
                break;
            }
            if w >= 20 || ends_terminal(&u.text) {
                break; // the body starts without a title line
            }
        }
        if let Some(ti) = title_idx {
            for u in units[..ti].iter_mut() {
                if u.kind == Kind::Body {
                    u.kind = Kind::Zone(ZoneKind::Furniture);
                }
            }
            units[ti].kind = Kind::Zone(ZoneKind::Title);
        }
    }
    let mut body_from = 0;
    if let Some(ti) = title_idx {
        let h_limit = (ti + 9).min(n);
        let last_meta = (ti + 1..h_limit).rev().find(|&j| is_meta_line[j]);
        body_from = ti + 1;
        if let Some(h) = last_meta {
            let prose_between = units[ti + 1..h]
                .iter()
                .filter(|u| u.kind == Kind::Body && words_upto(&u.text, 8) >= 8)
                .count();
            if prose_between <= 2 {
                for u in units[ti + 1..h].iter_mut() {
                    if u.kind == Kind::Body {
                        u.kind = Kind::Zone(ZoneKind::Title);
                    }
                }
                body_from = h + 1;
                // a short credit line right after the header, before the first paragraph
                let next: Vec<usize> = (h + 1..n)
                    .filter(|&j| units[j].kind != Kind::Drop)
                    .take(2)
                    .collect();
                if let [a, b] = next[..] {
                    let (ua, ub) = (&units[a], &units[b]);
                    if ua.kind == Kind::Body
                        && words_upto(&ua.text, 6) <= 5
                        && !ends_terminal(&ua.text)
                        && ub.kind == Kind::Body
                        && words_upto(&ub.text, 12) >= 12
                    {
                        units[a].kind = Kind::Zone(ZoneKind::Caption);
                    }
                }
            }
        }
        if meta.title.is_none() {
            let how = if opts.markdown && units[ti].heading {
                "heading"
            } else {
                "title-line"
            };
            meta.title = found(units[ti].text.to_string(), p, how);
        }
    }

    // 8. Dateline at the start of the first body paragraph.
    if let Some(first) = (body_from..n).find(|&j| units[j].kind == Kind::Body) {
        if let Some(d) = dateline(&units[first].text, lex) {
            units[first].meta_prefix = d.prefix_len;
            meta.dateline = found(d.place, p, "dateline");
            if meta.outlet.is_none() {
                if let Some(o) = d.outlet {
                    meta.outlet = found(o, p, "dateline");
                }
            }
            if meta.published.is_none() {
                if let Some(dt) = d.date.filter(|x| x.len() >= 10) {
                    meta.published = found(dt, p, "dateline");
                }
            }
        }
    }
}

// ------------------------------------------------------------- rejoining

/// Rejoins body paragraphs that a converter broke mid-sentence.
fn rejoin(units: &mut [Unit<'_>], lex: &Lexicon) {
    let n = units.len();
    let mut cur: Option<usize> = None; // last body unit of the current paragraph
    let mut cur_len = 0usize;
    let mut cur_words = 0usize;
    let mut i = 0;
    while i < n {
        match units[i].kind {
            Kind::Drop => {
                i += 1;
                continue;
            }
            Kind::Body => {}
            _ => {
                cur = None;
                i += 1;
                continue;
            }
        }
        if let Some(a) = cur {
            let open = !ends_terminal(&units[a].text) && (cur_len >= 60 || cur_words >= 8);
            let b = &units[i];
            let mut join = None;
            if open && starts_continuation(&b.text) {
                join = Some(if starts_tight(&b.text) {
                    Join::Tight
                } else {
                    Join::Space
                });
            } else if open
                && !b.heading
                && ((ends_dangling(&units[a].text, lex) && words_upto(&b.text, 2) >= 2)
                    || (b.block == units[a].block && units[a].text.len() >= 60))
            {
                // a sentence left hanging, or a hard-wrapped line
                join = Some(Join::Space);
            } else if open && words_upto(&b.text, 5) <= 4 && !ends_terminal(&b.text) {
                // a short fragment between two parts of one sentence
                let next = (i + 1..n).find(|&j| units[j].kind != Kind::Drop);
                if next.is_some_and(|j| {
                    units[j].kind == Kind::Body && starts_continuation(&units[j].text)
                }) {
                    join = Some(Join::Space);
                }
            }
            if let Some(j) = join {
                units[i].join = j;
                cur = Some(i);
                cur_len += units[i].text.len();
                cur_words += words_upto(&units[i].text, 8);
                i += 1;
                continue;
            }
        }
        cur = Some(i);
        cur_len = units[i].text.len();
        cur_words = words_upto(&units[i].text, 8);
        i += 1;
    }
}

// ------------------------------------------------------------ assembling

fn zone_kind(k: Kind) -> Option<ZoneKind> {
    match k {
        // URL lines get their zones from the URL scan
        Kind::Zone(ZoneKind::Url) | Kind::Body | Kind::Drop => None,
        Kind::Zone(z) => Some(z),
    }
}

fn push_zone(zones: &mut Vec<Zone>, text: &str, span: Span, kind: ZoneKind) {
    if let Some(last) = zones.last_mut() {
        if last.kind == kind
            && last.span.end <= span.start
            && text[last.span.end as usize..span.start as usize]
                .trim()
                .is_empty()
        {
            last.span.end = span.end;
            return;
        }
    }
    zones.push(Zone { span, kind });
}

fn assemble(input: &str, units: &[Unit<'_>]) -> Cleaned {
    let mut text = String::with_capacity(input.len());
    let mut map: Vec<[u32; 2]> = Vec::new();
    let mut zones: Vec<Zone> = Vec::new();
    let mut prev_block: Option<usize> = None;
    let mut last_orig_end = 0usize;
    for u in units.iter().filter(|u| u.kind != Kind::Drop) {
        let mut sep_ok = true;
        if let Some(pb) = prev_block {
            let sep = match u.join {
                Join::Space => " ",
                Join::Tight => "",
                Join::Break if pb != u.block => "\n\n",
                Join::Break => "\n",
            };
            sep_ok = input.get(last_orig_end..last_orig_end + sep.len()) == Some(sep);
            text.push_str(sep);
        }
        prev_block = Some(u.block);
        let start = text.len();
        for &(o, l) in &u.pieces {
            let contiguous = sep_ok
                && map
                    .last()
                    .is_some_and(|&[c, og]| og as usize + (text.len() - c as usize) == o);
            if !contiguous {
                map.push([text.len() as u32, o as u32]);
            }
            sep_ok = true;
            text.push_str(&input[o..o + l]);
            last_orig_end = o + l;
        }
        let end = text.len();
        if let Some(k) = zone_kind(u.kind) {
            push_zone(&mut zones, &text, Span::new(start, end), k);
        } else if u.meta_prefix > 0 {
            // the dateline prefix, trimmed of its trailing space
            let pre = u.text[..u.meta_prefix.min(u.text.len())].trim_end();
            push_zone(
                &mut zones,
                &text,
                Span::new(start, start + pre.len()),
                ZoneKind::Meta,
            );
        }
    }
    // URL zones: every URL in the text (URL-only lines included).
    let mut url_zones: Vec<Zone> = urls::find_urls(&text)
        .into_iter()
        .map(|r| Zone {
            span: Span::new(r.start, r.end),
            kind: ZoneKind::Url,
        })
        .collect();
    zones.append(&mut url_zones);
    zones.sort_by_key(|z| (z.span.start, std::cmp::Reverse(z.span.end)));
    Cleaned {
        text,
        source_map: map,
        zones,
        meta: Metadata::default(),
    }
}
