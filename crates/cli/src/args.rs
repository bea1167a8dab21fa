//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// demarche reads news and analysis and records who did and said what to
/// whom, when — and who stayed silent. Every record cites its sentence.
#[derive(Parser, Debug)]
#[command(name = "demarche", version, about, long_about = None)]
pub struct Cli {
    /// The store: an SQLite file (created if missing), or a PostgreSQL
    /// database given as a URL (postgres://user@host/db; the tables are
    /// created in it).
    #[arg(
        long,
        global = true,
        default_value = "demarche.db",
        env = "DEMARCHE_DB"
    )]
    pub db: demarche_store::StoreLocation,

    /// Extra knowledge-base files (TOML) that extend or override the built-in one.
    #[arg(long = "kb", global = true, value_name = "FILE")]
    pub kb: Vec<PathBuf>,

    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', global = true)]
    pub jobs: Option<usize>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read, annotate and store articles (files, folders, or - for stdin).
    Ingest(IngestArgs),
    /// Annotate articles and print the records as JSON Lines (no store).
    Extract(ExtractArgs),
    /// Store record files written by `extract --text` (or `export records`)
    /// without annotating again.
    Load(LoadArgs),
    /// Score extraction against gold annotations.
    Eval(EvalArgs),
    /// A report from the store: sources, timeline, statements, silences, notes.
    Brief(BriefArgs),
    /// Query the store.
    Query(QueryArgs),
    /// Write the store's events as PLOVER JSON Lines, GDELT-like TSV, CSV, or records.
    Export(ExportArgs),
    /// Knowledge-base tools.
    Kb(KbArgs),
    /// Crises: name one, list them, show each state's response and who kept silent.
    Crisis(CrisisArgs),
    /// A patron's answers to its partners' crises, against what it had promised.
    Patron(PatronArgs),
    /// Which outlets carry each claim, or (--contradictions) where sources disagree.
    Claims(ClaimsArgs),
    /// Serve the store over HTTP: a JSON API under /api and a web UI at /.
    Serve(ServeArgs),
    /// Check the store: the database's own integrity check and no
    /// half-written document (exit 1 when a problem is found).
    Check(CheckArgs),
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct CrisisArgs {
    #[command(subcommand)]
    pub command: CrisisCommand,
}

