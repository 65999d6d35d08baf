//! How a section is asked: its questions through the [`Navigator`], every answer saved
//! as it is given; going back asks the previous question again; then the model's own
//! checks, re-asking the section while something in it is wrong.

use jiff::civil::Date;

use super::answers::{Answers, Given, Mode};
use super::navigator::Navigator;
use super::prompter::{Prompt, Unanswered};
use super::questions::questions;
use super::sections::Section;
use crate::error::{Problem, Result};

/// Ask section `s` (all of it when `editing`); `today` is the suggested start date.
pub(crate) fn ask_section(
    p: &mut dyn Prompt,
    a: &mut Answers,
    s: Section,
    editing: bool,
    today: Date,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
) -> Result<()> {
    announce(p, s);
    let start = a.clone();
    // A resumed draft replays the answers given in this section before it stopped.
    let mut replay = match &a.current {
        Some((cs, log)) if *cs == s => log.clone(),
        _ => Vec::new(),
    };
    let mut mode = if editing { Mode::Edit } else { Mode::Fill };
    let mut on_answer = |log: &[Given]| {
        let mut snapshot = start.clone();
        snapshot.current = Some((s, log.to_vec()));
        save(&snapshot)
    };
    loop {
        a.raw = start.raw.clone();
        let replay_now = std::mem::take(&mut replay);
        if let Some(mut log) = pass(p, a, s, mode, today, &mut on_answer, replay_now)? {
            // Ask the previous question again: replay all answers but the last.
            log.pop();
            replay = log;
            continue;
        }
        if checked(p, a, s) {
            break;
        }
        mode = Mode::Edit;
    }
    a.current = None;
    if !a.done.contains(&s) {
        a.done.push(s);
    }
    save(a)
}

/// The section's title, where it is in the interview, and why it matters.
fn announce(p: &mut dyn Prompt, s: Section) {
    let n = Section::ALL.iter().position(|x| *x == s).unwrap_or(0) + 1;
    p.say(&format!(
        "── Section {n} of {}: {} ──\n{}\n(Enter accepts what is shown. Esc, or < typed as an answer, goes back.)",
        Section::ALL.len(),
        s.title(),
        s.why()
    ));
}

/// Once through the section's questions, `replay` answered silently first. `None` when
/// every question is answered; when the person goes back, the answers given before.
fn pass(
    p: &mut dyn Prompt,
    a: &mut Answers,
    s: Section,
    mode: Mode,
    today: Date,
    on_answer: &mut dyn FnMut(&[Given]) -> Result<()>,
    replay: Vec<Given>,
) -> Result<Option<Vec<Given>>> {
    let mut nav = Navigator::new(p, replay, on_answer);
    match questions(&mut nav, a, s, mode, today) {
        Ok(()) => Ok(None),
        Err(Unanswered::Back) => Ok(Some(nav.log)),
        Err(Unanswered::Failed(e)) => Err(e),
    }
}

/// The same checks a TOML file gets. Warnings are said as they apply, as `check` would
/// print them; `false` (after saying why) when something in the section is wrong.
fn checked(p: &mut dyn Prompt, a: &Answers, s: Section) -> bool {
    let problems = match a.raw.validate() {
        Ok(ag) => ag.warnings,
        Err(ps) => ps,
    };
    for w in problems.iter().filter(|w| !w.is_error() && s.owns(&w.key)) {
        p.say(&format!("Note: {}", w.message));
    }
    let errors: Vec<&Problem> = problems
        .iter()
        .filter(|pr| s.owns(&pr.key) && pr.is_error())
        .collect();
    for pr in &errors {
        p.say(&format!("Please look again: {} {}", pr.key, pr.message));
    }
    errors.is_empty()
}
