//! `mentorpact report`: a coordinator's one-page picture of a cohort, as a
//! self-contained HTML file (no network: styles and the chart are inline) and the same
//! figures in Markdown: pairs by status, reviews due in the next 30 days, reviews past
//! their date with no record, goals by progress where records exist, and a timeline of
//! every pair (start to end, review points marked, today's line) drawn with plotters.

use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::ToSpan;
use plotters::prelude::*;

use super::review::{held_by, points};
use super::spill::Spill;
use crate::cli::ReportArgs;
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::model::{Choice, Language, Languages, Progress, ReviewPoint};
use crate::output::write_atomic;

/// One pair, as the report sees it.
struct Pair {
    name: String,
    language: Language,
    start: Date,
    end: Date,
    points: Vec<(ReviewPoint, Date)>,
    recorded: Vec<ReviewPoint>,
    /// The latest progress of each goal with a record.
    progress: Vec<Progress>,
    goals: usize,
}

/// Up to this many pairs, the timeline draws each; above it, how many pairs run in each
/// month (a bar a pair would make a page no one can read, and no browser can hold).
const DRAWN: usize = 500;
/// Rows of a list shown on the page; a longer list is written whole beside it, as CSV.
const SHOWN: usize = 200;

/// A listed meeting's day as its pair writes it (the CSV beside keeps ISO, for
/// spreadsheets), its pair and which meeting it is, kept by date in a [`Spill`].
type Row = (String, String, String);

/// The cohort's figures, gathered a pair at a time: a report of 100,000 pairs holds their
/// counts and the meetings it lists, not the pairs.
struct Figures {
    total: usize,
    not_started: usize,
    running: usize,
    ended: usize,
    due: Spill<Row>,
    overdue: Spill<Row>,
    /// Count per progress word (in `Progress::ALL` order), then goals with no record.
    progress: Vec<usize>,
    unrecorded_goals: usize,
    /// The pairs to draw, while there are at most [`DRAWN`].
    drawn: Vec<Pair>,
    /// Pairs running in each month, from the first of the month (for a big cohort).
    by_month: std::collections::BTreeMap<Date, usize>,
    /// The pairs' languages, which the report's own day follows.
    languages: Languages,
}

impl Figures {
    fn new() -> Result<Figures> {
        Ok(Figures {
            total: 0,
            not_started: 0,
            running: 0,
            ended: 0,
            due: Spill::new()?,
            overdue: Spill::new()?,
            progress: Vec::new(),
            unrecorded_goals: 0,
            drawn: Vec::new(),
            by_month: Default::default(),
            languages: Languages::default(),
        })
    }

    fn add(&mut self, p: Pair, today: Date) -> Result<()> {
        let soon = today.saturating_add(30.days());
        self.total += 1;
        self.languages.add(p.language);
        match (p.start > today, p.end < today) {
            (true, _) => self.not_started += 1,
            (false, true) => self.ended += 1,
            (false, false) => self.running += 1,
        }
        for &(point, date) in &p.points {
            let row = || {
                (
                    p.language.for_messages().date(date),
                    p.name.clone(),
                    point.label(),
                )
            };
            // A review recorded is neither due nor overdue, even when held early.
            if p.recorded.contains(&point) {
                continue;
            }
            if date >= today && date <= soon {
                self.due.push(date, &row())?;
            } else if date < today {
                self.overdue.push(date, &row())?;
            }
        }
        self.progress.resize(Progress::ALL.len(), 0);
        for pr in &p.progress {
            self.progress[pr.index()] += 1;
        }
        self.unrecorded_goals += p.goals - p.progress.len();
        let mut m = p.start.first_of_month();
        while m <= p.end {
            *self.by_month.entry(m).or_default() += 1;
            m = m.saturating_add(1.month());
        }
        if self.total <= DRAWN {
            self.drawn.push(p);
        } else {
            self.drawn = Vec::new();
        }
        Ok(())
    }

    fn finish(&mut self) {
        // By date; on one day, in the order of the files and pairs.
        self.due.sort();
        self.overdue.sort();
        self.progress.resize(Progress::ALL.len(), 0);
    }

    fn progress(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        Progress::ALL
            .iter()
            .zip(&self.progress)
            .map(|(p, n)| (p.label(), *n))
    }
}

