use super::*;
use demarche_core::{Document, Found};

const TEST_KB: &str = r#"
[[actor]]
id = "RUS"
kind = "country"
name = "Russia"
adjectives = ["Russian"]
demonyms = ["Russians"]
metonyms = ["Moscow", "the Kremlin", "Kremlin"]
country = "RUS"
sector = "GOV"

[[actor]]
id = "USA"
kind = "country"
name = "United States"
aliases = ["the United States"]
abbreviations = ["US", "U.S."]
adjectives = ["American", "U.S.", "US"]
metonyms = ["Washington"]
country = "USA"
sector = "GOV"

[[actor]]
id = "TUR"
kind = "country"
name = "Turkey"
adjectives = ["Turkish"]
metonyms = ["Ankara"]
country = "TUR"
sector = "GOV"

[[actor]]
id = "place:moscow"
kind = "place"
name = "Moscow"
country = "RUS"

[[actor]]
id = "org:kremlin"
kind = "body"
name = "Kremlin"
aliases = ["the Kremlin"]
country = "RUS"
sector = "GOV"

[[actor]]
id = "org:rus-mfa"
kind = "body"
name = "Russian Ministry of Foreign Affairs"
aliases = ["Russian Foreign Ministry", "Russia's Foreign Ministry"]
country = "RUS"
sector = "GOV"

[[actor]]
id = "igo:nato"
kind = "igo"
name = "NATO"
aliases = ["the North Atlantic Alliance"]
country = "IGO"
sector = "IGO"

[[actor]]
id = "person:vladimir-putin"
kind = "person"
name = "Vladimir Putin"
aliases = ["Putin"]
country = "RUS"
sector = "GOV"
roles = [{ office = "President", kind = "head_of_state", country = "RUS", from = "2012-05-07", source = "test" }]

[[actor]]
id = "person:sergey-lavrov"
kind = "person"
name = "Sergey Lavrov"
country = "RUS"
sector = "GOV"
roles = [{ office = "Foreign Minister", kind = "foreign_minister", country = "RUS", from = "2004-03-09", source = "test" }]
"#;

fn kb() -> Kb {
    Kb::builtin().unwrap_or_else(|_| Kb::empty())
}

fn test_kb() -> Kb {
    let mut kb = Kb::empty();
    kb.add_toml(TEST_KB, "test.toml").expect("test kb parses");
    kb
}

fn run(kb: &Kb, text: &str) -> Document {
    let mut doc = Document::new("t", text);
    demarche_text::segment(&mut doc);
    doc.anchor = Some(Found::new("2026-01-10".to_string(), "test"));
    Recognizer::new(kb).annotate(&mut doc, kb);
    doc
}

type Row = (String, String, String, Option<String>);

/// (mention text, entity name, "Type/Kind", country) per mention.
fn dump(doc: &Document) -> Vec<Row> {
    doc.mentions
        .iter()
        .map(|m| {
            let e = &doc.entities[m.entity as usize];
            (
                doc.slice(m.span).to_string(),
                e.name.clone(),
                format!("{:?}/{:?}", e.etype, m.kind),
                e.country.clone(),
            )
        })
        .collect()
}

/// The mention whose text is `text`: (entity name, "Type/Kind", country).
fn find(doc: &Document, text: &str) -> Option<(String, String, Option<String>)> {
    dump(doc)
        .into_iter()
        .find(|r| r.0 == text)
        .map(|r| (r.1, r.2, r.3))
}

fn rus() -> Option<String> {
    Some("RUS".to_string())
}

#[test]
fn links_names_with_case_rules() {
    let kb = test_kb();
    let doc = run(
        &kb,
        "Turkey and the US signed a deal. We ate turkey with us at home.",
    );
    assert_eq!(
        find(&doc, "Turkey").map(|r| r.0),
        Some("Turkey".to_string())
    );
    assert_eq!(
        find(&doc, "US").map(|r| r.0),
        Some("United States".to_string())
    );
    assert!(find(&doc, "turkey").is_none());
    assert!(find(&doc, "us").is_none());
}

