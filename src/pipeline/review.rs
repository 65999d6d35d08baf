//! `mentorpact review`: the record of a check or review meeting, as Markdown and PDF
//! (the same standards and fonts as the agreement): the meeting's date from the
//! schedule, each goal with its measure, target date, history and room to note progress,
//! what is working and what to change; the final review adds what the mentoring achieved,
//! feedback each way and the decision. With `--set` the answers are recorded in
//! `<pair>.reviews.toml` beside the agreement, and the record shows them.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::ReviewArgs;
use crate::clock::Clock;
use crate::error::{Diagnostic, Error, Exit, Problem, Result};
use crate::model::{Agreement, Choice, RawReviews, Review, ReviewPoint, Reviews};
use crate::output::{base_name, write_atomic};
use crate::schedule::{self, MeetingKind, Schedule};

/// Where a pair's review records are: its records file (see [`crate::records`]), and
/// the file older versions wrote beside the answers (`agreement.reviews.toml`,
/// `<pair>.reviews.toml`), read until the next record moves its contents.
pub(crate) struct ReviewsAt {
    pub(crate) records: PathBuf,
    legacy: PathBuf,
    identity: String,
    pair: String,
}

/// The review records of `a`, the agreement of input `file` (named `name` as `render`
/// names its files; `cohort` when it is a pair of a cohort file).
pub(crate) fn reviews_at(file: &Path, name: &str, cohort: bool, a: &Agreement) -> ReviewsAt {
    let identity = a.identity();
    ReviewsAt {
        records: crate::records::file(
            &crate::records::folder(file, a.records.as_deref()),
            &identity,
        ),
        legacy: if cohort {
            file.with_file_name(format!("{name}.reviews.toml"))
        } else {
            file.with_extension("reviews.toml")
        },
        identity,
        pair: format!("{} and {}", a.mentee.name, a.mentor.name),
    }
}

/// The reviews of a pair that `due` and `report` list, as known on `today`: those held
/// by then. A records file that cannot be read goes to `unreadable`, and the pair is
/// still listed, as if it had none.
pub(crate) fn held_by(
    found: &super::Found<'_>,
    today: jiff::civil::Date,
    unreadable: &mut Vec<Diagnostic>,
) -> Result<Reviews> {
    let a = &found.agreement;
    let at = reviews_at(found.path, &found.name, found.pair.is_some(), a);
    let mut reviews = match read_reviews(&at, a) {
        Ok((_, r)) => r,
        Err(Error::Invalid(d)) => {
            unreadable.extend(d);
            Reviews::default()
        }
        Err(e) => return Err(e),
    };
    reviews.reviews.retain(|r| r.held_on <= today);
    Ok(reviews)
}

/// The records at `at` (none if there are none yet), checked against `a`.
pub(crate) fn read_reviews(at: &ReviewsAt, a: &Agreement) -> Result<(RawReviews, Reviews)> {
    let kept = crate::records::read(&at.records).map_err(|d| Error::Invalid(vec![*d]))?;
    let (raw, path) = match (kept.reviews.is_some(), std::fs::read_to_string(&at.legacy)) {
        (false, Ok(text)) => {
            let raw: RawReviews = toml::from_str(&text).map_err(|e| {
                Error::Invalid(vec![Diagnostic::new(
                    &at.legacy,
                    Problem::error("", e.message().to_string()),
                )
                .at(&text, e.span())])
            })?;
            (raw, &at.legacy)
        }
        _ => (kept.reviews(), &at.records),
    };
    let reviews = raw.validate(a.goals.len()).map_err(|problems| {
        Error::Invalid(
            problems
                .into_iter()
                .map(|p| Diagnostic::new(path, p))
                .collect(),
        )
    })?;
    Ok((raw, reviews))
}

