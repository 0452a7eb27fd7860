//! The red-flag rule file (TOML): categories with phrases, near rules, patterns and exceptions, and the
//! context trigger lists.

use serde::Deserialize;
use toml::Spanned;

use super::index::{Index, phrase_tokens};
use super::{Level, OtherPersonPolicy};

/// The rule file inbasket ships with, used unless a clinic names its own.
pub const DEFAULT_RULES: &str = include_str!("../../../assets/red-flags.toml");

/// Words of context within this many words of a red-flag phrase apply to it.
const DEFAULT_WINDOW: usize = 6;

/// Weight of a hit on a `weak_phrases` entry, against 100 for a phrase.
pub const WEAK_WEIGHT: u32 = 40;

/// Why a rule file was refused: the line and the problem (the caller adds the file name).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RuleError {
    pub line: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    context: ContextFile,
    #[serde(default)]
    category: Vec<CategoryFile>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ContextFile {
    window: Option<Spanned<usize>>,
    #[serde(default)]
    negation: Vec<Spanned<String>>,
    #[serde(default)]
    negation_after: Vec<Spanned<String>>,
    #[serde(default)]
    hypothetical: Vec<Spanned<String>>,
    #[serde(default)]
    hypothetical_after: Vec<Spanned<String>>,
    #[serde(default)]
    historical: Vec<Spanned<String>>,
    #[serde(default)]
    historical_after: Vec<Spanned<String>>,
    #[serde(default)]
    family: Vec<Spanned<String>>,
    #[serde(default)]
    other_person: Vec<Spanned<String>>,
    #[serde(default)]
    self_reference: Vec<Spanned<String>>,
    #[serde(default)]
    pronoun: Vec<Spanned<String>>,
    #[serde(default)]
    termination: Vec<Spanned<String>>,
    #[serde(default)]
    pseudo: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    name: Spanned<String>,
    level: Spanned<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    weak_phrases: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    near: Vec<Spanned<NearFile>>,
    #[serde(default)]
    except: Vec<String>,
    other_person: Option<Spanned<String>>,
}

/// Two groups of words that flag a category when one of each stands close
/// together, in either order ("chest" near "hurts": "my chest really hurts",
/// "pain in my chest").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NearFile {
    words: Vec<String>,
    with: Vec<String>,
    within: Option<usize>,
    /// Counts like a weak phrase.
    #[serde(default)]
    weak: bool,
}

/// One category of red flags, as compiled.
#[derive(Debug, Clone)]
pub struct Category {
    pub name: String,
    pub level: Level,
    pub other_person: OtherPersonPolicy,
}

/// What a run of words in the index stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    RedFlag {
        category: u16,
        weight: u32,
    },
    Trigger(Trigger),
    /// A trigger that applies only to a red flag right after it (`"since my {flag}"`).
    Adjacent(Trigger),
    /// One side (0: `words`, 1: `with`) of near rule `rule`.
    Near {
        rule: u32,
        side: u8,
    },
    /// Words that are not this category's red flag even though they contain one ("poison ivy").
    Except {
        category: u16,
    },
}

/// A compiled near rule: a word of each side, at most `within` words apart.
#[derive(Debug, Clone)]
pub(super) struct NearRule {
    pub category: u16,
    pub within: usize,
    pub weight: u32,
}

/// Near rules may allow at most this many words between their two sides.
const MAX_NEAR_WITHIN: usize = 8;

/// Words between the two sides of a near rule, unless the rule says otherwise.
const DEFAULT_NEAR_WITHIN: usize = 3;

/// Context trigger kinds (NegEx/ConText style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trigger {
    Negation,
    NegationAfter,
    Hypothetical,
    HypotheticalAfter,
    Historical,
    HistoricalAfter,
    Family,
    OtherPerson,
    /// The writer themself ("I", "my chest"): what follows is about the patient.
    SelfReference,
    /// "he", "she": about the person last named, or a relative when none was.
    Pronoun,
    Termination,
    Pseudo,
}

impl Trigger {
    /// Whether the trigger stands before the words it applies to.
    fn is_before(self) -> bool {
        matches!(self, Trigger::Negation | Trigger::Hypothetical | Trigger::Historical)
    }
}

/// Ends a trigger that applies only to a red flag right after it ("since my {flag}").
const FLAG: &str = "{flag}";

/// How many words may stand between an adjacent trigger and its red flag ("after my last seizure").
pub(super) const ADJACENT_GAP: usize = 2;

/// A compiled rule set, ready to assess messages.
#[derive(Debug, Clone)]
pub struct Rules {
    pub categories: Vec<Category>,
    pub(super) window: usize,
    /// Every phrase of the file, red flag or trigger.
    pub(super) index: Index,
    pub(super) patterns: Vec<(u16, regex::Regex)>,
    pub(super) near: Vec<NearRule>,
    /// The most words any trigger spans, less one: how far before a scope a trigger ending in it may start.
    pub(super) longest_trigger: usize,
    /// A fingerprint of the source text: stored with each assessment, so a
    /// changed rule file means a fresh assessment.
    pub fingerprint: String,
}