#[test]
fn capital_as_actor_or_as_place() {
    let kb = test_kb();
    let doc = run(
        &kb,
        "Moscow rejected the offer on Monday. The envoy later flew to Moscow for more talks.",
    );
    assert_eq!(
        find(&doc, "Moscow"),
        Some(("Russia".into(), "Country/Metonym".into(), rus()))
    );
    let places: Vec<_> = dump(&doc)
        .into_iter()
        .filter(|r| r.2 == "Place/Name")
        .collect();
    assert_eq!(places.len(), 1, "{places:?}");
    let doc = run(
        &kb,
        "Moscow's answer came late, and the Kremlin kept silent.",
    );
    assert_eq!(
        find(&doc, "Moscow"),
        Some(("Russia".into(), "Country/Metonym".into(), rus()))
    );
    assert_eq!(
        find(&doc, "the Kremlin").map(|r| r.0),
        Some("Kremlin".to_string())
    );
}

#[test]
fn adjective_with_actor_noun() {
    let kb = test_kb();
    let doc = run(
        &kb,
        "Senior Russian officials met the delegation. The Russian economy slowed.",
    );
    assert_eq!(
        find(&doc, "Russian officials"),
        Some(("Russia".into(), "Country/Demonym".into(), rus()))
    );
    assert!(!dump(&doc)
        .iter()
        .any(|r| r.0.contains("economy") || r.0 == "Russian"));
    let doc = run(&kb, "The Russians were not consulted.");
    assert_eq!(
        find(&doc, "The Russians").map(|r| r.1),
        Some("Country/Demonym".to_string())
    );
}

#[test]
fn title_and_name_are_one_mention() {
    let kb = test_kb();
    let doc = run(&kb, "Russian President Vladimir Putin spoke with US Secretary of State Walter Brennick on Friday.");
    assert_eq!(
        find(&doc, "Russian President Vladimir Putin").map(|r| r.0),
        Some("Vladimir Putin".to_string())
    );
    let b = find(&doc, "US Secretary of State Walter Brennick").expect("titled unknown person");
    assert_eq!(
        b,
        (
            "Walter Brennick".into(),
            "Person/Name".into(),
            Some("USA".into())
        )
    );
    assert!(find(&doc, "Russian").is_none());
    let e = doc
        .entities
        .iter()
        .find(|e| e.name == "Vladimir Putin")
        .expect("putin");
    assert_eq!(e.office.as_deref(), Some("President of Russia"));
}

#[test]
fn unknown_people_and_organisations() {
    let kb = test_kb();
    let text = "“The talks are stalled,” said Quillon Ferraby, a senior fellow at the Harwick Institute for Peace Studies. \
                Ferraby added that the mood had soured. She said she expected no deal.";
    let doc = run(&kb, text);
    assert_eq!(
        find(&doc, "Quillon Ferraby").map(|r| r.1),
        Some("Person/Name".to_string())
    );
    assert_eq!(
        find(&doc, "Harwick Institute for Peace Studies").map(|r| r.1),
        Some("Org/Name".to_string())
    );
    assert_eq!(
        find(&doc, "Ferraby").map(|r| (r.0, r.1)),
        Some(("Quillon Ferraby".into(), "Person/Partial".into()))
    );
    assert_eq!(
        find(&doc, "She").map(|r| r.0),
        Some("Quillon Ferraby".to_string())
    );
}

#[test]
fn events_regimes_and_places() {
    let kb = test_kb();
    let doc = run(&kb, "Operation Winter Shield began after the fall of the Karlsson regime, officials in Kestrel Bay said.");
    assert_eq!(
        find(&doc, "Operation Winter Shield").map(|r| r.1),
        Some("Event/Name".to_string())
    );
    assert_eq!(
        find(&doc, "Kestrel Bay").map(|r| r.1),
        Some("Place/Name".to_string())
    );
    let doc = run(
        &kb,
        "Critics of President Anton Karlsson said the Karlsson regime had collapsed.",
    );
    assert_eq!(
        find(&doc, "the Karlsson regime").map(|r| (r.0, r.1)),
        Some(("Karlsson regime".into(), "Org/Name".into()))
    );
}

#[test]
fn descriptions_resolve_through_dated_roles() {
    let kb = test_kb();
    let doc = run(&kb, "Officials said the Russian leader would not attend. Later the Russian foreign minister called Ankara.");
    assert_eq!(
        find(&doc, "the Russian leader"),
        Some(("Vladimir Putin".into(), "Person/Description".into(), rus()))
    );
    assert_eq!(
        find(&doc, "the Russian foreign minister").map(|r| r.0),
        Some("Sergey Lavrov".to_string())
    );
}

