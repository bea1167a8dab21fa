//! Events from statements: a quote whose stance is an act (condemning,
//! demanding, praising, denying, threatening) is an event of its speaker
//! towards the first other side its words name.

use crate::clause::{Sentence, Side};
use crate::fallback::CountryWords;
use crate::lexicon::class;
use crate::lexicon::Lexicon;
use crate::{before_anchor, date_near, new_event, tok_class};
use demarche_core::{Document, EntityType, Event, Participant};

/// Appends one event per quote whose stance maps to an event type, unless a
/// trigger already coded the same event over the same words.
pub(crate) fn code_quotes(
    doc: &Document,
    lex: &Lexicon,
    countries: &CountryWords,
    events: &mut Vec<Event>,
) {
    let coded = events.len();
    for (qi, q) in doc.quotes.iter().enumerate() {
        let Some(mut code) = q.stance.and_then(|s| lex.stances.get(s.as_str())) else {
            continue;
        };
        let dup = events[..coded].iter().any(|e| {
            (e.event_type == code.event_type && e.span.overlaps(&q.span))
                || e.trigger
                    .is_some_and(|t| q.cue.is_some_and(|c| c.overlaps(&t)))
        });
        if dup {
            continue;
        }
        let content = match (q.content.first(), q.content.last()) {
            (Some(f), Some(l)) => f.cover(l),
            _ => q.span,
        };
        if content.is_empty() || content.end as usize > doc.text.len() {
            continue;
        }
        if let Some(alt) = &code.if_not_future {
            if !speaks_of_future(doc, lex, content) {
                code = alt;
            }
        }
        let acts_for_polity = q
            .speaker
            .and_then(|e| doc.entities.get(e as usize))
            .is_some_and(|e| match e.sector.as_deref() {
                Some(sec) => lex.statement_sectors.iter().any(|s| s == sec),
                None => {
                    e.etype == EntityType::Country
                        || e.office.as_deref().is_some_and(|o| {
                            let o = o.to_ascii_lowercase();
                            !lex.commentator_words.iter().any(|w| o.contains(w.as_str()))
                        })
                }
            });
        if !acts_for_polity {
            continue;
        }
        let speaker = match (q.speaker, &q.speaker_name) {
            (Some(e), _) if (e as usize) < doc.entities.len() => {
                let span = q.speaker_span.unwrap_or(q.span);
                Some(crate::participant(
                    doc,
                    countries,
                    &Side::Entity { span, entity: e },
                ))
            }
            (_, Some(name)) => Some(Participant {
                span: q.speaker_span,
                entity: None,
                name: name.clone(),
                country: None,
                sector: None,
            }),
            _ => None,
        };
        let speaker_country = speaker.as_ref().and_then(|p| p.country.clone());
        let target = doc.sentence_at(content.start).and_then(|si| {
            let sent = Sentence::new(doc, si, lex, countries, &[]);
            sent.first_side_in(content, speaker_country.as_deref())
        });
        if speaker.is_none() && target.is_none() {
            continue;
        }
        let mut ev = new_event(content, q.cue, &code.event_type);
        ev.mode = code.mode.clone();
        ev.context = Some("diplomatic".to_string());
        ev.hypothetical = code.hypothetical;
        ev.quote = Some(qi as u32);
        ev.date = date_near(doc, q.span, content.start).or_else(|| {
            let s = doc.sentence_at(q.span.start)?;
            date_near(doc, doc.sentences[s].span, content.start)
        });
        ev.historical = ev.date.as_deref().is_some_and(|d| before_anchor(doc, d));
        ev.actors.extend(speaker);
        if let Some(side) = target {
            ev.recipients
                .push(crate::participant(doc, countries, &side));
        }
        events.push(ev);
    }
}

/// True when the words of `span` hold a modal, future, condition or
/// consequence ("will respond", "could", "if", "consequences").
pub(crate) fn speaks_of_future(doc: &Document, lex: &Lexicon, span: demarche_core::Span) -> bool {
    let mut t = doc.token_at_or_after(span.start);
    while t < doc.tokens.len() && doc.tokens[t].span.end <= span.end {
        if tok_class(doc, lex, t) & (class::HYP | class::CONSEQ) != 0 {
            return true;
        }
        t += 1;
    }
    false
}
