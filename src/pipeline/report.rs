//! `mentorpact report`: a coordinator's one-page picture of a cohort, as a
//! self-contained HTML file (no network: styles and the chart are inline) and the same
//! figures in Markdown: pairs by status, reviews due in the next 30 days, reviews past
//! their date with no record, goals by progress where records exist, and a timeline of
//! every pair (start to end, review points marked, today's line) drawn with plotters.

use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::ToSpan;
use plotters::prelude::*;

use super::review::{points, read_reviews, reviews_at};
use crate::cli::ReportArgs;
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::model::{Choice, Progress, ReviewPoint};
use crate::output::write_atomic;

/// One pair, as the report sees it.
struct Pair {
    name: String,
    start: Date,
    end: Date,
    points: Vec<(ReviewPoint, Date)>,
    recorded: Vec<ReviewPoint>,
    /// The latest progress of each goal with a record.
    progress: Vec<Progress>,
    goals: usize,
}

#[derive(Default)]
struct Figures {
    not_started: usize,
    running: usize,
    ended: usize,
    /// (date, pair, what)
    due: Vec<(Date, String, String)>,
    overdue: Vec<(Date, String, String)>,
    /// Count per progress word, then goals with no record.
    progress: Vec<(&'static str, usize)>,
    unrecorded_goals: usize,
}

fn figures(pairs: &[Pair], today: Date) -> Figures {
    let mut f = Figures::default();
    let soon = today.saturating_add(30.days());
    let mut counts = vec![0usize; Progress::ALL.len()];
    for p in pairs {
        match (p.start > today, p.end < today) {
            (true, _) => f.not_started += 1,
            (false, true) => f.ended += 1,
            (false, false) => f.running += 1,
        }
        for &(point, date) in &p.points {
            if date >= today && date <= soon {
                f.due.push((date, p.name.clone(), point.label()));
            } else if date < today && !p.recorded.contains(&point) {
                f.overdue.push((date, p.name.clone(), point.label()));
            }
        }
        for pr in &p.progress {
            counts[pr.index()] += 1;
        }
        f.unrecorded_goals += p.goals - p.progress.len();
    }
    f.due.sort();
    f.overdue.sort();
    f.progress = Progress::ALL
        .iter()
        .map(|p| (p.label(), counts[p.index()]))
        .collect();
    f
}

pub(crate) fn report_command(args: ReportArgs, clock: Clock) -> Result<Exit> {
    let today = match &args.on {
        Some(s) => super::parse_day("--on", s)?,
        None => clock.today,
    };
    let mut pairs = Vec::new();
    let mut unreadable = Vec::new();
    // Each input's pairs, to find records that belong to none of them.
    let mut inputs: Vec<(std::path::PathBuf, Option<String>, Vec<String>)> = Vec::new();
    let mut problems = super::each_agreement(&args.inputs, |f| {
        let a = &f.agreement;
        match inputs.last_mut().filter(|(p, _, _)| p == f.path) {
            Some((_, _, ids)) => ids.push(a.identity()),
            None => inputs.push((f.path.to_path_buf(), a.records.clone(), vec![a.identity()])),
        }
        let cohort = f.pair.is_some();
        let reviews = match read_reviews(&reviews_at(f.path, &f.name, cohort, a), a) {
            Ok((_, r)) => r,
            // A bad records file is reported; the pair is still counted, without them.
            Err(Error::Invalid(d)) => {
                unreadable.extend(d);
                Default::default()
            }
            Err(e) => return Err(e),
        };
        pairs.push(Pair {
            name: format!("{} and {}", a.mentee.name, a.mentor.name),
            start: a.duration.start,
            end: a.duration.end,
            points: points(&crate::schedule::plan(&a.duration, &a.meetings)),
            recorded: reviews.reviews.iter().map(|r| r.point).collect(),
            progress: reviews.latest().into_iter().map(|(_, p)| p).collect(),
            goals: a.goals.len(),
        });
        Ok(())
    })?;
    problems.extend(unreadable);
    let f = figures(&pairs, today);
    let svg = timeline(&pairs, today);
    let dir = args.output.clone();
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    let html_path = dir.join("report.html");
    let md_path = dir.join("report.md");
    write_atomic(&html_path, html(&f, &svg, pairs.len(), today).as_bytes())?;
    write_atomic(&md_path, markdown(&f, pairs.len(), today).as_bytes())?;
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
    println!(
        "Wrote {} and {}: {} ({} running, {} not started, {} ended); reviews due in 30 days: {}; past their date with no record: {}.",
        crate::error::shown(&html_path),
        crate::error::shown(&md_path),
        pairs_count(pairs.len()),
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

fn html(f: &Figures, svg: &str, total: usize, today: Date) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Mentoring cohort report, {today}</title>\n\
         <style>body{{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}}\
         table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}\
         .fig{{display:inline-block;margin-right:2em;font-size:1.4em}}</style>\n</head>\n<body>\n\
         <h1>Mentoring cohort report</h1>\n<p>On {today}: {total} pairs.</p>\n<p>\
         <span class=\"fig\">{} running</span><span class=\"fig\">{} not started</span><span class=\"fig\">{} ended</span></p>\n",
        f.running, f.not_started, f.ended
    );
    let table = |h: &mut String, title: &str, rows: &[(Date, String, String)], none: &str| {
        let _ = writeln!(h, "<h2>{title}</h2>");
        if rows.is_empty() {
            let _ = writeln!(h, "<p>{none}</p>");
            return;
        }
        h.push_str("<table><tr><th>date</th><th>pair</th><th>meeting</th></tr>\n");
        for (d, p, w) in rows {
            let _ = writeln!(
                h,
                "<tr><td>{d}</td><td>{}</td><td>{}</td></tr>",
                html_escape(p),
                html_escape(w)
            );
        }
        h.push_str("</table>\n");
    };
    h.push_str(
        "<h2>Timeline</h2>\n<p>Each bar is a pair's term; dots are its check and reviews \
         (green: recorded, amber: not yet); the red line is today.</p>\n",
    );
    h.push_str(
        "<figure role=\"img\" aria-label=\"Timeline of every pair's term and review points\">\n",
    );
    h.push_str(svg);
    h.push_str("\n</figure>\n");
    table(&mut h, "Reviews due in the next 30 days", &f.due, "None.");
    table(
        &mut h,
        "Reviews past their date with no record",
        &f.overdue,
        "None: every review held so far is recorded.",
    );
    h.push_str("<h2>Goals by progress</h2>\n<table><tr><th>progress</th><th>goals</th></tr>\n");
    for (word, n) in &f.progress {
        let _ = writeln!(h, "<tr><td>{word}</td><td>{n}</td></tr>");
    }
    let _ = writeln!(
        h,
        "<tr><td>no record yet</td><td>{}</td></tr></table>",
        f.unrecorded_goals
    );
    h.push_str("</body>\n</html>\n");
    h
}

