//! Sentence and token segmentation with byte offsets.

use demarche_core::Document;

/// Fills `doc.paragraphs`, `doc.sentences` and `doc.tokens`.
pub fn segment(doc: &mut Document) {
    let _ = doc;
}
