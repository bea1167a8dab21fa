//! Byte spans and the byte → character offset conversion.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    #[inline]
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// True when `other` lies inside `self`.
    #[inline]
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The smallest span covering both.
    #[inline]
    pub fn cover(&self, other: &Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Converts byte offsets of one text into character (Unicode scalar value)
/// offsets. Built once per document in O(n); each lookup is a binary search
/// over the multi-byte characters only, so ASCII text costs nothing.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// (byte offset just after a multi-byte char, extra bytes so far)
    marks: Vec<(u32, u32)>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut marks = Vec::new();
        let mut extra = 0u32;
        if !text.is_ascii() {
            for (i, c) in text.char_indices() {
                let l = c.len_utf8() as u32;
                if l > 1 {
                    extra += l - 1;
                    marks.push((i as u32 + l, extra));
                }
            }
        }
        CharIndex { marks }
    }

    /// Character offset of a byte offset (which must lie on a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        let b = byte as u32;
        let n = self.marks.partition_point(|&(end, _)| end <= b);
        if n == 0 {
            byte
        } else {
            (b - self.marks[n - 1].1) as usize
        }
    }

    /// `[start, end)` in characters.
    pub fn char_span(&self, span: Span) -> [usize; 2] {
        [
            self.char_offset(span.start as usize),
            self.char_offset(span.end as usize),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_char_counts() {
        let text = "a’b “cé” d—e";
        let idx = CharIndex::new(text);
        for (b, _) in text.char_indices() {
            assert_eq!(idx.char_offset(b), text[..b].chars().count(), "at byte {b}");
        }
        assert_eq!(idx.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn ascii_is_identity() {
        let idx = CharIndex::new("plain ascii");
        assert_eq!(idx.char_span(Span::new(2, 7)), [2, 7]);
    }

    #[test]
    fn span_relations() {
        let a = Span::new(0, 5);
        let b = Span::new(4, 9);
        assert!(a.overlaps(&b));
        assert!(!a.overlaps(&Span::new(5, 6)));
        assert!(a.contains(&Span::new(1, 5)));
        assert_eq!(a.cover(&b), Span::new(0, 9));
    }
}
