//! Drafts: the answers so far, saved atomically so that nothing typed is lost, and read
//! back by `--resume`.

use std::path::Path;

use super::sections::{Answers, Section};
use crate::error::{Error, Result};
use crate::model::RawAgreement;

const DRAFT_MARK: &str = "# mentorpact-draft: done =";

/// The answers as TOML, for the draft and the answers file; failing loudly, since an
/// empty file here would lose the pair's answers.
pub(super) fn answers_toml(raw: &RawAgreement, path: &Path) -> Result<String> {
    toml::to_string_pretty(raw).map_err(|e| Error::write(path, std::io::Error::other(e)))
}

pub fn draft_text(a: &Answers, path: &Path) -> Result<String> {
    let done: Vec<&str> = a.done.iter().map(|s| s.id()).collect();
    let body = answers_toml(&a.raw, path)?;
    Ok(format!(
        "# An unfinished mentorpact interview. Continue it with:\n#     mentorpact new --resume THIS_FILE\n{DRAFT_MARK} {}\n\n{body}",
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
    Ok(Answers {
        raw,
        done,
        given: RawAgreement::default(),
    })
}
