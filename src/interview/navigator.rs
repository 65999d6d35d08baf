//! Going back, and never losing an answer: a [`Prompt`] between the questions and the
//! person that records every answer given in the section under way.
//!
//! Each answer is handed to `on_answer` at once (the draft is rewritten with it), so a
//! Ctrl-C or a closed terminal loses at most the question on screen. Going back (Esc,
//! or `<` typed as an answer) runs the section again from its start with the answers
//! before the last one replayed silently, which asks the previous question again.
//! Resuming a draft replays its answers the same way.

use std::collections::VecDeque;

use super::answers::Given;
use super::prompter::{Asked, Check, Prompt};
use crate::error::Result;

pub(super) struct Navigator<'a> {
    inner: &'a mut dyn Prompt,
    replay: VecDeque<Given>,
    pub(super) log: Vec<Given>,
    on_answer: &'a mut dyn FnMut(&[Given]) -> Result<()>,
}

impl<'a> Navigator<'a> {
    pub(super) fn new(
        inner: &'a mut dyn Prompt,
        replay: Vec<Given>,
        on_answer: &'a mut dyn FnMut(&[Given]) -> Result<()>,
    ) -> Self {
        Navigator {
            inner,
            replay: replay.into(),
            log: Vec::new(),
            on_answer,
        }
    }

    fn replayed(&mut self, fits: impl FnOnce(&Given) -> bool) -> Option<Given> {
        match self.replay.front() {
            Some(g) if fits(g) => {
                let g = self.replay.pop_front()?;
                self.log.push(g.clone());
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

    fn record(&mut self, g: Given) -> Asked<()> {
        self.log.push(g);
        Ok((self.on_answer)(&self.log)?)
    }
}

impl Prompt for Navigator<'_> {
    fn say(&mut self, text: &str) {
        if self.replay.is_empty() {
            self.inner.say(text);
        }
    }

    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Asked<String> {
        if let Some(Given::Text(t)) =
            self.replayed(|g| matches!(g, Given::Text(t) if check(t).is_ok()))
        {
            return Ok(t);
        }
        let t = self.inner.text(question, default, check)?;
        self.record(Given::Text(t.clone()))?;
        Ok(t)
    }

    fn confirm(&mut self, question: &str, default: bool) -> Asked<bool> {
        if let Some(Given::Yes(y)) = self.replayed(|g| matches!(g, Given::Yes(_))) {
            return Ok(y);
        }
        let y = self.inner.confirm(question, default)?;
        self.record(Given::Yes(y))?;
        Ok(y)
    }

    fn select(&mut self, question: &str, items: &[String], default: usize) -> Asked<usize> {
        let n = items.len();
        if let Some(Given::Pick(i)) = self.replayed(|g| matches!(g, Given::Pick(i) if *i < n)) {
            return Ok(i);
        }
        let i = self.inner.select(question, items, default)?;
        self.record(Given::Pick(i))?;
        Ok(i)
    }

    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Asked<Vec<usize>> {
        let n = items.len();
        if let Some(Given::Picks(v)) =
            self.replayed(|g| matches!(g, Given::Picks(v) if v.iter().all(|i| *i < n)))
        {
            return Ok(v);
        }
        let v = self.inner.multi_select(question, items, ticked)?;
        self.record(Given::Picks(v.clone()))?;
        Ok(v)
    }
}
