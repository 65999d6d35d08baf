//! A cohort file's roster keys: `roster` (the file, and which sheet, header row,
//! encoding and separator), `date_order` and `[columns]`. They are read here, then
//! blanked out of the text (each byte a space, lines kept), so what is left is a plain
//! cohort whose `[defaults]` keep their own lines and columns in every message.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::cells::DateOrder;
use crate::error::{did_you_mean, Diagnostic, Problem};

/// A column given a key by the cohort file or the command line.
#[derive(Debug, Clone)]
pub(super) struct Mapping {
    pub(super) header: String,
    /// The key; empty: the column is not read.
    pub(super) key: String,
    /// Where the mapping is written (none for `--map`).
    pub(super) span: Option<Range<usize>>,
}

/// How to read a roster.
pub(super) struct Settings {
    /// The file named on the command line: the roster, or the cohort naming it.
    pub(super) given: PathBuf,
    pub(super) file: PathBuf,
    pub(super) sheet: Option<String>,
    /// The header row (1-based) [default: the first row with anything in it].
    pub(super) header_row: Option<u32>,
    pub(super) date_order: Option<DateOrder>,
    pub(super) encoding: Option<&'static encoding_rs::Encoding>,
    pub(super) delimiter: Option<u8>,
    pub(super) columns: Vec<Mapping>,
    /// The cohort file's text without its roster keys (empty for a roster alone).
    pub(super) text: String,
    /// The cohort file's text as written, to show where a roster key is.
    written: String,
    /// Where `roster.file` is written, for "file not found".
    file_span: Option<Range<usize>>,
}

/// The top-level keys a cohort naming a roster may have besides `[defaults]`.
pub(crate) const ROSTER_KEYS: &[&str] = &["roster", "date_order", "columns"];
const TABLE_KEYS: &[&str] = &["file", "sheet", "header_row", "encoding", "delimiter"];

impl Settings {
    /// A roster given on its own: every setting from the command line or the defaults.
    pub(super) fn alone(path: &Path) -> Settings {
        Settings {
            given: path.to_path_buf(),
            file: path.to_path_buf(),
            sheet: None,
            header_row: None,
            date_order: None,
            encoding: None,
            delimiter: None,
            columns: Vec::new(),
            text: String::new(),
            written: String::new(),
            file_span: None,
        }
    }

    /// The roster keys of the cohort file `path`, whose text is `text`.
    pub(super) fn parse(path: &Path, text: String) -> Result<Settings, Vec<Diagnostic>> {
        let (root, errors) = DeTable::parse_recoverable(&text);
        let diag = |p: Problem, s: Option<Range<usize>>| Diagnostic::new(path, p).at(&text, s);
        if !errors.is_empty() {
            return Err(errors
                .iter()
                .map(|e| {
                    let msg = super::super::syntax_message(e.message());
                    diag(Problem::error("", msg), e.span())
                })
                .collect());
        }
        let mut found = Vec::new();
        let mut s = Settings::alone(path);
        let mut blank = Vec::new();
        for (k, v) in root.get_ref().iter() {
            let key = k.get_ref().as_ref();
            if key == "pairs" {
                found.push((
                    Problem::error(
                        "pairs",
                        "a cohort that names a roster takes its pairs from it",
                    )
                    .help("add these pairs as rows of the roster, or leave out `roster`"),
                    Some(k.span()),
                ));
            }
            if !ROSTER_KEYS.contains(&key) {
                continue;
            }
            blank_item(&text, k, v, &mut blank);
            match key {
                "roster" => s.roster(v, &mut found),
                "date_order" => s.date_order(v, &mut found),
                _ => s.columns(v, &mut found),
            }
        }
        if s.file_span.is_none() && found.is_empty() {
            found.push((
                Problem::error("roster.file", "is missing")
                    .help("name the spreadsheet: roster = { file = \"staff.xlsx\" }"),
                None,
            ));
        }
        if !found.is_empty() {
            return Err(found.into_iter().map(|(p, sp)| diag(p, sp)).collect());
        }
        let base = path.parent().unwrap_or(Path::new(""));
        s.file = base.join(&s.file);
        s.written = text.clone();
        s.text = blanked(text, &blank);
        Ok(s)
    }

