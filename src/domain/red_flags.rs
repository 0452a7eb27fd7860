//! A message's red flags as kept with it: its subject and body assessed together, each hit tagged with its field.

use super::urgency::{Assessor, Context, Level};

/// Which part of the message a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Subject,
    Body,
}

/// One red-flag hit, with its span inside its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagHit {
    pub field: Field,
    pub start: usize,
    pub end: usize,
    pub category: String,
    pub level: Level,
    pub context: Context,
    /// Counts toward the message's urgency (affirmed, or about a family member where the rules say so).
    pub counts: bool,
}

/// A message's urgency, score and every hit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageFlags {
    pub level: Option<Level>,
    pub score: u32,
    pub hits: Vec<FlagHit>,
}

/// Every context, for reading one back from its word.
pub const CONTEXTS: [Context; 6] = [
    Context::Affirmed,
    Context::Negated,
    Context::Hypothetical,
    Context::Historical,
    Context::OtherPerson { family: true },
    Context::OtherPerson { family: false },
];

/// Reads a context from the word `Context::as_str` gives.
pub fn parse_context(word: &str) -> Option<Context> {
    CONTEXTS.into_iter().find(|context| context.as_str() == word)
}

/// Assesses a message's subject and body as one text: the subject, a blank
/// line (so the two never run into one sentence), then the body.
pub fn assess_message(assessor: &mut Assessor<'_>, subject: Option<&str>, body: &str) -> MessageFlags {
    let subject = subject.unwrap_or("");
    let mut text = String::with_capacity(subject.len() + 2 + body.len());
    text.push_str(subject);
    text.push_str("\n\n");
    text.push_str(body);
    let body_start = subject.len() + 2;
    let assessment = assessor.assess(&text);
    let categories = &assessor.rules().categories;
    let hits = assessment
        .hits
        .into_iter()
        .filter_map(|hit| {
            let (field, start, end) = if hit.end <= subject.len() {
                (Field::Subject, hit.start, hit.end)
            } else if hit.start >= body_start {
                (Field::Body, hit.start - body_start, hit.end - body_start)
            } else {
                // A pattern spanning the separator: not a phrase of either field.
                return None;
            };
            Some(FlagHit {
                field,
                start,
                end,
                category: categories[usize::from(hit.category)].name.clone(),
                level: hit.level,
                context: hit.context,
                counts: hit.counts,
            })
        })
        .collect();
    MessageFlags { level: assessment.level, score: assessment.score, hits }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::urgency::Rules;

    #[test]
    fn a_red_flag_in_the_subject_alone_flags_the_message() {
        let rules = Rules::default_rules();
        let mut assessor = Assessor::new(&rules);
        let flags = assess_message(&mut assessor, Some("chest pain"), "see subject");
        assert_eq!(flags.level, Some(Level::Emergent));
        assert_eq!(flags.hits[0].field, Field::Subject);
        assert_eq!((flags.hits[0].start, flags.hits[0].end), (0, 10));
    }

    #[test]
    fn body_spans_are_relative_to_the_body() {
        let rules = Rules::default_rules();
        let mut assessor = Assessor::new(&rules);
        let body = "since lunch I have had chest pain";
        let flags = assess_message(&mut assessor, Some("question"), body);
        let hit = &flags.hits[0];
        assert_eq!((hit.field, &body[hit.start..hit.end]), (Field::Body, "chest pain"));
    }

    #[test]
    fn a_negation_in_the_subject_does_not_reach_the_body() {
        let rules = Rules::default_rules();
        let mut assessor = Assessor::new(&rules);
        let flags = assess_message(&mut assessor, Some("no"), "chest pain");
        assert_eq!(flags.level, Some(Level::Emergent));
    }

    #[test]
    fn contexts_read_back_from_their_words() {
        for context in CONTEXTS {
            assert_eq!(parse_context(context.as_str()), Some(context));
        }
        assert_eq!(parse_context("maybe"), None);
    }
}
