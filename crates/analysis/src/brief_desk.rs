//! The brief's desk sections for a brief about one state: the crises it
//! answered (or was bound to answer) and how, its expected speakers'
//! silences, its record as a patron, and where sources contradict each
//! other on what it did.

use crate::desk::{
    contradictions, Cell, Contradiction, Corpus, Crisis, Desk, DeskData, DeskRules, Evidence,
    PatronReport, SilenceWindow, WindowStatus,
};
use crate::render::{Line, Seg};
use crate::{plural, BriefInput, ClusterOptions, Notes, Section};
use demarche_core::Prov;
use demarche_kb::Kb;
use std::collections::HashMap;
use std::sync::Arc;

/// How many sentences a line cites at most.
const CITES: usize = 3;

/// What the desk says about one state.
pub(crate) struct DeskView {
    pub country: String,
    pub crises: Vec<(Crisis, Cell)>,
    pub windows: Vec<SilenceWindow>,
    pub patron: PatronReport,
    pub contradictions: Vec<Contradiction>,
}

/// Runs the desk over the brief's input for `country`.
pub(crate) fn desk_view(
    input: &BriefInput,
    kb: Arc<Kb>,
    country: &str,
    clusters: &ClusterOptions,
) -> DeskView {
    let hash_of: HashMap<&str, &str> = input
        .documents
        .iter()
        .map(|d| (d.prov.doc.as_str(), d.hash.as_str()))
        .collect();
    let data = Arc::new(DeskData {
        documents: input.documents.clone(),
        quotes: input.quotes.clone(),
        silences: input.silences.clone(),
        event_hashes: input
            .events
            .iter()
            .map(|e| {
                hash_of
                    .get(e.prov.doc.as_str())
                    .copied()
                    .unwrap_or("")
                    .to_string()
            })
            .collect(),
        events: input.events.clone(),
        times: input.times.clone(),
        findings: Vec::new(),
        named: input.named.clone(),
    });
    let cl = data.clusters(clusters);
    let desk = Desk::new(kb, DeskRules::builtin());
    let corpus = Corpus::new(&desk, data);
    let all = desk.crises(&corpus, &cl, &corpus.data.named);
    let me = [country.to_string()];
    let mut crises = Vec::new();
    let mut windows = Vec::new();
    for c in &all {
        if c.target == country || c.by.iter().any(|b| b == country) {
            continue;
        }
        let m = desk.matrix(&corpus, c, &me);
        let Some(cell) = m.rows.into_iter().next() else {
            continue;
        };
        if cell.rank > 0 || !cell.silences.is_empty() {
            windows.extend(desk.silence_windows(&corpus, c, &me));
            crises.push((c.clone(), cell));
        }
    }
    let patron = desk.patron(&corpus, &all, country);
    let mine: std::collections::HashSet<&str> = corpus
        .data
        .events
        .iter()
        .filter(|e| {
            e.actors
                .iter()
                .any(|p| p.country.as_deref() == Some(country))
        })
        .map(|e| e.prov.id.as_str())
        .collect();
    let contradictions = contradictions(&desk, &corpus, &cl)
        .into_iter()
        .filter(|x| {
            x.field != "title"
                && (mine.contains(x.a.record.as_str())
                    || x.b
                        .as_ref()
                        .is_some_and(|b| mine.contains(b.record.as_str())))
        })
        .collect();
    DeskView {
        country: country.to_string(),
        crises,
        windows,
        patron,
        contradictions,
    }
}

/// "1 source says" / "3 sources say".
fn plural_say(n: usize) -> String {
    if n == 1 {
        String::from("1 source says")
    } else {
        format!("{n} sources say")
    }
}

