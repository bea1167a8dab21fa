//! The per-document rules: knowledge-base matches read in context, names the
//! knowledge base does not hold, and coreference. Everything here works on
//! word indices of [`crate::words`] and builds mention candidates that never
//! overlap (a word belongs to at most one mention).

use crate::lexicon::*;
use crate::surface::{Form, Hit, Target};
use crate::words::{WKind, W};
use crate::{kind_accepts, loose, Gender, Recognizer};
use chrono::NaiveDate;
use demarche_core::hash::{FxHashMap, FxHashSet};
use demarche_core::{Document, Entity, EntityType, Mention, MentionKind, Span};
use demarche_kb::{span_covers, Actor, ActorKind, Kb};

const NONE: u32 = u32::MAX;

/// An entity being built.
struct EntB {
    name: String,
    etype: EntityType,
    country: Option<String>,
    kb: Option<u32>,
    sector: Option<String>,
    office: Option<String>,
    gender: Gender,
    /// Role kind from a title in the text (document-local people).
    role_kind: Option<String>,
    /// Set when the country came from the text's own cue (local entities).
    country_cue: bool,
}

/// A title in front of a knowledge-base person, to check against the
/// person's dated offices ([`crate::findings`]).
pub(crate) struct Claim {
    /// Title and name.
    pub span: Span,
    /// Index into the document's entities (after `finish`).
    pub ent: u32,
    /// The title as written, modifiers included ("former President").
    pub title: String,
    /// Role kind of the title.
    pub kind: String,
    /// How modifiers place it in time: "present" (none), "past", "then",
    /// "future".
    pub time: String,
    /// The state the title names ("Russian President"), ISO alpha-3.
    pub country: Option<String>,
}

/// A mention candidate over words `[w0, w1)`.
#[derive(Clone, Copy)]
struct Cand {
    w0: usize,
    w1: usize,
    ent: usize,
    kind: MentionKind,
}

struct Ctx<'a> {
    r: &'a Recognizer,
    kb: &'a Kb,
    text: &'a str,
    ws: Vec<W>,
    fl: Vec<u32>,
    hits: Vec<Hit>,
    /// Per word: `(w0, w1)` of its hit, by hit index.
    hit_words: Vec<(usize, usize)>,
    hit_of: Vec<u32>,
    taken: Vec<bool>,
    lower_seen: FxHashSet<&'a str>,
    strong: FxHashSet<u32>,
    ents: Vec<EntB>,
    kb_ent: FxHashMap<u32, usize>,
    local_ent: FxHashMap<(u8, String), usize>,
    cands: Vec<Cand>,
    date: NaiveDate,
    /// Titles before knowledge-base people: (first word, last word + 1,
    /// entity being built, claim with `ent` unset).
    claims: Vec<(usize, usize, usize, Claim)>,
}

/// Runs every rule over one document.
pub(crate) fn run(
    r: &Recognizer,
    kb: &Kb,
    doc: &Document,
    date: NaiveDate,
) -> (Vec<Entity>, Vec<Mention>, Vec<Claim>) {
    let ws = crate::words::segment(doc);
    let text = doc.text.as_str();
    let fl: Vec<u32> = ws
        .iter()
        .map(|w| {
            if w.is_word() {
                r.lex.flags(&text[w.start as usize..w.end as usize])
            } else {
                0
            }
        })
        .collect();
    let mut hits = Vec::new();
    let title_case = |pos: usize| {
        let i = ws.partition_point(|w| (w.start as usize) < pos);
        ws.get(i).is_some_and(|w| w.headline)
    };
    r.surface.find(text, &title_case, &mut hits);
    let mut lower_seen = FxHashSet::default();
    for w in &ws {
        if w.kind == WKind::Alpha && !w.cap {
            lower_seen.insert(&text[w.start as usize..w.end as usize]);
        }
    }
    let n = ws.len();
    let mut c = Ctx {
        r,
        kb,
        text,
        ws,
        fl,
        hits: Vec::new(),
        hit_words: Vec::new(),
        hit_of: vec![NONE; n],
        taken: vec![false; n],
        lower_seen,
        strong: FxHashSet::default(),
        ents: Vec::new(),
        kb_ent: FxHashMap::default(),
        local_ent: FxHashMap::default(),
        cands: Vec::new(),
        date,
        claims: Vec::new(),
    };
    c.map_hits(hits);
    c.compound_wars();
    c.chunks();
    c.kb_hits();
    c.unknown_runs();
    c.partials();
    c.regimes();
    c.definite_descriptions();
    c.generic_orgs();
    c.pronouns();
    c.affiliations();
    c.appositions();
    c.default_countries();
    c.finish()
}

fn lower_eq(s: &str, w: &str) -> bool {
    s.eq_ignore_ascii_case(w)
}

impl<'a> Ctx<'a> {
    // ----- small helpers -------------------------------------------------

