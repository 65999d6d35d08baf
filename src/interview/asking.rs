//! How a section is asked: its questions through the [`Navigator`], every answer saved
//! as it is given; going back asks the previous question again, with the answer given
//! before offered, and from a section's first question goes to the section before;
//! then the model's own checks, re-asking the section while something in it is wrong.

use jiff::civil::Date;

use super::answers::{Answers, Given, Mode};
use super::navigator::{Navigator, Offers};
use super::prompter::{Asked as Answer, Check, Prompt, Unanswered};
use super::questions::questions;
use super::sections::Section;
use crate::error::{Problem, Result};
use crate::model::words::{tr, trf};
use crate::model::{spelling, Choice, Language};

/// Where asking a section starts: from its first question, or (coming back into it)
/// with answers replayed and the ones after them offered again.
#[derive(Default)]
pub(crate) struct Start {
    pub(crate) editing: bool,
    pub(crate) replay: Vec<Given>,
    pub(crate) offers: Offers,
}

/// A section asked to its end: the answers as they were before it, and what was
/// answered in it, so that going back into it can ask its last question again.
pub(crate) struct Asked {
    pub(crate) section: Section,
    pub(crate) before: Answers,
    log: Vec<Given>,
    asked: Vec<String>,
}

impl Asked {
    /// Whether the section asked anything (one whose answers were all given asks none).
    pub(crate) fn asked_something(&self) -> bool {
        !self.log.is_empty()
    }

    /// Coming back into the section: every answer but the last replayed, the last one
    /// offered again.
    pub(crate) fn back_one(mut self) -> Start {
        let mut offers = Offers::new();
        if let (Some(g), Some(q)) = (self.log.pop(), self.asked.pop()) {
            offers.push_back((q, g));
        }
        Start {
            editing: false,
            replay: self.log,
            offers,
        }
    }
}

/// What asking a section came to.
pub(crate) enum Flow {
    Done(Box<Asked>),
    /// Back from the section's first question: to the section before. The answers
    /// given in this section before going back through it, to offer again.
    Back(Offers),
}

/// Ask section `s` (all of it when `start.editing`); `today` is when the interview is.
pub(crate) fn ask_section(
    p: &mut dyn Prompt,
    a: &mut Answers,
    s: Section,
    start: Start,
    today: Date,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
) -> Result<Flow> {
    // Known already (a `--from` file, `--set`, a draft, an earlier section): every
    // question from here on is in the pair's language.
    if let Some(l) = a.raw.language.as_deref().and_then(Language::parse) {
        p.set_language(l);
    }
    announce(p, s);
    let before = a.clone();
    // A resumed draft replays the answers given in this section before it stopped.
    let mut replay = match &a.current {
        Some((cs, log)) if *cs == s && start.replay.is_empty() => log.clone(),
        _ => start.replay,
    };
    let mut offers = start.offers;
    let mut mode = if start.editing {
        Mode::Edit
    } else {
        Mode::Fill
    };
    let mut on_answer = |log: &[Given]| {
        let mut snapshot = before.clone();
        snapshot.current = Some((s, log.to_vec()));
        save(&snapshot)
    };
    let (log, asked) = loop {
        a.raw = before.raw.clone();
        let replay_now = std::mem::take(&mut replay);
        let offers_now = std::mem::take(&mut offers);
        let mut spelled = Spelled::new(p, a);
        let mut nav = Navigator::new(&mut spelled, replay_now, offers_now, &mut on_answer);
        match questions(&mut nav, a, s, mode, today) {
            Ok(()) => {}
            Err(Unanswered::Failed(e)) => return Err(e),
            Err(Unanswered::Back) if nav.log.is_empty() => {
                let offers = nav.offers;
                *a = before.clone();
                return Ok(Flow::Back(offers));
            }
            Err(Unanswered::Back) => {
                // Ask the previous question again: replay all answers but the last, and
                // offer it, and those after it, when their questions come back.
                let (mut log, mut asked) = (nav.log, nav.asked);
                let mut later = nav.offers;
                if let (Some(g), Some(q)) = (log.pop(), asked.pop()) {
                    later.push_front((q, g));
                }
                (replay, offers) = (log, later);
                continue;
            }
        }
        let (log, asked) = (nav.log, nav.asked);
        if checked(p, a, s) {
            break (log, asked);
        }
        mode = Mode::Edit;
    };
    a.current = None;
    if !a.done.contains(&s) {
        a.done.push(s);
    }
    save(a)?;
    Ok(Flow::Done(Box::new(Asked {
        section: s,
        before,
        log,
        asked,
    })))
}

