//! PLOVER event coding: who did what to whom, when.
//!
//! The coder owns `Document::events`. It finds trigger words and phrases of
//! the lexicon (`data/lexicon/events.toml`) with one Aho-Corasick automaton
//! over the text, then works on tokens: it cuts each sentence into clauses,
//! picks the actor (the subject, possessor or adjective before the trigger,
//! the by-agent of a passive) and the recipient (the first side after the
//! trigger), resolves both through the entity mentions (falling back on
//! country words of the knowledge base), and sets the negated, hypothetical
//! and historical flags from cue words of the clause. Statements whose stance
//! is an act (condemning, demanding, praising, denying, threatening) become
//! events of their speaker too.

mod clause;
mod fallback;
mod lexicon;
mod scores;
mod statements;

use clause::{Sentence, Side};
use demarche_core::{
    Document, EntityType, Event, MentionKind, Participant, Span, TokKind, ZoneKind,
};
use demarche_kb::Kb;
use fallback::CountryWords;
use lexicon::{class, Lexicon};
use scores::Scores;

/// Built once (lexicon compiled); shared by all threads.
pub struct EventCoder {
    lex: Lexicon,
    countries: CountryWords,
    scores: Scores,
}

/// A trigger found in the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Trigger {
    /// First token and one past the last token (document indices).
    pub t0: usize,
    pub t1: usize,
    /// Index into the lexicon's trigger entries.
    pub entry: u32,
}

impl EventCoder {
    /// Compiles the lexicon and the fallback country words (from the
    /// knowledge base in use, user files included).
    pub fn new(kb: &Kb) -> EventCoder {
        EventCoder {
            lex: Lexicon::embedded(),
            countries: CountryWords::from_kb(kb),
            scores: Scores::embedded(),
        }
    }

    /// Fills `doc.events` from the sentences, tokens, times, mentions and
    /// quotes already annotated. Entity lookups go through the document's
    /// mentions; `kb` is not consulted beyond what [`EventCoder::new`] took.
    pub fn annotate(&self, doc: &mut Document, kb: &Kb) {
        let _ = kb;
        doc.events.clear();
        if doc.sentences.is_empty() || doc.tokens.is_empty() {
            return;
        }
        let triggers = self.find_triggers(doc);
        let mut events = Vec::new();
        let mut i = 0;
        while i < triggers.len() {
            let (si, _) = triggers[i];
            let mut j = i;
            while j < triggers.len() && triggers[j].0 == si {
                j += 1;
            }
            let trs: Vec<Trigger> = triggers[i..j]
                .iter()
                .map(|&(_, t)| t)
                .filter(|t| !inside_name(doc, t))
                .collect();
            let sent = Sentence::new(doc, si, &self.lex, &self.countries, &trs);
            sent.code(&trs, &mut events);
            i = j;
        }
        statements::code_quotes(doc, &self.lex, &self.countries, &mut events);
        self.blame_doers(doc, &mut events);
        self.inherited_recipients(doc, &mut events);
        self.implicit_recipients(doc, &mut events);
        self.scores.fill(&mut events);
        doc.events = events;
    }