    #[inline]
    fn wt(&self, i: usize) -> &'a str {
        let w = &self.ws[i];
        &self.text[w.start as usize..w.end as usize]
    }

    #[inline]
    fn f(&self, i: usize) -> u32 {
        self.fl.get(i).copied().unwrap_or(0)
    }

    fn is(&self, i: usize, s: &str) -> bool {
        i < self.ws.len() && lower_eq(self.wt(i), s)
    }

    fn is_apos(&self, i: usize) -> bool {
        i < self.ws.len() && matches!(self.wt(i), "'" | "’")
    }

    /// `i` starts a possessive "'s" attached to the previous word: returns the
    /// index after it.
    fn possessive(&self, i: usize) -> Option<usize> {
        if self.is_apos(i)
            && !self.ws[i].space
            && i + 1 < self.ws.len()
            && self.wt(i + 1) == "s"
            && !self.ws[i + 1].space
        {
            Some(i + 2)
        } else {
            None
        }
    }

    fn span(&self, w0: usize, w1: usize) -> Span {
        Span::new(self.ws[w0].start as usize, self.ws[w1 - 1].end as usize)
    }

    /// Text of words `[w0, w1)` with runs of whitespace made single spaces.
    fn clean(&self, w0: usize, w1: usize) -> String {
        let mut out = String::new();
        for i in w0..w1 {
            if i > w0 && self.ws[i].space {
                out.push(' ');
            }
            out.push_str(self.wt(i));
        }
        out
    }

    fn free(&self, w0: usize, w1: usize) -> bool {
        w1 <= self.ws.len() && (w0..w1).all(|i| !self.taken[i] && !self.ws[i].skip)
    }

    /// Common word written with a capital only because it starts a sentence
    /// or line ("Support", "Previous").
    fn common_initial(&self, i: usize) -> bool {
        let w = &self.ws[i];
        if self.f(i) & STOP != 0 {
            return true;
        }
        if !w.first && !w.headline {
            return false;
        }
        let t = self.wt(i);
        let mut buf = [0u8; 40];
        if t.len() <= buf.len() && t.is_ascii() {
            let b = &mut buf[..t.len()];
            b.copy_from_slice(t.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).is_ok_and(|s| self.lower_seen.contains(s))
        } else {
            self.lower_seen.contains(t.to_lowercase().as_str())
        }
    }

    fn actor(&self, a: u32) -> &'a Actor {
        &self.kb.actors[a as usize]
    }

    // ----- entities and mentions -----------------------------------------

    fn ent_actor(&mut self, a: u32) -> usize {
        if let Some(&e) = self.kb_ent.get(&a) {
            return e;
        }
        let act = self.actor(a);
        let etype = match act.kind {
            ActorKind::Country => EntityType::Country,
            ActorKind::Person => EntityType::Person,
            ActorKind::Place => EntityType::Place,
            ActorKind::Group => EntityType::Group,
            ActorKind::Event => EntityType::Event,
            ActorKind::Igo | ActorKind::Body | ActorKind::Outlet => EntityType::Org,
        };
        let country = match act.kind {
            ActorKind::Igo => None,
            ActorKind::Country => act.country.clone().or_else(|| Some(act.id.clone())),
            _ => act
                .country
                .clone()
                .filter(|c| c != "IGO")
                .or_else(|| act.nationality.clone()),
        };
        let office = if act.kind == ActorKind::Person {
            act.role_at(self.date).map(|r| {
                let of = r
                    .body
                    .as_deref()
                    .and_then(|b| self.kb.get(b))
                    .filter(|b| b.kind != ActorKind::Body)
                    .or_else(|| self.kb.get(&r.country))
                    .map(|x| x.name.as_str());
                match of {
                    Some(n) if r.country != "IGO" && !r.office.contains(n) => {
                        format!("{} of {}", r.office, n)
                    }
                    _ => r.office.clone(),
                }
            })
        } else {
            None
        };
        self.ents.push(EntB {
            name: act.name.clone(),
            etype,
            country,
            kb: Some(a),
            sector: act.sector.clone(),
            office,
            gender: self
                .r
                .gender
                .get(a as usize)
                .copied()
                .unwrap_or(Gender::Unknown),
            role_kind: None,
            country_cue: false,
        });
        self.kb_ent.insert(a, self.ents.len() - 1);
        self.ents.len() - 1
    }

    fn ent_local(&mut self, name: &str, etype: EntityType, country: Option<String>) -> usize {
        let name = name
            .strip_prefix("the ")
            .or_else(|| {
                name.strip_prefix("The ")
                    .filter(|_| etype != EntityType::Org)
            })
            .unwrap_or(name);
        let key = (etype as u8, name.to_lowercase());
        if let Some(&e) = self.local_ent.get(&key) {
            if self.ents[e].country.is_none() && country.is_some() {
                self.ents[e].country = country;
                self.ents[e].country_cue = true;
            }
            if name.len() > self.ents[e].name.len() {
                self.ents[e].name = name.to_string();
            }
            return e;
        }
        let gender = if etype == EntityType::Person {
            let f = name
                .split_whitespace()
                .next()
                .map_or(0, |w| self.r.lex.flags(w));
            if f & FIRST_F != 0 {
                Gender::Female
            } else if f & FIRST_M != 0 {
                Gender::Male
            } else {
                Gender::Unknown
            }
        } else {
            Gender::Unknown
        };
        self.ents.push(EntB {
            name: name.to_string(),
            etype,
            country_cue: country.is_some(),
            country,
            kb: None,
            sector: None,
            office: None,
            gender,
            role_kind: None,
        });
        self.local_ent.insert(key, self.ents.len() - 1);
        self.ents.len() - 1
    }

    fn commit(&mut self, w0: usize, w1: usize, ent: usize, kind: MentionKind) -> bool {
        if w0 >= w1 || !self.free(w0, w1) {
            return false;
        }
        for t in &mut self.taken[w0..w1] {
            *t = true;
        }
        self.cands.push(Cand { w0, w1, ent, kind });
        true
    }

    // ----- knowledge-base hits -------------------------------------------

    fn map_hits(&mut self, hits: Vec<Hit>) {
        for h in &hits {
            for e in self.r.surface.entries(h.pat) {
                if let Target::Actor(a) = e.target {
                    if e.form != Form::LastName {
                        self.strong.insert(a);
                    }
                }
            }
        }
        for h in hits {
            // A derived last name of someone not named in full here is no hit.
            let entries = self.r.surface.entries(h.pat);
            if entries.iter().all(|e| {
                e.form == Form::LastName
                    && matches!(e.target, Target::Actor(a) if !self.strong.contains(&a))
            }) {
                continue;
            }
            let w0 = self.ws.partition_point(|w| w.start < h.start);
            let w1 = self.ws.partition_point(|w| w.start < h.end);
            if w0 >= w1
                || w0 >= self.ws.len()
                || self.ws[w0].start != h.start
                || self.ws[w0..w1].iter().any(|w| w.skip)
            {
                continue;
            }
            let hi = self.hits.len() as u32;
            for i in w0..w1 {
                self.hit_of[i] = hi;
            }
            self.hits.push(h);
            self.hit_words.push((w0, w1));
        }
    }

    fn hit_at(&self, i: usize) -> Option<usize> {
        match self.hit_of.get(i) {
            Some(&h) if h != NONE => Some(h as usize),
            _ => None,
        }
    }

    /// The person actor a hit names, if any (weak last names only when the
    /// full name occurs in the document).
    fn hit_person(&self, h: usize) -> Option<(u32, bool)> {
        for e in self.r.surface.entries(self.hits[h].pat) {
            if let Target::Actor(a) = e.target {
                if self.actor(a).kind == ActorKind::Person
                    && (e.form != Form::LastName || self.strong.contains(&a))
                {
                    let (w0, w1) = self.hit_words[h];
                    let single = (w0..w1).filter(|&i| self.ws[i].is_word()).count() == 1;
                    let multi_name = self.actor(a).name.split_whitespace().count() > 1;
                    return Some((a, single && multi_name));
                }
            }
        }
        None
    }

    /// The country a hit stands for as an adjective, name or metonym.
    fn hit_country(&self, h: usize, forms: &[Form]) -> Option<u32> {
        self.r
            .surface
            .entries(self.hits[h].pat)
            .iter()
            .find_map(|e| match e.target {
                Target::Actor(a)
                    if forms.contains(&e.form) && self.actor(a).kind == ActorKind::Country =>
                {
                    Some(a)
                }
                _ => None,
            })
    }

    /// Country code an entity built from a hit would carry.
    fn hit_country_code(&self, h: usize) -> Option<String> {
        for e in self.r.surface.entries(self.hits[h].pat) {
            if let Target::Actor(a) = e.target {
                let act = self.actor(a);
                if act.kind == ActorKind::Igo || act.kind == ActorKind::Event {
                    continue;
                }
                if let Some(c) = act.country.clone().filter(|c| c != "IGO") {
                    return Some(c);
                }
                if act.kind == ActorKind::Country {
                    return Some(act.id.clone());
                }
            }
        }
        None
    }

    // ----- "Russia-Ukraine war" --------------------------------------------

    fn compound_wars(&mut self) {
        let mut i = 0;
        while i + 3 < self.ws.len() {
            let (Some(h1), true) = (self.hit_at(i), self.ws[i].cap) else {
                i += 1;
                continue;
            };
            let (_, e1) = self.hit_words[h1];
            let ok = self.hit_country(h1, &[Form::Name]).is_some()
                && e1 + 2 < self.ws.len()
                && self.wt(e1) == "-"
                && !self.ws[e1].space
                && !self.ws[e1 + 1].space;
            if ok {
                if let Some(h2) = self
                    .hit_at(e1 + 1)
                    .filter(|&h| self.hit_words[h].0 == e1 + 1)
                {
                    let (_, e2) = self.hit_words[h2];
                    if self.hit_country(h2, &[Form::Name]).is_some()
                        && e2 < self.ws.len()
                        && (self.is(e2, "war") || self.is(e2, "conflict"))
                    {
                        let name = format!("{} war", self.clean(i, e2));
                        let ent = self.ent_local(&name, EntityType::Event, None);
                        let w0 = if i > 0 && self.is(i - 1, "the") {
                            i - 1
                        } else {
                            i
                        };
                        self.commit(w0, e2 + 1, ent, MentionKind::Name);
                        i = e2 + 1;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }

    // ----- capitalised chunks ------------------------------------------------

    /// A unit starting at `i` that can belong to a name: a hit (whole) or a
    /// capitalised word. Returns its end.
    fn unit(&self, i: usize) -> Option<usize> {
        if i >= self.ws.len() || self.taken[i] || self.ws[i].skip {
            return None;
        }
        if let Some(h) = self.hit_at(i) {
            let (w0, w1) = self.hit_words[h];
            return (w0 == i).then_some(w1);
        }
        let w = &self.ws[i];
        match w.kind {
            WKind::Alpha if w.cap && self.f(i) & CALENDAR == 0 => Some(i + 1),
            WKind::Num if self.wt(i).chars().any(|c| c.is_alphabetic()) => Some(i + 1),
            _ => None,
        }
    }

    fn chunks(&mut self) {
        let mut i = 0;
        let n = self.ws.len();
        while i < n {
            let Some(mut e) = self.unit(i) else {
                i += 1;
                continue;
            };
            let start = i;
            loop {
                if e >= n || self.ws[e].nl || self.ws[e].sent != self.ws[start].sent {
                    break;
                }
                // Directly adjacent unit (separated by a space).
                if self.ws[e].space {
                    if let Some(e2) = self.unit(e) {
                        e = e2;
                        continue;
                    }
                }
                // Initials: "Kirsten E. Gillibrand".
                if self.wt(e) == "."
                    && !self.ws[e].space
                    && self.wt(e - 1).chars().count() == 1
                    && self.ws[e - 1].cap
                    && e + 1 < n
                    && self.ws[e + 1].space
                {
                    if let Some(e2) = self.unit(e + 1) {
                        e = e2;
                        continue;
                    }
                }
                // Hyphen joins: Nagorno-Karabakh, al-Assad.
                if self.wt(e) == "-"
                    && !self.ws[e].space
                    && e + 1 < n
                    && !self.ws[e + 1].space
                    && self.hit_at(e - 1).is_none()
                {
                    if let Some(e2) = self.unit(e + 1).filter(|_| self.hit_at(e + 1).is_none()) {
                        e = e2;
                        continue;
                    }
                }
                // Possessive joins inside unknown names: "King's College".
                if let Some(p) = self.possessive(e) {
                    if self.hit_at(e - 1).is_none() && p < n && self.ws[p].space {
                        if let Some(e2) = self.unit(p).filter(|&e2| {
                            (p..e2).any(|k| self.f(k) & (ORG_SUFFIX | EVENT_SUFFIX) != 0)
                        }) {
                            e = e2;
                            continue;
                        }
                    }
                }
                // Connectors and particles followed by a unit.
                let mut k = e;
                let mut steps = 0;
                while k < n
                    && steps < 2
                    && !self.ws[k].nl
                    && self.ws[k].kind == WKind::Alpha
                    && !self.ws[k].cap
                    && self.f(k) & (CONNECTOR | PARTICLE) != 0
                {
                    k += 1;
                    steps += 1;
                    if k < n && self.wt(k) == "-" && !self.ws[k].space {
                        k += 1;
                    }
                }
                if steps > 0 && k < n && !self.ws[k].nl {
                    if let Some(e2) = self.unit(k) {
                        // Particles join names; connectors join only
                        // organisation-like names (checked later by suffix).
                        e = e2;
                        continue;
                    }
                }
                break;
            }
            self.process_chunk(start, e);
            i = e.max(i + 1);
        }
    }

    fn process_chunk(&mut self, mut a: usize, b: usize) {
        // Strip common words, connectors and calendar words at the left.
        while a < b {
            let is_hit = self.hit_at(a).is_some();
            let joiner =
                self.f(a) & (CONNECTOR | PARTICLE) != 0 && (!self.ws[a].cap || self.ws[a].first);
            if !is_hit && (self.ws[a].kind == WKind::Punct || self.common_initial(a) || joiner) {
                a += 1;
            } else {
                break;
            }
        }
        let mut b = b;
        while b > a
            && self.hit_at(b - 1).is_none()
            && (self.ws[b - 1].kind == WKind::Punct
                || (!self.ws[b - 1].cap && self.f(b - 1) & (CONNECTOR | PARTICLE) != 0))
        {
            b -= 1;
        }
        if a >= b || !self.free(a, b) {
            return;
        }
        // 1. A person at the end (with its title).
        if let Some(core) = self.person_core(a, b) {
            let left = self.commit_person(core, b);
            if left > a {
                self.process_chunk(a, left);
            }
            return;
        }
        // 2. Organisation, group or event names.
        self.named_chunk(a, b);
    }

    /// Start of a person's name ending at `b`, if the chunk `[a, b)` ends
    /// with one.
    fn person_core(&self, a: usize, b: usize) -> Option<usize> {
        if let Some(h) = self.hit_at(b - 1) {
            let (w0, w1) = self.hit_words[h];
            if w1 == b && w0 >= a && self.hit_person(h).is_some() {
                // A first name the pattern missed ("Pete  Hegseth").
                if w0 > a
                    && w1 == w0 + 1
                    && self.hit_at(w0 - 1).is_none()
                    && self.ws[w0 - 1].cap
                    && self.f(w0 - 1) & FIRST != 0
                {
                    return Some(w0 - 1);
                }
                return Some(w0);
            }
            // Names made of a first name and an unknown last name whose
            // first part matched something ("Julian Washington") are left.
            return None;
        }
        let mut t0 = b;
        while t0 > a {
            let j = t0 - 1;
            if self.hit_at(j).is_some() {
                break;
            }
            let w = &self.ws[j];
            let fj = self.f(j);
            let ok = match w.kind {
                WKind::Alpha if w.cap => {
                    fj & (TITLE
                        | STOP
                        | MODIFIER
                        | ORG_SUFFIX
                        | GROUP_SUFFIX
                        | EVENT_SUFFIX
                        | EVENT_PREFIX)
                        == 0
                        || (fj & FIRST != 0 && fj & STOP == 0)
                }
                WKind::Alpha => fj & PARTICLE != 0,
                WKind::Punct => {
                    (self.wt(j) == "-" && !w.space)
                        || (self.wt(j) == "." && j > a && self.wt(j - 1).chars().count() == 1)
                }
                WKind::Num => false,
            };
            if !ok {
                break;
            }
            t0 = j;
        }
        while t0 < b && (self.ws[t0].kind == WKind::Punct || !self.ws[t0].cap) {
            t0 += 1;
        }
        let names = (t0..b)
            .filter(|&i| self.ws[i].kind == WKind::Alpha && self.ws[i].cap)
            .count();
        if names == 0 || names > 4 || (t0..b).any(|i| self.ws[i].upper) {
            return None;
        }
        if (t0..b).any(|i| {
            self.f(i) & (ORG_SUFFIX | GROUP_SUFFIX | EVENT_SUFFIX) != 0 && self.f(i) & FIRST == 0
        }) {
            return None;
        }
        let before = self.prev_word(t0);
        let title_before = before.is_some_and(|p| self.f(p) & TITLE != 0 && self.title_ends_at(p));
        if title_before {
            return Some(t0);
        }
        // Title-case lines capitalise everything: only a credit counts there.
        if self.ws[b - 1].headline {
            return (names >= 2 && self.byline_before(t0)).then_some(t0);
        }
        if names < 2 {
            return None;
        }
        if self.f(t0) & FIRST != 0 {
            return Some(t0);
        }
        let after = (b < self.ws.len()).then_some(b);
        let report_after = after.is_some_and(|k| self.f(k) & REPORT != 0 && !self.ws[k].cap);
        let report_before = before.is_some_and(|p| {
            self.f(p) & REPORT != 0 && !self.ws[p].cap && self.ws[p].sent == self.ws[t0].sent
        });
        let according =
            before.is_some_and(|p| self.is(p, "to") && p > 0 && self.is(p - 1, "according"));
        let kin = before.is_some_and(|p| self.f(p) & KIN != 0);
        // "Estonia's defence minister, Hanno Pevkur, said": a name set off
        // by commas after a title or role noun.
        let role_apposition = before.is_some_and(|p| {
            self.wt(p) == ","
                && b < self.ws.len()
                && matches!(self.wt(b), "," | "—" | "–")
                && self
                    .prev_word(p)
                    .is_some_and(|q| !self.ws[q].cap && self.f(q) & (TITLE | ROLE_NOUN) != 0)
        });
        // "officials in Kestrel Bay said": a place, whatever verb follows.
        if before.is_some_and(|p| self.f(p) & LOC_PREP != 0 && !self.ws[p].cap && !self.is(p, "of"))
        {
            return None;
        }
        let byline = self.byline_before(t0);
        let age = b + 2 < self.ws.len()
            && self.wt(b) == ","
            && self.ws[b + 1].kind == WKind::Num
            && self.wt(b + 2) == ",";
        if report_after
            || report_before
            || according
            || kin
            || role_apposition
            || byline
            || age
            || self.apposition_after(b)
        {
            return Some(t0);
        }
        None
    }

    /// A whole title phrase ("Secretary of State", "Chairperson") ends at word `p`.
    fn title_ends_at(&self, p: usize) -> bool {
        (p.saturating_sub(4)..=p).any(|s| self.r.lex.titles.contains_key(&self.phrase(s, p + 1)))
    }

    /// Previous non-bracket word index.
    fn prev_word(&self, i: usize) -> Option<usize> {
        let mut j = i;
        while j > 0 {
            j -= 1;
            if !matches!(self.wt(j), "[" | "(" | "*" | "_") {
                return Some(j);
            }
        }
        None
    }

    /// "By X", "Photo/X", "Photo by X".
    fn byline_before(&self, t0: usize) -> bool {
        let Some(p) = self.prev_word(t0) else {
            return false;
        };
        if self.is(p, "by") && (self.ws[p].first || p > 0 && self.is(p - 1, "photo")) {
            return true;
        }
        // Photo credits: "AP Photo/Name", "Reuters/Name".
        self.wt(p) == "/"
            && p > 0
            && (self.is(p - 1, "photo")
                || self.hit_at(p - 1).is_some_and(|h| {
                    self.r.surface.entries(self.hits[h].pat).iter().any(|e| matches!(e.target, Target::Actor(a) if self.actor(a).kind == ActorKind::Outlet))
                }))
    }

    /// ", a professor at …", ", adjunct senior fellow at …", ", who …".
    fn apposition_after(&self, b: usize) -> bool {
        if b >= self.ws.len() || self.wt(b) != "," {
            return false;
        }
        let sent = self.ws[b].sent;
        if self.is(b + 1, "who") {
            return true;
        }
        for k in b + 1..(b + 10).min(self.ws.len()) {
            if self.ws[k].sent != sent || matches!(self.wt(k), "." | ";" | "“" | "\"" | "(") {
                return false;
            }
            if self.f(k) & ROLE_NOUN != 0 && !self.ws[k].cap {
                return true;
            }
            if self.f(k) & REPORT != 0 {
                return false;
            }
        }
        false
    }

    /// Commits the person whose name starts at `c0` and ends at `b`, with the
    /// title in front of it; returns the first word left of everything used.
    fn commit_person(&mut self, c0: usize, b: usize) -> usize {
        let sent = self.ws[c0].sent;
        let mut k = c0;
        let mut m0 = c0;
        let mut in_mention = true;
        let mut country: Option<u32> = None;
        let mut affil: Option<usize> = None;
        let mut title_words: Vec<usize> = Vec::new();
        let mut info_steps = 0;
        while k > 0 {
            let j = k - 1;
            if self.taken[j] || self.ws[j].skip || self.ws[j].sent != sent || self.ws[k].nl {
                break;
            }
            if !in_mention {
                info_steps += 1;
                if info_steps > 8 {
                    break;
                }
            }
            if let Some(h) = self.hit_at(j) {
                let (h0, _) = self.hit_words[h];
                if let Some(cty) = self.hit_country(h, &[Form::Adjective, Form::Name, Form::Abbrev])
                {
                    // A country name needs a possessive to be part of a title
                    // ("Syria's former President"), an adjective does not.
                    let is_adj = self
                        .r
                        .surface
                        .entries(self.hits[h].pat)
                        .iter()
                        .any(|e| e.form == Form::Adjective);
                    if is_adj {
                        country = country.or(Some(cty));
                        k = h0;
                        if in_mention {
                            m0 = k;
                        }
                        continue;
                    }
                    if self.possessive(j + 1).is_some() {
                        // "Syria's former President X": the country keeps its
                        // own mention.
                        country = country.or(Some(cty));
                    }
                    break;
                }
                // Another person is not an affiliation: the words before
                // it are that person's title ("Former President X and
                // Iranian Foreign Minister Y").
                if in_mention && self.hit_person(h).is_none() {
                    in_mention = false;
                    affil = Some(h);
                    k = h0;
                    continue;
                }
                break;
            }
            // Possessive of a country: "Syria's" → stop before the "'s".
            if self.wt(j) == "s" && j >= 2 && self.is_apos(j - 1) {
                if let Some(h) = self.hit_at(j - 2) {
                    if let Some(cty) =
                        self.hit_country(h, &[Form::Name, Form::Metonym, Form::Abbrev])
                    {
                        country = country.or(Some(cty));
                    }
                }
                break;
            }
            let fj = self.f(j);
            if fj & (TITLE | MODIFIER) != 0 && self.ws[j].kind == WKind::Alpha {
                // Titles beyond an affiliation belong to another name
                // ("Chancellor X and Ukrainian President Y").
                if fj & TITLE != 0 && in_mention {
                    title_words.push(j);
                }
                k = j;
                if in_mention {
                    m0 = k;
                }
                continue;
            }
            if fj & (FILLER | CONNECTOR) != 0 || (self.wt(j) == "-" && !self.ws[j].space) {
                k = j;
                if in_mention {
                    m0 = k;
                }
                continue;
            }
            break;
        }
        // Trim fillers and punctuation at the left edge of the mention.
        // A capitalised content filler stays ("Interior Minister X").
        let title_filler = |i: usize| {
            self.ws[i].cap && self.f(i) & FILLER != 0 && self.f(i) & (STOP | CONNECTOR) == 0
        };
        while m0 < c0
            && self.hit_at(m0).is_none()
            && (self.ws[m0].kind == WKind::Punct
                || (self.f(m0) & (TITLE | MODIFIER) == 0 && !title_filler(m0)))
        {
            m0 += 1;
        }
        let mut left = k;
        while left < m0 && self.hit_at(left).is_none() && self.f(left) & (TITLE | MODIFIER) == 0 {
            left += 1;
        }
        let person = self
            .hit_at(b - 1)
            .filter(|&h| self.hit_words[h].1 == b)
            .and_then(|h| self.hit_person(h));
        let (ent, kind) = match person {
            Some((a, partial)) => (
                self.ent_actor(a),
                if partial && self.hit_at(c0).is_some() {
                    MentionKind::Partial
                } else {
                    MentionKind::Name
                },
            ),
            None => {
                let name = self.clean(c0, b);
                if !name.contains(' ') {
                    // "Mr Lowe" after "George Lowe".
                    let known = self
                        .local_ent
                        .iter()
                        .find(|((t, n), _)| {
                            *t == EntityType::Person as u8
                                && n.rsplit(' ').next() == Some(name.to_lowercase().as_str())
                                && n.contains(' ')
                        })
                        .map(|(_, &e)| e);
                    if let Some(e) = known {
                        if !self.commit(m0, b, e, MentionKind::Partial) {
                            self.commit(c0, b, e, MentionKind::Partial);
                        }
                        return left.min(m0);
                    }
                }
                let mut cc = country.map(|a| {
                    self.actor(a)
                        .country
                        .clone()
                        .unwrap_or_else(|| self.actor(a).id.clone())
                });
                if cc.is_none() {
                    if let Some(h) = affil {
                        let gov =
                            self.r.surface.entries(self.hits[h].pat).iter().any(|e| {
                                match e.target {
                                    Target::Actor(x) => {
                                        matches!(
                                            self.actor(x).sector.as_deref(),
                                            Some("GOV" | "MIL" | "LEG")
                                        ) && self.actor(x).kind == ActorKind::Body
                                    }
                                    _ => false,
                                }
                            });
                        if gov {
                            cc = self.hit_country_code(h);
                        }
                    }
                }
                let e = self.ent_local(&name, EntityType::Person, cc);
                if let Some(kind) = self.title_kind(&title_words) {
                    self.ents[e].role_kind = Some(kind.to_string());
                }
                if self.ents[e].office.is_none() && !title_words.is_empty() {
                    let t0 = *title_words.iter().min().unwrap_or(&c0);
                    let t1 = *title_words.iter().max().unwrap_or(&c0) + 1;
                    self.ents[e].office = Some(self.clean(t0, t1));
                }
                (e, MentionKind::Name)
            }
        };
        let claim = if person.is_some() && !title_words.is_empty() {
            self.title_claim(&title_words, m0, c0, country)
        } else {
            None
        };
        if !self.commit(m0, b, ent, kind) {
            self.commit(c0, b, ent, kind);
        } else if let Some((t0, cl)) = claim {
            self.claims.push((t0.min(m0), b, ent, cl));
        }
        left.min(m0)
    }

    /// The title in front of a knowledge-base person as a claim to check:
    /// its role kind, the modifiers that place it in time, the state it
    /// names. `None` for descriptive titles ("leader") and honorifics.
    fn title_claim(
        &self,
        title_words: &[usize],
        from: usize,
        c0: usize,
        country: Option<u32>,
    ) -> Option<(usize, Claim)> {
        let (phrase, kind) = self.title_phrase(title_words)?;
        if self.r.lex.descriptive_titles.contains(&phrase) {
            return None;
        }
        // "Deputy Foreign Minister": a lesser office than the phrase names.
        let lesser = (from..c0).any(|i| {
            let w = self.wt(i).to_ascii_lowercase();
            self.r.lex.subordinate_title_words.contains(&w) && !phrase.split(' ').any(|p| p == w)
        });
        if lesser {
            return None;
        }
        let mut time = "present";
        let mut t0 = *title_words.iter().min()?;
        for i in from..c0 {
            if self.f(i) & MODIFIER == 0 {
                continue;
            }
            let w = self.wt(i).to_ascii_lowercase();
            if let Some(t) = self.r.lex.title_time.get(&w) {
                time = t.as_str();
                t0 = t0.min(i);
            }
        }
        if time == "skip" {
            return None;
        }
        let country = country.map(|a| {
            self.actor(a)
                .country
                .clone()
                .unwrap_or_else(|| self.actor(a).id.clone())
        });
        Some((
            t0,
            Claim {
                span: Span::new(0, 0),
                ent: 0,
                title: self.clean(t0, c0),
                kind: kind.to_string(),
                time: time.to_string(),
                country,
            },
        ))
    }

    /// Role kind of the longest title phrase among the given words.
    fn title_kind(&self, words: &[usize]) -> Option<&'a str> {
        self.title_phrase(words).map(|(_, k)| k)
    }

    /// The longest title phrase among the given words and its role kind.
    fn title_phrase(&self, words: &[usize]) -> Option<(String, &'a str)> {
        if words.is_empty() {
            return None;
        }
        let lo = *words.iter().min()?;
        let hi = *words.iter().max()? + 1;
        let mut best: Option<(usize, String, &'a str)> = None;
        for s in lo..hi {
            for e in (s + 1..=hi).rev() {
                let p = self.phrase(s, e);
                if let Some(k) = self.r.lex.titles.get(&p) {
                    if best.as_ref().is_none_or(|(l, _, _)| e - s > *l) && k != "honorific" {
                        best = Some((e - s, p, k.as_str()));
                    }
                    break;
                }
            }
        }
        best.map(|(_, p, k)| (p, k))
    }

    /// Lower-case words `[s, e)` joined by single spaces (punctuation dropped).
    fn phrase(&self, s: usize, e: usize) -> String {
        let mut p = String::new();
        for i in s..e.min(self.ws.len()) {
            if self.ws[i].kind == WKind::Punct {
                continue;
            }
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&self.wt(i).to_lowercase());
        }
        p
    }

    /// Organisation, group and event names from a chunk.
    fn named_chunk(&mut self, a: usize, b: usize) {
        let words: Vec<usize> = (a..b).filter(|&i| self.ws[i].is_word()).collect();
        let single_hit = self.hit_at(a).is_some_and(|h| self.hit_words[h] == (a, b));
        if words.len() < 2 || single_hit {
            return;
        }
        let mut etype = None;
        if self.f(a) & EVENT_PREFIX != 0 && self.hit_at(a).is_none() {
            etype = Some(EntityType::Event);
        } else {
            for &i in &words {
                if self.hit_at(i).is_some() || !self.ws[i].cap {
                    continue;
                }
                let f = self.f(i);
                if f & ORG_SUFFIX != 0 {
                    etype = Some(EntityType::Org);
                } else if f & GROUP_SUFFIX != 0 {
                    etype = Some(EntityType::Group);
                } else if f & EVENT_SUFFIX != 0 {
                    etype = Some(EntityType::Event);
                } else {
                    continue;
                }
                break;
            }
        }
        let Some(etype) = etype else { return };
        // "the Foreign Ministry" after "Russia's Foreign Ministry": a
        // description of an organisation already named (or of the
        // knowledge base's body of the country the text is about).
        // (Resolved once every name is known: see `definite_descriptions`.)
        if etype == EntityType::Org
            && a > 0
            && self.is(a - 1, "the")
            && !self.taken[a - 1]
            && self.f(b - 1) & ORG_HEAD != 0
            && (a..b).all(|i| self.hit_at(i).is_none() && self.ws[i].kind == WKind::Alpha)
        {
            return;
        }
        // A hit covering all but a leading article or number is the name.
        let mut country = None;
        if etype != EntityType::Event {
            let mut i = a;
            while i < b {
                if let Some(h) = self.hit_at(i) {
                    // A capital's name inside a local place name ("Nassau
                    // County") says nothing of the country.
                    let (_, e) = self.hit_words[h];
                    let city = !self.r.surface.entries(self.hits[h].pat).iter().any(|x| matches!(x.target, Target::Actor(a) if self.actor(a).kind == ActorKind::Country && x.form != Form::Metonym));
                    let local_place = e < b
                        && ["county", "city", "province", "region", "district"]
                            .iter()
                            .any(|w| self.is(e, w));
                    if !(city && local_place) {
                        if let Some(cc) = self.hit_country_code(h) {
                            country = Some(cc);
                            break;
                        }
                    }
                    i = e;
                } else {
                    i += 1;
                }
            }
        }
        let name = self.clean(a, b);
        let ent = self.ent_local(&name, etype, country);
        let w0 = if a > 0 && self.wt(a - 1) == "The" && !self.taken[a - 1] {
            a - 1
        } else {
            a
        };
        self.commit(w0, b, ent, MentionKind::Name);
    }

    // ----- knowledge-base hits in context -----------------------------------

    fn kb_hits(&mut self) {
        for h in 0..self.hits.len() {
            let (w0, w1) = self.hit_words[h];
            if !self.free(w0, w1) {
                continue;
            }
            self.kb_hit(h, w0, w1);
        }
    }

    /// True when the words before `w0` make it a location ("in Moscow",
    /// "Moscow, Russia", a dateline).
    fn loc_context(&self, w0: usize, w1: usize) -> bool {
        let mut p = w0;
        if p > 0 && self.is(p - 1, "the") {
            p -= 1;
        }
        if p > 0 {
            let q = p - 1;
            let fq = self.f(q);
            if fq & LOC_PREP != 0 && self.ws[q].sent == self.ws[w0].sent {
                if self.is(q, "of") {
                    // "the State Dining Room of the White House"
                    return self.place_before(q);
                }
                if self.is(q, "to")
                    && q > 0
                    && (self.f(q - 1) & TITLE != 0 || self.is(q - 1, "according"))
                {
                    return false;
                }
                if self.is(q, "between") || self.is(q, "over") || self.is(q, "through") {
                    return false;
                }
                return true;
            }
        }
        // Dateline: "BRUSSELS (AP) —", "KYIV, Ukraine —".
        if self.ws[w0].first
            && self.ws[w0].upper
            && w1 < self.ws.len()
            && matches!(self.wt(w1), "," | "(" | "—" | "–")
        {
            return true;
        }
        // "Moscow, Russia" / dateline "MOSCOW, Russia —"
        if w1 + 1 < self.ws.len() && self.wt(w1) == "," {
            if let Some(h) = self.hit_at(w1 + 1) {
                let entries = self.r.surface.entries(self.hits[h].pat);
                let capital = entries.iter().any(|e| e.form == Form::Metonym);
                let place_like = !capital
                    && entries.iter().any(|e| match e.target {
                        Target::Actor(a) => {
                            matches!(e.form, Form::Name | Form::Abbrev)
                                && matches!(
                                    self.actor(a).kind,
                                    ActorKind::Country | ActorKind::Place
                                )
                        }
                        Target::Region(_) => false,
                    });
                let (_, e1) = self.hit_words[h];
                let coordinated = e1 < self.ws.len() && (self.is(e1, "and") || self.is(e1, "or"));
                if place_like && !coordinated {
                    return true;
                }
            }
        }
        false
    }

    /// A place name ends right before word `q` ("in the Oval Office | of").
    fn place_before(&self, q: usize) -> bool {
        if let Some(c) = self.cands.iter().rev().find(|c| c.w1 <= q) {
            if c.w1 == q && self.ents[c.ent].etype == EntityType::Place {
                return true;
            }
        }
        let mut r0 = q;
        while r0 > 0
            && self.ws[r0 - 1].kind == WKind::Alpha
            && self.ws[r0 - 1].cap
            && self.hit_at(r0 - 1).is_none()
            && !self.taken[r0 - 1]
        {
            r0 -= 1;
        }
        if r0 == q || r0 == 0 {
            return false;
        }
        let mut p = r0 - 1;
        if self.is(p, "the") && p > 0 {
            p -= 1;
        }
        self.f(p) & LOC_PREP != 0 && !self.is(p, "of") && self.ws[p].sent == self.ws[q].sent
    }

    fn kb_hit(&mut self, h: usize, w0: usize, w1: usize) {
        let entries = self.r.surface.entries(self.hits[h].pat);
        if let Some((a, partial)) = self.hit_person(h) {
            let e = self.ent_actor(a);
            self.commit(
                w0,
                w1,
                e,
                if partial {
                    MentionKind::Partial
                } else {
                    MentionKind::Name
                },
            );
            return;
        }
        // Attached to a lowercase word by a hyphen: "Moscow-based",
        // "Kremlin-connected", "Russian-flagged" (modifiers, not actors).
        let hyph_after = w1 + 1 < self.ws.len()
            && self.wt(w1) == "-"
            && !self.ws[w1].space
            && self.ws[w1 + 1].kind == WKind::Alpha
            && !self.ws[w1 + 1].cap;
        let hyph_before = w0 >= 2
            && self.wt(w0 - 1) == "-"
            && !self.ws[w0].space
            && self.ws[w0 - 2].kind == WKind::Alpha
            && !self.ws[w0 - 2].cap;
        let mut name_actor: Option<u32> = None;
        let mut place_actor: Option<u32> = None;
        let mut body_metonym: Option<u32> = None;
        let mut metonym: Option<u32> = None;
        let mut demonym: Option<u32> = None;
        let mut adjective: Option<u32> = None;
        let mut region: Option<u32> = None;
        for e in entries {
            match e.target {
                Target::Region(r) => region = region.or(Some(r)),
                Target::Actor(a) => {
                    let kind = self.actor(a).kind;
                    match e.form {
                        Form::Name | Form::Abbrev => {
                            if kind == ActorKind::Place {
                                place_actor = place_actor.or(Some(a));
                            } else if kind == ActorKind::Body && name_actor.is_none() {
                                body_metonym = body_metonym.or(Some(a));
                                name_actor = Some(a);
                            } else if kind != ActorKind::Person {
                                let better = match name_actor {
                                    None => true,
                                    Some(x) => {
                                        kind == ActorKind::Country
                                            && self.actor(x).kind != ActorKind::Country
                                    }
                                };
                                if better {
                                    name_actor = Some(a);
                                }
                            }
                        }
                        Form::Metonym => metonym = metonym.or(Some(a)),
                        Form::Demonym => demonym = demonym.or(Some(a)),
                        Form::Adjective => adjective = adjective.or(Some(a)),
                        Form::LastName => {}
                    }
                }
            }
        }
        // A state's institution: "Minsk's foreign ministry", "the Chinese
        // embassy".
        let body_state = adjective.or_else(|| {
            metonym
                .or(name_actor.filter(|&a| self.actor(a).kind == ActorKind::Country))
                .filter(|_| self.possessive(w1).is_some())
        });
        if let Some(cty) = body_state.filter(|_| !hyph_before && !hyph_after) {
            if self.state_body(w0, w1, cty) {
                return;
            }
        }
        let loc = self.loc_context(w0, w1);
        // Descriptions: "the Russian leader", "the Kremlin leader",
        // "Russia's former president".
        let desc_country = adjective
            .or(metonym)
            .or(body_metonym.and(metonym))
            .or_else(|| {
                name_actor.filter(|&a| {
                    self.actor(a).kind == ActorKind::Country && self.possessive(w1).is_some()
                })
            });
        let the_before = w0 > 0 && self.is(w0 - 1, "the") || self.is(w0, "the");
        if let Some(cty) =
            desc_country.filter(|_| !hyph_before && (the_before || self.possessive(w1).is_some()))
        {
            // "Germany's defence minister", "the Kremlin spokesman": the
            // state or body keeps its own mention; after an adjective ("the
            // Russian leader") the description takes the whole phrase.
            let split = adjective.is_none();
            if self.try_description(w0, w1, cty, split) && !split {
                return;
            }
        }
        if let Some(a) = name_actor {
            if self.actor(a).kind == ActorKind::Country
                && (hyph_before || hyph_after)
                && self.actor(a).name.len() > 4
                && !self.ws[w0].upper
            {
                // "Russian-Cuban", "Russia-backed": a modifier.
                if adjective.is_some() {
                    return;
                }
            }
            // "the Venezuelan government": a state noun after the state's
            // adjective stands for the state, even where the knowledge base
            // lists a body under the phrase.
            let act = self.actor(a);
            let first = if self.is(w0, "the") && w0 + 1 < w1 {
                w0 + 1
            } else {
                w0
            };
            let state_noun = self
                .r
                .lex
                .state_nouns
                .contains(&self.wt(w1 - 1).to_ascii_lowercase());
            if act.kind == ActorKind::Body
                && state_noun
                && !self.ws[w1 - 1].cap
                && self.ws[first].cap
            {
                if let Some(ci) = act.country.as_deref().and_then(|c| self.kb.index_of(c)) {
                    let cty = &self.kb.actors[ci];
                    let head = self.hits_text_start(w0, w1);
                    let led = cty
                        .adjectives
                        .iter()
                        .chain(&cty.abbreviations)
                        .chain(std::iter::once(&cty.name))
                        .any(|f| {
                            head.starts_with(f.as_str())
                                && head[f.len()..].starts_with(' ')
                                && !head[f.len() + 1..].contains(' ')
                        });
                    if cty.kind == ActorKind::Country && led {
                        let e = self.ent_actor(ci as u32);
                        let w0m = if w0 > 0 && self.is(w0 - 1, "the") && !self.taken[w0 - 1] {
                            w0 - 1
                        } else {
                            w0
                        };
                        self.commit(w0m, w1, e, MentionKind::Demonym);
                        return;
                    }
                }
            }
            if act.kind == ActorKind::Event
                && w0 > 0
                && self.ws[w0 - 1].kind == WKind::Num
                && self.wt(w0 - 1).chars().any(char::is_alphabetic)
                && !self.taken[w0 - 1]
            {
                let e = self.ent_actor(a);
                self.commit(w0 - 1, w1, e, MentionKind::Name);
                return;
            }
            if !(loc
                && place_actor.is_some()
                && self.actor(a).kind == ActorKind::Body
                && metonym.is_some())
            {
                let e = self.ent_actor(a);
                let w0m = if w0 > 0
                    && self.wt(w0 - 1) == "The"
                    && self.actor(a).kind != ActorKind::Country
                    && !self.taken[w0 - 1]
                {
                    w0 - 1
                } else {
                    w0
                };
                self.commit(w0m, w1, e, MentionKind::Name);
                return;
            }
        }
        if hyph_after || hyph_before {
            return;
        }
        if let Some(p) = place_actor {
            if loc || metonym.is_none() {
                let e = self.ent_actor(p);
                self.commit(w0, w1, e, MentionKind::Name);
                return;
            }
        }
        if let Some(m) = metonym {
            if loc {
                let mut s = w0;
                if self.is(s, "the") && s + 1 < w1 {
                    s += 1;
                }
                let mut name = self.clean(s, w1);
                if self.ws[s].upper {
                    name = title_case(&name);
                }
                let cc = self
                    .actor(m)
                    .country
                    .clone()
                    .or_else(|| Some(self.actor(m).id.clone()));
                let e = self.ent_local(&name, EntityType::Place, cc);
                self.commit(w0, w1, e, MentionKind::Name);
            } else {
                let e = self.ent_actor(m);
                self.commit(w0, w1, e, MentionKind::Metonym);
            }
            return;
        }
        if let Some(r) = region {
            let name = self
                .r
                .lex
                .regions
                .get(r as usize)
                .and_then(|v| v.first())
                .cloned()
                .unwrap_or_default();
            let e = self.ent_local(&name, EntityType::Place, None);
            self.commit(w0, w1, e, MentionKind::Name);
            return;
        }
        if let Some(d) = demonym {
            let e = self.ent_actor(d);
            let w0m = if w0 > 0 && self.is(w0 - 1, "the") && !self.taken[w0 - 1] {
                w0 - 1
            } else {
                w0
            };
            self.commit(w0m, w1, e, MentionKind::Demonym);
            return;
        }
        if let Some(adj) = adjective {
            // Adjective + actor noun: "Russian officials", "Israeli strikes".
            let mut end = None;
            let mut k = w1;
            for _ in 0..2 {
                if k >= self.ws.len()
                    || self.ws[k].kind != WKind::Alpha
                    || self.ws[k].cap && !self.ws[k].first
                {
                    break;
                }
                if self.f(k) & ACTOR_NOUN != 0 {
                    end = Some(k + 1);
                    k += 1;
                } else if k + 1 < self.ws.len()
                    && self.r.lex.actor_phrases.contains(&self.phrase(k, k + 2))
                {
                    end = Some(k + 2);
                    break;
                } else {
                    break;
                }
            }
            if let Some(end) = end {
                let e = self.ent_actor(adj);
                self.commit(w0, end, e, MentionKind::Demonym);
            }
        }
    }

    /// The text of words `[w0, w1)`, a leading "the " dropped.
    fn hits_text_start(&self, w0: usize, w1: usize) -> &'a str {
        let t = &self.text[self.span(w0, w1).range()];
        t.strip_prefix("the ")
            .or_else(|| t.strip_prefix("The "))
            .unwrap_or(t)
    }

    /// "[the] ADJ phrase" or "STATE's phrase" where the lower-case phrase
    /// ends in a body noun ("foreign ministry", "embassy", "central bank"):
    /// the knowledge base's body named "<adjective> <phrase>", else a local
    /// organisation of the state. Commits and returns true when it applies.
    fn state_body(&mut self, w0: usize, w1: usize, cty: u32) -> bool {
        let k = self.possessive(w1).unwrap_or(w1);
        // Cheap test first: a body noun within the next three words.
        if !(k..(k + 3).min(self.ws.len())).any(|i| self.f(i) & BODY_NOUN != 0) {
            return false;
        }
        // Up to three lower-case words; the longest phrase ending in a body
        // noun of one or two words ("ministry", "central bank"), with the
        // sector that noun gives.
        let mut found: Option<(usize, &String)> = None;
        for end in k..(k + 3).min(self.ws.len()) {
            let w = &self.ws[end];
            if w.kind != WKind::Alpha
                || w.cap
                || self.taken[end]
                || self.hit_at(end).is_some()
                || self.f(end) & (STOP | CONNECTOR | LOC_PREP) != 0
            {
                break;
            }
            let nouns = &self.r.lex.body_nouns;
            let sector = (end > k)
                .then(|| nouns.get(&self.phrase(end - 1, end + 1)))
                .flatten()
                .or_else(|| nouns.get(&self.phrase(end, end + 1)));
            if let Some(sector) = sector {
                found = Some((end + 1, sector));
            }
        }
        let Some((end, sector)) = found else {
            return false;
        };
        let phrase = self.phrase(k, end);
        // "the foreign ministry spokeswoman X": the phrase is a title's.
        if end < self.ws.len() && self.f(end) & TITLE != 0 {
            return false;
        }
        let state = self.actor(cty);
        let code = state.country.clone().unwrap_or_else(|| state.id.clone());
        let Some(si) = self.kb.index_of(&code) else {
            return false;
        };
        let country = &self.kb.actors[si];
        let body = country
            .adjectives
            .iter()
            .chain(std::iter::once(&country.name))
            .find_map(|adj| {
                let key = format!("{} {phrase}", adj.to_lowercase());
                self.r.body_names.get(&key).copied()
            });
        let s = if w0 > 0 && self.is(w0 - 1, "the") && !self.taken[w0 - 1] {
            w0 - 1
        } else {
            w0
        };
        let ent = match body {
            Some(b) => self.ent_actor(b),
            None => {
                let adj = country
                    .adjectives
                    .first()
                    .cloned()
                    .unwrap_or_else(|| country.name.clone());
                let name = format!("{adj} {phrase}");
                let sector = sector.clone();
                let e = self.ent_local(&name, EntityType::Org, Some(code));
                self.ents[e].sector = Some(sector);
                e
            }
        };
        self.commit(s, end, ent, MentionKind::Name)
    }

    /// "[the] ADJ [former] leader", "Russia's former president": resolves
    /// and commits a description of a person of country `cty`.
    fn try_description(&mut self, w0: usize, w1: usize, cty: u32, split: bool) -> bool {
        let mut k = w1;
        if let Some(p) = self.possessive(w1) {
            k = p;
        }
        let mut former = false;
        while k < self.ws.len() && self.f(k) & MODIFIER != 0 && !self.ws[k].cap {
            if self.is(k, "former") || self.is(k, "ex") || self.is(k, "then") {
                former = true;
            }
            k += 1;
            if k < self.ws.len() && self.wt(k) == "-" {
                k += 1;
            }
        }
        let Some((end, kind)) = self.desc_at(k) else {
            return false;
        };
        // A name follows: a title, not a description.
        if end < self.ws.len()
            && self.ws[end].cap
            && self.ws[end].kind == WKind::Alpha
            && self.ws[end].space
        {
            return false;
        }
        let code = self
            .actor(cty)
            .country
            .clone()
            .unwrap_or_else(|| self.actor(cty).id.clone());
        let Some(ent) = self.resolve_person(Some(&code), &kind, former, w0) else {
            return false;
        };
        if split {
            // The description starts after the possessive ("’s") or the
            // modifying name.
            let d0 = self.possessive(w1).unwrap_or(w1);
            return d0 < end && self.commit(d0, end, ent, MentionKind::Description);
        }
        let s = if w0 > 0 && self.is(w0 - 1, "the") && !self.taken[w0 - 1] {
            w0 - 1
        } else {
            w0
        };
        self.commit(s, end, ent, MentionKind::Description)
    }

    /// A person description at `k`: (end, role kind).
    fn desc_at(&self, k: usize) -> Option<(usize, String)> {
        for len in [2usize, 1] {
            if k + len > self.ws.len() || (k..k + len).any(|i| self.ws[i].kind != WKind::Alpha) {
                continue;
            }
            let p = self.phrase(k, k + len);
            if let Some(kind) = self.r.lex.person_desc.get(&p) {
                return Some((k + len, kind.clone()));
            }
        }
        None
    }

    /// The person a description names: a person of the document holding
    /// (or, `former`, having held) a matching role, else the knowledge
    /// base's current holder.
    fn resolve_person(
        &mut self,
        country: Option<&str>,
        kind: &str,
        former: bool,
        before: usize,
    ) -> Option<usize> {
        let date = self.date;
        let mut best: Option<(usize, u8)> = None;
        for c in self.cands.iter().rev() {
            if c.w0 >= before {
                continue;
            }
            let e = &self.ents[c.ent];
            if e.etype != EntityType::Person {
                continue;
            }
            let mut score = 0u8;
            match e.kb {
                Some(a) => {
                    for r in &self.kb.actors[a as usize].roles {
                        if !kind_accepts(kind, &r.kind) || country.is_some_and(|cc| cc != r.country)
                        {
                            continue;
                        }
                        let current = span_covers(r.from.as_deref(), r.to.as_deref(), date);
                        let past = loose(r.to.as_deref()).is_some_and(|t| t < date);
                        let s = if former {
                            if past && !current {
                                3
                            } else {
                                1
                            }
                        } else if current {
                            3
                        } else {
                            2
                        };
                        score = score.max(s);
                    }
                }
                None => {
                    let cty_ok = country.is_none_or(|cc| e.country.as_deref() == Some(cc));
                    if cty_ok
                        && e.role_kind
                            .as_deref()
                            .is_some_and(|rk| kind_accepts(kind, rk))
                    {
                        score = 2;
                    }
                }
            }
            if score > best.map_or(0, |b| b.1) {
                best = Some((c.ent, score));
            }
        }
        if let Some((e, s)) = best {
            if s >= 2 {
                return Some(e);
            }
        }
        if former {
            return best.map(|b| b.0);
        }
        let cc = country?;
        let kinds: &[&str] = if kind == "head_of_state" {
            &["head_of_state", "head_of_government"]
        } else {
            std::slice::from_ref(&kind)
        };
        for k in kinds {
            if let Some(v) = self.r.holders.get(&(cc.to_string(), k.to_string())) {
                let cur: Vec<u32> = v
                    .iter()
                    .copied()
                    .filter(|&a| {
                        self.kb.actors[a as usize].roles.iter().any(|r| {
                            r.kind == *k
                                && r.country == cc
                                && span_covers(r.from.as_deref(), r.to.as_deref(), date)
                        })
                    })
                    .collect();
                if cur.len() == 1 {
                    return Some(self.ent_actor(cur[0]));
                }
            }
        }
        best.map(|b| b.0)
    }

    // ----- names the knowledge base does not hold -----------------------------

    fn unknown_runs(&mut self) {
        let n = self.ws.len();
        let mut i = 0;
        while i < n {
            let w = self.ws[i];
            if self.taken[i]
                || w.skip
                || w.kind != WKind::Alpha
                || !w.cap
                || self.hit_at(i).is_some()
                || (w.headline && !w.upper)
            {
                i += 1;
                continue;
            }
            let mut e = i + 1;
            while e < n
                && !self.taken[e]
                && self.hit_at(e).is_none()
                && !self.ws[e].nl
                && self.ws[e].kind == WKind::Alpha
                && self.ws[e].cap
                && self.ws[e].space
            {
                e += 1;
            }
            // Hyphenated place names: Nagorno-Karabakh.
            while e + 1 < n
                && self.wt(e) == "-"
                && !self.ws[e].space
                && !self.ws[e + 1].space
                && self.ws[e + 1].cap
                && !self.taken[e + 1]
                && self.hit_at(e + 1).is_none()
            {
                e += 2;
            }
            if self.common_initial(i) || (i + 1 == e && self.f(i) & (STOP | TITLE) != 0) {
                i = e;
                continue;
            }
            self.unknown_run(i, e);
            i = e;
        }
    }

    fn unknown_run(&mut self, a: usize, b: usize) {
        let prev = if a > 0 { Some(a - 1) } else { None };
        // "the think tank CNA", "the online journal Riddle".
        if let Some(p) = prev {
            let one = self.phrase(p, p + 1);
            let two = if p > 0 {
                self.phrase(p - 1, p + 1)
            } else {
                String::new()
            };
            if !self.ws[p].cap
                && (self.r.lex.org_kinds.contains(&one) || self.r.lex.org_kinds.contains(&two))
            {
                let name = self.clean(a, b);
                let e = self.ent_local(&name, EntityType::Org, None);
                self.commit(a, b, e, MentionKind::Name);
                return;
            }
        }
        // Dateline: "ANCHORAGE, Alaska —".
        let dateline =
            self.ws[a].first && self.ws[a].upper && b < self.ws.len() && self.wt(b) == ",";
        let weak_prep = prev.is_some_and(|p| self.is(p, "of") || self.is(p, "to"));
        let loc = self.loc_context(a, b)
            && !weak_prep
            && !self.ws[a].upper
            && self.wt(a).chars().count() > 1;
        // "the Centers for Disease Control": part of a longer name.
        if b + 1 < self.ws.len()
            && self.f(b) & CONNECTOR != 0
            && !self.ws[b].cap
            && self.ws[b + 1].cap
        {
            return;
        }
        let chain = prev.is_some_and(|p| {
            self.wt(p) == ","
                && self
                    .cands
                    .last()
                    .is_some_and(|c| c.w1 == p && self.ents[c.ent].etype == EntityType::Place)
                && (b >= self.ws.len() || matches!(self.wt(b), "," | "—" | "–" | "." | "(" | ")"))
        });
        // "the town of X", "X province".
        let place_noun = |i: usize| {
            i < self.ws.len()
                && !self.ws[i].cap
                && self
                    .r
                    .lex
                    .place_nouns
                    .contains(&self.wt(i).to_ascii_lowercase())
        };
        let place_cue = (a >= 2 && self.is(a - 1, "of") && place_noun(a - 2)) || place_noun(b);
        if !(dateline || loc || chain || place_cue) {
            return;
        }
        // "the Great Powers club": a modifier of the next noun.
        if !place_noun(b)
            && b < self.ws.len()
            && self.ws[b].kind == WKind::Alpha
            && !self.ws[b].cap
            && self.f(b) & (STOP | CONNECTOR | LOC_PREP | REPORT) == 0
        {
            return;
        }
        if (a..b)
            .any(|i| self.f(i) & (FIRST | ORG_SUFFIX | EVENT_SUFFIX) != 0 && self.f(i) & STOP == 0)
            && !dateline
        {
            return;
        }
        if (a..b).any(|i| self.f(i) & (STOP | PRONOUN) != 0) {
            return;
        }
        // Country from a following ", Country" chain.
        let mut country = None;
        let mut k = b;
        for _ in 0..3 {
            if k + 1 >= self.ws.len() || self.wt(k) != "," {
                break;
            }
            k += 1;
            if let Some(h) = self.hit_at(k) {
                country = self.hit_country_code(h);
                break;
            }
            while k < self.ws.len() && self.ws[k].cap && self.ws[k].kind == WKind::Alpha {
                k += 1;
            }
        }
        // "the Oval Office of the White House": the outer place's country.
        if country.is_none() && self.is(b, "of") {
            let k = if self.is(b + 1, "the") { b + 2 } else { b + 1 };
            if let Some(h) = self.hit_at(k) {
                country = self.hit_country_code(h);
            }
        }
        if country.is_none() && chain {
            if let Some(c) = self.cands.last() {
                country = self.ents[c.ent].country.clone();
            }
        }
        let mut name = self.clean(a, b);
        if self.ws[a].upper {
            name = title_case(&name);
        }
        let e = self.ent_local(&name, EntityType::Place, country);
        self.commit(a, b, e, MentionKind::Name);
    }

    // ----- coreference ------------------------------------------------------

    /// Later last names of people first named in full: "Waller" after
    /// "Julian Waller".
    fn partials(&mut self) {
        self.cands.sort_by_key(|c| c.w0);
        // Last name → (where the full name stands, entity), in text order.
        let mut last: FxHashMap<&'a str, Vec<(usize, usize)>> = FxHashMap::default();
        for c in &self.cands {
            if self.ents[c.ent].etype != EntityType::Person || c.kind != MentionKind::Name {
                continue;
            }
            let mut j = c.w1;
            while j > c.w0 && !self.ws[j - 1].is_word() {
                j -= 1;
            }
            if j <= c.w0 {
                continue;
            }
            let t = self.wt(j - 1);
            if t.chars().count() >= 3 && self.ws[j - 1].cap {
                let v = last.entry(t).or_default();
                if !v.iter().any(|&(_, e)| e == c.ent) {
                    v.push((c.w0, c.ent));
                }
            }
        }
        if last.is_empty() {
            return;
        }
        for i in 0..self.ws.len() {
            let w = self.ws[i];
            if self.taken[i] || w.skip || w.kind != WKind::Alpha || !w.cap {
                continue;
            }
            let Some(v) = last.get(self.wt(i)) else {
                continue;
            };
            // Not the first word of a longer unknown name.
            if i + 1 < self.ws.len()
                && self.ws[i + 1].cap
                && self.ws[i + 1].kind == WKind::Alpha
                && self.ws[i + 1].space
                && !self.taken[i + 1]
            {
                continue;
            }
            // The person of that name named most recently before.
            let e = v
                .iter()
                .rev()
                .find(|&&(w0, _)| w0 < i)
                .or(v.first())
                .map(|&(_, e)| e);
            if let Some(e) = e {
                self.commit(i, i + 1, e, MentionKind::Partial);
            }
        }
        self.cands.sort_by_key(|c| c.w0);
    }

    /// "the Maduro regime", "Assad's regime", "the Trump administration",
    /// "the Assad family": an organisation or group named after a person.
    fn regimes(&mut self) {
        self.cands.sort_by_key(|c| c.w0);
        let mut add: Vec<(usize, Cand, String, EntityType)> = Vec::new();
        for (ci, c) in self.cands.iter().enumerate() {
            if self.ents[c.ent].etype != EntityType::Person || c.kind == MentionKind::Pronoun {
                continue;
            }
            let mut k = c.w1;
            if let Some(p) = self.possessive(k) {
                k = p;
            }
            if k >= self.ws.len() || self.taken[k] || self.ws[k].kind != WKind::Alpha {
                continue;
            }
            let noun = self.phrase(k, k + 1);
            let Some(t) = self.r.lex.regime.get(&noun) else {
                continue;
            };
            let etype = if t == "GROUP" {
                EntityType::Group
            } else {
                EntityType::Org
            };
            let surname = self.ents[c.ent]
                .name
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_string();
            let surname = surname.rsplit('-').next().unwrap_or(&surname).to_string();
            let name = format!("{surname} {noun}");
            let w0 = if c.w0 > 0 && self.is(c.w0 - 1, "the") && !self.taken[c.w0 - 1] {
                c.w0 - 1
            } else {
                c.w0
            };
            add.push((
                ci,
                Cand {
                    w0,
                    w1: k + 1,
                    ent: c.ent,
                    kind: MentionKind::Name,
                },
                name,
                etype,
            ));
        }
        let mut remove = Vec::new();
        for (ci, cand, name, etype) in add {
            let country = self.ents[cand.ent].country.clone();
            let e = self.ent_local(&name, etype, country);
            self.ents[e].country_cue = true;
            for t in &mut self.taken[cand.w0..cand.w1] {
                *t = true;
            }
            remove.push(ci);
            self.cands.push(Cand { ent: e, ..cand });
        }
        // Keep the person mentioned when this was its only mention: it gets
        // the name words back and the organisation the noun.
        let mut keep_person: Vec<usize> = Vec::new();
        for &ci in &remove {
            let pe = self.cands[ci].ent;
            let others = self
                .cands
                .iter()
                .enumerate()
                .filter(|(j, c)| c.ent == pe && !remove.contains(j))
                .count();
            if others == 0 {
                keep_person.push(ci);
            }
        }
        let mut out = Vec::with_capacity(self.cands.len());
        for (j, c) in self.cands.iter().enumerate() {
            if remove.contains(&j) && !keep_person.contains(&j) {
                continue;
            }
            out.push(*c);
        }
        // Shrink the organisation's mention where the person keeps its words.
        for ci in keep_person {
            let p = self.cands[ci];
            for c in out.iter_mut() {
                if c.w0 <= p.w0 && c.w1 > p.w1 && c.ent != p.ent {
                    c.w0 = p.w1;
                    while c.w0 < c.w1 && !self.ws[c.w0].is_word()
                        || self.wt(c.w0) == "s" && c.w0 + 1 < c.w1
                    {
                        c.w0 += 1;
                    }
                }
            }
        }
        self.cands = out;
        self.cands.sort_by_key(|c| c.w0);
    }

    /// "the president", "the senior diplomat", "the ministry", "the alliance".
    fn definite_descriptions(&mut self) {
        let n = self.ws.len();
        let mut i = 0;
        while i + 1 < n {
            if !self.is(i, "the") || self.taken[i] || self.ws[i].skip {
                i += 1;
                continue;
            }
            let mut k = i + 1;
            let mut former = false;
            while k < n
                && !self.taken[k]
                && self.ws[k].kind == WKind::Alpha
                && !self.ws[k].cap
                && self.f(k) & (MODIFIER | FILLER) != 0
                && self.f(k) & TITLE == 0
            {
                if self.is(k, "former") || self.is(k, "then") {
                    former = true;
                }
                k += 1;
            }
            if k >= n || self.taken[k] {
                i += 1;
                continue;
            }
            // Person descriptions.
            if let Some((end, kind)) = self.desc_at(k) {
                let name_follows = end < n && self.ws[end].cap && self.ws[end].kind == WKind::Alpha;
                let of_follows = end < n && (self.is(end, "of") || self.wt(end) == "-");
                if !name_follows && !of_follows && !self.ws[k].cap && self.free(i, end) {
                    if let Some(e) = self.resolve_person(None, &kind, former, i) {
                        if self.recent(e, i, 4) {
                            self.commit(i, end, e, MentionKind::Description);
                        }
                    }
                    i = end;
                    continue;
                }
            }
            // Organisation heads: capitalised words then a head noun.
            let mut m = k;
            while m < n
                && self.ws[m].kind == WKind::Alpha
                && self.ws[m].cap
                && self.hit_at(m).is_none()
                && !self.taken[m]
                && self.f(m) & ORG_HEAD == 0
            {
                m += 1;
            }
            if m < n && self.f(m) & ORG_HEAD != 0 && !self.taken[m] && self.hit_at(m).is_none() {
                let next_cap = m + 1 < n
                    && self.ws[m + 1].cap
                    && self.ws[m + 1].kind == WKind::Alpha
                    && self.ws[m + 1].space;
                let of_follows = m + 1 < n && self.is(m + 1, "of");
                if !next_cap && !of_follows && self.free(i, m + 1) {
                    let need: Vec<String> = (k..=m)
                        .filter(|&x| self.ws[x].cap || x == m)
                        .map(|x| self.wt(x).to_lowercase())
                        .collect();
                    let capped = (k..=m).all(|x| self.ws[x].cap);
                    let found = self.resolve_org(&need, i).or_else(|| {
                        if capped {
                            self.kb_org(&need)
                        } else {
                            None
                        }
                    });
                    if let Some(e) = found {
                        self.commit(i, m + 1, e, MentionKind::Description);
                        i = m + 1;
                        continue;
                    }
                    if capped && m > k {
                        // An organisation named only this way: "the Audit Chamber".
                        let name = self.clean(k, m + 1);
                        let e = self.ent_local(&name, EntityType::Org, None);
                        self.commit(i, m + 1, e, MentionKind::Name);
                        i = m + 1;
                        continue;
                    }
                }
            }
            i += 1;
        }
        self.cands.sort_by_key(|c| c.w0);
    }

    /// A capitalised generic body name the recogniser kept as a local
    /// organisation ("Foreign Ministry spokesperson X", "Parliament voted"):
    /// the knowledge-base body of the state of the titled person it stands
    /// before, else of the state the document mentions most.
    fn generic_orgs(&mut self) {
        self.cands.sort_by_key(|c| c.w0);
        for j in 0..self.cands.len() {
            let c = self.cands[j];
            let e = &self.ents[c.ent];
            if e.etype != EntityType::Org
                || e.kb.is_some()
                || e.country.is_some()
                || c.w1 - c.w0 > 3
            {
                continue;
            }
            let words: Vec<usize> = (c.w0..c.w1)
                .filter(|&i| self.ws[i].kind == WKind::Alpha && !self.is(i, "the"))
                .collect();
            let generic = words
                .iter()
                .all(|&i| self.f(i) & (FILLER | TITLE | ORG_HEAD | BODY_NOUN) != 0)
                && words
                    .last()
                    .is_some_and(|&i| self.f(i) & (ORG_HEAD | BODY_NOUN) != 0);
            if !generic {
                continue;
            }
            let need: Vec<String> = words.iter().map(|&i| self.wt(i).to_lowercase()).collect();
            // The titled person right after it names the state.
            let hint = self.cands[j + 1..]
                .first()
                .filter(|n| n.w0 <= c.w1 + 2 && self.ents[n.ent].etype == EntityType::Person)
                .and_then(|n| self.ents[n.ent].country.clone());
            let found = match hint {
                Some(code) => self.kb_org_of(&code, &need),
                None => self.kb_org(&need),
            };
            if let Some(b) = found {
                let local = c.ent;
                for x in self.cands.iter_mut().filter(|x| x.ent == local) {
                    x.ent = b;
                }
            }
        }
    }

    /// True when entity `e` has a mention within `sents` sentences before word `i`.
    fn recent(&self, e: usize, i: usize, sents: u32) -> bool {
        let s = self.ws[i].sent;
        self.cands
            .iter()
            .any(|c| c.ent == e && c.w0 < i && self.ws[c.w0].sent + sents >= s)
    }

    /// The most recent organisation before word `before` whose names hold
    /// every word of `need`.
    fn resolve_org(&self, need: &[String], before: usize) -> Option<usize> {
        let mut seen: Vec<usize> = Vec::new();
        let mut cands: Vec<&Cand> = self.cands.iter().filter(|c| c.w0 < before).collect();
        cands.sort_by_key(|c| std::cmp::Reverse(c.w0));
        for c in cands {
            if seen.contains(&c.ent) {
                continue;
            }
            seen.push(c.ent);
            let e = &self.ents[c.ent];
            if !matches!(e.etype, EntityType::Org) {
                continue;
            }
            let mut names: Vec<String> = vec![e.name.to_lowercase()];
            if let Some(a) = e.kb {
                let act = self.actor(a);
                names.extend(act.aliases.iter().map(|s| s.to_lowercase()));
                if act.kind == ActorKind::Igo {
                    if let Some(cm) = &act.commitment {
                        names.push(cm.to_lowercase());
                    }
                }
            }
            let ok = names.iter().any(|nm| {
                need.iter().all(|w| {
                    nm.split(|c: char| !c.is_alphanumeric())
                        .any(|x| x == w || (w == "alliance" && x == "pact"))
                })
            });
            if ok {
                return Some(c.ent);
            }
        }
        None
    }

    /// The knowledge base's body, of the country the document mentions
    /// most, whose names hold every word of `need` ("foreign", "ministry").
    fn kb_org(&mut self, need: &[String]) -> Option<usize> {
        let code = self.main_country()?;
        self.kb_org_of(&code, need)
    }

    /// The state the document mentions most (ISO alpha-3), so far.
    fn main_country(&self) -> Option<String> {
        let mut counts: FxHashMap<usize, usize> = FxHashMap::default();
        for c in &self.cands {
            if self.ents[c.ent].etype == EntityType::Country {
                *counts.entry(c.ent).or_default() += 1;
            }
        }
        let top = counts
            .into_iter()
            .max_by_key(|&(e, n)| (n, std::cmp::Reverse(e)))?
            .0;
        self.ents[top].country.clone()
    }

    /// The knowledge-base body of state `code` whose names hold every word
    /// of `need`.
    fn kb_org_of(&mut self, code: &str, need: &[String]) -> Option<usize> {
        let code = code.to_string();
        let holds = |nm: &str| {
            let lw = nm.to_lowercase();
            need.iter()
                .all(|w| lw.split(|c: char| !c.is_alphanumeric()).any(|x| x == w))
        };
        let a = self.kb.actors.iter().position(|a| {
            a.kind == ActorKind::Body
                && a.country.as_deref() == Some(code.as_str())
                && (holds(&a.name) || a.aliases.iter().any(|x| holds(x)))
        })?;
        Some(self.ent_actor(a as u32))
    }

    /// Pronouns whose antecedent lies within three sentences.
    fn pronouns(&mut self) {
        self.cands.sort_by_key(|c| c.w0);
        let mut add: Vec<Cand> = Vec::new();
        for i in 0..self.ws.len() {
            let f = self.f(i);
            if f & PRONOUN == 0
                || self.taken[i]
                || self.ws[i].skip
                || self.ws[i].kind != WKind::Alpha
            {
                continue;
            }
            if self.ws[i].cap && !self.ws[i].first {
                continue;
            }
            let ent = if f & (PRON_M | PRON_F) != 0 {
                let g = if f & PRON_F != 0 {
                    Gender::Female
                } else {
                    Gender::Male
                };
                self.antecedent_person(i, g)
            } else if f & PRON_N != 0 {
                if self.is(i, "it")
                    && i + 1 < self.ws.len()
                    && (self.f(i + 1) & EXPLETIVE != 0 || self.is_apos(i + 1))
                {
                    continue;
                }
                self.antecedent_thing(i, false)
            } else {
                self.antecedent_thing(i, true)
            };
            if let Some(e) = ent {
                add.push(Cand {
                    w0: i,
                    w1: i + 1,
                    ent: e,
                    kind: MentionKind::Pronoun,
                });
            }
        }
        for c in add {
            self.commit(c.w0, c.w1, c.ent, c.kind);
        }
        self.cands.sort_by_key(|c| c.w0);
    }

    fn antecedent_person(&self, i: usize, g: Gender) -> Option<usize> {
        let s = self.ws[i].sent;
        let ok = |c: &Cand| {
            let e = &self.ents[c.ent];
            e.etype == EntityType::Person
                && (e.gender == Gender::Unknown || e.gender == g)
                && c.kind != MentionKind::Pronoun
        };
        let before: Vec<&Cand> = self
            .cands
            .iter()
            .filter(|c| c.w1 <= i && self.ws[c.w0].sent + 3 >= s)
            .collect();
        // Same sentence: its first person (the subject, usually).
        if let Some(c) = before.iter().find(|c| self.ws[c.w0].sent == s && ok(c)) {
            return Some(c.ent);
        }
        for back in 1..=3u32 {
            if back > s {
                break;
            }
            let ps = s - back;
            let in_s: Vec<&&Cand> = before
                .iter()
                .filter(|c| self.ws[c.w0].sent == ps && ok(c))
                .collect();
            if in_s.is_empty() {
                continue;
            }
            // The speaker of a quote ("…," Hill said.) first.
            if let Some(c) = in_s
                .iter()
                .find(|c| c.w1 < self.ws.len() && self.f(c.w1) & REPORT != 0)
            {
                return Some(c.ent);
            }
            return Some(in_s[0].ent);
        }
        None
    }

    fn antecedent_thing(&self, i: usize, plural: bool) -> Option<usize> {
        let s = self.ws[i].sent;
        for c in self.cands.iter().rev() {
            if c.w1 > i {
                continue;
            }
            if self.ws[c.w0].sent + if plural { 1 } else { 2 } < s {
                break;
            }
            let e = &self.ents[c.ent];
            if c.kind == MentionKind::Pronoun {
                continue;
            }
            // "in Belarus, where it pledged …": the place a relative
            // adverb opens on is where the clause happens, not who acts in
            // it.
            let mut k = c.w1;
            if k < i && self.wt(k) == "," {
                k += 1;
            }
            if k < i && (self.is(k, "where") || self.is(k, "when")) {
                continue;
            }
            let ok = if plural {
                c.kind == MentionKind::Demonym || e.etype == EntityType::Group
            } else {
                matches!(e.etype, EntityType::Org | EntityType::Country)
                    && c.kind != MentionKind::Demonym
            };
            if ok {
                return Some(c.ent);
            }
        }
        None
    }

    /// Country of a titled person named right after an organisation
    /// ("… Defense Committee Deputy Chairperson X"), from that organisation.
    /// Document-local places, and local people with a state title
    /// ("President X", "Interior Minister Y"), that nothing placed in a state
    /// belong to the state the document mentions most.
    fn default_countries(&mut self) {
        let Some(code) = self.main_country() else {
            return;
        };
        let code = Some(code);
        for e in &mut self.ents {
            if e.kb.is_some() || e.country.is_some() {
                continue;
            }
            let state_title = e.role_kind.as_deref().is_some_and(|k| {
                self.r.lex.complete_role_kinds.contains(k)
                    || matches!(
                        k,
                        "minister" | "spokesperson" | "legislator" | "deputy_head_of_government"
                    )
            });
            if e.etype == EntityType::Place || (e.etype == EntityType::Person && state_title) {
                e.country = code.clone();
            }
        }
    }

    /// "Maria Okafor, a professor at the University of Lagos": a
    /// document-local person's office from an apposition naming a role and
    /// an organisation (and the state, when the organisation is a state's
    /// government body or the state itself).
    fn appositions(&mut self) {
        self.cands.sort_by_key(|c| c.w0);
        let n = self.ws.len();
        for j in 0..self.cands.len() {
            let c = self.cands[j];
            let e = &self.ents[c.ent];
            if e.etype != EntityType::Person || e.kb.is_some() || e.office.is_some() {
                continue;
            }
            let mut k = c.w1;
            if k >= n || self.wt(k) != "," {
                continue;
            }
            k += 1;
            if k < n && (self.is(k, "a") || self.is(k, "an") || self.is(k, "the")) {
                k += 1;
            }
            let r0 = k;
            while k < n
                && k < r0 + 4
                && self.ws[k].kind == WKind::Alpha
                && !self.ws[k].cap
                && self.f(k) & (STOP | LOC_PREP | REPORT) == 0
            {
                k += 1;
            }
            if k == r0 || k >= n || self.ws[k].sent != self.ws[c.w0].sent {
                continue;
            }
            // The role ends in a role noun or title ("professor", "senior
            // fellow", "spokesman").
            if self.f(k - 1) & (ROLE_NOUN | TITLE) == 0 {
                continue;
            }
            let prep = k;
            if !(self.is(prep, "at")
                || self.is(prep, "of")
                || self.is(prep, "with")
                || self.is(prep, "for"))
            {
                continue;
            }
            let mut o0 = prep + 1;
            if o0 < n && self.is(o0, "the") && !self.cands.iter().any(|x| x.w0 == o0) {
                o0 += 1;
            }
            let Some(org) = self.cands[j + 1..]
                .iter()
                .find(|x| x.w0 == o0 || (x.w0 + 1 == o0 && self.is(x.w0, "the")))
                .copied()
            else {
                continue;
            };
            let oe = &self.ents[org.ent];
            if !matches!(
                oe.etype,
                EntityType::Org | EntityType::Country | EntityType::Group
            ) {
                continue;
            }
            let office = format!(
                "{} {} {}",
                self.clean(r0, prep),
                self.wt(prep).to_ascii_lowercase(),
                oe.name
            );
            let state_side = oe.etype == EntityType::Country
                || oe.kb.is_some_and(|a| {
                    matches!(self.actor(a).sector.as_deref(), Some("GOV" | "MIL" | "LEG"))
                });
            let cc = state_side.then(|| oe.country.clone()).flatten();
            let pe = &mut self.ents[c.ent];
            pe.office = Some(office);
            if pe.country.is_none() {
                pe.country = cc;
            }
        }
    }

    fn affiliations(&mut self) {
        self.cands.sort_by_key(|c| c.w0);
        for j in 1..self.cands.len() {
            let (p, c) = (self.cands[j - 1], self.cands[j]);
            let pe = &self.ents[p.ent];
            let ce = &self.ents[c.ent];
            if ce.etype != EntityType::Person
                || ce.kb.is_some()
                || ce.country.is_some()
                || ce.office.is_none()
                || pe.etype != EntityType::Org
                || p.w1 != c.w0
            {
                continue;
            }
            let gov = pe.kb.map_or(pe.country_cue, |a| {
                matches!(self.actor(a).sector.as_deref(), Some("GOV" | "MIL" | "LEG"))
            });
            if gov {
                let cc = pe.country.clone();
                self.ents[c.ent].country = cc;
            }
        }
    }

    // ----- output -------------------------------------------------------------

    fn finish(mut self) -> (Vec<Entity>, Vec<Mention>, Vec<Claim>) {
        self.cands.sort_by_key(|c| (c.w0, std::cmp::Reverse(c.w1)));
        let mut used = vec![false; self.ents.len()];
        let mut last_end = 0u32;
        let mut kept: Vec<Cand> = Vec::with_capacity(self.cands.len());
        for c in &self.cands {
            let sp = self.span(c.w0, c.w1);
            if sp.start < last_end && !kept.is_empty() {
                continue;
            }
            last_end = sp.end;
            used[c.ent] = true;
            kept.push(*c);
        }
        let mut remap = vec![u32::MAX; self.ents.len()];
        let mut entities = Vec::new();
        for (i, e) in self.ents.drain(..).enumerate() {
            if !used[i] {
                continue;
            }
            remap[i] = entities.len() as u32;
            entities.push(Entity {
                name: e.name,
                etype: e.etype,
                country: e.country,
                kb_id: e.kb.map(|a| self.kb.actors[a as usize].id.clone()),
                sector: e.sector,
                office: e.office,
            });
        }
        let mentions = kept
            .iter()
            .map(|c| Mention {
                span: self.span(c.w0, c.w1),
                entity: remap[c.ent],
                kind: c.kind,
            })
            .collect();
        let claims = std::mem::take(&mut self.claims)
            .into_iter()
            .filter(|(_, _, e, _)| remap[*e] != u32::MAX)
            .map(|(w0, w1, e, mut cl)| {
                cl.span = self.span(w0, w1);
                cl.ent = remap[e];
                cl
            })
            .collect();
        (entities, mentions, claims)
    }
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}
