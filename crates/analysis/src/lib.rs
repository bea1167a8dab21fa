//! Analyses over stored records: the brief (Markdown or HTML).
//!
//! A brief is what an analyst pastes into a memo: the sources, a timeline of
//! dated events, statements grouped by speaker, silences, events by type, and
//! endnotes quoting the sentence behind every line. Events are clusters of
//! reports ([`cluster_events`]): one line per real-world event, citing every
//! report of it. [`brief`] first selects
//! the records (`--about`, `--since`), then builds a format-neutral model
//! (lines of segments with numbered citations) and renders it.

mod brief_desk;
mod clusters;
pub mod desk;
mod entities;
mod render;

pub use clusters::{
    cluster_events, cluster_events_counted, date_interval, ClauseRecipients, ClauseRules,
    ClusterLink, ClusterOptions, ClusterReport, ClusterRules, ClusterStats, EmptyRules, EmptySide,
    EventCluster, EventReport, Family, MergeRules, RecipientRule, Wires, RULES,
};
pub use entities::{merge_entities, EntitySummary, MentionAt, OfficeSeen};

use brief_desk::{desk_sections, desk_view, DeskView};
use demarche_core::{
    DocumentRecord, EntityRecord, EventRecord, FindingRecord, Prov, QuoteForm, QuoteRecord,
    SilenceRecord, TimeRecord,
};
use render::{Line, Seg};
use std::collections::{BTreeMap, HashMap};

/// What a brief is made from (read from the store by the caller).
#[derive(Debug, Default, Clone)]
pub struct BriefInput {
    pub documents: Vec<DocumentRecord>,
    pub entities: Vec<EntityRecord>,
    pub times: Vec<TimeRecord>,
    pub quotes: Vec<QuoteRecord>,
    pub silences: Vec<SilenceRecord>,
    pub events: Vec<EventRecord>,
    pub findings: Vec<FindingRecord>,
    /// Crises the analyst named (the store's `crises`).
    pub named: Vec<demarche_core::CrisisDef>,
}

/// Output format of a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Markdown,
    /// A complete standalone HTML page.
    Html,
}

/// What to put in a brief.
#[derive(Debug, Clone, Default)]
pub struct BriefOptions {
    /// Narrow to one actor and what was said or done to it.
    pub about: Option<String>,
    /// ISO date: leave out what happened or was published before it.
    pub since: Option<String>,
    pub format: Format,
    /// How event reports are joined into events.
    pub clusters: ClusterOptions,
    /// The knowledge base: with it, a brief about a state gains the
    /// analyst's desk (crises and its responses, its silences, its record
    /// as a patron, contradictions).
    pub kb: Option<std::sync::Arc<demarche_kb::Kb>>,
}

/// How many examples the Events section shows per type.
const EXAMPLES_PER_TYPE: usize = 3;

/// Renders a brief.
pub fn brief(input: &BriefInput, opts: &BriefOptions) -> String {
    let model = Model::build(input, opts);
    match opts.format {
        Format::Markdown => render::markdown(&model),
        Format::Html => render::html(&model),
    }
}

/// The brief, format-neutral.
pub(crate) struct Model {
    pub title: String,
    /// One-line description of what the brief covers.
    pub covers: String,
    pub sources: Vec<Source>,
    /// Titled sections of lines; a section may hold sub-headed groups.
    pub sections: Vec<Section>,
    pub notes: Vec<Note>,
}

pub(crate) struct Source {
    pub title: String,
    pub outlet: String,
    pub date: String,
    pub words: usize,
}

pub(crate) struct Section {
    pub title: &'static str,
    /// `(sub-heading, lines)`; sub-heading empty for a flat list.
    pub groups: Vec<(String, Vec<Line>)>,
}

pub(crate) struct Note {
    pub title: String,
    pub outlet: String,
    pub date: String,
    pub sentence: String,
}

/// Case-insensitive matcher for `--about`.
struct About {
    /// The query, normalized to space-separated lower-case words.
    words: String,
    /// Exact (lower-cased) names and ids of entities the query names.
    names: Vec<String>,
    /// Countries (ISO alpha-3) the query names.
    countries: Vec<String>,
}

/// Lower-case words joined by single spaces.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether `words` occurs in `name` as whole words.
fn has_words(name: &str, words: &str) -> bool {
    if words.is_empty() {
        return false;
    }
    let n = format!(" {} ", norm(name));
    n.contains(&format!(" {words} "))
}