    /// "Lima condemned the military operation in Bolivia": an event of a
    /// blaming type whose object is an act (a word of `done_nouns` or an
    /// act's trigger, between its trigger and its recipient) is aimed at the
    /// act's doer. The doer is the actor of the act coded there, else of the
    /// nearest asserted act done to the same victim in the document; the
    /// recipient becomes that doer, inferred (no span).
    fn blame_doers(&self, doc: &Document, events: &mut Vec<Event>) {
        let blame = &self.lex.blame;
        if blame.types.is_empty() {
            return;
        }
        let mut extra = Vec::new();
        let is_act = |f: &Event| blame.acts.contains(&f.event_type);
        for i in 0..events.len() {
            let e = &events[i];
            let Some(tr) = e.trigger else {
                continue;
            };
            if !blame.types.contains(&e.event_type) {
                continue;
            }
            let victim = e.recipients.first();
            let end = victim
                .and_then(|v| v.span)
                .map_or(e.span.end, |s| s.start)
                .min(tr.end + 80);
            if end <= tr.end {
                continue;
            }
            // The act's noun as written ("incursion"), if any.
            let mut noun: Option<&str> = None;
            let mut t = doc.token_at_or_after(tr.end);
            while t < doc.tokens.len() && doc.tokens[t].span.start < end {
                if tok_class(doc, &self.lex, t) & class::DONE != 0 {
                    noun = Some(doc.slice(doc.tokens[t].span));
                    break;
                }
                t += 1;
            }
            let named = noun.is_some();
            let para_start = doc
                .paragraphs
                .iter()
                .find(|p| p.start <= e.span.start && e.span.start < p.end)
                .map_or(0, |p| p.start);
            // An act told with the same word ("the incursion" → "incursion
            // into"): the first five letters of the trigger agree.
            let same_word = |f: &Event| match (noun, f.trigger) {
                (Some(n), Some(ft)) => {
                    let w = doc.slice(ft);
                    let k = n.len().min(w.len()).min(5);
                    n.is_char_boundary(k)
                        && w.is_char_boundary(k)
                        && n[..k].eq_ignore_ascii_case(&w[..k])
                }
                _ => true,
            };
            let inner = events.iter().enumerate().find(|&(j, f)| {
                j != i
                    && is_act(f)
                    && f.trigger
                        .is_some_and(|ft| ft.start >= tr.end && ft.start < end)
            });
            if !named && inner.is_none() {
                continue;
            }
            let own = e.actors.first().and_then(|a| a.country.as_deref());
            let victim_country = victim.and_then(|v| v.country.as_deref());
            // The act's doer; `victim` requires the act to be done to the
            // blaming event's recipient.
            let doer_by = |f: &Event, victim: Option<&str>| -> Option<Participant> {
                if !is_act(f) || f.negated || f.hypothetical {
                    return None;
                }
                let a = f.actors.first()?;
                let c = a.country.as_deref()?;
                if Some(c) == own || Some(c) == victim {
                    return None;
                }
                if let Some(vc) = victim {
                    if !f
                        .recipients
                        .iter()
                        .any(|r| r.country.as_deref() == Some(vc))
                    {
                        return None;
                    }
                }
                Some(Participant {
                    span: None,
                    ..a.clone()
                })
            };
            let find = |victim: Option<&str>| {
                let with_doer = |f: &Event| doer_by(f, victim).map(|d| (f.trigger, d));
                let before = || {
                    events[..i]
                        .iter()
                        .rev()
                        .filter(|f| f.span.start < e.span.start)
                };
                // The document's main doer: the one that acts most often.
                let main = || {
                    let found: Vec<_> = events.iter().filter_map(with_doer).collect();
                    let count =
                        |c: &Option<String>| found.iter().filter(|x| &x.1.country == c).count();
                    found
                        .iter()
                        .enumerate()
                        .max_by_key(|(k, x)| (count(&x.1.country), std::cmp::Reverse(*k)))
                        .map(|(_, x)| x.clone())
                };
                // Its paragraph first: the act it answers is told nearby.
                let near = |f: &&Event| f.span.start >= para_start;
                inner
                    .and_then(|(_, f)| with_doer(f))
                    .or_else(|| {
                        before()
                            .filter(near)
                            .filter(|f| same_word(f))
                            .find_map(with_doer)
                    })
                    .or_else(|| before().filter(near).find_map(with_doer))
                    .or_else(|| events.iter().filter(|f| same_word(f)).find_map(with_doer))
                    .or_else(main)
            };
            // The recipient found may be a place or forum ("condemned the
            // strikes at the Security Council"): then the nearest act.
            let found = find(victim_country)
                .or_else(|| victim_country.and_then(|_| named.then(|| find(None)).flatten()));
            let doer_of = |f: &Event| doer_by(f, None);
            let Some((act, first)) = found else {
                continue;
            };
            // Every doer of that act ("US and Israeli strikes"): one event each.
            let mut doers = vec![first];
            for f in events.iter().filter(|f| act.is_some() && f.trigger == act) {
                if let Some(d) = doer_of(f) {
                    if !doers
                        .iter()
                        .any(|x| x.country == d.country && x.name == d.name)
                    {
                        doers.push(d);
                    }
                }
            }
            let template = events[i].clone();
            events[i].recipients = vec![doers[0].clone()];
            for d in doers.into_iter().skip(1) {
                let mut more = template.clone();
                more.recipients = vec![d];
                extra.push(more);
            }
        }
        events.extend(extra);
    }

    /// True for an event still waiting for an implicit recipient: a type
    /// always done to someone, no recipient, a mode with a counterpart.
    fn wants_recipient(&self, ev: &Event) -> bool {
        ev.recipients.is_empty()
            && self.lex.implicit_recipient.contains(&ev.event_type)
            && !ev
                .mode
                .as_ref()
                .is_some_and(|m| self.lex.implicit_recipient_skip_modes.contains(m))
    }

