//! The audit as one self-contained HTML page: the period's table, the baseline/pilot comparison when asked, and inline SVG charts; no network, prints on A4 or Letter.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::domain::audit::{Audit, Change, Figures, NurseStress};

/// The whole page.
pub fn page(
    audit: &Audit,
    from: NaiveDate,
    to: NaiveDate,
    comparison: Option<&Comparison<'_>>,
    nurses: &[NurseStress],
) -> String {
    let mut html = String::new();
    let title = format!("Daily message audit, {from} to {to}");
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"note\">Clinic days in the clinic's time zone. Every number is defined in the inbasket README (\"The daily message audit\").</p>\n",
        escape(&title),
        escape(&title)
    );
    if audit.total.received == 0 {
        html.push_str("<p class=\"empty\">No messages were received in this period.</p>\n");
    }
    if let Some(comparison) = comparison {
        html.push_str(&comparison_table(comparison));
    }
    html.push_str(&day_table(audit));
    if !nurses.is_empty() {
        html.push_str("<h2>Stress by nurse</h2>\n<table id=\"nurses\">\n<tr><th>Nurse</th><th>Mean rating</th><th>Ratings</th></tr>\n");
        for n in nurses {
            let _ = writeln!(html, "<tr><td>{}</td><td>{:.1}</td><td>{}</td></tr>", escape(&n.nurse), n.mean, n.n);
        }
        html.push_str("</table>\n");
    }
    html.push_str("<h2>Charts</h2>\n<div class=\"charts\">\n");
    let labels: Vec<String> =
        audit.days.iter().map(|d| d.date.map(|d| d.format("%m-%d").to_string()).unwrap_or_default()).collect();
    let series = |f: fn(&Figures) -> Option<f64>| audit.days.iter().map(f).collect::<Vec<_>>();
    html.push_str(&bar_chart(
        "Received and unresolved at close, per day",
        &labels,
        &[
            ("received", series(|f| Some(f.received as f64)), "#4a6fa5"),
            ("unresolved at close", series(|f| Some(f.unresolved_at_close as f64)), "#c0504d"),
        ],
    ));
    html.push_str(&bar_chart(
        "Minutes to first response, per day (median and 90th percentile)",
        &labels,
        &[
            ("median", series(|f| f.first_response_median_min), "#4a6fa5"),
            ("90th percentile", series(|f| f.first_response_p90_min), "#9bbb59"),
        ],
    ));
    let (weeks, flagged, confirmed) = urgent_by_week(audit);
    html.push_str(&bar_chart(
        "Urgent messages per week",
        &weeks,
        &[("flagged by the rules", flagged, "#f79646"), ("judged urgent by the nurse", confirmed, "#c0504d")],
    ));
    html.push_str(&bar_chart(
        "Nurse stress, mean of the day's ratings (0-10)",
        &labels,
        &[("stress", series(|f| f.stress_mean), "#8064a2")],
    ));
    html.push_str("</div>\n</body>\n</html>\n");
    html
}

