//! The default keys, each with the action it triggers and a description; the hint line is made from this table.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Keys that trigger one action.
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in help.
    pub label: &'static str,
    pub action: Action,
    pub description: &'static str,
}

/// The default key map. Vim keys and arrows both work.
pub const DEFAULT_BINDINGS: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Char('j'), KeyCode::Down],
        label: "j/↓",
        action: Action::Down,
        description: "next message",
    },
    Binding {
        keys: &[KeyCode::Char('k'), KeyCode::Up],
        label: "k/↑",
        action: Action::Up,
        description: "previous message",
    },
    Binding {
        keys: &[KeyCode::Char('g'), KeyCode::Home],
        label: "g/Home",
        action: Action::First,
        description: "first message",
    },
    Binding {
        keys: &[KeyCode::Char('G'), KeyCode::End],
        label: "G/End",
        action: Action::Last,
        description: "last message",
    },
    Binding {
        keys: &[KeyCode::Char('J'), KeyCode::PageDown, KeyCode::Char(' ')],
        label: "PgDn/Space",
        action: Action::ScrollTextDown,
        description: "scroll the message down",
    },
    Binding {
        keys: &[KeyCode::Char('K'), KeyCode::PageUp],
        label: "PgUp",
        action: Action::ScrollTextUp,
        description: "scroll the message up",
    },
    Binding { keys: &[KeyCode::Char('f')], label: "f", action: Action::NextFilter, description: "next filter" },
    Binding { keys: &[KeyCode::Char('q')], label: "q", action: Action::Quit, description: "quit" },
];

/// The action for a key press, if any. Ctrl-C always quits.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('d') => Some(Action::PageDown),
            KeyCode::Char('u') => Some(Action::PageUp),
            _ => None,
        };
    }
    DEFAULT_BINDINGS.iter().find(|binding| binding.keys.contains(&key.code)).map(|binding| binding.action)
}

/// The short key hints for the status line, from the same table.
pub fn hints() -> String {
    DEFAULT_BINDINGS
        .iter()
        .filter(|b| matches!(b.action, Action::Down | Action::ScrollTextDown | Action::NextFilter | Action::Quit))
        .map(|b| format!("{} {}", b.label, b.description))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_both_move() {
        assert_eq!(action_for(press(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(action_for(press(KeyCode::Down)), Some(Action::Down));
        assert_eq!(action_for(press(KeyCode::Char('k'))), Some(Action::Up));
        assert_eq!(action_for(press(KeyCode::Up)), Some(Action::Up));
    }

    #[test]
    fn control_c_always_quits() {
        assert_eq!(action_for(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for binding in DEFAULT_BINDINGS {
            for key in binding.keys {
                assert!(!seen.contains(key), "{key:?} bound twice");
                seen.push(*key);
            }
        }
    }
}
