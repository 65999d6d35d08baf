//! One cell, as people type it, written as the TOML value of its key: text trimmed,
//! numbers kept as typed where the key is text (an id like 00123 stays so), real date
//! cells and ISO dates as dates, `03/04/2027` only when the cohort says which order
//! it is in, lists split on new lines or `;`.

use jiff::civil::Date;

use crate::error::Problem;
use crate::schema::Kind;

/// A cell's value as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Text(String),
    Int(i64),
    /// A number; a serial date when it is in a date column formatted "General".
    Float(f64),
    Bool(bool),
    /// A date cell, with its time of day (hours, minutes).
    Date(Date, (u8, u8)),
    /// A time cell without a day.
    Time(u8, u8),
    /// The error a formula shows (`#N/A`).
    Error(String),
}

/// How dates typed as text with slashes are read (`date_order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateOrder {
    DayMonthYear,
    MonthDayYear,
}

impl DateOrder {
    pub(super) fn parse(s: &str) -> Option<DateOrder> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day-month-year" => Some(DateOrder::DayMonthYear),
            "month-day-year" => Some(DateOrder::MonthDayYear),
            _ => None,
        }
    }
}

/// What cells are read with: the cohort's date order and the workbook's date system.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Ctx {
    pub(super) date_order: Option<DateOrder>,
    /// Serial dates count from 1904 (old Mac Excel) rather than 1900.
    pub(super) is_1904: bool,
}

impl Cell {
    /// Whether the cell holds nothing a person typed.
    pub(super) fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(t) if t.trim().is_empty())
    }

    /// The cell as text: what `goals` splits, and what a text key gets.
    pub(super) fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => number(*f),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d, (0, 0)) => d.to_string(),
            Cell::Date(d, (h, m)) => format!("{d} {h:02}:{m:02}"),
            Cell::Time(h, m) => format!("{h:02}:{m:02}"),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A number as a person typed it: 14, not 14.0.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// The TOML value of `cell` for a key of `kind`; `None` for an empty cell. A value that
/// is not of the key's kind is written as a string, so the key checks say what is
/// wrong in their own words; a cell that cannot be read at all is a problem here.
pub(super) fn value(
    cell: &Cell,
    kind: Kind,
    ctx: Ctx,
    key: &str,
) -> Result<Option<String>, Problem> {
    if cell.is_blank() {
        return Ok(None);
    }
    if let Cell::Error(e) = cell {
        return Err(Problem::error(key, format!("the cell shows the error {e}"))
            .help("correct the formula, or type the value"));
    }
    let text = cell.text();
    Ok(Some(match (kind, cell) {
        (Kind::Int, Cell::Int(i)) => i.to_string(),
        (Kind::Int, Cell::Float(f)) if f.fract() == 0.0 => number(*f),
        (Kind::Int, Cell::Text(t)) => match t.trim().parse::<i64>() {
            Ok(i) => i.to_string(),
            Err(_) => string(&text),
        },
        (Kind::Bool, Cell::Bool(b)) => b.to_string(),
        (Kind::Bool, Cell::Text(t)) => match t.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" => "true".into(),
            "false" | "no" | "n" => "false".into(),
            _ => string(&text),
        },
        (Kind::Date, Cell::Date(d, _)) => d.to_string(),
        (Kind::Date, Cell::Int(_) | Cell::Float(_)) => {
            let serial = match cell {
                Cell::Int(i) => *i as f64,
                Cell::Float(f) => *f,
                _ => unreachable!(),
            };
            match serial_date(serial, ctx.is_1904) {
                Some(d) => d.to_string(),
                None => string(&text),
            }
        }
        (Kind::Date, Cell::Text(t)) => text_date(t.trim(), ctx.date_order, key)?,
        (Kind::Time, Cell::Date(_, (h, m)) | Cell::Time(h, m)) => string(&format!("{h:02}:{m:02}")),
        (Kind::Time, Cell::Float(f)) if (0.0..1.0).contains(f) => {
            let minutes = (f * 24.0 * 60.0).round() as u32;
            string(&format!("{:02}:{:02}", minutes / 60, minutes % 60))
        }
        (Kind::Time, Cell::Text(t)) => string(&padded_time(t.trim())),
        (Kind::StrList, _) => {
            let items: Vec<String> = split(&text).iter().map(|s| string(s)).collect();
            format!("[{}]", items.join(", "))
        }
        _ => string(&text),
    }))
}

/// Several values in one cell: one a line, or separated by `;`.
pub(super) fn split(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A TOML basic string on one line.
pub(super) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// "9:30" as "09:30"; anything else as given, for the time check to judge.
fn padded_time(t: &str) -> String {
    match t.split_once(':') {
        Some((h, m)) if h.len() == 1 && h.chars().all(|c| c.is_ascii_digit()) => {
            format!("0{h}:{m}")
        }
        _ => t.to_string(),
    }
}

/// A serial day number of either of Excel's date systems, as a date.
pub(super) fn serial_date(serial: f64, is_1904: bool) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904);
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Date::new(y as i16, m as i8, d as i8).ok()
}

