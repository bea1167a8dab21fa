//! Event clusters: the reports of one real-world event, across documents.
//!
//! [`cluster_events`] links two reports when they agree on type (or a family
//! of types), flags, actors, recipients, dates and location, by the rules in
//! `data/analysis/clusters.toml`, and returns the connected components of the
//! links, each with the spanning-tree links that made it and why. Candidate
//! pairs come from blocks — (type or family, flags, actor, recipient) — swept
//! in date order, so no pass compares every pair. Clusters are computed from
//! the reports and never replace them.

use demarche_core::{sha256_hex, DocumentRecord, EventRecord, ParticipantRecord};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The built-in rules (`data/analysis/clusters.toml`).
pub const RULES: &str = include_str!("../../../data/analysis/clusters.toml");

/// One event report: the record and what its document says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct EventReport {
    pub event: EventRecord,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// ISO date or date-time.
    pub published: Option<String>,
    /// Byline or credit line (wire credits are read from it and the outlet).
    pub byline: Option<String>,
    /// `YYYY-MM-DD`: the published day, else the date the document's times
    /// were read against. The upper bound of an undated report.
    pub reference: Option<String>,
}

impl EventReport {
    /// A report from an event and its document, if known.
    pub fn new(event: EventRecord, doc: Option<&DocumentRecord>) -> EventReport {
        let published = doc.and_then(|d| d.published.clone());
        let reference = published
            .as_deref()
            .and_then(day_prefix)
            .or_else(|| {
                doc.and_then(|d| d.found.get("anchor"))
                    .and_then(|a| day_prefix(a))
            })
            .map(str::to_string);
        EventReport {
            event,
            outlet: doc.and_then(|d| d.outlet.clone()),
            url: doc.and_then(|d| d.url.clone()),
            published,
            byline: doc.and_then(|d| d.byline.clone()),
            reference,
        }
    }
}

/// The leading `YYYY-MM-DD` of a string, when it is a calendar day.
fn day_prefix(s: &str) -> Option<&str> {
    let d = s.get(..10)?;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    Some(d)
}

/// When a side with nobody named joins a side with somebody.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmptySide {
    /// Only another empty side.
    Never,
    /// When the other side shares a person.
    OtherSidePerson,
    /// When the other side shares any entity id.
    OtherSideId,
    Always,
}

/// Empty-side rules for actors and recipients.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyRules {
    pub actors: EmptySide,
    pub recipients: EmptySide,
}

/// What recipients must share for a join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientRule {
    /// The usual overlap (entity id, else country).
    #[default]
    Overlap,
    /// An entity id.
    SameId,
    /// A person's entity id.
    SamePerson,
}

/// Types that may join across types.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub name: String,
    /// "TYPE" or "TYPE/mode".
    pub members: Vec<String>,
    #[serde(default)]
    pub recipients: RecipientRule,
    /// Both reports must carry a date.
    #[serde(default)]
    pub dated: bool,
}

/// Recipients of two reports of one clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseRecipients {
    /// Whatever they are.
    Any,
    /// They overlap, or one is not a knowledge-base actor (a tanker).
    Unknown,
}

/// Same-clause rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseRules {
    pub recipients: ClauseRecipients,
}

/// The rules of `data/analysis/clusters.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterRules {
    /// How many days before its document's date an undated report may lie.
    pub undated_window_days: i32,
    /// Whether two undated reports may join each other directly (they always
    /// may through a dated one).
    pub join_undated_pairs: bool,
    /// Country codes unrelated actors share ("IGO"): they match only by id.
    #[serde(default)]
    pub pseudo_countries: Vec<String>,
    pub empty: EmptyRules,
    pub clause: ClauseRules,
    #[serde(default, rename = "family")]
    pub families: Vec<Family>,
}

/// At most this many families (a bit mask per report).
const MAX_FAMILIES: usize = 32;

impl ClusterRules {
    /// The built-in rules.
    pub fn builtin() -> ClusterRules {
        ClusterRules::from_toml(RULES).expect("data/analysis/clusters.toml is valid")
    }

    /// Rules from TOML text.
    pub fn from_toml(text: &str) -> Result<ClusterRules, String> {
        let r: ClusterRules = toml::from_str(text).map_err(|e| e.to_string())?;
        if r.undated_window_days < 0 {
            return Err("undated_window_days must not be negative".into());
        }
        if r.families.len() > MAX_FAMILIES {
            return Err(format!("at most {MAX_FAMILIES} families"));
        }
        for f in &r.families {
            if f.members.len() < 2 {
                return Err(format!("family {:?}: fewer than two members", f.name));
            }
            for m in &f.members {
                let t = m.split('/').next().unwrap_or("");
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(format!(
                        "family {:?}: member {m:?} is not TYPE or TYPE/mode",
                        f.name
                    ));
                }
            }
        }
        Ok(r)
    }
}

/// Analyst overrides (`--merge-rules`): report id pairs to join or to keep
/// apart.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeRules {
    #[serde(default)]
    pub join: Vec<[String; 2]>,
    #[serde(default)]
    pub keep_apart: Vec<[String; 2]>,
}

impl MergeRules {
    pub fn from_toml(text: &str) -> Result<MergeRules, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

/// Wire services, to count a wire story carried by several outlets once.
#[derive(Debug, Clone, Default)]
pub struct Wires {
    /// (name, case-sensitive, wire index)
    names: Vec<(String, bool, usize)>,
    ids: Vec<String>,
}

impl Wires {
    /// The knowledge base's outlets with `outlet_kind = "wire"`.
    pub fn from_kb(kb: &demarche_kb::Kb) -> Wires {
        let mut w = Wires::default();
        for a in &kb.actors {
            if a.outlet_kind.as_deref() == Some("wire") {
                let names: Vec<&str> = std::iter::once(a.name.as_str())
                    .chain(a.aliases.iter().map(String::as_str))
                    .collect();
                w.add(&a.id, &names, &a.abbreviations);
            }
        }
        w
    }

    /// Adds a wire: names match case-insensitively, abbreviations exactly,
    /// both as whole words.
    pub fn add(&mut self, id: &str, names: &[&str], abbreviations: &[String]) {
        let i = self.ids.len();
        self.ids.push(id.to_string());
        for n in names {
            self.names.push((n.to_lowercase(), false, i));
        }
        for a in abbreviations {
            self.names.push((a.clone(), true, i));
        }
    }

