//! A deterministic synthetic news corpus for stores of any size, with its
//! ground truth.
//!
//! Over a span of days the [`Generator`] writes crises — a hostile act of one
//! state against another (ASSAULT, COERCE, SANCTION, THREATEN), reported by a
//! wire and carried by several outlets, followed by partners' reactions at
//! graded [`Level`]s, explicit silences, follow-ups that sometimes contradict
//! the first report (another date or death toll, a denial) — among everyday
//! background news. Names come from the knowledge base ([`World`]), sentences
//! from `data/synth/templates.toml`. Articles stream out one at a time in
//! date order; memory holds only the crises under way.
//!
//! Every article carries the [`Fact`]s its text states; every crisis ends
//! with a [`CrisisTruth`] record.

pub mod rng;
pub mod templates;
pub mod world;

use chrono::{Datelike, Duration, NaiveDate};
use demarche_kb::Kb;
use rng::Rng;
use serde::Serialize;
use std::collections::{HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use templates::{Ctx, Templates};
use world::{Speaker, World, FOREIGN_MINISTER, HEAD_OF_GOVERNMENT, HEAD_OF_STATE, SPOKESPERSON};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    pub docs: u64,
    pub seed: u64,
    /// Number of crises; default one per 400 documents (at least one).
    pub crises: Option<usize>,
    pub start: NaiveDate,
    pub days: u32,
    /// Share of documents that belong to crises.
    pub crisis_share: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            docs: 100_000,
            seed: 1,
            crises: None,
            start: NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date"),
            days: 731,
            crisis_share: 0.3,
        }
    }
}

/// A partner's response to a crisis, from none to military support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Silence,
    Concern,
    Condemn,
    Demand,
    UnMeeting,
    Sanction,
    Aid,
    Military,
}

const LEVELS: [Level; 8] = [
    Level::Silence,
    Level::Concern,
    Level::Condemn,
    Level::Demand,
    Level::UnMeeting,
    Level::Sanction,
    Level::Aid,
    Level::Military,
];
const LEVEL_WEIGHTS: [u32; 8] = [5, 5, 6, 4, 2, 2, 2, 2];

/// A fact an article's text states, for checking what the pipeline extracts.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// The hostile act: an event of `event_type` by `actor` against `target`.
    Act {
        actor: String,
        target: String,
        event_type: String,
        template: String,
    },
    /// A statement of `stance` by a speaker of `country` (the person when
    /// the text names one).
    Statement {
        country: String,
        person: Option<String>,
        stance: &'static str,
        template: String,
    },
    /// An act of the reacting state: one of `types`, towards `recipient`.
    Event {
        actor: String,
        recipient: Option<String>,
        types: Vec<&'static str>,
        template: String,
    },
    /// An explicit silence of `actor`.
    Silence { actor: String, template: String },
}

/// One generated article, in the fields `demarche ingest` reads from JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub url: String,
    pub published: String,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub text: String,
    #[serde(skip)]
    pub crisis: Option<usize>,
    #[serde(skip)]
    pub facts: Vec<Fact>,
}

