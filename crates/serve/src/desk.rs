//! The desk's handlers: crises, a crisis's response matrix and silence
//! windows, a patron's record, claims and contradictions. Each runs over the
//! desk snapshot (`cache`); every number in an answer carries the evidence
//! records behind it (`record` ids that `/api/records/{id}` resolves).

use crate::params::Params;
use crate::{ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use demarche_analysis::desk::{ClaimRow, Crisis, Evidence, WindowStatus};
use demarche_kb::{ActorKind, Kb};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;

type Q = Query<HashMap<String, String>>;
type Answer = Result<Json<Value>, ApiError>;

fn to_json<T: Serialize + ?Sized>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::Internal(format!("cannot encode: {e}")))
}

/// A state's ISO alpha-3 code (any case); 400 unless the knowledge base
/// holds that state.
fn state_code(kb: &Kb, param: &str, v: &str) -> Result<String, ApiError> {
    let code = v.trim().to_ascii_uppercase();
    let known = code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && kb.get(&code).is_some_and(|a| a.kind == ActorKind::Country);
    if known {
        Ok(code)
    } else {
        Err(ApiError::BadRequest(format!(
            "{param} must be a state's ISO alpha-3 code in the knowledge base (RUS, VEN…), not {v:?}"
        )))
    }
}

/// A comma-separated list of state codes.
fn state_codes(kb: &Kb, param: &str, v: Option<&str>) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::new();
    for c in v.unwrap_or("").split(',').filter(|c| !c.trim().is_empty()) {
        let code = state_code(kb, param, c)?;
        if !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

/// One page of `all`, with the paging fields and the total.
fn page<T: Serialize>(all: &[T], limit: usize, offset: usize) -> Result<Value, ApiError> {
    let items: Vec<&T> = all.iter().skip(offset).take(limit).collect();
    Ok(json!({
        "items": to_json(&items)?,
        "offset": offset,
        "limit": limit,
        "more": all.len() > offset + limit,
        "total": all.len(),
    }))
}

fn no_crisis(id: &str) -> ApiError {
    ApiError::NotFound(format!("no crisis {id} (see /api/crises)"))
}

pub async fn crises(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, false, &["target", "limit", "offset"])?;
    let (limit, offset) = p.paging()?;
    let target = p
        .get("target")
        .map(|t| state_code(state.kb(), "target", t))
        .transpose()?;
    let v = state
        .with_desk(move |_, snap, _| {
            let all: Vec<&Crisis> = snap
                .crises
                .iter()
                .filter(|c| target.as_ref().is_none_or(|t| c.target == *t))
                .collect();
            let mut v = page(&all, limit, offset)?;
            v["built_ms"] = json!(snap.built.as_millis() as u64);
            Ok(v)
        })
        .await?;
    Ok(Json(v))
}

pub async fn crisis(State(state): State<AppState>, Path(id): Path<String>, Query(q): Q) -> Answer {
    let p = Params::new(q, false, &["actors"])?;
    let actors = state_codes(state.kb(), "actors", p.get("actors"))?;
    let v = state
        .with_desk(move |desk, snap, _| {
            let c = snap.crisis(&id).ok_or_else(|| no_crisis(&id))?;
            let m = desk.matrix(&snap.corpus, c, &actors);
            let w = desk.silence_windows(&snap.corpus, c, &actors);
            let mut v = to_json(&m)?;
            v["silences"] = to_json(&w)?;
            Ok(v)
        })
        .await?;
    Ok(Json(v))
}

pub async fn windows(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, false, &["crisis", "actor", "status", "limit", "offset"])?;
    let (limit, offset) = p.paging()?;
    let actors = state_codes(state.kb(), "actor", p.get("actor"))?;
    let status = match p.choice("status", &["all", "silent", "spoke"], "all")? {
        "silent" => Some(WindowStatus::Silent),
        "spoke" => Some(WindowStatus::Spoke),
        _ => None,
    };
    let crisis = p.get("crisis").map(str::to_string);
    let v = state
        .with_desk(move |desk, snap, _| {
            let crises: Vec<&Crisis> = match &crisis {
                Some(id) => vec![snap.crisis(id).ok_or_else(|| no_crisis(id))?],
                None => snap.crises.iter().collect(),
            };
            // Crisis by crisis, only as far as the page needs.
            let (mut items, mut skipped, mut more) = (Vec::new(), 0, false);
            'crises: for c in crises {
                for w in desk.silence_windows(&snap.corpus, c, &actors) {
                    if status.is_some_and(|s| s != w.status) {
                        continue;
                    }
                    if skipped < offset {
                        skipped += 1;
                        continue;
                    }
                    if items.len() == limit {
                        more = true;
                        break 'crises;
                    }
                    items.push(w);
                }
            }
            Ok(json!({
                "items": to_json(&items)?,
                "offset": offset,
                "limit": limit,
                "more": more,
            }))
        })
        .await?;
    Ok(Json(v))
}

