//! Dates people can keep: the planned meetings, which of them are reviews, and the
//! rules that move them off weekends, public holidays and blackout periods.
//!
//! 1. Nominal dates follow the rhythm: every N days from the first meeting (on the
//!    agreed weekday if there is one), or monthly. Month arithmetic counts from the
//!    start (start + k months), so a 31 January start meets on 28 February, then
//!    31 March; with a weekday, monthly means "the first Tuesday of each month".
//! 2. A date inside a blackout is dropped. A date on a weekend (unless the agreed
//!    weekday is one) or a public holiday moves to the next working day that is not
//!    already a meeting day.
//! 3. The final review is the last meeting, on a working day within the last ten days
//!    of the term; a regular meeting less than half a rhythm before it is dropped.
//! 4. Review points (every `review_every_months` from the start) are held at the first
//!    meeting on or after each point, the early check at the first one four weeks in.

mod holidays;

use std::collections::BTreeSet;

use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

#[cfg(feature = "test-support")]
#[doc(hidden)]
pub use holidays::holidays_between;
pub(crate) use holidays::Calendar;

use crate::model::{add_months, Choice, Duration, HolidayRegion, Language, Meetings, WeekOfMonth};

/// The early check is at the first meeting at least this long after the start.
pub(crate) const EARLY_CHECK_DAYS: i64 = 28;

/// The final review falls within this many days of the end, the end included.
pub(crate) const FINAL_WINDOW_DAYS: i64 = 10;

#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    pub meetings: Vec<Meeting>,
    /// For monthly meetings on an agreed weekday: which one of the month.
    pub(crate) week_of_month: Option<WeekOfMonth>,
    /// The holiday calendar the dates avoid, in words; `None` for no calendar.
    pub holidays: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub(crate) number: usize,
    pub(crate) date: Date,
    pub(crate) kind: MeetingKind,
    /// Words for the schedule table: "First meeting", "Review", … ("" for an ordinary one).
    pub(crate) label: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MeetingKind {
    First,
    Regular,
    EarlyCheck,
    Review,
    FinalReview,
}

impl MeetingKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            MeetingKind::First => "First meeting: we sign this agreement",
            MeetingKind::Regular => "",
            MeetingKind::EarlyCheck => "Early check: is the match working?",
            MeetingKind::Review => "Review",
            MeetingKind::FinalReview => "Final review",
        }
    }

    /// The schedule table's words for this kind of meeting in `lang` ("" for an ordinary
    /// one); `label` is the English the commands' messages use.
    pub(crate) fn label_in(self, lang: Language) -> &'static str {
        let w = &lang.words().schedule;
        match self {
            MeetingKind::First => &w.first,
            MeetingKind::Regular => "",
            MeetingKind::EarlyCheck => &w.early_check,
            MeetingKind::Review => &w.review,
            MeetingKind::FinalReview => &w.final_review,
        }
    }

    pub(crate) fn is_review(self) -> bool {
        matches!(self, MeetingKind::Review | MeetingKind::FinalReview)
    }
}

/// Which days a meeting may fall on.
struct Days<'a> {
    meetings: &'a Meetings,
    holidays: Calendar,
}

impl Days<'_> {
    fn blocked(&self, d: Date) -> bool {
        self.meetings
            .blackout
            .iter()
            .any(|b| b.from <= d && d <= b.to)
    }

    fn weekend(&self, d: Date) -> bool {
        use jiff::civil::Weekday::{Saturday, Sunday};
        let asked = self.meetings.weekday.map(|w| w.to_jiff());
        matches!(d.weekday(), Saturday | Sunday) && asked != Some(d.weekday())
    }

    /// A day the pair can meet: not a weekend they did not ask for, a holiday or a
    /// blackout.
    fn free(&self, d: Date) -> bool {
        !self.weekend(d) && self.holidays.holiday(d).is_none() && !self.blocked(d)
    }
}

