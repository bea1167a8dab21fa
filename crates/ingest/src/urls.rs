//! URL spotting by byte scanning: `scheme://…`, `www.…`, and the obfuscated
//! "https://example dot org/…" form some pages use.

use memchr::memmem;
use std::ops::Range;
use std::sync::OnceLock;

fn finders() -> &'static (memmem::Finder<'static>, memmem::Finder<'static>) {
    static F: OnceLock<(memmem::Finder<'static>, memmem::Finder<'static>)> = OnceLock::new();
    F.get_or_init(|| (memmem::Finder::new(b"://"), memmem::Finder::new(b"www.")))
}

fn url_byte(c: u8) -> bool {
    !(c.is_ascii_whitespace()
        || matches!(
            c,
            b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
        ))
}

/// End of the URL body starting at `from`, following " dot " obfuscation and
/// dropping trailing punctuation.
fn url_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    loop {
        while j < b.len() && url_byte(b[j]) {
            j += 1;
        }
        if b[j..].starts_with(b" dot ") && b.get(j + 5).is_some_and(|c| c.is_ascii_alphanumeric()) {
            j += 5;
            continue;
        }
        break;
    }
    // trailing punctuation is not part of the URL; a ')' only when unbalanced
    while j > from {
        let c = b[j - 1];
        let opens = b[from..j].iter().filter(|&&x| x == b'(').count();
        let closes = b[from..j].iter().filter(|&&x| x == b')').count();
        if matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b']')
            || (c == b')' && closes > opens)
        {
            j -= 1;
        } else {
            break;
        }
    }
    // never end inside a multi-byte character
    while j > from && j < b.len() && (b[j] & 0xC0) == 0x80 {
        j -= 1;
    }
    j
}

/// Byte ranges of the URLs in `text`, in order.
pub(crate) fn find_urls(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let (scheme, www) = finders();
    let mut out: Vec<Range<usize>> = Vec::new();
    for p in scheme.find_iter(b) {
        let mut s = p;
        while s > 0 && b[s - 1].is_ascii_alphabetic() {
            s -= 1;
        }
        if s == p || b.get(p + 3).is_none_or(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let e = url_end(b, p + 3);
        if e > p + 3 && out.last().is_none_or(|r| r.end <= s) {
            out.push(s..e);
        }
    }
    for p in www.find_iter(b) {
        if p > 0 && !(b[p - 1].is_ascii_whitespace() || matches!(b[p - 1], b'(' | b'<' | b'[')) {
            continue;
        }
        if out.iter().any(|r| r.start <= p && p < r.end) {
            continue;
        }
        let e = url_end(b, p + 4);
        if e > p + 4 {
            out.push(p..e);
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// True when `text` contains a URL.
pub(crate) fn contains_url(text: &str) -> bool {
    finders().0.find(text.as_bytes()).is_some() || text.contains("www.")
}

/// True when `text` is one URL (or several separated by ";" / spaces) and nothing else.
pub(crate) fn whole_url(text: &str) -> bool {
    let t = text.trim().trim_end_matches([';', ',']);
    if t.is_empty() {
        return false;
    }
    let found = find_urls(t);
    if found.is_empty() {
        return false;
    }
    let covered: usize = found.iter().map(|r| r.len()).sum();
    let rest = t.len() - covered;
    rest * 10 <= t.len() && t[..found[0].start].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_and_obfuscated_urls() {
        let t = "See https://example.org/a/b. Also https://agency dot example/news/12/ and www.example.com, (https://x.org/q_(1))";
        let got: Vec<&str> = find_urls(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            got,
            vec![
                "https://example.org/a/b",
                "https://agency dot example/news/12/",
                "www.example.com",
                "https://x.org/q_(1)"
            ]
        );
        assert!(whole_url("https://example.org/x; https://example.org/y"));
        assert!(!whole_url("Read it at https://example.org/x today"));
        assert!(contains_url("a www.example.com b"));
    }
}
