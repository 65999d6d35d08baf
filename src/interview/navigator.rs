//! Going back, and never losing an answer: a [`Prompt`] between the questions and the
//! person that records every answer given in the section under way.
//!
//! Each answer is handed to `on_answer` at once (the draft is rewritten with it), so a
//! Ctrl-C or a closed terminal loses at most the question on screen. Going back (Esc,
//! or `<` typed as an answer) runs the section again from its start with the answers
//! before the last one replayed silently, which asks the previous question again; the
//! answers given after it are kept as `offers`, each suggested again when its question
//! comes back, so going back never makes anyone type an answer twice. Resuming a draft
//! replays its answers the same way.

use std::collections::VecDeque;

use super::answers::Given;
use super::prompter::{Asked, Check, Prompt};
use crate::error::Result;
use crate::model::Language;

/// Answers given before going back, with the question each answered, in order.
pub(super) type Offers = VecDeque<(String, Given)>;

pub(super) struct Navigator<'a> {
    inner: &'a mut dyn Prompt,
    replay: VecDeque<Given>,
    pub(super) log: Vec<Given>,
    /// The question each answer in `log` answered.
    pub(super) asked: Vec<String>,
    pub(super) offers: Offers,
    on_answer: &'a mut dyn FnMut(&[Given]) -> Result<()>,
}

impl<'a> Navigator<'a> {
    pub(super) fn new(
        inner: &'a mut dyn Prompt,
        replay: Vec<Given>,
        offers: Offers,
        on_answer: &'a mut dyn FnMut(&[Given]) -> Result<()>,
    ) -> Self {
        Navigator {
            inner,
            replay: replay.into(),
            log: Vec::new(),
            asked: Vec::new(),
            offers,
            on_answer,
        }
    }

    fn replayed(&mut self, q: &str, fits: impl FnOnce(&Given) -> bool) -> Option<Given> {
        match self.replay.front() {
            Some(g) if fits(g) => {
                let g = self.replay.pop_front()?;
                self.log.push(g.clone());
                self.asked.push(q.to_string());
                Some(g)
            }
            // The questions changed under the replay (a different path): ask from here.
            Some(_) => {
                self.replay.clear();
                None
            }
            None => None,
        }
    }

    /// The answer given to `q` before going back, if it comes up again; the offers
    /// before it belonged to questions that are no longer asked.
    fn offered(&mut self, q: &str) -> Option<Given> {
        let at = self.offers.iter().position(|(asked, _)| asked == q)?;
        self.offers.drain(..at);
        self.offers.pop_front().map(|(_, g)| g)
    }

    fn record(&mut self, q: &str, g: Given) -> Asked<()> {
        self.log.push(g);
        self.asked.push(q.to_string());
        Ok((self.on_answer)(&self.log)?)
    }
}

impl Prompt for Navigator<'_> {
    fn language(&self) -> Language {
        self.inner.language()
    }

    fn set_language(&mut self, lang: Language) {
        self.inner.set_language(lang);
    }

    fn say(&mut self, text: &str) {
        if self.replay.is_empty() {
            self.inner.say(text);
        }
    }

    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Asked<String> {
        if let Some(Given::Text(t)) = self.replayed(
            question,
            |g| matches!(g, Given::Text(t) if check(t).is_ok()),
        ) {
            return Ok(t);
        }
        let offered = match self.offered(question) {
            Some(Given::Text(t)) if check(&t).is_ok() => Some(t),
            _ => None,
        };
        let t = self
            .inner
            .text(question, offered.as_deref().or(default), check)?;
        self.record(question, Given::Text(t.clone()))?;
        Ok(t)
    }

    fn confirm(&mut self, question: &str, default: bool) -> Asked<bool> {
        if let Some(Given::Yes(y)) = self.replayed(question, |g| matches!(g, Given::Yes(_))) {
            return Ok(y);
        }
        let default = match self.offered(question) {
            Some(Given::Yes(y)) => y,
            _ => default,
        };
        let y = self.inner.confirm(question, default)?;
        self.record(question, Given::Yes(y))?;
        Ok(y)
    }

    fn select(&mut self, question: &str, items: &[String], default: usize) -> Asked<usize> {
        let n = items.len();
        if let Some(Given::Pick(i)) =
            self.replayed(question, |g| matches!(g, Given::Pick(i) if *i < n))
        {
            return Ok(i);
        }
        let default = match self.offered(question) {
            Some(Given::Pick(i)) if i < n => i,
            _ => default,
        };
        let i = self.inner.select(question, items, default)?;
        self.record(question, Given::Pick(i))?;
        Ok(i)
    }

    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Asked<Vec<usize>> {
        let n = items.len();
        if let Some(Given::Picks(v)) = self.replayed(
            question,
            |g| matches!(g, Given::Picks(v) if v.iter().all(|i| *i < n)),
        ) {
            return Ok(v);
        }
        let ticked: Vec<bool> = match self.offered(question) {
            Some(Given::Picks(v)) if v.iter().all(|i| *i < n) => {
                (0..n).map(|i| v.contains(&i)).collect()
            }
            _ => ticked.to_vec(),
        };
        let v = self.inner.multi_select(question, items, &ticked)?;
        self.record(question, Given::Picks(v.clone()))?;
        Ok(v)
    }
}
