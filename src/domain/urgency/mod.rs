//! Red-flag detection: phrases from the clinic's rule file found in a message,
//! each with its context (affirmed, negated, hypothetical, historical, someone
//! else), and the message's urgency level and ordering score. Pure: no I/O.

mod index;
mod rules;
mod words;

pub use rules::{DEFAULT_RULES, RuleError, Rules, WEAK_WEIGHT};

/// Scores step by this much per level: an urgent message scores at least
/// `LEVEL_STEP`, an emergent one at least twice that, whatever its other hits.
pub const LEVEL_STEP: u32 = 1_000_000;

use index::{ROOT, WordKey};
use rules::{ADJACENT_GAP, Entry, Trigger};
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

/// A red flag found in the text, before its context is judged.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Words `first..=last` (for a pattern, the words it touches).
    first: usize,
    last: usize,
    /// Byte span.
    start: usize,
    end: usize,
    category: u16,
    weight: u32,
    /// For a near rule, the words between its two sides: triggers there apply too
    /// ("my chest does not hurt").
    between: Option<(usize, usize)>,
    /// Whether the candidate lies on words at all (a pattern may match only punctuation).
    on_words: bool,
}

/// How close before a red flag the writer must speak of themself for
/// `hypothetical_after` not to apply ("I have chest pain, is it a side effect").
const WRITER_REACH: usize = 3;

/// Who the words before a red flag are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Person {
    /// The writer ("I", "my"): the patient.
    Writer,
    Family,
    Other,
}

/// Assesses messages against one rule set, reusing its buffers between messages.
#[derive(Debug)]
pub struct Assessor<'r> {
    rules: &'r Rules,
    words: Words,
    /// Every rule-file sequence in the text, by first word.
    found: Vec<Found>,
    /// Parallel to `found`: lies inside a longer sequence, so it is not a trigger of its own.
    shadowed: Vec<bool>,
    /// Per word: part of a termination trigger ("but").
    terminates: Vec<bool>,
    /// Per word: the nearest person named before it in its clause, and that mention's last word.
    person: Vec<Option<(Person, usize)>>,
    /// Per word: a person trigger ending there, and its first word.
    person_end: Vec<Option<(Trigger, usize)>>,
    /// Per word: what the phrase index knows about it.
    keys: Vec<WordKey>,
    /// The walk down the phrase index: (node, next word).
    walk: Vec<(u32, usize)>,
    /// Per near rule, the last place each side was seen: (first, last).
    near_seen: Vec<[Option<(usize, usize)>; 2]>,
    candidates: Vec<Candidate>,
}

impl<'r> Assessor<'r> {
    pub fn new(rules: &'r Rules) -> Assessor<'r> {
        Assessor {
            rules,
            words: Words::default(),
            found: Vec::new(),
            keys: Vec::new(),
            walk: Vec::new(),
            shadowed: Vec::new(),
            terminates: Vec::new(),
            person: Vec::new(),
            person_end: Vec::new(),
            near_seen: Vec::new(),
            candidates: Vec::new(),
        }
    }

    pub fn rules(&self) -> &'r Rules {
        self.rules
    }

    /// Finds the red flags in `text` and judges each by its context. Linear in
    /// the length of the text for a given rule set: every step is one pass
    /// over the words or the sequences found, and judging a red flag looks
    /// only at the words within the window around it.
    pub fn assess(&mut self, text: &str) -> Assessment {
        self.words.split(text);
        self.find_sequences();
        self.candidates.clear();
        self.phrase_candidates();
        self.near_candidates();
        self.pattern_candidates(text);
        self.drop_exceptions();
        if self.candidates.is_empty() {
            return Assessment::default();
        }
        // Context only for messages with a red flag: most have none.
        self.mark_shadowed();
        self.mark_clauses();
        let hits = self
            .candidates
            .iter()
            .map(|c| {
                let context = if c.on_words { self.context_of(c) } else { Context::Affirmed };
                self.hit(c.start, c.end, c.category, c.weight, context)
            })
            .collect();
        summarize(keep_outermost(hits))
    }

