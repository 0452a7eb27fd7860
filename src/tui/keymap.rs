//! The key map: every action with its name, keys and description; the clinic's `[keys]` overrides; help and hints made from it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::record;
use crate::domain::message::QueueFilter;

/// A key with its modifiers (only Ctrl and Alt count; Shift is in the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false, alt: false }
    }

    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), ctrl: true, alt: false }
    }

    /// The key of a terminal event.
    pub fn of(event: KeyEvent) -> Key {
        let code = match event.code {
            // Terminals report Shift-Tab as BackTab; letters arrive in their case.
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// How help writes the key: `j`, `↓`, `PgDn`, `Ctrl-d`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{base}"),
            (false, true) => format!("Alt-{base}"),
            _ => base,
        }
    }
}

/// Parses a key as a config file writes it: `x`, `X`, `ctrl-r`, `alt-x`,
/// `up`, `down`, `left`, `right`, `home`, `end`, `pageup`, `pagedown`,
/// `tab`, `enter`, `esc`, `space`, `backspace`, `delete`, `f1`…`f12`.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut rest = text.trim();
    let (mut ctrl, mut alt) = (false, false);
    loop {
        let lower = rest.to_ascii_lowercase();
        if lower.starts_with("ctrl-") && rest.len() > 5 {
            ctrl = true;
            rest = &rest[5..];
        } else if lower.starts_with("alt-") && rest.len() > 4 {
            alt = true;
            rest = &rest[4..];
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        _ => match rest.to_ascii_lowercase().as_str() {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "tab" => KeyCode::Tab,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            name => match name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                Some(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(format!("'{text}' is not a key (write it as x, ctrl-x, alt-x, up, pagedown, f5 …)")),
            },
        },
    };
    let key = Key { code, ctrl, alt };
    if key == Key::ctrl('c') {
        return Err("ctrl-c always quits and cannot be bound".into());
    }
    Ok(key)
}

/// One action with its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The action's name in the config file's `[keys]`.
    pub name: &'static str,
    pub action: Action,
    pub keys: Vec<Key>,
    pub description: &'static str,
}

/// Every action the nurse can take from the keyboard, with its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    pub bindings: Vec<Binding>,
}

impl Default for KeyMap {
    /// Vim keys and arrows both; Ctrl-C always quits and is not in the map.
    fn default() -> KeyMap {
        use KeyCode::*;
        let p = Key::plain;
        let c = Key::ch;
        let bind = |name, action, keys: &[Key], description| Binding { name, action, keys: keys.to_vec(), description };
        KeyMap {
            bindings: vec![
                bind("down", Action::Down, &[c('j'), p(Down)], "next message"),
                bind("up", Action::Up, &[c('k'), p(Up)], "previous message"),
                bind("page-down", Action::PageDown, &[Key::ctrl('d')], "a screen of messages down"),
                bind("page-up", Action::PageUp, &[Key::ctrl('u')], "a screen of messages up"),
                bind("first", Action::First, &[c('g'), p(Home)], "first message"),
                bind("last", Action::Last, &[c('G'), p(End)], "last message"),
                bind("scroll-down", Action::ScrollTextDown, &[p(PageDown), c(' '), c('J')], "scroll the message down"),
                bind("scroll-up", Action::ScrollTextUp, &[p(PageUp), c('K')], "scroll the message up"),
                bind(
                    "switch-pane",
                    Action::SwitchPane,
                    &[p(Tab), p(BackTab)],
                    "move between the queue and the message",
                ),
                bind("search", Action::StartSearch, &[c('/')], "search patient, subject and text"),
                bind("next-match", Action::NextMatch, &[c('n')], "next search match"),
                bind("previous-match", Action::PreviousMatch, &[c('N')], "previous search match"),
                bind("next-filter", Action::NextFilter, &[c('f')], "next view"),
                bind("show-open", Action::Show(QueueFilter::Open), &[c('1'), c('o')], "open messages"),
                bind("show-urgent", Action::Show(QueueFilter::Urgent), &[c('2'), c('u')], "urgent and emergent"),
                bind(
                    "show-overdue",
                    Action::Show(QueueFilter::Overdue),
                    &[c('3'), c('d')],
                    "overdue, most overdue first",
                ),
                bind(
                    "show-resolved-today",
                    Action::Show(QueueFilter::ResolvedToday),
                    &[c('4'), c('r')],
                    "resolved today",
                ),
                bind("show-all", Action::Show(QueueFilter::All), &[c('5'), c('a')], "every message"),
                bind("record", Action::OpenActions, &[p(Enter), c('w')], "record an action on the message"),
                bind("undo", Action::Undo, &[c('U')], "take back the action just recorded"),
                bind("rate-stress", Action::RateStress, &[c('S')], "rate this shift's stress"),
                bind("dashboard", Action::Dashboard, &[c('D')], "the daily audit: today and the last 14 days"),
                bind("help", Action::Help, &[c('?'), p(F(1))], "this help"),
                bind("cancel", Action::Cancel, &[p(Esc)], "close help, clear the search, back to the queue"),
                bind("quit", Action::Quit, &[c('q')], "quit (Ctrl-C always quits)"),
            ]
            .into_iter()
            .chain(record::ACTION_LETTERS.iter().filter_map(|&(name, letter, binding)| {
                let kind = crate::domain::action::find(name)?;
                let key = Key { code: Char(letter), ctrl: false, alt: true };
                Some(Binding {
                    name: binding,
                    action: Action::RecordAction(kind),
                    keys: vec![key],
                    description: kind.label,
                })
            }))
            .collect(),
        }
    }
}

