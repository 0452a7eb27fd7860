//! The console's views on a test backend: badges and due states, each view, search, help, sign-in, and untrusted text.

mod common;

use chrono::DateTime;
use inbasket::domain::assessment::Assessing;
use inbasket::domain::message::{Message, MessageId, QueueFilter, QueueRow, Status};
use inbasket::store::{Creation, Queue};
use inbasket::tui::{self, action::Action, app::App, keymap::KeyMap, view};
use ratatui::{Terminal, backend::TestBackend};

/// Monday 23 November 2026, 10:00 in New York.
const NOW: &str = "2026-11-23T15:00:00Z";

fn now() -> DateTime<chrono::Utc> {
    DateTime::parse_from_rfc3339(NOW).unwrap().to_utc()
}

/// A queue with one message in each state the queue pane shows.
fn queue(sandbox: &common::Sandbox) -> Queue {
    let db = sandbox.path("q.db");
    let mut queue = Queue::open(&db, Creation::File).unwrap();
    let conn = common::feeder(&db);
    common::feed(&conn, "emergent", "2026-11-23T14:30:00Z", "Bo Chan", "I have crushing chest pain");
    common::feed(&conn, "urgent", "2026-11-23T14:50:00Z", "Cy Park", "fever of 103 since last night");
    common::feed(&conn, "late", "2026-11-19T15:00:00Z", "Ann Garcia", "Refill of my metformin please");
    common::feed(&conn, "later", "2026-11-23T14:00:00Z", "Di Garcia", "Question about my appointment");
    common::feed(&conn, "answered", "2026-11-18T15:00:00Z", "Ed Roy", "Is the clinic open Friday?");
    common::feed(&conn, "done", "2026-11-20T15:00:00Z", "Flo Kim", "Thanks for the call");
    conn.execute_batch(
        "UPDATE message SET first_response_at = '2026-11-18T16:00:00Z' WHERE source_id = 'answered';
         UPDATE message SET status = 'resolved', first_response_at = '2026-11-23T13:00:00Z',
                            resolved_at = '2026-11-23T13:00:00Z' WHERE source_id = 'done';",
    )
    .unwrap();
    let rules = inbasket::domain::urgency::Rules::default_rules();
    let clinic = inbasket::config::Config::default().clinic;
    queue.assess_all(&mut Assessing::new(&rules, &clinic, now().timestamp()), &mut |_, _| {}).unwrap();
    queue
}

use common::{draw, fetch};

fn render(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::render(app, frame)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>()).collect()
}

/// The queue row of `patient` (the left pane only, where the panes are side by side).
fn row_of<'a>(lines: &'a [String], patient: &str) -> &'a str {
    lines
        .iter()
        .map(|l| l.split("││").next().unwrap_or(l))
        .find(|l| l.contains(patient))
        .unwrap_or_else(|| panic!("{patient} on screen:\n{}", lines.join("\n")))
}

fn app(queue: &Queue) -> App {
    let mut app = tui::initial_app(queue, Some("RN Ames".into()), now());
    app.use_color = false; // as under NO_COLOR: every state must read without colour
    app
}

#[test]
fn every_state_is_a_symbol_and_a_word() {
    let sandbox = common::Sandbox::new();
    let queue = queue(&sandbox);
    let mut app = app(&queue);
    app.update(Action::Show(QueueFilter::All));
    let lines = draw(&mut app, &queue, 170, 20);
    let screen = lines.join("\n");
    assert!(row_of(&lines, "Bo Chan").contains("!! EMERGENT"), "{screen}");
    assert!(row_of(&lines, "Bo Chan").contains("30m overdue"), "emergent is due on arrival:\n{screen}");
    assert!(row_of(&lines, "Cy Park").contains("!  URGENT"), "{screen}");
    assert!(row_of(&lines, "Cy Park").contains("due 10:50"), "one business hour:\n{screen}");
    assert!(
        row_of(&lines, "Ann Garcia").contains("⏰") && row_of(&lines, "Ann Garcia").contains("overdue"),
        "{screen}"
    );
    assert!(row_of(&lines, "Di Garcia").contains("due Tue 17:00"), "{screen}");
    assert!(row_of(&lines, "Ed Roy").contains("answered"), "{screen}");
    assert!(row_of(&lines, "Flo Kim").contains("✓ done"), "{screen}");
    // Received: age and clinic time.
    assert!(row_of(&lines, "Di Garcia").contains("1h 00m  09:00"), "{screen}");
    assert!(row_of(&lines, "Ann Garcia").contains("Thu 10:00"), "{screen}");
    // The selected row has a marker, not only a colour.
    assert!(row_of(&lines, "Bo Chan").contains('▶'), "{screen}");
}

