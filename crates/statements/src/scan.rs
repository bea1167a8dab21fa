//! The per-document scanning context: token helpers, cue matches, subject
//! and object windows, and speaker resolution shared by the quote and
//! silence finders.

use crate::lexicon::{is_in, Cue, Lexicon};
use crate::marks::Seg;
use demarche_core::{
    Document, EntityType, Mention, MentionKind, Span, TokKind, Token, ZoneKind, TOK_SENT_START,
};
use demarche_kb::Kb;

/// One lexicon pattern found in the text, on word boundaries.
#[derive(Clone, Copy, Debug)]
pub struct CueMatch {
    /// First token of the match.
    pub tok: u32,
    /// One past its last token.
    pub tok_end: u32,
    pub span: Span,
    pub cue: Cue,
}

/// A half-open token range `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Win {
    pub start: usize,
    pub end: usize,
}

/// A speaker or actor as found at one place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Who {
    pub span: Option<Span>,
    pub entity: Option<u32>,
    pub name: Option<String>,
    /// A pronoun left for the document-order pass ("he", "it", "they").
    pub pronoun: Option<Pron>,
    /// The entity stage's referent for that pronoun, used when no recent
    /// speaker fits.
    pub hint: Option<u32>,
}

/// Pronoun classes for the fallback resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pron {
    Person,
    Thing,
    Plural,
}

impl Who {
    pub fn is_known(&self) -> bool {
        self.entity.is_some() || self.name.is_some()
    }

    /// The last word of an unresolved name ("readout" of "the readout").
    pub fn name_head(&self) -> Option<&str> {
        self.name.as_deref().and_then(|n| n.rsplit(' ').next())
    }
}

pub struct Ctx<'a> {
    pub lex: &'a Lexicon,
    pub doc: &'a Document,
    pub text: &'a str,
    pub toks: &'a [Token],
    pub segs: Vec<Seg>,
    pub cues: Vec<CueMatch>,
    /// The knowledge base: adjectives and demonyms of countries ("Russian").
    pub kb: &'a Kb,
}

/// Zones where no statement is looked for.
fn skipped_zone(k: ZoneKind) -> bool {
    matches!(
        k,
        ZoneKind::Url | ZoneKind::Notes | ZoneKind::Meta | ZoneKind::Furniture
    )
}

impl<'a> Ctx<'a> {
    pub fn new(lex: &'a Lexicon, doc: &'a Document, segs: Vec<Seg>, kb: &'a Kb) -> Ctx<'a> {
        let text = doc.text.as_str();
        let mut cues = Vec::new();
        for m in lex.ac.find_iter(text) {
            let s = m.start();
            let word_before = text[..s]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if word_before {
                continue;
            }
            // The longest pattern here may end inside a word ("offered no"
            // in "offered nothing"): fall back to a shorter one that ends
            // on a word boundary ("offered").
            let mut m = m;
            while text[m.end()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            {
                let input = aho_corasick::Input::new(text)
                    .range(s..m.end() - 1)
                    .anchored(aho_corasick::Anchored::Yes);
                match lex.ac.find(input) {
                    Some(shorter) => m = shorter,
                    None => break,
                }
            }
            let e = m.end();
            if text[e..].chars().next().is_some_and(char::is_alphanumeric) {
                continue;
            }
            if doc.zone_at(s as u32).is_some_and(skipped_zone) {
                continue;
            }
            let tok = doc.token_at_or_after(s as u32);
            let tok_end = doc.token_at_or_after(e as u32);
            if tok >= doc.tokens.len() || doc.tokens[tok].span.start != s as u32 {
                continue;
            }
            let Some(&cue) = lex.cues.get(m.pattern().as_usize()) else {
                continue;
            };
            // A capitalised verb form inside a sentence is part of a name
            // ("United States"), except in headlines.
            let t = &doc.tokens[tok];
            if matches!(cue, Cue::Verb { .. })
                && text[s..].starts_with(|c: char| c.is_uppercase())
                && !t.is(TOK_SENT_START)
                && doc.zone_at(s as u32) != Some(ZoneKind::Title)
            {
                continue;
            }
            cues.push(CueMatch {
                tok: tok as u32,
                tok_end: tok_end.max(tok + 1) as u32,
                span: Span::new(s, e),
                cue,
            });
        }
        Ctx {
            lex,
            doc,
            text,
            toks: &doc.tokens,
            segs,
            cues,
            kb,
        }
    }

    // ---- tokens ----

    #[inline]
    pub fn t(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => self.text.get(t.span.range()).unwrap_or(""),
            None => "",
        }
    }

    #[inline]
    pub fn kind(&self, i: usize) -> Option<TokKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    #[inline]
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.t(i).eq_ignore_ascii_case(w)
    }

