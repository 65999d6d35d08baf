//! `mentorpact review --record`: the review's questions, asked in the terminal with the
//! interview's prompter, or answered in advance with `--set` (then no terminal is
//! needed). Every answer is saved in `<pair>.reviews.toml` as soon as it is given, so
//! an interrupted recording loses nothing: asked again, it starts from what was saved.
//! Then the record is written with the answers (`pipeline::review_command`).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use super::prompter::{no_check, Asked, Check, Prompt, Unanswered};
use super::resume::Resume;
use super::terminal::Terminal;
use crate::cli::ReviewArgs;
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::input::Document;
use crate::model::words::{tr, trf};
use crate::model::{
    Agreement, Choice, Decision, Goal, Language, Progress, RawGoalRecord, RawReview, RawReviews,
    ReviewPoint,
};
use crate::output::base_name;
use crate::pipeline::{
    choose_point, pick, points, read_reviews, review_command, reviews_at, write_reviews, ReviewsAt,
};

/// The keys `--set` takes, besides `goals.N.progress` and `goals.N.note`.
const KEYS: &[&str] = &[
    "held_on",
    "working",
    "change",
    "change_agreement",
    "achieved_mentee",
    "achieved_mentor",
    "achieved_organisation",
    "feedback_for_mentor",
    "feedback_for_mentee",
    "decision",
];

pub(crate) fn record_review(mut args: ReviewArgs, clock: Clock) -> Result<Exit> {
    let (mut r, a, date) = Recorder::open(&args, clock.today)?;
    let l = a.language;
    if let Some(p) = r.prompt.as_mut() {
        p.set_language(l);
        p.say(&trf(
            l,
            "Recording the {point} of {mentee} and {mentor}. Each answer is saved as you give it.",
            &[
                ("point", &point_label(l, r.point)),
                ("mentee", &a.mentee.name),
                ("mentor", &a.mentor.name),
            ],
        ));
    }
    r.held_on(date, a.duration.start..=clock.today, a.language)?;
    r.goals(&a.goals)?;
    r.how_it_goes()?;
    if r.point == ReviewPoint::Final {
        r.final_questions(&a)?;
    }
    if let Some(key) = r.sets.keys().next() {
        return Err(Error::Usage(format!(
            "--set {key}: not asked at this review"
        )));
    }
    let file = crate::error::shown(&r.at.records);
    eprintln!("{}", trf(l, "Saved in {file}.", &[("file", &file)]));
    // The record, now with the answers.
    args.force = true;
    review_command(args, clock)
}

/// "the early check", "review 2", "the final review", in the interview's language.
fn point_label(l: Language, point: ReviewPoint) -> String {
    match point {
        ReviewPoint::Early => tr(l, "early check").to_string(),
        ReviewPoint::Review(n) => trf(l, "review {n}", &[("n", &n.to_string())]),
        ReviewPoint::Final => tr(l, "final review").to_string(),
    }
}

/// In a terminal, Ctrl-C says where the answers are saved and the command that asks
/// again from there.
fn terminal(args: &ReviewArgs, point: ReviewPoint, path: &Path) -> Terminal {
    let again = format!(
        "mentorpact review {} --point {}{}{} --record",
        crate::error::shown(&args.file),
        point.name(),
        args.pair
            .as_deref()
            .map(|n| format!(" --pair {}", crate::error::shell_word(n)))
            .unwrap_or_default(),
        args.output
            .as_ref()
            .map(|o| format!(" -o {}", crate::error::shown(o)))
            .unwrap_or_default()
    );
    let resume = Arc::new(Resume::recording(path, again));
    let handler = Arc::clone(&resume);
    let _ = ctrlc::set_handler(move || handler.stop());
    Terminal::new(resume)
}

/// A recording has no earlier question to go back to: Esc stops it, with the words and
/// the interrupted exit code it has always had.
fn answered<T>(asked: Asked<T>) -> Result<T> {
    asked.map_err(|u| match u {
        Unanswered::Back => Error::Interrupted {
            message: "went back a question".into(),
        },
        Unanswered::Failed(e) => e,
    })
}

