//! Rosters: a spreadsheet (`.csv`, `.tsv`, `.txt`, `.xlsx`, `.ods`, `.xls`) is a cohort,
//! one row per pair, given on its own or named by a cohort TOML (`roster = { file = …,
//! sheet = … }`) that keeps the `[defaults]` and a `[columns]` mapping beside it.
//!
//! A roster fills the same raw model as a TOML cohort by becoming one: each row is
//! written as a `[[pairs]]` table of TOML text (`emit`), after the cohort file's own
//! text with its roster keys blanked out (`settings`), so defaults, merging, the key
//! checks, validation, names, identity and records are the ones every cohort has. Each
//! line written ends with a marker (`#@r8c3`: row or CSV line 8, column 3) that
//! [`Origin::place`] turns back into the cell a problem is about. The text goes to an
//! unnamed temporary file once it passes 1 MiB; for `render` (and the commands that
//! read a window at a time) it is read back a window at a time, so memory stays flat.
//!
//! Files import only files above them in this list: `cells` (one cell's value as a
//! key's TOML), `origin` (what several files share: [`Origin`], a row, the markers),
//! `settings`, `columns` (headers → keys), `biff` (an `.xls` file's used areas),
//! `csv`, `sheet` and `ods` (the rows of a file), `emit` (rows → text), and this file
//! (the entry points).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::stream::{Pieces, Source, Text, HOLD};
use super::Document;
use crate::error::{Diagnostic, Error, Problem};

mod biff;
mod cells;
mod columns;
mod csv;
mod emit;
mod ods;
pub(super) mod origin;
mod settings;
pub(super) use settings::ROSTER_KEYS;
mod sheet;

pub(crate) use columns::template_columns;
use emit::{generate, Out};
use origin::Origin;
use origin::{Flags, Kind};
use settings::Settings;

static FLAGS: OnceLock<Flags> = OnceLock::new();

fn flags() -> &'static Flags {
    FLAGS.get_or_init(Flags::default)
}

/// Take the command line's roster options; a bad one is a usage error.
pub(crate) fn set_flags(
    map: &[String],
    encoding: Option<&str>,
    delimiter: Option<&str>,
) -> Result<(), Error> {
    let mut f = Flags::default();
    for m in map {
        let Some((header, key)) = m.rsplit_once('=') else {
            return Err(Error::Usage(format!(
                "--map {}: write it as HEADER=KEY, e.g. --map \"Mentor Email Address=mentor.email\"",
                crate::error::shell_word(m)
            )));
        };
        f.map
            .push((header.trim().to_string(), key.trim().to_string()));
    }
    if let Some(e) = encoding {
        f.encoding = Some(encoding_rs::Encoding::for_label(e.trim().as_bytes()).ok_or_else(
            || {
                Error::Usage(format!(
                    "--encoding {}: not an encoding name; try utf-8, windows-1252, utf-16le or utf-16be",
                    crate::error::shell_word(e)
                ))
            },
        )?);
    }
    if let Some(d) = delimiter {
        f.delimiter = Some(origin::delimiter(d).ok_or_else(|| {
            Error::Usage(format!(
                "--delimiter {}: give one character: , ; or tab",
                crate::error::shell_word(d)
            ))
        })?);
    }
    let _ = FLAGS.set(f);
    Ok(())
}

/// Whether `path` names a spreadsheet, by its extension.
pub(super) fn is_roster_file(path: &Path) -> bool {
    Kind::of(path).is_some()
}

/// Whether a TOML file's text names a roster (a top-level `roster` key).
pub(super) fn names_roster(text: &str) -> bool {
    let hint = text.lines().any(|l| {
        let l = l.trim_start();
        l.strip_prefix("roster")
            .is_some_and(|r| r.trim_start().starts_with(['=', '.']))
            || l.starts_with("[roster]")
    });
    hint && toml::de::DeTable::parse_recoverable(text)
        .0
        .get_ref()
        .contains_key("roster")
}

