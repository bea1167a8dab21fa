//! Date normalisation: common written and machine date forms ("Jan 7, 2026",
//! "21 January 2026", "2026-01-21T10:00:00Z", RFC 2822 feed dates,
//! "21/01/2026") → ISO 8601. Ambiguous or partial dates give `None`.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words a date line may carry besides the date itself.
const FILLER: [&str; 30] = [
    "at", "on", "am", "pm", "a.m.", "p.m.", "a.m", "p.m", "utc", "gmt", "est", "edt", "cst", "cdt",
    "mst", "mdt", "pst", "pdt", "et", "pt", "ct", "bst", "cet", "cest", "eet", "eest", "msk",
    "ist", "jst", "of",
];

/// A calendar date with an optional time of day and zone.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DateParts {
    y: u32,
    m: u32,
    d: u32,
    /// (hour, minute, second)
    time: Option<(u32, u32, u32)>,
    /// "Z" or "+HH:MM"
    zone: Option<String>,
}

impl DateParts {
    fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    fn full(&self) -> String {
        match self.time {
            None => self.date(),
            Some((h, mi, s)) => format!(
                "{}T{:02}:{:02}:{:02}{}",
                self.date(),
                h,
                mi,
                s,
                self.zone.as_deref().unwrap_or("")
            ),
        }
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1800..=2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// Month number of a month name or abbreviation ("Jan", "Jan.", "Sept", "January").
pub(crate) fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let lw = w.to_ascii_lowercase();
    if lw == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&lw))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(&w))
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses "HH:MM[:SS[.fff]]" with an optional trailing zone ("Z", "+03:00", "-0500").
fn parse_time(s: &str) -> Option<((u32, u32, u32), Option<String>)> {
    let (clock, zone) = match s.find(['Z', 'z', '+', '-']) {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => (s, None),
    };
    let mut parts = clock.split(':');
    let h = num(parts.next()?)?;
    let mi = num(parts.next()?)?;
    let sec = match parts.next() {
        Some(p) => num(p.split('.').next().unwrap_or(""))?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let zone = match zone {
        None => None,
        Some(z) => Some(parse_zone(z)?),
    };
    Some(((h, mi, sec), zone))
}

/// "Z" → "Z"; "+0300" / "+03:00" / "-05" → "+03:00" / "-05:00"; "GMT"/"UTC" → "Z".
fn parse_zone(z: &str) -> Option<String> {
    if z.eq_ignore_ascii_case("z") || z.eq_ignore_ascii_case("gmt") || z.eq_ignore_ascii_case("utc")
    {
        return Some("Z".into());
    }
    let sign = z.chars().next()?;
    if sign != '+' && sign != '-' {
        return None;
    }
    let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
    // byte lengths below: digits only (a "+0€" zone is no zone)
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (num(&digits)?, 0),
        4 => (num(&digits[..2])?, num(&digits[2..])?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(format!("{sign}{h:02}:{m:02}"))
}

/// ISO forms: "2026-01-21", "2026-01-21T10:00", "2026-01-21 10:00:00+03:00".
/// Returns the parts and the unparsed rest.
fn parse_iso(s: &str) -> Option<(DateParts, &str)> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = num(&s[..4])?;
    let m = num(s.get(5..7)?)?;
    let d = num(s.get(8..10)?)?;
    if !valid(y, m, d) {
        return None;
    }
    let mut parts = DateParts {
        y,
        m,
        d,
        time: None,
        zone: None,
    };
    let rest = &s[10..];
    if let Some(t) = rest.strip_prefix(['T', 't', ' ']) {
        let end = t.find(char::is_whitespace).unwrap_or(t.len());
        if let Some((time, zone)) = parse_time(&t[..end]) {
            parts.time = Some(time);
            parts.zone = zone;
            return Some((parts, &t[end..]));
        }
    }
    Some((parts, rest))
}

/// Numeric day-month-year forms with '/' or '.': Y/M/D, D/M/Y (day > 12) or
/// M/D/Y (day > 12 in second place); ambiguous forms give `None`.
fn parse_numeric(tok: &str) -> Option<(u32, u32, u32)> {
    let sep = if tok.contains('/') {
        '/'
    } else if tok.contains('.') {
        '.'
    } else {
        return None;
    };
    let p: Vec<&str> = tok.split(sep).collect();
    if p.len() != 3 {
        return None;
    }
    let (a, b, c) = (num(p[0])?, num(p[1])?, num(p[2])?);
    let (y, m, d) = if p[0].len() == 4 {
        (a, b, c)
    } else if p[2].len() == 4 {
        if a > 12 && b <= 12 {
            (c, b, a)
        } else if b > 12 && a <= 12 {
            (c, a, b)
        } else if a == b {
            (c, a, a)
        } else {
            return None;
        }
    } else {
        return None;
    };
    valid(y, m, d).then_some((y, m, d))
}

/// Word-based forms: "Jan 7, 2026", "Wednesday, 21 January 2026 10:30 GMT",
/// "Wed, 21 Jan 2026 10:00:00 +0000". With `strict`, every word must be part of
/// the date, a weekday, a time or a zone (used for whole "date lines").
fn parse_words(s: &str, strict: bool) -> Option<DateParts> {
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let mut time = None;
    let mut zone = None;
    let mut numeric = None;
    for raw in
        s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '·' | '•' | '(' | ')'))
    {
        // "2026." at the end of a sentence-like line.
        let tok = match raw.strip_suffix('.') {
            Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => d,
            _ => raw,
        };
        if tok.is_empty() || matches!(tok, "-" | "–" | "—" | "/") {
            continue;
        }
        if let Some(m) = month_of(tok) {
            if month.replace(m).is_some() {
                return None;
            }
            continue;
        }
        if is_weekday(tok) {
            continue;
        }
        if tok.contains(':') {
            if let Some((t, z)) = parse_time(tok) {
                time = Some(t);
                if z.is_some() {
                    zone = z;
                }
                continue;
            }
            return None;
        }
        if let Some(ymd) = parse_numeric(tok) {
            numeric = Some(ymd);
            continue;
        }
        if tok.starts_with(['+', '-']) {
            if let Some(z) = parse_zone(tok) {
                zone = Some(z);
                continue;
            }
        }
        let digits = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if let Some(n) = num(digits) {
            let suffix = &tok[digits.len()..];
            let ordinal = matches!(
                suffix.to_ascii_lowercase().as_str(),
                "" | "st" | "nd" | "rd" | "th"
            );
            if !ordinal {
                return None;
            }
            if digits.len() == 4 && suffix.is_empty() {
                if year.replace(n).is_some() {
                    return None;
                }
            } else if digits.len() <= 2 && (1..=31).contains(&n) {
                if day.replace(n).is_some() {
                    return None;
                }
            } else {
                return None;
            }
            continue;
        }
        let lt = tok.to_ascii_lowercase();
        if lt == "gmt" || lt == "utc" || lt == "z" {
            zone = Some("Z".into());
            continue;
        }
        if FILLER.contains(&lt.as_str()) {
            continue;
        }
        if strict {
            return None;
        }
    }
    let (y, m, d) = match (numeric, year, month, day) {
        (Some(ymd), None, None, None) => ymd,
        (None, Some(y), Some(m), Some(d)) => (y, m, d),
        _ => return None,
    };
    if !valid(y, m, d) {
        return None;
    }
    Some(DateParts {
        y,
        m,
        d,
        time,
        zone: time.and(zone),
    })
}