#[derive(Subcommand, Debug)]
pub enum CrisisCommand {
    /// Name a crisis: a blow to one state from a date on.
    Add {
        /// The state struck, ISO alpha-3 (VEN).
        #[arg(long)]
        target: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD (default: the first).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        name: String,
        /// Who struck: country codes or knowledge-base ids (comma-separated).
        #[arg(long, value_delimiter = ',')]
        by: Vec<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Every crisis: named, from the knowledge base, and found in the store.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a named crisis.
    Remove { id: String },
    /// The response matrix and silence windows of one crisis (id or a word of its name).
    Show {
        id: String,
        /// States to ask (ISO alpha-3, comma-separated; default: partners, great powers, responders).
        #[arg(long, value_delimiter = ',')]
        actors: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct PatronArgs {
    /// The patron state, ISO alpha-3 (RUS).
    pub patron: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ClaimsArgs {
    /// List contradictions between sources instead.
    #[arg(long)]
    pub contradictions: bool,
    /// Leave out claims carried by fewer outlets.
    #[arg(long, default_value_t = 1)]
    pub min_outlets: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port); loopback only unless --public.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Allow an --addr other than loopback (the desk is then open to the network).
    #[arg(long)]
    pub public: bool,
    /// Turn on the endpoints that change data (naming and removing crises), behind
    /// a bearer token: $DEMARCHE_TOKEN, or a random one printed once on stderr.
    #[arg(long)]
    pub writable: bool,
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or folders (recursively); - reads one document or JSON Lines from stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Stop storing when the database file would grow past this many bytes
    /// (a quota: ingest ends with an error as on a full disk, and every
    /// document stored before stays whole).
    #[arg(long, value_name = "BYTES", env = "DEMARCHE_MAX_DB_BYTES")]
    pub max_db_bytes: Option<u64>,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or folders (recursively); - reads from stdin.
    #[arg(required_unless_present = "stdin", conflicts_with = "stdin")]
    pub paths: Vec<PathBuf>,
    /// Stream JSON Lines articles from stdin (one per line; an empty input
    /// is no error), writing each batch's records as soon as it is done:
    /// for piping through a command (Spark's RDD.pipe, GNU parallel).
    #[arg(long)]
    pub stdin: bool,
    /// With --stdin: the input's name in the records (`source`, and the
    /// `NAME#LINE` ids of articles without an `id`); default `-`.
    #[arg(long, requires = "stdin", value_name = "NAME")]
    pub name: Option<String>,
    /// Put each document's stored text in its document record, so `load`
    /// can rebuild the store from the records.
    #[arg(long)]
    pub text: bool,
    /// Only these kinds (comma-separated): document, entity, time, quote, silence, event.
    #[arg(long, value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Leave out each record's sentence text.
    #[arg(long)]
    pub no_sentence_text: bool,
}

#[derive(Args, Debug)]
pub struct LoadArgs {
    /// Record files (JSON Lines, as `extract --text` writes them) or folders
    /// (recursively; names starting with `.` or `_` are skipped); - reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// No summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold files (JSON Lines); repeat the flag or separate with commas for several.
    #[arg(long, required = true, value_delimiter = ',')]
    pub gold: Vec<PathBuf>,
    /// The articles the gold annotates.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Only these kinds (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// List misses, false positives and wrong attributes.
    #[arg(long)]
    pub errors: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default)]
pub enum BriefFormat {
    #[default]
    Md,
    Html,
}

#[derive(Args, Debug)]
pub struct BriefArgs {
    /// Articles to ingest first (already stored ones are skipped).
    pub paths: Vec<PathBuf>,
    /// Narrow to one actor and what was said or done to it.
    #[arg(long)]
    pub about: Option<String>,
    /// Leave out what is dated before this ISO date.
    #[arg(long)]
    pub since: Option<String>,
    #[arg(long, value_enum, default_value_t = BriefFormat::Md)]
    pub format: BriefFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryWhat {
    Quotes,
    Events,
    Entities,
    Timeline,
    Silences,
    Documents,
    /// Titles in the text that the knowledge base contradicts for their date.
    Findings,
}

#[derive(Args, Debug)]
pub struct QueryArgs {
    #[arg(value_enum)]
    pub what: QueryWhat,
    /// Speaker (quotes) — a name, last name or id.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Stance (quotes): condemn, concern, support, praise, demand,
    /// call_for_restraint, deny, threaten, decline_to_comment, other.
    #[arg(long)]
    pub stance: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// JSON Lines output.
    #[arg(long)]
    pub json: bool,
    /// Events: one row per stored report instead of one per cluster.
    #[arg(long, conflicts_with = "cluster")]
    pub reports: bool,
    /// Events: the reports of one cluster and why each was joined.
    #[arg(long, value_name = "ID")]
    pub cluster: Option<String>,
    /// Events: analyst overrides, a TOML file of report-id pairs
    /// (`join = [["e-…", "e-…"]]`, `keep_apart = [[…]]`).
    #[arg(long, value_name = "FILE")]
    pub merge_rules: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportWhat {
    Events,
    /// Every document (with its text) and its records, by text hash, as
    /// JSON Lines that `load` reads back; filters and --format do not apply.
    Records,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportFormat {
    /// PLOVER JSON Lines: the manual's field names, and ours.
    #[default]
    Plover,
    /// GDELT-like tab-separated values with a header row.
    Gdelt,
    /// The gdelt columns as CSV.
    Csv,
    /// The event records as stored.
    Jsonl,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub what: ExportWhat,
    #[arg(long, value_enum, default_value_t = ExportFormat::Plover)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// The filters `query` and `export` share.
#[derive(Args, Debug)]
pub struct FilterArgs {
    /// Actor (events, silences): a name, last name or id.
    #[arg(long)]
    pub actor: Option<String>,
    /// Speaker's or actor's country, ISO 3166 alpha-3 (quotes, silences, events).
    #[arg(long)]
    pub country: Option<String>,
    /// Recipient (events): a name, last name or id.
    #[arg(long)]
    pub recipient: Option<String>,
    /// PLOVER event type (events).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// From this ISO date, inclusive.
    #[arg(long)]
    pub since: Option<String>,
    /// Up to this ISO date, inclusive.
    #[arg(long)]
    pub until: Option<String>,
    /// At most this many rows (query events: clusters).
    #[arg(long)]
    pub limit: Option<usize>,
}

impl FilterArgs {
    /// The store filter these arguments select.
    pub fn to_filter(&self) -> demarche_store::Filter {
        demarche_store::Filter {
            actor: self.actor.clone(),
            recipient: self.recipient.clone(),
            event_type: self.event_type.clone(),
            country: self.country.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            limit: self.limit,
            ..Default::default()
        }
    }
}

#[derive(Args, Debug)]
pub struct KbArgs {
    #[command(subcommand)]
    pub command: KbCommand,
}

#[derive(Subcommand, Debug)]
pub enum KbCommand {
    /// Validate the knowledge base (built-in plus --kb files) and report the
    /// offices data/kb/coverage.toml requires that have no holder on a date.
    Check(KbCheckArgs),
}

#[derive(Args, Debug)]
pub struct KbCheckArgs {
    /// Date to check coverage for, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?}: {e} (want YYYY-MM-DD)"))
}
