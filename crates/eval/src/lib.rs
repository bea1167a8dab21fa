//! Scores extracted records against gold annotations, by the rules of the
//! gold format (`shared/spec/gold-format.md`):
//!
//! - a predicted record matches a gold record of the same kind in the same
//!   document when their key texts overlap with token F1 ≥ 0.5 after
//!   lower-casing and dropping punctuation (quotes: `content`, times: `text`,
//!   events and silences: `evidence`); entities match by name or any alias;
//! - each gold record matches at most one prediction (greedy, best first;
//!   equal overlaps go to the pair whose scored attributes agree);
//! - precision, recall and F1 per kind for the span alone, then with the
//!   kind's scored attributes also right.

use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The scored kinds, in report order.
pub const SCORED_KINDS: [&str; 5] = ["quote", "silence", "time", "entity", "event"];

/// Decides whether two names denote the same entity (e.g. through a knowledge
/// base's aliases). Names are compared loosely first (see [`same_name`]).
pub type SameEntity<'a> = &'a dyn Fn(&str, &str) -> bool;

/// One gold or predicted record, reduced to what scoring needs.
#[derive(Debug, Clone)]
pub struct Item {
    pub doc: String,
    pub kind: String,
    /// The key text (content / text / evidence / entity name).
    pub key: String,
    /// Entity aliases (entities only).
    pub aliases: Vec<String>,
    /// The full record, for attributes and error listings.
    pub value: Value,
}

impl Item {
    /// Builds an item from a JSON record; `None` for kinds that are not scored.
    pub fn from_json(v: Value) -> Option<Item> {
        let kind = v.get("kind")?.as_str()?.to_string();
        let doc = v.get("doc")?.as_str()?.to_string();
        let field = match kind.as_str() {
            "quote" => "content",
            "time" => "text",
            "event" | "silence" => "evidence",
            "entity" => "name",
            _ => return None,
        };
        let key = v
            .get(field)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_string();
        let aliases = v
            .get("aliases")
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        Some(Item {
            doc,
            kind,
            key,
            aliases,
            value: v,
        })
    }
}

/// Lower-cased tokens with punctuation dropped.
pub fn norm_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in s.split(|c: char| c.is_whitespace() || c == '—' || c == '–') {
        let t: String = w
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .map(fold_diacritic)
            .collect();
        if !t.is_empty() {
            out.push(t);
        }
    }
    out
}

fn fold_diacritic(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ğ' => 'g',
        'ş' => 's',
        'ı' => 'i',
        _ => c,
    }
}

/// Token F1 between two texts (multiset overlap).
pub fn token_f1(a: &str, b: &str) -> f64 {
    let ta = norm_tokens(a);
    let tb = norm_tokens(b);
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i32> = HashMap::new();
    for t in &tb {
        *counts.entry(t.as_str()).or_default() += 1;
    }
    let mut common = 0;
    for t in &ta {
        if let Some(c) = counts.get_mut(t.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / ta.len() as f64;
    let r = common as f64 / tb.len() as f64;
    2.0 * p * r / (p + r)
}

/// Normalized name: tokens joined by spaces, a leading "the" dropped.
pub fn norm_name(s: &str) -> String {
    let mut t = norm_tokens(s);
    if t.first().is_some_and(|w| w == "the") {
        t.remove(0);
    }
    t.join(" ")
}

/// Loose name identity: equal after normalization, or one is the other's
/// last name ("Putin" / "Vladimir Putin").
pub fn same_name(a: &str, b: &str) -> bool {
    let (na, nb) = (norm_name(a), norm_name(b));
    if na.is_empty() || nb.is_empty() {
        return false;
    }
    if na == nb {
        return true;
    }
    let la = na.rsplit(' ').next().unwrap_or("");
    let lb = nb.rsplit(' ').next().unwrap_or("");
    let one_word = !na.contains(' ') || !nb.contains(' ');
    one_word && la == lb && la.chars().count() > 2
}

/// Precision / recall / F1 with their counts.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(tp: usize, n_pred: usize, n_gold: usize) -> Prf {
        let p = if n_pred == 0 {
            0.0
        } else {
            tp as f64 / n_pred as f64
        };
        let r = if n_gold == 0 {
            0.0
        } else {
            tp as f64 / n_gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf { tp, p, r, f1 }
    }
}

/// Scores of one kind.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindScore {
    pub kind: String,
    pub gold: usize,
    pub predicted: usize,
    pub span: Prf,
    /// Accuracy of each scored attribute over the matched pairs.
    pub attributes: BTreeMap<String, f64>,
    /// Reported, not scored (events: date, negated, hypothetical).
    pub reported: BTreeMap<String, f64>,
    pub full: Prf,
}