/// The questions in the pair's English: American words and phrases for en-US.
struct Spelled<'a> {
    inner: &'a mut dyn Prompt,
    us: bool,
}

impl<'a> Spelled<'a> {
    fn new(inner: &'a mut dyn Prompt, a: &Answers) -> Self {
        let us = a.raw.language.as_deref().and_then(Language::parse) == Some(Language::EnUs);
        Spelled { inner, us }
    }

    fn words(&self, s: &str) -> String {
        if self.us {
            spelling::americanize(s)
        } else {
            s.to_string()
        }
    }

    fn all(&self, items: &[String]) -> Vec<String> {
        items.iter().map(|i| self.words(i)).collect()
    }
}

impl Prompt for Spelled<'_> {
    fn language(&self) -> Language {
        self.inner.language()
    }

    fn set_language(&mut self, lang: Language) {
        self.inner.set_language(lang);
    }

    fn say(&mut self, text: &str) {
        let t = self.words(text);
        self.inner.say(&t);
    }

    fn text(&mut self, q: &str, default: Option<&str>, check: Check<'_>) -> Answer<String> {
        let q = self.words(q);
        self.inner.text(&q, default, check)
    }

    fn confirm(&mut self, q: &str, default: bool) -> Answer<bool> {
        let q = self.words(q);
        self.inner.confirm(&q, default)
    }

    fn select(&mut self, q: &str, items: &[String], default: usize) -> Answer<usize> {
        let (q, items) = (self.words(q), self.all(items));
        self.inner.select(&q, &items, default)
    }

    fn multi_select(&mut self, q: &str, items: &[String], ticked: &[bool]) -> Answer<Vec<usize>> {
        let (q, items) = (self.words(q), self.all(items));
        self.inner.multi_select(&q, &items, ticked)
    }
}

/// The section's title, where it is in the interview, and why it matters.
fn announce(p: &mut dyn Prompt, s: Section) {
    let l = p.language();
    let n = Section::ALL.iter().position(|x| *x == s).unwrap_or(0) + 1;
    let (n, total) = (n.to_string(), Section::ALL.len().to_string());
    let heading = trf(
        l,
        "Section {n} of {total}: {title}",
        &[("n", &n), ("total", &total), ("title", s.title(l))],
    );
    p.say(&format!(
        "── {heading} ──\n{}\n{}",
        s.why(l),
        tr(
            l,
            "(Enter accepts what is shown. Esc, or < typed as an answer, goes back.)"
        )
    ));
}

/// The same checks a TOML file gets. Warnings are said as they apply, as `check` would
/// print them; `false` (after saying why) when something in the section is wrong.
fn checked(p: &mut dyn Prompt, a: &Answers, s: Section) -> bool {
    let l = p.language();
    let problems = match a.raw.validate() {
        Ok(ag) => ag.warnings,
        Err(ps) => ps,
    };
    for w in problems.iter().filter(|w| !w.is_error() && s.owns(&w.key)) {
        p.say(&trf(l, "Note: {message}", &[("message", &w.message)]));
    }
    let errors: Vec<&Problem> = problems
        .iter()
        .filter(|pr| s.owns(&pr.key) && pr.is_error())
        .collect();
    for pr in &errors {
        let (key, message) = (pr.key.as_str(), pr.message.as_str());
        p.say(&trf(
            l,
            "Please look again: {key} {message}",
            &[("key", key), ("message", message)],
        ));
    }
    errors.is_empty()
}