    /// Every rule-file sequence (red flag, trigger, near side, exception)
    /// that occurs, by first word: from each word, a walk down the index as
    /// far as the words keep matching a phrase.
    fn find_sequences(&mut self) {
        self.found.clear();
        let index = &self.rules.index;
        let n = self.words.len();
        self.keys.clear();
        self.keys.extend((0..n).map(|i| index.key(self.words.folded(i))));
        for first in 0..n {
            if !index.may_start(&self.keys[first]) {
                continue;
            }
            self.walk.clear();
            self.walk.push((ROOT, first));
            while let Some((node, at)) = self.walk.pop() {
                if at >= n {
                    continue;
                }
                let (found, walk) = (&mut self.found, &mut self.walk);
                index.children(node, &self.keys[at], |child| {
                    found.extend(index.entries(child).iter().map(|&entry| Found { first, last: at, entry }));
                    if index.has_children(child) {
                        walk.push((child, at + 1));
                    }
                });
            }
        }
    }

    fn candidate(&self, first: usize, last: usize, category: u16, weight: u32) -> Candidate {
        let words = &self.words.words;
        Candidate {
            first,
            last,
            start: words[first].start,
            end: words[last].end,
            category,
            weight,
            between: None,
            on_words: true,
        }
    }

    /// Red-flag phrases.
    fn phrase_candidates(&mut self) {
        for i in 0..self.found.len() {
            let f = self.found[i];
            if let Entry::RedFlag { category, weight } = f.entry {
                let candidate = self.candidate(f.first, f.last, category, weight);
                self.candidates.push(candidate);
            }
        }
    }

    /// Near rules: a word of one side, then one of the other within the
    /// rule's distance, in the same sentence. Each occurrence pairs with the
    /// latest unpaired one of the other side, so this is one pass over the
    /// sequences found.
    fn near_candidates(&mut self) {
        let rules = self.rules;
        if rules.near.is_empty() {
            return;
        }
        self.near_seen.clear();
        self.near_seen.resize(rules.near.len(), [None, None]);
        for i in 0..self.found.len() {
            let f = self.found[i];
            let Entry::Near { rule, side } = f.entry else { continue };
            let rule_index = rule as usize;
            let near = &rules.near[rule_index];
            let words = &self.words.words;
            if let Some((first, last)) = self.near_seen[rule_index][usize::from(1 - side)]
                && last < f.first
                && f.first - last - 1 <= near.within
                && words[first].sentence == words[f.first].sentence
            {
                let mut candidate = self.candidate(first, f.last, near.category, near.weight);
                candidate.between = Some((last + 1, f.first));
                self.candidates.push(candidate);
                // Each occurrence pairs once: "chest pain and chest pain" is
                // two hits, not a third "pain and chest" between them.
                self.near_seen[rule_index] = [None, None];
                continue;
            }
            self.near_seen[rule_index][usize::from(side)] = Some((f.first, f.last));
        }
    }

    /// Hits of the categories' regular-expression patterns, placed on the words they touch.
    fn pattern_candidates(&mut self, text: &str) {
        for (category, regex) in &self.rules.patterns {
            for found in regex.find_iter(text) {
                if found.is_empty() {
                    continue;
                }
                let words = &self.words.words;
                let first = words.partition_point(|w| w.end <= found.start());
                let last = words.partition_point(|w| w.start < found.end()).saturating_sub(1);
                let on_words = first <= last && last < words.len();
                self.candidates.push(Candidate {
                    first: if on_words { first } else { 0 },
                    last: if on_words { last } else { 0 },
                    start: found.start(),
                    end: found.end(),
                    category: *category,
                    weight: 100,
                    between: None,
                    on_words,
                });
            }
        }
    }

    /// A sequence inside a longer one is part of it, not a trigger of its own:
    /// "no" in "no one", "not" in "not breathing", "my" in "my husband",
    /// "since" in "since my". Pseudo-triggers ("no increase") work this way.
    fn mark_shadowed(&mut self) {
        let found = &self.found;
        self.shadowed.clear();
        self.shadowed.resize(found.len(), false);
        // The furthest last word of the sequences starting before the current group.
        let mut reach: Option<usize> = None;
        let mut group = 0;
        while group < found.len() {
            let first = found[group].first;
            let end = group + found[group..].partition_point(|f| f.first == first);
            let group_reach = found[group..end].iter().map(|f| f.last).max().unwrap_or(first);
            for (f, shadowed) in found[group..end].iter().zip(&mut self.shadowed[group..end]) {
                *shadowed = reach.is_some_and(|r| r >= f.last) || group_reach > f.last;
            }
            reach = reach.max(Some(group_reach));
            group = end;
        }
    }

