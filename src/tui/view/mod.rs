//! Pure drawing: `render(&App, Frame)` reads state only.

mod dashboard;
mod detail;
mod queue;
mod status;
pub mod time;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, Input};

/// Below this size the layout cannot show a row and its message legibly.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub queue: Rect,
    pub detail: Rect,
    pub status: Rect,
}

/// Terminals at least this wide show the queue beside the message.
pub const SIDE_BY_SIDE: u16 = 160;

/// Splits the screen: queue beside the message on a wide terminal, above it
/// on a narrow one; one status line at the bottom. `None` when too small.
pub fn layout(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let [queue, detail] = if area.width >= SIDE_BY_SIDE {
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(main)
    } else {
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(main)
    };
    Some(Areas { queue, detail, status })
}

/// Rows of messages the queue pane shows (inside its border, below its header).
pub fn queue_rows(area: Rect) -> u16 {
    layout(area).map_or(1, |areas| areas.queue.height.saturating_sub(3).max(1))
}

pub fn render(app: &App, frame: &mut Frame) {
    let Some(areas) = layout(frame.area()) else {
        let text = format!(
            "Make the window larger: inbasket needs {MIN_WIDTH}×{MIN_HEIGHT}, this one is {}×{}.",
            frame.area().width,
            frame.area().height
        );
        frame.render_widget(Paragraph::new(Line::from(text)).wrap(Wrap { trim: true }), frame.area());
        return;
    };
    queue::render(app, frame, areas.queue);
    detail::render(app, frame, areas.detail);
    match &app.input {
        Input::Search(text) => {
            let line = Line::from(vec![
                Span::styled("Search: ", bold()),
                Span::raw(crate::sanitize::line(text)),
                Span::styled("█", Style::default().add_modifier(Modifier::SLOW_BLINK)),
                Span::raw("   Enter search · Esc cancel"),
            ]);
            frame.render_widget(Paragraph::new(line), areas.status);
        }
        _ => status::render(app, frame, areas.status),
    }
    if app.show_dashboard {
        dashboard::render(app, frame, frame.area());
    }
    if let Input::Action(dialog) = &app.input {
        let width = frame.area().width.saturating_sub(4).min(110);
        popup(frame, " Record an action ", action_dialog(app, dialog), width);
    } else if let Input::Stress(dialog) = &app.input {
        popup(frame, " This shift's stress ", stress_dialog(app, dialog), 72);
    } else if let Input::SignIn(name) = &app.input {
        let lines = vec![
            Line::from("Your name, as it should appear on what you record:"),
            Line::from(""),
            Line::from(vec![Span::raw("> "), Span::raw(crate::sanitize::line(name)), Span::raw("█")]),
            Line::from(""),
            Line::from("Enter sign in · Esc quit"),
        ];
        popup(frame, " Sign in ", lines, 60);
    } else if app.show_help {
        let area = frame.area();
        popup(frame, " Keys ", help_lines(app, area.width, area.height), area.width.saturating_sub(4).min(150));
    }
}

/// The help: every action with its keys, in two columns when one would not fit the screen's height.
fn help_lines(app: &App, width: u16, height: u16) -> Vec<Line<'static>> {
    // Keys and labels can come from the clinic's config: shown like any outside text.
    let help: Vec<(String, String)> = app
        .keys
        .help()
        .into_iter()
        .map(|(keys, what)| (crate::sanitize::line(&keys), crate::sanitize::line(what)))
        .collect();
    // The popup's inside: as `render` sizes it.
    let width = width.saturating_sub(4).min(150).saturating_sub(2);
    let keys_width = help.iter().map(|(keys, _)| keys.chars().count()).max().unwrap_or(0);
    let entry = |(keys, what): &(String, String), room: usize| {
        let what: String = what.chars().take(room.saturating_sub(keys_width + 2)).collect();
        vec![
            Span::styled(format!("{keys:>keys_width$}  "), bold()),
            Span::raw(format!("{what:<w$}", w = room.saturating_sub(keys_width + 2))),
        ]
    };
    let footer = if width >= 90 {
        "Ctrl-C always quits · keys can be added in the config file's [keys] · any key closes"
    } else {
        "Ctrl-C always quits · more keys: [keys] in the config · any key closes"
    };
    let mut lines: Vec<Line> = if help.len() + 6 <= usize::from(height) {
        help.iter().map(|item| Line::from(entry(item, usize::from(width)))).collect()
    } else {
        let half = help.len().div_ceil(2);
        let column = usize::from(width.saturating_sub(2)) / 2;
        (0..half)
            .map(|i| {
                let mut spans = entry(&help[i], column);
                if let Some(right) = help.get(i + half) {
                    spans.push(Span::raw("  "));
                    spans.extend(entry(right, column));
                }
                Line::from(spans)
            })
            .collect()
    };
    lines.push(Line::from(""));
    lines.push(Line::from(footer));
    lines
}

