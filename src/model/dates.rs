//! Dates as a pair writes them: the one formatter of the crate (documents, messages and
//! the interview all use it) and the one reader of a date typed in the interview.
//!
//! Files keep ISO dates (`2027-01-31`), and so do errors raised while a file is parsed,
//! before its language is known, and flags such as `--on`: those are read by a program
//! or typed by the person who wrote the command, not by the pair.

use jiff::civil::Date;

use super::Language;

/// "1 December 2026" (en-GB) or "December 1, 2026" (en-US); with `weekday`,
/// "Tuesday 1 December 2026" or "Tuesday, December 1, 2026".
pub fn format_date(d: Date, us: bool, weekday: bool) -> String {
    let pattern = match (us, weekday) {
        (false, false) => "%-d %B %Y",
        (false, true) => "%A %-d %B %Y",
        (true, false) => "%B %-d, %Y",
        (true, true) => "%A, %B %-d, %Y",
    };
    d.strftime(pattern).to_string()
}

impl Language {
    fn us(self) -> bool {
        self == Language::EnUs
    }

    /// The day as the pair's text writes it: "December 1, 2026", "1 December 2026",
    /// "5 avril 2027".
    pub(crate) fn date(self, d: Date) -> String {
        self.written(d, false)
    }

    /// The day with its weekday: "Tuesday, December 1, 2026", "Tuesday 1 December 2026",
    /// "lundi 5 avril 2027".
    pub(crate) fn day(self, d: Date) -> String {
        self.written(d, true)
    }

    fn written(self, d: Date, weekday: bool) -> String {
        if self.is_english() {
            format_date(d, self.us(), weekday)
        } else if self == Language::Fr && d.day() == 1 {
            // French writes the first of a month as an ordinal, "1er décembre", which
            // CLDR's pattern (a number) does not.
            let s = self.cldr_date(d, weekday);
            s.split(' ')
                .map(|w| if w == "1" { "1er" } else { w })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            self.cldr_date(d, weekday)
        }
    }

    /// How the interview asks for a date in figures: "MM/DD/YYYY" or "DD/MM/YYYY".
    pub(crate) fn date_form(self) -> &'static str {
        if self.us() {
            "MM/DD/YYYY"
        } else {
            "DD/MM/YYYY"
        }
    }

    /// The day in figures, in [`Language::date_form`]: what the interview offers to
    /// edit, and reads back with [`Language::read_date`].
    pub(crate) fn figures(self, d: Date) -> String {
        d.strftime(if self.us() { "%m/%d/%Y" } else { "%d/%m/%Y" })
            .to_string()
    }

    /// A date typed in the interview: ISO (`2026-12-01`) always; figures with slashes in
    /// the language's order (`12/01/2026` is 1 December for en-US, 12 January for
    /// en-GB); or the month in words, either way round ("December 1, 2026",
    /// "1 December 2026"), which cannot be misread. The year has all four figures.
    pub(crate) fn read_date(self, text: &str) -> Result<Date, String> {
        let s = text.trim();
        let bad = || {
            format!(
                "\"{s}\" is not a date; write it as {}, e.g. {}, or as YYYY-MM-DD",
                self.date_form(),
                self.figures(jiff::civil::date(2027, 1, 31))
            )
        };
        if let Ok(d) = s.parse::<Date>() {
            return Ok(d);
        }
        if let [a, b, y] = s.split('/').map(str::trim).collect::<Vec<_>>()[..] {
            let (m, d) = if self.us() { (a, b) } else { (b, a) };
            if y.len() != 4 || m.len() > 2 || d.len() > 2 {
                return Err(bad());
            }
            let n = |t: &str| t.parse::<i16>().map_err(|_| bad());
            let (y, m, d) = (n(y)?, n(m)?, n(d)?);
            return Date::new(y, m as i8, d as i8)
                .map_err(|_| format!("\"{s}\" is not a real date: there is no such day"));
        }
        let words = s.replace(',', " ");
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        ["%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y"]
            .iter()
            .find_map(|f| Date::strptime(f, &words).ok())
            .ok_or_else(bad)
    }
}

/// The languages of the pairs a run lists: dates of the run as a whole (`due`'s window,
/// `report`'s day) are written as its pairs write them while they all agree, and in
/// ISO, which neither misreads, when they do not (or there are none).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) enum Languages {
    #[default]
    None,
    One(Language),
    Both,
}

impl Languages {
    pub(crate) fn add(&mut self, l: Language) {
        *self = match *self {
            Languages::None => Languages::One(l),
            Languages::One(k) if k == l => Languages::One(l),
            _ => Languages::Both,
        };
    }

    pub(crate) fn date(self, d: Date) -> String {
        match self {
            Languages::One(l) => l.date(d),
            _ => d.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_in_both_spellings() {
        let d = date(2027, 1, 31);
        assert_eq!(format_date(d, false, false), "31 January 2027");
        assert_eq!(format_date(d, true, false), "January 31, 2027");
        assert_eq!(format_date(d, false, true), "Sunday 31 January 2027");
        assert_eq!(Language::EnUs.day(d), "Sunday, January 31, 2027");
        assert_eq!(Language::EnUs.figures(d), "01/31/2027");
        assert_eq!(Language::EnGb.figures(d), "31/01/2027");
    }

    #[test]
    fn typed_dates_read_in_the_pairs_order() {
        let dec1 = date(2026, 12, 1);
        let (us, gb) = (Language::EnUs, Language::EnGb);
        assert_eq!(us.read_date("12/01/2026"), Ok(dec1));
        assert_eq!(gb.read_date("01/12/2026"), Ok(dec1));
        assert_eq!(gb.read_date("12/01/2026"), Ok(date(2026, 1, 12)));
        for l in [us, gb] {
            assert_eq!(l.read_date(" 2026-12-01 "), Ok(dec1));
            assert_eq!(l.read_date("December 1, 2026"), Ok(dec1));
            assert_eq!(l.read_date("1 December 2026"), Ok(dec1));
            assert_eq!(l.read_date("1 dec 2026"), Ok(dec1));
            assert_eq!(l.read_date(&l.figures(dec1)), Ok(dec1));
            assert_eq!(l.read_date(&l.date(dec1)), Ok(dec1));
        }
        assert!(us.read_date("13/01/2026").is_err());
        assert!(gb.read_date("01/13/2026").is_err());
        assert!(gb
            .read_date("30/02/2027")
            .unwrap_err()
            .contains("not a real date"));
        assert!(us.read_date("12/01/26").is_err());
        assert!(us.read_date("soon").unwrap_err().contains("MM/DD/YYYY"));
    }

    #[test]
    fn a_run_of_one_language_writes_its_dates() {
        let d = date(2026, 12, 1);
        let mut seen = Languages::default();
        assert_eq!(seen.date(d), "2026-12-01");
        seen.add(Language::EnUs);
        seen.add(Language::EnUs);
        assert_eq!(seen.date(d), "December 1, 2026");
        seen.add(Language::EnGb);
        assert_eq!(seen.date(d), "2026-12-01");
    }
}