#[test]
fn each_view_has_its_key_and_its_count() {
    let sandbox = common::Sandbox::new();
    let queue = queue(&sandbox);
    let mut app = app(&queue);
    let lines = draw(&mut app, &queue, 170, 20);
    assert!(lines[0].contains("Queue · open · 5 messages"), "{}", lines[0]);
    assert!(lines[19].contains("open 5 · urgent 2 · overdue 2 · resolved today 1"), "{}", lines[19]);
    for (key, title, shown) in [
        (Action::Show(QueueFilter::Urgent), "Queue · urgent · 2 messages", vec!["Bo Chan", "Cy Park"]),
        (Action::Show(QueueFilter::Overdue), "Queue · overdue · 2 messages", vec!["Ann Garcia", "Bo Chan"]),
        (Action::Show(QueueFilter::ResolvedToday), "Queue · resolved today · 1 message", vec!["Flo Kim"]),
        (Action::Show(QueueFilter::All), "Queue · all · 6 messages", vec!["Flo Kim", "Ed Roy"]),
    ] {
        app.update(key);
        let lines = draw(&mut app, &queue, 170, 20);
        assert!(lines[0].contains(title), "{}", lines.join("\n"));
        for patient in shown {
            row_of(&lines, patient);
        }
    }
    // The keys the help names do the same.
    let keys = KeyMap::default();
    let three =
        keys.action_for(ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('3')));
    assert_eq!(three, Some(Action::Show(QueueFilter::Overdue)));
}

#[test]
fn search_narrows_the_queue_and_n_moves_between_matches() {
    let sandbox = common::Sandbox::new();
    let queue = queue(&sandbox);
    let mut app = app(&queue);
    app.update(Action::Show(QueueFilter::All));
    draw(&mut app, &queue, 170, 20);
    app.update(Action::StartSearch);
    for c in "garc".chars() {
        app.update(Action::Type(c));
    }
    let typing = draw(&mut app, &queue, 170, 20);
    assert!(typing[19].contains("Search: garc"), "{}", typing[19]);
    app.update(Action::Submit);
    assert!(app.counts_stale, "the matches need counting");
    let lines = draw(&mut app, &queue, 170, 20);
    let screen = lines.join("\n");
    assert!(lines[0].contains("“garc” · 2 messages"), "{screen}");
    assert!(lines[19].contains("“garc” 2 found"), "{}", lines[19]);
    assert!(!screen.contains("Bo Chan"), "only matches:\n{screen}");
    assert!(row_of(&lines, "Ann Garcia").contains('▶'), "{screen}");
    app.update(Action::NextMatch);
    let lines = draw(&mut app, &queue, 170, 20);
    assert!(row_of(&lines, "Di Garcia").contains('▶'), "{}", lines.join("\n"));
    app.update(Action::PreviousMatch);
    let lines = draw(&mut app, &queue, 170, 20);
    assert!(row_of(&lines, "Ann Garcia").contains('▶'));
    // Another view counts its own matches.
    app.update(Action::Show(QueueFilter::Open));
    assert!(app.counts_stale, "switching views during a search recounts the matches");
    app.update(Action::Show(QueueFilter::All));
    // Esc clears the search: the whole view again.
    app.update(Action::Cancel);
    let lines = draw(&mut app, &queue, 170, 20);
    assert!(lines[0].contains("Queue · all · 6 messages"), "{}", lines[0]);
}

#[test]
fn help_lists_every_action_of_the_live_key_map() {
    let sandbox = common::Sandbox::new();
    let queue = queue(&sandbox);
    let mut app = app(&queue);
    app.keys = KeyMap::with_overrides(&[("show-overdue".into(), vec!["ctrl-o".into()])]).unwrap();
    app.update(Action::Help);
    let screen = draw(&mut app, &queue, 170, 40).join("\n");
    for binding in &app.keys.bindings {
        assert!(screen.contains(binding.description), "{} missing:\n{screen}", binding.description);
    }
    assert!(screen.contains("3/d/Ctrl-o  overdue, most overdue first"), "{screen}");
    // On a small screen it takes two columns, and all of it shows.
    let small = draw(&mut app, &queue, 80, 24).join("\n");
    assert!(small.contains("quit") && small.contains("any key closes") && small.contains("next message"), "{small}");
    // Any key closes it.
    app.update(Action::Down);
    assert!(!app.show_help);
    assert!(!draw(&mut app, &queue, 170, 40).join("\n").contains("this help"));
}

