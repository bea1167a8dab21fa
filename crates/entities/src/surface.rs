//! Knowledge-base surface forms: one Aho-Corasick automaton over every name,
//! alias, abbreviation, adjective, demonym and metonym (plus the lexicon's
//! regions), with case and word-boundary checks on each match.

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, PatternID, StartKind};
use demarche_core::hash::{FxBuild, FxHashMap};
use demarche_kb::{ActorKind, Kb};
use std::hash::BuildHasher;

/// How a surface form names its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Canonical name or alias.
    Name,
    /// Case-sensitive abbreviation.
    Abbrev,
    /// Adjective ("Russian").
    Adjective,
    /// Plural noun for the people ("Russians").
    Demonym,
    /// Capital, seat or building ("Moscow", "the Kremlin").
    Metonym,
    /// A person's last name derived from the canonical name (weak: only
    /// taken when the full name occurs in the same document).
    LastName,
}

/// What a surface form points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Index into `Kb::actors`.
    Actor(u32),
    /// Index into the lexicon's regions.
    Region(u32),
}

/// One meaning of a surface form.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub target: Target,
    pub form: Form,
}

struct Pat {
    entries: Vec<Entry>,
    /// Exact bytes required (abbreviations and short all-caps forms).
    exact: Option<Box<str>>,
    /// Byte offset of the form's first capital letter: the text must have a
    /// capital there too ("turkey" is not "Turkey").
    cap_at: Option<u16>,
    /// Byte offsets of the form's later words written in lower case: the
    /// text must not capitalise them ("Assad's fall" is not "Assad's Fall").
    lower_at: Vec<u16>,
}

/// A match in the text.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub start: u32,
    pub end: u32,
    pub pat: u32,
}

/// The automaton and what each pattern means.
pub struct Surface {
    ac: Option<AhoCorasick>,
    pats: Vec<Pat>,
    first_words: FirstWords,
}

/// The forms' first words (folded), as a bit set of their hashes: a word
/// whose bit is clear starts no form, and the automaton is not run from it.
struct FirstWords {
    bits: Vec<u64>,
}

impl FirstWords {
    /// 2^20 bits (128 KiB): few false positives, and it stays in cache.
    const SHIFT: u32 = 64 - 20;

    fn new<'a>(forms: impl Iterator<Item = &'a str>) -> FirstWords {
        let mut set = FirstWords {
            bits: vec![0; 1 << (64 - Self::SHIFT - 6)],
        };
        for f in forms {
            let slot = Self::slot(f);
            set.bits[slot / 64] |= 1 << (slot % 64);
        }
        set
    }

    /// Whether a form may start `folded`: a form's first word (its letters
    /// and digits up to the first other character) is the first word of the
    /// text wherever the form matches, since a match must end a word.
    fn may_start(&self, folded: &str) -> bool {
        let slot = Self::slot(folded);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }

    fn slot(s: &str) -> usize {
        // ASCII letters and digits first, then the rest of the word if it
        // goes on past ASCII.
        let ascii = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let word = match s.as_bytes().get(ascii) {
            Some(b) if *b >= 0x80 => s[ascii..]
                .find(|c: char| !c.is_alphanumeric())
                .map_or(s, |e| &s[..ascii + e]),
            _ => &s[..ascii],
        };
        (FxBuild::default().hash_one(word.as_bytes()) >> Self::SHIFT) as usize
    }
}

fn fold_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'A',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'O',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ç' => 'c',
            'Ç' => 'C',
            'ş' => 's',
            'Ş' => 'S',
            'ğ' => 'g',
            _ => c,
        })
        .collect()
}

fn variants(s: &str) -> Vec<String> {
    let mut v = vec![s.to_string()];
    // Only apostrophes and non-ASCII letters have variants.
    if s.is_ascii() && !s.contains('\'') {
        return v;
    }
    for x in [s.replace('\'', "’"), s.replace('’', "'"), fold_accents(s)] {
        if !v.contains(&x) {
            v.push(x);
        }
    }
    v
}

#[derive(Default)]
struct Builder {
    keys: FxHashMap<(bool, String), usize>,
    texts: Vec<String>,
    pats: Vec<Pat>,
}

impl Builder {
    fn add(&mut self, form: &str, entry: Entry) {
        let form = form.trim();
        if form.is_empty() || form.len() > 200 {
            return;
        }
        let (mut letters, mut upper) = (0, 0);
        for c in form.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
        let all_caps = letters > 0 && upper == letters;
        let exact = entry.form == Form::Abbrev || (all_caps && letters <= 4);
        for f in variants(form) {
            let key = (
                exact,
                if exact {
                    f.clone()
                } else {
                    f.to_ascii_lowercase()
                },
            );
            let idx = match self.keys.get(&key) {
                Some(&i) => i,
                None => {
                    let cap_at = f
                        .char_indices()
                        .find(|(_, c)| c.is_uppercase())
                        .map(|(i, _)| i as u16);
                    let lower_at = f
                        .char_indices()
                        .filter(|&(i, c)| i > 0 && c.is_lowercase() && f[..i].ends_with(' '))
                        .map(|(i, _)| i as u16)
                        .collect();
                    self.pats.push(Pat {
                        entries: Vec::new(),
                        exact: exact.then(|| f.clone().into_boxed_str()),
                        cap_at,
                        lower_at,
                    });
                    self.texts.push(f.clone());
                    self.keys.insert(key, self.pats.len() - 1);
                    self.pats.len() - 1
                }
            };
            let p = &mut self.pats[idx];
            if !p
                .entries
                .iter()
                .any(|e| e.target == entry.target && e.form == entry.form)
            {
                p.entries.push(entry);
            }
        }
    }
}

