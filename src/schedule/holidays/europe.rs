//! The tables of Ireland, France, Germany and Spain: each country's days, and for
//! Germany and Alsace-Moselle the days a region adds to the nation's. They follow
//! python-holidays 0.109 with its default category (public holidays, nothing a
//! municipality or a church decides), which the integration tests compare day by day
//! for 2026–2035.

use jiff::civil::Weekday::*;

use super::rule::Rule::*;
use super::rule::{h, Holiday};

const NEW_YEAR: Holiday = h("New Year's Day", Fixed(1, 1));
const EPIPHANY: Holiday = h("Epiphany", Fixed(1, 6));
const GOOD_FRIDAY: Holiday = h("Good Friday", Easter(-2));
const EASTER_MONDAY: Holiday = h("Easter Monday", Easter(1));
const LABOUR_DAY: Holiday = h("Labour Day", Fixed(5, 1));
const ASCENSION: Holiday = h("Ascension Day", Easter(39));
const WHIT_MONDAY: Holiday = h("Whit Monday", Easter(50));
const CORPUS_CHRISTI: Holiday = h("Corpus Christi", Easter(60));
const ASSUMPTION: Holiday = h("Assumption Day", Fixed(8, 15));
const REFORMATION: Holiday = h("Reformation Day", Fixed(10, 31));
const ALL_SAINTS: Holiday = h("All Saints' Day", Fixed(11, 1));
const CHRISTMAS: Holiday = h("Christmas Day", Fixed(12, 25));
const ST_STEPHEN: Holiday = h("St Stephen's Day", Fixed(12, 26));

pub(super) const IRELAND: &[Holiday] = &[
    NEW_YEAR,
    h("St Brigid's Day", StBrigid),
    h("St Patrick's Day", Fixed(3, 17)),
    EASTER_MONDAY,
    h("May bank holiday", Nth(5, Monday, 1)),
    h("June bank holiday", Nth(6, Monday, 1)),
    h("August bank holiday", Nth(8, Monday, 1)),
    h("October bank holiday", Nth(10, Monday, -1)),
    CHRISTMAS,
    ST_STEPHEN,
];

pub(super) const FRANCE: &[Holiday] = &[
    NEW_YEAR,
    EASTER_MONDAY,
    LABOUR_DAY,
    h("Victory in Europe Day", Fixed(5, 8)),
    ASCENSION,
    WHIT_MONDAY,
    h("Bastille Day", Fixed(7, 14)),
    ASSUMPTION,
    ALL_SAINTS,
    h("Armistice Day", Fixed(11, 11)),
    CHRISTMAS,
];

/// The Bas-Rhin, Haut-Rhin and Moselle keep two days of their German years.
pub(super) const ALSACE_MOSELLE: &[Holiday] = &[GOOD_FRIDAY, ST_STEPHEN];

pub(super) const GERMANY: &[Holiday] = &[
    NEW_YEAR,
    GOOD_FRIDAY,
    EASTER_MONDAY,
    LABOUR_DAY,
    ASCENSION,
    WHIT_MONDAY,
    h("German Unity Day", Fixed(10, 3)),
    CHRISTMAS,
    h("Second Day of Christmas", Fixed(12, 26)),
];

// What each Land adds. Assumption in Bavaria and Corpus Christi in Saxony and
// Thuringia are holidays only in their mostly Catholic municipalities, so the
// Land-wide lists leave them out (python-holidays keeps them in its "catholic"
// category, not its default one).

pub(super) const BADEN_WUERTTEMBERG: &[Holiday] = &[EPIPHANY, CORPUS_CHRISTI, ALL_SAINTS];
pub(super) const BAVARIA: &[Holiday] = &[EPIPHANY, CORPUS_CHRISTI, ALL_SAINTS];
pub(super) const BERLIN: &[Holiday] = &[
    h("International Women's Day", FixedSince(2019, 3, 8)),
    h(
        "75th anniversary of the East German uprising of 1953",
        Once(2028, 6, 17),
    ),
];
pub(super) const BRANDENBURG: &[Holiday] = &[
    h("Easter Sunday", Easter(0)),
    h("Whit Sunday", Easter(49)),
    REFORMATION,
];
/// Bremen, Hamburg, Lower Saxony and Schleswig-Holstein made it a holiday from 2018.
pub(super) const REFORMATION_SINCE_2018: &[Holiday] =
    &[h("Reformation Day", FixedSince(2018, 10, 31))];
pub(super) const HESSE: &[Holiday] = &[CORPUS_CHRISTI];
pub(super) const MECKLENBURG_WESTERN_POMERANIA: &[Holiday] = &[
    h("International Women's Day", FixedSince(2023, 3, 8)),
    REFORMATION,
];
pub(super) const NORTH_RHINE_WESTPHALIA: &[Holiday] = &[CORPUS_CHRISTI, ALL_SAINTS];
pub(super) const RHINELAND_PALATINATE: &[Holiday] = &[CORPUS_CHRISTI, ALL_SAINTS];
pub(super) const SAARLAND: &[Holiday] = &[CORPUS_CHRISTI, ASSUMPTION, ALL_SAINTS];
pub(super) const SAXONY: &[Holiday] = &[
    REFORMATION,
    h(
        "Repentance and Prayer Day",
        WeekdayBefore(11, 23, Wednesday),
    ),
];
pub(super) const SAXONY_ANHALT: &[Holiday] = &[EPIPHANY, REFORMATION];
pub(super) const THURINGIA: &[Holiday] = &[
    h("World Children's Day", FixedSince(2019, 9, 20)),
    REFORMATION,
];

/// National days only: Maundy Thursday, Easter Monday, St Joseph's and St James's days
/// and the regions' own days vary by region and year (python-holidays without a
/// subdivision has none of them).
pub(super) const SPAIN: &[Holiday] = &[
    NEW_YEAR,
    EPIPHANY,
    GOOD_FRIDAY,
    LABOUR_DAY,
    ASSUMPTION,
    h("National Day of Spain", Fixed(10, 12)),
    ALL_SAINTS,
    h("Constitution Day", Fixed(12, 6)),
    h("Immaculate Conception", Fixed(12, 8)),
    CHRISTMAS,
];
