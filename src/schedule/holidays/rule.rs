//! What a holiday is, as the country tables write it: a name and the rule that gives its
//! date in a year, and how a country makes up one that falls on a weekend. The tables
//! (`mod.rs` for the UK and the US, `europe.rs`) and the calendar share these, so they
//! live below both.

use jiff::civil::{date, Date, Weekday};
use jiff::ToSpan;

/// How a holiday that falls on a weekend is made up.
#[derive(Clone, Copy)]
pub(super) enum Shift {
    /// UK: the next weekday that is not already a holiday.
    NextFreeWeekday,
    /// US federal: Saturday → the Friday before, Sunday → the Monday after.
    Nearest,
    /// Ireland, France, Germany: not made up, so a weekend holiday stays on its day,
    /// where a pair that meets on Saturdays or Sundays still avoids it.
    Kept,
    /// Spain: each region decides whether a national day on a Sunday moves to the
    /// Monday, so the national list leaves it out (as python-holidays does).
    SundayLeftToRegions,
}

/// A rule that gives a holiday's date in a year.
#[derive(Clone, Copy)]
pub(super) enum Rule {
    Fixed(i8, i8),
    /// The nth (1-based) weekday of a month; n = -1 is the last.
    Nth(i8, Weekday, i8),
    /// Days after Easter Sunday (negative: before).
    Easter(i16),
    /// A fixed date from a year on (Juneteenth, 2021).
    FixedSince(i16, i8, i8),
    /// The last given weekday before a date (Repentance Day: the Wednesday before
    /// 23 November).
    WeekdayBefore(i8, i8, Weekday),
    /// One year's day, already in law (Berlin, 17 June 2028).
    Once(i16, i8, i8),
    /// Ireland's St Brigid's Day, from 2023: the first Monday of February, or 1 February
    /// when that is a Friday, so the holiday always makes a long weekend.
    StBrigid,
}

pub(super) struct Holiday {
    pub(super) name: &'static str,
    pub(super) rule: Rule,
}

pub(super) const fn h(name: &'static str, rule: Rule) -> Holiday {
    Holiday { name, rule }
}

/// Easter Sunday (Gregorian; the anonymous algorithm in Meeus, "Astronomical
/// Algorithms", chapter 8).
pub(super) fn easter(year: i16) -> Date {
    let y = year as i32;
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as i8, day as i8)
}

/// The nth weekday of a month (n = -1: the last).
pub(super) fn nth_weekday(year: i16, month: i8, weekday: Weekday, n: i8) -> Date {
    let first = date(year, month, 1);
    if n > 0 {
        first
            .nth_weekday_of_month(n, weekday)
            .expect("1st to 4th weekday exists")
    } else {
        first
            .nth_weekday_of_month(-1, weekday)
            .expect("a last weekday exists")
    }
}

/// The rule's date in `year`, or `None` in a year it does not apply to.
pub(super) fn rule_date(rule: Rule, year: i16) -> Option<Date> {
    use Rule::*;
    Some(match rule {
        Fixed(m, d) => date(year, m, d),
        FixedSince(since, m, d) => {
            if year < since {
                return None;
            }
            date(year, m, d)
        }
        Once(y, m, d) => {
            if year != y {
                return None;
            }
            date(year, m, d)
        }
        Nth(m, w, n) => nth_weekday(year, m, w, n),
        Easter(days) => easter(year).checked_add((days as i64).days()).ok()?,
        WeekdayBefore(m, d, w) => date(year, m, d).nth_weekday(-1, w).ok()?,
        StBrigid => {
            if year < 2023 {
                return None;
            }
            let first = date(year, 2, 1);
            if first.weekday() == Weekday::Friday {
                first
            } else {
                nth_weekday(year, 2, Weekday::Monday, 1)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates() {
        for (y, m, d) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
        ] {
            assert_eq!(easter(y), date(y, m, d));
        }
    }

    #[test]
    fn the_rules_that_are_not_a_fixed_day() {
        // 22 November 2026 is a Sunday: Repentance Day is Wednesday the 18th; in 2028 the
        // 22nd is itself a Wednesday, and the rule gives it.
        let repentance = Rule::WeekdayBefore(11, 23, Weekday::Wednesday);
        assert_eq!(rule_date(repentance, 2026), Some(date(2026, 11, 18)));
        assert_eq!(rule_date(repentance, 2028), Some(date(2028, 11, 22)));
        // 1 February 2030 is a Friday; in 2026 the first Monday is the 2nd.
        assert_eq!(rule_date(Rule::StBrigid, 2030), Some(date(2030, 2, 1)));
        assert_eq!(rule_date(Rule::StBrigid, 2026), Some(date(2026, 2, 2)));
        assert_eq!(rule_date(Rule::StBrigid, 2022), None);
        assert_eq!(rule_date(Rule::Once(2028, 6, 17), 2029), None);
    }
}
