//! Country words for sides no entity mention covers: single-token names,
//! adjectives, demonyms, capitals and abbreviations of the knowledge base's
//! states and international bodies ("Israeli attacks", "Russian peacekeepers").

use demarche_kb::{ActorKind, Kb};

use crate::lexicon::lower;

/// One state or body a country word points to.
#[derive(Debug, Clone)]
pub struct CountryRef {
    /// ISO alpha-3, or "IGO".
    pub code: String,
    /// Canonical name ("Israel").
    pub name: String,
    /// PLOVER sector.
    pub sector: Option<String>,
}

/// Single-token country words, looked up without allocation.
#[derive(Debug, Default)]
pub struct CountryWords {
    refs: Vec<CountryRef>,
    /// Lower-cased names, adjectives, demonyms and metonyms.
    folded: demarche_core::hash::FxHashMap<Box<str>, u32>,
    /// Abbreviations, case-sensitive ("US" but not "us").
    exact: demarche_core::hash::FxHashMap<Box<str>, u32>,
}

impl CountryWords {
    /// Collects the country words of every state and IGO of `kb`.
    pub fn from_kb(kb: &Kb) -> CountryWords {
        let mut cw = CountryWords::default();
        for a in &kb.actors {
            let code = match a.kind {
                ActorKind::Country => a.country.clone().unwrap_or_else(|| a.id.clone()),
                ActorKind::Igo => "IGO".to_string(),
                _ => continue,
            };
            let idx = cw.refs.len() as u32;
            cw.refs.push(CountryRef {
                code,
                name: a.name.clone(),
                sector: a.sector.clone(),
            });
            let folded = std::iter::once(&a.name)
                .chain(&a.aliases)
                .chain(&a.adjectives)
                .chain(&a.demonyms)
                .chain(&a.metonyms);
            for w in folded {
                let w = w.strip_prefix("the ").unwrap_or(w);
                let mut buf = [0u8; 48];
                if w.contains(' ') {
                    continue;
                }
                if let Some(l) = lower(w, &mut buf) {
                    cw.folded.entry(l.into()).or_insert(idx);
                }
            }
            for w in &a.abbreviations {
                if !w.contains(' ') {
                    cw.exact.entry(w.as_str().into()).or_insert(idx);
                }
            }
        }
        cw
    }

    /// The state or body a capitalised token names, if any. A trailing
    /// possessive ("Russia's") is ignored.
    pub fn lookup(&self, word: &str) -> Option<u32> {
        let w = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        if let Some(&i) = self.exact.get(w) {
            return Some(i);
        }
        let mut buf = [0u8; 48];
        lower(w, &mut buf).and_then(|l| self.folded.get(l).copied())
    }

    /// The reference behind an index returned by [`CountryWords::lookup`].
    pub fn get(&self, i: u32) -> Option<&CountryRef> {
        self.refs.get(i as usize)
    }
}
