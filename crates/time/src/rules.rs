//! The grammar of time expressions: at a token, the longest expression that
//! starts there, with its TIMEX3 type and value resolved against the
//! reference date.

use crate::lexicon::{
    Unit, Word, ANAPHORIC, APPROX, COUNT_NOUN, DUR_CUE, EDGE, FISCAL, FUTURE, MODIFIER, PREP, SKIP,
    VAGUE, YEAR_BLOCK,
};
use crate::scan::{Kind, Tok};
use chrono::{Datelike, Duration, NaiveDate};
use demarche_core::TimeType;

/// A recognized expression: tokens `[start, end)`, type and value.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub end: usize,
    pub ttype: TimeType,
    pub value: String,
    /// Written as an absolute date (a later "at the time" refers to it).
    pub absolute: bool,
}

impl Cand {
    fn new(end: usize, ttype: TimeType, value: String) -> Cand {
        Cand {
            end,
            ttype,
            value,
            absolute: false,
        }
    }

    fn date(end: usize, value: String) -> Cand {
        Cand::new(end, TimeType::Date, value)
    }

    fn abs(end: usize, value: String) -> Cand {
        Cand {
            end,
            ttype: TimeType::Date,
            value,
            absolute: true,
        }
    }
}

/// A date as written, before its year is inferred.
#[derive(Clone, Copy, Debug)]
enum DateVal {
    Day(Option<i32>, u32, u32),
    Range(Option<i32>, u32, u32, u32),
    Month(Option<i32>, u32),
    Year(i32),
}

/// What the rules read: the text, its tokens and the reference dates.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    /// The document's anchor.
    pub anchor: Option<NaiveDate>,
    /// Value of the latest absolute date written before the current token.
    pub last_abs: Option<String>,
    /// A full date written earlier on the current line, used as the reference
    /// of deictic words when the line is a photo caption.
    pub line_date: Option<NaiveDate>,
    pub caption_line: bool,
    /// A date with its year written earlier in the current sentence: the
    /// year of a later "in March" is taken near it, as the story moves in time.
    pub sentence_date: Option<NaiveDate>,
    /// End token and value of the expression found last.
    pub prev: Option<(usize, String)>,
    /// The year of the latest date or time found, written or resolved.
    pub last_year: Option<i32>,
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

pub(crate) fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let idx = y * 12 + (m as i32 - 1) + n;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
}

fn season_start(code: &str) -> u32 {
    match code {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    }
}

