//! The message pane: who wrote, when, and the whole text, sanitized and wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{bold, time, tint};
use crate::sanitize;
use crate::tui::app::App;

/// Lines of a message body laid out at most; a longer body says so at the end.
const MAX_BODY_LINES: usize = 2_000;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).title(Line::from(" Message ").style(bold()));
    let Some(message) = app.message.as_ref().filter(|m| Some(m.row.id) == app.selected_row().map(|r| r.id)) else {
        let text = if app.filtered_len() == 0 { "No messages in this view." } else { "Loading…" };
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    };
    let row = &message.row;
    let label = |name: &'static str| Span::styled(format!("{name:<10}"), bold());
    let value = |text: Option<&str>| Span::raw(text.map_or_else(|| "—".into(), sanitize::line));
    let mut lines = vec![
        Line::from(vec![label("Patient"), value(Some(&row.patient_name))]),
        Line::from(vec![label("MRN"), value(message.patient_mrn.as_deref())]),
    ];
    let mut from = vec![label("From"), value(message.sender.as_deref())];
    if message.is_from_proxy() {
        from.push(Span::styled(
            "  ⚑ PROXY",
            tint(app, Style::default().fg(Color::Yellow)).add_modifier(bold().add_modifier),
        ));
    }
    lines.push(Line::from(from));
    lines.push(Line::from(vec![label("Category"), value(row.category.as_deref())]));
    lines.push(Line::from(vec![
        label("Received"),
        Span::raw(time::received(row.received_epoch, row.received_at.as_deref())),
        Span::raw(format!("  ({} ago)", time::age(row.received_epoch, app.now))),
    ]));
    let status = match (&message.resolved_at, row.status) {
        (Some(at), _) => format!("resolved {}", sanitize::line(at)),
        (None, s) => s.as_str().to_string(),
    };
    lines.push(Line::from(vec![label("Status"), Span::raw(status)]));
    lines.push(Line::from(vec![label("Subject"), value(Some(row.subject_or_placeholder()))]));
    lines.push(Line::from(""));
    let body = sanitize::lines(&message.body);
    let shown = body.len().min(MAX_BODY_LINES);
    lines.extend(body.iter().take(shown).map(|text| Line::from(text.clone())));
    if body.len() > shown {
        lines.push(Line::from(format!("… {} more lines not shown", body.len() - shown)));
    }
    let paragraph = Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((app.text_scroll, 0));
    frame.render_widget(paragraph, area);
}
