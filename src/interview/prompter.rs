//! The questions' only way to the person: the [`Prompt`] trait, and what a question
//! gives back instead of an answer. `Terminal` is its dialoguer implementation; tests
//! answer through `Scripted` instead.

use crate::error::Error;
use crate::model::Language;

/// A check run on a typed answer; `Err` is the reason shown before asking again.
pub type Check<'a> = &'a dyn Fn(&str) -> std::result::Result<(), String>;

/// What a person types in a text answer to go back one question.
pub(crate) const BACK: &str = "<";

/// Why a question has no answer. Going back is the interview's own business: the
/// section it happens in asks again, and it never reaches the command line as an error.
#[derive(Debug)]
pub enum Unanswered {
    /// The person asked to go back one question (Esc, or `<` in a text answer).
    Back,
    /// Asking failed (the terminal closed), or so did saving the answer.
    Failed(Error),
}

impl From<Error> for Unanswered {
    fn from(e: Error) -> Self {
        Unanswered::Failed(e)
    }
}

/// An answer, or why there is none.
pub type Asked<T> = std::result::Result<T, Unanswered>;

/// Every question may be answered with "back" (Esc, or `<` in a text answer), which
/// returns [`Unanswered::Back`].
pub trait Prompt {
    /// The language the interview speaks: every question, item and message is given
    /// in it (`words::tr`). British English until the interview knows the pair's.
    fn language(&self) -> Language;
    /// The pair's language is known (chosen, or given): ask in it from now on.
    fn set_language(&mut self, lang: Language);
    /// Plain text for the pair to read.
    fn say(&mut self, text: &str);
    /// A line of text. Enter gives `default` (or "" if none). Re-asks until `check` passes.
    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Asked<String>;
    fn confirm(&mut self, question: &str, default: bool) -> Asked<bool>;
    fn select(&mut self, question: &str, items: &[String], default: usize) -> Asked<usize>;
    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Asked<Vec<usize>>;
}

pub(crate) fn no_check(_: &str) -> std::result::Result<(), String> {
    Ok(())
}
