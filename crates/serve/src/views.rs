//! What the API computes from records: the sentences a search matched,
//! entities across documents, the actor network, event-cluster summaries.

use demarche_analysis::EventCluster;
use demarche_core::{CharIndex, Document, EntityRecord, Record};
use demarche_store::{EdgeRow, Listed, SearchHit};
use serde::Serialize;
use std::collections::HashMap;

/// Matching sentences returned per search hit.
const SENTENCES_PER_HIT: usize = 3;
/// Evidence record ids returned per network edge (the full list is
/// `/api/network/edge`).
pub const EVIDENCE_PER_EDGE: usize = 20;

/// A sentence holding matched terms.
#[derive(Debug, Serialize)]
pub struct MatchedSentence {
    /// The sentence's index in the document (as records number them).
    pub index: usize,
    /// `[start, end)` in characters of the document text.
    pub span: [usize; 2],
    pub text: String,
    /// The matched terms, in characters relative to the sentence start.
    pub hits: Vec<[usize; 2]>,
}

/// One search result.
#[derive(Debug, Serialize)]
pub struct SearchResult {
    pub document: demarche_core::DocumentRecord,
    pub snippet: Vec<demarche_store::Fragment>,
    pub sentences: Vec<MatchedSentence>,
    /// Matched terms in the whole text.
    pub hit_count: usize,
}

/// The sentences of a search hit's text that hold matched terms, segmented
/// as the pipeline segments (so indices agree with records').
pub fn search_result(hit: SearchHit) -> SearchResult {
    let mut doc = Document::new("search", hit.text);
    demarche_text::segment(&mut doc);
    let chars = CharIndex::new(&doc.text);
    let mut sentences: Vec<MatchedSentence> = Vec::new();
    for (i, s) in doc.sentences.iter().enumerate() {
        let (b0, b1) = (s.span.start as usize, s.span.end as usize);
        let (c0, c1) = (chars.char_offset(b0), chars.char_offset(b1));
        let hits: Vec<[usize; 2]> = hit
            .hits
            .iter()
            .filter(|[a, _]| *a >= c0 && *a < c1)
            .map(|[a, b]| [a - c0, (*b).min(c1) - c0])
            .collect();
        if hits.is_empty() {
            continue;
        }
        sentences.push(MatchedSentence {
            index: i,
            span: [c0, c1],
            text: doc.text[b0..b1].to_string(),
            hits,
        });
        if sentences.len() == SENTENCES_PER_HIT {
            break;
        }
    }
    SearchResult {
        document: hit.document,
        snippet: hit.snippet,
        sentences,
        hit_count: hit.hits.len(),
    }
}

/// One entity across the documents of the window.
#[derive(Debug, Serialize)]
pub struct EntityRow {
    /// The knowledge-base id, else the name: what `actor=` matches for
    /// this entity's records.
    pub key: String,
    pub name: String,
    #[serde(rename = "type")]
    pub etype: &'static str,
    pub country: Option<String>,
    pub kb_id: Option<String>,
    pub documents: usize,
    pub mentions: usize,
    /// The newest entity record (its document view).
    pub latest: String,
}

/// Entity records (newest first) → one row per entity, most documents
/// first, then by name.
pub fn entities(rows: Vec<(String, EntityRecord)>) -> Vec<EntityRow> {
    let mut by_key: HashMap<String, (EntityRow, Vec<String>)> = HashMap::new();
    for (hash, e) in rows {
        let key = e.kb_id.clone().unwrap_or_else(|| e.name.clone());
        let entry = by_key.entry(key.clone()).or_insert_with(|| {
            (
                EntityRow {
                    key,
                    name: e.name.clone(),
                    etype: e.etype.as_str(),
                    country: e.country.clone(),
                    kb_id: e.kb_id.clone(),
                    documents: 0,
                    mentions: 0,
                    latest: e.prov.id.clone(),
                },
                Vec::new(),
            )
        });
        if !entry.1.contains(&hash) {
            entry.1.push(hash);
            entry.0.documents += 1;
        }
        entry.0.mentions += e.mentions.len().max(1);
    }
    let mut out: Vec<EntityRow> = by_key.into_values().map(|(r, _)| r).collect();
    out.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.name.cmp(&b.name))
            .then(a.key.cmp(&b.key))
    });
    out
}

/// An actor or recipient of the network.
#[derive(Debug, Serialize)]
pub struct Node {
    pub key: String,
    pub name: String,
    pub country: Option<String>,
    /// Event pairs it takes part in (as actor or recipient).
    pub events: usize,
}

/// Actor → recipient, with counts by QuadClass.
#[derive(Debug, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub total: usize,
    /// QuadClass 1 and 2.
    pub cooperation: usize,
    /// QuadClass 3 and 4.
    pub conflict: usize,
    /// Not coded.
    pub other: usize,
    /// The newest evidence records (at most 20).
    pub evidence: Vec<String>,
}

/// The network of the scanned pairs.
#[derive(Debug, Serialize)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Pairs read (newest first), and whether the window was full (older
    /// pairs exist outside it).
    pub scanned: usize,
    pub window: usize,
    pub truncated: bool,
    /// Edges left out by `limit`.
    pub more: bool,
}

