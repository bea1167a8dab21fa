//! One entry per entity across the store: the per-document entity records
//! of one entity (same knowledge-base id, or same local key) merged, with
//! every mention, every name used, and the offices the documents saw.

use demarche_core::{EntityRecord, EntityType};
use demarche_kb::{Kb, Role};
use serde::Serialize;
use std::collections::HashMap;

/// An entity across documents.
#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    /// Knowledge-base id, or `local:<name>` for entities the base lacks.
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub etype: EntityType,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// Whether the knowledge base holds it.
    pub in_kb: bool,
    /// Every other form the texts used, most frequent first.
    pub aliases: Vec<String>,
    pub documents: usize,
    /// Mentions in all documents (pronouns included).
    pub mention_count: usize,
    /// The offices the entity held on the documents' dates, each with the
    /// documents that saw it.
    pub offices: Vec<OfficeSeen>,
    /// Every dated office the knowledge base gives the person.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kb_roles: Vec<Role>,
    pub mentions: Vec<MentionAt>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OfficeSeen {
    pub office: String,
    pub documents: Vec<String>,
}

/// One mention: where it is and what it says.
#[derive(Debug, Clone, Serialize)]
pub struct MentionAt {
    pub doc: String,
    /// Id of the entity record it belongs to (cites the document).
    pub record: String,
    /// `[start, end)` in characters into the stored text.
    pub span: [usize; 2],
    /// The mention's text, when the caller supplied the document's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Merges per-document entity records into one summary per entity, most
/// documents first, with the knowledge base's roles for the people it
/// holds. `text_of(record)` gives the stored text of a record's
/// document (or `None` to leave mention texts out); it is called once per
/// record.
pub fn merge_entities(
    records: &[EntityRecord],
    kb: Option<&Kb>,
    mut text_of: impl FnMut(&EntityRecord) -> Option<String>,
) -> Vec<EntitySummary> {
    let mut order: Vec<EntitySummary> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut alias_counts: Vec<HashMap<String, usize>> = Vec::new();
    for r in records {
        let id = r.kb_id.clone().unwrap_or_else(|| r.name.clone());
        let i = *at.entry(id.clone()).or_insert_with(|| {
            let kb_roles = kb
                .and_then(|kb| kb.get(&id))
                .map(|a| a.roles.clone())
                .unwrap_or_default();
            order.push(EntitySummary {
                in_kb: !id.starts_with("local:"),
                id,
                name: r.name.clone(),
                etype: r.etype,
                country: r.country.clone(),
                sector: r.sector.clone(),
                aliases: Vec::new(),
                documents: 0,
                mention_count: 0,
                offices: Vec::new(),
                kb_roles,
                mentions: Vec::new(),
            });
            alias_counts.push(HashMap::new());
            order.len() - 1
        });
        let e = &mut order[i];
        e.documents += 1;
        e.mention_count += r.mentions.len();
        if e.country.is_none() {
            e.country = r.country.clone();
        }
        for a in &r.aliases {
            *alias_counts[i].entry(a.clone()).or_default() += 1;
        }
        if let Some(o) = &r.office {
            match e.offices.iter_mut().find(|x| &x.office == o) {
                Some(x) => x.documents.push(r.prov.doc.clone()),
                None => e.offices.push(OfficeSeen {
                    office: o.clone(),
                    documents: vec![r.prov.doc.clone()],
                }),
            }
        }
        let text = text_of(r);
        let chars: Option<Vec<(usize, char)>> = text.as_deref().map(|t| t.char_indices().collect());
        for m in &r.mentions {
            let t = chars.as_ref().and_then(|cs| {
                let b0 = cs.get(m[0]).map(|c| c.0)?;
                let b1 = cs.get(m[1]).map_or(text.as_deref()?.len(), |c| c.0);
                text.as_deref()?.get(b0..b1).map(demarche_core::squash_ws)
            });
            e.mentions.push(MentionAt {
                doc: r.prov.doc.clone(),
                record: r.prov.id.clone(),
                span: *m,
                text: t,
            });
        }
    }
    for (e, counts) in order.iter_mut().zip(alias_counts) {
        let mut v: Vec<(String, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        e.aliases = v.into_iter().map(|(a, _)| a).collect();
    }
    order.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then(b.mention_count.cmp(&a.mention_count))
            .then(a.name.cmp(&b.name))
    });
    order
}
