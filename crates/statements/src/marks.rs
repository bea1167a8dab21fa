//! Quotation marks: finds them in the raw text of each paragraph, tells
//! opening marks from closing marks and apostrophes, and pairs them into
//! quoted segments. Pairing is bounded by the paragraph, so an opening mark
//! that is never closed cannot shift the quotes after it; a paragraph that
//! ends inside a quote continues into the next paragraph only when that one
//! opens with a quotation mark.

use demarche_core::Span;

/// One quoted stretch of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seg {
    /// Byte offset of the opening mark.
    pub open: u32,
    /// The words inside the marks.
    pub inner: Span,
    /// Byte offset just after the closing mark (`inner.end` when unclosed).
    pub close: u32,
    /// Single marks (‘…’ or '…'): scare quotes, never a quotation on their own.
    pub single: bool,
    /// The quote runs on into the next segment (a multi-paragraph quote).
    pub continues: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
}

#[inline]
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

#[inline]
fn opens_before(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => is_space(c) || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':'),
    }
}

/// Classifies the mark at `i` (of byte length `len`, character `c`).
fn judge(text: &str, i: usize, len: usize, c: char) -> Option<(Mark, bool)> {
    let before = text[..i].chars().next_back();
    let after = text[i + len..].chars().next();
    let letter_before = before.is_some_and(|b| b.is_alphanumeric());
    let letter_after = after.is_some_and(|a| a.is_alphanumeric());
    match c {
        '“' | '«' | '„' => Some((Mark::Open, false)),
        '”' | '»' => Some((Mark::Close, false)),
        '"' => {
            if opens_before(before) && after.is_some_and(|a| !is_space(a)) {
                Some((Mark::Open, false))
            } else if before.is_some_and(|b| !is_space(b)) {
                Some((Mark::Close, false))
            } else {
                None
            }
        }
        '‘' => {
            if after.is_some_and(|a| a.is_ascii_digit()) {
                None
            } else {
                Some((Mark::Open, true))
            }
        }
        '’' | '\'' => {
            if letter_before && letter_after {
                None // don’t, Russia’s
            } else if opens_before(before) && letter_after {
                if c == '\'' {
                    Some((Mark::Open, true))
                } else {
                    None // ’90s
                }
            } else if before.is_some_and(|b| !is_space(b)) {
                Some((Mark::Close, true))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Longest run of a single-quoted stretch (scare quotes are short).
const MAX_SINGLE: u32 = 160;

/// Finds the quoted segments of `text`, paragraph by paragraph. `paragraphs`
/// must be sorted; when empty the whole text is one paragraph.
pub fn segments(text: &str, paragraphs: &[Span]) -> Vec<Seg> {
    let whole = [Span::new(0, text.len())];
    let paras = if paragraphs.is_empty() {
        &whole[..]
    } else {
        paragraphs
    };
    let mut out: Vec<Seg> = Vec::new();
    let bytes = text.as_bytes();
    for (pi, p) in paras.iter().enumerate() {
        let (ps, pe) = (p.start as usize, (p.end as usize).min(text.len()));
        if ps >= pe || !text.is_char_boundary(ps) || !text.is_char_boundary(pe) {
            continue;
        }
        let mut open_d: Option<(usize, usize)> = None; // (mark offset, len)
        let mut open_s: Option<(usize, usize)> = None;
        let mut i = ps;
        while i < pe {
            let b = bytes[i];
            let (c, len) = match b {
                b'"' => ('"', 1),
                b'\'' => ('\'', 1),
                0xE2 if i + 2 < pe && bytes[i + 1] == 0x80 => match bytes[i + 2] {
                    0x9C => ('“', 3),
                    0x9D => ('”', 3),
                    0x98 => ('‘', 3),
                    0x99 => ('’', 3),
                    0x9E => ('„', 3),
                    _ => {
                        i += 1;
                        continue;
                    }
                },
                0xC2 if i + 1 < pe && (bytes[i + 1] == 0xAB || bytes[i + 1] == 0xBB) => {
                    (if bytes[i + 1] == 0xAB { '«' } else { '»' }, 2)
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            if let Some((mark, single)) = judge(text, i, len, c) {
                let slot = if single { &mut open_s } else { &mut open_d };
                match (mark, *slot) {
                    (Mark::Open, Some((o, ol))) if !single => {
                        // Never closed: end it before this new opening mark.
                        let end = text[..i].trim_end().len().max(o + ol);
                        out.push(seg(o, ol, end, end, false));
                        *slot = Some((i, len));
                    }
                    (Mark::Open, _) => *slot = Some((i, len)),
                    (Mark::Close, Some((o, ol))) => {
                        if !single || (i - o) as u32 <= MAX_SINGLE {
                            out.push(seg(o, ol, i, i + len, single));
                        }
                        *slot = None;
                    }
                    (Mark::Close, None) => {}
                }
            }
            i += len;
        }
        if let Some((o, ol)) = open_d {
            let end = text[..pe].trim_end().len().max(o + ol);
            let next_opens = paras
                .get(pi + 1)
                .map(|n| text[n.range()].trim_start())
                .is_some_and(|t| t.starts_with('“') || t.starts_with('"') || t.starts_with('«'));
            // Only a quotation opening its paragraph (or after a colon)
            // runs on; a stray mark mid-sentence ends here.
            let lead = text[ps..o].trim_end();
            let opens_para = lead.is_empty() || lead.ends_with(':');
            let mut s = seg(o, ol, end, end, false);
            s.continues = next_opens && opens_para;
            out.push(s);
        }
    }
    out.sort_by_key(|s| s.open);
    out
}

fn seg(open: usize, open_len: usize, end: usize, close: usize, single: bool) -> Seg {
    Seg {
        open: open as u32,
        inner: Span::new(open + open_len, end.max(open + open_len)),
        close: close as u32,
        single,
        continues: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<String> {
        segments(text, &[])
            .iter()
            .map(|s| text[s.inner.range()].to_string())
            .collect()
    }

    #[test]
    fn curly_and_straight() {
        assert_eq!(
            inner("“We will respond,” she said. He called it \"a farce\" today."),
            vec!["We will respond,", "a farce"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let t = "The voters’ mood and Russia’s view don’t matter, ‘kick out’ aside.";
        assert_eq!(inner(t), vec!["kick out"]);
    }

    #[test]
    fn unclosed_mark_is_bounded_by_paragraph() {
        let t = "He said “this never ends.\n\nLater “a real quote” came.";
        let cut = t.find('\n').unwrap_or(0);
        let paras = [Span::new(0, cut), Span::new(cut + 2, t.len())];
        let got: Vec<_> = segments(t, &paras)
            .iter()
            .map(|s| &t[s.inner.range()])
            .collect();
        assert_eq!(got, vec!["this never ends.", "a real quote"]);
    }

    #[test]
    fn multi_paragraph_quote_continues() {
        let t = "“First part.\n“Second part,” he said.";
        let cut = t.find('\n').unwrap_or(0);
        let paras = [Span::new(0, cut), Span::new(cut + 1, t.len())];
        let s = segments(t, &paras);
        assert_eq!(s.len(), 2);
        assert!(s[0].continues);
        assert!(!s[1].continues);
    }
}
