//! Attributed statements: direct quotations (“…,” X said / X said: “…”),
//! indirect speech (X said that …, X denounced Y as Z, according to X, …),
//! mixed forms and speech nouns (X's argument that …).

use crate::lexicon::{is_in, Cue, Frame};
use crate::scan::{Ctx, Who, Win};
use demarche_core::{QuoteForm, Span, Stance, TokKind};

/// A quote before speakers given as pronouns are resolved.
#[derive(Clone, Debug)]
pub struct Draft {
    pub content: Vec<Span>,
    pub form: QuoteForm,
    pub cue: Option<Span>,
    pub who: Who,
    /// Takes the speaker of the statement before it in the sentence.
    pub inherit: bool,
    pub to: Option<String>,
    pub stance: Option<Stance>,
    pub sent: usize,
}

impl Draft {
    pub fn pos(&self) -> u32 {
        let c = self.content.first().map_or(u32::MAX, |s| s.start);
        let q = self.cue.map_or(u32::MAX, |s| s.start);
        c.min(q)
    }
}

/// Finds every statement of the document.
pub struct Finder<'c, 'a> {
    pub cx: &'c Ctx<'a>,
    pub drafts: Vec<Draft>,
    /// Token index of every verb cue already used.
    used: Vec<usize>,
}

impl<'c, 'a> Finder<'c, 'a> {
    pub fn new(cx: &'c Ctx<'a>) -> Self {
        Finder {
            cx,
            drafts: Vec::new(),
            used: Vec::new(),
        }
    }

    pub fn run(mut self) -> Vec<Draft> {
        self.direct();
        self.speech_nouns();
        self.indirect();
        self.according();
        self.drafts.sort_by_key(|d| d.pos());
        self.drafts
    }

    /// Cue span including auxiliaries written before it ("has argued").
    fn cue_span(&self, tok: usize, tok_end: usize) -> Span {
        let cx = self.cx;
        let mut s = tok;
        while s > 0 && is_in(&cx.lex.aux_verbs, cx.t(s - 1)) && s + 3 > tok {
            s -= 1;
        }
        cx.span_of(Win {
            start: s,
            end: tok_end,
        })
    }

    fn stance_of(&self, verb: Option<Stance>, content: &[Span]) -> Option<Stance> {
        let cx = self.cx;
        // The stances the content's own cue words and verbs carry, in order.
        let said: Vec<Stance> = content
            .iter()
            .flat_map(|sp| {
                let k = cx.cues.partition_point(|c| c.span.start < sp.start);
                cx.cues[k..]
                    .iter()
                    .take_while(move |c| c.span.end <= sp.end)
                    .filter_map(|c| match c.cue {
                        Cue::StanceWord(s) => Some(s),
                        Cue::Verb { stance, .. } if stance != Stance::Other => Some(stance),
                        _ => None,
                    })
            })
            .collect();
        // "We call on all sides to show restraint", "urged both sides to
        // avoid further escalation": what is asked for is restraint.
        let restraint = said.contains(&Stance::CallForRestraint);
        match verb.filter(|s| *s != Stance::Other) {
            Some(Stance::Demand) if restraint => Some(Stance::CallForRestraint),
            Some(s) => Some(s),
            None if restraint => Some(Stance::CallForRestraint),
            None => said.first().copied().or(verb),
        }
    }

