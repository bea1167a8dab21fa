//! Records: the plain serde structs that leave the pipeline, in the format of
//! `shared/spec/gold-format.md` plus provenance (`id`, `span` in characters,
//! `sentence`). Everything after the pipeline (store, analysis, exports, eval)
//! works on these.

use crate::doc::*;
use crate::span::{CharIndex, Span};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::cell::OnceCell;

/// Provenance shared by every record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prov {
    /// Stable id: kind prefix + hash of (document hash, kind, span, key).
    pub id: String,
    pub doc: String,
    /// `[start, end)` in Unicode scalar values into the stored text.
    pub span: [usize; 2],
    /// Index of the sentence holding the start of the span.
    pub sentence: usize,
    /// The sentence's text (the citation).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sentence_text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    #[serde(flatten)]
    pub prov: Prov,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub source: String,
    pub format: String,
    pub hash: String,
    pub words: usize,
    /// How each metadata field was found: field → method.
    pub found: std::collections::BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The stored text itself, only in record streams meant to be loaded
    /// into a store (`extract --text`, `export records`); the store keeps
    /// texts apart and never in this record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    #[serde(flatten)]
    pub prov: Prov,
    pub content: String,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub speaker_text: Option<String>,
    pub speaker_office: Option<String>,
    pub speaker_country: Option<String>,
    pub cue: Option<String>,
    pub form: QuoteForm,
    pub to: Option<String>,
    pub stance: Option<Stance>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SilenceRecord {
    #[serde(flatten)]
    pub prov: Prov,
    pub actor: Option<String>,
    pub actor_id: Option<String>,
    pub actor_text: Option<String>,
    pub actor_country: Option<String>,
    pub about: Option<String>,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeRecord {
    #[serde(flatten)]
    pub prov: Prov,
    pub text: String,
    #[serde(rename = "type")]
    pub ttype: TimeType,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    #[serde(flatten)]
    pub prov: Prov,
    pub name: String,
    #[serde(rename = "type")]
    pub etype: EntityType,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub kb_id: Option<String>,
    pub sector: Option<String>,
    pub office: Option<String>,
    /// Every mention, `[start, end)` in characters.
    pub mentions: Vec<[usize; 2]>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticipantRecord {
    pub name: String,
    pub id: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// Not named in the clause: taken from the passage (an implicit
    /// recipient).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    #[serde(flatten)]
    pub prov: Prov,
    pub evidence: String,
    pub event_type: String,
    pub mode: Option<String>,
    pub context: Option<String>,
    /// First actor's name and country (the gold format's flat fields).
    pub actor: Option<String>,
    pub actor_country: Option<String>,
    pub recipient: Option<String>,
    pub recipient_country: Option<String>,
    pub actors: Vec<ParticipantRecord>,
    pub recipients: Vec<ParticipantRecord>,
    pub date: Option<String>,
    pub location: Option<String>,
    pub negated: bool,
    pub hypothetical: bool,
    pub historical: bool,
    pub trigger: Option<String>,
    /// Id of the quote record this event was derived from.
    pub quote_id: Option<String>,
    /// CAMEO code and root, QuadClass, Goldstein value, PLOVER score.
    #[serde(default, flatten)]
    pub codes: EventCodes,
}

/// A crisis the analyst named (`demarche crisis add`): a blow to one state
/// from a date on. Kept in the store beside the records; the analyses join it
/// to the crises they find in the records and the knowledge base.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisDef {
    /// `u-` + a slug of the name.
    pub id: String,
    pub name: String,
    /// The state struck, ISO alpha-3.
    pub target: String,
    /// Who struck: country codes or actor ids.
    #[serde(default)]
    pub by: Vec<String>,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`; absent = the first day only.
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The text contradicts the knowledge base as of the date it speaks of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingRecord {
    #[serde(flatten)]
    pub prov: Prov,
    /// former_incumbent, title_expired, title_not_yet, title_not_in_kb.
    pub finding: FindingKind,
    /// The person's canonical name and id.
    pub entity: String,
    pub entity_id: String,
    /// The title as written.
    pub claim: String,
    /// The mention as written ("former President Donald Trump").
    pub evidence: String,
    pub as_of: String,
    /// "sentence", "published", "latest-date-in-text" or "today".
    pub basis: String,
    pub kb_says: String,
}

/// Any record, tagged by `kind` as in the gold format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Record {
    Document(DocumentRecord),
    Quote(QuoteRecord),
    Silence(SilenceRecord),
    Time(TimeRecord),
    Entity(EntityRecord),
    Event(EventRecord),
    Finding(FindingRecord),
}

impl Record {
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Document(_) => "document",
            Record::Quote(_) => "quote",
            Record::Silence(_) => "silence",
            Record::Time(_) => "time",
            Record::Entity(_) => "entity",
            Record::Event(_) => "event",
            Record::Finding(_) => "finding",
        }
    }
    pub fn prov_mut(&mut self) -> &mut Prov {
        match self {
            Record::Document(r) => &mut r.prov,
            Record::Quote(r) => &mut r.prov,
            Record::Silence(r) => &mut r.prov,
            Record::Time(r) => &mut r.prov,
            Record::Entity(r) => &mut r.prov,
            Record::Event(r) => &mut r.prov,
            Record::Finding(r) => &mut r.prov,
        }
    }
    pub fn prov(&self) -> &Prov {
        match self {
            Record::Document(r) => &r.prov,
            Record::Quote(r) => &r.prov,
            Record::Silence(r) => &r.prov,
            Record::Time(r) => &r.prov,
            Record::Entity(r) => &r.prov,
            Record::Event(r) => &r.prov,
            Record::Finding(r) => &r.prov,
        }
    }
}

/// All record kinds, in output order.
pub const KINDS: [&str; 7] = [
    "document", "entity", "time", "quote", "silence", "event", "finding",
];

/// SHA-256 of a text, as lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    let d = Sha256::digest(text.as_bytes());
    let mut s = String::with_capacity(64);
    push_hex(&mut s, &d);
    s
}

/// Appends `bytes` as lower-case hex.
fn push_hex(s: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
}

fn record_id(doc_hash: &str, kind: &str, span: Span, key: &str) -> String {
    let mut h = Sha256::new();
    h.update(doc_hash.as_bytes());
    h.update(kind.as_bytes());
    h.update(span.start.to_le_bytes());
    h.update(span.end.to_le_bytes());
    h.update(key.as_bytes());
    let d = h.finalize();
    let mut s = String::with_capacity(kind.len() + 17);
    s.push_str(&kind[..1]);
    s.push('-');
    push_hex(&mut s, &d[..8]);
    s
}

/// Collapses runs of white space into one space and trims.
pub fn squash_ws(s: &str) -> String {
    // Most sentences hold single ASCII spaces only: copy them whole.
    let t = s.trim();
    let b = t.as_bytes();
    let simple = !b.windows(2).any(|w| w == b"  ")
        && !b
            .iter()
            .any(|&c| matches!(c, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        && (t.is_ascii() || !t.chars().any(|c| c.is_whitespace() && c != ' '));
    if simple {
        return t.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Builds records from an annotated document.
pub struct RecordBuilder<'a> {
    doc: &'a Document,
    idx: CharIndex,
    with_sentence_text: bool,
    /// Each sentence's squashed text, made once for all its records.
    sentence_texts: Vec<OnceCell<String>>,
}

impl<'a> RecordBuilder<'a> {
    pub fn new(doc: &'a Document) -> Self {
        RecordBuilder {
            doc,
            idx: CharIndex::new(&doc.text),
            with_sentence_text: true,
            sentence_texts: vec![OnceCell::new(); doc.sentences.len()],
        }
    }

    /// Leave out `sentence_text` (smaller output).
    pub fn without_sentence_text(mut self) -> Self {
        self.with_sentence_text = false;
        self
    }

    fn prov(&self, kind: &str, span: Span, key: &str) -> Prov {
        let sentence = self.doc.sentence_at(span.start).unwrap_or(0);
        let sentence_text = if self.with_sentence_text {
            self.doc
                .sentences
                .get(sentence)
                .zip(self.sentence_texts.get(sentence))
                .map(|(s, text)| {
                    text.get_or_init(|| squash_ws(self.doc.slice(s.span)))
                        .clone()
                })
                .unwrap_or_default()
        } else {
            String::new()
        };
        Prov {
            id: record_id(&self.doc.hash, kind, span, key),
            doc: self.doc.id.clone(),
            span: self.idx.char_span(span),
            sentence,
            sentence_text,
        }
    }

    fn text(&self, span: Span) -> String {
        squash_ws(self.doc.slice(span))
    }

    fn entity_name(&self, e: u32) -> Option<&Entity> {
        self.doc.entities.get(e as usize)
    }

    fn entity_id(&self, e: u32) -> Option<String> {
        self.entity_name(e).map(entity_key)
    }

    pub fn document(&self) -> DocumentRecord {
        let d = self.doc;
        let m = &d.meta;
        let mut found = std::collections::BTreeMap::new();
        let fields: [(&str, &Option<Found<String>>); 6] = [
            ("title", &m.title),
            ("published", &m.published),
            ("outlet", &m.outlet),
            ("byline", &m.byline),
            ("url", &m.url),
            ("dateline", &m.dateline),
        ];
        for (k, v) in fields {
            if let Some(f) = v {
                found.insert(k.to_string(), f.how.clone());
            }
        }
        if let Some(a) = &d.anchor {
            found.insert("anchor".into(), format!("{} ({})", a.value, a.how));
        }
        let v = |f: &Option<Found<String>>| f.as_ref().map(|f| f.value.clone());
        let mut prov = self.prov("document", Span::new(0, d.text.len()), "");
        prov.sentence_text.clear();
        DocumentRecord {
            prov,
            title: v(&m.title),
            published: v(&m.published),
            outlet: v(&m.outlet),
            byline: v(&m.byline),
            url: v(&m.url),
            source: d.origin.path.clone(),
            format: d.origin.format.clone(),
            hash: d.hash.clone(),
            words: d.word_count(),
            found,
            warnings: d.warnings.clone(),
            text: None,
        }
    }

    pub fn entities(&self) -> Vec<EntityRecord> {
        let d = self.doc;
        let mut per: Vec<Vec<&Mention>> = vec![Vec::new(); d.entities.len()];
        for m in &d.mentions {
            if let Some(v) = per.get_mut(m.entity as usize) {
                v.push(m);
            }
        }
        let mut out = Vec::new();
        for (e, ms) in d.entities.iter().zip(per) {
            if ms.is_empty() {
                continue;
            }
            let mut aliases: Vec<String> = Vec::new();
            for m in &ms {
                if m.kind == MentionKind::Pronoun {
                    continue;
                }
                let t = self.text(m.span);
                if !t.eq_ignore_ascii_case(&e.name)
                    && !aliases.iter().any(|a| a.eq_ignore_ascii_case(&t))
                {
                    aliases.push(t);
                }
            }
            out.push(EntityRecord {
                prov: self.prov("entity", ms[0].span, &e.name),
                name: e.name.clone(),
                etype: e.etype,
                country: e.country.clone(),
                aliases,
                kb_id: Some(entity_key(e)),
                sector: e.sector.clone(),
                office: e.office.clone(),
                mentions: ms.iter().map(|m| self.idx.char_span(m.span)).collect(),
            });
        }
        out
    }

    pub fn times(&self) -> Vec<TimeRecord> {
        self.doc
            .times
            .iter()
            .map(|t| TimeRecord {
                prov: self.prov("time", t.span, &t.value),
                text: self.text(t.span),
                ttype: t.ttype,
                value: t.value.clone(),
            })
            .collect()
    }

    pub fn quotes(&self) -> Vec<QuoteRecord> {
        self.doc.quotes.iter().map(|q| self.quote(q)).collect()
    }

    fn quote_id(&self, q: &Quote) -> String {
        let key: String = q
            .content
            .iter()
            .map(|c| format!("{}-{};", c.start, c.end))
            .collect();
        record_id(&self.doc.hash, "quote", q.span, &key)
    }

    fn quote(&self, q: &Quote) -> QuoteRecord {
        let content = q
            .content
            .iter()
            .map(|s| self.text(*s))
            .collect::<Vec<_>>()
            .join(" … ");
        let ent = q.speaker.and_then(|e| self.entity_name(e));
        let speaker = ent
            .map(|e| e.name.clone())
            .or_else(|| q.speaker_name.clone());
        let mut prov = self.prov("quote", q.span, "");
        prov.id = self.quote_id(q);
        QuoteRecord {
            prov,
            content,
            speaker,
            speaker_id: q.speaker.and_then(|e| self.entity_id(e)),
            speaker_text: q.speaker_span.map(|s| self.text(s)),
            speaker_office: ent.and_then(|e| e.office.clone()),
            speaker_country: ent.and_then(|e| e.country.clone()),
            cue: q.cue.map(|s| self.text(s)),
            form: q.form,
            to: q.to.clone(),
            stance: q.stance,
        }
    }

    pub fn silences(&self) -> Vec<SilenceRecord> {
        self.doc
            .silences
            .iter()
            .map(|s| {
                let ent = s.actor.and_then(|e| self.entity_name(e));
                SilenceRecord {
                    prov: self.prov("silence", s.span, ""),
                    actor: ent.map(|e| e.name.clone()).or_else(|| s.actor_name.clone()),
                    actor_id: s.actor.and_then(|e| self.entity_id(e)),
                    actor_text: s.actor_span.map(|sp| self.text(sp)),
                    actor_country: ent.and_then(|e| e.country.clone()),
                    about: s.about.clone(),
                    evidence: self.text(s.span),
                }
            })
            .collect()
    }

    fn participant(&self, p: &Participant) -> ParticipantRecord {
        ParticipantRecord {
            name: p.name.clone(),
            id: p.entity.and_then(|e| self.entity_id(e)),
            country: p.country.clone(),
            sector: p.sector.clone(),
            inferred: p.span.is_none(),
        }
    }

    pub fn events(&self) -> Vec<EventRecord> {
        self.doc
            .events
            .iter()
            .map(|e| {
                let actors: Vec<_> = e.actors.iter().map(|p| self.participant(p)).collect();
                let recipients: Vec<_> = e.recipients.iter().map(|p| self.participant(p)).collect();
                let key = format!(
                    "{}|{}|{}",
                    e.event_type,
                    actors.first().map(|a| a.name.as_str()).unwrap_or(""),
                    recipients.first().map(|a| a.name.as_str()).unwrap_or("")
                );
                EventRecord {
                    prov: self.prov("event", e.span, &key),
                    evidence: self.text(e.span),
                    event_type: e.event_type.clone(),
                    mode: e.mode.clone(),
                    context: e.context.clone(),
                    actor: actors.first().map(|a| a.name.clone()),
                    actor_country: actors.first().and_then(|a| a.country.clone()),
                    recipient: recipients.first().map(|a| a.name.clone()),
                    recipient_country: recipients.first().and_then(|a| a.country.clone()),
                    actors,
                    recipients,
                    date: e.date.clone(),
                    location: e.location.clone(),
                    negated: e.negated,
                    hypothetical: e.hypothetical,
                    historical: e.historical,
                    trigger: e.trigger.map(|s| self.text(s)),
                    quote_id: e
                        .quote
                        .and_then(|q| self.doc.quotes.get(q as usize))
                        .map(|q| self.quote_id(q)),
                    codes: e.codes.clone(),
                }
            })
            .collect()
    }

    pub fn findings(&self) -> Vec<FindingRecord> {
        self.doc
            .findings
            .iter()
            .filter_map(|f| {
                let e = self.entity_name(f.entity)?;
                Some(FindingRecord {
                    prov: self.prov("finding", f.span, f.kind.as_str()),
                    finding: f.kind,
                    entity: e.name.clone(),
                    entity_id: entity_key(e),
                    claim: f.claim.clone(),
                    evidence: self.text(f.span),
                    as_of: f.as_of.clone(),
                    basis: f.basis.clone(),
                    kb_says: f.kb_says.clone(),
                })
            })
            .collect()
    }

    /// Every record of the document, document record first.
    pub fn all(&self) -> Vec<Record> {
        let mut out = vec![Record::Document(self.document())];
        out.extend(self.entities().into_iter().map(Record::Entity));
        out.extend(self.times().into_iter().map(Record::Time));
        out.extend(self.quotes().into_iter().map(Record::Quote));
        out.extend(self.silences().into_iter().map(Record::Silence));
        out.extend(self.events().into_iter().map(Record::Event));
        out.extend(self.findings().into_iter().map(Record::Finding));
        out
    }
}

/// The id an entity is known by across documents: its knowledge-base id, or a
/// document-local id `local:<normalized name>`.
pub fn entity_key(e: &Entity) -> String {
    match &e.kb_id {
        Some(id) => id.clone(),
        None => {
            let mut s = String::from("local:");
            for c in e.name.chars() {
                if c.is_alphanumeric() {
                    s.extend(c.to_lowercase());
                } else if !s.ends_with('-') {
                    s.push('-');
                }
            }
            s.trim_end_matches('-').to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_carry_char_spans_and_sentence() {
        let mut d = Document::new("a.txt", "“Hé” said Ann. Then Bob left.");
        d.hash = sha256_hex(&d.text);
        let b = d.text.find("Then").unwrap();
        d.sentences = vec![
            Sentence {
                span: Span::new(0, b - 1),
                ..Default::default()
            },
            Sentence {
                span: Span::new(b, d.text.len()),
                ..Default::default()
            },
        ];
        d.times.push(TimeX {
            span: Span::new(b, b + 4),
            ttype: TimeType::Date,
            value: "PAST_REF".into(),
        });
        let rb = RecordBuilder::new(&d);
        let t = &rb.times()[0];
        assert_eq!(t.prov.sentence, 1);
        let chars: Vec<char> = d.text.chars().collect();
        let s: String = chars[t.prov.span[0]..t.prov.span[1]].iter().collect();
        assert_eq!(s, "Then");
        let json = serde_json::to_string(&Record::Time(t.clone())).unwrap();
        assert!(json.contains("\"kind\":\"time\""));
        assert!(json.contains("\"type\":\"DATE\""));
    }

    #[test]
    fn squash() {
        assert_eq!(squash_ws("  a \n\n b  "), "a b");
        assert_eq!(squash_ws("one space only"), "one space only");
        assert_eq!(
            squash_ws("curly “quotes” and\u{a0}a no-break space"),
            "curly “quotes” and a no-break space"
        );
        assert_eq!(squash_ws("tab\there"), "tab here");
        assert_eq!(squash_ws(" \n "), "");
    }

    #[test]
    fn local_keys() {
        let e = Entity {
            name: "Julian Waller".into(),
            etype: EntityType::Person,
            country: None,
            kb_id: None,
            sector: None,
            office: None,
        };
        assert_eq!(entity_key(&e), "local:julian-waller");
    }
}
