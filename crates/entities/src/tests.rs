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

/// Prints every mention of the seed articles (run with `--nocapture`), and
/// checks that each finds some entities. Skips when the seeds are absent.
#[test]
fn seeds_dump() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("seeds not found at {}: skipped", dir.display());
        return;
    };
    let kb = kb();
    let rec = Recognizer::new(&kb);
    let only = std::env::var("SEED").unwrap_or_default();
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        if !name.starts_with(&only) {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let mut doc = Document::new(name.clone(), text);
        demarche_text::segment(&mut doc);
        doc.anchor = Some(Found::new("2026-01-10".to_string(), "test"));
        rec.annotate(&mut doc, &kb);
        assert!(!doc.entities.is_empty(), "{name}: no entities");
        if std::env::var("DUMP").is_ok() {
            println!("== {name}");
            for (t, n, k, c) in dump(&doc) {
                println!("{t:?} -> {n} [{k}] {c:?}");
            }
        }
    }
}
