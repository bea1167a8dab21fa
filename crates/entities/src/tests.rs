use super::*;
use demarche_core::{Document, EntityType, Found, MentionKind};

fn kb() -> Kb {
    Kb::builtin().unwrap_or_else(|_| Kb::empty())
}

fn run(kb: &Kb, text: &str) -> Document {
    let mut doc = Document::new("t", text);
    demarche_text::segment(&mut doc);
    doc.anchor = Some(Found::new("2026-01-10".to_string(), "test"));
    Recognizer::new(kb).annotate(&mut doc, kb);
    doc
}

fn dump(doc: &Document) -> Vec<(String, String, String, Option<String>)> {
    doc.mentions
        .iter()
        .map(|m| {
            let e = &doc.entities[m.entity as usize];
            (doc.slice(m.span).to_string(), e.name.clone(), format!("{:?}/{:?}", e.etype, m.kind), e.country.clone())
        })
        .collect()
}

#[test]
fn smoke() {
    let kb = kb();
    let doc = run(&kb, "Russian President Vladimir Putin met officials in Moscow on Tuesday.");
    let d = dump(&doc);
    println!("{d:#?}");
    assert!(doc.entities.iter().any(|e| e.name == "Vladimir Putin" && e.etype == EntityType::Person));
    assert!(doc.mentions.iter().any(|m| m.kind == MentionKind::Name));
}