    #[inline]
    pub fn is_punct(&self, i: usize) -> bool {
        matches!(
            self.kind(i),
            Some(TokKind::Punct) | Some(TokKind::OpenQuote) | Some(TokKind::CloseQuote)
        )
    }

    #[inline]
    pub fn is_word(&self, i: usize) -> bool {
        matches!(self.kind(i), Some(TokKind::Word) | Some(TokKind::Number))
    }

    pub fn is_cap(&self, i: usize) -> bool {
        self.t(i).chars().next().is_some_and(|c| c.is_uppercase())
    }

    /// A lower-case adverb in -ly ("reportedly", "similarly").
    pub fn is_adverb(&self, i: usize) -> bool {
        let w = self.t(i);
        w.len() > 4
            && w.ends_with("ly")
            && !self.is_cap(i)
            && self.kind(i) == Some(TokKind::Word)
            && !is_in(&self.lex.not_adverbs, w)
    }

    pub fn is_aux(&self, i: usize) -> bool {
        is_in(&self.lex.auxiliaries, self.t(i))
            || self.is_adverb(i)
            || self.t(i).eq_ignore_ascii_case("n't")
    }

    pub fn is_prep(&self, i: usize) -> bool {
        is_in(&self.lex.prepositions, self.t(i))
    }

    /// A dash used as a clause break (spaced "-", "—", "–", "--").
    pub fn is_dash(&self, i: usize) -> bool {
        let w = self.t(i);
        match w {
            "—" | "–" | "--" => true,
            "-" => {
                self.toks
                    .get(i)
                    .is_some_and(|t| t.is(demarche_core::TOK_SPACE_BEFORE))
                    && self
                        .toks
                        .get(i + 1)
                        .is_some_and(|t| t.is(demarche_core::TOK_SPACE_BEFORE))
            }
            _ => false,
        }
    }

    /// Sentence index of token `i`.
    pub fn sent_of(&self, i: usize) -> usize {
        let s = &self.doc.sentences;
        s.partition_point(|x| (x.tok_end as usize) <= i)
            .min(s.len().saturating_sub(1))
    }

    /// Token range of sentence `s`.
    pub fn sent_toks(&self, s: usize) -> Win {
        match self.doc.sentences.get(s) {
            Some(x) => Win {
                start: x.tok_start as usize,
                end: x.tok_end as usize,
            },
            None => Win { start: 0, end: 0 },
        }
    }

    pub fn span_of(&self, w: Win) -> Span {
        if w.end <= w.start || w.end > self.toks.len() {
            return Span::default();
        }
        Span {
            start: self.toks[w.start].span.start,
            end: self.toks[w.end - 1].span.end,
        }
    }

    /// The cue match starting at token `i`.
    pub fn cue_at(&self, i: usize) -> Option<&CueMatch> {
        let k = self.cues.partition_point(|c| (c.tok as usize) < i);
        self.cues.get(k).filter(|c| c.tok as usize == i)
    }

    pub fn verb_at(&self, i: usize) -> Option<&CueMatch> {
        self.cue_at(i).filter(|c| matches!(c.cue, Cue::Verb { .. }))
    }

    /// The quoted segment whose inside holds byte `pos`.
    pub fn seg_at(&self, pos: u32) -> Option<&Seg> {
        let k = self.segs.partition_point(|s| s.open <= pos);
        self.segs[..k]
            .iter()
            .rev()
            .take(4)
            .find(|s| s.inner.start <= pos && pos < s.inner.end.max(s.close))
    }

    /// True when `[start, end)` lies inside double quotation marks.
    pub fn in_double_quote(&self, pos: u32) -> bool {
        self.seg_at(pos).is_some_and(|s| !s.single)
    }

    // ---- mentions ----