/// Normalises a metadata date value (feed, JSON, HTML meta) to ISO: a date
/// (`YYYY-MM-DD`) or a date-time (`YYYY-MM-DDTHH:MM:SS[Z|±HH:MM]`).
pub fn normalize(value: &str) -> Option<String> {
    let s = value.trim();
    if let Some((p, _)) = parse_iso(s) {
        return Some(p.full());
    }
    parse_words(s, false).map(|p| p.full())
}

/// The ISO date (`YYYY-MM-DD`) of a line that is only a date, possibly with a
/// weekday, a time and a zone ("Jan 7, 2026", "21 January 2026 10:30 GMT").
pub fn date_only_line(line: &str) -> Option<String> {
    let s = line.trim();
    if s.len() > 80 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some((p, rest)) = parse_iso(s) {
        return rest.trim().is_empty().then(|| p.date());
    }
    parse_words(s, true).map(|p| p.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing the feed reader: a zone of a digit and a multi-byte
    /// character has four bytes but is no "+HHMM".
    #[test]
    fn a_zone_with_multibyte_characters_is_no_zone() {
        assert_eq!(parse_zone("+0€"), None);
        assert_eq!(parse_zone("-€0"), None);
        assert_eq!(parse_zone("+0\u{91}"), None);
        for v in [
            "Wed, 04 Mar 2026 10:00:00 +0€",
            "Wed, 04 Mar 2026 10:00 -0\u{91}",
            "2026-03-04T10:00:00+0€",
            "2026-03-04 10:00 +€€",
        ] {
            if let Some(d) = normalize(v) {
                assert!(d.starts_with("2026-03-04"), "{v}: {d}");
            }
        }
    }

    #[test]
    fn normalizes_common_forms() {
        assert_eq!(normalize("2026-01-21").as_deref(), Some("2026-01-21"));
        assert_eq!(
            normalize("2026-01-21T10:05:00Z").as_deref(),
            Some("2026-01-21T10:05:00Z")
        );
        assert_eq!(
            normalize("2026-01-21T10:05:00.123+0300").as_deref(),
            Some("2026-01-21T10:05:00+03:00")
        );
        assert_eq!(
            normalize("Wed, 21 Jan 2026 10:00:00 +0000").as_deref(),
            Some("2026-01-21T10:00:00+00:00")
        );
        assert_eq!(
            normalize("Tue, 06 Jan 2026 08:30:00 GMT").as_deref(),
            Some("2026-01-06T08:30:00Z")
        );
        assert_eq!(normalize("January 21, 2026").as_deref(), Some("2026-01-21"));
        assert_eq!(normalize("21/01/2026").as_deref(), Some("2026-01-21"));
        assert_eq!(normalize("2026/01/21").as_deref(), Some("2026-01-21"));
        assert_eq!(normalize("03/04/2026"), None, "ambiguous day/month");
        assert_eq!(normalize("February 30, 2026"), None);
        assert_eq!(normalize("soon"), None);
    }

    #[test]
    fn date_lines_must_be_only_a_date() {
        assert_eq!(date_only_line("Jan 7, 2026").as_deref(), Some("2026-01-07"));
        assert_eq!(
            date_only_line("January 21, 2026").as_deref(),
            Some("2026-01-21")
        );
        assert_eq!(
            date_only_line("21 January 2026").as_deref(),
            Some("2026-01-21")
        );
        assert_eq!(
            date_only_line("Sept. 3rd, 2025").as_deref(),
            Some("2025-09-03")
        );
        assert_eq!(
            date_only_line("Wednesday, March 4, 2026 at 10:30 a.m. EST").as_deref(),
            Some("2026-03-04")
        );
        assert_eq!(
            date_only_line("2026-01-21 08:00").as_deref(),
            Some("2026-01-21")
        );
        assert_eq!(date_only_line("Talks resumed on March 4, 2026"), None);
        assert_eq!(date_only_line("March 2026"), None);
    }
}