impl About {
    fn new(q: &str, entities: &[EntityRecord]) -> About {
        let words = norm(q);
        let mut names = vec![words.clone()];
        let mut countries = Vec::new();
        if q.trim().len() == 3 && q.trim().chars().all(|c| c.is_ascii_uppercase()) {
            countries.push(q.trim().to_string());
        }
        for e in entities {
            let forms = std::iter::once(&e.name)
                .chain(e.aliases.iter())
                .chain(e.kb_id.iter());
            if forms.clone().any(|f| norm(f) == words) {
                names.extend(forms.map(|f| norm(f)));
                if e.etype == demarche_core::EntityType::Country {
                    if let Some(c) = &e.country {
                        countries.push(c.clone());
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        countries.sort();
        countries.dedup();
        About {
            words,
            names,
            countries,
        }
    }

    fn name(&self, n: &str) -> bool {
        has_words(n, &self.words) || self.names.contains(&norm(n))
    }

    fn country(&self, c: &Option<String>) -> bool {
        c.as_ref()
            .is_some_and(|c| self.countries.iter().any(|x| x.eq_ignore_ascii_case(c)))
    }

    fn quote(&self, q: &QuoteRecord) -> bool {
        [&q.speaker, &q.speaker_id, &q.speaker_text]
            .into_iter()
            .flatten()
            .any(|n| self.name(n))
            || self.country(&q.speaker_country)
    }

    fn silence(&self, s: &SilenceRecord) -> bool {
        [&s.actor, &s.actor_id, &s.actor_text]
            .into_iter()
            .flatten()
            .any(|n| self.name(n))
            || self.country(&s.actor_country)
    }

    fn event(&self, e: &EventRecord) -> bool {
        let flat = [&e.actor, &e.recipient]
            .into_iter()
            .flatten()
            .any(|n| self.name(n))
            || self.country(&e.actor_country)
            || self.country(&e.recipient_country);
        flat || e.actors.iter().chain(e.recipients.iter()).any(|p| {
            self.name(&p.name)
                || p.id.as_deref().is_some_and(|i| self.name(i))
                || self.country(&p.country)
        })
    }
}

/// The `YYYY-MM-DD` (or coarser) part of an ISO date or TIMEX3 value; `None`
/// for values that are not calendar dates.
fn iso_date(v: &str) -> Option<&str> {
    let b = v.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) || (b.len() > 4 && b[4] != b'-') {
        return None;
    }
    let cut = v.find(['X', 'T']).unwrap_or(v.len()).min(10);
    Some(v[..cut].trim_end_matches('-'))
}

/// Whether a date (possibly coarser) is before `since`: only when it ends
/// before it ("2026-01" is not before "2026-01-05").
fn before(date: &str, since: &str) -> bool {
    date < since && !since.starts_with(date)
}

/// Endnotes: one number per (document, sentence).
#[derive(Default)]
struct Notes<'a> {
    index: HashMap<(&'a str, usize), usize>,
    list: Vec<&'a Prov>,
}

impl<'a> Notes<'a> {
    /// Cites every report of a cluster once per sentence.
    fn cite_cluster(
        &mut self,
        by_id: &HashMap<&str, &'a EventRecord>,
        c: &EventCluster,
        line: &mut Line,
    ) {
        let mut ns: Vec<usize> = c
            .reports
            .iter()
            .filter_map(|r| by_id.get(r.id.as_str()))
            .filter_map(|e| match self.cite(&e.prov) {
                Seg::Cite(n) => Some(n),
                _ => None,
            })
            .collect();
        ns.sort_unstable();
        ns.dedup();
        line.extend(ns.into_iter().map(Seg::Cite));
    }

    fn cite(&mut self, p: &'a Prov) -> Seg {
        let n = *self
            .index
            .entry((p.doc.as_str(), p.sentence))
            .or_insert_with(|| {
                self.list.push(p);
                self.list.len()
            });
        Seg::Cite(n)
    }
}

/// Selected records, in stable order.
struct Selection<'a> {
    docs: Vec<&'a DocumentRecord>,
    quotes: Vec<&'a QuoteRecord>,
    silences: Vec<&'a SilenceRecord>,
    events: Vec<&'a EventRecord>,
    /// The selected events joined into real-world events.
    clusters: Vec<EventCluster>,
    findings: Vec<&'a FindingRecord>,
}

type DocIndex<'a> = HashMap<&'a str, (usize, &'a DocumentRecord)>;

fn doc_date(d: Option<&(usize, &DocumentRecord)>) -> String {
    d.and_then(|(_, d)| d.published.as_deref())
        .and_then(iso_date)
        .unwrap_or("undated")
        .to_string()
}

impl Model {
    fn build(input: &BriefInput, opts: &BriefOptions) -> Model {
        let mut docs: Vec<&DocumentRecord> = input.documents.iter().collect();
        docs.sort_by(|a, b| {
            let da = a.published.as_deref().and_then(iso_date);
            let db = b.published.as_deref().and_then(iso_date);
            (da.is_none(), da, &a.prov.doc, &a.hash).cmp(&(db.is_none(), db, &b.prov.doc, &b.hash))
        });
        let since = opts
            .since
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if let Some(s) = since {
            docs.retain(|d| {
                !d.published
                    .as_deref()
                    .and_then(iso_date)
                    .is_some_and(|p| before(p, s))
            });
        }
        let index: DocIndex = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.prov.doc.as_str(), (i, *d)))
            .collect();
        let about = opts
            .about
            .as_deref()
            .map(|a| About::new(a, &input.entities));
        let in_docs = |p: &Prov| index.contains_key(p.doc.as_str());
        let key = |p: &Prov| {
            (
                index.get(p.doc.as_str()).map(|d| d.0),
                p.span[0],
                p.id.clone(),
            )
        };
        let mut quotes: Vec<&QuoteRecord> = input
            .quotes
            .iter()
            .filter(|q| in_docs(&q.prov) && about.as_ref().is_none_or(|a| a.quote(q)))
            .collect();
        quotes.sort_by_key(|q| key(&q.prov));
        let mut silences: Vec<&SilenceRecord> = input
            .silences
            .iter()
            .filter(|s| in_docs(&s.prov) && about.as_ref().is_none_or(|a| a.silence(s)))
            .collect();
        silences.sort_by_key(|s| key(&s.prov));
        let mut events: Vec<&EventRecord> = input
            .events
            .iter()
            .filter(|e| in_docs(&e.prov) && about.as_ref().is_none_or(|a| a.event(e)))
            .filter(|e| {
                let own = e.date.as_deref().and_then(iso_date);
                !matches!((own, since), (Some(d), Some(s)) if before(d, s))
            })
            .collect();
        events.sort_by_key(|e| key(&e.prov));
        let mut findings: Vec<&FindingRecord> = input
            .findings
            .iter()
            .filter(|f| {
                in_docs(&f.prov)
                    && about
                        .as_ref()
                        .is_none_or(|a| a.name(&f.entity) || a.name(&f.entity_id))
            })
            .collect();
        findings.sort_by_key(|f| key(&f.prov));
        if about.is_some() {
            let used = |d: &str| {
                quotes.iter().any(|q| q.prov.doc == d)
                    || silences.iter().any(|s| s.prov.doc == d)
                    || events.iter().any(|e| e.prov.doc == d)
            };
            docs.retain(|d| used(&d.prov.doc));
        }
        let by_name: HashMap<&str, &DocumentRecord> =
            docs.iter().map(|d| (d.prov.doc.as_str(), *d)).collect();
        let reports: Vec<EventReport> = events
            .iter()
            .map(|e| EventReport::new((*e).clone(), by_name.get(e.prov.doc.as_str()).copied()))
            .collect();
        let clusters = cluster_events(&reports, &opts.clusters);
        let desk = match (&opts.kb, about.as_ref().and_then(|a| a.countries.first())) {
            (Some(kb), Some(country)) => {
                Some(desk_view(input, kb.clone(), country, &opts.clusters))
            }
            _ => None,
        };
        let sel = Selection {
            docs,
            quotes,
            silences,
            events,
            clusters,
            findings,
        };
        Model::from_selection(&sel, opts, input, desk.as_ref())
    }

    fn from_selection(
        sel: &Selection<'_>,
        opts: &BriefOptions,
        input: &BriefInput,
        desk: Option<&DeskView>,
    ) -> Model {
        let index: DocIndex = sel
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.prov.doc.as_str(), (i, *d)))
            .collect();
        let mut notes = Notes::default();
        let outlet = |p: &Prov| {
            index
                .get(p.doc.as_str())
                .and_then(|(_, d)| d.outlet.clone())
                .unwrap_or_else(|| p.doc.clone())
        };
        let mut sections = Vec::new();