/// Keep `raw` as the pair's review records, beside its confirmations. A review file of
/// an older version is removed once its records are here: its path comes back, to say so.
pub(crate) fn write_reviews(at: &ReviewsAt, raw: &RawReviews) -> Result<Option<PathBuf>> {
    let mut kept = crate::records::read(&at.records).map_err(|d| Error::Invalid(vec![*d]))?;
    kept.identity = Some(at.identity.clone());
    kept.pair = Some(at.pair.clone());
    kept.reviews = raw.reviews.clone();
    if let Some(dir) = at.records.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    }
    write_atomic(&at.records, kept.text().as_bytes())?;
    if at.legacy.exists() {
        std::fs::remove_file(&at.legacy).map_err(|e| Error::write(&at.legacy, e))?;
        return Ok(Some(at.legacy.clone()));
    }
    Ok(None)
}

/// The review points of a schedule, with their dates.
pub(crate) fn points(s: &Schedule) -> Vec<(ReviewPoint, jiff::civil::Date)> {
    let mut n = 0;
    s.meetings
        .iter()
        .filter_map(|m| match m.kind {
            MeetingKind::EarlyCheck => Some((ReviewPoint::Early, m.date)),
            MeetingKind::Review => {
                n += 1;
                Some((ReviewPoint::Review(n), m.date))
            }
            MeetingKind::FinalReview => Some((ReviewPoint::Final, m.date)),
            _ => None,
        })
        .collect()
}

/// The review point `--point` names (default: the next one from `today`, else the
/// final review), with its date; an error listing the points, in the pair's `language`,
/// if it has none such.
pub(crate) fn choose_point(
    all: &[(ReviewPoint, jiff::civil::Date)],
    given: Option<&str>,
    today: jiff::civil::Date,
    language: crate::model::Language,
) -> Result<(ReviewPoint, jiff::civil::Date)> {
    let point = match given {
        Some(p) => ReviewPoint::parse(p).ok_or_else(|| {
            Error::Usage(format!(
                "--point {p}: use early, a review's number (1, 2 …) or final"
            ))
        })?,
        None => all
            .iter()
            .find(|(_, d)| *d >= today)
            .map_or(ReviewPoint::Final, |p| p.0),
    };
    match all.iter().find(|(p, _)| *p == point) {
        Some(&found) => Ok(found),
        None => {
            let list: Vec<String> = all
                .iter()
                .map(|(p, d)| format!("{} ({})", p.name(), language.for_messages().date(*d)))
                .collect();
            Err(Error::Usage(format!(
                "this agreement has no {}; its review points are {}",
                point.label(),
                list.join(", ")
            )))
        }
    }
}

/// What the template shows of one goal.
#[derive(Serialize)]
struct GoalView<'a> {
    description: &'a str,
    measure: Option<&'a str>,
    target_date: Option<jiff::civil::Date>,
    history: Vec<HistoryView>,
    now: Option<HistoryView>,
}

#[derive(Serialize)]
struct HistoryView {
    date: jiff::civil::Date,
    progress: &'static str,
    note: Option<String>,
}

#[derive(Serialize)]
struct Achieved<'a> {
    whom: String,
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct ReviewView<'a> {
    title: String,
    label: String,
    date: jiff::civil::Date,
    #[serde(rename = "final")]
    is_final: bool,
    recorded: Option<&'a Review>,
    goals: Vec<GoalView<'a>>,
    achieved: Vec<Achieved<'a>>,
    decision: Option<&'static str>,
}

