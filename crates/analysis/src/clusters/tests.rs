//! Cluster tests on reports we construct.

use super::*;
use demarche_core::Prov;

fn person(name: &str, slug: &str, country: &str) -> ParticipantRecord {
    ParticipantRecord {
        name: name.into(),
        id: Some(format!("person:{slug}")),
        country: Some(country.into()),
        sector: None,
        inferred: false,
    }
}

fn state(name: &str, code: &str) -> ParticipantRecord {
    ParticipantRecord {
        name: name.into(),
        id: Some(code.into()),
        country: Some(code.into()),
        sector: None,
        inferred: false,
    }
}

fn thing(name: &str, country: &str) -> ParticipantRecord {
    ParticipantRecord {
        name: name.into(),
        id: None,
        country: Some(country.into()),
        sector: None,
        inferred: false,
    }
}

/// A report of `doc` (one outlet per document unless set) at position `n`.
#[allow(clippy::too_many_arguments)]
fn report(
    doc: &str,
    published: &str,
    n: usize,
    sentence: &str,
    coding: &str,
    actor: Option<ParticipantRecord>,
    recipient: Option<ParticipantRecord>,
    date: Option<&str>,
) -> EventReport {
    let (t, m) = match coding.split_once('/') {
        Some((t, m)) => (t, Some(m.to_string())),
        None => (coding, None),
    };
    let actors: Vec<_> = actor.into_iter().collect();
    let recipients: Vec<_> = recipient.into_iter().collect();
    EventReport {
        event: EventRecord {
            prov: Prov {
                id: format!("e-{doc}-{n}"),
                doc: doc.into(),
                span: [n * 100, n * 100 + 50],
                sentence: n,
                sentence_text: sentence.into(),
            },
            evidence: sentence.trim_end_matches('.').into(),
            event_type: t.into(),
            mode: m,
            context: None,
            actor: actors.first().map(|a| a.name.clone()),
            actor_country: actors.first().and_then(|a| a.country.clone()),
            recipient: recipients.first().map(|a| a.name.clone()),
            recipient_country: recipients.first().and_then(|a| a.country.clone()),
            actors,
            recipients,
            date: date.map(str::to_string),
            location: None,
            negated: false,
            hypothetical: false,
            historical: false,
            trigger: None,
            quote_id: None,
            codes: Default::default(),
        },
        outlet: Some(format!("Outlet of {doc}")),
        url: None,
        published: Some(published.into()),
        byline: None,
        reference: Some(published[..10].to_string()),
    }
}

fn elphberg() -> ParticipantRecord {
    person("Rudolf Elphberg", "rudolf-elphberg", "ARM")
}

fn azerbaijan() -> ParticipantRecord {
    state("Azerbaijan", "AZE")
}

const CAPTURE_A: &str = "Azerbaijani commandos seized Rudolf Elphberg at his villa on March 2.";
const CAPTURE_B: &str =
    "Elphberg was taken by Azerbaijani special forces on Monday, officials said.";

fn run(reports: &[EventReport]) -> Vec<EventCluster> {
    cluster_events(reports, &ClusterOptions::default())
}

/// The cluster holding a report id.
fn of<'a>(clusters: &'a [EventCluster], id: &str) -> &'a EventCluster {
    clusters
        .iter()
        .find(|c| c.reports.iter().any(|r| r.id == id))
        .unwrap_or_else(|| panic!("{id} in no cluster"))
}

#[test]
fn builtin_rules_parse() {
    let r = ClusterRules::builtin();
    assert!(r.undated_window_days > 0);
    assert!(r.families.iter().any(|f| f.name == "capture"));
    assert!(ClusterRules::from_toml("undated_window_days = -1\njoin_undated_pairs = false\n[empty]\nactors = \"never\"\nrecipients = \"never\"\n[clause]\nrecipients = \"any\"\n").is_err());
}

