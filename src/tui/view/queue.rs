//! The queue pane: one row per message, the selected one marked with `▶`; columns fitted to the pane's width.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Row, Table};

use super::time::Due;
use super::{bold, pane_border, time, tint};
use crate::domain::message::Status;
use crate::domain::urgency::Level;
use crate::sanitize;
use crate::tui::app::{App, Pane};

/// How much of each column a pane of this width can give.
struct Widths {
    received: u16,
    with_clock: bool,
    patient: u16,
    due: u16,
}

fn widths(inner: u16) -> Widths {
    match inner {
        100.. => Widths { received: 17, with_clock: true, patient: 18, due: 18 },
        80.. => Widths { received: 7, with_clock: false, patient: 16, due: 18 },
        _ => Widths { received: 7, with_clock: false, patient: 12, due: 18 },
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let count = app.filtered_len();
    let noun = if count == 1 { "message" } else { "messages" };
    let title = match &app.search {
        Some(search) => format!(" Queue · {} · “{}” · {count} {noun} ", app.filter.as_str(), sanitize::line(search)),
        None => format!(" Queue · {} · {count} {noun} ", app.filter.as_str()),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(pane_border(app, app.focus == Pane::Queue))
        .title(Line::from(title).style(bold()));
    let w = widths(area.width.saturating_sub(2));
    let page = u64::from(area.height.saturating_sub(3).max(1));
    let end = (app.top + page).min(app.filtered_len());
    // Only the rows in view are built.
    let rows: Vec<Row> = (app.top..end)
        .map(|position| {
            let selected = position == app.selected;
            let marker = if selected { "▶" } else { " " };
            let Some(message) = app.row_at(position) else {
                return Row::new([Cell::from(marker), Cell::from("…")]);
            };
            let status = match message.status {
                Status::Open => "○ open",
                Status::Resolved => "✓ done",
            };
            let badge = match (message.level, message.assessed) {
                (Some(Level::Emergent), _) => Cell::from("!! EMERGENT")
                    .style(tint(app, Style::default().fg(Color::Red)).add_modifier(Modifier::BOLD)),
                (Some(Level::Urgent), _) => Cell::from("!  URGENT")
                    .style(tint(app, Style::default().fg(Color::Yellow)).add_modifier(Modifier::BOLD)),
                (None, true) => Cell::from(""),
                (None, false) => Cell::from("? unchecked"),
            };
            let age = time::age(message.received_epoch, app.now);
            let received = if w.with_clock {
                format!("{age:<7} {}", time::received_short(message.received_epoch, app.now, app.time_zone))
            } else {
                age
            };
            let due = time::due(message, app.now, app.time_zone);
            let due_cell = match &due {
                Due::Overdue(_) => Cell::from(due.text())
                    .style(tint(app, Style::default().fg(Color::Red)).add_modifier(Modifier::BOLD)),
                _ => Cell::from(due.text()),
            };
            let row = Row::new([
                Cell::from(marker),
                badge,
                Cell::from(received),
                Cell::from(sanitize::line(&message.patient_name)),
                Cell::from(sanitize::line(message.subject_or_placeholder())),
                due_cell,
                Cell::from(status),
            ]);
            if selected {
                row.style(tint(app, Style::default().bg(Color::Blue).fg(Color::White)).add_modifier(Modifier::BOLD))
            } else {
                row
            }
        })
        .collect();
    let received = if w.with_clock { "RECEIVED" } else { "AGE" };
    let header = Row::new(["", "URGENCY", received, "PATIENT", "SUBJECT", "DUE", "STATUS"]).style(bold());
    let widths = [
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Length(w.received),
        Constraint::Length(w.patient),
        Constraint::Min(8),
        Constraint::Length(w.due),
        Constraint::Length(6),
    ];
    let table = Table::new(rows, widths).header(header).block(block).column_spacing(1);
    frame.render_widget(table, area);
}
