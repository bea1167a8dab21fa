//! The annotation pipeline: text → time → entities → statements → events,
//! over one [`Document`] at a time (callers parallelise across documents).

use demarche_core::{Document, Record, RecordBuilder};
use demarche_kb::Kb;
use std::sync::Arc;

/// All annotators, built once and shared by every thread.
pub struct Pipeline {
    pub kb: Arc<Kb>,
    entities: demarche_entities::Recognizer,
    statements: demarche_statements::Statements,
    events: demarche_events::EventCoder,
}

impl Pipeline {
    pub fn new(kb: Arc<Kb>) -> Pipeline {
        Pipeline {
            entities: demarche_entities::Recognizer::new(&kb),
            statements: demarche_statements::Statements::new(),
            events: demarche_events::EventCoder::new(),
            kb,
        }
    }

    /// Runs every stage over the document, in order.
    pub fn annotate(&self, doc: &mut Document) {
        demarche_text::segment(doc);
        demarche_time::annotate(doc);
        self.entities.annotate(doc, &self.kb);
        self.statements.annotate(doc, &self.kb);
        self.events.annotate(doc, &self.kb);
    }

    /// The entity recogniser (for benchmarks and tools that run one stage).
    pub fn entities(&self) -> &demarche_entities::Recognizer {
        &self.entities
    }

    /// The statements stage.
    pub fn statements(&self) -> &demarche_statements::Statements {
        &self.statements
    }

    /// The event coder.
    pub fn events(&self) -> &demarche_events::EventCoder {
        &self.events
    }

    /// Annotates and returns the document's records.
    pub fn records(&self, doc: &mut Document) -> Vec<Record> {
        self.annotate(doc);
        RecordBuilder::new(doc).all()
    }
}