#[test]
fn timex_values_as_intervals() {
    let d = |v: &str| date_interval(v).map(|(s, e)| e - s + 1);
    assert_eq!(d("2026-01-03"), Some(1));
    assert_eq!(d("2026-01"), Some(31));
    assert_eq!(d("2026"), Some(365));
    assert_eq!(d("2026-01-02/2026-01-03"), Some(2));
    assert_eq!(d("2026-W02"), Some(7));
    assert_eq!(d("2026-Q1"), Some(90));
    assert_eq!(d("199X"), Some(3652));
    assert_eq!(d("2026-01-21TMO"), Some(1));
    for none in ["PRESENT_REF", "XXXX-01-03", "P4Y", "", "2026-13"] {
        assert_eq!(date_interval(none), None, "{none}");
    }
    let month = date_interval("2026-01").unwrap();
    let day = date_interval("2026-01-03").unwrap();
    assert!(month.0 <= day.0 && day.1 <= month.1);
}

#[test]
fn same_event_in_two_outlets_is_one_cluster() {
    let reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        report(
            "b.txt",
            "2026-03-04",
            3,
            CAPTURE_B,
            "ASSAULT/abduct",
            Some(thing("Azerbaijani special forces", "AZE")),
            Some(elphberg()),
            Some("2026-03"),
        ),
    ];
    let cs = run(&reports);
    assert_eq!(cs.len(), 1, "{cs:#?}");
    let c = &cs[0];
    assert_eq!((c.documents, c.outlets, c.sources), (2, 2, 2));
    assert_eq!(
        c.date.as_deref(),
        Some("2026-03-02"),
        "the most precise date"
    );
    assert_eq!(c.earliest, "e-a.txt-1");
    assert_eq!(c.links.len(), 1);
    assert_eq!(
        c.links[0].why,
        "same type ASSAULT/abduct; actors AZE; recipients Rudolf Elphberg; dates 2026-03-02 ⊂ 2026-03"
    );
    assert!(c.id.starts_with("c-") && c.id.len() == 18);
}

#[test]
fn wire_copies_count_once() {
    let mut reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        // The same wire sentence, re-flowed and with other quotation marks.
        report(
            "b.txt",
            "2026-03-02",
            4,
            "Azerbaijani  commandos seized Rudolf\nElphberg at his villa on March 2.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        // Credited to a wire in the byline.
        report(
            "c.txt",
            "2026-03-03",
            2,
            CAPTURE_B,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        report(
            "d.txt",
            "2026-03-03",
            7,
            "Commandos from Azerbaijan took Elphberg from his villa.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        // Written by the outlet itself.
        report(
            "e.txt",
            "2026-03-05",
            2,
            "Elphberg's capture on March 2 stunned the capital.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
    ];
    reports[2].byline = Some("By Staff and Global Wire Service".into());
    reports[3].outlet = Some("Global Wire Service".into());
    let mut wires = Wires::default();
    wires.add("outlet:gws", &["Global Wire Service"], &["GWS".to_string()]);
    let opts = ClusterOptions {
        wires,
        ..ClusterOptions::default()
    };
    let cs = cluster_events(&reports, &opts);
    assert_eq!(cs.len(), 1, "{cs:#?}");
    let c = &cs[0];
    assert_eq!(c.documents, 5);
    assert_eq!(c.sources, 3, "a=b (same sentence), c=d (same wire), e");
    let src = |id: &str| c.reports.iter().find(|r| r.id == id).unwrap().source;
    assert_eq!(src("e-a.txt-1"), src("e-b.txt-4"));
    assert_eq!(src("e-c.txt-2"), src("e-d.txt-7"));
    assert_ne!(src("e-a.txt-1"), src("e-e.txt-2"));
    assert_eq!(
        c.reports
            .iter()
            .find(|r| r.id == "e-c.txt-2")
            .unwrap()
            .wire
            .as_deref(),
        Some("outlet:gws")
    );
    // Abbreviations match exactly and as whole words only.
    assert_eq!(opts.wires.credit("GWS staff"), Some("outlet:gws"));
    assert_eq!(opts.wires.credit("gws staff"), None);
    assert_eq!(opts.wires.credit("GWSX"), None);
}

#[test]
fn different_dates_are_not_joined() {
    let reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        report(
            "b.txt",
            "2026-03-20",
            1,
            "Azerbaijani troops seized Elphberg again on March 19.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-19"),
        ),
        report(
            "c.txt",
            "2026-03-20",
            2,
            "In 2019 Azerbaijan had detained Elphberg for a week.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2019"),
        ),
    ];
    let cs = run(&reports);
    assert_eq!(cs.len(), 3, "{cs:#?}");
    // Oldest first.
    assert_eq!(cs[0].date.as_deref(), Some("2019"));
}

