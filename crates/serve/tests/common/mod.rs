//! Shared by the API and end-to-end tests: invented articles run through
//! the real pipeline into a store.

#![allow(dead_code)]

use demarche_kb::Kb;
use demarche_pipeline::Pipeline;
use demarche_store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Invented articles (file name, text). The last one's text holds markup
/// that must show literally and never run.
pub const ARTICLES: &[(&str, &str)] = &[
    (
        "lima-patrol.txt",
        "Peru protests after Chilean navy seizes fishing boats\n\n\
February 10, 2026\n\n\
LIMA — Chile's navy seized two Peruvian fishing boats near the maritime border on Monday, \
the Peruvian foreign ministry said.\n\n\
Peru condemned the seizure. \"This is an unacceptable violation of our waters,\" the ministry \
said in a statement.\n\n\
Bolivia declined to comment on the dispute.\n",
    ),
    (
        "quito-aid.txt",
        "Ecuador sends flood aid to Peru\n\n\
February 12, 2026\n\n\
QUITO — Ecuador sent humanitarian aid to Peru on Wednesday after floods along the northern coast.\n\n\
Ecuador and Bolivia signed a trade agreement in La Paz on Thursday.\n",
    ),
    (
        "lapaz-markup.txt",
        "Bolivia accuses Chile <script>alert(1)</script> over border trade\n\n\
February 14, 2026\n\n\
LA PAZ — Bolivia accused Chile of blocking trucks at the border <img src=x onerror=alert(2)> on Friday.\n",
    ),
];

/// The markup the last article holds, as it must be shown.
pub const SCRIPT_TEXT: &str = "<script>alert(1)</script>";
pub const IMG_TEXT: &str = "<img src=x onerror=alert(2)>";

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(kb()))
}

pub fn kb() -> Arc<Kb> {
    static K: OnceLock<Arc<Kb>> = OnceLock::new();
    K.get_or_init(|| Arc::new(Kb::builtin().expect("built-in knowledge base")))
        .clone()
}

/// Reads each file with the ingest readers, annotates and stores it.
pub fn ingest(db: &Path, files: &[(String, String)]) -> usize {
    let mut store = Store::open(db).expect("create store");
    let mut n = 0;
    for (name, text) in files {
        let docs = demarche_ingest::read_reader(
            name,
            std::io::Cursor::new(text.clone().into_bytes()),
            None,
        );
        for doc in docs {
            let mut doc = doc.expect("readable article");
            let records = pipeline().records(&mut doc);
            store.put(&doc, &records).expect("put");
            n += 1;
        }
    }
    n
}

/// A store of [`ARTICLES`] in a fresh temporary directory.
pub fn article_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("desk.db");
    let files: Vec<(String, String)> = ARTICLES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    assert_eq!(ingest(&db, &files), ARTICLES.len());
    (dir, db)
}

/// `../shared/corpus/seeds` beside the repository, when present.
pub fn seeds() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    p.is_dir().then_some(p)
}

/// The named crisis of [`desk_store`].
pub const CRISIS_ID: &str = "u-assis-brasil-border-post";

/// Invented reports of one crisis, as a JSON Lines file with outlets: Peru's
/// troops attack a Brazilian border post; Russia's foreign ministry
/// condemns it and demands a withdrawal; Argentina condemns it and sends
/// troops; Putin "has not commented"; Lima denies the attack; a wire copy.
pub fn crisis_file() -> (String, String) {
    let articles = [
        serde_json::json!({
            "id": "andes-post-1", "outlet": "Andean Courier", "published": "2026-03-02",
            "title": "Peruvian troops attack Brazilian border post",
            "url": "https://andean-courier.example/post",
            "text": "Peruvian troops attack Brazilian border post\n\n\
        RIO BRANCO — Peruvian troops attacked Brazilian soldiers at a border post near Assis Brasil on Monday, \
        Brazil's defence ministry said.\n\n\
        Russia's foreign ministry condemned the attack and demanded that Peru withdraw its troops.\n\n\
        Argentina condemned the attack and sent troops to Brazil.\n\n\
        Russian President Vladimir Putin has not commented on the attack.\n"
        }),
        serde_json::json!({
            "id": "andes-post-2", "outlet": "Pacific Ledger", "published": "2026-03-03",
            "title": "Lima denies its troops attacked Brazil",
            "url": "https://pacific-ledger.example/denial",
            "text": "Lima denies its troops attacked Brazil\n\n\
        LIMA — Peruvian troops did not attack Brazilian soldiers at the border, Peru's defence ministry said.\n\n\
        Russian President Vladimir Putin has stayed silent about the clash.\n"
        }),
        serde_json::json!({
            "id": "andes-post-3", "outlet": "Wire of the South", "published": "2026-03-04",
            "title": "Kremlin quiet on Amazon border clash",
            "url": "https://wire-south.example/kremlin",
            "text": "Kremlin quiet on Amazon border clash\n\n\
        MOSCOW — Vladimir Putin did not comment on the clash between Peruvian and Brazilian troops, \
        days after the attack on the border post.\n\n\
        Russia's foreign ministry condemned the attack on Brazil again on Wednesday.\n"
        }),
        serde_json::json!({
            "id": "andes-post-4", "outlet": "Highland Daily", "author": "EFE", "published": "2026-03-02",
            "title": "Peru's troops attack Brazilian post",
            "url": "https://highland-daily.example/efe-post",
            "text": "Peru's troops attack Brazilian post\n\n\
        RIO BRANCO (EFE) — Peruvian troops attacked Brazilian soldiers at a border post near Assis Brasil on Monday, \
        Brazil's defence ministry said.\n"
        }),
    ];
    let lines: Vec<String> = articles.iter().map(|a| a.to_string()).collect();
    ("andes-crisis.jsonl".to_string(), lines.join("\n") + "\n")
}

/// [`ARTICLES`], the crisis reports and the crisis named (as
/// `demarche crisis add` does) in a fresh temporary directory.
pub fn desk_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("desk.db");
    let mut files: Vec<(String, String)> = ARTICLES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    files.push(crisis_file());
    assert_eq!(ingest(&db, &files), ARTICLES.len() + 4);
    Store::open(&db)
        .expect("store")
        .put_crisis(&demarche_core::CrisisDef {
            id: CRISIS_ID.into(),
            name: "Assis Brasil border post".into(),
            target: "BRA".into(),
            by: vec!["PER".into()],
            from: "2026-03-02".into(),
            to: None,
            note: None,
        })
        .expect("put crisis");
    (dir, db)
}
