//! `inbasket report`: the daily message audit for a period, as an aligned table, CSV or JSON.

use std::io::Write;

use chrono::{Days, NaiveDate};
use serde_json::{Map, Value, json};

use super::CommandError;
use crate::domain::action;
use crate::domain::audit::{self, Audit, Figures};
use crate::domain::clock::Clinic;
use crate::store::Queue;

/// How `report` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
    /// One self-contained page with charts.
    Html,
}

/// The period as typed: its first and last day (YYYY-MM-DD); the last 14 days to today when not given.
pub fn period(
    clinic: &Clinic,
    now: i64,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), CommandError> {
    let parse = |text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| CommandError::Usage(format!("'{text}' is not a date (use YYYY-MM-DD)")))
    };
    let to = match to {
        Some(text) => parse(text)?,
        None => clinic.local_date(now),
    };
    let from = match from {
        Some(text) => parse(text)?,
        None => to.checked_sub_days(Days::new(13)).unwrap_or(to),
    };
    if from > to {
        return Err(CommandError::Usage(format!("the period starts ({from}) after it ends ({to})")));
    }
    Ok((from, to))
}

/// Works out the audit of `from..=to` at `now` and prints it; each nurse's
/// stress too when `by_nurse` (otherwise stress is only ever an aggregate).
pub fn run(
    queue: &Queue,
    clinic: &Clinic,
    (from, to): (NaiveDate, NaiveDate),
    now: i64,
    format: Format,
    by_nurse: bool,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let until = to
        .checked_add_days(Days::new(1))
        .map_or(now, |next| crate::domain::clock::day_start_of(clinic.time_zone, next))
        .min(now.max(0));
    let since = crate::domain::clock::day_start_of(clinic.time_zone, from);
    let records = queue.audit_data(since, until, now)?;
    let audit = audit::audit(&records, clinic, from, to, now);
    let nurses = if by_nurse { audit::stress_by_nurse(&records.ratings, from, to) } else { Vec::new() };
    match format {
        Format::Text => {
            text(&audit, from, to, out)?;
            if by_nurse {
                writeln!(out, "Stress by nurse (mean of the period's ratings, how many):")?;
                for n in &nurses {
                    writeln!(out, "  {:<30}  {:.1}  ({})", crate::sanitize::line(&n.nurse), n.mean, n.n)?;
                }
            }
        }
        Format::Csv => {
            csv(&audit, out)?;
            if by_nurse {
                writeln!(out)?;
                writeln!(out, "nurse,stress_mean,stress_n")?;
                for n in &nurses {
                    // A name a spreadsheet would read as a formula is quoted as text.
                    let name = n.nurse.replace('"', "\"\"");
                    let name = if name.starts_with(['=', '+', '-', '@']) { format!("'{name}") } else { name };
                    writeln!(out, "\"{name}\",{:.1},{}", n.mean, n.n)?;
                }
            }
        }
        Format::Html => out.write_all(super::report_html::page(&audit, from, to, None, &nurses).as_bytes())?,
        Format::Json => {
            let days: Vec<Value> = audit.days.iter().map(figures_json).collect();
            let mut report = json!({ "from": from.to_string(), "to": to.to_string(), "days": days, "total": figures_json(&audit.total) });
            if by_nurse {
                report["stress_by_nurse"] = nurses
                    .iter()
                    .map(|n| json!({"nurse": n.nurse, "mean": (n.mean * 10.0).round() / 10.0, "n": n.n}))
                    .collect();
            }
            // Nurse names come from the queue: escaped like every JSON line inbasket prints.
            super::write_json_line(out, &report)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The figures' keys, in the order every format gives them.
const KEYS: [&str; 14] = [
    "received",
    "received_after_hours",
    "urgent_flagged",
    "urgent_confirmed",
    "false_alarms",
    "resolved",
    "unresolved_at_close",
    "overdue_at_close",
    "first_response_median_min",
    "first_response_p90_min",
    "first_response_business_median_min",
    "within_target_pct",
    "stress_mean",
    "stress_n",
];

/// One decimal: minutes, percentages and mean ratings.
fn round(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |v| json!((v * 10.0).round() / 10.0))
}

fn values(f: &Figures) -> [Value; 14] {
    [
        json!(f.received),
        json!(f.received_after_hours),
        json!(f.urgent_flagged),
        json!(f.urgent_confirmed),
        json!(f.false_alarms),
        json!(f.resolved),
        json!(f.unresolved_at_close),
        json!(f.overdue_at_close),
        round(f.first_response_median_min),
        round(f.first_response_p90_min),
        round(f.first_response_business_median_min),
        round(f.within_target_pct),
        round(f.stress_mean),
        json!(f.stress_n),
    ]
}

fn figures_json(f: &Figures) -> Value {
    let mut map = Map::new();
    if let Some(date) = f.date {
        map.insert("date".into(), json!(date.to_string()));
    }
    for (key, value) in KEYS.iter().zip(values(f)) {
        map.insert((*key).into(), value);
    }
    let actions: Map<String, Value> = f.actions.iter().map(|(k, v)| ((*k).to_string(), json!(v))).collect();
    map.insert("actions".into(), Value::Object(actions));
    Value::Object(map)
}

/// One row per day and a total row; a column for each key and each action.
fn csv(audit: &Audit, out: &mut dyn Write) -> Result<(), CommandError> {
    let names: Vec<&str> = action::all().filter(|k| k.name != action::UNDO).map(|k| k.name).collect();
    let mut header = vec!["date".to_string()];
    header.extend(KEYS.iter().map(|k| k.to_string()));
    header.extend(names.iter().map(|n| format!("actions_{}", n.replace('-', "_"))));
    writeln!(out, "{}", header.join(","))?;
    let row = |label: String, f: &Figures| {
        let mut cells = vec![label];
        cells.extend(values(f).iter().map(|v| if v.is_null() { String::new() } else { v.to_string() }));
        cells.extend(names.iter().map(|n| f.actions.get(n).copied().unwrap_or(0).to_string()));
        cells.join(",")
    };
    for day in &audit.days {
        writeln!(out, "{}", row(day.date.map(|d| d.to_string()).unwrap_or_default(), day))?;
    }
    writeln!(out, "{}", row("total".into(), &audit.total))?;
    Ok(())
}

/// The shown values of a day's figures, in the tables' column order (received
/// to stress), `none` where there is no value: the text table and the HTML page
/// show the same cells.
pub(super) fn cells(f: &Figures, none: &str) -> [String; 13] {
    let number = |v: Option<f64>| v.map_or_else(|| none.to_string(), |m| format!("{m:.0}"));
    [
        f.received.to_string(),
        f.received_after_hours.to_string(),
        f.urgent_flagged.to_string(),
        f.urgent_confirmed.to_string(),
        f.false_alarms.to_string(),
        f.resolved.to_string(),
        f.unresolved_at_close.to_string(),
        f.overdue_at_close.to_string(),
        number(f.first_response_median_min),
        number(f.first_response_p90_min),
        number(f.first_response_business_median_min),
        f.within_target_pct.map_or_else(|| none.to_string(), |p| format!("{p:.0}%")),
        f.stress_mean.map_or_else(|| none.to_string(), |m| format!("{m:.1} ({})", f.stress_n)),
    ]
}

/// An aligned table for the terminal.
fn text(audit: &Audit, from: NaiveDate, to: NaiveDate, out: &mut dyn Write) -> Result<(), CommandError> {
    writeln!(out, "Daily message audit, {from} to {to} (clinic time; first responses in minutes)")?;
    let columns = [
        "RECEIVED",
        "AFTER-HRS",
        "URGENT",
        "CONFIRMED",
        "FALSE",
        "RESOLVED",
        "OPEN@CLOSE",
        "LATE@CLOSE",
        "1ST MED",
        "1ST P90",
        "1ST BUS",
        "ON TIME",
        "STRESS",
    ];
    let row = |label: &str, cells: &[String]| {
        let cells: Vec<String> =
            cells.iter().zip(columns).map(|(cell, head)| format!("{cell:>w$}", w = head.len().max(8))).collect();
        format!("{label:<10}  {}", cells.join("  "))
    };
    writeln!(out, "{}", row("DATE", &columns.map(String::from)))?;
    let line = |label: &str, f: &Figures| row(label, &cells(f, "-"));
    for day in &audit.days {
        writeln!(out, "{}", line(&day.date.map(|d| d.to_string()).unwrap_or_default(), day))?;
    }
    writeln!(out, "{}", line("total", &audit.total))?;
    if audit.total.received == 0 {
        writeln!(out, "No messages were received in this period.")?;
    }
    Ok(())
}

/// Refuses a baseline and a pilot that share a day.
pub fn check_apart(baseline: (NaiveDate, NaiveDate), pilot: (NaiveDate, NaiveDate)) -> Result<(), CommandError> {
    if baseline.0 <= pilot.1 && pilot.0 <= baseline.1 {
        return Err(CommandError::Usage(format!(
            "the baseline {}..{} and the pilot {}..{} overlap",
            baseline.0, baseline.1, pilot.0, pilot.1
        )));
    }
    Ok(())
}

/// Reads a period written `FROM..TO`.
pub fn parse_span(text: &str) -> Result<(NaiveDate, NaiveDate), CommandError> {
    let bad =
        || CommandError::Usage(format!("'{text}' is not a period (write it FROM..TO, such as 2026-01-05..2026-02-27)"));
    let (from, to) = text.split_once("..").ok_or_else(bad)?;
    let parse = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| bad());
    let (from, to) = (parse(from)?, parse(to)?);
    if from > to {
        return Err(CommandError::Usage(format!("the period {text} starts after it ends")));
    }
    Ok((from, to))
}

/// Works out the audit of a baseline and a pilot period and prints them side by side.
pub fn compare(
    queue: &Queue,
    clinic: &Clinic,
    baseline: (NaiveDate, NaiveDate),
    pilot: (NaiveDate, NaiveDate),
    now: i64,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    check_apart(baseline, pilot)?;
    let last = baseline.1.max(pilot.1);
    let until = last
        .checked_add_days(Days::new(1))
        .map_or(now, |next| crate::domain::clock::day_start_of(clinic.time_zone, next))
        .min(now.max(0));
    let since = crate::domain::clock::day_start_of(clinic.time_zone, baseline.0.min(pilot.0));
    let records = queue.audit_data(since, until, now)?;
    let before = audit::audit(&records, clinic, baseline.0, baseline.1, now);
    let after = audit::audit(&records, clinic, pilot.0, pilot.1, now);
    let changes = audit::compare(&before, &after);
    let number = |v: Option<f64>| v.map_or(Value::Null, |v| json!((v * 10.0).round() / 10.0));
    let verdict = |c: &audit::Change| match c.improved {
        Some(true) => "better",
        Some(false) => "worse",
        None => "-",
    };
    match format {
        Format::Html => {
            // The charts and the day-by-day table cover both periods and what lies between.
            let (first, last) = (baseline.0.min(pilot.0), baseline.1.max(pilot.1));
            let whole = audit::audit(&records, clinic, first, last, now);
            let comparison = super::report_html::Comparison { baseline, pilot, changes: &changes };
            out.write_all(super::report_html::page(&whole, first, last, Some(&comparison), &[]).as_bytes())?;
        }
        Format::Json => {
            let measures: Vec<Value> = changes
                .iter()
                .map(|c| {
                    json!({"key": c.key, "label": c.label, "baseline": number(c.baseline), "pilot": number(c.pilot),
                           "change": number(c.change), "improved": c.improved})
                })
                .collect();
            let span = |(f, t): (NaiveDate, NaiveDate)| json!({"from": f.to_string(), "to": t.to_string()});
            super::write_json_line(
                out,
                &json!({"baseline": span(baseline), "pilot": span(pilot), "measures": measures}),
            )?;
        }
        Format::Csv => {
            writeln!(out, "key,label,baseline,pilot,change,improved")?;
            for c in &changes {
                let cell = |v: Value| if v.is_null() { String::new() } else { v.to_string() };
                let improved = c.improved.map_or_else(String::new, |b| b.to_string());
                writeln!(
                    out,
                    "{},\"{}\",{},{},{},{improved}",
                    c.key,
                    c.label,
                    cell(number(c.baseline)),
                    cell(number(c.pilot)),
                    cell(number(c.change))
                )?;
            }
        }
        Format::Text => {
            writeln!(out, "Baseline {} to {} against pilot {} to {}", baseline.0, baseline.1, pilot.0, pilot.1)?;
            writeln!(out, "{:<46}  {:>9}  {:>9}  {:>9}  RESULT", "MEASURE", "BASELINE", "PILOT", "CHANGE")?;
            let show = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.1}"));
            for c in &changes {
                let change = c.change.map_or_else(|| "-".to_string(), |v| format!("{v:+.1}"));
                writeln!(
                    out,
                    "{:<46}  {:>9}  {:>9}  {:>9}  {}",
                    c.label,
                    show(c.baseline),
                    show(c.pilot),
                    change,
                    verdict(c)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