    /// The wire a byline or outlet credits.
    pub fn credit(&self, text: &str) -> Option<&str> {
        let lower = text.to_lowercase();
        self.names
            .iter()
            .find(|(n, exact, _)| {
                if *exact {
                    has_word(text, n)
                } else {
                    has_word(&lower, n)
                }
            })
            .map(|(_, _, i)| self.ids[*i].as_str())
    }
}

/// Whether `w` occurs in `s` with no letter or digit on either side.
pub(crate) fn has_word(s: &str, w: &str) -> bool {
    !w.is_empty()
        && s.match_indices(w)
            .any(|(i, _)| whole_word(s, i, i + w.len()))
}

/// Whether `s[start..end]` stands as a whole word (no letter or digit just
/// before or after it).
pub(crate) fn whole_word(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Everything [`cluster_events`] needs besides the reports.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    pub rules: ClusterRules,
    pub wires: Wires,
    pub merge: MergeRules,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            rules: ClusterRules::builtin(),
            wires: Wires::default(),
            merge: MergeRules::default(),
        }
    }
}

/// One report inside a cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterReport {
    pub id: String,
    pub doc: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub span: [usize; 2],
    pub sentence: usize,
    pub sentence_text: String,
    pub evidence: String,
    pub event_type: String,
    pub mode: Option<String>,
    pub actor: Option<String>,
    pub recipient: Option<String>,
    pub date: Option<String>,
    /// Which independent source (1-based) the report counts towards.
    pub source: usize,
    /// The wire the document credits, if any.
    pub wire: Option<String>,
}

/// One spanning-tree link of a cluster and why it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterLink {
    pub from: String,
    pub to: String,
    pub why: String,
}

/// One real-world event and every report of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventCluster {
    /// "c-" + hash of the earliest report's id.
    pub id: String,
    /// Representative coding: the most frequent type, mode, actor and
    /// recipient; the most precise date.
    pub event_type: String,
    pub mode: Option<String>,
    pub actor: Option<String>,
    pub actor_country: Option<String>,
    pub recipient: Option<String>,
    pub recipient_country: Option<String>,
    pub date: Option<String>,
    pub negated: bool,
    pub hypothetical: bool,
    pub historical: bool,
    pub documents: usize,
    /// Distinct outlets; a document without one counts as its own.
    pub outlets: usize,
    /// Independent sources: documents with the same wire credit, or with a
    /// report whose sentence is the same, count once.
    pub sources: usize,
    /// Id of the earliest report (by published date, then document).
    pub earliest: String,
    /// The evidence of the report that best shows the representative coding
    /// (its type and mode, both sides named, the most precise date).
    pub evidence: String,
    /// Earliest first.
    pub reports: Vec<ClusterReport>,
    pub links: Vec<ClusterLink>,
}

impl EventCluster {
    /// The earliest report.
    pub fn earliest_report(&self) -> Option<&ClusterReport> {
        self.reports.iter().find(|r| r.id == self.earliest)
    }
}

/// Work done by [`cluster_events_counted`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterStats {
    pub reports: usize,
    /// Pairs compared.
    pub comparisons: usize,
    /// Links that merged two clusters.
    pub links: usize,
    /// Links refused because the merged cluster would be inconsistent.
    pub refused: usize,
}

/// Clusters the reports. Every report is in exactly one cluster.
pub fn cluster_events(reports: &[EventReport], opts: &ClusterOptions) -> Vec<EventCluster> {
    cluster_events_counted(reports, opts).0
}

/// [`cluster_events`] with counts of the work done.
pub fn cluster_events_counted(
    reports: &[EventReport],
    opts: &ClusterOptions,
) -> (Vec<EventCluster>, ClusterStats) {
    let ctx = Ctx::new(reports, &opts.rules);
    let mut forest = Forest::new(&ctx);
    let mut stats = ClusterStats {
        reports: reports.len(),
        ..Default::default()
    };
    let by_id: HashMap<&str, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.event.prov.id.as_str(), i))
        .collect();
    let pairs = |list: &[[String; 2]]| -> Vec<(usize, usize)> {
        list.iter()
            .filter_map(|[a, b]| Some((*by_id.get(a.as_str())?, *by_id.get(b.as_str())?)))
            .collect()
    };
    forest.apart = pairs(&opts.merge.keep_apart);
    for (a, b) in pairs(&opts.merge.join) {
        forest.union(a, b, Why::Analyst, &mut stats);
    }
    ctx.clause_links(&mut forest, &mut stats);
    ctx.block_links(&mut forest, &mut stats);
    let clusters = ctx.build(&mut forest, &opts.wires);
    (clusters, stats)
}

/// Days since the common era began.
type Day = i32;

fn day(y: i32, m: u32, d: u32) -> Option<Day> {
    use chrono::Datelike;
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(|d| d.num_days_from_ce())
}

fn month_end(y: i32, m: u32) -> Option<Day> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    day(ny, nm, 1).map(|d| d - 1)
}

/// The days a TIMEX3 calendar value covers: "2026" the year, "2026-01" the
/// month, "2026-W02" the week, "2026-Q1" the quarter, "199X" the decade,
/// "2026-01-02/2026-01-03" the range; `None` for values that are not
/// calendar dates ("PRESENT_REF", "XXXX-01-03", "P4Y").
pub fn date_interval(v: &str) -> Option<(i32, i32)> {
    if let Some((a, b)) = v.split_once('/') {
        let (s, _) = date_interval(a)?;
        let (_, e) = date_interval(b)?;
        return (s <= e).then_some((s, e));
    }
    let v = v.split('T').next().unwrap_or(v);
    let mut parts = v.split('-');
    let y = parts.next()?;
    if y.len() != 4 || !y.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let digits = y.trim_end_matches('X');
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pad = |c: char| -> Option<i32> {
        let s: String = y.chars().map(|x| if x == 'X' { c } else { x }).collect();
        s.parse().ok()
    };
    let (y0, y1) = (pad('0')?, pad('9')?);
    let rest: Vec<&str> = parts.collect();
    if y0 != y1 {
        return if rest.is_empty() {
            Some((day(y0, 1, 1)?, day(y1, 12, 31)?))
        } else {
            None
        };
    }
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match rest.as_slice() {
        [] => Some((day(y0, 1, 1)?, day(y0, 12, 31)?)),
        [m] if m.starts_with('W') => {
            let w = num(&m[1..])?;
            let mon = chrono::NaiveDate::from_isoywd_opt(y0, w, chrono::Weekday::Mon)?;
            use chrono::Datelike;
            let s = mon.num_days_from_ce();
            Some((s, s + 6))
        }
        [m] if m.starts_with('Q') || m.starts_with('H') => {
            let n = num(&m[1..])?;
            let len = if m.starts_with('Q') { 3 } else { 6 };
            if n == 0 || n * len > 12 {
                return None;
            }
            Some((day(y0, (n - 1) * len + 1, 1)?, month_end(y0, n * len)?))
        }
        [s @ ("SP" | "SU" | "FA" | "AU" | "WI")] => match *s {
            "SP" => Some((day(y0, 3, 1)?, month_end(y0, 5)?)),
            "SU" => Some((day(y0, 6, 1)?, month_end(y0, 8)?)),
            "WI" => Some((day(y0 - 1, 12, 1)?, month_end(y0, 2)?)),
            _ => Some((day(y0, 9, 1)?, month_end(y0, 11)?)),
        },
        [m] => {
            let m = num(m)?;
            Some((day(y0, m, 1)?, month_end(y0, m)?))
        }
        [m, d] => {
            let d = day(y0, num(m)?, num(d)?)?;
            Some((d, d))
        }
        _ => None,
    }
}

