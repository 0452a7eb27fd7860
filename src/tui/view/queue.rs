//! The queue pane: one row per message, the selected one marked with `▶`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Row, Table};

use super::{bold, time, tint};
use crate::domain::message::Status;
use crate::domain::urgency::Level;
use crate::sanitize;
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let count = app.filtered_len();
    let noun = if count == 1 { "message" } else { "messages" };
    let title = format!(" Queue · {} · {count} {noun} ", app.filter.as_str());
    let block = Block::default().borders(Borders::ALL).title(Line::from(title).style(bold()));
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
                (None, false) => Cell::from("?  unchecked"),
            };
            let row = Row::new([
                Cell::from(marker),
                badge,
                Cell::from(time::age(message.received_epoch, app.now)),
                Cell::from(sanitize::line(&message.patient_name)),
                Cell::from(sanitize::line(message.subject_or_placeholder())),
                Cell::from(status),
            ]);
            if selected {
                row.style(tint(app, Style::default().bg(Color::Blue).fg(Color::White)).add_modifier(Modifier::BOLD))
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(["", "URGENCY", "AGE", "PATIENT", "SUBJECT", "STATUS"]).style(bold());
    let widths = [
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Length(7),
        Constraint::Length(22),
        Constraint::Min(10),
        Constraint::Length(6),
    ];
    let table = Table::new(rows, widths).header(header).block(block).column_spacing(1);
    frame.render_widget(table, area);
}
