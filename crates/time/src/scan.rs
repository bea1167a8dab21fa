//! A light tokenizer for the time tagger: letter runs, digit runs and single
//! other characters, with byte offsets, spacing flags and lexicon entries.

use crate::lexicon::{Lexicon, Word};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// One token of the time tagger.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub s: u32,
    pub e: u32,
    pub kind: Kind,
    /// Whitespace (or the start of the text) precedes the token.
    pub space_before: bool,
    /// A line break lies between this token and the previous one.
    pub newline_before: bool,
    /// First character is upper case.
    pub cap: bool,
    /// Value of a digit run (saturating), number of digits.
    pub num: u32,
    pub digits: u8,
    /// Lexicon entry of the word, if any.
    pub word: Option<&'static Word>,
    /// Part of a URL, e-mail address or similar code: never part of a time.
    pub masked: bool,
}

/// Splits `text` into tokens (without lexicon lookup or masking).
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut space = true;
    let mut newline = false;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            space = true;
            newline |= c == '\n';
            continue;
        }
        let (kind, end) = if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                it.next();
            }
            (Kind::Num, end)
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            (Kind::Word, end)
        } else {
            (Kind::Punct, i + c.len_utf8())
        };
        let (num, digits) = if kind == Kind::Num {
            let d = &text.as_bytes()[i..end];
            let v = d.iter().fold(0u32, |acc, b| {
                acc.saturating_mul(10).saturating_add(u32::from(b - b'0'))
            });
            (v, d.len().min(255) as u8)
        } else {
            (0, 0)
        };
        toks.push(Tok {
            s: i as u32,
            e: end as u32,
            kind,
            space_before: space,
            newline_before: newline,
            cap: c.is_uppercase(),
            num,
            digits,
            word: None,
            masked: false,
        });
        space = false;
        newline = false;
    }
    toks
}

/// Whether a whitespace-delimited chunk is a URL, address or path.
fn is_url_like(chunk: &str) -> bool {
    // Each form below holds a '.' or a '/': most words hold neither.
    if !chunk.bytes().any(|b| b == b'.' || b == b'/') {
        return false;
    }
    chunk.contains("://")
        || chunk.contains("www.")
        || (chunk.contains('@') && chunk.contains('.'))
        || (chunk.matches('/').count() >= 2 && chunk.chars().any(char::is_alphabetic))
        || chunk.ends_with(".html")
}

/// Tokenizes `text`, looks words up in the lexicon and masks URL-like chunks.
pub(crate) fn tokens(text: &str) -> Vec<Tok> {
    let lex = Lexicon::get();
    let mut toks = tokenize(text);
    for i in 0..toks.len() {
        if toks[i].space_before {
            let mut j = i + 1;
            while j < toks.len() && !toks[j].space_before {
                j += 1;
            }
            let chunk = &text[toks[i].s as usize..toks[j - 1].e as usize];
            if is_url_like(chunk) {
                for t in &mut toks[i..j] {
                    t.masked = true;
                }
            }
        }
        let t = &toks[i];
        if t.kind != Kind::Num {
            let w = lex.lookup(&text[t.s as usize..t.e as usize]);
            toks[i].word = w;
        }
    }
    toks
}
