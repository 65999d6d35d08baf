//! What the files of a roster share, in a file that imports none of them: the
//! command line's options ([`Flags`]), the kinds of file, a row as read, the [`Sink`]
//! that takes rows, and [`Origin`]: where each line of a roster's text came from, read
//! back from the marker each line ends with (`#@r8c3`, written by `emit`).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::cells::Cell;
use crate::error::{Diagnostic, Location, Problem};

/// What the command line says about rosters (`--map`, `--encoding`, `--delimiter`), set
/// once per run before any file is read.
#[derive(Debug, Default, Clone)]
pub(crate) struct Flags {
    /// Header → key; these win over a cohort's `[columns]`.
    pub(super) map: Vec<(String, String)>,
    pub(super) encoding: Option<&'static encoding_rs::Encoding>,
    pub(super) delimiter: Option<u8>,
}

/// The kinds of roster file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `.csv`, `.tsv`, `.txt` (Excel's "Unicode text").
    Delimited,
    Xlsx,
    Ods,
    Xls,
}

impl Kind {
    pub(super) fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" | "tsv" | "txt" => Kind::Delimited,
            "xlsx" | "xlsm" => Kind::Xlsx,
            "ods" => Kind::Ods,
            "xls" => Kind::Xls,
            _ => return None,
        })
    }
}

/// One row of a roster: where it is (its CSV line, or its sheet row, 1-based) and its
/// cells that hold something, by column (0-based).
pub(super) struct Row {
    pub(super) at: u32,
    pub(super) cells: Vec<(u32, Cell)>,
    /// Merged cells that take in this row, as (first, last) columns (workbooks only).
    pub(super) merged: Vec<(u32, u32)>,
}

/// What takes a roster's rows as they are read.
pub(super) trait Sink {
    /// A workbook's sheet, and whether its serial dates count from 1904.
    fn begin(&mut self, sheet: &str, is_1904: bool);
    /// The next row; `false` stops the reading (the headers are wrong).
    fn row(&mut self, row: Row) -> bool;
}

/// A separator as given: one character, or "tab" / `\t`.
pub(super) fn delimiter(s: &str) -> Option<u8> {
    match s {
        "tab" | "\\t" | "\t" => Some(b'\t'),
        s if s.len() == 1 && s.is_ascii() => Some(s.as_bytes()[0]),
        _ => None,
    }
}

/// Where a roster's text came from: the file, its sheet and headers, and what could not
/// be read (the file's problems, and each pair's cells).
pub(crate) struct Origin {
    /// The spreadsheet.
    pub(super) file: PathBuf,
    /// The sheet read, for a workbook.
    pub(super) sheet: Option<String>,
    /// Each column's header, by column number (0-based).
    pub(super) headers: HashMap<u32, String>,
    /// Problems of the whole roster: no pair is read.
    pub(super) fatal: Vec<Diagnostic>,
    /// Cells that could not be read as their keys, by pair number, with the offset of
    /// the marker line written for each.
    pub(super) cells: HashMap<usize, Vec<(Problem, Range<usize>)>>,
}

impl Origin {
    pub(super) fn new(file: PathBuf, sheet: Option<String>) -> Origin {
        Origin {
            file,
            sheet,
            headers: HashMap::new(),
            fatal: Vec::new(),
            cells: HashMap::new(),
        }
    }

    pub(in crate::input) fn fatal(&self) -> Option<Vec<Diagnostic>> {
        (!self.fatal.is_empty()).then(|| self.fatal.clone())
    }

    /// The problems of pair `pair`'s cells, as `Unit::early` holds them.
    pub(in crate::input) fn early(&self, pair: usize) -> Vec<(Problem, Option<Range<usize>>)> {
        self.cells
            .get(&pair)
            .map(|v| {
                v.iter()
                    .map(|(p, s)| (p.clone(), Some(s.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A cell's place in words: "sheet 2027, cell C7", or (CSV) `column "Email"`.
    pub(super) fn cell_place(&self, row: u32, col: Option<u32>) -> String {
        match (&self.sheet, col) {
            (Some(s), Some(c)) => format!(": sheet {s}, cell {}{row}", column_letters(c)),
            (Some(s), None) => format!(": sheet {s}, row {row}"),
            (None, Some(c)) => match self.headers.get(&c).filter(|h| !h.is_empty()) {
                Some(h) => format!(":{row}: column \"{h}\""),
                None => format!(":{row}: column {}", c + 1),
            },
            (None, None) => format!(":{row}"),
        }
    }

    /// Point `d` at the cell its line was written from, when it was (see `emit`).
    pub(in crate::input) fn place(&self, d: &mut Diagnostic) {
        let Some(loc) = d.location.as_mut() else {
            return;
        };
        let Some((value, (row, col))) = marker(&loc.source_line) else {
            return;
        };
        let shown = shown_value(value);
        d.file = self.file.clone();
        *loc = Location {
            line: row as usize,
            column: col.map_or(1, |c| c as usize + 1),
            width: shown.chars().count().max(1),
            source_line: shown,
            place: Some(self.cell_place(row, col)),
        };
    }
}

/// Column letters of a 0-based column: 0 → A, 26 → AA.
pub(super) fn column_letters(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

/// The value written on a line, and the row and column of its marker.
pub(super) fn marker(line: &str) -> Option<(&str, (u32, Option<u32>))> {
    let i = line.rfind("#@r")?;
    let m = line[i + 3..].trim_end();
    let (row, col) = match m.split_once('c') {
        Some((r, c)) => (r.parse().ok()?, Some(c.parse().ok()?)),
        None => (m.parse().ok()?, None),
    };
    let before = line[..i].trim_end();
    let value = match before.split_once(" = ") {
        Some((_, v)) if !before.starts_with('[') => v,
        _ => "",
    };
    Some((value, (row, col)))
}

/// A value as written (`"zoe@example.org"`, `["a", "b"]`) as the cell showed it.
pub(super) fn shown_value(value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    let Ok(t) = toml::from_str::<toml::Table>(&format!("v = {value}")) else {
        return value.to_string();
    };
    let show = |v: &toml::Value| match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let s = match t.get("v") {
        Some(toml::Value::Array(a)) => a.iter().map(show).collect::<Vec<_>>().join("; "),
        Some(v) => show(v),
        None => String::new(),
    };
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn markers_name_the_cell_and_its_value() {
        assert_eq!(
            marker("mentor.email = \"a #@r1\" #@r8c3"),
            Some(("\"a #@r1\"", (8, Some(3))))
        );
        assert_eq!(marker("[[pairs]] #@r8"), Some(("", (8, None))));
        assert_eq!(marker("#@r9c0"), Some(("", (9, Some(0)))));
        assert_eq!(marker("[defaults]"), None);
        assert_eq!(shown_value("\"zoe@example.org\""), "zoe@example.org");
        assert_eq!(shown_value("[\"a\", \"b\"]"), "a; b");
        assert_eq!(shown_value("2027-01-11"), "2027-01-11");
    }
}
