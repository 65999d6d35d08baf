//! Public holidays, computed by rule for any year: the days people in a region are off
//! work (the UK and the US make up a holiday that falls on a weekend on a weekday; the
//! countries of `europe.rs` do not, so there the weekend day itself is the holiday).
//!
//! No crate covers these regions with jiff dates, so the rules are a small table per
//! country. The unit tests check every date for 2026–2030 against the published lists
//! (GOV.UK bank holidays; the US Office of Personnel Management's federal holidays);
//! the integration tests check the European ones for 2026–2035 against python-holidays.
//! One-off days proclaimed for an occasion (a coronation, a state funeral) are not
//! known in advance and are not included; one already in law when a table was written
//! (Berlin's 17 June 2028) is.

mod europe;
mod rule;

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use self::rule::{h, rule_date, Holiday, Shift};
use crate::model::HolidayRegion;

use self::rule::Rule::*;
use Weekday::*;

const NEW_YEAR: Holiday = h("New Year's Day", Fixed(1, 1));
const GOOD_FRIDAY: Holiday = h("Good Friday", Easter(-2));
const EASTER_MONDAY: Holiday = h("Easter Monday", Easter(1));
const EARLY_MAY: Holiday = h("Early May bank holiday", Nth(5, Monday, 1));
const SPRING: Holiday = h("Spring bank holiday", Nth(5, Monday, -1));
const CHRISTMAS: Holiday = h("Christmas Day", Fixed(12, 25));
const BOXING: Holiday = h("Boxing Day", Fixed(12, 26));

const ENGLAND_AND_WALES: &[Holiday] = &[
    NEW_YEAR,
    GOOD_FRIDAY,
    EASTER_MONDAY,
    EARLY_MAY,
    SPRING,
    h("Summer bank holiday", Nth(8, Monday, -1)),
    CHRISTMAS,
    BOXING,
];

const SCOTLAND: &[Holiday] = &[
    NEW_YEAR,
    h("2nd January", Fixed(1, 2)),
    GOOD_FRIDAY,
    EARLY_MAY,
    SPRING,
    h("Summer bank holiday", Nth(8, Monday, 1)),
    h("St Andrew's Day", Fixed(11, 30)),
    CHRISTMAS,
    BOXING,
];

const NORTHERN_IRELAND: &[Holiday] = &[
    NEW_YEAR,
    h("St Patrick's Day", Fixed(3, 17)),
    GOOD_FRIDAY,
    EASTER_MONDAY,
    EARLY_MAY,
    SPRING,
    h("Battle of the Boyne (Orangemen's Day)", Fixed(7, 12)),
    h("Summer bank holiday", Nth(8, Monday, -1)),
    CHRISTMAS,
    BOXING,
];

const US: &[Holiday] = &[
    NEW_YEAR,
    h("Birthday of Martin Luther King, Jr.", Nth(1, Monday, 3)),
    h("Washington's Birthday", Nth(2, Monday, 3)),
    h("Memorial Day", Nth(5, Monday, -1)),
    h(
        "Juneteenth National Independence Day",
        FixedSince(2021, 6, 19),
    ),
    h("Independence Day", Fixed(7, 4)),
    h("Labor Day", Nth(9, Monday, 1)),
    h("Columbus Day", Nth(10, Monday, 2)),
    h("Veterans Day", Fixed(11, 11)),
    h("Thanksgiving Day", Nth(11, Thursday, 4)),
    CHRISTMAS,
];

/// A region's holidays: the nation's list, then any its region adds.
type Tables = &'static [&'static [Holiday]];