pub(crate) fn report_command(args: ReportArgs, clock: Clock) -> Result<Exit> {
    let today = match &args.on {
        Some(s) => super::parse_day("--on", s)?,
        None => clock.today,
    };
    let mut f = Figures::new()?;
    let mut unreadable = Vec::new();
    // Each input's pairs, to find records that belong to none of them.
    let mut inputs: Vec<(std::path::PathBuf, Option<String>, super::Identities)> = Vec::new();
    let mut problems = super::each_agreement(&args.inputs, |found| {
        let a = &found.agreement;
        match inputs.last_mut().filter(|(p, _, _)| p == found.path) {
            Some((_, _, ids)) => ids.push(&a.identity()),
            None => {
                let mut ids = super::Identities::default();
                ids.push(&a.identity());
                inputs.push((found.path.to_path_buf(), a.records.clone(), ids));
            }
        }
        let reviews = held_by(&found, today, &mut unreadable)?;
        let pair = Pair {
            name: format!("{} and {}", a.mentee.name, a.mentor.name),
            language: a.language,
            start: a.duration.start,
            end: a.duration.end,
            points: points(&crate::schedule::plan(&a.duration, &a.meetings)),
            recorded: reviews.reviews.iter().map(|r| r.point).collect(),
            progress: reviews.latest().into_iter().map(|(_, p)| p).collect(),
            goals: a.goals.len(),
        };
        f.add(pair, today)
    })?;
    problems.extend(unreadable);
    f.finish();
    let svg = if f.total <= DRAWN {
        timeline(&f.drawn, today)
    } else {
        by_month(&f.by_month, today)
    };
    let dir = args.output.clone();
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    let html_path = dir.join("report.html");
    let md_path = dir.join("report.md");
    let mut lists = Vec::new();
    for (name, rows) in [
        ("report-due.csv", &f.due),
        ("report-overdue.csv", &f.overdue),
    ] {
        if rows.len() > SHOWN {
            write_list(&dir.join(name), rows)?;
            lists.push(name);
        }
    }
    write_atomic(&html_path, html(&f, &svg, today)?.as_bytes())?;
    write_atomic(&md_path, markdown(&f, today)?.as_bytes())?;
    for p in &problems {
        eprintln!("{p}");
    }
    // A file with a pair that could not be read may own any record: not listed then.
    for (path, key, ids) in inputs
        .iter()
        .filter(|(p, _, _)| !problems.iter().any(|d| &d.file == p))
    {
        for d in super::orphan_records(path, key.as_deref(), ids) {
            eprintln!("{d}");
        }
    }
    let also = match lists.as_slice() {
        [] => String::new(),
        l => format!(" The full lists are in {}.", l.join(" and ")),
    };
    println!(
        "Wrote {} and {}: {} ({} running, {} not started, {} ended); reviews due in 30 days: {}; past their date with no record: {}.{also}",
        crate::error::shown(&html_path),
        crate::error::shown(&md_path),
        pairs_word(f.total),
        f.running,
        f.not_started,
        f.ended,
        f.due.len(),
        f.overdue.len()
    );
    Ok(if problems.is_empty() {
        Exit::Success
    } else {
        Exit::Invalid
    })
}

/// "1 pair", "200 pairs".
fn pairs_word(n: usize) -> String {
    if n == 1 {
        "1 pair".into()
    } else {
        format!("{n} pairs")
    }
}

/// A whole list of meetings, for a spreadsheet (with a byte-order mark, cells neutralised).
fn write_list(path: &std::path::Path, rows: &Spill<Row>) -> Result<()> {
    let mut out = crate::output::BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let io = |e: csv::Error| Error::write(path, std::io::Error::other(e));
        w.write_record(["date", "pair", "meeting"]).map_err(io)?;
        for row in rows.iter() {
            let (d, (_, pair, meeting)) = row?;
            let cells = [
                d.to_string(),
                crate::output::csv_cell(&pair).into_owned(),
                meeting,
            ];
            w.write_record(&cells).map_err(io)?;
        }
        w.flush().map_err(|e| Error::write(path, e))?;
    }
    write_atomic(path, &out)
}

