//! The validated agreement: what the renderers see. Every value is present.

use jiff::civil::Date;
use serde::Serialize;

use super::choices::{
    ArrangedBy, Frequency, HolidayRegion, Language, MeetingFormat, Paper, Party, Relationship,
    WeekOfMonth, Weekday,
};
use crate::error::Problem;

#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// The pair's own key (`id`), if they have one. Not a sentence of the agreement:
    /// no part of its content.
    #[serde(skip)]
    pub(crate) id: Option<String>,
    /// The records folder the file names (`records`), as written; none: the default.
    #[serde(skip)]
    pub(crate) records: Option<String>,
    pub(crate) title: String,
    pub(crate) language: Language,
    pub(crate) relationship: Relationship,
    /// The day it was signed, when the pair gives it; otherwise the header shows the
    /// day it was drafted.
    pub(crate) agreed_on: Option<Date>,
    pub programme: Option<Programme>,
    pub mentor: Person,
    pub mentee: Person,
    pub goals: Vec<Goal>,
    pub(crate) expectations: Expectations,
    pub(crate) boundaries: Boundaries,
    pub meetings: Meetings,
    pub(crate) confidentiality: Confidentiality,
    pub duration: Duration,
    pub(crate) signatures: Signatures,
    pub(crate) pdf: PdfSettings,
    /// Confirmations recorded by `mentorpact sign`, each checked against this text.
    pub(crate) confirmations: Vec<Confirmation>,
    /// Non-fatal remarks (e.g. the mentor is the line manager).
    #[serde(skip)]
    pub(crate) warnings: Vec<Problem>,
    /// A bilingual agreement in its second language (`cy+en`: the English), with that
    /// language's built-in clauses; the first language's agreement holds the rest.
    #[serde(skip)]
    pub(crate) second: Option<Box<Agreement>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    pub name: Option<String>,
    pub(crate) organisation: Option<String>,
    pub(crate) coordinator: Option<String>,
    pub(crate) coordinator_email: Option<String>,
    pub(crate) supervision: Option<String>,
    // Left out of the content when absent, so that agreements written before these
    // keys keep their fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) training: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) evaluation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sponsor: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub(crate) role: Option<String>,
    pub(crate) email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub description: String,
    pub(crate) measure: Option<String>,
    pub(crate) target_date: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Expectations {
    pub mentor: Vec<String>,
    pub mentee: Vec<String>,
    pub(crate) shared: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Boundaries {
    /// Whether the mentor is the mentee's line manager; `None` when nobody said (the
    /// agreement then asserts neither).
    pub(crate) line_manager: Option<bool>,
    pub(crate) topics_excluded: Vec<String>,
    pub(crate) contact_between_meetings: String,
    pub(crate) availability: Option<String>,
    pub(crate) other: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meetings {
    pub frequency: Frequency,
    pub length_minutes: u32,
    pub format: MeetingFormat,
    pub(crate) location: Option<String>,
    /// Usual start time "HH:MM", if agreed.
    pub time: Option<String>,
    /// IANA name; without it the calendar uses floating local times.
    pub time_zone: Option<String>,
    pub(crate) arranged_by: ArrangedBy,
    pub(crate) cancellation_notice_hours: u32,
    pub(crate) channels: Vec<String>,
    pub weekday: Option<Weekday>,
    /// Only with monthly meetings on a weekday.
    pub(crate) week_of_month: Option<WeekOfMonth>,
    pub holidays: HolidayRegion,
    pub(crate) blackout: Vec<Blackout>,
}

/// A period with no meetings, both days included.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Blackout {
    pub(crate) from: Date,
    pub(crate) to: Date,
    pub(crate) reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Confidentiality {
    pub(crate) statement: String,
    pub(crate) exceptions: Vec<String>,
    pub(crate) shared_with_coordinator: Vec<String>,
    pub(crate) records: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Duration {
    pub(crate) start: Date,
    pub end: Date,
    pub(crate) months: Option<u32>,
    pub(crate) review_every_months: u32,
    /// Whether someone chose the interval (not a default): only then is a warning
    /// about it theirs to act on. Not part of the content: it changes no sentence.
    #[serde(skip)]
    pub(crate) review_chosen: bool,
    pub(crate) ending: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Signatures {
    pub(crate) coordinator: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Confirmation {
    pub(crate) who: Party,
    pub name: String,
    /// Whose place they confirmed in, when the name recorded is not the one the
    /// agreement gives that party (`sign --force --name`).
    pub(crate) in_place_of: Option<String>,
    pub(crate) on: Date,
    /// The fingerprint recorded: see [`crate::model::confirm::fingerprint`].
    pub(crate) fingerprint: String,
    /// The first eight hex digits, for people to compare.
    pub(crate) short: String,
    /// Whether it counts: made for this very text, by this party, once, on a true day.
    pub(crate) valid: bool,
    /// Why it does not count, when it does not.
    #[serde(serialize_with = "void_phrase")]
    pub(crate) void: Option<Void>,
}

/// Why a confirmation counts for nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Void {
    /// The content or the wording changed since.
    Changed,
    /// Made by an earlier version, whose fingerprint left the wording out.
    Unworded,
    /// One of this many for the same party.
    Twice(usize),
    /// The name is not that of the party (who is named here).
    NotTheParty(String),
    /// Dated after today.
    Future,
    /// Dated long before the partnership could have been drafted.
    Early,
}

/// The end of the signature page's sentence "Void: X's confirmation (…) …".
fn void_phrase<S: serde::Serializer>(v: &Option<Void>, s: S) -> Result<S::Ok, S::Error> {
    let phrase = match v {
        None => String::new(),
        Some(Void::Changed | Void::Unworded) => "was for an earlier version of this text".into(),
        Some(Void::Twice(n)) => format!("is one of {n} recorded for the same party"),
        Some(Void::NotTheParty(n)) => format!("does not name the party it is recorded for, {n}"),
        Some(Void::Future) => "is dated after the day it was recorded".into(),
        Some(Void::Early) => "is dated before this agreement was drafted".into(),
    };
    s.serialize_str(&phrase)
}

impl Agreement {
    /// The organisation the mentoring is for, by name: the scheme's organisation, else
    /// the scheme. `None` for a pair without one (the review then asks only about the
    /// two of them).
    pub(crate) fn organisation(&self) -> Option<&str> {
        let p = self.programme.as_ref()?;
        p.organisation.as_deref().or(p.name.as_deref())
    }

    /// Who this partnership is, however its file is ordered or regenerated: its `id`
    /// when it has one, else the two emails when both are given, else the two names
    /// (mentee first), in lower case.
    /// Records and output files are kept by it.
    pub(crate) fn identity(&self) -> String {
        let norm = super::values::folded;
        if let Some(id) = &self.id {
            return format!("id:{}", id.trim());
        }
        match (&self.mentee.email, &self.mentor.email) {
            (Some(a), Some(b)) => format!("email:{}+{}", norm(a), norm(b)),
            _ => format!(
                "names:{}+{}",
                norm(&self.mentee.name),
                norm(&self.mentor.name)
            ),
        }
    }

    /// SHA-256 of the content, in hex: every value of the validated model in a canonical
    /// form (JSON with sorted keys), leaving out how the PDF is printed and the
    /// confirmations themselves. Comments, key order and spelling of dates in the file do
    /// not change it; any change to what the pair agreed does.
    pub(crate) fn content_fingerprint(&self) -> String {
        crate::digest::sha256_hex(self.content_json().as_bytes())
    }

    /// What the fingerprint is taken of: the content as JSON with sorted keys. Kept
    /// with a confirmation, it lets a later run say what changed since.
    pub(crate) fn content_json(&self) -> String {
        let mut value = serde_json::to_value(self).expect("the model serializes");
        if let Some(map) = value.as_object_mut() {
            map.remove("confirmations");
            map.remove("pdf");
        }
        // serde_json's maps are sorted by key, so this is the same for the same content.
        serde_json::to_string(&value).expect("a value serializes")
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PdfSettings {
    /// `[pdf] paper`, else A4 for en-GB and Letter for en-US.
    pub(crate) paper: Paper,
    /// Fallback fonts, in order; relative paths are resolved against the agreement
    /// file's folder when it is read.
    pub(crate) fonts: Vec<std::path::PathBuf>,
}
