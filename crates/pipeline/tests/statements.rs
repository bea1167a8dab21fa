//! Statements and silences through the whole pipeline (text, time, entities
//! with the built-in knowledge base, statements), one test per construction.
//! Every sentence here is written for these tests.

use demarche_core::{Document, Found, QuoteForm, QuoteRecord, Record, SilenceRecord, Stance};
use demarche_kb::Kb;
use demarche_pipeline::Pipeline;
use std::sync::{Arc, OnceLock};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Arc::new(Kb::builtin().expect("built-in knowledge base"))))
}

fn run_dated(text: &str, published: &str) -> (Vec<QuoteRecord>, Vec<SilenceRecord>) {
    let mut doc = Document::new("t.txt", text);
    doc.meta.published = Some(Found::new(published.to_string(), "test"));
    let mut quotes = Vec::new();
    let mut silences = Vec::new();
    for r in pipeline().records(&mut doc) {
        match r {
            Record::Quote(q) => quotes.push(q),
            Record::Silence(s) => silences.push(s),
            _ => {}
        }
    }
    (quotes, silences)
}

fn run(text: &str) -> (Vec<QuoteRecord>, Vec<SilenceRecord>) {
    run_dated(text, "2026-02-10")
}

/// The quote whose content contains `needle`.
fn quote<'a>(qs: &'a [QuoteRecord], needle: &str) -> &'a QuoteRecord {
    qs.iter()
        .find(|q| q.content.contains(needle))
        .unwrap_or_else(|| panic!("no quote containing {needle:?} in {qs:#?}"))
}

fn silence<'a>(ss: &'a [SilenceRecord], needle: &str) -> &'a SilenceRecord {
    ss.iter()
        .find(|s| s.evidence.contains(needle))
        .unwrap_or_else(|| panic!("no silence containing {needle:?} in {ss:#?}"))
}

fn speaker(q: &QuoteRecord) -> &str {
    q.speaker.as_deref().unwrap_or("")
}

// ---- direct quotations ----

#[test]
fn direct_quote_with_cue_after_resolves_speaker_office_and_country() {
    let (qs, _) = run("“We will answer this provocation,” Sergei Lavrov said on Monday.");
    let q = quote(&qs, "answer this provocation");
    assert_eq!(q.form, QuoteForm::Direct);
    assert_eq!(speaker(q), "Sergei Lavrov");
    assert_eq!(q.speaker_id.as_deref(), Some("person:sergei-lavrov"));
    assert_eq!(q.speaker_country.as_deref(), Some("RUS"));
    assert_eq!(
        q.speaker_office.as_deref(),
        Some("Foreign Minister of Russia")
    );
    assert_eq!(q.cue.as_deref(), Some("said"));
    assert!(!q.content.contains('“') && !q.content.contains('”'));
}

#[test]
fn office_is_the_one_held_on_the_publication_date() {
    let text = "“The sanctions will hurt Europe first,” Dmitry Medvedev said.";
    let (then, _) = run_dated(text, "2015-03-02");
    let (now, _) = run_dated(text, "2026-02-10");
    let office = |qs: &[QuoteRecord]| quote(qs, "sanctions").speaker_office.clone();
    assert_eq!(office(&then).as_deref(), Some("Prime Minister of Russia"));
    assert_eq!(
        office(&now).as_deref(),
        Some("Deputy Chairman of the Security Council of Russia")
    );
}

#[test]
fn inverted_cue_and_straight_quotes() {
    let (qs, _) = run("\"Nobody asked us,\" said Dmitry Peskov, the Kremlin spokesman.");
    let q = quote(&qs, "Nobody asked us");
    assert_eq!(speaker(q), "Dmitry Peskov");
    assert_eq!(q.form, QuoteForm::Direct);
}

#[test]
fn quote_split_around_its_cue_is_one_record_with_two_parts() {
    let (qs, _) =
        run("“The talks are over,” Maria Zakharova said, “and the responsibility lies with Kyiv.”");
    let parts: Vec<_> = qs
        .iter()
        .filter(|q| q.content.contains("talks are over"))
        .collect();
    assert_eq!(parts.len(), 1, "{qs:#?}");
    assert!(parts[0].content.contains("responsibility lies with Kyiv"));
    assert_eq!(speaker(parts[0]), "Maria Zakharova");
}