    /// Addressee and channel after a cue: returns the first token after
    /// them and the `to` value.
    fn to_after(&self, mut k: usize, end: usize, tell: bool) -> (usize, Option<String>) {
        let cx = self.cx;
        let mut to = None;
        while k < end && matches!(cx.t(k), "]" | "(" | ")" | "#") {
            k += 1;
        }
        if tell && k < end {
            if let Some(m) = cx.mention_starting(k) {
                let e = cx.doc.token_at_or_after(m.span.end).min(end);
                to = cx.text.get(m.span.range()).map(str::to_string);
                k = e.max(k + 1);
            } else if is_in(&cx.lex.addressees, cx.t(k)) {
                to = Some(cx.t(k).to_string());
                k += 1;
            } else if cx.is_cap(k) && cx.is_word(k) {
                let mut e = k;
                while e < end && e < k + 6 && cx.is_word(e) && cx.is_cap(e) {
                    e += 1;
                }
                to = cx
                    .text
                    .get(cx.span_of(Win { start: k, end: e }).range())
                    .map(str::to_string);
                k = e;
            } else if k + 1 < end {
                let two = cx.span_of(Win {
                    start: k,
                    end: k + 2,
                });
                if let Some(s) = cx.text.get(two.range()) {
                    if is_in(&cx.lex.addressees, s) {
                        to = Some(s.to_string());
                        k += 2;
                    }
                }
            }
        }
        for _ in 0..2 {
            let Some(c) = cx.cue_at(k) else { break };
            let Cue::Channel(i) = c.cue else { break };
            let v = cx
                .lex
                .channel_to
                .get(i as usize)
                .map(String::as_str)
                .unwrap_or("");
            k = c.tok_end as usize;
            if v == "*" {
                let mut e = k;
                while e < end
                    && e < k + 6
                    && cx.is_word(e)
                    && (cx.is_cap(e) || e == k && cx.is(e, "the"))
                {
                    e += 1;
                }
                if e > k {
                    to = cx
                        .text
                        .get(cx.span_of(Win { start: k, end: e }).range())
                        .map(str::to_string);
                    k = e;
                }
            } else if to.is_none() {
                to = Some(v.to_string());
            }
        }
        (k, to)
    }

    // ---- direct quotations ----

    fn direct(&mut self) {
        let cx = self.cx;
        let n = cx.segs.len();
        let mut done = vec![false; n];
        let mut last: Option<(usize, Who, Option<Span>, usize)> = None; // (draft idx, who, cue, sentence)
        for si in 0..n {
            if done[si] || cx.segs[si].single {
                continue;
            }
            let first = cx.segs[si];
            let mut content = vec![first.inner];
            let mut li = si;
            done[si] = true;
            while cx.segs[li].continues && li + 1 < n && !cx.segs[li + 1].single {
                li += 1;
                done[li] = true;
                content.push(cx.segs[li].inner);
            }
            let lastseg = cx.segs[li];
            let open_tok = cx.doc.token_at_or_after(first.open);
            let after = cx.doc.token_at_or_after(lastseg.close);
            if open_tok >= cx.toks.len() {
                continue;
            }
            let s_open = cx.sent_of(open_tok);
            let w_open = cx.sent_toks(s_open);
            let s_close = cx.sent_of(after.saturating_sub(1).max(open_tok));
            let w_close = cx.sent_toks(s_close);
            // Words of the sentence before the opening mark.
            let lead = (w_open.start..open_tok).any(|i| cx.is_word(i));
            let inner_words = cx.doc.token_at_or_after(lastseg.inner.end) - open_tok;

            // “…,” X said / “…,” said X. A splitter may end the sentence at
            // “…?” or “…,”: the attribution is then the next sentence.
            let mut w_close = w_close;
            let inner_last = cx.text[..lastseg.inner.end as usize]
                .trim_end()
                .chars()
                .next_back();
            if after >= w_close.end && matches!(inner_last, Some('?' | '!' | ',')) {
                let nx = cx.sent_toks(s_close + 1);
                if nx.start == after && nx.end > nx.start && nx.end - nx.start <= 30 {
                    w_close = Win {
                        start: w_close.start,
                        end: nx.end,
                    };
                }
            }
            if let Some((cue_tok, cue_end, who, next, tell)) =
                self.post_attribution(after, w_close.end)
            {
                let (k, to) = self.to_after(next, w_close.end, tell);
                // “First part,” X said, “second part.”
                let mut k2 = k;
                while k2 < w_close.end && matches!(cx.t(k2), "," | ":" | "]" | ")") {
                    k2 += 1;
                }
                if k2 < w_close.end && cx.kind(k2) == Some(TokKind::OpenQuote) {
                    let p = cx.toks[k2].span.start;
                    if let Some(j) =
                        (li + 1..n).find(|&j| cx.segs[j].open == p && !cx.segs[j].single)
                    {
                        let mut j = j;
                        done[j] = true;
                        content.push(cx.segs[j].inner);
                        while cx.segs[j].continues && j + 1 < n {
                            j += 1;
                            done[j] = true;
                            content.push(cx.segs[j].inner);
                        }
                    }
                }
                let mut form = QuoteForm::Direct;
                if lead && inner_words < 40 {
                    let pre = self.lead_start(w_open.start, open_tok);
                    if let Some(pre) = pre {
                        content = vec![Span {
                            start: cx.toks[pre].span.start,
                            end: content.last().map_or(first.inner.end, |c| c.end),
                        }];
                        form = QuoteForm::Mixed;
                    }
                }
                let verb_stance = match cx.verb_at(cue_tok).map(|c| c.cue) {
                    Some(Cue::Verb { stance, .. }) => Some(stance),
                    _ => None,
                };
                self.used.push(cue_tok);
                let cue = Some(self.cue_span(cue_tok, cue_end));
                let stance = self.stance_of(verb_stance, &content);
                last = Some((self.drafts.len(), who.clone(), cue, s_close));
                self.drafts.push(Draft {
                    content: trim_spans(cx, content),
                    form,
                    cue,
                    who,
                    inherit: false,
                    to,
                    stance,
                    sent: s_close,
                });
                continue;
            }
            // X said: “…” / X warned that “…”
            if !lead || open_tok == 0 {
                // A quote opening its sentence with no cue continues the
                // speaker of an adjacent attributed quote.
                // A cue later in its sentence that found no speaker makes
                // it someone else's.
                let own_cue = (after..w_close.end).any(|i| cx.verb_at(i).is_some());
                if let Some((_, who, cue, s)) = last.as_ref().filter(|_| !own_cue) {
                    if s_open == *s + 1 || s_open == *s {
                        let s2 = s_close;
                        let stance = self.stance_of(None, &content);
                        let (who, cue) = (who.clone(), *cue);
                        last = Some((self.drafts.len(), who.clone(), cue, s2));
                        self.drafts.push(Draft {
                            content: trim_spans(cx, content),
                            form: QuoteForm::Direct,
                            cue,
                            who,
                            inherit: false,
                            to: None,
                            stance,
                            sent: s2,
                        });
                    }
                }
                continue;
            }
            let p = open_tok - 1;
            let ends_sentence = (after..w_close.end).all(|i| cx.is_punct(i));
            if let Some(d) = self.pre_attribution(p, w_open.start, ends_sentence) {
                let (cue_tok, cue_end, who, to, verb_stance) = d;
                self.used.push(cue_tok);
                let cue = Some(if cue_tok == p && cx.t(p) == ":" {
                    cx.toks[p].span
                } else {
                    self.cue_span(cue_tok, cue_end)
                });
                let stance = self.stance_of(verb_stance, &content);
                last = Some((self.drafts.len(), who.clone(), cue, s_close));
                self.drafts.push(Draft {
                    content: trim_spans(cx, content),
                    form: QuoteForm::Direct,
                    cue,
                    who,
                    inherit: false,
                    to,
                    stance,
                    sent: s_close,
                });
            }
        }
    }

