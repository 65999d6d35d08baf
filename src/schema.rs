//! Every key of the agreement format, in one table.
//!
//! The table is the single source for: the unknown-key and type checks that run before
//! deserializing (so that all such problems in a file are reported together, with
//! "did you mean"), `mentorpact schema` (JSON Schema for editors), and a test that
//! `docs/format.md` documents every key.

use serde_json::{json, Map, Value};

use crate::model::{
    ArrangedBy, Choice, Decision, HolidayRegion, Language, MeetingFormat, Paper, Party, Progress,
    Relationship, WeekOfMonth, Weekday,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Str,
    Int,
    Bool,
    Date,
    /// A string "HH:MM".
    Time,
    StrList,
    Table,
    /// An array of tables (`[[goals]]`); its keys are listed as `goals[].key`.
    TableList,
}

impl Kind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::Int => "a whole number",
            Kind::Bool => "true or false",
            Kind::Date => "a date like 2027-01-31",
            Kind::Time => "a time string like \"14:00\"",
            Kind::StrList => "a list of strings",
            Kind::Table => "a table",
            Kind::TableList => "a list of tables",
        }
    }
}

pub(crate) struct Key {
    pub(crate) path: &'static str,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
    pub(crate) doc: &'static str,
    /// Allowed values, for keys that take one of a few words.
    pub(crate) choices: &'static [&'static str],
}

const fn key(path: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key {
        path,
        kind,
        required: false,
        doc,
        choices: &[],
    }
}

const fn required(path: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key {
        path,
        kind,
        required: true,
        doc,
        choices: &[],
    }
}

const fn choice(path: &'static str, doc: &'static str, choices: &'static [&'static str]) -> Key {
    Key {
        path,
        kind: Kind::Str,
        required: false,
        doc,
        choices,
    }
}

use Kind::*;

