//! Silences: clauses saying an actor did not comment, stayed silent, refused
//! or failed to act ("the minister did not comment", "the palace's silence",
//! "responses were muted").

use crate::lexicon::{is_in, Cue, Frame, SilenceKind};
use crate::scan::{Ctx, Who, Win};
use demarche_core::{EntityType, Span};

/// A silence before pronoun actors are resolved.
#[derive(Clone, Debug)]
pub struct SilenceDraft {
    pub span: Span,
    pub who: Who,
    pub about: Option<String>,
    pub sent: usize,
    /// Takes the actor of a statement or silence before it in the sentence.
    pub inherit: bool,
}

/// Finds the silences of the document.
pub fn find(cx: &Ctx) -> Vec<SilenceDraft> {
    let mut out: Vec<SilenceDraft> = Vec::new();
    for c in &cx.cues {
        // Where a refused act's predicate starts ("was unable to").
        let mut act_start = 0;
        // A negated statement is a silence: "did not condemn", "nor did he
        // issue a rebuttal".
        let kind = match c.cue {
            Cue::Verb { frame, .. } => {
                let (tok, s) = (c.tok as usize, cx.sent_of(c.tok as usize));
                let w = cx.sent_toks(s);
                let needs_noun = matches!(frame, Frame::Issue | Frame::Offer);
                // "issued no statement", "made no reference to", "offered
                // nothing": a negative object negates the act.
                let nothing = needs_noun && cx.is(c.tok_end as usize, "nothing");
                let no_object = needs_noun && cx.is(c.tok_end as usize, "no");
                if cx.in_double_quote(c.span.start)
                    || !(nothing || no_object || cx.negated(tok, w.start))
                    || !cx.verb_use(tok, c.tok_end as usize, w.start)
                {
                    continue;
                }
                if needs_noun && !nothing && !cx.speech_object(c.tok_end as usize, w.end) {
                    continue;
                }
                SilenceKind::Pred
            }
            Cue::Act(needs_object) => {
                let (tok, s) = (c.tok as usize, cx.sent_of(c.tok as usize));
                let w = cx.sent_toks(s);
                if cx.in_double_quote(c.span.start)
                    || (needs_object && !help_object(cx, c.tok_end as usize, w.end))
                {
                    continue;
                }
                match act_negation(cx, tok, w.start) {
                    Some(start) => {
                        act_start = start;
                        SilenceKind::Act
                    }
                    None => continue,
                }
            }
            Cue::Silence(SilenceKind::Noun)
                if c.tok_end > c.tok + 1 && cx.is(c.tok_end as usize - 1, "of") =>
            {
                // "lack of a coherent official response": a response noun
                // must head what lacks.
                let (k, s) = (c.tok_end as usize, cx.sent_of(c.tok as usize));
                let end = cx.sent_toks(s).end.min(k + 6);
                let found = (k..end)
                    .take_while(|&i| !cx.is_punct(i) || cx.t(i) == "-")
                    .any(|i| is_in(&cx.lex.response_nouns, cx.t(i)));
                if !found {
                    continue;
                }
                SilenceKind::Noun
            }
            Cue::Silence(kind) => kind,
            _ => continue,
        };
        let tok = c.tok as usize;
        let tok_end = c.tok_end as usize;
        let s = cx.sent_of(tok);
        let w = cx.sent_toks(s);
        let before = out.len();
        match kind {
            SilenceKind::Pred => pred(cx, tok, tok_end, tok_end, s, w, &mut out),
            SilenceKind::Noun => noun(cx, tok, tok_end, s, w, &mut out),
            SilenceKind::Adj => adj(cx, tok, s, w, &mut out),
            SilenceKind::Act => {
                pred(cx, act_start, tok_end, tok, s, w, &mut out);
                // Only a known actor refuses to act ("this did not help"
                // says nothing of anyone; nor does a text).
                if let Some(last) = out.get(before..).and_then(|l| l.last()) {
                    let text = last
                        .who
                        .name_head()
                        .is_some_and(|h| is_in(&cx.lex.document_nouns, h));
                    let known = (last.who.is_known() && !text)
                        || last.who.pronoun.is_some()
                        || (last.inherit && last.who == Who::default());
                    if !known {
                        out.truncate(before);
                    }
                }
            }
        }
        // One record per clause: a later cue inside an earlier record's span
        // adds nothing.
        if out.len() > before && before > 0 {
            let last = &out[out.len() - 1];
            let prev = &out[before - 1];
            if prev.sent == last.sent
                && prev
                    .span
                    .contains(&Span::new(c.span.start as usize, c.span.end as usize))
            {
                out.truncate(before);
            }
        }
    }
    out
}