impl Rules {
    /// The rules inbasket ships with.
    pub fn default_rules() -> Rules {
        // The shipped file is checked by a test; failing here would be a build defect.
        Rules::parse(DEFAULT_RULES).unwrap_or_else(|err| panic!("the shipped red-flag rules are invalid: {err}"))
    }

    /// Compiles rule-file text. Nothing is half-loaded: any problem refuses the whole file.
    pub fn parse(text: &str) -> Result<Rules, RuleError> {
        let file: RuleFile = toml::from_str(text).map_err(|err| RuleError {
            line: err.span().map_or(1, |span| line_of(text, span.start)),
            message: err.message().lines().next().unwrap_or("invalid TOML").trim().to_string(),
        })?;
        if file.category.is_empty() {
            return Err(RuleError { line: 1, message: "no [[category]] of red flags".into() });
        }
        let window = match &file.context.window {
            Some(w) if *w.get_ref() == 0 || *w.get_ref() > 50 => {
                return Err(RuleError {
                    line: line_of(text, w.span().start),
                    message: "window must be between 1 and 50 words".into(),
                });
            }
            Some(w) => *w.get_ref(),
            None => DEFAULT_WINDOW,
        };
        let mut rules = Rules {
            categories: Vec::new(),
            window,
            index: Index::default(),
            patterns: Vec::new(),
            near: Vec::new(),
            longest_trigger: 0,
            fingerprint: fingerprint(text),
        };
        let context = &file.context;
        for (list, trigger) in [
            (&context.negation, Trigger::Negation),
            (&context.negation_after, Trigger::NegationAfter),
            (&context.hypothetical, Trigger::Hypothetical),
            (&context.hypothetical_after, Trigger::HypotheticalAfter),
            (&context.historical, Trigger::Historical),
            (&context.historical_after, Trigger::HistoricalAfter),
            (&context.family, Trigger::Family),
            (&context.other_person, Trigger::OtherPerson),
            (&context.self_reference, Trigger::SelfReference),
            (&context.pronoun, Trigger::Pronoun),
            (&context.termination, Trigger::Termination),
            (&context.pseudo, Trigger::Pseudo),
        ] {
            for phrase in list {
                let entry = match phrase.get_ref().trim().strip_suffix(FLAG) {
                    Some(words) if !words.contains(FLAG) && trigger.is_before() => {
                        rules
                            .add(words, Entry::Adjacent(trigger))
                            .map_err(|message| RuleError { line: line_of(text, phrase.span().start), message })?;
                        continue;
                    }
                    _ if phrase.get_ref().contains(FLAG) => {
                        return Err(RuleError {
                            line: line_of(text, phrase.span().start),
                            message: format!(
                                "'{}': {FLAG} may only end a negation, hypothetical or historical trigger",
                                phrase.get_ref()
                            ),
                        });
                    }
                    _ => Entry::Trigger(trigger),
                };
                rules
                    .add(phrase.get_ref(), entry)
                    .map_err(|message| RuleError { line: line_of(text, phrase.span().start), message })?;
            }
        }
        for category in &file.category {
            rules.add_category(text, category)?;
        }
        Ok(rules)
    }

