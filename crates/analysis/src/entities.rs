//! One entry per entity across the store: the per-document entity records
//! of one entity (same knowledge-base id, else same normalized name) merged,
//! with every mention, every name used, the offices the documents saw and
//! the knowledge base's dated roles.

use demarche_core::{EntityRecord, EntityType};
use demarche_kb::{Kb, Role};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// An entity across documents.
#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    /// Knowledge-base id, or `local:<normalized name>` for entities the base
    /// lacks.
    pub id: String,
    /// The canonical name used most often.
    pub name: String,
    #[serde(rename = "type")]
    pub etype: EntityType,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// Whether the knowledge base holds it.
    pub in_kb: bool,
    /// Every other name it goes by, most frequent first.
    pub aliases: Vec<String>,
    /// Names of the documents it appears in, in the order given.
    pub documents: Vec<String>,
    /// Mentions in all documents (pronouns included).
    pub mention_count: usize,
    /// The offices it held on the documents' dates, each with the documents
    /// that saw it.
    pub offices: Vec<OfficeSeen>,
    /// Every dated office the knowledge base gives the person.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kb_roles: Vec<Role>,
    pub mentions: Vec<MentionAt>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficeSeen {
    pub office: String,
    pub documents: Vec<String>,
}

/// One mention: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionAt {
    pub doc: String,
    /// Id of the entity record it belongs to (which cites the document).
    pub record: String,
    /// `[start, end)` in characters into the stored text.
    pub span: [usize; 2],
    /// The mention's text, when the caller supplied the document's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
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

