//! Store tests: round trips, filters, ordering, merging, error messages,
//! crash safety and throughput.

use super::*;
use demarche_core::*;

/// Builds records for a hand-made document.
struct Fixture {
    doc: Document,
    records: Vec<Record>,
    n: usize,
}

impl Fixture {
    fn new(name: &str, text: &str, published: Option<&str>, outlet: &str) -> Fixture {
        let mut doc = Document::new(name, text);
        doc.hash = sha256_hex(text);
        let drec = DocumentRecord {
            prov: Prov {
                id: format!("d-{}", &doc.hash[..16]),
                doc: name.into(),
                span: [0, text.chars().count()],
                sentence: 0,
                sentence_text: String::new(),
            },
            title: Some(format!("Title of {name}")),
            published: published.map(str::to_string),
            outlet: Some(outlet.into()),
            byline: None,
            url: None,
            source: format!("/tmp/{name}"),
            format: "txt".into(),
            hash: doc.hash.clone(),
            words: text.split_whitespace().count(),
            found: Default::default(),
            warnings: vec![],
            text: None,
        };
        Fixture {
            doc,
            records: vec![Record::Document(drec)],
            n: 0,
        }
    }

    fn prov(&mut self, kind: &str, start: usize) -> Prov {
        self.n += 1;
        Prov {
            id: format!("{}-{}-{}", &kind[..1], &self.doc.hash[..8], self.n),
            doc: self.doc.id.clone(),
            span: [start, start + 10],
            sentence: start / 100,
            sentence_text: format!("Sentence at {start} of {}.", self.doc.id),
        }
    }

    fn quote(
        &mut self,
        start: usize,
        speaker: &str,
        id: Option<&str>,
        text: &str,
        content: &str,
    ) -> &mut Self {
        let prov = self.prov("quote", start);
        self.records.push(Record::Quote(QuoteRecord {
            prov,
            content: content.into(),
            speaker: Some(speaker.into()),
            speaker_id: id.map(str::to_string),
            speaker_text: Some(text.into()),
            speaker_office: None,
            speaker_country: Some("RUS".into()),
            cue: Some("said".into()),
            form: QuoteForm::Direct,
            to: None,
            stance: None,
        }));
        self
    }

    fn event(
        &mut self,
        start: usize,
        etype: &str,
        actor: &str,
        recipient: &str,
        date: Option<&str>,
    ) -> &mut Self {
        let prov = self.prov("event", start);
        let p = |n: &str| ParticipantRecord {
            name: n.into(),
            id: Some(format!("kb:{}", n.to_lowercase().replace(' ', "-"))),
            country: None,
            sector: None,
            inferred: false,
        };
        self.records.push(Record::Event(EventRecord {
            prov,
            evidence: format!("{actor} and {recipient}"),
            event_type: etype.into(),
            mode: None,
            context: None,
            actor: Some(actor.into()),
            actor_country: Some("RUS".into()),
            recipient: Some(recipient.into()),
            recipient_country: Some("USA".into()),
            actors: vec![p(actor)],
            recipients: vec![p(recipient)],
            date: date.map(str::to_string),
            location: None,
            negated: false,
            hypothetical: false,
            historical: false,
            trigger: None,
            quote_id: None,
            codes: EventCodes::default(),
        }));
        self
    }

    fn entity(
        &mut self,
        start: usize,
        name: &str,
        kb: Option<&str>,
        aliases: &[&str],
        mentions: usize,
    ) -> &mut Self {
        let prov = self.prov("entity", start);
        self.records.push(Record::Entity(EntityRecord {
            prov,
            name: name.into(),
            etype: EntityType::Person,
            country: Some("RUS".into()),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            kb_id: Some(kb.map(str::to_string).unwrap_or_else(|| {
                entity_key(&Entity {
                    name: name.into(),
                    etype: EntityType::Person,
                    country: None,
                    kb_id: None,
                    sector: None,
                    office: None,
                })
            })),
            sector: None,
            office: None,
            mentions: vec![[start, start + 5]; mentions],
        }));
        self
    }

    fn silence(&mut self, start: usize, actor: &str) -> &mut Self {
        let prov = self.prov("silence", start);
        self.records.push(Record::Silence(SilenceRecord {
            prov,
            actor: Some(actor.into()),
            actor_id: None,
            actor_text: Some(actor.into()),
            actor_country: None,
            about: Some("the talks".into()),
            evidence: format!("{actor} did not comment."),
        }));
        self
    }

    fn time(&mut self, start: usize, value: &str) -> &mut Self {
        let prov = self.prov("time", start);
        self.records.push(Record::Time(TimeRecord {
            prov,
            text: "Tuesday".into(),
            ttype: TimeType::Date,
            value: value.into(),
        }));
        self
    }

    fn put(&self, s: &mut Store) -> Outcome {
        s.put(&self.doc, &self.records).expect("put")
    }
}

fn sample() -> Vec<Fixture> {
    let mut a = Fixture::new(
        "a.txt",
        "First invented article about the talks.",
        Some("2026-01-05"),
        "Wire One",
    );
    a.quote(
        120,
        "Dmitry Medvedev",
        Some("Q1"),
        "Medvedev",
        "We will respond",
    )
    .event(
        300,
        "DISAPPROVE",
        "Russia",
        "United States",
        Some("2026-01-03"),
    )
    .entity(110, "Dmitry Medvedev", Some("Q1"), &["Medvedev"], 2)
    .entity(500, "Julian Waller", None, &[], 1)
    .silence(400, "Vladimir Putin")
    .time(50, "2026-01-03");
    let mut b = Fixture::new(
        "b.txt",
        "Second invented article, published later.",
        Some("2026-01-08T09:30:00Z"),
        "Daily Two",
    );
    b.quote(
        20,
        "Dmitry Medvedev",
        Some("Q1"),
        "the former president",
        "Nothing has changed",
    )
    .quote(10, "Sergei Ryabkov", None, "Ryabkov", "Talks are possible")
    .event(
        200,
        "ACCUSE",
        "Russian Foreign Ministry",
        "United States",
        Some("PAST_REF"),
    )
    .event(250, "CONSULT", "Russia", "Venezuela", Some("2026-01"))
    .entity(
        5,
        "Dmitry Medvedev",
        Some("Q1"),
        &["the former president", "MEDVEDEV"],
        3,
    )
    .time(30, "P4Y");
    let mut c = Fixture::new(
        "c.txt",
        "Third invented article with no date.",
        None,
        "Blog",
    );
    c.entity(0, "Waller", None, &[], 1)
        .quote(0, "Waller", None, "Waller", "It is unclear");
    vec![a, b, c]
}

fn loaded(mut s: Store) -> Store {
    for f in sample() {
        assert_eq!(f.put(&mut s), Outcome::Inserted);
    }
    s
}

