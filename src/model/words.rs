//! The words of each language that are written outside the templates (`locales/*.toml`):
//! titles, the good-practice clauses, the schedule's labels, the calendar's text and
//! the PDF's labels. Read from the embedded file when a language is first used.
//!
//! en-US has no file of its own: it is en-GB respelled, as the built-in templates are.
//!
//! The interview's words are a second file per language, `locales/<tag>.interview.toml`,
//! keyed by the English the code asks in ([`tr`], [`trf`]): unlike a document's text,
//! they are many short sentences built in code, each whole, so a flat table of
//! sentences is all a translator needs. English has none.

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
    /// The interview's sentences, by their English (`<tag>.interview.toml`); empty for
    /// English.
    #[serde(skip)]
    pub(crate) interview: BTreeMap<String, String>,
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

/// Each language's interview catalog, by the folder its templates are in.
pub(crate) const INTERVIEW_FILES: &[(&str, &str)] = &[
    ("cy", include_str!("../../locales/cy.interview.toml")),
    ("fr", include_str!("../../locales/fr.interview.toml")),
    ("de", include_str!("../../locales/de.interview.toml")),
    ("es", include_str!("../../locales/es.interview.toml")),
];

/// The interview's `english` in `lang`: the catalog's sentence, or the English when it
/// has none yet (a missing translation never stops an interview). English languages get
/// the English as is; the interview respells it for en-US where it asks.
pub(crate) fn tr(lang: Language, english: &'static str) -> &'static str {
    if lang.is_english() {
        return english;
    }
    #[cfg(test)]
    if let Some(t) = test_catalog::get(english) {
        return t;
    }
    lang.words()
        .interview
        .get(english)
        .map_or(english, String::as_str)
}

/// [`tr`] of a sentence with `{name}` blanks, then filled: the key keeps the blanks, so
/// the translation may put them in its own order.
pub(crate) fn trf(lang: Language, english: &'static str, values: &[(&str, &str)]) -> String {
    fill(tr(lang, english), values)
}

/// A catalog a test sets for its own thread, so that an interview's use of [`tr`] can
/// be seen before any translation exists.
#[cfg(test)]
pub(crate) mod test_catalog {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    thread_local! {
        static CATALOG: RefCell<BTreeMap<&'static str, &'static str>> =
            const { RefCell::new(BTreeMap::new()) };
    }

    /// Translations every non-English language uses on this thread, until [`clear`].
    pub(crate) fn set(entries: &[(&'static str, &'static str)]) {
        CATALOG.with(|c| *c.borrow_mut() = entries.iter().copied().collect());
    }

    pub(crate) fn clear() {
        CATALOG.with(|c| c.borrow_mut().clear());
    }

    pub(super) fn get(english: &str) -> Option<&'static str> {
        CATALOG.with(|c| c.borrow().get(english).copied())
    }
}

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
    let mut words: Words = value
        .try_into()
        .unwrap_or_else(|e| panic!("locales/{file}.toml: {e}"));
    if let Some((_, text)) = INTERVIEW_FILES.iter().find(|(f, _)| *f == file) {
        words.interview =
            toml::from_str(text).unwrap_or_else(|e| panic!("locales/{file}.interview.toml: {e}"));
    }
    words
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

    /// The choice lists whose labels the interview's menus pass through `tr`; keep in
    /// step with MENUS in scripts/interview-strings.
    const MENUS: &[&str] = &[
        "Relationship",
        "MeetingFormat",
        "ArrangedBy",
        "Weekday",
        "WeekOfMonth",
        "HolidayRegion",
        "Progress",
        "Decision",
    ];

    /// The Rust string literal at the start of `s` (a quote), unescaped, and its length.
    fn literal(s: &str) -> (String, usize) {
        let mut out = String::new();
        let mut chars = s.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return (out, i + 1),
                '\\' => match chars.next().map(|(_, c)| c) {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c @ ('"' | '\\' | '\'')) => out.push(c),
                    other => panic!("an escape the key list does not read: {other:?}"),
                },
                c => out.push(c),
            }
        }
        panic!("an unclosed string literal")
    }

    /// The literal second argument of every `tr(`/`trf(` call in `src`.
    fn call_keys(src: &str, keys: &mut std::collections::BTreeSet<String>) {
        for (at, _) in src.match_indices("tr") {
            let before = src[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &src[at + 2..];
            let Some(rest) = rest.strip_prefix("f(").or_else(|| rest.strip_prefix('(')) else {
                continue;
            };
            // Past the first argument, to the comma at its own depth.
            let mut depth = 0;
            let comma = rest.char_indices().find_map(|(i, c)| match c {
                '(' | '[' | '{' => {
                    depth += 1;
                    None
                }
                ')' | ']' | '}' if depth == 0 => Some(None),
                ')' | ']' | '}' => {
                    depth -= 1;
                    None
                }
                ',' if depth == 0 => Some(Some(i)),
                _ => None,
            });
            let Some(Some(comma)) = comma else { continue };
            let arg = rest[comma + 1..].trim_start();
            if arg.starts_with('"') {
                keys.insert(literal(arg).0);
            }
        }
    }

    /// Every key of the interview's catalogs, found in the source as
    /// scripts/interview-strings finds it.
    fn interview_keys() -> std::collections::BTreeSet<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut keys = std::collections::BTreeSet::new();
        let dir = std::fs::read_dir(root.join("src/interview")).unwrap();
        for f in dir.map(|e| e.unwrap().path()) {
            if f.extension().is_some_and(|e| e == "rs") {
                call_keys(&std::fs::read_to_string(&f).unwrap(), &mut keys);
            }
        }
        let choices = std::fs::read_to_string(root.join("src/model/choices.rs")).unwrap();
        for block in choices.split("choice! {").skip(1) {
            let block = &block[..block.find("\n}").unwrap()];
            let name = block
                .lines()
                .map(str::trim)
                .find(|l| l.ends_with('{'))
                .and_then(|l| l.split_whitespace().next())
                .unwrap();
            if !MENUS.contains(&name) {
                continue;
            }
            for line in block.lines().filter(|l| l.contains("\" / \"")) {
                let label = &line[line.find("/ \"").unwrap() + 2..];
                keys.insert(literal(label).0);
            }
        }
        keys
    }

    /// The `{name}` blanks of a sentence.
    fn blanks(s: &str) -> std::collections::BTreeSet<&str> {
        s.split('{')
            .skip(1)
            .filter_map(|b| b.split_once('}').map(|(name, _)| name))
            .collect()
    }

    fn catalog(tag: &str, text: &str) -> BTreeMap<String, String> {
        toml::from_str(text).unwrap_or_else(|e| panic!("locales/{tag}.interview.toml: {e}"))
    }

    #[test]
    fn the_interview_keys_are_found_in_the_source() {
        let keys = interview_keys();
        for k in [
            "Section {n} of {total}: {title}",
            "Stopped. Your answers are saved in {file}.\nContinue with: {command}",
            "Goal {n}, \"{goal}\": how far has it come?",
            "Who we are",
            "Monday",
            "by video call",
            "end as planned",
        ] {
            assert!(keys.contains(k), "{k:?} is not among the keys");
        }
        // The language menu names each language in itself, and its question comes first.
        assert!(!keys.contains("Cymraeg: Welsh (cy)"));
        assert!(!keys.contains("Which language should the agreement be written in?"));
        // The key list script finds the same keys, when Python is there to run it.
        let root = env!("CARGO_MANIFEST_DIR");
        if let Ok(out) = std::process::Command::new("python3")
            .arg(format!("{root}/scripts/interview-strings"))
            .output()
        {
            let listed: Vec<String> = String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(|l| l.replace("\\n", "\n"))
                .collect();
            assert_eq!(listed, keys.iter().cloned().collect::<Vec<_>>());
        }
    }

    #[test]
    fn interview_catalogs_hold_only_real_keys_with_their_blanks() {
        let keys = interview_keys();
        for (tag, text) in INTERVIEW_FILES {
            for (k, v) in catalog(tag, text) {
                assert!(
                    keys.contains(&k),
                    "locales/{tag}.interview.toml: stale key {k:?}"
                );
                assert_eq!(
                    blanks(&v),
                    blanks(&k),
                    "locales/{tag}.interview.toml: {k:?}"
                );
            }
        }
    }

    #[test]
    fn interview_catalogs_have_every_key() {
        let keys = interview_keys();
        for (tag, text) in INTERVIEW_FILES {
            let have = catalog(tag, text);
            let missing: Vec<_> = keys.iter().filter(|k| !have.contains_key(*k)).collect();
            assert!(
                missing.is_empty(),
                "locales/{tag}.interview.toml lacks {missing:#?}"
            );
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
