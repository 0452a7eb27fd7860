//! Red-flag detection: phrases from the clinic's rule file found in a message,
//! each with its context (affirmed, negated, hypothetical, historical, someone
//! else), and the message's urgency level and ordering score. Pure: no I/O.

mod rules;
mod words;

pub use rules::{DEFAULT_RULES, RuleError, Rules, WEAK_WEIGHT};

use rules::{Entry, Sequence, Trigger, YEAR};
use words::Words;

/// How soon a flagged message needs action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Same day.
    Urgent,
    /// Call 911 now.
    Emergent,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Urgent => "urgent",
            Level::Emergent => "emergent",
        }
    }

    pub fn parse(word: &str) -> Option<Level> {
        match word {
            "urgent" => Some(Level::Urgent),
            "emergent" => Some(Level::Emergent),
            _ => None,
        }
    }
}

/// What the words around a red-flag phrase say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The patient has it now.
    Affirmed,
    /// "no chest pain", "the chest pain is gone".
    Negated,
    /// "call if the chest pain comes back".
    Hypothetical,
    /// "chest pain last year, fine now".
    Historical,
    /// "my dad has chest pain": `family` when the person is a relative (often
    /// the patient, written about by a proxy).
    OtherPerson { family: bool },
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Affirmed => "affirmed",
            Context::Negated => "negated",
            Context::Hypothetical => "hypothetical",
            Context::Historical => "historical",
            Context::OtherPerson { family: true } => "family-member",
            Context::OtherPerson { family: false } => "other-person",
        }
    }
}

/// Whether a category's hits about someone else count toward urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherPersonPolicy {
    /// Hits about a family member count (a proxy writing about the patient); others do not.
    Family,
    /// Hits about anyone count.
    Anyone,
    /// Only the patient's own symptoms count.
    Nobody,
}

impl OtherPersonPolicy {
    pub fn parse(word: &str) -> Option<OtherPersonPolicy> {
        match word {
            "family" => Some(OtherPersonPolicy::Family),
            "anyone" => Some(OtherPersonPolicy::Anyone),
            "nobody" => Some(OtherPersonPolicy::Nobody),
            _ => None,
        }
    }
}

/// One red-flag phrase found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte span in the message text, on character boundaries.
    pub start: usize,
    pub end: usize,
    /// Index into [`Rules::categories`].
    pub category: u16,
    pub level: Level,
    /// 100 for a phrase, less for a weak one.
    pub weight: u32,
    pub context: Context,
    /// Whether this hit counts toward the message's urgency.
    pub counts: bool,
}

/// A message's urgency from its red-flag hits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assessment {
    /// The highest level among the hits that count; `None` when none do.
    pub level: Option<Level>,
    /// For ordering: level first, then how many hits count and how heavily.
    pub score: u32,
    /// Every hit, counting or not, in text order.
    pub hits: Vec<Hit>,
}

/// A sequence found in the text: words `first..=last`.
#[derive(Debug, Clone, Copy)]
struct Found {
    first: usize,
    last: usize,
    entry: Entry,
}

/// Assesses messages against one rule set, reusing its buffers between messages.
#[derive(Debug)]
pub struct Assessor<'r> {
    rules: &'r Rules,
    words: Words,
    found: Vec<Found>,
}

impl<'r> Assessor<'r> {
    pub fn new(rules: &'r Rules) -> Assessor<'r> {
        Assessor { rules, words: Words::default(), found: Vec::new() }
    }

    pub fn rules(&self) -> &'r Rules {
        self.rules
    }

    /// Finds the red flags in `text` and judges each by its context. Linear in
    /// the length of the text for a given rule set.
    pub fn assess(&mut self, text: &str) -> Assessment {
        self.words.split(text);
        self.find_sequences();
        let mut hits = self.red_flag_hits();
        self.add_pattern_hits(text, &mut hits);
        if hits.is_empty() {
            return Assessment::default();
        }
        hits.sort_by_key(|hit| (hit.start, hit.end, hit.category));
        hits.dedup_by_key(|hit| (hit.start, hit.end, hit.category));
        summarize(hits)
    }

    /// Every rule-file sequence (red flag or trigger) that occurs, by word position.
    fn find_sequences(&mut self) {
        self.found.clear();
        let words = &self.words;
        let index = &self.rules.index;
        for i in 0..words.len() {
            let word = words.folded(i);
            let mut check = |candidates: &Vec<Sequence>| {
                for sequence in candidates {
                    if let Some(last) = matches_from(words, i, &sequence.rest) {
                        self.found.push(Found { first: i, last, entry: sequence.entry });
                    }
                }
            };
            if let Some(candidates) = index.get(word) {
                check(candidates);
            }
            if is_year(word)
                && let Some(candidates) = index.get(YEAR)
            {
                check(candidates);
            }
        }
    }

    /// Red-flag phrases, longest first where one category's phrases overlap.
    fn red_flag_hits(&self) -> Vec<Hit> {
        let mut flags: Vec<(usize, usize, u16, u32)> = self
            .found
            .iter()
            .filter_map(|f| match f.entry {
                Entry::RedFlag { category, weight } => Some((f.first, f.last, category, weight)),
                Entry::Trigger(_) => None,
            })
            .collect();
        if flags.is_empty() {
            return Vec::new();
        }
        // Per category, by start, longest first; then drop what a kept one covers.
        flags.sort_by(|a, b| (a.2, a.0, b.1).cmp(&(b.2, b.0, a.1)));
        let mut hits = Vec::new();
        let mut covered: Option<(u16, usize)> = None;
        for (first, last, category, weight) in flags {
            if let Some((c, end)) = covered
                && c == category
                && first <= end
            {
                continue;
            }
            covered = Some((category, last));
            let context = self.context_of(first, last);
            hits.push(self.hit(self.words.words[first].start, self.words.words[last].end, category, weight, context));
        }
        hits
    }