fn overlap(a: (Day, Day), b: (Day, Day)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Letters and digits of two names, compared case-insensitively.
fn same_name(a: &str, b: &str) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    }
    letters(a).next().is_some() && letters(a).eq(letters(b))
}

fn is_person(p: &ParticipantRecord) -> bool {
    p.id.as_deref().is_some_and(|i| i.starts_with("person:"))
}

fn is_known(p: &ParticipantRecord) -> bool {
    p.id.as_deref().is_some_and(|i| !i.starts_with("local:"))
}

/// How two sides matched: by which participants (indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    BothEmpty,
    /// One side empty, allowed by the rules.
    Unnamed,
    Name(usize, usize),
    Country(usize, usize),
    Id(usize, usize),
}

impl Side {
    fn swapped(self) -> Side {
        match self {
            Side::Name(i, j) => Side::Name(j, i),
            Side::Country(i, j) => Side::Country(j, i),
            Side::Id(i, j) => Side::Id(j, i),
            s => s,
        }
    }

    fn rank(self) -> u8 {
        match self {
            Side::BothEmpty | Side::Unnamed => 0,
            Side::Name(..) => 1,
            Side::Country(..) => 2,
            Side::Id(..) => 3,
        }
    }
}

/// Why two dates are compatible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dates {
    Both,
    /// The first report is dated, the second bounded by its document's date.
    FirstDated,
    SecondDated,
    BothUndated,
    /// Undated, same document with no date.
    SameDocument,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    SameType,
    Family(usize),
    /// Same document, overlapping evidence.
    Overlap,
    /// Same document, same sentence and trigger.
    Trigger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Analyst,
    Link {
        kind: Kind,
        actors: Side,
        /// `None`: recipients differ (same clause).
        recipients: Option<Side>,
        dates: Dates,
    },
}

impl Why {
    /// The same reasons read from the other report.
    fn swapped(self) -> Why {
        match self {
            Why::Analyst => Why::Analyst,
            Why::Link {
                kind,
                actors,
                recipients,
                dates,
            } => Why::Link {
                kind,
                actors: actors.swapped(),
                recipients: recipients.map(Side::swapped),
                dates: match dates {
                    Dates::FirstDated => Dates::SecondDated,
                    Dates::SecondDated => Dates::FirstDated,
                    d => d,
                },
            },
        }
    }
}

/// Per-report data computed once.
struct Prep {
    date: Option<(Day, Day)>,
    published: Option<Day>,
    reference: Option<Day>,
    /// Own date, else `[reference - window, reference]`.
    eff: Option<(Day, Day)>,
    ty: u32,
    families: u32,
    doc: u32,
    /// Interned keys of the actors (empty when none is named).
    actors: Vec<u32>,
    /// Interned keys of the recipients (empty when none is named).
    recipients: Vec<u32>,
    /// Interned keys of the recipients' entity ids, and whether each is a person.
    recipient_ids: Vec<(u32, bool)>,
}

struct Ctx<'a> {
    reports: &'a [EventReport],
    rules: &'a ClusterRules,
    prep: Vec<Prep>,
    types: usize,
}

#[derive(Default)]
struct Interner<'a> {
    map: HashMap<std::borrow::Cow<'a, str>, u32>,
}

impl<'a> Interner<'a> {
    fn get(&mut self, s: std::borrow::Cow<'a, str>) -> u32 {
        let n = self.map.len() as u32;
        *self.map.entry(s).or_insert(n)
    }
}

/// The actor key of a report with no actor named.
const EMPTY: u32 = u32::MAX;
/// Marks a recipient key in a block key.
const RBIT: u32 = 1 << 30;
/// The recipient key of a block that does not split by recipient.
const ANY: u32 = u32::MAX - 1;