    /// Start of the words leading into a mid-sentence quote that a cue after
    /// it attributes ("the U.S. has “nothing to …,” X noted").
    fn lead_start(&self, s: usize, open_tok: usize) -> Option<usize> {
        let cx = self.cx;
        let mut i = s;
        while i < open_tok && (cx.is_punct(i) || cx.is_dash(i)) {
            i += 1;
        }
        (i < open_tok).then_some(i)
    }

    /// A cue after a closing mark: returns (cue token, cue end, speaker,
    /// first token after the speaker or cue).
    fn post_attribution(
        &self,
        after: usize,
        end: usize,
    ) -> Option<(usize, usize, Who, usize, bool)> {
        let cx = self.cx;
        let mut i = after;
        while i < end && matches!(cx.t(i), "[" | "," | "—" | "–") {
            i += 1;
        }
        if i >= end {
            return None;
        }
        let tell = |c: &crate::scan::CueMatch| {
            matches!(
                c.cue,
                Cue::Verb {
                    frame: Frame::Tell,
                    ..
                }
            )
        };
        if let Some(c) = cx.verb_at(i) {
            let ce = c.tok_end as usize;
            let w = cx.subject_right(ce, end)?;
            return Some((i, ce, cx.resolve(w), w.end, tell(c)));
        }
        // "X said", "X, a professor at Y, said": the first cue within reach,
        // its subject starting right after the quote.
        for j in i + 1..end.min(i + 28) {
            if matches!(cx.t(j), ";" | ":")
                || matches!(cx.kind(j), Some(TokKind::OpenQuote | TokKind::CloseQuote))
            {
                return None;
            }
            if let Some(c) = cx.verb_at(j) {
                let w = cx.subject_left(j, i)?;
                if w.start != i && !(w.start > i && cx.t(w.start - 1) == ",") {
                    return None;
                }
                if w.start != i {
                    // An apposition chosen as the name: the words after the
                    // quote must be the head it stands beside.
                    let head = cx.subject_left(w.start - 1, i);
                    if !matches!(head, Some(h) if h.start == i) {
                        return None;
                    }
                }
                return Some((
                    j,
                    c.tok_end as usize,
                    cx.resolve(w),
                    c.tok_end as usize,
                    tell(c),
                ));
            }
        }
        None
    }