fn doc_names<T>(v: &[T], prov: impl Fn(&T) -> &Prov) -> Vec<String> {
    v.iter().map(|r| prov(r).doc.clone()).collect()
}

both!(put_round_trips_and_deduplicates);
fn put_round_trips_and_deduplicates(s: Store) {
    let mut s = s;
    let fx = sample();
    assert_eq!(fx[0].put(&mut s), Outcome::Inserted);
    assert_eq!(fx[0].put(&mut s), Outcome::Duplicate);
    let quotes = s.quotes(&Filter::default()).expect("quotes");
    assert_eq!(quotes.len(), 1);
    assert_eq!(Record::Quote(quotes[0].clone()), fx[0].records[1]);
    let docs = s.documents(&Filter::default()).expect("docs");
    assert_eq!(Record::Document(docs[0].clone()), fx[0].records[0]);
    assert_eq!(
        s.text(&fx[0].doc.hash).expect("text").as_deref(),
        Some(fx[0].doc.text.as_str())
    );
    assert_eq!(s.text("nope").expect("text"), None);
    let outcomes = s
        .put_many(fx.iter().map(|f| (&f.doc, f.records.as_slice())))
        .expect("put_many");
    assert_eq!(
        outcomes,
        vec![Outcome::Duplicate, Outcome::Inserted, Outcome::Inserted]
    );
    let st = s.stats().expect("stats");
    assert_eq!(st.counts["document"], 3);
    assert_eq!(st.counts["quote"], 4);
    assert_eq!(st.counts["event"], 3);
    assert_eq!(st.counts["entity"], 4);
    assert_eq!(st.counts["silence"], 1);
    assert_eq!(st.counts["time"], 2);
    assert!(st.words > 10);
}

both!(put_without_document_record_builds_one);
fn put_without_document_record_builds_one(s: Store) {
    let mut s = s;
    let mut d = Document::new("bare.txt", "Just a text.");
    d.hash = sha256_hex(&d.text);
    assert_eq!(s.put(&d, &[]).expect("put"), Outcome::Inserted);
    let got = s
        .document_by_id("bare.txt")
        .expect("query")
        .expect("stored");
    assert_eq!(got.hash, d.hash);
}

both!(speaker_filters_match_names_ids_and_text_by_whole_words);
fn speaker_filters_match_names_ids_and_text_by_whole_words(s: Store) {
    let s = loaded(s);
    let f = |sp: &str| Filter {
        speaker: Some(sp.into()),
        ..Filter::default()
    };
    let docs = |sp: &str| doc_names(&s.quotes(&f(sp)).expect("q"), |q| &q.prov);
    assert_eq!(docs("medvedev"), ["a.txt", "b.txt"]);
    assert_eq!(docs("Dmitry Medvedev"), ["a.txt", "b.txt"]);
    assert_eq!(docs("q1"), ["a.txt", "b.txt"]);
    assert_eq!(docs("former president"), ["b.txt"]);
    assert!(docs("Medved").is_empty());
    assert_eq!(docs("waller"), ["c.txt"]);
    // Country filter.
    let rus = s
        .quotes(&Filter {
            country: Some("rus".into()),
            ..Filter::default()
        })
        .expect("q");
    assert_eq!(rus.len(), 4);
}

