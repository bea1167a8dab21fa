//! Consistency findings: titles in the text checked against the knowledge
//! base's dated offices, for the time the sentence speaks of.
//!
//! A title in front of a knowledge-base person ("President X", "former
//! Foreign Minister Y", "then-Prime Minister Z") is a claim that the person
//! held (or, with "former", no longer holds) an office. The claim is checked
//! for the document's date and for every date the sentence itself names
//! ("In 2008, President X …"): a plain title must be held at one of them,
//! "former" must not be held at all of them. Only people with sourced roles
//! are checked; a title the base never gives the person is reported only for
//! role kinds the base lists completely (`complete_role_kinds` in the
//! entities lexicon).

use crate::doc::Claim;
use crate::{kind_accepts, loose};
use chrono::NaiveDate;
use demarche_core::hash::FxHashSet;
use demarche_core::{Document, Entity, Finding, FindingKind, TimeType};
use demarche_kb::{parse_loose_date, Kb, Role};

/// A closed period of days.
type Period = (NaiveDate, NaiveDate);

/// Checks every claim; one finding per contradicted claim.
pub(crate) fn check(
    kb: &Kb,
    complete: &FxHashSet<String>,
    doc: &Document,
    entities: &[Entity],
    claims: &[Claim],
    date: NaiveDate,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in claims {
        let Some(person) = entities
            .get(c.ent as usize)
            .and_then(|e| e.kb_id.as_deref())
            .and_then(|id| kb.get(id))
        else {
            continue;
        };
        if !person.roles.iter().any(|r| r.source.is_some()) {
            continue;
        }
        let periods = periods_of(doc, c, date);
        let matching: Vec<&Role> = person
            .roles
            .iter()
            .filter(|r| {
                kind_accepts(&c.kind, &r.kind)
                    && c.country.as_ref().is_none_or(|cc| *cc == r.country)
            })
            .collect();
        let held_in = |r: &Role, p: &Period| {
            let from = loose(r.from.as_deref()).unwrap_or(NaiveDate::MIN);
            let to =
                r.to.as_deref()
                    .filter(|s| !s.is_empty())
                    .and_then(demarche_kb::parse_loose_end)
                    .unwrap_or(NaiveDate::MAX);
            from <= p.1 && to >= p.0
        };
        let ends_after = |r: &Role, d: NaiveDate| {
            r.to.as_deref()
                .filter(|s| !s.is_empty())
                .and_then(demarche_kb::parse_loose_end)
                .is_none_or(|t| t > d)
        };
        let began_by = |r: &Role, d: NaiveDate| loose(r.from.as_deref()).is_none_or(|f| f <= d);
        let latest = periods.iter().map(|p| p.1).max().unwrap_or(date);
        let kind = if matching.is_empty() {
            // The base never gives the person this office.
            complete
                .contains(&c.kind)
                .then_some(FindingKind::TitleNotInKb)
        } else {
            match c.time.as_str() {
                "present" => {
                    if matching
                        .iter()
                        .any(|r| periods.iter().any(|p| held_in(r, p)))
                    {
                        None
                    } else if matching.iter().any(|r| began_by(r, latest)) {
                        Some(FindingKind::TitleExpired)
                    } else {
                        Some(FindingKind::TitleNotYet)
                    }
                }
                "then" => (!matching.iter().any(|r| began_by(r, latest)))
                    .then_some(FindingKind::TitleNotYet),
                "past" => {
                    if matching
                        .iter()
                        .any(|r| periods.iter().all(|p| held_in(r, p) && ends_after(r, p.1)))
                    {
                        // Held on every date and still after it: "former" is
                        // wrong (an office ending that day may be "former").
                        Some(FindingKind::FormerIncumbent)
                    } else {
                        (!matching.iter().any(|r| began_by(r, latest)))
                            .then_some(FindingKind::TitleNotYet)
                    }
                }
                _ => None,
            }
        };
        let Some(kind) = kind else { continue };
        out.push(Finding {
            span: c.span,
            entity: c.ent,
            kind,
            claim: c.title.clone(),
            as_of: match periods.get(1) {
                Some(p) => p.0.to_string(),
                None => date.to_string(),
            },
            basis: if periods.len() > 1 {
                "sentence".to_string()
            } else {
                doc.anchor
                    .as_ref()
                    .map_or("today", |a| a.how.as_str())
                    .to_string()
            },
            kb_says: kb_says(person, &matching, date),
        });
    }
    out
}

/// The document's date, then the dates the claim's sentence names (DATE
/// values up to the document's date).
fn periods_of(doc: &Document, c: &Claim, date: NaiveDate) -> Vec<Period> {
    let mut out = vec![(date, date)];
    let Some(si) = doc.sentence_at(c.span.start) else {
        return out;
    };
    let sent = doc.sentences[si].span;
    // Times are in text order: start at the sentence's first.
    let first = doc.times.partition_point(|t| t.span.start < sent.start);
    for t in doc.times[first..]
        .iter()
        .take_while(|t| t.span.start < sent.end)
    {
        if t.ttype != TimeType::Date || t.span.end > sent.end {
            continue;
        }
        if let Some(p) = period(&t.value) {
            if p.0 <= date && !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// The days a TIMEX3 date value covers: "2008", "2008-05", "2008-05-07".
fn period(v: &str) -> Option<Period> {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if digits(0..4) && v.get(4..6) == Some("-W") && digits(6..8) {
        // ISO week, with or without a weekday: "2026-W11", "2026-W11-2".
        let y: i32 = v[..4].parse().ok()?;
        let w: u32 = v[6..8].parse().ok()?;
        let day = |d: u32| {
            let wd = chrono::Weekday::try_from(u8::try_from(d - 1).ok()?).ok()?;
            NaiveDate::from_isoywd_opt(y, w, wd)
        };
        return match v.get(8..10).and_then(|s| s.strip_prefix('-')) {
            Some(d) => {
                let d = day(d.parse().ok()?)?;
                Some((d, d))
            }
            None => Some((day(1)?, day(7)?)),
        };
    }
    let dash = |i: usize| b.get(i) == Some(&b'-');
    let ym = digits(0..4) && dash(4) && digits(5..7);
    let p = if ym && dash(7) && digits(8..10) {
        &v[..10]
    } else if ym {
        &v[..7]
    } else if digits(0..4) {
        // A year, or a season, quarter or half of it: the whole year.
        &v[..4]
    } else {
        return None;
    };
    Some((parse_loose_date(p)?, demarche_kb::parse_loose_end(p)?))
}

/// What the knowledge base says: the offices held on the date, then the
/// dates of the offices the claim names.
fn kb_says(person: &demarche_kb::Actor, matching: &[&Role], date: NaiveDate) -> String {
    let fmt = |r: &Role| {
        let from = r.from.as_deref().unwrap_or("?");
        match r.to.as_deref().filter(|s| !s.is_empty()) {
            Some(to) => format!("{} ({}) {from} – {to}", r.office, r.country),
            None => format!("{} ({}) since {from}", r.office, r.country),
        }
    };
    let now: Vec<String> = person.roles_at(date).map(fmt).collect();
    let mut s = if now.is_empty() {
        format!("no office on {date}")
    } else {
        format!("on {date}: {}", now.join("; "))
    };
    let named: Vec<String> = matching
        .iter()
        .filter(|r| !person.roles_at(date).any(|x| std::ptr::eq(x, **r)))
        .map(|r| fmt(r))
        .collect();
    if !named.is_empty() {
        s.push_str("; held ");
        s.push_str(&named.join("; "));
    }
    s
}