pub(crate) static KEYS: &[Key] = &[
    key("title", Str, "Heading of the document."),
    choice(
        "language",
        "Spelling of the built-in text.",
        Language::NAMES,
    ),
    choice(
        "relationship",
        "The kind of mentoring. Default: traditional.",
        Relationship::NAMES,
    ),
    key(
        "id",
        Str,
        "The pair's own key (a roster's id): how their records and files are known when names or emails change. Default: the two emails, else the two names.",
    ),
    key(
        "records",
        Str,
        "The folder where the pairs' records (confirmations, review records) are kept, relative to this file; in a cohort, under [defaults]. Default: `<file name>.records` beside the file.",
    ),
    key(
        "agreed_on",
        Date,
        "The day it was signed. Default: the header gives the day it was drafted.",
    ),
    key("programme", Table, "The scheme this pairing belongs to."),
    key("programme.name", Str, "Name of the mentoring scheme."),
    key(
        "programme.organisation",
        Str,
        "Organisation running the scheme.",
    ),
    key("programme.coordinator", Str, "The scheme's coordinator."),
    key(
        "programme.coordinator_email",
        Str,
        "How to reach the coordinator.",
    ),
    key(
        "programme.supervision",
        Str,
        "Support the scheme offers mentors (supervision sessions), in its own words.",
    ),
    key(
        "programme.training",
        Str,
        "What the scheme asks of mentors before they start, e.g. a half-day workshop. Without it, the agreement says nothing about training.",
    ),
    key(
        "programme.evaluation",
        Str,
        "How the scheme evaluates itself, e.g. a short survey at the end. Without it, the agreement says nothing about the scheme's evaluation.",
    ),
    key(
        "programme.sponsor",
        Str,
        "Who sponsors the pairing, e.g. the mentee's head of department. Without it, the agreement mentions no sponsor.",
    ),
    required("mentor", Table, "The mentor."),
    required("mentor.name", Str, "Mentor's full name."),
    key("mentor.role", Str, "Mentor's job title or role."),
    key("mentor.email", Str, "Mentor's email address."),
    required("mentee", Table, "The mentee."),
    required("mentee.name", Str, "Mentee's full name."),
    key("mentee.role", Str, "Mentee's job title or role."),
    key("mentee.email", Str, "Mentee's email address."),
    required("goals", TableList, "The mentee's own goals; at least one."),
    required(
        "goals[].description",
        Str,
        "What the mentee wants to achieve.",
    ),
    key("goals[].measure", Str, "How we will know the goal is met."),
    key("goals[].target_date", Date, "When we aim to meet the goal."),
    key("expectations", Table, "What each of us will do."),
    key(
        "expectations.mentor",
        StrList,
        "Replaces the built-in list of what the mentor will do.",
    ),
    key(
        "expectations.mentee",
        StrList,
        "Replaces the built-in list of what the mentee will do.",
    ),
    key(
        "expectations.shared",
        StrList,
        "Replaces the built-in list of what we both will do.",
    ),
    key("boundaries", Table, "What the partnership is not for."),
    key(
        "boundaries.line_manager",
        Bool,
        "Is the mentor the mentee's line manager? Default: not stated (the agreement keeps mentoring apart from line management without saying who manages whom). Not asked in reverse mentoring.",
    ),
    key(
        "boundaries.topics_excluded",
        StrList,
        "Topics we agree not to cover.",
    ),
    key(
        "boundaries.contact_between_meetings",
        Str,
        "How we keep in touch between meetings.",
    ),
    key(
        "boundaries.availability",
        Str,
        "When the mentor can be contacted.",
    ),
    key("boundaries.other", StrList, "Any further boundaries."),
    key("meetings", Table, "How we meet."),
    key(
        "meetings.frequency",
        Str,
        "\"weekly\", \"fortnightly\", \"monthly\" or \"every N weeks\". Default: monthly.",
    ),
    key(
        "meetings.length_minutes",
        Int,
        "Length of a meeting in minutes. Default: 60.",
    ),
    choice(
        "meetings.format",
        "How we meet. Default: in-person.",
        MeetingFormat::NAMES,
    ),
    key("meetings.location", Str, "Where we meet."),
    key(
        "meetings.time",
        Time,
        "Usual start time, \"HH:MM\". Default: 12:00 in the calendar.",
    ),
    key(
        "meetings.time_zone",
        Str,
        "IANA time zone for the calendar, e.g. Europe/London. Default: floating local times.",
    ),
    choice(
        "meetings.weekday",
        "Meetings fall on this weekday. Default: the start's rhythm, never a weekend.",
        Weekday::NAMES,
    ),
    choice(
        "meetings.week_of_month",
        "With monthly meetings on a weekday: which one of the month, e.g. first.",
        WeekOfMonth::NAMES,
    ),
    choice(
        "meetings.holidays",
        "Public holidays to avoid. Default: england-and-wales (en-GB) or us (en-US).",
        HolidayRegion::NAMES,
    ),
    key(
        "meetings.blackout",
        TableList,
        "Periods with no meetings, e.g. [{ from = 2027-08-01, to = 2027-08-31, reason = \"Summer leave\" }].",
    ),
    required("meetings.blackout[].from", Date, "First day of the period."),
    required("meetings.blackout[].to", Date, "Last day of the period."),
    key(
        "meetings.blackout[].reason",
        Str,
        "Why, in a few words; the agreement lists it.",
    ),
    choice(
        "meetings.arranged_by",
        "Who arranges meetings. Default: mentee.",
        ArrangedBy::NAMES,
    ),
    key(
        "meetings.cancellation_notice_hours",
        Int,
        "Notice to cancel or rearrange. Default: 24.",
    ),
    key(
        "meetings.channels",
        StrList,
        "How we contact each other between meetings; written into the one sentence on keeping in touch (with boundaries.contact_between_meetings when both are given).",
    ),
    key("confidentiality", Table, "What stays between us."),
    key(
        "confidentiality.statement",
        Str,
        "Replaces the built-in confidentiality statement.",
    ),
    key(
        "confidentiality.exceptions",
        StrList,
        "Replaces the built-in list of exceptions.",
    ),
    key(
        "confidentiality.shared_with_coordinator",
        StrList,
        "What the coordinator is told.",
    ),
    key("confidentiality.records", Str, "How notes are kept."),
    required("duration", Table, "How long the partnership lasts."),
    required("duration.start", Date, "First meeting."),
    key(
        "duration.months",
        Int,
        "Length in months (give this or end). Default: 6.",
    ),
    key("duration.end", Date, "Last day (give this or months)."),
    key(
        "duration.review_every_months",
        Int,
        "Months between reviews. Default: 3.",
    ),
    key(
        "duration.ending",
        Str,
        "How either of us may end the partnership.",
    ),
    key("pdf", Table, "How the PDF is made."),
    choice(
        "pdf.paper",
        "Paper size. Default: a4, or letter for en-US.",
        Paper::NAMES,
    ),
    key(
        "pdf.fonts",
        StrList,
        "Fallback fonts (TrueType or OpenType files, relative to this file), tried in order for characters the built-in font lacks.",
    ),
    key("signatures", Table, "Signature lines."),
    key(
        "signatures.coordinator",
        Bool,
        "Add a line for the coordinator (needs programme.coordinator).",
    ),
    key(
        "confirmations",
        TableList,
        "Written by `mentorpact sign`: who confirmed this text, and when.",
    ),
    choice(
        "confirmations[].who",
        "Who confirmed.",
        Party::NAMES,
    ),
    key("confirmations[].name", Str, "Their name as they confirmed it."),
    key(
        "confirmations[].in_place_of",
        Str,
        "Whose place they confirmed in, when their name is not the one the agreement gives that party (`sign --force --name`).",
    ),
    key("confirmations[].on", Date, "The day they confirmed."),
    key(
        "confirmations[].fingerprint",
        Str,
        "SHA-256 of the agreement's content and wording when they confirmed (64 hexadecimal digits).",
    ),
];