    /// "Chile bombed Slovak positions, killing 50 people": an event whose
    /// clause names no recipient but whose actor is the very side (the same
    /// words) acting in an earlier clause of its sentence shares that
    /// clause's recipients — the nearest such act (of the same type, unless
    /// the event is a participle after a comma) with a recipient other than
    /// the actor's state, one event per recipient. A recipient cited
    /// outside the event's own evidence loses its span (it is inferred).
    fn inherited_recipients(&self, doc: &Document, events: &mut Vec<Event>) {
        let mut extra = Vec::new();
        for i in 0..events.len() {
            let e = &events[i];
            if !self.wants_recipient(e) {
                continue;
            }
            let (Some(actor), Some(tr)) = (e.actors.first(), e.trigger) else {
                continue;
            };
            let Some(aspan) = actor.span else {
                continue;
            };
            let Some(si) = doc.sentence_at(e.span.start) else {
                continue;
            };
            let sent = doc.sentences[si].span;
            // The same act told again ("struck …, bombing …"), or a
            // participle hanging from the clause (", killing 50 people").
            let w = doc.slice(tr);
            let participle = w.len() > 4
                && w.ends_with("ing")
                && doc.text[..tr.start as usize].trim_end().ends_with(',');
            let shares = |f: &Event| {
                (participle || f.event_type == e.event_type)
                    && f.trigger.is_some_and(|ft| {
                        ft.end <= tr.start
                            && sent.start <= ft.start
                            && !f.negated
                            && !f.hypothetical
                    })
                    && f.actors.first().is_some_and(|a| a.span == Some(aspan))
            };
            // The nearest earlier act of the same side with a recipient.
            let Some(main) = events
                .iter()
                .filter(|f| shares(f))
                .filter(|f| {
                    f.recipients
                        .iter()
                        .any(|r| r.country.is_none() || r.country != actor.country)
                })
                .max_by_key(|f| f.trigger.map_or(0, |t| t.start))
                .and_then(|f| f.trigger)
            else {
                continue;
            };
            let mut recips: Vec<Participant> = Vec::new();
            for f in events
                .iter()
                .filter(|f| f.trigger == Some(main) && shares(f))
            {
                for r in &f.recipients {
                    if (r.country.is_some() && r.country == actor.country)
                        || recips
                            .iter()
                            .any(|x| x.name == r.name && x.country == r.country)
                    {
                        continue;
                    }
                    let mut r = r.clone();
                    r.span = r.span.filter(|s| e.span.contains(s));
                    recips.push(r);
                }
            }
            let mut recips = recips.into_iter();
            let Some(first) = recips.next() else {
                continue;
            };
            for r in recips {
                let mut more = events[i].clone();
                more.recipients = vec![r];
                extra.push(more);
            }
            events[i].recipients.push(first);
        }
        events.extend(extra);
    }

    /// Events of a type that is always done to someone but whose clause
    /// names no recipient take the state the passage is about (other than
    /// the actor's, and not a co-actor of a one-sided act): the one mentioned
    /// most in the sentence, else the paragraph, else the document; for acts
    /// (`[blame].acts`) a state named after "in", "on", "against"… counts
    /// twice.
    fn implicit_recipients(&self, doc: &Document, events: &mut [Event]) {
        if !events.iter().any(|e| self.wants_recipient(e)) {
            return;
        }
        // (start of mention, country entity index) for every state mention.
        let mut states: Vec<(u32, u32)> = doc
            .mentions
            .iter()
            .filter(|m| {
                doc.entities
                    .get(m.entity as usize)
                    .is_some_and(|e| e.etype == EntityType::Country && e.country.is_some())
            })
            .map(|m| (m.span.start, m.entity))
            .collect();
        if states.is_empty() {
            return;
        }
        states.sort_unstable();
        // A state named as where or against whom something is done ("in
        // Venezuela", "against Iran") is the likelier target of an act.
        let placed: Vec<bool> = states
            .iter()
            .map(|&(pos, _)| {
                let t = doc.token_at_or_after(pos);
                t > 0
                    && ["in", "on", "against", "into", "over", "inside"]
                        .iter()
                        .any(|w| doc.slice(doc.tokens[t - 1].span).eq_ignore_ascii_case(w))
            })
            .collect();
        // Co-actors of one clause ("Russia and China condemned …") are not
        // each other's target: (trigger, actor entity) of every event.
        let co_actors: Vec<(Option<Span>, u32)> = events
            .iter()
            .filter(|e| e.trigger.is_some())
            .flat_map(|e| {
                e.actors
                    .iter()
                    .filter_map(move |a| Some((e.trigger, a.entity?)))
            })
            .collect();
        for ev in events.iter_mut() {
            if !self.wants_recipient(ev) {
                continue;
            }
            let actor: Option<&str> = ev.actors.first().and_then(|a| a.country.as_deref());
            let Some(si) = doc.sentence_at(ev.span.start) else {
                continue;
            };
            let sent = doc.sentences[si].span;
            let para = doc
                .paragraphs
                .iter()
                .find(|p| p.start <= ev.span.start && ev.span.start < p.end)
                .copied()
                .unwrap_or(sent);
            let whole = Span::new(0, doc.text.len());
            let acts = self.lex.blame.acts.contains(&ev.event_type);
            let mine: Vec<u32> = if self.lex.symmetric.contains(&ev.event_type) {
                Vec::new()
            } else {
                co_actors
                    .iter()
                    .filter(|&&(t, _)| ev.trigger.is_some() && t == ev.trigger)
                    .map(|&(_, a)| a)
                    .collect()
            };
            for scope in [sent, para, whole] {
                let mut counts: Vec<(u32, usize)> = Vec::new();
                let from = states.partition_point(|&(pos, _)| pos < scope.start);
                for (si, &(pos, e)) in states.iter().enumerate().skip(from) {
                    if pos >= scope.end {
                        break;
                    }
                    if doc.entities[e as usize].country.as_deref() == actor || mine.contains(&e) {
                        continue;
                    }
                    let w = if acts && placed[si] { 2 } else { 1 };
                    match counts.iter_mut().find(|c| c.0 == e) {
                        Some(c) => c.1 += w,
                        None => counts.push((e, w)),
                    }
                }
                // Most mentioned; ties go to the first mentioned.
                if let Some(&(e, _)) = counts.iter().rev().max_by_key(|c| c.1) {
                    let ent = &doc.entities[e as usize];
                    ev.recipients.push(Participant {
                        span: None,
                        entity: Some(e),
                        name: ent.name.clone(),
                        country: ent.country.clone(),
                        sector: ent.sector.clone(),
                    });
                    break;
                }
            }
        }
    }

