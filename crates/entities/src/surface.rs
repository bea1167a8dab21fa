//! Knowledge-base surface forms: one Aho-Corasick automaton over every name,
//! alias, abbreviation, adjective, demonym and metonym (plus the lexicon's
//! regions), with case and word-boundary checks on each match.

use aho_corasick::{AhoCorasick, MatchKind};
use demarche_core::hash::FxHashMap;
use demarche_kb::{ActorKind, Kb};

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
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&b.texts)
            .ok();
        Surface { ac, pats: b.pats }
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
        let bytes = text.as_bytes();
        let folded = bytes.to_ascii_lowercase();
        let mut all: Vec<Hit> = Vec::new();
        for m in ac.find_overlapping_iter(&folded) {
            let (s, e) = (m.start(), m.end());
            let p = &self.pats[m.pattern().as_usize()];
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            let before_ok = text[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = text[e..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if !before_ok || !after_ok {
                continue;
            }
            if let Some(x) = &p.exact {
                if text[s..e] != **x {
                    continue;
                }
            } else if let Some(c) = p.cap_at {
                match bytes.get(s + c as usize) {
                    Some(b) if b.is_ascii_uppercase() || *b >= 0x80 => {}
                    _ => continue,
                }
            }
            let lower_broken = p.lower_at.iter().any(|&o| {
                bytes
                    .get(s + o as usize)
                    .is_some_and(|b| b.is_ascii_uppercase())
            });
            if lower_broken && !title_case(s) {
                continue;
            }
            all.push(Hit {
                start: s as u32,
                end: e as u32,
                pat: m.pattern().as_u32(),
            });
        }
        all.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut last_end = 0u32;
        for h in all {
            if h.start >= last_end {
                last_end = h.end;
                out.push(h);
            }
        }
    }
}