/// The week of the month of `d`'s weekday: days 1–7 are the first, …; a fifth is "last".
fn week_of(d: Date) -> WeekOfMonth {
    WeekOfMonth::ALL[((d.day() as usize - 1) / 7).min(4)]
}

/// The nth weekday of the month that `month` falls in.
fn in_month(month: Date, weekday: jiff::civil::Weekday, week: WeekOfMonth) -> Date {
    let n = match week {
        WeekOfMonth::Last => -1,
        w => w.index() as i8 + 1,
    };
    month
        .first_of_month()
        .nth_weekday_of_month(n, weekday)
        .expect("the 1st to 4th and the last weekday exist in every month")
}

/// The dates the rhythm gives, before any moves, from the start to the end.
fn nominal(duration: &Duration, m: &Meetings, week: Option<WeekOfMonth>) -> Vec<Date> {
    let (start, end) = (duration.start, duration.end);
    let first = match m.weekday {
        Some(w) => on_or_after(start, w.to_jiff()),
        None => start,
    };
    let dates: Box<dyn Iterator<Item = Date>> = match (m.frequency.step_days(), m.weekday, week) {
        (Some(step), _, _) => Box::new(first.series(step.days())),
        (None, Some(w), Some(week)) => Box::new(
            (0..)
                .map(move |k| in_month(add_months(start.first_of_month(), k), w.to_jiff(), week))
                .filter(move |d| *d >= start),
        ),
        (None, _, _) => Box::new((0..).map(move |k| add_months(start, k))),
    };
    dates.take_while(|d| *d <= end).collect()
}

/// `d` if it is a `weekday`, else the next one.
fn on_or_after(d: Date, weekday: jiff::civil::Weekday) -> Date {
    if d.weekday() == weekday {
        d
    } else {
        d.nth_weekday(1, weekday).unwrap_or(d)
    }
}

/// Days between meetings, for deciding what is too close to the final review.
fn rhythm_days(m: &Meetings) -> i64 {
    m.frequency.step_days().unwrap_or(30)
}

/// The first day after `after` the pair can meet: not a weekend (unless they meet on
/// one), a public holiday of their calendar or one of their blackouts.
pub(crate) fn next_free_day(after: Date, m: &Meetings) -> Date {
    let to = after.saturating_add(120.days());
    let days = Days {
        meetings: m,
        holidays: Calendar::new(m.holidays, after, to),
    };
    after
        .series(1.days())
        .skip(1)
        .take_while(|d| *d <= to)
        .find(|d| days.free(*d))
        .unwrap_or_else(|| after.saturating_add(1.days()))
}

