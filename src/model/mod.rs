//! The agreement: raw answers as read from TOML or the interview ([`RawAgreement`]),
//! validated once ([`RawAgreement::validate`]) into the [`Agreement`] that the
//! renderers use.
//!
//! - `raw`: the file format, every field optional;
//! - `agreement`: the validated types, every value present;
//! - `choices`: every list of allowed words, defined once;
//! - `defaults`: good-practice defaults;
//! - `checker`: the checks of single values, collecting every problem;
//! - `validate`: the checks of the whole agreement, section by section;
//! - `spelling`: en-US forms of the built-in text;
//! - `dates`: dates as the pair writes them, in documents, messages and the interview;
//! - `confirm`: confirmations from `mentorpact sign`, checked against the text.

mod agreement;
mod checker;
pub(crate) mod choices;
pub(crate) mod confirm;
mod dates;
pub(crate) mod defaults;
mod language;
mod meetings;
mod raw;
mod reviews;
pub(crate) mod spelling;
mod validate;
mod values;
mod warnings;
pub(crate) mod words;

pub(crate) use crate::error::Problem;
pub use agreement::*;
pub(crate) use choices::{
    ArrangedBy, Choice, Decision, Frequency, HolidayRegion, MeetingFormat, Party, Progress,
    Relationship, WeekOfMonth, Weekday,
};
pub use choices::{Language, Paper};
pub use confirm::Seal;
pub use dates::format_date;
pub(crate) use dates::Languages;
pub(crate) use meetings::{check_time_zone, zones};
pub use raw::*;
pub(crate) use reviews::{RawGoalRecord, RawReview, RawReviews, Review, ReviewPoint, Reviews};
pub(crate) use values::{
    add_months, check_email, check_time, end_from_months, folded, from_date, spreadsheet_date,
    strip_hidden, to_date, YEARS,
};