/// The silent actor named by a subject window: the mention closest to the
/// predicate unless a group noun heads it ("Russian peacekeepers").
fn actor(cx: &Ctx, w: Win) -> Who {
    let who = cx.resolve(w);
    if who.entity.is_some() || who.pronoun.is_some() {
        return who;
    }
    let mut pre = w.end;
    if let Some(i) = (w.start + 1..w.end).find(|&i| cx.is_prep(i)) {
        pre = i;
    }
    if cx.group_head(Win {
        start: w.start,
        end: pre,
    }) {
        return who;
    }
    // "Russian official reactions": the country adjective names the actor;
    // "official Elysee spokesmen": a name the entity stage left unmarked.
    if let Some(e) = cx.adjective_entity(w).or_else(|| cx.name_entity(w)) {
        return Who {
            span: who.span,
            entity: Some(e),
            ..Who::default()
        };
    }
    let span = cx.span_of(w);
    if let Some(m) = cx.mentions_in(span).last() {
        return Who {
            span: Some(span),
            entity: Some(m.entity),
            ..Who::default()
        };
    }
    who
}

/// A short phrase for what the actor was silent about: the object after the
/// cue, up to the clause end.
fn about(cx: &Ctx, k: usize, end: usize) -> Option<String> {
    let mut k = k;
    while k < end && (cx.is_adverb(k) || ["on", "about", "to", "over"].iter().any(|w| cx.is(k, w)))
    {
        k += 1;
    }
    let e = cx.content_end(k, end, true).min(k + 10);
    let mut e2 = k;
    let ends = |i: usize| {
        (cx.is_punct(i) && !matches!(cx.t(i), "-" | "'" | "’"))
            || cx.is(i, "as")
            || cx.is(i, "since")
    };
    while e2 < e && !ends(e2) {
        e2 += 1;
    }
    let w = cx.trim(Win { start: k, end: e2 });
    if w.end <= w.start {
        return None;
    }
    cx.text.get(cx.span_of(w).range()).map(str::to_string)
}

/// Where a refused or negated act's predicate starts ("was unable to",
/// "did not", "was never going to"), or `None` when the act is not negated.
/// A hedged negation ("may not intervene") is not a silence.
fn act_negation(cx: &Ctx, tok: usize, floor: usize) -> Option<usize> {
    let mut p = tok;
    while p > floor && cx.is_adverb(p - 1) {
        p -= 1;
    }
    let start = if cx.negated(p, floor) {
        cx.skip_aux_left(p, floor)
    } else if p > floor + 1 && (cx.is(p - 1, "to") || cx.is(p - 1, "from")) {
        let q = p - 2;
        if !is_in(&cx.lex.act_negators, cx.t(q)) {
            return None;
        }
        // "not going to", "was never able to": these need the negation.
        if is_in(&cx.lex.act_needs_not, cx.t(q)) && !cx.negated(q, floor) {
            return None;
        }
        cx.skip_aux_left(q, floor)
    } else {
        return None;
    };
    let hedged = (start..tok).any(|i| cx.is(i, "may") || cx.is(i, "might"))
        || (floor..start).any(|i| cx.is(i, "if") || cx.is(i, "unless"));
    (!hedged).then_some(start)
}

