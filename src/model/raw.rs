//! The file format as written by people and by the interview: every field optional,
//! nothing checked. [`super::validate`] turns it into an [`super::Agreement`].

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use toml::value::Datetime;

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgreement {
    /// Who the pair is, for records and files, when the names or emails may change
    /// (a roster's key).
    pub id: Option<String>,
    /// Where the pair's records are kept, relative to the file (default: beside it).
    pub records: Option<String>,
    pub title: Option<String>,
    pub language: Option<String>,
    pub relationship: Option<String>,
    pub agreed_on: Option<Datetime>,
    pub programme: Option<RawProgramme>,
    pub mentor: Option<RawPerson>,
    pub mentee: Option<RawPerson>,
    pub goals: Option<Vec<RawGoal>>,
    pub expectations: Option<RawExpectations>,
    pub boundaries: Option<RawBoundaries>,
    pub meetings: Option<RawMeetings>,
    pub confidentiality: Option<RawConfidentiality>,
    pub duration: Option<RawDuration>,
    pub signatures: Option<RawSignatures>,
    pub pdf: Option<RawPdf>,
    /// Written by `mentorpact sign`: who confirmed this text, when, and its fingerprint.
    pub confirmations: Option<Vec<RawConfirmation>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfirmation {
    pub who: Option<String>,
    pub name: Option<String>,
    /// Whose place they confirmed in (`sign --force --name`).
    pub in_place_of: Option<String>,
    pub on: Option<Datetime>,
    pub fingerprint: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgramme {
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub coordinator: Option<String>,
    pub coordinator_email: Option<String>,
    pub supervision: Option<String>,
    /// What the scheme asks of mentors before they start; no sentence without it.
    pub training: Option<String>,
    /// How the scheme evaluates itself; no sentence without it.
    pub evaluation: Option<String>,
    /// Who sponsors the pairing; no sentence without it.
    pub sponsor: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub name: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    pub description: Option<String>,
    pub measure: Option<String>,
    pub target_date: Option<Datetime>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpectations {
    pub mentor: Option<Vec<String>>,
    pub mentee: Option<Vec<String>>,
    pub shared: Option<Vec<String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBoundaries {
    pub line_manager: Option<bool>,
    pub topics_excluded: Option<Vec<String>>,
    pub contact_between_meetings: Option<String>,
    pub availability: Option<String>,
    pub other: Option<Vec<String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeetings {
    pub frequency: Option<String>,
    pub length_minutes: Option<i64>,
    pub format: Option<String>,
    pub location: Option<String>,
    pub time: Option<String>,
    pub time_zone: Option<String>,
    pub arranged_by: Option<String>,
    pub cancellation_notice_hours: Option<i64>,
    pub channels: Option<Vec<String>>,
    pub weekday: Option<String>,
    pub week_of_month: Option<String>,
    pub holidays: Option<String>,
    pub blackout: Option<Vec<RawBlackout>>,
}

/// A period with no meetings (`meetings.blackout`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBlackout {
    pub from: Option<Datetime>,
    pub to: Option<Datetime>,
    pub reason: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfidentiality {
    pub statement: Option<String>,
    pub exceptions: Option<Vec<String>>,
    pub shared_with_coordinator: Option<Vec<String>>,
    pub records: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDuration {
    pub start: Option<Datetime>,
    pub months: Option<i64>,
    pub end: Option<Datetime>,
    pub review_every_months: Option<i64>,
    pub ending: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignatures {
    pub coordinator: Option<bool>,
}

/// `[pdf]`: how the PDF is made.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPdf {
    pub paper: Option<String>,
    pub fonts: Option<Vec<String>>,
}
