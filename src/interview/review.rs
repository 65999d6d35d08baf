//! The review screen: every answer, section by section, then write, edit or save.

use jiff::civil::Date;

use super::prompter::Prompt;
use super::questions::ask_section;
use super::sections::{summary, Answers, Section};
use crate::error::Result;
use crate::model::RawAgreement;

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