/// Pairs (newest first) → nodes and the `limit` heaviest edges.
pub fn network(rows: Vec<EdgeRow>, window: usize, limit: usize) -> Network {
    let scanned = rows.len();
    let mut edges: Vec<Edge> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut names: HashMap<String, (String, Option<String>)> = HashMap::new();
    for r in rows {
        names
            .entry(r.actor_key.clone())
            .or_insert((r.actor.clone(), r.actor_country.clone()));
        names
            .entry(r.recipient_key.clone())
            .or_insert((r.recipient.clone(), r.recipient_country.clone()));
        let k = (r.actor_key.clone(), r.recipient_key.clone());
        let i = *index.entry(k).or_insert_with(|| {
            edges.push(Edge {
                from: r.actor_key.clone(),
                to: r.recipient_key.clone(),
                total: 0,
                cooperation: 0,
                conflict: 0,
                other: 0,
                evidence: Vec::new(),
            });
            edges.len() - 1
        });
        let e = &mut edges[i];
        e.total += 1;
        match r.quad_class {
            Some(1 | 2) => e.cooperation += 1,
            Some(3 | 4) => e.conflict += 1,
            _ => e.other += 1,
        }
        if e.evidence.len() < EVIDENCE_PER_EDGE {
            e.evidence.push(r.record_id);
        }
    }
    edges.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then(a.from.cmp(&b.from))
            .then(a.to.cmp(&b.to))
    });
    let more = edges.len() > limit;
    edges.truncate(limit);
    let mut count: HashMap<&str, usize> = HashMap::new();
    for e in &edges {
        *count.entry(e.from.as_str()).or_default() += e.total;
        *count.entry(e.to.as_str()).or_default() += e.total;
    }
    let mut nodes: Vec<Node> = count
        .into_iter()
        .map(|(k, n)| {
            let (name, country) = names.get(k).cloned().unwrap_or_default();
            Node {
                key: k.to_string(),
                name,
                country,
                events: n,
            }
        })
        .collect();
    nodes.sort_by(|a, b| b.events.cmp(&a.events).then(a.key.cmp(&b.key)));
    Network {
        nodes,
        edges,
        scanned,
        window,
        truncated: scanned == window,
        more,
    }
}

/// A cluster without its links, and its reports as ids.
#[derive(Debug, Serialize)]
pub struct ClusterSummary {
    pub id: String,
    pub event_type: String,
    pub mode: Option<String>,
    pub actor: Option<String>,
    pub actor_country: Option<String>,
    pub recipient: Option<String>,
    pub recipient_country: Option<String>,
    pub date: Option<String>,
    pub negated: bool,
    pub hypothetical: bool,
    pub historical: bool,
    pub reports: usize,
    pub documents: usize,
    pub outlets: usize,
    pub sources: usize,
    pub earliest: String,
    pub earliest_outlet: Option<String>,
    pub earliest_published: Option<String>,
    pub evidence: String,
    pub report_ids: Vec<String>,
}

impl From<&EventCluster> for ClusterSummary {
    fn from(c: &EventCluster) -> Self {
        let first = c.earliest_report();
        ClusterSummary {
            id: c.id.clone(),
            event_type: c.event_type.clone(),
            mode: c.mode.clone(),
            actor: c.actor.clone(),
            actor_country: c.actor_country.clone(),
            recipient: c.recipient.clone(),
            recipient_country: c.recipient_country.clone(),
            date: c.date.clone(),
            negated: c.negated,
            hypothetical: c.hypothetical,
            historical: c.historical,
            reports: c.reports.len(),
            documents: c.documents,
            outlets: c.outlets,
            sources: c.sources,
            earliest: c.earliest.clone(),
            earliest_outlet: first.and_then(|r| r.outlet.clone()),
            earliest_published: first.and_then(|r| r.published.clone()),
            evidence: c.evidence.clone(),
            report_ids: c.reports.iter().map(|r| r.id.clone()).collect(),
        }
    }
}

/// Clusters in the order the list shows: most reports first, then newest
/// date, then id.
pub fn order_clusters(clusters: &mut [EventCluster]) {
    clusters.sort_by(|a, b| {
        b.reports
            .len()
            .cmp(&a.reports.len())
            .then(b.date.cmp(&a.date))
            .then(a.id.cmp(&b.id))
    });
}

/// Entity records from listed rows, with their document hashes.
pub fn entity_records(rows: Vec<Listed>) -> Vec<(String, EntityRecord)> {
    rows.into_iter()
        .filter_map(|l| match l.record {
            Record::Entity(e) => Some((l.document.hash, e)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str, a: &str, r: &str, q: Option<u8>) -> EdgeRow {
        EdgeRow {
            record_id: id.into(),
            actor_key: a.into(),
            actor: a.to_uppercase(),
            actor_country: None,
            recipient_key: r.into(),
            recipient: r.to_uppercase(),
            recipient_country: None,
            quad_class: q,
        }
    }

    #[test]
    fn network_counts_classes_and_keeps_the_heaviest_edges() {
        let rows = vec![
            pair("e1", "per", "chl", Some(3)),
            pair("e2", "per", "chl", Some(4)),
            pair("e3", "per", "chl", Some(1)),
            pair("e4", "ecu", "per", Some(2)),
            pair("e5", "bol", "chl", None),
        ];
        let n = network(rows, 5, 2);
        assert!(n.truncated && n.more);
        assert_eq!(n.edges.len(), 2);
        let e = &n.edges[0];
        assert_eq!((e.from.as_str(), e.to.as_str()), ("per", "chl"));
        assert_eq!((e.total, e.cooperation, e.conflict, e.other), (3, 1, 2, 0));
        assert_eq!(e.evidence, ["e1", "e2", "e3"]);
        let keys: Vec<(&str, usize)> = n.nodes.iter().map(|x| (x.key.as_str(), x.events)).collect();
        // Ties go by key: bol → chl is kept, ecu → per left out.
        assert_eq!(keys, [("chl", 4), ("per", 3), ("bol", 1)]);
        assert_eq!(n.nodes[1].name, "PER");
    }
}
