//! One function per command. Exit codes: 0 all went in, 1 some input failed
//! (or a command failed), 2 usage error (from clap).

use crate::args::*;
use crate::process::{self, Item};
use anyhow::{Context, Result};
use demarche_analysis::{BriefInput, BriefOptions, Format};
use demarche_core::Record;
use demarche_kb::{CoverageSpec, Kb};
use demarche_pipeline::Pipeline;
use demarche_store::{Filter, Outcome, Store, StoreLocation};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

pub fn run(cli: Cli) -> Result<i32> {
    let kb = || -> Result<Arc<Kb>> { Ok(Arc::new(Kb::load(&cli.kb)?)) };
    match cli.command {
        Command::Ingest(a) => {
            let pipeline = Pipeline::new(kb()?);
            let summary = ingest(
                &cli.db,
                &a.paths,
                &pipeline,
                cli.jobs,
                a.quiet,
                a.max_db_bytes,
            )?;
            Ok(summary)
        }
        Command::Extract(a) => {
            let pipeline = Pipeline::new(kb()?);
            let r = extract(&a, &pipeline, cli.jobs);
            // The process ends here: freeing the automata and the knowledge
            // base one allocation at a time would only delay the exit.
            std::mem::forget(pipeline);
            r
        }
        Command::Load(a) => crate::load::load(&cli.db, &a, cli.jobs),
        Command::Eval(a) => eval(&a, kb()?, cli.jobs),
        Command::Brief(a) => {
            let kb = kb()?;
            let mut code = 0;
            if !a.paths.is_empty() {
                let pipeline = Pipeline::new(kb.clone());
                code = ingest(&cli.db, &a.paths, &pipeline, cli.jobs, true, None)?;
            }
            brief(&cli.db, &a, &kb)?;
            Ok(code)
        }
        Command::Query(a) if a.what == QueryWhat::Entities => {
            entities(&cli.db, &a, &Kb::load(&cli.kb)?)
        }
        Command::Query(a) if a.what == QueryWhat::Events && !a.reports => {
            event_clusters(&cli.db, &a, &Kb::load(&cli.kb)?)
        }
        Command::Query(a) => query(&cli.db, &a),
        Command::Export(a) if a.what == ExportWhat::Records => crate::load::export(&cli.db, &a),
        Command::Export(a) => crate::export::events(&cli.db, &a),
        Command::Crisis(a) => quiet_pipe(crate::desk::crisis(&cli.db, &a, kb()?)),
        Command::Patron(a) => quiet_pipe(crate::desk::patron(&cli.db, &a, kb()?)),
        Command::Claims(a) => quiet_pipe(crate::desk::claims(&cli.db, &a, kb()?)),
        Command::Kb(KbArgs {
            command: KbCommand::Check(a),
        }) => kb_check(&cli.kb, &a),
        Command::Serve(a) => serve(&cli.db, &a, kb()?),
        Command::Check(a) => check(&cli.db, &a),
    }
}

/// `serve`: binds, prints the URL, serves until killed.
fn serve(db: &StoreLocation, a: &ServeArgs, kb: Arc<Kb>) -> Result<i32> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut options = demarche_serve::Options {
        public: a.public,
        token: None,
    };
    let mut generated = false;
    if a.writable {
        options.token = match std::env::var("DEMARCHE_TOKEN") {
            Ok(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => {
                generated = true;
                Some(demarche_serve::random_token()?)
            }
        };
    }
    rt.block_on(async {
        let token = options.token.clone();
        let server = demarche_serve::Server::bind_with(a.addr, db, kb, options).await?;
        let addr = server.local_addr()?;
        println!("http://{addr}/");
        match (&token, generated) {
            (Some(t), true) => eprintln!("writable: Authorization: Bearer {t}"),
            (Some(_), false) => eprintln!("writable: the token is $DEMARCHE_TOKEN"),
            (None, _) => {}
        }
        eprintln!(
            "serving {} {} (Ctrl-C to stop)",
            db,
            if token.is_some() {
                "writable"
            } else {
                "read-only"
            }
        );
        server.run().await?;
        Ok(0)
    })
}

