//! The review screen: every answer, section by section, then write, edit or save.

use jiff::civil::Date;

use super::answers::Answers;
use super::asking::ask_section;
use super::prompter::{Prompt, Unanswered};
use super::sections::Section;
use super::summary::summary;
use crate::error::Result;
use crate::model::RawAgreement;

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
    order.extend(Section::ALL);
    for s in order {
        if !answers.done.contains(&s) {
            ask_section(p, answers, s, false, today, save)?;
        }
    }
    loop {
        show(p, answers);
        let actions = [
            "Write the agreement",
            "Edit a section",
            "Save the draft and quit",
        ]
        .map(String::from);
        let next = match p.select("What next?", &actions, 0) {
            Ok(next) => next,
            // Back from the review: to the last section.
            Err(Unanswered::Back) => {
                let last = Section::ALL[Section::ALL.len() - 1];
                ask_section(p, answers, last, true, today, save)?;
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

/// Every section's answers in a few lines.
fn show(p: &mut dyn Prompt, answers: &Answers) {
    let mut screen = String::from("── Review ──\nHere is your agreement, section by section:\n");
    for s in Section::ALL {
        screen.push_str(&format!("\n{}\n{}\n", s.title(), summary(&answers.raw, s)));
    }
    p.say(&screen);
}

/// Why the agreement cannot be written yet, and where each problem is put right.
fn still_to_fix(p: &mut dyn Prompt, problems: &[crate::error::Problem]) {
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

/// The section the pair picks, asked in full; back from the menu returns to the review.
fn edit(
    p: &mut dyn Prompt,
    answers: &mut Answers,
    today: Date,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
) -> Result<()> {
    let names: Vec<String> = Section::ALL.iter().map(|s| s.title().to_string()).collect();
    match p.select("Which section?", &names, 0) {
        Ok(i) => ask_section(p, answers, Section::ALL[i], true, today, save),
        Err(Unanswered::Back) => Ok(()),
        Err(Unanswered::Failed(e)) => Err(e),
    }
}