#[test]
fn without_a_name_the_console_asks_for_one_first() {
    let sandbox = common::Sandbox::new();
    let queue = queue(&sandbox);
    let mut app = tui::initial_app(&queue, None, now());
    let screen = draw(&mut app, &queue, 170, 20).join("\n");
    assert!(screen.contains("Sign in") && screen.contains("Your name"), "{screen}");
    app.update(Action::Down); // keys are not commands yet
    for c in "Dana Ames, RN".chars() {
        app.update(Action::Type(c));
    }
    app.update(Action::Submit);
    assert_eq!(app.nurse.as_deref(), Some("Dana Ames, RN"));
    let lines = draw(&mut app, &queue, 170, 20);
    assert!(lines[19].starts_with(" Dana Ames, RN "), "{}", lines[19]);
    // Esc at the sign-in leaves the console.
    let mut app = tui::initial_app(&queue, None, now());
    app.update(Action::Cancel);
    assert!(app.should_quit);
}

#[test]
fn tab_moves_the_keys_to_the_message_and_esc_back() {
    let sandbox = common::Sandbox::new();
    let queue = queue(&sandbox);
    let mut app = app(&queue);
    draw(&mut app, &queue, 170, 20);
    app.update(Action::SwitchPane);
    let screen = draw(&mut app, &queue, 170, 20).join("\n");
    assert!(screen.contains("Message · ↑↓ scroll · Esc back"), "{screen}");
    let selected = app.selected;
    app.update(Action::Down);
    assert_eq!((app.selected, app.text_scroll), (selected, 1), "down scrolls the message");
    app.update(Action::Cancel);
    app.update(Action::Down);
    assert_eq!(app.selected, selected + 1, "back on the queue");
}

#[test]
fn the_message_shows_when_it_is_due_and_warns_of_hidden_characters() {
    let sandbox = common::Sandbox::new();
    let queue = queue(&sandbox);
    let conn = common::feeder(queue.path());
    common::feed(&conn, "odd", "2026-11-23T14:55:00Z", "Gil\u{202e}Lee", "please \u{1b}[2Jcall\u{200b} me");
    let rules = inbasket::domain::urgency::Rules::default_rules();
    let clinic = inbasket::config::Config::default().clinic;
    let mut queue = queue;
    queue.assess_pending(&mut Assessing::new(&rules, &clinic, now().timestamp()), 10).unwrap();
    let mut app = app(&queue);
    app.update(Action::Show(QueueFilter::Overdue));
    let screen = draw(&mut app, &queue, 170, 30).join("\n");
    let due = screen.lines().find(|l| l.contains("Due       ")).unwrap_or_default();
    assert!(due.contains("Fri 20 Nov 17:00 EST") && due.contains("⏰") && due.contains("2d 17h overdue"), "{screen}");
    app.update(Action::Show(QueueFilter::All));
    while app.selected_row().and_then(|r| r.source_id.clone()).as_deref() != Some("odd") {
        app.update(Action::Down);
        fetch(&queue, &mut app);
    }
    let screen = draw(&mut app, &queue, 170, 30).join("\n");
    assert!(screen.contains("⚠ contained control characters"), "{screen}");
    assert!(!screen.contains('\u{202e}') && !screen.contains('\u{1b}') && !screen.contains('\u{200b}'));
}