/// `kb check`: the data's problems, then the coverage gaps on the date.
/// Exits 1 when there is a problem or a gap the coverage spec does not list
/// as pending.
fn kb_check(files: &[PathBuf], a: &KbCheckArgs) -> Result<i32> {
    let kb = Kb::load(files)?;
    let spec = CoverageSpec::builtin()?;
    let date = a.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let problems: Vec<String> = kb
        .check()
        .into_iter()
        .chain(kb.check_coverage_spec(&spec))
        .collect();
    let gaps = kb.coverage(&spec, date);
    let (pending, missing): (Vec<_>, Vec<_>) = gaps.iter().partition(|g| g.is_pending());
    let mut out = std::io::stdout().lock();
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    for g in &missing {
        writeln!(out, "coverage: {g}")?;
    }
    for g in &pending {
        writeln!(out, "coverage: {g}")?;
    }
    eprintln!(
        "{} actors, {} problems; coverage on {date}: {} states, {} gaps, {} pending",
        kb.len(),
        problems.len(),
        spec.countries().len(),
        missing.len(),
        pending.len()
    );
    Ok(if problems.is_empty() && missing.is_empty() {
        0
    } else {
        1
    })
}

/// Ingests into the store; prints failures as they happen and a summary line.
fn ingest(
    db: &StoreLocation,
    paths: &[PathBuf],
    pipeline: &Pipeline,
    jobs: Option<usize>,
    quiet: bool,
    max_bytes: Option<u64>,
) -> Result<i32> {
    let opts = demarche_store::OpenOptions {
        max_bytes,
        checkpoint_thread: true,
        ..Default::default()
    };
    let store = Store::open_with(db, &opts)?;
    let pool = process::pool(jobs)?;
    // SQLite has one writer; a PostgreSQL server takes several at once, and
    // each waits for its own commits, so a batch is shared out between as
    // many connections as annotating threads (at least two).
    let mut writers = vec![store];
    if writers[0].is_postgres() {
        for _ in 1..pool.current_num_threads().max(2) {
            writers.push(Store::open_with(db, &opts)?);
        }
    }
    let show = !quiet && std::io::stderr().is_terminal();
    let bar = if show {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} documents {msg} [{elapsed}]")
                .expect("valid template"),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let (mut ok, mut dup, mut failed) = (0usize, 0usize, 0usize);
    // A document whose text is already stored is counted and dropped as it
    // is read, before it is annotated: a re-run after a crash or over a
    // growing folder costs one lookup per document stored before. The lookup
    // uses its own connection (the writer's lives on the sink's thread).
    let known = Store::open_read_only(db).ok();
    let skipped = std::sync::atomic::AtomicUsize::new(0);
    let docs = process::documents(paths).filter(|r| {
        let stored = match (r, &known) {
            (Ok(d), Some(k)) => k.contains(&d.hash).unwrap_or(false),
            _ => false,
        };
        if stored {
            skipped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            bar.inc(1);
        }
        !stored
    });
    let mut store_error: Option<anyhow::Error> = None;
    // Each batch of annotated documents is group-committed
    // (`Store::put_batch`): one transaction per batch.
    process::run_batches(docs, pipeline, &pool, |batches| {
        for batch in batches {
            let n = batch.len() as u64;
            let mut docs: Vec<(&demarche_core::Document, &[Record])> = Vec::new();
            for item in &batch {
                match item {
                    Item::Doc(doc, recs) => {
                        for w in &doc.warnings {
                            bar.suspend(|| eprintln!("warning: {}: {w}", doc.origin.path));
                        }
                        docs.push((doc, recs));
                    }
                    Item::Failed(e) => {
                        failed += 1;
                        bar.suspend(|| eprintln!("error: {e}"));
                    }
                }
            }
            // Every outcome is counted before a fatal error stops the run:
            // the other writers' shares went in.
            let mut stop = None;
            for (doc, r) in put_shared(&mut writers, &docs) {
                match r {
                    Ok(Outcome::Inserted) => ok += 1,
                    Ok(Outcome::Duplicate) => dup += 1,
                    Err(e) => {
                        failed += 1;
                        let name = process::name_of(doc);
                        bar.suspend(|| eprintln!("error: {name}: not stored: {e}"));
                        if stop.is_none() && is_fatal(&e) {
                            stop = Some((name, e));
                        }
                    }
                }
            }
            if let Some((name, e)) = stop {
                let there = dup + skipped.load(std::sync::atomic::Ordering::Relaxed);
                store_error = Some(anyhow::anyhow!(
                    "ingest stopped at {name} ({ok} stored in this run, {there} already there): {e}"
                ));
                return;
            }
            bar.inc(n);
        }
    });
    bar.finish_and_clear();
    if let Some(e) = store_error {
        return Err(e);
    }
    dup += skipped.into_inner();
    if !quiet {
        eprintln!(
            "ingested {ok}, duplicates {dup}, failed {failed} (store: {})",
            db
        );
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

/// Stores a batch through one writer, or shared out in contiguous parts
/// between several (PostgreSQL), each part group-committed on its own
/// thread. Returns each document attempted with its outcome, in input
/// order; after a fatal error a part stops, so a part may be shorter.
fn put_shared<'d>(
    writers: &mut [Store],
    docs: &[(&'d demarche_core::Document, &'d [Record])],
) -> Vec<(
    &'d demarche_core::Document,
    Result<Outcome, demarche_store::StoreError>,
)> {
    let keep = |part: &[(&'d demarche_core::Document, &'d [Record])], out: Vec<_>| {
        part.iter().map(|(d, _)| *d).zip(out).collect::<Vec<_>>()
    };
    if writers.len() < 2 || docs.len() < 2 {
        return keep(docs, writers[0].put_batch(docs));
    }
    let size = docs.len().div_ceil(writers.len());
    std::thread::scope(|scope| {
        let parts: Vec<_> = writers
            .iter_mut()
            .zip(docs.chunks(size))
            .map(|(w, part)| scope.spawn(move || keep(part, w.put_batch(part))))
            .collect();
        parts
            .into_iter()
            .flat_map(|t| t.join().expect("writer thread panicked"))
            .collect()
    })
}

/// A store error after which no later document can go in either.
pub(crate) fn is_fatal(e: &demarche_store::StoreError) -> bool {
    e.ends_writing()
}

fn extract(a: &ExtractArgs, pipeline: &Pipeline, jobs: Option<usize>) -> Result<i32> {
    let pool = process::pool(jobs)?;
    let kinds: Vec<String> = a.kinds.iter().map(|k| k.trim().to_lowercase()).collect();
    for k in &kinds {
        if !demarche_core::KINDS.contains(&k.as_str()) {
            eprintln!(
                "demarche: unknown kind {k:?} (kinds: {})",
                demarche_core::KINDS.join(", ")
            );
            return Ok(2);
        }
    }
    let opts = RecordWriter {
        kinds,
        sentence_text: !a.no_sentence_text,
        text: a.text,
    };
    let failed = if a.stdin {
        let name = a.name.as_deref().unwrap_or("-");
        let docs = stdin_articles(name)?;
        process::run_batches(docs, pipeline, &pool, |batches| -> Result<usize> {
            let mut out = BufWriter::new(std::io::stdout().lock());
            let mut failed = 0;
            for batch in batches {
                for item in batch {
                    failed += opts.write(&mut out, item)?;
                }
                // Whoever reads the pipe gets each batch as soon as it is done.
                out.flush()?;
            }
            Ok(failed)
        })
    } else {
        process::run(&a.paths, pipeline, &pool, |items| -> Result<usize> {
            let mut out = BufWriter::new(std::io::stdout().lock());
            let mut failed = 0;
            for item in items {
                failed += opts.write(&mut out, item)?;
            }
            out.flush()?;
            Ok(failed)
        })
    };
    match failed {
        Ok(n) => Ok(if n > 0 { 1 } else { 0 }),
        Err(e) if is_broken_pipe(&e) => Ok(0),
        Err(e) => Err(e),
    }
}

/// The articles of stdin read as JSON Lines, line by line; an empty input
/// holds none.
fn stdin_articles(
    name: &str,
) -> Result<Box<dyn Iterator<Item = Result<demarche_core::Document, demarche_ingest::InputError>>>>
{
    use std::io::BufRead;
    let mut input = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
    if input.fill_buf().context("stdin")?.is_empty() {
        return Ok(Box::new(std::iter::empty()));
    }
    Ok(demarche_ingest::read_reader(
        name,
        input,
        Some(demarche_ingest::Format::Jsonl),
    ))
}

/// How `extract` writes each document's records: one JSON object per line.
struct RecordWriter {
    /// Only these kinds (all when empty).
    kinds: Vec<String>,
    sentence_text: bool,
    /// The stored text in the document record (for `load`).
    text: bool,
}

impl RecordWriter {
    /// Writes one processed input's records; a failed input is reported on
    /// stderr. Returns the number of failures (0 or 1).
    fn write(&self, out: &mut impl Write, item: Item) -> Result<usize> {
        match item {
            Item::Doc(mut doc, recs) => {
                let mut text = self.text.then(|| std::mem::take(&mut doc.text));
                for mut r in recs {
                    if !self.kinds.is_empty() && !self.kinds.iter().any(|k| k == r.kind()) {
                        continue;
                    }
                    if !self.sentence_text {
                        clear_sentence_text(&mut r);
                    }
                    if let Record::Document(d) = &mut r {
                        d.text = text.take();
                    }
                    serde_json::to_writer(&mut *out, &r)?;
                    out.write_all(b"\n")?;
                }
                Ok(0)
            }
            Item::Failed(e) => {
                eprintln!("error: {e}");
                Ok(1)
            }
        }
    }
}

/// A reader that stopped reading (`| head`) is no failure.
fn quiet_pipe(r: Result<i32>) -> Result<i32> {
    match r {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        r => r,
    }
}

pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn clear_sentence_text(r: &mut Record) {
    r.prov_mut().sentence_text.clear();
}

/// Names → knowledge-base ids, for judging whether two speaker names are the same entity.
fn name_index(kb: &Kb) -> std::collections::HashMap<String, Vec<usize>> {
    let mut m: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, a) in kb.actors.iter().enumerate() {
        for n in a.names() {
            let k = demarche_eval::norm_name(n);
            if !k.is_empty() {
                m.entry(k).or_default().push(i);
            }
        }
    }
    m
}