    /// Every trigger match on word boundaries, outside skipped zones, as
    /// (sentence index, trigger), in text order.
    fn find_triggers(&self, doc: &Document) -> Vec<(usize, Trigger)> {
        let text = doc.text.as_bytes();
        let mut out = Vec::new();
        for m in self.lex.automaton.find_iter(&doc.text) {
            let (s, e) = (m.start(), m.end());
            let before_ok = s == 0 || !is_word_byte(text[s - 1]);
            let after_ok = e >= text.len() || !is_word_byte(text[e]);
            if !before_ok || !after_ok {
                continue;
            }
            let t0 = doc.token_at_or_after(s as u32);
            let t1 = doc.token_at_or_after(e as u32);
            if t0 >= t1 || t1 > doc.tokens.len() {
                continue;
            }
            if doc.tokens[t0].span.start as usize != s || doc.tokens[t1 - 1].span.end as usize != e
            {
                continue;
            }
            let Some(si) = doc.sentence_at(s as u32) else {
                continue;
            };
            let sent = &doc.sentences[si];
            if (t1 as u32) > sent.tok_end {
                continue;
            }
            if matches!(
                doc.zone_at(s as u32),
                Some(
                    ZoneKind::Url
                        | ZoneKind::Notes
                        | ZoneKind::Furniture
                        | ZoneKind::Meta
                        | ZoneKind::Title
                )
            ) {
                continue;
            }
            let entry = self.lex.pattern_entry[m.pattern().as_usize()];
            out.push((si, Trigger { t0, t1, entry }));
        }
        out
    }
}

/// Letters, digits, hyphens and apostrophes continue a word; any other byte
/// (space, punctuation, the lead byte of a typographic quote) ends it.
#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80 && b != 0xE2
}

/// True when the trigger is part of the name of a body, group or person
/// ("Collective Security Treaty Organization", "Operation Absolute Resolve").
fn inside_name(doc: &Document, tr: &Trigger) -> bool {
    let (Some(first), Some(last)) = (
        doc.tokens.get(tr.t0),
        doc.tokens.get(tr.t1.saturating_sub(1)),
    ) else {
        return false;
    };
    let span = first.span.cover(&last.span);
    let from = doc
        .mentions
        .partition_point(|m| m.span.end <= span.start)
        .saturating_sub(8);
    doc.mentions[from..]
        .iter()
        .take_while(|m| m.span.start <= span.start)
        .filter(|m| m.span.contains(&span) && m.span != span)
        .filter(|m| matches!(m.kind, MentionKind::Name | MentionKind::Partial))
        .any(|m| {
            doc.entities.get(m.entity as usize).is_some_and(|e| {
                matches!(
                    e.etype,
                    EntityType::Org | EntityType::Group | EntityType::Person | EntityType::Event
                )
            })
        })
}

