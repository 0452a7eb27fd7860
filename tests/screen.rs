//! The console's screens, drawn on a test backend from a real queue file.

mod common;

use std::os::unix::fs::PermissionsExt;

use chrono::DateTime;
use inbasket::store::{Creation, Queue};
use inbasket::tui::{self, action::Action, app::App, view};
use ratatui::{Terminal, backend::TestBackend};

fn now() -> chrono::DateTime<chrono::Utc> {
    DateTime::parse_from_rfc3339(common::NOW).unwrap().to_utc()
}

use common::{draw, fetch};

#[test]
fn the_queue_and_the_selected_message_are_on_screen() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.path("q.db");
    let queue = Queue::open(&db, Creation::File).unwrap();
    let conn = common::feeder(&db);
    common::feed(&conn, "a", "2026-11-23T12:00:00Z", "Ann Lee", "Can I get my lisinopril refilled?");
    common::feed(&conn, "b", "2026-11-23T14:30:00Z", "Bo Chan", "Question about my lab results");
    let mut app = tui::initial_app(&queue, Some("RN Ames".into()), now());
    let lines = draw(&mut app, &queue, 170, 20);
    let screen = lines.join("\n");
    assert!(lines[0].contains("Queue · open · 2 messages "), "{screen}");
    let first = lines.iter().find(|l| l.contains("▶")).expect("a selected row");
    assert!(first.contains("Ann Lee") && first.contains("3h 00m") && first.contains("○ open"), "{first}");
    assert!(screen.contains("Can I get my lisinopril refilled?"), "the selected message's text:\n{screen}");
    assert!(screen.contains("Mon 23 Nov 07:00 EST"), "received in the clinic's time zone:\n{screen}");
    assert!(
        lines[19].contains("RN Ames") && lines[19].contains("open 2 · urgent 0 · overdue 0 · resolved today 0"),
        "{}",
        lines[19]
    );

    app.update(Action::Down);
    let screen = draw(&mut app, &queue, 170, 20).join("\n");
    assert!(screen.contains("Question about my lab results"), "{screen}");

    app.time_zone = chrono_tz::America::Los_Angeles;
    let screen = draw(&mut app, &queue, 170, 20).join("\n");
    assert!(screen.contains("Mon 23 Nov 06:30 PST"), "{screen}");
}

#[test]
fn escape_sequences_and_bidi_overrides_never_reach_a_cell() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.path("q.db");
    let queue = Queue::open(&db, Creation::File).unwrap();
    let conn = common::feeder(&db);
    common::feed(
        &conn,
        "x",
        "2026-11-23T12:00:00Z",
        "Eve\u{1b}]0;title\u{7}",
        "hi\u{1b}[2J\u{202e}evil\u{200b}\u{9b}31m",
    );
    let mut app = tui::initial_app(&queue, Some("RN Ames".into()), now());
    let lines = draw(&mut app, &queue, 170, 20);
    let screen = lines.join("\n");
    for line in &lines {
        assert!(!line.chars().any(inbasket::sanitize::is_unsafe), "{line:?}");
    }
    assert!(screen.contains("hi␛[2J�evil�31m"), "{screen}");
}

#[test]
fn a_read_only_queue_says_so_on_the_status_line() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.seeded("q.db", 20);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let queue = Queue::open(&db, Creation::File).unwrap();
    let mut app = tui::initial_app(&queue, Some("RN Ames".into()), now());
    let lines = draw(&mut app, &queue, 200, 20);
    assert!(
        lines[19].contains("READ-ONLY: the file's permissions allow no writing, nothing can be recorded"),
        "{}",
        lines[19]
    );
}

#[test]
fn a_tiny_terminal_asks_for_a_larger_window() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.seeded("q.db", 5);
    let queue = Queue::open(&db, Creation::File).unwrap();
    let mut app = tui::initial_app(&queue, Some("RN Ames".into()), now());
    let screen = draw(&mut app, &queue, 40, 8).join("");
    assert!(screen.contains("Make the window larger"), "{screen}");
}

/// Draws and returns the buffer, for looking at styles.
fn draw_buffer(app: &mut App, queue: &Queue, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    app.update(Action::Resize { queue_rows: view::queue_rows(area) });
    fetch(queue, app);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::render(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn red_flags_are_badged_summarized_and_marked_in_the_text() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.path("q.db");
    let mut queue = Queue::open(&db, Creation::File).unwrap();
    let conn = common::feeder(&db);
    common::feed(&conn, "a", "2026-11-23T12:00:00Z", "Ann Lee", "Refill please");
    common::feed(&conn, "b", "2026-11-23T14:30:00Z", "Bo Chan", "No fever. My chest feels tight\nbut no chest pain.");
    let rules = inbasket::domain::urgency::Rules::default_rules();
    let clinic = inbasket::config::Config::default().clinic;
    let mut assessor = inbasket::domain::assessment::Assessing::new(&rules, &clinic, 1_795_446_000);
    queue.assess_all(&mut assessor, &mut |_, _| {}).unwrap();

    let mut app = tui::initial_app(&queue, Some("RN Ames".into()), now());
    app.use_color = false; // as under NO_COLOR: marks must not rest on colour
    let buffer = draw_buffer(&mut app, &queue, 170, 24);
    let lines: Vec<String> =
        (0..24).map(|y| (0..170).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>()).collect();
    let screen = lines.join("\n");
    let selected = lines.iter().find(|l| l.contains('▶')).unwrap();
    assert!(
        selected.contains("!! EMERGENT") && selected.contains("Bo Chan"),
        "the emergent message is on top:\n{screen}"
    );
    assert!(screen.contains("Red flags !! EMERGENT cardiac “chest feels tight”"), "{screen}");
    assert!(screen.contains("not counted: cardiac “chest pain” (negated)"), "{screen}");
    assert!(screen.contains("chest pain ⟨negated⟩"), "{screen}");

    // The affirmed phrase is in reverse video, the negated one dimmed.
    let (y, line) = lines.iter().enumerate().find(|(_, l)| l.contains("My chest feels tight")).unwrap();
    let chars: Vec<char> = line.chars().collect();
    let column = chars.windows(5).position(|w| w.iter().collect::<String>() == "chest").unwrap() as u16;
    let cell = &buffer[(column, y as u16)];
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED), "{:?}", cell);
    assert_eq!(cell.fg, ratatui::style::Color::Reset, "no colour under NO_COLOR");
    let (y, line) = lines.iter().enumerate().find(|(_, l)| l.contains("but no chest pain")).unwrap();
    let chars: Vec<char> = line.chars().collect();
    let column = chars.windows(10).position(|w| w.iter().collect::<String>() == "chest pain").unwrap() as u16;
    assert!(buffer[(column, y as u16)].modifier.contains(ratatui::style::Modifier::DIM));
}

#[test]
fn a_body_that_is_not_utf8_is_shown_with_replacement_characters() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.path("q.db");
    let queue = Queue::open(&db, Creation::File).unwrap();
    common::feeder(&db)
        .execute(
            "INSERT INTO message (source_id, received_at, patient_name, subject, body)
             VALUES ('bad', '2026-11-23T14:05:00Z', 'Ann Lee', 'hi', CAST(X'6D79206865616420FE6875727473' AS TEXT))",
            [],
        )
        .unwrap();
    let mut app = tui::initial_app(&queue, Some("RN Ames".into()), now());
    let screen = draw(&mut app, &queue, 170, 20).join("\n");
    assert!(screen.contains("my head \u{fffd}hurts"), "{screen}");
}
