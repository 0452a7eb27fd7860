//! The message pane: who wrote, when, and the whole text, sanitized and wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use ratatui::style::Modifier;

use super::time::Due;
use super::{bold, pane_border, time, tint};
use crate::domain::message::Message;
use crate::domain::red_flags::{Field, FlagHit};
use crate::domain::urgency::{Context, Level};
use crate::sanitize;
use crate::tui::app::{App, Pane};

/// Lines of a message body laid out at most; a longer body says so at the end.
const MAX_BODY_LINES: usize = 2_000;
/// Bytes of one body line laid out at most (wrapping a huge line costs a frame).
const MAX_LINE_BYTES: usize = 20_000;
/// Bytes of a body laid out at most, so a 10 MB message draws as fast as a short one.
const MAX_BODY_BYTES: usize = 200_000;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let title = if app.focus == Pane::Message { " Message · ↑↓ scroll · Esc back " } else { " Message · Tab " };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(pane_border(app, app.focus == Pane::Message))
        .title(Line::from(title).style(bold()));
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
        Span::raw(time::received(row.received_epoch, row.received_at.as_deref(), app.time_zone)),
        Span::raw(match time::age(row.received_epoch, app.now).as_str() {
            "now" => "  (just now)".to_string(),
            age => format!("  ({age} ago)"),
        }),
    ]));
    if let Some(due) = row.due_epoch {
        let state = time::due(row, app.now, app.time_zone);
        let mut spans = vec![label("Due"), Span::raw(time::due_at(due, app.time_zone))];
        match state {
            Due::Overdue(_) => spans.push(Span::styled(
                format!("  {}", state.text()),
                tint(app, Style::default().fg(Color::Red)).add_modifier(Modifier::BOLD),
            )),
            Due::Answered => spans.push(Span::raw("  (answered)")),
            _ => {}
        }
        lines.push(Line::from(spans));
    }
    let status = match (&message.resolved_at, row.status) {
        (Some(at), _) => format!("resolved {}", sanitize::line(at)),
        (None, s) => s.as_str().to_string(),
    };
    lines.push(Line::from(vec![label("Status"), Span::raw(status)]));
    lines.push(Line::from(vec![label("Subject"), value(Some(row.subject_or_placeholder()))]));
    lines.extend(flag_summary(app, message));
    let hidden =
        [Some(row.patient_name.as_str()), row.subject.as_deref(), message.sender.as_deref(), Some(&message.body)]
            .into_iter()
            .flatten()
            .any(sanitize::has_hidden);
    if hidden {
        lines.push(Line::from(vec![
            Span::raw(format!("{:<10}", "")),
            Span::styled(
                "⚠ contained control characters (shown as symbols, not obeyed)",
                tint(app, Style::default().fg(Color::Yellow)).add_modifier(Modifier::BOLD),
            ),
        ]));
    }
    lines.push(Line::from(""));
    let body_hits: Vec<&FlagHit> = message.flags.iter().filter(|hit| hit.field == Field::Body).collect();
    lines.extend(highlighted_body(app, &message.body, &body_hits));
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Scrolling stops when the last line is at the bottom, never past the text.
    let inner = block.inner(area);
    let rows = paragraph.line_count(inner.width.max(1));
    let last_top = u16::try_from(rows.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX);
    let paragraph = paragraph.block(block).scroll((app.text_scroll.min(last_top), 0));
    frame.render_widget(paragraph, area);
}

/// Why the message is (or is not) flagged: the hits that count, then the
/// ones seen but not counted, each with its context.
fn flag_summary(app: &App, message: &Message) -> Vec<Line<'static>> {
    let label = Span::styled(format!("{:<10}", "Red flags"), bold());
    if !message.row.assessed {
        return vec![Line::from(vec![label, Span::raw("? not yet checked (the queue is read-only)")])];
    }
    let quote = |hit: &FlagHit| {
        let field = match hit.field {
            Field::Subject => message.row.subject.as_deref().unwrap_or(""),
            Field::Body => &message.body,
        };
        let text = field.get(hit.start..hit.end).unwrap_or("?");
        format!("{} “{}”", sanitize::line(&hit.category), sanitize::line(text))
    };
    let counted: Vec<String> = message.flags.iter().filter(|hit| hit.counts).map(quote).collect();
    let seen: Vec<String> = message
        .flags
        .iter()
        .filter(|hit| !hit.counts)
        .map(|hit| format!("{} ({})", quote(hit), hit.context.as_str()))
        .collect();
    let mut lines = Vec::new();
    match message.row.level {
        Some(level) => lines.push(Line::from(vec![
            label,
            Span::styled(format!("{} ", badge(level)), level_style(app, level)),
            Span::raw(counted.join(", ")),
        ])),
        None => lines.push(Line::from(vec![label, Span::raw("none that count")])),
    }
    if !seen.is_empty() {
        lines.push(Line::from(vec![
            Span::raw(format!("{:<10}", "")),
            Span::styled(format!("not counted: {}", seen.join(", ")), Style::default().add_modifier(Modifier::DIM)),
        ]));
    }
    lines
}