    /// A cue before an opening mark. `p` is the token just before the mark.
    #[allow(clippy::type_complexity)]
    fn pre_attribution(
        &self,
        p: usize,
        floor: usize,
        ends_sentence: bool,
    ) -> Option<(usize, usize, Who, Option<String>, Option<Stance>)> {
        let cx = self.cx;
        let pt = cx.t(p);
        let that = pt.eq_ignore_ascii_case("that");
        if !(pt == ":" || pt == "," || that) {
            return None;
        }
        if that && !ends_sentence {
            return None;
        }
        // Nearest verb cue before p with only addressee/channel words between.
        let mut j = p;
        let lo = p.saturating_sub(10).max(floor);
        while j > lo {
            j -= 1;
            if let Some(c) = cx.verb_at(j) {
                if let Cue::Verb { frame, stance } = c.cue {
                    if frame == Frame::Issue {
                        return None;
                    }
                    let ce = c.tok_end as usize;
                    let (k, to) = self.to_after(ce, p + 1, frame == Frame::Tell);
                    if k < p && (k..p).any(|i| cx.is_punct(i) && cx.t(i) != ".") {
                        return None;
                    }
                    let w = cx.subject_left(j, floor)?;
                    return Some((j, ce, cx.resolve(w), to, Some(stance)));
                }
            }
            if cx.is_punct(j) && !matches!(cx.t(j), "." | "-") {
                break;
            }
        }
        // "Name: “…”" — a colon after a speaker opening the sentence.
        if pt == ":" && p > floor {
            let w = Win {
                start: floor,
                end: p,
            };
            if p - floor <= 6 {
                let who = cx.resolve(w);
                if who.entity.is_some() {
                    return Some((p, p + 1, who, None, None));
                }
            }
        }
        None
    }

    // ---- indirect speech ----