/// A baseline period against a pilot period.
pub struct Comparison<'a> {
    pub baseline: (NaiveDate, NaiveDate),
    pub pilot: (NaiveDate, NaiveDate),
    pub changes: &'a [Change],
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}th,td{border:1px solid #bbb;padding:.2em .45em;text-align:right}\
th{background:#eee}td:first-child,th:first-child{text-align:left;white-space:nowrap}tr.total td{font-weight:bold;background:#f6f6f6}\
.better{color:#2e7d32}.worse{color:#c62828}.note{color:#555;font-size:.85em}.empty{font-weight:bold}\
.charts{display:flex;flex-wrap:wrap;gap:1em}.chart{break-inside:avoid}\
@page{size:auto;margin:12mm}@media print{body{margin:0}.charts{display:block}}";

fn day_table(audit: &Audit) -> String {
    let mut html = String::from(
        "<h2>Day by day</h2>\n<table id=\"days\">\n<tr><th>Date</th><th>Received</th><th>After hours</th><th>Urgent (rules)</th><th>Urgent (nurse)</th><th>False alarms</th><th>Resolved</th><th>Unresolved at close</th><th>Overdue at close</th><th>First response, median (min)</th><th>90th percentile (min)</th><th>Median, business (min)</th><th>Within target</th><th>Stress (n)</th></tr>\n",
    );
    let row = |label: &str, f: &Figures, class: &str| {
        let cells: String =
            super::report::cells(f, "–").iter().map(|cell| format!("<td>{}</td>", escape(cell))).collect();
        format!("<tr class=\"{class}\"><td>{}</td>{cells}</tr>\n", escape(label))
    };
    for day in &audit.days {
        html.push_str(&row(&day.date.map(|d| d.to_string()).unwrap_or_default(), day, "day"));
    }
    html.push_str(&row("Total", &audit.total, "total"));
    html.push_str("</table>\n");
    html
}

fn comparison_table(comparison: &Comparison<'_>) -> String {
    let (b, p) = (comparison.baseline, comparison.pilot);
    let mut html = format!(
        "<h2>Baseline {} to {} against pilot {} to {}</h2>\n<table id=\"comparison\">\n<tr><th>Measure</th><th>Baseline</th><th>Pilot</th><th>Change</th><th>Result</th></tr>\n",
        b.0, b.1, p.0, p.1
    );
    let show = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"));
    for c in comparison.changes {
        let (class, result) = match c.improved {
            Some(true) => ("better", "better"),
            Some(false) => ("worse", "worse"),
            None => ("", "–"),
        };
        let change = c.change.map_or_else(|| "–".to_string(), |v| format!("{v:+.1}"));
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{change}</td><td class=\"{class}\">{result}</td></tr>",
            escape(c.label),
            show(c.baseline),
            show(c.pilot)
        );
    }
    html.push_str("</table>\n");
    html
}

/// Urgent messages summed by ISO week (labelled by the week's Monday).
fn urgent_by_week(audit: &Audit) -> (Vec<String>, Vec<Option<f64>>, Vec<Option<f64>>) {
    let mut weeks: Vec<(NaiveDate, f64, f64)> = Vec::new();
    for day in &audit.days {
        let Some(date) = day.date else { continue };
        let monday = date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()));
        match weeks.last_mut() {
            Some(week) if week.0 == monday => {
                week.1 += day.urgent_flagged as f64;
                week.2 += day.urgent_confirmed as f64;
            }
            _ => weeks.push((monday, day.urgent_flagged as f64, day.urgent_confirmed as f64)),
        }
    }
    (
        weeks.iter().map(|w| format!("wk {}", w.0.format("%m-%d"))).collect(),
        weeks.iter().map(|w| Some(w.1)).collect(),
        weeks.iter().map(|w| Some(w.2)).collect(),
    )
}

/// A grouped bar chart as inline SVG; a missing value leaves a gap.
fn bar_chart(title: &str, labels: &[String], series: &[(&str, Vec<Option<f64>>, &str)]) -> String {
    let (width, height, left, bottom, top) = (560.0, 240.0, 44.0, 36.0, 12.0);
    let plot_w = width - left - 8.0;
    let plot_h = height - bottom - top;
    let max = series.iter().flat_map(|(_, values, _)| values.iter().flatten()).fold(0.0f64, |m, v| m.max(*v));
    let max = if max <= 0.0 { 1.0 } else { max * 1.1 };
    let groups = labels.len().max(1) as f64;
    let group_w = plot_w / groups;
    let bar_w = (group_w * 0.8 / series.len().max(1) as f64).max(1.0);
    let mut svg = format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        escape(title),
        escape(title)
    );
    // Axis, and the top value.
    let _ = write!(
        svg,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\" stroke=\"#888\"/><line x1=\"{left}\" y1=\"{0}\" x2=\"{}\" y2=\"{0}\" stroke=\"#888\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{:.0}</text><text x=\"{}\" y=\"{0}\" font-size=\"10\" text-anchor=\"end\">0</text>",
        top + plot_h,
        left + plot_w,
        left - 4.0,
        top + 8.0,
        max,
        left - 4.0
    );
    for (g, label) in labels.iter().enumerate() {
        let x0 = left + g as f64 * group_w + group_w * 0.1;
        for (s, (_, values, color)) in series.iter().enumerate() {
            if let Some(Some(value)) = values.get(g) {
                let h = value / max * plot_h;
                let _ = write!(
                    svg,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"><title>{} {}: {:.1}</title></rect>",
                    x0 + s as f64 * bar_w,
                    top + plot_h - h,
                    bar_w,
                    h,
                    escape(label),
                    escape(series[s].0),
                    value
                );
            }
        }
        // Every label when few, else every seventh.
        if labels.len() <= 16 || g % 7 == 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{}</text>",
                left + g as f64 * group_w + group_w / 2.0,
                top + plot_h + 12.0,
                escape(label)
            );
        }
    }
    for (s, (name, _, color)) in series.iter().enumerate() {
        let x = left + s as f64 * 180.0;
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>",
            height - 14.0,
            x + 14.0,
            height - 5.0,
            escape(name)
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// Text made safe inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