impl KeyMap {
    /// The default map with the clinic's additions: each `(action name,
    /// keys)` adds keys to that action, taking them from any other action.
    pub fn with_overrides(overrides: &[(String, Vec<String>)]) -> Result<KeyMap, String> {
        let mut map = KeyMap::default();
        for (name, keys) in overrides {
            let Some(index) = map.bindings.iter().position(|b| b.name == name) else {
                let names: Vec<&str> = map.bindings.iter().map(|b| b.name).collect();
                return Err(format!("unknown action '{name}' in [keys] (actions: {})", names.join(", ")));
            };
            for text in keys {
                let key = parse_key(text)?;
                for binding in &mut map.bindings {
                    binding.keys.retain(|k| *k != key);
                }
                map.bindings[index].keys.push(key);
            }
        }
        Ok(map)
    }

    /// The action for a key at the top level, if any. Ctrl-C always quits.
    pub fn action_for(&self, event: KeyEvent) -> Option<Action> {
        let key = Key::of(event);
        if key == Key::ctrl('c') {
            return Some(Action::QuitNow);
        }
        self.bindings.iter().find(|binding| binding.keys.contains(&key)).map(|binding| binding.action)
    }

    /// The keys of `action`, as help writes them: `j/↓`.
    pub fn label(&self, action: Action) -> String {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.keys.iter().map(Key::label).collect::<Vec<_>>().join("/"))
            .unwrap_or_default()
    }

    /// Every action with its keys, for the help screen.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        self.bindings.iter().map(|b| (self.label(b.action), b.description)).collect()
    }
}

/// What a key does while the nurse is typing (a search, her name): text,
/// or one of the few keys that end or edit it. Ctrl-C still quits.
pub fn typing_action(event: KeyEvent) -> Option<Action> {
    let key = Key::of(event);
    match key.code {
        _ if key == Key::ctrl('c') => Some(Action::QuitNow),
        KeyCode::Enter => Some(Action::Submit),
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::Tab => Some(Action::SwitchPane),
        KeyCode::Char('e') if key.ctrl => Some(Action::EditReply),
        KeyCode::Esc => Some(Action::Cancel),
        KeyCode::Backspace => Some(Action::Erase),
        KeyCode::Char(c) if !key.ctrl && !key.alt && !c.is_control() => Some(Action::Type(c)),
        _ => None,
    }
}