    fn indirect(&mut self) {
        let cx = self.cx;
        for ci in 0..cx.cues.len() {
            let c = cx.cues[ci];
            let Cue::Verb { frame, stance } = c.cue else {
                continue;
            };
            let tok = c.tok as usize;
            let tok_end = c.tok_end as usize;
            if self.used.contains(&tok) || cx.in_double_quote(c.span.start) {
                continue;
            }
            let s = cx.sent_of(tok);
            let w = cx.sent_toks(s);
            if !cx.verb_use(tok, tok_end, w.start) || cx.negated(tok, w.start) {
                continue;
            }
            let object = matches!(frame, Frame::Object | Frame::Issue | Frame::Offer);
            let (k0, to) = self.to_after(tok_end, w.end, frame == Frame::Tell);
            // "offered nothing beyond statements", "issued no response":
            // a silence, not a statement.
            if matches!(frame, Frame::Issue | Frame::Offer)
                && (cx.is(k0, "no") || cx.is(k0, "nothing"))
            {
                continue;
            }
            match frame {
                Frame::Issue if !cx.speech_object(tok_end, w.end) => continue,
                Frame::Offer if !(cx.is(k0, "to") || cx.speech_object(tok_end, w.end)) => continue,
                _ => {}
            }
            let participle = cx.t(tok).ends_with("ing");
            let subject = cx
                .subject_left(tok, w.start)
                .filter(|sw| cx.agentive(*sw, frame == Frame::That));
            let k = self.skip_to_that(k0, w.end, tok_end);
            if frame == Frame::That && !cx.is(k.saturating_sub(1), "that") {
                continue;
            }
            let e = cx.content_end(k, w.end, object);
            let mut right = cx.trim(Win { start: k, end: e });
            // "claims that the court dismissed as hearsay": the object was
            // moved away; the cue itself leads the content.
            if object && cx.is(right.start, "as") && right.start == tok_end {
                right.start = tok;
            }
            let right_ok = right.end > right.start && !self.starts_quote_to_end(right, w.end);
            let cue = Some(self.cue_span(tok, tok_end));
            let mut inherit = false;
            let (who, content) = match subject {
                Some(sw) => {
                    let comma_before = sw.start > w.start && cx.t(sw.start - 1) == ",";
                    // "…, the Kremlin said, eight days after …": a time or
                    // place adjunct after the cue, the content before it.
                    let starts_time = comma_before
                        && right_ok
                        && cx.doc.times.iter().any(|t| {
                            t.span.start == cx.toks[right.start.min(cx.toks.len() - 1)].span.start
                        });
                    let adjunct = comma_before
                        && right_ok
                        && ((cx.is_prep(right.start) && !cx.is(right.start, "to")) || starts_time)
                        && !cx.is(k.saturating_sub(1), "that")
                        && (right.end - right.start <= 8 || starts_time);
                    if right_ok && !adjunct {
                        (cx.resolve(sw), right)
                    } else if comma_before && frame != Frame::That {
                        // A dateline ("MOSCOW (GWS) — ") is not content.
                        let mut ls = w.start;
                        if let Some(d) =
                            (w.start..(w.start + 8).min(sw.start)).find(|&i| cx.is_dash(i))
                        {
                            ls = d + 1;
                        }
                        let left = cx.trim(Win {
                            start: ls,
                            end: sw.start - 1,
                        });
                        if left.end <= left.start
                            || cx.in_double_quote(cx.toks[left.start].span.start)
                        {
                            continue;
                        }
                        (cx.resolve(sw), left)
                    } else {
                        continue;
                    }
                }
                None => {
                    let p = cx.skip_aux_left(tok, w.start);
                    if p <= w.start {
                        continue;
                    }
                    let pt = cx.t(p - 1);
                    if frame == Frame::That {
                        // ", signaling that …" hangs on a named person.
                        let person = pt == ","
                            && participle
                            && cx.is(k.saturating_sub(1), "that")
                            && cx
                                .clause_subject(w, tok)
                                .map(|sw| cx.resolve(sw))
                                .and_then(|who| who.entity)
                                .and_then(|e| cx.etype(e))
                                == Some(demarche_core::EntityType::Person);
                        if !person {
                            continue;
                        }
                    }
                    // "used X to threaten Y", "the response was to demand Z":
                    // a strong speech act in an infinitive.
                    let infinitive = pt == "to"
                        && object
                        && stance != Stance::Other
                        && p >= w.start + 2
                        && !(p.saturating_sub(4).max(w.start)..p - 1)
                            .any(|i| is_in(&cx.lex.infinitive_blockers, cx.t(i)));
                    let coord =
                        matches!(pt, "and" | "but") || (pt == "," && participle) || infinitive;
                    // "by describing …", "after saying …"
                    let adverbial = participle
                        && [
                            "by", "after", "before", "while", "when", "since", "upon", "in",
                        ]
                        .iter()
                        .any(|x| cx.is(p - 1, x));
                    if coord || adverbial {
                        if !right_ok {
                            continue;
                        }
                        inherit = true;
                        let who = cx
                            .clause_subject(w, tok)
                            .map(|sw| cx.resolve(sw))
                            .unwrap_or_default();
                        (who, right)
                    } else if pt == "," && !participle {
                        // "…, said X."
                        let Some(sw) = cx.subject_right(tok_end, w.end) else {
                            continue;
                        };
                        let left = cx.trim(Win {
                            start: w.start,
                            end: p - 1,
                        });
                        if left.end <= left.start
                            || cx.in_double_quote(cx.toks[left.start].span.start)
                        {
                            continue;
                        }
                        (cx.resolve(sw), left)
                    } else {
                        continue;
                    }
                }
            };
            let span = cx.span_of(content);
            if span.is_empty() {
                continue;
            }
            let form = if cx.has_quote_inside(span) {
                QuoteForm::Mixed
            } else {
                QuoteForm::Indirect
            };
            let content = vec![span];
            let stance = self.stance_of(Some(stance), &content);
            self.used.push(tok);
            self.drafts.push(Draft {
                content,
                form,
                cue,
                who,
                inherit,
                to,
                stance,
                sent: s,
            });
        }
    }

