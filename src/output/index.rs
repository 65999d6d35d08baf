//! `index.csv`: one row per agreement, for tracking and mail-merge.

use std::path::{Path, PathBuf};

use super::write_atomic;
use crate::error::{Error, Result};
use crate::model::Agreement;
use crate::schedule::Schedule;

/// One line of `index.csv`.
pub struct IndexRow {
    pub mentee: String,
    pub mentee_email: String,
    pub mentor: String,
    pub mentor_email: String,
    pub start: String,
    pub end: String,
    pub next_review: String,
    pub files: Vec<PathBuf>,
}

/// `today` decides the next review; it is read once per run, not per pair.
pub fn index_row(
    a: &Agreement,
    schedule: &Schedule,
    files: &[PathBuf],
    today: jiff::civil::Date,
) -> IndexRow {
    let next = schedule
        .reviews()
        .find(|m| m.date >= today)
        .or_else(|| schedule.reviews().last());
    IndexRow {
        mentee: a.mentee.name.clone(),
        mentee_email: a.mentee.email.clone().unwrap_or_default(),
        mentor: a.mentor.name.clone(),
        mentor_email: a.mentor.email.clone().unwrap_or_default(),
        start: a.duration.start.to_string(),
        end: a.duration.end.to_string(),
        next_review: next.map(|m| m.date.to_string()).unwrap_or_default(),
        files: files
            .iter()
            .map(|f| f.file_name().map(PathBuf::from).unwrap_or_default())
            .collect(),
    }
}

pub fn write_index(path: &Path, rows: &[(IndexRow, &str)]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "number",
        "mentee",
        "mentee_email",
        "mentor",
        "mentor_email",
        "start",
        "end",
        "next_review",
        "status",
        "files",
    ];
    let io = |e: csv::Error| Error::write(path, std::io::Error::other(e));
    w.write_record(header).map_err(io)?;
    for (i, (r, status)) in rows.iter().enumerate() {
        let files = r
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(";");
        let n = (i + 1).to_string();
        w.write_record([
            n.as_str(),
            &r.mentee,
            &r.mentee_email,
            &r.mentor,
            &r.mentor_email,
            &r.start,
            &r.end,
            &r.next_review,
            status,
            &files,
        ])
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::write(path, std::io::Error::other(e.to_string())))?;
    write_atomic(path, &bytes)
}