    /// Per word: whether it ends a scope (a termination trigger), and the
    /// nearest person named before it in its clause. "he"/"she" stand for the
    /// person last named in the message (a neighbor stays a neighbor), or a
    /// relative when nobody was; a relative named right after someone else
    /// ("my neighbor's baby") is that person's.
    fn mark_clauses(&mut self) {
        let n = self.words.len();
        self.terminates.clear();
        self.terminates.resize(n, false);
        self.person_end.clear();
        self.person_end.resize(n, None);
        for (f, &shadowed) in self.found.iter().zip(&self.shadowed) {
            let Entry::Trigger(trigger) = f.entry else { continue };
            if shadowed {
                continue;
            }
            match trigger {
                Trigger::Termination => self.terminates[f.first..=f.last].iter_mut().for_each(|t| *t = true),
                Trigger::Family | Trigger::OtherPerson | Trigger::SelfReference | Trigger::Pronoun => {
                    let slot = &mut self.person_end[f.last];
                    if slot.is_none_or(|(_, first)| f.first < first) {
                        *slot = Some((trigger, f.first));
                    }
                }
                _ => {}
            }
        }
        self.person.clear();
        self.person.resize(n, None);
        let words = &self.words.words;
        let mut named: Option<Person> = None;
        let mut state: Option<(Person, usize)> = None;
        for w in 0..n {
            if w > 0 && words[w].sentence != words[w - 1].sentence {
                state = None;
            }
            self.person[w] = state;
            if self.terminates[w] {
                state = None;
            }
            if let Some((trigger, first)) = self.person_end[w] {
                let person = match trigger {
                    Trigger::Family => match state {
                        Some((Person::Other, last)) if last + 1 == first => Person::Other,
                        _ => Person::Family,
                    },
                    Trigger::OtherPerson => Person::Other,
                    Trigger::SelfReference => Person::Writer,
                    _ => named.unwrap_or(Person::Family),
                };
                if matches!(trigger, Trigger::Family | Trigger::OtherPerson) {
                    named = Some(person);
                }
                state = Some((person, w));
            }
        }
    }

