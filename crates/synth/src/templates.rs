//! The sentence templates (`data/synth/templates.toml`) and their filling.

use serde::Deserialize;
use std::collections::HashMap;

pub const TEMPLATES: &str = include_str!("../../../data/synth/templates.toml");

#[derive(Debug, Deserialize)]
pub struct Templates {
    pub credits: Vec<String>,
    pub definite: Vec<String>,
    pub filler: Vec<String>,
    pub act: Vec<Act>,
    pub report: Report,
    pub followup: Followup,
    pub reaction: Reaction,
    pub silence: Silence,
    pub roundup: Roundup,
    pub background: Background,
}

/// A kind of hostile act.
#[derive(Debug, Deserialize)]
pub struct Act {
    pub kind: String,
    /// The PLOVER type its leads state.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Kills people (a death toll is written, and may be contradicted).
    pub violent: bool,
    pub nouns: Vec<String>,
    pub places: Vec<String>,
    pub leads: Vec<String>,
    pub recaps: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Report {
    pub details: Vec<String>,
    pub details_quiet: Vec<String>,
    pub target_condemns: Vec<String>,
    pub attacker_justifies: Vec<String>,
    pub attacker_denies: Vec<String>,
    pub background: Vec<String>,
    pub titles: Vec<String>,
    pub titles_quiet: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Followup {
    pub leads: Vec<String>,
    pub leads_quiet: Vec<String>,
    pub details: Vec<String>,
    pub titles: Vec<String>,
    pub titles_quiet: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Reaction {
    pub concern: Vec<String>,
    pub condemn: Vec<String>,
    pub demand: Vec<String>,
    pub un_meeting: Vec<String>,
    pub sanction: Vec<String>,
    pub aid: Vec<String>,
    pub military: Vec<String>,
    pub call: Vec<String>,
    pub support: Vec<String>,
    pub more: Vec<String>,
    pub context: Vec<String>,
    pub titles: Vec<String>,
    pub titles_act: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Silence {
    pub lines: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Roundup {
    pub leads: Vec<String>,
    pub titles: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Background {
    pub details: Vec<String>,
    pub quotes: Vec<String>,
    pub topics: Vec<String>,
    pub kind: Vec<BackgroundKind>,
}

#[derive(Debug, Deserialize)]
pub struct BackgroundKind {
    pub kind: String,
    /// The story names a second state.
    pub two: bool,
    pub leads: Vec<String>,
    pub details: Vec<String>,
    pub titles: Vec<String>,
}

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Templates {
        toml::from_str(TEMPLATES).expect("data/synth/templates.toml is valid")
    }
}

/// The values of a template's `{names}`.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    vals: HashMap<&'static str, String>,
}

impl Ctx {
    pub fn set(&mut self, key: &'static str, val: impl Into<String>) {
        self.vals.insert(key, val.into());
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.vals.get(key).map(String::as_str)
    }

    /// Fills `template`; the first letter is capitalised, spaces left by
    /// empty values are collapsed. A name without a value is an error.
    pub fn fill(&self, template: &str) -> Result<String, String> {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let Some(j) = rest[i..].find('}') else {
                return Err(format!("unclosed brace in {template:?}"));
            };
            let key = &rest[i + 1..i + j];
            match self.vals.get(key) {
                Some(v) => out.push_str(v),
                None => return Err(format!("no value for {{{key}}} in {template:?}")),
            }
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        Ok(tidy(&out))
    }
}

/// Collapses double spaces and spaces before punctuation (left by empty
/// values) and capitalises the first letter and a "the" that opens a sentence.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if matches!(c, ',' | '.' | ';') && out.ends_with(' ') {
            out.pop();
        }
        // A value that opens a sentence with "the" ("the Netherlands").
        if out.is_empty() && c.is_lowercase() || c == 't' && out.ends_with(". ") {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

pub fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_tidies() {
        let mut c = Ctx::default();
        c.set("a", "the ministry");
        c.set("b", "");
        assert_eq!(
            c.fill("{a} said {b} it was ready {b}. {a} agreed.")
                .unwrap(),
            "The ministry said it was ready. The ministry agreed."
        );
        assert!(c.fill("{missing}").is_err());
    }

    #[test]
    fn builtin_templates_load_and_every_act_has_text() {
        let t = Templates::builtin();
        assert!(t.act.len() >= 6);
        for a in &t.act {
            assert!(
                !a.leads.is_empty() && !a.recaps.is_empty() && !a.nouns.is_empty(),
                "{}",
                a.kind
            );
            assert!(!a.places.is_empty(), "{}", a.kind);
        }
        assert!(!t.background.kind.is_empty());
    }
}
