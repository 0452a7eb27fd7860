//! The phrase index: every rule-file phrase (red flag, trigger, near side,
//! exception) in a trie over words, so that finding all of them in a message
//! costs one hash lookup per word and a short walk from each.

use super::rules::Entry;
use super::words::phrase_words;

/// One word of a rule phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Word(&'a str),
    /// `{year}`: 1900 to 2099.
    Year,
    /// `{low-high}`: a whole number in the range, as in "sugar is {400-999}".
    Number {
        low: u32,
        high: u32,
    },
}

/// The words of a rule phrase, with its placeholders (`{year}`, `{400-999}`).
pub(super) fn phrase_tokens(phrase: &str) -> Result<Vec<PhraseToken>, String> {
    let mut tokens = Vec::new();
    let mut rest = phrase;
    while let Some(open) = rest.find('{') {
        tokens.extend(phrase_words(&rest[..open]).into_iter().map(PhraseToken::Word));
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| format!("'{phrase}': unclosed '{{'"))?;
        let inside = &rest[open + 1..close];
        tokens.push(placeholder(inside).ok_or_else(|| {
            format!("'{phrase}': unknown placeholder '{{{inside}}}' (use {{year}} or a range such as {{400-999}})")
        })?);
        rest = &rest[close + 1..];
    }
    tokens.extend(phrase_words(rest).into_iter().map(PhraseToken::Word));
    Ok(tokens)
}

/// An owned phrase word or placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PhraseToken {
    Word(String),
    Year,
    Number { low: u32, high: u32 },
}

impl PhraseToken {
    fn as_token(&self) -> Token<'_> {
        match self {
            PhraseToken::Word(word) => Token::Word(word),
            PhraseToken::Year => Token::Year,
            PhraseToken::Number { low, high } => Token::Number { low: *low, high: *high },
        }
    }
}

fn placeholder(inside: &str) -> Option<PhraseToken> {
    if inside == "year" {
        return Some(PhraseToken::Year);
    }
    let (low, high) = inside.split_once('-')?;
    let low: u32 = number(low.trim().as_bytes())?;
    let high: u32 = number(high.trim().as_bytes())?;
    (low <= high).then_some(PhraseToken::Number { low, high })
}

/// A whole number written in ASCII digits (at most nine of them).
pub(super) fn number(word: &[u8]) -> Option<u32> {
    if word.is_empty() || word.len() > 9 {
        return None;
    }
    word.iter().try_fold(0u32, |value, &byte| byte.is_ascii_digit().then(|| value * 10 + u32::from(byte - b'0')))
}

/// Whether a word is a year from 1900 to 2099.
pub(super) fn is_year(word: &[u8]) -> bool {
    word.len() == 4 && (word.starts_with(b"19") || word.starts_with(b"20")) && word.iter().all(u8::is_ascii_digit)
}

/// What the index needs to know about one word of a message.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct WordKey {
    /// The word's id, when some rule phrase has that word.
    id: Option<u32>,
    number: Option<u32>,
    year: bool,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// Children by word id, sorted by id.
    words: Vec<(u32, u32)>,
    year: Option<u32>,
    /// Children by number range: (low, high, node).
    numbers: Vec<(u32, u32, u32)>,
    /// The phrases that end here.
    entries: Vec<Entry>,
}

/// A trie over the words of every rule phrase.
#[derive(Debug, Clone)]
pub(super) struct Index {
    ids: Vocabulary,
    nodes: Vec<Node>,
    /// The root's children by word id (`NONE` where a word starts no
    /// phrase): nearly every message word is looked up here.
    root: Vec<u32>,
}

/// No child in [`Index::root`].
const NONE: u32 = u32::MAX;

impl Default for Index {
    fn default() -> Index {
        Index { ids: Vocabulary::default(), nodes: vec![Node::default()], root: Vec::new() }
    }
}

/// The trie's root node.
pub(super) const ROOT: u32 = 0;

impl Index {
    /// Adds a phrase (at least one token) standing for `entry`.
    pub fn add(&mut self, tokens: &[PhraseToken], entry: Entry) {
        let mut node = ROOT;
        for token in tokens {
            node = self.child_or_new(node, token.as_token());
        }
        let entries = &mut self.nodes[node as usize].entries;
        if !entries.contains(&entry) {
            entries.push(entry);
        }
    }

