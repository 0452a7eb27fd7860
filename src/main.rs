//! The `inbasket` command line: argument parsing and dispatch only.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use inbasket::commands::{self, CommandError};
use inbasket::config::{Config, load_rules};
use inbasket::domain::message::QueueFilter;
use inbasket::domain::urgency::Rules;
use inbasket::locations;
use inbasket::seed::SeedPlan;
use inbasket::store::{Creation, Queue};

/// A keyboard console for the nurse who works the clinic's secure patient-messaging queue.
///
/// Without a command, opens the console on the queue. The queue is an SQLite
/// file that the clinic's inbound interface fills (see the README's feeder
/// contract). It is `--db PATH`, else `$INBASKET_DB`, else `db` in the config
/// file, else `inbasket.db` in the data directory (`$XDG_DATA_HOME/inbasket`
/// or `~/.local/share/inbasket`).
#[derive(Debug, Parser)]
#[command(name = "inbasket", version, max_term_width = 100)]
struct Cli {
    /// The queue database file.
    #[arg(long, global = true, env = "INBASKET_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// Who is signed in: shown on the console's status line, and carried by
    /// every action and stress rating recorded (the console asks when none is given).
    #[arg(long, global = true, env = "INBASKET_NURSE", value_name = "NAME")]
    nurse: Option<String>,

    /// The clinic's red-flag rule file (TOML) [default: `rules` in the config
    /// file, else the rules inbasket ships with]. A file with any error is
    /// refused whole.
    #[arg(long, global = true, env = "INBASKET_RULES", value_name = "PATH")]
    rules: Option<PathBuf>,

    /// The config file: the nurse, the queue, the rules, and the clinic's time
    /// zone, open hours, holidays and response targets [default:
    /// $XDG_CONFIG_HOME/inbasket/config.toml or ~/.config/inbasket/config.toml].
    #[arg(long, global = true, env = "INBASKET_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    /// Open the console on a demo queue of synthetic messages (demo.db in the
    /// data directory), creating and filling it on first use. Ignores --db.
    #[arg(long)]
    demo: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fill a queue with realistic synthetic patient messages (for demos, training and benchmarks).
    ///
    /// Deterministic: the same --count, --seed, --days and --now give the same
    /// messages. Seeding again with the same seed adds nothing (the messages'
    /// source ids are already there). Refuses to run without --db on its
    /// command line (INBASKET_DB and the config file are not used), so
    /// synthetic messages never land in the clinic's queue by accident.
    Seed(SeedArgs),
    /// Print the queue in the order the console shows it, with when each message is due.
    ///
    /// Emergent and urgent messages first, then the rest oldest first (so the
    /// most overdue come first). Times are in the clinic's time zone
    /// (`time_zone` in the config file); due times follow its open hours,
    /// holidays and response targets. A received time without an offset is
    /// read as clinic time and marked `~`; one in the future is taken as now
    /// and marked `^`; one that is not a time is taken as now and marked `?`.
    List(ListArgs),
    /// Find red flags in text: one message per input line (or the whole input with --whole).
    ///
    /// Prints each message's urgency level and every red-flag phrase found,
    /// with its category, level, context (affirmed, negated, hypothetical,
    /// historical, family-member, other-person) and byte span. This is how a
    /// clinic tests its own rule file (--rules). Bytes that are not UTF-8 are
    /// read as U+FFFD; spans are byte offsets into the text so read.
    Scan(ScanArgs),
    /// Record a triage action on a message, as the console does.
    ///
    /// MESSAGE is the message's id or its source_id; ACTION is an action's
    /// short name (--list prints them, with which resolve the message and
    /// which count as a response). The record carries the nurse signed in
    /// (--nurse, INBASKET_NURSE or `nurse` in the config file), when it
    /// happened (--at for a late entry, never in the future) and when it was
    /// recorded; it is appended to the hash-chained audit trail and the
    /// message's state follows from it. To take a record back, record `undo`
    /// with --corrects UID; to put it right, record the right action with
    /// --corrects UID. Nothing is ever changed or deleted.
    Act(ActArgs),
    /// The daily message audit for a period: a row per clinic day and a total.
    ///
    /// Per day: messages received (and after hours), flagged urgent by the
    /// rules, judged urgent by the nurse, false alarms, resolved, still open
    /// and overdue at the day's close, the median and 90th percentile of
    /// minutes to first response (and the median in business minutes), the
    /// share answered within target, the actions recorded, and the mean
    /// stress rating with how many. The README defines each number.
    Report(ReportArgs),
    /// Record the nurse's end-of-shift stress self-rating.
    ///
    /// RATING is a whole number: 0 = no stress, 10 = the worst stress
    /// imaginable. It is kept for the nurse signed in (--nurse, INBASKET_NURSE
    /// or `nurse` in the config file) and the shift's date in the clinic's
    /// time zone (--date, default today). Rating a shift again corrects the
    /// earlier rating with a new record; nothing is changed or deleted.
    Stress(StressArgs),
    /// Check the queue file: integrity, foreign keys, schema version and the audit trail's hash chain.
    ///
    /// Also checks that the triggers keeping the audit trail, the stress
    /// ratings and the outbox append-only are in place, that every message's
    /// state agrees with its recorded actions, the hash chains of the stress
    /// ratings and the outbox, and the kept open and resolved counts; and
    /// prints the audit trail's last link to compare with an earlier report.
    /// Changes nothing (an old schema is reported, not upgraded). Exits 0 only
    /// when every check passes; otherwise prints each problem and exits 1.
    Check,
}

