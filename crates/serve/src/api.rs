//! The handlers of `/api/…`. Each parses its query string (unknown
//! parameters are 400s), runs bounded store queries on a pooled connection
//! and answers JSON.

use crate::params::{Params, MAX_LIMIT};
use crate::views;
use crate::{ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::Json;
use demarche_analysis::{cluster_events, EventReport};
use demarche_core::KINDS;
use demarche_store::{EdgeClass, Filter, Store};
use serde_json::{json, Value};
use std::collections::HashMap;

type Q = Query<HashMap<String, String>>;
type Answer = Result<Json<Value>, ApiError>;

/// Event reports clustered by default, and at most.
const EVENT_WINDOW: (usize, usize) = (2000, 10_000);
/// Network pairs read by default, and at most.
const NETWORK_WINDOW: (usize, usize) = (5000, 20_000);
/// Entity records read by default, and at most.
const ENTITY_WINDOW: (usize, usize) = (5000, 20_000);

fn to_json<T: serde::Serialize>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::Internal(format!("cannot encode: {e}")))
}

/// A paged list of listed records.
async fn listed(
    state: &AppState,
    q: HashMap<String, String>,
    kinds: &'static [&'static str],
) -> Answer {
    let f = Params::new(q, true, &[])?.filter()?;
    let page = state
        .with_store(move |s, _| Ok(s.record_page(kinds, &f)?))
        .await?;
    Ok(Json(to_json(&page)?))
}

pub async fn stats(State(state): State<AppState>, Query(q): Q) -> Answer {
    Params::new(q, false, &[])?;
    let st = state.with_store(|s, _| Ok(s.stats()?)).await?;
    Ok(Json(json!({
        "counts": st.counts,
        "words": st.words,
        "writable": state.writable(),
    })))
}

pub async fn search(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, true, &["q"])?;
    let text = p
        .get("q")
        .ok_or_else(|| ApiError::BadRequest("q (the words to search for) is required".into()))?
        .to_string();
    let f = p.filter()?;
    let page = state
        .with_store(move |s, _| {
            s.search(&text, &f)?.ok_or_else(|| {
                ApiError::BadRequest(format!("q has no words to search for: {text:?}"))
            })
        })
        .await?;
    Ok(Json(to_json(&page.map(views::search_result))?))
}

pub async fn documents(State(state): State<AppState>, Query(q): Q) -> Answer {
    let f = Params::new(q, true, &[])?.filter()?;
    let page = state
        .with_store(move |s, _| Ok(s.document_page(&f)?))
        .await?;
    Ok(Json(to_json(&page)?))
}

pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
) -> Answer {
    Params::new(q, false, &[])?;
    let v = state
        .with_store(move |s, _| {
            let d = s
                .document_by_id(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no document {id}")))?;
            let text = s.text(&d.hash)?.unwrap_or_default();
            let records = s.document_records(&d.hash)?;
            Ok(json!({ "document": to_json(&d)?, "text": text, "records": to_json(&records)? }))
        })
        .await?;
    Ok(Json(v))
}

pub async fn records(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, true, &["kind"])?;
    let mut kinds: Vec<&'static str> = Vec::new();
    if let Some(list) = p.get("kind") {
        for k in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let known = KINDS[1..].iter().find(|x| **x == k).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "kind must be among {}, not {k:?}",
                    KINDS[1..].join(", ")
                ))
            })?;
            kinds.push(known);
        }
    }
    if kinds.is_empty() {
        kinds.extend(&KINDS[1..]);
    }
    let f = p.filter()?;
    let page = state
        .with_store(move |s, _| Ok(s.record_page(&kinds, &f)?))
        .await?;
    Ok(Json(to_json(&page)?))
}

pub async fn record(State(state): State<AppState>, Path(id): Path<String>, Query(q): Q) -> Answer {
    Params::new(q, false, &[])?;
    let one = state
        .with_store(move |s, _| {
            s.record_by_id(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no record {id}")))
        })
        .await?;
    Ok(Json(to_json(&one)?))
}

pub async fn timeline(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, true, &["order"])?;
    let newest = p.choice("order", &["asc", "desc"], "asc")? == "desc";
    let f = p.filter()?;
    let page = state
        .with_store(move |s, _| Ok(s.timeline_page(&f, newest)?))
        .await?;
    Ok(Json(to_json(&page)?))
}

pub async fn quotes(State(state): State<AppState>, Query(q): Q) -> Answer {
    listed(&state, q, &["quote"]).await
}

pub async fn silences(State(state): State<AppState>, Query(q): Q) -> Answer {
    listed(&state, q, &["silence"]).await
}

