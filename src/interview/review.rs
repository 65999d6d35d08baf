//! The review screen: every answer, section by section, then write, edit or save.

use jiff::civil::Date;

use super::answers::Answers;
use super::asking::{ask_section, Asked, Flow, Start};
use super::navigator::Offers;
use super::prompter::{Prompt, Unanswered};
use super::sections::Section;
use super::summary::summary;
use crate::error::Result;
use crate::model::words::{tr, trf};
use crate::model::{spelling, Choice, Language, RawAgreement};

pub enum Outcome {
    Write(Box<RawAgreement>),
    SavedDraft,
}

/// Run the interview from `answers` (fresh, pre-filled or resumed); `save` stores the
/// draft after every answer.
pub fn interview(
    p: &mut dyn Prompt,
    answers: &mut Answers,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
    today: Date,
) -> Result<Outcome> {
    // A section under way in a resumed draft comes first, where the pair stopped.
    let mut order: Vec<Section> = answers.current.iter().map(|c| c.0).collect();
    for s in Section::ALL {
        if !answers.done.contains(&s) && !order.contains(&s) {
            order.push(s);
        }
    }
    let mut asked: Vec<Asked> = Vec::new();
    // Answers of sections gone back through, offered again when the pair comes forward.
    let mut ahead: Vec<(Section, Offers)> = Vec::new();
    let mut i = 0;
    let mut start = Start::default();
    while let Some(&s) = order.get(i) {
        if start.replay.is_empty() && start.offers.is_empty() {
            if let Some(k) = ahead.iter().position(|(x, _)| *x == s) {
                start.offers = ahead.remove(k).1;
            }
        }
        match ask_section(p, answers, s, std::mem::take(&mut start), today, save)? {
            Flow::Done(a) => {
                asked.push(*a);
                i += 1;
            }
            Flow::Back(offers) => match back(&mut asked, answers) {
                Some(into) => {
                    ahead.push((s, offers));
                    i = order.iter().position(|x| *x == into.0).unwrap_or(0);
                    start = into.1;
                }
                None => before_this_run(p, answers, s, today, save)?,
            },
        }
    }
    loop {
        show(p, answers);
        let l = p.language();
        let actions = [
            tr(l, "Write the agreement"),
            tr(l, "Edit a section"),
            tr(l, "Save the draft and quit"),
        ]
        .map(String::from);
        let next = match p.select(tr(l, "What next?"), &actions, 0) {
            Ok(next) => next,
            // Back from the review: to the last section.
            Err(Unanswered::Back) => {
                let last = Section::ALL[Section::ALL.len() - 1];
                ask_section(p, answers, last, editing(), today, save)?;
                continue;
            }
            Err(Unanswered::Failed(e)) => return Err(e),
        };
        match next {
            0 => match answers.raw.validate() {
                Ok(_) => return Ok(Outcome::Write(Box::new(answers.raw.clone()))),
                Err(problems) => still_to_fix(p, &problems),
            },
            1 => edit(p, answers, today, save)?,
            _ => {
                save(answers)?;
                return Ok(Outcome::SavedDraft);
            }
        }
    }
}

fn editing() -> Start {
    Start {
        editing: true,
        ..Start::default()
    }
}

/// Back from a section's first question: into the last section asked before it that
/// asked anything, at its last question, the answers as they were then.
fn back(asked: &mut Vec<Asked>, answers: &mut Answers) -> Option<(Section, Start)> {
    while let Some(a) = asked.pop() {
        *answers = a.before.clone();
        if a.asked_something() {
            return Some((a.section, a.back_one()));
        }
    }
    None
}

/// Back from the first section asked in this run (a resumed draft's): the section
/// before it, which an earlier run asked, is asked again in full with its answers
/// offered; then on to the one the pair was in.
fn before_this_run(
    p: &mut dyn Prompt,
    answers: &mut Answers,
    s: Section,
    today: Date,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
) -> Result<()> {
    let at = Section::ALL.iter().position(|x| *x == s).unwrap_or(0);
    if let Some(prev) = at.checked_sub(1).map(|k| Section::ALL[k]) {
        if answers.done.contains(&prev) {
            ask_section(p, answers, prev, editing(), today, save)?;
        }
    }
    Ok(())
}

/// Every section's answers in a few lines.
fn show(p: &mut dyn Prompt, answers: &Answers) {
    let l = p.language();
    let mut screen = format!(
        "── {} ──\n{}\n",
        tr(l, "Review"),
        tr(l, "Here is your agreement, section by section:")
    );
    for s in Section::ALL {
        screen.push_str(&format!(
            "\n{}\n{}\n",
            s.title(l),
            summary(l, &answers.raw, s)
        ));
    }
    let us = answers.raw.language.as_deref().and_then(Language::parse) == Some(Language::EnUs);
    p.say(&if us {
        spelling::americanize(&screen)
    } else {
        screen
    });
}

/// Why the agreement cannot be written yet, and where each problem is put right.
fn still_to_fix(p: &mut dyn Prompt, problems: &[crate::error::Problem]) {
    let l = p.language();
    for pr in problems.iter().filter(|pr| pr.is_error()) {
        let asked = Section::ALL.iter().any(|s| s.owns(&pr.key));
        let how = if asked {
            tr(l, "edit that section")
        } else {
            tr(
                l,
                "the interview does not ask this: save the draft, fix it in the file, then --resume",
            )
        };
        p.say(&trf(
            l,
            "Still to fix: `{key}` {message} ({how})",
            &[("key", &pr.key), ("message", &pr.message), ("how", how)],
        ));
    }
}

/// The section the pair picks, asked in full; back from the menu returns to the review.
fn edit(
    p: &mut dyn Prompt,
    answers: &mut Answers,
    today: Date,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
) -> Result<()> {
    let l = p.language();
    let names: Vec<String> = Section::ALL
        .iter()
        .map(|s| s.title(l).to_string())
        .collect();
    match p.select(tr(l, "Which section?"), &names, 0) {
        Ok(i) => ask_section(p, answers, Section::ALL[i], editing(), today, save).map(|_| ()),
        Err(Unanswered::Back) => Ok(()),
        Err(Unanswered::Failed(e)) => Err(e),
    }
}
