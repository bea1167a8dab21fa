//! Paragraph, sentence and token segmentation with byte offsets.
//!
//! One pass over the characters makes the tokens (words with inner
//! apostrophes, hyphens and abbreviation periods; numbers with inner
//! separators; quotation marks classed as opening or closing; other
//! punctuation); a second pass over the tokens of each paragraph finds the
//! sentence ends. Sentences never cross paragraphs.
//!
//! Paragraphs end at a blank line, and at a single line break unless the
//! line looks hard-wrapped (long, no closing punctuation, next line starting
//! in lower case).

use demarche_core::*;

mod abbrev;

/// Fills `doc.paragraphs`, `doc.sentences` and `doc.tokens`.
pub fn segment(doc: &mut Document) {
    let text = doc.text.as_str();
    let paragraphs = paragraphs(text);
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut sentences = Vec::with_capacity(text.len() / 120);
    for (pi, p) in paragraphs.iter().enumerate() {
        let first = tokens.len();
        tokenize(text, *p, &mut tokens);
        split_sentences(text, &mut tokens, first, pi as u32, &mut sentences);
    }
    doc.paragraphs = paragraphs;
    doc.tokens = tokens;
    doc.sentences = sentences;
}

fn ends_closed(line: &str) -> bool {
    matches!(
        line.trim_end().chars().last(),
        Some('.' | '!' | '?' | ':' | ';' | '"' | '”' | '’' | ')' | ']')
    )
}

/// Paragraph spans (trimmed, non-empty).
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut line_start = 0usize;
    let mut i = 0usize;
    let push = |out: &mut Vec<Span>, s: usize, e: usize| {
        let seg = &text[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let t = seg.trim();
        if !t.is_empty() {
            out.push(Span::new(s + lead, s + lead + t.len()));
        }
    };
    while i <= bytes.len() {
        let at_end = i == bytes.len();
        if at_end || bytes[i] == b'\n' {
            let line = &text[line_start..i];
            let blank = line.trim().is_empty();
            if blank {
                if let Some(s) = start.take() {
                    push(&mut out, s, line_start);
                }
            } else {
                if start.is_none() {
                    start = Some(line_start);
                }
                // Decide whether the paragraph continues on the next line.
                let next_start = i + 1;
                let continues = !at_end && {
                    let rest = &text[next_start.min(text.len())..];
                    let next_line = rest.split('\n').next().unwrap_or("");
                    let nl = next_line.trim_start();
                    let wrapped = line.trim().chars().count() >= 40
                        && !ends_closed(line)
                        && nl.chars().next().is_some_and(|c| c.is_lowercase());
                    wrapped && !nl.is_empty()
                };
                if !continues {
                    if let Some(s) = start.take() {
                        push(&mut out, s, i);
                    }
                }
            }
            line_start = i + 1;
        }
        i += 1;
    }
    out
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{00AD}'
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’' || c == 'ʼ'
}

#[inline]
fn is_hyphen(c: char) -> bool {
    c == '-' || c == '‐' || c == '‑'
}

