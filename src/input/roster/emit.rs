//! Rows → the cohort text they stand for: the cohort file's own text (its roster keys
//! blanked), then one `[[pairs]]` table per row, a line per cell, each line ending with
//! a marker of the cell it came from (`#@r8c3`: row 8, column 3, 0-based). A cell that
//! cannot be read as its key leaves a marker line alone and a problem for its pair, so
//! a bad row fails by itself and the others are written.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};

use super::cells::{self, Ctx};
use super::columns::{Columns, Found, Target};
use super::origin::{column_letters, Flags, Kind, Origin, Row, Sink};
use super::settings::Settings;
use crate::error::{Diagnostic, Location, Problem};
use crate::input::split::{Parts, Splitter};
use crate::input::stream::HOLD;

/// Where the text goes: memory, until it passes [`HOLD`] bytes, then an unnamed
/// temporary file, so a roster whose text is big (a small `.xlsx` or `.ods` can stand
/// for a big one) never holds it whole.
pub(super) enum Out {
    Memory(Vec<u8>),
    File(BufWriter<File>),
}

impl Out {
    pub(super) fn new() -> Out {
        Out::Memory(Vec::new())
    }

    fn write(&mut self, s: &str) -> std::io::Result<()> {
        if let Out::Memory(v) = self {
            if (v.len() + s.len()) as u64 > HOLD {
                let mut f = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
                f.write_all(v)?;
                *self = Out::File(f);
            }
        }
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
        Kind::Ods => super::ods::rows(settings, &mut e),
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
                        column_letters(first),
                        row.at,
                        column_letters(last),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_past_a_mebibyte_goes_to_a_file_and_reads_back_whole() {
        let line = "[[pairs]] #@r2\nmentor.name = \"Grace Hopper\" #@r2c0\n";
        let mut out = Out::new();
        let mut written = String::new();
        while ((written.len() + line.len()) as u64) <= HOLD {
            out.write(line).unwrap();
            written.push_str(line);
            assert!(matches!(out, Out::Memory(_)), "held while it fits");
        }
        out.write(line).unwrap();
        written.push_str(line);
        assert!(matches!(out, Out::File(_)), "spilled past 1 MiB");
        assert_eq!(out.into_text(), written);
    }
}
