//! PLOVER event coding.

use demarche_core::Document;
use demarche_kb::Kb;

/// Built once (lexicons compiled); shared by all threads.
pub struct EventCoder {}

impl EventCoder {
    pub fn new() -> EventCoder {
        EventCoder {}
    }

    /// Fills `doc.events`.
    pub fn annotate(&self, doc: &mut Document, kb: &Kb) {
        let _ = (doc, kb);
    }
}

impl Default for EventCoder {
    fn default() -> Self {
        Self::new()
    }
}
