//! CAMEO codes and scores of coded events (`data/lexicon/plover.toml`): the
//! CAMEO code of each PLOVER type and mode, its root and QuadClass, its
//! Goldstein value, and the type's PLOVER score. Parsed once into a lookup
//! table keyed by type and mode.

use demarche_core::hash::FxHashMap;
use demarche_core::{Event, EventCodes};
use serde::Deserialize;

/// The embedded score table.
pub const SCORES: &str = include_str!("../../../data/lexicon/plover.toml");

#[derive(Deserialize)]
pub(crate) struct RawScores {
    pub quad_class: FxHashMap<String, u8>,
    pub goldstein: FxHashMap<String, f32>,
    #[serde(rename = "type")]
    pub types: FxHashMap<String, RawType>,
}

#[derive(Deserialize)]
pub(crate) struct RawType {
    pub cameo: String,
    pub no_mode: Option<String>,
    pub plover_score: f32,
    #[serde(default)]
    pub mode: FxHashMap<String, String>,
    #[serde(default)]
    pub generic_modes: Vec<String>,
}

/// The codes of one type: with a listed mode, with no mode, with any other.
struct TypeCodes {
    other: EventCodes,
    no_mode: EventCodes,
    modes: FxHashMap<String, EventCodes>,
}

/// Type and mode → codes, built once.
pub(crate) struct Scores {
    types: FxHashMap<String, TypeCodes>,
}

impl Scores {
    /// Parses the embedded table.
    ///
    /// # Panics
    /// When the embedded file is malformed (a build-time defect caught by the
    /// crate's tests).
    pub fn embedded() -> Scores {
        Scores::parse(SCORES).expect("data/lexicon/plover.toml is valid")
    }

    /// Parses a table; every code must have a Goldstein value and a root
    /// with a QuadClass, and no mode may be both mapped and generic.
    pub fn parse(text: &str) -> Result<Scores, String> {
        let raw: RawScores = toml::from_str(text).map_err(|e| e.to_string())?;
        let codes = |code: &str, score: f32| -> Result<EventCodes, String> {
            let root = code
                .get(..2)
                .ok_or_else(|| format!("CAMEO code {code:?}"))?;
            let quad = *raw
                .quad_class
                .get(root)
                .ok_or_else(|| format!("CAMEO code {code}: root {root} has no QuadClass"))?;
            let goldstein = *raw
                .goldstein
                .get(code)
                .ok_or_else(|| format!("CAMEO code {code} has no Goldstein value"))?;
            Ok(EventCodes {
                cameo: Some(code.to_string()),
                cameo_root: Some(root.to_string()),
                quad_class: Some(quad),
                goldstein: Some(goldstein),
                plover_score: Some(score),
            })
        };
        let mut types = FxHashMap::with_capacity_and_hasher(raw.types.len(), Default::default());
        for (ty, t) in &raw.types {
            if let Some(m) = t.generic_modes.iter().find(|m| t.mode.contains_key(*m)) {
                return Err(format!("{ty}/{m}: both mapped and generic"));
            }
            let mut modes = FxHashMap::with_capacity_and_hasher(t.mode.len(), Default::default());
            for (m, c) in &t.mode {
                modes.insert(m.clone(), codes(c, t.plover_score)?);
            }
            let other = codes(&t.cameo, t.plover_score)?;
            let no_mode = match &t.no_mode {
                Some(c) => codes(c, t.plover_score)?,
                None => other.clone(),
            };
            types.insert(
                ty.clone(),
                TypeCodes {
                    other,
                    no_mode,
                    modes,
                },
            );
        }
        Ok(Scores { types })
    }

    /// The codes of a type and mode; `None` for a type the table lacks.
    pub fn get(&self, event_type: &str, mode: Option<&str>) -> Option<&EventCodes> {
        let t = self.types.get(event_type)?;
        Some(match mode {
            None => &t.no_mode,
            Some(m) => t.modes.get(m).unwrap_or(&t.other),
        })
    }