fn field<'a>(r: &'a mut RawReview, key: &str) -> &'a mut Option<String> {
    match key {
        "achieved_mentee" => &mut r.achieved_mentee,
        "achieved_mentor" => &mut r.achieved_mentor,
        "achieved_organisation" => &mut r.achieved_organisation,
        "feedback_for_mentor" => &mut r.feedback_for_mentor,
        _ => &mut r.feedback_for_mentee,
    }
}

/// `--set KEY=VALUE`s, each key one the review asks.
fn parse_sets(sets: &[String], goals: usize) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for s in sets {
        let (k, v) = s.split_once('=').ok_or_else(|| {
            Error::Usage(format!(
                "--set {s}: write KEY=VALUE, e.g. --set goals.1.progress=met"
            ))
        })?;
        let k = k.trim();
        let goal_key = k
            .strip_prefix("goals.")
            .and_then(|r| r.split_once('.'))
            .is_some_and(|(n, f)| {
                n.parse::<usize>().is_ok_and(|n| n >= 1 && n <= goals)
                    && (f == "progress" || f == "note")
            });
        if !goal_key && !KEYS.contains(&k) {
            return Err(Error::Usage(format!(
                "--set {k}: not a review answer; use goals.N.progress, goals.N.note (N from 1 to {goals}) or one of {}",
                KEYS.join(", ")
            )));
        }
        out.insert(k.to_string(), v.trim().trim_matches('"').to_string());
    }
    Ok(out)
}

/// Asks (or takes from `--set`) one answer at a time, saving as it goes.
struct Recorder {
    prompt: Option<Terminal>,
    sets: BTreeMap<String, String>,
    at: ReviewsAt,
    raw: RawReviews,
    current: RawReview,
    point: ReviewPoint,
    /// The pair's language, which the questions are asked in.
    lang: Language,
}

impl Recorder {
    /// The pair's agreement, the review point and its planned day, and a recorder that
    /// starts from what is saved for that point.
    fn open(args: &ReviewArgs, today: Date) -> Result<(Recorder, Agreement, Date)> {
        let doc = Document::read(&args.file).map_err(|d| Error::Invalid(vec![*d]))?;
        let unit = pick(&doc, args.pair.as_deref())?;
        let cohort = unit.pair.is_some();
        let (mentee, mentor) = unit.names();
        let name = base_name(&unit, mentee.as_deref(), mentor.as_deref());
        let a = unit.load().map_err(Error::Invalid)?.agreement;
        let schedule = crate::schedule::plan(&a.duration, &a.meetings);
        let (point, date) =
            choose_point(&points(&schedule), args.point.as_deref(), today, a.language)?;
        let at = reviews_at(&args.file, &name, cohort, &a);
        let (raw, _) = read_reviews(&at, &a)?;
        let sets = parse_sets(&args.set, a.goals.len())?;
        let in_terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        let mut current = raw
            .reviews
            .iter()
            .flatten()
            .find(|x| x.point.as_deref().and_then(ReviewPoint::parse) == Some(point))
            .cloned()
            .unwrap_or_default();
        current.point = Some(point.name());
        let r = Recorder {
            prompt: in_terminal.then(|| terminal(args, point, &at.records)),
            sets,
            at,
            current,
            raw,
            point,
            lang: a.language,
        };
        Ok((r, a, date))
    }

