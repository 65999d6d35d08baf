//! Review records: what a pair notes at each check and review (`mentorpact review
//! --record`), kept beside the agreement in `<pair>.reviews.toml`. Raw as read, then
//! checked into [`Reviews`], collecting every problem.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use toml::value::Datetime;

use super::checker::Checker;
use super::choices::{Decision, Progress};
use crate::error::Problem;

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReviews {
    pub(crate) reviews: Option<Vec<RawReview>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReview {
    /// "early", "1", "2", … or "final".
    pub(crate) point: Option<String>,
    pub(crate) held_on: Option<Datetime>,
    pub goals: Option<Vec<RawGoalRecord>>,
    pub(crate) working: Option<String>,
    pub(crate) change: Option<String>,
    pub(crate) change_agreement: Option<bool>,
    pub(crate) achieved_mentee: Option<String>,
    pub(crate) achieved_mentor: Option<String>,
    pub(crate) achieved_organisation: Option<String>,
    pub(crate) feedback_for_mentor: Option<String>,
    pub(crate) feedback_for_mentee: Option<String>,
    pub(crate) decision: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGoalRecord {
    /// The goal's number in the agreement, from 1.
    pub(crate) goal: Option<i64>,
    pub(crate) progress: Option<String>,
    pub(crate) note: Option<String>,
}

/// Which meeting a review record is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) enum ReviewPoint {
    Early,
    /// The Nth review point, from 1.
    Review(usize),
    Final,
}

impl ReviewPoint {
    /// "early", "2", "final": as `--point` and the file take it.
    pub(crate) fn parse(s: &str) -> Option<ReviewPoint> {
        match s.trim().to_ascii_lowercase().as_str() {
            "early" => Some(ReviewPoint::Early),
            "final" => Some(ReviewPoint::Final),
            n => n
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .map(ReviewPoint::Review),
        }
    }

    pub(crate) fn name(self) -> String {
        match self {
            ReviewPoint::Early => "early".into(),
            ReviewPoint::Review(n) => n.to_string(),
            ReviewPoint::Final => "final".into(),
        }
    }

    /// "early check", "review 2", "final review".
    pub(crate) fn label(self) -> String {
        match self {
            ReviewPoint::Early => "early check".into(),
            ReviewPoint::Review(n) => format!("review {n}"),
            ReviewPoint::Final => "final review".into(),
        }
    }

    /// As a sentence names it: "the early check", "review 2", "the final review".
    pub(crate) fn in_a_sentence(self) -> String {
        match self {
            ReviewPoint::Review(_) => self.label(),
            _ => format!("the {}", self.label()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalRecord {
    pub(crate) goal: usize,
    pub(crate) progress: Progress,
    pub(crate) note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Review {
    pub(crate) point: ReviewPoint,
    pub(crate) held_on: Date,
    pub goals: Vec<GoalRecord>,
    pub(crate) working: Option<String>,
    pub(crate) change: Option<String>,
    pub(crate) change_agreement: bool,
    pub(crate) achieved_mentee: Option<String>,
    pub(crate) achieved_mentor: Option<String>,
    pub(crate) achieved_organisation: Option<String>,
    pub(crate) feedback_for_mentor: Option<String>,
    pub(crate) feedback_for_mentee: Option<String>,
    pub(crate) decision: Option<Decision>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Reviews {
    /// In the order of their meetings.
    pub(crate) reviews: Vec<Review>,
}

impl RawReviews {
    /// Check the records against an agreement with `goals` goals.
    pub(crate) fn validate(&self, goals: usize) -> Result<Reviews, Vec<Problem>> {
        let mut c = Checker::default();
        let mut out = Vec::new();
        for (i, r) in self.reviews.iter().flatten().enumerate() {
            let key = |k: &str| format!("reviews[{}].{k}", i + 1);
            let point = match r.point.as_deref().map(|p| (p, ReviewPoint::parse(p))) {
                Some((_, Some(p))) => Some(p),
                Some((p, None)) => {
                    c.err_help(
                        &key("point"),
                        format!("\"{p}\" is not a review point"),
                        "use \"early\", a review's number (\"1\", \"2\" …) or \"final\"",
                    );
                    None
                }
                None => {
                    c.err(&key("point"), "is missing");
                    None
                }
            };
            let held_on = c.date(&key("held_on"), &r.held_on);
            if r.held_on.is_none() {
                c.err(&key("held_on"), "is missing");
            }
            let mut records = Vec::new();
            for (j, g) in r.goals.iter().flatten().enumerate() {
                let gkey = |k: &str| format!("reviews[{}].goals[{}].{k}", i + 1, j + 1);
                let progress: Option<Progress> = c.choice(&gkey("progress"), &g.progress);
                let goal = match g.goal {
                    Some(n) if n >= 1 && (n as usize) <= goals => Some(n as usize),
                    Some(n) => {
                        c.err(
                            &gkey("goal"),
                            format!("{n} is not a goal of the agreement (it has {goals})"),
                        );
                        None
                    }
                    None => {
                        c.err(&gkey("goal"), "is missing");
                        None
                    }
                };
                let note = c.text(&gkey("note"), &g.note);
                if let (Some(goal), Some(progress)) = (goal, progress) {
                    records.push(GoalRecord {
                        goal,
                        progress,
                        note,
                    });
                }
            }
            let decision: Option<Decision> = c.choice(&key("decision"), &r.decision);
            let review = Review {
                point: point.unwrap_or(ReviewPoint::Early),
                held_on: held_on.unwrap_or_default(),
                goals: records,
                working: c.text(&key("working"), &r.working),
                change: c.text(&key("change"), &r.change),
                change_agreement: r.change_agreement.unwrap_or(false),
                achieved_mentee: c.text(&key("achieved_mentee"), &r.achieved_mentee),
                achieved_mentor: c.text(&key("achieved_mentor"), &r.achieved_mentor),
                achieved_organisation: c
                    .text(&key("achieved_organisation"), &r.achieved_organisation),
                feedback_for_mentor: c.text(&key("feedback_for_mentor"), &r.feedback_for_mentor),
                feedback_for_mentee: c.text(&key("feedback_for_mentee"), &r.feedback_for_mentee),
                decision,
            };
            if point.is_some() && held_on.is_some() {
                out.push(review);
            }
        }
        if !c.problems.is_empty() {
            return Err(c.problems);
        }
        out.sort_by_key(|r| (r.held_on, r.point));
        Ok(Reviews { reviews: out })
    }
}

impl Reviews {
    /// Each recorded goal (number from 1) with its latest progress, by number.
    pub(crate) fn latest(&self) -> Vec<(usize, Progress)> {
        let mut latest: Vec<(usize, Progress)> = Vec::new();
        for r in &self.reviews {
            for g in &r.goals {
                latest.retain(|(n, _)| *n != g.goal);
                latest.push((g.goal, g.progress));
            }
        }
        latest.sort_by_key(|(n, _)| *n);
        latest
    }

    /// The goals (numbers from 1) whose latest record says they were met.
    pub(crate) fn met(&self) -> Vec<usize> {
        self.latest()
            .into_iter()
            .filter(|(_, p)| *p == Progress::Met)
            .map(|(n, _)| n)
            .collect()
    }

    /// Each goal's records so far, oldest first, before `point`.
    pub(crate) fn history(
        &self,
        goal: usize,
        before: ReviewPoint,
    ) -> Vec<(Date, Progress, Option<String>)> {
        self.reviews
            .iter()
            .filter(|r| r.point < before)
            .flat_map(|r| {
                r.goals
                    .iter()
                    .filter(move |g| g.goal == goal)
                    .map(move |g| (r.held_on, g.progress, g.note.clone()))
            })
            .collect()
    }
}
