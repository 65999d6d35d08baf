//! The questions' only way to the person: the [`Prompt`] trait, and [`Terminal`], its
//! dialoguer implementation. Tests answer through `Scripted` instead.

use crate::error::{Error, Result};

/// A check run on a typed answer; `Err` is the reason shown before asking again.
pub type Check<'a> = &'a dyn Fn(&str) -> std::result::Result<(), String>;

/// What a person types in a text answer to go back one question.
pub const BACK: &str = "<";

/// Every question may be answered with "back" (Esc, or `<` in a text answer), which
/// returns [`Error::Back`].
pub trait Prompt {
    /// Plain text for the pair to read.
    fn say(&mut self, text: &str);
    /// A line of text. Enter gives `default` (or "" if none). Re-asks until `check` passes.
    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Result<String>;
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool>;
    fn select(&mut self, question: &str, items: &[String], default: usize) -> Result<usize>;
    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>>;
}

pub fn no_check(_: &str) -> std::result::Result<(), String> {
    Ok(())
}

/// The real terminal, through dialoguer.
pub struct Terminal {
    theme: Box<dyn dialoguer::theme::Theme>,
}

impl Terminal {
    pub fn new() -> Self {
        let plain = std::env::var_os("NO_COLOR").is_some() || !console::colors_enabled();
        let theme: Box<dyn dialoguer::theme::Theme> = if plain {
            Box::new(dialoguer::theme::SimpleTheme)
        } else {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        };
        Terminal { theme }
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Self::new()
    }
}

pub(super) fn io(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(e) = e;
    // Ctrl-C interrupts the read before the handler has run: stop the same way.
    if e.kind() == std::io::ErrorKind::Interrupted {
        super::start::stop();
    }
    Error::Interrupted {
        message: format!("the terminal closed ({e})"),
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

    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Result<String> {
        let mut input = dialoguer::Input::<String>::with_theme(&*self.theme)
            .with_prompt(question)
            .allow_empty(true);
        if let Some(d) = default.filter(|d| !d.is_empty()) {
            input = input.default(d.to_string());
        }
        let answer = input
            .validate_with(|s: &String| if s.trim() == BACK { Ok(()) } else { check(s) })
            .interact_text()
            .map_err(io)?;
        if answer.trim() == BACK {
            return Err(Error::Back);
        }
        Ok(answer)
    }

    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        // People type "y" then Enter: the Enter must not spill into the next question.
        dialoguer::Confirm::with_theme(&*self.theme)
            .with_prompt(question)
            .default(default)
            .wait_for_newline(true)
            .interact_opt()
            .map_err(io)?
            .ok_or(Error::Back)
    }

    fn select(&mut self, question: &str, items: &[String], default: usize) -> Result<usize> {
        dialoguer::Select::with_theme(&*self.theme)
            .with_prompt(question)
            .items(items)
            .default(default)
            .interact_opt()
            .map_err(io)?
            .ok_or(Error::Back)
    }

    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>> {
        let q = format!("{question} (space ticks or unticks, Enter accepts)");
        dialoguer::MultiSelect::with_theme(&*self.theme)
            .with_prompt(q)
            .items(items)
            .defaults(ticked)
            .interact_opt()
            .map_err(io)?
            .ok_or(Error::Back)
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
