//! Entity recognition, knowledge-base linking and within-document coreference.

use demarche_core::Document;
use demarche_kb::Kb;

/// Built once from the knowledge base; shared by all threads.
pub struct Recognizer {}

impl Recognizer {
    pub fn new(kb: &Kb) -> Recognizer {
        let _ = kb;
        Recognizer {}
    }

    /// Fills `doc.entities` and `doc.mentions` (sorted by start).
    pub fn annotate(&self, doc: &mut Document, kb: &Kb) {
        let _ = (doc, kb);
    }
}