        // Timeline: events with their own calendar date, oldest first; one
        // line per cluster, citing every report of it.
        let by_id: HashMap<&str, &EventRecord> = sel
            .events
            .iter()
            .map(|e| (e.prov.id.as_str(), *e))
            .collect();
        let mut dated: Vec<(&str, &EventCluster)> = sel
            .clusters
            .iter()
            .filter_map(|c| c.date.as_deref().and_then(iso_date).map(|d| (d, c)))
            .collect();
        // Where a cluster is first told in the brief's document order.
        let first_at = |c: &EventCluster| {
            c.reports
                .iter()
                .map(|r| (index.get(r.doc.as_str()).map(|d| d.0), r.span[0]))
                .min()
        };
        dated.sort_by_key(|(d, c)| (*d, first_at(c)));
        let timeline: Vec<Line> = dated
            .iter()
            .map(|(d, c)| {
                let mut l = vec![Seg::Plain(format!("{d} — "))];
                l.extend(cluster_segs(c));
                l.push(Seg::Plain(": ".into()));
                l.push(Seg::Text(c.evidence.clone()));
                l.extend(reach(c));
                notes.cite_cluster(&by_id, c, &mut l);
                l
            })
            .collect();
        sections.push(Section {
            title: "Timeline",
            groups: vec![(String::new(), timeline)],
        });