fn eval(a: &EvalArgs, kb: Arc<Kb>, jobs: Option<usize>) -> Result<i32> {
    let mut gold = Vec::new();
    for g in &a.gold {
        let text = std::fs::read_to_string(g).with_context(|| format!("{}", g.display()))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}: line {}", g.display(), n + 1))?;
            if let Some(it) = demarche_eval::Item::from_json(v) {
                gold.push(it);
            }
        }
    }
    let kinds: Vec<String> = a.kinds.iter().map(|k| k.trim().to_lowercase()).collect();
    if !kinds.is_empty() {
        gold.retain(|g| kinds.contains(&g.kind));
    }
    let names = name_index(&kb);
    let pipeline = Pipeline::new(kb);
    let pool = process::pool(jobs)?;
    let (pred, failed) = process::run(&a.paths, &pipeline, &pool, |items| {
        let mut pred = Vec::new();
        let mut failed = 0;
        for item in items {
            match item {
                Item::Doc(_, recs) => {
                    for r in recs {
                        if let Ok(v) = serde_json::to_value(&r) {
                            pred.extend(demarche_eval::Item::from_json(v));
                        }
                    }
                }
                Item::Failed(e) => {
                    failed += 1;
                    eprintln!("error: {e}");
                }
            }
        }
        (pred, failed)
    });
    let same = |x: &str, y: &str| -> bool {
        match (
            names.get(&demarche_eval::norm_name(x)),
            names.get(&demarche_eval::norm_name(y)),
        ) {
            (Some(ix), Some(iy)) => ix.iter().any(|i| iy.contains(i)),
            _ => false,
        }
    };
    let report = demarche_eval::score(&gold, &pred, &same);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    if a.errors {
        print!("{}", report.error_listing());
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

fn filter_of(a: &QueryArgs) -> Filter {
    Filter {
        speaker: a.speaker.clone(),
        stance: a.stance.clone(),
        ..a.filter.to_filter()
    }
}

fn brief(db: &StoreLocation, a: &BriefArgs, kb: &Arc<Kb>) -> Result<()> {
    let store = Store::open_for_reading(db)?;
    let f = Filter::default();
    let input = BriefInput {
        documents: store.documents(&f)?,
        entities: store.entities(&f)?,
        times: store.times(&f)?,
        quotes: store.quotes(&f)?,
        silences: store.silences(&f)?,
        events: store.events(&f)?,
        findings: store.findings(&f)?,
        named: store.crises()?,
    };
    let opts = BriefOptions {
        about: a.about.clone(),
        since: a.since.clone(),
        format: match a.format {
            BriefFormat::Md => Format::Markdown,
            BriefFormat::Html => Format::Html,
        },
        clusters: demarche_analysis::ClusterOptions {
            wires: demarche_analysis::Wires::from_kb(kb),
            ..Default::default()
        },
        kb: Some(kb.clone()),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(demarche_analysis::brief(&input, &opts).as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// `check`: [`Store::audit`] as a report; 1 when the store is not whole.
fn check(db: &StoreLocation, a: &CheckArgs) -> Result<i32> {
    let store = Store::open_for_reading(db)?;
    let audit = store.audit()?;
    let documents = audit.documents.len();
    let records: u64 = audit.documents.values().map(|d| d.records).sum();
    let edges: u64 = audit.documents.values().map(|d| d.edges).sum();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if a.json {
        let v = serde_json::json!({
            "store": store.path(),
            "whole": audit.is_whole(),
            "documents": documents,
            "records": records,
            "network_rows": edges,
            "problems": audit.problems,
        });
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "{}: {documents} documents, {records} records, {edges} network rows",
            store.path()
        )?;
        for p in &audit.problems {
            writeln!(out, "problem: {p}")?;
        }
        if audit.is_whole() {
            writeln!(
                out,
                "whole: the integrity check passed and no document is half-written"
            )?;
        } else {
            writeln!(out, "NOT whole: {} problems", audit.problems.len())?;
        }
    }
    Ok(if audit.is_whole() { 0 } else { 1 })
}

fn query(db: &StoreLocation, a: &QueryArgs) -> Result<i32> {
    let store = Store::open_for_reading(db)?;
    let f = filter_of(a);
    if a.what == QueryWhat::Timeline {
        return timeline(&store, &f, a.json);
    }
    let rows: Vec<Record> = match a.what {
        QueryWhat::Quotes => store.quotes(&f)?.into_iter().map(Record::Quote).collect(),
        QueryWhat::Events | QueryWhat::Timeline => {
            store.events(&f)?.into_iter().map(Record::Event).collect()
        }
        QueryWhat::Entities => unreachable!("entities are merged by `entities`"),
        QueryWhat::Silences => store
            .silences(&f)?
            .into_iter()
            .map(Record::Silence)
            .collect(),
        QueryWhat::Documents => store
            .documents(&f)?
            .into_iter()
            .map(Record::Document)
            .collect(),
        QueryWhat::Findings => store
            .findings(&f)?
            .into_iter()
            .map(Record::Finding)
            .collect(),
    };
    write_rows(&rows, a.json, line_of)
}

/// Rows to stdout: JSON Lines, or one text line each; a closed pipe ends
/// quietly.
fn write_rows<T: serde::Serialize>(
    rows: &[T],
    json: bool,
    line: impl Fn(&T) -> String,
) -> Result<i32> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for r in rows {
        let res = if json {
            serde_json::to_writer(&mut out, r)
                .map_err(std::io::Error::from)
                .and_then(|_| out.write_all(b"\n"))
        } else {
            writeln!(out, "{}", line(r))
        };
        if let Err(e) = res {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(0);
            }
            return Err(e.into());
        }
    }
    out.flush().ok();
    Ok(0)
}

/// Entities across the store, each once: every mention with its text, the
/// names used, the offices seen on the documents' dates and the knowledge
/// base's dated roles.
fn entities(db: &StoreLocation, a: &QueryArgs, kb: &Kb) -> Result<i32> {
    let store = Store::open_for_reading(db)?;
    let f = Filter {
        limit: None,
        ..filter_of(a)
    };
    let rows = store.entities_with_hash(&f)?;
    // Each document's text is read once and shared by its records.
    let mut cache: std::collections::HashMap<String, Option<Arc<str>>> =
        std::collections::HashMap::new();
    let mut texts = Vec::with_capacity(rows.len());
    for (hash, _) in &rows {
        if !cache.contains_key(hash) {
            let t = store.text(hash)?.map(Arc::<str>::from);
            cache.insert(hash.clone(), t);
        }
        texts.push(cache[hash].clone());
    }
    let records: Vec<demarche_core::EntityRecord> = rows.into_iter().map(|(_, r)| r).collect();
    let mut merged = demarche_analysis::merge_entities(&records, Some(kb), &texts);
    if let Some(n) = a.filter.limit {
        merged.truncate(n);
    }
    write_rows(&merged, a.json, |e| {
        let offices: Vec<&str> = e.offices.iter().map(|o| o.office.as_str()).collect();
        format!(
            "{}\t{}\t{}\t{} docs, {} mentions\t{}\t{}",
            e.name,
            e.etype.as_str(),
            e.country.as_deref().unwrap_or("-"),
            e.documents.len(),
            e.mention_count,
            if offices.is_empty() {
                "-".to_string()
            } else {
                offices.join("; ")
            },
            e.aliases.join("; ")
        )
    })
}

/// Events as clusters of reports of one real-world event: filter the reports,
/// then cluster; `--cluster ID` lists one cluster's reports and links.
fn event_clusters(db: &StoreLocation, a: &QueryArgs, kb: &Kb) -> Result<i32> {
    use demarche_analysis::{ClusterOptions, EventReport, MergeRules, Wires};
    let store = Store::open_for_reading(db)?;
    let f = Filter {
        limit: None,
        ..filter_of(a)
    };
    let docs: std::collections::HashMap<String, demarche_core::DocumentRecord> = store
        .documents(&Filter::default())?
        .into_iter()
        .map(|d| (d.hash.clone(), d))
        .collect();
    let reports: Vec<EventReport> = store
        .events_with_hash(&f)?
        .into_iter()
        .map(|(h, e)| EventReport::new(e, docs.get(&h)))
        .collect();
    let merge = match &a.merge_rules {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?;
            MergeRules::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => MergeRules::default(),
    };
    let opts = ClusterOptions {
        wires: Wires::from_kb(kb),
        merge,
        ..ClusterOptions::default()
    };
    let mut clusters = demarche_analysis::cluster_events(&reports, &opts);
    if let Some(id) = &a.cluster {
        let Some(c) = clusters.iter().find(|c| c.id == id.trim()) else {
            eprintln!(
                "demarche: no cluster {id} among the clusters of the selected reports (filters apply before clustering)"
            );
            return Ok(1);
        };
        if a.json {
            return write_rows(std::slice::from_ref(c), true, |_| String::new());
        }
        let mut lines = vec![cluster_line(c)];
        lines.extend(c.reports.iter().map(|r| {
            let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
            format!(
                "{}\t{}\t{}\t{}\tsource {}\t{}\t{}{}\t{} → {}\t{}",
                r.id,
                r.doc,
                o(&r.outlet),
                r.published
                    .as_deref()
                    .map_or("-", |p| p.get(..10).unwrap_or(p)),
                r.source,
                o(&r.date),
                r.event_type,
                r.mode
                    .as_deref()
                    .map(|m| format!("/{m}"))
                    .unwrap_or_default(),
                o(&r.actor),
                o(&r.recipient),
                r.evidence
            )
        }));
        lines.extend(
            c.links
                .iter()
                .map(|l| format!("link\t{} — {}\t{}", l.from, l.to, l.why)),
        );
        return write_rows(&lines, false, |l| l.clone());
    }
    if let Some(n) = a.filter.limit {
        clusters.truncate(n);
    }
    write_rows(&clusters, a.json, cluster_line)
}

/// One line per cluster: id, date, type/mode, actor → recipient, counts,
/// earliest outlet and date, the representative evidence.
fn cluster_line(c: &demarche_analysis::EventCluster) -> String {
    let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    let first = c.earliest_report();
    let earliest = first
        .map(|r| {
            format!(
                "{} {}",
                r.outlet.as_deref().unwrap_or(&r.doc),
                r.published
                    .as_deref()
                    .map_or("undated", |p| p.get(..10).unwrap_or(p))
            )
        })
        .unwrap_or_default();
    let n = |k: usize, what: &str| {
        if k == 1 {
            format!("1 {what}")
        } else {
            format!("{k} {what}s")
        }
    };
    format!(
        "{}\t{}\t{}{}\t{} → {}\t{}\t{}\t{}\t{}\t{}{}{}",
        c.id,
        o(&c.date),
        c.event_type,
        c.mode
            .as_deref()
            .map(|m| format!("/{m}"))
            .unwrap_or_default(),
        o(&c.actor),
        o(&c.recipient),
        n(c.reports.len(), "report"),
        n(c.outlets, "outlet"),
        n(c.sources, "source"),
        earliest,
        c.evidence,
        if c.negated { " [negated]" } else { "" },
        if c.hypothetical {
            " [hypothetical]"
        } else {
            ""
        },
    )
}

/// Dated events and statements in date order, each with its source.
fn timeline(store: &Store, f: &Filter, json: bool) -> Result<i32> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for e in store.timeline(f)? {
        let res = if json {
            let v = serde_json::json!({
                "date": e.date,
                "doc": e.doc,
                "title": e.title,
                "outlet": e.outlet,
                "published": e.published,
                "record": e.record,
            });
            writeln!(out, "{v}")
        } else {
            writeln!(
                out,
                "{}\t{}\t{}",
                e.date,
                e.outlet.as_deref().unwrap_or("-"),
                line_of(&e.record)
            )
        };
        if let Err(err) = res {
            if err.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(0);
            }
            return Err(err.into());
        }
    }
    out.flush().ok();
    Ok(0)
}

