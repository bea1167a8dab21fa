//! Unit tests on invented sentences. Mentions are made by a tiny helper
//! (every occurrence of the listed names), so the tests do not depend on
//! the entity stage.

use super::*;
use demarche_core::{Entity, EntityType, Mention, MentionKind, QuoteForm, Stance};

fn doc_with(text: &str, names: &[(&str, EntityType, &[&str])]) -> Document {
    let mut doc = Document::new("t", text);
    demarche_text::segment(&mut doc);
    let mut mentions = Vec::new();
    for (i, (name, et, aliases)) in names.iter().enumerate() {
        doc.entities.push(Entity {
            name: name.to_string(),
            etype: *et,
            country: None,
            kb_id: None,
            sector: None,
            office: None,
        });
        for a in std::iter::once(name).chain(aliases.iter()) {
            for (p, _) in text.match_indices(a) {
                let ok_before = text[..p]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let ok_after = text[p + a.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if ok_before && ok_after {
                    mentions.push(Mention {
                        span: Span::new(p, p + a.len()),
                        entity: i as u32,
                        kind: MentionKind::Name,
                    });
                }
            }
        }
    }
    mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    doc.mentions = mentions;
    doc
}

fn run(doc: &mut Document) {
    let st = Statements::new();
    st.annotate(doc, &Kb::empty());
}

fn contents(doc: &Document) -> Vec<String> {
    doc.quotes
        .iter()
        .map(|q| {
            q.content
                .iter()
                .map(|s| text_of(doc, *s))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

fn speaker(doc: &Document, i: usize) -> String {
    let q = &doc.quotes[i];
    match q.speaker {
        Some(e) => doc.entities[e as usize].name.clone(),
        None => q.speaker_name.clone().unwrap_or_default(),
    }
}

const P: EntityType = EntityType::Person;
const C: EntityType = EntityType::Country;
const O: EntityType = EntityType::Org;

#[test]
fn lexicon_compiles() {
    let l = Lexicon::load();
    assert!(l.cues.len() > 300);
}

#[test]
fn direct_after_quote() {
    let mut d = doc_with(
        "“The harbour will reopen next week,” Maria Lopez said. Later she left.",
        &[("Maria Lopez", P, &["Lopez"])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["The harbour will reopen next week"]);
    assert_eq!(d.quotes[0].form, QuoteForm::Direct);
    assert_eq!(speaker(&d, 0), "Maria Lopez");
    assert_eq!(text_of(&d, d.quotes[0].cue.unwrap()), "said");
}

#[test]
fn direct_inverted_with_apposition() {
    let mut d = doc_with(
        "“Nobody expected the vote to fail,” said Tom Okafor, a lecturer at Leeds University.",
        &[("Tom Okafor", P, &[]), ("Leeds University", O, &[])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["Nobody expected the vote to fail"]);
    assert_eq!(speaker(&d, 0), "Tom Okafor");
}

#[test]
fn direct_split_around_cue_is_one_record() {
    let mut d = doc_with(
        "“The first stage is over,” Lopez said, “and the second will be harder.”",
        &[("Lopez", P, &[])],
    );
    run(&mut d);
    assert_eq!(d.quotes.len(), 1);
    assert_eq!(d.quotes[0].content.len(), 2);
}

#[test]
fn direct_colon_and_continuation() {
    let mut d = doc_with(
        "Lopez told reporters: “We are ready.” Then the minister left.\n\n“We will not wait,” Lopez said in a statement. “Time is short.”",
        &[("Lopez", P, &[])],
    );
    run(&mut d);
    assert_eq!(
        contents(&d),
        vec!["We are ready.", "We will not wait", "Time is short."]
    );
    assert_eq!(d.quotes[0].to.as_deref(), Some("reporters"));
    assert_eq!(d.quotes[1].to.as_deref(), Some("a statement"));
    assert_eq!(speaker(&d, 2), "Lopez");
}

#[test]
fn pronoun_speaker_falls_back_to_last_person() {
    let mut d = doc_with(
        "Ana Ruiz, a senator from Lima, spoke on Monday. “The budget is a disgrace,” she told The Daily Post.",
        &[("Ana Ruiz", P, &[]), ("The Daily Post", O, &[]), ("Lima", EntityType::Place, &[])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["The budget is a disgrace"]);
    assert_eq!(speaker(&d, 0), "Ana Ruiz");
    assert_eq!(d.quotes[0].to.as_deref(), Some("The Daily Post"));
    assert_eq!(d.quotes[0].stance, None.or(d.quotes[0].stance));
}

#[test]
fn indirect_said_that_and_added() {
    let mut d = doc_with(
        "Lopez said that the port would stay closed, but added that talks could resume in March.",
        &[("Lopez", P, &[])],
    );
    run(&mut d);
    assert_eq!(
        contents(&d),
        vec!["the port would stay closed", "talks could resume in March"]
    );
    assert_eq!(speaker(&d, 1), "Lopez");
    assert_eq!(text_of(&d, d.quotes[1].cue.unwrap()), "added");
    assert!(d.quotes.iter().all(|q| q.form == QuoteForm::Indirect));
}

#[test]
fn indirect_clause_then_cue() {
    let mut d = doc_with(
        "The new tariffs will hurt farmers most, Okafor said on Tuesday.",
        &[("Okafor", P, &[])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["The new tariffs will hurt farmers most"]);
    assert_eq!(speaker(&d, 0), "Okafor");
}

#[test]
fn object_frames() {
    let mut d = doc_with(
        "Norway denounced the raid as a breach of sovereignty. Ruiz accused Chile of hiding the data — and urged Peru to open an inquiry.",
        &[("Norway", C, &[]), ("Ruiz", P, &[]), ("Chile", C, &[]), ("Peru", C, &[])],
    );
    run(&mut d);
    assert_eq!(
        contents(&d),
        vec![
            "the raid as a breach of sovereignty",
            "Chile of hiding the data",
            "Peru to open an inquiry"
        ]
    );
    assert_eq!(d.quotes[0].stance, Some(Stance::Condemn));
    assert_eq!(d.quotes[2].stance, Some(Stance::Demand));
    assert_eq!(speaker(&d, 2), "Ruiz");
}

#[test]
fn unnamed_group_speaker() {
    let mut d = doc_with(
        "Military analysts have said, however, that the bridge cannot be rebuilt this year.",
        &[],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["the bridge cannot be rebuilt this year"]);
    assert_eq!(speaker(&d, 0), "military analysts");
    assert_eq!(text_of(&d, d.quotes[0].cue.unwrap()), "have said");
}

#[test]
fn mixed_quote() {
    let mut d = doc_with(
        "Ruiz noted that the plan was “dead on arrival” because nobody funded it.",
        &[("Ruiz", P, &[])],
    );
    run(&mut d);
    assert_eq!(d.quotes.len(), 1);
    assert_eq!(d.quotes[0].form, QuoteForm::Mixed);
}

#[test]
fn according_to() {
    let mut d = doc_with(
        "According to the Interior Ministry, four people were arrested overnight.",
        &[("Interior Ministry", O, &[])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["four people were arrested overnight"]);
    assert_eq!(speaker(&d, 0), "Interior Ministry");
}

#[test]
fn speech_noun_that() {
    let mut d = doc_with(
        "The ruling undercut Norway's argument that the fishing zone was never disputed.",
        &[("Norway", C, &[])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["the fishing zone was never disputed"]);
    assert_eq!(speaker(&d, 0), "Norway");
}

#[test]
fn silences() {
    let mut d = doc_with(
        "Okafor himself hasn’t commented on the strike, which his aides called illegal. The ministry's silence on the matter was noted. Chile declined to comment.",
        &[("Okafor", P, &[]), ("Chile", C, &[])],
    );
    run(&mut d);
    let ev: Vec<_> = d.silences.iter().map(|s| text_of(&d, s.span)).collect();
    assert_eq!(
        ev,
        vec![
            "Okafor himself hasn’t commented on the strike",
            "The ministry's silence on the matter",
            "Chile declined to comment"
        ]
    );
    assert_eq!(d.silences[0].actor, Some(0));
    assert_eq!(d.silences[0].about.as_deref(), Some("the strike"));
    assert_eq!(d.silences[2].actor, Some(1));
}

#[test]
fn no_quotes_in_plain_text() {
    let mut d = doc_with(
        "The river rose by two metres overnight and the town flooded.",
        &[],
    );
    run(&mut d);
    assert!(d.quotes.is_empty());
    assert!(d.silences.is_empty());
}

/// Runs the stage over the seed articles (text segmentation only, no
/// entities) and checks that statements are found in each; skipped when the
/// shared corpus is absent. With `DEMARCHE_DUMP=1` prints the records.
#[test]
fn seeds_smoke() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("skipped: {} not found", dir.display());
        return;
    };
    let mut files: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    let st = Statements::new();
    let dump = std::env::var("DEMARCHE_DUMP").is_ok();
    let mut total = 0;
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let mut doc = Document::new(name.clone(), text);
        demarche_text::segment(&mut doc);
        st.annotate(&mut doc, &Kb::empty());
        total += doc.quotes.len();
        if dump {
            for q in &doc.quotes {
                let content: Vec<_> = q.content.iter().map(|s| text_of(&doc, *s)).collect();
                let rec = serde_json::json!({
                    "doc": name, "kind": "quote", "content": content.join(" … "),
                    "speaker": q.speaker_name, "speaker_text": q.speaker_span.map(|s| text_of(&doc, s)),
                    "cue": q.cue.map(|s| text_of(&doc, s)), "form": q.form, "to": q.to, "stance": q.stance,
                });
                println!("DUMP {rec}");
            }
            for s in &doc.silences {
                let rec = serde_json::json!({
                    "doc": name, "kind": "silence", "evidence": text_of(&doc, s.span),
                    "actor": s.actor_name, "actor_text": s.actor_span.map(|x| text_of(&doc, x)), "about": s.about,
                });
                println!("DUMP {rec}");
            }
        }
    }
    assert!(total > 20, "only {total} quotes in the seeds");
}

#[test]
fn nested_attribution_gives_two_records() {
    let mut d = doc_with(
        "Lopez said Okafor hinted that the talks could resume in spring.",
        &[("Lopez", P, &[]), ("Okafor", P, &[])],
    );
    run(&mut d);
    assert_eq!(
        contents(&d),
        vec![
            "Okafor hinted that the talks could resume in spring",
            "the talks could resume in spring"
        ]
    );
    assert_eq!(speaker(&d, 0), "Lopez");
    assert_eq!(speaker(&d, 1), "Okafor");
}

#[test]
fn participle_and_infinitive_cues() {
    let mut d = doc_with(
        "Norway issued a sharp rebuke of the raid, accusing Chile of breaking the treaty. Ruiz used the summit to threaten Peru with new tariffs.",
        &[("Norway", C, &[]), ("Chile", C, &[]), ("Ruiz", P, &[]), ("Peru", C, &[])],
    );
    run(&mut d);
    assert_eq!(
        contents(&d),
        vec![
            "a sharp rebuke of the raid",
            "Chile of breaking the treaty",
            "Peru with new tariffs"
        ]
    );
    assert_eq!(speaker(&d, 1), "Norway");
    assert_eq!(speaker(&d, 2), "Ruiz");
    assert_eq!(d.quotes[2].stance, Some(Stance::Threaten));
}

#[test]
fn no_statement_in_names_passives_or_hypotheticals() {
    let mut d = doc_with(
        "The United States seized a tanker. The envoy was told to wait. Critics are likely to condemn the deal.",
        &[("United States", C, &[])],
    );
    run(&mut d);
    assert!(d.quotes.is_empty(), "{:?}", contents(&d));
}

#[test]
fn apposition_with_inner_comma() {
    let mut d = doc_with(
        "Tom Okafor, a Leeds-based, veteran analyst, observed that “the deal is dead.”",
        &[("Tom Okafor", P, &[])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["the deal is dead."]);
    assert_eq!(d.quotes[0].form, QuoteForm::Direct);
    assert_eq!(speaker(&d, 0), "Tom Okafor");
}

#[test]
fn pronoun_prefers_latest_speaker() {
    let mut d = doc_with(
        "Ana Ruiz opened the session. “The vote is final,” said Tom Okafor. Ruiz left early.\n\n“We will appeal,” he told reporters.",
        &[("Ana Ruiz", P, &["Ruiz"]), ("Tom Okafor", P, &[])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["The vote is final", "We will appeal"]);
    assert_eq!(speaker(&d, 1), "Tom Okafor");
}

#[test]
fn unbalanced_mark_does_not_shift_later_quotes() {
    let mut d = doc_with(
        "The mayor called it “a mess and left.\n\n“Repairs start Monday,” Lopez said.",
        &[("Lopez", P, &[])],
    );
    run(&mut d);
    assert_eq!(contents(&d), vec!["Repairs start Monday"]);
    assert_eq!(speaker(&d, 0), "Lopez");
}

#[test]
fn negated_statements_and_conjoined_actors_are_silences() {
    let mut d = doc_with(
        "Nor did Okafor issue a protest over the arrests. Ruiz and the Interior Ministry have yet to respond to the report.",
        &[("Okafor", P, &[]), ("Ruiz", P, &[]), ("Interior Ministry", O, &[])],
    );
    run(&mut d);
    assert!(d.quotes.is_empty(), "{:?}", contents(&d));
    let ev: Vec<_> = d.silences.iter().map(|s| text_of(&d, s.span)).collect();
    assert_eq!(ev[0], "Nor did Okafor issue a protest over the arrests");
    let actors: Vec<_> = d.silences.iter().map(|s| s.actor).collect();
    assert_eq!(actors, vec![Some(0), Some(1), Some(2)]);
}

#[test]
fn silence_noun_and_muted_responses() {
    let mut d = doc_with(
        "Chile's official reactions to the raid were notably muted. Analysts say Norway's silence on the matter is telling.",
        &[("Chile", C, &[]), ("Norway", C, &[])],
    );
    run(&mut d);
    let ev: Vec<_> = d.silences.iter().map(|s| text_of(&d, s.span)).collect();
    assert_eq!(
        ev,
        vec![
            "Chile's official reactions to the raid were notably muted",
            "Norway's silence on the matter"
        ]
    );
    assert_eq!(d.silences[1].actor, Some(1));
    assert_eq!(speaker(&d, 0), "analysts");
}

#[test]
fn odd_input_does_not_panic() {
    let samples = [
        "",
        "“",
        "” said",
        "\"\"\" ' ’ ‘ said, “ ,” told: “",
        "He said: “\n\n“\n\n”",
        "According to , .",
        "Silence. Silence’s silence. did not comment",
        "« Non », a dit le ministre. 'Quoted' said 'x'",
    ];
    for s in samples {
        let mut d = doc_with(s, &[]);
        run(&mut d);
        for q in &d.quotes {
            assert!(q.content.iter().all(|c| d.text.get(c.range()).is_some()));
        }
    }
}

#[test]
fn a_demand_for_restraint_is_a_call_for_restraint() {
    let mut d = doc_with(
        "Norway's foreign ministry urged both sides to avoid further escalation. Chile urged Peru to release the crew.",
        &[("Norway", C, &[]), ("Chile", C, &[]), ("Peru", C, &[])],
    );
    run(&mut d);
    assert_eq!(d.quotes.len(), 2, "{:?}", contents(&d));
    assert_eq!(d.quotes[0].stance, Some(Stance::CallForRestraint));
    // A demand of something else stays a demand.
    assert_eq!(d.quotes[1].stance, Some(Stance::Demand));
}
