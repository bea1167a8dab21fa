//! Property tests of provenance offsets: for generated texts (ASCII and
//! multi-byte letters, curly and straight quotes, dashes, newlines, names
//! from the built-in knowledge base, dates), read through ingest's text
//! reader and the whole pipeline, every record's character span lies in the
//! stored text and slices it to the record's own words (a time's text, an
//! event's, silence's or finding's evidence, a quote's content parts, an
//! entity's mentions).

use demarche_core::{squash_ws, Document, Record};
use demarche_ingest::Format;
use demarche_kb::Kb;
use demarche_pipeline::Pipeline;
use proptest::prelude::*;
use std::sync::{Arc, OnceLock};

fn kb() -> &'static Arc<Kb> {
    static KB: OnceLock<Arc<Kb>> = OnceLock::new();
    KB.get_or_init(|| Arc::new(Kb::builtin().expect("built-in knowledge base")))
}

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(kb().clone()))
}

/// Names from the knowledge base (every 7th actor's name: people,
/// countries, bodies, places).
fn names() -> &'static Vec<String> {
    static N: OnceLock<Vec<String>> = OnceLock::new();
    N.get_or_init(|| {
        kb().actors
            .iter()
            .step_by(7)
            .map(|a| a.name.clone())
            .collect()
    })
}

const WORDS: &[&str] = &[
    "said",
    "told reporters",
    "condemned",
    "the strikes",
    "warned",
    "called for restraint",
    "did not comment",
    "declined to comment",
    "met",
    "the minister",
    "officials",
    "in a statement",
    "struck",
    "sanctions",
    "talks",
    "on Monday",
    "last week",
    "March 4, 2026",
    "2026-01-07",
    "in 2015",
    "yesterday",
    "the foreign ministry",
    "former President",
    "Prime Minister",
    "Zürich",
    "Kyiv",
    "São Paulo",
    "北京",
    "Ελλάδα",
    "Москва",
    "naïve",
    "🙂",
    "a\u{00a0}b",
    "e\u{0301}",
    "—",
    "–",
    "-",
    "…",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    ",",
    ".",
    ":",
    ";",
    "(",
    ")",
    "?",
    "!",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "  ",
];

/// One piece of text: a word, a name, a quotation, a number.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(WORDS).prop_map(str::to_string),
        3 => (0..names().len()).prop_map(|i| names()[i].clone()),
        1 => "[a-zA-Z]{1,9}",
        1 => "[0-9]{1,4}",
        1 => "\\PC{1,6}",
        1 => prop::collection::vec(prop::sample::select(WORDS), 1..6)
            .prop_map(|w| format!("“{}” ", w.join(" "))),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|ps| {
        let mut s = String::new();
        for p in ps {
            if !s.is_empty() && !s.ends_with(['\n', ' ']) {
                s.push(' ');
            }
            s.push_str(&p);
        }
        s
    })
}

/// Byte offsets of each char boundary: `at[i]` is char `i`'s byte offset.
fn char_starts(text: &str) -> Vec<usize> {
    let mut at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    at.push(text.len());
    at
}

/// The text a char span covers, checked to lie in the text.
fn slice<'t>(
    text: &'t str,
    at: &[usize],
    span: [usize; 2],
    what: &str,
) -> Result<&'t str, TestCaseError> {
    prop_assert!(
        span[0] <= span[1] && span[1] < at.len(),
        "{what}: span {span:?} outside a text of {} chars",
        at.len() - 1
    );
    let s = text.get(at[span[0]]..at[span[1]]);
    prop_assert!(s.is_some(), "{what}: span {span:?} not on char boundaries");
    Ok(s.unwrap_or_default())
}

fn check(doc: &Document, records: &[Record]) -> Result<(), TestCaseError> {
    let text = doc.text.as_str();
    let at = char_starts(text);
    for r in records {
        let p = r.prov();
        let what = format!("{} {}", r.kind(), p.id);
        let s = slice(text, &at, p.span, &what)?;
        match r {
            Record::Document(_) => {}
            Record::Time(t) => prop_assert_eq!(squash_ws(s), t.text.clone(), "{}", what),
            Record::Event(e) => prop_assert_eq!(squash_ws(s), e.evidence.clone(), "{}", what),
            Record::Silence(e) => prop_assert_eq!(squash_ws(s), e.evidence.clone(), "{}", what),
            Record::Finding(f) => prop_assert_eq!(squash_ws(s), f.evidence.clone(), "{}", what),
            Record::Quote(q) => {
                let covered = squash_ws(s);
                for part in q.content.split(" … ") {
                    prop_assert!(
                        covered.contains(part.trim()),
                        "{}: content part {:?} not in its span's text {:?}",
                        what,
                        part,
                        covered
                    );
                }
            }
            Record::Entity(e) => {
                prop_assert!(!e.mentions.is_empty(), "{}: no mentions", what);
                prop_assert_eq!(e.mentions[0], p.span, "{}", what);
                for m in &e.mentions {
                    let w = slice(text, &at, *m, &what)?;
                    prop_assert!(!w.trim().is_empty(), "{}: mention {:?} is blank", what, m);
                }
            }
        }
    }
    Ok(())
}

/// The text through ingest's text reader (cleaning, metadata lines) and
/// the pipeline.
fn run(input: &str) -> Option<(Document, Vec<Record>)> {
    let bytes = std::io::Cursor::new(input.as_bytes().to_vec());
    let mut docs = demarche_ingest::read_reader("generated.txt", bytes, Some(Format::Txt));
    let mut doc = docs.next()?.ok()?;
    let records = pipeline().records(&mut doc);
    Some((doc, records))
}

// 256 cases each; PROPTEST_CASES=N for more.
proptest! {
    #[test]
    fn every_span_slices_the_stored_text_to_its_words(input in text()) {
        if let Some((doc, records)) = run(&input) {
            check(&doc, &records)?;
        }
    }

    #[test]
    fn spans_hold_in_an_article_shape(
        title in text(),
        body in prop::collection::vec(text(), 1..5),
    ) {
        let input = format!(
            "{}\n\nBy Jo Rivera\nMarch 4, 2026\n\n{}\n",
            title.replace('\n', " "),
            body.join("\n\n")
        );
        if let Some((doc, records)) = run(&input) {
            check(&doc, &records)?;
        }
    }
}

#[test]
fn a_written_article_has_records_and_they_hold() {
    let input = "Talks in Zürich\n\nMarch 4, 2026\n\nZÜRICH — Iranian Foreign Minister Abbas Araghchi said on Monday: “We are ready — naïvely or not — to talk.” Russia did not comment on the proposal.\n";
    let (doc, records) = run(input).expect("a document");
    assert!(records.iter().any(|r| matches!(r, Record::Quote(_))));
    assert!(records.iter().any(|r| matches!(r, Record::Time(_))));
    check(&doc, &records).expect("spans hold");
}