fn badge(level: Level) -> &'static str {
    match level {
        Level::Emergent => "!! EMERGENT",
        Level::Urgent => "! URGENT",
    }
}

fn level_style(app: &App, level: Level) -> Style {
    let color = match level {
        Level::Emergent => Color::Red,
        Level::Urgent => Color::Yellow,
    };
    tint(app, Style::default().fg(color)).add_modifier(Modifier::BOLD)
}

/// The body, sanitized, with each red-flag phrase marked: a counting hit in
/// reverse video, a hit that does not count dimmed and followed by its context.
fn highlighted_body(app: &App, body: &str, hits: &[&FlagHit]) -> Vec<Line<'static>> {
    let mut marks: Vec<&FlagHit> =
        hits.iter().copied().filter(|hit| hit.start < hit.end && body.get(hit.start..hit.end).is_some()).collect();
    // Where hits overlap, the counting one (then the longer one) is shown.
    marks.sort_by_key(|hit| (hit.start, !hit.counts, std::cmp::Reverse(hit.end)));
    let mut writer =
        BodyWriter { lines: Vec::new(), current: Vec::new(), total_lines: 0, line_bytes: 0, shown_bytes: 0 };
    let mut position = 0;
    for hit in marks {
        if hit.start < position {
            continue;
        }
        writer.text(&body[position..hit.start], Style::default());
        let style = if hit.counts {
            level_style(app, hit.level).add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::DIM | Modifier::ITALIC)
        };
        writer.text(&body[hit.start..hit.end], style);
        if hit.context != Context::Affirmed {
            writer.text(&format!(" ⟨{}⟩", hit.context.as_str()), Style::default().add_modifier(Modifier::DIM));
        }
        position = hit.end;
    }
    writer.text(&body[position..], Style::default());
    writer.finish()
}

/// Builds display lines from pieces of untrusted text, each sanitized.
struct BodyWriter {
    lines: Vec<Line<'static>>,
    current: Vec<Span<'static>>,
    total_lines: usize,
    /// Bytes of the current line so far, shown or not.
    line_bytes: usize,
    /// Bytes laid out so far.
    shown_bytes: usize,
}

impl BodyWriter {
    fn text(&mut self, text: &str, style: Style) {
        for (i, piece) in text.split(['\n', '\u{2028}', '\u{2029}']).enumerate() {
            if i > 0 {
                self.break_line();
            }
            let piece = piece.strip_suffix('\r').unwrap_or(piece);
            let room =
                MAX_LINE_BYTES.saturating_sub(self.line_bytes).min(MAX_BODY_BYTES.saturating_sub(self.shown_bytes));
            self.line_bytes += piece.len();
            if piece.is_empty() || room == 0 || self.lines.len() >= MAX_BODY_LINES {
                continue;
            }
            let mut cut = room.min(piece.len());
            while !piece.is_char_boundary(cut) {
                cut -= 1;
            }
            self.shown_bytes += cut;
            self.current.push(Span::styled(sanitize::line(&piece[..cut]), style));
            if cut < piece.len() {
                self.current.push(Span::raw("… (line shortened)"));
            }
        }
    }

    fn break_line(&mut self) {
        self.total_lines += 1;
        self.line_bytes = 0;
        let line = Line::from(std::mem::take(&mut self.current));
        // Lines after the body's byte budget is spent are counted, not laid out.
        let spent = self.shown_bytes >= MAX_BODY_BYTES && line.spans.is_empty();
        if self.lines.len() < MAX_BODY_LINES && !spent {
            self.lines.push(line);
        }
    }

    fn finish(mut self) -> Vec<Line<'static>> {
        self.break_line();
        if self.total_lines > self.lines.len() {
            self.lines.push(Line::from(format!("… {} more lines not shown", self.total_lines - self.lines.len())));
        }
        self.lines
    }
}
