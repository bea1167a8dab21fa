//! Consistency findings through the whole pipeline with the built-in
//! knowledge base: titles the text gives people, checked against their dated
//! offices for the time the sentence speaks of. Every sentence here is
//! written for these tests.

use demarche_core::{Document, FindingKind, FindingRecord, Found, Record};
use demarche_kb::Kb;
use demarche_pipeline::Pipeline;
use std::sync::{Arc, OnceLock};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Arc::new(Kb::builtin().expect("built-in knowledge base"))))
}

fn findings(text: &str, published: &str) -> Vec<FindingRecord> {
    let mut doc = Document::new("t.txt", text);
    doc.meta.published = Some(Found::new(published.to_string(), "test"));
    pipeline()
        .records(&mut doc)
        .into_iter()
        .filter_map(|r| match r {
            Record::Finding(f) => Some(f),
            _ => None,
        })
        .collect()
}

fn kinds(fs: &[FindingRecord]) -> Vec<(&str, FindingKind)> {
    fs.iter().map(|f| (f.entity.as_str(), f.finding)).collect()
}

#[test]
fn former_for_an_incumbent() {
    let fs = findings(
        "Former President Donald Trump signed the order on Tuesday.",
        "2026-03-12",
    );
    assert_eq!(kinds(&fs), [("Donald Trump", FindingKind::FormerIncumbent)]);
    let f = &fs[0];
    assert_eq!(f.entity_id, "person:donald-trump");
    assert_eq!(f.claim, "Former President");
    assert_eq!(f.evidence, "Former President Donald Trump");
    // Checked for the day the sentence names.
    assert_eq!(f.as_of, "2026-03-10");
    assert_eq!(f.basis, "sentence");
    assert!(f.kb_says.contains("since 2025-01-20"), "{}", f.kb_says);
    assert!(f.prov.sentence_text.starts_with("Former President"));
}

#[test]
fn without_a_date_in_the_sentence_the_publication_date_counts() {
    let fs = findings("Former President Donald Trump spoke.", "2026-03-12");
    assert_eq!(kinds(&fs), [("Donald Trump", FindingKind::FormerIncumbent)]);
    assert_eq!(fs[0].as_of, "2026-03-12");
    assert_eq!(fs[0].basis, "published");
}

#[test]
fn former_is_right_between_terms() {
    // Between his two terms "former President" was correct.
    let fs = findings("Former President Donald Trump held a rally.", "2023-06-01");
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn an_office_left_years_ago() {
    let fs = findings(
        "Prime Minister Dmitry Medvedev warned the West again.",
        "2026-01-05",
    );
    assert_eq!(kinds(&fs), [("Dmitry Medvedev", FindingKind::TitleExpired)]);
    assert!(fs[0].kb_says.contains("2020"), "{}", fs[0].kb_says);
}

#[test]
fn a_date_in_the_sentence_moves_the_check() {
    // In 2015 Medvedev was prime minister: no finding.
    let fs = findings(
        "In 2015, Prime Minister Dmitry Medvedev visited the region.",
        "2026-01-05",
    );
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn the_right_titles_raise_nothing() {
    let fs = findings(
        "Russian President Vladimir Putin spoke with Foreign Minister Sergei Lavrov, \
         while former President Dmitry Medvedev posted online.",
        "2026-01-05",
    );
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn a_title_of_another_state() {
    let fs = findings(
        "Ukrainian Foreign Minister Sergei Lavrov arrived in Ankara.",
        "2026-01-05",
    );
    assert_eq!(kinds(&fs), [("Sergei Lavrov", FindingKind::TitleNotInKb)]);
}

#[test]
fn then_and_late_are_not_contradictions() {
    let fs = findings(
        "The treaty was signed by then-President Dmitry Medvedev.",
        "2026-01-05",
    );
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn descriptive_titles_are_not_checked() {
    let fs = findings("Russian leader Dmitry Medvedev spoke.", "2026-01-05");
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn lesser_offices_are_not_the_office() {
    let fs = findings(
        "Deputy Foreign Minister Sergei Ryabkov said talks were frozen.",
        "2026-01-05",
    );
    assert!(fs.is_empty(), "{fs:#?}");
}
