//! Drafts: the answers so far, saved atomically so that nothing typed is lost, and read
//! back by `--resume`.

use std::path::Path;

use super::answers::{Answers, Given};
use super::sections::Section;
use crate::error::{Error, Result};
use crate::model::{Choice, Language, RawAgreement};

const DRAFT_MARK: &str = "# mentorpact-draft: done =";
const CURRENT_MARK: &str = "# mentorpact-draft: current =";

/// The answers as TOML, for the draft and the answers file; failing loudly, since an
/// empty file here would lose the pair's answers.
pub(super) fn answers_toml(raw: &RawAgreement, path: &Path) -> Result<String> {
    toml::to_string_pretty(raw).map_err(|e| Error::write(path, std::io::Error::other(e)))
}

/// The draft: finished sections as TOML, and the section under way as the list of
/// answers given so far (one JSON line in a comment), replayed on `--resume`.
pub fn draft_text(a: &Answers, path: &Path) -> Result<String> {
    let done: Vec<&str> = a.done.iter().map(|s| s.id()).collect();
    let body = answers_toml(&a.raw, path)?;
    let current = match &a.current {
        Some((s, log)) => format!(
            "{CURRENT_MARK} {} {}\n",
            s.id(),
            serde_json::to_string(log).map_err(|e| Error::write(path, std::io::Error::other(e)))?
        ),
        None => String::new(),
    };
    Ok(format!(
        "# An unfinished mentorpact interview. Continue it with:\n#     mentorpact new --resume {}\n{DRAFT_MARK} {}\n{current}\n{body}",
        crate::error::shown(path),
        done.join(",")
    ))
}

/// The language of the agreement, when the answers or the draft's section under way
/// already chose it: a resumed interview speaks it from its first screen. The first
/// question of the first section is the language, unless the answers gave it.
pub(super) fn language_chosen(a: &Answers) -> Option<Language> {
    if let Some(l) = a.raw.language.as_deref() {
        return Language::parse(l);
    }
    match &a.current {
        Some((Section::Parties, log)) => match log.first() {
            Some(Given::Pick(i)) => Language::ALL.get(*i).copied(),
            _ => None,
        },
        _ => None,
    }
}

pub fn load_draft(path: &Path) -> Result<Answers> {
    let (raw, doc) = crate::input::read_raw(path).map_err(Error::Invalid)?;
    let done = doc
        .text
        .lines()
        .find_map(|l| l.strip_prefix(DRAFT_MARK))
        .map(|l| {
            l.split(',')
                .filter_map(|id| Section::ALL.into_iter().find(|s| s.id() == id.trim()))
                .collect()
        })
        .unwrap_or_default();
    let current = doc
        .text
        .lines()
        .find_map(|l| l.strip_prefix(CURRENT_MARK))
        .and_then(|l| {
            let (id, log) = l.trim().split_once(' ')?;
            let s = Section::ALL.into_iter().find(|s| s.id() == id)?;
            Some((s, serde_json::from_str(log).ok()?))
        });
    Ok(Answers {
        raw,
        done,
        given: RawAgreement::default(),
        current,
        ..Answers::default()
    })
}

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn a_resumed_draft_knows_the_language_its_first_answer_chose() {
        let mut a = Answers {
            current: Some((Section::Parties, vec![Given::Pick(4), Given::Pick(0)])),
            ..Answers::default()
        };
        assert_eq!(language_chosen(&a), Some(Language::ALL[4]));
        a.raw.language = Some("de".into());
        assert_eq!(language_chosen(&a), Some(Language::De));
        a.raw.language = None;
        a.current = Some((Section::Goals, vec![Given::Pick(4)]));
        assert_eq!(
            language_chosen(&a),
            None,
            "only the first section's first answer"
        );
    }
}
