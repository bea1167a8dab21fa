//! The annotation pipeline: text → time → entities → statements → events,
//! over one [`Document`] at a time (callers parallelise across documents).

use demarche_core::{Document, Found, Record, RecordBuilder};
use demarche_kb::{ActorKind, Kb};
use std::collections::HashMap;
use std::sync::Arc;

/// All annotators, built once and shared by every thread.
pub struct Pipeline {
    pub kb: Arc<Kb>,
    entities: demarche_entities::Recognizer,
    statements: demarche_statements::Statements,
    events: demarche_events::EventCoder,
    /// Outlet web domain ("apnews.com") → outlet name, from the knowledge base.
    outlet_domains: HashMap<String, String>,
}

impl Pipeline {
    pub fn new(kb: Arc<Kb>) -> Pipeline {
        Pipeline {
            entities: demarche_entities::Recognizer::new(&kb),
            statements: demarche_statements::Statements::new(),
            events: demarche_events::EventCoder::new(&kb),
            outlet_domains: outlet_domains(&kb),
            kb,
        }
    }

    /// Runs every stage over the document, in order.
    pub fn annotate(&self, doc: &mut Document) {
        self.fill_outlet(doc);
        demarche_text::segment(doc);
        demarche_time::annotate(doc);
        self.entities.annotate(doc, &self.kb);
        self.statements.annotate(doc, &self.kb);
        self.events.annotate(doc, &self.kb);
    }

    /// Names the outlet from the URL's domain when the document did not say it.
    fn fill_outlet(&self, doc: &mut Document) {
        if doc.meta.outlet.is_some() {
            return;
        }
        let Some(url) = &doc.meta.url else { return };
        let Some(mut host) = host_of(&url.value) else {
            return;
        };
        // apnews.com, then news.example.co.uk → example.co.uk → co.uk
        loop {
            if let Some(name) = self.outlet_domains.get(host) {
                doc.meta.outlet = Some(Found::new(name.clone(), "kb:url-domain"));
                return;
            }
            match host.split_once('.') {
                Some((_, rest)) if rest.contains('.') => host = rest,
                _ => return,
            }
        }
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

fn outlet_domains(kb: &Kb) -> HashMap<String, String> {
    let mut m = HashMap::new();
    for a in kb.actors.iter().filter(|a| a.kind == ActorKind::Outlet) {
        for d in &a.domains {
            m.entry(d.trim_start_matches("www.").to_ascii_lowercase())
                .or_insert_with(|| a.name.clone());
        }
    }
    m
}

/// The host of a URL, lower case, without "www.".
fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .trim()
        .split_once("://")
        .map(|x| x.1)
        .unwrap_or(url.trim());
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.') && host.bytes().all(|b| !b.is_ascii_uppercase()))
        .then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_from_url_domain() {
        let kb = Arc::new(Kb::builtin().unwrap());
        let p = Pipeline::new(kb);
        let mut d = Document::new("a", "Officials met on Monday.");
        d.meta.url = Some(Found::new(
            "https://www.apnews.com/article/x".to_string(),
            "test",
        ));
        p.fill_outlet(&mut d);
        let o = d.meta.outlet.unwrap();
        assert_eq!(o.value, "Associated Press");
        assert_eq!(o.how, "kb:url-domain");
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://www.themoscowtimes.com/2026/01/21/x"),
            Some("themoscowtimes.com")
        );
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn annotates_a_document_end_to_end() {
        let kb = Arc::new(Kb::builtin().unwrap());
        let p = Pipeline::new(kb);
        let mut d = Document::new(
            "a",
            "Russian Foreign Minister Sergei Lavrov said on Monday that talks would resume.",
        );
        d.hash = demarche_core::sha256_hex(&d.text);
        let recs = p.records(&mut d);
        assert!(matches!(recs[0], Record::Document(_)));
        assert!(!d.sentences.is_empty() && !d.tokens.is_empty());
        assert!(recs.iter().any(|r| r.kind() == "entity"));
    }
}