/// The keys allowed directly inside the table at `prefix` ("" for the top level).
pub(crate) fn children(prefix: &str) -> impl Iterator<Item = &'static Key> + '_ {
    KEYS.iter().filter(move |k| parent(k.path) == prefix)
}

pub(crate) fn find(path: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.path == path)
}

pub(crate) fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn parent(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(p, _)| p)
}

/// JSON Schema (draft 2020-12) for one agreement, or with `cohort` for a cohort file.
/// The JSON Schema of a pair's review records (`mentorpact review --record` writes them;
/// docs/format.md describes them).
/// The schema of a pair's records file (`<input>.records/…toml`): confirmations, the
/// texts confirmed, and review records.
pub(crate) fn reviews_schema() -> Value {
    let text = |d: &str| json!({ "type": "string", "minLength": 1, "description": d });
    let confirmations = json_schema(false)["properties"]["confirmations"].clone();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mentorpact records of a pair",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "identity": text("The pair's identity (as index.csv shows it): how the file is found."),
            "pair": text("The two names when the file was last written, for people."),
            "confirmations": confirmations,
            "agreed": {
                "type": "array",
                "description": "The content each confirmation was given to, by fingerprint, to say what changed since.",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["fingerprint", "content"],
                    "properties": {
                        "fingerprint": text("SHA-256 of the content."),
                        "content": text("The agreement's content, as JSON.")
                    }
                }
            },
            "reviews": {
                "type": "array",
                "description": "One record per check or review meeting.",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["point", "held_on"],
                    "properties": {
                        "point": { "type": "string", "pattern": "^(early|final|[1-9][0-9]*)$",
                                   "description": "Which meeting: early, a review's number, or final." },
                        "held_on": { "type": "string", "format": "date",
                                     "description": "The day of the meeting (a TOML date)." },
                        "goals": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": false,
                                "required": ["goal", "progress"],
                                "properties": {
                                    "goal": { "type": "integer", "minimum": 1,
                                              "description": "The goal's number in the agreement." },
                                    "progress": { "enum": Progress::NAMES },
                                    "note": text("A note on the goal.")
                                }
                            }
                        },
                        "working": text("What is working."),
                        "change": text("What to change."),
                        "change_agreement": { "type": "boolean", "description": "Whether to change the agreement." },
                        "achieved_mentee": text("Final review: what the mentoring achieved for the mentee."),
                        "achieved_mentor": text("Final review: what it achieved for the mentor."),
                        "achieved_organisation": text("Final review: what it achieved for the organisation."),
                        "feedback_for_mentor": text("Final review: the mentee's feedback for the mentor."),
                        "feedback_for_mentee": text("Final review: the mentor's feedback for the mentee."),
                        "decision": { "enum": Decision::NAMES, "description": "Final review: what we decide." }
                    }
                }
            }
        }
    })
}

