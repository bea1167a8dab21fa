//! Attributed statements (quotes: direct, indirect, mixed) and silences.
//!
//! The stage reads the tokens, sentences and paragraphs of `demarche-text`
//! and the mentions of `demarche-entities`, and fills `doc.quotes` and
//! `doc.silences`. Cues (reporting verbs, "according to", channels, silence
//! phrases, stance words) come from `data/lexicon/statements.toml`, compiled
//! once into one Aho-Corasick automaton run once over each document; all
//! other logic works on token indices.
//!
//! Modules: [`marks`] pairs quotation marks, [`scan`] holds the token and
//! speaker helpers, [`attrib`] finds statements, [`silence`] finds silences.
//! Speakers given as pronouns without a resolved mention are resolved here,
//! in document order, to the latest fitting speaker or mention.

mod attrib;
mod lexicon;
mod marks;
mod scan;
mod silence;

use demarche_core::{Document, EntityType, MentionKind, Quote, QuoteForm, Silence, Span};
use demarche_kb::Kb;
use lexicon::Lexicon;
use scan::{Ctx, Pron, Who};

/// Built once (lexicons compiled); shared by all threads.
pub struct Statements {
    lex: Lexicon,
}

impl Statements {
    /// Compiles the lexicon.
    pub fn new() -> Statements {
        Statements {
            lex: Lexicon::load(),
        }
    }

    /// Fills `doc.quotes` and `doc.silences`.
    pub fn annotate(&self, doc: &mut Document, kb: &Kb) {
        if doc.tokens.is_empty() || doc.sentences.is_empty() {
            return;
        }
        let (quotes, silences) = {
            let segs = marks::segments(&doc.text, &doc.paragraphs);
            let cx = Ctx::new(&self.lex, doc, segs, kb);
            let drafts = attrib::Finder::new(&cx).run();
            let sils = silence::find(&cx);
            resolve(&cx, drafts, sils)
        };
        doc.quotes = quotes;
        doc.silences = silences;
    }
}

impl Default for Statements {
    fn default() -> Self {
        Self::new()
    }
}

/// A speaker seen so far, for pronoun resolution.
#[derive(Clone)]
struct Seen {
    who: Who,
    person: bool,
    sent: usize,
    /// A silence (else a statement).
    silence: bool,
    /// What a statement covers: a silence inside it is not its speaker's.
    cover: Span,
}

/// How many sentences back a pronoun may reach for a speaker.
const PRONOUN_REACH: usize = 4;

/// Resolves pronoun and inherited speakers in document order and builds
/// the records.
fn resolve(
    cx: &Ctx,
    drafts: Vec<attrib::Draft>,
    sils: Vec<silence::SilenceDraft>,
) -> (Vec<Quote>, Vec<Silence>) {
    enum Item {
        Q(attrib::Draft),
        S(silence::SilenceDraft),
    }
    let mut items: Vec<(u32, Item)> = drafts
        .into_iter()
        .filter(|d| !d.content.is_empty())
        .map(|d| (d.pos(), Item::Q(d)))
        .chain(sils.into_iter().map(|s| (s.span.start, Item::S(s))))
        .collect();
    items.sort_by_key(|(p, _)| *p);
    let mut seen: Vec<Seen> = Vec::new();
    let mut quotes = Vec::new();
    let mut silences = Vec::new();
    for (pos, item) in items {
        let (mut who, inherit, sent, silence, cover) = match &item {
            Item::Q(d) => (
                d.who.clone(),
                d.inherit,
                d.sent,
                false,
                cover_all(&d.content),
            ),
            Item::S(s) => (s.who.clone(), s.inherit, s.sent, true, s.span),
        };
        if inherit {
            // The previous statement or silence of the sentence, unless this
            // one lies inside its quoted content.
            let prev = seen
                .last()
                .filter(|p| p.sent == sent && p.who.is_known() && !p.cover.contains(&cover));
            if let Some(prev) = prev {
                who = Who {
                    span: None,
                    pronoun: None,
                    ..prev.who.clone()
                };
            }
        }
        if let Some(p) = who.pronoun {
            // Reported speech and mixed quotes open with their speaker, who
            // is usually the subject before them; a direct quote's "he said"
            // usually continues the person quoted last.
            let subject_first = matches!(&item, Item::Q(d) if d.form != QuoteForm::Direct);
            let (e, n) = pronoun(cx, &seen, p, pos, sent, silence, who.hint, subject_first);
            who.entity = e;
            who.name = n;
        }
        // A coordinated or participial statement with no speaker in reach.
        if inherit && who == Who::default() && matches!(item, Item::Q(_)) {
            continue;
        }
        if who.is_known() {
            let person = who.entity.and_then(|e| cx.etype(e)) == Some(EntityType::Person);
            seen.push(Seen {
                who: who.clone(),
                person,
                sent,
                silence,
                cover,
            });
        }
        match item {
            Item::Q(d) => {
                let mut span = cover_all(&d.content);
                for s in [d.cue, who.span].into_iter().flatten() {
                    if cx
                        .sent_of(cx.doc.token_at_or_after(s.start))
                        .abs_diff(d.sent)
                        <= 1
                    {
                        span = span.cover(&s);
                    }
                }
                quotes.push(Quote {
                    span,
                    content: d.content,
                    form: d.form,
                    cue: d.cue,
                    speaker_span: who.span,
                    speaker: who.entity,
                    speaker_name: if who.entity.is_some() { None } else { who.name },
                    to: d.to,
                    stance: d.stance,
                });
            }
            Item::S(s) => silences.push(Silence {
                span: s.span,
                actor_span: who.span,
                actor: who.entity,
                actor_name: if who.entity.is_some() { None } else { who.name },
                about: s.about,
            }),
        }
    }
    (quotes, silences)
}

