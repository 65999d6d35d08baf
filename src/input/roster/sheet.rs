//! Excel workbook rosters (`.xlsx`, `.xls`) through calamine, and what the `.ods` reader
//! shares with them (choosing the sheet, ISO dates and times). Formula cells give the
//! values they last computed; date cells become dates in either of Excel's date
//! systems; text cells keep what was typed (an id of 00123 stays so).
//!
//! `.xlsx` is read a cell at a time (calamine's cell reader): memory holds one row and
//! the workbook's shared strings, and a stray cell far out in the sheet costs one cell,
//! not the grid up to it. calamine reads an `.xls` whole, a grid per sheet, as it opens
//! it: `biff` first measures each sheet's used area and refuses one too big to hold.

use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader};

use super::cells::Cell;
use super::origin::{Kind, Row, Sink};
use super::settings::Settings;
use crate::error::{did_you_mean, Diagnostic, Problem};

/// Every row of the roster's sheet, in order, to `sink` (told first the sheet's name
/// and date system), until it says stop.
pub(super) fn rows(
    settings: &Settings,
    kind: Kind,
    sink: &mut dyn Sink,
) -> Result<(), Box<Diagnostic>> {
    let path = &settings.file;
    let fail = |e: &dyn std::fmt::Display| unreadable(settings, e);
    match kind {
        Kind::Xlsx => {
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook(path).map_err(|e| fail(&e))?;
            let name = pick_sheet(settings, &book.sheet_names())?;
            sink.begin(&name, book.has_1904_epoch());
            let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
            let mut cells = book.worksheet_cells_reader(&name).map_err(|e| fail(&e))?;
            let mut row = Row {
                at: 0,
                cells: Vec::new(),
                merged: Vec::new(),
            };
            while let Some(cell) = cells.next_cell().map_err(|e| fail(&e))? {
                let (r, c) = cell.get_position();
                if r + 1 != row.at && !row.cells.is_empty() {
                    let done = std::mem::replace(
                        &mut row,
                        Row {
                            at: 0,
                            cells: Vec::new(),
                            merged: Vec::new(),
                        },
                    );
                    if !sink.row(done) {
                        return Ok(());
                    }
                }
                row.at = r + 1;
                if let Some(v) = of_ref(cell.get_value()) {
                    row.merged = merged_in(&merged, r);
                    row.cells.push((c, v));
                }
            }
            if !row.cells.is_empty() {
                sink.row(row);
            }
            Ok(())
        }
        _ => {
            super::biff::check(path).map_err(|p| Box::new(settings.problem_at_file(p)))?;
            let mut book: calamine::Xls<_> = calamine::open_workbook(path).map_err(|e| fail(&e))?;
            let name = pick_sheet(settings, &book.sheet_names())?;
            sink.begin(&name, book.has_1904_epoch());
            let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
            let range = book.worksheet_range(&name).map_err(|e| fail(&e))?;
            whole(&range, &merged, sink);
            Ok(())
        }
    }
}

/// A sheet read whole (`.xls`): its rows that hold something.
fn whole(range: &calamine::Range<Data>, merged: &[Dimensions], sink: &mut dyn Sink) {
    let Some((top, left)) = range.start() else {
        return;
    };
    for (i, cells) in range.rows().enumerate() {
        let r = top + i as u32;
        let cells: Vec<_> = cells
            .iter()
            .enumerate()
            .filter_map(|(j, d)| Some((left + j as u32, of_data(d)?)))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let row = Row {
            at: r + 1,
            cells,
            merged: merged_in(merged, r),
        };
        if !sink.row(row) {
            return;
        }
    }
}

/// The roster's file is not a workbook that can be read, for reason `e`.
pub(super) fn unreadable(settings: &Settings, e: &dyn std::fmt::Display) -> Box<Diagnostic> {
    Box::new(settings.problem_at_file(Problem::error(
        "",
        format!(
            "cannot read {} as a spreadsheet: {e}",
            crate::error::shown(&settings.file)
        ),
    )))
}

/// The sheet `roster.sheet` names, else the first.
pub(super) fn pick_sheet(settings: &Settings, names: &[String]) -> Result<String, Box<Diagnostic>> {
    let Some(want) = &settings.sheet else {
        return names.first().cloned().ok_or_else(|| {
            Box::new(settings.problem_at_file(Problem::error("", "the workbook has no sheets")))
        });
    };
    if let Some(n) = names.iter().find(|n| n.as_str() == want.as_str()) {
        return Ok(n.clone());
    }
    if let Some(n) = names
        .iter()
        .find(|n| n.trim().eq_ignore_ascii_case(want.trim()))
    {
        return Ok(n.clone());
    }
    let list = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match did_you_mean(want, names.iter().map(String::as_str)) {
        Some(m) => format!("did you mean \"{m}\"? Its sheets: {list}"),
        None => format!("its sheets: {list}"),
    };
    Err(Box::new(
        settings.problem_at_file(
            Problem::error(
                "roster.sheet",
                format!("{} has no sheet \"{want}\"", shown(&settings.file)),
            )
            .help(help),
        ),
    ))
}

fn shown(p: &Path) -> String {
    crate::error::shown(p)
}

/// Merged regions that take in row `r` (0-based) and more than one column.
fn merged_in(merged: &[Dimensions], r: u32) -> Vec<(u32, u32)> {
    merged
        .iter()
        .filter(|d| d.start.0 <= r && r <= d.end.0 && d.end.1 > d.start.1)
        .map(|d| (d.start.1, d.end.1))
        .collect()
}

fn of_ref(d: &DataRef<'_>) -> Option<Cell> {
    Some(match d {
        DataRef::Empty => return None,
        DataRef::Int(i) => Cell::Int(*i),
        DataRef::Float(f) => Cell::Float(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => moment(dt),
        DataRef::DateTimeIso(s) => iso(s),
        DataRef::DurationIso(s) => duration(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    })
}

fn of_data(d: &Data) -> Option<Cell> {
    Some(match d {
        Data::Empty => return None,
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => moment(dt),
        Data::DateTimeIso(s) => iso(s),
        Data::DurationIso(s) => duration(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    })
}

/// A date (or time) cell.
fn moment(dt: &calamine::ExcelDateTime) -> Cell {
    let (y, m, d, h, min, ..) = dt.to_ymd_hms_milli();
    if dt.is_duration() || dt.as_f64() < 1.0 {
        return Cell::Time(h, min);
    }
    match jiff::civil::Date::new(y as i16, m as i8, d as i8) {
        Ok(date) => Cell::Date(date, (h, min)),
        Err(_) => Cell::Float(dt.as_f64()),
    }
}

/// An ODS date cell, `2027-01-11` or `2027-01-11T14:00:00`.
pub(super) fn iso(s: &str) -> Cell {
    let date = s
        .get(..10)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok());
    let time = s
        .split_once('T')
        .and_then(|(_, t)| Some((t.get(..2)?.parse().ok()?, t.get(3..5)?.parse().ok()?)));
    match (date, time) {
        (Some(d), t) => Cell::Date(d, t.unwrap_or((0, 0))),
        (None, _) => Cell::Text(s.to_string()),
    }
}

/// An ODS time cell, `PT14H00M00S`.
pub(super) fn duration(s: &str) -> Cell {
    let t = s.trim_start_matches("PT");
    let parse = || -> Option<(u8, u8)> {
        let (h, rest) = t.split_once('H')?;
        let (m, _) = rest.split_once('M')?;
        Some((h.parse().ok()?, m.parse().ok()?))
    };
    match parse() {
        Some((h, m)) => Cell::Time(h, m),
        None => Cell::Text(s.to_string()),
    }
}