fn in_memory_app(patient: &str, subject: &str, body: &str) -> App {
    let row = QueueRow {
        id: MessageId(1),
        source_id: Some("x".into()),
        received_at: Some(patient.into()),
        received_epoch: Some(now().timestamp() - 600),
        patient_name: patient.into(),
        subject: Some(subject.into()),
        category: Some(subject.into()),
        status: Status::Open,
        level: None,
        assessed: true,
        score: 0,
        first_response_epoch: None,
        due_epoch: Some(now().timestamp() + 600),
    };
    let mut app = App::new(now(), "q.db".into(), Some(patient.into()), None);
    app.counts.open = 1;
    app.update(Action::Resize { queue_rows: 10 });
    if let Some(request) = app.wants_rows() {
        app.load_rows(request, vec![row.clone()]);
    }
    app.load_message(Some(Message {
        row,
        patient_mrn: Some(subject.into()),
        sender: Some(body.chars().take(40).collect()),
        body: body.into(),
        first_response_at: None,
        resolved_at: None,
        flags: Vec::new(),
    }));
    app
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Whatever a patient or a feeder writes, no cell of the screen holds a
    /// control, bidi or zero-width character.
    #[test]
    fn no_cell_ever_holds_an_unsafe_character(
        patient in "(?s).{0,40}",
        subject in "(?s)[\\x00-\\x1f\\x7f-\\u{9f}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z ]{0,40}",
        body in "(?s)(.|[\\x1b\\u{202e}\\u{200b}\\u{feff}\\r\\n\\t]){0,300}",
        wide in proptest::bool::ANY,
    ) {
        let app = in_memory_app(&patient, &subject, &body);
        let (width, height) = if wide { (170, 30) } else { (80, 24) };
        for line in render(&app, width, height) {
            for ch in line.chars() {
                proptest::prop_assert!(!inbasket::sanitize::is_unsafe(ch), "{:?} on screen", ch);
            }
        }
    }
}

#[test]
fn wide_characters_keep_the_columns_aligned() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.path("q.db");
    let mut queue = Queue::open(&db, Creation::File).unwrap();
    let conn = common::feeder(&db);
    for (i, name) in ["王小明", "😷 Ana 🤒", "Ｆｕｌｌｗｉｄｔｈ", "Zoë", "plain"].iter().enumerate() {
        common::feed(&conn, &format!("w{i}"), &format!("2026-11-23T1{i}:00:00Z"), name, "胸口痛 question ✈️");
    }
    let rules = inbasket::domain::urgency::Rules::default_rules();
    let clinic = inbasket::config::Config::default().clinic;
    queue.assess_all(&mut Assessing::new(&rules, &clinic, now().timestamp()), &mut |_, _| {}).unwrap();
    let mut app = app(&queue);
    for width in [80u16, 120, 170] {
        let area = ratatui::layout::Rect::new(0, 0, width, 20);
        app.update(Action::Resize { queue_rows: view::queue_rows(area) });
        fetch(&queue, &mut app);
        let mut terminal = Terminal::new(TestBackend::new(width, 20)).unwrap();
        terminal.draw(|frame| view::render(&app, frame)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        // The cell where each row's status begins.
        let columns: Vec<u16> = (0..20).filter_map(|y| (0..width).find(|&x| buffer[(x, y)].symbol() == "○")).collect();
        assert_eq!(columns.len(), 5, "every row has its status at {width} columns");
        assert!(columns.iter().all(|&x| x == columns[0]), "statuses in one column at {width}: {columns:?}");
    }
}

mod recording {
    use super::*;
    use inbasket::tui::terminal::Saving;