fn table(region: HolidayRegion) -> (Tables, Shift) {
    use europe::*;
    use HolidayRegion as R;
    match region {
        R::EnglandAndWales => (&[ENGLAND_AND_WALES], Shift::NextFreeWeekday),
        R::Scotland => (&[SCOTLAND], Shift::NextFreeWeekday),
        R::NorthernIreland => (&[NORTHERN_IRELAND], Shift::NextFreeWeekday),
        R::Us => (&[US], Shift::Nearest),
        R::Ireland => (&[IRELAND], Shift::Kept),
        R::France => (&[FRANCE], Shift::Kept),
        R::FranceAlsaceMoselle => (&[FRANCE, ALSACE_MOSELLE], Shift::Kept),
        R::GermanyBw => (&[GERMANY, BADEN_WUERTTEMBERG], Shift::Kept),
        R::GermanyBy => (&[GERMANY, BAVARIA], Shift::Kept),
        R::GermanyBe => (&[GERMANY, BERLIN], Shift::Kept),
        R::GermanyBb => (&[GERMANY, BRANDENBURG], Shift::Kept),
        R::GermanyHb => (&[GERMANY, REFORMATION_SINCE_2018], Shift::Kept),
        R::GermanyHh => (&[GERMANY, REFORMATION_SINCE_2018], Shift::Kept),
        R::GermanyHe => (&[GERMANY, HESSE], Shift::Kept),
        R::GermanyMv => (&[GERMANY, MECKLENBURG_WESTERN_POMERANIA], Shift::Kept),
        R::GermanyNi => (&[GERMANY, REFORMATION_SINCE_2018], Shift::Kept),
        R::GermanyNw => (&[GERMANY, NORTH_RHINE_WESTPHALIA], Shift::Kept),
        R::GermanyRp => (&[GERMANY, RHINELAND_PALATINATE], Shift::Kept),
        R::GermanySl => (&[GERMANY, SAARLAND], Shift::Kept),
        R::GermanySn => (&[GERMANY, SAXONY], Shift::Kept),
        R::GermanySt => (&[GERMANY, SAXONY_ANHALT], Shift::Kept),
        R::GermanySh => (&[GERMANY, REFORMATION_SINCE_2018], Shift::Kept),
        R::GermanyTh => (&[GERMANY, THURINGIA], Shift::Kept),
        R::Spain => (&[SPAIN], Shift::SundayLeftToRegions),
        R::None => (&[], Shift::Kept),
    }
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Saturday | Sunday)
}

/// The days off in `year` for `region`, with their names (a made-up day is named after
/// its holiday). A US holiday on a Saturday 1 January is observed on 31 December of the
/// year before, so it belongs to that year's list.
pub(crate) fn days_off(region: HolidayRegion, year: i16) -> BTreeMap<Date, &'static str> {
    let (tables, shift) = table(region);
    let mut out = BTreeMap::new();
    for y in [year, year + 1] {
        let mut weekend = Vec::new();
        for hol in tables.iter().copied().flatten() {
            let Some(d) = rule_date(hol.rule, y) else {
                continue;
            };
            if is_weekend(d) {
                weekend.push((d, hol.name));
            } else {
                out.insert(d, hol.name);
            }
        }
        // Made-up days, in date order, so Christmas claims the Monday before Boxing Day.
        weekend.sort();
        for (d, name) in weekend {
            let observed = match shift {
                Shift::Nearest => match d.weekday() {
                    Saturday => d.yesterday().ok(),
                    _ => d.tomorrow().ok(),
                },
                Shift::NextFreeWeekday => d
                    .series(1.day())
                    .find(|x| !is_weekend(*x) && !out.contains_key(x)),
                Shift::Kept => Some(d),
                Shift::SundayLeftToRegions => (d.weekday() == Saturday).then_some(d),
            };
            if let Some(o) = observed {
                out.entry(o).or_insert(name);
            }
        }
    }
    out.retain(|d, _| d.year() == year);
    out
}

/// The region's days off across a span of years, looked up by date.
pub(crate) struct Calendar {
    days: BTreeMap<Date, &'static str>,
}

impl Calendar {
    pub(crate) fn new(region: HolidayRegion, from: Date, to: Date) -> Self {
        let mut days = BTreeMap::new();
        for y in from.year()..=to.year() {
            days.extend(days_off(region, y));
        }
        Calendar { days }
    }

    /// The holiday on `d`, if it is one.
    pub(crate) fn holiday(&self, d: Date) -> Option<&'static str> {
        self.days.get(&d).copied()
    }
}