        // Statements grouped by resolved speaker: the same knowledge-base id
        // or the same normalized name is the same speaker.
        let mut groups: Vec<(String, Vec<&QuoteRecord>)> = Vec::new();
        let mut keys: HashMap<String, usize> = HashMap::new();
        for q in &sel.quotes {
            let name = q.speaker.clone().unwrap_or_else(|| "Unattributed".into());
            let id = q
                .speaker_id
                .as_deref()
                .filter(|i| !i.starts_with("local:"))
                .map(|i| format!("id:{i}"));
            let nk = format!("name:{}", norm(&name));
            let g = match id
                .as_ref()
                .and_then(|i| keys.get(i))
                .or_else(|| keys.get(&nk))
            {
                Some(&g) => g,
                None => {
                    groups.push((name, Vec::new()));
                    groups.len() - 1
                }
            };
            groups[g].1.push(q);
            keys.entry(nk).or_insert(g);
            if let Some(i) = id {
                keys.entry(i).or_insert(g);
            }
        }
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        let statements = groups
            .into_iter()
            .map(|(name, qs)| {
                let head = match qs.iter().find_map(|q| q.speaker_office.as_deref()) {
                    Some(o) => format!("{name} ({o}) — {}", plural(qs.len(), "statement")),
                    None => format!("{name} — {}", plural(qs.len(), "statement")),
                };
                let lines = qs
                    .iter()
                    .map(|q| {
                        let mut how = form_name(q.form).to_string();
                        if let Some(s) = q.stance.filter(|s| *s != demarche_core::Stance::Other) {
                            how.push_str(", ");
                            how.push_str(&stance_name(s));
                        }
                        let mut l = vec![Seg::Plain(format!(
                            "{} · {how} — ",
                            doc_date(index.get(q.prov.doc.as_str()))
                        ))];
                        l.push(match q.form {
                            QuoteForm::Indirect => Seg::Text(q.content.clone()),
                            _ => Seg::Quoted(q.content.clone()),
                        });
                        l.push(Seg::Plain(" (".into()));
                        l.push(Seg::Text(outlet(&q.prov)));
                        l.push(Seg::Plain(")".into()));
                        l.push(notes.cite(&q.prov));
                        l
                    })
                    .collect();
                (head, lines)
            })
            .collect();
        sections.push(Section {
            title: "Statements by speaker",
            groups: statements,
        });

        // Silences.
        let silences = sel
            .silences
            .iter()
            .map(|s| {
                let mut l = vec![Seg::Strong(
                    s.actor.clone().unwrap_or_else(|| "Unnamed actor".into()),
                )];
                if let Some(a) = &s.about {
                    l.push(Seg::Plain(": ".into()));
                    l.push(Seg::Text(a.clone()));
                }
                l.push(Seg::Plain(" — ".into()));
                l.push(Seg::Text(s.evidence.clone()));
                l.push(notes.cite(&s.prov));
                l
            })
            .collect();
        sections.push(Section {
            title: "Silences",
            groups: vec![(String::new(), silences)],
        });