    fn add_category(&mut self, text: &str, file: &CategoryFile) -> Result<(), RuleError> {
        let line = line_of(text, file.name.span().start);
        let name = file.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(RuleError { line, message: "a category needs a name".into() });
        }
        if self.categories.iter().any(|c| c.name == name) {
            return Err(RuleError { line, message: format!("category '{name}' is defined twice") });
        }
        let level = Level::parse(file.level.get_ref()).ok_or_else(|| RuleError {
            line: line_of(text, file.level.span().start),
            message: format!("unknown level '{}' (use emergent or urgent)", file.level.get_ref()),
        })?;
        let other_person = match &file.other_person {
            None => OtherPersonPolicy::Family,
            Some(policy) => OtherPersonPolicy::parse(policy.get_ref()).ok_or_else(|| RuleError {
                line: line_of(text, policy.span().start),
                message: format!("unknown other_person '{}' (use family, anyone or nobody)", policy.get_ref()),
            })?,
        };
        let has_words = |list: &[String]| list.iter().any(|p| phrase_tokens(p).is_ok_and(|t| !t.is_empty()));
        if !has_words(&file.phrases)
            && !has_words(&file.weak_phrases)
            && file.patterns.is_empty()
            && file.near.is_empty()
        {
            return Err(RuleError { line, message: format!("category '{name}' has no phrases or patterns") });
        }
        let id = u16::try_from(self.categories.len())
            .map_err(|_| RuleError { line, message: "too many categories".into() })?;
        let refused = |message| RuleError { line, message };
        for phrase in &file.phrases {
            self.add(phrase, Entry::RedFlag { category: id, weight: 100 }).map_err(refused)?;
        }
        for phrase in &file.weak_phrases {
            self.add(phrase, Entry::RedFlag { category: id, weight: WEAK_WEIGHT }).map_err(refused)?;
        }
        for phrase in &file.except {
            self.add(phrase, Entry::Except { category: id }).map_err(refused)?;
        }
        for near in &file.near {
            let line = line_of(text, near.span().start);
            let rule = near.get_ref();
            if !has_words(&rule.words) || !has_words(&rule.with) {
                return Err(RuleError { line, message: format!("a near rule of '{name}' needs words and with") });
            }
            let within = rule.within.unwrap_or(DEFAULT_NEAR_WITHIN);
            if within > MAX_NEAR_WITHIN {
                return Err(RuleError {
                    line,
                    message: format!("a near rule's within must be at most {MAX_NEAR_WITHIN} words"),
                });
            }
            let index = u32::try_from(self.near.len())
                .map_err(|_| RuleError { line, message: "too many near rules".into() })?;
            let weight = if rule.weak { WEAK_WEIGHT } else { 100 };
            self.near.push(NearRule { category: id, within, weight });
            for (side, list) in [(0, &rule.words), (1, &rule.with)] {
                for phrase in list {
                    self.add(phrase, Entry::Near { rule: index, side })
                        .map_err(|message| RuleError { line, message })?;
                }
            }
        }
        for pattern in &file.patterns {
            let regex = regex::RegexBuilder::new(pattern.get_ref())
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|err| RuleError {
                    line: line_of(text, pattern.span().start),
                    message: format!(
                        "pattern '{}' does not compile: {}",
                        pattern.get_ref(),
                        err.to_string().lines().last().unwrap_or("invalid").trim()
                    ),
                })?;
            self.patterns.push((id, regex));
        }
        self.categories.push(Category { name, level, other_person });
        Ok(())
    }

    /// Indexes a phrase; refuses a malformed placeholder.
    fn add(&mut self, phrase: &str, entry: Entry) -> Result<(), String> {
        let tokens = phrase_tokens(phrase)?;
        if tokens.is_empty() {
            return Ok(());
        }
        if matches!(entry, Entry::Trigger(_) | Entry::Adjacent(_)) {
            self.longest_trigger = self.longest_trigger.max(tokens.len() - 1);
        }
        self.index.add(&tokens, entry);
        Ok(())
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

fn fingerprint(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_compile() {
        let rules = Rules::parse(DEFAULT_RULES).expect("default rules");
        assert!(rules.categories.len() >= 11);
    }

    #[test]
    fn bad_near_rules_and_adjacent_triggers_are_refused_with_the_line() {
        let far = "[[category]]\nname = \"x\"\nlevel = \"urgent\"\nnear = [\n  { words = [\"a\"], with = [\"b\"], within = 9 },\n]\n";
        assert_eq!(refused(far), RuleError { line: 5, message: "a near rule's within must be at most 8 words".into() });
        let one_sided = "[[category]]\nname = \"x\"\nlevel = \"urgent\"\nnear = [{ words = [\"a\"], with = [] }]\n";
        assert_eq!(refused(one_sided).line, 4);
        let after = "[context]\nnegation_after = [\"is gone {flag}\"]\n[[category]]\nname = \"x\"\nlevel = \"urgent\"\nphrases = [\"a\"]\n";
        let err = refused(after);
        assert_eq!(err.line, 2);
        assert!(err.message.contains("{flag} may only end"), "{}", err.message);
    }

    #[test]
    fn a_bad_placeholder_is_refused_with_the_line() {
        let text = "[context]\nhistorical = [\"in {yaer}\"]\n[[category]]\nname = \"x\"\nlevel = \"urgent\"\nphrases = [\"a\"]\n";
        let err = refused(text);
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unknown placeholder '{yaer}'"), "{}", err.message);
        let range = "[[category]]\nname = \"x\"\nlevel = \"urgent\"\nphrases = [\"sugar {500-400}\"]\n";
        assert_eq!(refused(range).line, 2);
    }

    fn refused(text: &str) -> RuleError {
        Rules::parse(text).expect_err("refused")
    }

    #[test]
    fn bad_rule_files_are_refused_with_the_line() {
        let unknown_level = "[[category]]\nname = \"x\"\nlevel = \"soon\"\nphrases = [\"a\"]\n";
        assert_eq!(
            refused(unknown_level),
            RuleError { line: 3, message: "unknown level 'soon' (use emergent or urgent)".into() }
        );

        let bad_regex = "[[category]]\nname = \"x\"\nlevel = \"urgent\"\n\npatterns = ['(unclosed']\n";
        let err = refused(bad_regex);
        assert_eq!(err.line, 5);
        assert!(err.message.starts_with("pattern '(unclosed' does not compile"), "{}", err.message);

        let empty = "[[category]]\nname = \"x\"\nlevel = \"urgent\"\nphrases = []\n";
        assert_eq!(refused(empty), RuleError { line: 2, message: "category 'x' has no phrases or patterns".into() });

        let toml_error = "[[category]]\nname = \"x\nlevel = \"urgent\"\n";
        assert_eq!(refused(toml_error).line, 2);

        let typo = "[[category]]\nname = \"x\"\nlevel = \"urgent\"\nphrase = [\"a\"]\n";
        assert_eq!(refused(typo).line, 4);
    }
}
