//! The desk's rules (`data/analysis/desk.toml`): what makes a crisis, the
//! response ladder and what lifts a record onto it, who speaks for a state,
//! which states are asked by default, what each commitment promises.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The built-in rules.
pub const DESK_RULES: &str = include_str!("../../../../data/analysis/desk.toml");

/// Everything the desk reads from its rules file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskRules {
    pub crises: CrisisRules,
    pub window: WindowRules,
    #[serde(rename = "level")]
    pub levels: Vec<Level>,
    #[serde(rename = "rule")]
    pub rules: Vec<LevelRule>,
    pub speakers: SpeakerRules,
    #[serde(rename = "body_role", default)]
    pub body_roles: Vec<BodyRole>,
    pub matrix: MatrixRules,
    #[serde(rename = "commitment")]
    pub commitments: Vec<Commitment>,
    pub counts: CountRules,
    pub contradictions: ContradictionRules,
}

/// Which acts are done once to one person.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContradictionRules {
    pub one_off: Vec<String>,
}

/// Where counts are read in a sentence (contradictions).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountRules {
    pub nouns: Vec<String>,
    pub verbs: Vec<String>,
    pub hedges: Vec<String>,
}

/// How crises are found among the stored events.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisRules {
    pub hostile: Vec<String>,
    pub severe: Vec<String>,
    pub min_sources: usize,
    #[serde(default)]
    pub ignore_modes: Vec<String>,
    pub gap_days: i32,
    pub target_sectors: Vec<String>,
    pub domestic_sectors: Vec<String>,
    pub join_days: i32,
}

/// The response window around a crisis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowRules {
    pub before_days: i32,
    pub after_days: i32,
    pub undated_acts_max: String,
}

/// One rung of the ladder.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: String,
    pub label: String,
    pub rank: u8,
    pub color: String,
}

/// Whom an event must be aimed at to count.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Toward {
    Target,
    Attacker,
    /// The target, or no state (an international body, no recipient).
    Side,
    /// The target as a recipient or a co-actor (talks with it), or only
    /// international bodies as recipients (a UN meeting).
    Party,
    Any,
}

/// What lifts a record to a level.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRule {
    #[serde(default)]
    pub quote_stances: Vec<String>,
    #[serde(default)]
    pub event_types: Vec<String>,
    #[serde(default)]
    pub modes: Vec<String>,
    #[serde(default)]
    pub contexts: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default = "any")]
    pub toward: Toward,
    pub level: String,
}

fn any() -> Toward {
    Toward::Any
}

/// Who speaks for a state: role kind → how the matrix names the speaker;
/// `expected`: whose silence is noted.
#[derive(Debug, Clone, Deserialize)]
pub struct SpeakerRules {
    pub expected: Vec<String>,
    #[serde(flatten)]
    pub names: BTreeMap<String, String>,
}

/// A body whose name holds `word` speaks as `role`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyRole {
    pub word: String,
    pub role: String,
}

/// Which states a matrix asks besides the target's partners.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixRules {
    pub great_powers: Vec<String>,
    pub state_sectors: Vec<String>,
    pub private_roles: Vec<String>,
    pub carry_dates: usize,
    pub official_words: Vec<String>,
}

/// What a commitment promises.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub name: String,
    pub rank: u8,
    pub expects: String,
}

impl DeskRules {
    /// The built-in rules.
    pub fn builtin() -> DeskRules {
        DeskRules::from_toml(DESK_RULES).expect("built-in desk rules are valid")
    }

    /// Parses and checks a rules file: every level a rule or commitment names
    /// must be on the ladder.
    pub fn from_toml(text: &str) -> Result<DeskRules, String> {
        let mut r: DeskRules = toml::from_str(text).map_err(|e| e.to_string())?;
        r.levels.sort_by_key(|l| l.rank);
        for name in r
            .rules
            .iter()
            .map(|x| &x.level)
            .chain(r.commitments.iter().map(|c| &c.expects))
            .chain(std::iter::once(&r.window.undated_acts_max))
        {
            if r.level(name).is_none() {
                return Err(format!("unknown level {name:?}"));
            }
        }
        if r.levels.is_empty() {
            return Err("no levels".into());
        }
        Ok(r)
    }

    /// The level with this id.
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }

    /// The lowest level (silence).
    pub fn floor(&self) -> &Level {
        &self.levels[0]
    }

    /// How a speaker of this role kind is named ("foreign ministry").
    pub fn speaker_role(&self, kind: &str) -> Option<&str> {
        self.speakers.names.get(kind).map(String::as_str)
    }

    /// The commitment named so.
    pub fn commitment(&self, name: &str) -> Option<&Commitment> {
        self.commitments.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_parse_and_order_the_ladder() {
        let r = DeskRules::builtin();
        assert_eq!(r.floor().id, "silence");
        let ranks: Vec<u8> = r.levels.iter().map(|l| l.rank).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(r.level("military").unwrap().rank, 6);
        assert_eq!(r.speaker_role("foreign_minister"), Some("foreign ministry"));
        assert!(r.speakers.expected.contains(&"head_of_state".to_string()));
        assert_eq!(r.commitment("defence pact").unwrap().expects, "military");
    }

    #[test]
    fn a_rule_naming_an_unknown_level_is_refused() {
        let bad = DESK_RULES.replace("level = \"concern\"", "level = \"outrage\"");
        assert!(DeskRules::from_toml(&bad).unwrap_err().contains("outrage"));
    }
}
