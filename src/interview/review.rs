//! The review screen: every answer, section by section, then write, edit or save.

use jiff::civil::Date;

use super::prompter::Prompt;
use super::sections::{ask_section, Answers, Section};
use crate::error::Result;
use crate::model::{defaults, Frequency, RawAgreement, RawPerson};

/// A few lines per section for the review screen.
pub fn summary(raw: &RawAgreement, s: Section) -> String {
    let or = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.to_string());
    let person = |p: &Option<RawPerson>| {
        p.as_ref().map_or("(not given)".to_string(), |p| {
            let mut s = or(&p.name, "(no name)");
            if let Some(r) = &p.role {
                s.push_str(&format!(", {r}"));
            }
            if let Some(e) = &p.email {
                s.push_str(&format!(" <{e}>"));
            }
            s
        })
    };
    match s {
        Section::Parties => {
            let mut out = format!(
                "  Mentee: {}\n  Mentor: {}",
                person(&raw.mentee),
                person(&raw.mentor)
            );
            if let Some(pr) = &raw.programme {
                out.push_str(&format!(
                    "\n  Programme: {}",
                    [&pr.name, &pr.organisation]
                        .iter()
                        .filter_map(|v| v.as_deref())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                if let Some(c) = &pr.coordinator {
                    out.push_str(&format!("\n  Coordinator: {c}"));
                }
            }
            out
        }
        Section::Goals => raw
            .goals
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, g)| {
                format!(
                    "  {}. {}{}",
                    i + 1,
                    or(&g.description, ""),
                    g.measure
                        .as_ref()
                        .map(|m| format!(" (how we will know: {m})"))
                        .unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Section::Expectations => {
            let e = raw.expectations.clone().unwrap_or_default();
            let n = |v: &Option<Vec<String>>, d: &[&str]| {
                v.as_ref()
                    .map_or(format!("{} (built-in)", d.len()), |v| v.len().to_string())
            };
            format!(
                "  Mentor: {} items, mentee: {} items, both: {} items",
                n(&e.mentor, defaults::MENTOR),
                n(&e.mentee, defaults::MENTEE),
                n(&e.shared, defaults::SHARED)
            )
        }
        Section::Boundaries => {
            let b = raw.boundaries.clone().unwrap_or_default();
            format!(
                "  Line manager: {}\n  Topics left out: {}\n  Between meetings: {}",
                if b.line_manager.unwrap_or(false) {
                    "yes (roles kept apart)"
                } else {
                    "no"
                },
                b.topics_excluded
                    .map_or("none".to_string(), |t| t.join("; ")),
                or(&b.contact_between_meetings, defaults::CONTACT)
            )
        }
        Section::Meetings => {
            let m = raw.meetings.clone().unwrap_or_default();
            format!(
                "  {} for {} minutes, {}, arranged by {}\n  Where: {}; usual time: {}",
                m.frequency
                    .as_deref()
                    .and_then(Frequency::parse)
                    .unwrap_or(Frequency::Monthly)
                    .describe(),
                m.length_minutes.unwrap_or(defaults::LENGTH_MINUTES as i64),
                or(&m.format, defaults::FORMAT),
                or(&m.arranged_by, defaults::ARRANGED_BY),
                or(&m.location, "to agree"),
                or(&m.time, "to agree")
            )
        }
        Section::Confidentiality => {
            let c = raw.confidentiality.clone().unwrap_or_default();
            format!(
                "  Statement: {}\n  Exceptions: {}",
                if c.statement.is_some() {
                    "your own"
                } else {
                    "built-in"
                },
                c.exceptions
                    .map_or("the four built-in ones".to_string(), |e| e
                        .len()
                        .to_string())
            )
        }
        Section::Duration => {
            let d = raw.duration.clone().unwrap_or_default();
            let length = match (d.months, d.end) {
                (_, Some(e)) => format!("until {e}"),
                (Some(m), _) => format!("{m} months"),
                _ => format!("{} months", defaults::MONTHS),
            };
            format!(
                "  From {} for {length}, reviews every {} months",
                d.start.map_or("(no start)".to_string(), |s| s.to_string()),
                d.review_every_months
                    .unwrap_or(defaults::REVIEW_EVERY_MONTHS as i64)
            )
        }
    }
}

pub enum Outcome {
    Write(Box<RawAgreement>),
    SavedDraft,
}

/// Run the interview from `answers` (fresh, pre-filled or resumed); `save` stores the
/// draft after every section.
pub fn interview(
    p: &mut dyn Prompt,
    answers: &mut Answers,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
    today: Date,
) -> Result<Outcome> {
    for s in Section::ALL {
        if !answers.done.contains(&s) {
            ask_section(p, answers, s, false, today)?;
            save(answers)?;
        }
    }
    loop {
        let mut screen =
            String::from("── Review ──\nHere is your agreement, section by section:\n");
        for s in Section::ALL {
            screen.push_str(&format!("\n{}\n{}\n", s.title(), summary(&answers.raw, s)));
        }
        p.say(&screen);
        let actions = [
            "Write the agreement",
            "Edit a section",
            "Save the draft and quit",
        ]
        .map(String::from);
        match p.select("What next?", &actions, 0)? {
            0 => match answers.raw.validate() {
                Ok(_) => return Ok(Outcome::Write(Box::new(answers.raw.clone()))),
                Err(problems) => {
                    for pr in problems.iter().filter(|pr| pr.is_error()) {
                        let asked = Section::ALL.iter().any(|s| s.owns(&pr.key));
                        let how = if asked {
                            "edit that section"
                        } else {
                            "the interview does not ask this: save the draft, fix it in the file, then --resume"
                        };
                        p.say(&format!(
                            "Still to fix: `{}` {} ({how})",
                            pr.key, pr.message
                        ));
                    }
                }
            },
            1 => {
                let names: Vec<String> =
                    Section::ALL.iter().map(|s| s.title().to_string()).collect();
                let i = p.select("Which section?", &names, 0)?;
                ask_section(p, answers, Section::ALL[i], true, today)?;
                save(answers)?;
            }
            _ => {
                save(answers)?;
                return Ok(Outcome::SavedDraft);
            }
        }
    }
}
