//! Analyses over stored records: the brief (Markdown or HTML).

use demarche_core::{DocumentRecord, EntityRecord, EventRecord, QuoteRecord, SilenceRecord, TimeRecord};

/// What a brief is made from (read from the store by the caller).
#[derive(Debug, Default, Clone)]
pub struct BriefInput {
    pub documents: Vec<DocumentRecord>,
    pub entities: Vec<EntityRecord>,
    pub times: Vec<TimeRecord>,
    pub quotes: Vec<QuoteRecord>,
    pub silences: Vec<SilenceRecord>,
    pub events: Vec<EventRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Markdown,
    Html,
}

#[derive(Debug, Clone, Default)]
pub struct BriefOptions {
    /// Narrow to one actor and what was said or done to it.
    pub about: Option<String>,
    /// ISO date: leave out what happened or was published before it.
    pub since: Option<String>,
    pub format: Format,
}

/// Renders a brief.
pub fn brief(input: &BriefInput, opts: &BriefOptions) -> String {
    let _ = opts;
    format!("# Brief\n\n{} documents.\n", input.documents.len())
}