    /// The day it was held, asked as the pair writes dates (`--set held_on=` takes ISO
    /// too); the planned day is offered, or today if that is still to come. A record is
    /// of a meeting of this partnership that has been held (`held`: from its start to
    /// today), as a confirmation is of a day that has come.
    fn held_on(
        &mut self,
        planned: Date,
        held: std::ops::RangeInclusive<Date>,
        language: Language,
    ) -> Result<()> {
        let lang = self.lang;
        let check = |s: &str| match language.read_date(s)? {
            d if d > *held.end() => Err(trf(
                lang,
                "{day} is after today: a meeting is recorded once it has been held",
                &[("day", &language.date(d))],
            )),
            d if d < *held.start() => Err(trf(
                lang,
                "{day} is before the agreement starts ({start})",
                &[
                    ("day", &language.date(d)),
                    ("start", &language.date(*held.start())),
                ],
            )),
            _ => Ok(()),
        };
        let held = self.text(
            "held_on",
            &trf(
                self.lang,
                "The day of the meeting ({form})",
                &[("form", language.date_form())],
            ),
            Some(language.figures(planned.min(*held.end()))),
            &check,
        )?;
        let Some(h) = held else {
            return Ok(());
        };
        let d = language
            .read_date(&h)
            .map_err(|why| Error::Usage(format!("--set held_on={h}: {why}")))?;
        self.current.held_on = Some(crate::model::from_date(d));
        self.save()
    }

    /// Each goal's progress and a note on it, saved goal by goal.
    fn goals(&mut self, goals: &[Goal]) -> Result<()> {
        let l = self.lang;
        for (i, g) in goals.iter().enumerate() {
            let n = i + 1;
            let number = n.to_string();
            let before = self
                .current
                .goals
                .iter()
                .flatten()
                .find(|x| x.goal == Some(n as i64))
                .cloned();
            let progress = self.choice::<Progress>(
                &format!("goals.{n}.progress"),
                &trf(
                    l,
                    "Goal {n}, \"{goal}\": how far has it come?",
                    &[("n", &number), ("goal", &g.description)],
                ),
                before.as_ref().and_then(|b| b.progress.as_deref()),
            )?;
            let note = self.text(
                &format!("goals.{n}.note"),
                &trf(
                    l,
                    "Goal {n}: a note on it (Enter for none)",
                    &[("n", &number)],
                ),
                before.as_ref().and_then(|b| b.note.clone()),
                &no_check,
            )?;
            let goals = self.current.goals.get_or_insert_with(Vec::new);
            goals.retain(|x| x.goal != Some(n as i64));
            goals.push(RawGoalRecord {
                goal: Some(n as i64),
                progress: progress.map(|p| p.name().to_string()),
                note,
            });
            goals.sort_by_key(|x| x.goal);
            self.save()?;
        }
        Ok(())
    }

    /// What works, what to change, and whether the agreement changes.
    fn how_it_goes(&mut self) -> Result<()> {
        let l = self.lang;
        let old = self.current.working.clone();
        let q = tr(l, "What is working?");
        self.current.working = self.text("working", q, old, &no_check)?;
        self.save()?;
        let old = self.current.change.clone();
        let q = tr(l, "What should we change?");
        self.current.change = self.text("change", q, old, &no_check)?;
        self.save()?;
        let old = self.current.change_agreement.unwrap_or(false);
        let q = tr(l, "Do we change the agreement?");
        self.current.change_agreement = Some(self.confirm("change_agreement", q, old)?);
        self.save()
    }

    /// The final review's questions: what it achieved, feedback, and what is decided.
    fn final_questions(&mut self, a: &Agreement) -> Result<()> {
        let org = a.organisation();
        let l = self.lang;
        let (mentee, mentor) = (a.mentee.name.as_str(), a.mentor.name.as_str());
        let feedback = |from: &str, to: &str| {
            trf(
                l,
                "{from}'s feedback for {to}",
                &[("from", from), ("to", to)],
            )
        };
        let questions = [
            (
                "achieved_mentee",
                trf(
                    l,
                    "What did the mentoring achieve for {name}?",
                    &[("name", mentee)],
                ),
            ),
            (
                "achieved_mentor",
                trf(l, "And for {name}?", &[("name", mentor)]),
            ),
            (
                "achieved_organisation",
                trf(l, "And for {name}?", &[("name", org.unwrap_or_default())]),
            ),
            ("feedback_for_mentor", feedback(mentee, mentor)),
            ("feedback_for_mentee", feedback(mentor, mentee)),
        ];
        for (key, q) in questions {
            // Without a scheme there is no organisation to ask about.
            if key == "achieved_organisation" && org.is_none() {
                continue;
            }
            let old = field(&mut self.current, key).clone();
            let v = self.text(key, &q, old, &no_check)?;
            *field(&mut self.current, key) = v;
            self.save()?;
        }
        let old = self.current.decision.clone();
        let q = tr(l, "What do we decide?");
        let decision = self.choice::<Decision>("decision", q, old.as_deref())?;
        self.current.decision = decision.map(|d| d.name().to_string());
        self.save()
    }