impl Surface {
    /// Builds the automaton over the knowledge base and the regions.
    pub fn new(kb: &Kb, regions: &[Vec<String>]) -> Surface {
        let mut b = Builder::default();
        for (i, a) in kb.actors.iter().enumerate() {
            let t = Target::Actor(i as u32);
            let e = |form| Entry { target: t, form };
            b.add(&a.name, e(Form::Name));
            for s in &a.aliases {
                b.add(s, e(Form::Name));
            }
            for s in &a.abbreviations {
                b.add(s, e(Form::Abbrev));
            }
            for s in &a.adjectives {
                b.add(s, e(Form::Adjective));
            }
            for s in &a.demonyms {
                b.add(s, e(Form::Demonym));
            }
            for s in &a.metonyms {
                b.add(s, e(Form::Metonym));
            }
        }
        // Derived last names, only where no declared form claims the word.
        for (i, a) in kb.actors.iter().enumerate() {
            if a.kind != ActorKind::Person {
                continue;
            }
            let parts: Vec<&str> = a.name.split_whitespace().collect();
            if parts.len() < 2 {
                continue;
            }
            let last = parts[parts.len() - 1];
            let last = last.rsplit('-').next().unwrap_or(last);
            if last.chars().count() < 3 || !last.starts_with(char::is_uppercase) {
                continue;
            }
            let declared = b
                .keys
                .get(&(false, last.to_ascii_lowercase()))
                .is_some_and(|&p| b.pats[p].entries.iter().any(|e| e.form != Form::LastName));
            if !declared {
                b.add(
                    last,
                    Entry {
                        target: Target::Actor(i as u32),
                        form: Form::LastName,
                    },
                );
            }
        }
        for (i, names) in regions.iter().enumerate() {
            for n in names {
                b.add(
                    n,
                    Entry {
                        target: Target::Region(i as u32),
                        form: Form::Name,
                    },
                );
            }
        }
        // Matching is ASCII-case-insensitive: the patterns are folded here
        // and the text in `find`, which gives the same matches as an
        // `ascii_case_insensitive` automaton but builds with half the
        // transitions.
        for t in &mut b.texts {
            t.make_ascii_lowercase();
        }
        let first_words = FirstWords::new(b.texts.iter().map(String::as_str));
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .build(&b.texts)
            .ok();
        Surface {
            ac,
            pats: b.pats,
            first_words,
        }
    }

    /// The meanings of a pattern.
    pub fn entries(&self, pat: u32) -> &[Entry] {
        self.pats
            .get(pat as usize)
            .map_or(&[], |p| p.entries.as_slice())
    }

    /// Non-overlapping hits in `text`, leftmost-longest, that pass the case
    /// and word-boundary checks.
    ///
    /// A word the form writes in lower case must be in lower case in the
    /// text too ("Assad's fall" is not "Assad's Fall"), unless `title_case`
    /// says the line at that byte offset capitalises every word.
    pub fn find(&self, text: &str, title_case: &dyn Fn(usize) -> bool, out: &mut Vec<Hit>) {
        out.clear();
        let Some(ac) = &self.ac else { return };
        let folded = text.to_ascii_lowercase();
        let mut all: Vec<Hit> = Vec::new();
        // A hit starts where no letter or digit precedes it, and no form
        // starts with white space: an anchored search from each such offset
        // finds every hit an overlapping search over the whole text would.
        let mut after_alnum = false;
        for (s, c) in text.char_indices() {
            let word_start = !after_alnum;
            after_alnum = c.is_alphanumeric();
            if !word_start || c.is_whitespace() || !self.first_words.may_start(&folded[s..]) {
                continue;
            }
            let input = Input::new(folded.as_bytes())
                .range(s..)
                .anchored(Anchored::Yes);
            let mut state = OverlappingState::start();
            loop {
                ac.find_overlapping(input.clone(), &mut state);
                let Some(m) = state.get_match() else { break };
                // Forms that are suffixes of this one are found from their
                // own start.
                if m.start() == s && self.passes(text, s, m.end(), m.pattern(), title_case) {
                    all.push(Hit {
                        start: s as u32,
                        end: m.end() as u32,
                        pat: m.pattern().as_u32(),
                    });
                }
            }
        }
        // The order an overlapping search reports them in (by end, the
        // longer first, then by pattern), so that ties below resolve alike.
        all.sort_unstable_by_key(|h| (h.end, h.start, h.pat));
        all.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut last_end = 0u32;
        for h in all {
            if h.start >= last_end {
                last_end = h.end;
                out.push(h);
            }
        }
    }

    /// The case and end-of-word checks on a match of `pat` over `s..e`, where
    /// `s` starts a word.
    fn passes(
        &self,
        text: &str,
        s: usize,
        e: usize,
        pat: PatternID,
        title_case: &dyn Fn(usize) -> bool,
    ) -> bool {
        let bytes = text.as_bytes();
        let p = &self.pats[pat.as_usize()];
        if !text.is_char_boundary(e) || text[e..].chars().next().is_some_and(char::is_alphanumeric)
        {
            return false;
        }
        if let Some(x) = &p.exact {
            if text[s..e] != **x {
                return false;
            }
        } else if let Some(c) = p.cap_at {
            match bytes.get(s + c as usize) {
                Some(b) if b.is_ascii_uppercase() || *b >= 0x80 => {}
                _ => return false,
            }
        }
        let lower_broken = p.lower_at.iter().any(|&o| {
            bytes
                .get(s + o as usize)
                .is_some_and(|b| b.is_ascii_uppercase())
        });
        !lower_broken || title_case(s)
    }
}