impl<'a> Ctx<'a> {
    #[inline]
    fn tok(&self, i: usize) -> Option<&'a Tok> {
        self.toks.get(i).filter(|t| !t.masked)
    }

    #[inline]
    fn word(&self, i: usize) -> Option<&'static Word> {
        self.tok(i).and_then(|t| t.word)
    }

    #[inline]
    fn str(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .map_or("", |t| &self.text[t.s as usize..t.e as usize])
    }

    #[inline]
    fn is(&self, i: usize, s: &str) -> bool {
        self.tok(i).is_some() && self.str(i).eq_ignore_ascii_case(s)
    }

    /// Token `i` exists and touches the previous token.
    #[inline]
    fn adj(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.space_before)
    }

    #[inline]
    fn flag(&self, i: usize, f: u16) -> bool {
        self.word(i).is_some_and(|w| w.has(f))
    }

    fn is_dash(&self, i: usize) -> bool {
        matches!(self.str(i), "-" | "–" | "—") && self.tok(i).is_some()
    }

    /// The reference date for deictic words at the current place.
    fn refd(&self) -> Option<NaiveDate> {
        if self.caption_line {
            self.line_date.or(self.anchor)
        } else {
            self.anchor
        }
    }

    /// Whether the sentence around token `i` looks forward in time.
    fn future_at(&self, i: usize) -> bool {
        let mut j = i;
        let mut n = 0;
        while j > 0 && n < 15 {
            let t = &self.toks[j];
            if t.newline_before || matches!(self.str(j - 1), "." | "!" | "?") {
                break;
            }
            j -= 1;
            n += 1;
            if self.flag(j, FUTURE) {
                return true;
            }
        }
        for k in i + 1..(i + 10).min(self.toks.len()) {
            if self.toks[k].newline_before || matches!(self.str(k), "." | "!" | "?") {
                break;
            }
            if self.flag(k, FUTURE) {
                return true;
            }
        }
        false
    }

    // ---- pieces -------------------------------------------------------

    /// A capitalized month name (with an optional period after an abbreviation).
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        let m = t.word?.month;
        if m == 0 || !t.cap {
            return None;
        }
        let full = self.str(i).len() > 4 || matches!(m, 5..=7);
        if !full && self.is(i + 1, ".") && self.adj(i + 1) {
            return Some((m, i + 2));
        }
        Some((m, i + 1))
    }

    /// A day of the month, 1–31, with an optional ordinal suffix.
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.digits > 2 || t.num == 0 || t.num > 31 {
            return None;
        }
        let mut j = i + 1;
        if self.adj(j) && matches!(self.str(j), "st" | "nd" | "rd" | "th") {
            j += 1;
        }
        if self.adj(j)
            && matches!(self.str(j), ":" | "." | "," | "/")
            && self.adj(j + 1)
            && self.tok(j + 1).is_some_and(|t| t.kind == Kind::Num)
        {
            return None;
        }
        Some((t.num, j))
    }

    /// A four-digit year 1000–2100 that is not part of a longer number or
    /// code. `strict` adds the checks for a year standing alone.
    fn year(&self, i: usize, strict: bool) -> Option<(i32, usize)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.digits != 4 || !(1000..=2100).contains(&t.num) {
            return None;
        }
        if let Some(n) = self.tok(i + 1).filter(|n| !n.space_before) {
            match n.kind {
                Kind::Word | Kind::Num => return None,
                Kind::Punct => {
                    let s = self.str(i + 1);
                    if matches!(s, "," | "." | ":" | "/")
                        && self.adj(i + 2)
                        && self.tok(i + 2).is_some_and(|t| t.kind == Kind::Num)
                    {
                        return None;
                    }
                    if s == "%" {
                        return None;
                    }
                }
            }
        }
        if strict {
            if i > 0 {
                let p = &self.toks[i - 1];
                if p.masked {
                    return None;
                }
                if !t.space_before {
                    let range = self.is_dash(i - 1)
                        && i >= 2
                        && self.toks[i - 2].digits == 4
                        && !self.toks[i - 1].space_before;
                    if !range {
                        return None;
                    }
                }
                if self.flag(i - 1, YEAR_BLOCK) {
                    return None;
                }
            }
            if self.flag(i + 1, COUNT_NOUN) {
                return None;
            }
        }
        Some((t.num as i32, i + 1))
    }

    /// A written date: month-day(-day)(-year), day-month(-year), month-year,
    /// ISO and US numeric dates, or a strict year.
    fn abs_date(&self, i: usize) -> Option<(DateVal, usize)> {
        if let Some((m, j)) = self.month(i) {
            if let Some((d, mut k)) = self.day(j) {
                let mut d2 = None;
                if self.is_dash(k) && self.adj(k) {
                    if let Some((e, k2)) = self.day(k + 1).filter(|(e, _)| *e > d) {
                        if self.adj(k + 1) {
                            d2 = Some(e);
                            k = k2;
                        }
                    }
                }
                let ky = if self.is(k, ",") { k + 1 } else { k };
                let year = self.year(ky, false);
                let (y, end) = match year {
                    Some((y, e)) => (Some(y), e),
                    None => (None, k),
                };
                return Some(match d2 {
                    Some(e) => (DateVal::Range(y, m, d, e), end),
                    None => (DateVal::Day(y, m, d), end),
                });
            }
            let ky = if self.is(j, ",") || self.is(j, "of") {
                j + 1
            } else {
                j
            };
            if let Some((y, end)) = self.year(ky, false) {
                return Some((DateVal::Month(Some(y), m), end));
            }
            return Some((DateVal::Month(None, m), j));
        }
        let t = self.tok(i)?;
        if t.kind != Kind::Num {
            return None;
        }
        // 2026-01-07
        if t.digits == 4
            && self.is_dash(i + 1)
            && self.adj(i + 1)
            && self.adj(i + 2)
            && self.is_dash(i + 3)
            && self.adj(i + 3)
            && self.adj(i + 4)
        {
            let (m, d) = (self.tok(i + 2)?, self.tok(i + 4)?);
            if m.digits == 2 && d.digits == 2 {
                NaiveDate::from_ymd_opt(t.num as i32, m.num, d.num)?;
                return Some((DateVal::Day(Some(t.num as i32), m.num, d.num), i + 5));
            }
        }
        // 01/07/2026 (US order)
        if t.digits <= 2 && self.is(i + 1, "/") && self.adj(i + 1) && self.adj(i + 2) {
            let d = self.tok(i + 2)?;
            if d.digits <= 2 && self.is(i + 3, "/") && self.adj(i + 3) && self.adj(i + 4) {
                let y = self.tok(i + 4)?;
                if y.digits == 4 && NaiveDate::from_ymd_opt(y.num as i32, t.num, d.num).is_some() {
                    return Some((DateVal::Day(Some(y.num as i32), t.num, d.num), i + 5));
                }
            }
            return None;
        }
        // 7 January 2026, 7th of January
        if let Some((d, j)) = self.day(i) {
            let j = if self.is(j, "of") { j + 1 } else { j };
            if let Some((m, k)) = self.month(j) {
                let ky = if self.is(k, ",") { k + 1 } else { k };
                return Some(match self.year(ky, false) {
                    Some((y, e)) => (DateVal::Day(Some(y), m, d), e),
                    None => (DateVal::Day(None, m, d), k),
                });
            }
        }
        let (y, e) = self.year(i, true)?;
        Some((DateVal::Year(y), e))
    }

    /// The year to give a date written without one: the candidate closest to
    /// the reference date, counting distance into the future (or, in a
    /// forward-looking sentence, into the past) double.
    fn infer_year(&self, m: u32, d: Option<u32>, future: bool) -> Option<i32> {
        let r = self.sentence_date.or_else(|| self.refd())?;
        let mut best: Option<(i64, i32)> = None;
        for y in [r.year() - 1, r.year(), r.year() + 1] {
            let diff = match d {
                Some(d) => {
                    let date = NaiveDate::from_ymd_opt(y, m, d)?;
                    (date - r).num_days()
                }
                None => i64::from((y - r.year()) * 12 + m as i32 - r.month() as i32) * 30,
            };
            let cost = match (diff > 0, future) {
                (true, false) | (false, true) => diff.abs() * 2,
                _ => diff.abs(),
            };
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, y));
            }
        }
        best.map(|(_, y)| y)
    }

    /// Quarter or half `n` of a year not written ("the third quarter",
    /// "Q3"): the year whose part lies nearest the reference date, by tense.
    fn part_of_year(&self, code: char, n: u32, i: usize) -> String {
        let months = if code == 'H' { 6 } else { 3 };
        let middle = (n - 1) * months + months / 2 + 1;
        match self.infer_year(middle, None, self.future_at(i)) {
            Some(y) => format!("{y:04}-{code}{n}"),
            None => format!("XXXX-{code}{n}"),
        }
    }

    fn date_value(&self, v: DateVal, i: usize) -> Option<String> {
        let fut = || self.future_at(i);
        Some(match v {
            DateVal::Day(y, m, d) => {
                let y = y.or_else(|| self.infer_year(m, Some(d), fut()));
                match y {
                    Some(y) => ymd(NaiveDate::from_ymd_opt(y, m, d)?),
                    None => format!("XXXX-{m:02}-{d:02}"),
                }
            }
            DateVal::Range(y, m, d, e) => {
                let y = y.or_else(|| self.infer_year(m, Some(d), fut()));
                match y {
                    Some(y) => format!(
                        "{}/{}",
                        ymd(NaiveDate::from_ymd_opt(y, m, d)?),
                        ymd(NaiveDate::from_ymd_opt(y, m, e)?)
                    ),
                    None => format!("XXXX-{m:02}-{d:02}/XXXX-{m:02}-{e:02}"),
                }
            }
            DateVal::Month(y, m) => match y.or_else(|| self.infer_year(m, None, fut())) {
                Some(y) => format!("{y:04}-{m:02}"),
                None => format!("XXXX-{m:02}"),
            },
            DateVal::Year(y) => format!("{y:04}"),
        })
    }

    /// The date of weekday `wd` (ISO number) near the reference date.
    fn weekday_value(&self, wd: u32, dir: Option<i32>, i: usize) -> String {
        let Some(r) = self.refd() else {
            return format!("XXXX-WXX-{wd}");
        };
        let cur = r.weekday().number_from_monday() as i64;
        let back = (cur - wd as i64).rem_euclid(7);
        let fwd = (wd as i64 - cur).rem_euclid(7);
        let d = match dir {
            Some(-1) => r - Duration::days(if back == 0 { 7 } else { back }),
            Some(1) => r + Duration::days(if fwd == 0 { 7 } else { fwd }),
            Some(_) => r + Duration::days(wd as i64 - cur),
            None if self.future_at(i) => r + Duration::days(fwd),
            None => r - Duration::days(back),
        };
        ymd(d)
    }

    /// A count before a unit: digits, number words ("twenty-five"), "a"/"an",
    /// or a vague word ("several", "a few"). Returns (count, next, numeric).
    fn count(&self, i: usize) -> Option<(Option<u32>, usize, bool)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Num {
            if t.digits > 4 || (i > 0 && !t.space_before && self.toks[i - 1].kind != Kind::Punct) {
                return None;
            }
            if self.adj(i + 1) && matches!(self.str(i + 1), "," | "." | ":") && self.adj(i + 2) {
                return None;
            }
            if i >= 2 && !t.space_before && matches!(self.str(i - 1), "." | ",") {
                return None;
            }
            return Some((Some(t.num), i + 1, true));
        }
        let w = t.word?;
        if w.number > 0 {
            let mut n = w.number;
            let mut j = i + 1;
            if self.is_dash(j) && self.adj(j) && self.adj(j + 1) {
                if let Some(u) = self
                    .word(j + 1)
                    .map(|w| w.number)
                    .filter(|u| *u > 0 && *u < 10)
                {
                    n += u;
                    j += 2;
                }
            }
            return Some((Some(n), j, false));
        }
        if self.is(i, "a") || self.is(i, "an") {
            if self.flag(i + 1, VAGUE) {
                return Some((None, i + 2, false));
            }
            return Some((Some(1), i + 1, false));
        }
        if w.has(VAGUE) {
            return Some((None, i + 1, false));
        }
        None
    }

    // ---- rules --------------------------------------------------------

    /// The best expression starting at token `i`.
    pub(crate) fn best_at(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        if t.kind == Kind::Punct && self.str(i) != "'" {
            return None;
        }
        if t.kind == Kind::Word && t.word.is_none() {
            return None;
        }
        let cands = [
            self.phrase(i),
            self.written_date(i),
            self.relative(i),
            self.ago(i),
            self.duration(i),
            self.bare_units(i),
            self.clock(i),
            self.weekday(i),
            self.decade_century(i),
            self.ordinal_unit(i),
            self.modified(i),
            self.at_the_time(i),
            self.set(i),
            self.season(i),
            self.next_day(i),
            self.part_of_date(i),
            self.period_code(i),
            self.fiscal(i),
            self.same_unit(i),
            self.weekend(i),
            self.day_before(i),
        ];
        cands
            .into_iter()
            .flatten()
            .max_by_key(|c| (c.end, c.absolute))
    }

    fn phrase(&self, i: usize) -> Option<Cand> {
        let w = self.word(i)?;
        'p: for p in &w.phrases {
            for (k, pw) in p.rest.iter().enumerate() {
                if !self.is(i + 1 + k, pw) {
                    continue 'p;
                }
            }
            let end = i + 1 + p.rest.len();
            // "at the moment when …", "(most) recently as/in …" point at another time.
            if p.value.ends_with("_REF") && (self.is(end, "when") || self.is(end, "of")) {
                continue;
            }
            if self.is(i, "recently") && (self.is(end, "as") || i > 0 && self.is(i - 1, "most")) {
                continue;
            }
            let value = match p.value.strip_prefix('@') {
                None => p.value.to_string(),
                Some(rest) => self.deictic(rest)?,
            };
            return Some(Cand::new(end, p.ttype, value));
        }
        None
    }

    /// Resolves "D", "D-1", "D+1", optionally followed by a "T…" time part.
    fn deictic(&self, spec: &str) -> Option<String> {
        let rest = spec.strip_prefix('D')?;
        let (shift, time) = match rest.find('T') {
            Some(p) => (&rest[..p], &rest[p..]),
            None => (rest, ""),
        };
        let days: i64 = match shift {
            "" => 0,
            s => s.parse().ok()?,
        };
        Some(match self.refd() {
            Some(r) => format!("{}{time}", ymd(r + Duration::days(days))),
            None if days == 0 && time.is_empty() => "PRESENT_REF".to_string(),
            None => format!("XXXX-XX-XX{time}"),
        })
    }

    fn written_date(&self, i: usize) -> Option<Cand> {
        let (v, end) = self.abs_date(i)?;
        // "Jan. 6 at 6:30 a.m.": one time expression.
        if let (DateVal::Day(..), true) = (v, self.is(end, "at")) {
            if let Some(c) = self.clock(end + 1).filter(|c| c.ttype == TimeType::Time) {
                let date = self.date_value(v, i)?;
                let time = &c.value[c.value.find('T')?..];
                return Some(Cand {
                    end: c.end,
                    ttype: TimeType::Time,
                    value: format!("{date}{time}"),
                    absolute: true,
                });
            }
        }
        if let DateVal::Month(None, _) = v {
            // A bare month name needs a preposition or modifier before it.
            let prep = i > 0 && self.flag(i - 1, PREP);
            let may = self.str(i).eq_ignore_ascii_case("may");
            let weak_prep = ["to", "and", "or", "of", "that"]
                .iter()
                .any(|w| self.is(i.wrapping_sub(1), w));
            if !prep || (may && weak_prep) {
                return None;
            }
        }
        let value = self.date_value(v, i)?;
        Some(Cand::abs(end, value))
    }

    /// "last year", "this week", "next May", "last summer", "the past year",
    /// "the next few months", "the first quarter".
    fn relative(&self, i: usize) -> Option<Cand> {
        let the = self.is(i, "the");
        let j = if the { i + 1 } else { i };
        let dir = self.word(j)?.rel?;
        let mut k = j + 1;
        while self.flag(k, SKIP) {
            k += 1;
        }
        let r = self.refd();
        // the past two years / the next few months / last three weeks
        if dir != 0 {
            if let Some((n, k2, _)) = self.count(k) {
                if !(self.is(k, "a") || self.is(k, "an")) {
                    let u = self.word(k2).and_then(|w| w.unit)?;
                    return Some(Cand::new(
                        k2 + 1,
                        TimeType::Duration,
                        duration_value(&[(n, u)]),
                    ));
                }
            }
        }
        let w = self.word(k)?;
        if let Some(u) = w.unit {
            let anaphoric = self.flag(j, ANAPHORIC) || (self.is(j, "next") && u == Unit::Day);
            if the && anaphoric && matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Year) {
                return Some(Cand::date(k + 1, self.shift_last(u, dir)));
            }
            if the && dir != 0 {
                // "the past year" is one year; "the coming days" an unknown number.
                let plural = self.str(k).ends_with('s') && !self.str(k).ends_with("ss");
                let n = if plural { None } else { Some(1) };
                return Some(Cand::new(
                    k + 1,
                    TimeType::Duration,
                    duration_value(&[(n, u)]),
                ));
            }
            if the {
                return None;
            }
            let value = match r {
                None => match u {
                    Unit::Year => "XXXX".to_string(),
                    Unit::Month => "XXXX-XX".to_string(),
                    Unit::Week => "XXXX-WXX".to_string(),
                    _ => return None,
                },
                Some(r) => match u {
                    Unit::Year => format!("{:04}", r.year() + dir),
                    Unit::Month => {
                        let (y, m) = add_months(r.year(), r.month(), dir);
                        format!("{y:04}-{m:02}")
                    }
                    Unit::Week => week(r + Duration::days(7 * i64::from(dir))),
                    Unit::Decade => format!("{}", r.year() / 10 + dir),
                    Unit::Century => format!("{:02}", r.year() / 100 + dir),
                    Unit::Quarter => {
                        let (y, m) = add_months(r.year(), r.month(), 3 * dir);
                        format!("{y:04}-Q{}", (m - 1) / 3 + 1)
                    }
                    _ => return None,
                },
            };
            return Some(Cand::date(k + 1, value));
        }
        if the {
            // "the following Monday": a week from the last written day.
            let wd = w.weekday;
            let last = self
                .last_abs
                .as_deref()
                .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok());
            return match (wd, last) {
                (1..=7, Some(base)) if self.flag(j, ANAPHORIC) && dir != 0 => {
                    let cur = i64::from(base.weekday().number_from_monday());
                    let step = if dir > 0 {
                        let f = (i64::from(wd) - cur).rem_euclid(7);
                        if f == 0 {
                            7
                        } else {
                            f
                        }
                    } else {
                        let b = (cur - i64::from(wd)).rem_euclid(7);
                        -(if b == 0 { 7 } else { b })
                    };
                    Some(Cand::date(k + 1, ymd(base + Duration::days(step))))
                }
                _ => None,
            };
        }
        if let Some((m, end)) = self.month(k) {
            let value = match r {
                None => format!("XXXX-{m:02}"),
                Some(r) => {
                    let y = match dir {
                        -1 if m >= r.month() => r.year() - 1,
                        1 if m <= r.month() => r.year() + 1,
                        _ => r.year(),
                    };
                    format!("{y:04}-{m:02}")
                }
            };
            return Some(Cand::date(end, value));
        }
        if w.weekday > 0 {
            return Some(Cand::date(
                k + 1,
                self.weekday_value(w.weekday, Some(dir), i),
            ));
        }
        if let Some(s) = &w.season {
            let value = match r {
                None => format!("XXXX-{s}"),
                Some(r) => {
                    let start = season_start(s) as i32;
                    let now = r.month() as i32;
                    let y = match dir {
                        -1 if start + 2 < now => r.year(),
                        -1 => r.year() - 1,
                        1 if start > now => r.year(),
                        1 => r.year() + 1,
                        _ => r.year(),
                    };
                    format!("{y:04}-{s}")
                }
            };
            return Some(Cand::date(k + 1, value));
        }
        if self.is(k, "weekend") {
            return Some(Cand::date(k + 1, self.weekend_value(dir, i)));
        }
        None
    }

    /// The latest written date (or the reference date) moved by `dir` units,
    /// at that unit's granularity: "the following year", "the previous day".
    fn shift_last(&self, u: Unit, dir: i32) -> String {
        let last = self.last_abs.as_deref().unwrap_or("");
        let num = |r: std::ops::Range<usize>| last.get(r).and_then(|x| x.parse::<u32>().ok());
        let base = match (num(0..4), num(5..7), num(8..10)) {
            (Some(y), m, d) => Some((y as i32, m, d)),
            _ => self
                .refd()
                .map(|r| (r.year(), Some(r.month()), Some(r.day()))),
        };
        let unknown = match u {
            Unit::Year => "XXXX",
            Unit::Month => "XXXX-XX",
            Unit::Week => "XXXX-WXX",
            _ => "XXXX-XX-XX",
        };
        let Some((y, m, d)) = base else {
            return unknown.to_string();
        };
        match (u, m, d) {
            (Unit::Year, _, _) => format!("{:04}", y + dir),
            (Unit::Month, Some(m), _) => {
                let (y, m) = add_months(y, m, dir);
                format!("{y:04}-{m:02}")
            }
            (Unit::Week, Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d)
                .map_or(unknown.to_string(), |x| {
                    week(x + Duration::days(7 * i64::from(dir)))
                }),
            (Unit::Day, Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d)
                .map_or(unknown.to_string(), |x| {
                    ymd(x + Duration::days(i64::from(dir)))
                }),
            _ => unknown.to_string(),
        }
    }

    /// "four years ago", "nearly two months ago", "a week ago".
    fn ago(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        while self.flag(j, APPROX) && !self.is(j, "some") {
            j += 1;
        }
        let (n, k, _) = self.count(j)?;
        let u = self.word(k)?.unit?;
        if !self.is(k + 1, "ago") {
            return None;
        }
        let end = k + 2;
        let value = match (n, self.refd()) {
            (Some(n), Some(r)) => {
                let n = n as i32;
                match u {
                    Unit::Year => format!("{:04}", r.year() - n),
                    Unit::Decade => format!("{:04}", r.year() - 10 * n),
                    Unit::Month => {
                        let (y, m) = add_months(r.year(), r.month(), -n);
                        format!("{y:04}-{m:02}")
                    }
                    Unit::Week => week(r - Duration::days(7 * i64::from(n))),
                    Unit::Day => ymd(r - Duration::days(i64::from(n))),
                    _ => "PAST_REF".to_string(),
                }
            }
            _ => "PAST_REF".to_string(),
        };
        Some(Cand::date(end, value))
    }

    /// "two weeks", "a decade", "90 days", "four-week", "a mere 24 hours",
    /// "2 hours and 20 minutes", "several days"; the first number of
    /// "12 to 18 months".
    fn duration(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        if self.is(j, "the") && self.tok(j + 1).is_some_and(|t| t.kind == Kind::Num) {
            j += 1;
        }
        let a_mere = (self.is(j, "a") || self.is(j, "an")) && self.flag(j + 1, APPROX);
        if a_mere {
            j += 1;
        }
        while self.flag(j, APPROX) && !self.is(j, "some") {
            j += 1;
        }
        if i > 0 && (self.is(i - 1, "ages") || self.is(i - 1, "aged") || self.is(i - 1, "age")) {
            return None;
        }
        // "a sub-five-minute mile": part of a compound word.
        if i >= 2
            && self.is_dash(i - 1)
            && self.adj(i)
            && self.adj(i - 1)
            && self.toks[i - 2].kind == Kind::Word
        {
            return None;
        }
        let (n, k, numeric) = self.count(j)?;
        // "12 to 18 months": the first number takes the unit of the second.
        if numeric && (self.is(k, "to") || self.is(k, "and") || self.is(k, "or") || self.is_dash(k))
        {
            if let Some((_, k2, true)) = self.count(k + 1) {
                if let Some(u) = self
                    .word(k2)
                    .and_then(|w| w.unit)
                    .filter(|u| *u != Unit::Quarter)
                {
                    return Some(Cand::new(k, TimeType::Duration, duration_value(&[(n, u)])));
                }
            }
        }
        let hyphen = self.is_dash(k) && self.adj(k) && self.adj(k + 1);
        let ku = if hyphen { k + 1 } else { k };
        let (u, mut end) = self.unit_for(ku, n, numeric)?;
        if self.is(end, "old") || (self.is_dash(end) && self.is(end + 1, "old")) {
            return None;
        }
        if self.is(end, "ago") {
            return None;
        }
        let mut parts = vec![(n, u)];
        // "2 hours and 20 minutes", "one year and six months"
        while self.is(end, "and") || self.is(end, ",") {
            let Some((n2, k2, _)) = self.count(end + 1) else {
                break;
            };
            let Some((u2, e2)) = self.unit_for(k2, n2, true) else {
                break;
            };
            if n2.is_none() || parts.iter().any(|(_, p)| unit_rank(*p) <= unit_rank(u2)) {
                break;
            }
            parts.push((n2, u2));
            end = e2;
        }
        // "Two days later", "a year earlier": counted from the date the story moved to.
        if let ([(Some(n), u)], true) = (parts.as_slice(), !hyphen) {
            let sign = if self.is(end + 1, "than") {
                0
            } else if self.is(end, "later") {
                1
            } else if self.is(end, "earlier") {
                -1
            } else {
                0
            };
            if sign != 0 {
                if let Some(v) = self.story_shift(*u, *n as i64 * sign) {
                    return Some(Cand::date(end + 1, v));
                }
            }
        }
        Some(Cand::new(end, TimeType::Duration, duration_value(&parts)))
    }

    /// The latest written date, if the story moved away from the reference
    /// date, moved by `n` units at the granularity of the unit.
    fn story_shift(&self, u: Unit, n: i64) -> Option<String> {
        let last = self.last_abs.as_deref()?;
        if self.refd().is_some_and(|r| ymd(r) == last) {
            return None;
        }
        let y: i32 = last.get(..4)?.parse().ok()?;
        let m: Option<u32> = last.get(5..7).and_then(|x| x.parse().ok());
        let day = (last.len() == 10).then(|| parse_day(last)).flatten();
        let n32 = i32::try_from(n).ok()?;
        Some(match u {
            Unit::Day => ymd(day?.checked_add_signed(Duration::try_days(n)?)?),
            Unit::Week => ymd(day?.checked_add_signed(Duration::try_days(7 * n)?)?),
            Unit::Month => {
                let (y, m) = add_months(y, m?, n32);
                format!("{y:04}-{m:02}")
            }
            Unit::Year => format!("{:04}", y.checked_add(n32)?),
            Unit::Decade => format!("{:04}", y.checked_add(n32.checked_mul(10)?)?),
            _ => return None,
        })
    }

    /// A unit word at `k` usable after count `n`.
    fn unit_for(&self, k: usize, n: Option<u32>, numeric: bool) -> Option<(Unit, usize)> {
        let u = self.word(k)?.unit?;
        let s = self.str(k);
        if u == Unit::Quarter {
            return None;
        }
        if !numeric
            && ["second", "min", "sec", "hr"]
                .iter()
                .any(|w| s.eq_ignore_ascii_case(w))
        {
            return None;
        }
        if n == Some(1) && s.ends_with('s') && !matches!(u, Unit::Century) && s.len() > 3 {
            // "a days" is not English; "one minutes" neither.
            return None;
        }
        let mut end = k + 1;
        if self.adj(end) && self.is(end, ".") && s.len() <= 3 {
            end += 1;
        }
        Some((u, end))
    }

    /// A bare plural unit read as a vague duration: "for years", "spent
    /// decades", "days before".
    fn bare_units(&self, i: usize) -> Option<Cand> {
        let w = self.word(i)?;
        let u = w.unit?;
        let s = self.str(i);
        if !s.ends_with('s') || s.len() < 4 || u == Unit::Quarter || u.is_clock() && s.len() < 5 {
            return None;
        }
        let cue_before = i > 0 && self.flag(i - 1, DUR_CUE);
        let cue_after =
            self.is(i + 1, "before") || self.is(i + 1, "after") || self.is(i + 1, "earlier");
        if !(cue_before || cue_after) {
            return None;
        }
        Some(Cand::new(
            i + 1,
            TimeType::Duration,
            duration_value(&[(None, u)]),
        ))
    }

    /// "3 p.m.", "15:00 GMT", "8 PM", "15:00 GMT Saturday"; "3:07:35" is a duration.
    fn clock(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.digits > 2 || t.num > 24 {
            return None;
        }
        let mut h = t.num;
        let mut min = None;
        let mut j = i + 1;
        if self.is(j, ":") && self.adj(j) && self.adj(j + 1) {
            let m = self.tok(j + 1)?;
            if m.kind != Kind::Num || m.digits != 2 || m.num > 59 {
                return None;
            }
            min = Some(m.num);
            j += 2;
            if self.is(j, ":") && self.adj(j) && self.adj(j + 1) {
                let s = self.tok(j + 1)?;
                if s.kind != Kind::Num || s.digits != 2 || s.num > 59 {
                    return None;
                }
                let mut v = format!("PT{h}H");
                if m.num > 0 {
                    v.push_str(&format!("{}M", m.num));
                }
                if s.num > 0 {
                    v.push_str(&format!("{}S", s.num));
                }
                return Some(Cand::new(j + 2, TimeType::Duration, v));
            }
        }
        // a.m. / p.m. / am / pm
        let mut meridiem = None;
        if (self.is(j, "a") || self.is(j, "p")) && self.is(j + 1, ".") && self.is(j + 2, "m") {
            meridiem = Some(self.is(j, "p"));
            j += 3;
            if self.is(j, ".") && self.adj(j) {
                j += 1;
            }
        } else if self.is(j, "am") || self.is(j, "pm") {
            meridiem = Some(self.is(j, "pm"));
            j += 1;
        }
        match meridiem {
            Some(pm) => {
                if h == 0 || h > 12 {
                    return None;
                }
                if pm && h < 12 {
                    h += 12;
                } else if !pm && h == 12 {
                    h = 0;
                }
            }
            None if min.is_none() => return None,
            None => {}
        }
        // time zone
        if self.tok(j).is_some_and(|t| {
            t.kind == Kind::Word
                && self.str(j).len() <= 4
                && self.str(j).bytes().all(|b| b.is_ascii_uppercase())
        }) {
            j += 1;
        } else if self.is(j, "local") && self.is(j + 1, "time") {
            j += 2;
        }
        let mut date = None;
        let k = if self.is(j, "on") || self.is(j, ",") {
            j + 1
        } else {
            j
        };
        if let Some(wd) = self.word(k).map(|w| w.weekday).filter(|w| *w > 0) {
            if self.tok(k).is_some_and(|t| t.cap) {
                date = Some(self.weekday_value(wd, None, i));
                j = k + 1;
            }
        } else if let Some((v @ DateVal::Day(..), end)) = self.abs_date(k) {
            if let Some(d) = self.date_value(v, k) {
                date = Some(d);
                j = end;
            }
        }
        let date = date.unwrap_or_else(|| match self.refd() {
            Some(r) => ymd(r),
            None => "XXXX-XX-XX".to_string(),
        });
        let value = match min {
            Some(m) => format!("{date}T{h:02}:{m:02}"),
            None => format!("{date}T{h:02}"),
        };
        Some(Cand::new(j, TimeType::Time, value))
    }

    /// "Wednesday", "Wednesday, May 7, 2025", "Friday afternoon", "Sunday night".
    fn weekday(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        let wd = t.word?.weekday;
        if wd == 0 || !t.cap {
            return None;
        }
        let j = if self.is(i + 1, ",") { i + 2 } else { i + 1 };
        if let Some((v @ DateVal::Day(..), end)) = self.abs_date(j) {
            let value = self.date_value(v, i)?;
            return Some(Cand::abs(end, value));
        }
        let date = self.weekday_value(wd, None, i);
        let at = if self.is(i + 1, "at") { i + 2 } else { i + 1 };
        if let Some(c) = self.clock(at).filter(|c| c.ttype == TimeType::Time) {
            if let Some(p) = c.value.find('T') {
                let value = format!("{date}{}", &c.value[p..]);
                return Some(Cand::new(c.end, TimeType::Time, value));
            }
        }
        if let Some(part) = self.word(i + 1).and_then(|w| w.day_part.as_ref()) {
            return Some(Cand::new(i + 2, TimeType::Time, format!("{date}T{part}")));
        }
        Some(Cand::date(i + 1, date))
    }

    /// "the 1990s", "the early 2000s", "the '90s", "the 20th century".
    fn decade_century(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        if self.is(j, "the") {
            j += 1;
        }
        let t = self.tok(j)?;
        if t.kind == Kind::Num && t.digits == 4 && t.num % 10 == 0 && (1000..=2100).contains(&t.num)
        {
            if self.adj(j + 1) && self.str(j + 1) == "s" {
                return Some(Cand::abs(j + 2, format!("{}", t.num / 10)));
            }
            return None;
        }
        if t.kind == Kind::Num
            && t.digits == 2
            && t.num % 10 == 0
            && j > i
            && self.adj(j + 1)
            && self.str(j + 1) == "s"
        {
            let c = if t.num >= 30 { 19 } else { 20 };
            return Some(Cand::abs(j + 2, format!("{c}{}", t.num / 10)));
        }
        if self.str(j) == "'" {
            let n = self.tok(j + 1)?;
            if n.kind == Kind::Num && n.digits == 2 && self.adj(j + 1) {
                if self.adj(j + 2) && self.str(j + 2) == "s" && n.num % 10 == 0 {
                    let c = if n.num >= 30 { 19 } else { 20 };
                    return Some(Cand::abs(j + 3, format!("{c}{}", n.num / 10)));
                }
                // '58 after a year range "1957-"
                let c = if n.num >= 30 { 19 } else { 20 };
                if j >= 2 && self.is_dash(j - 1) && self.toks[j - 2].digits == 4 {
                    return Some(Cand::abs(j + 2, format!("{c}{:02}", n.num)));
                }
            }
            return None;
        }
        // "1957-58": the second year
        if t.kind == Kind::Num
            && t.digits == 2
            && j >= 2
            && self.adj(j)
            && self.is_dash(j - 1)
            && self.toks[j - 2].digits == 4
            && !self
                .tok(j + 1)
                .is_some_and(|n| !n.space_before && n.kind != Kind::Punct)
        {
            let y0 = self.toks[j - 2].num;
            return Some(Cand::abs(j + 1, format!("{}{:02}", y0 / 100, t.num)));
        }
        let (n, k) = self.ordinal(j)?;
        if self.word(k).and_then(|w| w.unit) == Some(Unit::Century) && self.str(k).len() == 7 {
            return Some(Cand::abs(k + 1, format!("{:02}", n.saturating_sub(1))));
        }
        None
    }

    /// An ordinal: "fourth", "20th".
    fn ordinal(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Num && t.digits <= 3 && self.adj(i + 1) {
            if matches!(
                self.str(i + 1),
                "st" | "nd" | "rd" | "th" | "ST" | "ND" | "RD" | "TH"
            ) {
                return Some((t.num, i + 2));
            }
            return None;
        }
        let n = t.word?.ordinal;
        (n > 0).then_some((n, i + 1))
    }

    /// "its fourth year", "the 99th day", "the first quarter (of 2013)",
    /// "the second half of 2025".
    fn ordinal_unit(&self, i: usize) -> Option<Cand> {
        if !["the", "its", "his", "her", "their", "our", "a"]
            .iter()
            .any(|w| self.is(i, w))
        {
            return None;
        }
        let (n, k) = self.ordinal(i + 1)?;
        if self.is(k, "half") && (1..=2).contains(&n) {
            if self.is(k + 1, "of") {
                if let Some((y, e)) = self.year(k + 2, false) {
                    return Some(Cand::abs(e, format!("{y:04}-H{n}")));
                }
            }
            return Some(Cand::date(k + 1, self.part_of_year('H', n, i)));
        }
        let u = self.word(k)?.unit?;
        let s = self.str(k);
        if s.ends_with('s') {
            return None;
        }
        let value = match u {
            Unit::Year => "XXXX".to_string(),
            Unit::Month => "XXXX-XX".to_string(),
            Unit::Week => "XXXX-WXX".to_string(),
            Unit::Day => "XXXX-XX-XX".to_string(),
            Unit::Quarter if n <= 4 => {
                if self.is(k + 1, "of") {
                    if let Some((y, e)) = self.year(k + 2, false) {
                        return Some(Cand::abs(e, format!("{y:04}-Q{n}")));
                    }
                }
                self.part_of_year('Q', n, i)
            }
            _ => return None,
        };
        Some(Cand::date(k + 1, value))
    }

    /// "early 2011", "late June 2025", "mid-December", "late last July",
    /// "early this year", "the early 2000s": the modifier joins the span and
    /// the value stays that of the date.
    fn modified(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        if self.is(j, "the") {
            j += 1;
        }
        let mut k = if self.flag(j, MODIFIER) {
            j + 1
        } else if self.flag(j, EDGE) && self.is(j + 1, "of") {
            j + 2
        } else {
            return None;
        };
        if self.is_dash(k) && self.adj(k) {
            k += 1;
            // "mid-2025": the year touches the hyphen.
            if let Some((y, end)) = self.year(k, false) {
                return Some(Cand::abs(end, format!("{y:04}")));
            }
        }
        // "the end of the year", "the start of the month": the unit the
        // sentence or the reference date is in.
        if self.flag(j, EDGE) {
            let ku = if self.is(k, "the") { k + 1 } else { k };
            let unit = self
                .word(ku)
                .and_then(|w| w.unit)
                .filter(|_| !self.str(ku).ends_with('s'));
            if let (Some(u), false) = (unit, self.is(ku + 1, "of")) {
                if let Some(v) = self.current_unit(u) {
                    return Some(Cand::date(ku + 1, v));
                }
            }
        }
        let inner = [
            self.same_unit(k),
            self.written_date(k).or_else(|| {
                // a bare month after a modifier
                let (v @ DateVal::Month(None, _), end) = self.abs_date(k)? else {
                    return None;
                };
                Some(Cand::abs(end, self.date_value(v, k)?))
            }),
            self.relative(k),
            self.decade_century(k),
            self.season(k),
            self.weekday(k),
        ];
        let c = inner
            .into_iter()
            .flatten()
            .filter(|c| matches!(c.ttype, TimeType::Date | TimeType::Time))
            .max_by_key(|c| c.end)?;
        Some(Cand { end: c.end, ..c })
    }

    /// The year, month, week or decade of the sentence's date or, failing
    /// that, of the reference date.
    fn current_unit(&self, u: Unit) -> Option<String> {
        let r = self.sentence_date.or_else(|| self.refd());
        Some(match (u, r) {
            (Unit::Year, Some(r)) => format!("{:04}", r.year()),
            (Unit::Month, Some(r)) => format!("{:04}-{:02}", r.year(), r.month()),
            (Unit::Week, Some(r)) => week(r),
            (Unit::Decade, Some(r)) => format!("{}", r.year() / 10),
            (Unit::Year, None) => "XXXX".to_string(),
            (Unit::Month, None) => "XXXX-XX".to_string(),
            (Unit::Week, None) => "XXXX-WXX".to_string(),
            _ => return None,
        })
    }

    /// "summer 2024", "the spring of 2025", "this winter" (via [`Ctx::relative`]).
    fn season(&self, i: usize) -> Option<Cand> {
        let j = if self.is(i, "the") { i + 1 } else { i };
        let s = self.word(j)?.season.as_ref()?;
        let k = if self.is(j + 1, "of") { j + 2 } else { j + 1 };
        if let Some((y, end)) = self.year(k, false) {
            return Some(Cand::abs(end, format!("{y:04}-{s}")));
        }
        // "in the spring": the last one, or the next in a forward-looking
        // sentence; not "the fall of the city".
        if j == i || k == j + 2 || !(i > 0 && self.flag(i - 1, PREP)) {
            return None;
        }
        let Some(r) = self.sentence_date.or_else(|| self.refd()) else {
            return Some(Cand::date(j + 1, format!("XXXX-{s}")));
        };
        let start = season_start(s) as i32;
        let now = r.month() as i32;
        let y = if self.future_at(i) {
            if start > now {
                r.year()
            } else {
                r.year() + 1
            }
        } else if start <= now {
            r.year()
        } else {
            r.year() - 1
        };
        Some(Cand::date(j + 1, format!("{y:04}-{s}")))
    }

    /// The second day of "December 22 and 23" / "May 4 to 6": a bare day
    /// number right after a month-day date, joined by "and", "or", "to".
    fn next_day(&self, i: usize) -> Option<Cand> {
        let (d, end) = self.day(i)?;
        let (prev_end, prev) = self.prev.as_ref()?;
        let joined = *prev_end + 1 == i
            && ["and", "or", "to", "through", "until"]
                .iter()
                .any(|w| self.is(i - 1, w));
        let noun = self
            .word(end)
            .is_some_and(|w| w.unit.is_some() || w.month > 0 || w.has(COUNT_NOUN));
        if !joined || prev.len() != 10 || noun {
            return None;
        }
        let value = format!("{}{d:02}", prev.get(..8)?);
        let ok = NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_ok() || value.starts_with("XXXX");
        ok.then(|| Cand::abs(end, value))
    }

    /// "the evening of December 22", "the morning of March 3, 2026".
    fn part_of_date(&self, i: usize) -> Option<Cand> {
        let j = if self.is(i, "the") { i + 1 } else { i };
        let part = self.word(j)?.day_part.as_ref()?;
        if !self.is(j + 1, "of") {
            return None;
        }
        let (v @ DateVal::Day(..), end) = self.abs_date(j + 2)? else {
            return None;
        };
        let date = self.date_value(v, j + 2)?;
        Some(Cand::new(end, TimeType::Time, format!("{date}T{part}")))
    }

    /// "at the time" (not "at the time of …"): the latest absolute date
    /// written before it.
    fn at_the_time(&self, i: usize) -> Option<Cand> {
        let three = self.is(i, "at")
            && (self.is(i + 1, "the") || self.is(i + 1, "that"))
            && self.is(i + 2, "time");
        if !three || self.is(i + 3, "of") || self.is(i + 3, "when") {
            return None;
        }
        let value = self
            .last_abs
            .clone()
            .unwrap_or_else(|| "PAST_REF".to_string());
        Some(Cand::date(i + 3, value))
    }

    /// "Q3 2025", "Q3, 2025", "Q1 of 2026", "H1 2025"; a bare "Q3" takes the
    /// year by tense.
    fn period_code(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        let code = t.word?.period?;
        if !t.cap || !self.adj(i + 1) || self.str(i).len() != 1 {
            return None;
        }
        let n = self
            .tok(i + 1)
            .filter(|n| n.kind == Kind::Num && n.digits == 1)?;
        let max = if code == 'H' { 2 } else { 4 };
        if n.num == 0
            || n.num > max
            || self
                .tok(i + 2)
                .is_some_and(|a| !a.space_before && a.kind != Kind::Punct)
        {
            return None;
        }
        let k = if self.is(i + 2, ",") || self.is(i + 2, "of") {
            i + 3
        } else {
            i + 2
        };
        let fy = self.flag(k, FISCAL) && self.adj(k + 1);
        let year = self.year(k, false).or_else(|| {
            let (y, e) = self.fiscal(k).map(|c| (c.value, c.end))?;
            Some((y.parse().ok().filter(|_| fy || self.is(k, "fiscal"))?, e))
        });
        if let Some((y, end)) = year {
            return Some(Cand::abs(end, format!("{y:04}-{code}{}", n.num)));
        }
        if code == 'H' {
            return None;
        }
        Some(Cand::date(i + 2, self.part_of_year(code, n.num, i)))
    }

    /// A fiscal or financial year: "fiscal 2025", "fiscal year 2025",
    /// "FY2025", "FY 2025", "FY25"; the value is the year.
    fn fiscal(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        if !t.word?.has(FISCAL) {
            return None;
        }
        let short = self.str(i).len() == 2;
        if short && !t.cap {
            return None;
        }
        let j = if self.is(i + 1, "year") { i + 2 } else { i + 1 };
        if let Some((y, end)) = self.year(j, false) {
            return Some(Cand::abs(end, format!("{y:04}")));
        }
        // FY25
        let n = self
            .tok(i + 1)
            .filter(|n| n.kind == Kind::Num && n.digits == 2)?;
        if !short
            || !self.adj(i + 1)
            || self
                .tok(i + 2)
                .is_some_and(|a| !a.space_before && a.kind != Kind::Punct)
        {
            return None;
        }
        Some(Cand::abs(i + 2, format!("20{:02}", n.num)))
    }

    /// "that day", "that year", "the same day", "that night": the unit of
    /// the latest date the text wrote.
    fn same_unit(&self, i: usize) -> Option<Cand> {
        let k = if self.is(i, "that") {
            i + 1
        } else if self.is(i, "the") && self.is(i + 1, "same") {
            i + 2
        } else {
            return None;
        };
        self.last_abs.as_ref()?;
        let w = self.word(k)?;
        if let Some(part) = &w.day_part {
            let day = self.shift_last(Unit::Day, 0);
            return Some(Cand::new(k + 1, TimeType::Time, format!("{day}T{part}")));
        }
        let u = w
            .unit
            .filter(|u| matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Year))?;
        if self.str(k).ends_with('s') {
            return None;
        }
        Some(Cand::date(k + 1, self.shift_last(u, 0)))
    }

    /// "the weekend", "over the weekend": the weekend just past, or the next
    /// one in a forward-looking sentence.
    fn weekend(&self, i: usize) -> Option<Cand> {
        if !(self.is(i, "the") && self.is(i + 1, "weekend")) || self.is(i + 2, "of") {
            return None;
        }
        Some(Cand::date(i + 2, self.weekend_value(0, i)))
    }

    /// The weekend `dir` weeks from the one the tense points at.
    fn weekend_value(&self, dir: i32, i: usize) -> String {
        let Some(r) = self.refd() else {
            return "XXXX-WXX-WE".to_string();
        };
        let weekday = r.weekday().number_from_monday();
        let back = dir == 0 && weekday < 6 && !self.future_at(i);
        let shift = i64::from(dir) - i64::from(back);
        format!("{}-WE", week(r + Duration::days(7 * shift)))
    }

    /// "the day before" / "the day after" an event the text names: a day of
    /// the year the story is in ("the day before he was arrested").
    fn day_before(&self, i: usize) -> Option<Cand> {
        if !(self.is(i, "the") && self.is(i + 1, "day"))
            || !(self.is(i + 2, "before") || self.is(i + 2, "after"))
        {
            return None;
        }
        // "the day before yesterday", "the day after March 3": not this rule.
        let next = self.tok(i + 3)?;
        if next.kind == Kind::Num || self.best_at(i + 3).is_some() {
            return None;
        }
        let year = self
            .sentence_date
            .map(|d| d.year())
            .or_else(|| self.last_abs.as_deref()?.get(..4)?.parse().ok())
            .or(self.last_year)
            .or_else(|| self.refd().map(|r| r.year()));
        let value = match year {
            Some(y) => format!("{y:04}-XX-XX"),
            None => "XXXX-XX-XX".to_string(),
        };
        Some(Cand::date(i + 2, value))
    }

    /// "every Monday", "every two years", "each season".
    fn set(&self, i: usize) -> Option<Cand> {
        if !(self.is(i, "every") || self.is(i, "each")) {
            return None;
        }
        if let Some(wd) = self.word(i + 1).map(|w| w.weekday).filter(|w| *w > 0) {
            return Some(Cand::new(i + 2, TimeType::Set, format!("XXXX-WXX-{wd}")));
        }
        let (n, k, numeric) = self.count(i + 1)?;
        let (u, end) = self.unit_for(k, n, numeric)?;
        Some(Cand::new(end, TimeType::Set, duration_value(&[(n, u)])))
    }
}

fn unit_rank(u: Unit) -> u8 {
    match u {
        Unit::Century => 9,
        Unit::Decade => 8,
        Unit::Year => 7,
        Unit::Quarter => 6,
        Unit::Month => 5,
        Unit::Week => 4,
        Unit::Day => 3,
        Unit::Hour => 2,
        Unit::Minute => 1,
        Unit::Second => 0,
    }
}

/// A TIMEX3 duration from (count, unit) parts, largest unit first; a missing
/// count is written "X".
pub(crate) fn duration_value(parts: &[(Option<u32>, Unit)]) -> String {
    let mut v = String::from("P");
    let mut in_time = false;
    for (n, u) in parts {
        if u.is_clock() && !in_time {
            v.push('T');
            in_time = true;
        }
        let (n, letter) = match (n, u) {
            (Some(n), Unit::Decade) => (format!("{}", n * 10), "Y"),
            (Some(n), Unit::Quarter) => (format!("{}", n * 3), "M"),
            (Some(n), u) => (n.to_string(), u.letter()),
            (None, u) => ("X".to_string(), u.letter()),
        };
        v.push_str(&n);
        v.push_str(letter);
    }
    v
}