/// What a key does while help covers the screen: any key closes it; Ctrl-C still quits.
pub fn closing_action(event: KeyEvent) -> Action {
    if Key::of(event) == Key::ctrl('c') { Action::QuitNow } else { Action::Cancel }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_both_move() {
        let map = KeyMap::default();
        assert_eq!(map.action_for(press(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(map.action_for(press(KeyCode::Down)), Some(Action::Down));
        assert_eq!(map.action_for(press(KeyCode::Char('k'))), Some(Action::Up));
        assert_eq!(map.action_for(press(KeyCode::Up)), Some(Action::Up));
        assert_eq!(map.action_for(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)), Some(Action::PageDown));
    }

    #[test]
    fn control_c_always_quits() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(KeyMap::default().action_for(ctrl_c), Some(Action::QuitNow));
        assert_eq!(typing_action(ctrl_c), Some(Action::QuitNow));
        assert_eq!(closing_action(ctrl_c), Action::QuitNow);
        assert_eq!(closing_action(press(KeyCode::Char('q'))), Action::Cancel);
        assert!(KeyMap::with_overrides(&[("down".into(), vec!["ctrl-c".into()])]).is_err());
    }

    #[test]
    fn no_key_is_bound_twice_and_every_name_is_unique() {
        let map = KeyMap::default();
        let mut seen = Vec::new();
        for binding in &map.bindings {
            for key in &binding.keys {
                assert!(!seen.contains(key), "{key:?} bound twice");
                seen.push(*key);
            }
            assert_eq!(map.bindings.iter().filter(|b| b.name == binding.name).count(), 1);
        }
    }

    #[test]
    fn overrides_add_keys_and_take_them_from_other_actions() {
        let map = KeyMap::with_overrides(&[
            ("down".into(), vec!["ctrl-n".into(), "x".into()]),
            ("search".into(), vec!["f".into()]),
        ])
        .unwrap();
        assert_eq!(map.action_for(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)), Some(Action::Down));
        assert_eq!(map.action_for(press(KeyCode::Char('x'))), Some(Action::Down));
        assert_eq!(map.action_for(press(KeyCode::Char('j'))), Some(Action::Down), "the default keys stay");
        assert_eq!(map.action_for(press(KeyCode::Char('f'))), Some(Action::StartSearch));
        assert_eq!(map.label(Action::NextFilter), "", "f moved to search");
        assert!(map.help().iter().any(|(keys, what)| keys == "j/↓/Ctrl-n/x" && *what == "next message"));
    }

    #[test]
    fn bad_overrides_are_named() {
        let err = KeyMap::with_overrides(&[("jump".into(), vec!["x".into()])]).unwrap_err();
        assert!(err.starts_with("unknown action 'jump' in [keys] (actions: down, up,"), "{err}");
        let err = KeyMap::with_overrides(&[("down".into(), vec!["ctrl-".into()])]).unwrap_err();
        assert_eq!(err, "'ctrl-' is not a key (write it as x, ctrl-x, alt-x, up, pagedown, f5 …)");
        assert_eq!(parse_key("PageDown"), Ok(Key::plain(KeyCode::PageDown)));
        assert_eq!(parse_key("F5"), Ok(Key::plain(KeyCode::F(5))));
        assert_eq!(parse_key("Ctrl-R"), Ok(Key::ctrl('r')));
        assert!(parse_key("f13").is_err());
    }

    #[test]
    fn typing_takes_text_and_its_editing_keys() {
        assert_eq!(typing_action(press(KeyCode::Char('q'))), Some(Action::Type('q')));
        assert_eq!(typing_action(press(KeyCode::Enter)), Some(Action::Submit));
        assert_eq!(typing_action(press(KeyCode::Esc)), Some(Action::Cancel));
        assert_eq!(typing_action(press(KeyCode::Backspace)), Some(Action::Erase));
        assert_eq!(typing_action(press(KeyCode::Down)), Some(Action::Down));
        assert_eq!(typing_action(press(KeyCode::PageDown)), None);
    }
}