both!(event_filters_on_actor_recipient_and_type);
fn event_filters_on_actor_recipient_and_type(s: Store) {
    let s = loaded(s);
    let ev = |f: Filter| {
        s.events(&f)
            .expect("events")
            .iter()
            .map(|e| e.event_type.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ev(Filter {
            actor: Some("russia".into()),
            ..Filter::default()
        }),
        ["DISAPPROVE", "CONSULT"]
    );
    assert_eq!(
        ev(Filter {
            actor: Some("foreign ministry".into()),
            ..Filter::default()
        }),
        ["ACCUSE"]
    );
    assert_eq!(
        ev(Filter {
            recipient: Some("kb:venezuela".into()),
            ..Filter::default()
        }),
        ["CONSULT"]
    );
    assert_eq!(
        ev(Filter {
            event_type: Some("accuse".into()),
            ..Filter::default()
        }),
        ["ACCUSE"]
    );
    assert_eq!(
        ev(Filter {
            recipient: Some("United States".into()),
            limit: Some(1),
            ..Filter::default()
        }),
        ["DISAPPROVE"]
    );
    let silent = s
        .silences(&Filter {
            actor: Some("putin".into()),
            ..Filter::default()
        })
        .expect("silences");
    assert_eq!(silent.len(), 1);
}

both!(events_stream_with_their_document_citation);
fn events_stream_with_their_document_citation(s: Store) {
    let s = loaded(s);
    let mut seen = Vec::new();
    s.for_each_event(&Filter::default(), |e, c| -> Result<(), StoreError> {
        seen.push((e.event_type, c.doc.clone(), c.outlet.clone()));
        assert_eq!(c.ingested_at.len(), 20, "{}", c.ingested_at);
        Ok(())
    })
    .expect("stream");
    let all: Vec<String> = s
        .events(&Filter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect();
    assert_eq!(seen.iter().map(|x| x.0.clone()).collect::<Vec<_>>(), all);
    assert_eq!(seen[0].1, "a.txt");
    assert_eq!(seen[0].2.as_deref(), Some("Wire One"));
    assert_eq!(seen[1].2.as_deref(), Some("Daily Two"));

    // Filters as in `events`; the callback's error stops the stream.
    let mut n = 0;
    let r = s.for_each_event(
        &Filter {
            actor: Some("russia".into()),
            ..Filter::default()
        },
        |_, _| {
            n += 1;
            Err(StoreError::Other("stop".into()))
        },
    );
    assert!(r.is_err());
    assert_eq!(n, 1);
}

#[test]
fn event_records_without_codes_still_load() {
    // An event as stored before the CAMEO codes existed.
    let old = r#"{"kind":"event","id":"e-1","doc":"a.txt","span":[0,5],"sentence":0,
        "evidence":"x","event_type":"ACCUSE","mode":null,"context":null,"actor":null,
        "actor_country":null,"recipient":null,"recipient_country":null,"actors":[],
        "recipients":[],"date":null,"location":null,"negated":false,"hypothetical":false,
        "historical":false,"trigger":null,"quote_id":null}"#;
    let Record::Event(e) = serde_json::from_str::<Record>(old).unwrap() else {
        panic!("not an event");
    };
    assert_eq!(e.codes, EventCodes::default());
    let mut e2 = e.clone();
    e2.codes.cameo = Some("111".into());
    e2.codes.goldstein = Some(-2.0);
    let json = serde_json::to_string(&Record::Event(e2.clone())).unwrap();
    assert!(json.contains(r#""cameo":"111""#) && json.contains(r#""goldstein":-2.0"#));
    assert!(!json.contains("quad_class"));
    assert_eq!(
        serde_json::from_str::<Record>(&json).unwrap(),
        Record::Event(e2)
    );
}

both!(date_filters_use_record_dates_then_published);
fn date_filters_use_record_dates_then_published(s: Store) {
    let s = loaded(s);
    let ev = |since: Option<&str>, until: Option<&str>| {
        let f = Filter {
            since: since.map(str::to_string),
            until: until.map(str::to_string),
            ..Filter::default()
        };
        s.events(&f)
            .expect("events")
            .iter()
            .map(|e| e.event_type.clone())
            .collect::<Vec<_>>()
    };
    // DISAPPROVE 2026-01-03, ACCUSE undated in a doc of 2026-01-08, CONSULT 2026-01.
    assert_eq!(ev(Some("2026-01-04"), None), ["ACCUSE", "CONSULT"]);
    assert_eq!(ev(None, Some("2026-01-03")), ["DISAPPROVE", "CONSULT"]);
    assert_eq!(
        ev(Some("2026-01-08"), Some("2026-01-08")),
        ["ACCUSE", "CONSULT"]
    );
    assert_eq!(ev(Some("2026-02-01"), None), Vec::<String>::new());
    // Documents by published date; undated documents fail any date bound.
    let docs = s
        .documents(&Filter {
            since: Some("2026-01-06".into()),
            ..Filter::default()
        })
        .expect("docs");
    assert_eq!(doc_names(&docs, |d| &d.prov), ["b.txt"]);
    // Quotes take their document's date.
    let q = s
        .quotes(&Filter {
            until: Some("2026-01-05".into()),
            ..Filter::default()
        })
        .expect("q");
    assert_eq!(doc_names(&q, |d| &d.prov), ["a.txt"]);
}

both!(doc_filter_and_document_queries);
fn doc_filter_and_document_queries(s: Store) {
    let s = loaded(s);
    let hash = sha256_hex("Second invented article, published later.");
    for key in ["b.txt", &hash[..8], &hash] {
        let q = s
            .quotes(&Filter {
                doc: Some(key.to_string()),
                ..Filter::default()
            })
            .expect("q");
        assert_eq!(q.len(), 2, "{key}");
    }
    // Stable order: by span start within a document.
    let q = s
        .quotes(&Filter {
            doc: Some("b.txt".into()),
            ..Filter::default()
        })
        .expect("q");
    assert_eq!(q[0].speaker.as_deref(), Some("Sergei Ryabkov"));
    // Documents: published order, undated last; agent filters need a record.
    let all = s.documents(&Filter::default()).expect("docs");
    assert_eq!(doc_names(&all, |d| &d.prov), ["a.txt", "b.txt", "c.txt"]);
    let with = s
        .documents(&Filter {
            speaker: Some("Ryabkov".into()),
            ..Filter::default()
        })
        .expect("docs");
    assert_eq!(doc_names(&with, |d| &d.prov), ["b.txt"]);
    assert_eq!(
        s.document_by_id(&hash).expect("q").map(|d| d.prov.doc),
        Some("b.txt".into())
    );
    assert_eq!(s.document_by_id("zzz").expect("q"), None);
    assert_eq!(s.records(&Filter::default()).expect("all").len(), 14);
    assert_eq!(s.times(&Filter::default()).expect("times").len(), 2);
}

both!(timeline_orders_by_effective_date);
fn timeline_orders_by_effective_date(s: Store) {
    let s = loaded(s);
    let t = s.timeline(&Filter::default()).expect("timeline");
    let line: Vec<(String, &str, DateSource)> = t
        .iter()
        .map(|e| {
            let what = match &e.record {
                Record::Event(ev) => ev.event_type.as_str(),
                Record::Quote(q) => q.content.as_str(),
                _ => "?",
            };
            (e.date.clone(), what, e.date_source)
        })
        .collect();
    assert_eq!(
        line,
        vec![
            ("2026-01".to_string(), "CONSULT", DateSource::Record),
            ("2026-01-03".to_string(), "DISAPPROVE", DateSource::Record),
            (
                "2026-01-05".to_string(),
                "We will respond",
                DateSource::Published
            ),
            (
                "2026-01-08".to_string(),
                "Talks are possible",
                DateSource::Published
            ),
            (
                "2026-01-08".to_string(),
                "Nothing has changed",
                DateSource::Published
            ),
            ("2026-01-08".to_string(), "ACCUSE", DateSource::Published),
        ]
    );
    assert_eq!(t[0].outlet.as_deref(), Some("Daily Two"));
    assert_eq!(t[0].title.as_deref(), Some("Title of b.txt"));
}

fn db_path(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("store.db")
}

#[test]
fn file_store_persists_and_reopens() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    {
        let mut s = Store::open(&p).expect("create");
        for f in sample() {
            f.put(&mut s);
        }
    }
    let s = Store::open_read_only(&p).expect("reopen");
    assert_eq!(s.stats().expect("stats").counts["quote"], 4);
    let mode: String = s
        .lite()
        .expect("sqlite")
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(mode, "wal");
    let mut w = Store::open(&p).expect("reopen rw");
    assert_eq!(sample()[0].put(&mut w), Outcome::Duplicate);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    drop(Store::open(&p).expect("create"));
    let c = rusqlite::Connection::open(&p).expect("raw");
    c.execute_batch("PRAGMA user_version = 99").expect("bump");
    drop(c);
    let e = Store::open(&p).err().expect("must fail").to_string();
    let known = schema::current_version();
    assert_eq!(
        e,
        format!(
            "{}: database schema version 99 is newer than this demarche ({known}); upgrade demarche",
            p.display()
        )
    );
    assert!(Store::open_read_only(&p).is_err());
}

#[test]
fn non_databases_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("notes.txt");
    std::fs::write(
        &p,
        "This is a plain text file, long enough to have a header page.\n".repeat(40),
    )
    .expect("write");
    let e = Store::open(&p).err().expect("must fail").to_string();
    assert!(
        e.starts_with(&format!("{}: not a demarche database (", p.display())),
        "{e}"
    );
    let e = Store::open_read_only(&p)
        .err()
        .expect("must fail")
        .to_string();
    assert!(e.contains("not a demarche database"), "{e}");
    // An SQLite file of another program.
    let other = dir.path().join("other.db");
    let c = rusqlite::Connection::open(&other).expect("raw");
    c.execute_batch("CREATE TABLE t (x)").expect("create");
    drop(c);
    let e = Store::open(&other).err().expect("must fail").to_string();
    assert!(
        e.contains("not a demarche database (an SQLite database with other tables)"),
        "{e}"
    );
    // Missing directory, directory, missing file read-only.
    let e = Store::open(dir.path().join("no/such/dir.db"))
        .err()
        .expect("must fail")
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
    let e = Store::open(dir.path())
        .err()
        .expect("must fail")
        .to_string();
    assert!(e.ends_with(": is a directory"), "{e}");
    let e = Store::open_read_only(dir.path().join("missing.db"))
        .err()
        .expect("must fail")
        .to_string();
    assert!(e.ends_with("missing.db: no such database"), "{e}");
}

#[test]
fn read_only_store_refuses_writes_cleanly() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    {
        let mut s = Store::open(&p).expect("create");
        sample()[0].put(&mut s);
    }
    let mut s = Store::open_read_only(&p).expect("open ro");
    let fx = &sample()[1];
    let e = s.put(&fx.doc, &fx.records).expect_err("must fail");
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("{}: database is read-only (", p.display())),
        "{msg}"
    );
    assert!(!msg.contains('\n'));
    // Nothing was written and the store still answers.
    assert_eq!(s.stats().expect("stats").counts["document"], 1);
}