    fn child_or_new(&mut self, node: u32, token: Token<'_>) -> u32 {
        let next = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        let parent = node as usize;
        let child = match token {
            Token::Word(word) => {
                let id = self.ids.id_or_new(word);
                let words = &mut self.nodes[parent].words;
                match words.binary_search_by_key(&id, |&(w, _)| w) {
                    Ok(at) => return words[at].1,
                    Err(at) => words.insert(at, (id, next)),
                }
                if node == ROOT {
                    let slot = id as usize;
                    if self.root.len() <= slot {
                        self.root.resize(slot + 1, NONE);
                    }
                    self.root[slot] = next;
                }
                next
            }
            Token::Year => match self.nodes[parent].year {
                Some(child) => return child,
                None => {
                    self.nodes[parent].year = Some(next);
                    next
                }
            },
            Token::Number { low, high } => {
                let numbers = &mut self.nodes[parent].numbers;
                if let Some(&(_, _, child)) = numbers.iter().find(|&&(l, h, _)| (l, h) == (low, high)) {
                    return child;
                }
                numbers.push((low, high, next));
                next
            }
        };
        self.nodes.push(Node::default());
        child
    }

    /// What the index knows about a (lower-cased) message word.
    pub fn key(&self, word: &[u8]) -> WordKey {
        let digits = word.first().is_some_and(u8::is_ascii_digit);
        WordKey {
            id: self.ids.get(word),
            number: digits.then(|| number(word)).flatten(),
            year: digits && is_year(word),
        }
    }

    /// Whether a phrase could start with the word: most words start none.
    pub fn may_start(&self, key: &WordKey) -> bool {
        key.number.is_some() || key.id.is_some_and(|id| self.root.get(id as usize).is_some_and(|&child| child != NONE))
    }

    /// Calls `each` with every child of `node` that the word leads to.
    pub fn children(&self, node: u32, key: &WordKey, mut each: impl FnMut(u32)) {
        let index = node;
        let node = &self.nodes[node as usize];
        if let Some(id) = key.id {
            if index == ROOT {
                if let Some(&child) = self.root.get(id as usize)
                    && child != NONE
                {
                    each(child);
                }
            } else if let Ok(at) = node.words.binary_search_by_key(&id, |&(w, _)| w) {
                each(node.words[at].1);
            }
        }
        if key.year
            && let Some(child) = node.year
        {
            each(child);
        }
        if let Some(value) = key.number {
            for &(low, high, child) in &node.numbers {
                if low <= value && value <= high {
                    each(child);
                }
            }
        }
    }

    /// The phrases that end at `node`.
    pub fn entries(&self, node: u32) -> &[Entry] {
        &self.nodes[node as usize].entries
    }

    /// Whether any phrase continues past `node`.
    pub fn has_children(&self, node: u32) -> bool {
        let node = &self.nodes[node as usize];
        !node.words.is_empty() || node.year.is_some() || !node.numbers.is_empty()
    }
}

/// The distinct words of the rule phrases, each with an id, for looking up
/// message words: open addressing on a table at most half full, keyed by a
/// word's length and first eight bytes, so that most lookups compare two
/// integers and no bytes. Message words are only looked up, never inserted,
/// so a hostile message cannot lengthen a probe.
#[derive(Debug, Clone)]
struct Vocabulary {
    /// A power of two in length; `id == EMPTY` marks a free slot.
    slots: Vec<Slot>,
    /// The words by id.
    words: Vec<Box<str>>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    head: u64,
    len: u32,
    id: u32,
}

const EMPTY: u32 = u32::MAX;

impl Default for Vocabulary {
    fn default() -> Vocabulary {
        Vocabulary { slots: vec![Slot { head: 0, len: 0, id: EMPTY }; 64], words: Vec::new() }
    }
}

impl Vocabulary {
    /// The id of `word`, if a rule phrase has it.
    fn get(&self, bytes: &[u8]) -> Option<u32> {
        let (head, len) = (head(bytes), bytes.len() as u32);
        let mask = self.slots.len() - 1;
        let mut at = slot_of(head, len, mask);
        loop {
            let slot = self.slots[at];
            if slot.id == EMPTY {
                return None;
            }
            if slot.head == head
                && slot.len == len
                && (len <= 8 || self.words[slot.id as usize].as_bytes()[8..] == bytes[8..])
            {
                return Some(slot.id);
            }
            at = (at + 1) & mask;
        }
    }