        // Events by type, most frequent first, strongest examples.
        let mut by_type: BTreeMap<&str, Vec<&EventCluster>> = BTreeMap::new();
        for c in &sel.clusters {
            by_type.entry(c.event_type.as_str()).or_default().push(c);
        }
        let mut by_type: Vec<(&str, Vec<&EventCluster>)> = by_type.into_iter().collect();
        by_type.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        let events = by_type
            .into_iter()
            .map(|(t, mut cs)| {
                let n = cs.len();
                let reports: usize = cs.iter().map(|c| c.reports.len()).sum();
                cs.sort_by_key(|c| (strength(c), first_at(c)));
                let lines = cs
                    .iter()
                    .take(EXAMPLES_PER_TYPE)
                    .map(|c| {
                        let date = c
                            .date
                            .as_deref()
                            .and_then(iso_date)
                            .map(str::to_string)
                            .or_else(|| {
                                c.earliest_report()
                                    .map(|r| doc_date(index.get(r.doc.as_str())))
                            })
                            .unwrap_or_else(|| "undated".into());
                        let mut l = vec![Seg::Plain(format!("{date} — "))];
                        l.extend(cluster_segs(c));
                        l.push(Seg::Plain(": ".into()));
                        l.push(Seg::Text(c.evidence.clone()));
                        l.extend(reach(c));
                        notes.cite_cluster(&by_id, c, &mut l);
                        l
                    })
                    .collect();
                let head = if reports == n {
                    format!("{t} — {}", plural(n, "event"))
                } else {
                    format!(
                        "{t} — {} ({})",
                        plural(n, "event"),
                        plural(reports, "report")
                    )
                };
                (head, lines)
            })
            .collect();
        sections.push(Section {
            title: "Events",
            groups: events,
        });

        // Titles the knowledge base contradicts (only when there are any).
        if !sel.findings.is_empty() {
            let lines = sel
                .findings
                .iter()
                .map(|f| {
                    vec![
                        Seg::Strong(f.entity.clone()),
                        Seg::Plain(format!(" — {}: ", finding_name(f.finding))),
                        Seg::Text(f.evidence.clone()),
                        Seg::Plain(format!(" (as of {}; knowledge base: ", f.as_of)),
                        Seg::Text(f.kb_says.clone()),
                        Seg::Plain(")".into()),
                        notes.cite(&f.prov),
                    ]
                })
                .collect();
            sections.push(Section {
                title: "Titles to check",
                groups: vec![(String::new(), lines)],
            });
        }

        if let Some(d) = desk {
            desk_sections(d, input, &mut notes, &mut sections);
        }

        let sources: Vec<Source> = sel
            .docs
            .iter()
            .map(|d| Source {
                title: d.title.clone().unwrap_or_else(|| d.prov.doc.clone()),
                outlet: d.outlet.clone().unwrap_or_default(),
                date: doc_date(Some(&(0, *d))),
                words: d.words,
            })
            .collect();
        let notes = notes
            .list
            .iter()
            .map(|p| {
                let d = index.get(p.doc.as_str());
                Note {
                    title: d
                        .and_then(|(_, d)| d.title.clone())
                        .unwrap_or_else(|| p.doc.clone()),
                    outlet: d.and_then(|(_, d)| d.outlet.clone()).unwrap_or_default(),
                    date: doc_date(d),
                    sentence: p.sentence_text.clone(),
                }
            })
            .collect();
        Model {
            title: match &opts.about {
                Some(a) => format!("Brief: {}", a.trim()),
                None => "Brief".into(),
            },
            covers: covers(sel, opts),
            sources,
            sections,
            notes,
        }
    }
}