/// A help noun ("troops", "support") among the next few words of the clause.
fn help_object(cx: &Ctx, k: usize, end: usize) -> bool {
    (k..end.min(k + 8))
        .take_while(|&i| !cx.is_punct(i) || cx.t(i) == "-")
        .any(|i| is_in(&cx.lex.help_nouns, cx.t(i)))
}

/// A predicate silence: `tok..tok_end` is the cue (or the negated
/// predicate), `about_from` where the object it was silent about starts.
fn pred(
    cx: &Ctx,
    tok: usize,
    tok_end: usize,
    about_from: usize,
    s: usize,
    w: Win,
    out: &mut Vec<SilenceDraft>,
) {
    let subject = cx.subject_left(tok, w.start);
    let mut end = cx.content_end(tok_end, w.end, true);
    // The silence is one clause: a coordinated clause after ", and" or
    // ", but" is not part of it.
    if let Some(c) =
        (tok_end..end).find(|&i| cx.t(i) == "," && (cx.is(i + 1, "and") || cx.is(i + 1, "but")))
    {
        end = c;
    }
    let end = cx.trim(Win { start: tok, end }).end.max(tok_end);
    let ab = about(cx, about_from, end);
    match subject {
        Some(sw) => {
            let mut st = sw.start;
            let mut end = end;
            if st >= w.start + 2 && cx.is(st - 1, "did") && cx.is(st - 2, "nor") {
                st -= 2;
            }
            // "With the leader staying mum, …": an absolute phrase ends at
            // its comma.
            if st > w.start
                && [
                    "with", "as", "while", "when", "after", "since", "although", "if", "without",
                ]
                .iter()
                .any(|x| cx.is(st - 1, x))
            {
                st -= 1;
                if let Some(c) = (tok_end..end).find(|&i| cx.t(i) == ",") {
                    end = c;
                }
            }
            let span = cx.span_of(Win { start: st, end });
            out.push(SilenceDraft {
                span,
                who: actor(cx, sw),
                about: ab.clone(),
                sent: s,
                inherit: false,
            });
            // "X and Y have yet to …": one record per conjunct.
            if sw.start > w.start + 1 && cx.is(sw.start - 1, "and") {
                if let Some(first) = cx.subject_left(sw.start - 1, w.start) {
                    let who = actor(cx, first);
                    if who.is_known() && who != out[out.len() - 1].who {
                        out.push(SilenceDraft {
                            span: cx.span_of(Win {
                                start: first.start,
                                end,
                            }),
                            who,
                            about: ab,
                            sent: s,
                            inherit: false,
                        });
                    }
                }
            }
        }
        None => {
            // "…, but has offered little", "without directly naming …":
            // the actor is the sentence's subject (or the statement's speaker).
            let found = cx.clause_subject_via(w, tok);
            let subj = found.map(|(sw, _)| sw);
            let via_aux = found.is_some_and(|(_, a)| a);
            let who = subj.map(|sw| actor(cx, sw)).unwrap_or_default();
            let mut st = cx.skip_aux_left(tok, w.start);
            // "X has made the decision to remain mute": the clause says it.
            if st > w.start && cx.is(st - 1, "to") {
                if let Some(sw) = subj {
                    if (sw.end..st).all(|i| !cx.is_punct(i)) {
                        st = sw.start;
                    }
                }
            }
            while st > w.start && (cx.is(st - 1, "but") || cx.is(st - 1, "and")) {
                st -= 1;
            }
            // "…playbook: say nothing about …" — the sentence says it.
            if st > w.start && cx.t(st - 1) == ":" {
                st = w.start;
                while st < tok && cx.is_punct(st) {
                    st += 1;
                }
            }
            out.push(SilenceDraft {
                span: cx.span_of(Win { start: st, end }),
                who,
                about: ab,
                sent: s,
                inherit: !via_aux,
            });
        }
    }
}