/// Tokenizes one paragraph, appending to `out`.
fn tokenize(text: &str, para: Span, out: &mut Vec<Token>) {
    let base = para.start as usize;
    let s = &text[para.range()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| -> Option<char> { chars.get(k).map(|x| x.1) };
    let byte = |k: usize| -> usize { chars.get(k).map(|x| x.0).unwrap_or(s.len()) };
    let mut k = 0usize;
    let mut space_before = true;
    let mut newline_before = false;
    let mut open_single = false;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() {
            space_before = true;
            if c == '\n' {
                newline_before = true;
            }
            k += 1;
            continue;
        }
        let start = k;
        let kind;
        if c.is_ascii_digit() {
            // Number with inner separators: 2,000  2.5  2-3  10:30  1/2
            k += 1;
            loop {
                match at(k) {
                    Some(d) if d.is_ascii_digit() => k += 1,
                    Some(',' | '.' | ':' | '/' | '-' | '–')
                        if at(k + 1).is_some_and(|d| d.is_ascii_digit()) =>
                    {
                        k += 2
                    }
                    _ => break,
                }
            }
            // Suffixes: 1990s, 80th, 2nd, 6pm
            while at(k).is_some_and(|d| d.is_alphabetic()) {
                k += 1;
            }
            kind = TokKind::Number;
        } else if is_word_char(c) {
            k += 1;
            loop {
                match at(k) {
                    Some(d) if is_word_char(d) => k += 1,
                    // inner apostrophe: don't, O'Brien — but not the possessive 's
                    Some(a)
                        if is_apostrophe(a)
                            && at(k + 1).is_some_and(is_word_char)
                            && (!matches!(at(k + 1), Some('s' | 'S'))
                                || at(k + 2).is_some_and(is_word_char)) =>
                    {
                        k += 2
                    }
                    // inner hyphen: al-Assad, pro-Kremlin, Tu-160
                    Some(h) if is_hyphen(h) && at(k + 1).is_some_and(is_word_char) => k += 2,
                    // abbreviation periods: U.S., e.g., D.C.
                    Some('.')
                        if at(k + 1).is_some_and(|d| d.is_alphabetic())
                            && at(k + 2) == Some('.')
                            && k - start <= 2 =>
                    {
                        k += 3;
                        // include the final period of U.S. / D.C.
                        if at(k) == Some('.') {
                            k += 1;
                        }
                    }
                    _ => break,
                }
            }
            kind = TokKind::Word;
        } else if is_apostrophe(c)
            && matches!(at(k + 1), Some('s' | 'S'))
            && !at(k + 2).is_some_and(is_word_char)
            && k > 0
            && is_word_char(chars[k - 1].1)
            && !space_before
        {
            // possessive 's as its own word token
            k += 2;
            kind = TokKind::Word;
        } else if c == '“' || c == '«' || c == '„' {
            k += 1;
            kind = TokKind::OpenQuote;
        } else if c == '”' || c == '»' {
            k += 1;
            kind = TokKind::CloseQuote;
        } else if c == '"' {
            k += 1;
            let next_ws = at(k).is_none_or(|d| d.is_whitespace() || ".,;:!?)]".contains(d));
            kind = if space_before && !next_ws {
                TokKind::OpenQuote
            } else if !space_before || next_ws {
                TokKind::CloseQuote
            } else {
                TokKind::OpenQuote
            };
        } else if c == '‘' || ((c == '\'') && space_before && at(k + 1).is_some_and(is_word_char))
        {
            k += 1;
            open_single = true;
            kind = TokKind::OpenQuote;
        } else if is_apostrophe(c) {
            k += 1;
            // After a word: a plural possessive (voters') unless a single quote is open.
            let after_s = start > 0 && matches!(chars[start - 1].1, 's' | 'S') && !space_before;
            if open_single {
                open_single = false;
                kind = TokKind::CloseQuote;
            } else if after_s {
                kind = TokKind::Word;
            } else {
                kind = TokKind::CloseQuote;
            }
        } else if c == '.' && at(k + 1) == Some('.') {
            while at(k) == Some('.') {
                k += 1;
            }
            kind = TokKind::Punct;
        } else if c == '-' && at(k + 1) == Some('-') {
            while at(k) == Some('-') {
                k += 1;
            }
            kind = TokKind::Punct;
        } else {
            k += 1;
            kind = TokKind::Punct;
        }
        let bs = base + byte(start);
        let be = base + byte(k);
        let mut flags = 0u8;
        if space_before {
            flags |= TOK_SPACE_BEFORE;
        }
        if newline_before {
            flags |= TOK_NEWLINE_BEFORE;
        }
        if kind == TokKind::Word {
            let w = &text[bs..be];
            let mut cs = w.chars();
            if cs.next().is_some_and(|c| c.is_uppercase()) {
                flags |= TOK_CAP;
                let mut letters = 0;
                let mut all_upper = true;
                for c in w.chars().filter(|c| c.is_alphabetic()) {
                    letters += 1;
                    if !c.is_uppercase() {
                        all_upper = false;
                        break;
                    }
                }
                if all_upper && letters >= 2 {
                    flags |= TOK_ALLCAPS;
                }
            }
        }
        out.push(Token {
            span: Span::new(bs, be),
            kind,
            flags,
        });
        space_before = false;
        newline_before = false;
    }
}

fn starts_upper(text: &str, t: &Token) -> bool {
    match t.kind {
        TokKind::Word => t.is(TOK_CAP),
        TokKind::Number | TokKind::OpenQuote => true,
        TokKind::Punct => matches!(
            &text[t.span.range()],
            "(" | "[" | "—" | "–" | "-" | "•" | "*"
        ),
        TokKind::CloseQuote => false,
    }
}

