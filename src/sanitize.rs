//! Turns untrusted text (anything a patient or a feeder wrote) into text that is safe to put on a terminal.
//!
//! Control characters are shown as visible symbols, never sent: an escape
//! sequence in a message cannot move the cursor, retitle the window or change
//! colours. Bidirectional overrides and isolates, which could make text read
//! differently from what is stored, become a visible `�`. Zero-width and other
//! invisible formatting characters are removed. The stored text is never changed.

/// One line of display text: no control, bidi or zero-width characters; tabs
/// become spaces; line breaks are shown as `⏎` (use [`lines`] to keep them).
pub fn line(untrusted: &str) -> String {
    let mut out = String::with_capacity(untrusted.len());
    for ch in untrusted.chars() {
        push_safe(&mut out, ch);
    }
    out
}

/// Display lines of a multi-line text: split at `\n`, `\r\n`, a lone `\r`
/// or a Unicode line or paragraph separator, each line made safe as by [`line`].
pub fn lines(untrusted: &str) -> Vec<String> {
    let normalized = untrusted.replace("\r\n", "\n");
    normalized.split(['\n', '\r', '\u{2028}', '\u{2029}']).map(line).collect()
}

fn push_safe(out: &mut String, ch: char) {
    match ch {
        '\t' => out.push_str("    "),
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push('⏎'),
        // C0 controls are shown as their Control Pictures (␛ for ESC, ␇ for BEL).
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + ch as u32).unwrap_or('�')),
        '\u{7f}' => out.push('␡'),
        // C1 controls (including the 8-bit CSI, U+009B) have no pictures.
        '\u{80}'..='\u{9f}' => out.push('�'),
        _ if is_bidi_control(ch) => out.push('�'),
        _ if is_invisible(ch) => {}
        _ => out.push(ch),
    }
}

/// Characters that reorder text when displayed.
pub fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no room and show nothing (zero-width spaces and
/// joiners, word joiner, byte-order mark, soft hyphen, variation selectors,
/// tag characters, and the other invisible format characters).
pub fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{ad}'
            | '\u{34f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// True when the text holds characters the screen will not show as they
/// are (controls other than line breaks and tabs, escape sequences, bidi
/// overrides, invisible characters): the nurse is told the message had them.
pub fn has_hidden(untrusted: &str) -> bool {
    untrusted.chars().any(|ch| !matches!(ch, '\n' | '\r' | '\t') && is_unsafe(ch))
}

/// True when a character must never reach a terminal cell as it is.
pub fn is_unsafe(ch: char) -> bool {
    ch.is_control() || is_bidi_control(ch) || is_invisible(ch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_escape_sequence_is_shown_not_run() {
        assert_eq!(line("hi\u{1b}[2J\u{1b}]0;pwned\u{7}"), "hi␛[2J␛]0;pwned␇");
    }

    #[test]
    fn eight_bit_controls_and_delete_are_visible() {
        assert_eq!(line("a\u{9b}31mb\u{7f}"), "a�31mb␡");
    }

    #[test]
    fn bidi_overrides_are_marked_and_zero_width_removed() {
        assert_eq!(line("pay \u{202e}0001\u{202c}$"), "pay �0001�$");
        assert_eq!(line("che\u{200b}st pa\u{feff}in"), "chest pain");
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        let text = "Zoë Nguyễn — 胸が痛い 😀 can't breathe";
        assert_eq!(line(text), text);
    }

    #[test]
    fn lines_split_on_every_kind_of_break() {
        assert_eq!(lines("a\r\nb\rc\nd\u{2028}e"), ["a", "b", "c", "d", "e"]);
        assert_eq!(line("one\u{2029}two"), "one⏎two");
        assert_eq!(lines("tab\there"), ["tab    here"]);
    }

    proptest! {
        #[test]
        fn no_unsafe_character_survives(text in any::<String>()) {
            for out in lines(&text).iter().chain(std::iter::once(&line(&text))) {
                prop_assert!(!out.chars().any(is_unsafe), "{out:?}");
            }
        }

        /// Checked against the standard library's idea of a control character and
        /// the Unicode lists of bidi controls and zero-width characters, written
        /// out here rather than taken from the sanitizer.
        #[test]
        fn nothing_the_terminal_would_act_on_survives(
            chars in proptest::collection::vec(
                prop_oneof![
                    any::<char>(),
                    proptest::sample::select(vec!['\u{1b}', '\u{9b}', '\u{7}', '\u{202e}', '\u{2066}', '\u{200b}',
                        '\u{feff}', '\u{200d}', '\u{61c}', '\r', '\n', '\t', '\u{2028}']),
                ],
                0..40,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            const BIDI: &[char] = &['\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}',
                '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];
            const ZERO_WIDTH: &[char] = &['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'];
            for out in lines(&text).iter().chain(std::iter::once(&line(&text))) {
                prop_assert!(
                    !out.chars().any(|c| c.is_control() || BIDI.contains(&c) || ZERO_WIDTH.contains(&c)),
                    "{out:?}"
                );
            }
        }

        #[test]
        fn safe_text_passes_through(text in "[a-zA-Z0-9 .,'!?éßø中😀-]{0,40}") {
            prop_assert_eq!(line(&text), text);
        }
    }
}
