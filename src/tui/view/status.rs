//! The status line: who is signed in, a read-only warning, counts, the filter, the queue and key hints, fitted to the width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::tint;
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Paragraph::new(Line::from(spans(app, usize::from(area.width)))), area);
}

/// The pieces that fit in `width` columns, most important first: the nurse,
/// the read-only warning, the counts, then the filter, the queue's name and
/// the key hints as room allows; shown in reading order.
pub fn spans(app: &App, width: usize) -> Vec<Span<'static>> {
    let nurse = app.nurse.as_deref().map_or_else(|| "not signed in".to_string(), crate::sanitize::line);
    let warning = tint(app, Style::default().fg(Color::Red)).add_modifier(Modifier::BOLD);
    let nurse = Span::styled(format!(" {nurse} "), Style::default().add_modifier(Modifier::REVERSED));
    let room_after_nurse = width.saturating_sub(nurse.content.width());
    let mut pieces: Vec<(u8, Span<'static>)> = vec![(0, nurse)];
    if let Some(reason) = &app.read_only {
        // The reason when it fits, else the warning alone.
        let full = format!(" READ-ONLY: {reason}, nothing can be recorded ");
        let text = if full.width() <= room_after_nurse { full } else { " READ-ONLY: nothing can be recorded ".into() };
        pieces.push((1, Span::styled(text, warning)));
    }
    if let Some(notice) = &app.notice {
        // A notice can quote a clinic's action label or an error: sanitized like any outside text.
        let notice = crate::sanitize::line(notice);
        pieces.push((1, Span::styled(format!(" {notice} "), Style::default().add_modifier(Modifier::BOLD))));
    }
    let c = &app.counts;
    let room = room_after_nurse.saturating_sub(pieces.iter().skip(1).map(|(_, s)| s.content.width()).sum());
    let full = format!(
        " open {} · urgent {} · overdue {} · resolved today {} ",
        c.open, c.urgent, c.overdue, c.resolved_today
    );
    let counts = if full.width() <= room {
        full
    } else {
        format!(" open {} · urgent {} · overdue {} ", c.open, c.urgent, c.overdue)
    };
    pieces.push((2, Span::raw(counts)));
    let view = match (&app.search, c.matches) {
        (Some(search), Some(n)) => {
            format!("│ {} · “{}” {n} found ", app.filter.as_str(), crate::sanitize::line(search))
        }
        (Some(search), None) => format!("│ {} · “{}” ", app.filter.as_str(), crate::sanitize::line(search)),
        (None, _) => format!("│ view: {} ", app.filter.as_str()),
    };
    pieces.push((4, Span::raw(view)));
    pieces.push((6, Span::raw(format!("│ {} ", app.queue_name))));
    pieces.push((5, Span::raw(format!("│ {} ", hints(app)))));
    pieces.push((3, Span::styled("? help ", Style::default().add_modifier(Modifier::BOLD))));

    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&i| pieces[i].0);
    let mut keep = vec![false; pieces.len()];
    let mut used = 0;
    for i in order {
        let w = pieces[i].1.content.width();
        if used + w <= width {
            keep[i] = true;
            used += w;
        }
    }
    pieces.into_iter().zip(keep).filter(|(_, kept)| *kept).map(|((_, span), _)| span).collect()
}

/// The keys the nurse needs most, from the live key map.
fn hints(app: &App) -> String {
    use crate::tui::action::Action;
    [(Action::StartSearch, "search"), (Action::NextFilter, "view"), (Action::Quit, "quit")]
        .iter()
        .filter_map(|&(action, what)| {
            let keys = app.keys.label(action);
            (!keys.is_empty()).then(|| format!("{} {what}", keys.split('/').next().unwrap_or(&keys)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span<'_>]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_read_only_warning_survives_a_narrow_terminal() {
        let now = chrono::DateTime::from_timestamp(0, 0).unwrap();
        let mut app = App::new(
            now,
            "q.db".into(),
            Some("RN Ames".into()),
            Some("the file's permissions allow no writing".into()),
        );
        app.counts.open = 12;
        let line = text(&spans(&app, 80));
        assert!(
            line.starts_with(" RN Ames  READ-ONLY: nothing can be recorded  open 12 · urgent 0 · overdue 0"),
            "{line}"
        );
        assert!(line.width() <= 80);

        let wide = text(&spans(&app, 300));
        assert!(wide.contains("READ-ONLY: the file's permissions allow no writing, nothing can be recorded"), "{wide}");
        assert!(wide.contains("open 12 · urgent 0") && wide.contains("q quit") && wide.contains("? help"), "{wide}");
    }
}
