//! Attributed statements (quotes: direct, indirect, mixed) and silences.

use demarche_core::Document;
use demarche_kb::Kb;

/// Built once (lexicons compiled); shared by all threads.
pub struct Statements {}

impl Statements {
    pub fn new() -> Statements {
        Statements {}
    }

    /// Fills `doc.quotes` and `doc.silences`.
    pub fn annotate(&self, doc: &mut Document, kb: &Kb) {
        let _ = (doc, kb);
    }
}

impl Default for Statements {
    fn default() -> Self {
        Self::new()
    }
}
