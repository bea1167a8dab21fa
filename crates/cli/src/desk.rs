//! The analyst's desk on the command line: `crisis` (add, list, remove,
//! show: the response matrix and silence windows), `patron`, `claims`.

use crate::args::{ClaimsArgs, CrisisArgs, CrisisCommand, PatronArgs};
use anyhow::Result;
use demarche_analysis::desk::{
    contradictions, corroboration, Corpus, CorroborationOptions, Crisis, CrisisInput, Desk,
    DeskData, DeskRules, Matrix, SilenceWindow, WindowStatus,
};
use demarche_analysis::{ClusterOptions, EventCluster, Wires};
use demarche_kb::Kb;
use demarche_store::{Store, StoreLocation};
use std::io::Write;
use std::sync::Arc;

/// The data, its clusters and the desk, ready for the analyses.
struct Session {
    data: Arc<DeskData>,
    clusters: Vec<EventCluster>,
    desk: Desk,
    wires: Wires,
}

impl Session {
    fn open(db: &StoreLocation, kb: Arc<Kb>) -> Result<Session> {
        let store = Store::open_for_reading(db)?;
        let data = Arc::new(DeskData::load(&store)?);
        let wires = Wires::from_kb(&kb);
        let clusters = data.clusters(&ClusterOptions {
            wires: wires.clone(),
            ..ClusterOptions::default()
        });
        Ok(Session {
            data,
            clusters,
            desk: Desk::new(kb, DeskRules::builtin()),
            wires,
        })
    }
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    Ok(())
}

pub fn crisis(db: &StoreLocation, a: &CrisisArgs, kb: Arc<Kb>) -> Result<i32> {
    match &a.command {
        CrisisCommand::Add {
            target,
            from,
            to,
            name,
            by,
            note,
        } => {
            let def = CrisisInput {
                target: target.clone(),
                from: from.clone(),
                to: to.clone(),
                name: name.clone(),
                by: by.clone(),
                note: note.clone(),
            }
            .validate(&kb)
            .map_err(anyhow::Error::msg)?;
            Store::open(db)?.put_crisis(&def)?;
            writeln!(std::io::stdout().lock(), "{}\t{}", def.id, def.name)?;
            Ok(0)
        }
        CrisisCommand::Remove { id } => {
            if Store::open(db)?.remove_crisis(id)? {
                writeln!(std::io::stdout().lock(), "removed {id}")?;
                Ok(0)
            } else {
                eprintln!("demarche: no named crisis {id}");
                Ok(1)
            }
        }
        CrisisCommand::List { json } => {
            let s = Session::open(db, kb)?;
            let corpus = Corpus::new(&s.desk, s.data.clone());
            let crises = s.desk.crises(&corpus, &s.clusters, &s.data.named);
            if *json {
                return print_json(&crises).map(|_| 0);
            }
            for c in &crises {
                writeln!(std::io::stdout().lock(), "{}", crisis_line(c))?;
            }
            Ok(0)
        }
        CrisisCommand::Show { id, actors, json } => {
            let s = Session::open(db, kb)?;
            let corpus = Corpus::new(&s.desk, s.data.clone());
            let crises = s.desk.crises(&corpus, &s.clusters, &s.data.named);
            let Some(c) = find(&crises, id) else {
                eprintln!("demarche: no crisis {id} (see `demarche crisis list`)");
                return Ok(1);
            };
            let m = s.desk.matrix(&corpus, c, actors);
            let w = s.desk.silence_windows(&corpus, c, actors);
            if *json {
                return print_json(&serde_json::json!({ "matrix": m, "silences": w })).map(|_| 0);
            }
            print_matrix(&m, &w)?;
            Ok(0)
        }
    }
}

/// A crisis by id, or by a word of its name.
fn find<'c>(crises: &'c [Crisis], q: &str) -> Option<&'c Crisis> {
    let ql = q.to_lowercase();
    crises
        .iter()
        .find(|c| c.id == q || c.kb_id.as_deref() == Some(q))
        .or_else(|| crises.iter().find(|c| c.name.to_lowercase().contains(&ql)))
}

fn crisis_line(c: &Crisis) -> String {
    let origins: Vec<String> = c
        .origins
        .iter()
        .map(|o| format!("{o:?}").to_lowercase())
        .collect();
    format!(
        "{}\t{} – {}\t{}\t{}\tby {}\t{} reports, {} sources [{}]",
        c.id,
        c.from,
        c.to,
        c.target,
        c.name,
        if c.by_names.is_empty() {
            String::from("?")
        } else {
            c.by_names.join(", ")
        },
        c.reports,
        c.sources,
        origins.join(", ")
    )
}