#[test]
fn organisation_heads_corefer() {
    let kb = test_kb();
    let doc = run(&kb, "Russia's Foreign Ministry issued a statement. The statement of the ministry was short. NATO met; the alliance said little.");
    assert_eq!(
        find(&doc, "the ministry").map(|r| r.0),
        Some("Russian Ministry of Foreign Affairs".to_string())
    );
    assert_eq!(
        find(&doc, "the alliance").map(|r| r.0),
        Some("NATO".to_string())
    );
    let nato = doc
        .entities
        .iter()
        .find(|e| e.name == "NATO")
        .expect("nato");
    assert_eq!(nato.country, None);
}

#[test]
fn pronouns_need_an_antecedent() {
    let kb = test_kb();
    let doc = run(
        &kb,
        "He left early. Vladimir Putin arrived at noon. He spoke for an hour, and it was long.",
    );
    let he: Vec<_> = dump(&doc).into_iter().filter(|r| r.0 == "He").collect();
    assert_eq!(he.len(), 1, "{he:?}");
    assert_eq!(he[0].1, "Vladimir Putin");
    assert!(find(&doc, "it").is_none());
}

#[test]
fn page_furniture_and_links_are_not_entities() {
    let kb = test_kb();
    let doc = run(
        &kb,
        "Previous\n\nNext\n\nCategory\nWorld\n\nSee https://example.org/Moscow/Russia for more.",
    );
    assert!(doc.entities.is_empty(), "{:?}", dump(&doc));
}

#[test]
fn mentions_are_sorted_and_disjoint() {
    let kb = test_kb();
    let doc = run(&kb, "Russian President Vladimir Putin met Turkish officials in Moscow. Putin said Russia wants calm, and Washington agreed.");
    for w in doc.mentions.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "overlap: {:?}",
            dump(&doc)
        );
    }
    assert!(doc
        .mentions
        .iter()
        .all(|m| (m.entity as usize) < doc.entities.len()));
}

/// A long document (speed is measured by `cargo bench -p demarche-pipeline`,
/// not here): every repeat of the paragraph yields the same mentions.
#[test]
fn long_documents_keep_every_mention() {
    let kb = kb();
    let rec = Recognizer::new(&kb);
    let para = "Russian President Vladimir Putin met Turkish officials in Moscow on Tuesday, the Kremlin said. \
                “We will respond,” said Quillon Ferraby, a professor at Harwick University. He added that Washington \
                and the European Union had been informed. ";
    let one = {
        let mut doc = Document::new("one", para);
        demarche_text::segment(&mut doc);
        rec.annotate(&mut doc, &kb);
        doc.mentions.len()
    };
    let mut doc = Document::new("big", para.repeat(400));
    demarche_text::segment(&mut doc);
    rec.annotate(&mut doc, &kb);
    assert!(one > 0);
    assert_eq!(doc.mentions.len(), one * 400);
}

/// Prints every mention of the seed articles (`DUMP=1`, `SEED=prefix`, run
/// with `--nocapture`) and checks that each yields entities. Skips when the
/// seeds are absent.
#[test]
fn seeds_dump() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("seeds not found at {}: skipped", dir.display());
        return;
    };
    let kb = kb();
    let rec = Recognizer::new(&kb);
    let only = std::env::var("SEED").unwrap_or_default();
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if !name.starts_with(&only) {
            continue;
        }
        let Some(Ok(mut doc)) = demarche_ingest::read_path(&p).next() else {
            continue;
        };
        demarche_text::segment(&mut doc);
        demarche_time::annotate(&mut doc);
        rec.annotate(&mut doc, &kb);
        assert!(!doc.entities.is_empty(), "{name}: no entities");
        if std::env::var("DUMP").is_ok() {
            println!("== {name}");
            for (t, n, k, c) in dump(&doc) {
                println!("{t:?} -> {n} [{k}] {c:?}");
            }
        }
    }
}

#[test]
fn odd_input_never_panics() {
    let kb = test_kb();
    for text in [
        "",
        " ",
        "’s",
        "-",
        "Moscow",
        "the",
        "Mr.",
        "\u{a0}Putin’",
        "ÉÉÉ Moscow’s “",
        "A. B. C. D. E.",
    ] {
        let doc = run(&kb, text);
        assert!(doc
            .mentions
            .iter()
            .all(|m| m.span.end as usize <= text.len()));
    }
    // Without the text stage (no sentences, no tokens).
    let mut doc = Document::new("raw", "Vladimir Putin spoke. He said Moscow would wait.");
    Recognizer::new(&kb).annotate(&mut doc, &kb);
    assert!(doc.entities.iter().any(|e| e.name == "Vladimir Putin"));
}

