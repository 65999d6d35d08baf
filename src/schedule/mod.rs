//! Dates: the end of the partnership, the planned meetings and which of them are reviews.
//!
//! Month arithmetic always counts from the start date (start + k months), never from the
//! previous meeting, so a partnership starting on 31 January meets on the last day of
//! February and then on 31 March again.

use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

use crate::model::{add_months, Duration, Frequency, Meetings};

/// More meetings than this in one agreement is surely a mistake in the input; the
/// limits on `months` (60) and frequency (weekly) keep us well under it.
const MAX_MEETINGS: usize = 400;

#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    pub meetings: Vec<Meeting>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub number: usize,
    pub date: Date,
    pub kind: MeetingKind,
    /// Words for the schedule table: "First meeting", "Review", … ("" for an ordinary one).
    pub label: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    First,
    Regular,
    EarlyCheck,
    Review,
    FinalReview,
}

impl MeetingKind {
    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::First => "First meeting: agree this contract",
            MeetingKind::Regular => "",
            MeetingKind::EarlyCheck => "Early check: is the match working?",
            MeetingKind::Review => "Review",
            MeetingKind::FinalReview => "Final review",
        }
    }

    pub fn is_review(self) -> bool {
        matches!(self, MeetingKind::Review | MeetingKind::FinalReview)
    }
}

/// Planned meeting dates from the start up to and including the end date.
pub fn meeting_dates(start: Date, end: Date, frequency: Frequency) -> Vec<Date> {
    let step_days = frequency.step_days();
    (0..MAX_MEETINGS as u32)
        .map(|k| match step_days {
            Some(d) => start
                .checked_add((d * k as i64).days())
                .unwrap_or(Date::MAX),
            None => add_months(start, k),
        })
        .take_while(|d| *d <= end)
        .collect()
}

/// Review points: every `every` months from the start, before the end.
pub fn review_points(start: Date, end: Date, every: u32) -> Vec<Date> {
    (1..)
        .map(|k| add_months(start, k * every))
        .take_while(|d| *d < end)
        .take(MAX_MEETINGS)
        .collect()
}

pub fn plan(duration: &Duration, meetings: &Meetings) -> Schedule {
    let dates = meeting_dates(duration.start, duration.end, meetings.frequency);
    let mut kinds = vec![MeetingKind::Regular; dates.len()];
    let last = dates.len() - 1; // the start is always a meeting date
    kinds[0] = MeetingKind::First;

    // Each review point falls on the first planned meeting on or after it.
    for point in review_points(duration.start, duration.end, duration.review_every_months) {
        if let Some(i) = dates.iter().position(|d| *d >= point) {
            if i > 0 && i < last {
                kinds[i] = MeetingKind::Review;
            }
        }
    }
    // The early check comes after the first month, unless that meeting is already a review.
    let month_in = add_months(duration.start, 1);
    if let Some(i) = dates.iter().position(|d| *d >= month_in) {
        if i > 0 && i < last && kinds[i] == MeetingKind::Regular {
            kinds[i] = MeetingKind::EarlyCheck;
        }
    }
    if last > 0 {
        kinds[last] = MeetingKind::FinalReview;
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
    }
}

impl Schedule {
    pub fn reviews(&self) -> impl Iterator<Item = &Meeting> {
        self.meetings.iter().filter(|m| m.kind.is_review())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn month_end_start_meets_on_last_day_of_february() {
        let d = meeting_dates(date(2027, 1, 31), date(2027, 7, 30), Frequency::Monthly);
        let s: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            s,
            [
                "2027-01-31",
                "2027-02-28",
                "2027-03-31",
                "2027-04-30",
                "2027-05-31",
                "2027-06-30"
            ]
        );
        // A leap year gives the 29th.
        assert_eq!(add_months(date(2028, 1, 31), 1), date(2028, 2, 29));
    }

    #[test]
    fn end_from_months_is_the_day_before() {
        use crate::model::end_from_months;
        assert_eq!(end_from_months(date(2026, 12, 1), 6), date(2027, 5, 31));
        assert_eq!(end_from_months(date(2027, 1, 31), 1), date(2027, 2, 28));
        assert_eq!(end_from_months(date(2027, 1, 31), 3), date(2027, 4, 30));
        assert_eq!(end_from_months(date(2027, 8, 31), 6), date(2028, 2, 29));
        assert_eq!(end_from_months(date(2027, 1, 15), 1), date(2027, 2, 14));
    }

    #[test]
    fn weekly_and_every_n_weeks() {
        let d = meeting_dates(date(2027, 1, 4), date(2027, 2, 1), Frequency::Weekly);
        assert_eq!(d.len(), 5);
        let d = meeting_dates(date(2027, 1, 4), date(2027, 3, 1), Frequency::EveryWeeks(3));
        assert_eq!(d, [date(2027, 1, 4), date(2027, 1, 25), date(2027, 2, 15)]);
    }

    #[test]
    fn reviews_are_marked_on_the_schedule() {
        let duration = Duration {
            start: date(2026, 12, 1),
            end: date(2027, 5, 31),
            months: Some(6),
            review_every_months: 3,
            ending: String::new(),
        };
        let meetings = Meetings {
            frequency: Frequency::Monthly,
            length_minutes: 60,
            format: crate::model::MeetingFormat::Video,
            location: None,
            time: None,
            timezone: None,
            arranged_by: crate::model::ArrangedBy::Mentee,
            cancellation_notice_hours: 24,
            channels: vec![],
        };
        let s = plan(&duration, &meetings);
        let kinds: Vec<MeetingKind> = s.meetings.iter().map(|m| m.kind).collect();
        use MeetingKind::*;
        assert_eq!(
            kinds,
            [First, EarlyCheck, Regular, Review, Regular, FinalReview]
        );
        assert_eq!(s.meetings[3].date, date(2027, 3, 1));
        assert_eq!(s.reviews().count(), 2);
    }
}
