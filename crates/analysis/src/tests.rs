//! Brief tests over a small hand-made input.

use super::*;
use demarche_core::{EntityType, ParticipantRecord, Stance};

fn prov(doc: &str, n: usize, sentence: usize, text: &str) -> Prov {
    Prov {
        id: format!("x-{doc}-{n}"),
        doc: doc.into(),
        span: [n * 10, n * 10 + 9],
        sentence,
        sentence_text: text.into(),
    }
}

fn document(doc: &str, title: &str, outlet: &str, published: &str, words: usize) -> DocumentRecord {
    DocumentRecord {
        prov: prov(doc, 0, 0, ""),
        title: Some(title.into()),
        published: Some(published.into()),
        outlet: Some(outlet.into()),
        byline: None,
        url: None,
        source: doc.into(),
        format: "txt".into(),
        hash: format!("hash-{doc}"),
        words,
        found: Default::default(),
        warnings: vec![],
        text: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn quote(
    doc: &str,
    n: usize,
    sentence: usize,
    text: &str,
    content: &str,
    speaker: &str,
    id: Option<&str>,
    country: &str,
    form: QuoteForm,
    stance: Option<Stance>,
) -> QuoteRecord {
    QuoteRecord {
        prov: prov(doc, n, sentence, text),
        content: content.into(),
        speaker: Some(speaker.into()),
        speaker_id: id.map(str::to_string),
        speaker_text: Some(speaker.rsplit(' ').next().unwrap_or(speaker).into()),
        speaker_office: None,
        speaker_country: Some(country.into()),
        cue: Some("said".into()),
        form,
        to: None,
        stance,
    }
}

fn participant(name: &str, country: &str) -> ParticipantRecord {
    ParticipantRecord {
        name: name.into(),
        id: None,
        country: Some(country.into()),
        sector: None,
        inferred: false,
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    doc: &str,
    n: usize,
    sentence: usize,
    text: &str,
    etype: &str,
    actor: (&str, &str),
    recipient: (&str, &str),
    date: Option<&str>,
) -> EventRecord {
    EventRecord {
        prov: prov(doc, n, sentence, text),
        evidence: text.trim_end_matches('.').into(),
        event_type: etype.into(),
        mode: None,
        context: None,
        actor: Some(actor.0.into()),
        actor_country: Some(actor.1.into()),
        recipient: Some(recipient.0.into()),
        recipient_country: Some(recipient.1.into()),
        actors: vec![participant(actor.0, actor.1)],
        recipients: vec![participant(recipient.0, recipient.1)],
        date: date.map(str::to_string),
        location: None,
        negated: false,
        hypothetical: false,
        historical: false,
        trigger: None,
        quote_id: None,
        codes: Default::default(),
    }
}

const S1: &str = "Foreign Minister Anna Lind said on Monday that the blockade of the port was “a reckless step.”";
const S2: &str = "Lind added that her government would raise the matter at the council.";
const S3: &str = "The Ruritanian embassy did not respond to a request for comment.";
const S4: &str = "On March 2, Ruritanian troops seized the customs post at Zenda.";
const S5: &str =
    "Prime Minister Rudolf Elphberg called the seizure “a lawful act of self-defence.”";
const S6: &str = "Officials in Strelsau said the talks could resume next week.";

fn input() -> BriefInput {
    BriefInput {
        documents: vec![
            document(
                "b.txt",
                "Talks stall over port",
                "Evening Ledger",
                "2026-03-05",
                640,
            ),
            document(
                "a.txt",
                "Border post seized",
                "Morning Wire",
                "2026-03-03T08:00:00Z",
                910,
            ),
        ],
        entities: vec![EntityRecord {
            prov: prov("a.txt", 9, 1, S4),
            name: "Ruritania".into(),
            etype: EntityType::Country,
            country: Some("RUR".into()),
            aliases: vec!["Strelsau".into()],
            kb_id: Some("kb:ruritania".into()),
            sector: None,
            office: None,
            mentions: vec![[0, 9]],
        }],
        times: vec![],
        quotes: vec![
            quote(
                "b.txt",
                1,
                0,
                S1,
                "a reckless step.",
                "Anna Lind",
                Some("kb:lind"),
                "SVL",
                QuoteForm::Mixed,
                Some(Stance::Condemn),
            ),
            quote(
                "b.txt",
                2,
                1,
                S2,
                "her government would raise the matter at the council",
                "Anna Lind",
                Some("kb:lind"),
                "SVL",
                QuoteForm::Indirect,
                None,
            ),
            quote(
                "a.txt",
                3,
                2,
                S5,
                "a lawful act of self-defence.",
                "Rudolf Elphberg",
                None,
                "RUR",
                QuoteForm::Direct,
                Some(Stance::Other),
            ),
            quote(
                "b.txt",
                4,
                3,
                S6,
                "the talks could resume next week",
                "Ruritanian officials",
                None,
                "RUR",
                QuoteForm::Indirect,
                None,
            ),
        ],
        silences: vec![SilenceRecord {
            prov: prov("b.txt", 5, 2, S3),
            actor: Some("Ruritanian embassy".into()),
            actor_id: None,
            actor_text: Some("The Ruritanian embassy".into()),
            actor_country: Some("RUR".into()),
            about: Some("request for comment".into()),
            evidence: S3.trim_end_matches('.').into(),
        }],
        events: vec![
            event(
                "a.txt",
                6,
                1,
                S4,
                "SEIZE",
                ("Ruritania", "RUR"),
                ("Svealand", "SVL"),
                Some("2026-03-02"),
            ),
            event(
                "b.txt",
                7,
                0,
                S1,
                "DISAPPROVE",
                ("Anna Lind", "SVL"),
                ("Ruritania", "RUR"),
                None,
            ),
        ],
        findings: vec![],
        named: vec![],
    }
}

fn opts(format: Format) -> BriefOptions {
    BriefOptions {
        format,
        ..BriefOptions::default()
    }
}

#[test]
fn markdown_brief_snapshot() {
    insta::assert_snapshot!(brief(&input(), &opts(Format::Markdown)));
}

#[test]
fn html_brief_snapshot() {
    insta::assert_snapshot!(brief(&input(), &opts(Format::Html)));
}

#[test]
fn about_narrows_by_name_alias_and_country() {
    let about = |a: &str| {
        brief(
            &input(),
            &BriefOptions {
                about: Some(a.into()),
                ..BriefOptions::default()
            },
        )
    };
    // "Lind": the two statements and the event she is actor of; one source.
    let md = about("lind");
    assert!(md.contains("1 document published 2026-03-05"), "{md}");
    assert!(md.contains("2 statements, 0 silences, 1 event"), "{md}");
    assert!(!md.contains("Elphberg"));
    // "Ruritania" catches everything whose country is RUR (via the entity),
    // including the Prime Minister and the silent embassy, and the event
    // Ruritania is the recipient of.
    let md = about("Ruritania");
    assert!(md.contains("Rudolf Elphberg"), "{md}");
    assert!(md.contains("Ruritanian embassy"), "{md}");
    assert!(md.contains("2 statements, 1 silence, 2 events"), "{md}");
    // An alias of the entity works too.
    assert!(about("strelsau").contains("2 statements, 1 silence, 2 events"));
    // The bare country code works without entities.
    let md = brief(
        &BriefInput {
            entities: vec![],
            ..input()
        },
        &BriefOptions {
            about: Some("RUR".into()),
            ..BriefOptions::default()
        },
    );
    assert!(md.contains("2 statements, 1 silence, 2 events"), "{md}");
}

#[test]
fn since_drops_earlier_documents_and_events() {
    let md = brief(
        &input(),
        &BriefOptions {
            since: Some("2026-03-04".into()),
            ..BriefOptions::default()
        },
    );
    assert!(
        md.contains("1 document published 2026-03-05; since 2026-03-04"),
        "{md}"
    );
    assert!(!md.contains("Elphberg"));
    assert!(!md.contains("SEIZE"));
}

#[test]
fn citations_share_numbers_per_sentence() {
    let md = brief(&input(), &opts(Format::Markdown));
    // S1 is cited by a quote and an event: one note.
    let cites = |needle: &str| {
        md.lines()
            .find(|l| l.starts_with("- ") && l.contains(needle))
            .and_then(|l| l.rsplit("\\[").next())
            .map(str::to_string)
    };
    assert_eq!(cites("DISAPPROVE"), cites("a reckless step"));
    assert_eq!(cites("DISAPPROVE").as_deref(), Some("2\\]"));
    let notes = md.split("## Notes").nth(1).unwrap_or_default();
    assert_eq!(notes.lines().filter(|l| l.starts_with("\\[")).count(), 6);
    // Every list line carries a citation.
    for l in md.lines().filter(|l| l.starts_with("- ")) {
        assert!(l.ends_with("\\]"), "{l}");
    }
}

#[test]
fn article_text_is_escaped_in_html() {
    let mut inp = input();
    inp.quotes[0].content = "<script>alert('x')</script> & more".into();
    inp.quotes[0].prov.sentence_text = "He wrote <script>alert(1)</script>.".into();
    inp.documents[0].title = Some("<b>Title</b>".into());
    let html = brief(&inp, &opts(Format::Html));
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>Title"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
    assert!(html.contains("He wrote &lt;script&gt;alert(1)&lt;/script&gt;."));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    let md = brief(&inp, &opts(Format::Markdown));
    assert!(!md.contains("<script>"));
}

#[test]
fn empty_input_renders() {
    let md = brief(&BriefInput::default(), &opts(Format::Markdown));
    assert!(md.starts_with("# Brief\n\n0 documents;"), "{md}");
    assert!(md.contains("_None._"));
}

#[test]
fn deterministic_regardless_of_input_order() {
    let a = brief(&input(), &opts(Format::Markdown));
    let mut inp = input();
    inp.quotes.reverse();
    inp.events.reverse();
    inp.documents.reverse();
    assert_eq!(a, brief(&inp, &opts(Format::Markdown)));
}

#[test]
fn helpers() {
    assert_eq!(iso_date("2026-03-03T08:00:00Z"), Some("2026-03-03"));
    assert_eq!(iso_date("2026-03-XX"), Some("2026-03"));
    assert_eq!(iso_date("PAST_REF"), None);
    assert!(before("2026-02", "2026-03-01"));
    assert!(!before("2026-03", "2026-03-04"));
    assert_eq!(stance_name(Stance::CallForRestraint), "call for restraint");
    assert!(has_words("Dmitry Medvedev", "medvedev"));
    assert!(!has_words("Dmitry Medvedev", "medved"));
}

#[test]
fn one_event_told_twice_is_one_line_citing_both() {
    let mut inp = input();
    const S7: &str = "Ruritanian troops took the Zenda customs post on March 2.";
    inp.events.push(event(
        "b.txt",
        8,
        4,
        S7,
        "SEIZE",
        ("Ruritania", "RUR"),
        ("Svealand", "SVL"),
        Some("2026-03-02"),
    ));
    let md = brief(&inp, &opts(Format::Markdown));
    assert!(md.contains("2 events (3 reports)."), "{md}");
    let lines: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("- ") && l.contains("SEIZE"))
        .collect();
    // Once in the timeline, once in the events by type, citing both.
    assert_eq!(lines.len(), 2, "{md}");
    for l in &lines {
        assert!(
            l.ends_with("— 2 reports, 2 outlets, 2 sources \\[1\\] \\[2\\]"),
            "{l}"
        );
    }
    assert!(md.contains("### SEIZE — 1 event (2 reports)"), "{md}");
}
