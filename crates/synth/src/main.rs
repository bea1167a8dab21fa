//! `demarche-synth`: writes a synthetic corpus as JSON Lines for
//! `demarche ingest`, and optionally its ground truth.

use anyhow::{Context, Result};
use clap::Parser;
use demarche_synth::{Config, Generator, Item};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Synthetic news corpus: crises, partners' reactions, silences, wire copies,
/// contradictions and background news, deterministic from a seed.
#[derive(Parser)]
#[command(name = "demarche-synth", version)]
struct Args {
    /// Number of articles.
    #[arg(long, default_value_t = 100_000)]
    docs: u64,
    /// Seed of the generator: the same seed writes the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of crises (default: one per 400 articles).
    #[arg(long)]
    crises: Option<usize>,
    /// Articles file (JSON Lines); standard output when absent.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Ground-truth file (JSON Lines, one record per crisis).
    #[arg(long)]
    truth: Option<PathBuf>,
    /// Per-article facts (JSON Lines: `doc`, `facts`): what each text states.
    #[arg(long)]
    facts: Option<PathBuf>,
    /// Extra knowledge-base files (TOML), as for `demarche --kb`.
    #[arg(long)]
    kb: Vec<PathBuf>,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let t0 = Instant::now();
    let kb = demarche_kb::Kb::load(&args.kb).context("loading the knowledge base")?;
    let cfg = Config {
        docs: args.docs,
        seed: args.seed,
        crises: args.crises,
        ..Config::default()
    };
    let out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(File::create(p).with_context(|| format!("creating {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let mut truth = match &args.truth {
        Some(p) => Some(BufWriter::new(
            File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let mut facts = match &args.facts {
        Some(p) => Some(BufWriter::new(
            File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let (mut docs, mut crises, mut words, mut bytes) = (0u64, 0u64, 0u64, 0u64);
    for item in Generator::new(&kb, cfg) {
        match item {
            Item::Article(a) => {
                serde_json::to_writer(&mut out, &a)?;
                out.write_all(b"\n")?;
                docs += 1;
                words += a.text.split_whitespace().count() as u64;
                bytes += a.text.len() as u64;
                if let Some(w) = facts.as_mut() {
                    let line =
                        serde_json::json!({"doc": a.id, "crisis": a.crisis, "facts": a.facts});
                    serde_json::to_writer(&mut *w, &line)?;
                    w.write_all(b"\n")?;
                }
            }
            Item::Truth(t) => {
                crises += 1;
                if let Some(w) = truth.as_mut() {
                    serde_json::to_writer(&mut *w, &t)?;
                    w.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    for w in [truth.as_mut(), facts.as_mut()].into_iter().flatten() {
        w.flush()?;
    }
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "demarche-synth: {docs} articles ({crises} crises), {words} words, {:.1} MB of text in {secs:.2} s",
        bytes as f64 / 1e6
    );
    Ok(())
}