/// Plan the meetings of a validated agreement.
pub fn plan(duration: &Duration, m: &Meetings) -> Schedule {
    let (start, end) = (duration.start, duration.end);
    let days = Days {
        meetings: m,
        holidays: Calendar::new(m.holidays, start, end),
    };
    // Monthly on a weekday: the week of the month is the one asked for, else the
    // first meeting's.
    let week = match (m.frequency.step_days(), m.weekday) {
        (None, Some(w)) => Some(
            m.week_of_month
                .unwrap_or_else(|| week_of(on_or_after(start, w.to_jiff()))),
        ),
        _ => None,
    };
    let wanted = nominal(duration, m, week);
    let nominal_days: BTreeSet<Date> = wanted.iter().copied().collect();

    // Move what falls on a day nobody meets; a blackout drops it.
    let mut dates: Vec<Date> = Vec::with_capacity(wanted.len() + 1);
    for d in wanted {
        if days.blocked(d) {
            continue;
        }
        let taken = |x: &Date| dates.contains(x) || (*x != d && nominal_days.contains(x));
        let moved = d
            .series(1.day())
            .take_while(|x| *x <= end)
            .find(|x| days.free(*x) && !taken(x));
        if let Some(x) = moved {
            dates.push(x);
        }
    }

    // The final review: on a working day in the last ten days, the agreed weekday if
    // one is free there.
    let window_start = end
        .checked_sub((FINAL_WINDOW_DAYS - 1).days())
        .unwrap_or(start)
        .max(start);
    let in_window = || {
        end.series((-1).day())
            .take_while(move |x| *x >= window_start)
    };
    let on_weekday = |x: &Date| m.weekday.is_none_or(|w| x.weekday() == w.to_jiff());
    let last = in_window()
        .find(|x| days.free(*x) && on_weekday(x))
        .or_else(|| in_window().find(|x| days.free(*x)))
        // Validation makes sure the window has a working day; this is only a guard.
        .unwrap_or(end);
    let too_close = last
        .checked_sub((rhythm_days(m) / 2).days())
        .unwrap_or(start);
    let first = dates.first().copied();
    dates.retain(|d| Some(*d) == first || *d <= too_close);
    if dates.last().is_some_and(|d| *d >= last) {
        // Only the first meeting can be this late: a term shorter than the window.
        dates.truncate(1);
    }
    if dates.first() != Some(&last) {
        dates.push(last);
    }

    let n = dates.len();
    let mut kinds = vec![MeetingKind::Regular; n];
    kinds[0] = MeetingKind::First;
    if n > 1 {
        kinds[n - 1] = MeetingKind::FinalReview;
    }
    // Each review point falls on the first meeting on or after it; a point in the
    // final window is the final review.
    let mut k = 1;
    loop {
        let point = add_months(start, k * duration.review_every_months);
        if point >= window_start {
            break;
        }
        if let Some(i) = dates.iter().position(|d| *d >= point) {
            if kinds[i] == MeetingKind::Regular {
                kinds[i] = MeetingKind::Review;
            }
        }
        k += 1;
    }
    // The early check comes about a month in (four weeks, so that "the first Tuesday"
    // of the next month counts), unless that meeting is a review.
    let month_in = start.checked_add(EARLY_CHECK_DAYS.days()).unwrap_or(end);
    if let Some(i) = dates.iter().position(|d| *d >= month_in) {
        if kinds[i] == MeetingKind::Regular {
            kinds[i] = MeetingKind::EarlyCheck;
        }
    }
    Schedule {
        meetings: dates
            .into_iter()
            .zip(kinds)
            .enumerate()
            .map(|(i, (date, kind))| Meeting {
                number: i + 1,
                date,
                kind,
                label: kind.label(),
            })
            .collect(),
        week_of_month: week,
        holidays: (m.holidays != HolidayRegion::None).then(|| m.holidays.label()),
    }
}

impl Schedule {
    /// The schedule with its words in `lang`: the labels of its meetings and the holiday
    /// calendar of `region` (the one it was planned around).
    pub(crate) fn in_language(&self, lang: Language, region: HolidayRegion) -> Schedule {
        let mut s = self.clone();
        for m in &mut s.meetings {
            m.label = m.kind.label_in(lang);
        }
        if s.holidays.is_some() {
            s.holidays = lang.words().holidays.get(region.name()).map(String::as_str);
        }
        s
    }

