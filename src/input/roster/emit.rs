//! Rows → the cohort text they stand for: the cohort file's own text (its roster keys
//! blanked), then one `[[pairs]]` table per row, a line per cell, each line ending with
//! a marker of the cell it came from (`#@r8c3`: row 8, column 3, 0-based). A cell that
//! cannot be read as its key leaves a marker line alone and a problem for its pair, so
//! a bad row fails by itself and the others are written.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};

use super::cells::{self, Cell, Ctx};
use super::columns::{Columns, Found, Target};
use super::settings::Settings;
use super::{Flags, Kind, Origin};
use crate::error::{Diagnostic, Location, Problem};
use crate::input::split::{Parts, Splitter};

/// One row of a roster: where it is (its CSV line, or its sheet row, 1-based) and its
/// cells that hold something, by column (0-based).
pub(super) struct Row {
    pub(super) at: u32,
    pub(super) cells: Vec<(u32, Cell)>,
    /// Merged cells that take in this row, as (first, last) columns (workbooks only).
    pub(super) merged: Vec<(u32, u32)>,
}

/// Where the text goes: memory, or (for a big roster given to `render`) an unnamed
/// temporary file.
pub(super) enum Out {
    Memory(Vec<u8>),
    File(BufWriter<File>),
}

impl Out {
    pub(super) fn memory() -> Out {
        Out::Memory(Vec::new())
    }

    pub(super) fn file() -> std::io::Result<Out> {
        Ok(Out::File(BufWriter::with_capacity(
            1 << 16,
            tempfile::tempfile()?,
        )))
    }

    fn write(&mut self, s: &str) -> std::io::Result<()> {
        match self {
            Out::Memory(v) => {
                v.extend_from_slice(s.as_bytes());
                Ok(())
            }
            Out::File(f) => f.write_all(s.as_bytes()),
        }
    }

    /// The whole text (a file is read back: only for a roster without pairs).
    pub(super) fn into_text(self) -> String {
        match self {
            Out::Memory(v) => String::from_utf8(v).expect("written as text"),
            Out::File(f) => {
                let mut text = String::new();
                if let Ok(mut f) = f.into_inner() {
                    let _ = f.seek(SeekFrom::Start(0));
                    let _ = f.read_to_string(&mut text);
                }
                text
            }
        }
    }
}

/// A roster written out as cohort text: the text, where things came from, and where its
/// `[[pairs]]` are (none when no row was written).
pub(super) fn generate(
    settings: &Settings,
    flags: &Flags,
    out: Out,
) -> Result<(Out, Origin, Option<Parts>), Box<Diagnostic>> {
    let Some(kind) = Kind::of(&settings.file) else {
        return Err(Box::new(
            settings.problem_at_file(
                Problem::error("roster.file", "is not a roster this tool reads").help(
                    "a roster is a .csv, .tsv, .txt (tab-separated), .xlsx, .ods or .xls file",
                ),
            ),
        ));
    };
    let mut e = Emitter {
        settings,
        flags,
        out,
        at: 0,
        split: Splitter::default(),
        origin: Origin::new(settings.file.clone(), None),
        columns: None,
        header_at: 0,
        pairs: 0,
        ctx: Ctx {
            date_order: settings.date_order,
            is_1904: false,
        },
        failed: None,
    };
    let mut text = settings.text.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in text.split_inclusive('\n') {
        e.line(line);
    }
    let read = match kind {
        Kind::Delimited => super::csv::rows(settings, flags, &mut e),
        _ => super::sheet::rows(settings, kind, &mut e),
    };
    read?;
    if let Some(err) = e.failed.take() {
        return Err(Box::new(settings.problem_at_file(Problem::error(
            "",
            format!("cannot write the roster's pairs: {err}"),
        ))));
    }
    e.finish_checks();
    let Emitter {
        out, origin, split, ..
    } = e;
    let out = match out {
        Out::File(mut f) => {
            f.flush().map_err(|err| {
                Box::new(settings.problem_at_file(Problem::error(
                    "",
                    format!("cannot write a temporary file: {err}"),
                )))
            })?;
            Out::File(f)
        }
        m => m,
    };
    Ok((out, origin, split.finish()))
}

/// What takes a roster's rows as they are read.
pub(super) trait Sink {
    /// A workbook's sheet, and whether its serial dates count from 1904.
    fn begin(&mut self, sheet: &str, is_1904: bool);
    /// The next row; `false` stops the reading (the headers are wrong).
    fn row(&mut self, row: Row) -> bool;
}

impl Sink for Emitter<'_> {
    fn begin(&mut self, sheet: &str, is_1904: bool) {
        self.origin.sheet = Some(sheet.to_string());
        self.ctx.is_1904 = is_1904;
    }

    fn row(&mut self, row: Row) -> bool {
        self.take(row)
    }
}

struct Emitter<'s> {
    settings: &'s Settings,
    flags: &'s Flags,
    out: Out,
    /// Bytes written so far: the offset of the next line.
    at: usize,
    split: Splitter,
    origin: Origin,
    columns: Option<Columns>,
    header_at: u32,
    pairs: usize,
    ctx: Ctx,
    failed: Option<std::io::Error>,
}