/// How many pairs run in each month: the timeline of a cohort too big to draw a bar each.
fn by_month(months: &std::collections::BTreeMap<Date, usize>, today: Date) -> String {
    const WIDTH: u32 = 980;
    const HEIGHT: u32 = 320;
    let most = months.values().copied().max().unwrap_or(1).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let font = ("sans-serif", 12).into_font();
        let n = months.len().max(1) as i32;
        let slot = ((WIDTH as i32 - 60) / n).max(1);
        let bar = RGBColor(70, 110, 170);
        for (i, (m, count)) in months.iter().enumerate() {
            let x = 50 + slot * i as i32;
            let h = ((HEIGHT as f64 - 60.0) * *count as f64 / most as f64) as i32;
            let colour = if m.year() == today.year() && m.month() == today.month() {
                RGBColor(200, 30, 30)
            } else {
                bar
            };
            let _ = root.draw(&Rectangle::new(
                [
                    (x, HEIGHT as i32 - 30 - h),
                    (x + (slot - 2).max(1), HEIGHT as i32 - 30),
                ],
                colour.filled(),
            ));
            if m.month() == 1 || i == 0 {
                let _ = root.draw(&Text::new(
                    m.strftime("%b %Y").to_string(),
                    (x, HEIGHT as i32 - 24),
                    font.clone(),
                ));
            }
        }
        let _ = root.draw(&Text::new(format!("{most} pairs"), (4, 4), font));
        let _ = root.present();
    }
    svg
}

/// The timeline: a bar per pair from start to end, review points marked, today's line.
fn timeline(pairs: &[Pair], today: Date) -> String {
    const LABEL: i32 = 260;
    const WIDTH: i32 = 980;
    const ROW: i32 = 14;
    const TOP: i32 = 30;
    let height = TOP + ROW * pairs.len().max(1) as i32 + 10;
    let first = pairs
        .iter()
        .map(|p| p.start)
        .min()
        .unwrap_or(today)
        .min(today);
    let last = pairs
        .iter()
        .map(|p| p.end)
        .max()
        .unwrap_or(today)
        .max(today);
    let span = (first.until(last).map(|s| s.get_days()).unwrap_or(1)).max(1) as f64;
    let x = |d: Date| {
        let days = first.until(d).map(|s| s.get_days()).unwrap_or(0) as f64;
        LABEL + ((WIDTH - LABEL - 10) as f64 * days / span) as i32
    };
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (WIDTH as u32, height as u32)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let font = ("sans-serif", 12).into_font();
        let grey = RGBColor(200, 200, 200);
        // A line and a label at the start of each month.
        let mut m = first.first_of_month();
        let mut year_shown = false;
        while m <= last {
            if m >= first {
                let _ = root.draw(&PathElement::new(
                    vec![(x(m), TOP - 6), (x(m), height - 10)],
                    grey,
                ));
                // The year on January and on the first month shown; the month alone on
                // the rest, so that labels a month apart do not run together.
                let label = if m.month() == 1 || !year_shown {
                    m.strftime("%b %Y")
                } else {
                    m.strftime("%b")
                };
                year_shown = true;
                let _ = root.draw(&Text::new(label.to_string(), (x(m) + 2, 4), font.clone()));
            }
            m = m.saturating_add(1.month());
        }
        let bar = RGBColor(70, 110, 170);
        for (i, p) in pairs.iter().enumerate() {
            let y = TOP + ROW * i as i32;
            let mut label = p.name.clone();
            if label.chars().count() > 40 {
                label = label.chars().take(39).collect::<String>() + "…";
            }
            let _ = root.draw(&Text::new(label, (4, y), font.clone()));
            let _ = root.draw(&Rectangle::new(
                [
                    (x(p.start), y + 2),
                    (x(p.end).max(x(p.start) + 1), y + ROW - 3),
                ],
                bar.filled(),
            ));
            for &(point, date) in &p.points {
                let colour = if p.recorded.contains(&point) {
                    RGBColor(40, 160, 70)
                } else {
                    RGBColor(240, 170, 0)
                };
                let _ = root.draw(&Circle::new((x(date), y + ROW / 2 - 1), 3, colour.filled()));
            }
        }
        let t = x(today);
        let _ = root.draw(&PathElement::new(
            vec![(t, TOP - 10), (t, height - 4)],
            RGBColor(200, 30, 30).stroke_width(2),
        ));
        let _ = root.draw(&Text::new("today", (t + 3, TOP - 14), font));
        let _ = root.present();
    }
    svg
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html(f: &Figures, svg: &str, today: Date) -> Result<String> {
    let today = f.languages.date(today);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Mentoring cohort report, {today}</title>\n\
         <style>body{{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}}\
         table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}\
         .fig{{display:inline-block;margin-right:2em;font-size:1.4em}}</style>\n</head>\n<body>\n\
         <h1>Mentoring cohort report</h1>\n<p>On {today}: {}.</p>\n<p>\
         <span class=\"fig\">{} running</span><span class=\"fig\">{} not started</span><span class=\"fig\">{} ended</span></p>\n",
        pairs_word(f.total),
        f.running,
        f.not_started,
        f.ended
    );
    let table = |h: &mut String,
                 title: &str,
                 rows: &Spill<Row>,
                 none: &str,
                 file: &str|
     -> Result<()> {
        let _ = writeln!(h, "<h2>{title}</h2>");
        if rows.is_empty() {
            let _ = writeln!(h, "<p>{none}</p>");
            return Ok(());
        }
        if rows.len() > SHOWN {
            let _ = writeln!(
                h,
                "<p>{} in all; the first {SHOWN} are below, and the whole list is in <a href=\"{file}\">{file}</a>.</p>",
                rows.len()
            );
        }
        h.push_str("<table><tr><th>date</th><th>pair</th><th>meeting</th></tr>\n");
        for row in rows.iter().take(SHOWN) {
            let (_, (d, pair, meeting)) = row?;
            let _ = writeln!(
                h,
                "<tr><td>{d}</td><td>{}</td><td>{}</td></tr>",
                html_escape(&pair),
                html_escape(&meeting)
            );
        }
        h.push_str("</table>\n");
        Ok(())
    };
    if f.total <= DRAWN {
        h.push_str(
            "<h2>Timeline</h2>\n<p>Each bar is a pair's term; dots are its check and reviews \
             (green: recorded, amber: not yet); the red line is today.</p>\n",
        );
        h.push_str(
            "<figure role=\"img\" aria-label=\"Timeline of every pair's term and review points\">\n",
        );
    } else {
        h.push_str(
            "<h2>Pairs running each month</h2>\n<p>Each bar is a month, as tall as the number of \
             pairs whose term runs in it; this month's is red.</p>\n",
        );
        h.push_str("<figure role=\"img\" aria-label=\"Pairs running in each month\">\n");
    }
    h.push_str(svg);
    h.push_str("\n</figure>\n");
    table(
        &mut h,
        "Reviews due in the next 30 days",
        &f.due,
        "None.",
        "report-due.csv",
    )?;
    table(
        &mut h,
        "Reviews past their date with no record",
        &f.overdue,
        "None: every review held so far is recorded.",
        "report-overdue.csv",
    )?;
    h.push_str("<h2>Goals by progress</h2>\n<table><tr><th>progress</th><th>goals</th></tr>\n");
    for (word, n) in f.progress() {
        let _ = writeln!(h, "<tr><td>{word}</td><td>{n}</td></tr>");
    }
    let _ = writeln!(
        h,
        "<tr><td>no record yet</td><td>{}</td></tr></table>",
        f.unrecorded_goals
    );
    h.push_str("</body>\n</html>\n");
    Ok(h)
}

