//! The triage actions a nurse records, and which of them answer or resolve a message.

/// A kind of triage action, by its short name (as `inbasket act` will take it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionKind {
    pub name: &'static str,
    pub label: &'static str,
    /// Recording it closes the message.
    pub resolves: bool,
    /// It is a response to the patient, so the first one sets time to first response.
    pub is_response: bool,
    /// A clinic action's letter in the console's action dialog, if it has one.
    pub letter: Option<char>,
}

/// The default actions, in the order the action dialog lists them.
pub const DEFAULT_ACTIONS: &[ActionKind] = &[
    kind("replied", "replied in portal", true, true),
    kind("called", "called patient", false, true),
    kind("routed-provider", "routed to provider", true, true),
    kind("routed-staff", "routed to scheduling / refills / front desk", true, true),
    kind("redirected-urgent", "redirected urgent concern (911 / ED / same day)", true, true),
    kind("same-day", "same-day appointment booked", true, true),
    kind("no-reply-needed", "no reply needed", true, true),
    kind("reopened", "reopened", false, false),
    kind("confirm-urgent", "confirmed urgent flag", false, false),
    kind("not-urgent", "overruled urgent flag (false alarm)", false, false),
    kind("mark-urgent", "marked urgent (rules missed it)", false, false),
    kind(UNDO, "took back an earlier record", false, false),
];

/// The action that only takes back the record it corrects.
pub const UNDO: &str = "undo";

/// One recorded action as the audit trail holds it: `Id` is what names a
/// record (its uid, or its place in the trail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<Id> {
    pub uid: Id,
    pub kind: &'static ActionKind,
    /// Unix seconds it occurred.
    pub at: i64,
    /// The record this one corrects (takes back), if any.
    pub corrects: Option<Id>,
}

/// The actions that stand: every record no later record corrects, without
/// the undo records themselves. A correction that names another action
/// stands in place of the one it corrects.
pub fn effective<Id: PartialEq + Copy>(entries: &[Entry<Id>]) -> Vec<(&'static ActionKind, i64)> {
    let mut standing = Vec::new();
    effective_into(entries.iter().copied(), &mut Vec::new(), &mut standing);
    standing
}

/// [`effective`], written into `standing` (emptied first) in the order
/// given, with `corrected` as scratch: a caller going through a million
/// messages allocates nothing once the two have grown.
pub fn effective_into<Id: PartialEq + Copy>(
    entries: impl Iterator<Item = Entry<Id>> + Clone,
    corrected: &mut Vec<Id>,
    standing: &mut Vec<(&'static ActionKind, i64)>,
) {
    corrected.clear();
    corrected.extend(entries.clone().filter_map(|entry| entry.corrects));
    standing.clear();
    standing.extend(
        entries
            .filter(|entry| entry.kind.name != UNDO && !corrected.contains(&entry.uid))
            .map(|entry| (entry.kind, entry.at)),
    );
}

const fn kind(name: &'static str, label: &'static str, resolves: bool, is_response: bool) -> ActionKind {
    ActionKind { name, label, resolves, is_response, letter: None }
}

/// The clinic's own actions, from its config file, added to the defaults for this process.
static CLINIC_ACTIONS: std::sync::OnceLock<Vec<ActionKind>> = std::sync::OnceLock::new();

/// Adds the clinic's own actions for the rest of the process (once; later calls are ignored).
pub fn add_clinic_actions(kinds: Vec<ActionKind>) {
    let _ = CLINIC_ACTIONS.set(kinds);
}

/// Every action: the defaults, then the clinic's own.
pub fn all() -> impl Iterator<Item = &'static ActionKind> {
    DEFAULT_ACTIONS.iter().chain(CLINIC_ACTIONS.get().into_iter().flatten())
}

/// Looks an action up by its short name.
pub fn find(name: &str) -> Option<&'static ActionKind> {
    all().find(|kind| kind.name == name)
}

