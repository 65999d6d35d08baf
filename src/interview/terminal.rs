//! [`Terminal`]: the [`Prompt`] the pair answers, through dialoguer, drawn on standard
//! error.

use std::sync::Arc;

use super::prompter::{Asked, Check, Prompt, Unanswered, BACK};
use super::resume::Resume;
use crate::error::Error;

/// The real terminal, through dialoguer.
pub(crate) struct Terminal {
    theme: Box<dyn dialoguer::theme::Theme>,
    resume: Arc<Resume>,
}

impl Terminal {
    /// `resume` says how to go on when a read is interrupted by Ctrl-C.
    pub(super) fn new(resume: Arc<Resume>) -> Self {
        let plain = std::env::var_os("NO_COLOR").is_some() || !console::colors_enabled();
        let theme: Box<dyn dialoguer::theme::Theme> = if plain {
            Box::new(dialoguer::theme::SimpleTheme)
        } else {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        };
        Terminal { theme, resume }
    }

    fn io(&self, e: dialoguer::Error) -> Unanswered {
        let dialoguer::Error::IO(e) = e;
        // Ctrl-C interrupts the read before the handler has run: stop the same way.
        if e.kind() == std::io::ErrorKind::Interrupted {
            self.resume.stop();
        }
        Unanswered::Failed(Error::Interrupted {
            message: format!("the terminal closed ({e})"),
        })
    }
}

/// `text` broken between words to fit `width` columns: no word is split across lines.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, para) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for word in para.split(' ') {
            let w = console::measure_text_width(word);
            if col > 0 && col + 1 + w > width {
                out.push('\n');
                col = 0;
            } else if col > 0 {
                out.push(' ');
                col += 1;
            }
            out.push_str(word);
            col += w;
        }
    }
    out
}

impl Prompt for Terminal {
    fn say(&mut self, text: &str) {
        let width = console::Term::stderr().size().1.max(20) as usize;
        eprintln!("\n{}", fit(text, width - 1));
    }

    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Asked<String> {
        let mut input = dialoguer::Input::<String>::with_theme(&*self.theme)
            .with_prompt(question)
            .allow_empty(true);
        if let Some(d) = default.filter(|d| !d.is_empty()) {
            input = input.default(d.to_string());
        }
        let answer = input
            .validate_with(|s: &String| if s.trim() == BACK { Ok(()) } else { check(s) })
            .interact_text()
            .map_err(|e| self.io(e))?;
        if answer.trim() == BACK {
            return Err(Unanswered::Back);
        }
        Ok(answer)
    }

    fn confirm(&mut self, question: &str, default: bool) -> Asked<bool> {
        // People type "y" then Enter: the Enter must not spill into the next question.
        dialoguer::Confirm::with_theme(&*self.theme)
            .with_prompt(question)
            .default(default)
            .wait_for_newline(true)
            .interact_opt()
            .map_err(|e| self.io(e))?
            .ok_or(Unanswered::Back)
    }

    fn select(&mut self, question: &str, items: &[String], default: usize) -> Asked<usize> {
        dialoguer::Select::with_theme(&*self.theme)
            .with_prompt(question)
            .items(items)
            .default(default)
            .interact_opt()
            .map_err(|e| self.io(e))?
            .ok_or(Unanswered::Back)
    }

    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Asked<Vec<usize>> {
        let q = format!("{question} (space ticks or unticks, Enter accepts)");
        dialoguer::MultiSelect::with_theme(&*self.theme)
            .with_prompt(q)
            .items(items)
            .defaults(ticked)
            .interact_opt()
            .map_err(|e| self.io(e))?
            .ok_or(Unanswered::Back)
    }
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn text_breaks_between_words() {
        let t = fit("Enter accepts what is shown; Esc goes back.", 20);
        assert_eq!(t, "Enter accepts what\nis shown; Esc goes\nback.");
        assert!(t.lines().all(|l| l.chars().count() <= 20));
    }
}
