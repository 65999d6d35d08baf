//! `mentorpact review --record`: the review's questions, asked in the terminal with the
//! interview's prompter, or answered in advance with `--set` (then no terminal is
//! needed). Every answer is saved in `<pair>.reviews.toml` as soon as it is given, so
//! an interrupted recording loses nothing: asked again, it starts from what was saved.
//! Then the record is written with the answers (`pipeline::review_command`).

use std::collections::BTreeMap;
use std::io::IsTerminal;

use super::prompter::{no_check, Prompt, Terminal};
use crate::cli::ReviewArgs;
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::input::Document;
use crate::model::{Choice, Decision, Progress, RawGoalRecord, RawReview, RawReviews, ReviewPoint};
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

pub fn record_review(mut args: ReviewArgs, clock: Clock) -> Result<Exit> {
    let doc = Document::read(&args.file).map_err(|d| Error::Invalid(vec![*d]))?;
    let unit = pick(&doc, args.pair.as_deref())?;
    let cohort = unit.pair.is_some();
    let (mentee, mentor) = unit.names();
    let name = base_name(&unit, mentee.as_deref(), mentor.as_deref());
    let a = unit.load().map_err(Error::Invalid)?.agreement;
    let schedule = crate::schedule::plan(&a.duration, &a.meetings);
    let (point, date) = choose_point(&points(&schedule), args.point.as_deref(), clock.today)?;
    let at = reviews_at(&args.file, &name, cohort, &a);
    let (raw, _) = read_reviews(&at, &a)?;
    let sets = parse_sets(&args.set, a.goals.len())?;
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut r = Recorder {
        prompt: terminal.then(Terminal::new),
        sets,
        at: &at,
        current: raw
            .reviews
            .iter()
            .flatten()
            .find(|x| x.point.as_deref().and_then(ReviewPoint::parse) == Some(point))
            .cloned()
            .unwrap_or_default(),
        raw,
        point,
    };
    r.current.point = Some(point.name());
    if terminal {
        // Ctrl-C: every answer given is saved already; say where, and how to go on.
        let again = format!(
            "mentorpact review {} --point {}{}{} --record",
            args.file.display(),
            point.name(),
            args.pair
                .as_ref()
                .map(|n| format!(" --pair {n}"))
                .unwrap_or_default(),
            args.output
                .as_ref()
                .map(|o| format!(" -o {}", o.display()))
                .unwrap_or_default()
        );
        if let Ok(mut d) = super::start::DRAFT.lock() {
            *d = Some(at.records.clone());
        }
        if let Ok(mut c) = super::start::CONTINUE.lock() {
            *c = Some(again);
        }
        let _ = ctrlc::set_handler(|| super::start::stop());
    }
    if let Some(p) = r.prompt.as_mut() {
        p.say(&format!(
            "Recording the {} of {} and {}. Each answer is saved as you give it.",
            point.label(),
            a.mentee.name,
            a.mentor.name
        ));
    }

    let held = r.text(
        "held_on",
        "The day of the meeting (YYYY-MM-DD)",
        Some(date.to_string()),
        &|s| {
            s.trim()
                .parse::<jiff::civil::Date>()
                .map(|_| ())
                .map_err(|_| "a date like 2027-03-02".to_string())
        },
    )?;
    if let Some(h) = held {
        let d: jiff::civil::Date = h
            .trim()
            .parse()
            .map_err(|_| Error::Usage(format!("--set held_on={h}: not a date like 2027-03-02")))?;
        r.current.held_on = Some(crate::model::from_date(d));
        r.save()?;
    }
    for (i, g) in a.goals.iter().enumerate() {
        let n = i + 1;
        let before = r
            .current
            .goals
            .iter()
            .flatten()
            .find(|x| x.goal == Some(n as i64))
            .cloned();
        let progress = r.choice::<Progress>(
            &format!("goals.{n}.progress"),
            &format!("Goal {n}, \"{}\": how far has it come?", g.description),
            before.as_ref().and_then(|b| b.progress.as_deref()),
        )?;
        let note = r.text(
            &format!("goals.{n}.note"),
            &format!("Goal {n}: a note on it (Enter for none)"),
            before.as_ref().and_then(|b| b.note.clone()),
            &no_check,
        )?;
        let goals = r.current.goals.get_or_insert_with(Vec::new);
        goals.retain(|x| x.goal != Some(n as i64));
        goals.push(RawGoalRecord {
            goal: Some(n as i64),
            progress: progress.map(|p| p.name().to_string()),
            note,
        });
        goals.sort_by_key(|x| x.goal);
        r.save()?;
    }
    r.current.working = r.text(
        "working",
        "What is working?",
        r.current.working.clone(),
        &no_check,
    )?;
    r.save()?;
    r.current.change = r.text(
        "change",
        "What should we change?",
        r.current.change.clone(),
        &no_check,
    )?;
    r.save()?;
    r.current.change_agreement = Some(r.confirm(
        "change_agreement",
        "Do we change the agreement?",
        r.current.change_agreement.unwrap_or(false),
    )?);
    r.save()?;
    if point == ReviewPoint::Final {
        let org = a.organisation();
        let questions = [
            (
                "achieved_mentee",
                format!("What did the mentoring achieve for {}?", a.mentee.name),
            ),
            ("achieved_mentor", format!("And for {}?", a.mentor.name)),
            (
                "achieved_organisation",
                format!("And for {}?", org.unwrap_or_default()),
            ),
            (
                "feedback_for_mentor",
                format!("{}'s feedback for {}", a.mentee.name, a.mentor.name),
            ),
            (
                "feedback_for_mentee",
                format!("{}'s feedback for {}", a.mentor.name, a.mentee.name),
            ),
        ];
        for (key, q) in questions {
            // Without a scheme there is no organisation to ask about.
            if key == "achieved_organisation" && org.is_none() {
                continue;
            }
            let old = field(&mut r.current, key).clone();
            let v = r.text(key, &q, old, &no_check)?;
            *field(&mut r.current, key) = v;
            r.save()?;
        }
        let decision = r.choice::<Decision>(
            "decision",
            "What do we decide?",
            r.current.decision.clone().as_deref(),
        )?;
        r.current.decision = decision.map(|d| d.name().to_string());
        r.save()?;
    }
    if let Some(key) = r.sets.keys().next() {
        return Err(Error::Usage(format!(
            "--set {key}: not asked at this review"
        )));
    }
    eprintln!("Saved in {}.", at.records.display());
    // The record, now with the answers.
    args.force = true;
    review_command(args, clock)
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
struct Recorder<'a> {
    prompt: Option<Terminal>,
    sets: BTreeMap<String, String>,
    at: &'a ReviewsAt,
    raw: RawReviews,
    current: RawReview,
    point: ReviewPoint,
}

impl Recorder<'_> {
    /// Text: from `--set`, else asked, else the default; empty is none.
    fn text(
        &mut self,
        key: &str,
        question: &str,
        default: Option<String>,
        check: super::prompter::Check<'_>,
    ) -> Result<Option<String>> {
        let v = match (self.sets.remove(key), self.prompt.as_mut()) {
            (Some(v), _) => {
                check(&v).map_err(|why| Error::Usage(format!("--set {key}: {why}")))?;
                v
            }
            (None, Some(p)) => p.text(question, default.as_deref(), check)?,
            (None, None) => default.unwrap_or_default(),
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
            (None, Some(p)) => p.confirm(question, default),
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
                let items: Vec<String> = C::ALL.iter().map(|c| c.label().to_string()).collect();
                let i = p.select(question, &items, before.map_or(0, |b| b.index()))?;
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
        if let Some(old) = write_reviews(self.at, &self.raw)? {
            eprintln!(
                "Moved the earlier review records from {} to {}, where mentorpact now keeps them with the confirmations.",
                old.display(),
                self.at.records.display()
            );
        }
        Ok(())
    }
}