#[test]
fn colon_cue_and_multi_paragraph_quote_is_one_record() {
    let text = "Antonio Guterres wrote in a letter to the council: “The fighting must stop now.\n\n“Every day of delay costs lives.”";
    let (qs, _) = run(text);
    let q = quote(&qs, "fighting must stop");
    assert!(q.content.contains("Every day of delay"), "{q:#?}");
    assert_eq!(speaker(q), "António Guterres");
    assert_eq!(q.form, QuoteForm::Direct);
}

#[test]
fn multi_sentence_quote_and_pronoun_speaker() {
    let text = "Sergei Lavrov met his Turkish counterpart in Antalya. “We discussed Syria. We discussed grain,” he told reporters.";
    let (qs, _) = run(text);
    let q = quote(&qs, "We discussed Syria");
    assert!(q.content.contains("grain"));
    assert_eq!(speaker(q), "Sergei Lavrov");
    assert_eq!(q.speaker_text.as_deref(), Some("he"));
    assert_eq!(q.to.as_deref(), Some("reporters"));
}

// ---- indirect and mixed ----

#[test]
fn indirect_speech_with_that_and_without() {
    let (qs, _) = run(
        "Volodymyr Zelensky said that the strike had hit a hospital. Emmanuel Macron argued the ceasefire was within reach.",
    );
    let a = quote(&qs, "the strike had hit a hospital");
    assert_eq!(a.form, QuoteForm::Indirect);
    assert_eq!(speaker(a), "Volodymyr Zelensky");
    let b = quote(&qs, "ceasefire was within reach");
    assert_eq!(speaker(b), "Emmanuel Macron");
    assert_eq!(b.cue.as_deref(), Some("argued"));
}

#[test]
fn mixed_quote() {
    let (qs, _) =
        run("Mark Rutte said the incursion was “reckless and dangerous” and had to stop.");
    let q = quote(&qs, "reckless and dangerous");
    assert_eq!(q.form, QuoteForm::Mixed);
    assert_eq!(speaker(q), "Mark Rutte");
}

#[test]
fn nested_attribution_gives_a_record_for_each_level() {
    let (qs, _) = run("Fiona Hill said Sergei Lavrov had hinted that Moscow would accept a trade.");
    let outer = quote(&qs, "had hinted");
    assert_eq!(speaker(outer), "Fiona Hill");
    let inner = qs
        .iter()
        .find(|q| speaker(q) == "Sergei Lavrov")
        .unwrap_or_else(|| panic!("{qs:#?}"));
    assert!(inner.content.contains("Moscow would accept a trade"));
}

// ---- cues and channels ----

#[test]
fn cues_as_written() {
    let text = "Dmitry Medvedev quipped that Europe had forgotten how winter feels. \
                Maria Zakharova wrote on Telegram that the report was a fabrication. \
                Dmitry Peskov noted that the Kremlin had not been consulted. \
                Sergei Shoigu warned that any attack would be answered.";
    let (qs, _) = run(text);
    assert_eq!(
        quote(&qs, "forgotten how winter").cue.as_deref(),
        Some("quipped")
    );
    let z = quote(&qs, "report was a fabrication");
    assert_eq!(z.cue.as_deref(), Some("wrote"));
    assert_eq!(z.to.as_deref(), Some("Telegram"));
    assert_eq!(
        quote(&qs, "not been consulted").cue.as_deref(),
        Some("noted")
    );
    let w = quote(&qs, "any attack would be answered");
    assert_eq!(w.cue.as_deref(), Some("warned"));
    assert_eq!(w.stance, Some(Stance::Threaten));
}

#[test]
fn according_to_and_in_a_statement() {
    let text = "According to Kaja Kallas, the sanctions package is ready. \
                The ministry said in a statement that the embassy would stay open.";
    let (qs, _) = run(text);
    let a = quote(&qs, "sanctions package is ready");
    assert_eq!(a.cue.as_deref(), Some("According to"));
    assert_eq!(speaker(a), "Kaja Kallas");
    let b = quote(&qs, "embassy would stay open");
    assert_eq!(b.to.as_deref(), Some("a statement"));
    assert_eq!(b.speaker_text.as_deref(), Some("The ministry"));
}