    /// Text: from `--set`, else asked, else the default; empty is none.
    fn text(
        &mut self,
        key: &str,
        question: &str,
        default: Option<String>,
        check: Check<'_>,
    ) -> Result<Option<String>> {
        let v = match (self.sets.remove(key), self.prompt.as_mut()) {
            (Some(v), _) => {
                check(&v).map_err(|why| Error::Usage(format!("--set {key}: {why}")))?;
                v
            }
            (None, Some(p)) => answered(p.text(question, default.as_deref(), check))?,
            // Unasked, the default stands, if it would have been accepted.
            (None, None) => {
                let v = default.unwrap_or_default();
                if !v.is_empty() {
                    check(&v).map_err(|why| {
                        Error::Usage(format!("{key}: {why}; give it with --set {key}=…"))
                    })?;
                }
                v
            }
        };
        let v = v.trim().to_string();
        Ok((!v.is_empty()).then_some(v))
    }

    fn confirm(&mut self, key: &str, question: &str, default: bool) -> Result<bool> {
        match (self.sets.remove(key), self.prompt.as_mut()) {
            (Some(v), _) => match v.to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" => Ok(true),
                "no" | "n" | "false" => Ok(false),
                _ => Err(Error::Usage(format!("--set {key}={v}: yes or no"))),
            },
            (None, Some(p)) => answered(p.confirm(question, default)),
            (None, None) => Ok(default),
        }
    }

    /// One of a choice's words; without a terminal, a choice not given is an error.
    fn choice<C: Choice>(
        &mut self,
        key: &str,
        question: &str,
        before: Option<&str>,
    ) -> Result<Option<C>> {
        let before = before.and_then(C::parse);
        match (self.sets.remove(key), self.prompt.as_mut()) {
            (Some(v), _) => C::parse(&v).map(Some).ok_or_else(|| {
                Error::Usage(format!(
                    "--set {key}={v}: use one of {}",
                    C::NAMES.join(", ")
                ))
            }),
            (None, Some(p)) => {
                let l = self.lang;
                let items: Vec<String> = C::ALL.iter().map(|c| tr(l, c.label()).into()).collect();
                let i = answered(p.select(question, &items, before.map_or(0, |b| b.index())))?;
                Ok(Some(C::ALL[i]))
            }
            (None, None) => match before {
                Some(b) => Ok(Some(b)),
                None => Err(Error::Usage(format!(
                    "{key} is not answered: without a terminal, give --set {key}=… ({})",
                    C::NAMES.join(", ")
                ))),
            },
        }
    }

    /// The records file with the answers so far.
    fn save(&mut self) -> Result<()> {
        let list = self.raw.reviews.get_or_insert_with(Vec::new);
        let point = self.point;
        match list
            .iter_mut()
            .find(|x| x.point.as_deref().and_then(ReviewPoint::parse) == Some(point))
        {
            Some(slot) => *slot = self.current.clone(),
            None => list.push(self.current.clone()),
        }
        if let Some(old) = write_reviews(&self.at, &self.raw)? {
            let (from, to) = (
                crate::error::shown(&old),
                crate::error::shown(&self.at.records),
            );
            eprintln!(
                "{}",
                trf(
                    self.lang,
                    "Moved the earlier review records from {from} to {to}, where mentorpact now keeps them with the confirmations.",
                    &[("from", &from), ("to", &to)],
                )
            );
        }
        Ok(())
    }
}