#[test]
fn negated_is_not_joined_with_asserted() {
    let mut reports = vec![
        report(
            "a.txt",
            "2026-03-03",
            1,
            "Russia sent air defence units to Armenia on Monday.",
            "AID",
            Some(state("Russia", "RUS")),
            Some(state("Armenia", "ARM")),
            Some("2026-03-02"),
        ),
        report(
            "b.txt",
            "2026-03-04",
            2,
            "Russia did not send Armenia any help on Monday.",
            "AID",
            Some(state("Russia", "RUS")),
            Some(state("Armenia", "ARM")),
            Some("2026-03-02"),
        ),
        report(
            "c.txt",
            "2026-03-05",
            5,
            "Moscow gave Yerevan no assistance after the clash.",
            "AID",
            Some(state("Russia", "RUS")),
            Some(state("Armenia", "ARM")),
            None,
        ),
        report(
            "d.txt",
            "2026-03-05",
            6,
            "Moscow might yet send Yerevan help.",
            "AID",
            Some(state("Russia", "RUS")),
            Some(state("Armenia", "ARM")),
            None,
        ),
    ];
    reports[1].event.negated = true;
    reports[2].event.negated = true;
    reports[3].event.hypothetical = true;
    let cs = run(&reports);
    assert_eq!(cs.len(), 3, "{cs:#?}");
    let neg = of(&cs, "e-b.txt-2");
    assert!(neg.negated);
    assert_eq!(neg.reports.len(), 2, "the two negated reports join");
    assert!(neg.links[0].why.contains("both negated"));
    assert_eq!(of(&cs, "e-a.txt-1").reports.len(), 1);
    assert_eq!(of(&cs, "e-d.txt-6").reports.len(), 1);
}

#[test]
fn undated_reports_join_within_the_window_of_their_document() {
    let mut reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        // Undated, published ten days later: joins.
        report(
            "b.txt",
            "2026-03-12",
            2,
            "Azerbaijan's capture of Elphberg drew little protest.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            None,
        ),
        // Undated, published before the event: cannot report it.
        report(
            "c.txt",
            "2026-02-20",
            2,
            "Azerbaijan captured Elphberg's deputy.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            None,
        ),
        // Undated, half a year later: outside the window.
        report(
            "d.txt",
            "2026-09-01",
            3,
            "Azerbaijan captured Elphberg, a memoir recalls.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            None,
        ),
        // Undated and historical: never joins a current report by window.
        report(
            "e.txt",
            "2026-03-05",
            4,
            "Azerbaijan once captured Elphberg.",
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            None,
        ),
    ];
    reports[4].event.historical = true;
    // Two undated reports alone are not joined, however close.
    assert_eq!(run(&reports[1..3]).len(), 2);
    let cs = run(&reports);
    let c = of(&cs, "e-a.txt-1");
    let ids: Vec<&str> = c.reports.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["e-a.txt-1", "e-b.txt-2"], "{cs:#?}");
    assert!(
        c.links[0]
            .why
            .contains("the other undated, published 2026-03-12"),
        "{}",
        c.links[0].why
    );
    assert_eq!(cs.len(), 4);
}