#[test]
fn locked_database_fails_after_the_busy_timeout() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    drop(Store::open(&p).expect("create"));
    let holder = rusqlite::Connection::open(&p).expect("raw");
    holder
        .execute_batch("BEGIN EXCLUSIVE; CREATE TABLE scratch (x);")
        .expect("lock");
    let opts = OpenOptions {
        busy_timeout: Duration::from_millis(50),
        ..OpenOptions::default()
    };
    let started = std::time::Instant::now();
    let mut s = Store::open_with(&p, &opts).expect("open while locked: reading works in WAL");
    let fx = &sample()[0];
    let e = s.put(&fx.doc, &fx.records).expect_err("must fail");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: database is locked by another process (waited 50 ms)",
            p.display()
        )
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    holder.execute_batch("ROLLBACK").expect("unlock");
    assert_eq!(s.put(&fx.doc, &fx.records).expect("put"), Outcome::Inserted);
}

/// A document of `n` records (entities, times, quotes, silences, events in
/// proportion), for throughput and crash tests.
/// `s` holds as many records of each kind as a store written one fixture at
/// a time.
fn assert_counts_as_one_by_one<'f>(s: &Store, fs: impl Iterator<Item = &'f Fixture>) {
    let mut one = Store::open_in_memory().expect("store");
    for f in fs {
        f.put(&mut one);
    }
    assert_eq!(
        one.stats().expect("stats").counts,
        s.stats().expect("stats").counts
    );
}

/// Fixtures as a batch for `Store::put_batch`.
fn batch_of(fs: &[Fixture]) -> Vec<(&Document, &[Record])> {
    fs.iter().map(|f| (&f.doc, f.records.as_slice())).collect()
}

fn synthetic(i: usize, n: usize) -> Fixture {
    let mut text =
        format!("Synthetic article number {i} about negotiations between two invented states.");
    // long enough for every record's span to lie in the text
    while text.len() < n * 37 + 10 {
        text.push_str(" Talks went on.");
    }
    let day = 1 + i % 28;
    let mut f = Fixture::new(
        &format!("syn-{i}.txt"),
        &text,
        Some(&format!("2026-02-{day:02}")),
        "Wire",
    );
    for k in 0..n {
        let start = k * 37;
        match k % 10 {
            0 | 1 => {
                f.entity(start, &format!("Person {}", k % 13), None, &["P"], 2);
            }
            2 | 3 => {
                f.time(start, "2026-02-03");
            }
            4..=6 => {
                f.quote(
                    start,
                    "Ana Petrova",
                    Some("Q9"),
                    "the envoy",
                    "Talks will resume next week, officials said",
                );
            }
            7 => {
                f.silence(start, "Ministry of Trade");
            }
            _ => {
                f.event(
                    start,
                    "CONSULT",
                    "Ruritania",
                    "Freedonia",
                    Some("2026-02-02"),
                );
            }
        }
    }
    f
}

const CHILD_ENV: &str = "DEMARCHE_STORE_CRASH_DB";
const CRASH_RECORDS: usize = 50;

/// The child of [`crash_leaves_every_committed_document`]: writes until killed.
#[test]
#[ignore = "child process of crash_leaves_every_committed_document"]
fn crash_child() {
    let Some(p) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let mut s = Store::open(Path::new(&p)).expect("child open");
    for i in 0.. {
        assert_eq!(synthetic(i, CRASH_RECORDS).put(&mut s), Outcome::Inserted);
    }
}

#[test]
fn crash_leaves_every_committed_document() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    let exe = std::env::current_exe().expect("exe");
    let mut child = std::process::Command::new(exe)
        .args(["--exact", "tests::crash_child", "--ignored", "--nocapture"])
        .env(CHILD_ENV, &p)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // Wait until the child has committed a few documents, then kill it mid-write.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let n = Store::open_read_only(&p)
            .and_then(|s| s.stats())
            .map(|st| st.counts["document"])
            .unwrap_or(0);
        if n >= 20 || std::time::Instant::now() > deadline {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(7));
    child.kill().expect("kill");
    child.wait().expect("wait");
    let mut s = Store::open(&p).expect("reopen after crash");
    let ok: String = s
        .lite()
        .expect("sqlite")
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
    let docs = s.documents(&Filter::default()).expect("docs");
    assert!(docs.len() >= 20, "{} documents", docs.len());
    for d in &docs {
        let recs = s
            .records(&Filter {
                doc: Some(d.prov.doc.clone()),
                ..Filter::default()
            })
            .expect("records");
        assert_eq!(recs.len(), CRASH_RECORDS, "{}", d.prov.doc);
        assert!(s.text(&d.hash).expect("text").is_some());
    }
    // The store takes writes again.
    assert_eq!(synthetic(100_000, 5).put(&mut s), Outcome::Inserted);
}

/// Stores three synthetic documents and checks the audit finds them whole
/// (both backends' audit tests start so, before damaging the store).
fn three_whole_documents(s: &mut Store) {
    for i in 0..3 {
        assert_eq!(synthetic(i, 20).put(s), Outcome::Inserted);
    }
    let a = s.audit().expect("audit");
    assert!(a.is_whole(), "{:?}", a.problems);
    assert_eq!(a.documents.len(), 3);
    assert!(a.documents.values().all(|d| d.records == 20 && d.edges > 0));
}

#[test]
fn audit_passes_a_whole_store_and_finds_half_written_documents() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    let mut s = Store::open(&p).expect("open");
    three_whole_documents(&mut s);
    // Half-written on purpose: a document's text and records without it,
    // and a count out of step.
    s.lite()
        .expect("sqlite")
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             DELETE FROM documents WHERE doc = 'syn-1.txt';
             UPDATE kind_counts SET n = n + 1 WHERE kind = 'quote';",
        )
        .expect("break");
    let a = s.audit().expect("audit");
    assert!(!a.is_whole());
    let all = a.problems.join("\n");
    assert!(all.contains("has no document"), "{all}");
    assert!(all.contains("records without a stored document"), "{all}");
    assert!(
        all.contains("network rows without a stored document"),
        "{all}"
    );
    assert!(all.contains("kind_counts out of step: quote"), "{all}");
    assert!(all.contains("foreign key check"), "{all}");
}

