//! Tests of red-flag detection on hand-written sentences.

use super::*;

fn rules() -> &'static Rules {
    static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(Rules::default_rules)
}

fn assess(text: &str) -> Assessment {
    let rules = rules();
    Assessor::new(rules).assess(text)
}

/// (matched text, category name, context word) of each hit.
fn hits(text: &str) -> Vec<(String, String, &'static str)> {
    let rules = rules();
    let assessment = Assessor::new(rules).assess(text);
    assessment
        .hits
        .iter()
        .map(|h| {
            (
                text[h.start..h.end].to_string(),
                rules.categories[usize::from(h.category)].name.clone(),
                h.context.as_str(),
            )
        })
        .collect()
}

#[test]
fn an_affirmed_emergency_is_emergent() {
    let a = assess("my chest feels tight and I can't catch my breath");
    assert_eq!(a.level, Some(Level::Emergent));
    let found = hits("my chest feels tight and I can't catch my breath");
    assert!(found.contains(&("chest feels tight".into(), "cardiac".into(), "affirmed")), "{found:?}");
    assert!(found.contains(&("can't catch my breath".into(), "breathing".into(), "affirmed")), "{found:?}");
}

#[test]
fn negated_phrases_do_not_flag() {
    for text in [
        "no chest pain anymore since the new pill",
        "I don't have any chest pain, just the cough",
        "Denies chest pain.",
        "the chest pain is gone",
    ] {
        let a = assess(text);
        assert_eq!(a.level, None, "{text}: {:?}", a.hits);
        assert!(a.hits.iter().all(|h| h.context == Context::Negated), "{text}: {:?}", a.hits);
        assert!(!a.hits.is_empty(), "negated hits are kept: {text}");
    }
}

#[test]
fn hypothetical_and_historical_phrases_do_not_flag() {
    assert_eq!(hits("should I go to the ER if the chest pain comes back?")[0].2, "hypothetical");
    assert_eq!(hits("call if chest pain")[0].2, "hypothetical");
    assert_eq!(hits("I had chest pain last year but I'm fine now")[0].2, "historical");
    assert_eq!(hits("In 2019 I had a seizure")[0].2, "historical");
    assert_eq!(assess("I had chest pain last year but I'm fine now").level, None);
}

#[test]
fn a_termination_word_ends_the_negation() {
    let a = assess("No fever but I have chest pain");
    assert_eq!(a.level, Some(Level::Emergent));
}

#[test]
fn a_pseudo_trigger_is_not_a_negation() {
    let a = assess("not sure what is going on, chest pain all morning");
    assert_eq!(a.level, Some(Level::Emergent), "{:?}", a.hits);
}

#[test]
fn a_family_member_counts_but_a_neighbor_does_not() {
    let family = assess("my husband has chest pain and can't breathe");
    assert_eq!(family.level, Some(Level::Emergent));
    assert_eq!(family.hits[0].context, Context::OtherPerson { family: true });
    let neighbor = assess("my neighbor's kid has chest pain");
    assert_eq!(neighbor.level, None);
    assert_eq!(neighbor.hits[0].context, Context::OtherPerson { family: false });
}

#[test]
fn words_match_whole_and_across_line_breaks_and_hyphens() {
    assert!(assess("We went to Spain in May").hits.is_empty());
    assert!(assess("I bought a chest of drawers").hits.is_empty());
    assert_eq!(assess("sharp chest\n  pain").level, Some(Level::Emergent));
    assert_eq!(assess("short-of-breath").level, Some(Level::Emergent));
    assert_eq!(assess("CHESTPAIN!!").level, Some(Level::Emergent));
}

#[test]
fn a_weak_phrase_alone_is_urgent_not_emergent() {
    let a = assess("a bit SOB on the stairs");
    assert_eq!(a.level, Some(Level::Urgent));
    assert!(a.hits[0].weight < 100);
}

#[test]
fn patterns_find_what_phrases_cannot() {
    let a = assess("the pain is going down my left arm");
    assert_eq!(a.level, Some(Level::Emergent), "{:?}", a.hits);
}

#[test]
fn emergent_outscores_urgent_and_more_hits_outscore_fewer() {
    let one = assess("chest pain");
    let two = assess("chest pain and I can't breathe");
    let urgent = assess("severe abdominal pain");
    assert!(two.score > one.score);
    assert!(one.score > urgent.score);
    assert_eq!(urgent.level, Some(Level::Urgent));
    assert_eq!(assess("hello").score, 0);
}

#[test]
fn spans_point_at_the_phrase_in_the_original_text() {
    let text = "Zoë: my CHEST  pain is bad";
    let a = assess(text);
    assert_eq!(&text[a.hits[0].start..a.hits[0].end], "CHEST  pain");
}

