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
pub(crate) struct RawRecords {
    /// The pair's identity, as `index.csv` shows it: the file is found by it.
    pub(crate) identity: Option<String>,
    /// The two names when last written, for people reading the folder.
    pub(crate) pair: Option<String>,
    pub(crate) confirmations: Option<Vec<RawConfirmation>>,
    /// The content each confirmation was given to, by fingerprint: so that a change
    /// that voids a confirmation can be named.
    pub(crate) agreed: Option<Vec<RawAgreed>>,
    pub(crate) reviews: Option<Vec<RawReview>>,
}

/// A text someone confirmed: the agreement's content as its fingerprint was taken of
/// (see `Agreement::content_json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAgreed {
    pub(crate) fingerprint: String,
    pub(crate) content: String,
}

impl RawRecords {
    pub(crate) fn reviews(&self) -> RawReviews {
        RawReviews {
            reviews: self.reviews.clone(),
        }
    }

    /// The file's text: a header that says what it is, then the records.
    pub(crate) fn text(&self) -> String {
        let body = toml::to_string(self).expect("records serialize");
        format!(
            "# Records of a mentoring partnership, kept by mentorpact: confirmations \
             (`mentorpact sign`) and review records (`mentorpact review --record`).\n\
             # The file is found by `identity`; keep it with the answers file.\n\n{body}"
        )
    }
}

/// What differs between two contents (`Agreement::content_json`), as dotted keys with
/// the old and new values, e.g. `meetings.length_minutes`, `60`, `45`.
pub(crate) fn changes(old: &str, new: &str) -> Vec<(String, String, String)> {
    use serde_json::Value;
    fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<(String, String, String)>) {
        let join = |k: &str| {
            if path.is_empty() {
                k.to_string()
            } else {
                format!("{path}.{k}")
            }
        };
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                for k in keys {
                    let none = Value::Null;
                    walk(
                        &join(k),
                        x.get(k).unwrap_or(&none),
                        y.get(k).unwrap_or(&none),
                        out,
                    );
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    walk(&format!("{path}[{}]", i + 1), p, q, out);
                }
            }
            _ if a != b => {
                let show = |v: &Value| match v {
                    Value::Null => "none".to_string(),
                    Value::String(s) => format!("\"{s}\""),
                    Value::Array(l) => format!("{} items", l.len()),
                    other => other.to_string(),
                };
                out.push((path.to_string(), show(a), show(b)));
            }
            _ => {}
        }
    }
    let (Ok(a), Ok(b)) = (
        serde_json::from_str::<Value>(old),
        serde_json::from_str::<Value>(new),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk("", &a, &b, &mut out);
    out
}

/// The records folder of the input file `input`: its `records` key, else
/// `<stem>.records` beside it.
pub(crate) fn folder(input: &Path, key: Option<&str>) -> PathBuf {
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
pub(crate) fn file(folder: &Path, identity: &str) -> PathBuf {
    let mut readable = crate::output::slug(identity);
    readable.truncate(48);
    let hash = &crate::digest::sha256_hex(identity.as_bytes())[..8];
    folder.join(format!("{}-{hash}.toml", readable.trim_end_matches('-')))
}

/// Is `path` a records file or a legacy review record, never an agreement?
pub(crate) fn is_record(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.ends_with(".reviews.toml")
        || path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|d| d.to_string_lossy().ends_with(".records"))
}

/// The records in `path`: none when it does not exist.
pub(crate) fn read(path: &Path) -> Result<RawRecords, Box<Diagnostic>> {
    crate::limits::admit(path)?;
    let text = match crate::limits::read_text(path) {
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
pub(crate) fn all(folder: &Path) -> Vec<(PathBuf, Option<String>)> {
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
    fn changes_are_named_by_key() {
        let old = r#"{"meetings":{"length_minutes":60,"place":"Library"},"goals":[{"d":"a"}]}"#;
        let new = r#"{"meetings":{"length_minutes":45,"place":"Library"},"goals":[{"d":"b"}]}"#;
        assert_eq!(
            changes(old, new),
            vec![
                ("goals[1].d".into(), "\"a\"".into(), "\"b\"".into()),
                ("meetings.length_minutes".into(), "60".into(), "45".into()),
            ]
        );
    }

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
                in_place_of: Some("C".into()),
                on: Some("2027-01-04".parse().unwrap()),
                fingerprint: Some("ab".repeat(32)),
            }]),
            agreed: None,
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