#[test]
fn a_full_disk_fails_the_document_whole_and_keeps_the_rest() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    let mut s = Store::open(&p).expect("open");
    for i in 0..3 {
        assert_eq!(synthetic(i, 20).put(&mut s), Outcome::Inserted);
    }
    let before = s.audit().expect("audit").documents;
    // No room for one more page: the next document cannot fit.
    s.set_max_bytes(0).expect("limit");
    let big = synthetic(99, 2000);
    let e = s.put(&big.doc, &big.records).expect_err("must not fit");
    assert!(matches!(e, StoreError::Full { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.starts_with(&p.display().to_string()), "{msg}");
    assert!(msg.contains("database or disk is full"), "{msg}");
    let a = s.audit().expect("audit");
    assert!(a.is_whole(), "{:?}", a.problems);
    assert_eq!(a.documents, before);
    drop(s);
    // Reopened without the limit, the same document goes in whole.
    let mut s = Store::open(&p).expect("reopen");
    assert_eq!(
        s.put(&big.doc, &big.records).expect("put"),
        Outcome::Inserted
    );
    let a = s.audit().expect("audit");
    assert!(a.is_whole(), "{:?}", a.problems);
    assert_eq!(a.documents.len(), 4);
    // A limit given when opening works the same.
    let opts = OpenOptions {
        max_bytes: Some(0),
        ..OpenOptions::default()
    };
    let mut s = Store::open_with(&p, &opts).expect("open limited");
    let e = synthetic(100, 2000);
    assert!(matches!(
        s.put(&e.doc, &e.records),
        Err(StoreError::Full { .. })
    ));
}

/// Throughput: `cargo test --release -p demarche-store -- --ignored --nocapture put_throughput`
/// (`MEM=1`: in memory; `PG=1`: on `$DEMARCHE_TEST_POSTGRES`).
#[test]
#[ignore = "benchmark; run in release"]
fn put_throughput() {
    let dir = tempfile::tempdir().expect("tmp");
    let pg = std::env::var_os("PG").and_then(|_| crate::testing::PgSchema::new("put_throughput"));
    let mut s = if let Some(pg) = &pg {
        pg.open()
    } else if std::env::var_os("MEM").is_some() {
        Store::open_in_memory().expect("create")
    } else {
        Store::open(db_path(&dir)).expect("create")
    };
    let docs: Vec<Fixture> = (0..3000).map(|i| synthetic(i, 100)).collect();
    let t = std::time::Instant::now();
    for d in &docs {
        assert_eq!(d.put(&mut s), Outcome::Inserted);
    }
    let secs = t.elapsed().as_secs_f64();
    let rate = docs.len() as f64 / secs;
    println!(
        "put: {} documents × 100 records in {secs:.2} s = {rate:.0} documents/s",
        docs.len()
    );
    let t = std::time::Instant::now();
    let q = s
        .quotes(&Filter {
            speaker: Some("petrova".into()),
            since: Some("2026-02-10".into()),
            ..Filter::default()
        })
        .expect("q");
    println!(
        "query: {} quotes in {:.3} s",
        q.len(),
        t.elapsed().as_secs_f64()
    );
    assert!(rate > 200.0, "{rate:.0} documents/s");
}

/// A fixture with a text long enough to search, an event with a
/// QuadClass, and a quote with a stance.
fn browsable() -> Vec<Fixture> {
    let mut a = Fixture::new(
        "border.txt",
        "Lima protested to Santiago over the fishing patrol. The ministry summoned the envoy.",
        Some("2026-02-10"),
        "Andes Wire",
    );
    a.event(0, "DISAPPROVE", "Peru", "Chile", None).quote(
        20,
        "Ana Torres",
        None,
        "Torres",
        "We reject the patrol",
    );
    for r in a.records.iter_mut() {
        match r {
            Record::Event(e) => e.codes.quad_class = Some(3),
            Record::Quote(q) => q.stance = Some(Stance::Condemn),
            _ => {}
        }
    }
    let mut b = Fixture::new(
        "aid.txt",
        "Quito sent aid to Lima after the floods along the coast.",
        Some("2026-03-01"),
        "Coast Daily",
    );
    b.event(0, "AID", "Ecuador", "Peru", Some("2026-02-27"));
    for r in b.records.iter_mut() {
        if let Record::Event(e) = r {
            e.codes.quad_class = Some(2);
        }
    }
    vec![a, b]
}

both!(browse_pages_search_edges_and_counts);
fn browse_pages_search_edges_and_counts(s: Store) {
    let mut s = s;
    for f in sample().into_iter().chain(browsable()) {
        f.put(&mut s);
    }
    let stats = s.stats().expect("stats");
    assert_eq!(stats.counts["document"], 5);
    assert_eq!(stats.counts["quote"], 5);
    assert_eq!(stats.counts["event"], 5);
    // Newest first, paged with `more`.
    let f = Filter {
        limit: Some(2),
        ..Filter::default()
    };
    let p = s.record_page(&["event"], &f).expect("page");
    assert_eq!(p.items.len(), 2);
    assert!(p.more);
    assert_eq!(p.items[0].document.doc, "aid.txt");
    assert_eq!(p.items[1].document.doc, "border.txt");
    let rest = s
        .record_page(
            &["event"],
            &Filter {
                offset: Some(4),
                ..f.clone()
            },
        )
        .expect("page");
    assert_eq!(rest.items.len(), 1);
    assert!(!rest.more);
    // The stance filter reads the stance column.
    let condemn = s
        .record_page(
            &["quote"],
            &Filter {
                stance: Some("condemn".into()),
                ..Filter::default()
            },
        )
        .expect("stance");
    assert_eq!(condemn.items.len(), 1);
    assert_eq!(
        condemn.items[0].document.title.as_deref(),
        Some("Title of border.txt")
    );
    // One record by id, with its document.
    let id = condemn.items[0].record.prov().id.clone();
    let one = s.record_by_id(&id).expect("id").expect("found");
    assert_eq!(one.document.outlet.as_deref(), Some("Andes Wire"));
    assert!(s.record_by_id("q-none").expect("id").is_none());
    // Full-text search: snippets and character spans of the hits.
    let hits = s
        .search("patrol", &Filter::default())
        .expect("search")
        .expect("words");
    assert_eq!(hits.items.len(), 1);
    let h = &hits.items[0];
    assert_eq!(h.document.prov.doc, "border.txt");
    let spans: Vec<String> = h
        .hits
        .iter()
        .map(|[a, b]| h.text.chars().skip(*a).take(b - a).collect())
        .collect();
    assert_eq!(spans, ["patrol"]);
    assert!(h.snippet.iter().any(|f| f.hit && f.text == "patrol"));
    assert!(s
        .search("\"summoned the envoy\"", &Filter::default())
        .expect("s")
        .is_some_and(|p| p.items.len() == 1));
    assert!(s
        .search("envoy floods", &Filter::default())
        .expect("s")
        .is_some_and(|p| p.items.is_empty()));
    assert!(s.search("--", &Filter::default()).expect("s").is_none());
    // Network pairs, newest first, and one pair's records by class.
    let edges = s.edges(&Filter::default()).expect("edges");
    let pairs: Vec<(&str, &str, Option<u8>)> = edges
        .iter()
        .map(|e| (e.actor.as_str(), e.recipient.as_str(), e.quad_class))
        .take(2)
        .collect();
    assert_eq!(
        pairs,
        [("Ecuador", "Peru", Some(2)), ("Peru", "Chile", Some(3))]
    );
    let conflict = s
        .edge_page(
            "kb:peru",
            "kb:chile",
            Some(EdgeClass::Conflict),
            &Filter::default(),
        )
        .expect("edge");
    assert_eq!(conflict.items.len(), 1);
    let coop = s
        .edge_page(
            "kb:peru",
            "kb:chile",
            Some(EdgeClass::Cooperation),
            &Filter::default(),
        )
        .expect("edge");
    assert!(coop.items.is_empty());
    // Timeline in day order, both directions.
    let t = s.timeline_page(&Filter::default(), false).expect("t");
    let days: Vec<String> = t.items.iter().map(|l| l.document.doc.clone()).collect();
    // b.txt's "2026-01" event sorts before a.txt's 2026-01-03 one.
    assert_eq!(
        days[..3],
        ["b.txt".to_string(), "a.txt".into(), "a.txt".into()]
    );
    let newest = s.timeline_page(&Filter::default(), true).expect("t");
    assert_eq!(newest.items[0].document.doc, "aid.txt");
    // Documents newest first; a document's records in text order.
    let docs = s.document_page(&Filter::default()).expect("docs");
    assert_eq!(docs.items[0].prov.doc, "aid.txt");
    let recs = s.document_records(&docs.items[1].hash).expect("recs");
    assert_eq!(recs.len(), 2);
    assert!(recs
        .windows(2)
        .all(|w| w[0].prov().span[0] <= w[1].prov().span[0]));
}

/// Writes a fixture the way schema version 1 did (no day, stance, edges,
/// counts or search index).
fn put_v1(c: &rusqlite::Connection, f: &Fixture) {
    let Some(Record::Document(d)) = f.records.first() else {
        panic!("fixture without document")
    };
    c.execute(
        "INSERT INTO documents (id, doc, hash, title, published, outlet, source, format, words, json, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'txt', 1, ?8, '2026-01-01T00:00:00Z')",
        rusqlite::params![
            d.prov.id,
            d.prov.doc,
            f.doc.hash,
            d.title,
            d.published,
            d.outlet,
            d.source,
            serde_json::to_string(d).expect("json")
        ],
    )
    .expect("doc");
    c.execute(
        "INSERT INTO texts (hash, text) VALUES (?1, ?2)",
        rusqlite::params![f.doc.hash, f.doc.text],
    )
    .expect("text");
    for r in &f.records[1..] {
        let p = r.prov();
        let (date, etype) = match r {
            Record::Event(e) => (e.date.clone(), Some(e.event_type.clone())),
            _ => (None, None),
        };
        c.execute(
            "INSERT INTO records (id, doc_hash, kind, doc, sentence, span_start, span_end, date, event_type, json)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                p.id,
                f.doc.hash,
                r.kind(),
                p.doc,
                p.span[0] as i64,
                p.span[1] as i64,
                date,
                etype,
                serde_json::to_string(r).expect("json")
            ],
        )
        .expect("record");
    }
}