/// Checks a clinic action's short name: lower-case letters, digits and
/// hyphens, and not one of the defaults.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(format!("action name '{name}' must be lower-case letters, digits and hyphens"));
    }
    if DEFAULT_ACTIONS.iter().any(|kind| kind.name == name) {
        return Err(format!("action '{name}' is already a default action"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resolving_actions_are_the_documented_six() {
        let resolving: Vec<&str> = DEFAULT_ACTIONS.iter().filter(|k| k.resolves).map(|k| k.name).collect();
        assert_eq!(
            resolving,
            ["replied", "routed-provider", "routed-staff", "redirected-urgent", "same-day", "no-reply-needed"]
        );
    }

    #[test]
    fn a_correction_takes_back_the_record_it_names() {
        let entry = |uid, name, at, corrects| Entry { uid, kind: find(name).expect("known"), at, corrects };
        let entries = [
            entry("a", "replied", 100, None),
            entry("b", "undo", 110, Some("a")),
            entry("c", "replied", 120, None),
            entry("d", "called", 130, Some("c")),
        ];
        let standing: Vec<(&str, i64)> = effective(&entries).into_iter().map(|(k, at)| (k.name, at)).collect();
        assert_eq!(standing, [("called", 130)]);
        assert!(!find(UNDO).expect("undo").is_response && !find(UNDO).expect("undo").resolves);
    }

    #[test]
    fn reopening_and_urgency_review_are_not_responses() {
        for name in ["reopened", "confirm-urgent", "not-urgent", "mark-urgent"] {
            assert!(!find(name).expect("known action").is_response, "{name}");
        }
        assert!(find("called").expect("known action").is_response);
        assert!(find("unknown").is_none());
    }
}

/// A message's state as its actions make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DerivedState {
    pub resolved: bool,
    /// Unix seconds of the earliest action that counts as a response.
    pub first_response_at: Option<i64>,
    /// Unix seconds of the action that resolved it, while it stays resolved.
    pub resolved_at: Option<i64>,
}

/// Derives a message's state from its actions, each given as the action and
/// the Unix second it occurred. Order of the input does not matter: actions are
/// taken in the order they occurred (ties in the order given), so a late entry
/// lands where it happened.
pub fn derive_state<'a>(actions: impl IntoIterator<Item = (&'a ActionKind, i64)>) -> DerivedState {
    let mut timeline: Vec<(&ActionKind, i64)> = actions.into_iter().collect();
    timeline.sort_by_key(|&(_, at)| at);
    let mut state = DerivedState { resolved: false, first_response_at: None, resolved_at: None };
    for (kind, at) in timeline {
        if kind.is_response && state.first_response_at.is_none() {
            state.first_response_at = Some(at);
        }
        if kind.resolves {
            state.resolved = true;
            state.resolved_at = Some(at);
        } else if kind.name == "reopened" {
            state.resolved = false;
            state.resolved_at = None;
        }
    }
    state
}

#[cfg(test)]
mod state_tests {
    use super::*;

    fn act(name: &str) -> &'static ActionKind {
        find(name).expect("known action")
    }

    #[test]
    fn a_message_without_actions_is_open() {
        let state = derive_state([]);
        assert_eq!(state, DerivedState { resolved: false, first_response_at: None, resolved_at: None });
    }

    #[test]
    fn a_call_answers_but_does_not_resolve() {
        let state = derive_state([(act("called"), 100)]);
        assert!(!state.resolved);
        assert_eq!(state.first_response_at, Some(100));
    }

    #[test]
    fn a_late_entry_counts_where_it_happened() {
        // Replied at 300, then a call that happened at 200 was entered late.
        let state = derive_state([(act("replied"), 300), (act("called"), 200)]);
        assert_eq!(state.first_response_at, Some(200));
        assert_eq!(state.resolved_at, Some(300));
    }

    #[test]
    fn reopening_undoes_resolution_but_not_first_response() {
        let state = derive_state([(act("replied"), 10), (act("reopened"), 20)]);
        assert!(!state.resolved);
        assert_eq!(state.resolved_at, None);
        assert_eq!(state.first_response_at, Some(10));
    }

    #[test]
    fn urgency_review_is_not_a_response() {
        let state = derive_state([(act("confirm-urgent"), 5)]);
        assert_eq!(state.first_response_at, None);
    }
}