/// "1 pair", "2 pairs".
fn pairs_count(n: usize) -> String {
    format!("{n} pair{}", if n == 1 { "" } else { "s" })
}

fn markdown(f: &Figures, total: usize, today: Date) -> String {
    let mut m = format!(
        "# Mentoring cohort report\n\nOn {today}: {}: {} running, {} not started, {} ended.\n",
        pairs_count(total),
        f.running,
        f.not_started,
        f.ended
    );
    // As the agreements' own text: literal, never Markdown (`|` too, which ends a cell).
    let esc = crate::render::escape_markdown;
    for (title, rows) in [
        ("Reviews due in the next 30 days", &f.due),
        ("Reviews past their date with no record", &f.overdue),
    ] {
        let _ = write!(m, "\n## {title}\n\n");
        if rows.is_empty() {
            m.push_str("None.\n");
            continue;
        }
        m.push_str("| date | pair | meeting |\n|---|---|---|\n");
        for (d, p, w) in rows {
            let _ = writeln!(m, "| {d} | {} | {} |", esc(p), esc(w));
        }
    }
    m.push_str("\n## Goals by progress\n\n| progress | goals |\n|---|---|\n");
    for (word, n) in &f.progress {
        let _ = writeln!(m, "| {word} | {n} |");
    }
    let _ = writeln!(m, "| no record yet | {} |", f.unrecorded_goals);
    m.push_str("\nThe timeline of every pair is in report.html.\n");
    m
}