#[test]
fn migration_two_back_fills_a_version_one_store() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    {
        let c = rusqlite::Connection::open(&p).expect("raw");
        c.execute_batch(schema::MIGRATIONS[0]).expect("v1");
        c.execute_batch("PRAGMA user_version = 1").expect("version");
        for f in browsable() {
            put_v1(&c, &f);
        }
    }
    // Read-only opening refuses a store that needs the migration.
    assert!(matches!(
        Store::open_read_only(&p),
        Err(StoreError::ReadOnly { .. })
    ));
    // Reopened after the migration, as a later run would.
    drop(Store::open(&p).expect("migrate"));
    assert_migrated_store(Store::open(&p).expect("reopen"), "condemn");
}

/// What a store migrated from version 1 must answer (both backends): counts,
/// full-text search, network rows, the stance filter in any case, and a
/// document stored after the migration is indexed too.
fn assert_migrated_store(mut s: Store, stance: &str) {
    let stats = s.stats().expect("stats");
    assert_eq!((stats.counts["event"], stats.counts["quote"]), (2, 1));
    let hits = s
        .search("floods", &Filter::default())
        .expect("search")
        .expect("words");
    assert_eq!(hits.items.len(), 1);
    assert_eq!(hits.items[0].document.prov.doc, "aid.txt");
    let edges = s.edges(&Filter::default()).expect("edges");
    assert_eq!(edges.len(), 2);
    assert_eq!(edges[0].actor_key, "kb:ecuador");
    assert_eq!(edges[0].quad_class, Some(2));
    let condemn = s
        .record_page(
            &["quote"],
            &Filter {
                stance: Some(stance.into()),
                since: Some("2026-02-10".into()),
                ..Filter::default()
            },
        )
        .expect("page");
    assert_eq!(condemn.items.len(), 1);
    sample()[0].put(&mut s);
    assert!(s
        .search("invented", &Filter::default())
        .expect("search")
        .is_some_and(|p| p.items.len() == 1));
    assert_eq!(s.stats().expect("stats").counts["event"], 3);
}

// --- PostgreSQL only: schema checks, read-only roles, the self-check, and
// several writers at once. Each runs in a fresh schema and skips (with a
// message) when $DEMARCHE_TEST_POSTGRES is not set, except under CI.

use crate::testing::PgSchema;