/// Cites up to `CITES` pieces of evidence.
fn cite<'a>(
    provs: &HashMap<&str, &'a Prov>,
    notes: &mut Notes<'a>,
    line: &mut Line,
    ev: &[Evidence],
) {
    let mut ns: Vec<usize> = ev
        .iter()
        .filter_map(|e| provs.get(e.record.as_str()))
        .filter_map(|p| match notes.cite(p) {
            Seg::Cite(n) => Some(n),
            _ => None,
        })
        .collect();
    ns.sort_unstable();
    ns.dedup();
    line.extend(ns.into_iter().take(CITES).map(Seg::Cite));
}

fn crisis_head(c: &Crisis) -> String {
    let by = if c.by_names.is_empty() {
        String::new()
    } else {
        format!(", by {}", c.by_names.join(", "))
    };
    let days = if c.from == c.to {
        c.from.clone()
    } else {
        format!("{} to {}", c.from, c.to)
    };
    format!("{} ({}, {days}{by})", c.name, c.target_name)
}

/// Adds the desk's sections to a brief.
pub(crate) fn desk_sections<'a>(
    view: &DeskView,
    input: &'a BriefInput,
    notes: &mut Notes<'a>,
    sections: &mut Vec<Section>,
) {
    let mut provs: HashMap<&str, &'a Prov> = HashMap::new();
    for p in input
        .quotes
        .iter()
        .map(|q| &q.prov)
        .chain(input.silences.iter().map(|s| &s.prov))
        .chain(input.events.iter().map(|e| &e.prov))
    {
        provs.insert(p.id.as_str(), p);
    }

    // Crises and the state's responses, strongest level first.
    let mut groups = Vec::new();
    for (c, cell) in &view.crises {
        let mut lines: Vec<Line> = Vec::new();
        let mut head = vec![
            Seg::Strong(cell.label.clone()),
            Seg::Plain(if cell.contested {
                " (contested: another source says it did not)".into()
            } else {
                String::new()
            }),
            Seg::Plain(if cell.undated {
                " (only an undated later account)".into()
            } else {
                String::new()
            }),
        ];
        if let Some(b) = &cell.bond {
            head.push(Seg::Plain(format!("; bound by {b}")));
        }
        lines.push(head);
        let mut levels: Vec<&str> = cell
            .evidence
            .iter()
            .filter_map(|e| e.level.as_deref())
            .collect();
        levels.dedup();
        for level in levels {
            let ev: Vec<Evidence> = cell
                .evidence
                .iter()
                .filter(|e| e.level.as_deref() == Some(level))
                .cloned()
                .collect();
            let mut who: Vec<String> = Vec::new();
            for e in &ev {
                let w = e.who.clone().unwrap_or_else(|| "unnamed".into());
                let role = cell
                    .speakers
                    .iter()
                    .find(|s| Some(&s.name) == e.who.as_ref())
                    .map(|s| format!("{w} ({})", s.role))
                    .unwrap_or(w);
                if !who.contains(&role) {
                    who.push(role);
                }
            }
            let mut l = vec![Seg::Plain(format!("{level}: ")), Seg::Text(who.join(", "))];
            cite(&provs, notes, &mut l, &ev);
            lines.push(l);
        }
        if !cell.silences.is_empty() {
            let mut l = vec![Seg::Plain(format!(
                "{} it kept silent or did not act",
                plural_say(cell.silences.len())
            ))];
            cite(&provs, notes, &mut l, &cell.silences);
            lines.push(l);
        }
        groups.push((crisis_head(c), lines));
    }
    if !groups.is_empty() {
        sections.push(Section {
            title: "Crises and responses",
            groups,
        });
    }

    // Silence windows of the expected speakers: each one a source speaks
    // to (silent, or spoke after all) on its own line; the rest in one line
    // per crisis.
    let mut lines: Vec<Line> = Vec::new();
    let mut quiet: Vec<(String, Vec<String>, String)> = Vec::new();
    for w in &view.windows {
        match w.status {
            WindowStatus::Silent if w.explicit.is_empty() => {
                let who = format!("{} ({})", w.speaker, w.role);
                let span = format!(
                    "{} to {}, {}",
                    w.from,
                    w.to,
                    plural(w.sources_searched, "document")
                );
                match quiet.iter_mut().find(|q| q.0 == w.crisis_name) {
                    Some(q) => q.1.push(who),
                    None => quiet.push((w.crisis_name.clone(), vec![who], span)),
                }
            }
            WindowStatus::Silent => {
                let mut l = vec![
                    Seg::Strong(w.speaker.clone()),
                    Seg::Plain(format!(
                        " ({}) on {}: no statement from {} to {} in the {} searched; {} so",
                        w.role,
                        w.crisis_name,
                        w.from,
                        w.to,
                        plural(w.sources_searched, "document"),
                        plural_say(w.explicit.len())
                    )),
                ];
                cite(&provs, notes, &mut l, &w.explicit);
                lines.push(l);
            }
            WindowStatus::Spoke => {
                let mut l = vec![
                    Seg::Strong(w.speaker.clone()),
                    Seg::Plain(format!(
                        " ({}) on {}: spoke ({}), no silence",
                        w.role,
                        w.crisis_name,
                        plural(w.statements.len(), "statement")
                    )),
                ];
                cite(&provs, notes, &mut l, &w.statements);
                lines.push(l);
            }
        }
    }
    for (crisis, who, span) in quiet {
        lines.push(vec![Seg::Plain(format!(
            "On {crisis}, nothing found from {} ({span} searched)",
            who.join(", ")
        ))]);
    }
    if !lines.is_empty() {
        sections.push(Section {
            title: "Silence windows",
            groups: vec![(String::new(), lines)],
        });
    }

    // The state as a patron.
    let p = &view.patron;
    if !p.rows.is_empty() {
        let mut lines: Vec<Line> = Vec::new();
        for r in &p.rows {
            let got = if r.unknown {
                "no record"
            } else {
                r.label.as_str()
            };
            let mut l = vec![
                Seg::Plain(format!("{} — ", r.from)),
                Seg::Strong(format!("{} ({})", r.crisis_name, r.target_name)),
                Seg::Plain(format!(
                    ": {} via {}; promised {}, answered {}{}{}",
                    r.commitment,
                    r.via,
                    r.expected,
                    got,
                    if r.met || r.unknown {
                        ""
                    } else {
                        " — short of it"
                    },
                    if r.contested { " (contested)" } else { "" }
                )),
            ];
            cite(&provs, notes, &mut l, &r.evidence);
            if r.evidence.is_empty() {
                cite(&provs, notes, &mut l, &r.silences);
            }
            lines.push(l);
        }
        let shares: Vec<String> = p
            .summary
            .iter()
            .filter(|s| s.crises > 0)
            .map(|s| format!("{} {} ({:.0}%)", s.label, s.crises, s.share * 100.0))
            .collect();
        lines.push(vec![Seg::Plain(format!(
            "{}{}: {}",
            if p.rows.len() == 1 {
                String::from("1 partner crisis")
            } else {
                format!("{} partner crises", p.rows.len())
            },
            if p.unknown > 0 {
                format!(" ({} with no source)", p.unknown)
            } else {
                String::new()
            },
            shares.join(", ")
        ))]);
        sections.push(Section {
            title: "As a patron",
            groups: vec![(format!("{} ({})", p.patron_name, view.country), lines)],
        });
    }

    // Contradictions on what the state did.
    let mut lines: Vec<Line> = Vec::new();
    for x in &view.contradictions {
        let mut l = vec![
            Seg::Plain(format!("{}: ", x.field)),
            Seg::Text(x.claim.clone()),
            Seg::Plain(format!(" — {} ", x.a_says)),
        ];
        cite(&provs, notes, &mut l, std::slice::from_ref(&x.a));
        l.push(Seg::Plain(format!(" vs {} ", x.b_says)));
        if let Some(b) = &x.b {
            cite(&provs, notes, &mut l, std::slice::from_ref(b));
        }
        lines.push(l);
    }
    if !lines.is_empty() {
        sections.push(Section {
            title: "Contradictions",
            groups: vec![(String::new(), lines)],
        });
    }
}
