//! One sentence seen by the coder: its clauses, the sides (entity mentions
//! and country words) it names, and the coding of its triggers into events.

use crate::fallback::CountryWords;
use crate::lexicon::Lexicon;
use crate::word_class as class;
use crate::{before_anchor, date_near, is_lower_word, new_event, participant, tok_class, Trigger};
use demarche_core::{
    Document, EntityType, Event, MentionKind, Participant, Span, TokKind, TOK_CAP,
};

/// Personal pronouns in subject form.
const PERSONAL_PRONOUNS: [&str; 5] = ["he", "she", "they", "it", "we"];

/// How many tokens a clause may hold before its evidence span is cut down
/// around the trigger.
const WIDE_BEFORE: usize = 12;
const WIDE_AFTER: usize = 14;

/// A side of an event as found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// An entity mention.
    Entity { span: Span, entity: u32 },
    /// A country word of the knowledge base with no mention over it;
    /// `adjective` when it modifies a following noun ("Russian troops").
    Country {
        span: Span,
        country: u32,
        adjective: bool,
    },
}

/// A side and the tokens it covers.
#[derive(Clone, Copy, Debug)]
struct Slot {
    t0: usize,
    t1: usize,
    side: Side,
    /// Country word before the mention ("Venezuelan leader Maduro"), used
    /// when the entity has no country of its own.
    hint: Option<u32>,
    /// Names a person (for "capture" of a person vs a place).
    person: bool,
    /// A pronoun, demonym or bare adjective: as a recipient of the actor's
    /// own country it is the actor's own side ("its forces", "Russian missiles").
    weak: bool,
}

/// The analysed sentence.
pub(crate) struct Sentence<'a> {
    doc: &'a Document,
    lex: &'a Lexicon,
    countries: &'a CountryWords,
    /// Token range (document indices).
    s0: usize,
    s1: usize,
    /// Byte span of the sentence.
    span: Span,
    /// Class bits per token of the sentence.
    cls: Vec<u16>,
    /// Clause number per token of the sentence.
    clause: Vec<u16>,
    slots: Vec<Slot>,
    /// Quoted or reported words in the sentence (statement contents).
    quoted: Vec<Span>,
}