#[test]
fn pg_schema_version_other_tables_and_read_only() {
    let Some(pg) = PgSchema::new("pg_schema_version") else {
        return;
    };
    let loc = pg.location();
    // Read-only before the tables exist: nothing to read.
    assert!(Store::open_read_only(&loc).is_err());
    let mut s = Store::open(&loc).expect("create");
    assert!(s.is_postgres());
    assert_eq!(sample()[0].put(&mut s), Outcome::Inserted);
    drop(s);
    // A second open finds the schema current and changes nothing.
    assert_eq!(
        Store::open(&loc)
            .expect("reopen")
            .stats()
            .expect("stats")
            .counts["document"],
        1
    );
    // Read-only: reads work, writes fail cleanly.
    let mut ro = Store::open_read_only(&loc).expect("read-only");
    let fx = &sample()[1];
    let e = ro.put(&fx.doc, &fx.records).expect_err("must fail");
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    assert!(e.to_string().contains(": database is read-only ("), "{e}");
    assert!(!e.to_string().contains('\n'));
    assert_eq!(ro.stats().expect("stats").counts["document"], 1);
    // A size limit does not apply.
    let opts = OpenOptions {
        max_bytes: Some(1 << 20),
        ..OpenOptions::default()
    };
    let e = Store::open_with(&loc, &opts).err().expect("must fail");
    assert!(e.to_string().contains("SQLite files only"), "{e}");
    // Newer schema.
    pg.client()
        .batch_execute("UPDATE demarche_schema SET version = 99")
        .expect("bump");
    let e = Store::open(&loc).err().expect("must fail").to_string();
    let known = schema::current_version();
    assert_eq!(
        e,
        format!("{loc}: database schema version 99 is newer than this demarche ({known}); upgrade demarche")
    );
    assert!(Store::open_read_only(&loc).is_err());
    // A schema holding another program's tables.
    let Some(other) = PgSchema::new("pg_other_tables") else {
        return;
    };
    other
        .client()
        .batch_execute("CREATE TABLE t (x int)")
        .expect("create");
    let e = Store::open(other.location())
        .err()
        .expect("must fail")
        .to_string();
    assert!(
        e.contains("not a demarche database (a PostgreSQL schema with other tables)"),
        "{e}"
    );
}

#[test]
fn pg_open_errors_name_the_store_without_its_password() {
    if crate::testing::test_url("pg_open_errors").is_none() {
        return;
    }
    // Nobody listens on port 1.
    let loc: StoreLocation = "postgres://ana:s3cret@127.0.0.1:1/none".parse().unwrap();
    let e = Store::open(&loc).err().expect("must fail");
    assert!(matches!(e, StoreError::Open { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.starts_with("postgres://ana:***@127.0.0.1:1/none: "),
        "{msg}"
    );
    assert!(!msg.contains("s3cret"), "{msg}");
}

#[test]
fn pg_audit_finds_half_written_documents() {
    let Some(pg) = PgSchema::new("pg_audit") else {
        return;
    };
    let mut s = pg.open();
    three_whole_documents(&mut s);
    // Half-written on purpose (foreign keys off for this session).
    pg.client()
        .batch_execute(
            "SET session_replication_role = replica;
             DELETE FROM documents WHERE doc = 'syn-1.txt';
             UPDATE kind_counts SET n = n + 1 WHERE kind = 'quote';",
        )
        .expect("break");
    let a = s.audit().expect("audit");
    let all = a.problems.join("\n");
    assert!(all.contains("has no document"), "{all}");
    assert!(all.contains("records without a stored document"), "{all}");
    assert!(
        all.contains("network rows without a stored document"),
        "{all}"
    );
    assert!(all.contains("kind_counts out of step: quote"), "{all}");
}

#[test]
fn pg_concurrent_first_opens_and_writers_store_each_document_once() {
    let Some(pg) = PgSchema::new("pg_concurrent") else {
        return;
    };
    let loc = pg.location();
    let docs: Vec<Fixture> = (0..40).map(|i| synthetic(i, 30)).collect();
    // Four writers open the empty schema at once (migrations race) and
    // store the same documents, each in its own order.
    let outcomes: Vec<Vec<(usize, Outcome)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|w| {
                let (loc, docs) = (&loc, &docs);
                scope.spawn(move || {
                    let mut s = Store::open(loc).expect("open");
                    let mut order: Vec<usize> = (0..docs.len()).collect();
                    if w % 2 == 1 {
                        order.reverse();
                    }
                    order.rotate_left(w * 7 % docs.len());
                    order
                        .into_iter()
                        .map(|i| (i, docs[i].put(&mut s)))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("writer"))
            .collect()
    });
    for i in 0..docs.len() {
        let inserted = outcomes
            .iter()
            .flatten()
            .filter(|(j, o)| *j == i && *o == Outcome::Inserted)
            .count();
        assert_eq!(inserted, 1, "document {i} inserted {inserted} times");
    }
    let s = Store::open(&loc).expect("open");
    let mut lite = Store::open_in_memory().expect("sqlite");
    for d in &docs {
        d.put(&mut lite);
    }
    assert_eq!(s.stats().expect("stats"), lite.stats().expect("stats"));
    let a = s.audit().expect("audit");
    assert!(a.is_whole(), "{:?}", a.problems);
    assert_eq!(a.documents, lite.audit().expect("audit").documents);
}

#[test]
fn pg_search_ignores_accents_when_the_server_can() {
    let Some(pg) = PgSchema::new("pg_accents") else {
        return;
    };
    let mut s = pg.open();
    let f = Fixture::new(
        "lima.txt",
        "Lima:  the government of Perú\tprotested\n\nto Santiago — twice.",
        Some("2026-03-01"),
        "Wire",
    );
    f.put(&mut s);
    let unaccent = pg
        .client()
        .query_opt("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'", &[])
        .expect("query")
        .is_some();
    let hits = s
        .search("peru", &Filter::default())
        .expect("search")
        .expect("words");
    assert_eq!(hits.items.len(), usize::from(unaccent));
    let hits = s
        .search("\"Perú protested\"", &Filter::default())
        .expect("search")
        .expect("words");
    assert_eq!(hits.items.len(), 1);
    let h = &hits.items[0];
    // The highlighted text is the stored text, whitespace and all.
    assert_eq!(h.text, f.doc.text);
    let spans: Vec<String> = h
        .hits
        .iter()
        .map(|[a, b]| h.text.chars().skip(*a).take(b - a).collect())
        .collect();
    assert_eq!(spans, ["Perú", "protested"]);
}

#[test]
fn pg_migration_two_back_fills_a_version_one_store() {
    let Some(pg) = PgSchema::new("pg_migration_two") else {
        return;
    };
    {
        let mut c = pg.client();
        c.batch_execute(schema::PG_MIGRATIONS[0]).expect("v1");
        c.batch_execute(
            "CREATE TABLE demarche_schema (version BIGINT NOT NULL);
             INSERT INTO demarche_schema VALUES (1);",
        )
        .expect("version");
        for f in browsable() {
            let Some(Record::Document(d)) = f.records.first() else {
                panic!("fixture without document")
            };
            c.execute(
                "INSERT INTO documents (id, doc, hash, title, published, outlet, source, format, words, json, ingested_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'txt', 1, $8, '2026-01-01T00:00:00Z')",
                &[
                    &d.prov.id,
                    &d.prov.doc,
                    &f.doc.hash,
                    &d.title,
                    &d.published,
                    &d.outlet,
                    &d.source,
                    &serde_json::to_string(d).expect("json"),
                ],
            )
            .expect("doc");
            c.execute(
                "INSERT INTO texts (hash, text) VALUES ($1, $2)",
                &[&f.doc.hash, &f.doc.text],
            )
            .expect("text");
            for r in &f.records[1..] {
                let p = r.prov();
                let (date, etype) = match r {
                    Record::Event(e) => (e.date.clone(), Some(e.event_type.to_ascii_lowercase())),
                    _ => (None, None),
                };
                c.execute(
                    "INSERT INTO records (id, doc_hash, kind, doc, sentence, span_start, span_end, date, event_type, json)
                     VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $9)",
                    &[
                        &p.id,
                        &f.doc.hash,
                        &r.kind(),
                        &p.doc,
                        &(p.span[0] as i64),
                        &(p.span[1] as i64),
                        &date,
                        &etype,
                        &serde_json::to_string(r).expect("json"),
                    ],
                )
                .expect("record");
            }
        }
    }
    let loc = pg.location();
    assert!(matches!(
        Store::open_read_only(&loc),
        Err(StoreError::ReadOnly { .. })
    ));
    assert_migrated_store(Store::open(&loc).expect("migrate"), "Condemn");
}

both!(a_batch_stores_each_document_once_in_order);
fn a_batch_stores_each_document_once_in_order(s: Store) {
    let mut s = s;
    let docs: Vec<_> = (0..4).map(|i| synthetic(i, 10)).collect();
    // The same document twice in one batch: the second is a duplicate.
    let mut items = batch_of(&docs);
    items.push((&docs[1].doc, docs[1].records.as_slice()));
    let out: Vec<Outcome> = s
        .put_batch(&items)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("batch");
    assert_eq!(
        out,
        vec![
            Outcome::Inserted,
            Outcome::Inserted,
            Outcome::Inserted,
            Outcome::Inserted,
            Outcome::Duplicate
        ]
    );
    let a = s.audit().expect("audit");
    assert!(a.is_whole(), "{:?}", a.problems);
    assert_eq!(a.documents.len(), 4);
    // The same store written one document at a time holds the same.
    assert_counts_as_one_by_one(&s, docs.iter());
}

#[test]
fn a_group_commit_that_cannot_fit_stores_none_of_its_documents() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    let mut s = Store::open(&p).expect("open");
    assert_eq!(synthetic(0, 20).put(&mut s), Outcome::Inserted);
    let before = s.audit().expect("audit").documents;
    s.set_max_bytes(0).expect("limit");
    let batch: Vec<_> = (1..4).map(|i| synthetic(i, 2000)).collect();
    let items = batch_of(&batch);
    let out = s.put_batch(&items);
    // The full store ends the batch at the first document: none after it is
    // attempted, and the batch's commit stores nothing of it.
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(matches!(out[0], Err(StoreError::Full { .. })), "{out:?}");
    let a = s.audit().expect("audit");
    assert!(a.is_whole(), "{:?}", a.problems);
    assert_eq!(a.documents, before);
    drop(s);
    let mut s = Store::open(&p).expect("reopen");
    let out: Vec<Outcome> = s
        .put_batch(&items)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("batch");
    assert_eq!(out, vec![Outcome::Inserted; 3]);
    assert_eq!(s.audit().expect("audit").documents.len(), 4);
}