impl Emitter<'_> {
    fn line(&mut self, s: &str) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = self.out.write(s) {
            self.failed = Some(e);
        }
        self.split.line(s);
        self.at += s.len();
    }

    fn take(&mut self, row: Row) -> bool {
        let blank = row.cells.iter().all(|(_, c)| c.is_blank());
        if self.columns.is_none() {
            match self.settings.header_row {
                Some(h) if row.at < h => return true,
                None if blank => return true,
                _ => {}
            }
            return self.header(row);
        }
        if !blank {
            self.pair(&row);
        }
        self.failed.is_none()
    }

    fn header(&mut self, row: Row) -> bool {
        if let Some(h) = self.settings.header_row.filter(|h| row.at > *h) {
            self.origin
                .fatal
                .push(self.settings.problem_at_file(Problem::error(
                    "roster.header_row",
                    format!("row {h} of the roster is empty: it has no headers"),
                )));
            return false;
        }
        self.header_at = row.at;
        let headers: Vec<(u32, String)> = row
            .cells
            .iter()
            .map(|(c, cell)| (*c, cell.text()))
            .collect();
        for (c, h) in &headers {
            self.origin.headers.insert(*c, h.clone());
        }
        for &(first, last) in &row.merged {
            self.fatal_at(
                first,
                Problem::error(
                    "",
                    format!(
                        "the header cells {}{} to {}{} are merged",
                        super::column_letters(first),
                        row.at,
                        super::column_letters(last),
                        row.at
                    ),
                )
                .help("unmerge them, so that each column has a header of its own"),
            );
        }
        match Columns::resolve(&headers, self.settings, &self.flags.map) {
            Ok(c) if self.origin.fatal.is_empty() => {
                self.columns = Some(c);
                true
            }
            Ok(_) => false,
            Err(found) => {
                for f in found {
                    match f {
                        Found::Header(col, p) => self.fatal_at(col, p),
                        Found::Mapping(p, span) => {
                            let d = self.settings.problem_at(p, span);
                            self.origin.fatal.push(d);
                        }
                        Found::File(p) => self
                            .origin
                            .fatal
                            .push(Diagnostic::new(&self.settings.file, p)),
                    }
                }
                false
            }
        }
    }

    /// A problem with the header cell of column `col`.
    fn fatal_at(&mut self, col: u32, p: Problem) {
        let header = self.origin.headers.get(&col).cloned().unwrap_or_default();
        let mut d = Diagnostic::new(&self.settings.file, p);
        d.location = Some(Location {
            line: self.header_at as usize,
            column: col as usize + 1,
            width: header.chars().count().max(1),
            place: Some(self.origin.cell_place(self.header_at, Some(col))),
            source_line: header,
        });
        self.origin.fatal.push(d);
    }

    /// What is wrong with the roster once every row is read.
    fn finish_checks(&mut self) {
        if !self.origin.fatal.is_empty() {
            return;
        }
        let what = match (self.columns.is_some(), self.pairs) {
            (false, _) => "is empty: it has no header row",
            (true, 0) => "has headers but no rows of pairs",
            _ => return,
        };
        self.origin.fatal.push(Diagnostic::new(
            &self.settings.file,
            Problem::error("", what),
        ));
    }

    /// Row `row` as a `[[pairs]]` table.
    fn pair(&mut self, row: &Row) {
        self.pairs += 1;
        let at = row.at;
        self.line(&format!("[[pairs]] #@r{at}\n"));
        let mut numbered: Vec<(u32, u32, Vec<String>)> = Vec::new();
        for (col, cell) in &row.cells {
            if cell.is_blank() {
                continue;
            }
            let target = self
                .columns
                .as_ref()
                .expect("headers read")
                .target(*col)
                .clone();
            match target {
                Target::Ignored => {}
                Target::Unnamed => self.problem(at, *col, Problem::error("", "a value in a column without a header")
                    .help("give the column a header (a key, or one mapped in [columns]), or delete the value")),
                Target::Key(key, kind) => match cells::value(cell, kind, self.ctx, key) {
                    Ok(Some(v)) => self.line(&format!("{key} = {v} #@r{at}c{col}\n")),
                    Ok(None) => {}
                    Err(p) => self.problem(at, *col, p),
                },
                Target::Goals => {
                    for (i, g) in cells::split(&cell.text()).into_iter().enumerate() {
                        let line = format!("description = {} #@r{at}c{col}\n", cells::string(&g));
                        goal(&mut numbered, i as u32 + 1, *col, line);
                    }
                }
                Target::Goal(n, field, kind) => {
                    let key = format!("goals[{n}].{field}");
                    match cells::value(cell, kind, self.ctx, &key) {
                        Ok(Some(v)) => goal(&mut numbered, n, *col, format!("{field} = {v} #@r{at}c{col}\n")),
                        Ok(None) => {}
                        Err(p) => self.problem(at, *col, p),
                    }
                }
            }
        }
        numbered.sort_by_key(|g| g.0);
        for (_, col, lines) in numbered {
            self.line(&format!("[[pairs.goals]] #@r{at}c{col}\n"));
            for l in lines {
                self.line(&l);
            }
        }
    }

    /// A cell of the current pair that cannot be read: a marker line, and the problem.
    fn problem(&mut self, row: u32, col: u32, p: Problem) {
        let at = self.at;
        self.line(&format!("#@r{row}c{col}\n"));
        self.origin
            .cells
            .entry(self.pairs)
            .or_default()
            .push((p, at..at + 1));
    }
}

/// Goal `n`'s line `line` (from column `col`), beside the lines it has already.
fn goal(goals: &mut Vec<(u32, u32, Vec<String>)>, n: u32, col: u32, line: String) {
    match goals.iter_mut().find(|g| g.0 == n) {
        Some(g) => g.2.push(line),
        None => goals.push((n, col, vec![line])),
    }
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
