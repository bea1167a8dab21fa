//! `cargo bench -p demarche-pipeline`: words per second of the whole
//! annotation pipeline on one core, and of each stage, over a corpus of at
//! least 5 MB. The corpus is the seed articles (../shared/corpus/seeds)
//! repeated, or the bundled sample corpus when ../shared is absent; set
//! DEMARCHE_BENCH_DIR to use another folder of .txt/.md files.

use demarche_core::{Document, RecordBuilder};
use demarche_kb::Kb;
use demarche_pipeline::Pipeline;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

const TARGET_BYTES: usize = 5_000_000;

fn corpus() -> (String, Vec<String>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dirs = [
        std::env::var("DEMARCHE_BENCH_DIR").map(PathBuf::from).ok(),
        Some(root.join("../shared/corpus/seeds")),
        Some(root.join("examples/corpus")),
    ];
    for d in dirs.into_iter().flatten() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
            .collect();
        files.sort();
        let texts: Vec<String> = files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        if !texts.is_empty() {
            return (d.display().to_string(), texts);
        }
    }
    panic!("no corpus found for the benchmark");
}

fn main() {
    // `cargo test` runs benches with --bench-less flags; only run under `cargo bench`.
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let (dir, texts) = corpus();
    let mut docs = Vec::new();
    let mut bytes = 0;
    let mut copy = 0;
    while bytes < TARGET_BYTES {
        for (i, t) in texts.iter().enumerate() {
            let text = format!("{t}\n\nCopy {copy}.\n");
            bytes += text.len();
            let mut d = Document::new(format!("{copy}-{i}"), text);
            d.hash = demarche_core::sha256_hex(&d.text);
            docs.push(d);
        }
        copy += 1;
    }
    let kb = Arc::new(Kb::builtin().expect("built-in knowledge base"));
    let t0 = Instant::now();
    let pipeline = Pipeline::new(kb.clone());
    let build = t0.elapsed();

    // Whole pipeline, records included, one thread.
    let mut work = docs.clone();
    let t = Instant::now();
    let mut records = 0usize;
    let mut words = 0usize;
    for d in &mut work {
        records += pipeline.records(d).len();
        words += d.word_count();
    }
    let total = t.elapsed();

    // Per stage, on fresh copies.
    let mut stage = [Duration::ZERO; 6];
    let names = [
        "text",
        "time",
        "entities",
        "statements",
        "events",
        "records",
    ];
    let mut work = docs.clone();
    for d in &mut work {
        let mut lap = Instant::now();
        let mut tick = |i: usize| {
            stage[i] += lap.elapsed();
            lap = Instant::now();
        };
        demarche_text::segment(d);
        tick(0);
        demarche_time::annotate(d);
        tick(1);
        pipeline.entities().annotate(d, &kb);
        tick(2);
        pipeline.statements().annotate(d, &kb);
        tick(3);
        pipeline.events().annotate(d, &kb);
        tick(4);
        let n = RecordBuilder::new(d).all().len();
        std::hint::black_box(n);
        tick(5);
    }
    let wps = |d: Duration| words as f64 / d.as_secs_f64();
    println!(
        "corpus: {dir} repeated to {} documents, {:.1} MB, {words} words",
        docs.len(),
        bytes as f64 / 1e6
    );
    println!("pipeline built in {:.0} ms", build.as_secs_f64() * 1e3);
    println!(
        "extract (one core): {:.0} words/s, {:.1} MB/s, {records} records in {:.2} s",
        wps(total),
        bytes as f64 / 1e6 / total.as_secs_f64(),
        total.as_secs_f64()
    );
    for (n, d) in names.iter().zip(stage) {
        println!(
            "  {n:<11} {:>12.0} words/s  {:>6.1}%",
            wps(d),
            100.0 * d.as_secs_f64() / stage.iter().map(|x| x.as_secs_f64()).sum::<f64>()
        );
    }
}
