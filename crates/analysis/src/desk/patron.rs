//! Patron reliability: across the crises of one state's partners, how the
//! patron answered each, set against what it had promised them (the
//! strongest commitment binding the two on the crisis's first day).

use super::{Corpus, Crisis, Desk, Evidence, Speaker};
use serde::Serialize;

/// The patron's answer to one partner's crisis.
#[derive(Debug, Clone, Serialize)]
pub struct PatronRow {
    pub crisis: String,
    pub crisis_name: String,
    pub target: String,
    pub target_name: String,
    pub from: String,
    pub to: String,
    /// What bound the patron to the target ("defence pact"), and through
    /// which organisation or agreement.
    pub commitment: String,
    pub via: String,
    /// The level that commitment promises.
    pub expected: String,
    pub level: String,
    pub label: String,
    pub rank: u8,
    pub color: String,
    /// Whether the answer reached what was promised.
    pub met: bool,
    /// Whether another source says the patron did not do what lifts it to
    /// its level (as the matrix's cell).
    pub contested: bool,
    /// No source in the store reports on the crisis: nothing is known.
    pub unknown: bool,
    /// The level rests only on undated acts told after the crisis.
    pub undated: bool,
    pub speakers: Vec<Speaker>,
    pub evidence: Vec<Evidence>,
    pub silences: Vec<Evidence>,
    /// Documents about the crisis in its window.
    pub documents: usize,
}

/// How many of the partners' crises were answered at one level.
#[derive(Debug, Clone, Serialize)]
pub struct PatronSummary {
    pub level: String,
    pub label: String,
    pub color: String,
    pub crises: usize,
    /// Share of all the partners' crises.
    pub share: f64,
}

/// A patron's record across its partners' crises.
#[derive(Debug, Clone, Serialize)]
pub struct PatronReport {
    pub patron: String,
    pub patron_name: String,
    pub rows: Vec<PatronRow>,
    pub summary: Vec<PatronSummary>,
    /// Crises with no source in the store (left out of the shares).
    pub unknown: usize,
    /// Per commitment: crises, and how many answers reached its promise.
    pub by_commitment: Vec<(String, usize, usize)>,
}

impl Desk {
    /// The patron's answers to the crises of the states bound to it.
    pub fn patron(&self, corpus: &Corpus, crises: &[Crisis], patron: &str) -> PatronReport {
        let mut rows = Vec::new();
        for c in crises {
            if c.target == patron || c.by.iter().any(|b| b == patron) {
                continue;
            }
            let Some(day) = chrono::NaiveDate::from_num_days_from_ce_opt(c.days.0) else {
                continue;
            };
            let bond = self
                .kb
                .partners(&c.target, day)
                .into_iter()
                .filter(|p| p.partner == patron)
                .filter_map(|p| self.rules.commitment(&p.commitment).map(|k| (k, p)))
                .max_by_key(|(k, _)| k.rank);
            let Some((commitment, p)) = bond else {
                continue;
            };
            let m = self.matrix(corpus, c, &[patron.to_string()]);
            let Some(cell) = m.rows.into_iter().next() else {
                continue;
            };
            let expected = self
                .rules
                .level(&commitment.expects)
                .unwrap_or(self.rules.floor());
            rows.push(PatronRow {
                crisis: c.id.clone(),
                crisis_name: c.name.clone(),
                target: c.target.clone(),
                target_name: c.target_name.clone(),
                from: c.from.clone(),
                to: c.to.clone(),
                commitment: commitment.name.clone(),
                via: p.via_name,
                expected: expected.id.clone(),
                met: cell.rank >= expected.rank,
                contested: cell.contested,
                unknown: cell.unknown,
                undated: cell.undated,
                level: cell.level,
                label: cell.label,
                rank: cell.rank,
                color: cell.color,
                speakers: cell.speakers,
                evidence: cell.evidence,
                silences: cell.silences,
                documents: m.documents,
            });
        }
        let n = rows.iter().filter(|r| !r.unknown).count();
        let summary = self
            .rules
            .levels
            .iter()
            .map(|l| {
                let k = rows
                    .iter()
                    .filter(|r| r.level == l.id && !r.unknown)
                    .count();
                PatronSummary {
                    level: l.id.clone(),
                    label: l.label.clone(),
                    color: l.color.clone(),
                    crises: k,
                    share: if n == 0 { 0.0 } else { k as f64 / n as f64 },
                }
            })
            .collect();
        let mut by_commitment: Vec<(String, usize, usize)> = Vec::new();
        for c in &self.rules.commitments {
            let of: Vec<&PatronRow> = rows
                .iter()
                .filter(|r| r.commitment == c.name && !r.unknown)
                .collect();
            if !of.is_empty() {
                by_commitment.push((
                    c.name.clone(),
                    of.len(),
                    of.iter().filter(|r| r.met).count(),
                ));
            }
        }
        PatronReport {
            unknown: rows.iter().filter(|r| r.unknown).count(),
            patron: patron.to_string(),
            patron_name: self.country_name(patron),
            rows,
            summary,
            by_commitment,
        }
    }
}