/// The holidays of the region whose word is `word`, from `from` to `to` (both
/// included), or `None` when the word names no region: the integration tests compare
/// these with python-holidays, and need nothing else of the calendar.
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub fn holidays_between(word: &str, from: Date, to: Date) -> Option<Vec<Date>> {
    use crate::model::Choice;
    let region = HolidayRegion::parse(word)?;
    let calendar = Calendar::new(region, from, to);
    Some(calendar.days.range(from..=to).map(|(d, _)| *d).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Weekday days off, 2026–2030, from the published lists (GOV.UK's bank holidays for
    /// the three UK nations; OPM's federal holidays for the US).
    const PUBLISHED: &[(HolidayRegion, &str)] = &[
        (
            HolidayRegion::EnglandAndWales,
            "2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28 \
             2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28 \
             2028-01-03 2028-04-14 2028-04-17 2028-05-01 2028-05-29 2028-08-28 2028-12-25 2028-12-26 \
             2029-01-01 2029-03-30 2029-04-02 2029-05-07 2029-05-28 2029-08-27 2029-12-25 2029-12-26 \
             2030-01-01 2030-04-19 2030-04-22 2030-05-06 2030-05-27 2030-08-26 2030-12-25 2030-12-26",
        ),
        (
            HolidayRegion::Scotland,
            "2026-01-01 2026-01-02 2026-04-03 2026-05-04 2026-05-25 2026-08-03 2026-11-30 2026-12-25 2026-12-28 \
             2027-01-01 2027-01-04 2027-03-26 2027-05-03 2027-05-31 2027-08-02 2027-11-30 2027-12-27 2027-12-28 \
             2028-01-03 2028-01-04 2028-04-14 2028-05-01 2028-05-29 2028-08-07 2028-11-30 2028-12-25 2028-12-26 \
             2029-01-01 2029-01-02 2029-03-30 2029-05-07 2029-05-28 2029-08-06 2029-11-30 2029-12-25 2029-12-26 \
             2030-01-01 2030-01-02 2030-04-19 2030-05-06 2030-05-27 2030-08-05 2030-12-02 2030-12-25 2030-12-26",
        ),
        (
            HolidayRegion::NorthernIreland,
            "2026-01-01 2026-03-17 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-07-13 2026-08-31 2026-12-25 2026-12-28 \
             2027-01-01 2027-03-17 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-07-12 2027-08-30 2027-12-27 2027-12-28 \
             2028-01-03 2028-03-17 2028-04-14 2028-04-17 2028-05-01 2028-05-29 2028-07-12 2028-08-28 2028-12-25 2028-12-26 \
             2029-01-01 2029-03-19 2029-03-30 2029-04-02 2029-05-07 2029-05-28 2029-07-12 2029-08-27 2029-12-25 2029-12-26 \
             2030-01-01 2030-03-18 2030-04-19 2030-04-22 2030-05-06 2030-05-27 2030-07-12 2030-08-26 2030-12-25 2030-12-26",
        ),
        (
            HolidayRegion::Us,
            "2026-01-01 2026-01-19 2026-02-16 2026-05-25 2026-06-19 2026-07-03 2026-09-07 2026-10-12 2026-11-11 2026-11-26 2026-12-25 \
             2027-01-01 2027-01-18 2027-02-15 2027-05-31 2027-06-18 2027-07-05 2027-09-06 2027-10-11 2027-11-11 2027-11-25 2027-12-24 2027-12-31 \
             2028-01-17 2028-02-21 2028-05-29 2028-06-19 2028-07-04 2028-09-04 2028-10-09 2028-11-10 2028-11-23 2028-12-25 \
             2029-01-01 2029-01-15 2029-02-19 2029-05-28 2029-06-19 2029-07-04 2029-09-03 2029-10-08 2029-11-12 2029-11-22 2029-12-25 \
             2030-01-01 2030-01-21 2030-02-18 2030-05-27 2030-06-19 2030-07-04 2030-09-02 2030-10-14 2030-11-11 2030-11-28 2030-12-25",
        ),
    ];

    #[test]
    fn every_published_day_off_2026_to_2030() {
        for (region, published) in PUBLISHED {
            let want: Vec<String> = published.split_whitespace().map(String::from).collect();
            let got: Vec<String> = (2026..=2030)
                .flat_map(|y| days_off(*region, y).into_keys())
                .map(|d| d.to_string())
                .collect();
            assert_eq!(got, want, "{region}");
        }
    }

    #[test]
    fn weekend_holidays_are_made_up() {
        // Christmas 2027 is a Saturday: Christmas on Monday 27th, Boxing Day on the 28th.
        let d = days_off(HolidayRegion::EnglandAndWales, 2027);
        assert_eq!(d.get(&date(2027, 12, 27)), Some(&"Christmas Day"));
        assert_eq!(d.get(&date(2027, 12, 28)), Some(&"Boxing Day"));
        // US: Independence Day 2026 is a Saturday, observed Friday 3 July.
        let us = days_off(HolidayRegion::Us, 2026);
        assert_eq!(us.get(&date(2026, 7, 3)), Some(&"Independence Day"));
        // US: 1 January 2028 is a Saturday, observed Friday 31 December 2027.
        let us = days_off(HolidayRegion::Us, 2027);
        assert_eq!(us.get(&date(2027, 12, 31)), Some(&"New Year's Day"));
        assert!(days_off(HolidayRegion::None, 2027).is_empty());
    }
}