/// The referent of an unresolved pronoun: for reported speech
/// (`subject_first`) the entity stage's person antecedent; else the latest fitting speaker (or,
/// for a silence, silent actor) within a few sentences, else the entity
/// stage's referent, else the latest fitting named mention before it.
#[allow(clippy::too_many_arguments)]
fn pronoun(
    cx: &Ctx,
    seen: &[Seen],
    p: Pron,
    pos: u32,
    sent: usize,
    silence: bool,
    hint: Option<u32>,
    subject_first: bool,
) -> (Option<u32>, Option<String>) {
    let fits = |s: &Seen| match p {
        Pron::Person => s.person,
        Pron::Thing => !s.person && s.who.entity.is_some(),
        Pron::Plural => !s.person,
    };
    // The nearest fitting mention earlier in the same sentence, outside
    // quotation marks ("Putin's call … in which he offered").
    let ms = &cx.doc.mentions;
    let upto = ms.partition_point(|m| m.span.start < pos);
    let sent_start = cx.doc.sentences.get(sent).map_or(0, |x| x.span.start);
    let fits_type = |t: EntityType| match p {
        Pron::Person => t == EntityType::Person,
        Pron::Thing => matches!(t, EntityType::Country | EntityType::Org),
        Pron::Plural => matches!(t, EntityType::Org | EntityType::Group | EntityType::Country),
    };
    let near = ms[..upto]
        .iter()
        .rev()
        .take_while(|m| m.span.start >= sent_start)
        .filter(|m| {
            m.kind != MentionKind::Pronoun
                && !cx.in_double_quote(m.span.start)
                && !after_prep(cx, m.span.start)
        })
        .find(|m| cx.etype(m.entity).is_some_and(fits_type));
    if let Some(m) = near {
        return (Some(m.entity), None);
    }
    // A person pronoun: the entity stage's antecedent (gender-aware, the
    // subject or speaker of the sentences before) when it has one.
    if subject_first
        && p == Pron::Person
        && hint.is_some_and(|h| cx.etype(h) == Some(EntityType::Person))
    {
        return (hint, None);
    }
    let recent = || {
        seen.iter()
            .rev()
            .take_while(|s| s.sent + PRONOUN_REACH >= sent)
    };
    let hit = recent()
        .find(|s| s.silence == silence && fits(s))
        .or_else(|| recent().find(|s| fits(s)));
    if let Some(s) = hit {
        return (s.who.entity, s.who.name.clone());
    }
    if hint.is_some() {
        return (hint, None);
    }
    for m in ms[..upto].iter().rev() {
        if !matches!(
            m.kind,
            MentionKind::Name | MentionKind::Partial | MentionKind::Metonym
        ) {
            continue;
        }
        if cx.etype(m.entity).is_some_and(fits_type) && !cx.in_double_quote(m.span.start) {
            return (Some(m.entity), None);
        }
    }
    (None, None)
}

/// The smallest span covering all parts (never called with none).
fn cover_all(parts: &[Span]) -> Span {
    parts
        .iter()
        .skip(1)
        .fold(parts.first().copied().unwrap_or_default(), |a, b| {
            a.cover(b)
        })
}

/// True when the word before byte `pos` is a preposition ("in Belarus").
fn after_prep(cx: &Ctx, pos: u32) -> bool {
    let i = cx.doc.token_at_or_after(pos);
    i > 0 && cx.is_prep(i - 1)
}

/// The byte span of a record's citation (used by tests).
#[cfg(test)]
fn text_of(doc: &Document, s: Span) -> &str {
    doc.text.get(s.range()).unwrap_or("")
}

#[cfg(test)]
mod tests;