fn noun(cx: &Ctx, tok: usize, tok_end: usize, s: usize, w: Win, out: &mut Vec<SilenceDraft>) {
    // Left edge of the noun phrase: possessor, modifiers, one determiner.
    let mut st = tok;
    let mut who = None;
    while st > w.start {
        let p = st - 1;
        let t = cx.t(p);
        if cx.is_possessive(p) {
            if let Some(pw) = cx.possessor(p, w.start) {
                who = Some(actor(cx, pw));
                st = pw.start;
            }
            break;
        }
        if cx.is_word(p) && cx.is_cap(p) && !cx.toks[p].is(demarche_core::TOK_SENT_START) {
            st = p;
            continue;
        }
        if is_in(&cx.lex.determiners, t) {
            if let Some(pr) = cx.pronoun(p) {
                who = Some(Who {
                    span: Some(cx.toks[p].span),
                    pronoun: Some(pr),
                    ..Who::default()
                });
            }
            st = p;
            break;
        }
        break;
    }
    // Right edge: up to a finite verb of the clause or punctuation.
    let mut e = tok_end;
    let limit = cx.content_end(tok_end, w.end, true);
    while e < limit && !cx.is_punct(e) {
        let t = cx.t(e);
        if e >= tok_end && is_in(&cx.lex.aux_verbs, t) {
            if matches!(t, "could" | "might" | "may" | "would" | "will" | "can") {
                // "X's silence will be taken as …": the clause says it.
                e = limit;
            }
            break;
        }
        e += 1;
    }
    let e = cx.trim(Win { start: tok, end: e }).end.max(tok_end);
    let mut span_w = Win { start: st, end: e };
    if who.is_none() {
        // A mention inside the phrase ("official Cabinet response"), else
        // the sentence's subject ("met the moment with silence").
        let inside = cx.mentions_in(cx.span_of(span_w)).find(|m| {
            matches!(
                cx.etype(m.entity),
                Some(
                    EntityType::Person | EntityType::Org | EntityType::Country | EntityType::Group
                )
            )
        });
        if let Some(m) = inside {
            who = Some(Who {
                span: Some(m.span),
                entity: Some(m.entity),
                ..Who::default()
            });
        } else if st > w.start && (cx.is(st - 1, "with") || cx.is(st - 1, "in")) {
            if let Some(sw) = cx.sentence_subject(w, st) {
                who = Some(actor(cx, sw));
                span_w.start = sw.start;
            }
        } else if let Some(cap) =
            (st..e).find(|&i| cx.is_cap(i) && !cx.toks[i].is(demarche_core::TOK_SENT_START))
        {
            // No entity stage mention: the capitalised modifier names it.
            let mut ce = cap;
            while ce < e && cx.is_cap(ce) && cx.is_word(ce) {
                ce += 1;
            }
            who = Some(actor(
                cx,
                Win {
                    start: cap,
                    end: ce,
                },
            ));
        }
    }
    let Some(who) = who else { return };
    out.push(SilenceDraft {
        span: cx.span_of(span_w),
        who,
        about: about(cx, tok_end, e),
        sent: s,
        inherit: false,
    });
}

fn adj(cx: &Ctx, tok: usize, s: usize, w: Win, out: &mut Vec<SilenceDraft>) {
    // "… were (notably) muted", "… have been muted or absent".
    let mut p = tok;
    while p > w.start && cx.is_adverb(p - 1) {
        p -= 1;
    }
    if p <= w.start {
        return;
    }
    let copulas = [
        "is", "are", "was", "were", "been", "remain", "remains", "remained", "stayed", "seemed",
    ];
    if !copulas.iter().any(|c| cx.is(p - 1, c)) {
        return;
    }
    let Some(sw) = cx.subject_left(p - 1, w.start) else {
        return;
    };
    let head = (sw.start..sw.end).any(|i| is_in(&cx.lex.speech_nouns_object, cx.t(i)));
    if !head {
        return;
    }
    let end = cx.content_end(tok + 1, w.end, true);
    let end = cx.trim(Win { start: tok, end }).end.max(tok + 1);
    out.push(SilenceDraft {
        span: cx.span_of(Win {
            start: sw.start,
            end,
        }),
        who: actor(cx, sw),
        about: None,
        sent: s,
        inherit: false,
    });
}