#[test]
fn an_unnamed_actor_joins_through_a_shared_person() {
    let reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        report(
            "b.txt",
            "2026-03-04",
            2,
            "Before Elphberg was captured, he had fled twice.",
            "ASSAULT/abduct",
            None,
            Some(elphberg()),
            None,
        ),
        // A state as the only shared recipient is not enough.
        report(
            "c.txt",
            "2026-03-04",
            3,
            "Georgia was attacked.",
            "ASSAULT",
            None,
            Some(state("Georgia", "GEO")),
            None,
        ),
        report(
            "d.txt",
            "2026-03-03",
            3,
            "Azerbaijan attacked Georgia on March 2.",
            "ASSAULT",
            Some(azerbaijan()),
            Some(state("Georgia", "GEO")),
            Some("2026-03-02"),
        ),
    ];
    let cs = run(&reports);
    assert_eq!(of(&cs, "e-a.txt-1").reports.len(), 2, "{cs:#?}");
    assert!(of(&cs, "e-b.txt-2").links[0]
        .why
        .contains("actors one unnamed"));
    assert_eq!(of(&cs, "e-c.txt-3").reports.len(), 1);
}

#[test]
fn an_unnamed_report_never_bridges_two_named_actors() {
    let reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        report(
            "b.txt",
            "2026-03-04",
            2,
            "Elphberg was seized.",
            "ASSAULT/abduct",
            None,
            Some(elphberg()),
            None,
        ),
        report(
            "c.txt",
            "2026-03-05",
            2,
            "Georgian agents seized Elphberg on March 2.",
            "ASSAULT/abduct",
            Some(state("Georgia", "GEO")),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
    ];
    let cs = run(&reports);
    assert_ne!(of(&cs, "e-a.txt-1").id, of(&cs, "e-c.txt-2").id, "{cs:#?}");
}

#[test]
fn two_people_of_one_state_are_not_the_same_actor() {
    let pashinyan = || person("Nikol Pashinyan", "nikol-pashinyan", "ARM");
    let reports = vec![
        report(
            "a.txt",
            "2026-03-10",
            1,
            "Putin spoke by phone with Pashinyan on Tuesday.",
            "CONSULT/phone",
            Some(person("Vladimir Putin", "vladimir-putin", "RUS")),
            Some(pashinyan()),
            Some("2026-03-10"),
        ),
        report(
            "b.txt",
            "2026-03-10",
            2,
            "Lavrov also called Pashinyan on Tuesday.",
            "CONSULT/phone",
            Some(person("Sergei Lavrov", "sergei-lavrov", "RUS")),
            Some(pashinyan()),
            Some("2026-03-10"),
        ),
        report(
            "c.txt",
            "2026-03-11",
            1,
            "The Kremlin said Putin had phoned Pashinyan.",
            "CONSULT/phone",
            Some(person("Vladimir Putin", "vladimir-putin", "RUS")),
            Some(pashinyan()),
            None,
        ),
    ];
    let cs = run(&reports);
    assert_eq!(cs.len(), 2, "{cs:#?}");
    assert_eq!(of(&cs, "e-a.txt-1").reports.len(), 2);
    assert!(of(&cs, "e-a.txt-1").links[0]
        .why
        .contains("actors Vladimir Putin"));
}