    fn roster(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        found: &mut Vec<(Problem, Option<Range<usize>>)>,
    ) {
        let table = match v.get_ref() {
            DeValue::String(f) => {
                self.file = PathBuf::from(f.as_ref());
                self.file_span = Some(v.span());
                return;
            }
            DeValue::Table(t) => t,
            other => {
                found.push((
                    Problem::error(
                        "roster",
                        format!(
                            "expected a table like {{ file = \"staff.xlsx\" }}, found {}",
                            other.type_str()
                        ),
                    ),
                    Some(v.span()),
                ));
                return;
            }
        };
        for (k, v) in table.iter() {
            let name = k.get_ref().as_ref();
            let shown = format!("roster.{name}");
            let text = v.get_ref().as_str();
            let bad = |found: &mut Vec<_>, what: &str| {
                found.push((
                    Problem::error(shown.clone(), format!("expected {what}")),
                    Some(v.span()),
                ))
            };
            match (name, text) {
                ("file", Some(f)) => {
                    self.file = PathBuf::from(f);
                    self.file_span = Some(v.span());
                }
                ("sheet", Some(sh)) => self.sheet = Some(sh.to_string()),
                ("encoding", Some(e)) => {
                    match encoding_rs::Encoding::for_label(e.trim().as_bytes()) {
                        Some(enc) => self.encoding = Some(enc),
                        None => bad(
                            found,
                            "an encoding name: utf-8, windows-1252, utf-16le or utf-16be",
                        ),
                    }
                }
                ("delimiter", Some(d)) => match super::origin::delimiter(d) {
                    Some(d) => self.delimiter = Some(d),
                    None => bad(found, "one character: \",\", \";\" or \"\\t\""),
                },
                ("header_row", _) => match v.get_ref() {
                    DeValue::Integer(n) => match n.as_str().parse::<u32>() {
                        Ok(n) if n >= 1 => self.header_row = Some(n),
                        _ => bad(found, "a row number from 1"),
                    },
                    _ => bad(found, "a row number from 1"),
                },
                ("file" | "sheet" | "encoding" | "delimiter", None) => bad(found, "a string"),
                _ => {
                    let mut p =
                        Problem::error(shown.clone(), format!("unknown key `{name}` in roster"));
                    p = match did_you_mean(name, TABLE_KEYS.iter().copied()) {
                        Some(m) => p.help(format!("did you mean `{m}`?")),
                        None => p.help(format!("known keys here: {}", TABLE_KEYS.join(", "))),
                    };
                    found.push((p, Some(k.span())));
                }
            }
        }
    }

    fn date_order(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        found: &mut Vec<(Problem, Option<Range<usize>>)>,
    ) {
        match v.get_ref().as_str().and_then(DateOrder::parse) {
            Some(o) => self.date_order = Some(o),
            None => found.push((
                Problem::error(
                    "date_order",
                    "expected \"day-month-year\" or \"month-day-year\"",
                )
                .help("how dates typed as text like 03/04/2027 are read"),
                Some(v.span()),
            )),
        }
    }

    fn columns(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        found: &mut Vec<(Problem, Option<Range<usize>>)>,
    ) {
        let DeValue::Table(t) = v.get_ref() else {
            found.push((
                Problem::error("columns", "expected a table of \"header\" = \"key\"")
                    .help("[columns]\n\"Mentor Email Address\" = \"mentor.email\""),
                Some(v.span()),
            ));
            return;
        };
        for (k, v) in t.iter() {
            match v.get_ref().as_str() {
                Some(key) => self.columns.push(Mapping {
                    header: k.get_ref().trim().to_string(),
                    key: key.trim().to_string(),
                    span: Some(v.span()),
                }),
                None => found.push((
                    Problem::error(
                        format!("columns.{}", k.get_ref()),
                        "expected a key name as a string, like \"mentor.email\" (\"\" leaves the column out)",
                    ),
                    Some(v.span()),
                )),
            }
        }
    }

    /// A problem placed in the cohort file (or, for a roster alone, in the roster).
    pub(super) fn problem_at(&self, p: Problem, span: Option<Range<usize>>) -> Diagnostic {
        Diagnostic::new(&self.given, p).at(&self.written, span)
    }

    /// A problem with the roster file as a whole, at `roster.file` when it is written.
    pub(super) fn problem_at_file(&self, p: Problem) -> Diagnostic {
        self.problem_at(p, self.file_span.clone())
    }