#[test]
fn interview_and_social_media_channels() {
    let text = "Sergei Lavrov said in an interview with TASS that the door remained open. \
                Donald Trump posted on X that the deal was done.";
    let (qs, _) = run(text);
    assert_eq!(quote(&qs, "door remained open").to.as_deref(), Some("TASS"));
    let t = quote(&qs, "deal was done");
    assert_eq!(speaker(t), "Donald Trump");
    assert_eq!(t.to.as_deref(), Some("X"));
}

// ---- speakers: descriptions, bodies, anonymous sources ----

#[test]
fn descriptions_resolve_through_the_knowledge_base() {
    let text = "Vladimir Putin met the governor in the Kremlin on Tuesday. \
                The Russian leader said the region would get new funds. \
                Sergei Lavrov flew to Ankara. The senior diplomat told reporters that talks would resume.";
    let (qs, _) = run(text);
    let a = quote(&qs, "region would get new funds");
    assert_eq!(speaker(a), "Vladimir Putin");
    assert_eq!(a.speaker_text.as_deref(), Some("The Russian leader"));
    assert_eq!(speaker(quote(&qs, "talks would resume")), "Sergei Lavrov");
}

#[test]
fn bodies_speak() {
    let text = "The Kremlin said the meeting had been postponed. \
                Russia's Foreign Ministry said it regretted the decision. \
                “We call on all sides to show restraint,” the ministry said.";
    let (qs, _) = run(text);
    let k = quote(&qs, "meeting had been postponed");
    assert_eq!(k.speaker_id.as_deref(), Some("org:kremlin"));
    let m = quote(&qs, "regretted the decision");
    assert_eq!(speaker(m), "Russian Ministry of Foreign Affairs");
    let r = quote(&qs, "show restraint");
    assert_eq!(r.stance, Some(Stance::CallForRestraint));
    assert_eq!(r.speaker_text.as_deref(), Some("the ministry"));
}

#[test]
fn anonymous_and_group_speakers_keep_their_phrase() {
    let text = "Sources familiar with the talks said a draft had been agreed. \
                Western diplomats said the vote would be delayed.";
    let (qs, _) = run(text);
    let a = quote(&qs, "draft had been agreed");
    assert!(
        speaker(a).to_lowercase().starts_with("sources familiar"),
        "{a:#?}"
    );
    assert!(a.speaker_id.is_none());
    assert_eq!(
        speaker(quote(&qs, "vote would be delayed")),
        "Western diplomats"
    );
}

#[test]
fn a_name_in_apposition_to_a_role_is_the_speaker() {
    let (qs, _) = run(
        "Latvia’s defence minister, Andris Sprūds, said that the drones had come from the east.",
    );
    let q = quote(&qs, "drones had come from the east");
    assert_eq!(speaker(q), "Andris Sprūds");
}

// ---- stances ----

#[test]
fn stances_from_verbs_and_content() {
    let text = "Sergei Lavrov condemned the strike. \
                Antonio Guterres said he was deeply concerned by the fighting. \
                Xi Jinping praised the agreement. \
                Emmanuel Macron urged Tehran to release the detainees. \
                Dmitry Peskov denied that troops had crossed the border. \
                Recep Tayyip Erdogan called for restraint on both sides. \
                Viktor Orban pledged to back the pipeline.";
    let (qs, _) = run(text);
    let st = |n: &str| quote(&qs, n).stance;
    assert_eq!(st("the strike"), Some(Stance::Condemn));
    assert_eq!(st("deeply concerned"), Some(Stance::Concern));
    assert_eq!(st("the agreement"), Some(Stance::Praise));
    assert_eq!(st("release the detainees"), Some(Stance::Demand));
    assert_eq!(st("troops had crossed"), Some(Stance::Deny));
    assert_eq!(st("on both sides"), Some(Stance::CallForRestraint));
    assert_eq!(st("back the pipeline"), Some(Stance::Support));
}

// ---- silences ----