#[test]
fn one_clause_against_two_recipients_is_one_event() {
    let navy = || thing("Azerbaijani navy", "AZE");
    let mut reports = vec![
        report(
            "a.txt",
            "2026-03-04",
            5,
            "The navy seized two ferries, including one flagged to Georgia.",
            "COERCE/seize",
            Some(navy()),
            Some(thing("two ferries", "ARM")),
            Some("2026-03-03"),
        ),
        report(
            "a.txt",
            "2026-03-04",
            5,
            "The navy seized two ferries, including one flagged to Georgia.",
            "COERCE/seize",
            Some(navy()),
            Some(thing("Georgian-flagged ferry", "GEO")),
            Some("2026-03-03"),
        ),
        // Both recipients are known actors: two events in one clause.
        report(
            "a.txt",
            "2026-03-04",
            8,
            "Russia failed to help both Armenia and Iran.",
            "AID",
            Some(state("Russia", "RUS")),
            Some(state("Armenia", "ARM")),
            None,
        ),
        report(
            "a.txt",
            "2026-03-04",
            8,
            "Russia failed to help both Armenia and Iran.",
            "AID",
            Some(state("Russia", "RUS")),
            Some(state("Iran", "IRN")),
            None,
        ),
    ];
    for r in &mut reports[2..] {
        r.event.negated = true;
    }
    reports[1].event.prov.id = "e-a.txt-5b".into();
    reports[1].event.prov.span = [510, 560];
    reports[3].event.prov.id = "e-a.txt-8b".into();
    let cs = run(&reports);
    let ferries = of(&cs, "e-a.txt-5");
    assert_eq!(ferries.reports.len(), 2, "{cs:#?}");
    assert_eq!(ferries.documents, 1);
    assert_eq!(
        ferries.links[0].why,
        "same clause COERCE/seize (evidence overlaps); actors Azerbaijani navy; recipients two ferries / Georgian-flagged ferry; dates 2026-03-03"
    );
    assert_ne!(of(&cs, "e-a.txt-8").id, of(&cs, "e-a.txt-8b").id);
}

#[test]
fn a_family_joins_a_capture_and_an_arrest_of_one_person() {
    let capture = || {
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        )
    };
    let arrest = |recipient: ParticipantRecord, date: Option<&str>| {
        report(
            "b.txt",
            "2026-03-03",
            2,
            "Azerbaijan arrested Elphberg on Monday.",
            "COERCE/arrest",
            Some(azerbaijan()),
            Some(recipient),
            date,
        )
    };
    let cs = run(&[capture(), arrest(elphberg(), Some("2026-03-02"))]);
    assert_eq!(cs.len(), 1, "{cs:#?}");
    assert_eq!(
        cs[0].links[0].why,
        "family capture: ASSAULT/abduct ~ COERCE/arrest; actors AZE; recipients Rudolf Elphberg; dates 2026-03-02"
    );
    assert_eq!(
        cs[0].event_type, "ASSAULT",
        "a tie goes to the earliest report"
    );
    // Undated: a family join needs both dates.
    assert_eq!(run(&[capture(), arrest(elphberg(), None)]).len(), 2);
    // A state is not a person.
    assert_eq!(
        run(&[
            capture(),
            arrest(state("Armenia", "ARM"), Some("2026-03-02"))
        ])
        .len(),
        2
    );
}

#[test]
fn a_coarse_date_does_not_chain_two_days() {
    let reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            "Azerbaijan shelled Armenia on March 2.",
            "ASSAULT",
            Some(azerbaijan()),
            Some(state("Armenia", "ARM")),
            Some("2026-03-02"),
        ),
        report(
            "b.txt",
            "2026-12-30",
            1,
            "Azerbaijan shelled Armenia in 2026.",
            "ASSAULT",
            Some(azerbaijan()),
            Some(state("Armenia", "ARM")),
            Some("2026"),
        ),
        report(
            "c.txt",
            "2026-09-10",
            1,
            "Azerbaijan shelled Armenia on September 9.",
            "ASSAULT",
            Some(azerbaijan()),
            Some(state("Armenia", "ARM")),
            Some("2026-09-09"),
        ),
    ];
    let cs = run(&reports);
    assert_ne!(of(&cs, "e-a.txt-1").id, of(&cs, "e-c.txt-1").id, "{cs:#?}");
    assert_eq!(cs.len(), 2);
}

