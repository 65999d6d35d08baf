//! Drafts: the answers so far, saved atomically so that nothing typed is lost, and read
//! back by `--resume`.

use std::path::Path;

use super::answers::Answers;
use super::sections::Section;
use crate::error::{Error, Result};
use crate::model::RawAgreement;

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