/// "N documents, FROM to TO[, since …][, about …]".
fn covers(sel: &Selection<'_>, opts: &BriefOptions) -> String {
    let dates: Vec<&str> = sel
        .docs
        .iter()
        .filter_map(|d| d.published.as_deref().and_then(iso_date))
        .collect();
    let mut s = plural(sel.docs.len(), "document");
    match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) if a == b => s.push_str(&format!(" published {a}")),
        (Some(a), Some(b)) => s.push_str(&format!(" published {a} to {b}")),
        _ => {}
    }
    if let Some(since) = &opts.since {
        s.push_str(&format!("; since {}", since.trim()));
    }
    if let Some(a) = &opts.about {
        s.push_str(&format!("; about {}", a.trim()));
    }
    let events = if sel.clusters.len() == sel.events.len() {
        plural(sel.events.len(), "event")
    } else {
        format!(
            "{} ({})",
            plural(sel.clusters.len(), "event"),
            plural(sel.events.len(), "report")
        )
    };
    s.push_str(&format!(
        "; {}, {}, {events}.",
        plural(sel.quotes.len(), "statement"),
        plural(sel.silences.len(), "silence"),
    ));
    s
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Sort key: asserted events with both sides and a date first, then the
/// most reported.
fn strength(c: &EventCluster) -> (bool, bool, bool, bool, std::cmp::Reverse<usize>) {
    (
        c.negated || c.hypothetical,
        c.historical,
        c.actor.is_none() || c.recipient.is_none(),
        c.date.as_deref().and_then(iso_date).is_none(),
        std::cmp::Reverse(c.reports.len()),
    )
}

/// " — 3 reports, 2 outlets, 2 sources" for an event told more than once.
fn reach(c: &EventCluster) -> Option<Seg> {
    (c.reports.len() > 1).then(|| {
        Seg::Plain(format!(
            " — {}, {}, {}",
            plural(c.reports.len(), "report"),
            plural(c.outlets, "outlet"),
            plural(c.sources, "source")
        ))
    })
}

/// The representative coding of a cluster, as [`event_segs`] writes a record.
fn cluster_segs(c: &EventCluster) -> Vec<Seg> {
    let e = EventRecord {
        prov: Prov {
            id: c.id.clone(),
            doc: String::new(),
            span: [0, 0],
            sentence: 0,
            sentence_text: String::new(),
        },
        evidence: c.evidence.clone(),
        event_type: c.event_type.clone(),
        mode: c.mode.clone(),
        context: None,
        actor: c.actor.clone(),
        actor_country: c.actor_country.clone(),
        recipient: c.recipient.clone(),
        recipient_country: c.recipient_country.clone(),
        actors: Vec::new(),
        recipients: Vec::new(),
        date: c.date.clone(),
        location: None,
        negated: c.negated,
        hypothetical: c.hypothetical,
        historical: c.historical,
        trigger: None,
        quote_id: None,
        codes: Default::default(),
    };
    event_segs(&e)
}

/// "Russia DISAPPROVE/criticize United States (negated)".
/// A finding kind in words.
fn finding_name(k: demarche_core::FindingKind) -> &'static str {
    use demarche_core::FindingKind::*;
    match k {
        FormerIncumbent => "called former while in office",
        TitleExpired => "a title held only before",
        TitleNotYet => "a title held only later",
        TitleNotInKb => "a title the knowledge base does not give",
    }
}

fn event_segs(e: &EventRecord) -> Vec<Seg> {
    let mut l = Vec::new();
    if let Some(a) = &e.actor {
        l.push(Seg::Strong(a.clone()));
        l.push(Seg::Plain(" ".into()));
    }
    let mut t = e.event_type.clone();
    if let Some(m) = &e.mode {
        t.push('/');
        t.push_str(m);
    }
    l.push(Seg::Text(t));
    if let Some(r) = &e.recipient {
        l.push(Seg::Plain(" ".into()));
        l.push(Seg::Strong(r.clone()));
    }
    let flags: Vec<&str> = [
        (e.negated, "negated"),
        (e.hypothetical, "hypothetical"),
        (e.historical, "historical"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, f)| *f)
    .collect();
    if !flags.is_empty() {
        l.push(Seg::Plain(format!(" ({})", flags.join(", "))));
    }
    l
}

fn form_name(f: QuoteForm) -> &'static str {
    match f {
        QuoteForm::Direct => "direct",
        QuoteForm::Indirect => "indirect",
        QuoteForm::Mixed => "mixed",
    }
}

/// The stance's serde name with spaces ("call for restraint").
fn stance_name(s: demarche_core::Stance) -> String {
    s.as_str().replace('_', " ")
}

#[cfg(test)]
mod tests;
