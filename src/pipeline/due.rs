//! `mentorpact due`: for every pair in the files (cohorts included), what falls due in a
//! window of days: the first meeting (where the agreement is signed), the early check, each review, the final review and the end of the
//! term, with its date, soonest first. Dates come from the same schedule as the
//! agreement's table and calendar.

use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

use crate::cli::{DueArgs, DueFormat};
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::model::Agreement;
use crate::output::csv_cell;
use crate::schedule;

/// One thing falling due.
#[derive(Debug, Serialize)]
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

/// Everything in `a`'s schedule from `from` to `to`, both included.
pub(crate) fn due_in(a: &Agreement, from: Date, to: Date) -> Vec<(Date, String)> {
    let mut out = schedule::plan(&a.duration, &a.meetings).milestones();
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
    let mut found = Vec::new();
    let problems = super::each_agreement(&args.inputs, |f| {
        let a = &f.agreement;
        for (date, event) in due_in(a, from, to) {
            found.push(Due {
                date,
                event,
                mentee: a.mentee.name.clone(),
                mentor: a.mentor.name.clone(),
                mentee_email: a.mentee.email.clone().unwrap_or_default(),
                mentor_email: a.mentor.email.clone().unwrap_or_default(),
                file: crate::error::shown(f.path).to_string(),
                pair: f.pair,
            });
        }
        Ok(())
    })?;
    // Soonest first; on one day, in the order of the files and pairs.
    found.sort_by_key(|d| d.date);
    print(&found, args.format, from, to)?;
    for p in &problems {
        eprintln!("{p}");
    }
    Ok(if problems.is_empty() {
        Exit::Success
    } else {
        Exit::Invalid
    })
}

fn print(found: &[Due], format: DueFormat, from: Date, to: Date) -> Result<()> {
    let stdout = std::path::Path::new("<stdout>");
    match format {
        DueFormat::Json => {
            let text = serde_json::to_string_pretty(found).expect("due items serialize");
            println!("{text}");
        }
        DueFormat::Csv => {
            let mut out = std::io::stdout();
            // Mostly saved to a file for a spreadsheet: the mark makes Excel read UTF-8.
            std::io::Write::write_all(&mut out, crate::output::BOM)
                .map_err(|e| Error::write(stdout, e))?;
            let mut w = csv::Writer::from_writer(out);
            let io = |e: csv::Error| Error::write(stdout, std::io::Error::other(e));
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
            .map_err(io)?;
            for d in found {
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
                    .map_err(io)?;
            }
            w.flush()
                .map_err(|e| Error::write(stdout, std::io::Error::other(e)))?;
        }
        DueFormat::Table => {
            if found.is_empty() {
                println!("Nothing falls due from {from} to {to}.");
                return Ok(());
            }
            let rows: Vec<[String; 4]> = found
                .iter()
                .map(|d| {
                    let place = match d.pair {
                        Some(p) => format!("{} (pair {p})", d.file),
                        None => d.file.clone(),
                    };
                    [
                        d.date.strftime("%a %Y-%m-%d").to_string(),
                        d.event.clone(),
                        format!("{} and {}", d.mentee, d.mentor),
                        place,
                    ]
                })
                .collect();
            let head = ["date", "due", "pair", "file"];
            let width = |i: usize| {
                rows.iter()
                    .map(|r| r[i].chars().count())
                    .chain([head[i].len()])
                    .max()
                    .unwrap_or(0)
            };
            let widths = [width(0), width(1), width(2)];
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
            println!("{}", line(head));
            for r in &rows {
                println!("{}", line([&r[0], &r[1], &r[2], &r[3]]));
            }
            println!(
                "{} due from {from} to {to}",
                if found.len() == 1 {
                    "1 thing".to_string()
                } else {
                    format!("{} things", found.len())
                }
            );
        }
    }
    Ok(())
}