/// A date typed as text: ISO (2027-01-11, with or without a time), or day and month
/// in the cohort's `date_order`.
fn text_date(t: &str, order: Option<DateOrder>, key: &str) -> Result<String, Problem> {
    let iso = t
        .get(..10)
        .filter(|_| t.len() == 10 || t[10..].starts_with(['T', ' ']));
    if let Some(d) = iso.and_then(|d| d.parse::<Date>().ok()) {
        return Ok(d.to_string());
    }
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    let [a, b, y] = parts[..] else {
        return Ok(string(t));
    };
    let nums = (a.parse::<i8>(), b.parse::<i8>(), y.parse::<i16>());
    let (Ok(a), Ok(b), Ok(y)) = nums else {
        return Ok(string(t));
    };
    if y < 1000 {
        return Ok(string(t));
    }
    let Some(order) = order else {
        let help = format!(
            "say how the roster's dates are written in the cohort file: date_order = \"day-month-year\" or \"month-day-year\"; or {}",
            crate::model::spreadsheet_date(t).unwrap_or_else(|| "write dates as year-month-day".into())
        );
        return Err(Problem::error(
            key,
            format!("{t} could be day/month or month/day: the roster does not say which"),
        )
        .help(help));
    };
    let (d, m) = match order {
        DateOrder::DayMonthYear => (a, b),
        DateOrder::MonthDayYear => (b, a),
    };
    match Date::new(y, m, d) {
        Ok(date) => Ok(date.to_string()),
        Err(_) => Err(Problem::error(
            key,
            format!(
                "{t} is not a date when read as {}",
                match order {
                    DateOrder::DayMonthYear => "day/month/year",
                    DateOrder::MonthDayYear => "month/day/year",
                }
            ),
        )
        .help("check the date, or the cohort's date_order")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(cell: Cell, kind: Kind, order: Option<DateOrder>) -> Result<Option<String>, Problem> {
        value(
            &cell,
            kind,
            Ctx {
                date_order: order,
                is_1904: false,
            },
            "k",
        )
    }

    #[test]
    fn cells_become_toml_values_of_their_key() {
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(
            v(t(" zoe@example.org "), Kind::Str, None).unwrap().unwrap(),
            "\"zoe@example.org\""
        );
        assert_eq!(
            v(t("00123"), Kind::Str, None).unwrap().unwrap(),
            "\"00123\""
        );
        assert_eq!(
            v(Cell::Float(14.0), Kind::Str, None).unwrap().unwrap(),
            "\"14\""
        );
        assert_eq!(v(t("60"), Kind::Int, None).unwrap().unwrap(), "60");
        assert_eq!(
            v(t("sixty"), Kind::Int, None).unwrap().unwrap(),
            "\"sixty\""
        );
        assert_eq!(v(t("Yes"), Kind::Bool, None).unwrap().unwrap(), "true");
        assert_eq!(
            v(t("a; b\nc"), Kind::StrList, None).unwrap().unwrap(),
            "[\"a\", \"b\", \"c\"]"
        );
        assert_eq!(
            v(t("9:30"), Kind::Time, None).unwrap().unwrap(),
            "\"09:30\""
        );
        assert_eq!(v(t("  "), Kind::Str, None).unwrap(), None);
        assert_eq!(
            v(t("say \"hi\"\\"), Kind::Str, None).unwrap().unwrap(),
            r#""say \"hi\"\\""#
        );
    }

    #[test]
    fn dates_as_people_type_them() {
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(
            v(t("2027-01-11"), Kind::Date, None).unwrap().unwrap(),
            "2027-01-11"
        );
        assert_eq!(
            v(t("2027-01-11 00:00:00"), Kind::Date, None)
                .unwrap()
                .unwrap(),
            "2027-01-11"
        );
        let ambiguous = v(t("03/04/2027"), Kind::Date, None).unwrap_err();
        assert!(ambiguous.help.unwrap().contains("date_order"));
        let dmy = Some(DateOrder::DayMonthYear);
        assert_eq!(
            v(t("03/04/2027"), Kind::Date, dmy).unwrap().unwrap(),
            "2027-04-03"
        );
        let mdy = Some(DateOrder::MonthDayYear);
        assert_eq!(
            v(t("03/04/2027"), Kind::Date, mdy).unwrap().unwrap(),
            "2027-03-04"
        );
        assert!(v(t("13/04/2027"), Kind::Date, mdy).is_err());
        // Serial days: 46398 is 2027-01-11 counted from 1900, 44936 from 1904.
        assert_eq!(
            v(Cell::Float(46398.0), Kind::Date, None).unwrap().unwrap(),
            "2027-01-11"
        );
        let mac = Ctx {
            date_order: None,
            is_1904: true,
        };
        assert_eq!(
            value(&Cell::Float(44936.0), Kind::Date, mac, "k")
                .unwrap()
                .unwrap(),
            "2027-01-11"
        );
        assert!(v(Cell::Error("#N/A".into()), Kind::Str, None).is_err());
    }
}