pub async fn patron(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Q,
) -> Answer {
    Params::new(q, false, &[])?;
    let code = state_code(state.kb(), "the patron", &code)?;
    let v = state
        .with_desk(move |desk, snap, _| to_json(&*snap.patron(desk, &code)))
        .await?;
    Ok(Json(v))
}

pub async fn claims(State(state): State<AppState>, Query(q): Q) -> Result<Response, ApiError> {
    let p = Params::new(q, false, &["min_outlets", "kind", "limit", "offset"])?;
    let (limit, offset) = p.paging()?;
    let min = p.number("min_outlets", 1, 1000)?;
    let kind = match p.choice("kind", &["all", "event", "statement"], "all")? {
        "all" => None,
        k => Some(k),
    };
    // A page is written straight from the cached claims (no value tree):
    // a claim may have hundreds of outlets.
    let body = state
        .with_desk(move |_, snap, opts| {
            let all: Vec<&ClaimRow> = snap
                .claims(opts)
                .iter()
                .filter(|r| r.outlets.len() >= min && kind.is_none_or(|k| r.kind == k))
                .collect();
            let page = ClaimPage {
                items: all
                    .iter()
                    .skip(offset)
                    .take(limit)
                    .map(|r| ClaimView::new(r))
                    .collect(),
                offset,
                limit,
                more: all.len() > offset + limit,
                total: all.len(),
            };
            serde_json::to_vec(&page).map_err(|e| ApiError::Internal(format!("cannot encode: {e}")))
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// A page of claims as `/api/claims` answers it.
#[derive(Serialize)]
struct ClaimPage<'a> {
    items: Vec<ClaimView<'a>>,
    offset: usize,
    limit: usize,
    more: bool,
    total: usize,
}

/// A claim with each outlet's first records and documents: an outlet may
/// carry a claim thousands of times, so each says how many reports and
/// documents and lists the first few, and a page costs what it shows.
#[derive(Serialize)]
struct ClaimView<'a> {
    id: &'a str,
    kind: &'a str,
    claim: &'a str,
    date: Option<&'a str>,
    sources: usize,
    outlets: Vec<OutletView<'a>>,
    evidence: &'a Evidence,
}

#[derive(Serialize)]
struct OutletView<'a> {
    outlet: &'a str,
    wire: Option<&'a str>,
    records: &'a [String],
    documents: &'a [String],
    reports: usize,
    document_count: usize,
}

impl<'a> ClaimView<'a> {
    fn new(r: &'a ClaimRow) -> ClaimView<'a> {
        let k = CLAIM_RECORDS;
        ClaimView {
            id: &r.id,
            kind: r.kind,
            claim: &r.claim,
            date: r.date.as_deref(),
            sources: r.sources,
            outlets: r
                .outlets
                .iter()
                .map(|o| OutletView {
                    outlet: &o.outlet,
                    wire: o.wire.as_deref(),
                    records: &o.records[..o.records.len().min(k)],
                    documents: &o.documents[..o.documents.len().min(k)],
                    reports: o.records.len(),
                    document_count: o.documents.len(),
                })
                .collect(),
            evidence: &r.evidence,
        }
    }
}

/// Records and documents listed per outlet of a claim (the counts are
/// whole).
const CLAIM_RECORDS: usize = 5;

/// The fields two sources can disagree on.
const FIELDS: &[&str] = &["all", "did / did not", "date", "actor", "count", "title"];

pub async fn contradictions(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, false, &["field", "limit", "offset"])?;
    let (limit, offset) = p.paging()?;
    let field = match p.choice("field", FIELDS, "all")? {
        "all" => None,
        f => Some(f),
    };
    let v = state
        .with_desk(move |desk, snap, _| {
            let all: Vec<_> = snap
                .contradictions(desk)
                .iter()
                .filter(|c| field.is_none_or(|f| c.field == f))
                .collect();
            page(&all, limit, offset)
        })
        .await?;
    Ok(Json(v))
}
