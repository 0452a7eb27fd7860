//! Splits untrusted text into lower-cased words with byte spans and sentence numbers, in one linear pass.

/// One word of a message: where it stands in the original text, its
/// lower-cased form, and which sentence it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte span in the original text (always on character boundaries).
    pub start: usize,
    pub end: usize,
    /// Span of the lower-cased form in [`Words::folded`].
    pub folded_start: u32,
    pub folded_end: u32,
    pub sentence: u32,
}

/// The words of a text. Reusable: `split` clears and refills it.
#[derive(Debug, Default, Clone)]
pub struct Words {
    pub words: Vec<Word>,
    /// Every word's lower-cased form, back to back, in UTF-8.
    pub folded: Vec<u8>,
}

impl Words {
    /// The lower-cased form of word `i`.
    pub fn folded(&self, i: usize) -> &[u8] {
        let word = self.words[i];
        &self.folded[word.folded_start as usize..word.folded_end as usize]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Splits `text` into words. A word is a run of letters and digits; an
    /// apostrophe inside a word is dropped ("can't" reads as "cant"), so
    /// phrases match with or without it. Anything else (spaces, line breaks,
    /// hyphens, punctuation) separates words. A sentence ends at `.`, `!`,
    /// `?` or `;` (not a decimal point), or at a blank line.
    pub fn split(&mut self, text: &str) {
        self.words.clear();
        self.folded.clear();
        // Room for the common case up front: no reallocation inside the loop.
        self.folded.reserve(text.len());
        self.words.reserve(text.len() / 4 + 1);
        let bytes = text.as_bytes();
        let mut sentence: u32 = 0;
        let mut current: Option<Word> = None;
        let mut newlines_in_gap = 0u8;
        let mut at = 0;
        let mut block = Block::NONE;
        while at < bytes.len() {
            // Plain ASCII prose, up to 64 bytes at a time.
            if current.is_none()
                && let Some((next, next_sentence)) = self.split_block(bytes, at, sentence, &mut block)
            {
                newlines_in_gap = 0;
                (at, sentence) = (next, next_sentence);
                continue;
            }
            // A run of ASCII letters and digits: copied once, lower-cased.
            if bytes[at].is_ascii_alphanumeric() {
                let run = at;
                at += bytes[at..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len() - at);
                let word = current.get_or_insert(Word {
                    start: run,
                    end: run,
                    folded_start: self.folded.len() as u32,
                    folded_end: 0,
                    sentence,
                });
                self.folded.extend(bytes[run..at].iter().map(u8::to_ascii_lowercase));
                word.end = at;
                newlines_in_gap = 0;
                continue;
            }
            // Plain separators (spaces, commas, quotes…): end the word, nothing more.
            if is_plain_separator(bytes[at]) {
                if let Some(mut word) = current.take() {
                    word.folded_end = self.folded.len() as u32;
                    self.words.push(word);
                }
                at += 1;
                at += bytes[at..].iter().position(|&b| !is_plain_separator(b)).unwrap_or(bytes.len() - at);
                continue;
            }
            // Other ASCII without decoding.
            let (ch, len) = match bytes[at] {
                byte if byte.is_ascii() => (char::from(byte), 1),
                _ => {
                    let ch = text[at..].chars().next().unwrap_or('\u{fffd}');
                    (ch, ch.len_utf8())
                }
            };
            if is_word_char(ch) {
                let word = current.get_or_insert(Word {
                    start: at,
                    end: at,
                    folded_start: self.folded.len() as u32,
                    folded_end: 0,
                    sentence,
                });
                if len == 1 {
                    self.folded.push(bytes[at].to_ascii_lowercase());
                } else {
                    for lower in ch.to_lowercase() {
                        self.folded.extend_from_slice(lower.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                }
                word.end = at + len;
                newlines_in_gap = 0;
                at += len;
                continue;
            }
            if current.is_some() && matches!(ch, '\'' | '’' | 'ʼ') && starts_alphanumeric(&text[at + len..]) {
                at += len;
                continue;
            }
            if let Some(mut word) = current.take() {
                word.folded_end = self.folded.len() as u32;
                self.words.push(word);
            }
            match ch {
                '.' if is_decimal_point(bytes, at) => {}
                '.' | '!' | '?' | ';' => sentence += 1,
                '\n' => {
                    newlines_in_gap = newlines_in_gap.saturating_add(1);
                    if newlines_in_gap == 2 {
                        sentence += 1;
                    }
                }
                _ => {}
            }
            at += len;
        }
        if let Some(mut word) = current.take() {
            word.folded_end = self.folded.len() as u32;
            self.words.push(word);
        }
    }
}

impl Words {
    /// The fast path, with no word in progress at `at`: from `at` to the end
    /// of its block of 64 bytes, and before the first byte that needs the
    /// careful path, every run of ASCII letters and digits followed by a
    /// plain separator or a sentence end is a word. Finds them with bit
    /// masks rather than a branch per byte, and returns where to go on from
    /// and the sentence there, or `None` when no word ended there.
    fn split_block(&mut self, bytes: &[u8], at: usize, sentence: u32, block: &mut Block) -> Option<(usize, u32)> {
        if !(block.start..block.start.saturating_add(64)).contains(&at) {
            *block = Block::at(bytes, at - at % 64);
        }
        let offset = at - block.start;
        let word = block.word >> offset;
        // Past the end of the block is unknown: careful.
        let careful = block.careful >> offset | !(u64::MAX >> offset);
        let stop = block.stop >> offset;
        let usable = match careful.trailing_zeros() {
            64 => u64::MAX,
            first => (1u64 << first) - 1,
        };
        let mut ends = word & ((!word & usable) >> 1);
        if ends == 0 {
            return None;
        }
        // A word in progress would have been `current`, so the byte before
        // `at` is no word byte and a word at bit 0 starts there.
        let mut starts = word & !(word << 1);
        let last = 63 - ends.leading_zeros() as usize;
        // Everything up to the last word's end is ASCII: copy it once and
        // point the words into the copy.
        let base = self.folded.len();
        self.folded.extend(bytes[at..=at + last].iter().map(u8::to_ascii_lowercase));
        while ends != 0 {
            let (start, end) = (starts.trailing_zeros() as usize, ends.trailing_zeros() as usize + 1);
            self.words.push(Word {
                start: at + start,
                end: at + end,
                folded_start: (base + start) as u32,
                folded_end: (base + end) as u32,
                sentence: sentence + (stop & ((1u64 << start) - 1)).count_ones(),
            });
            starts &= starts - 1;
            ends &= ends - 1;
        }
        // The byte after the last word is a plain separator or a sentence end.
        let through_next = match last + 2 {
            64 => u64::MAX,
            bits => (1u64 << bits) - 1,
        };
        Some((at + last + 2, sentence + (stop & through_next).count_ones()))
    }
}

/// 64 bytes of text, one bit per byte in each mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    start: usize,
    /// ASCII letters and digits.
    word: u64,
    /// Bytes for the careful path: not ASCII, an apostrophe, a line break,
    /// or past the end of the text.
    careful: u64,
    /// `.`, `!`, `?` and `;` that end a sentence (not a decimal point).
    stop: u64,
}

impl Block {
    const NONE: Block = Block { start: usize::MAX, word: 0, careful: 0, stop: 0 };

    /// The block of 64 bytes from `start`, eight bytes at a time.
    fn at(bytes: &[u8], start: usize) -> Block {
        let mut padded = [0x80u8; 64];
        let available = bytes.len().saturating_sub(start).min(64);
        padded[..available].copy_from_slice(&bytes[start..start + available]);
        let (mut word, mut careful, mut stop, mut digit, mut dot) = (0u64, 0u64, 0u64, 0u64, 0u64);
        for (i, chunk) in padded.chunks_exact(8).enumerate() {
            let classes = Classes::of(u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8])));
            let shift = 8 * i;
            word |= bits(classes.word) << shift;
            careful |= bits(classes.careful) << shift;
            stop |= bits(classes.stop) << shift;
            digit |= bits(classes.digit) << shift;
            dot |= bits(classes.dot) << shift;
        }
        let digit_before = digit << 1 | u64::from(start > 0 && bytes[start - 1].is_ascii_digit());
        let digit_after = digit >> 1 | u64::from(bytes.get(start + 64).is_some_and(u8::is_ascii_digit)) << 63;
        // A full stop between two digits is a decimal point, not a sentence end.
        let decimal = dot & digit_before & digit_after;
        Block { start, word, careful, stop: stop & !decimal }
    }
}