/// The ground truth of one crisis.
#[derive(Clone, Debug, Serialize)]
pub struct CrisisTruth {
    pub crisis: String,
    pub act: String,
    pub event_type: String,
    pub attacker: String,
    pub attacker_name: String,
    pub target: String,
    pub target_name: String,
    /// The day the act happened.
    pub date: String,
    pub killed: Option<u32>,
    /// The attacker denied the act.
    pub denied: bool,
    /// Follow-ups that give another date or toll than the first report.
    pub contradictions: Vec<Contradiction>,
    pub responses: Vec<Response>,
    /// States named as silent, with the documents that say so.
    pub silent: Vec<Silent>,
    /// Every document of the crisis.
    pub docs: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Silent {
    pub actor: String,
    pub actor_name: String,
    pub docs: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Contradiction {
    pub doc: String,
    /// "date" or "killed".
    pub field: &'static str,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Response {
    pub actor: String,
    pub actor_name: String,
    pub level: Level,
    /// Knowledge-base people who spoke for the actor.
    pub speakers: Vec<String>,
    /// Documents that state the response.
    pub docs: Vec<String>,
}

/// What the generator hands out, in order.
#[derive(Clone, Debug)]
pub enum Item {
    Article(Box<Article>),
    Truth(Box<CrisisTruth>),
}

#[derive(Clone, Debug)]
enum StoryKind {
    Report,
    Followup { alt_date: bool, alt_toll: bool },
    Reaction(usize),
    Roundup,
}

#[derive(Clone, Debug)]
struct Story {
    day: u32,
    kind: StoryKind,
    versions: u32,
    copies: u32,
}

#[derive(Clone, Debug)]
struct Partner {
    state: usize,
    level: Level,
    /// Also calls the target's leader.
    calls: bool,
    speakers: Vec<String>,
    docs: Vec<String>,
}

struct Crisis {
    index: usize,
    rng: Rng,
    attacker: usize,
    target: usize,
    act: usize,
    day: u32,
    killed: u32,
    wounded: u32,
    count: u32,
    denied: bool,
    partners: Vec<Partner>,
    stories: VecDeque<Story>,
    contradictions: Vec<Contradiction>,
    docs: Vec<String>,
}

/// The corpus generator: an iterator of articles and crisis truths.
pub struct Generator {
    cfg: Config,
    world: World,
    t: Templates,
    rng: Rng,
    /// (start day, seed) of crises not yet begun, latest first.
    upcoming: Vec<(u32, u64)>,
    crisis_budget: f64,
    active: Vec<Crisis>,
    /// Crises begun so far.
    begun: usize,
    day: u32,
    emitted: u64,
    queue: VecDeque<Item>,
    done: bool,
    /// Hashes of the texts written so far (8 bytes an article).
    seen: HashSet<u64>,
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Generator {
    pub fn new(kb: &Kb, cfg: Config) -> Generator {
        let end = cfg.start + Duration::days(cfg.days as i64 - 1);
        let t = Templates::builtin();
        let world = World::new(kb, cfg.start, end, &t.definite);
        assert!(
            world.states.len() >= 12,
            "too few states in the knowledge base"
        );
        let mut rng = Rng::new(cfg.seed);
        let n = cfg.crises.unwrap_or((cfg.docs / 400) as usize).max(1);
        let last_start = cfg.days.saturating_sub(30).max(1) as usize;
        let mut upcoming: Vec<(u32, u64)> = (0..n)
            .map(|_| (rng.below(last_start) as u32, rng.next_u64()))
            .collect();
        upcoming.sort_by(|a, b| b.cmp(a));
        let crisis_budget = cfg.docs as f64 * cfg.crisis_share / n as f64;
        Generator {
            world,
            t,
            rng,
            upcoming,
            crisis_budget,
            active: Vec::new(),
            begun: 0,
            day: 0,
            emitted: 0,
            queue: VecDeque::new(),
            done: false,
            seen: HashSet::new(),
            cfg,
        }
    }

    /// The states the corpus draws from.
    pub fn world(&self) -> &World {
        &self.world
    }

    fn date(&self, day: u32) -> NaiveDate {
        self.cfg.start + Duration::days(day as i64)
    }

    /// Fills the queue with the next day's articles; false when the span is over.
    fn advance(&mut self) -> bool {
        if self.day >= self.cfg.days {
            return false;
        }
        let day = self.day;
        self.day += 1;
        while self.upcoming.last().is_some_and(|&(d, _)| d == day) {
            let (_, seed) = self.upcoming.pop().expect("checked");
            let c = self.plan(self.begun, day, seed);
            self.begun += 1;
            self.active.push(c);
        }
        let mut i = 0;
        while i < self.active.len() {
            while self.active[i].stories.front().is_some_and(|s| s.day == day) {
                let s = self.active[i].stories.pop_front().expect("checked");
                self.write_story(i, &s);
            }
            if self.active[i].stories.is_empty() {
                let c = self.active.swap_remove(i);
                self.queue.push_back(Item::Truth(Box::new(self.truth(c))));
            } else {
                i += 1;
            }
        }
        let target = (self.cfg.docs as u128 * (day as u128 + 1) / self.cfg.days as u128) as u64;
        let pending = self
            .queue
            .iter()
            .filter(|x| matches!(x, Item::Article(_)))
            .count() as u64;
        let mut have = self.emitted + pending;
        while have < target {
            self.write_background(day);
            have += 1;
        }
        true
    }

    /// Draws a crisis: the sides, the act, the partners and their levels,
    /// and the stories that tell it, sized to the crisis's share of documents.
    fn plan(&mut self, index: usize, day: u32, seed: u64) -> Crisis {
        let mut rng = Rng::new(seed);
        let n = self.world.states.len();
        let attacker = rng.below(n);
        let mut target = rng.below(n);
        while target == attacker {
            target = rng.below(n);
        }
        let act = rng.below(self.t.act.len());
        let budget = self.crisis_budget.round().max(4.0) as u32;
        let followups = if budget >= 30 {
            3
        } else if budget >= 12 {
            2
        } else {
            1
        };
        let n_partners = (budget as i64 - 2 - followups as i64).clamp(3, 10) as usize;
        let mut partners: Vec<Partner> = Vec::new();
        while partners.len() < n_partners {
            let s = rng.below(n);
            if s == attacker || s == target || partners.iter().any(|p| p.state == s) {
                continue;
            }
            let level = LEVELS[rng.weighted(&LEVEL_WEIGHTS)];
            partners.push(Partner {
                state: s,
                level,
                calls: level >= Level::Demand && rng.chance(0.5),
                speakers: Vec::new(),
                docs: Vec::new(),
            });
        }
        if !partners.iter().any(|p| p.level == Level::Silence) {
            partners[0].level = Level::Silence;
            partners[0].calls = false;
        }
        let mut stories = vec![Story {
            day,
            kind: StoryKind::Report,
            versions: 1,
            copies: 1,
        }];
        for (i, p) in partners.iter().enumerate() {
            if p.level != Level::Silence {
                stories.push(Story {
                    day: day + rng.range(0, 6) as u32,
                    kind: StoryKind::Reaction(i),
                    versions: 1,
                    copies: 1,
                });
            }
        }
        stories.push(Story {
            day: day + rng.range(1, 3) as u32,
            kind: StoryKind::Roundup,
            versions: 1,
            copies: 1,
        });
        for _ in 0..followups {
            stories.push(Story {
                day: day + rng.range(1, 10) as u32,
                kind: StoryKind::Followup {
                    alt_date: rng.chance(0.2),
                    alt_toll: rng.chance(0.3),
                },
                versions: 1,
                copies: 1,
            });
        }
        // The rest of the budget: more copies of the first report, then more
        // copies and independent versions of the other stories.
        let mut extra = budget.saturating_sub(stories.len() as u32);
        let report_extra = (extra * 2 / 5).min(8);
        stories[0].copies += report_extra;
        extra -= report_extra;
        while extra > 0 {
            let k = rng.below(stories.len());
            if rng.chance(0.5) {
                stories[k].copies += 1;
            } else {
                stories[k].versions += 1;
            }
            extra -= 1;
        }
        stories.sort_by_key(|s| s.day);
        let violent = self.t.act[act].violent;
        Crisis {
            index,
            attacker,
            target,
            act,
            day,
            killed: if violent { rng.range(2, 60) as u32 } else { 0 },
            wounded: rng.range(5, 120) as u32,
            count: rng.range(2, 20) as u32,
            denied: rng.chance(0.3),
            partners,
            stories: stories.into(),
            contradictions: Vec::new(),
            docs: Vec::new(),
            rng,
        }
    }

    fn truth(&self, c: Crisis) -> CrisisTruth {
        let a = &self.world.states[c.attacker];
        let t = &self.world.states[c.target];
        let act = &self.t.act[c.act];
        CrisisTruth {
            crisis: format!("crisis-{:04}", c.index + 1),
            act: act.kind.clone(),
            event_type: act.event_type.clone(),
            attacker: a.id.clone(),
            attacker_name: a.name.clone(),
            target: t.id.clone(),
            target_name: t.name.clone(),
            date: self.date(c.day).to_string(),
            killed: act.violent.then_some(c.killed),
            denied: c.denied,
            contradictions: c.contradictions,
            responses: c
                .partners
                .iter()
                .filter(|p| p.level != Level::Silence)
                .map(|p| Response {
                    actor: self.world.states[p.state].id.clone(),
                    actor_name: self.world.states[p.state].name.clone(),
                    level: p.level,
                    speakers: p.speakers.clone(),
                    docs: p.docs.clone(),
                })
                .collect(),
            silent: c
                .partners
                .iter()
                .filter(|p| p.level == Level::Silence)
                .map(|p| Silent {
                    actor: self.world.states[p.state].id.clone(),
                    actor_name: self.world.states[p.state].name.clone(),
                    docs: p.docs.clone(),
                })
                .collect(),
            docs: c.docs,
        }
    }

    // ------------------------------------------------------------ phrases

    /// "on Tuesday" when `event` is one to five days before `publication`,
    /// else the date ("on 5 March" or "on March 5").
    fn when(&self, rng: &mut Rng, event: u32, publication: u32) -> String {
        let d = self.date(event);
        let gap = publication as i64 - event as i64;
        if (1..=5).contains(&gap) && rng.chance(0.6) {
            return format!(
                "on {}",
                WEEKDAYS[d.weekday().num_days_from_monday() as usize]
            );
        }
        let month = MONTHS[d.month0() as usize];
        if rng.chance(0.5) {
            format!("on {} {}", d.day(), month)
        } else {
            format!("on {} {}", month, d.day())
        }
    }

    /// A speaker for state `s` on `date`: a person with an office, the
    /// foreign ministry, or the state.
    fn speaker(&self, rng: &mut Rng, s: usize, date: NaiveDate, person_only: bool) -> Speaker {
        let st = &self.world.states[s];
        let kinds = [
            HEAD_OF_STATE,
            HEAD_OF_GOVERNMENT,
            FOREIGN_MINISTER,
            SPOKESPERSON,
        ];
        let head = if self.world.ceremonial_head(s, date) {
            0
        } else {
            4
        };
        let choice = rng.weighted(&[head, 2, 5, 2, if person_only { 0 } else { 3 }]);
        let tenure = kinds
            .get(choice)
            .and_then(|k| self.world.holder(s, k, date))
            .or_else(|| {
                if person_only {
                    self.world.leader(s, date)
                } else {
                    None
                }
            });
        if let Some(t) = tenure {
            // "King Philippe" carries his title; a long office is left out.
            let titled = t.name.starts_with(&t.office) || t.office.split(' ').count() > 3;
            let first = match rng.below(4) {
                _ if titled => t.name.clone(),
                0 | 1 => format!("{} {}", t.office, t.name),
                2 => format!("{} {} {}", st.adj, t.office, t.name),
                _ => format!("{}'s {} {}", st.name, t.office, t.name),
            };
            return Speaker {
                first,
                later: t.short.clone(),
                person: Some(t.person.clone()),
            };
        }
        match rng.below(3) {
            0 => Speaker {
                first: format!("{}'s foreign ministry", st.name),
                later: "the ministry".into(),
                person: None,
            },
            1 => Speaker {
                first: format!("the {} foreign ministry", st.adj),
                later: "the ministry".into(),
                person: None,
            },
            _ => Speaker {
                first: format!("the {} government", st.adj),
                later: st.name.clone(),
                person: None,
            },
        }
    }

    fn leader_phrase(&self, s: usize, date: NaiveDate) -> (String, Option<String>) {
        let st = &self.world.states[s];
        match self.world.leader(s, date) {
            Some(t) if t.name.starts_with(&t.office) || t.office.split(' ').count() > 3 => {
                (t.name.clone(), Some(t.person.clone()))
            }
            Some(t) => (format!("{} {}", t.office, t.name), Some(t.person.clone())),
            None => (format!("the {} government", st.adj), None),
        }
    }

    fn set_state(&self, ctx: &mut Ctx, role: &'static str, s: usize) {
        let st = &self.world.states[s];
        let (adj, cap) = match role {
            "attacker" => ("attacker_adj", "attacker_capital"),
            "target" => ("target_adj", "target_capital"),
            "actor" => ("actor_adj", "actor_capital"),
            "other" => ("other_adj", "other_capital"),
            _ => ("third_adj", "third_capital"),
        };
        ctx.set(role, st.name.clone());
        ctx.set(adj, st.adj.clone());
        ctx.set(cap, st.capital.clone().unwrap_or_else(|| st.name.clone()));
    }

    /// The context shared by every story of a crisis, on `pub_day`.
    fn crisis_ctx(&self, c: &Crisis, rng: &mut Rng, pub_day: u32) -> Ctx {
        let act = &self.t.act[c.act];
        let mut ctx = Ctx::default();
        self.set_state(&mut ctx, "attacker", c.attacker);
        self.set_state(&mut ctx, "target", c.target);
        ctx.set("act_noun", rng.pick(&act.nouns).clone());
        ctx.set("place", rng.pick(&act.places).clone());
        let act_when = self.when(rng, c.day, pub_day);
        ctx.set("act_when", act_when);
        ctx.set("killed", c.killed.to_string());
        ctx.set("wounded", c.wounded.to_string());
        ctx.set("count", c.count.to_string());
        ctx.set("number", rng.range(20, 400).to_string());
        let news_day = pub_day.saturating_sub(rng.below(2) as u32).max(c.day);
        let when = self.when(rng, news_day, pub_day);
        ctx.set("when", when);
        ctx.set("topic", rng.pick(&self.t.background.topics).clone());
        let date = self.date(pub_day);
        let ts = self.speaker(rng, c.target, date, false);
        ctx.set("t_speaker", ts.first);
        ctx.set("t_ref", ts.later);
        let a = self.speaker(rng, c.attacker, date, true);
        ctx.set("a_speaker", a.first);
        ctx.set("a_ref", a.later);
        let (tl, _) = self.leader_phrase(c.target, date);
        ctx.set("target_leader", tl);
        ctx
    }

    // ------------------------------------------------------------ stories

    fn write_story(&mut self, ci: usize, s: &Story) {
        for v in 0..s.versions {
            // A text the corpus already holds is drawn again (the store
            // keeps one document per text).
            let mut draft = None;
            for attempt in 0..8u64 {
                let mut rng = self.active[ci].rng.fork(v as u64 * 8 + attempt);
                let d = self.compose(ci, s, &mut rng);
                if self.seen.insert(text_hash(&d.1)) {
                    draft = Some((rng, d));
                    break;
                }
            }
            let Some((mut rng, (title, paragraphs, facts, kind))) = draft else {
                continue;
            };
            let copies = if v == 0 { s.copies } else { 1 };
            // Copies of one text are a wire story (the credit line tells them apart).
            let wire = copies > 1
                || v == 0 && !matches!(s.kind, StoryKind::Reaction(_))
                || rng.chance(0.3);
            let ids = self.publish(
                &mut rng,
                s.day,
                &title,
                &paragraphs,
                &facts,
                Some(self.active[ci].index),
                wire,
                copies,
                self.world.states[self.active[ci].target].capital.clone(),
            );
            if ids.is_empty() {
                continue;
            }
            let states: Vec<String> = self.active[ci]
                .partners
                .iter()
                .map(|p| self.world.states[p.state].id.clone())
                .collect();
            let c = &mut self.active[ci];
            c.docs.extend(ids.iter().cloned());
            if let Written::Contradiction(field, value) = &kind {
                for id in &ids {
                    c.contradictions.push(Contradiction {
                        doc: id.clone(),
                        field,
                        value: value.clone(),
                    });
                }
            }
            // Each partner's documents and speakers, from the facts written.
            for (pi, id) in states.iter().enumerate() {
                let p = &mut c.partners[pi];
                let mut stated = matches!(&kind, Written::Partners(ps) if ps.contains(&pi));
                for f in &facts {
                    match f {
                        Fact::Statement {
                            country,
                            person: Some(person),
                            ..
                        } if country == id && !p.speakers.contains(person) => {
                            p.speakers.push(person.clone());
                        }
                        Fact::Silence { actor, .. } if actor == id => stated = true,
                        _ => {}
                    }
                }
                if stated {
                    p.docs.extend(ids.iter().cloned());
                }
            }
        }
    }

    /// The title, paragraphs and facts of one version of a story.
    fn compose(
        &self,
        ci: usize,
        s: &Story,
        rng: &mut Rng,
    ) -> (String, Vec<String>, Vec<Fact>, Written) {
        let c = &self.active[ci];
        let act = &self.t.act[c.act];
        let mut ctx = self.crisis_ctx(c, rng, s.day);
        let mut w = Writer::default();
        let attacker = self.world.states[c.attacker].id.clone();
        let target = self.world.states[c.target].id.clone();
        let act_fact = |tpl: String| Fact::Act {
            actor: attacker.clone(),
            target: target.clone(),
            event_type: act.event_type.clone(),
            template: tpl,
        };
        let mut written = Written::Nothing;
        let title;
        match s.kind {
            StoryKind::Report => {
                let i = rng.below(act.leads.len());
                w.para(&ctx, &act.leads[i]);
                w.facts.push(act_fact(format!("act.{}.lead.{i}", act.kind)));
                let det = if act.violent {
                    &self.t.report.details
                } else {
                    &self.t.report.details_quiet
                };
                w.para(&ctx, rng.pick(det));
                let i = rng.below(self.t.report.target_condemns.len());
                w.para(&ctx, &self.t.report.target_condemns[i]);
                w.facts.push(Fact::Statement {
                    country: target.clone(),
                    person: None,
                    stance: "condemn",
                    template: format!("report.target_condemns.{i}"),
                });
                if c.denied {
                    let i = rng.below(self.t.report.attacker_denies.len());
                    w.para(&ctx, &self.t.report.attacker_denies[i]);
                    w.facts.push(Fact::Statement {
                        country: attacker.clone(),
                        person: None,
                        stance: "deny",
                        template: format!("report.attacker_denies.{i}"),
                    });
                } else {
                    w.para(&ctx, rng.pick(&self.t.report.attacker_justifies));
                }
                w.para(&ctx, rng.pick(&self.t.report.background));
                self.filler(&mut w, &ctx, rng, 4);
                let titles = if act.violent {
                    &self.t.report.titles
                } else {
                    &self.t.report.titles_quiet
                };
                title = fill(&ctx, rng.pick(titles));
            }
            StoryKind::Followup { alt_date, alt_toll } => {
                if alt_date {
                    // A day before or after the act (after, when the span
                    // has no day before it).
                    let d = if c.day > 0 && rng.chance(0.5) {
                        c.day - 1
                    } else {
                        c.day + 1
                    };
                    let when = self.when(rng, d, s.day.max(d + 1));
                    ctx.set("act_when", when);
                    written = Written::Contradiction("date", self.date(d).to_string());
                }
                if act.violent && alt_toll {
                    let k = c.killed + rng.range(1, 9) as u32;
                    ctx.set("killed", k.to_string());
                    written = Written::Contradiction("killed", k.to_string());
                }
                if act.violent {
                    let i = rng.below(self.t.followup.leads.len());
                    w.para(&ctx, &self.t.followup.leads[i]);
                    w.para(&ctx, rng.pick(&self.t.followup.details));
                    title = fill(&ctx, rng.pick(&self.t.followup.titles));
                } else {
                    let i = rng.below(act.recaps.len());
                    w.para(&ctx, format!("{}.", act.recaps[i]));
                    w.facts
                        .push(act_fact(format!("act.{}.recap.{i}", act.kind)));
                    w.para(&ctx, rng.pick(&self.t.followup.leads_quiet));
                    title = fill(&ctx, rng.pick(&self.t.followup.titles_quiet));
                }
                if c.denied && rng.chance(0.5) {
                    let i = rng.below(self.t.report.attacker_denies.len());
                    w.para(&ctx, &self.t.report.attacker_denies[i]);
                    w.facts.push(Fact::Statement {
                        country: attacker.clone(),
                        person: None,
                        stance: "deny",
                        template: format!("report.attacker_denies.{i}"),
                    });
                }
                let silent: Vec<usize> = (0..c.partners.len())
                    .filter(|&p| c.partners[p].level == Level::Silence)
                    .collect();
                if let Some(&p) = silent.first() {
                    self.silence_line(&mut w, &mut ctx, rng, c.partners[p].state, s.day);
                }
                w.para(&ctx, rng.pick(&self.t.report.background));
                self.filler(&mut w, &ctx, rng, 4);
            }
            StoryKind::Reaction(p) => {
                let partner = c.partners[p].clone();
                self.set_state(&mut ctx, "actor", partner.state);
                let date = self.date(s.day);
                let sp = self.speaker(rng, partner.state, date, false);
                let (al, _) = self.leader_phrase(partner.state, date);
                ctx.set("actor_leader", al);
                ctx.set("speaker", sp.first.clone());
                ctx.set("ref", sp.later.clone());
                let i = rng.below(act.recaps.len());
                let recap = ctx.fill(&act.recaps[i]).expect("recap template");
                ctx.set("recap", lower_first(&recap));
                self.reaction(&mut w, &ctx, rng, &partner, &sp);
                // The act the reaction answers, after the lead.
                let j = rng.below(self.t.reaction.context.len());
                let para = fill(&ctx, &self.t.reaction.context[j]);
                w.paragraphs.insert(1.min(w.paragraphs.len()), para);
                w.facts
                    .push(act_fact(format!("act.{}.recap.{i}", act.kind)));
                let m = rng.below(self.t.reaction.more.len());
                w.para(&ctx, &self.t.reaction.more[m]);
                w.para(
                    &ctx,
                    &self.t.reaction.more[(m + 2) % self.t.reaction.more.len()],
                );
                w.para(&ctx, rng.pick(&self.t.report.background));
                self.filler(&mut w, &ctx, rng, 4);
                let titles = if partner.level >= Level::Sanction {
                    &self.t.reaction.titles_act
                } else {
                    &self.t.reaction.titles
                };
                title = fill(&ctx, rng.pick(titles));
                written = Written::Partners(vec![p]);
            }
            StoryKind::Roundup => {
                w.para(&ctx, rng.pick(&self.t.roundup.leads));
                let date = self.date(s.day);
                let mut shown = Vec::new();
                let mut order: Vec<usize> = (0..c.partners.len()).collect();
                rng.shuffle(&mut order);
                let partners = c.partners.clone();
                for p in order {
                    let partner = &partners[p];
                    if partner.level == Level::Silence {
                        self.silence_line(&mut w, &mut ctx, rng, partner.state, s.day);
                        continue;
                    }
                    if shown.len() >= 4 {
                        continue;
                    }
                    self.set_state(&mut ctx, "actor", partner.state);
                    let sp = self.speaker(rng, partner.state, date, false);
                    ctx.set("speaker", sp.first.clone());
                    ctx.set("ref", sp.later.clone());
                    let (al, _) = self.leader_phrase(partner.state, date);
                    ctx.set("actor_leader", al);
                    let one = Partner {
                        calls: false,
                        ..partner.clone()
                    };
                    let mut sub = Writer::default();
                    self.reaction(&mut sub, &ctx, rng, &one, &sp);
                    // One paragraph per partner: its lead statement.
                    w.paragraphs.push(sub.paragraphs.swap_remove(0));
                    w.facts.push(sub.facts.swap_remove(0));
                    shown.push(p);
                }
                self.filler(&mut w, &ctx, rng, 3);
                title = fill(&ctx, rng.pick(&self.t.roundup.titles));
                written = Written::Partners(shown);
            }
        }
        (title, w.paragraphs, w.facts, written)
    }

    /// The paragraphs of a partner's reaction at its level: the level's own
    /// statement or act first, then lesser statements and a call.
    fn reaction(&self, w: &mut Writer, ctx: &Ctx, rng: &mut Rng, p: &Partner, sp: &Speaker) {
        let r = &self.t.reaction;
        let st = &self.world.states[p.state];
        let actor = st.id.clone();
        let c_attacker = ctx.get("attacker").unwrap_or_default().to_string();
        let attacker_id = self.state_id(&c_attacker);
        let target_id = self.state_id(ctx.get("target").unwrap_or_default());
        let statement =
            |w: &mut Writer, rng: &mut Rng, key: &str, list: &[String], stance: &'static str| {
                let i = rng.below(list.len());
                let tpl = &list[i];
                w.para(ctx, tpl);
                let person = if tpl.contains("{speaker}") {
                    sp.person.clone()
                } else {
                    None
                };
                w.facts.push(Fact::Statement {
                    country: actor.clone(),
                    person,
                    stance,
                    template: format!("reaction.{key}.{i}"),
                });
            };
        let lead_event = |w: &mut Writer,
                          rng: &mut Rng,
                          key: &str,
                          list: &[String],
                          types: Vec<&'static str>,
                          recipient: Option<String>| {
            let i = rng.below(list.len());
            w.para(ctx, &list[i]);
            w.facts.push(Fact::Event {
                actor: actor.clone(),
                recipient,
                types,
                template: format!("reaction.{key}.{i}"),
            });
        };
        match p.level {
            Level::Silence => {}
            Level::Concern => statement(w, rng, "concern", &r.concern, "concern"),
            Level::Condemn => statement(w, rng, "condemn", &r.condemn, "condemn"),
            Level::Demand => {
                statement(w, rng, "demand", &r.demand, "demand");
                if rng.chance(0.5) {
                    statement(w, rng, "condemn", &r.condemn, "condemn");
                }
            }
            Level::UnMeeting => {
                lead_event(w, rng, "un_meeting", &r.un_meeting, vec!["REQUEST"], None);
                statement(w, rng, "condemn", &r.condemn, "condemn");
            }
            Level::Sanction => {
                lead_event(
                    w,
                    rng,
                    "sanction",
                    &r.sanction,
                    vec!["SANCTION"],
                    attacker_id,
                );
                statement(w, rng, "condemn", &r.condemn, "condemn");
            }
            Level::Aid => {
                lead_event(w, rng, "aid", &r.aid, vec!["AID"], target_id.clone());
                statement(w, rng, "support", &r.support, "support");
            }
            Level::Military => {
                lead_event(
                    w,
                    rng,
                    "military",
                    &r.military,
                    vec!["MOBILIZE", "AID"],
                    target_id.clone(),
                );
                statement(w, rng, "condemn", &r.condemn, "condemn");
            }
        }
        if p.calls {
            lead_event(w, rng, "call", &r.call, vec!["CONSULT"], target_id);
        }
    }

    fn state_id(&self, name: &str) -> Option<String> {
        self.world
            .states
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.id.clone())
    }

    /// Between half of `n` and `n` distinct context paragraphs.
    fn filler(&self, w: &mut Writer, ctx: &Ctx, rng: &mut Rng, n: usize) {
        let f = &self.t.filler;
        let first = rng.below(f.len());
        let k = rng.range(n.div_ceil(2), n);
        for j in 0..k {
            w.para(ctx, &f[(first + j * 5) % f.len()]);
        }
    }

    fn silence_line(&self, w: &mut Writer, ctx: &mut Ctx, rng: &mut Rng, s: usize, day: u32) {
        let st = &self.world.states[s];
        ctx.set("silent", st.name.clone());
        let sp = self.speaker(rng, s, self.date(day), false);
        ctx.set("silent_speaker", sp.first);
        let i = rng.below(self.t.silence.lines.len());
        w.para(ctx, &self.t.silence.lines[i]);
        w.facts.push(Fact::Silence {
            actor: st.id.clone(),
            template: format!("silence.{i}"),
        });
    }

    fn write_background(&mut self, day: u32) {
        for _ in 0..8 {
            let mut rng = self.rng.fork(day as u64);
            let (title, paragraphs, copies, capital) = self.compose_background(&mut rng, day);
            if self.seen.insert(text_hash(&paragraphs)) {
                self.publish(
                    &mut rng,
                    day,
                    &title,
                    &paragraphs,
                    &[],
                    None,
                    copies > 1,
                    copies,
                    capital,
                );
                return;
            }
        }
    }

    /// One background story: title, paragraphs, copies, dateline place.
    fn compose_background(
        &self,
        rng: &mut Rng,
        day: u32,
    ) -> (String, Vec<String>, u32, Option<String>) {
        let n = self.world.states.len();
        let kinds = &self.t.background.kind;
        let k = &kinds[rng.below(kinds.len())];
        let date = self.date(day);
        let mut ctx = Ctx::default();
        let actor = rng.below(n);
        let mut other = rng.below(n);
        while other == actor {
            other = rng.below(n);
        }
        self.set_state(&mut ctx, "actor", actor);
        self.set_state(&mut ctx, "other", other);
        let (al, _) = self.leader_phrase(actor, date);
        let (ol, _) = self.leader_phrase(other, date);
        ctx.set("actor_leader", al);
        ctx.set("other_leader", ol);
        let news_day = day.saturating_sub(rng.below(2) as u32);
        let when = self.when(rng, news_day, day);
        ctx.set("when", when);
        ctx.set("topic", rng.pick(&self.t.background.topics).clone());
        ctx.set("number", rng.range(1, 9).to_string());
        let city = if k.two && rng.chance(0.5) {
            other
        } else {
            actor
        };
        let st = &self.world.states[city];
        ctx.set(
            "city",
            st.capital.clone().unwrap_or_else(|| st.name.clone()),
        );
        let mut w = Writer::default();
        w.para(&ctx, rng.pick(&k.leads));
        let mut details: Vec<&String> = k.details.iter().collect();
        rng.shuffle(&mut details);
        if k.two {
            details.push(rng.pick(&self.t.background.details));
        }
        let n_details = rng.range(5, details.len());
        for (i, d) in details.into_iter().take(n_details).enumerate() {
            if i == 1 && k.two && rng.chance(0.7) {
                w.para(&ctx, rng.pick(&self.t.background.quotes));
            }
            w.para(&ctx, d);
        }
        let title = fill(&ctx, rng.pick(&k.titles));
        let copies = if rng.chance(0.2) { 2 } else { 1 };
        let capital = self.world.states[actor].capital.clone();
        (title, w.paragraphs, copies, capital)
    }

    /// Queues `copies` articles of one text: the first under a wire when
    /// `wire` (a dateline credits it), the others under other outlets with
    /// the wire as byline and a closing credit line. Returns their ids.
    #[allow(clippy::too_many_arguments)]
    fn publish(
        &mut self,
        rng: &mut Rng,
        day: u32,
        title: &str,
        paragraphs: &[String],
        facts: &[Fact],
        crisis: Option<usize>,
        wire: bool,
        copies: u32,
        place: Option<String>,
    ) -> Vec<String> {
        let date = self.date(day);
        let wire_outlet = wire.then(|| rng.pick(&self.world.wires).clone());
        let mut body = String::new();
        if let Some(wo) = &wire_outlet {
            let place = place.unwrap_or_else(|| "GENEVA".into()).to_uppercase();
            body.push_str(&format!(
                "{place}, {} {} ({}) — ",
                MONTHS[date.month0() as usize],
                date.day(),
                wo.credit
            ));
        }
        // A dateline opens a sentence, not a quotation.
        let mut paragraphs = paragraphs.to_vec();
        if wire_outlet.is_some() && paragraphs.len() > 1 && paragraphs[0].starts_with('“') {
            paragraphs.swap(0, 1);
        }
        body.push_str(&paragraphs.join("\n\n"));
        let slug = slug(title);
        let mut ids = Vec::new();
        let mut used: Vec<String> = Vec::new();
        let copies = copies.min(self.world.outlets.len() as u32);
        for k in 0..copies {
            if self.emitted + self.pending_articles() >= self.cfg.docs {
                break;
            }
            let seq = self.emitted + self.pending_articles() + 1;
            let id = format!("synth-{seq:07}");
            let (outlet, author, text) = match (&wire_outlet, k) {
                (Some(wo), 0) => (wo.clone(), Some(wo.name.clone()), body.clone()),
                (Some(wo), _) => {
                    // Each copy under another outlet.
                    let mut o = rng.pick(&self.world.outlets);
                    while used.contains(&o.name) {
                        o = rng.pick(&self.world.outlets);
                    }
                    used.push(o.name.clone());
                    let o = o.clone();
                    let mut ctx = Ctx::default();
                    ctx.set("outlet", o.name.clone());
                    let credit = fill(&ctx, rng.pick(&self.t.credits));
                    (o, Some(wo.name.clone()), format!("{body}\n\n{credit}"))
                }
                (None, _) => (rng.pick(&self.world.outlets).clone(), None, body.clone()),
            };
            let hour = rng.range(5, 22);
            let minute = rng.below(60);
            let a = Article {
                id: id.clone(),
                title: title.to_string(),
                url: format!(
                    "https://{}/{:04}/{:02}/{:02}/{slug}-{seq}",
                    outlet.domain,
                    date.year(),
                    date.month(),
                    date.day()
                ),
                published: format!("{date}T{hour:02}:{minute:02}:00Z"),
                source: outlet.name.clone(),
                author,
                text,
                crisis,
                facts: facts.to_vec(),
            };
            self.queue.push_back(Item::Article(Box::new(a)));
            ids.push(id);
        }
        ids
    }

    fn pending_articles(&self) -> u64 {
        self.queue
            .iter()
            .filter(|x| matches!(x, Item::Article(_)))
            .count() as u64
    }
}

enum Written {
    Nothing,
    Partners(Vec<usize>),
    Contradiction(&'static str, String),
}

#[derive(Default)]
struct Writer {
    paragraphs: Vec<String>,
    facts: Vec<Fact>,
}

impl Writer {
    fn para(&mut self, ctx: &Ctx, tpl: impl AsRef<str>) {
        self.paragraphs.push(fill(ctx, tpl));
    }
}

fn fill(ctx: &Ctx, tpl: impl AsRef<str>) -> String {
    ctx.fill(tpl.as_ref())
        .unwrap_or_else(|e| panic!("template: {e}"))
}

fn text_hash(paragraphs: &[String]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    paragraphs.hash(&mut h);
    h.finish()
}

fn lower_first(s: &str) -> String {
    // "The Peruvian navy …" inside a sentence; names keep their capital.
    match s.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => s.to_string(),
    }
}

fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 60 {
            break;
        }
    }
    s.trim_end_matches('-').to_string()
}

impl Iterator for Generator {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(x) = self.queue.pop_front() {
                if matches!(x, Item::Article(_)) {
                    self.emitted += 1;
                }
                return Some(x);
            }
            if self.done {
                return None;
            }
            if !self.advance() {
                // Crises still under way when the span ends.
                for c in std::mem::take(&mut self.active) {
                    self.queue.push_back(Item::Truth(Box::new(self.truth(c))));
                }
                self.done = true;
            }
        }
    }
}
