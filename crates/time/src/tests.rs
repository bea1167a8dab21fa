//! Unit tests: one or more sentences per construction.

use super::*;

fn d(s: &str) -> Option<NaiveDate> {
    parse_iso_date(s)
}

/// (text, type, value) of every expression found.
fn found(text: &str, anchor: &str) -> Vec<(String, &'static str, String)> {
    tag(text, d(anchor))
        .into_iter()
        .map(|t| (text[t.span.range()].to_string(), t.ttype.as_str(), t.value))
        .collect()
}

fn one(text: &str, anchor: &str, want_text: &str, ttype: &str, value: &str) {
    let f = found(text, anchor);
    assert!(
        f.iter()
            .any(|(t, ty, v)| t == want_text && *ty == ttype && v == value),
        "{text:?}: wanted {want_text:?} {ttype} {value}, got {f:?}"
    );
}

#[test]
fn lexicon_parses() {
    assert!(lexicon::Lexicon::get().lookup("January").is_some());
}

/// Wednesday, March 18, 2026.
const A: &str = "2026-03-18";

#[test]
fn month_day_year_formats() {
    one(
        "The summit opened on Jan 9, 2026, in Geneva.",
        A,
        "Jan 9, 2026",
        "DATE",
        "2026-01-09",
    );
    one(
        "The summit opened on Jan. 9, 2026, in Geneva.",
        A,
        "Jan. 9, 2026",
        "DATE",
        "2026-01-09",
    );
    one(
        "Talks resumed on February 12, 2025 after a pause.",
        A,
        "February 12, 2025",
        "DATE",
        "2025-02-12",
    );
    one(
        "Talks resumed on 12 February 2025 after a pause.",
        A,
        "12 February 2025",
        "DATE",
        "2025-02-12",
    );
    one(
        "The vote was held October 30 2024 across the region.",
        A,
        "October 30 2024",
        "DATE",
        "2024-10-30",
    );
    one(
        "Ministers met in Rome, Tuesday, June 3, 2025, for talks.",
        A,
        "Tuesday, June 3, 2025",
        "DATE",
        "2025-06-03",
    );
    one(
        "The filing is dated 2025-11-04 in the register.",
        A,
        "2025-11-04",
        "DATE",
        "2025-11-04",
    );
    one(
        "The memo is dated 11/04/2025 and signed.",
        A,
        "11/04/2025",
        "DATE",
        "2025-11-04",
    );
}

#[test]
fn dates_without_year_take_the_nearest_year() {
    one(
        "The envoy arrived on March 2 with a letter.",
        A,
        "March 2",
        "DATE",
        "2026-03-02",
    );
    // December after a March anchor is last December, not next.
    one(
        "The envoy arrived on December 14 with a letter.",
        A,
        "December 14",
        "DATE",
        "2025-12-14",
    );
    one(
        "Strikes hit the port on March 5-6 and again later.",
        A,
        "March 5-6",
        "DATE",
        "2026-03-05/2026-03-06",
    );
    assert_eq!(
        found("The envoy arrived on March 2.", "")[0].2,
        "XXXX-03-02"
    );
}

#[test]
fn months_and_years() {
    one(
        "The accord was signed in April 2019 in Minsk.",
        A,
        "April 2019",
        "DATE",
        "2019-04",
    );
    one(
        "Fighting flared in late August 2025 near the border.",
        A,
        "late August 2025",
        "DATE",
        "2025-08",
    );
    one(
        "The deal lapsed in November and was not renewed.",
        A,
        "November",
        "DATE",
        "2025-11",
    );
    one(
        "Sanctions were first imposed in 2014 by the bloc.",
        A,
        "2014",
        "DATE",
        "2014",
    );
    one(
        "Since 2014's revolution the army has grown.",
        A,
        "2014",
        "DATE",
        "2014",
    );
    one(
        "Trade boomed in the early 2000s across the region.",
        A,
        "the early 2000s",
        "DATE",
        "200",
    );
    one(
        "The treaty dates from the 1990s, officials said.",
        A,
        "the 1990s",
        "DATE",
        "199",
    );
    one(
        "It was the bloodiest war of the 20th century in Europe.",
        A,
        "the 20th century",
        "DATE",
        "19",
    );
    one(
        "The expedition of 1957-58 crossed the ice.",
        A,
        "58",
        "DATE",
        "1958",
    );
}

