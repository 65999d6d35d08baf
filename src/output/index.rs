//! `index.csv`: one row per agreement in input order, failed ones included, for
//! tracking and mail-merge; and the manifest that lets a rerun tell its own files from
//! another agreement's.

use std::io::Write;
use std::path::PathBuf;

use super::AtomicFile;
use crate::error::{Error, Result};
use crate::model::Agreement;
use crate::schedule::Schedule;

/// One line of `index.csv`.
#[derive(Debug, Default, Clone)]
pub(crate) struct IndexRow {
    /// The input file, and the pair's number in it (none for a one-agreement file).
    pub(crate) file: String,
    pub(crate) pair: Option<usize>,
    /// Who the pair is, however the file is ordered: what `--pair` and the records
    /// folder know them by.
    pub(crate) identity: String,
    pub mentee: String,
    pub(crate) mentee_email: String,
    pub mentor: String,
    pub(crate) mentor_email: String,
    pub(crate) start: String,
    pub end: String,
    /// The next meeting that matters from the day of the run (the first meeting, the
    /// early check, a review, the final review, or the end of the term): date and what.
    pub(crate) next: (String, String),
    /// Who has confirmed this text with `mentorpact sign`, e.g. "mentee; mentor", and
    /// any confirmation made void by a later change, e.g. "void: coordinator".
    pub(crate) confirmed: String,
    /// "new", "updated", "up to date", "kept" (a file not the tool's to replace; the
    /// reason says why), "failed".
    pub(crate) status: String,
    /// Why a pair failed or is incomplete.
    pub(crate) reason: String,
    /// Only files that hold this agreement.
    pub files: Vec<PathBuf>,
}

/// `today` decides the next review; it is read once per run, not per pair.
pub(crate) fn index_row(a: &Agreement, schedule: &Schedule, today: jiff::civil::Date) -> IndexRow {
    // The next meeting that matters; once the term is over, its end.
    let mut milestones = schedule.milestones();
    milestones.push((a.duration.end, "end".into()));
    let next = milestones.into_iter().find(|(d, _)| *d >= today);
    IndexRow {
        mentee: a.mentee.name.clone(),
        mentee_email: a.mentee.email.clone().unwrap_or_default(),
        mentor: a.mentor.name.clone(),
        mentor_email: a.mentor.email.clone().unwrap_or_default(),
        start: a.duration.start.to_string(),
        end: a.duration.end.to_string(),
        next: next
            .map(|(d, what)| (d.to_string(), what))
            .unwrap_or_default(),
        confirmed: confirmed(a),
        ..IndexRow::default()
    }
}

/// "mentee; mentor", then "void: coordinator" for confirmations of an earlier text.
fn confirmed(a: &Agreement) -> String {
    let list = |valid: bool| {
        a.confirmations
            .iter()
            .filter(|c| c.valid == valid)
            .map(|c| c.who.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    };
    match (list(true), list(false)) {
        (ok, void) if void.is_empty() => ok,
        (ok, void) if ok.is_empty() => format!("void: {void}"),
        (ok, void) => format!("{ok}; void: {void}"),
    }
}

/// A cell a spreadsheet will not run: one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'` (OWASP's advice on CSV injection).
pub(crate) fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// UTF-8's byte-order mark, which tells spreadsheets the encoding. Python reads past it
/// with `encoding="utf-8-sig"`, csvkit and pandas by themselves.
pub(crate) const BOM: &[u8] = "\u{feff}".as_bytes();

/// `index.csv`, written a row at a time as the run goes (a cohort of 100,000 pairs
/// does not hold its rows), and put in place only when the run completes.
pub(crate) struct IndexWriter {
    path: PathBuf,
    out: Option<csv::Writer<AtomicFile>>,
    rows: usize,
}

const HEADER: [&str; 15] = [
    "file",
    "pair",
    "identity",
    "mentee",
    "mentee_email",
    "mentor",
    "mentor_email",
    "start",
    "end",
    "next_date",
    "next_event",
    "confirmed",
    "status",
    "reason",
    "files",
];

impl IndexWriter {
    /// The index at `path`; nothing is written until the first row.
    pub(crate) fn new(path: PathBuf) -> IndexWriter {
        IndexWriter {
            path,
            out: None,
            rows: 0,
        }
    }

    /// Add the next row; the first makes the file (its folder must exist).
    pub(crate) fn push(&mut self, r: &IndexRow) -> Result<()> {
        let io = |e: csv::Error| Error::write(&self.path, std::io::Error::other(e));
        let out = match &mut self.out {
            Some(out) => out,
            None => {
                let mut file = AtomicFile::create(&self.path)?;
                // A byte-order mark: Excel, opened by double-click, then reads UTF-8.
                file.write_all(BOM)
                    .map_err(|e| Error::write(&self.path, e))?;
                let mut out = csv::Writer::from_writer(file);
                out.write_record(HEADER).map_err(io)?;
                self.out.insert(out)
            }
        };
        self.rows += 1;
        let files = r
            .files
            .iter()
            .filter_map(|f| f.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(";");
        let pair = r.pair.map(|n| n.to_string()).unwrap_or_default();
        let cells = [
            &r.file,
            &pair,
            &r.identity,
            &r.mentee,
            &r.mentee_email,
            &r.mentor,
            &r.mentor_email,
            &r.start,
            &r.end,
            &r.next.0,
            &r.next.1,
            &r.confirmed,
            &r.status,
            &r.reason,
            &files,
        ];
        out.write_record(cells.iter().map(|c| csv_cell(c).into_owned()))
            .map_err(io)
    }

    /// Put the index in place, if it has any rows.
    pub(crate) fn commit(self) -> Result<()> {
        match self.out {
            Some(out) => out
                .into_inner()
                .map_err(|e| Error::write(&self.path, std::io::Error::other(e.to_string())))?
                .commit(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("Zoë"), "Zoë");
    }
}