impl<'a> Ctx<'a> {
    fn new(reports: &'a [EventReport], rules: &'a ClusterRules) -> Ctx<'a> {
        use std::borrow::Cow;
        let window = rules.undated_window_days;
        let mut types = Interner::default();
        let mut docs = Interner::default();
        let mut keys = Interner::default();
        let prep = reports
            .iter()
            .map(|r| {
                let e = &r.event;
                let date = e.date.as_deref().and_then(date_interval);
                let reference = r
                    .reference
                    .as_deref()
                    .and_then(date_interval)
                    .map(|(_, end)| end);
                let eff = date.or(reference.map(|d| (d - window, d)));
                let mut families = 0u32;
                for (i, f) in rules.families.iter().enumerate() {
                    if f.members.iter().any(|m| member(m, e)) {
                        families |= 1 << i;
                    }
                }
                let mut actors: Vec<u32> = e
                    .actors
                    .iter()
                    .map(|p| keys.get(side_key(p, &rules.pseudo_countries)))
                    .collect();
                actors.sort_unstable();
                actors.dedup();
                let mut recipients: Vec<u32> = e
                    .recipients
                    .iter()
                    .map(|p| keys.get(side_key(p, &rules.pseudo_countries)))
                    .collect();
                recipients.sort_unstable();
                recipients.dedup();
                let recipient_ids = e
                    .recipients
                    .iter()
                    .filter_map(|p| {
                        let id = p.id.as_deref()?;
                        Some((keys.get(Cow::Owned(format!("i:{id}"))), is_person(p)))
                    })
                    .collect();
                Prep {
                    date,
                    published: r
                        .published
                        .as_deref()
                        .and_then(day_prefix)
                        .and_then(date_interval)
                        .map(|(d, _)| d),
                    reference,
                    eff,
                    ty: types.get(Cow::Borrowed(e.event_type.as_str())),
                    families,
                    doc: docs.get(Cow::Borrowed(e.prov.doc.as_str())),
                    actors,
                    recipients,
                    recipient_ids,
                }
            })
            .collect();
        Ctx {
            reports,
            rules,
            prep,
            types: types.map.len(),
        }
    }

    fn ev(&self, i: usize) -> &EventRecord {
        &self.reports[i].event
    }

    /// Links two reports of one document whose evidence overlaps, or that
    /// share the sentence and the trigger: one clause coded twice.
    fn clause_links(&self, forest: &mut Forest, stats: &mut ClusterStats) {
        let mut order: Vec<usize> = (0..self.reports.len()).collect();
        order.sort_by_key(|&i| (self.prep[i].doc, self.ev(i).prov.span[0], i));
        for run in order.chunk_by(|&a, &b| self.prep[a].doc == self.prep[b].doc) {
            for (k, &a) in run.iter().enumerate() {
                let ea = self.ev(a);
                for &b in &run[k + 1..] {
                    let eb = self.ev(b);
                    let overlaps = eb.prov.span[0] < ea.prov.span[1];
                    // Sorted by start, so sentences never decrease: past the
                    // end of a's evidence and sentence, nothing else can join.
                    if !overlaps && eb.prov.sentence > ea.prov.sentence {
                        break;
                    }
                    let same_trigger = ea.prov.sentence == eb.prov.sentence
                        && matches!((&ea.trigger, &eb.trigger), (Some(x), Some(y)) if x.eq_ignore_ascii_case(y));
                    if !overlaps && !same_trigger {
                        continue;
                    }
                    stats.comparisons += 1;
                    let kind = if overlaps {
                        Kind::Overlap
                    } else {
                        Kind::Trigger
                    };
                    if let Some(why) = self.clause_link(a, b, kind) {
                        forest.union(a, b, why, stats);
                    }
                }
            }
        }
    }

    fn clause_link(&self, a: usize, b: usize, kind: Kind) -> Option<Why> {
        let (ea, eb) = (self.ev(a), self.ev(b));
        if ea.negated != eb.negated || ea.hypothetical != eb.hypothetical {
            return None;
        }
        self.types_match(a, b)?;
        let actors = match (ea.actors.is_empty(), eb.actors.is_empty()) {
            (true, true) => Side::BothEmpty,
            (false, false) => self.side(&ea.actors, &eb.actors)?,
            _ => return None,
        };
        if let (Some(x), Some(y)) = (self.prep[a].date, self.prep[b].date) {
            if !overlap(x, y) {
                return None;
            }
        }
        let recipients = match (ea.recipients.is_empty(), eb.recipients.is_empty()) {
            (true, true) => Some(Side::BothEmpty),
            (false, false) => self.side(&ea.recipients, &eb.recipients),
            _ => None,
        };
        if recipients.is_none() && self.rules.clause.recipients == ClauseRecipients::Unknown {
            let known =
                |e: &EventRecord| !e.recipients.is_empty() && e.recipients.iter().all(is_known);
            if known(ea) && known(eb) {
                return None;
            }
        }
        let dates = match (self.prep[a].date, self.prep[b].date) {
            (Some(_), Some(_)) => Dates::Both,
            (Some(_), None) => Dates::FirstDated,
            (None, Some(_)) => Dates::SecondDated,
            (None, None) => Dates::SameDocument,
        };
        Some(Why::Link {
            kind,
            actors,
            recipients,
            dates,
        })
    }

    /// Same type with compatible modes, else a shared family.
    fn types_match(&self, a: usize, b: usize) -> Option<Kind> {
        let (ea, eb) = (self.ev(a), self.ev(b));
        if self.prep[a].ty == self.prep[b].ty
            && (ea.mode.is_none() || eb.mode.is_none() || ea.mode == eb.mode)
        {
            return Some(Kind::SameType);
        }
        let shared = self.prep[a].families & self.prep[b].families;
        (shared != 0).then(|| Kind::Family(shared.trailing_zeros() as usize))
    }

    /// The strongest match between two non-empty sides: an entity id, else a
    /// country, else a name; two different people never match.
    fn side(&self, a: &[ParticipantRecord], b: &[ParticipantRecord]) -> Option<Side> {
        let mut best: Option<Side> = None;
        for (i, x) in a.iter().enumerate() {
            for (j, y) in b.iter().enumerate() {
                let m = if x.id.is_some() && x.id == y.id {
                    Side::Id(i, j)
                } else if is_person(x) && is_person(y) {
                    continue;
                } else if x.country.is_some()
                    && x.country == y.country
                    && !self.pseudo(x.country.as_deref())
                {
                    Side::Country(i, j)
                } else if (x.id.is_none() || y.id.is_none()) && same_name(&x.name, &y.name) {
                    Side::Name(i, j)
                } else {
                    continue;
                };
                if best.is_none_or(|b| m.rank() > b.rank()) {
                    best = Some(m);
                }
            }
        }
        best
    }

    fn pseudo(&self, c: Option<&str>) -> bool {
        c.is_some_and(|c| self.rules.pseudo_countries.iter().any(|p| p == c))
    }

    /// Whether an empty side may join a named one, given the other side.
    fn empty_ok(
        policy: EmptySide,
        other: Option<Side>,
        other_lists: (&[ParticipantRecord], &[ParticipantRecord]),
    ) -> bool {
        match policy {
            EmptySide::Never => false,
            EmptySide::Always => true,
            EmptySide::OtherSideId => matches!(other, Some(Side::Id(..))),
            EmptySide::OtherSidePerson => {
                matches!(other, Some(Side::Id(i, _)) if is_person(&other_lists.0[i]))
                    && matches!(other, Some(Side::Id(_, j)) if is_person(&other_lists.1[j]))
            }
        }
    }

    /// Whether two reports describe the same event (the general rule).
    fn link(&self, a: usize, b: usize) -> Option<Why> {
        let (ea, eb) = (self.ev(a), self.ev(b));
        let (pa, pb) = (&self.prep[a], &self.prep[b]);
        if ea.negated != eb.negated || ea.hypothetical != eb.hypothetical {
            return None;
        }
        let kind = self.types_match(a, b)?;
        let family = match kind {
            Kind::Family(f) => Some(&self.rules.families[f]),
            _ => None,
        };
        // Sides: raw matches first, then the empty-side rules.
        let raw = |x: &[ParticipantRecord], y: &[ParticipantRecord]| {
            if x.is_empty() || y.is_empty() {
                None
            } else {
                self.side(x, y)
            }
        };
        let ra = raw(&ea.actors, &eb.actors);
        let rr = raw(&ea.recipients, &eb.recipients);
        let resolve = |x: &[ParticipantRecord],
                       y: &[ParticipantRecord],
                       own: Option<Side>,
                       policy: EmptySide,
                       other: Option<Side>,
                       lists: (&[ParticipantRecord], &[ParticipantRecord])|
         -> Option<Side> {
            match (x.is_empty(), y.is_empty()) {
                (true, true) => Some(Side::BothEmpty),
                (false, false) => own,
                _ => Self::empty_ok(policy, other, lists).then_some(Side::Unnamed),
            }
        };
        let actors = resolve(
            &ea.actors,
            &eb.actors,
            ra,
            self.rules.empty.actors,
            rr,
            (&ea.recipients, &eb.recipients),
        )?;
        let recipients = resolve(
            &ea.recipients,
            &eb.recipients,
            rr,
            self.rules.empty.recipients,
            ra,
            (&ea.actors, &eb.actors),
        )?;
        if let Some(f) = family {
            let ok = match (f.recipients, recipients) {
                (RecipientRule::Overlap, _) => true,
                (RecipientRule::SameId, Side::Id(..)) => true,
                (RecipientRule::SamePerson, Side::Id(i, _)) => is_person(&ea.recipients[i]),
                _ => false,
            };
            if !ok || (f.dated && (pa.date.is_none() || pb.date.is_none())) {
                return None;
            }
        }
        let dates = self.dates(a, b)?;
        if let (Some(x), Some(y)) = (&ea.location, &eb.location) {
            let (x, y) = (crate::norm(x), crate::norm(y));
            let within = |s: &str, t: &str| format!(" {t} ").contains(&format!(" {s} "));
            if !within(&x, &y) && !within(&y, &x) {
                return None;
            }
        }
        Some(Why::Link {
            kind,
            actors,
            recipients: Some(recipients),
            dates,
        })
    }

    fn dates(&self, a: usize, b: usize) -> Option<Dates> {
        let (pa, pb) = (&self.prep[a], &self.prep[b]);
        let w = self.rules.undated_window_days;
        let bound = |r: Day| (r - w, r);
        let hist = self.ev(a).historical == self.ev(b).historical;
        let same_doc = pa.doc == pb.doc;
        match (pa.date, pb.date) {
            (Some(x), Some(y)) => overlap(x, y).then_some(Dates::Both),
            (Some(x), None) if hist => match pb.reference {
                Some(r) => overlap(x, bound(r)).then_some(Dates::FirstDated),
                None => same_doc.then_some(Dates::SameDocument),
            },
            (None, Some(y)) if hist => match pa.reference {
                Some(r) => overlap(y, bound(r)).then_some(Dates::SecondDated),
                None => same_doc.then_some(Dates::SameDocument),
            },
            (None, None) if !self.rules.join_undated_pairs => None,
            (None, None) if hist => match (pa.reference, pb.reference) {
                (Some(x), Some(y)) => ((x - y).abs() <= w).then_some(Dates::BothUndated),
                _ => same_doc.then_some(Dates::SameDocument),
            },
            _ => None,
        }
    }

    /// Links from blocks of (type or family, flags, actor, recipient), each swept in
    /// date order. An unnamed actor side also opens a block per recipient
    /// id, which the named reports with that recipient join.
    fn block_links(&self, forest: &mut Forest, stats: &mut ClusterStats) {
        // (group, negated, hypothetical, actor key, recipient key)
        type Key = (u32, bool, bool, u32, u32);
        let policy = self.rules.empty.actors;
        // Recipients must overlap unless the rules let an empty side join.
        let by_recipient = self.rules.empty.recipients == EmptySide::Never;
        let recipient_keys = |p: &Prep| -> Vec<u32> {
            match (by_recipient, p.recipients.is_empty()) {
                (false, _) => vec![ANY],
                (true, true) => vec![EMPTY],
                (true, false) => p.recipients.clone(),
            }
        };
        let mut entries: Vec<(Key, usize)> = Vec::with_capacity(self.reports.len() * 2);
        let mut named: Vec<(u32, usize)> = Vec::new();
        let mut wanted: std::collections::HashSet<Key> = Default::default();
        for (i, p) in self.prep.iter().enumerate() {
            let e = self.ev(i);
            let (neg, hyp) = (e.negated, e.hypothetical);
            let rks = recipient_keys(p);
            let groups = std::iter::once(p.ty).chain(
                (0..self.rules.families.len())
                    .filter(|f| p.families & (1 << f) != 0)
                    .map(|f| self.types as u32 + f as u32),
            );
            for g in groups {
                if !p.actors.is_empty() {
                    for &a in &p.actors {
                        entries.extend(rks.iter().map(|&r| ((g, neg, hyp, a, r), i)));
                    }
                    named.push((g, i));
                    continue;
                }
                entries.extend(rks.iter().map(|&r| ((g, neg, hyp, EMPTY, r), i)));
                for &(k, person) in &p.recipient_ids {
                    let open = match policy {
                        EmptySide::OtherSideId => true,
                        EmptySide::OtherSidePerson => person,
                        _ => false,
                    };
                    if open {
                        let key = (g, neg, hyp, k | RBIT, ANY);
                        wanted.insert(key);
                        entries.push((key, i));
                    }
                }
            }
        }
        if !wanted.is_empty() {
            for &(g, i) in &named {
                let e = self.ev(i);
                for &(k, _) in &self.prep[i].recipient_ids {
                    let key = (g, e.negated, e.hypothetical, k | RBIT, ANY);
                    if wanted.contains(&key) {
                        entries.push((key, i));
                    }
                }
            }
        }
        if policy == EmptySide::Always {
            let mut keys: Vec<Key> = entries
                .iter()
                .map(|e| e.0)
                .filter(|k| k.3 != EMPTY && k.3 & RBIT == 0)
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let unnamed: Vec<(Key, usize)> = entries
                .iter()
                .copied()
                .filter(|e| e.0 .3 == EMPTY)
                .collect();
            for ((g, neg, hyp, _, r), i) in unnamed {
                let lo = keys.partition_point(|k| (k.0, k.1, k.2) < (g, neg, hyp));
                for k in keys[lo..]
                    .iter()
                    .take_while(|k| (k.0, k.1, k.2) == (g, neg, hyp))
                    .filter(|k| k.4 == r)
                {
                    entries.push((*k, i));
                }
            }
        }
        entries
            .sort_unstable_by_key(|&(k, i)| (k, self.prep[i].eff.is_none(), self.prep[i].eff, i));
        entries.dedup();
        let mut active: Vec<usize> = Vec::new();
        let mut deferred: Vec<(u8, usize, usize, Why)> = Vec::new();
        for block in entries.chunk_by(|a, b| a.0 == b.0) {
            let key = block[0].0 .3;
            // In a recipient block only pairs with an unnamed side are new.
            let recipient_block = key != EMPTY && key & RBIT != 0;
            let split = block.partition_point(|e| self.prep[e.1].eff.is_some());
            active.clear();
            for &(_, i) in &block[..split] {
                let Some((start, _)) = self.prep[i].eff else {
                    continue;
                };
                active.retain(|&j| self.prep[j].eff.is_some_and(|(_, end)| end >= start));
                for &j in &active {
                    if recipient_block
                        && !self.prep[i].actors.is_empty()
                        && !self.prep[j].actors.is_empty()
                    {
                        continue;
                    }
                    self.try_link(forest, &mut deferred, j, i, stats);
                }
                active.push(i);
            }
            // Neither a date nor a document date: only within the document.
            for (x, &(_, i)) in block.iter().enumerate().skip(split) {
                for &(_, j) in &block[..x] {
                    if self.prep[j].doc == self.prep[i].doc {
                        self.try_link(forest, &mut deferred, j, i, stats);
                    }
                }
            }
        }
        // Stable: equal strengths keep the order they were found in.
        deferred.sort_by_key(|d| d.0);
        for (_, a, b, why) in deferred {
            forest.union(a, b, why, stats);
        }
    }

    /// Links two reports now when both are dated; otherwise defers the link
    /// until every stronger one is made, so an undated report joins the
    /// cluster its dated reports make.
    fn try_link(
        &self,
        forest: &mut Forest,
        deferred: &mut Vec<(u8, usize, usize, Why)>,
        a: usize,
        b: usize,
        stats: &mut ClusterStats,
    ) {
        stats.comparisons += 1;
        if forest.find(a) == forest.find(b) {
            return;
        }
        match self.link(a, b) {
            Some(why @ Why::Link { dates, .. }) => {
                let strength = match dates {
                    Dates::Both => 0,
                    Dates::FirstDated | Dates::SecondDated => 1,
                    Dates::BothUndated | Dates::SameDocument => 2,
                };
                if strength == 0 {
                    forest.union(a, b, why, stats);
                } else {
                    deferred.push((strength, a, b, why));
                }
            }
            Some(why) => forest.union(a, b, why, stats),
            None => {}
        }
    }
}