#[test]
fn analyst_overrides() {
    let reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        report(
            "b.txt",
            "2026-03-04",
            3,
            CAPTURE_B,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        report(
            "c.txt",
            "2026-03-04",
            3,
            "Armenia protested to Baku.",
            "PROTEST",
            Some(state("Armenia", "ARM")),
            Some(azerbaijan()),
            Some("2026-03-03"),
        ),
    ];
    let merge = MergeRules::from_toml(
        "keep_apart = [[\"e-a.txt-1\", \"e-b.txt-3\"]]\njoin = [[\"e-c.txt-3\", \"e-a.txt-1\"]]\n",
    )
    .unwrap();
    let opts = ClusterOptions {
        merge,
        ..ClusterOptions::default()
    };
    let (cs, stats) = cluster_events_counted(&reports, &opts);
    assert_eq!(of(&cs, "e-a.txt-1").id, of(&cs, "e-c.txt-3").id);
    assert_ne!(of(&cs, "e-a.txt-1").id, of(&cs, "e-b.txt-3").id);
    assert!(stats.refused >= 1);
    assert!(of(&cs, "e-a.txt-1").links[0].why.contains("analyst"));
    assert!(MergeRules::from_toml("merge = 1").is_err());
}

#[test]
fn clusters_do_not_depend_on_input_order() {
    let mut reports = vec![
        report(
            "a.txt",
            "2026-03-02",
            1,
            CAPTURE_A,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03-02"),
        ),
        report(
            "b.txt",
            "2026-03-04",
            3,
            CAPTURE_B,
            "ASSAULT/abduct",
            Some(azerbaijan()),
            Some(elphberg()),
            Some("2026-03"),
        ),
        report(
            "c.txt",
            "2026-03-03",
            2,
            "Armenia protested to Baku.",
            "PROTEST",
            Some(state("Armenia", "ARM")),
            Some(azerbaijan()),
            Some("2026-03-03"),
        ),
    ];
    let ids = |rs: &[EventReport]| {
        let mut v: Vec<(String, Vec<String>)> = run(rs)
            .into_iter()
            .map(|c| {
                let mut m: Vec<String> = c.reports.into_iter().map(|r| r.id).collect();
                m.sort();
                (c.id, m)
            })
            .collect();
        v.sort();
        v
    };
    let before = ids(&reports);
    reports.reverse();
    assert_eq!(before, ids(&reports));
}

/// 2000 reports: 400 events, each told by five outlets over a year, plus
/// noise of other types; clustered by blocks, far from all pairs.
#[test]
fn two_thousand_reports_without_all_pairs() {
    let states = [
        ("ARM", "Armenia"),
        ("AZE", "Azerbaijan"),
        ("GEO", "Georgia"),
        ("IRN", "Iran"),
        ("TUR", "Turkey"),
    ];
    let types = ["ASSAULT", "COERCE", "AID", "CONSULT", "PROTEST"];
    let mut reports = Vec::with_capacity(2000);
    for e in 0..400usize {
        let (ac, an) = states[e % 5];
        let (rc, rn) = states[(e / 5 + 1 + e % 5) % 5];
        let t = types[(e / 25) % 5];
        let start = date_interval("2026-01-01").unwrap().0;
        // Events of one kind lie at least 3 days apart.
        let d = start + (e as i32) * 3;
        let date = chrono::NaiveDate::from_num_days_from_ce_opt(d).unwrap();
        for o in 0..5usize {
            let pubd = chrono::NaiveDate::from_num_days_from_ce_opt(d + o as i32).unwrap();
            let mut r = report(
                &format!("doc-{e}-{o}.txt"),
                &pubd.to_string(),
                o,
                &format!("Report {o} of event {e}."),
                t,
                Some(state(an, ac)),
                Some(state(rn, rc)),
                Some(&date.to_string()),
            );
            r.event.prov.id = format!("e-{e}-{o}");
            reports.push(r);
        }
    }
    assert_eq!(reports.len(), 2000);
    let (cs, stats) = cluster_events_counted(&reports, &ClusterOptions::default());
    let n = reports.len();
    assert!(
        stats.comparisons < n * (n - 1) / 2 / 20,
        "{} comparisons",
        stats.comparisons
    );
    // Distinct (type, actor, recipient) triples repeat only far apart, so
    // every event is one cluster of its five reports.
    assert_eq!(cs.len(), 400, "{stats:?}");
    assert!(cs.iter().all(|c| c.reports.len() == 5 && c.outlets == 5));
}