    /// Skips "before Congress in 2019 that", "many times” to her that": a
    /// short run of adjuncts ending in "that".
    fn skip_to_that(&self, k: usize, end: usize, cue_end: usize) -> usize {
        let cx = self.cx;
        // "admitted this week that …": a time expression of the time stage.
        let mut k = k;
        if let Some(t) = cx.toks.get(k) {
            let times = &cx.doc.times;
            let i = times.partition_point(|x| x.span.start < t.span.start);
            if let Some(x) = times.get(i).filter(|x| x.span.start == t.span.start) {
                let after = cx.doc.token_at_or_after(x.span.end);
                if cx.is(after, "that") {
                    k = after;
                }
            }
        }
        if cx.is(k, "that") {
            return k + 1;
        }
        let starts_adjunct = k < end
            && (cx.is_prep(k)
                || cx.is_adverb(k)
                || is_in(&cx.lex.auxiliaries, cx.t(k))
                || cx.is_punct(k)
                || cx.t(k) == "..."
                || (k > cue_end && cx.kind(k) == Some(TokKind::Word)));
        if !starts_adjunct {
            return k;
        }
        for i in k..end.min(k + 10) {
            if cx.is(i, "that") {
                return i + 1;
            }
            if matches!(cx.t(i), ";" | ":" | "—") || cx.verb_at(i).is_some() {
                break;
            }
        }
        k
    }

    /// The content is one quotation running to the end of the sentence
    /// (attributed by the direct pass).
    fn starts_quote_to_end(&self, w: Win, end: usize) -> bool {
        let cx = self.cx;
        let Some(t) = cx.toks.get(w.start) else {
            return false;
        };
        match cx.seg_at(t.span.start) {
            Some(s) if !s.single && cx.toks[w.start.saturating_sub(1)].span.start == s.open => {
                let after = cx.doc.token_at_or_after(s.close);
                (after..end).all(|i| cx.is_punct(i))
            }
            _ => false,
        }
    }

    // ---- speech nouns: "X's argument that …" ----

    fn speech_nouns(&mut self) {
        let cx = self.cx;
        for i in 1..cx.toks.len() {
            if !cx.is(i, "that") || !is_in(&cx.lex.speech_nouns_clause, cx.t(i - 1)) {
                continue;
            }
            let noun = i - 1;
            if cx.in_double_quote(cx.toks[noun].span.start) || self.used.contains(&noun) {
                continue;
            }
            // "said in a statement that …": the noun closes a channel; the
            // verb before it is the cue.
            let lo = cx.cues.partition_point(|c| (c.tok_end as usize) <= noun);
            let in_channel = cx.cues[lo..]
                .iter()
                .take_while(|c| (c.tok as usize) <= noun)
                .any(|c| matches!(c.cue, Cue::Channel(_)) && (c.tok_end as usize) == noun + 1);
            if in_channel {
                continue;
            }
            // "Russia claims that …" is a verb; "the claims that …" a noun.
            if cx.verb_at(noun).is_some() {
                let pv = noun.checked_sub(1).map_or("", |j| cx.t(j));
                let nounish = noun > 0
                    && (is_in(&cx.lex.determiners, pv)
                        || cx.is_possessive(noun - 1)
                        || (cx.is_word(noun - 1)
                            && !cx.is_cap(noun - 1)
                            && cx.pronoun(noun - 1).is_none()));
                if !nounish {
                    continue;
                }
            }
            // "comments that appear …": a relative clause, not the content.
            let nx = i + 1;
            let relative = cx.kind(nx) == Some(TokKind::Word)
                && !cx.is_cap(nx)
                && !is_in(&cx.lex.determiners, cx.t(nx))
                && cx.pronoun(nx).is_none()
                && !matches!(
                    cx.t(nx),
                    "we" | "i" | "you" | "there" | "nobody" | "no" | "none" | "every" | "each"
                );
            if relative {
                continue;
            }
            let s = cx.sent_of(i);
            let w = cx.sent_toks(s);
            let e = cx.content_end(i + 1, w.end, false);
            let content = cx.trim(Win {
                start: i + 1,
                end: e,
            });
            if content.end <= content.start {
                continue;
            }
            // Speaker: a possessor, the subject of an issuing verb, or the
            // sentence's subject.
            let mut cue_start = noun;
            let mut who = None;
            let pos = noun.saturating_sub(1);
            if noun > w.start && cx.is_possessive(pos) {
                if let Some(pw) = cx.possessor(pos, w.start) {
                    who = Some(cx.resolve(pw));
                }
            } else {
                let lo = noun.saturating_sub(5).max(w.start);
                for j in (lo..noun).rev() {
                    if let Some(c) = cx.verb_at(j) {
                        if let Some(sw) = cx.subject_left(j, w.start) {
                            who = Some(cx.resolve(sw));
                            self.used.push(j);
                            cue_start = j;
                        }
                        let _ = c;
                        break;
                    }
                }
            }
            let who = match who {
                Some(w) => w,
                None => match cx.sentence_subject(w, noun) {
                    Some(sw) => {
                        // "to convey the message that …": the cue reaches back
                        // to the verb before the noun.
                        let mut j = noun;
                        while j > w.start
                            && j + 3 > noun
                            && cx.is_word(j - 1)
                            && !cx.is(j - 1, "to")
                        {
                            j -= 1;
                        }
                        cue_start = j;
                        cx.resolve(sw)
                    }
                    None => continue,
                },
            };
            let span = cx.span_of(content);
            let quoted = cx.seg_at(
                span.start
                    .saturating_sub(1)
                    .max(cx.toks[content.start].span.start),
            );
            let form = match quoted {
                Some(q)
                    if !q.single
                        && q.inner.start <= span.start + 3
                        && q.inner.end + 3 >= span.end =>
                {
                    QuoteForm::Direct
                }
                _ if cx.has_quote_inside(span) => QuoteForm::Mixed,
                _ => QuoteForm::Indirect,
            };
            let content = vec![span];
            let stance = self.stance_of(None, &content);
            self.drafts.push(Draft {
                content,
                form,
                cue: Some(cx.span_of(Win {
                    start: cue_start,
                    end: noun + 1,
                })),
                who,
                inherit: false,
                to: None,
                stance,
                sent: s,
            });
        }
    }