/// Whether a family member ("TYPE" or "TYPE/mode") names this event.
fn member(spec: &str, e: &EventRecord) -> bool {
    match spec.split_once('/') {
        Some((t, m)) => e.event_type == t && e.mode.as_deref() == Some(m),
        None => e.event_type == spec,
    }
}

/// A participant's blocking key: country, else id, else name.
fn side_key<'a>(p: &'a ParticipantRecord, pseudo: &[String]) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    match (&p.country, &p.id) {
        (Some(c), _) if !pseudo.contains(c) => Cow::Owned(format!("c:{c}")),
        (_, Some(id)) => Cow::Owned(format!("i:{id}")),
        _ => Cow::Owned(format!("n:{}", crate::norm(&p.name))),
    }
}

/// Union-find over reports, with each cluster's date bounds and actor keys
/// so that a merge never makes a cluster inconsistent.
struct Forest {
    parent: Vec<usize>,
    size: Vec<usize>,
    /// Intersection of the members' date bounds.
    bounds: Vec<Option<(Day, Day)>>,
    actors: Vec<Vec<u32>>,
    apart: Vec<(usize, usize)>,
    /// Spanning-tree links in the order made.
    edges: Vec<(usize, usize, Why)>,
}

/// The root of `x` in a union-find forest of parent links, halving the
/// path on the way.
fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