#[derive(Debug, Args)]
struct SeedArgs {
    /// How many messages to add.
    #[arg(long, value_name = "N")]
    count: u64,
    /// The random seed.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Spread received times over the last D days.
    #[arg(long, value_name = "D", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=3650))]
    days: u32,
    /// Treat this instant (RFC 3339) as now [default: the current time].
    #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
    now: Option<DateTime<Utc>>,
}

#[derive(Debug, Args)]
struct ActArgs {
    /// Print the actions and the reply templates, and exit.
    #[arg(long, exclusive = true)]
    list: bool,
    /// A note kept with the record.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// When it happened, for a late entry (RFC 3339) [default: now].
    #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
    at: Option<DateTime<Utc>>,
    /// The uid of the record this one takes back or puts right.
    #[arg(long, value_name = "UID")]
    corrects: Option<String>,
    /// The record's unique id, for a program that may retry: the same uid is recorded once [default: a new one].
    #[arg(long, value_name = "UID")]
    uid: Option<String>,
    /// Fill in this reply template and put it in the outbox with the action
    /// (--list names them; a clinic adds its own as NAME.txt in templates/
    /// beside the config file, which replaces a shipped one of that name).
    #[arg(long, value_name = "NAME")]
    template: Option<String>,
    /// The message: its id or its source_id.
    #[arg(required_unless_present = "list")]
    message: Option<String>,
    /// The action's short name.
    #[arg(required_unless_present = "list")]
    action: Option<String>,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// The period's first day (YYYY-MM-DD, clinic time) [default: 13 days before --to].
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// The period's last day [default: today].
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// text: an aligned table; csv: a row per day and a total row; json: {"days": [...], "total": {...}};
    /// html: one self-contained page with charts (no network; prints on A4 or Letter).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Work the audit out as of this instant (RFC 3339) [default: now].
    #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
    now: Option<DateTime<Utc>>,
    /// Compare this period (FROM..TO) with --pilot: each measure side by side, its change, and whether it moved the right way.
    #[arg(long, value_name = "FROM..TO", requires = "pilot", conflicts_with_all = ["from", "to"])]
    baseline: Option<String>,
    /// The period to compare with --baseline (FROM..TO); the two must not overlap.
    #[arg(long, value_name = "FROM..TO", requires = "baseline")]
    pilot: Option<String>,
    /// Add each nurse's stress over the period (otherwise stress is only ever an aggregate).
    #[arg(long, conflicts_with = "baseline")]
    by_nurse: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Csv,
    Json,
    Html,
}