    // ---- according to X ----

    fn according(&mut self) {
        let cx = self.cx;
        for c in &cx.cues {
            if c.cue != Cue::According || cx.in_double_quote(c.span.start) {
                continue;
            }
            let a = c.tok as usize;
            let s = cx.sent_of(a);
            let w = cx.sent_toks(s);
            let Some(sw) = cx.subject_right(c.tok_end as usize, w.end) else {
                continue;
            };
            let leading = (w.start..a).all(|i| cx.is_punct(i));
            let content = if leading {
                let mut k = sw.end;
                while k < w.end && cx.t(k) != "," {
                    k += 1;
                }
                cx.trim(Win {
                    start: k + 1,
                    end: w.end,
                })
            } else {
                let mut e = a;
                while e > w.start && cx.is_punct(e - 1) {
                    e -= 1;
                }
                // "…, according to X" may follow a clause opened by a
                // comma-delimited lead-in; take the whole stretch before it.
                let mut st = w.start;
                for j in (w.start..e).rev() {
                    if cx.t(j) == ";" || cx.t(j) == ":" {
                        st = j + 1;
                        break;
                    }
                }
                cx.trim(Win { start: st, end: e })
            };
            if content.end <= content.start {
                continue;
            }
            let span = cx.span_of(content);
            let form = if cx.has_quote_inside(span) {
                QuoteForm::Mixed
            } else {
                QuoteForm::Indirect
            };
            let content = vec![span];
            let stance = self.stance_of(None, &content);
            self.drafts.push(Draft {
                content,
                form,
                cue: Some(c.span),
                who: cx.resolve(sw),
                inherit: false,
                to: None,
                stance,
                sent: s,
            });
        }
    }
}

/// Drops trailing commas and spaces from quoted parts.
fn trim_spans(cx: &Ctx, spans: Vec<Span>) -> Vec<Span> {
    spans
        .into_iter()
        .filter_map(|s| {
            let t = cx.text.get(s.range())?;
            let lead = t.len() - t.trim_start().len();
            let t2 = t
                .trim_start()
                .trim_end_matches(|c: char| c.is_whitespace() || c == ',');
            let sp = Span::new(s.start as usize + lead, s.start as usize + lead + t2.len());
            (!sp.is_empty()).then_some(sp)
        })
        .collect()
}