    /// Hits of the categories' regular-expression patterns.
    fn add_pattern_hits(&self, text: &str, hits: &mut Vec<Hit>) {
        for (category, regex) in &self.rules.patterns {
            for found in regex.find_iter(text) {
                if found.is_empty() {
                    continue;
                }
                let words = &self.words.words;
                let first = words.partition_point(|w| w.end <= found.start());
                let last = words.partition_point(|w| w.start < found.end()).saturating_sub(1);
                let context =
                    if first <= last && last < words.len() { self.context_of(first, last) } else { Context::Affirmed };
                hits.push(self.hit(found.start(), found.end(), *category, 100, context));
            }
        }
    }

    fn hit(&self, start: usize, end: usize, category: u16, weight: u32, context: Context) -> Hit {
        let rule = &self.rules.categories[usize::from(category)];
        let counts = match context {
            Context::Affirmed => true,
            Context::OtherPerson { family } => match rule.other_person {
                OtherPersonPolicy::Family => family,
                OtherPersonPolicy::Anyone => true,
                OtherPersonPolicy::Nobody => false,
            },
            Context::Negated | Context::Hypothetical | Context::Historical => false,
        };
        Hit { start, end, category, level: rule.level, weight, context, counts }
    }

    /// The context of the red flag at words `first..=last`: the triggers in
    /// its sentence within the window before (or after, for the `…_after`
    /// lists), not cut off by a termination word, and not part of a
    /// pseudo-trigger such as "no increase". Negation outranks hypothetical,
    /// which outranks historical, which outranks someone else.
    fn context_of(&self, first: usize, last: usize) -> Context {
        let words = &self.words.words;
        let sentence = words[first].sentence;
        let window = self.rules.window;
        let terminated = |at: usize| self.trigger_covers(at, Trigger::Termination);
        // The scope before the phrase: back to the window, the sentence start or a termination word.
        let mut scope_start = first;
        while scope_start > 0 && first - scope_start < window {
            let prev = scope_start - 1;
            if words[prev].sentence != sentence || terminated(prev) {
                break;
            }
            scope_start = prev;
        }
        let mut scope_end = last;
        while scope_end + 1 < words.len() && scope_end - last < window {
            let next = scope_end + 1;
            if words[next].sentence != sentence || terminated(next) {
                break;
            }
            scope_end = next;
        }
        let mut context: Option<(u8, Context)> = None;
        for found in &self.found {
            let Entry::Trigger(trigger) = found.entry else { continue };
            let before = found.last < first && found.first >= scope_start;
            let after = found.first > last && found.last <= scope_end;
            let candidate = match trigger {
                Trigger::Negation if before => (4, Context::Negated),
                Trigger::NegationAfter if after => (4, Context::Negated),
                Trigger::Hypothetical if before => (3, Context::Hypothetical),
                Trigger::HypotheticalAfter if after => (3, Context::Hypothetical),
                Trigger::Historical if before => (2, Context::Historical),
                Trigger::HistoricalAfter if after => (2, Context::Historical),
                Trigger::Family if before => (1, Context::OtherPerson { family: true }),
                Trigger::OtherPerson if before => (1, Context::OtherPerson { family: false }),
                _ => continue,
            };
            if self.inside_pseudo(found.first, found.last) {
                continue;
            }
            if context.is_none_or(|(rank, _)| candidate.0 > rank) {
                context = Some(candidate);
            }
        }
        context.map_or(Context::Affirmed, |(_, c)| c)
    }

    fn trigger_covers(&self, at: usize, kind: Trigger) -> bool {
        self.found.iter().any(|f| f.entry == Entry::Trigger(kind) && f.first <= at && at <= f.last)
    }

    /// True when words `first..=last` lie inside a pseudo-trigger ("no increase").
    fn inside_pseudo(&self, first: usize, last: usize) -> bool {
        self.found.iter().any(|f| f.entry == Entry::Trigger(Trigger::Pseudo) && f.first <= first && last <= f.last)
    }
}

/// Whether the words from `start + 1` on spell `rest`; returns the last word's index.
fn matches_from(words: &Words, start: usize, rest: &[Box<str>]) -> Option<usize> {
    let mut at = start;
    for expected in rest {
        at += 1;
        if at >= words.len() {
            return None;
        }
        let word = words.folded(at);
        let same = if &**expected == YEAR { is_year(word) } else { word == &**expected };
        if !same {
            return None;
        }
    }
    Some(at)
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && (word.starts_with("19") || word.starts_with("20")) && word.bytes().all(|b| b.is_ascii_digit())
}

/// The level and score of a message from its hits. Weak phrases alone never
/// make a message emergent.
fn summarize(hits: Vec<Hit>) -> Assessment {
    let counting = || hits.iter().filter(|hit| hit.counts);
    let strongest = counting().filter(|hit| hit.weight >= 100).map(|hit| hit.level).max();
    let weak = counting().filter(|hit| hit.weight < 100).map(|_| Level::Urgent).max();
    let level = strongest.max(weak);
    let rank = |level: Option<Level>| match level {
        None => 0,
        Some(Level::Urgent) => 1,
        Some(Level::Emergent) => 2,
    };
    let weight: u32 = counting().map(|hit| hit.weight * (rank(Some(hit.level)))).sum();
    Assessment { level, score: rank(level) * 1_000_000 + weight.min(999_999), hits }
}

#[cfg(test)]
mod tests;
