//! Entities across documents: one row per entity however many documents and
//! names it appears under.

use crate::{Filter, Store, StoreError};
use demarche_core::{EntityRecord, EntityType};
use std::collections::{BTreeMap, HashMap};

/// One entity across every document that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedEntity {
    /// The grouping key: the knowledge-base id, else `local:<normalized name>`.
    pub key: String,
    /// The canonical name used most often.
    pub name: String,
    pub etype: EntityType,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// Knowledge-base id when linked.
    pub kb_id: Option<String>,
    /// Every other name it goes by (canonical names of merged records and
    /// their aliases), sorted.
    pub aliases: Vec<String>,
    /// Offices held, as recorded in the documents.
    pub offices: Vec<String>,
    /// Names of the documents it appears in, in published order.
    pub documents: Vec<String>,
    /// Mentions over all documents.
    pub mentions: usize,
}

/// `local:` + lower-case words joined by `-`.
fn local_key(name: &str) -> String {
    let mut s = String::from("local:");
    for c in name.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.ends_with(':') {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

fn group_key(e: &EntityRecord) -> String {
    match &e.kb_id {
        Some(id) if !id.starts_with("local:") => id.clone(),
        _ => local_key(&e.name),
    }
}

/// The most frequent value; ties go to the longest, then the smallest.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *n.entry(v).or_default() += 1;
    }
    n.into_iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.0.len().cmp(&b.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map(|(v, _)| v)
}

/// Merges per-document entity records, in their given order.
pub(crate) fn merge(records: &[EntityRecord]) -> Vec<MergedEntity> {
    let mut groups: Vec<(String, Vec<&EntityRecord>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in records {
        let k = group_key(e);
        let i = *index.entry(k.clone()).or_insert_with(|| {
            groups.push((k, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(e);
    }
    fold_surnames(&mut groups);
    let mut out: Vec<MergedEntity> = groups
        .into_iter()
        .filter(|(_, g)| !g.is_empty())
        .map(|(key, g)| {
            let name = most_common(g.iter().map(|e| e.name.as_str()))
                .unwrap_or_default()
                .to_string();
            let etype = g
                .iter()
                .map(|e| e.etype)
                .max_by_key(|t| g.iter().filter(|e| e.etype == *t).count())
                .unwrap_or(EntityType::Person);
            let mut aliases: Vec<String> = Vec::new();
            let mut seen: Vec<String> = vec![name.to_lowercase()];
            for a in g
                .iter()
                .flat_map(|e| std::iter::once(&e.name).chain(e.aliases.iter()))
            {
                let l = a.to_lowercase();
                if !seen.contains(&l) {
                    seen.push(l);
                    aliases.push(a.clone());
                }
            }
            aliases.sort_by_key(|a| (a.to_lowercase(), a.clone()));
            let mut offices: Vec<String> = Vec::new();
            let mut documents: Vec<String> = Vec::new();
            for e in &g {
                if let Some(o) = &e.office {
                    if !offices.contains(o) {
                        offices.push(o.clone());
                    }
                }
                if !documents.contains(&e.prov.doc) {
                    documents.push(e.prov.doc.clone());
                }
            }
            MergedEntity {
                kb_id: (!key.starts_with("local:")).then(|| key.clone()),
                key,
                name,
                etype,
                country: most_common(g.iter().filter_map(|e| e.country.as_deref()))
                    .map(str::to_string),
                sector: most_common(g.iter().filter_map(|e| e.sector.as_deref()))
                    .map(str::to_string),
                aliases,
                offices,
                documents,
                mentions: g.iter().map(|e| e.mentions.len().max(1)).sum(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(b.documents.len().cmp(&a.documents.len()))
            .then(a.name.cmp(&b.name))
            .then(a.key.cmp(&b.key))
    });
    out
}

/// A document-local person known only by one word ("Waller") joins the one
/// person group whose name ends with that word ("Julian Waller"), when there
/// is exactly one.
fn fold_surnames(groups: &mut [(String, Vec<&EntityRecord>)]) {
    let is_person = |g: &[&EntityRecord]| g.first().is_some_and(|e| e.etype == EntityType::Person);
    for i in 0..groups.len() {
        let (key, g) = &groups[i];
        if !key.starts_with("local:") || !is_person(g) || key.contains('-') {
            continue;
        }
        let word = &key["local:".len()..];
        let targets: Vec<usize> = (0..groups.len())
            .filter(|&j| {
                j != i
                    && is_person(&groups[j].1)
                    && groups[j].1.iter().any(|e| {
                        let k = local_key(&e.name);
                        k.contains('-') && k.rsplit('-').next() == Some(word)
                    })
            })
            .collect();
        if let [j] = targets[..] {
            let moved = std::mem::take(&mut groups[i].1);
            groups[j].1.extend(moved);
        }
    }
}

impl Store {
    /// Entities grouped across documents by knowledge-base id (else by
    /// normalized name), most mentioned first. The filter selects the
    /// per-document records (`actor`/`speaker` match names, aliases and ids);
    /// `limit` applies to the merged rows.
    pub fn entities_merged(&self, f: &Filter) -> Result<Vec<MergedEntity>, StoreError> {
        let records = self.entities(&Filter {
            limit: None,
            ..f.clone()
        })?;
        let mut out = merge(&records);
        if let Some(n) = f.limit {
            out.truncate(n);
        }
        Ok(out)
    }
}