    /// Sets the codes of every event from its type and mode.
    pub fn fill(&self, events: &mut [Event]) {
        for ev in events {
            if let Some(c) = self.get(&ev.event_type, ev.mode.as_deref()) {
                ev.codes = c.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EventCoder;
    use demarche_core::Document;
    use demarche_kb::Kb;
    use std::collections::BTreeSet;

    const TYPES: [&str; 16] = [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ];

    fn raw() -> RawScores {
        toml::from_str(SCORES).unwrap()
    }

    /// Every (type, mode) the event lexicon can give: trigger codings, their
    /// `alt_type` with the trigger's mode, any other `X_type` with its
    /// `X_mode` (`person_type`, …), mode rules and statement stances.
    fn lexicon_pairs() -> BTreeSet<(String, Option<String>)> {
        let lex: toml::Value = toml::from_str(crate::lexicon::LEXICON).unwrap();
        let s = |v: Option<&toml::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
        let mut out = BTreeSet::new();
        for t in lex["trigger"].as_array().unwrap() {
            let ty = s(t.get("type")).unwrap();
            if ty == "IGNORE" {
                continue;
            }
            let mode = s(t.get("mode"));
            out.insert((ty, mode.clone()));
            for (k, v) in t.as_table().unwrap() {
                let Some(prefix) = k.strip_suffix("_type") else {
                    continue;
                };
                let other_mode = match prefix {
                    "alt" => mode.clone(),
                    _ => s(t.get(format!("{prefix}_mode"))),
                };
                out.insert((s(Some(v)).unwrap(), other_mode));
            }
        }
        for r in lex["mode_rule"].as_array().unwrap() {
            out.insert((s(r.get("type")).unwrap(), s(r.get("mode"))));
        }
        for (_, st) in lex["stance"].as_table().unwrap() {
            out.insert((s(st.get("type")).unwrap(), s(st.get("mode"))));
        }
        out
    }

    #[test]
    fn table_parses_and_every_code_is_scored() {
        let raw = raw();
        assert_eq!(raw.quad_class.len(), 20);
        for (code, g) in &raw.goldstein {
            assert!(code.len() == 3 || code.len() == 4, "code {code}");
            assert!((-10.0..=10.0).contains(g), "{code}: {g}");
        }
        let s = Scores::embedded();
        for ty in TYPES {
            let t = &raw.types[ty];
            assert!((-10.0..=10.0).contains(&t.plover_score), "{ty}");
            let c = s.get(ty, None).unwrap_or_else(|| panic!("no row for {ty}"));
            assert_eq!(c.cameo_root.as_deref(), c.cameo.as_deref().map(|c| &c[..2]));
            assert!(c.quad_class.is_some() && c.goldstein.is_some());
        }
        assert_eq!(raw.types.len(), TYPES.len(), "a type that is not PLOVER's");
    }

    #[test]
    fn every_lexicon_mode_is_mapped_or_generic() {
        let raw = raw();
        for (ty, mode) in lexicon_pairs() {
            let t = raw
                .types
                .get(&ty)
                .unwrap_or_else(|| panic!("the lexicon codes {ty}, plover.toml has no row"));
            if let Some(m) = mode {
                assert!(
                    t.mode.contains_key(&m) || t.generic_modes.contains(&m),
                    "{ty}/{m}: add it to [type.{ty}.mode] or generic_modes"
                );
            }
        }
    }

    #[test]
    fn modes_pick_their_codes_and_others_fall_back() {
        let s = Scores::embedded();
        let code = |t, m| s.get(t, m).and_then(|c| c.cameo.as_deref());
        assert_eq!(code("ASSAULT", Some("aerial")), Some("195"));
        assert_eq!(code("ASSAULT", Some("abduct")), Some("181"));
        assert_eq!(code("ASSAULT", Some("no-such-mode")), Some("190"));
        assert_eq!(code("COERCE", Some("arrest")), Some("173"));
        assert_eq!(code("CONSULT", Some("phone")), Some("041"));
        assert_eq!(code("SANCTION", None), Some("163"));
        assert_eq!(code("SANCTION", Some("convict")), Some("160"));
        assert_eq!(s.get("FIGHT", None), None);
        let q = |t| s.get(t, None).and_then(|c| c.quad_class);
        assert_eq!(q("CONSULT"), Some(1));
        assert_eq!(q("AID"), Some(2));
        assert_eq!(q("ACCUSE"), Some(3));
        assert_eq!(q("ASSAULT"), Some(4));
        // Root 09 is material cooperation in GDELT's QuadClass.
        assert_eq!(
            s.get("ACCUSE", Some("investigate"))
                .and_then(|c| c.quad_class),
            Some(2)
        );
    }

    /// Codes every event of a written text (built-in knowledge base, no
    /// entity stage: sides resolve through the country words).
    fn coded(text: &str) -> Document {
        let kb = Kb::builtin().expect("built-in knowledge base");
        let mut doc = Document::new("t.txt", text);
        demarche_text::segment(&mut doc);
        EventCoder::new(&kb).annotate(&mut doc, &kb);
        doc
    }

    #[test]
    fn coded_events_carry_codes_and_scores() {
        let d = coded("Ruritanian troops seized the Chilean port on Monday.");
        let e = d
            .events
            .iter()
            .find(|e| e.event_type == "COERCE")
            .unwrap_or_else(|| panic!("{:?}", d.events));
        assert_eq!(e.mode.as_deref(), Some("seize"));
        assert_eq!(e.codes.cameo_root.as_deref(), Some("17"));
        assert_eq!(e.codes.quad_class, Some(4));
        assert!(e.codes.goldstein.unwrap() < 0.0);
        assert!(e.codes.plover_score.unwrap() < 0.0);

        let d = coded("Peru's foreign minister spoke by phone with Chile's president.");
        let e = d.events.iter().find(|e| e.event_type == "CONSULT").unwrap();
        assert_eq!(e.codes.cameo.as_deref(), Some("041"));
        assert_eq!(e.codes.quad_class, Some(1));
        assert!(e.codes.goldstein.unwrap() > 0.0);
    }

    #[test]
    fn negated_and_hypothetical_events_keep_their_codes() {
        let d = coded("Chile did not send troops into Peru.");
        let d2 = coded("Chile could launch airstrikes on Peru.");
        for (d, flag) in [(&d, "negated"), (&d2, "hypothetical")] {
            assert!(!d.events.is_empty(), "{flag}: no event");
            for e in &d.events {
                assert!(e.negated || e.hypothetical, "{flag}: {e:?}");
                assert!(e.codes.cameo.is_some() && e.codes.goldstein.is_some());
            }
        }
        let d = coded("Chile threatened Peru with sanctions.");
        let e = d
            .events
            .iter()
            .find(|e| e.event_type == "THREATEN")
            .unwrap();
        assert!(e.hypothetical);
        assert_eq!(e.codes.cameo_root.as_deref(), Some("13"));
    }
}