pub async fn entities(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, true, &["window"])?;
    let window = p.number("window", ENTITY_WINDOW.0, ENTITY_WINDOW.1)?;
    let f = p.filter()?;
    let (limit, offset) = (f.limit.unwrap_or(100), f.offset.unwrap_or(0));
    let scan = Filter {
        limit: Some(window),
        offset: None,
        ..f
    };
    let rows = state
        .with_store(move |s, _| Ok(s.record_page(&["entity"], &scan)?.items))
        .await?;
    let scanned = rows.len();
    let all = views::entities(views::entity_records(rows));
    let more = all.len() > offset + limit;
    let items: Vec<_> = all.into_iter().skip(offset).take(limit).collect();
    Ok(Json(json!({
        "items": to_json(&items)?,
        "offset": offset,
        "limit": limit,
        "more": more,
        "scanned": scanned,
        "window": window,
        "truncated": scanned == window,
    })))
}

/// The clusters of the newest `window` event reports matching the filter.
fn clusters_of(
    s: &Store,
    opts: &demarche_analysis::ClusterOptions,
    f: &Filter,
    window: usize,
) -> Result<(Vec<demarche_analysis::EventCluster>, usize), ApiError> {
    let scan = Filter {
        limit: Some(window),
        offset: None,
        ..f.clone()
    };
    let events = s.recent_events(&scan)?;
    let mut hashes: Vec<String> = events.iter().map(|(h, _)| h.clone()).collect();
    hashes.sort_unstable();
    hashes.dedup();
    let docs: HashMap<String, demarche_core::DocumentRecord> = s
        .documents_by_hash(&hashes)?
        .into_iter()
        .map(|d| (d.hash.clone(), d))
        .collect();
    let scanned = events.len();
    let reports: Vec<EventReport> = events
        .into_iter()
        .map(|(h, e)| EventReport::new(e, docs.get(&h)))
        .collect();
    let mut clusters = cluster_events(&reports, opts);
    views::order_clusters(&mut clusters);
    Ok((clusters, scanned))
}

pub async fn events(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, true, &["window"])?;
    let window = p.number("window", EVENT_WINDOW.0, EVENT_WINDOW.1)?;
    let f = p.filter()?;
    let (limit, offset) = (f.limit.unwrap_or(100), f.offset.unwrap_or(0));
    let (clusters, scanned) = state
        .with_store(move |s, opts| clusters_of(s, opts, &f, window))
        .await?;
    let more = clusters.len() > offset + limit;
    let items: Vec<views::ClusterSummary> = clusters
        .iter()
        .skip(offset)
        .take(limit)
        .map(views::ClusterSummary::from)
        .collect();
    Ok(Json(json!({
        "items": to_json(&items)?,
        "offset": offset,
        "limit": limit,
        "more": more,
        "clusters": clusters.len(),
        "scanned": scanned,
        "window": window,
        "truncated": scanned == window,
    })))
}

pub async fn event(State(state): State<AppState>, Path(id): Path<String>, Query(q): Q) -> Answer {
    let p = Params::new(q, true, &["window"])?;
    let window = p.number("window", EVENT_WINDOW.0, EVENT_WINDOW.1)?;
    let f = p.filter()?;
    let cluster = state
        .with_store(move |s, opts| {
            let (clusters, _) = clusters_of(s, opts, &f, window)?;
            clusters.into_iter().find(|c| c.id == id).ok_or_else(|| {
                ApiError::NotFound(format!(
                    "no cluster {id} among the clusters of the selected reports (filters and window apply before clustering)"
                ))
            })
        })
        .await?;
    Ok(Json(to_json(&cluster)?))
}

pub async fn network(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, true, &["window"])?;
    let window = p.number("window", NETWORK_WINDOW.0, NETWORK_WINDOW.1)?;
    let f = p.filter()?;
    let limit = f.limit.unwrap_or(100).min(MAX_LIMIT);
    let scan = Filter {
        limit: Some(window),
        offset: None,
        ..f
    };
    let rows = state.with_store(move |s, _| Ok(s.edges(&scan)?)).await?;
    Ok(Json(to_json(&views::network(rows, window, limit))?))
}

pub async fn edge(State(state): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::new(q, true, &["from", "to", "class"])?;
    let from = p
        .get("from")
        .ok_or_else(|| ApiError::BadRequest("from (the actor's key) is required".into()))?
        .to_string();
    let to = p
        .get("to")
        .ok_or_else(|| ApiError::BadRequest("to (the recipient's key) is required".into()))?
        .to_string();
    let class = match p.choice("class", &["all", "cooperation", "conflict", "other"], "all")? {
        "cooperation" => Some(EdgeClass::Cooperation),
        "conflict" => Some(EdgeClass::Conflict),
        "other" => Some(EdgeClass::Unclassed),
        _ => None,
    };
    let f = p.filter()?;
    let page = state
        .with_store(move |s, _| Ok(s.edge_page(&from, &to, class, &f)?))
        .await?;
    Ok(Json(to_json(&page)?))
}