pub(crate) fn json_schema(cohort: bool) -> Value {
    let agreement = object_schema("", true);
    if !cohort {
        let mut a = agreement;
        a["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        a["title"] = json!("mentorpact agreement");
        return a;
    }
    let partial = object_schema("", false);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mentorpact cohort",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "defaults": partial,
            "pairs": { "type": "array", "items": partial, "minItems": 1 }
        },
        "required": ["pairs"]
    })
}

fn object_schema(prefix: &str, with_required: bool) -> Value {
    let mut props = Map::new();
    let mut req = Vec::new();
    for k in children(prefix) {
        let name = leaf(k.path).trim_end_matches("[]");
        props.insert(name.to_string(), value_schema(k, with_required));
        if k.required && with_required {
            req.push(json!(name));
        }
    }
    let mut o = json!({ "type": "object", "additionalProperties": false, "properties": props });
    if !req.is_empty() {
        o["required"] = Value::Array(req);
    }
    o
}

fn value_schema(k: &Key, with_required: bool) -> Value {
    let mut v = match k.kind {
        Str if !k.choices.is_empty() => json!({ "type": "string", "enum": k.choices }),
        Str => json!({ "type": "string" }),
        Int => json!({ "type": "integer", "minimum": 0 }),
        Bool => json!({ "type": "boolean" }),
        // taplo presents TOML local dates to JSON Schema as "date" strings.
        Date => json!({ "type": "string", "format": "date" }),
        Time => json!({ "type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$" }),
        StrList => json!({ "type": "array", "items": { "type": "string" } }),
        Table => object_schema(k.path, with_required),
        TableList => {
            let items = object_schema(&format!("{}[]", k.path), with_required);
            json!({ "type": "array", "items": items, "minItems": 1 })
        }
    };
    v["description"] = json!(k.doc);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_parent_table() {
        for k in KEYS {
            let p = parent(k.path).trim_end_matches("[]");
            assert!(
                p.is_empty() || find(p).is_some(),
                "{} has no parent",
                k.path
            );
        }
    }

    /// The holiday regions are many and grow by country, so each word is checked, not
    /// only the key.
    #[test]
    fn format_doc_names_every_holiday_region() {
        let doc = include_str!("../docs/format.md");
        let k = find("meetings.holidays").expect("the key exists");
        assert!(k.choices.len() > 5);
        for w in k.choices {
            assert!(
                doc.contains(&format!("\"{w}\"")),
                "docs/format.md does not name the holiday region \"{w}\""
            );
        }
    }

    #[test]
    fn format_doc_lists_every_key() {
        let doc = include_str!("../docs/format.md");
        for k in KEYS {
            let shown = format!("`{}`", k.path.replace("[]", ""));
            assert!(
                doc.contains(&shown),
                "docs/format.md does not document {shown}"
            );
        }
    }
}