    /// The meetings that matter beyond the rhythm, in order, each with what it is:
    /// "first meeting", "early check", "review 1" …, "final review".
    pub(crate) fn milestones(&self) -> Vec<(Date, String)> {
        let mut reviews = 0;
        self.meetings
            .iter()
            .filter_map(|m| {
                let what = match m.kind {
                    MeetingKind::First => "first meeting".to_string(),
                    MeetingKind::EarlyCheck => "early check".into(),
                    MeetingKind::Review => {
                        reviews += 1;
                        format!("review {reviews}")
                    }
                    MeetingKind::FinalReview => "final review".into(),
                    MeetingKind::Regular => return None,
                };
                Some((m.date, what))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agreement, RawAgreement};
    use jiff::civil::{date, Weekday::*};

    /// A valid agreement from a few lines of TOML laid over a minimal one.
    fn agreement(start: &str, extra: &str) -> Agreement {
        let text = format!(
            "{extra}\n[mentor]\nname = \"A\"\n[mentee]\nname = \"B\"\n[[goals]]\ndescription = \"G\"\n[duration]\nstart = {start}\n"
        );
        let raw: RawAgreement = toml::from_str(&text).unwrap();
        raw.validate().unwrap_or_else(|p| panic!("{p:?}"))
    }

    fn planned(a: &Agreement) -> Schedule {
        plan(&a.duration, &a.meetings)
    }

    fn dates(s: &Schedule) -> Vec<String> {
        s.meetings.iter().map(|m| m.date.to_string()).collect()
    }

    #[test]
    fn month_arithmetic_counts_from_the_start() {
        let a = agreement("2028-01-31\nmonths = 6", "");
        let d = nominal(&a.duration, &a.meetings, None);
        let d: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            d,
            [
                "2028-01-31",
                "2028-02-29",
                "2028-03-31",
                "2028-04-30",
                "2028-05-31",
                "2028-06-30"
            ]
        );
    }

    #[test]
    fn end_from_months_is_the_day_before() {
        use crate::model::end_from_months;
        assert_eq!(end_from_months(date(2026, 12, 1), 6), date(2027, 5, 31));
        assert_eq!(end_from_months(date(2027, 1, 31), 1), date(2027, 2, 28));
        assert_eq!(end_from_months(date(2027, 1, 31), 3), date(2027, 4, 30));
        assert_eq!(end_from_months(date(2027, 8, 31), 6), date(2028, 2, 29));
    }

    #[test]
    fn new_years_day_is_not_a_meeting_day() {
        let s = planned(&agreement("2027-01-01", ""));
        // Friday 1 January is a bank holiday, then a weekend.
        assert_eq!(s.meetings[0].date, date(2027, 1, 4));
    }

    #[test]
    fn a_sunday_start_in_the_us_meets_on_weekdays_and_not_on_the_fourth() {
        let s = planned(&agreement(
            "2027-06-06",
            "language = \"en-US\"\n[meetings]\nfrequency = \"weekly\"",
        ));
        for m in &s.meetings {
            assert!(!matches!(m.date.weekday(), Saturday | Sunday), "{}", m.date);
        }
        // 4 July 2027 is a Sunday, observed Monday 5 July: that week meets on Tuesday.
        assert!(s.meetings.iter().any(|m| m.date == date(2027, 7, 6)));
        assert!(!s.meetings.iter().any(|m| m.date == date(2027, 7, 5)));
    }

    #[test]
    fn a_one_month_term_ends_with_a_final_review_before_the_bank_holiday() {
        let s = planned(&agreement("2027-05-04\nmonths = 1", ""));
        let last = s.meetings.last().unwrap();
        assert_eq!(last.kind, MeetingKind::FinalReview);
        // The term ends on Monday 3 June; 31 May is the Spring bank holiday.
        assert_eq!(last.date, date(2027, 6, 3));
        assert_eq!(s.meetings.len(), 2);
    }

    #[test]
    fn the_final_review_is_in_the_last_ten_days() {
        let a = agreement("2027-01-31\nmonths = 3", "");
        let s = planned(&a);
        assert_eq!(a.duration.end, date(2027, 4, 30));
        let last = s.meetings.last().unwrap();
        assert_eq!(last.kind, MeetingKind::FinalReview);
        assert!(last.date > date(2027, 4, 20) && last.date <= a.duration.end);
    }

    #[test]
    fn first_tuesday_of_each_month_with_a_summer_blackout() {
        let s = planned(&agreement(
            "2027-01-05\nmonths = 12",
            "[meetings]\nweekday = \"tuesday\"\nweek_of_month = \"first\"\n\
             blackout = [{ from = 2027-08-01, to = 2027-08-31, reason = \"Summer leave\" }]",
        ));
        assert_eq!(
            dates(&s),
            [
                "2027-01-05",
                "2027-02-02",
                "2027-03-02",
                "2027-04-06",
                "2027-05-04",
                "2027-06-01",
                "2027-07-06",
                "2027-09-07",
                "2027-10-05",
                "2027-11-02",
                "2027-12-07",
                "2028-01-04",
            ]
        );
        assert_eq!(s.week_of_month, Some(WeekOfMonth::First));
        assert_eq!(s.meetings.last().unwrap().kind, MeetingKind::FinalReview);
    }

    #[test]
    fn a_review_point_in_a_blackout_moves_to_the_first_meeting_after_it() {
        let s = planned(&agreement(
            "2027-02-01\nmonths = 12\nreview_every_months = 6",
            "[meetings]\nblackout = [{ from = 2027-07-20, to = 2027-08-20 }]",
        ));
        let review = s
            .meetings
            .iter()
            .find(|m| m.kind == MeetingKind::Review)
            .unwrap();
        // The point is 1 August; the blackout runs to 20 August; 1 September is next.
        assert_eq!(review.date, date(2027, 9, 1));
    }

    /// Every region, weekly for a year, on any weekday and on Saturdays: no meeting on one
    /// of its holidays, so a Saturday holiday of a region that keeps it (France's
    /// Assumption, 15 August 2026) moves a Saturday meeting too.
    #[test]
    fn every_region_keeps_meetings_off_its_holidays() {
        for region in HolidayRegion::ALL {
            for weekday in ["", "weekday = \"saturday\""] {
                let a = agreement(
                    "2026-01-03\nmonths = 12",
                    &format!(
                        "[meetings]\nfrequency = \"weekly\"\nholidays = \"{region}\"\n{weekday}"
                    ),
                );
                let cal = Calendar::new(a.meetings.holidays, a.duration.start, a.duration.end);
                let s = planned(&a);
                for m in &s.meetings {
                    assert!(
                        cal.holiday(m.date).is_none(),
                        "{region} {weekday}: {}",
                        m.date
                    );
                }
                if *region == HolidayRegion::France && !weekday.is_empty() {
                    assert!(cal.holiday(date(2026, 8, 15)).is_some());
                    assert!(!dates(&s).contains(&"2026-08-15".to_string()));
                }
            }
        }
    }

    /// Every start day of 2027, every rhythm, both languages: no weekend, no holiday,
    /// the last meeting is the final review in the last ten days.
    #[test]
    fn no_meeting_on_a_weekend_or_holiday_for_any_start_in_2027() {
        let mut day = date(2027, 1, 1);
        while day.year() == 2027 {
            for freq in ["weekly", "fortnightly", "monthly", "every 3 weeks"] {
                for lang in ["en-GB", "en-US"] {
                    let a = agreement(
                        &day.to_string(),
                        &format!("language = \"{lang}\"\n[meetings]\nfrequency = \"{freq}\""),
                    );
                    let s = planned(&a);
                    let cal = Calendar::new(a.meetings.holidays, a.duration.start, a.duration.end);
                    for m in &s.meetings {
                        let d = m.date;
                        assert!(
                            !matches!(d.weekday(), Saturday | Sunday),
                            "{day} {freq}: {d}"
                        );
                        assert!(
                            cal.holiday(d).is_none(),
                            "{day} {freq} {lang}: {d} is a holiday"
                        );
                        assert!(d >= a.duration.start && d <= a.duration.end);
                    }
                    let last = s.meetings.last().unwrap();
                    assert_eq!(last.kind, MeetingKind::FinalReview, "{day} {freq}");
                    assert!(
                        (a.duration.end - last.date).get_days() < FINAL_WINDOW_DAYS as i32,
                        "{day} {freq}: final review {} for an end on {}",
                        last.date,
                        a.duration.end
                    );
                    let mut sorted = s.meetings.iter().map(|m| m.date).collect::<Vec<_>>();
                    sorted.dedup();
                    assert_eq!(sorted.len(), s.meetings.len(), "no two meetings on one day");
                    assert!(sorted.windows(2).all(|w| w[0] < w[1]));
                }
            }
            day = day.tomorrow().unwrap();
        }
    }
}
