//! Checks of single values: text, emails, dates, times, month arithmetic. Validation
//! and the interview (as answers are typed) both use them.

use jiff::civil::Date;
use jiff::ToSpan;
use toml::value::Datetime;

/// `s` with whitespace runs collapsed to single spaces and hidden characters removed;
/// `true` if any were removed. Zero-width joiners and non-joiners are kept where they
/// join two visible characters (an emoji sequence, Persian or an Indic script spelled
/// right); elsewhere, like the other hidden characters, they only hide or reorder text.
pub(crate) fn strip_hidden(s: &str) -> (String, bool) {
    let hidden = |c: char| {
        (c.is_control() && !c.is_whitespace())
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
            // Noncharacters: no text holds them, and XML (the PDF's metadata) may not.
            || matches!(c, '\u{FDD0}'..='\u{FDEF}')
            || (c as u32 & 0xFFFE) == 0xFFFE
    };
    let joiner = |c: char| matches!(c, '\u{200C}' | '\u{200D}');
    let visible = |c: Option<&char>| c.is_some_and(|&c| !hidden(c) && !c.is_whitespace());
    let chars: Vec<char> = s.chars().collect();
    let mut kept = String::with_capacity(s.len());
    let mut removed = false;
    for (i, &c) in chars.iter().enumerate() {
        let joins = joiner(c) && i > 0 && visible(chars.get(i - 1)) && visible(chars.get(i + 1));
        if hidden(c) && !joins {
            removed = true;
        } else {
            kept.push(c);
        }
    }
    (
        kept.split_whitespace().collect::<Vec<_>>().join(" "),
        removed,
    )
}

/// How names, emails and `--pair` are compared: case and spacing aside.
pub(crate) fn folded(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One `@`; a local part with no spaces, no markup or quoting characters (`<>()[]\,;:"`)
/// and that does not start like a spreadsheet formula; a domain of two or more
/// dot-separated labels of letters, digits and hyphens.
pub(crate) fn check_email(e: &str) -> Result<(), String> {
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            let label = |l: &str| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            };
            !local.is_empty()
                && !local.starts_with(['=', '+', '-', '@'])
                && !local
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"`".contains(c))
                && domain.split('.').count() >= 2
                && domain.split('.').all(label)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{e}\" does not look like an email address (name@example.org)"
        ))
    }
}

/// Dates a partnership can have: from 2000 to 2100.
pub(crate) const YEARS: std::ops::RangeInclusive<u16> = 2000..=2100;

pub(crate) fn to_date(d: &Datetime) -> Result<Date, String> {
    match (&d.date, &d.time, &d.offset) {
        (Some(date), None, None) if !YEARS.contains(&date.year) => Err(format!(
            "{d} is outside the years {} to {}; check the year",
            YEARS.start(),
            YEARS.end()
        )),
        (Some(date), None, None) => Date::new(date.year as i16, date.month as i8, date.day as i8)
            .map_err(|e| format!("{d} is not a real date: {e}")),
        _ => Err(format!(
            "expected a date like 2027-01-31, without a time; found {d}"
        )),
    }
}

/// The TOML date for `d`: what [`to_date`] reads back (for files mentorpact writes).
/// For a date written the spreadsheet way (`18/01/2027`, `18.01.2027`, quoted or not),
/// the exact fix: the same day as TOML writes it; both readings when the order of day
/// and month cannot be told. Raised while the file is parsed, before the pair's language
/// is known: the month is spelled out, so neither order of day and month misreads it.
pub(crate) fn spreadsheet_date(s: &str) -> Option<String> {
    let s = s.trim().trim_matches('"').trim_matches('\'');
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    // Year first (2027/06/30) reads one way only.
    if let [y, m, d] = parts[..] {
        if y.len() == 4 && s.contains(['/', '.']) {
            let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
            return Some(format!(
                "write dates as year-month-day with hyphens, without quotes: {date} ({})",
                date.strftime("%-d %B %Y")
            ));
        }
    }
    let [a, b, y] = parts[..] else { return None };
    if y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (a, b, y): (i8, i8, i16) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let as_date = |d: i8, m: i8| Date::new(y, m, d).ok();
    let long = |d: Date| d.strftime("%-d %B %Y").to_string();
    match (as_date(a, b), as_date(b, a)) {
        (Some(x), Some(y)) if x != y => Some(format!(
            "write dates as year-month-day, without quotes: {x} for {}, or {y} for {}",
            long(x),
            long(y)
        )),
        (Some(d), _) | (None, Some(d)) => Some(format!(
            "write dates as year-month-day, without quotes: {d} ({})",
            long(d)
        )),
        (None, None) => None,
    }
}

pub(crate) fn from_date(d: Date) -> Datetime {
    Datetime {
        date: Some(toml::value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// "HH:MM", 24-hour.
pub(crate) fn check_time(s: &str) -> Result<String, String> {
    let s = s.trim();
    let bad = || format!("\"{s}\" is not a time; write it as \"HH:MM\", 24-hour, e.g. \"14:00\"");
    // jiff also reads "9:30"; the format asks for two digits, as the calendar writes.
    if s.len() != 5 {
        return Err(bad());
    }
    let t = jiff::civil::Time::strptime("%H:%M", s).map_err(|_| bad())?;
    Ok(t.strftime("%H:%M").to_string())
}

/// `start + k months`, with the day clamped to the end of a shorter month.
pub(crate) fn add_months(start: Date, k: u32) -> Date {
    start.checked_add((k as i64).months()).unwrap_or(Date::MAX)
}

/// The last day of a partnership of `months` months: the day before start + months,
/// or that month's last day when the start's day does not exist in it (a 31 January
/// start runs to 30 April, not 29 April).
pub(crate) fn end_from_months(start: Date, months: u32) -> Date {
    let anniversary = add_months(start, months);
    if anniversary.day() < start.day() {
        anniversary
    } else {
        anniversary.yesterday().unwrap_or(Date::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joiners_stay_where_they_join_and_go_where_they_hide() {
        // A family emoji and the Persian "mi-khaham" keep their joiners.
        for word in ["👩\u{200D}👩\u{200D}👧", "می\u{200C}خواهم"] {
            assert_eq!(strip_hidden(word), (word.to_string(), false));
        }
        // At an edge, next to a space, or alone, they only hide.
        assert_eq!(
            strip_hidden("\u{200D}Ada \u{200C}Lovelace\u{200D}").0,
            "Ada Lovelace"
        );
        assert_eq!(strip_hidden("\u{200D}\u{200C}"), (String::new(), true));
        assert_eq!(strip_hidden("Ad\u{200B}a\u{202E}").0, "Ada");
    }

    #[test]
    fn spreadsheet_dates_get_their_fix() {
        let fix = spreadsheet_date("18/01/2027").unwrap();
        assert!(fix.contains("2027-01-18 (18 January 2027)"), "{fix}");
        let both = spreadsheet_date("\"05/04/2027\"").unwrap();
        assert!(
            both.contains("2027-04-05") && both.contains("2027-05-04"),
            "{both}"
        );
        assert_eq!(spreadsheet_date("2027-01-18"), None);
        assert_eq!(spreadsheet_date("32/13/2027"), None);
        assert!(spreadsheet_date("2027/06/30")
            .unwrap()
            .contains("2027-06-30"));
    }
}