fn print_matrix(m: &Matrix, w: &[SilenceWindow]) -> std::io::Result<()> {
    writeln!(std::io::stdout().lock(), "{}", crisis_line(&m.crisis))?;
    writeln!(
        std::io::stdout().lock(),
        "window {} – {}; {} documents about it",
        m.window[0],
        m.window[1],
        m.documents
    )?;
    for r in &m.rows {
        let speakers: Vec<String> = r
            .speakers
            .iter()
            .map(|s| format!("{} ({})", s.name, s.role))
            .collect();
        writeln!(
            std::io::stdout().lock(),
            "  {}\t{}{}\t{}\t{} responses, {} silences\t{}",
            r.actor,
            r.label,
            if r.contested { " (contested)" } else { "" },
            r.bond.as_deref().unwrap_or(""),
            r.evidence.len(),
            r.silences.len(),
            speakers.join("; ")
        )?;
    }
    for s in w {
        let status = match s.status {
            WindowStatus::Silent => "silent",
            WindowStatus::Spoke => "spoke",
        };
        writeln!(
            std::io::stdout().lock(),
            "  silence window: {} ({}, {})\t{} – {}\t{status}\t{} sources searched, {} say so, {} statements",
            s.speaker,
            s.role,
            s.actor,
            s.from,
            s.to,
            s.sources_searched,
            s.explicit.len(),
            s.statements.len()
        )?;
    }
    Ok(())
}

pub fn patron(db: &StoreLocation, a: &PatronArgs, kb: Arc<Kb>) -> Result<i32> {
    let s = Session::open(db, kb)?;
    let corpus = Corpus::new(&s.desk, s.data.clone());
    let crises = s.desk.crises(&corpus, &s.clusters, &s.data.named);
    let code = a.patron.trim().to_ascii_uppercase();
    let r = s.desk.patron(&corpus, &crises, &code);
    if a.json {
        return print_json(&r).map(|_| 0);
    }
    writeln!(
        std::io::stdout().lock(),
        "{} ({}): {} crises of partners",
        r.patron_name,
        r.patron,
        r.rows.len()
    )?;
    for row in &r.rows {
        writeln!(
            std::io::stdout().lock(),
            "  {} – {}\t{}\t{}\t{} via {}\texpected {}\tgot {}{}{}",
            row.from,
            row.to,
            row.target,
            row.crisis_name,
            row.commitment,
            row.via,
            row.expected,
            row.label,
            if row.met { "" } else { " (short)" },
            if row.undated {
                " (undated later account)"
            } else {
                ""
            }
        )?;
    }
    for x in r.summary.iter().filter(|x| x.crises > 0) {
        writeln!(
            std::io::stdout().lock(),
            "  {}: {} ({:.0}%)",
            x.label,
            x.crises,
            x.share * 100.0
        )?;
    }
    Ok(0)
}

pub fn claims(db: &StoreLocation, a: &ClaimsArgs, kb: Arc<Kb>) -> Result<i32> {
    let s = Session::open(db, kb)?;
    let corpus = Corpus::new(&s.desk, s.data.clone());
    if a.contradictions {
        let c = contradictions(&s.desk, &corpus, &s.clusters);
        if a.json {
            return print_json(&c).map(|_| 0);
        }
        for x in &c {
            writeln!(
                std::io::stdout().lock(),
                "{}\t{}\t{:?} ({}) vs {:?} ({})",
                x.field,
                x.claim,
                x.a_says,
                x.a.doc,
                x.b_says,
                x.b.as_ref().map_or("knowledge base", |b| b.doc.as_str())
            )?;
        }
        return Ok(0);
    }
    let rows = corroboration(
        &corpus,
        &s.clusters,
        &s.wires,
        CorroborationOptions {
            min_outlets: a.min_outlets,
        },
    );
    if a.json {
        return print_json(&rows).map(|_| 0);
    }
    for r in &rows {
        let outlets: Vec<&str> = r.outlets.iter().map(|o| o.outlet.as_str()).collect();
        writeln!(
            std::io::stdout().lock(),
            "{}\t{}\t{} sources\t{}\t{}",
            r.id,
            r.kind,
            r.sources,
            outlets.join(", "),
            r.claim
        )?;
    }
    Ok(0)
}
