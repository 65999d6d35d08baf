//! `mentorpact due`: for every pair in the files (cohorts included), what falls due in a
//! window of days: the first meeting (where the agreement is signed), the early check, each review, the final review and the end of the
//! term, with its date, soonest first. Dates come from the same schedule as the
//! agreement's table and calendar. A review already recorded in the pair's records is
//! left out, even when it was held before its date.

use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

use crate::cli::{DueArgs, DueFormat};
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::model::{Agreement, Language, Languages, Reviews};
use crate::output::csv_cell;
use crate::schedule;

use super::review::{held_by, points};
use super::spill::Spill;

/// One thing falling due.
#[derive(Debug, Serialize, serde::Deserialize)]
pub(crate) struct Due {
    pub(crate) date: Date,
    /// "first meeting", "early check", "review 2", "final review", "end".
    pub(crate) event: String,
    pub mentee: String,
    pub mentor: String,
    pub(crate) mentee_email: String,
    pub(crate) mentor_email: String,
    pub(crate) file: String,
    /// The pair's number in a cohort file.
    pub(crate) pair: Option<usize>,
}

/// Everything in `a`'s schedule from `from` to `to`, both included, but the reviews in
/// `held` (recorded, even when held before their date).
pub(crate) fn due_in(a: &Agreement, held: &Reviews, from: Date, to: Date) -> Vec<(Date, String)> {
    let plan = schedule::plan(&a.duration, &a.meetings);
    let done: Vec<Date> = points(&plan)
        .into_iter()
        .filter(|(p, _)| held.reviews.iter().any(|r| r.point == *p))
        .map(|(_, d)| d)
        .collect();
    let mut out = plan.milestones();
    out.retain(|(d, _)| !done.contains(d));
    out.push((a.duration.end, "end".to_string()));
    out.retain(|(d, _)| *d >= from && *d <= to);
    out
}

pub(crate) fn due_command(args: DueArgs, clock: Clock) -> Result<Exit> {
    let from = match &args.on {
        Some(s) => super::parse_day("--on", s)?,
        None => clock.today,
    };
    let to = from
        .checked_add(args.within.days())
        .map_err(|_| Error::Usage(format!("--within {}: too far ahead", args.within)))?;
    let mut found = Found {
        items: Spill::new()?,
        widths: [4, 3, 4],
        languages: Languages::default(),
    };
    let mut unreadable = Vec::new();
    let mut problems = super::each_agreement(&args.inputs, |f| {
        let a = &f.agreement;
        found.languages.add(a.language);
        let held = held_by(&f, from, &mut unreadable)?;
        for (date, event) in due_in(a, &held, from, to) {
            found.push(
                a.language,
                Due {
                    date,
                    event,
                    mentee: a.mentee.name.clone(),
                    mentor: a.mentor.name.clone(),
                    mentee_email: a.mentee.email.clone().unwrap_or_default(),
                    mentor_email: a.mentor.email.clone().unwrap_or_default(),
                    file: crate::error::shown(f.path).to_string(),
                    pair: f.pair,
                },
            )?;
        }
        Ok(())
    })?;
    problems.extend(unreadable);
    print(found, args.format, from, to)?;
    for p in &problems {
        eprintln!("{p}");
    }
    Ok(if problems.is_empty() {
        Exit::Success
    } else {
        Exit::Invalid
    })
}

/// A due item, and its day as its pair writes it: the table's (JSON and CSV keep ISO,
/// for programs).
type Listed = (String, Due);

/// What falls due (see [`Spill`]), the widest date, event and pair of the table, and the
/// languages of the pairs, which the window's dates follow.
struct Found {
    items: Spill<Listed>,
    widths: [usize; 3],
    languages: Languages,
}

impl Found {
    fn push(&mut self, language: Language, d: Due) -> Result<()> {
        let listed = (language.day(d.date), d);
        for (w, c) in self.widths.iter_mut().zip(&table_cells(&listed)) {
            *w = (*w).max(c.chars().count());
        }
        self.items.push(listed.1.date, &listed)
    }
}

/// A due item's date, event and pair as the table shows them.
fn table_cells((day, d): &Listed) -> [String; 3] {
    [
        day.clone(),
        d.event.clone(),
        format!("{} and {}", d.mentee, d.mentor),
    ]
}

fn print(found: Found, format: DueFormat, from: Date, to: Date) -> Result<()> {
    let stdout = std::path::Path::new("<stdout>");
    let io = |e: std::io::Error| Error::write(stdout, e);
    let Found {
        mut items,
        widths,
        languages,
    } = found;
    let (from, to) = (languages.date(from), languages.date(to));
    items.sort();
    let count = items.len();
    let items = items.iter().map(|r| r.map(|(_, d)| d));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    use std::io::Write;
    match format {
        DueFormat::Json => {
            // As one pretty array, an item at a time.
            if count == 0 {
                writeln!(out, "[]").map_err(io)?;
            }
            for (i, d) in items.enumerate() {
                let text = serde_json::to_string_pretty(&d?.1).expect("due items serialize");
                let open = if i == 0 { "[\n" } else { "" };
                let close = if i + 1 == count { "\n]" } else { "," };
                writeln!(out, "{open}  {}{close}", text.replace('\n', "\n  ")).map_err(io)?;
            }
        }
        DueFormat::Csv => {
            // Mostly saved to a file for a spreadsheet: the mark makes Excel read UTF-8.
            out.write_all(crate::output::BOM).map_err(io)?;
            let mut w = csv::Writer::from_writer(&mut out);
            let bad = |e: csv::Error| Error::write(stdout, std::io::Error::other(e));
            w.write_record([
                "date",
                "event",
                "mentee",
                "mentor",
                "mentee_email",
                "mentor_email",
                "file",
                "pair",
            ])
            .map_err(bad)?;
            for d in items {
                let (_, d) = d?;
                let pair = d.pair.map(|p| p.to_string()).unwrap_or_default();
                let date = d.date.to_string();
                let cells = [
                    &date,
                    &d.event,
                    &d.mentee,
                    &d.mentor,
                    &d.mentee_email,
                    &d.mentor_email,
                    &d.file,
                    &pair,
                ];
                w.write_record(cells.iter().map(|c| csv_cell(c).into_owned()))
                    .map_err(bad)?;
            }
            w.flush().map_err(io)?;
        }
        DueFormat::Table => {
            if count == 0 {
                writeln!(out, "Nothing falls due from {from} to {to}.").map_err(io)?;
                return Ok(());
            }
            let line = |r: [&str; 4]| {
                let mut s = String::new();
                for (i, cell) in r.iter().enumerate() {
                    s.push_str(&crate::error::inert(cell));
                    if i < 3 {
                        let pad = widths[i] - cell.chars().count();
                        s.push_str(&" ".repeat(pad + 2));
                    }
                }
                s
            };
            writeln!(out, "{}", line(["date", "due", "pair", "file"])).map_err(io)?;
            for listed in items {
                let listed = listed?;
                let d = &listed.1;
                let place = match d.pair {
                    Some(p) => format!("{} (pair {p})", d.file),
                    None => d.file.clone(),
                };
                let [date, event, pair] = table_cells(&listed);
                writeln!(out, "{}", line([&date, &event, &pair, &place])).map_err(io)?;
            }
            let things = if count == 1 {
                "1 thing".to_string()
            } else {
                format!("{count} things")
            };
            writeln!(out, "{things} due from {from} to {to}").map_err(io)?;
        }
    }
    out.flush().map_err(io)
}