/// The classes of eight bytes, as the high bit of each byte (SWAR).
struct Classes {
    word: u64,
    careful: u64,
    stop: u64,
    digit: u64,
    dot: u64,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

impl Classes {
    fn of(chunk: u64) -> Classes {
        let ascii = !chunk & HIGH;
        let low = chunk & !HIGH;
        // Setting bit 5 lower-cases ASCII letters (and moves nothing else into a–z).
        let lower = low | (0x20 * ONES);
        let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
        let digit = at_least(low, b'0') & !at_least(low, b'9' + 1) & ascii;
        let dot = equal(low, b'.') & ascii;
        let stop = (dot | equal(low, b'!') | equal(low, b'?') | equal(low, b';')) & ascii;
        let careful = (chunk & HIGH) | ((equal(low, b'\'') | equal(low, b'\n')) & ascii);
        Classes { word: (letter | digit) & ascii, careful, stop, digit, dot }
    }
}

/// Per byte of seven-bit values: high bit set where the byte is at least `low`.
fn at_least(seven_bits: u64, low: u8) -> u64 {
    seven_bits.wrapping_add(u64::from(0x80 - low) * ONES) & HIGH
}

/// Per byte of seven-bit values: high bit set where the byte equals `value`.
fn equal(seven_bits: u64, value: u8) -> u64 {
    let differ = seven_bits ^ (u64::from(value) * ONES);
    !((differ & !HIGH).wrapping_add(!HIGH) | differ) & HIGH
}

/// The high bits of eight bytes as eight bits, first byte lowest.
fn bits(high_bits: u64) -> u64 {
    (high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

fn starts_alphanumeric(text: &str) -> bool {
    text.chars().next().is_some_and(is_word_char)
}

/// Letters and digits, and the combining marks that lower-casing can add
/// ("İ" lower-cases to "i" and U+0307): a word must not split at them, or a
/// message would read differently in another letter case.
/// ASCII that separates words and means nothing else: not a letter, digit,
/// apostrophe, sentence end or line break.
fn is_plain_separator(byte: u8) -> bool {
    byte.is_ascii() && !byte.is_ascii_alphanumeric() && !matches!(byte, b'\'' | b'.' | b'!' | b'?' | b';' | b'\n')
}

fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || is_combining_mark(ch)
}

fn is_combining_mark(ch: char) -> bool {
    matches!(ch, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// A `.` between two digits, as in "101.5".
fn is_decimal_point(bytes: &[u8], at: usize) -> bool {
    at > 0 && bytes[at - 1].is_ascii_digit() && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
}

/// Lower-cased words of a phrase from the rule file, split the same way as message text.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    let mut words = Words::default();
    words.split(phrase);
    (0..words.len()).map(|i| String::from_utf8_lossy(words.folded(i)).into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain, char-by-char statement of the splitting rules that the fast `split` must equal.
    fn reference(text: &str) -> Vec<(usize, usize, String, u32)> {
        let mut out = Vec::new();
        let mut sentence = 0;
        let mut newlines = 0u8;
        let mut current: Option<(usize, usize, String)> = None;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (k, &(at, ch)) in chars.iter().enumerate() {
            if is_word_char(ch) {
                let word = current.get_or_insert((at, at, String::new()));
                word.2.extend(ch.to_lowercase());
                word.1 = at + ch.len_utf8();
                newlines = 0;
                continue;
            }
            let next_alnum = chars.get(k + 1).is_some_and(|&(_, next)| is_word_char(next));
            if current.is_some() && matches!(ch, '\'' | '’' | 'ʼ') && next_alnum {
                continue;
            }
            if let Some((start, end, folded)) = current.take() {
                out.push((start, end, folded, sentence));
            }
            match ch {
                '.' if is_decimal_point(text.as_bytes(), at) => {}
                '.' | '!' | '?' | ';' => sentence += 1,
                '\n' => {
                    newlines = newlines.saturating_add(1);
                    if newlines == 2 {
                        sentence += 1;
                    }
                }
                _ => {}
            }
        }
        if let Some((start, end, folded)) = current.take() {
            out.push((start, end, folded, sentence));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_fast_split_follows_the_rules(text in "(?s)[a-zA-Z0-9 .,!?;'’ʼ\n\t-]{0,60}|[a-zA-Z0-9 ,'.\n-]{60,300}|[a-zA-Z ]{100,200}|[a-z0-9 .!?;,]{60,300}|([a-zA-Z0-9 ]{5,70}[’é\n.;'İ]){1,8}|\\PC{0,40}|.{0,40}") {
            let mut words = Words::default();
            words.split(&text);
            let fast: Vec<(usize, usize, String, u32)> = (0..words.len())
                .map(|i| (words.words[i].start, words.words[i].end, String::from_utf8_lossy(words.folded(i)).into_owned(), words.words[i].sentence))
                .collect();
            proptest::prop_assert_eq!(fast, reference(&text));
        }
    }

    #[test]
    fn a_block_classes_every_byte_as_the_byte_rules_do() {
        let every_byte: Vec<u8> = (0..=255u8).chain(b"1.5 a.b 7.\n".iter().copied()).collect();
        // Decimal points on both sides of a block boundary.
        let across: Vec<u8> = [b'x'; 61].iter().chain(b" 1.2.3 4.").copied().collect();
        for (bytes, start) in
            [&every_byte, &across].into_iter().flat_map(|b| (0..b.len()).step_by(64).map(move |s| (b, s)))
        {
            let block = Block::at(bytes, start);
            for i in 0..64 {
                let at = start + i;
                let byte = bytes.get(at).copied();
                let bit = |mask: u64| mask >> i & 1 == 1;
                assert_eq!(bit(block.word), byte.is_some_and(|b| b.is_ascii_alphanumeric()), "{at}");
                let careful = byte.is_none_or(|b| !b.is_ascii() || b == b'\'' || b == b'\n');
                assert_eq!(bit(block.careful), careful, "{at}");
                let stop =
                    byte.is_some_and(|b| b"!?;".contains(&b)) || byte == Some(b'.') && !is_decimal_point(bytes, at);
                assert_eq!(bit(block.stop), stop, "{at}");
            }
        }
    }

    fn split(text: &str) -> Vec<(String, u32)> {
        let mut words = Words::default();
        words.split(text);
        (0..words.len())
            .map(|i| (String::from_utf8_lossy(words.folded(i)).into_owned(), words.words[i].sentence))
            .collect()
    }

    #[test]
    fn a_combining_mark_stays_inside_its_word() {
        let lower: Vec<String> = split("i\u{307}stanbul").into_iter().map(|(w, _)| w).collect();
        let upper: Vec<String> = split("İSTANBUL").into_iter().map(|(w, _)| w).collect();
        assert_eq!(lower, ["i\u{307}stanbul"]);
        assert_eq!(upper, lower);
    }

    #[test]
    fn words_are_lower_cased_and_apostrophes_dropped() {
        let words: Vec<String> = split("I CAN'T Breathe, won’t stop").into_iter().map(|(w, _)| w).collect();
        assert_eq!(words, ["i", "cant", "breathe", "wont", "stop"]);
    }

    #[test]
    fn hyphens_and_line_breaks_separate_words_but_not_sentences() {
        let words = split("chest-\npain");
        assert_eq!(words, [("chest".into(), 0), ("pain".into(), 0)]);
    }

    #[test]
    fn sentences_end_at_punctuation_and_blank_lines_not_decimals() {
        let words = split("fever 101.5 today. No pain\n\nok? yes");
        let sentences: Vec<u32> = words.iter().map(|(_, s)| *s).collect();
        assert_eq!(sentences, [0, 0, 0, 0, 1, 1, 2, 3]);
        assert_eq!((words[1].0.as_str(), words[2].0.as_str()), ("101", "5"));
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "Zoë has ÇHEST pain";
        let mut words = Words::default();
        words.split(text);
        let spans: Vec<&str> = words.words.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(spans, ["Zoë", "has", "ÇHEST", "pain"]);
        assert_eq!(words.folded(2), "çhest".as_bytes());
    }
}