impl<'a> Sentence<'a> {
    /// Analyses sentence `si`; `trs` are its triggers.
    pub fn new(
        doc: &'a Document,
        si: usize,
        lex: &'a Lexicon,
        countries: &'a CountryWords,
        trs: &[Trigger],
    ) -> Sentence<'a> {
        let s = &doc.sentences[si];
        let (s0, s1) = (
            s.tok_start as usize,
            (s.tok_end as usize).min(doc.tokens.len()),
        );
        // Structural classes only: the act and consequence words are read by
        // the document-level passes.
        let cls: Vec<u16> = (s0..s1)
            .map(|t| tok_class(doc, lex, t) & !(class::DONE | class::CONSEQ))
            .collect();
        let mut sent = Sentence {
            doc,
            lex,
            countries,
            s0,
            s1,
            span: s.span,
            cls,
            clause: Vec::new(),
            slots: Vec::new(),
            quoted: doc
                .quotes
                .iter()
                .flat_map(|q| q.content.iter().copied())
                .filter(|c| c.overlaps(&s.span))
                .collect(),
        };
        sent.slots = sent.find_slots(trs);
        sent.clause = sent.clauses(trs);
        sent
    }

    #[inline]
    fn cls(&self, t: usize) -> u16 {
        if t >= self.s0 && t < self.s1 {
            self.cls[t - self.s0]
        } else {
            0
        }
    }

    #[inline]
    fn word(&self, t: usize) -> &str {
        self.doc.slice(self.doc.tokens[t].span)
    }

    #[inline]
    fn word_is(&self, t: usize, w: &str) -> bool {
        t < self.s1 && self.word(t).eq_ignore_ascii_case(w)
    }

    /// Clause numbers: a new clause after clause punctuation, at an opener
    /// after a comma, and at "and"/"but" right before a trigger.
    fn clauses(&self, trs: &[Trigger]) -> Vec<u16> {
        let doc = self.doc;
        let mut out = Vec::with_capacity(self.s1 - self.s0);
        let mut id = 0u16;
        let mut bump_next = false;
        let mut first = self.s0;
        for t in self.s0..self.s1 {
            if bump_next {
                id = id.saturating_add(1);
                bump_next = false;
                first = t;
            }
            let tok = &doc.tokens[t];
            let c = self.cls(t);
            if tok.kind == TokKind::Punct {
                let w = self.word(t);
                let comma = w == ",";
                // A new clause after clause punctuation, at an opener after a
                // comma ("…, which"), and after the first comma of a clause
                // opened by a subordinator ("When the talks failed, Chile …").
                let opener = comma
                    && t + 1 < self.s1
                    && self.cls(t + 1) & class::OPENER != 0
                    && !(self.word_is(t + 1, "as") && self.word_is(t + 2, "well"))
                    && !self.last_list_item(t + 1);
                let after_sub = comma && self.cls(first) & class::SUB != 0 && t > first + 2;
                bump_next = c & class::PUNCT != 0 || opener || after_sub;
            } else if tok.kind == TokKind::Word
                && (self.word_is(t, "and") || self.word_is(t, "but"))
            {
                let mut n = t + 1;
                if n < self.s1 && is_lower_word(doc, n) && self.word(n).ends_with("ly") {
                    n += 1;
                }
                if (trs.iter().any(|tr| tr.t0 == n) && t > self.s0 && self.word(t - 1) != ",")
                    || self.new_subject_after(t, first, trs)
                    || self.new_verb_after(t, first, trs)
                {
                    id = id.saturating_add(1);
                }
            } else if tok.kind == TokKind::Word
                && ["as", "while", "because", "after", "before", "when"]
                    .iter()
                    .any(|w| self.word_is(t, w))
                && self.subject_and_verb_at(t + 1, trs)
                && self.has_verb(first, t, trs)
            {
                // "… ordered the closure as he sought closer ties": a
                // subordinate clause with its own subject, without a comma.
                id = id.saturating_add(1);
                first = t;
            }
            out.push(id);
        }
        out
    }

    /// True when the conjunction at `t` opens a clause with its own subject
    /// and verb ("… moved troops to the border and Peru closed its
    /// ports"): a side follows it, then a verb, and the clause since
    /// `first` already has a verb of its own (so "Russia and the U.S.
    /// signed" stays one subject).
    fn new_subject_after(&self, t: usize, first: usize, trs: &[Trigger]) -> bool {
        let mut n = t + 1;
        if n < self.s1 && self.cls(n) & class::DET != 0 && is_lower_word(self.doc, n) {
            n += 1;
        }
        let Some(k) = self.slot_starting_at(n) else {
            return false;
        };
        let v = self.slots[k].t1;
        let adjective = matches!(
            self.slots[k].side,
            Side::Country {
                adjective: true,
                ..
            }
        );
        let past_trigger = trs.iter().any(|tr| tr.t0 == v) && self.word(v).ends_with("ed");
        if v >= self.s1 || adjective || !(self.verb_like(v) || past_trigger) {
            return false;
        }
        self.has_verb(first, t, trs)
    }

    /// True when the conjunction at `t` opens a verb phrase of the same
    /// subject ("… froze its membership and has conducted exercises") and
    /// the clause since `first` already has a verb.
    fn new_verb_after(&self, t: usize, first: usize, trs: &[Trigger]) -> bool {
        let mut n = t + 1;
        while n < self.s1 && n < t + 4 {
            let w = self.word(n);
            if !is_lower_word(self.doc, n) {
                return false;
            }
            if self.verb_like(n) && !["has", "have", "had"].contains(&w) {
                break;
            }
            if !(w.ends_with("ly") || ["has", "have", "had", "also", "then"].contains(&w)) {
                return false;
            }
            n += 1;
        }
        n < self.s1 && n < t + 4 && self.has_verb(first, t, trs)
    }

    /// True when `[from, to)` holds a finite verb: a verb-like word or a
    /// verbal trigger (one not after a determiner), outside any side.
    fn has_verb(&self, from: usize, to: usize, trs: &[Trigger]) -> bool {
        (from..to).any(|u| {
            let verbal = trs.iter().any(|tr| tr.t0 == u)
                && is_lower_word(self.doc, u)
                && (u == 0 || self.cls(u - 1) & class::DET == 0);
            (verbal || self.verb_like(u)) && !self.slots.iter().any(|s| s.t0 <= u && u < s.t1)
        })
    }

    /// True for ", and Tajikistan," or ", and Peru." — the last item of a list,
    /// not a new clause.
    fn last_list_item(&self, t: usize) -> bool {
        if !self.word_is(t, "and") && !self.word_is(t, "or") {
            return false;
        }
        match self.slot_starting_at(t + 1) {
            Some(k) => {
                let e = self.slots[k].t1;
                e >= self.s1 || self.doc.tokens[e].kind == TokKind::Punct
            }
            None => false,
        }
    }

    /// True when a subject (a personal pronoun or a side) starts at `n` and
    /// a verb follows it.
    fn subject_and_verb_at(&self, n: usize, trs: &[Trigger]) -> bool {
        let after = if self.personal_pronoun(n) {
            n + 1
        } else {
            match self.slot_starting_at(n) {
                Some(k) => self.slots[k].t1,
                None => return false,
            }
        };
        after < self.s1 && (self.verb_like(after) || trs.iter().any(|tr| tr.t0 == after))
    }

    /// True for a personal pronoun in subject form at `t` ("it", "they").
    fn personal_pronoun(&self, t: usize) -> bool {
        PERSONAL_PRONOUNS.iter().any(|w| self.word_is(t, w))
    }

    /// The subject of a verb reported in the complement of a reporting verb
    /// of `[lo, hi)` ("the ministry said the Chilean attack had killed …"):
    /// `None` when no such complement leads straight to the verb at `hi`,
    /// else the side opening the complement — `Some(None)` when the
    /// complement plainly opens with a subject that is no side ("said that
    /// …", "said the attack …", "said gunmen had …"): the reporter is not the actor of
    /// what it reports. A personal pronoun in the complement ("Lima said it
    /// had struck …") speaks for the reporter, and another verb between the
    /// complement's subject and `hi` makes it the subject of that verb: no
    /// rule then. After "told Peru the Chilean navy …" the first side is
    /// the one told and the subject follows it.
    fn reported_subject(&self, lo: usize, hi: usize) -> Option<Option<usize>> {
        let r = (lo..hi).rev().find(|&t| {
            self.cls(t) & class::REPORT != 0
                && is_lower_word(self.doc, t)
                && !self.slots.iter().any(|s| s.t0 <= t && t < s.t1)
        })?;
        let mut c0 = r + 1;
        // "is said to have …", "according to": no clause follows.
        if c0 >= hi || self.word_is(c0, "to") {
            return None;
        }
        let that = self.word_is(c0, "that");
        if that {
            c0 += 1;
        }
        if (c0..hi).any(|t| self.personal_pronoun(t)) {
            return None;
        }
        let first = (0..self.slots.len()).find(|&k| {
            let s = &self.slots[k];
            s.t0 >= c0 && s.t1 <= hi && (!self.oblique(k) || self.word_is(s.t0 - 1, "by"))
        });
        let Some(mut k) = first else {
            // "said the attack …", "said gunmen had …" (a plain noun right
            // before the verb; the reporter's own forces are left to it).
            let det = self.cls(c0) & class::DET != 0 && is_lower_word(self.doc, c0);
            let noun = is_lower_word(self.doc, c0)
                && self.cls(c0) == 0
                && !self.word(c0).ends_with("ly")
                && (c0 + 1 == hi || self.verb_like(c0 + 1));
            return (that || det || noun).then_some(None);
        };
        // "told Peru the Chilean navy …": the addressee, then the subject.
        if self.slots[k].t0 == c0 {
            let mut n = self.slots[k].t1;
            if n < hi && self.cls(n) & class::DET != 0 && is_lower_word(self.doc, n) {
                n += 1;
            }
            if let Some(j) = self.slot_starting_at(n).filter(|&j| self.slots[j].t1 <= hi) {
                k = j;
            }
        }
        let aux = class::BE | class::HYP | class::NEG | class::HIST;
        let other_verb = (self.slots[k].t1..hi).any(|t| {
            self.verb_like(t)
                && self.cls(t) & aux == 0
                && !["has", "have", "had"].iter().any(|w| self.word_is(t, w))
                && !self.slots.iter().any(|s| s.t0 <= t && t < s.t1)
        });
        (!other_verb).then_some(Some(k))
    }

    /// A lower-case word that reads as a finite verb: a past form, a light
    /// or reporting verb, or a form of "be"/"have".
    fn verb_like(&self, t: usize) -> bool {
        if !is_lower_word(self.doc, t) {
            return false;
        }
        let w = self.word(t);
        (w.ends_with("ed") && w.len() > 4)
            || self.cls(t) & (class::LIGHT | class::REPORT | class::BE) != 0
            || ["has", "have", "had", "will", "would", "could", "can"]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
    }

    /// The conjunction that opens a verb phrase sharing an earlier subject
    /// ("Chile left the bloc …, and has held exercises with Peru"):
    /// "and"/"but" followed only by auxiliaries and adverbs up to the verb at
    /// `v`. Returns the conjunction's index.
    fn vp_conjunct(&self, v: usize) -> Option<usize> {
        let mut t = v;
        let mut verb = false;
        for _ in 0..5 {
            if t <= self.s0 {
                return None;
            }
            t -= 1;
            if self.word_is(t, "and") || self.word_is(t, "but") {
                return Some(t);
            }
            let w = self.word(t);
            let aux = [
                "has", "have", "had", "also", "then", "later", "was", "were", "is", "are",
            ]
            .iter()
            .any(|x| w.eq_ignore_ascii_case(x));
            // One verb of its own may stand before a nominal trigger
            // ("and has conducted exercises").
            let own_verb = !verb && !aux && self.verb_like(t);
            verb |= own_verb;
            if !is_lower_word(self.doc, t) || !(aux || own_verb || w.ends_with("ly")) {
                return None;
            }
        }
        None
    }

    /// "offered Lima cheap credit": a light verb, a side as its
    /// indirect object, then the nominal trigger at `a` (after at most two
    /// adjectives). Returns (verb, slot).
    fn ditransitive(&self, a: usize, cs: usize) -> Option<(usize, usize)> {
        let mut j = a;
        let mut words = 0;
        while j > cs && words < 2 && is_lower_word(self.doc, j - 1) && self.cls(j - 1) == 0 {
            j -= 1;
            words += 1;
        }
        let k = self.slot_ending_at(j).filter(|&k| self.slots[k].t0 > cs)?;
        let (k0, k1) = (self.slots[k].t0, self.slots[k].t1);
        // "offered Russian mediation": an adjective, not an indirect object.
        let adjectival = self.slots[k].weak
            || matches!(self.slots[k].side, Side::Country { country, .. }
                if self.countries.get(country).is_some_and(|r| !r.name.eq_ignore_ascii_case(self.word(k0))));
        if adjectival {
            return None;
        }
        let last = self.word(k1 - 1);
        // "its campaign", "Moscow's support": a possessor, not a recipient.
        if possessive(last)
            || (k1 < self.s1 && possessive(self.word(k1)))
            || (k1 == k0 + 1 && self.cls(k0) & class::DET != 0)
        {
            return None;
        }
        let mut v = k0 - 1;
        if self.cls(v) & class::DET != 0 && v > cs {
            v -= 1;
        }
        (self.cls(v) & class::LIGHT != 0 && is_lower_word(self.doc, v)).then_some((v, k))
    }

    fn clause_of(&self, t: usize) -> u16 {
        self.clause
            .get(t.saturating_sub(self.s0))
            .copied()
            .unwrap_or(0)
    }

    /// Token range of the clause holding token `t`.
    fn clause_range(&self, t: usize) -> (usize, usize) {
        let id = self.clause_of(t);
        let mut a = t;
        while a > self.s0 && self.clause_of(a - 1) == id {
            a -= 1;
        }
        let mut b = t + 1;
        while b < self.s1 && self.clause_of(b) == id {
            b += 1;
        }
        // Leading punctuation or conjunction of a clause is not part of it.
        while a + 1 < b
            && (self.doc.tokens[a].kind == TokKind::Punct
                || self.word_is(a, "and")
                || self.word_is(a, "but"))
        {
            a += 1;
        }
        (a, b)
    }

    /// The sides named in the sentence: outermost entity mentions (cut
    /// short where a trigger starts inside one), then capitalised country
    /// words no mention covers; a country adjective right before a mention
    /// joins it ("Venezuelan leader Nicolás Maduro").
    fn find_slots(&self, trs: &[Trigger]) -> Vec<Slot> {
        let doc = self.doc;
        let span = self.span;
        let mut slots: Vec<Slot> = Vec::new();
        let from = doc.mentions.partition_point(|m| m.span.end <= span.start);
        for m in &doc.mentions[from..] {
            if m.span.start >= span.end {
                break;
            }
            let t0 = doc
                .tokens
                .partition_point(|t| t.span.start <= m.span.start)
                .saturating_sub(1)
                .max(self.s0);
            let mut t1 = doc.token_at_or_after(m.span.end).min(self.s1);
            let Some(ent) = doc.entities.get(m.entity as usize) else {
                continue;
            };
            if trs.iter().any(|tr| tr.t0 <= t0 && t0 < tr.t1) {
                continue;
            }
            if let Some(tr) = trs.iter().find(|tr| t0 < tr.t0 && tr.t0 < t1) {
                t1 = tr.t0;
            }
            if t1 <= t0 {
                continue;
            }
            let slot = Slot {
                t0,
                t1,
                side: Side::Entity {
                    span: m.span,
                    entity: m.entity,
                },
                hint: None,
                person: ent.etype == EntityType::Person,
                weak: matches!(m.kind, MentionKind::Pronoun | MentionKind::Demonym),
            };
            match slots.last_mut() {
                Some(last) if last.t0 <= t0 && t1 <= last.t1 => {}
                Some(last) if t0 <= last.t0 && last.t1 <= t1 => *last = slot,
                Some(last) if t0 < last.t1 => {}
                _ => slots.push(slot),
            }
        }
        let mentioned = slots.len();
        for t in self.s0..self.s1 {
            let tok = &doc.tokens[t];
            if tok.kind != TokKind::Word || !tok.is(TOK_CAP) {
                continue;
            }
            if slots[..mentioned].iter().any(|s| s.t0 <= t && t < s.t1) {
                continue;
            }
            let w = self.word(t);
            // "Peruvian-flagged", "Chilean-owned": the country of the thing.
            let compound = w.split_once('-').filter(|(_, rest)| {
                self.lex
                    .flag_words
                    .iter()
                    .any(|f| rest.eq_ignore_ascii_case(f))
            });
            let Some(country) = self.countries.lookup(compound.map_or(w, |(head, _)| head)) else {
                continue;
            };
            // An adjective names the noun phrase it heads ("Russian peacekeepers").
            let mut end = t + 1;
            let mut person = false;
            while end < self.s1
                && end < t + 4
                && self.doc.tokens[end].kind == TokKind::Word
                && self.cls(end) & !(class::TITLE | class::FORCE) == 0
                && !self.word(end).ends_with("ing")
                && !slots[..mentioned].iter().any(|s| s.t0 == end)
                && !trs.iter().any(|tr| tr.t0 <= end && end < tr.t1)
            {
                person |= self.cls(end) & class::TITLE != 0;
                if !is_lower_word(doc, end) && !person {
                    break;
                }
                end += 1;
            }
            if let Some(ms) = slots[..mentioned].iter_mut().find(|s| s.t0 == end) {
                ms.t0 = t;
                ms.hint = Some(country);
                continue;
            }
            slots.push(Slot {
                t0: t,
                t1: t + 1,
                side: Side::Country {
                    span: Span::new(
                        tok.span.start as usize,
                        doc.tokens[end - 1].span.end as usize,
                    ),
                    country,
                    adjective: end > t + 1,
                },
                hint: None,
                person,
                weak: end > t + 1 && !person,
            });
        }
        slots.sort_by_key(|s| s.t0);
        slots
    }

    /// The participant a slot stands for, its country completed from the
    /// slot's hint or, failing that, from a neighbour in apposition.
    fn part(&self, k: usize, lo: usize, hi: usize) -> Participant {
        let s = &self.slots[k];
        let mut p = participant(self.doc, self.countries, &s.side);
        if p.country.is_none() {
            p.country = s
                .hint
                .and_then(|h| self.countries.get(h))
                .map(|r| r.code.clone());
        }
        if p.country.is_none() {
            p.country = self.country_of(k, lo, hi);
        }
        p
    }

    /// True when two slots name the same side.
    fn same(&self, a: usize, b: usize) -> bool {
        let (x, y) = (self.slots[a].side, self.slots[b].side);
        match (x, y) {
            (Side::Entity { entity: e, .. }, Side::Entity { entity: f, .. }) => e == f,
            (Side::Country { country: c, .. }, Side::Country { country: d, .. }) => c == d,
            (Side::Entity { entity, .. }, Side::Country { country, .. })
            | (Side::Country { country, .. }, Side::Entity { entity, .. }) => {
                let e = self.doc.entities.get(entity as usize);
                let r = self.countries.get(country);
                match (e, r) {
                    (Some(e), Some(r)) => {
                        e.etype == EntityType::Country
                            && e.country.as_deref() == Some(r.code.as_str())
                    }
                    _ => false,
                }
            }
        }
    }

    /// True when the slot is the object of a preposition ("in Venezuela").
    fn oblique(&self, k: usize) -> bool {
        let mut t = self.slots[k].t0;
        for _ in 0..3 {
            if t <= self.s0 {
                return false;
            }
            t -= 1;
            if self.cls(t) & class::PREP != 0 {
                return true;
            }
            if !is_lower_word(self.doc, t) {
                return false;
            }
        }
        false
    }

    fn slot_ending_at(&self, t: usize) -> Option<usize> {
        self.slots.iter().rposition(|s| s.t1 == t)
    }

    fn slot_starting_at(&self, t: usize) -> Option<usize> {
        self.slots.iter().position(|s| s.t0 == t)
    }

    fn is_conj(&self, t: usize) -> bool {
        t < self.s1
            && ["and", "&", "/", "or", "nor"]
                .iter()
                .any(|w| self.word_is(t, w))
    }

    /// The slot and those coordinated with it ("U.S. and Israeli",
    /// "Venezuela and the United States") inside `[lo, hi)`, in text order.
    fn coordinated(&self, k: usize, lo: usize, hi: usize) -> Vec<usize> {
        let mut v = vec![k];
        let mut cur = k;
        loop {
            let t = self.slots[cur].t0;
            if t < lo + 2 || !self.is_conj(t - 1) {
                break;
            }
            match self
                .slot_ending_at(t - 1)
                .filter(|&p| self.slots[p].t0 >= lo)
            {
                Some(p) if !v.contains(&p) => {
                    v.insert(0, p);
                    cur = p;
                }
                _ => break,
            }
        }
        cur = k;
        loop {
            let t = self.slots[cur].t1;
            if t + 1 >= hi || !self.is_conj(t) {
                break;
            }
            let mut n = t + 1;
            if self.slot_starting_at(n).is_none()
                && ["the", "its", "their"].iter().any(|w| self.word_is(n, w))
            {
                n += 1;
            }
            match self.slot_starting_at(n).filter(|&p| self.slots[p].t1 <= hi) {
                Some(p) if !v.contains(&p) => {
                    v.push(p);
                    cur = p;
                }
                _ => break,
            }
        }
        v
    }

    /// The subject of the clause `[lo, hi)`: its first slot that is not an oblique.
    fn subject(&self, lo: usize, hi: usize) -> Option<usize> {
        // Words someone is quoted as saying hold no subject for a clause
        // outside them ("'… is a red line,' the president said before
        // sending troops").
        let at = self
            .doc
            .tokens
            .get(hi.min(self.s1.saturating_sub(1)))
            .map_or(0, |t| t.span.start);
        let quoted_apart = |k: usize| {
            let sp = self.doc.tokens[self.slots[k].t0].span;
            self.quoted
                .iter()
                .any(|c| c.contains(&sp) && !(c.start <= at && at < c.end))
        };
        (0..self.slots.len()).find(|&k| {
            self.slots[k].t0 >= lo && self.slots[k].t1 <= hi && !self.oblique(k) && !quoted_apart(k)
        })
    }

    /// A slot ending right before token `a`, skipping up to two plain
    /// lower-case words (adjectives, adverbs) and "lack of" / "failure to".
    fn adjacent(&self, a: usize, cs: usize, trs: &[Trigger]) -> Option<usize> {
        let skip = class::PREP
            | class::BE
            | class::OPENER
            | class::REPORT
            | class::NEG
            | class::HYP
            | class::GLUE;
        let mut j = a;
        let mut words = 0;
        while j > cs {
            if let Some(k) = self.slot_ending_at(j).filter(|&k| self.slots[k].t0 >= cs) {
                return Some(k);
            }
            if !is_lower_word(self.doc, j - 1) || trs.iter().any(|tr| tr.t0 < j && j - 1 < tr.t1) {
                return None;
            }
            // "X's lack of support", "the Kremlin's failure to act"
            if (self.word_is(j - 1, "of") || self.word_is(j - 1, "to"))
                && j >= cs + 2
                && self.cls(j - 2) & class::NEG != 0
                && is_lower_word(self.doc, j - 2)
            {
                j -= 2;
                continue;
            }
            if self.cls(j - 1) & skip != 0 || words == 2 {
                return None;
            }
            words += 1;
            j -= 1;
        }
        None
    }

    /// The acting side of a trigger at `a` in a clause starting at `cs`. A
    /// nominal trigger (`nominal`) takes only a possessor or adjective.
    fn actor(&self, a: usize, cs: usize, trs: &[Trigger], nominal: bool) -> Option<usize> {
        // A possessor, adjective or subject right before the trigger
        // ("Moscow's invasion", "Israeli strikes", "Russia previously invested"),
        // or before a noun that takes the trigger as its infinitive ("the
        // U.S. operation to capture").
        if let Some(k) = self.adjacent(a, cs, trs) {
            return Some(k);
        }
        if a >= cs + 2 && self.word_is(a - 1, "to") && is_lower_word(self.doc, a - 2) {
            let w = self.word(a - 2);
            if !w.ends_with("ed") && !w.ends_with("ing") && self.cls(a - 2) & !class::NEG == 0 {
                if let Some(k) = self.adjacent(a - 2, cs, trs) {
                    return Some(k);
                }
            }
        }
        if nominal {
            return None;
        }
        // A verb phrase coordinated with an earlier one shares its subject.
        if let Some(n) = self.vp_conjunct(a) {
            let mut p = n;
            while p > self.s0 && self.doc.tokens[p - 1].kind == TokKind::Punct {
                p -= 1;
            }
            // Skip subordinate and comparative clauses in between ("…, as
            // did China, and offered …").
            while p > self.s0 {
                let (pcs, _) = self.clause_range(p - 1);
                if pcs > self.s0 && self.cls(pcs) & (class::OPENER | class::SUB) != 0 {
                    p = pcs;
                    while p > self.s0 && self.doc.tokens[p - 1].kind == TokKind::Punct {
                        p -= 1;
                    }
                    continue;
                }
                if let Some(k) = self.reported_subject(pcs.min(cs), p) {
                    return k;
                }
                if let Some(k) = self.subject(pcs.min(cs), p) {
                    return Some(k);
                }
                break;
            }
        }
        // "Lima said the Chilean strike had killed …": the reported act's
        // own subject, never the reporter.
        if let Some(k) = self.reported_subject(cs, a) {
            return k;
        }
        if let Some(k) = self.subject(cs, a) {
            return Some(k);
        }
        // A relative clause acts through its antecedent.
        if ["which", "who", "whose", "that"]
            .iter()
            .any(|w| self.word_is(cs, w))
        {
            if let Some(k) = self.slots.iter().rposition(|s| s.t1 <= cs) {
                return Some(k);
            }
        }
        // Otherwise the subject of an earlier clause of the sentence.
        let mut c = cs;
        loop {
            let id = self.clause_of(c);
            while c > self.s0 && self.clause_of(c - 1) == id {
                c -= 1;
            }
            if c <= self.s0 {
                break;
            }
            let (pcs, _) = self.clause_range(c - 1);
            if let Some(k) = self.subject(pcs, c) {
                return Some(k);
            }
            c = pcs.min(c - 1);
        }
        None
    }

    /// The first side after the trigger in its clause, other than the actor
    /// and the actor's own people or forces ("its troops", "Russian missiles").
    fn recipient(&self, b: usize, ce: usize, actor: Option<usize>) -> Option<usize> {
        let actor_country = actor.and_then(|a| self.part(a, self.s0, ce).country);
        (0..self.slots.len()).find(|&k| {
            let s = &self.slots[k];
            if s.t0 < b || s.t1 > ce || s.t0 - b > 15 || self.word_is(s.t0.wrapping_sub(1), "by") {
                return false;
            }
            if actor.is_some_and(|a| self.same(a, k)) {
                return false;
            }
            let own = s.weak || matches!(s.side, Side::Entity { entity, .. } if self.doc.entities.get(entity as usize).is_some_and(|e| e.etype == EntityType::Country));
            !(own && actor_country.is_some() && self.part(k, b, ce).country == actor_country)
        })
    }

    /// True for a one-word participle right after a form of "be" ("was captured").
    fn passive(&self, tr: &Trigger) -> bool {
        if tr.t1 != tr.t0 + 1 || tr.t0 <= self.s0 {
            return false;
        }
        let w = self.word(tr.t0);
        if w.len() < 4
            || w.ends_with("ing")
            || !(w.ends_with("ed") || w.ends_with("en") || w.ends_with("wn") || w.ends_with('t'))
        {
            return false;
        }
        let mut p = tr.t0 - 1;
        if is_lower_word(self.doc, p) && self.word(p).ends_with("ly") && p > self.s0 {
            p -= 1;
        }
        self.cls(p) & class::BE != 0
    }

    /// The by-agent of a passive trigger ending at `b`.
    fn agent(&self, b: usize, ce: usize) -> Option<usize> {
        let by = (b..ce.min(b + 6)).find(|&t| self.word_is(t, "by"))?;
        (0..self.slots.len()).find(|&k| {
            self.slots[k].t0 > by && self.slots[k].t0 <= by + 4 && self.slots[k].t1 <= ce
        })
    }

    /// The country of a neighbouring slot in apposition to a person or body
    /// whose own country is unknown ("Delcy Rodriguez, the Venezuelan vice
    /// president").
    fn country_of(&self, k: usize, lo: usize, hi: usize) -> Option<String> {
        let s = self.slots[k];
        let body = match s.side {
            Side::Entity { entity, .. } => {
                self.doc.entities.get(entity as usize).is_some_and(|e| {
                    matches!(
                        e.etype,
                        EntityType::Person | EntityType::Org | EntityType::Group
                    )
                })
            }
            Side::Country { .. } => false,
        };
        if !body {
            return None;
        }
        let near = (0..self.slots.len()).filter(|&j| j != k).find(|&j| {
            let o = &self.slots[j];
            let between = if o.t1 <= s.t0 { o.t1..s.t0 } else { s.t1..o.t0 };
            let close = (o.t1 <= s.t0 && s.t0 - o.t1 <= 3 && o.t0 >= lo)
                || (o.t0 >= s.t1 && o.t0 - s.t1 <= 6 && o.t1 <= hi);
            close && !between.clone().any(|t| self.is_conj(t))
        })?;
        participant(self.doc, self.countries, &self.slots[near].side).country
    }

    /// Codes every trigger of the sentence into `events`.
    pub fn code(&self, trs: &[Trigger], events: &mut Vec<Event>) {
        for (j, tr) in trs.iter().enumerate() {
            if self.governed(trs, j) {
                continue;
            }
            self.code_one(tr, trs, events);
        }
    }

    /// True when an earlier governing trigger of the same clause takes this
    /// one as its complement ("refused to intervene", "demanded the release");
    /// a governing blocker ("to prevent further strikes") swallows it too.
    fn governed(&self, trs: &[Trigger], j: usize) -> bool {
        let tj = &trs[j];
        trs[..j].iter().any(|ti| {
            let def = &self.lex.triggers[ti.entry as usize];
            def.governs
                && tj.t0 >= ti.t1
                && tj.t0 - ti.t1 <= 4
                && self.clause_of(ti.t0) == self.clause_of(tj.t0)
                && (ti.t1..tj.t0).all(|t| self.doc.tokens[t].kind == TokKind::Word)
        })
    }

    fn any_class(&self, from: usize, to: usize, bits: u16) -> bool {
        (from..to).any(|t| self.cls(t) & bits != 0)
    }

    /// Where the noun phrase of a nominal trigger starts ("the seizure",
    /// "Moscow's invasion", "of US and Israeli strikes") and whether a light
    /// verb takes it ("issued a condemnation"); `None` for a verbal trigger.
    fn noun_phrase(&self, tr: &Trigger, cs: usize) -> Option<(usize, bool)> {
        let a = tr.t0;
        let w = self.word(a);
        let light = |t: usize| t > self.s0 && self.cls(t - 1) & class::LIGHT != 0;
        let single = tr.t1 == a + 1;
        if single
            && (w.ends_with("ed") || w.ends_with("ing"))
            && a > cs
            && self.cls(a - 1) & class::DET == 0
        {
            return None;
        }
        let mut j = a;
        for _ in 0..8 {
            if j <= cs {
                return None;
            }
            let t = j - 1;
            let tok = &self.doc.tokens[t];
            if let Some(s) = self.slots.iter().find(|s| s.t0 <= t && t < s.t1) {
                let last = self.word(s.t1 - 1);
                if possessive(last) {
                    return Some((s.t0, light(s.t0)));
                }
                j = s.t0;
                continue;
            }
            let c = self.cls(t);
            let tw = self.word(t);
            if tok.kind == TokKind::Word && c & class::DET != 0 {
                return Some((t, light(t)));
            }
            if tok.kind == TokKind::Word && possessive(tw) {
                // A detached "'s" belongs to the name before it.
                if (tw == "'s" || tw == "’s") && t > cs {
                    let owner = self
                        .slots
                        .iter()
                        .find(|s| s.t0 < t && t <= s.t1)
                        .map_or(t - 1, |s| s.t0);
                    return Some((owner, light(owner)));
                }
                return Some((t, light(t)));
            }
            // "X's lack of support", "the failure to act"
            if (self.word_is(t, "of") || self.word_is(t, "to"))
                && t > cs
                && self.cls(t - 1) & class::NEG != 0
            {
                j = t - 1;
                continue;
            }
            // "including airstrikes": a listed part of an act named before.
            if self.word_is(t, "including") {
                return Some((t + 1, false));
            }
            if c & class::PREP != 0 && !self.word_is(t, "to") {
                // "responded with condemnations": the verb's subject acts.
                let light_with = self.word_is(t, "with") && light(t);
                return Some((t + 1, light_with));
            }
            let filler = (is_lower_word(self.doc, t) && c & !(class::GLUE | class::FORCE) == 0)
                || tok.kind == TokKind::Number
                || self.is_conj(t)
                || (tok.kind == TokKind::Punct && (tw == "-" || tw == "/"));
            if !filler {
                return None;
            }
            j = t;
        }
        None
    }

    /// One past the last token of a nominal trigger's noun phrase.
    fn noun_phrase_end(&self, b: usize, ce: usize, trs: &[Trigger]) -> usize {
        let stop =
            class::BE | class::REPORT | class::OPENER | class::HYP | class::NEG | class::PUNCT;
        let mut e = b;
        while e < ce && e < b + 10 {
            let tok = &self.doc.tokens[e];
            if (tok.kind == TokKind::Punct && self.word(e) == ",")
                || self.cls(e) & stop != 0
                || trs.iter().any(|tr| tr.t0 == e)
            {
                break;
            }
            e += 1;
        }
        e
    }

    /// The type an alternative coding gives when one of its words stands near the trigger.
    fn alt_type<'d>(
        &self,
        def: &'d crate::lexicon::TriggerDef,
        base: &'d str,
        a: usize,
        b: usize,
        cs: usize,
        ce: usize,
    ) -> &'d str {
        let Some((alt, words)) = &def.alt else {
            return base;
        };
        let mut buf = [0u8; 48];
        let hit = (a.saturating_sub(4).max(cs)..(b + 4).min(ce)).any(|t| {
            crate::lexicon::lower(self.word(t), &mut buf)
                .is_some_and(|l| words.iter().any(|w| w == l))
        });
        if hit {
            alt
        } else {
            base
        }
    }

    fn code_one(&self, tr: &Trigger, trs: &[Trigger], events: &mut Vec<Event>) {
        let doc = self.doc;
        let def = &self.lex.triggers[tr.entry as usize];
        let Some(base_type) = def.event_type.as_deref() else {
            return;
        };
        let (a, b) = (tr.t0, tr.t1);
        let (cs, ce) = self.clause_range(a);
        let ce = ce.max(b);
        // "two sanctioned tankers": a participle used as an adjective.
        if b == a + 1
            && a > cs
            && self.word(a).ends_with("ed")
            && (self.cls(a - 1) & class::DET != 0 || doc.tokens[a - 1].kind == TokKind::Number)
        {
            return;
        }
        let np = self
            .noun_phrase(tr, cs)
            .filter(|&(_, light)| !light)
            .map(|(start, _)| start);

        let (mut actors, mut recipients): (Vec<usize>, Vec<usize>) = if def.between {
            match (0..self.slots.len()).find(|&k| self.slots[k].t0 >= b && self.slots[k].t1 <= ce) {
                Some(k) => {
                    let group = self.coordinated(k, b, ce);
                    (group[..1].to_vec(), group[1..].to_vec())
                }
                None => (Vec::new(), Vec::new()),
            }
        } else if np.is_none() && self.passive(tr) {
            let patient = self.actor(a, cs, trs, false);
            match self.agent(b, ce) {
                Some(ag) => (
                    self.coordinated(ag, b, ce),
                    patient
                        .map(|p| self.coordinated(p, cs, a))
                        .unwrap_or_default(),
                ),
                None => match patient {
                    // "Russian troops were sent to …": the forces' owner acts
                    // (in a movement, not when the troops are its victims).
                    Some(p)
                        if self.any_class(self.slots[p].t0, a, class::FORCE)
                            && self
                                .lex
                                .force_movers
                                .iter()
                                .any(|t| Some(t.as_str()) == def.event_type.as_deref()) =>
                    {
                        let r = self.recipient(b, ce, Some(p));
                        (
                            self.coordinated(p, cs, a),
                            r.map(|r| self.coordinated(r, b, ce)).unwrap_or_default(),
                        )
                    }
                    Some(p) => (Vec::new(), self.coordinated(p, cs, a)),
                    None => (Vec::new(), Vec::new()),
                },
            }
        } else if let Some((v, k)) = (!def.local).then(|| self.ditransitive(a, cs)).flatten() {
            let actor = self.actor(v, cs, trs, false).filter(|&x| x != k);
            let lo = actor.map_or(cs, |x| self.slots[x].t0.min(cs));
            (
                actor
                    .map(|x| self.coordinated(x, lo, v))
                    .unwrap_or_default(),
                self.coordinated(k, v, a),
            )
        } else {
            let actor = self
                .actor(a, cs, trs, np.is_some() || def.local)
                .or_else(|| np.and_then(|_| self.agent(b, ce)));
            let lo = actor.map_or(cs, |k| self.slots[k].t0.min(cs));
            // A noun's recipient stands in its noun phrase, before the
            // clause's verb ("the seizure of the tanker … angered Moscow").
            let limit = match np {
                // … and before the next act ("airstrikes and the seizure of X").
                Some(_) => (b..ce)
                    .find(|&t| {
                        (self.verb_like(t) && self.cls(t) & class::BE == 0)
                            || trs.iter().any(|o| {
                                o.t0 == t
                                    && self.lex.triggers[o.entry as usize].event_type.is_some()
                            })
                    })
                    .unwrap_or(ce),
                None => ce,
            };
            let recip = self.recipient(b, limit, actor);
            (
                actor
                    .map(|k| self.coordinated(k, lo, a.max(self.slots[k].t1)))
                    .unwrap_or_default(),
                recip
                    .map(|k| self.coordinated(k, b, ce))
                    .unwrap_or_default(),
            )
        };
        if def.self_recipient {
            recipients.clear();
        }
        // "Lima's answer was limited to a note of protest": a nominal
        // trigger in the predicate belongs to the subject's possessor.
        if actors.is_empty() && np.is_some() && !def.local {
            if let Some(k) = self
                .possessive_subject(cs, a)
                .or_else(|| np.and_then(|start| self.listed_part_of(start)))
            {
                actors.push(k);
            }
        }
        // Protests act through the country they take place in.
        if base_type == "PROTEST" && actors.is_empty() {
            if let Some(&r) = recipients.first() {
                actors.push(r);
                recipients.remove(0);
                if self.oblique(r) {
                    recipients.clear();
                }
            }
        }
        // A bare noun with no side of its own ("before the invasion of
        // Ukraine") refers back to an event, it does not state one.
        let bare_noun = np.is_some() && actors.is_empty() && !def.local;
        if (actors.is_empty() && recipients.is_empty())
            || (def.needs_recipient && recipients.is_empty())
            || bare_noun
        {
            return;
        }
        let mut base_type = self.alt_type(def, base_type, a, b, cs, ce);
        let mut def_mode = def.mode.as_deref();
        let mut def_hyp = def.hypothetical;
        if let Some((pt, pm)) = &def.past {
            let rest = Span::new(
                doc.tokens[b.min(self.s1 - 1)].span.start as usize,
                self.span.end as usize,
            );
            if !crate::statements::speaks_of_future(doc, self.lex, rest) {
                base_type = pt.as_str();
                def_mode = pm.as_deref();
                def_hyp = false;
            }
        }

        // Flags from the clause up to the trigger.
        let negated = def.negated || self.any_class(a.saturating_sub(5).max(cs), a, class::NEG);
        let hypothetical = def_hyp || base_type == "THREATEN" || self.any_class(cs, a, class::HYP);
        let clause_span = Span::new(
            doc.tokens[cs].span.start as usize,
            doc.tokens[ce - 1].span.end as usize,
        );
        let sent_span = Span::new(
            doc.tokens[self.s0].span.start as usize,
            doc.tokens[self.s1 - 1].span.end as usize,
        );
        let pos = doc.tokens[a].span.start;
        // A date elsewhere in the sentence belongs to the trigger nearest to
        // it ("the raid to seize the port … since the war that began in
        // 2019" dates the war, not the raid).
        let date = date_near(doc, clause_span, pos).or_else(|| {
            let (at, v) = crate::date_near_at(doc, sent_span, pos)?;
            let dist = |p: u32| p.abs_diff(at);
            let mine = dist(pos);
            // … another trigger of the date's own clause, nearer to it.
            let date_clause = self.clause_of(doc.token_at_or_after(at));
            // A date fronting the sentence ("In 1990 …") dates all of it.
            let fronted = trs.iter().all(|o| doc.tokens[o.t0].span.start > at);
            let closer = !fronted
                && trs.iter().any(|o| {
                    o.t0 != tr.t0
                        && self.lex.triggers[o.entry as usize].event_type.is_some()
                        && self.clause_of(o.t0) == date_clause
                        && dist(doc.tokens[o.t0].span.start) < mine
                });
            (!closer).then_some(v)
        });
        let historical = self.any_class(cs, a, class::HIST)
            || date.as_deref().is_some_and(|d| before_anchor(doc, d));

        // Evidence: the noun phrase of a nominal trigger; otherwise the
        // clause, cut down around the trigger when long.
        let last_recip = recipients
            .last()
            .map(|&k| self.slots[k].t1)
            .filter(|&t| t > b && t <= ce && t - b <= 18);
        let (e0, mut e1) = match np {
            // A noun phrase that opens its clause is its subject: the clause
            // states the event ("protests have rocked the capital").
            Some(start) if start > cs + 3 => {
                let end = self.noun_phrase_end(b, ce, trs);
                (
                    start,
                    last_recip.map_or(end, |r| r.max(end)).min(b + 14).max(b),
                )
            }
            _ => {
                let mut e0 = cs;
                if a - cs > WIDE_BEFORE {
                    let first_actor = actors
                        .first()
                        .map(|&k| self.slots[k].t0)
                        .filter(|&t| t >= cs && t <= a && a - t <= 16);
                    e0 = first_actor.unwrap_or(a.saturating_sub(10).max(cs));
                }
                let mut e1 = ce;
                if ce - b > WIDE_AFTER {
                    e1 = last_recip.unwrap_or(b + 10).max(b + 10).min(ce);
                }
                (e0, e1)
            }
        };
        while e1 > b && doc.tokens[e1 - 1].kind == TokKind::Punct {
            e1 -= 1;
        }
        let span = Span::new(
            doc.tokens[e0].span.start as usize,
            doc.tokens[e1 - 1].span.end as usize,
        );
        let trigger = Span::new(
            doc.tokens[a].span.start as usize,
            doc.tokens[b - 1].span.end as usize,
        );

        let first_new = events.len();
        let actor_opts: Vec<Option<usize>> = if actors.is_empty() {
            vec![None]
        } else {
            actors.iter().take(3).map(|&k| Some(k)).collect()
        };
        let recip_opts: Vec<Option<usize>> = if recipients.is_empty() {
            vec![None]
        } else {
            recipients.iter().take(3).map(|&k| Some(k)).collect()
        };
        for &ak in &actor_opts {
            for &rk in &recip_opts {
                if let (Some(x), Some(y)) = (ak, rk) {
                    if self.same(x, y) {
                        continue;
                    }
                }
                let (mut ty, mut mode) = (base_type, def_mode);
                if let (Some((pt, pm)), Some(r)) = (&def.person, rk) {
                    if self.slots[r].person {
                        ty = pt.as_str();
                        mode = pm.as_deref();
                    }
                }
                if let Some(m) = self.mode_rule(ty, b, ce) {
                    mode = Some(m);
                }
                let mut ev = new_event(span, Some(trigger), ty);
                ev.mode = mode.map(str::to_string);
                ev.context = def.context.clone();
                ev.date = date.clone();
                ev.negated = negated;
                ev.hypothetical = hypothetical;
                ev.historical = historical;
                if let Some(k) = ak {
                    ev.actors.push(self.part(k, cs, ce));
                }
                if let Some(k) = rk.or(ak.filter(|_| def.self_recipient)) {
                    ev.recipients.push(self.part(k, cs, ce));
                }
                ev.location = self.location(cs, ce, &[ak, rk]);
                let dup = events.iter().rev().take(12).any(|e| {
                    e.span == ev.span
                        && e.event_type == ev.event_type
                        && e.mode == ev.mode
                        && e.actors.first().map(|p| &p.country)
                            == ev.actors.first().map(|p| &p.country)
                        && e.recipients.first().map(|p| &p.country)
                            == ev.recipients.first().map(|p| &p.country)
                });
                if !dup {
                    events.push(ev);
                }
            }
        }
        // "Chile invested in the mines, as did Bolivia": the same
        // event of another actor.
        if let Some(k) = self.ellipsis_actor(ce) {
            let country = self.part(k, ce, self.s1).country;
            let more: Vec<Event> = events[first_new..]
                .iter()
                .filter(|e| !e.actors.is_empty())
                .filter(|e| {
                    // Not its own target, nor the same actor again.
                    country.is_none()
                        || !e
                            .recipients
                            .iter()
                            .chain(&e.actors)
                            .any(|p| p.country == country)
                })
                .map(|e| {
                    let mut c = e.clone();
                    c.actors = vec![self.part(k, ce, self.s1)];
                    c.span.end = self.doc.tokens[self.slots[k].t1 - 1].span.end;
                    c
                })
                .collect();
            events.extend(more);
        }
        // "seized three trawlers, including one flagged to Peru": the act
        // reaches the side the listed part names, too.
        if let Some((t, k)) = self.including_side(ce, trs) {
            // The part as written ("one flagged to Peru"), a thing of the
            // side's country, not the side itself.
            let span = Span::new(
                self.doc.tokens[t + 1].span.start as usize,
                self.doc.tokens[self.slots[k].t1 - 1].span.end as usize,
            );
            let part = Participant {
                span: Some(span),
                entity: None,
                name: demarche_core::squash_ws(self.doc.slice(span)),
                country: self.part(k, ce, self.s1).country,
                sector: None,
            };
            let more: Vec<Event> = events[first_new..]
                .iter()
                .filter(|e| {
                    part.country.is_some()
                        && !e.actors.iter().any(|a| a.country == part.country)
                        && !e.recipients.iter().any(|r| r.country == part.country)
                })
                .map(|e| {
                    let mut c = e.clone();
                    c.recipients = vec![part.clone()];
                    c.span.end = span.end;
                    c
                })
                .collect();
            events.extend(more);
        }
    }

    /// The "including" token and the first side of an "including …" clause
    /// right after `ce` that holds no trigger of its own (and names a part,
    /// not the side alone: "including one flagged to Peru").
    fn including_side(&self, ce: usize, trs: &[Trigger]) -> Option<(usize, usize)> {
        let mut t = ce;
        while t < self.s1 && self.doc.tokens[t].kind == TokKind::Punct && self.word(t) == "," {
            t += 1;
        }
        if !self.word_is(t, "including") {
            return None;
        }
        let (_, end) = self.clause_range(t + 1);
        if trs.iter().any(|tr| tr.t0 > t && tr.t0 < end) {
            return None;
        }
        (0..self.slots.len())
            .find(|&k| self.slots[k].t0 > t + 1 && self.slots[k].t1 <= end)
            .map(|k| (t, k))
    }

    /// The possessor opening the clause `[cs, a)` ("Moscow's response
    /// was …") when a form of "be" (or "limited to", "amounted to")
    /// links it to what follows.
    fn possessive_subject(&self, cs: usize, a: usize) -> Option<usize> {
        let mut t = cs;
        if self.cls(t) & class::DET != 0 && is_lower_word(self.doc, t) {
            t += 1;
        }
        let k = self.slot_starting_at(t)?;
        let e = self.slots[k].t1;
        if !(possessive(self.word(e - 1)) || (e < a && possessive(self.word(e)))) {
            return None;
        }
        let linked = (e..a).any(|u| {
            self.cls(u) & class::BE != 0
                || ["limited", "amounted", "consisted", "confined", "restricted"]
                    .iter()
                    .any(|w| self.word_is(u, w))
        });
        linked.then_some(k)
    }

    /// "the Chilean raid in Peru - including shelling and the arrest of
    /// …": a noun listed after "including" is part of the act named before
    /// it and shares its actor — the side qualifying that act (not an
    /// oblique such as "in Peru"), looked for across a dash or comma.
    fn listed_part_of(&self, start: usize) -> Option<usize> {
        let mut t = start;
        for _ in 0..10 {
            if t <= self.s0 {
                return None;
            }
            t -= 1;
            if self.word_is(t, "including") {
                let lo = t.saturating_sub(9).max(self.s0);
                return (0..self.slots.len()).rev().find(|&k| {
                    self.slots[k].t1 <= t && self.slots[k].t0 >= lo && !self.oblique(k)
                });
            }
            let tok = &self.doc.tokens[t];
            let inside = self.slots.iter().any(|s| s.t0 <= t && t < s.t1);
            if !(tok.kind == TokKind::Punct && self.word(t) == ","
                || is_lower_word(self.doc, t)
                || inside)
            {
                return None;
            }
        }
        None
    }

    /// Where the clause `[cs, ce)` says the event took place: a place, or a
    /// state that is not a side of the event, right after "in", "near",
    /// "at", "off", "inside", "outside" or "over" ("in the Caribbean",
    /// "near the town of Biała Podlaska").
    fn location(&self, cs: usize, ce: usize, sides: &[Option<usize>]) -> Option<String> {
        let k = (0..self.slots.len()).find(|&k| {
            let s = &self.slots[k];
            if s.t0 < cs + 1 || s.t1 > ce || sides.contains(&Some(k)) {
                return false;
            }
            if sides.iter().flatten().any(|&o| self.same(o, k)) {
                return false;
            }
            let mut p = s.t0 - 1;
            if self.cls(p) & class::DET != 0 && is_lower_word(self.doc, p) && p > cs {
                p -= 1;
            }
            let at = ["in", "near", "at", "off", "inside", "outside", "over"]
                .iter()
                .any(|w| self.word_is(p, w));
            let place = match s.side {
                Side::Entity { entity, .. } => self
                    .doc
                    .entities
                    .get(entity as usize)
                    .is_some_and(|e| matches!(e.etype, EntityType::Place | EntityType::Country)),
                Side::Country { adjective, .. } => !adjective,
            };
            at && place
        })?;
        let p = participant(self.doc, self.countries, &self.slots[k].side);
        Some(p.name).filter(|n| !n.is_empty())
    }

    /// The side of an elliptical clause right after `ce` that repeats the
    /// event for another actor: , as did Bolivia", "and so did France".
    fn ellipsis_actor(&self, ce: usize) -> Option<usize> {
        let mut t = ce;
        while t < self.s1 && self.doc.tokens[t].kind == TokKind::Punct && self.word(t) == "," {
            t += 1;
        }
        if self.word_is(t, "as") {
            t += 1;
        } else if self.word_is(t, "and") && self.word_is(t + 1, "so") {
            t += 2;
        } else {
            return None;
        }
        if ![
            "did", "does", "do", "has", "have", "had", "was", "were", "is", "are",
        ]
        .iter()
        .any(|w| self.word_is(t, w))
        {
            return None;
        }
        let k = self.slot_starting_at(t + 1)?;
        let e = self.slots[k].t1;
        (e >= self.s1 || self.doc.tokens[e].kind == TokKind::Punct).then_some(k)
    }

    /// The mode a mode rule gives `ty` from the words after the trigger.
    fn mode_rule(&self, ty: &str, b: usize, ce: usize) -> Option<&'a str> {
        for t in b..ce.min(b + 12) {
            for &r in self.lex.mode_rules_of(self.word(t)) {
                let rule = &self.lex.mode_rules[r as usize];
                if rule.event_type == ty {
                    return Some(rule.mode.as_str());
                }
            }
        }
        None
    }

    /// The first side inside `span` whose country is known and differs from
    /// `not_country` (a statement's target, other than its speaker's side).
    pub fn first_side_in(&self, span: Span, not_country: Option<&str>) -> Option<Side> {
        self.slots
            .iter()
            .find(|s| {
                let sp = match s.side {
                    Side::Entity { span, .. } | Side::Country { span, .. } => span,
                };
                let c = participant(self.doc, self.countries, &s.side).country;
                span.contains(&sp) && c.is_some() && c.as_deref() != not_country
            })
            .map(|s| s.side)
    }
}

/// A possessive form ("Moscow's", "Kremlin’s", or a detached "'s").
#[inline]
fn possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}
