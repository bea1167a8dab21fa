//! Shared checks: every document a reader returns keeps its invariants.

use demarche_core::Document;

/// A document's text and layers agree: zones and source-map spans lie on
/// char boundaries of the text.
pub fn check_document(doc: &Document) {
    let t = &doc.text;
    for z in &doc.zones {
        assert!(
            z.span.start <= z.span.end
                && t.get(z.span.start as usize..z.span.end as usize).is_some(),
            "zone {:?} off the text ({} bytes)",
            z.span,
            t.len()
        );
    }
}

/// Reads `data` with `format` and checks every document returned.
#[allow(dead_code)] // not every target reads this way
pub fn read(data: &[u8], format: demarche_ingest::Format) {
    let input = std::io::Cursor::new(data.to_vec());
    for doc in demarche_ingest::read_reader("fuzz", input, Some(format)).flatten() {
        check_document(&doc);
    }
}
