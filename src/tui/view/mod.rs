//! Pure drawing: `render(&App, Frame)` reads state only.

mod detail;
mod queue;
mod status;
pub mod time;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::App;

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

/// Splits the screen: queue beside the message on a wide terminal, above it
/// on a narrow one; one status line at the bottom. `None` when too small.
pub fn layout(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let [queue, detail] = if area.width >= 120 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(main)
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
    status::render(app, frame, areas.status);
}

/// A style that is dropped when colour is off (`NO_COLOR`); modifiers such as
/// bold and reverse stay, so meaning never rests on colour alone.
fn tint(app: &App, style: Style) -> Style {
    if app.use_color { style } else { Style::default().add_modifier(style.add_modifier) }
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