/// A roster file (`cohort` is `None`) or a cohort TOML naming one, read whole, as the
/// cohort text it stands for.
pub(super) fn read(path: &Path, cohort: Option<String>) -> Result<Document, Box<Diagnostic>> {
    match prepare(path, cohort)? {
        Prepared::Fatal(origin) => Ok(with_origin(
            Document::from_text(path, String::new()),
            origin,
        )),
        Prepared::Ready(settings) => {
            let (out, origin, _) = generate(&settings, flags(), Out::new())?;
            let text = out.into_text();
            Ok(with_origin(Document::from_text(path, text), origin))
        }
    }
}

/// [`read`] for `render`: a big roster's text goes to a temporary file, read back a
/// window at a time. `None` when `path` is not a roster.
pub(super) fn open(path: &Path) -> Option<Result<Source, Box<Diagnostic>>> {
    let cohort = if is_roster_file(path) {
        None
    } else {
        let is_toml = path.extension().is_some_and(|x| x == "toml");
        let small = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= HOLD);
        if !is_toml || !small {
            return None;
        }
        let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
        if !names_roster(&text) {
            return None;
        }
        Some(text)
    };
    Some(open_roster(path, cohort))
}

fn open_roster(path: &Path, cohort: Option<String>) -> Result<Source, Box<Diagnostic>> {
    let settings = match prepare(path, cohort)? {
        Prepared::Fatal(origin) => {
            let doc = Document::from_text(path, String::new());
            return Ok(Source::Whole(with_origin(doc, origin)));
        }
        Prepared::Ready(s) => s,
    };
    let (out, origin, parts) = generate(&settings, flags(), Out::new())?;
    let origin = Arc::new(origin);
    let (Some(parts), None) = (parts, origin.fatal()) else {
        let doc = Document::from_text(path, out.into_text());
        return Ok(Source::Whole(with_arc(doc, origin)));
    };
    let text = match out {
        Out::Memory(bytes) => Text::Held(String::from_utf8(bytes).expect("written as text")),
        Out::File(f) => Text::File(f.into_inner().map_err(|e| {
            Box::new(Diagnostic::new(
                path,
                Problem::error("", format!("cannot write a temporary file: {e}")),
            ))
        })?),
    };
    match Pieces::new(path, parts, text, Some(origin.clone()))? {
        Some(p) => Ok(Source::Pieces(p)),
        None => Err(Box::new(Diagnostic::new(
            path,
            Problem::error("pairs", "a cohort that names a roster lists no [[pairs]]"),
        ))),
    }
}

enum Prepared {
    Ready(Settings),
    /// The settings themselves are wrong: every pair would be.
    Fatal(Origin),
}

fn prepare(path: &Path, cohort: Option<String>) -> Result<Prepared, Box<Diagnostic>> {
    let settings = match cohort {
        None => Settings::alone(path),
        Some(text) => match Settings::parse(path, text) {
            Ok(s) => s,
            Err(fatal) => {
                return Ok(Prepared::Fatal(Origin {
                    fatal,
                    ..Origin::new(path.to_path_buf(), None)
                }))
            }
        },
    };
    if !settings.file.is_file() {
        let why = if settings.file.exists() {
            "is not a regular file"
        } else {
            "file not found"
        };
        return Err(Box::new(settings.problem_at_file(Problem::error(
            "roster.file",
            format!("{}: {why}", crate::error::shown(&settings.file)),
        ))));
    }
    Ok(Prepared::Ready(settings))
}

fn with_origin(doc: Document, origin: Origin) -> Document {
    with_arc(doc, Arc::new(origin))
}

fn with_arc(mut doc: Document, origin: Arc<Origin>) -> Document {
    doc.roster = Some(origin);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cohort_names_its_roster_by_a_top_level_key() {
        assert!(names_roster("roster = { file = \"a.csv\" }\n[defaults]\n"));
        assert!(names_roster("[roster]\nfile = \"a.csv\"\n"));
        assert!(!names_roster("[defaults]\nroster_note = 1\n"));
        assert!(!names_roster("[defaults]\nroster = \"a.csv\"\n"));
    }
}