fn markdown(f: &Figures, today: Date) -> Result<String> {
    let today = f.languages.date(today);
    let mut m = format!(
        "# Mentoring cohort report\n\nOn {today}: {}: {} running, {} not started, {} ended.\n",
        pairs_word(f.total),
        f.running,
        f.not_started,
        f.ended
    );
    // As the agreements' own text: literal, never Markdown (`|` too, which ends a cell).
    let esc = crate::render::escape_markdown;
    for (title, rows, file) in [
        ("Reviews due in the next 30 days", &f.due, "report-due.csv"),
        (
            "Reviews past their date with no record",
            &f.overdue,
            "report-overdue.csv",
        ),
    ] {
        let _ = write!(m, "\n## {title}\n\n");
        if rows.is_empty() {
            m.push_str("None.\n");
            continue;
        }
        if rows.len() > SHOWN {
            let _ = write!(
                m,
                "{} in all; the first {SHOWN} are below, and the whole list is in {file}.\n\n",
                rows.len()
            );
        }
        m.push_str("| date | pair | meeting |\n|---|---|---|\n");
        for row in rows.iter().take(SHOWN) {
            let (_, (d, pair, meeting)) = row?;
            let _ = writeln!(m, "| {d} | {} | {} |", esc(&pair), esc(&meeting));
        }
    }
    m.push_str("\n## Goals by progress\n\n| progress | goals |\n|---|---|\n");
    for (word, n) in f.progress() {
        let _ = writeln!(m, "| {word} | {n} |");
    }
    let _ = writeln!(m, "| no record yet | {} |", f.unrecorded_goals);
    m.push_str("\nThe timeline is in report.html.\n");
    Ok(m)
}