/// Splits the tokens `first..` of one paragraph into sentences.
fn split_sentences(
    text: &str,
    tokens: &mut [Token],
    first: usize,
    paragraph: u32,
    out: &mut Vec<Sentence>,
) {
    let end = tokens.len();
    if first == end {
        return;
    }
    let mut s_start = first;
    let mut i = first;
    while i < end {
        let t = tokens[i];
        let tx = &text[t.span.range()];
        let terminal = match t.kind {
            TokKind::Punct => matches!(tx, "." | "!" | "?" | "?!" | "!?"),
            TokKind::Word => tx.ends_with('.') && tx.len() > 2 && tx.contains('.'),
            _ => false,
        };
        if !terminal {
            i += 1;
            continue;
        }
        // Abbreviations and initials: "Dr." "Feb." "W."
        let mut abbrev_before = false;
        if tx == "." && i > s_start {
            let p = tokens[i - 1];
            if p.kind == TokKind::Word && p.span.end == t.span.start {
                let w = &text[p.span.range()];
                abbrev_before = abbrev::is_abbreviation(w)
                    || (w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase()));
            }
        }
        // Swallow closing quotes, closing brackets and citation markers [12].
        let mut j = i + 1;
        loop {
            if j >= end {
                break;
            }
            let u = tokens[j];
            let ut = &text[u.span.range()];
            if u.kind == TokKind::CloseQuote || ut == ")" {
                j += 1;
            } else if ut == "["
                && j + 2 < end
                && tokens[j + 1].kind == TokKind::Number
                && &text[tokens[j + 2].span.range()] == "]"
            {
                j += 3;
            } else {
                break;
            }
        }
        let is_word_abbrev = t.kind == TokKind::Word; // U.S. / D.C.
        let split = if j >= end {
            true
        } else {
            let nt = tokens[j];
            if !starts_upper(text, &nt) {
                false
            } else if abbrev_before {
                // "Feb. 24" never splits; "Dr. Smith" never splits.
                false
            } else if is_word_abbrev {
                abbrev::is_sentence_starter(&text[nt.span.range()])
            } else {
                true
            }
        };
        if split {
            push_sentence(tokens, s_start, j, paragraph, out);
            s_start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    if s_start < end {
        push_sentence(tokens, s_start, end, paragraph, out);
    }
}

fn push_sentence(
    tokens: &mut [Token],
    a: usize,
    b: usize,
    paragraph: u32,
    out: &mut Vec<Sentence>,
) {
    if a >= b {
        return;
    }
    tokens[a].flags |= TOK_SENT_START;
    out.push(Sentence {
        span: Span {
            start: tokens[a].span.start,
            end: tokens[b - 1].span.end,
        },
        tok_start: a as u32,
        tok_end: b as u32,
        paragraph,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> Document {
        let mut d = Document::new("t", text);
        segment(&mut d);
        d
    }

    fn sents(text: &str) -> Vec<String> {
        let d = seg(text);
        d.sentences
            .iter()
            .map(|s| d.slice(s.span).to_string())
            .collect()
    }

    fn toks(text: &str) -> Vec<String> {
        let d = seg(text);
        d.tokens
            .iter()
            .map(|t| d.slice(t.span).to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s = sents("Dr. Ames met the U.S. envoy on Feb. 12, 2024. Talks failed.");
        assert_eq!(
            s,
            vec![
                "Dr. Ames met the U.S. envoy on Feb. 12, 2024.",
                "Talks failed."
            ]
        );
    }

    #[test]
    fn abbreviation_at_sentence_end() {
        let s = sents("The ship sailed for the U.S. The crew cheered.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn quotes_and_question_marks() {
        let s = sents("“Will it hold?” she asked. “No,” he said.");
        assert_eq!(s, vec!["“Will it hold?” she asked.", "“No,” he said."]);
        let s = sents("“It did not work, did it?” the minister quipped.");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn citation_markers_stay_with_their_sentence() {
        let s = sents("The ministry objected.[3] Its envoy left.");
        assert_eq!(s, vec!["The ministry objected.[3]", "Its envoy left."]);
    }

    #[test]
    fn paragraphs_split_on_lines_and_blank_lines() {
        let d = seg("Title line\nFirst para here.\n\nSecond para.");
        assert_eq!(d.paragraphs.len(), 3);
        // A hard-wrapped paragraph stays one.
        let d = seg(
            "This is a long line of text that has been wrapped by\nthe editor at a fixed width.",
        );
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(d.sentences.len(), 1);
    }

    #[test]
    fn tokens() {
        assert_eq!(
            toks("Russia’s al-Assad U.S. 2,000 don’t “x” voters' Tu-160 ... --"),
            vec![
                "Russia", "’s", "al-Assad", "U.S.", "2,000", "don’t", "“", "x", "”", "voters", "'",
                "Tu-160", "...", "--"
            ]
        );
    }

    #[test]
    fn quote_kinds() {
        let d = seg("He said \"go now\" and 'kick out' them.");
        let kinds: Vec<TokKind> = d.tokens.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == TokKind::OpenQuote).count(),
            2
        );
        assert_eq!(
            kinds.iter().filter(|k| **k == TokKind::CloseQuote).count(),
            2
        );
    }

    #[test]
    fn flags() {
        let d = seg("NATO met. Kyiv waited.");
        assert!(d.tokens[0].is(TOK_ALLCAPS));
        assert!(d.tokens[0].is(TOK_SENT_START));
        assert!(d.tokens[3].is(TOK_SENT_START));
        assert!(d.tokens[3].is(TOK_CAP));
    }

    #[test]
    fn spans_are_exact_and_cover_words() {
        let text = "Él dijo: “Sí.” Then — nothing.\n\nNext, 3 p.m. came.";
        let d = seg(text);
        for t in &d.tokens {
            assert!(!d.slice(t.span).trim().is_empty());
            assert_eq!(d.slice(t.span), d.slice(t.span).trim());
        }
        for w in d.sentences.windows(2) {
            assert!(w[0].span.end <= w[1].span.start);
        }
    }
}
