//! The status line: who is signed in, counts, the filter, a read-only warning and key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::tint;
use crate::tui::app::App;
use crate::tui::keymap;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let nurse = app.nurse.as_deref().map_or_else(|| "not signed in".to_string(), crate::sanitize::line);
    let mut spans = vec![
        Span::styled(format!(" {nurse} "), Style::default().add_modifier(Modifier::REVERSED)),
        Span::raw(format!(
            " open {} · resolved {} │ filter: {} │ {} ",
            app.counts.open,
            app.counts.resolved,
            app.filter.as_str(),
            app.queue_name
        )),
    ];
    if let Some(reason) = &app.read_only {
        spans.push(Span::styled(
            format!("│ READ-ONLY: {reason}, nothing can be recorded "),
            tint(app, Style::default().fg(Color::Red)).add_modifier(Modifier::BOLD),
        ));
    }
    spans.push(Span::raw(format!("│ {}", keymap::hints())));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