#[test]
fn datelines_credits_and_appositions() {
    let kb = test_kb();
    let text = "MOSCOW (AP) — Officials met on Monday to weigh new sanctions.\n\n\
“We cannot wait,” said Marta Kowalewska, a researcher at the Polish Institute of Regional Affairs. \
Kowalewska said talks would resume. She gave no date.\n\nPhoto: AP Photo/Yves Lambrecht";
    let doc = run(&kb, text);
    assert_eq!(
        find(&doc, "MOSCOW"),
        Some(("Moscow".into(), "Place/Name".into(), rus()))
    );
    assert_eq!(
        find(&doc, "Marta Kowalewska").map(|r| r.1),
        Some("Person/Name".to_string())
    );
    assert_eq!(
        find(&doc, "Polish Institute of Regional Affairs").map(|r| r.1),
        Some("Org/Name".to_string())
    );
    assert_eq!(
        find(&doc, "She").map(|r| r.0),
        Some("Marta Kowalewska".to_string())
    );
    assert_eq!(
        find(&doc, "Yves Lambrecht").map(|r| r.1),
        Some("Person/Name".to_string())
    );
}

#[test]
fn a_states_institutions_are_its_bodies() {
    let kb = kb();
    let doc = run(
        &kb,
        "Minsk's foreign ministry summoned the envoy. The Chinese embassy in Manila \
         protested. The Iranian parliament voted on Sunday, while the Venezuelan government \
         stayed silent. Russia's desire to court Beijing is old.",
    );
    let m = find(&doc, "Minsk's foreign ministry").expect("ministry");
    assert_eq!(m.0, "Belarusian Ministry of Foreign Affairs");
    let e = find(&doc, "The Chinese embassy").expect("embassy");
    assert_eq!((e.1.as_str(), e.2.as_deref()), ("Org/Name", Some("CHN")));
    let p = find(&doc, "The Iranian parliament").expect("parliament");
    assert_eq!((p.1.as_str(), p.2.as_deref()), ("Org/Name", Some("IRN")));
    let g = find(&doc, "the Venezuelan government").expect("government");
    assert_eq!(g.0, "Venezuela", "a state noun stands for the state");
    assert!(
        dump(&doc).iter().all(|r| !r.0.contains("court")),
        "'court' as a verb is no court: {:?}",
        dump(&doc)
    );
}

#[test]
fn place_nouns_state_titles_and_possessive_descriptions() {
    let kb = kb();
    let doc = run(
        &kb,
        "Poland said the drones fell near the town of Zarnowka and in Kielno province, and Warsaw \
         protested. \
         Interior Minister Tomasz Wrobelski visited the site. Germany's defence minister \
         said Berlin would help, and Mark Rutte agreed.",
    );
    let t = find(&doc, "Zarnowka").expect("town");
    assert_eq!((t.1.as_str(), t.2.as_deref()), ("Place/Name", Some("POL")));
    let p = find(&doc, "Kielno").expect("province");
    assert_eq!(p.1, "Place/Name");
    let m = find(&doc, "Interior Minister Tomasz Wrobelski").expect("minister");
    assert_eq!(
        m.2.as_deref(),
        Some("POL"),
        "a state title takes the document's state"
    );
    // The state keeps its mention; the description is the person's.
    assert_eq!(
        find(&doc, "Germany").map(|g| g.0),
        Some("Germany".to_string())
    );
    assert!(find(&doc, "defence minister").is_some(), "{:?}", dump(&doc));
    // An official of an international organisation has a nationality.
    assert_eq!(
        find(&doc, "Mark Rutte").and_then(|r| r.2),
        Some("NLD".to_string())
    );
}

#[test]
fn a_generic_body_name_before_a_title_is_the_persons_states() {
    let kb = kb();
    let doc = run(
        &kb,
        "Iran condemned the strikes. Foreign Ministry spokesperson Esmaeil Baghaei said \
         Tehran would respond.",
    );
    let m = find(&doc, "Foreign Ministry").expect("ministry");
    assert_eq!(m.0, "Iranian Ministry of Foreign Affairs");
}