/// The level and every hit's (text, context) for a message.
fn judged(text: &str) -> (Option<Level>, Vec<(String, &'static str)>) {
    let a = assess(text);
    (a.level, a.hits.iter().map(|h| (text[h.start..h.end].to_string(), h.context.as_str())).collect())
}

#[test]
fn near_rules_find_words_apart_in_either_order() {
    assert_eq!(assess("my chest really hurts").level, Some(Level::Emergent));
    assert_eq!(assess("a crushing pain in the middle of my chest").level, Some(Level::Emergent));
    let (level, hits) = judged("my chest does not hurt anymore");
    assert_eq!(level, None);
    assert_eq!(hits, [("chest does not hurt".to_string(), "negated")]);
}

#[test]
fn chest_pain_twice_is_two_hits_not_three() {
    let (_, hits) = judged("chest pain and chest pain");
    assert_eq!(hits.len(), 2, "{hits:?}");
}

#[test]
fn exceptions_cancel_only_their_own_words() {
    assert!(assess("poison ivy all over my arms").hits.is_empty());
    assert!(assess("refill of my seizure medication please").hits.is_empty());
    let (level, hits) = judged("my seizure meds ran out and I had a seizure today");
    assert_eq!(level, Some(Level::Emergent));
    assert_eq!(hits, [("seizure".to_string(), "affirmed")]);
}

#[test]
fn number_ranges_match_whole_numbers() {
    assert_eq!(assess("my sugar is 480").level, Some(Level::Urgent));
    assert_eq!(assess("my sugar was 42 and I feel shaky").level, Some(Level::Urgent));
    assert_eq!(assess("my sugar is 180").level, None);
    assert_eq!(assess("temp is 104.2 and I am shaking").level, Some(Level::Urgent));
    assert_eq!(assess("temp is 101.2").level, None);
    assert_eq!(assess("my 5 week old has a temp of 100.6").level, Some(Level::Emergent));
    assert_eq!(assess("I have had a fever for 2 weeks").level, None);
}

#[test]
fn pronouns_stand_for_the_person_last_named() {
    let (level, hits) = judged("my neighbor came by and she was slurring her words");
    assert_eq!(level, None);
    assert_eq!(hits[0].1, "other-person");
    // Nobody named: a proxy writing about the patient.
    let (level, hits) = judged("she can't breathe");
    assert_eq!(level, Some(Level::Emergent));
    assert_eq!(hits[0].1, "family-member");
    // A relative of someone else is that person's.
    assert_eq!(judged("my coworker's husband had a heart attack").1[0].1, "other-person");
    assert_eq!(judged("my neighbor's baby has a fever").0, None);
}

#[test]
fn the_writer_speaking_of_themself_is_the_patient() {
    let (level, hits) = judged("my friend told me I have chest pain");
    assert_eq!(level, Some(Level::Emergent));
    assert_eq!(hits[0].1, "affirmed");
    assert_eq!(judged("my friend has chest pain").1[0].1, "other-person");
    assert_eq!(judged("no one is home and I can't breathe").0, Some(Level::Emergent));
}

#[test]
fn adjacent_triggers_reach_only_the_words_right_after_them() {
    assert_eq!(judged("since my heart attack I take aspirin").1[0].1, "historical");
    assert_eq!(judged("after my last seizure I was put on keppra").1[0].1, "historical");
    assert_eq!(judged("since my surgery I have had chest pain").0, Some(Level::Emergent));
}

#[test]
fn a_trigger_overlapping_the_start_of_a_phrase_still_applies() {
    assert_eq!(judged("I do not want to die, just tired").1[0].1, "negated");
    assert_eq!(judged("I don't want to live anymore").0, Some(Level::Emergent));
}

#[test]
fn a_question_after_the_phrase_yields_to_the_writer() {
    assert_eq!(judged("is shortness of breath a side effect of metoprolol").1[0].1, "hypothetical");
    assert_eq!(judged("I have shortness of breath, is it a side effect").0, Some(Level::Emergent));
    assert_eq!(judged("my chest pain comes back when I walk").0, Some(Level::Emergent));
    assert_eq!(judged("call me if the chest pain comes back").0, None);
}

#[test]
fn a_clinic_pattern_is_judged_in_context_like_a_phrase() {
    let text = "[context]\nnegation = [\"no\"]\n[[category]]\nname = \"blood-pressure\"\nlevel = \"urgent\"\n\
                patterns = ['\\b(bp|blood pressure)\\D{0,12}(1[89][0-9]|2[0-9][0-9])/']\n";
    let rules = Rules::parse(text).expect("rules");
    let mut assessor = Assessor::new(&rules);
    let high = assessor.assess("my bp is 195/110 this morning");
    assert_eq!(high.level, Some(Level::Urgent));
    assert_eq!(&"my bp is 195/110 this morning"[high.hits[0].start..high.hits[0].end], "bp is 195/");
    let negated = assessor.assess("no bp over 190/100 this week");
    assert_eq!(negated.level, None);
    assert_eq!(negated.hits[0].context, Context::Negated);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_spans_are_on_char_boundaries(text in any::<String>()) {
            let rules = rules();
            let a = Assessor::new(rules).assess(&text);
            for hit in &a.hits {
                prop_assert!(hit.start < hit.end && hit.end <= text.len());
                prop_assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
            }
        }

        #[test]
        fn letter_case_does_not_matter(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("chest pain"), Just("no"), Just("if"), Just("my dad"), Just("but"), Just("I"),
                    Just("can't breathe"), Just("last year"), Just("."), Just("fever"), Just("SOB"), Just("seizure"),
                    Just("she"), Just("my neighbor"), Just("since my"), Just("sugar is 480"), Just("chest"),
                    Just("hurts"), Just("poison ivy"), Just("Ärger"), Just("İstanbul"),
                ],
                0..12,
            ),
            upper in any::<bool>(),
        ) {
            let text = parts.join(" ");
            let changed = if upper { text.to_uppercase() } else { text.to_lowercase() };
            let rules = rules();
            let a = Assessor::new(rules).assess(&text);
            let b = Assessor::new(rules).assess(&changed);
            prop_assert_eq!(a.level, b.level);
            prop_assert_eq!(a.score, b.score);
            let contexts = |x: &Assessment| x.hits.iter().map(|h| (h.category, h.context)).collect::<Vec<_>>();
            prop_assert_eq!(contexts(&a), contexts(&b));
        }
    }
}
