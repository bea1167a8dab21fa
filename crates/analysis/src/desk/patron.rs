//! Patron reliability: across the crises of one state's partners, how the
//! patron answered each, set against what it had promised them (the
//! strongest commitment binding the two on the crisis's first day).

use super::{Commitment, Corpus, Crisis, Desk, Evidence, Speaker};
use demarche_kb::Partnership;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

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
        let rows = crises
            .iter()
            .flat_map(|c| self.patron_rows(corpus, c, Some(patron)))
            .map(|(_, r)| r)
            .collect();
        self.patron_report(patron, rows)
    }

    /// Every state's patron report (those bound to no state in a crisis
    /// have none): one scope per crisis, shared by all the states bound to
    /// its target. Crises are read in parallel.
    pub fn patrons(&self, corpus: &Corpus, crises: &[Crisis]) -> BTreeMap<String, PatronReport> {
        let per_crisis: Vec<Vec<(String, PatronRow)>> = crises
            .par_iter()
            .map(|c| self.patron_rows(corpus, c, None))
            .collect();
        let mut by: BTreeMap<String, Vec<PatronRow>> = BTreeMap::new();
        for (p, r) in per_crisis.into_iter().flatten() {
            by.entry(p).or_default().push(r);
        }
        by.into_iter()
            .map(|(p, rows)| {
                let r = self.patron_report(&p, rows);
                (p, r)
            })
            .collect()
    }

    /// The rows one crisis adds to the reports of the states bound to its
    /// target (only `only`'s when given).
    fn patron_rows(
        &self,
        corpus: &Corpus,
        c: &Crisis,
        only: Option<&str>,
    ) -> Vec<(String, PatronRow)> {
        let Some(day) = chrono::NaiveDate::from_num_days_from_ce_opt(c.days.0) else {
            return Vec::new();
        };
        // Each bound state's strongest commitment to the target.
        let mut bonds: Vec<(&Commitment, Partnership)> = Vec::new();
        for p in self.kb.partners(&c.target, day) {
            if only.is_some_and(|o| o != p.partner)
                || p.partner == c.target
                || c.by.contains(&p.partner)
            {
                continue;
            }
            let Some(k) = self.rules.commitment(&p.commitment) else {
                continue;
            };
            match bonds.iter_mut().find(|(_, x)| x.partner == p.partner) {
                Some(b) if b.0.rank <= k.rank => *b = (k, p),
                Some(_) => {}
                None => bonds.push((k, p)),
            }
        }
        if bonds.is_empty() {
            return Vec::new();
        }
        let scope = self.scope(corpus, c);
        let mut out = Vec::with_capacity(bonds.len());
        for (commitment, p) in bonds {
            let cell = self.cell(corpus, c, &scope, &p.partner, None);
            let expected = self
                .rules
                .level(&commitment.expects)
                .unwrap_or(self.rules.floor());
            let row = PatronRow {
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
                documents: scope.documents,
            };
            out.push((p.partner, row));
        }
        out
    }

    /// A report from a patron's rows: the share of crises at each level and
    /// how often each kind of commitment was met.
    fn patron_report(&self, patron: &str, rows: Vec<PatronRow>) -> PatronReport {
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