#[test]
fn month_names_that_are_not_months() {
    let f = found(
        "Officials may decide later. May the talks succeed, he said.",
        A,
    );
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn numbers_that_are_not_years() {
    for s in [
        "The ministry sent 2000 troops to the front.",
        "Another 1,500 people fled.",
        "The Tu-160 bombers flew over the sea.",
        "Traffic on Route 1990 was closed.",
        "See https://example.org/news/2019/01/report.html for more.",
        "The fund holds $2000 in cash.",
    ] {
        let f = found(s, A);
        assert!(f.is_empty(), "{s:?}: {f:?}");
    }
}

#[test]
fn relative_dates() {
    one(
        "The ministry said last year that it would respond.",
        A,
        "last year",
        "DATE",
        "2025",
    );
    one(
        "The ministry said this year that it would respond.",
        A,
        "this year",
        "DATE",
        "2026",
    );
    one(
        "Elections are due next year, the council said.",
        A,
        "next year",
        "DATE",
        "2027",
    );
    one(
        "Prices rose sharply last month in the capital.",
        A,
        "last month",
        "DATE",
        "2026-02",
    );
    one(
        "The envoy is travelling this week to Ankara.",
        A,
        "this week",
        "DATE",
        "2026-W12",
    );
    one(
        "The envoy travelled last week to Ankara.",
        A,
        "last week",
        "DATE",
        "2026-W11",
    );
    one(
        "The pact was signed last May in Baku.",
        A,
        "last May",
        "DATE",
        "2025-05",
    );
    one(
        "Troops withdrew last summer from the town.",
        A,
        "last summer",
        "DATE",
        "2025-SU",
    );
    one(
        "Output fell in the first quarter, the firm said.",
        A,
        "the first quarter",
        "DATE",
        "2026-Q1",
    );
    one(
        "Output fell in the fourth quarter of 2024.",
        A,
        "the fourth quarter of 2024",
        "DATE",
        "2024-Q4",
    );
    one(
        "The war began nearly four years ago in the east.",
        A,
        "nearly four years ago",
        "DATE",
        "2022",
    );
    one(
        "The plant closed three months ago after a fire.",
        A,
        "three months ago",
        "DATE",
        "2025-12",
    );
    one(
        "As the conflict enters its third year, aid is scarce.",
        A,
        "its third year",
        "DATE",
        "XXXX",
    );
}

#[test]
fn deictic_words() {
    one(
        "The minister spoke today in Brussels.",
        A,
        "today",
        "DATE",
        "2026-03-18",
    );
    one(
        "The minister spoke yesterday in Brussels.",
        A,
        "yesterday",
        "DATE",
        "2026-03-17",
    );
    one(
        "The minister will speak tomorrow in Brussels.",
        A,
        "tomorrow",
        "DATE",
        "2026-03-19",
    );
    one(
        "The border is now closed, guards said.",
        A,
        "now",
        "DATE",
        "PRESENT_REF",
    );
    one(
        "The border is currently closed, guards said.",
        A,
        "currently",
        "DATE",
        "PRESENT_REF",
    );
    one(
        "The ministry recently changed its tone.",
        A,
        "recently",
        "DATE",
        "PAST_REF",
    );
    one(
        "As of writing, no reply had come from the capital.",
        A,
        "As of writing",
        "DATE",
        "PRESENT_REF",
    );
    one(
        "This morning, rockets struck the depot.",
        A,
        "This morning",
        "TIME",
        "2026-03-18TMO",
    );
    one(
        "The leaders meet tonight in Vienna.",
        A,
        "tonight",
        "TIME",
        "2026-03-18TNI",
    );
}

#[test]
fn weekdays_follow_the_tense() {
    // A past report: the latest Monday on or before the anchor.
    one(
        "The agency said on Monday that talks had failed.",
        A,
        "Monday",
        "DATE",
        "2026-03-16",
    );
    one(
        "The agency said on Wednesday that talks had failed.",
        A,
        "Wednesday",
        "DATE",
        "2026-03-18",
    );
    // A forward-looking sentence: the next Friday.
    one(
        "The leaders will meet on Friday in Oslo.",
        A,
        "Friday",
        "DATE",
        "2026-03-20",
    );
    one(
        "Officials met Friday afternoon in Oslo.",
        A,
        "Friday afternoon",
        "TIME",
        "2026-03-13TAF",
    );
}

#[test]
fn at_the_time_refers_back() {
    one(
        "The deal was struck in June 2024. Analysts said at the time that it was fragile.",
        A,
        "at the time",
        "DATE",
        "2024-06",
    );
    let f = found("Nobody was home at the time of the raid.", A);
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn durations() {
    one(
        "The siege lasted two weeks before the town fell.",
        A,
        "two weeks",
        "DURATION",
        "P2W",
    );
    one(
        "It was the worst harvest in a decade, farmers said.",
        A,
        "a decade",
        "DURATION",
        "P10Y",
    );
    one(
        "The talks took a month to arrange.",
        A,
        "a month",
        "DURATION",
        "P1M",
    );
    one(
        "The raid took 2 hours and 20 minutes in all.",
        A,
        "2 hours and 20 minutes",
        "DURATION",
        "PT2H20M",
    );
    one(
        "A 6 min video showed the strike.",
        A,
        "6 min",
        "DURATION",
        "PT6M",
    );
    one(
        "Troops took the hill within minutes of landing.",
        A,
        "within minutes",
        "DURATION",
        "PTXM",
    );
    one(
        "Days later, the ministry issued a second note.",
        A,
        "Days later",
        "DURATION",
        "PXD",
    );
    one(
        "Relations soured over the past year, diplomats said.",
        A,
        "the past year",
        "DURATION",
        "P1Y",
    );
    one(
        "Ties have deepened in recent years, diplomats said.",
        A,
        "recent years",
        "DURATION",
        "PXY",
    );
    one(
        "The firm has lobbied for years to end the rule.",
        A,
        "years",
        "DURATION",
        "PXY",
    );
    one(
        "The region has been contested for decades.",
        A,
        "decades",
        "DURATION",
        "PXDE",
    );
    one(
        "Moscow has watched the crisis for some time.",
        A,
        "for some time",
        "DURATION",
        "PXX",
    );
    one(
        "The mission signed a four-week lease.",
        A,
        "four-week",
        "DURATION",
        "P4W",
    );
    one(
        "The buyback could take between 6 and 9 months.",
        A,
        "6",
        "DURATION",
        "P6M",
    );
    one(
        "The buyback could take between 6 and 9 months.",
        A,
        "9 months",
        "DURATION",
        "P9M",
    );
    one(
        "He finished the race in 2:41:09 despite the heat.",
        A,
        "2:41:09",
        "DURATION",
        "PT2H41M9S",
    );
}

#[test]
fn ages_are_not_durations() {
    let f = found(
        "A 22-year-old soldier and a man aged 40 years old were hurt.",
        A,
    );
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn clock_times() {
    one(
        "The strike hit at 3 p.m. local time.",
        A,
        "3 p.m. local time",
        "TIME",
        "2026-03-18T15",
    );
    one(
        "The match was postponed until 15:00 GMT Saturday.",
        A,
        "15:00 GMT Saturday",
        "TIME",
        "2026-03-21T15:00",
    );
    one(
        "Curfew begins at midnight in the city.",
        A,
        "midnight",
        "TIME",
        "2026-03-18T24:00",
    );
}

#[test]
fn sets() {
    one(
        "The council meets every year in Vienna.",
        A,
        "every year",
        "SET",
        "P1Y",
    );
    one(
        "The report is published annually by the bank.",
        A,
        "annually",
        "SET",
        "P1Y",
    );
    one(
        "Inspectors visit weekly, the agency said.",
        A,
        "weekly",
        "SET",
        "P1W",
    );
    one(
        "Patrols leave every Monday at dawn.",
        A,
        "every Monday",
        "SET",
        "XXXX-WXX-1",
    );
}

#[test]
fn caption_dates_anchor_their_own_line() {
    let text = "Leaders arrive for a summit, March 3 2025, in Oslo. Delegates gather for the talks today. (Photo by Staff/Agency)\nThe summit ended today.";
    let f = found(text, A);
    let todays: Vec<&str> = f
        .iter()
        .filter(|t| t.0 == "today")
        .map(|t| t.2.as_str())
        .collect();
    assert_eq!(todays, ["2025-03-03", "2026-03-18"]);
}

#[test]
fn anchor_falls_back_to_latest_full_date() {
    let text = "Posted March 2, 2026\n\nThe blockade began on February 27, 2026. The port was shut on Friday.";
    assert_eq!(fallback_anchor(text), d("2026-03-02"));
    one(text, "", "Friday", "DATE", "2026-02-27");
}

#[test]
fn spans_are_sorted_disjoint_and_on_char_boundaries() {
    let text =
        "Über die Grenze — am 3. März? No: on March 3, 2026 – 2 hours later – «today» 2026年.";
    let t = tag(text, d(A));
    for w in t.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
    for x in &t {
        assert!(text.is_char_boundary(x.span.start as usize));
        assert!(text.is_char_boundary(x.span.end as usize));
    }
    assert!(t.iter().any(|x| x.value == "2026-03-03"));
}

#[test]
fn annotate_uses_published_and_skips_notes() {
    use demarche_core::{Metadata, Zone};
    let text = "The talks ended on Monday.\n[1] Report of January 4, 2026.";
    let mut doc = Document::new("t", text);
    doc.meta = Metadata {
        published: Some(Found::new(
            "2026-03-18T10:00:00Z".to_string(),
            "jsonl:published",
        )),
        ..Default::default()
    };
    let notes = text.find("[1]").unwrap_or(0);
    doc.zones.push(Zone {
        span: Span::new(notes, text.len()),
        kind: ZoneKind::Notes,
    });
    annotate(&mut doc);
    assert_eq!(
        doc.anchor,
        Some(Found::new("2026-03-18".to_string(), "published"))
    );
    assert_eq!(doc.times.len(), 1);
    assert_eq!(doc.times[0].value, "2026-03-16");

    let mut undated = Document::new(
        "u",
        "Published January 5, 2026. The strike came on Saturday.",
    );
    annotate(&mut undated);
    assert_eq!(
        undated.anchor,
        Some(Found::new("2026-01-05".to_string(), "latest-date-in-text"))
    );
    assert_eq!(undated.times[1].value, "2026-01-03");
}

#[test]
fn modified_and_edge_dates() {
    one(
        "Shelling intensified in mid-2025 along the river.",
        A,
        "mid-2025",
        "DATE",
        "2025",
    );
    one(
        "The fund runs out at the end of 2026, staff said.",
        A,
        "the end of 2026",
        "DATE",
        "2026",
    );
    one(
        "The ceasefire held until early this year.",
        A,
        "early this year",
        "DATE",
        "2026",
    );
    one(
        "Protests began in late last July in the capital.",
        A,
        "late last July",
        "DATE",
        "2025-07",
    );
    one(
        "Refugees arrived in the summer of 2024.",
        A,
        "the summer of 2024",
        "DATE",
        "2024-SU",
    );
    one(
        "Gunfire was heard early Monday near the base.",
        A,
        "early Monday",
        "DATE",
        "2026-03-16",
    );
    one(
        "Rents soared in the 90s in the capital.",
        A,
        "the 90s",
        "DATE",
        "199",
    );
}

#[test]
fn anaphoric_relatives_count_from_the_last_date() {
    one(
        "The plant opened in 2019. The following year it doubled its output.",
        A,
        "The following year",
        "DATE",
        "2020",
    );
    one(
        "Rebels took the town on June 3, 2024. The next day they left.",
        A,
        "The next day",
        "DATE",
        "2024-06-04",
    );
}

#[test]
fn weekday_with_clock_time() {
    one(
        "The vote closes Thursday at 8 p.m. in the capital.",
        A,
        "Thursday at 8 p.m.",
        "TIME",
        "2026-03-12T20",
    );
}

#[test]
fn may_as_a_name() {
    let f = found("The minister wrote to May and her staff.", A);
    assert!(f.is_empty(), "{f:?}");
    one(
        "The cabinet will meet in May to decide.",
        A,
        "May",
        "DATE",
        "2026-05",
    );
}

#[test]
fn continued_days_and_parts_of_days() {
    let f = found("Drones hit the port on March 9 and 10, the navy said.", A);
    let values: Vec<&str> = f.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(values, ["2026-03-09", "2026-03-10"]);
    let f = found("Shells fell on March 9 and 10 civilians died.", A);
    assert_eq!(f.len(), 1, "{f:?}");
    one(
        "He spoke on the evening of March 9 from Kyiv.",
        A,
        "the evening of March 9",
        "TIME",
        "2026-03-09TEV",
    );
    one(
        "The cutoff was 11:30am ET on March 17.",
        A,
        "11:30am ET on March 17",
        "TIME",
        "2026-03-17T11:30",
    );
    one(
        "Talks could resume in the coming days, aides said.",
        A,
        "the coming days",
        "DURATION",
        "PXD",
    );
    one(
        "Output fell in the first half of 2025.",
        A,
        "the first half of 2025",
        "DATE",
        "2025-H1",
    );
    one(
        "Over the past 48 hours, the front was quiet.",
        A,
        "the past 48 hours",
        "DURATION",
        "PT48H",
    );
}

#[test]
fn bad_input_never_panics() {
    for s in [
        "",
        "'",
        "the '",
        "1957-",
        "Dec.",
        "February 30, 2025 and February 29, 2025",
        "99:99 12:60 0/0/0000 31/31/2025",
        "January 31-32, 2026",
        "99999999999999999999 years ago",
        "the 0th century, the 999th day",
        "🙂 2026年3月 — «Friday» at 25 p.m.",
        "last",
        "next Friday at",
        "the following",
        "at the time",
    ] {
        let t = tag(s, d(A));
        for x in &t {
            assert!(s.get(x.span.range()).is_some(), "{s:?}: {x:?}");
        }
        let _ = tag(s, None);
    }
}

#[test]
fn year_less_dates_follow_the_sentence() {
    one(
        "The bloc imposed sanctions on 12 December 2024 and extended them in mid-December.",
        A,
        "mid-December",
        "DATE",
        "2024-12",
    );
    // A new sentence goes back to the anchor.
    one(
        "The bloc imposed sanctions in 2019. It extended them in December.",
        A,
        "December",
        "DATE",
        "2025-12",
    );
}

#[test]
fn anchor_prefers_a_date_line() {
    let text = "Updated 09:10, 6 January 2026\n\nThe deal, signed on 12 December 2024, runs until March 1, 2027, officials said.";
    assert_eq!(fallback_anchor(text), d("2026-01-06"));
}

#[test]
fn dates_joined_to_times_and_anaphoric_weekdays() {
    one(
        "Flights resumed March 6 at 6:30 a.m. local time.",
        A,
        "March 6 at 6:30 a.m. local time",
        "TIME",
        "2026-03-06T06:30",
    );
    one(
        "A first round was held on Monday, March 2, and another the following Monday.",
        A,
        "the following Monday",
        "DATE",
        "2026-03-09",
    );
    let f = found("© 2026 Example Media. All rights reserved.", A);
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn quarters_halves_and_fiscal_years() {
    one(
        "Exports slumped in Q3 2025, the agency reported.",
        A,
        "Q3 2025",
        "DATE",
        "2025-Q3",
    );
    one(
        "Exports slumped in Q1 of 2024, the agency reported.",
        A,
        "Q1 of 2024",
        "DATE",
        "2024-Q1",
    );
    one(
        "Orders should recover in H2 2026, the board said.",
        A,
        "H2 2026",
        "DATE",
        "2026-H2",
    );
    // A quarter without its year: the last one in a past-tense sentence.
    one(
        "Exports slumped in the fourth quarter, the agency reported.",
        A,
        "the fourth quarter",
        "DATE",
        "2025-Q4",
    );
    one(
        "Exports slumped in Q4, the agency reported.",
        A,
        "Q4",
        "DATE",
        "2025-Q4",
    );
    one(
        "Exports will recover in the third quarter, the agency expects.",
        A,
        "the third quarter",
        "DATE",
        "2026-Q3",
    );
    one(
        "The navy's budget for fiscal 2027 was cut.",
        A,
        "fiscal 2027",
        "DATE",
        "2027",
    );
    one(
        "The navy's budget for fiscal year 2025 was cut.",
        A,
        "fiscal year 2025",
        "DATE",
        "2025",
    );
    one(
        "The navy's FY2026 budget was cut.",
        A,
        "FY2026",
        "DATE",
        "2026",
    );
    one("The navy's FY25 budget was cut.", A, "FY25", "DATE", "2025");
    // Codes that are not periods.
    for s in [
        "The plant makes H2 for trucks.",
        "Engineers hold H1B visas.",
        "The Q7 model sold well.",
    ] {
        let f = found(s, A);
        assert!(f.is_empty(), "{s:?}: {f:?}");
    }
}

#[test]
fn brief_date_formats() {
    one(
        "Troops crossed the river on Monday, Jan. 5, before dawn.",
        "2026-01-07",
        "Monday, Jan. 5",
        "DATE",
        "2026-01-05",
    );
    one(
        "Troops crossed the river on Jan 5th before dawn.",
        "2026-01-07",
        "Jan 5th",
        "DATE",
        "2026-01-05",
    );
    one(
        "Troops crossed the river on the 5th of January before dawn.",
        "2026-01-07",
        "5th of January",
        "DATE",
        "2026-01-05",
    );
    one(
        "Shipping stalled in mid-January as ice formed.",
        A,
        "mid-January",
        "DATE",
        "2026-01",
    );
    one(
        "The reactor was shut late last year for repairs.",
        A,
        "late last year",
        "DATE",
        "2025",
    );
    one(
        "The reactor will reopen later this year.",
        A,
        "later this year",
        "DATE",
        "2026",
    );
    one(
        "Fuel prices fell earlier this month in the north.",
        A,
        "earlier this month",
        "DATE",
        "2026-03",
    );
}

#[test]
fn seasons_and_weekends_by_tense() {
    one(
        "The canal froze in the winter, officials said.",
        A,
        "the winter",
        "DATE",
        "2025-WI",
    );
    one(
        "The canal was dredged in the summer, officials said.",
        A,
        "the summer",
        "DATE",
        "2025-SU",
    );
    one(
        "The canal will be dredged in the summer, officials said.",
        A,
        "the summer",
        "DATE",
        "2026-SU",
    );
    let f = found("He wrote a history of the fall of the city.", A);
    assert!(f.is_empty(), "{f:?}");
    // A Wednesday anchor: the weekend just past is in ISO week 11.
    one(
        "Crowds gathered in the square over the weekend.",
        A,
        "the weekend",
        "DATE",
        "2026-W11-WE",
    );
    one(
        "Crowds will gather in the square this weekend.",
        A,
        "this weekend",
        "DATE",
        "2026-W12-WE",
    );
    one(
        "Crowds gathered in the square last weekend.",
        A,
        "last weekend",
        "DATE",
        "2026-W11-WE",
    );
}

#[test]
fn story_time_later_and_earlier() {
    let story = "On March 3, 2014, the convoy left the depot. Two days later it reached the coast.";
    one(story, A, "Two days later", "DATE", "2014-03-05");
    one(
        "On March 3, 2014, the convoy left the depot. A week later it reached the coast.",
        A,
        "A week later",
        "DATE",
        "2014-03-10",
    );
    one(
        "The embassy closed in May 2019. Three months later it reopened.",
        A,
        "Three months later",
        "DATE",
        "2019-08",
    );
    one(
        "The embassy closed in 2011. Two years later it reopened.",
        A,
        "Two years later",
        "DATE",
        "2013",
    );
    one(
        "The embassy reopened on June 9, 2020. A year earlier it had closed.",
        A,
        "A year earlier",
        "DATE",
        "2019",
    );
    one(
        "The embassy reopened on June 9, 2020. The following month it closed again.",
        A,
        "The following month",
        "DATE",
        "2020-07",
    );
    // Vague counts stay durations, as do counts with no earlier date.
    one(
        "On March 3, 2014, the convoy left. Days later it reached the coast.",
        A,
        "Days later",
        "DURATION",
        "PXD",
    );
    one(
        "Two days later the convoy reached the coast.",
        A,
        "Two days",
        "DURATION",
        "P2D",
    );
    // A comparison is not a move in time.
    one(
        "The harvest began on 2 August 2025, a month earlier than usual.",
        A,
        "a month",
        "DURATION",
        "P1M",
    );
    one(
        "The port was shelled on 4 March 2026. Later that day, the ferry sailed.",
        A,
        "Later that day",
        "DATE",
        "2026-03-04",
    );
    one(
        "The port was shelled on 4 March 2026. That night, the ferry sailed.",
        A,
        "That night",
        "TIME",
        "2026-03-04TNI",
    );
    one(
        "The port was shelled in 2022. The same year, the ferry stopped.",
        A,
        "The same year",
        "DATE",
        "2022",
    );
    // "the day before <an event>": a day in the year the story is in.
    one(
        "The port closed in late July 2025. The day before the closure was announced, ships left.",
        A,
        "The day",
        "DATE",
        "2025-XX-XX",
    );
    one(
        "The vote was held on Monday. The day before yesterday, crowds marched.",
        A,
        "yesterday",
        "DATE",
        "2026-03-17",
    );
}

#[test]
fn ends_of_periods() {
    one(
        "Output collapsed in December and recovered by the end of the year.",
        A,
        "the end of the year",
        "DATE",
        "2025",
    );
    one(
        "The loan falls due at the end of the month.",
        A,
        "the end of the month",
        "DATE",
        "2026-03",
    );
}

#[test]
fn approximate_pasts_decades_and_references() {
    one(
        "The border was redrawn a decade ago.",
        A,
        "a decade ago",
        "DATE",
        "2016",
    );
    one(
        "The border was redrawn in the 1990s.",
        A,
        "the 1990s",
        "DATE",
        "199",
    );
    one(
        "The border has been closed since 2014.",
        A,
        "2014",
        "DATE",
        "2014",
    );
    one(
        "At the time of writing, the border was closed.",
        A,
        "At the time of writing",
        "DATE",
        "PRESENT_REF",
    );
    one(
        "Such raids were rare in the past.",
        A,
        "the past",
        "DATE",
        "PAST_REF",
    );
    one(
        "Such raids may grow in the future.",
        A,
        "in the future",
        "DATE",
        "FUTURE_REF",
    );
    one(
        "The talks were suspended for two decades.",
        A,
        "two decades",
        "DURATION",
        "P20Y",
    );
    one(
        "The talks were suspended for several years.",
        A,
        "several years",
        "DURATION",
        "PXY",
    );
    one(
        "The fleet holds drills each year near the strait.",
        A,
        "each year",
        "SET",
        "P1Y",
    );
    one(
        "The fleet holds drills every week near the strait.",
        A,
        "every week",
        "SET",
        "P1W",
    );
}

#[test]
fn ranges_are_two_dates_or_one_interval() {
    one(
        "Envoys met on February 9-10 in Doha.",
        A,
        "February 9-10",
        "DATE",
        "2026-02-09/2026-02-10",
    );
    let years: Vec<String> = found("The mission ran from 2015 to 2021 in the valley.", A)
        .into_iter()
        .map(|t| t.2)
        .collect();
    assert_eq!(years, ["2015", "2021"]);
    let years: Vec<String> = found("The mission ran between 2019 and 2023.", A)
        .into_iter()
        .map(|t| t.2)
        .collect();
    assert_eq!(years, ["2019", "2023"]);
}

#[test]
fn notes_urls_and_compounds_are_not_times() {
    for s in [
        "Details at https://news.example/2025/11/03/report for readers.",
        "[4] Interfax, 3 November 2025.",
        "^2 Ministry statement, 8 May 2024.",
        "She ran a sub-four-minute mile in the trials.",
    ] {
        let f = found(s, A);
        assert!(f.is_empty(), "{s:?}: {f:?}");
    }
    // A bracketed number inside a line is a citation mark, not a note line.
    one(
        "The siege ended on 3 November 2025.[4]",
        A,
        "3 November 2025",
        "DATE",
        "2025-11-03",
    );
}