impl Forest {
    fn new(ctx: &Ctx<'_>) -> Forest {
        let n = ctx.prep.len();
        Forest {
            parent: (0..n).collect(),
            size: vec![1; n],
            bounds: ctx.prep.iter().map(|p| p.eff).collect(),
            actors: ctx.prep.iter().map(|p| p.actors.clone()).collect(),
            apart: Vec::new(),
            edges: Vec::new(),
        }
    }

    fn find(&mut self, x: usize) -> usize {
        root(&mut self.parent, x)
    }

    /// Merges the clusters of `a` and `b` unless the analyst keeps them apart
    /// or the merged cluster would have no common date or two named actors
    /// with nothing shared (analyst joins pass both checks).
    fn union(&mut self, a: usize, b: usize, why: Why, stats: &mut ClusterStats) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        for k in 0..self.apart.len() {
            let (x, y) = self.apart[k];
            let (fx, fy) = (self.find(x), self.find(y));
            if (fx == ra && fy == rb) || (fx == rb && fy == ra) {
                stats.refused += 1;
                return;
            }
        }
        let forced = why == Why::Analyst;
        let bounds = match (self.bounds[ra], self.bounds[rb]) {
            (Some(x), Some(y)) if overlap(x, y) => Some((x.0.max(y.0), x.1.min(y.1))),
            (Some(_), Some(_)) if forced => None,
            (Some(_), Some(_)) => {
                stats.refused += 1;
                return;
            }
            (x, y) => x.or(y),
        };
        let (xa, xb) = (&self.actors[ra], &self.actors[rb]);
        if !forced && !xa.is_empty() && !xb.is_empty() && !xa.iter().any(|k| xb.contains(k)) {
            stats.refused += 1;
            return;
        }
        let mut actors: Vec<u32> = xa.iter().chain(xb.iter()).copied().collect();
        actors.sort_unstable();
        actors.dedup();
        let (big, small) = if self.size[ra] >= self.size[rb] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small] = big;
        self.size[big] += self.size[small];
        self.bounds[big] = bounds;
        self.actors[big] = actors;
        self.actors[small] = Vec::new();
        self.edges.push((a, b, why));
        stats.links += 1;
    }
}

