//! Where an interview starts from: answers given in advance (`--from FILE`, `--set
//! KEY=VALUE`), or a draft (`--resume`); and where its draft lives.
//!
//! A draft is named after the pair as soon as both names are known
//! (`<mentee>-and-<mentor>.draft.toml` in the output folder, `new-agreement.draft.toml`
//! before), and never takes the name of another pair's draft.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::answers::{Answers, Given, Mode};
use super::draft::draft_text;
use super::navigator::Navigator;
use super::prompter::{Asked, Check, Prompt, Unanswered};
use super::questions::questions;
use super::resume::Resume;
use crate::error::{Error, Result};
use crate::input::{raw_of, read_raw, Document};
use crate::model::{Language, RawAgreement};
use crate::output::{slug, write_atomic};

/// The answers `--from` and `--set` give, merged (`--set` wins).
pub(super) fn given(from: Option<&Path>, sets: &[String]) -> Result<RawAgreement> {
    let raw = match from {
        Some(f) => read_raw(f).map_err(Error::Invalid)?.0,
        None => RawAgreement::default(),
    };
    if sets.is_empty() {
        return Ok(raw);
    }
    // Through text: `Table::try_from` would turn a date into a table of its own.
    let text = toml::to_string(&raw).map_err(|e| Error::Usage(e.to_string()))?;
    let mut table: toml::Table = toml::from_str(&text).map_err(|e| Error::Usage(e.to_string()))?;
    for set in sets {
        let (key, value) = set.split_once('=').ok_or_else(|| {
            Error::Usage(format!(
                "--set {set}: write KEY=VALUE, e.g. --set mentee.name=\"Zoë Ó'Brien\""
            ))
        })?;
        let value = value.trim();
        // A TOML value if it reads as one, else the text as it is.
        let value = toml::from_str::<toml::Table>(&format!("v = {value}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| toml::Value::String(value.to_string()));
        let mut at = &mut table;
        let parts: Vec<&str> = key.trim().split('.').collect();
        for part in &parts[..parts.len() - 1] {
            let next = at
                .entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            at = match next {
                toml::Value::Table(t) => t,
                _ => return Err(Error::Usage(format!("--set {key}: {part} is not a table"))),
            };
        }
        at.insert(parts[parts.len() - 1].to_string(), value);
    }
    // Through the same key and type checks as a file.
    let text = toml::to_string(&table).map_err(|e| Error::Usage(e.to_string()))?;
    let doc = Document::from_text(Path::new("--set"), text);
    raw_of(&doc).map_err(Error::Invalid)
}

/// `top`'s answers laid over `base`'s: tables merged key by key, any other value
/// replaced whole, as a cohort's pair is laid over its defaults.
pub(super) fn overlay(base: &RawAgreement, top: &RawAgreement) -> Result<RawAgreement> {
    fn merge(into: &mut toml::Table, from: toml::Table) {
        for (k, v) in from {
            match (into.get_mut(&k), v) {
                (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
                (_, v) => {
                    into.insert(k, v);
                }
            }
        }
    }
    let table = |raw: &RawAgreement| -> Result<toml::Table> {
        let text = toml::to_string(raw).map_err(|e| Error::Usage(e.to_string()))?;
        toml::from_str(&text).map_err(|e| Error::Usage(e.to_string()))
    };
    let mut merged = table(base)?;
    merge(&mut merged, table(top)?);
    let text = toml::to_string(&merged).map_err(|e| Error::Usage(e.to_string()))?;
    toml::from_str(&text).map_err(|e| Error::Usage(e.to_string()))
}

/// A draft's answers, with those of the section it stopped in, its remaining questions
/// answered with their suggestions.
pub(super) fn draft_answers(a: &Answers) -> RawAgreement {
    replayed(a, true).unwrap_or_else(|| a.raw.clone())
}

/// Keeps the draft: rewritten atomically after every answer, renamed after the pair.
pub(super) struct Drafts {
    dir: PathBuf,
    path: PathBuf,
    /// Told where the answers are after each save, for Ctrl-C to say.
    tell: Arc<Resume>,
}

impl Drafts {
    /// A fresh draft in `dir`, or the one being resumed.
    pub(super) fn new(dir: &Path, resume: Option<&Path>, tell: Arc<Resume>) -> Drafts {
        let path = match resume {
            Some(p) => p.to_path_buf(),
            None => free(dir, "new-agreement"),
        };
        Drafts {
            dir: dir.to_path_buf(),
            path,
            tell,
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn save(&mut self, a: &Answers) -> Result<()> {
        let names = |p: &Option<crate::model::RawPerson>| {
            p.as_ref()
                .and_then(|p| p.name.as_deref())
                .map(slug)
                .filter(|s| !s.is_empty())
        };
        // Names typed in the section under way are in its answers, not yet in the raw
        // answers: replay them, silently, to see them.
        let typed = replayed(a, false);
        let raw = typed.as_ref().unwrap_or(&a.raw);
        if let (Some(mentee), Some(mentor)) = (names(&raw.mentee), names(&raw.mentor)) {
            let base = format!("{mentee}-and-{mentor}");
            let named = self
                .path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&base));
            if !named {
                let old = std::mem::replace(&mut self.path, free(&self.dir, &base));
                write_atomic(&self.path, draft_text(a, &self.path)?.as_bytes())?;
                let _ = std::fs::remove_file(old);
                self.tell.saved_in(&self.path);
                return Ok(());
            }
        }
        write_atomic(&self.path, draft_text(a, &self.path)?.as_bytes())?;
        self.tell.saved_in(&self.path);
        Ok(())
    }

    /// The agreement is written: the draft has done its job.
    pub(super) fn finish(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The answers with the section under way replayed as far as it went; with
/// `finish`, its remaining questions take their suggestions (`--resume --defaults`).
fn replayed(a: &Answers, finish: bool) -> Option<RawAgreement> {
    let (s, log) = a.current.as_ref()?;
    struct Silent {
        finish: bool,
    }
    impl Prompt for Silent {
        // It asks nobody: the questions' language does not matter.
        fn language(&self) -> Language {
            Language::EnGb
        }
        fn set_language(&mut self, _: Language) {}
        fn say(&mut self, _: &str) {}
        fn text(&mut self, _: &str, default: Option<&str>, check: Check<'_>) -> Asked<String> {
            let d = default.unwrap_or("");
            match self.finish && check(d).is_ok() {
                true => Ok(d.to_string()),
                false => Err(Unanswered::Back),
            }
        }
        fn confirm(&mut self, _: &str, default: bool) -> Asked<bool> {
            self.finish.then_some(default).ok_or(Unanswered::Back)
        }
        fn select(&mut self, _: &str, _: &[String], default: usize) -> Asked<usize> {
            self.finish.then_some(default).ok_or(Unanswered::Back)
        }
        fn multi_select(&mut self, _: &str, _: &[String], ticked: &[bool]) -> Asked<Vec<usize>> {
            let v = (0..ticked.len()).filter(|i| ticked[*i]).collect();
            self.finish.then_some(v).ok_or(Unanswered::Back)
        }
    }
    let mut copy = a.clone();
    let mut ignore = |_: &[Given]| Ok(());
    let mut silent = Silent { finish };
    let mut nav = Navigator::new(&mut silent, log.clone(), Default::default(), &mut ignore);
    // It stops where the answers end; what it filled in so far is what we want.
    let _ = questions(&mut nav, &mut copy, *s, Mode::Fill, jiff::civil::Date::MIN);
    Some(copy.raw)
}

/// `<base>.draft.toml` in `dir`, or `<base>-2.draft.toml` … if that is taken.
fn free(dir: &Path, base: &str) -> PathBuf {
    (1..)
        .map(|n| {
            let name = if n == 1 {
                format!("{base}.draft.toml")
            } else {
                format!("{base}-{n}.draft.toml")
            };
            dir.join(name)
        })
        .find(|p| !p.exists())
        .expect("some name is free")
}
