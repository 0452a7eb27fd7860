//! The daily audit on screen: today so far, and the last 14 days as sparklines.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Sparkline};

use super::{bold, tint};
use crate::domain::audit::{Audit, Figures};
use crate::tui::app::App;

/// One day's value of a measure.
type Measure = fn(&Figures) -> Option<f64>;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let area = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), area.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let block =
        Block::default().borders(Borders::ALL).title(Line::from(" Daily audit · any key closes ").style(bold()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(audit) = &app.dashboard else {
        frame.render_widget(Paragraph::new("Working out the audit…"), inner);
        return;
    };
    let rows = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).split(inner);
    frame.render_widget(Paragraph::new(today(audit)), rows[0]);
    let charts: [(&str, Measure); 5] = [
        ("received", |f| Some(f.received as f64)),
        ("unresolved at close", |f| Some(f.unresolved_at_close as f64)),
        ("first response, median minutes", |f| f.first_response_median_min),
        ("urgent (flagged by the rules)", |f| Some(f.urgent_flagged as f64)),
        ("stress, mean rating 0-10", |f| f.stress_mean),
    ];
    let slots = Layout::vertical(charts.iter().map(|_| Constraint::Length(4))).split(rows[1]);
    for ((label, value), slot) in charts.iter().zip(slots.iter()) {
        let values: Vec<Option<f64>> = audit.days.iter().map(value).collect();
        let latest = values.iter().rev().flatten().next().map_or_else(|| "–".to_string(), |v| format!("{v:.0}"));
        let first = audit.days.first().and_then(|d| d.date).map(|d| d.format("%m-%d").to_string()).unwrap_or_default();
        let title = format!(" {label} · 14 days from {first} · today {latest} ");
        // Sparklines draw whole numbers; a day without a value draws nothing.
        // Each day as wide as the pane allows, so the 14 days fill it.
        let each = (usize::from(slot.width) / values.len().max(1)).max(1);
        let data: Vec<u64> =
            values.iter().flat_map(|v| std::iter::repeat_n(v.map_or(0, |v| v.round().max(0.0) as u64), each)).collect();
        let sparkline = Sparkline::default()
            .block(Block::default().borders(Borders::TOP).title(title))
            .data(&data)
            .style(tint(app, Style::default().fg(Color::Cyan)));
        frame.render_widget(sparkline, *slot);
    }
}

/// Today's figures in a few lines.
fn today(audit: &Audit) -> Vec<Line<'static>> {
    let Some(today) = audit.days.last() else { return Vec::new() };
    let minutes = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |m| format!("{m:.0} min"));
    let pct = today.within_target_pct.map_or_else(|| "–".to_string(), |p| format!("{p:.0}%"));
    vec![
        Line::from(Span::styled(
            format!("Today so far ({})", today.date.map(|d| d.to_string()).unwrap_or_default()),
            bold(),
        )),
        Line::from(format!(
            "received {} ({} after hours) · urgent {} flagged, {} judged urgent, {} false alarms · resolved {}",
            today.received,
            today.received_after_hours,
            today.urgent_flagged,
            today.urgent_confirmed,
            today.false_alarms,
            today.resolved
        )),
        Line::from(format!(
            "open now {} · overdue {} · first response median {}, 90th percentile {} · within target {pct}",
            today.unresolved_at_close,
            today.overdue_at_close,
            minutes(today.first_response_median_min),
            minutes(today.first_response_p90_min)
        )),
    ]
}
