//! The recognizer's own word view of a document: runs of letters and digits
//! and single punctuation characters, each tagged with its sentence, its
//! case and whether it lies in a zone where no entity is looked for.
//! (Independent of the tokenizer's choices about apostrophes and hyphens,
//! so "Russia's" and "pro-Kremlin" split the same way everywhere.)

use demarche_core::{Document, ZoneKind};

/// Kind of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WKind {
    /// Letters (and digits) starting with a letter.
    Alpha,
    /// Starts with a digit ("2024", "16th").
    Num,
    /// One punctuation or symbol character.
    Punct,
}

/// One word.
#[derive(Clone, Copy, Debug)]
pub struct W {
    pub start: u32,
    pub end: u32,
    pub kind: WKind,
    /// First character upper case.
    pub cap: bool,
    /// Every letter upper case (two letters at least).
    pub upper: bool,
    /// Sentence index.
    pub sent: u32,
    /// First letter-or-digit word of its sentence or line.
    pub first: bool,
    /// A line break lies before it.
    pub nl: bool,
    /// Whitespace lies before it.
    pub space: bool,
    /// Inside a URL, link target or endnotes: never part of a mention.
    pub skip: bool,
    /// Its line is written in title case (a headline).
    pub headline: bool,
}

impl W {
    #[inline]
    pub fn is_word(&self) -> bool {
        self.kind != WKind::Punct
    }
}

/// Splits the text into words and tags them.
pub fn segment(doc: &Document) -> Vec<W> {
    let text = doc.text.as_str();
    let mut out: Vec<W> = Vec::with_capacity(text.len() / 4);
    let mut it = text.char_indices().peekable();
    let mut space = true;
    let mut nl = true;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            space = true;
            if c == '\n' || c == '\r' {
                nl = true;
            }
            continue;
        }
        let mut end = i + c.len_utf8();
        let kind = if c.is_alphanumeric() {
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            if c.is_numeric() {
                WKind::Num
            } else {
                WKind::Alpha
            }
        } else {
            WKind::Punct
        };
        let s = &text[i..end];
        let cap = c.is_uppercase();
        let mut letters = 0usize;
        let mut upper = true;
        for ch in s.chars() {
            if ch.is_alphabetic() {
                letters += 1;
                if !ch.is_uppercase() {
                    upper = false;
                }
            }
        }
        out.push(W {
            start: i as u32,
            end: end as u32,
            kind,
            cap,
            upper: upper && letters >= 2,
            sent: 0,
            first: false,
            nl,
            space,
            skip: false,
            headline: false,
        });
        space = false;
        nl = false;
    }
    tag_sentences(doc, &mut out);
    tag_skips(doc, text, &mut out);
    tag_headlines(&mut out);
    out
}

fn tag_sentences(doc: &Document, ws: &mut [W]) {
    let sents = &doc.sentences;
    let mut si = 0usize;
    let mut last_sent = u32::MAX;
    let mut line_fresh = true;
    for w in ws.iter_mut() {
        while si + 1 < sents.len() && sents[si + 1].span.start <= w.start {
            si += 1;
        }
        w.sent = si as u32;
        if w.nl {
            line_fresh = true;
        }
        if w.sent != last_sent {
            line_fresh = true;
            last_sent = w.sent;
        }
        if w.is_word() && line_fresh {
            w.first = true;
            line_fresh = false;
        }
    }
}

fn tag_skips(doc: &Document, text: &str, ws: &mut [W]) {
    let mut zones: Vec<(u32, u32)> = doc
        .zones
        .iter()
        .filter(|z| matches!(z.kind, ZoneKind::Url | ZoneKind::Notes))
        .map(|z| (z.span.start, z.span.end))
        .collect();
    zones.sort_unstable();
    let mut zi = 0usize;
    // Runs of non-space characters that look like links.
    let mut run_skip = false;
    for (k, slot) in ws.iter_mut().enumerate() {
        let w = *slot;
        if w.space || k == 0 {
            let from = w.start as usize;
            let stop = text[from..]
                .find(char::is_whitespace)
                .map_or(text.len(), |n| from + n);
            let run = &text[from..stop];
            // Both inner markers hold a slash: one memchr rules most runs out.
            run_skip = (run.contains('/') && (run.contains("://") || run.contains(".com/")))
                || run.starts_with("www.")
                || run.starts_with("<http");
        }
        while zi < zones.len() && zones[zi].1 <= w.start {
            zi += 1;
        }
        let in_zone = zi < zones.len() && zones[zi].0 <= w.start;
        if in_zone || run_skip {
            slot.skip = true;
        }
    }
}

/// Marks the words of lines written in title case ("Trump's Strategy Aims to
/// Pressure Putin"): most words there are capitalised whatever they are.
fn tag_headlines(ws: &mut [W]) {
    let mut i = 0;
    while i < ws.len() {
        let mut j = i + 1;
        while j < ws.len() && !ws[j].nl {
            j += 1;
        }
        let words = ws[i..j].iter().filter(|w| w.kind == WKind::Alpha);
        let (mut n, mut caps, mut long_lower) = (0, 0, 0);
        for w in words {
            n += 1;
            if w.cap {
                caps += 1;
            } else if w.end - w.start > 3 {
                long_lower += 1;
            }
        }
        if n >= 4 && long_lower == 0 && caps * 10 >= n * 7 {
            for w in &mut ws[i..j] {
                w.headline = true;
            }
        }
        i = j;
    }
}
