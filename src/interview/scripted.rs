//! Scripted answers, for tests: the interview logic driven without a terminal.

use super::prompter::{Asked, Check, Prompt, Unanswered};
use crate::error::{Error, Result};
use crate::model::Language;

/// One answer in a script.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Press Enter (accept the default).
    Enter,
    Text(&'static str),
    Yes,
    No,
    /// Pick the item whose text contains this.
    Pick(&'static str),
    /// Untick these items (by index) in a multi-select.
    Untick(&'static [usize]),
    /// Esc: go back one question.
    Back,
}

/// Answers questions from a script, recording what was asked and any re-asks.
#[derive(Default)]
pub struct Scripted {
    pub answers: std::collections::VecDeque<Answer>,
    pub asked: Vec<String>,
    pub said: Vec<String>,
    pub rejected: Vec<String>,
    /// The language the interview set (British English until it does).
    pub language: Language,
}

impl Scripted {
    pub fn new(answers: Vec<Answer>) -> Self {
        Scripted {
            answers: answers.into(),
            ..Default::default()
        }
    }

    fn next(&mut self, q: &str) -> Result<Answer> {
        self.asked.push(q.to_string());
        // A script that runs out is a pair who stopped answering.
        self.answers.pop_front().ok_or_else(|| Error::Interrupted {
            message: format!("script ran out at: {q}"),
        })
    }
}

impl Prompt for Scripted {
    fn language(&self) -> Language {
        self.language
    }

    fn set_language(&mut self, lang: Language) {
        self.language = lang;
    }

    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }

    fn text(&mut self, q: &str, default: Option<&str>, check: Check<'_>) -> Asked<String> {
        loop {
            let ans = match self.next(q)? {
                Answer::Back => return Err(Unanswered::Back),
                Answer::Enter => default.unwrap_or("").to_string(),
                Answer::Text(t) => t.to_string(),
                other => panic!("script gave {other:?} to text question {q}"),
            };
            match check(&ans) {
                Ok(()) => return Ok(ans),
                Err(why) => self.rejected.push(format!("{q}: {why}")),
            }
        }
    }

    fn confirm(&mut self, q: &str, default: bool) -> Asked<bool> {
        match self.next(q)? {
            Answer::Back => Err(Unanswered::Back),
            Answer::Enter => Ok(default),
            Answer::Yes => Ok(true),
            Answer::No => Ok(false),
            other => panic!("script gave {other:?} to yes/no question {q}"),
        }
    }

    fn select(&mut self, q: &str, items: &[String], default: usize) -> Asked<usize> {
        match self.next(q)? {
            Answer::Back => Err(Unanswered::Back),
            Answer::Enter => Ok(default),
            Answer::Pick(s) => items
                .iter()
                .position(|i| i.contains(s))
                .map_or_else(|| panic!("no item {s} in {items:?}"), Ok),
            other => panic!("script gave {other:?} to choice {q}"),
        }
    }

    fn multi_select(&mut self, q: &str, items: &[String], ticked: &[bool]) -> Asked<Vec<usize>> {
        let untick: &[usize] = match self.next(q)? {
            Answer::Back => return Err(Unanswered::Back),
            Answer::Enter => &[],
            Answer::Untick(u) => u,
            other => panic!("script gave {other:?} to multi-select {q}"),
        };
        Ok((0..items.len())
            .filter(|i| ticked[*i] && !untick.contains(i))
            .collect())
    }
}