/// A listing of what went wrong, for `--errors`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Errors {
    pub missed: Vec<Value>,
    pub spurious: Vec<Value>,
    /// (gold, predicted, wrong attributes)
    pub wrong: Vec<(Value, Value, Vec<String>)>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub kinds: Vec<KindScore>,
    #[serde(skip)]
    pub errors: BTreeMap<String, Errors>,
}

fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(|x| x.as_str())
}

fn attrs(kind: &str) -> &'static [&'static str] {
    match kind {
        "quote" => &["speaker", "form"],
        "silence" => &["actor"],
        "time" => &["value", "type"],
        "entity" => &["type", "country"],
        "event" => &["event_type", "actor_country", "recipient_country"],
        _ => &[],
    }
}

fn reported(kind: &str) -> &'static [&'static str] {
    match kind {
        "event" => &["date", "negated", "hypothetical"],
        _ => &[],
    }
}

fn attr_ok(attr: &str, g: &Value, p: &Value, same: SameEntity) -> bool {
    match attr {
        "speaker" | "actor" => match (str_of(g, attr), str_of(p, attr)) {
            (None, None) => true,
            (Some(a), Some(b)) => same_name(a, b) || same(a, b),
            _ => false,
        },
        _ => {
            let gv = g.get(attr).cloned().unwrap_or(Value::Null);
            let pv = p.get(attr).cloned().unwrap_or(Value::Null);
            gv == pv
        }
    }
}