both!(a_failing_document_in_a_batch_leaves_no_trace_and_the_others_go_in);
fn a_failing_document_in_a_batch_leaves_no_trace_and_the_others_go_in(s: Store) {
    let mut s = s;
    let mut docs: Vec<_> = (0..4).map(|i| synthetic(i, 10)).collect();
    // Document 2 claims document 0's record id with a different text: its
    // insert breaks the primary key, a failure of that document alone.
    let id0 = docs[0].records[0].prov().id.clone();
    if let Record::Document(d) = &mut docs[2].records[0] {
        d.prov.id = id0;
    }
    let items = batch_of(&docs);
    let out = s.put_batch(&items);
    assert_eq!(out.len(), 4, "{out:?}");
    assert!(matches!(out[0], Ok(Outcome::Inserted)), "{out:?}");
    assert!(matches!(out[1], Ok(Outcome::Inserted)), "{out:?}");
    let e = out[2].as_ref().expect_err("document 2 fails");
    assert!(!e.ends_writing(), "{e}");
    assert!(matches!(out[3], Ok(Outcome::Inserted)), "{out:?}");
    let a = s.audit().expect("audit");
    assert!(a.is_whole(), "{:?}", a.problems);
    let mut stored: Vec<&str> = a.documents.values().map(|d| d.doc.as_str()).collect();
    stored.sort_unstable();
    assert_eq!(stored, ["syn-0.txt", "syn-1.txt", "syn-3.txt"]);
    // The texts of the batch are searchable, the failed one's is not there.
    for (word, want) in [("number 3", 1), ("number 2", 0), ("number 0", 1)] {
        let hits = s
            .search(&format!("\"{word}\""), &Filter::default())
            .expect("search")
            .expect("words");
        assert_eq!(hits.items.len(), want, "{word}");
    }
    // The same documents one at a time: equal counts.
    assert_counts_as_one_by_one(&s, [&docs[0], &docs[1], &docs[3]].into_iter());
}

#[test]
fn a_bulk_writer_checkpoints_on_its_own_thread() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = db_path(&dir);
    let opts = OpenOptions {
        checkpoint_thread: true,
        ..OpenOptions::default()
    };
    let docs: Vec<_> = (0..60).map(|i| synthetic(i, 30)).collect();
    {
        let mut s = Store::open_with(&p, &opts).expect("open");
        for chunk in docs.chunks(6) {
            let items = batch_of(chunk);
            let out: Vec<Outcome> = s
                .put_batch(&items)
                .into_iter()
                .collect::<Result<_, _>>()
                .expect("batch");
            assert_eq!(out, vec![Outcome::Inserted; 6]);
        }
        // Readers see every commit while checkpoints run beside the writer.
        let r = Store::open_read_only(&p).expect("reader");
        assert_eq!(r.audit().expect("audit").documents.len(), 60);
    }
    // Closed: the WAL was copied into the database file and removed.
    let wal = p.with_extension("db-wal");
    assert!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "{} left behind",
        wal.display()
    );
    let s = Store::open(&p).expect("reopen");
    let a = s.audit().expect("audit");
    assert!(a.is_whole(), "{:?}", a.problems);
    assert_eq!(a.documents.len(), 60);
}
