//! The text stage and the whole pipeline on arbitrary text: the text reader
//! (cleaning, metadata), sentences and tokens on char boundaries, and every
//! record's character span inside the text and slicing it to its words.
#![no_main]

use demarche_core::{squash_ws, Record};
use demarche_kb::Kb;
use demarche_pipeline::Pipeline;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

#[path = "common.rs"]
mod common;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Arc::new(Kb::builtin().expect("built-in knowledge base"))))
}

fuzz_target!(|data: &[u8]| {
    let input = std::io::Cursor::new(data.to_vec());
    let docs = demarche_ingest::read_reader("fuzz.txt", input, Some(demarche_ingest::Format::Txt));
    for mut doc in docs.flatten() {
        common::check_document(&doc);
        let records = pipeline().records(&mut doc);
        let t = doc.text.as_str();
        for s in doc
            .sentences
            .iter()
            .map(|s| s.span)
            .chain(doc.tokens.iter().map(|k| k.span))
        {
            assert!(
                t.get(s.start as usize..s.end as usize).is_some(),
                "span {s:?} off the text"
            );
        }
        let mut at: Vec<usize> = t.char_indices().map(|(b, _)| b).collect();
        at.push(t.len());
        for r in &records {
            let [a, b] = r.prov().span;
            assert!(
                a <= b && b < at.len(),
                "{} span {a}..{b} outside the text",
                r.kind()
            );
            let words = squash_ws(&t[at[a]..at[b]]);
            let want = match r {
                Record::Time(x) => Some(&x.text),
                Record::Event(x) => Some(&x.evidence),
                Record::Silence(x) => Some(&x.evidence),
                Record::Finding(x) => Some(&x.evidence),
                _ => None,
            };
            if let Some(w) = want {
                assert_eq!(&words, w, "{} span {a}..{b}", r.kind());
            }
        }
    }
});