fn view<'a>(
    a: &'a Agreement,
    reviews: &'a Reviews,
    point: ReviewPoint,
    date: jiff::civil::Date,
) -> ReviewView<'a> {
    let recorded = reviews.reviews.iter().find(|r| r.point == point);
    let label = point.label();
    let title = format!(
        "{}{}: {} and {}",
        label[..1].to_uppercase(),
        &label[1..],
        a.mentee.name,
        a.mentor.name
    );
    let label = match point {
        ReviewPoint::Review(_) => label,
        _ => format!("the {label}"),
    };
    let goals = a
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| GoalView {
            description: &g.description,
            measure: g.measure.as_deref(),
            target_date: g.target_date,
            history: reviews
                .history(i + 1, point)
                .into_iter()
                .map(|(date, p, note)| HistoryView {
                    date,
                    progress: p.label(),
                    note,
                })
                .collect(),
            now: recorded
                .and_then(|r| r.goals.iter().find(|x| x.goal == i + 1))
                .map(|x| HistoryView {
                    date: recorded.map_or(date, |r| r.held_on),
                    progress: x.progress.label(),
                    note: x.note.clone(),
                }),
        })
        .collect();
    let mut achieved = vec![
        Achieved {
            whom: a.mentee.name.clone(),
            text: recorded.and_then(|r| r.achieved_mentee.as_deref()),
        },
        Achieved {
            whom: a.mentor.name.clone(),
            text: recorded.and_then(|r| r.achieved_mentor.as_deref()),
        },
    ];
    if let Some(org) = a.organisation() {
        achieved.push(Achieved {
            whom: org.to_string(),
            text: recorded.and_then(|r| r.achieved_organisation.as_deref()),
        });
    }
    ReviewView {
        title,
        label,
        date: recorded.map_or(date, |r| r.held_on),
        is_final: point == ReviewPoint::Final,
        recorded,
        goals,
        achieved,
        decision: recorded.and_then(|r| r.decision).map(|d| d.label()),
    }
}

pub(crate) fn review_command(args: ReviewArgs, clock: Clock) -> Result<Exit> {
    let doc = super::open_pair(&args.file, args.pair.as_deref(), None)?;
    let unit = super::pick(&doc, args.pair.as_deref())?;
    let cohort = unit.pair.is_some();
    let (mentee, mentor) = unit.names();
    let name = base_name(&unit, mentee.as_deref(), mentor.as_deref());
    let loaded = unit.load().map_err(Error::Invalid)?;
    let a = &loaded.agreement;
    let schedule = schedule::plan(&a.duration, &a.meetings);
    let (point, date) = choose_point(
        &points(&schedule),
        args.point.as_deref(),
        clock.today,
        a.language,
    )?;
    let (_, reviews) = read_reviews(&reviews_at(&args.file, &name, cohort, a), a)?;

    let pipeline = super::Pipeline::new(
        &args.output_args(),
        &[crate::output::Format::Md, crate::output::Format::Pdf],
        clock,
    )?;
    pipeline.notice(a.language);
    let v = view(a, &reviews, point, date);
    let md = pipeline
        .renderer
        .review_markdown(a, &schedule, clock.today, &v)?;
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let stem = format!("{name}-review-{}", point.name());
    let mut written = Vec::new();
    for f in &pipeline.formats {
        let bytes = match f {
            crate::output::Format::Md => md.clone().into_bytes(),
            crate::output::Format::Pdf => {
                let mut meta = crate::pdf::Meta::for_agreement(a);
                // The record's own heading, which its template writes in the pair's
                // language.
                let title = md
                    .lines()
                    .find_map(|l| l.strip_prefix("# "))
                    .map_or_else(|| v.title.clone(), |t| t.replace('\\', ""));
                meta.subject = format!("{title}, {}", meta.subject);
                meta.footer = title.clone();
                meta.title = title;
                // Fillable: boxes to tick, notes to type (the signature fields are the
                // agreement's, and a review record has none).
                let out = pipeline.pdf(a, &md, &meta, true)?;
                for w in &out.warnings {
                    eprintln!("warning: {w}");
                }
                out.bytes
            }
            crate::output::Format::Ics => continue,
        };
        let target = dir.join(format!("{stem}.{}", f.extension()));
        if target.exists() && !args.force {
            return Err(Error::Usage(format!(
                "{} exists; use --force to replace it",
                crate::error::shown(&target)
            )));
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        write_atomic(&target, &bytes)?;
        written.push(crate::error::shown(&target).to_string());
    }
    // The day it was held when it is recorded, else the planned one.
    println!(
        "Wrote the record of {} on {}: {}",
        point.in_a_sentence(),
        a.language.for_messages().date(v.date),
        written.join(", ")
    );
    Ok(Exit::Success)
}
