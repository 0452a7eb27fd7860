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
    /// Every word's lower-cased form, back to back.
    pub folded: String,
}

impl Words {
    /// The lower-cased form of word `i`.
    pub fn folded(&self, i: usize) -> &str {
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
        while at < bytes.len() {
            // A run of ASCII letters and digits, the common case: copied once
            // and lower-cased in place.
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
                self.folded.extend(bytes[run..at].iter().map(|b| char::from(b.to_ascii_lowercase())));
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
                    self.folded.push(ch.to_ascii_lowercase());
                } else {
                    self.folded.extend(ch.to_lowercase());
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
    (0..words.len()).map(|i| words.folded(i).to_string()).collect()
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
        fn the_fast_split_follows_the_rules(text in "(?s)[a-zA-Z0-9 .,!?;'’ʼ\n\t-]{0,60}|\\PC{0,40}|.{0,40}") {
            let mut words = Words::default();
            words.split(&text);
            let fast: Vec<(usize, usize, String, u32)> = (0..words.len())
                .map(|i| (words.words[i].start, words.words[i].end, words.folded(i).to_string(), words.words[i].sentence))
                .collect();
            proptest::prop_assert_eq!(fast, reference(&text));
        }
    }

    fn split(text: &str) -> Vec<(String, u32)> {
        let mut words = Words::default();
        words.split(text);
        (0..words.len()).map(|i| (words.folded(i).to_string(), words.words[i].sentence)).collect()
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
        assert_eq!(words.folded(2), "çhest");
    }
}