fn action_dialog(app: &App, dialog: &crate::tui::record::ActionDialog) -> Vec<Line<'static>> {
    let patient = app
        .window
        .iter()
        .find(|row| row.id == dialog.message)
        .map_or_else(String::new, |row| crate::sanitize::line(&row.patient_name));
    let mut lines = vec![Line::from(format!("Message {} · {patient}", dialog.message.0)), Line::from("")];
    match dialog.chosen {
        None => {
            for (i, (kind, letter)) in crate::tui::record::choices().enumerate() {
                let marker = if i == dialog.cursor { "▶" } else { " " };
                let resolves = if kind.resolves { "  (resolves)" } else { "" };
                let line = Line::from(vec![
                    Span::raw(format!("{marker} ")),
                    Span::styled(letter.map_or_else(|| "·".to_string(), String::from), bold()),
                    Span::raw(format!("  {}{resolves}", crate::sanitize::line(kind.label))),
                ]);
                lines.push(if i == dialog.cursor {
                    line.style(Style::default().add_modifier(Modifier::REVERSED))
                } else {
                    line
                });
            }
            lines.push(Line::from(""));
            lines.push(Line::from("a letter, or ↑↓ and Enter · Esc cancel"));
        }
        Some(kind) => {
            lines
                .push(Line::from(vec![Span::styled("Action  ", bold()), Span::raw(crate::sanitize::line(kind.label))]));
            let when = match dialog.minutes_ago {
                0 => "now (↓ earlier, for a late entry)".to_string(),
                m => format!("{} ago (↑↓ to change)", crate::domain::clock::span_text(i64::from(m) * 60)),
            };
            lines.push(Line::from(vec![Span::styled("When    ", bold()), Span::raw(when)]));
            lines.push(Line::from(vec![
                Span::styled("Note    ", bold()),
                Span::raw(crate::sanitize::line(&dialog.note)),
                Span::raw("█"),
            ]));
            match dialog.template.and_then(|i| app.reply_text(i, dialog.message)) {
                None => lines
                    .push(Line::from(vec![Span::styled("Reply   ", bold()), Span::raw("none (Tab picks a template)")])),
                Some((name, filled)) => {
                    let how = if dialog.editing_reply {
                        "editing · Ctrl-E or Esc back to the note"
                    } else {
                        "Tab: next · Ctrl-E edit"
                    };
                    lines
                        .push(Line::from(vec![Span::styled("Reply   ", bold()), Span::raw(format!("{name} ({how})"))]));
                    let text = dialog.reply.clone().unwrap_or(filled);
                    let body: Vec<&str> = text.split('\n').collect();
                    // While editing, the end of the text, where the typing goes.
                    let skip = if dialog.editing_reply { body.len().saturating_sub(12) } else { 0 };
                    for (i, line) in body.iter().enumerate().skip(skip).take(12) {
                        let cursor = if dialog.editing_reply && i + 1 == body.len() { "█" } else { "" };
                        lines.push(Line::from(format!("        {}{cursor}", crate::sanitize::line(line))));
                    }
                }
            }
            lines.push(Line::from(""));
            lines.push(Line::from(if dialog.editing_reply {
                "type to add to the reply · Enter new line · Backspace · Ctrl-E or Esc back to the note"
            } else {
                "type a note (optional) · Tab reply template · Ctrl-E edit the reply · Enter save · Esc back"
            }));
        }
    }
    lines
}

fn stress_dialog(app: &App, dialog: &crate::tui::record::StressDialog) -> Vec<Line<'static>> {
    let rating = dialog.rating.map_or_else(|| "_".to_string(), |r| r.to_string());
    let mut lines = vec![
        Line::from("How stressful was this shift for you?"),
        Line::from("0 = no stress · 5 = moderate · 10 = the worst stress imaginable"),
        Line::from(""),
        Line::from(vec![Span::styled("Rating  ", bold()), Span::styled(format!("{rating} / 10"), bold())]),
        Line::from(vec![
            Span::styled("Note    ", bold()),
            Span::raw(crate::sanitize::line(&dialog.note)),
            Span::raw(if dialog.on_note { "█" } else { "" }),
        ]),
        Line::from(""),
    ];
    if !app.ratings.is_empty() {
        // Her own ratings only: no other nurse's are ever shown.
        let trend: Vec<String> = app
            .ratings
            .iter()
            .rev()
            .map(|(date, r)| format!("{} {r}", crate::sanitize::line(date.get(5..).unwrap_or(date))))
            .collect();
        lines.push(Line::from(format!("Your last shifts: {}", trend.join(" · "))));
        lines.push(Line::from(""));
    }
    lines.push(Line::from(if dialog.quitting {
        "0–10, then Enter save and quit · ↓ add a note · Esc skip and quit"
    } else {
        "0–10, then Enter save · ↓ add a note · Esc cancel"
    }));
    lines
}

/// A bordered box in the middle of the screen, over whatever is there, as
/// tall as its wrapped text; when the screen is shorter, the end of the text
/// (where the typing and the keys are) stays in view.
fn popup(frame: &mut Frame, title: &str, lines: Vec<Line>, width: u16) {
    let area = frame.area();
    let width = width.min(area.width.saturating_sub(2));
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = u16::try_from(paragraph.line_count(width.saturating_sub(2).max(1))).unwrap_or(u16::MAX);
    let height = rows.saturating_add(2).min(area.height.saturating_sub(2));
    let x = area.x + (area.width - width) / 2;
    let y = area.y + (area.height - height) / 2;
    let rect = Rect::new(x, y, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(Line::from(title.to_string()).style(bold()));
    let hidden = rows.saturating_sub(height.saturating_sub(2));
    frame.render_widget(paragraph.block(block).scroll((hidden, 0)), rect);
}

/// A style that is dropped when colour is off (`NO_COLOR`); modifiers such as
/// bold and reverse stay, so meaning never rests on colour alone.
fn tint(app: &App, style: Style) -> Style {
    if app.use_color { style } else { Style::default().add_modifier(style.add_modifier) }
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// The border of a pane: bold and coloured where the keys act, plain elsewhere.
fn pane_border(app: &App, focused: bool) -> Style {
    if focused {
        tint(app, Style::default().fg(ratatui::style::Color::Cyan)).add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    }
}