    fn state(queue: &Queue, source: &str) -> (String, Option<String>) {
        let conn = common::feeder(queue.path());
        conn.query_row("SELECT status, first_response_at FROM message WHERE source_id = ?1", [source], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .unwrap()
    }

    #[test]
    fn an_action_with_a_note_is_stored_before_it_is_confirmed_and_can_be_undone() {
        let sandbox = common::Sandbox::new();
        let mut queue = queue(&sandbox);
        let mut app = app(&queue);
        draw(&mut app, &queue, 170, 30);
        // The emergent message is selected; the nurse redirects the patient.
        assert_eq!(app.selected_row().and_then(|r| r.source_id.clone()).as_deref(), Some("emergent"));
        app.update(Action::OpenActions);
        let screen = draw(&mut app, &queue, 170, 30).join("\n");
        assert!(screen.contains("Record an action") && screen.contains("e  redirected urgent concern"), "{screen}");
        app.update(Action::Type('e'));
        for c in "told to call 911".chars() {
            app.update(Action::Type(c));
        }
        let screen = draw(&mut app, &queue, 170, 30).join("\n");
        assert!(screen.contains("Note    told to call 911"), "{screen}");
        app.update(Action::Submit);
        let mut saving = Saving::default();
        assert!(saving.save(&mut queue, &mut app).unwrap());
        assert_eq!(state(&queue, "emergent").0, "resolved");
        let lines = draw(&mut app, &queue, 170, 30);
        assert!(lines[29].contains("✓ Saved: redirected urgent concern"), "{}", lines[29]);
        // Undo: a correcting record, and the message is open again.
        app.update(Action::Undo);
        assert!(saving.save(&mut queue, &mut app).unwrap());
        assert_eq!(state(&queue, "emergent"), ("open".into(), None));
        let conn = common::feeder(queue.path());
        let rows: Vec<(String, String, Option<String>, Option<String>)> = conn
            .prepare("SELECT action, nurse, note, corrects FROM triage_action ORDER BY seq")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].0.as_str(), rows[0].1.as_str(), rows[0].2.as_deref()),
            ("redirected-urgent", "RN Ames", Some("told to call 911"))
        );
        assert_eq!(rows[1].0, "undo");
        assert!(rows[1].3.is_some());
        // Nothing left to undo.
        app.update(Action::Undo);
        assert!(app.pending.is_none() && app.notice.as_deref().unwrap_or("").starts_with("Nothing to undo"));
    }

    #[test]
    fn a_reply_template_is_picked_with_tab_and_goes_to_the_outbox() {
        let sandbox = common::Sandbox::new();
        let mut queue = queue(&sandbox);
        let mut app = app(&queue);
        app.clinic_phone = "555-0100".into();
        draw(&mut app, &queue, 170, 40);
        app.update(Action::OpenActions);
        app.update(Action::Type('e'));
        app.update(Action::SwitchPane);
        let screen = draw(&mut app, &queue, 170, 40).join("\n");
        assert!(screen.contains("urgent-concern (Tab: next") && screen.contains("Hello Bo,"), "{screen}");
        // Ctrl-E edits the reply: the nurse adds a line of her own.
        app.update(Action::EditReply);
        app.update(Action::Submit);
        for c in "We will call you within the hour.".chars() {
            app.update(Action::Type(c));
        }
        let screen = draw(&mut app, &queue, 170, 40).join("\n");
        assert!(screen.contains("We will call you within the hour.█"), "{screen}");
        app.update(Action::EditReply);
        app.update(Action::Submit);
        assert!(Saving::default().save(&mut queue, &mut app).unwrap());
        let conn = common::feeder(queue.path());
        let (template, body): (String, String) =
            conn.query_row("SELECT template, body FROM reply", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!(template, "urgent-concern");
        assert!(body.starts_with("Hello Bo,") && body.contains("555-0100") && body.contains("RN Ames"), "{body}");
        assert!(body.ends_with("\nWe will call you within the hour."), "the edit is kept: {body}");
    }

    #[test]
    fn a_late_entry_from_the_console_keeps_when_it_happened() {
        let sandbox = common::Sandbox::new();
        let mut queue = queue(&sandbox);
        let mut app = app(&queue);
        draw(&mut app, &queue, 170, 40);
        app.update(Action::OpenActions);
        app.update(Action::Type('c'));
        for _ in 0..4 {
            app.update(Action::Down);
        }
        app.update(Action::Up);
        let screen = draw(&mut app, &queue, 170, 40).join("\n");
        assert!(screen.contains("When    15m ago"), "{screen}");
        app.update(Action::Submit);
        assert!(Saving::default().save(&mut queue, &mut app).unwrap());
        let (occurred, recorded): (String, String) = common::feeder(queue.path())
            .query_row("SELECT occurred_at, recorded_at FROM triage_action", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap().timestamp();
        assert_eq!(at(&recorded) - at(&occurred), 15 * 60);
    }

    #[test]
    fn a_busy_queue_keeps_the_record_and_stores_it_once_when_free() {
        let sandbox = common::Sandbox::new();
        let mut queue = queue(&sandbox);
        let mut app = app(&queue);
        draw(&mut app, &queue, 170, 40);
        app.update(Action::RecordAction(inbasket::domain::action::find("called").unwrap()));
        app.update(Action::Submit);
        // Another program holds the write lock longer than the busy timeout.
        let holder = common::feeder(queue.path());
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let mut saving = Saving::default();
        assert!(!saving.save(&mut queue, &mut app).unwrap());
        assert!(app.notice.as_deref().unwrap_or("").starts_with("Saving…"), "{:?}", app.notice);
        // q does not leave while the record waits (Ctrl-C would, without it).
        assert!(app.still_saving);
        app.update(Action::Quit);
        assert!(!app.should_quit);
        assert!(app.notice.as_deref().unwrap_or("").starts_with("Still saving a record"), "{:?}", app.notice);
        holder.execute_batch("COMMIT").unwrap();
        assert!(saving.save(&mut queue, &mut app).unwrap(), "stored once the queue is free");
        assert!(!app.still_saving);
        let count: i64 = holder.query_row("SELECT count(*) FROM triage_action", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 1);
    }

    #[test]
    fn a_read_only_queue_says_so_and_keeps_what_was_typed() {
        let sandbox = common::Sandbox::new();
        let queue = queue(&sandbox);
        let path = queue.path().to_path_buf();
        drop(queue);
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let mut read_only = Queue::open(&path, Creation::Never).unwrap();
        assert!(read_only.read_only_reason().is_some());
        let mut app = app(&read_only);
        draw(&mut app, &read_only, 170, 30);
        app.update(Action::RecordAction(inbasket::domain::action::find("called").unwrap()));
        for c in "no answer".chars() {
            app.update(Action::Type(c));
        }
        app.update(Action::Submit);
        assert!(!Saving::default().save(&mut read_only, &mut app).unwrap());
        assert!(app.notice.as_deref().unwrap_or("").starts_with("Not saved:"), "{:?}", app.notice);
        match &app.input {
            inbasket::tui::app::Input::Action(dialog) => assert_eq!(dialog.note, "no answer"),
            other => panic!("the dialog is open again with the note: {other:?}"),
        }
    }

    #[test]
    fn quitting_asks_for_the_stress_rating_once_and_never_blocks() {
        let sandbox = common::Sandbox::new();
        let mut queue = queue(&sandbox);
        let mut app = app(&queue);
        let mut saving = Saving::default();
        saving.load_ratings(&queue, &mut app).unwrap();
        draw(&mut app, &queue, 170, 30);
        app.update(Action::Quit);
        assert!(!app.should_quit);
        let screen = draw(&mut app, &queue, 170, 30).join("\n");
        assert!(screen.contains("How stressful was this shift") && screen.contains("Esc skip and quit"), "{screen}");
        app.update(Action::Type('1'));
        app.update(Action::Type('0'));
        app.update(Action::Submit);
        assert!(saving.save(&mut queue, &mut app).unwrap());
        assert!(app.should_quit);
        assert!(app.rated_today());
        // The next console does not ask again; Esc would have skipped it.
        let mut again = super::app(&queue);
        Saving::default().load_ratings(&queue, &mut again).unwrap();
        again.update(Action::Quit);
        assert!(again.should_quit);
        let mut skipping = tui::initial_app(&queue, Some("RN Bell".into()), now());
        skipping.update(Action::Quit);
        skipping.update(Action::Cancel);
        assert!(skipping.should_quit);
        let mut hurried = tui::initial_app(&queue, Some("RN Bell".into()), now());
        hurried.update(Action::Quit);
        hurried.update(Action::QuitNow);
        assert!(hurried.should_quit);
    }
}

#[test]
fn the_dashboard_shows_today_and_the_last_fourteen_days() {
    let sandbox = common::Sandbox::new();
    let queue = queue(&sandbox);
    let mut app = app(&queue);
    draw(&mut app, &queue, 170, 40);
    app.update(Action::Dashboard);
    let working = draw(&mut app, &queue, 170, 40).join("\n");
    assert!(working.contains("Working out the audit"), "{working}");
    let clinic = inbasket::config::Config::default().clinic;
    app.dashboard = Some(inbasket::tui::terminal::dashboard(&queue, app.now, &clinic).unwrap());
    let screen = draw(&mut app, &queue, 170, 40).join("\n");
    // Monday so far: the emergent, urgent and 09:00 messages came. The audit counts from recorded
    // actions only, and this queue's states were set without any, so nothing was resolved.
    assert!(screen.contains("Today so far (2026-11-23)"), "{screen}");
    assert!(
        screen.contains("received 3 (0 after hours) · urgent 2 flagged, 0 judged urgent, 0 false alarms · resolved 0"),
        "{screen}"
    );
    // The emergent message is past due unanswered; the other two are not due yet.
    assert!(screen.contains("within target 0%"), "{screen}");
    assert!(screen.contains("received · 14 days from 11-10 · today 3"), "{screen}");
    assert!(screen.contains("stress, mean rating 0-10"), "{screen}");
    // Any key closes it.
    app.update(Action::Down);
    assert!(!app.show_dashboard);
}