/// One human-readable line per record.
fn line_of(r: &Record) -> String {
    let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    match r {
        Record::Quote(q) => format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            q.prov.doc,
            o(&q.speaker),
            q.form.as_str(),
            q.stance.map_or("-", |s| s.as_str()),
            o(&q.cue),
            q.content
        ),
        Record::Event(e) => format!(
            "{}\t{}\t{}\t{} → {}\t{}{}{}",
            o(&e.date),
            e.event_type,
            o(&e.mode),
            o(&e.actor),
            o(&e.recipient),
            e.evidence,
            if e.negated { " [negated]" } else { "" },
            if e.hypothetical {
                " [hypothetical]"
            } else {
                ""
            }
        ),
        Record::Entity(e) => format!(
            "{}\t{}\t{}\t{}",
            e.name,
            e.etype.as_str(),
            o(&e.country),
            e.aliases.join("; ")
        ),
        Record::Silence(s) => format!(
            "{}\t{}\t{}\t{}",
            s.prov.doc,
            o(&s.actor),
            o(&s.about),
            s.evidence
        ),
        Record::Document(d) => format!(
            "{}\t{}\t{}\t{}",
            d.prov.doc,
            o(&d.published),
            o(&d.outlet),
            o(&d.title)
        ),
        Record::Time(t) => format!("{}\t{}\t{}", t.text, t.ttype.as_str(), t.value),
        Record::Finding(f) => format!(
            "{}\t{}\t{}\t{}\tas of {} ({})\t{}",
            f.prov.doc,
            f.finding.as_str(),
            f.entity,
            f.evidence,
            f.as_of,
            f.basis,
            f.kb_says
        ),
    }
}