    /// Drops red flags that lie on one of their category's exceptions ("poison ivy").
    fn drop_exceptions(&mut self) {
        let exceptions: Vec<(u16, usize, usize)> = self
            .found
            .iter()
            .filter_map(|f| match f.entry {
                Entry::Except { category } => Some((category, f.first, f.last)),
                _ => None,
            })
            .collect();
        if exceptions.is_empty() {
            return;
        }
        // Exceptions are sorted by first word; one that overlaps a candidate
        // starts at most `longest` words before it.
        let longest = exceptions.iter().map(|e| e.2 - e.1).max().unwrap_or(0);
        self.candidates.retain(|c| {
            if !c.on_words {
                return true;
            }
            let from = exceptions.partition_point(|e| e.1 + longest < c.first);
            !exceptions[from..].iter().take_while(|e| e.1 <= c.last).any(|e| e.0 == c.category && e.2 >= c.first)
        });
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

    /// The context of a red flag: the triggers in its sentence ending within
    /// the window before it (or starting within the window after it, for the
    /// `…_after` lists; `hypothetical_after` only when the writer is not
    /// speaking of themself right before it), not cut off by
    /// a termination word and not inside a longer sequence; for a near rule,
    /// also the triggers between its two sides. Negation outranks
    /// hypothetical, which outranks historical, which outranks who it is
    /// about: the nearest person named before it in its clause.
    fn context_of(&self, candidate: &Candidate) -> Context {
        let (first, last) = (candidate.first, candidate.last);
        let words = &self.words.words;
        let sentence = words[first].sentence;
        let window = self.rules.window;
        // The scope before the phrase: back to the window, the sentence start or a termination word.
        let mut scope_start = first;
        while scope_start > 0 && first - scope_start < window {
            let prev = scope_start - 1;
            if words[prev].sentence != sentence || self.terminates[prev] {
                break;
            }
            scope_start = prev;
        }
        let mut scope_end = last;
        while scope_end + 1 < words.len() && scope_end - last < window {
            let next = scope_end + 1;
            if words[next].sentence != sentence || self.terminates[next] {
                break;
            }
            scope_end = next;
        }
        let between = candidate.between.unwrap_or((first, first));
        let mut rank = 0;
        let mut context = Context::Affirmed;
        let person = self.person_at(first);
        // "My chest pain comes back when I walk", "I have chest pain, is it a
        // side effect": the writer's own, not a question.
        let writer = person.is_some_and(|(p, end)| p == Person::Writer && end + WRITER_REACH >= first);
        // A trigger ending in the scope may start a little before it.
        let from = self.found.partition_point(|f| f.first + self.rules.longest_trigger < scope_start);
        for (f, &shadowed) in self.found[from..].iter().zip(&self.shadowed[from..]) {
            if f.first > scope_end {
                break;
            }
            let (trigger, adjacent) = match f.entry {
                Entry::Trigger(trigger) => (trigger, false),
                Entry::Adjacent(trigger) => (trigger, true),
                _ => continue,
            };
            if shadowed {
                continue;
            }
            // Before: ending in the scope, or overlapping the phrase's start
            // ("do not want to" + "want to die"); or between a near rule's sides.
            let before = (f.first < first
                && f.last < last
                && f.last >= scope_start
                && words[f.first].sentence == sentence
                && (!adjacent || f.last + ADJACENT_GAP + 1 >= first))
                || (between.0 <= f.first && f.last < between.1);
            let after = f.first > last && !adjacent;
            let candidate = match trigger {
                Trigger::Negation if before => (4, Context::Negated),
                Trigger::NegationAfter if after => (4, Context::Negated),
                Trigger::Hypothetical if before => (3, Context::Hypothetical),
                Trigger::HypotheticalAfter if after && !writer => (3, Context::Hypothetical),
                Trigger::Historical if before => (2, Context::Historical),
                Trigger::HistoricalAfter if after => (2, Context::Historical),
                _ => continue,
            };
            if candidate.0 > rank {
                (rank, context) = candidate;
            }
        }
        if rank == 0 {
            context = match person {
                Some((Person::Family, _)) => Context::OtherPerson { family: true },
                Some((Person::Other, _)) => Context::OtherPerson { family: false },
                Some((Person::Writer, _)) | None => Context::Affirmed,
            };
        }
        context
    }
}

impl Assessor<'_> {
    /// The person a red flag starting at word `first` is about: the nearest
    /// named before it, or one whose mention runs into it ("my chest" in
    /// "my chest pain").
    fn person_at(&self, first: usize) -> Option<(Person, usize)> {
        match self.person_end[first] {
            Some((Trigger::SelfReference, start)) if start < first => Some((Person::Writer, first)),
            _ => self.person[first],
        }
    }
}

/// Keeps each hit unless another hit of its category contains it and counts
/// (or neither counts): a longer phrase speaks for the words it covers, but a
/// hit that counts is never hidden behind one that does not.
fn keep_outermost(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| (a.category, a.start, b.end).cmp(&(b.category, b.start, a.end)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    // Per category, the furthest end of the kept hits (all; counting).
    let mut reach: Option<(u16, usize, Option<usize>)> = None;
    for hit in hits {
        let (all, counting) = match reach {
            Some((category, all, counting)) if category == hit.category => (Some(all), counting),
            _ => (None, None),
        };
        let covered =
            counting.is_some_and(|end| end >= hit.end) || (!hit.counts && all.is_some_and(|end| end >= hit.end));
        if covered {
            continue;
        }
        let all = all.max(Some(hit.end)).unwrap_or(hit.end);
        let counting = if hit.counts { counting.max(Some(hit.end)) } else { counting };
        reach = Some((hit.category, all, counting));
        kept.push(hit);
    }
    kept.sort_by_key(|hit| (hit.start, hit.end, hit.category));
    kept
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
    Assessment { level, score: rank(level) * LEVEL_STEP + weight.min(LEVEL_STEP - 1), hits }
}

#[cfg(test)]
mod tests;
