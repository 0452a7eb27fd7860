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
        let bytes = text.as_bytes();
        let mut sentence: u32 = 0;
        let mut current: Option<Word> = None;
        let mut newlines_in_gap = 0u8;
        let mut chars = text.char_indices().peekable();
        while let Some((at, ch)) = chars.next() {
            if ch.is_alphanumeric() {
                let word = current.get_or_insert(Word {
                    start: at,
                    end: at,
                    folded_start: self.folded.len() as u32,
                    folded_end: 0,
                    sentence,
                });
                if ch.is_ascii() {
                    self.folded.push(ch.to_ascii_lowercase());
                } else {
                    self.folded.extend(ch.to_lowercase());
                }
                word.end = at + ch.len_utf8();
                newlines_in_gap = 0;
                continue;
            }
            let inside_word = current.is_some() && chars.peek().is_some_and(|&(_, next)| next.is_alphanumeric());
            if matches!(ch, '\'' | '’' | 'ʼ') && inside_word {
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
        }
        if let Some(mut word) = current.take() {
            word.folded_end = self.folded.len() as u32;
            self.words.push(word);
        }
    }
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

    fn split(text: &str) -> Vec<(String, u32)> {
        let mut words = Words::default();
        words.split(text);
        (0..words.len()).map(|i| (words.folded(i).to_string(), words.words[i].sentence)).collect()
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
