//! Reads the seed articles (when present) and checks the general properties
//! every cleaned document must have.

use std::path::PathBuf;

fn seeds_dir() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    d.is_dir().then_some(d)
}

#[test]
fn seeds_clean_with_exact_source_map() {
    let Some(dir) = seeds_dir() else {
        println!("seeds not found; skipping");
        return;
    };
    let files = demarche_ingest::discover(&[dir]);
    assert!(!files.is_empty());
    for f in files {
        let f = f.expect("seed path");
        let original = std::fs::read_to_string(&f).expect("seed readable");
        for doc in demarche_ingest::read_path(&f) {
            let doc = doc.expect("seed reads");
            if std::env::var("SHOW").is_ok() {
                println!("==== {} {:?}", doc.id, doc.meta);
                for z in &doc.zones {
                    println!(
                        "  {:?} {:?}",
                        z.kind,
                        &doc.text[z.span.range()]
                            .chars()
                            .take(70)
                            .collect::<String>()
                    );
                }
                println!("{}", doc.text);
            }
            assert!(!doc.text.is_empty());
            assert_eq!(doc.hash.len(), 64);
            let map = &doc.source_map;
            for (i, &[c, o]) in map.iter().enumerate() {
                let end = map.get(i + 1).map_or(doc.text.len(), |n| n[0] as usize);
                let run = doc.text[c as usize..end].trim_end();
                assert_eq!(
                    &original[o as usize..o as usize + run.len()],
                    run,
                    "{}: run {i}",
                    doc.id
                );
            }
        }
    }
}
