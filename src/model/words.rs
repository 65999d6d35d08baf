//! The words of each language that are written outside the templates (`locales/*.toml`):
//! titles, the good-practice clauses, the schedule's labels, the calendar's text and
//! the PDF's labels. Read from the embedded file when a language is first used.
//!
//! en-US has no file of its own: it is en-GB respelled, as the built-in templates are.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::choices::{Choice, Language};
use super::spelling;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Words {
    pub(crate) about: About,
    pub(crate) titles: Titles,
    pub(crate) defaults: Defaults,
    pub(crate) contact: Contact,
    pub(crate) schedule: ScheduleWords,
    /// The holiday calendar in words, by `holidays` key.
    pub(crate) holidays: BTreeMap<String, String>,
    pub(crate) calendar: CalendarWords,
    pub(crate) pdf: PdfWords,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct About {
    pub(crate) name: String,
    pub(crate) reviewed: bool,
    pub(crate) notice: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Titles {
    pub(crate) traditional: String,
    pub(crate) peer: String,
    pub(crate) reverse: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Defaults {
    pub(crate) mentor: Vec<String>,
    pub(crate) mentee: Vec<String>,
    pub(crate) shared: Vec<String>,
    pub(crate) contact: String,
    pub(crate) statement: String,
    pub(crate) exceptions: Vec<String>,
    pub(crate) shared_with_coordinator: Vec<String>,
    pub(crate) records: String,
    pub(crate) ending: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    pub(crate) and: String,
    pub(crate) channels: String,
    pub(crate) also: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScheduleWords {
    pub(crate) first: String,
    pub(crate) early_check: String,
    pub(crate) review: String,
    pub(crate) final_review: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalendarWords {
    pub(crate) name: String,
    pub(crate) summary: String,
    pub(crate) summary_kind: String,
    pub(crate) first: String,
    pub(crate) early_check: String,
    pub(crate) review: String,
    pub(crate) final_review: String,
    pub(crate) meeting: String,
    pub(crate) placeholder_time: String,
    pub(crate) prepare_early_check: String,
    pub(crate) prepare_review: String,
    pub(crate) prepare_final: String,
    pub(crate) whom: String,
    pub(crate) whom_organisation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PdfWords {
    pub(crate) pair: String,
    pub(crate) subject: String,
    pub(crate) subject_programme: String,
    pub(crate) page: String,
    pub(crate) mentee_signature: String,
    pub(crate) mentor_signature: String,
    pub(crate) mentee_date: String,
    pub(crate) mentor_date: String,
    pub(crate) coordinator_signature: String,
    pub(crate) coordinator_date: String,
    pub(crate) email: String,
}

/// Each language's file, by the folder its templates are in.
const FILES: &[(&str, &str)] = &[
    ("en-GB", include_str!("../../locales/en-GB.toml")),
    ("cy", include_str!("../../locales/cy.toml")),
    ("fr", include_str!("../../locales/fr.toml")),
    ("de", include_str!("../../locales/de.toml")),
    ("es", include_str!("../../locales/es.toml")),
];

/// `{name}` in `pattern` replaced by each value: the one way words with blanks are filled.
pub(crate) fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

impl Language {
    /// This language's words (a bilingual document's first language's).
    pub(crate) fn words(self) -> &'static Words {
        static WORDS: [OnceLock<Words>; 7] = [const { OnceLock::new() }; 7];
        WORDS[self.index()].get_or_init(|| load(self))
    }
}

fn load(lang: Language) -> Words {
    let file = lang.text_folder().unwrap_or("en-GB");
    let (_, text) = FILES
        .iter()
        .find(|(f, _)| *f == file)
        .expect("every language has a words file");
    let mut value: toml::Value =
        toml::from_str(text).unwrap_or_else(|e| panic!("locales/{file}.toml: {e}"));
    if lang.text_folder().is_none() {
        respell(&mut value, lang);
    }
    value
        .try_into()
        .unwrap_or_else(|e| panic!("locales/{file}.toml: {e}"))
}

/// The English words in `lang`'s spelling, placeholders kept (they hold no words that
/// the respelling changes: `{org}`, `{pair}`).
fn respell(v: &mut toml::Value, lang: Language) {
    match v {
        toml::Value::String(s) => *s = spelling::built_in(s, lang),
        toml::Value::Array(a) => a.iter_mut().for_each(|v| respell(v, lang)),
        toml::Value::Table(t) => t.iter_mut().for_each(|(_, v)| respell(v, lang)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::HolidayRegion;

    #[test]
    fn every_language_has_every_word() {
        for &lang in Language::ALL {
            let w = lang.words();
            for region in HolidayRegion::ALL {
                assert!(
                    w.holidays.contains_key(region.name()),
                    "{lang:?} has no words for {}",
                    region.name()
                );
            }
            assert_eq!(w.holidays.len(), HolidayRegion::ALL.len(), "{lang:?}");
            assert!(!w.defaults.mentor.is_empty(), "{lang:?}");
        }
    }

    #[test]
    fn american_words_are_respelled() {
        let w = Language::EnUs.words();
        assert!(w
            .defaults
            .exceptions
            .iter()
            .any(|e| e.contains("protecting")));
        assert!(
            w.defaults.shared[0].contains('’'),
            "{}",
            w.defaults.shared[0]
        );
    }
}