/// A document-local person known only by one word ("Waller") joins the one
/// person group whose name ends with that word ("Julian Waller"), when there
/// is exactly one.
fn fold_surnames(records: &[EntityRecord], groups: &mut [(String, Vec<usize>)]) {
    let is_person = |g: &[usize]| {
        g.first()
            .is_some_and(|&e| records[e].etype == EntityType::Person)
    };
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
                    && groups[j].1.iter().any(|&e| {
                        let k = local_key(&records[e].name);
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

/// The text of characters `[a, b)` of `text`, whitespace squashed.
fn char_slice(text: &str, starts: &[usize], a: usize, b: usize) -> Option<String> {
    let b0 = *starts.get(a)?;
    let b1 = starts.get(b).copied().unwrap_or(text.len());
    text.get(b0..b1).map(demarche_core::squash_ws)
}

/// Merges per-document entity records (in the order given, e.g. published
/// order) into one summary per entity, most documents first, with the
/// knowledge base's roles for the people it holds. `texts[i]` is the stored
/// text of record `i`'s document (share one `Arc` per document); an empty
/// slice leaves mention texts out.
pub fn merge_entities(
    records: &[EntityRecord],
    kb: Option<&Kb>,
    texts: &[Option<Arc<str>>],
) -> Vec<EntitySummary> {
    // Character offsets of each document's text, computed once per text
    // (keyed by the shared `Arc`'s address).
    let mut starts: HashMap<*const u8, Vec<usize>> = HashMap::new();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (r, e) in records.iter().enumerate() {
        let k = group_key(e);
        let i = *index.entry(k.clone()).or_insert_with(|| {
            groups.push((k, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(r);
    }
    fold_surnames(records, &mut groups);
    let mut out: Vec<EntitySummary> = Vec::with_capacity(groups.len());
    for (id, rs) in groups.into_iter().filter(|(_, g)| !g.is_empty()) {
        let g: Vec<&EntityRecord> = rs.iter().map(|&r| &records[r]).collect();
        let name = most_common(g.iter().map(|e| e.name.as_str()))
            .unwrap_or_default()
            .to_string();
        let etype = g
            .iter()
            .map(|e| e.etype)
            .max_by_key(|t| g.iter().filter(|e| e.etype == *t).count())
            .unwrap_or(EntityType::Person);
        // Names other than the canonical one, most frequent first.
        let mut counts: HashMap<String, (usize, String)> = HashMap::new();
        for a in g
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(e.aliases.iter()))
        {
            let l = a.to_lowercase();
            if l != name.to_lowercase() {
                counts.entry(l).or_insert((0, a.clone())).0 += 1;
            }
        }
        let mut aliases: Vec<(usize, String)> = counts.into_values().collect();
        aliases.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut documents: Vec<String> = Vec::new();
        let mut offices: Vec<OfficeSeen> = Vec::new();
        let mut mentions = Vec::new();
        for (&r, e) in rs.iter().zip(&g) {
            if !documents.contains(&e.prov.doc) {
                documents.push(e.prov.doc.clone());
            }
            if let Some(o) = &e.office {
                match offices.iter_mut().find(|x| &x.office == o) {
                    Some(x) if !x.documents.contains(&e.prov.doc) => {
                        x.documents.push(e.prov.doc.clone())
                    }
                    Some(_) => {}
                    None => offices.push(OfficeSeen {
                        office: o.clone(),
                        documents: vec![e.prov.doc.clone()],
                    }),
                }
            }
            let text = texts.get(r).and_then(Option::as_ref);
            let st = text.map(|t| {
                &*starts
                    .entry(t.as_ptr())
                    .or_insert_with(|| t.char_indices().map(|(i, _)| i).collect())
            });
            for m in &e.mentions {
                mentions.push(MentionAt {
                    doc: e.prov.doc.clone(),
                    record: e.prov.id.clone(),
                    span: *m,
                    text: text
                        .zip(st)
                        .and_then(|(t, st)| char_slice(t, st, m[0], m[1])),
                });
            }
        }
        let in_kb = !id.starts_with("local:");
        out.push(EntitySummary {
            kb_roles: kb
                .filter(|_| in_kb)
                .and_then(|kb| kb.get(&id))
                .map(|a| a.roles.clone())
                .unwrap_or_default(),
            in_kb,
            id,
            name,
            etype,
            country: most_common(g.iter().filter_map(|e| e.country.as_deref())).map(str::to_string),
            sector: most_common(g.iter().filter_map(|e| e.sector.as_deref())).map(str::to_string),
            aliases: aliases.into_iter().map(|(_, a)| a).collect(),
            documents,
            mention_count: g.iter().map(|e| e.mentions.len().max(1)).sum(),
            offices,
            mentions,
        });
    }
    out.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(b.mention_count.cmp(&a.mention_count))
            .then(a.name.cmp(&b.name))
            .then(a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarche_core::Prov;

    fn rec(
        doc: &str,
        name: &str,
        kb: Option<&str>,
        aliases: &[&str],
        spans: &[[usize; 2]],
    ) -> EntityRecord {
        EntityRecord {
            prov: Prov {
                id: format!("e-{doc}-{name}"),
                doc: doc.into(),
                span: spans[0],
                sentence: 0,
                sentence_text: String::new(),
            },
            name: name.into(),
            etype: EntityType::Person,
            country: Some("RUS".into()),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            kb_id: kb.map(str::to_string).or_else(|| Some(local_key(name))),
            sector: None,
            office: kb.map(|_| "Deputy Chairman".to_string()),
            mentions: spans.to_vec(),
        }
    }

    #[test]
    fn merges_across_documents_and_name_forms() {
        let records = [
            rec(
                "a.txt",
                "Dmitry Medvedev",
                Some("person:x"),
                &["Medvedev"],
                &[[0, 15], [21, 29]],
            ),
            rec("a.txt", "Julian Waller", None, &[], &[[30, 43]]),
            rec(
                "b.txt",
                "Dmitry Medvedev",
                Some("person:x"),
                &["the former president", "Medvedev"],
                &[[0, 8], [9, 29], [30, 38]],
            ),
            rec("c.txt", "Waller", None, &[], &[[0, 6]]),
        ];
        let a: Arc<str> = "Dmitry Medvedev said Medvedev and Julian Waller".into();
        let b: Arc<str> = "Medvedev the former president Medvedev".into();
        let texts = [Some(a.clone()), Some(a), Some(b), None];
        let m = merge_entities(&records, None, &texts);
        assert_eq!(m.len(), 2, "{m:#?}");
        let med = &m[0];
        assert_eq!(
            (med.id.as_str(), med.name.as_str()),
            ("person:x", "Dmitry Medvedev")
        );
        assert_eq!(med.documents, ["a.txt", "b.txt"]);
        assert_eq!(med.mention_count, 5);
        assert_eq!(med.aliases, ["Medvedev", "the former president"]);
        assert_eq!(
            med.offices,
            [OfficeSeen {
                office: "Deputy Chairman".into(),
                documents: vec!["a.txt".into(), "b.txt".into()]
            }]
        );
        let texts: Vec<&str> = med
            .mentions
            .iter()
            .filter_map(|m| m.text.as_deref())
            .collect();
        assert_eq!(
            texts,
            [
                "Dmitry Medvedev",
                "Medvedev",
                "Medvedev",
                "the former president",
                "Medvedev"
            ]
        );
        // "Waller" alone joins the one local person named "… Waller"; a
        // document without text gives mentions without text.
        let w = &m[1];
        assert_eq!(w.id, "local:julian-waller");
        assert!(!w.in_kb);
        assert_eq!(w.documents, ["a.txt", "c.txt"]);
        assert_eq!(w.aliases, ["Waller"]);
        assert_eq!(w.mentions.last().unwrap().text, None);
    }
}