#[test]
fn silences_of_every_kind_with_actor_and_about() {
    let text = "The Kremlin declined to comment on the arrest. \
                Dmitry Peskov did not respond to a request for comment. \
                Beijing has yet to address the seizure of the tanker. \
                Vladimir Putin stayed silent. \
                Tehran offered nothing beyond words. \
                Russia refused to send troops to defend its ally.";
    let (_, ss) = run(text);
    let a = silence(&ss, "declined to comment");
    assert_eq!(a.actor.as_deref(), Some("Kremlin"));
    assert_eq!(a.about.as_deref(), Some("the arrest"));
    assert_eq!(
        silence(&ss, "did not respond").actor.as_deref(),
        Some("Dmitry Peskov")
    );
    let c = silence(&ss, "has yet to address");
    assert_eq!(c.actor.as_deref(), Some("China"));
    assert_eq!(c.about.as_deref(), Some("the seizure of the tanker"));
    assert_eq!(
        silence(&ss, "stayed silent").actor.as_deref(),
        Some("Vladimir Putin")
    );
    assert_eq!(
        silence(&ss, "nothing beyond words").actor.as_deref(),
        Some("Iran")
    );
    let r = silence(&ss, "refused to send troops");
    assert_eq!(r.actor.as_deref(), Some("Russia"));
    assert_eq!(r.actor_country.as_deref(), Some("RUS"));
}

#[test]
fn negated_acts_of_help_are_silences_but_hedged_ones_are_not() {
    let text = "Moscow did not immediately respond. \
                Russia was unable to dedicate troops to the defence of Damascus. \
                The Kremlin was never going to intervene on Maduro's behalf. \
                Russia may not intervene this time. \
                The government did not extend the deadline.";
    let (_, ss) = run(text);
    assert_eq!(
        silence(&ss, "did not immediately respond").actor.as_deref(),
        Some("Russia")
    );
    assert!(ss.iter().any(|s| s.evidence.contains("unable to dedicate")));
    assert!(ss
        .iter()
        .any(|s| s.evidence.contains("never going to intervene")));
    assert!(
        !ss.iter().any(|s| s.evidence.contains("may not intervene")),
        "{ss:#?}"
    );
    assert!(
        !ss.iter().any(|s| s.evidence.contains("deadline")),
        "{ss:#?}"
    );
}

#[test]
fn negative_objects_and_lack_of_a_response_are_silences() {
    let text = "Ali Khamenei made no reference to the strikes in his speech. \
                The lack of a coherent official Kremlin response surprised allies. \
                There was no reaction from the Elysee.";
    let (_, ss) = run(text);
    assert_eq!(
        silence(&ss, "made no reference").actor.as_deref(),
        Some("Ali Khamenei")
    );
    assert!(
        ss.iter().any(|s| s.evidence.contains("lack of a coherent")),
        "{ss:#?}"
    );
    assert!(
        ss.iter().any(|s| s.evidence.contains("no reaction from")),
        "{ss:#?}"
    );
}

// ---- robustness ----

#[test]
fn apostrophes_headline_quotes_and_unbalanced_marks() {
    let text = "Voters' anger grows as ‘peace plan’ stalls\n\n\
                The voters' mood soured, and the so-called \"peace plan\" stalled. \
                \"This will not stand, Olaf Scholz said.\n\n\
                “We are ready,” Kaja Kallas said.";
    let (qs, _) = run(text);
    // The headline's scare quotes and the title in quotes have no speaker.
    assert!(
        !qs.iter().any(|q| q.content.contains("peace plan")),
        "{qs:#?}"
    );
    // An unbalanced mark does not shift the quote after it.
    let k = quote(&qs, "We are ready");
    assert_eq!(speaker(k), "Kaja Kallas");
    assert_eq!(k.content, "We are ready");
}

#[test]
fn hypothetical_speech_is_not_a_statement() {
    let (qs, _) = run(
        "Olaf Scholz is expected to say that Germany will send more air defence. \
         Analysts think Beijing may condemn the test.",
    );
    assert!(
        !qs.iter().any(|q| q.content.contains("more air defence")),
        "{qs:#?}"
    );
    assert!(
        !qs.iter().any(|q| q.content.contains("condemn the test")),
        "{qs:#?}"
    );
}

#[test]
fn one_person_under_three_name_forms_is_one_speaker() {
    let text = "Russian Foreign Minister Sergei Lavrov arrived in Cairo on Monday. \
                Lavrov said the talks had been useful. \
                “We will return,” the minister told reporters. \
                Later, Russia's top diplomat said Egypt was a friend.";
    let (qs, _) = run(text);
    let ids: std::collections::BTreeSet<_> = qs
        .iter()
        .filter(|q| {
            [
                "talks had been useful",
                "We will return",
                "Egypt was a friend",
            ]
            .iter()
            .any(|n| q.content.contains(n))
        })
        .map(|q| q.speaker_id.clone())
        .collect();
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        vec![Some("person:sergei-lavrov".to_string())],
        "{qs:#?}"
    );
}
