//! `mentorpact init --roster FILE`: a roster to fill, as `.xlsx` (headers, one example
//! row, a drop-down list on each column that takes one of a few words, from the same
//! lists the schema uses) or `.csv` (headers and the example row, cells neutralised).

use std::path::Path;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, Formula, Workbook, Worksheet,
};

use crate::error::{Error, Exit, Result};
use crate::input::roster_template_columns;
use crate::output::{csv_cell, write_atomic, BOM};

/// The example pair, by key.
fn example(key: &str) -> &'static str {
    match key {
        "id" => "NSM-2027-014",
        "mentee.name" => "Zoë Ó'Brien",
        "mentee.email" => "zoe@example.org",
        "mentee.role" => "Graduate Engineer",
        "mentor.name" => "Grace Hopper",
        "mentor.email" => "grace@example.org",
        "mentor.role" => "Principal Engineer",
        "goals" => {
            "Build confidence presenting to senior colleagues\nPlan a move into data engineering"
        }
        "relationship" => "traditional",
        "language" => "en-GB",
        "duration.start" => "2027-01-11",
        "duration.months" => "6",
        "meetings.frequency" => "monthly",
        "meetings.format" => "in-person",
        "meetings.length_minutes" => "60",
        "meetings.holidays" => "england-and-wales",
        "boundaries.line_manager" => "false",
        _ => "",
    }
}

pub(crate) fn init_roster(path: &Path, force: bool) -> Result<Exit> {
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; use --force to overwrite it",
            crate::error::shown(path)
        )));
    }
    let ext = path
        .extension()
        .and_then(|x| x.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("xlsx") => {
            xlsx().map_err(|e| Error::Usage(format!("cannot make the workbook: {e}")))?
        }
        Some("csv") => csv(),
        _ => {
            return Err(Error::Usage(format!(
                "{}: a roster template is a .xlsx or .csv file",
                crate::error::shown(path)
            )))
        }
    };
    write_atomic(path, &bytes)?;
    eprintln!(
        "wrote {}: one row per pair; then run `mentorpact check {}`",
        crate::error::shown(path),
        crate::error::shown(path)
    );
    Ok(Exit::Success)
}

fn xlsx() -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let mut sheet = Worksheet::new();
    sheet.set_name("Pairs")?;
    // Excel keeps at most 255 characters of a list written into a drop-down's rule; a
    // longer list (the holiday regions) is read from a column of this hidden sheet.
    let mut lists = Worksheet::new();
    lists.set_name("Lists")?.set_hidden(true);
    let mut long_lists: u16 = 0;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    for (col, (key, words)) in roster_template_columns().into_iter().enumerate() {
        let col = col as u16;
        sheet.write_with_format(0, col, key, &bold)?;
        sheet.set_column_width(col, if key == "goals" { 48 } else { 20 })?;
        let value = example(key);
        match key {
            "duration.start" => {
                let d = ExcelDateTime::parse_from_str(value)?;
                sheet.write_datetime_with_format(1, col, &d, &date)?;
            }
            "duration.months" | "meetings.length_minutes" => {
                sheet.write_number(1, col, value.parse::<f64>().unwrap_or_default())?;
            }
            "boundaries.line_manager" => {
                sheet.write_boolean(1, col, value == "true")?;
            }
            "goals" => {
                sheet.write_with_format(1, col, value, &wrap)?;
            }
            _ => {
                sheet.write(1, col, value)?;
            }
        }
        if !words.is_empty() {
            // Frequency also takes "every N weeks": other words warn, not refuse.
            let style = if key == "meetings.frequency" {
                DataValidationErrorStyle::Warning
            } else {
                DataValidationErrorStyle::Stop
            };
            let message = format!("{key} takes one of: {}", words.join(", "));
            let (list, message) = if message.chars().count() <= 255 {
                (DataValidation::new().allow_list_strings(&words)?, message)
            } else {
                for (row, w) in words.iter().enumerate() {
                    lists.write(row as u32, long_lists, *w)?;
                }
                let letter = rust_xlsxwriter::utility::column_number_to_name(long_lists);
                long_lists += 1;
                let range = format!("=Lists!${letter}$1:${letter}${}", words.len());
                let list = DataValidation::new().allow_list_formula(Formula::new(range));
                (list, format!("{key} takes one of the words in its list"))
            };
            let list = list
                .set_error_style(style)
                .set_error_title("mentorpact")?
                .set_error_message(message)?;
            sheet.add_data_validation(1, col, 1_048_575, col, &list)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.push_worksheet(sheet);
    if long_lists > 0 {
        book.push_worksheet(lists);
    }
    book.save_to_buffer()
}

fn csv() -> Vec<u8> {
    let columns = roster_template_columns();
    let mut w = ::csv::Writer::from_writer(BOM.to_vec());
    let keys: Vec<&str> = columns.iter().map(|(k, _)| *k).collect();
    let _ = w.write_record(&keys);
    let row: Vec<String> = keys
        .iter()
        .map(|k| csv_cell(example(k)).into_owned())
        .collect();
    let _ = w.write_record(&row);
    w.into_inner().unwrap_or_default()
}
