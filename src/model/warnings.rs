//! Things that are allowed but are probably not what the pair meant: `check` and
//! `render` print them (exit 0), and the interview shows them as answers are typed.

use super::{add_months, Confidentiality, Duration, Goal, Language, Person, Problem};

/// Each check runs when what it needs is valid, so an unfinished agreement (in the
/// interview) gets the warnings that already apply.
pub(super) fn unusual(
    mentor: Option<&Person>,
    mentee: Option<&Person>,
    goals: Option<&[Goal]>,
    duration: Option<&Duration>,
    confidentiality: &Confidentiality,
    language: Language,
) -> Vec<Problem> {
    let mut out = Vec::new();
    if confidentiality.exceptions.is_empty() {
        out.push(
            Problem::warning(
                "confidentiality.exceptions",
                "no exceptions to confidentiality: the agreement will say that nothing is shared unless the law requires it",
            )
            .help("the usual exceptions (serious harm, safeguarding, a crime, a legal duty) protect people at risk; remove the key to keep them"),
        );
    }
    if let (Some(mentor), Some(mentee)) = (mentor, mentee) {
        same_person(mentor, mentee, &mut out);
    }
    let Some(duration) = duration else {
        return out;
    };
    dates(goals.unwrap_or_default(), duration, language, &mut out);
    out
}

fn same_person(mentor: &Person, mentee: &Person, out: &mut Vec<Problem>) {
    if mentor.name.to_lowercase() == mentee.name.to_lowercase() {
        out.push(
            Problem::warning(
                "mentee.name",
                format!("the mentor and the mentee are both \"{}\"", mentee.name),
            )
            .help("a mentoring agreement is between two people"),
        );
    }
}

fn dates(goals: &[Goal], duration: &Duration, language: Language, out: &mut Vec<Problem>) {
    let term = format!(
        "{} to {}",
        language.date(duration.start),
        language.date(duration.end)
    );
    if duration.review_chosen
        && add_months(duration.start, duration.review_every_months) > duration.end
    {
        out.push(
            Problem::warning(
                "duration.review_every_months",
                format!(
                    "a review every {} months is longer than the term ({term})",
                    duration.review_every_months
                ),
            )
            .help("the final review will be the only review; lower the interval for one along the way"),
        );
    }
    for (i, g) in goals.iter().enumerate() {
        let Some(d) = g.target_date else { continue };
        let when = if d < duration.start {
            "before the start"
        } else if d > duration.end {
            "after the end"
        } else {
            continue;
        };
        out.push(
            Problem::warning(
                format!("goals[{}].target_date", i + 1),
                format!(
                    "the target date ({}) is {when} of the partnership ({term})",
                    language.date(d)
                ),
            )
            .help("choose a date inside the partnership, or leave it out"),
        );
    }
}