    /// Whether the cohort's `[defaults]` give `key` (a dotted path).
    pub(super) fn defaults_have(&self, key: &str) -> bool {
        if self.text.is_empty() {
            return false;
        }
        let (root, _) = DeTable::parse_recoverable(&self.text);
        match root.get_ref().get("defaults").map(|d| d.get_ref()) {
            Some(DeValue::Table(t)) => super::super::attach::has_path(t, key),
            _ => false,
        }
    }
}

/// The ranges of `text` that hold the top-level item `k = v`.
fn blank_item(
    text: &str,
    k: &Spanned<toml::de::DeString<'_>>,
    v: &Spanned<DeValue<'_>>,
    out: &mut Vec<Range<usize>>,
) {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let starts = |s: &Range<usize>, c: char| text.get(s.clone()).is_some_and(|t| t.starts_with(c));
    match v.get_ref() {
        // `[columns]`: its header, then each entry.
        DeValue::Table(t) if starts(&v.span(), '[') => {
            out.push(line_start(v.span().start)..v.span().end);
            for (ek, ev) in t.iter() {
                out.push(line_start(ek.span().start)..end_of(ev));
            }
        }
        // `roster.file = …`: dotted keys, each on its own line.
        DeValue::Table(t) if !starts(&v.span(), '{') => {
            for (ek, ev) in t.iter() {
                blank_item(text, ek, ev, out);
            }
        }
        _ => out.push(line_start(k.span().start)..end_of(v)),
    }
}

/// The end of a value, its nested values included.
fn end_of(v: &Spanned<DeValue<'_>>) -> usize {
    let inner = match v.get_ref() {
        DeValue::Table(t) => t.iter().map(|(_, x)| end_of(x)).max(),
        DeValue::Array(a) => a.iter().map(end_of).max(),
        _ => None,
    };
    inner.unwrap_or(0).max(v.span().end)
}

/// `text` with every byte in `ranges` a space, its line ends kept: offsets, lines and
/// columns of everything else stay as they were.
fn blanked(text: String, ranges: &[Range<usize>]) -> String {
    let mut bytes = text.into_bytes();
    let len = bytes.len();
    for r in ranges {
        for b in &mut bytes[r.start.min(r.end)..r.end.min(len)] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Whole characters are blanked (spans fall on their boundaries): still UTF-8.
    String::from_utf8(bytes).expect("blanked whole characters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_keys_are_blanked_and_the_rest_keeps_its_place() {
        let text = "roster = { file = \"staff.xlsx\", sheet = \"2027\" }\ndate_order = \"day-month-year\"\n\n[columns]\n\"Mentor Email Address\" = \"mentor.email\"\n\n[defaults]\nduration.start = 2027-01-11\n";
        let s = Settings::parse(Path::new("dir/cohort.toml"), text.to_string()).unwrap();
        assert_eq!(s.file, Path::new("dir/staff.xlsx"));
        assert_eq!(s.sheet.as_deref(), Some("2027"));
        assert_eq!(s.date_order, Some(DateOrder::DayMonthYear));
        assert_eq!(s.columns[0].header, "Mentor Email Address");
        assert_eq!(s.columns[0].key, "mentor.email");
        assert_eq!(s.text.len(), text.len());
        assert_eq!(s.text.lines().count(), text.lines().count());
        assert!(s.text.trim_start().starts_with("[defaults]"), "{}", s.text);
        assert!(s.defaults_have("duration.start"));
        assert!(!s.defaults_have("mentor.name"));
    }

    #[test]
    fn dotted_roster_keys_and_mistakes() {
        let text = "roster.file = \"a.csv\"\nroster.shet = \"x\"\n[defaults]\n";
        let errs = Settings::parse(Path::new("c.toml"), text.to_string())
            .err()
            .unwrap();
        assert_eq!(errs[0].problem.key, "roster.shet");
        assert_eq!(
            errs[0].problem.help.as_deref(),
            Some("did you mean `sheet`?")
        );
        let ok = Settings::parse(
            Path::new("c.toml"),
            "roster.file = \"a.csv\"\n[defaults]\n".into(),
        )
        .unwrap();
        assert_eq!(ok.text.trim(), "[defaults]");
    }
}