#[derive(Debug, Args)]
struct StressArgs {
    /// A note kept with the rating.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// The shift's date (YYYY-MM-DD, clinic time) [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// 0 (no stress) to 10 (the worst stress imaginable).
    #[arg(allow_negative_numbers = true)]
    rating: String,
}

#[derive(Debug, Args)]
struct ScanArgs {
    /// text: a line per message and a line per hit; json: one JSON object per message.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Read the whole input as one message.
    #[arg(long)]
    whole: bool,
    /// The file to read [default: standard input].
    file: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Which messages to print.
    #[arg(long, value_enum, default_value_t = FilterArg::Open)]
    filter: FilterArg,
    /// text: an aligned table; json: one JSON object per line.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Print at most N messages.
    #[arg(long, value_name = "N")]
    limit: Option<u64>,
    /// Work out due and overdue times as of this instant (RFC 3339) instead
    /// of now, counting only first responses recorded by then; for audits and
    /// tests. Changes nothing in the queue. (Status is as it is now.)
    #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
    now: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FilterArg {
    /// Messages that still need the nurse.
    Open,
    /// Open messages flagged urgent or emergent.
    Urgent,
    /// Open messages past their response target and still waiting for a first response.
    Overdue,
    /// Messages already resolved.
    Resolved,
    /// Every message.
    All,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

/// The most messages one `seed` run makes (its arrival times are held in memory).
const MAX_SEED: u64 = 50_000_000;

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| format!("'{text}' is not an RFC 3339 time such as 2026-11-23T14:05:00Z ({err})"))
}