    /// Mentions that lie inside `span`.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = &'a Mention> + 'a {
        let ms = &self.doc.mentions;
        let from = ms.partition_point(|m| m.span.start < span.start);
        ms[from..]
            .iter()
            .take_while(move |m| m.span.start < span.end)
            .filter(move |m| m.span.end <= span.end)
    }

    pub fn etype(&self, e: u32) -> Option<EntityType> {
        self.doc.entities.get(e as usize).map(|x| x.etype)
    }

    /// The mention starting at token `i`, longest first.
    pub fn mention_starting(&self, i: usize) -> Option<&'a Mention> {
        let t = self.toks.get(i)?;
        let ms = &self.doc.mentions;
        let from = ms.partition_point(|m| m.span.start < t.span.start);
        ms[from..]
            .iter()
            .take_while(|m| m.span.start == t.span.start)
            .max_by_key(|m| m.span.len())
    }

    // ---- windows ----

    /// Skips auxiliaries, adverbs and link brackets leftwards from `i`
    /// (exclusive), not past `floor`.
    pub fn skip_aux_left(&self, mut i: usize, floor: usize) -> usize {
        while i > floor && (self.is_aux(i - 1) || self.t(i - 1) == "[") {
            i -= 1;
            // "privately and publicly praised"
            if i > floor + 1
                && self.is_adverb(i)
                && (self.is(i - 1, "and") || self.is(i - 1, "or"))
                && self.is_adverb(i - 2)
            {
                i -= 1;
            }
        }
        i
    }

    /// The noun phrase ending at token `e` (exclusive), scanning left to a
    /// stop word, punctuation or a verb; `None` when empty.
    pub fn np_left(&self, mut e: usize, floor: usize) -> Option<Win> {
        // "The Ministry of Foreign Affairs (MFA) issued": skip the acronym.
        if e > floor + 2 && self.t(e - 1) == ")" {
            if let Some(o) = (e.saturating_sub(6).max(floor)..e - 1)
                .rev()
                .find(|&i| self.t(i) == "(")
            {
                e = o;
            }
        }
        let mut s = e;
        let limit = e.saturating_sub(14).max(floor);
        while s > limit {
            let i = s - 1;
            if !self.is_word(i) {
                // A hyphen or apostrophe glued inside a name continues it.
                let glued = self
                    .toks
                    .get(i)
                    .is_some_and(|t| !t.is(demarche_core::TOK_SPACE_BEFORE))
                    && self
                        .toks
                        .get(i + 1)
                        .is_some_and(|t| !t.is(demarche_core::TOK_SPACE_BEFORE))
                    && matches!(self.t(i), "-" | "'" | "’" | "." | "&");
                if !glued {
                    break;
                }
                s -= 1;
                continue;
            }
            if is_in(&self.lex.subject_stops, self.t(i))
                || (is_in(&self.lex.aux_verbs, self.t(i)) && s != e)
            {
                break;
            }
            // "by making extreme comments": a gerund starts a verb phrase.
            if s != e && self.t(i).ends_with("ing") && !self.is_cap(i) && self.t(i).len() > 5 {
                break;
            }
            // "to" before a verb ends the subject ("intended to signal");
            // before a noun phrase it is a preposition inside it.
            if self.is(i, "to")
                && (s == e
                    || (!self.is_cap(i + 1)
                        && !is_in(&self.lex.determiners, self.t(i + 1))
                        && self.is_word(i + 1)
                        && self.kind(i + 1) != Some(TokKind::Number)))
            {
                break;
            }
            if self.verb_at(i).is_some() && s != e {
                break;
            }
            s -= 1;
        }
        // Drop leading prepositional openers ("In 2019 the Kremlin" is rare
        // without a comma) and trailing prepositions.
        while s < e && self.is_prep(s) {
            s += 1;
        }
        if s >= e || self.is_prep(e - 1) {
            return None;
        }
        Some(Win { start: s, end: e })
    }

    /// The subject of a predicate starting at token `at`, scanning left
    /// within the sentence from `floor`: skips auxiliaries, then one
    /// parenthetical between commas or dashes ("X, a professor at Y, said").
    pub fn subject_left(&self, at: usize, floor: usize) -> Option<Win> {
        let mut e = self.skip_aux_left(at, floor);
        if e > floor {
            let p = e - 1;
            let t = self.t(p);
            if t == "," || self.is_dash(p) {
                // Parenthetical: find the opening delimiter of the same kind.
                let dash = t != ",";
                let mut k = p;
                let mut found = None;
                while k > floor {
                    k -= 1;
                    if (dash && self.is_dash(k)) || (!dash && self.t(k) == ",") {
                        found = Some(k);
                        break;
                    }
                    if matches!(self.t(k), ";" | ":") || self.kind(k) == Some(TokKind::OpenQuote) {
                        break;
                    }
                }
                let k = found?;
                if k + 1 >= p {
                    return None;
                }
                // "…, Anatoly Antonov, said": the apposition is the name.
                let inner = self.span_of(Win {
                    start: k + 1,
                    end: p,
                });
                if self
                    .mentions_in(inner)
                    .any(|m| m.span == inner && self.etype(m.entity) == Some(EntityType::Person))
                {
                    return Some(Win {
                        start: k + 1,
                        end: p,
                    });
                }
                e = self.skip_aux_left(k, floor);
            }
        }
        let w = self.np_left(e, floor)?;
        // "In the same post he wrote", "Last year she said": a subject
        // pronoun ends the window and is the subject alone.
        if w.end > w.start + 1
            && ["he", "she", "they", "it", "we", "i"]
                .iter()
                .any(|x| self.is(w.end - 1, x))
        {
            return Some(Win {
                start: w.end - 1,
                end: w.end,
            });
        }
        let s = w.start;
        if !self.plausible_subject(w) {
            return None;
        }
        // "X, a Paris-based, veteran expert, observed": the window
        // is still inside the apposition; the name is before it.
        if matches!(self.t(s), "a" | "an") && s > floor + 1 && self.t(s - 1) == "," {
            if let Some(n) = self.np_left(s - 1, floor) {
                if !matches!(self.t(n.start), "a" | "an") && self.plausible_subject(n) {
                    return Some(n);
                }
            }
        }
        Some(w)
    }

    /// The knowledge-base id of the actor a capitalised adjective or
    /// demonym names ("Russian" → RUS).
    pub fn adjective_actor(&self, w: &str) -> Option<&'a str> {
        self.kb.by_adjective(w).map(|a| a.id.as_str())
    }

    /// The document entity a window's country adjective names ("Russian
    /// official reactions" → Russia), when the entity stage listed it.
    pub fn adjective_entity(&self, w: Win) -> Option<u32> {
        (w.start..w.end).filter(|&i| self.is_cap(i)).find_map(|i| {
            let id = self.adjective_actor(self.t(i))?;
            self.doc
                .entities
                .iter()
                .position(|e| e.kb_id.as_deref() == Some(id))
                .map(|p| p as u32)
        })
    }

    /// The subject of the clause a participle or coordinated verb at `limit`
    /// hangs on: the subject of the nearest auxiliary before it ("Putin has
    /// sought … by describing"), else the sentence's subject.
    pub fn clause_subject(&self, w: Win, limit: usize) -> Option<Win> {
        self.clause_subject_via(w, limit).map(|(sw, _)| sw)
    }

    /// [`Ctx::clause_subject`], and whether an auxiliary pointed to it.
    pub fn clause_subject_via(&self, w: Win, limit: usize) -> Option<(Win, bool)> {
        let limit = self.skip_aux_left(limit, w.start);
        let lo = limit.saturating_sub(16).max(w.start + 1);
        for a in (lo..limit).rev() {
            if matches!(self.t(a), ";" | ":" | ",") {
                break;
            }
            if is_in(&self.lex.aux_verbs, self.t(a)) {
                if let Some(sw) = self.subject_left(a, w.start) {
                    if self.agentive(sw, false) {
                        return Some((sw, true));
                    }
                }
                break;
            }
        }
        self.sentence_subject(w, limit)
            .filter(|sw| self.agentive(*sw, false))
            .map(|sw| (sw, false))
    }

    /// A document entity named by a capitalised word of the window when the
    /// entity stage left it unmarked ("official Elysee spokesmen").
    pub fn name_entity(&self, w: Win) -> Option<u32> {
        (w.start..w.end)
            .filter(|&i| self.is_cap(i) && !self.toks[i].is(TOK_SENT_START))
            .find_map(|i| {
                let t = self.t(i);
                self.doc
                    .entities
                    .iter()
                    .position(|e| {
                        e.name == t
                            || (e.etype == EntityType::Person
                                && e.name.rsplit(' ').next() == Some(t))
                    })
                    .map(|p| p as u32)
            })
    }

    /// The subject opening a sentence, before token `limit`: a pronoun, a
    /// phrase ending in a mention, or a short run of words.
    pub fn sentence_subject(&self, w: Win, limit: usize) -> Option<Win> {
        let mut i = w.start;
        while i < limit && self.is_punct(i) {
            i += 1;
        }
        // Skip an introductory phrase ("In 2019, …", "Days later, …").
        let intro =
            self.is_prep(i) || is_in(&self.lex.subject_stops, self.t(i)) || self.is_adverb(i);
        if let Some(j) = (i..limit.min(i + 12)).find(|&j| self.t(j) == ",") {
            if intro || j <= i + 3 {
                i = j + 1;
            }
        }
        if i >= limit {
            return None;
        }
        if self.pronoun(i).is_some() {
            return Some(Win {
                start: i,
                end: i + 1,
            });
        }
        let span = self.span_of(Win {
            start: i,
            end: limit.min(i + 6),
        });
        if let Some(m) = self.mentions_in(span).next() {
            let e = self.doc.token_at_or_after(m.span.end);
            if e > i {
                return Some(Win { start: i, end: e });
            }
        }
        let mut e = i;
        let mut caps = 0;
        while e < limit
            && self.is_word(e)
            && !self.is_aux(e)
            && !self.is_prep(e)
            && !is_in(&self.lex.subject_stops, self.t(e))
        {
            // After a name, a lower-case word is the verb ("The Ministry
            // continues …") unless it is a group noun ("Military experts").
            if caps > 0 && !self.is_cap(e) && !is_in(&self.lex.group_nouns, self.t(e)) {
                break;
            }
            if self.is_cap(e) {
                caps += 1;
            }
            e += 1;
        }
        let sw = Win { start: i, end: e };
        (e > i && e <= i + 6 && self.plausible_subject(sw)).then_some(sw)
    }

    fn plausible_subject(&self, w: Win) -> bool {
        (w.start..w.end).any(|i| {
            self.is_cap(i) || is_in(&self.lex.group_nouns, self.t(i)) || self.pronoun(i).is_some()
        }) || self.mentions_in(self.span_of(w)).next().is_some()
            || (is_in(&self.lex.determiners, self.t(w.start)) && self.role_head(w))
    }

    /// A phrase headed by a person or body noun ("the ministry", "the
    /// spokeswoman"), not by a text or speech noun ("the report").
    pub fn role_head(&self, w: Win) -> bool {
        let mut e = w.end;
        if let Some(i) = (w.start + 1..w.end).find(|&i| self.is_prep(i)) {
            e = i;
        }
        if e <= w.start {
            return false;
        }
        let h = self.t(e - 1);
        is_in(&self.lex.source_nouns, h)
            && !is_in(&self.lex.speech_nouns_object, h)
            && !is_in(&self.lex.document_nouns, h)
    }

    /// A speech noun heads the object at `k` of an "issue"-type verb (links
    /// left by markdown, "[released](#)", are skipped).
    pub fn speech_object(&self, k: usize, end: usize) -> bool {
        let mut n = 0;
        for i in k..end {
            if matches!(self.t(i), "]" | "(" | ")" | "#") {
                continue;
            }
            n += 1;
            if n > 6 || (self.is_punct(i) && self.t(i) != "-") {
                return false;
            }
            if is_in(&self.lex.speech_nouns_object, self.t(i)) {
                // "issued warnings that …" belongs to the speech-noun pass.
                return !self.is(i + 1, "that");
            }
        }
        false
    }

    /// True when the cue at `tok` is used as a verb: not after a determiner
    /// or possessive ("the report", "Russia's claims"), not a plural noun
    /// before "of" ("claims of hypocrisy"), not passive ("was told").
    pub fn verb_use(&self, tok: usize, tok_end: usize, floor: usize) -> bool {
        if tok > floor {
            let pv = self.t(tok - 1);
            if (is_in(&self.lex.determiners, pv) && !pv.eq_ignore_ascii_case("that"))
                || self.is_possessive(tok - 1)
            {
                return false;
            }
        }
        let w = self.t(tok_end - 1);
        if w.ends_with('s') && self.is(tok_end, "of") {
            return false;
        }
        let p = self.skip_aux_left(tok, floor);
        let be = (p..tok).any(|i| {
            ["is", "are", "was", "were", "be", "been", "being"]
                .iter()
                .any(|b| self.is(i, b))
        });
        if be && !self.t(tok).ends_with("ing") {
            return false;
        }
        true
    }

    /// True when the cue at `tok` is negated ("did not comment", "never
    /// said", "nor did he issue").
    pub fn negated(&self, tok: usize, floor: usize) -> bool {
        let p = self.skip_aux_left(tok, floor);
        if (p..tok).any(|i| matches!(self.t(i), "not" | "never" | "n't" | "Not" | "Never")) {
            return true;
        }
        // "Nor did he issue …"
        if tok >= floor + 3 && p == tok && self.pronoun(tok - 1).is_some()
            || (tok >= floor + 3 && self.is_cap(tok - 1))
        {
            let d = tok - 2;
            return self.is(d, "did") && d > floor && self.is(d - 1, "nor");
        }
        false
    }

    /// A subject that can speak: a mention, a pronoun, a name, or a phrase
    /// headed by a group, source or speech noun (not "the lack of …").
    pub fn agentive(&self, w: Win, strict: bool) -> bool {
        let mut pre = w.end;
        for i in w.start + 1..w.end {
            if self.is_prep(i) {
                pre = i;
                break;
            }
        }
        let mut h = pre;
        while h > w.start && (self.is_possessive(h - 1) || self.is_punct(h - 1)) {
            h -= 1;
        }
        if h == w.start {
            return false;
        }
        let head = h - 1;
        let t = self.t(head);
        if self.pronoun(head).is_some() {
            return !(strict && self.pronoun(head) == Some(Pron::Thing));
        }
        if (w.start..pre).any(|i| is_in(&self.lex.group_nouns, self.t(i))) {
            return true;
        }
        let named = self.is_cap(head)
            && (!self.toks[head].is(TOK_SENT_START)
                || self.toks[head].is(demarche_core::TOK_ALLCAPS)
                || head > w.start);
        if named {
            return true;
        }
        let hs = self.toks[head].span;
        if self
            .mentions_in(self.span_of(w))
            .any(|m| m.span.end == hs.end)
        {
            return true;
        }
        if strict {
            return false;
        }
        // A single capitalised word opening the sentence ("Azerbaijan
        // claims"), not a gerund or determiner ("Imposing", "Your").
        let lone_name = self.is_cap(head)
            && !t.ends_with("ing")
            && !is_in(&self.lex.determiners, t)
            && self.pronoun(head).is_none();
        is_in(&self.lex.source_nouns, t) || is_in(&self.lex.speech_nouns_object, t) || lone_name
    }

    pub fn pronoun(&self, i: usize) -> Option<Pron> {
        let w = self.t(i);
        if is_in(&self.lex.person_pronouns, w) {
            Some(Pron::Person)
        } else if is_in(&self.lex.thing_pronouns, w) {
            Some(Pron::Thing)
        } else if is_in(&self.lex.plural_pronouns, w) {
            Some(Pron::Plural)
        } else {
            None
        }
    }

    /// A speaker window to the right of an inverted cue ("said X, a …").
    pub fn subject_right(&self, from: usize, end: usize) -> Option<Win> {
        let mut e = from;
        while e < end && e < from + 10 {
            if !self.is_word(e) && !matches!(self.t(e), "-" | "." | "'" | "’") {
                break;
            }
            if e > from && (self.is_prep(e) || is_in(&self.lex.subject_stops, self.t(e))) {
                break;
            }
            if e > from
                && self
                    .cue_at(e)
                    .is_some_and(|c| matches!(c.cue, Cue::Channel(_)))
            {
                break;
            }
            e += 1;
        }
        let w = Win {
            start: from,
            end: e,
        };
        // "…, said they had found a body": a clause, not a speaker.
        let clause = (from..e).any(|i| is_in(&self.lex.aux_verbs, self.t(i)))
            || (self.pronoun(from).is_some() && e > from + 1);
        (e > from && !clause && self.plausible_subject(w)).then_some(w)
    }

    /// Resolves the words naming a speaker or actor.
    pub fn resolve(&self, w: Win) -> Who {
        let span = self.span_of(w);
        if w.end == w.start + 1 {
            if let Some(p) = self.pronoun(w.start) {
                let hint = self
                    .mentions_in(span)
                    .find(|m| m.kind == MentionKind::Pronoun)
                    .map(|m| m.entity);
                return Who {
                    span: Some(span),
                    pronoun: Some(p),
                    hint,
                    ..Who::default()
                };
            }
        }
        // The head stops at the first preposition ("sources familiar with …").
        let mut pre = w.end;
        for i in w.start + 1..w.end {
            if self.is_prep(i) {
                pre = i;
                break;
            }
        }
        let pre_span = self.span_of(Win {
            start: w.start,
            end: pre,
        });
        let mut best: Option<&Mention> = None;
        for m in self.mentions_in(span) {
            // "his diplomats": a possessive pronoun is not the speaker.
            if m.kind == MentionKind::Pronoun {
                continue;
            }
            let person_at_end =
                m.span.end == span.end && self.etype(m.entity) == Some(EntityType::Person);
            if person_at_end {
                best = Some(m);
                break;
            }
            if m.span.end <= pre_span.end {
                let better = match best {
                    None => true,
                    Some(b) => {
                        m.span.end > b.span.end
                            || (m.span.end == b.span.end && m.span.len() > b.span.len())
                    }
                };
                if better {
                    best = Some(m);
                }
            }
        }
        let group = self.group_head(Win {
            start: w.start,
            end: pre,
        });
        if let Some(m) = best {
            let person = self.etype(m.entity) == Some(EntityType::Person);
            // "many Paris-born Algerians": a demonym with modifiers names a
            // group, not the country.
            let mut first = w.start;
            while first < w.end && is_in(&self.lex.determiners, self.t(first)) {
                first += 1;
            }
            let modified = m.kind == MentionKind::Demonym
                && first < w.end
                && self.toks[first].span.start < m.span.start
                && m.span.end >= pre_span.end;
            if (!group || person) && !modified {
                return Who {
                    span: Some(span),
                    entity: Some(m.entity),
                    ..Who::default()
                };
            }
        }
        Who {
            span: Some(span),
            name: self.normalise(w),
            ..Who::default()
        }
    }

    /// True when a group noun heads the phrase ("Russian officials",
    /// "sources familiar …"), not when it modifies ("official reactions").
    pub fn group_head(&self, w: Win) -> bool {
        if w.end <= w.start {
            return false;
        }
        let mut first = w.start;
        while first + 1 < w.end && is_in(&self.lex.determiners, self.t(first)) {
            first += 1;
        }
        let ft = self.t(first);
        is_in(&self.lex.group_nouns, self.t(w.end - 1))
            || (is_in(&self.lex.group_nouns, ft) && ft.ends_with('s'))
    }

    /// A speaker phrase without leading determiners or inner adverbs, lower
    /// case unless proper.
    /// The phrase owning a possessive `'s` at token `i` ("the Kremlin" of
    /// "the Kremlin's").
    pub fn possessor(&self, i: usize, floor: usize) -> Option<Win> {
        let mut s = i;
        while s > floor && s + 5 > i && self.is_word(s - 1) && (self.is_cap(s - 1) || s == i) {
            s -= 1;
        }
        if s > floor && is_in(&self.lex.determiners, self.t(s - 1)) {
            s -= 1;
        }
        (s < i).then_some(Win { start: s, end: i })
    }

    /// True for a possessive token (`'s`, `’s`, or a bare apostrophe).
    pub fn is_possessive(&self, i: usize) -> bool {
        matches!(self.t(i), "'s" | "’s" | "'S" | "’S" | "'" | "’")
    }

    pub fn normalise(&self, w: Win) -> Option<String> {
        let mut s = w.start;
        while s < w.end && is_in(&self.lex.determiners, self.t(s)) {
            s += 1;
        }
        let mut out = String::new();
        for i in s..w.end {
            if self.is_adverb(i) {
                continue;
            }
            let t = self.t(i);
            let glued = self
                .toks
                .get(i)
                .is_some_and(|x| !x.is(demarche_core::TOK_SPACE_BEFORE));
            if !out.is_empty() && !glued {
                out.push(' ');
            }
            let lower = i == w.start
                && self
                    .toks
                    .get(i)
                    .is_some_and(|x| x.is(TOK_SENT_START) && !x.is(demarche_core::TOK_ALLCAPS))
                && self.is_cap(i)
                && self.adjective_actor(t).is_none()
                && (is_in(&self.lex.group_nouns, t)
                    || (i + 1 < w.end
                        && !self.is_cap(i + 1)
                        && !is_in(&self.lex.proper_adjectives, t)));
            if lower {
                out.extend(t.chars().flat_map(|c| c.to_lowercase()));
            } else {
                out.push_str(t);
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// End (exclusive) of a reported clause or object starting at `k`,
    /// within the sentence ending at `end`.
    pub fn content_end(&self, k: usize, end: usize, object: bool) -> usize {
        let inside = self
            .toks
            .get(k)
            .and_then(|t| self.seg_at(t.span.start))
            .filter(|s| !s.single)
            .map(|s| s.inner.end);
        let mut i = k;
        while i < end {
            if let Some(qe) = inside {
                if self.toks[i].span.start >= qe {
                    return i;
                }
            }
            let t = self.t(i);
            if t == ";" {
                return i;
            }
            if t == "[" && self.kind(i + 1) == Some(TokKind::Number) {
                return i;
            }
            if t == "," || self.is_dash(i) {
                let n = i + 1;
                let nt = self.t(n);
                let brk = self.lex.clause_breaks.iter().any(|b| {
                    b.trim_start_matches(',')
                        .split_whitespace()
                        .enumerate()
                        .all(|(j, w)| n + j < end && self.t(n + j).eq_ignore_ascii_case(w))
                });
                if brk {
                    return i;
                }
                if self.is_dash(i) && (object || matches!(nt, "but" | "and")) {
                    return i;
                }
                // "…, Davis said.": the attribution of an earlier clause.
                let mut j = n;
                while j < end && j < n + 6 && self.is_word(j) && self.verb_at(j).is_none() {
                    j += 1;
                }
                if j > n && j < end && self.verb_at(j).is_some() {
                    let after = self.verb_at(j).map_or(j + 1, |c| c.tok_end as usize);
                    if after >= end || self.is_punct(after) {
                        return i;
                    }
                }
                // ", accusing …": a new participial cue.
                if self.verb_at(n).is_some() && nt.ends_with("ing") {
                    return i;
                }
                if object && matches!(nt, "which" | "who" | "where" | "when") {
                    return i;
                }
            }
            if (t == "and" || t == "but") && i > k {
                let mut n = i + 1;
                while n < end && self.is_aux(n) {
                    n += 1;
                }
                if self.verb_at(n).is_some() {
                    return i;
                }
                if object && n > i + 1 && self.t(n).ends_with("ed") && !self.is_cap(n) {
                    return i;
                }
                if object
                    && self.t(n).ends_with("ed")
                    && !self.is_cap(n)
                    && self.kind(n) == Some(TokKind::Word)
                {
                    return i;
                }
            }
            i += 1;
        }
        end
    }

    /// Trims punctuation and quotation marks from both ends of a window.
    pub fn trim(&self, mut w: Win) -> Win {
        while w.start < w.end
            && (self.is_punct(w.start) && !matches!(self.t(w.start), "-" | "[" | "("))
        {
            w.start += 1;
        }
        while w.end > w.start
            && self.is_punct(w.end - 1)
            && !matches!(self.t(w.end - 1), "?" | "!" | ")")
        {
            w.end -= 1;
        }
        w
    }

    /// True when a double-quoted or single-quoted stretch lies inside `span`
    /// (the content is then "mixed").
    pub fn has_quote_inside(&self, span: Span) -> bool {
        let k = self.segs.partition_point(|s| s.open < span.start);
        self.segs[k..]
            .iter()
            .take_while(|s| s.open < span.end)
            .any(|s| s.inner.end <= span.end + 3)
    }
}