impl Ctx<'_> {
    /// The clusters, ordered by date (undated last), then id.
    fn build(&self, forest: &mut Forest, wires: &Wires) -> Vec<EventCluster> {
        let n = self.reports.len();
        let mut index: HashMap<usize, usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in 0..n {
            let r = forest.find(i);
            let c = *index.entry(r).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[c].push(i);
        }
        let mut edges: Vec<Vec<(usize, usize, Why)>> = vec![Vec::new(); members.len()];
        for k in 0..forest.edges.len() {
            let (a, b, why) = forest.edges[k];
            let r = forest.find(a);
            edges[index[&r]].push((a, b, why));
        }
        let mut out: Vec<(Option<Day>, EventCluster)> = members
            .into_iter()
            .zip(edges)
            .map(|(m, e)| self.cluster(m, &e, wires))
            .collect();
        out.sort_by(|a, b| (a.0.is_none(), a.0, &a.1.id).cmp(&(b.0.is_none(), b.0, &b.1.id)));
        out.into_iter().map(|(_, c)| c).collect()
    }

    /// One cluster and the day it sorts by.
    fn cluster(
        &self,
        mut m: Vec<usize>,
        edges: &[(usize, usize, Why)],
        wires: &Wires,
    ) -> (Option<Day>, EventCluster) {
        let rep = |i: usize| &self.reports[i];
        // Members by document date (published, else reference), then place;
        // the earliest by published date, then document.
        let place = |i: usize| {
            (
                &self.ev(i).prov.doc,
                self.ev(i).prov.span[0],
                &self.ev(i).prov.id,
            )
        };
        m.sort_by(|&a, &b| {
            let (x, y) = (self.prep[a].reference, self.prep[b].reference);
            (x.is_none(), x, place(a)).cmp(&(y.is_none(), y, place(b)))
        });
        let earliest = *m
            .iter()
            .min_by(|&&a, &&b| {
                let (x, y) = (self.prep[a].published, self.prep[b].published);
                (x.is_none(), x, place(a)).cmp(&(y.is_none(), y, place(b)))
            })
            .expect("a cluster has a member");

        // Representative coding.
        let event_type = most_frequent(m.iter().map(|&i| Some(self.ev(i).event_type.as_str())))
            .unwrap_or_default()
            .to_string();
        let mode = most_frequent(
            m.iter()
                .filter(|&&i| self.ev(i).event_type == event_type)
                .map(|&i| self.ev(i).mode.as_deref()),
        );
        let actor = most_frequent(m.iter().map(|&i| self.ev(i).actor.as_deref()));
        let actor_country = m
            .iter()
            .find(|&&i| self.ev(i).actor.as_deref() == actor)
            .and_then(|&i| self.ev(i).actor_country.clone());
        let recipient = most_frequent(m.iter().map(|&i| self.ev(i).recipient.as_deref()));
        let recipient_country = m
            .iter()
            .find(|&&i| self.ev(i).recipient.as_deref() == recipient)
            .and_then(|&i| self.ev(i).recipient_country.clone());
        let dated = m
            .iter()
            .filter_map(|&i| Some((self.prep[i].date?, self.ev(i).date.as_deref()?)));
        let date = dated
            .min_by_key(|((s, e), v)| (e - s, *s, *v))
            .map(|(_, v)| v.to_string());
        let historical = 2 * m.iter().filter(|&&i| self.ev(i).historical).count() > m.len();

        // Documents, outlets, independent sources.
        let mut docs: Vec<u32> = m.iter().map(|&i| self.prep[i].doc).collect();
        docs.sort_unstable();
        docs.dedup();
        let mut outlets: Vec<String> = Vec::new();
        for &i in &m {
            let o = match &rep(i).outlet {
                Some(o) => crate::norm(o),
                None => format!("\u{0}{}", self.ev(i).prov.doc),
            };
            if !outlets.contains(&o) {
                outlets.push(o);
            }
        }
        let doc_pos = |i: usize| docs.binary_search(&self.prep[i].doc).expect("member doc");
        let mut src: Vec<usize> = (0..docs.len()).collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let credit: Vec<Option<&str>> = m
            .iter()
            .map(|&i| {
                [rep(i).byline.as_deref(), rep(i).outlet.as_deref()]
                    .into_iter()
                    .flatten()
                    .find_map(|t| wires.credit(t))
            })
            .collect();
        for (k, &i) in m.iter().enumerate() {
            let d = doc_pos(i);
            let mut keys: Vec<String> = Vec::with_capacity(2);
            if let Some(w) = credit[k] {
                keys.push(format!("w:{w}"));
            }
            let s = sentence_key(&self.ev(i).prov.sentence_text);
            if !s.is_empty() {
                keys.push(format!("s:{s}"));
            }
            for key in keys {
                match seen.get(&key) {
                    Some(&o) => {
                        let (x, y) = (root(&mut src, o), root(&mut src, d));
                        src[x.max(y)] = x.min(y);
                    }
                    None => {
                        seen.insert(key, d);
                    }
                }
            }
        }
        let mut roots: Vec<usize> = (0..docs.len()).map(|d| root(&mut src, d)).collect();
        let mut numbering: Vec<usize> = roots.clone();
        numbering.sort_unstable();
        numbering.dedup();
        let sources = numbering.len();
        let reports: Vec<ClusterReport> = m
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let e = self.ev(i);
                let r = &mut roots[doc_pos(i)];
                ClusterReport {
                    id: e.prov.id.clone(),
                    doc: e.prov.doc.clone(),
                    outlet: rep(i).outlet.clone(),
                    url: rep(i).url.clone(),
                    published: rep(i).published.clone(),
                    span: e.prov.span,
                    sentence: e.prov.sentence,
                    sentence_text: e.prov.sentence_text.clone(),
                    evidence: e.evidence.clone(),
                    event_type: e.event_type.clone(),
                    mode: e.mode.clone(),
                    actor: e.actor.clone(),
                    recipient: e.recipient.clone(),
                    date: e.date.clone(),
                    source: numbering.binary_search(r).map(|x| x + 1).unwrap_or(0),
                    wire: credit[k].map(str::to_string),
                }
            })
            .collect();
        // Each link reads from the earlier report to the later.
        let pos = |i: usize| m.iter().position(|&x| x == i).unwrap_or(usize::MAX);
        let links = edges
            .iter()
            .map(|&(a, b, why)| {
                if pos(a) <= pos(b) {
                    (a, b, why)
                } else {
                    (b, a, why.swapped())
                }
            })
            .map(|(a, b, why)| ClusterLink {
                from: self.ev(a).prov.id.clone(),
                to: self.ev(b).prov.id.clone(),
                why: self.explain(a, b, why),
            })
            .collect();
        let best = m
            .iter()
            .copied()
            .min_by_key(|&i| {
                let e = self.ev(i);
                (
                    e.event_type != event_type,
                    e.mode.as_deref() != mode,
                    e.actors.is_empty(),
                    e.recipients.is_empty(),
                    self.prep[i].date.map_or(i32::MAX, |(s, e)| e - s),
                )
            })
            .unwrap_or(earliest);
        let first = self.ev(earliest);
        let id = format!("c-{}", &sha256_hex(&first.prov.id)[..16]);
        let sort_day = date
            .as_deref()
            .and_then(date_interval)
            .map(|(s, _)| s)
            .or_else(|| m.iter().filter_map(|&i| self.prep[i].reference).min());
        let cluster = EventCluster {
            id,
            event_type,
            mode: mode.map(str::to_string),
            actor: actor.map(str::to_string),
            actor_country,
            recipient: recipient.map(str::to_string),
            recipient_country,
            date,
            negated: first.negated,
            hypothetical: first.hypothetical,
            historical,
            documents: docs.len(),
            outlets: outlets.len(),
            sources,
            earliest: first.prov.id.clone(),
            evidence: self.ev(best).evidence.clone(),
            reports,
            links,
        };
        (sort_day, cluster)
    }

    /// "same type ASSAULT/abduct; actors USA; recipients Nicolás Maduro;
    /// dates 2026-01-03 ⊂ 2026-01".
    fn explain(&self, a: usize, b: usize, why: Why) -> String {
        let (ea, eb) = (self.ev(a), self.ev(b));
        let Why::Link {
            kind,
            actors,
            recipients,
            dates,
        } = why
        else {
            return "joined by the analyst (--merge-rules)".into();
        };
        let coding = |e: &EventRecord| match &e.mode {
            Some(m) => format!("{}/{m}", e.event_type),
            None => e.event_type.clone(),
        };
        let mut parts: Vec<String> = Vec::new();
        parts.push(match kind {
            Kind::SameType if ea.mode == eb.mode => format!("same type {}", coding(ea)),
            Kind::SameType => format!("same type {} ~ {}", coding(ea), coding(eb)),
            Kind::Family(f) => format!(
                "family {}: {} ~ {}",
                self.rules.families[f].name,
                coding(ea),
                coding(eb)
            ),
            Kind::Overlap => format!("same clause {} (evidence overlaps)", coding(ea)),
            Kind::Trigger => format!(
                "same sentence and trigger “{}” {}",
                ea.trigger.as_deref().unwrap_or(""),
                coding(ea)
            ),
        });
        if ea.negated {
            parts.push("both negated".into());
        }
        if ea.hypothetical {
            parts.push("both hypothetical".into());
        }
        let side = |s: Side, x: &[ParticipantRecord], y: &[ParticipantRecord]| match s {
            Side::BothEmpty => "none named".to_string(),
            Side::Unnamed => "one unnamed".to_string(),
            // A state by its code, anyone else by name.
            Side::Id(i, _) if x[i].id == x[i].country => x[i].id.clone().unwrap_or_default(),
            Side::Id(i, _) => x[i].name.clone(),
            Side::Country(i, j) => {
                let c = x[i].country.clone().unwrap_or_default();
                if x[i].name == y[j].name {
                    x[i].name.clone()
                } else {
                    c
                }
            }
            Side::Name(i, _) => x[i].name.clone(),
        };
        parts.push(format!("actors {}", side(actors, &ea.actors, &eb.actors)));
        parts.push(match recipients {
            Some(r) => format!("recipients {}", side(r, &ea.recipients, &eb.recipients)),
            None => {
                let names = |e: &EventRecord| {
                    e.recipients
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("recipients {} / {}", names(ea), names(eb))
            }
        });
        let v = |e: &EventRecord| e.date.clone().unwrap_or_default();
        let doc_date = |i: usize| {
            let r = &self.reports[i];
            match (
                r.published.as_deref().and_then(day_prefix),
                r.reference.as_deref(),
            ) {
                (Some(p), _) => format!("published {p}"),
                (None, Some(d)) => format!("document dated {d}"),
                _ => "no document date".into(),
            }
        };
        parts.push(match dates {
            Dates::Both => {
                let (x, y) = (self.prep[a].date.unwrap(), self.prep[b].date.unwrap());
                if ea.date == eb.date {
                    format!("dates {}", v(ea))
                } else if x == y {
                    format!("dates {} = {}", v(ea), v(eb))
                } else if y.0 <= x.0 && x.1 <= y.1 {
                    format!("dates {} ⊂ {}", v(ea), v(eb))
                } else if x.0 <= y.0 && y.1 <= x.1 {
                    format!("dates {} ⊃ {}", v(ea), v(eb))
                } else {
                    format!("dates {} ∩ {}", v(ea), v(eb))
                }
            }
            Dates::FirstDated => format!("dates {}; the other undated, {}", v(ea), doc_date(b)),
            Dates::SecondDated => format!("dates {}; the other undated, {}", v(eb), doc_date(a)),
            Dates::BothUndated => format!("undated, {} and {}", doc_date(a), doc_date(b)),
            Dates::SameDocument => "same document".into(),
        });
        if let Some(l) = &ea.location {
            if eb.location.is_some() {
                parts.push(format!("location {l}"));
            }
        }
        parts.join("; ")
    }
}

/// The most frequent non-empty value; ties go to the first seen.
fn most_frequent<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in values.flatten() {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some(c) => c.1 += 1,
            None => counts.push((v, 1)),
        }
    }
    let max = counts.iter().map(|c| c.1).max()?;
    counts.iter().find(|c| c.1 == max).map(|c| c.0)
}

/// A sentence with white space collapsed, quotation marks made plain and
/// letters lower-cased: the same sentence in two documents is a wire copy.
fn sentence_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        let c = match c {
            '“' | '”' | '„' | '«' | '»' | '″' => '"',
            '‘' | '’' | '‚' | '′' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests;
