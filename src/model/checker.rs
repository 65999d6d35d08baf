//! The checks every validation shares: each reads one value, reports what is wrong with
//! it and carries on, so that one run lists every problem. Apart from `validate` so that
//! the checks of a section (`confirm`, `meetings`, `reviews`) use them without importing
//! the file that calls them.

use jiff::civil::Date;
use toml::value::Datetime;

use super::choices::Choice;
use super::values::{check_email, strip_hidden, to_date};
use crate::error::Problem;

/// Collects problems while validating, so every one is reported.
#[derive(Default)]
pub(crate) struct Checker {
    pub(crate) problems: Vec<Problem>,
    /// Allowed, but worth a word: kept apart so they never fail the agreement.
    pub(crate) warnings: Vec<Problem>,
}

impl Checker {
    pub(super) fn err(&mut self, key: &str, msg: impl Into<String>) {
        self.problems.push(Problem::error(key, msg));
    }

    pub(super) fn err_help(&mut self, key: &str, msg: impl Into<String>, help: impl Into<String>) {
        self.problems.push(Problem::error(key, msg).help(help));
    }

    /// An optional text: `None` if absent; an error if present but blank.
    pub(super) fn text(&mut self, key: &str, v: &Option<String>) -> Option<String> {
        match v {
            Some(s) if s.trim().is_empty() => {
                self.err_help(
                    key,
                    "is empty",
                    "give some text, or remove the key to use the default",
                );
                None
            }
            Some(s) => self.shown(key, s),
            None => None,
        }
    }

    /// `s` cleaned, if anything of it shows: a name or a goal made only of invisible
    /// characters is an error, not a blank in the agreement.
    pub(super) fn shown(&mut self, key: &str, s: &str) -> Option<String> {
        let text = self.clean(key, s);
        if text.chars().any(visible) {
            return Some(text);
        }
        self.err_help(
            key,
            "shows nothing: it is made only of invisible characters",
            "type the text again; what was there came from copying and pasting",
        );
        None
    }

    /// One answer as one paragraph: line breaks collapsed; control characters (escape
    /// sequences, bells), direction overrides and invisible zero-width characters
    /// removed, with a warning naming the key, so nothing raw reaches a terminal, the
    /// Markdown or the PDF.
    pub(super) fn clean(&mut self, key: &str, s: &str) -> String {
        let (text, removed) = strip_hidden(s);
        if removed {
            self.warnings.push(
                Problem::warning(key, "control or invisible characters were removed")
                    .help("they come from copying and pasting; check the text reads as meant"),
            );
        }
        text
    }

    pub(super) fn list(&mut self, key: &str, v: &Option<Vec<String>>) -> Option<Vec<String>> {
        let v = v.as_ref()?;
        let mut out = Vec::with_capacity(v.len());
        for (i, s) in v.iter().enumerate() {
            let item = format!("{key}[{}]", i + 1);
            let text = self.clean(&item, s);
            if text.chars().any(visible) {
                out.push(text);
            } else {
                self.err(&item, "is an empty item");
            }
        }
        Some(out)
    }

    pub(super) fn email(&mut self, key: &str, v: &Option<String>) -> Option<String> {
        let e = self.text(key, v)?;
        if let Err(why) = check_email(&e) {
            self.err(key, why);
        }
        Some(e)
    }

    pub(super) fn date(&mut self, key: &str, v: &Option<Datetime>) -> Option<Date> {
        let d = v.as_ref()?;
        match to_date(d) {
            Ok(date) => Some(date),
            Err(why) => {
                self.err(key, why);
                None
            }
        }
    }

    pub(super) fn number(
        &mut self,
        key: &str,
        v: Option<i64>,
        range: std::ops::RangeInclusive<i64>,
        unit: &str,
    ) -> Option<u32> {
        let n = v?;
        if range.contains(&n) {
            Some(n as u32)
        } else {
            self.err(
                key,
                format!(
                    "{n} {unit} is out of range; use {} to {}",
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }

    /// One of a [`Choice`]'s words; a near miss gets a suggestion.
    pub(super) fn choice<C: Choice>(&mut self, key: &str, v: &Option<String>) -> Option<C> {
        let given = v.as_ref()?;
        if let Some(c) = C::parse(given) {
            return Some(c);
        }
        let list = C::NAMES
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let lower = given.trim().to_lowercase();
        // A word people use for it ("Welsh", "français") names the choice whose label
        // has that word.
        let named = C::ALL.iter().find(|c| {
            c.label()
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| w.to_lowercase() == lower)
        });
        let near = named
            .map(|c| c.name())
            .or_else(|| crate::error::did_you_mean(&lower, C::NAMES.iter().copied()));
        let help = match near {
            Some(m) => format!("did you mean \"{m}\"? Allowed: {list}"),
            None => format!("allowed: {list}"),
        };
        self.err_help(
            key,
            format!("\"{given}\" is not one of the allowed values"),
            help,
        );
        None
    }
}

/// A character that puts ink on the page: not a space, and not one of the joiners and
/// fillers that are kept for how they join others but show nothing alone.
fn visible(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c,
            '\u{200C}'
                | '\u{200D}'
                | '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{3164}'
                | '\u{FFA0}'
                | '\u{FE00}'..='\u{FE0F}'
        )
}