fn entity_names(it: &Item) -> Vec<String> {
    std::iter::once(&it.key)
        .chain(it.aliases.iter())
        .map(|s| norm_name(s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Match quality of a pair, or `None` when they don't match.
fn pair_score(g: &Item, p: &Item) -> Option<f64> {
    if g.kind == "entity" {
        let gn = entity_names(g);
        let pn = entity_names(p);
        let (g0, p0) = (gn.first()?, pn.first()?);
        if g0 == p0 {
            Some(3.0)
        } else if gn.contains(p0) || pn.contains(g0) {
            Some(2.0)
        } else if gn.iter().any(|x| pn.contains(x)) {
            Some(1.0)
        } else {
            None
        }
    } else {
        let f = token_f1(&g.key, &p.key);
        (f >= 0.5).then_some(f)
    }
}

/// Scores predictions against gold. Only documents that appear in the gold
/// and kinds that the gold annotates are scored.
pub fn score(gold: &[Item], pred: &[Item], same: SameEntity) -> Report {
    let gold_docs: BTreeSet<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
    let mut report = Report::default();
    for kind in SCORED_KINDS {
        let g: Vec<&Item> = gold.iter().filter(|x| x.kind == kind).collect();
        if g.is_empty() {
            continue;
        }
        let p: Vec<&Item> = pred
            .iter()
            .filter(|x| x.kind == kind && gold_docs.contains(x.doc.as_str()))
            .collect();
        // (overlap, attributes that agree, gold, prediction): best overlap
        // first; among equal overlaps (several records over one clause, one
        // per actor and recipient) the pair whose attributes agree.
        let mut pairs: Vec<(f64, usize, usize, usize)> = Vec::new();
        for (gi, gx) in g.iter().enumerate() {
            for (pi, px) in p.iter().enumerate() {
                if gx.doc != px.doc {
                    continue;
                }
                if let Some(s) = pair_score(gx, px) {
                    let agree = attrs(kind)
                        .iter()
                        .filter(|a| attr_ok(a, &gx.value, &px.value, same))
                        .count();
                    pairs.push((s, agree, gi, pi));
                }
            }
        }
        pairs.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        let mut g_used = vec![false; g.len()];
        let mut p_used = vec![false; p.len()];
        let mut matched = Vec::new();
        for (_, _, gi, pi) in pairs {
            if !g_used[gi] && !p_used[pi] {
                g_used[gi] = true;
                p_used[pi] = true;
                matched.push((gi, pi));
            }
        }
        let mut errs = Errors::default();
        let mut attr_right: BTreeMap<String, usize> = BTreeMap::new();
        let mut rep_right: BTreeMap<String, usize> = BTreeMap::new();
        let mut full_tp = 0;
        for &(gi, pi) in &matched {
            let (gv, pv) = (&g[gi].value, &p[pi].value);
            let mut wrong = Vec::new();
            for a in attrs(kind) {
                if attr_ok(a, gv, pv, same) {
                    *attr_right.entry(a.to_string()).or_default() += 1;
                } else {
                    wrong.push(a.to_string());
                }
            }
            for a in reported(kind) {
                if attr_ok(a, gv, pv, same) {
                    *rep_right.entry(a.to_string()).or_default() += 1;
                }
            }
            if wrong.is_empty() {
                full_tp += 1;
            } else {
                errs.wrong.push((gv.clone(), pv.clone(), wrong));
            }
        }
        for (gi, used) in g_used.iter().enumerate() {
            if !used {
                errs.missed.push(g[gi].value.clone());
            }
        }
        for (pi, used) in p_used.iter().enumerate() {
            if !used {
                errs.spurious.push(p[pi].value.clone());
            }
        }
        let m = matched.len().max(1) as f64;
        let mut ks = KindScore {
            kind: kind.to_string(),
            gold: g.len(),
            predicted: p.len(),
            span: Prf::new(matched.len(), p.len(), g.len()),
            full: Prf::new(full_tp, p.len(), g.len()),
            ..Default::default()
        };
        for a in attrs(kind) {
            ks.attributes
                .insert(a.to_string(), *attr_right.get(*a).unwrap_or(&0) as f64 / m);
        }
        for a in reported(kind) {
            ks.reported
                .insert(a.to_string(), *rep_right.get(*a).unwrap_or(&0) as f64 / m);
        }
        report.kinds.push(ks);
        report.errors.insert(kind.to_string(), errs);
    }
    report
}

impl Report {
    pub fn kind(&self, kind: &str) -> Option<&KindScore> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// A plain-text table.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<8} {:>5} {:>5}   {:>5} {:>5} {:>5}   {:>5} {:>5} {:>5}   attributes",
            "kind", "gold", "pred", "P", "R", "F1", "fullP", "fullR", "fullF1"
        );
        for k in &self.kinds {
            let attrs: Vec<String> = k
                .attributes
                .iter()
                .chain(k.reported.iter())
                .map(|(a, v)| format!("{a}={v:.3}"))
                .collect();
            let _ = writeln!(
                s,
                "{:<8} {:>5} {:>5}   {:>5.3} {:>5.3} {:>5.3}   {:>5.3} {:>5.3} {:>5.3}   {}",
                k.kind,
                k.gold,
                k.predicted,
                k.span.p,
                k.span.r,
                k.span.f1,
                k.full.p,
                k.full.r,
                k.full.f1,
                attrs.join(" ")
            );
        }
        s
    }

    /// The error listing for `--errors`.
    pub fn error_listing(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let brief = |v: &Value| -> String {
            let mut o = serde_json::Map::new();
            if let Some(m) = v.as_object() {
                for (k, x) in m {
                    if matches!(
                        k.as_str(),
                        "id" | "span"
                            | "sentence"
                            | "sentence_text"
                            | "actors"
                            | "recipients"
                            | "mentions"
                            | "kind"
                    ) {
                        continue;
                    }
                    if x.is_null() {
                        continue;
                    }
                    o.insert(k.clone(), x.clone());
                }
            }
            Value::Object(o).to_string()
        };
        for (kind, e) in &self.errors {
            let _ = writeln!(
                s,
                "== {kind}: {} missed, {} spurious, {} with wrong attributes",
                e.missed.len(),
                e.spurious.len(),
                e.wrong.len()
            );
            for v in &e.missed {
                let _ = writeln!(s, "MISS  {}", brief(v));
            }
            for v in &e.spurious {
                let _ = writeln!(s, "EXTRA {}", brief(v));
            }
            for (g, p, w) in &e.wrong {
                let _ = writeln!(
                    s,
                    "WRONG [{}]\n  gold {}\n  pred {}",
                    w.join(","),
                    brief(g),
                    brief(p)
                );
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(v: Value) -> Item {
        Item::from_json(v).unwrap()
    }

    #[test]
    fn token_f1_drops_case_and_punctuation() {
        assert!((token_f1("The U.S. said “no.”", "the us said no") - 1.0).abs() < 1e-9);
        assert_eq!(token_f1("a b", "c d"), 0.0);
        assert!((token_f1("a b c d", "a b") - (2.0 * 1.0 * 0.5 / 1.5)).abs() < 1e-9);
    }

    #[test]
    fn names() {
        assert!(same_name("Putin", "Vladimir Putin"));
        assert!(same_name("the Kremlin", "Kremlin"));
        assert!(same_name("Nicolás Maduro", "Nicolas Maduro"));
        assert!(!same_name("Russia", "Russian Ministry of Foreign Affairs"));
    }

    #[test]
    fn greedy_one_to_one_matching_and_attributes() {
        let gold = vec![
            item(
                json!({"doc":"d","kind":"quote","content":"we will respond firmly","speaker":"Ann Lee","form":"direct"}),
            ),
            item(
                json!({"doc":"d","kind":"quote","content":"talks must resume soon","speaker":"Bo Chen","form":"indirect"}),
            ),
        ];
        let pred = vec![
            item(
                json!({"doc":"d","kind":"quote","content":"we will respond firmly to this","speaker":"Lee","form":"direct"}),
            ),
            item(
                json!({"doc":"d","kind":"quote","content":"we will respond","speaker":"Lee","form":"direct"}),
            ),
            item(
                json!({"doc":"other","kind":"quote","content":"talks must resume soon","speaker":"Bo Chen","form":"indirect"}),
            ),
        ];
        let r = score(&gold, &pred, &|_, _| false);
        let q = r.kind("quote").unwrap();
        assert_eq!(q.gold, 2);
        assert_eq!(
            q.predicted, 2,
            "records of documents without gold are ignored"
        );
        assert_eq!(q.span.tp, 1);
        assert_eq!(q.full.tp, 1);
        assert_eq!(r.errors["quote"].missed.len(), 1);
        assert_eq!(r.errors["quote"].spurious.len(), 1);
    }

    #[test]
    fn equal_overlaps_pair_records_whose_attributes_agree() {
        // One clause, two events (one per recipient): the pairing must not
        // depend on the order the records come in.
        let ev = |r: &str| {
            json!({"doc":"d","kind":"event","evidence":"Peru and Chile struck rebel camps in Bolivia and Ecuador",
                   "event_type":"ASSAULT","actor_country":"PER","recipient_country":r})
        };
        let gold = vec![item(ev("BOL")), item(ev("ECU"))];
        let pred = vec![item(ev("ECU")), item(ev("BOL"))];
        let r = score(&gold, &pred, &|_, _| false);
        let e = r.kind("event").unwrap();
        assert_eq!(e.span.tp, 2);
        assert_eq!(e.full.tp, 2);
    }

    #[test]
    fn entities_match_by_alias() {
        let gold = vec![item(
            json!({"doc":"d","kind":"entity","name":"Russia","aliases":["Moscow"],"type":"COUNTRY","country":"RUS"}),
        )];
        let pred = vec![item(
            json!({"doc":"d","kind":"entity","name":"Russian Federation","aliases":["moscow"],"type":"COUNTRY","country":"RUS"}),
        )];
        let r = score(&gold, &pred, &|_, _| false);
        assert_eq!(r.kind("entity").unwrap().full.tp, 1);
    }
}