/// What went wrong, as the one line printed after `error: `.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error(transparent)]
    Store(#[from] inbasket::store::StoreError),
    #[error(transparent)]
    Config(#[from] inbasket::config::ConfigError),
    #[error(transparent)]
    Console(#[from] inbasket::tui::ConsoleError),
    #[error("{0}")]
    Plain(String),
}

fn main() -> ExitCode {
    inbasket::tui::timings::mark_start();
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    // `seed` takes its queue from the command line only, never from INBASKET_DB.
    let typed = |m: &clap::ArgMatches| m.value_source("db") == Some(ValueSource::CommandLine);
    let db_typed = typed(&matches) || matches.subcommand().is_some_and(|(_, sub)| typed(sub));
    match run(cli, db_typed) {
        Ok(code) => code,
        // The reader of our output went away (`inbasket list | head`): not an error.
        Err(Failure::Command(err)) if commands::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, db_typed: bool) -> Result<ExitCode, Failure> {
    let config = Config::load(cli.config.as_deref(), locations::default_config().as_deref())?;
    inbasket::domain::action::add_clinic_actions(config.actions.clone());
    let nurse = cli.nurse.clone().or_else(|| config.nurse.clone()).filter(|name| !name.trim().is_empty());
    let rules = load_rules(cli.rules.as_deref().or(config.rules.as_deref()))?;
    if cli.demo && cli.command.is_some() {
        return Err(Failure::Plain("--demo opens the console; it cannot be used with a command".into()));
    }
    if cli.command.is_none() {
        // Before anything is created or filled: the console has nowhere to draw.
        ensure_terminal()?;
    }
    match cli.command {
        None if cli.demo => demo(nurse, &rules, &config),
        None => {
            let (path, directories) = queue_path(cli.db, &config)?;
            let mut queue = open_queue(&path, directories)?;
            commands::assess_with_progress(&mut queue, &rules, &config.clinic)?;
            console(&mut queue, nurse, &rules, &config)
        }
        Some(Command::Scan(args)) => {
            let format = match args.format {
                FormatArg::Text => commands::scan::Format::Text,
                FormatArg::Json => commands::scan::Format::Json,
            };
            let input_name =
                args.file.as_ref().map_or_else(|| "standard input".into(), |p| format!("'{}'", p.display()));
            let mut input: Box<dyn io::BufRead> = match &args.file {
                None => Box::new(io::stdin().lock()),
                Some(path) => Box::new(io::BufReader::new(
                    std::fs::File::open(path)
                        .map_err(|source| CommandError::Input { what: input_name.clone(), source })?,
                )),
            };
            commands::scan::run(&rules, &mut *input, &input_name, args.whole, format, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Seed(args)) => {
            let (Some(path), true) = (cli.db, db_typed) else {
                return Err(Failure::Plain(
                    "seed needs --db PATH on its command line: it writes synthetic messages, so it never uses \
                     INBASKET_DB, the config file or the default queue"
                        .into(),
                ));
            };
            if args.count > MAX_SEED {
                return Err(Failure::Plain(format!(
                    "seed --count {} is more than the {MAX_SEED} it can make",
                    args.count
                )));
            }
            let mut queue = open_queue(&path, Creation::File)?;
            let plan = SeedPlan {
                count: args.count,
                seed: args.seed,
                days: args.days,
                now: args.now.unwrap_or_else(Utc::now),
            };
            commands::seed::run(&mut queue, &plan, &rules, &config.clinic, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List(args)) => {
            use commands::list::Selection;
            let selection = match args.filter {
                FilterArg::Open => Selection::Filter(QueueFilter::Open),
                FilterArg::Urgent => Selection::Filter(QueueFilter::Urgent),
                FilterArg::Resolved => Selection::Filter(QueueFilter::Resolved),
                FilterArg::All => Selection::Filter(QueueFilter::All),
                FilterArg::Overdue => Selection::Overdue,
            };
            let format = match args.format {
                FormatArg::Text => commands::list::Format::Text,
                FormatArg::Json => commands::list::Format::Json,
            };
            let (path, _) = queue_path(cli.db, &config)?;
            let mut queue = open_queue(&path, Creation::Never)?;
            commands::assess_with_progress(&mut queue, &rules, &config.clinic)?;
            let at = match args.now {
                Some(now) => commands::list::Instant::AsOf(now.timestamp()),
                None => commands::list::Instant::Now(Utc::now().timestamp()),
            };
            let out = &mut io::stdout().lock();
            commands::list::run(&queue, selection, format, args.limit, &config.clinic, at, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Act(args)) => {
            let templates = inbasket::config::load_templates(config.templates_dir.as_deref())?;
            if args.list {
                commands::act::list(&templates, &mut io::stdout().lock())?;
                return Ok(ExitCode::SUCCESS);
            }
            let Some(nurse) = nurse else {
                return Err(Failure::Plain(
                    "act needs the nurse who did it: --nurse NAME, INBASKET_NURSE or nurse in the config file".into(),
                ));
            };
            let (path, _) = queue_path(cli.db, &config)?;
            let mut queue = open_queue(&path, Creation::Never)?;
            let request = commands::act::Request {
                message: args.message.unwrap_or_default(),
                action: args.action.unwrap_or_default(),
                note: args.note,
                nurse,
                at: args.at,
                corrects: args.corrects,
                uid: args.uid,
                template: args.template,
            };
            let replies = commands::act::ReplySettings {
                templates,
                clinic_name: config.clinic_name.clone(),
                clinic_phone: config.clinic_phone.clone(),
            };
            commands::act::run(&mut queue, &request, &replies, Utc::now(), &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report(args)) => {
            let now = args.now.unwrap_or_else(Utc::now).timestamp();
            let period = commands::report::period(&config.clinic, now, args.from.as_deref(), args.to.as_deref())?;
            let comparison = match (&args.baseline, &args.pilot) {
                (Some(baseline), Some(pilot)) => {
                    let spans = (commands::report::parse_span(baseline)?, commands::report::parse_span(pilot)?);
                    commands::report::check_apart(spans.0, spans.1)?;
                    Some(spans)
                }
                _ => None,
            };
            let format = match args.format {
                ReportFormat::Text => commands::report::Format::Text,
                ReportFormat::Csv => commands::report::Format::Csv,
                ReportFormat::Json => commands::report::Format::Json,
                ReportFormat::Html => commands::report::Format::Html,
            };
            let (path, _) = queue_path(cli.db, &config)?;
            let mut queue = open_queue(&path, Creation::Never)?;
            commands::assess_with_progress(&mut queue, &rules, &config.clinic)?;
            let mut out: Box<dyn io::Write> = match &args.out {
                None => Box::new(io::stdout().lock()),
                Some(file) => Box::new(io::BufWriter::new(
                    std::fs::File::create(file)
                        .map_err(|source| CommandError::Input { what: format!("'{}'", file.display()), source })?,
                )),
            };
            match comparison {
                None => commands::report::run(&queue, &config.clinic, period, now, format, args.by_nurse, &mut out)?,
                Some((baseline, pilot)) => {
                    commands::report::compare(&queue, &config.clinic, baseline, pilot, now, format, &mut out)?
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Stress(args)) => {
            let rating = commands::stress::parse_rating(&args.rating)?;
            let Some(nurse) = nurse else {
                return Err(Failure::Plain(
                    "stress needs the nurse whose rating it is: --nurse NAME, INBASKET_NURSE or nurse in the config file"
                        .into(),
                ));
            };
            let (path, _) = queue_path(cli.db, &config)?;
            let mut queue = open_queue(&path, Creation::Never)?;
            let request = commands::stress::Request { nurse, rating, note: args.note, date: args.date };
            commands::stress::run(&mut queue, &config.clinic, request, Utc::now(), &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check) => {
            let (path, _) = queue_path(cli.db, &config)?;
            let queue = Queue::open_unmigrated(&path, Creation::Never)?;
            let ok = commands::check::run(&queue, &mut io::stdout().lock())?;
            Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
    }
}

/// The queue to open: `--db`/`INBASKET_DB`, then the config's `db`, then the
/// default location (whose directories may be created).
fn queue_path(flag: Option<PathBuf>, config: &Config) -> Result<(PathBuf, Creation), Failure> {
    if let Some(path) = flag.or_else(|| config.db.clone()) {
        return Ok((path, Creation::File));
    }
    locations::default_db()
        .map(|path| (path, Creation::FileAndDirectories))
        .ok_or_else(|| Failure::Plain("cannot find a home directory for the default queue; give --db PATH".into()))
}

fn demo(nurse: Option<String>, rules: &Rules, config: &Config) -> Result<ExitCode, Failure> {
    let clinic = &config.clinic;
    let path =
        locations::demo_db().ok_or_else(|| Failure::Plain("cannot find a home directory for the demo queue".into()))?;
    let mut queue = open_queue(&path, Creation::FileAndDirectories)?;
    if queue.counts(&inbasket::store::Scope::of(QueueFilter::All))?.total() == 0 {
        let plan = SeedPlan { count: 2_000, seed: 1, days: 14, now: Utc::now() };
        commands::seed::fill(&mut queue, &plan, rules, clinic, &mut |_| {})?;
        commands::seed::add_demo_arrivals(&mut queue, rules, clinic, plan.now)?;
    }
    commands::assess_with_progress(&mut queue, rules, clinic)?;
    console(&mut queue, nurse.or_else(|| Some("Demo Nurse, RN".into())), rules, config)
}

fn ensure_terminal() -> Result<(), Failure> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Failure::Plain("the console needs a terminal; to print the queue, use 'inbasket list'".into()));
    }
    Ok(())
}

fn console(queue: &mut Queue, nurse: Option<String>, rules: &Rules, config: &Config) -> Result<ExitCode, Failure> {
    let settings = inbasket::tui::Settings {
        clinic: &config.clinic,
        keys: &config.keys,
        templates: inbasket::config::load_templates(config.templates_dir.as_deref())?,
        clinic_name: config.clinic_name.clone(),
        clinic_phone: config.clinic_phone.clone(),
    };
    inbasket::tui::run(queue, nurse, rules, settings)?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the queue, saying on a terminal when an older queue is being
/// upgraded (once; a large queue takes a few seconds).
fn open_queue(path: &std::path::Path, creation: Creation) -> Result<Queue, inbasket::store::StoreError> {
    Queue::open_noting_upgrade(path, creation, |from, to| {
        if io::stderr().is_terminal() {
            eprintln!("upgrading the queue '{}' from schema {from} to {to} (once)…", path.display());
        }
    })
}
