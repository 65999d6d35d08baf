//! A partnership's records: the confirmations `sign` makes and the review records of
//! `review --record`. They are kept apart from the answers, in a records folder beside
//! the input (`cohort.records/` for `cohort.toml`, or where the file's `records` key
//! says), one TOML file per pair named after the pair's identity. So regenerating or
//! reordering the answers file loses nothing, a corrected name keeps its history when
//! the identity (an `id`, or the two emails) stays, and no folder command ever reads a
//! record as an agreement (folders are read one level deep, and only `.toml` files that
//! are not records).
//!
//! This module reads and writes their text; it knows nothing of commands.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::error::{Diagnostic, Problem};
use crate::model::{RawConfirmation, RawReview, RawReviews};

/// One pair's records file.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecords {
    /// The pair's identity, as `index.csv` shows it: the file is found by it.
    pub identity: Option<String>,
    /// The two names when last written, for people reading the folder.
    pub pair: Option<String>,
    pub confirmations: Option<Vec<RawConfirmation>>,
    pub reviews: Option<Vec<RawReview>>,
}

impl RawRecords {
    pub fn reviews(&self) -> RawReviews {
        RawReviews {
            reviews: self.reviews.clone(),
        }
    }

    /// The file's text: a header that says what it is, then the records.
    pub fn text(&self) -> String {
        let body = toml::to_string(self).expect("records serialize");
        format!(
            "# Records of a mentoring partnership, kept by mentorpact: confirmations \
             (`mentorpact sign`) and review records (`mentorpact review --record`).\n\
             # The file is found by `identity`; keep it with the answers file.\n\n{body}"
        )
    }
}

/// The records folder of the input file `input`: its `records` key, else
/// `<stem>.records` beside it.
pub fn folder(input: &Path, key: Option<&str>) -> PathBuf {
    let dir = input.parent().unwrap_or(Path::new(""));
    match key {
        Some(k) => dir.join(k),
        None => {
            let stem = input.file_stem().unwrap_or_default().to_string_lossy();
            dir.join(format!("{stem}.records"))
        }
    }
}

/// The records file of the pair `identity` in `folder`: a readable name from the
/// identity, and a short hash of it so that two identities never share a file.
pub fn file(folder: &Path, identity: &str) -> PathBuf {
    let mut readable = crate::output::slug(identity);
    readable.truncate(48);
    let hash = &crate::digest::sha256_hex(identity.as_bytes())[..8];
    folder.join(format!("{}-{hash}.toml", readable.trim_end_matches('-')))
}

/// Is `path` a records file or a legacy review record, never an agreement?
pub fn is_record(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.ends_with(".reviews.toml")
        || path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|d| d.to_string_lossy().ends_with(".records"))
}

/// The records in `path`: none when it does not exist.
pub fn read(path: &Path) -> Result<RawRecords, Box<Diagnostic>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(RawRecords::default()),
        Err(e) => {
            return Err(Box::new(Diagnostic::new(
                path,
                Problem::error("", format!("cannot read the records: {e}")),
            )))
        }
    };
    toml::from_str(&text).map_err(|e| {
        Box::new(
            Diagnostic::new(path, Problem::error("", e.message().to_string())).at(&text, e.span()),
        )
    })
}

/// Every records file in `folder`, with the identity each says it is for.
pub fn all(folder: &Path) -> Vec<(PathBuf, Option<String>)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, Option<String>)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let identity = read(&p).ok().and_then(|r| r.identity);
            (p, identity)
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_live_beside_the_input_by_identity() {
        let f = folder(Path::new("scheme/cohort.toml"), None);
        assert_eq!(f, Path::new("scheme/cohort.records"));
        let a = file(&f, "email:zoe@example.org+grace@example.org");
        let b = file(&f, "email:zoe@example.org+grace@example.com");
        assert_ne!(a, b);
        assert!(is_record(&a));
        assert!(is_record(Path::new("x/zoe.reviews.toml")));
        assert!(!is_record(Path::new("scheme/cohort.toml")));
        assert_eq!(
            folder(Path::new("scheme/cohort.toml"), Some("../records")),
            Path::new("scheme/../records")
        );
    }

    #[test]
    fn records_read_back_as_written() {
        let r = RawRecords {
            identity: Some("names:a+b".into()),
            pair: Some("A and B".into()),
            confirmations: Some(vec![RawConfirmation {
                who: Some("mentee".into()),
                name: Some("A".into()),
                on: Some("2027-01-04".parse().unwrap()),
                fingerprint: Some("ab".repeat(32)),
            }]),
            reviews: None,
        };
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.toml");
        std::fs::write(&p, r.text()).unwrap();
        assert_eq!(read(&p).unwrap(), r);
        assert_eq!(
            read(&dir.path().join("none.toml")).unwrap(),
            RawRecords::default()
        );
    }
}