    /// The id of `word`, given a new one if it has none yet.
    fn id_or_new(&mut self, word: &str) -> u32 {
        if let Some(id) = self.get(word.as_bytes()) {
            return id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(EMPTY - 1);
        self.words.push(word.into());
        if self.words.len() * 2 > self.slots.len() {
            self.slots = vec![Slot { head: 0, len: 0, id: EMPTY }; self.slots.len() * 2];
            for (id, word) in self.words.iter().enumerate() {
                Self::place(&mut self.slots, word, id as u32);
            }
        } else {
            Self::place(&mut self.slots, word, id);
        }
        id
    }

    fn place(slots: &mut [Slot], word: &str, id: u32) {
        let bytes = word.as_bytes();
        let (head, len) = (head(bytes), bytes.len() as u32);
        let mask = slots.len() - 1;
        let mut at = slot_of(head, len, mask);
        while slots[at].id != EMPTY {
            at = (at + 1) & mask;
        }
        slots[at] = Slot { head, len, id };
    }
}

/// A word's first eight bytes (zero-padded) as one integer.
fn head(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => bytes.iter().rev().fold(0, |head, &byte| head << 8 | u64::from(byte)),
    }
}

fn slot_of(head: u64, len: u32, mask: usize) -> usize {
    const SEED: u64 = 0x9e37_79b9_7f4a_7c15;
    let mixed = (head ^ u64::from(len).rotate_right(8)).wrapping_mul(SEED);
    (mixed >> 32) as usize & mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_finds_every_word_it_was_given_and_no_other() {
        let mut vocabulary = Vocabulary::default();
        let words: Vec<String> = (0..500).map(|n| format!("w{n}")).chain(["a".into(), "breathing".into()]).collect();
        let ids: Vec<u32> = words.iter().map(|w| vocabulary.id_or_new(w)).collect();
        assert_eq!(ids, (0..502).collect::<Vec<u32>>());
        for (word, id) in words.iter().zip(&ids) {
            assert_eq!(vocabulary.get(word.as_bytes()), Some(*id), "{word}");
            assert_eq!(vocabulary.id_or_new(word), *id);
        }
        for absent in ["", "b", "w500", "breathinG", "breathin", "breathings", "breathinx", "w1 "] {
            assert_eq!(vocabulary.get(absent.as_bytes()), None, "{absent}");
        }
    }

    #[test]
    fn placeholders_stay_single_tokens() {
        let word = |w: &str| PhraseToken::Word(w.to_string());
        assert_eq!(phrase_tokens("back in {year}"), Ok(vec![word("back"), word("in"), PhraseToken::Year]));
        assert_eq!(
            phrase_tokens("sugar is {400-999}"),
            Ok(vec![word("sugar"), word("is"), PhraseToken::Number { low: 400, high: 999 }])
        );
        assert!(phrase_tokens("sugar is {999-400}").is_err());
        assert!(phrase_tokens("sugar is {high}").is_err());
        assert!(phrase_tokens("sugar is {400").is_err());
    }

    #[test]
    fn a_word_can_lead_to_several_children() {
        let mut index = Index::default();
        let flag = |category| Entry::RedFlag { category, weight: 100 };
        let tokens = |phrase: &str| phrase_tokens(phrase).expect("phrase");
        index.add(&tokens("fever {103-106}"), flag(0));
        index.add(&tokens("fever 104"), flag(1));
        index.add(&tokens("fever {2000-2030}"), flag(2));
        index.add(&tokens("fever {year}"), flag(3));
        let mut fever = Vec::new();
        index.children(ROOT, &index.key(b"fever"), |child| fever.push(child));
        assert_eq!(fever.len(), 1);
        let mut found = Vec::new();
        for word in ["104", "2019", "99"] {
            let mut entries = Vec::new();
            index.children(fever[0], &index.key(word.as_bytes()), |child| {
                entries.extend_from_slice(index.entries(child))
            });
            found.push(entries);
        }
        assert_eq!(found, [vec![flag(1), flag(0)], vec![flag(3), flag(2)], vec![]]);
    }
}