/// A participant for one side.
pub(crate) fn participant(doc: &Document, countries: &CountryWords, side: &Side) -> Participant {
    match *side {
        Side::Entity { span, entity } => {
            let e = doc.entities.get(entity as usize);
            let country = e.and_then(|e| {
                e.country
                    .clone()
                    .or_else(|| (e.sector.as_deref() == Some("IGO")).then(|| "IGO".to_string()))
            });
            Participant {
                span: Some(span),
                entity: Some(entity),
                name: e
                    .map(|e| e.name.clone())
                    .unwrap_or_else(|| doc.slice(span).to_string()),
                country,
                sector: e.and_then(|e| e.sector.clone()),
            }
        }
        Side::Country {
            span,
            country,
            adjective,
        } => {
            let r = countries.get(country);
            let name = if adjective {
                demarche_core::squash_ws(doc.slice(span))
            } else {
                r.map(|r| r.name.clone()).unwrap_or_default()
            };
            Participant {
                span: Some(span),
                entity: None,
                name,
                country: r.map(|r| r.code.clone()),
                sector: r.and_then(|r| r.sector.clone()),
            }
        }
    }
}

/// An event with the flags and date left for the caller.
pub(crate) fn new_event(span: Span, trigger: Option<Span>, event_type: &str) -> Event {
    Event {
        span,
        trigger,
        event_type: event_type.to_string(),
        mode: None,
        context: None,
        actors: Vec::new(),
        recipients: Vec::new(),
        date: None,
        location: None,
        negated: false,
        hypothetical: false,
        historical: false,
        quote: None,
        codes: Default::default(),
    }
}

/// The TIMEX3 value of the DATE/TIME expression inside `within` nearest to
/// `pos` (calendar values only: "2026-01-07", "2025-06", "2022").
pub(crate) fn date_near(doc: &Document, within: Span, pos: u32) -> Option<String> {
    date_near_at(doc, within, pos).map(|(_, v)| v)
}

/// [`date_near`] with where the expression starts.
pub(crate) fn date_near_at(doc: &Document, within: Span, pos: u32) -> Option<(u32, String)> {
    let from = doc.times.partition_point(|t| t.span.end <= within.start);
    let mut best: Option<(u32, u32, &str)> = None;
    for t in &doc.times[from..] {
        if t.span.start >= within.end {
            break;
        }
        if !within.contains(&t.span)
            || !t
                .value
                .as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii_digit())
        {
            continue;
        }
        if matches!(
            t.ttype,
            demarche_core::TimeType::Duration | demarche_core::TimeType::Set
        ) {
            continue;
        }
        let d = if t.span.start > pos {
            t.span.start - pos
        } else {
            pos - t.span.end.min(pos)
        };
        if best.is_none_or(|(bd, _, _)| d < bd) {
            best = Some((d, t.span.start, &t.value));
        }
    }
    best.map(|(_, at, v)| (at, v.to_string()))
}

/// (year, month, day) of a calendar TIMEX3 value, taking the last day of a
/// year or month ("2025" → 2025-12-31).
fn period_end(v: &str) -> Option<(u32, u32, u32)> {
    let num = |r: std::ops::Range<usize>| v.get(r).and_then(|s| s.parse::<u32>().ok());
    let y = num(0..4)?;
    let m = num(5..7).unwrap_or(12);
    let d = num(8..10).unwrap_or(31);
    Some((y, m, d))
}

/// True when `date` ends more than about a month before the anchor.
pub(crate) fn before_anchor(doc: &Document, date: &str) -> bool {
    let Some(anchor) = doc.anchor.as_ref().and_then(|a| period_end(&a.value)) else {
        return false;
    };
    let Some(d) = period_end(date) else {
        return false;
    };
    let days = |(y, m, d): (u32, u32, u32)| y * 372 + m * 31 + d;
    days(d) + 31 < days(anchor)
}

/// True for a word token whose first letter is lower case.
#[inline]
pub(crate) fn is_lower_word(doc: &Document, t: usize) -> bool {
    let tok = &doc.tokens[t];
    tok.kind == TokKind::Word && !tok.is(demarche_core::TOK_CAP)
}

/// Class bits of token `t`.
#[inline]
pub(crate) fn tok_class(doc: &Document, lex: &Lexicon, t: usize) -> u16 {
    let tok = &doc.tokens[t];
    match tok.kind {
        TokKind::Word | TokKind::Punct => lex.class(doc.slice(tok.span)),
        _ => 0,
    }
}

#[cfg(test)]
mod tests;

pub(crate) use class as word_class;
