//! The agreement: raw answers as read from TOML or the interview, and the validated
//! model that the renderers use.
//!
//! [`RawAgreement`] mirrors the file format (every field optional, nothing checked).
//! [`RawAgreement::validate`] is the one place that checks values and fills in the
//! good-practice defaults; it reports every problem it finds, not just the first.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use toml::value::Datetime;

use crate::error::Problem;
use crate::schedule::{self, Schedule};
use crate::spelling::{self, Language};

// ---------------------------------------------------------------------------
// Raw: the file format, as written by people and by the interview.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgreement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed_on: Option<Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme: Option<RawProgramme>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor: Option<RawPerson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentee: Option<RawPerson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goals: Option<Vec<RawGoal>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expectations: Option<RawExpectations>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundaries: Option<RawBoundaries>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meetings: Option<RawMeetings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidentiality: Option<RawConfidentiality>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<RawDuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signatures: Option<RawSignatures>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgramme {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinator_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supervision: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_date: Option<Datetime>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpectations {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentee: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBoundaries {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_manager: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topics_excluded: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_between_meetings: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeetings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length_minutes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arranged_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation_notice_hours: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfidentiality {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_with_coordinator: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDuration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_every_months: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ending: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignatures {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinator: Option<bool>,
}

// ---------------------------------------------------------------------------
// Validated: what the renderers see. Every value is present.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub title: String,
    pub language: Language,
    pub agreed_on: Date,
    pub programme: Option<Programme>,
    pub mentor: Person,
    pub mentee: Person,
    pub goals: Vec<Goal>,
    pub expectations: Expectations,
    pub boundaries: Boundaries,
    pub meetings: Meetings,
    pub confidentiality: Confidentiality,
    pub duration: Duration,
    pub signatures: Signatures,
    pub schedule: Schedule,
    /// Non-fatal remarks (e.g. the mentor is the line manager).
    #[serde(skip)]
    pub warnings: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub coordinator: Option<String>,
    pub coordinator_email: Option<String>,
    pub supervision: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub description: String,
    pub measure: Option<String>,
    pub target_date: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Expectations {
    pub mentor: Vec<String>,
    pub mentee: Vec<String>,
    pub shared: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Boundaries {
    pub line_manager: bool,
    pub topics_excluded: Vec<String>,
    pub contact_between_meetings: String,
    pub availability: Option<String>,
    pub other: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
    EveryWeeks(u32),
}

impl Frequency {
    pub const CHOICES: &'static str =
        "\"weekly\", \"fortnightly\", \"monthly\" or \"every N weeks\"";

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "weekly" => Some(Frequency::Weekly),
            "fortnightly" => Some(Frequency::Fortnightly),
            "monthly" => Some(Frequency::Monthly),
            _ => {
                let n = s.strip_prefix("every ")?.strip_suffix(" weeks")?.trim();
                match n.parse::<u32>().ok()? {
                    1 => Some(Frequency::Weekly),
                    2 => Some(Frequency::Fortnightly),
                    n @ 3..=26 => Some(Frequency::EveryWeeks(n)),
                    _ => None,
                }
            }
        }
    }

    /// Plain words for the document: "once a month".
    pub fn describe(self) -> String {
        match self {
            Frequency::Weekly => "once a week".into(),
            Frequency::Fortnightly => "every two weeks".into(),
            Frequency::Monthly => "once a month".into(),
            Frequency::EveryWeeks(n) => format!("every {n} weeks"),
        }
    }
}

impl From<Frequency> for String {
    fn from(f: Frequency) -> String {
        f.describe()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Meetings {
    pub frequency: Frequency,
    pub length_minutes: u32,
    pub format: String,
    pub location: Option<String>,
    /// Usual start time "HH:MM", if agreed.
    pub time: Option<String>,
    pub timezone: Option<String>,
    pub arranged_by: String,
    pub cancellation_notice_hours: u32,
    pub channels: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confidentiality {
    pub statement: String,
    pub exceptions: Vec<String>,
    pub shared_with_coordinator: Vec<String>,
    pub records: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Duration {
    pub start: Date,
    pub end: Date,
    pub months: Option<u32>,
    pub review_every_months: u32,
    pub ending: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signatures {
    pub coordinator: bool,
}

// ---------------------------------------------------------------------------
// Good-practice defaults (content.md). en-GB; en-US is derived by `spelling`.
// ---------------------------------------------------------------------------

pub mod defaults {
    pub const TITLE: &str = "Mentoring agreement";
    pub const MONTHS: u32 = 6;
    pub const REVIEW_EVERY_MONTHS: u32 = 3;
    pub const LENGTH_MINUTES: u32 = 60;
    pub const NOTICE_HOURS: u32 = 24;
    pub const FORMAT: &str = "in-person";
    pub const ARRANGED_BY: &str = "mentee";
    pub const CHANNELS: &[&str] = &["email"];

    pub const MENTOR: &[&str] = &[
        "Keep to the meetings we arrange, be on time, and give notice if a meeting has to move.",
        "Follow through on anything promised between meetings.",
        "Listen more than talk, ask open questions, and help the mentee reflect on and reframe what they bring.",
        "Share experience and a point of view as one perspective, not as instructions.",
        "Give honest, constructive feedback, kindly.",
        "Keep the mentee's confidences, within the limits set out in this agreement.",
        "Stay open to learning from the mentee.",
    ];
    pub const MENTEE: &[&str] = &[
        "Take the lead: propose our goals and the agenda for each meeting.",
        "Prepare for meetings, and send questions ahead when that helps.",
        "Follow through on the actions we agree.",
        "Be honest about what is hard, not only about what is going well.",
        "Hear feedback openly, without needing to defend.",
        "Keep in touch in the ways we have agreed.",
    ];
    pub const SHARED: &[&str] = &[
        "Respect each other's time.",
        "Review how the partnership is working at each review point.",
        "Keep brief notes of what we agree and the actions that follow.",
        "Raise any problem early, while it is still small.",
    ];
    pub const CONTACT: &str =
        "Email for quick questions between meetings; we reply within two working days.";
    pub const STATEMENT: &str = "What we talk about in our meetings stays between us. That we are a mentoring pair is not a secret; what we say to each other is.";
    pub const EXCEPTIONS: &[&str] = &[
        "A risk of serious harm to the mentee or to someone else.",
        "A safeguarding concern about a child or an adult at risk.",
        "Disclosure of a crime or of serious misconduct.",
        "Anything the law requires us to report.",
    ];
    pub const SHARED_WITH_COORDINATOR: &[&str] = &[
        "That our meetings are taking place.",
        "The outcome of our reviews, if we both agree.",
    ];
    pub const RECORDS: &str = "Each of us keeps our own notes. Neither of us shares them without the other's agreement, and we delete them when they are no longer needed.";
    pub const ENDING: &str = "Either of us may end the partnership early, for any reason and without blame, after a conversation with the other. We respect that choice.";
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/// Collects problems while validating, so every one is reported.
#[derive(Default)]
pub struct Checker {
    pub problems: Vec<Problem>,
}

impl Checker {
    fn err(&mut self, key: &str, msg: impl Into<String>) {
        self.problems.push(Problem::error(key, msg));
    }

    fn err_help(&mut self, key: &str, msg: impl Into<String>, help: impl Into<String>) {
        self.problems.push(Problem::error(key, msg).help(help));
    }

    /// An optional text: `None` if absent; an error if present but blank.
    fn text(&mut self, key: &str, v: &Option<String>) -> Option<String> {
        match v {
            Some(s) if s.trim().is_empty() => {
                self.err_help(
                    key,
                    "is empty",
                    "give some text, or remove the key to use the default",
                );
                None
            }
            Some(s) => Some(clean(s)),
            None => None,
        }
    }

    fn list(&mut self, key: &str, v: &Option<Vec<String>>) -> Option<Vec<String>> {
        let v = v.as_ref()?;
        let mut out = Vec::with_capacity(v.len());
        for (i, s) in v.iter().enumerate() {
            if s.trim().is_empty() {
                self.err(&format!("{key}[{}]", i + 1), "is an empty item");
            } else {
                out.push(clean(s));
            }
        }
        Some(out)
    }

    fn email(&mut self, key: &str, v: &Option<String>) -> Option<String> {
        let e = self.text(key, v)?;
        if let Err(why) = check_email(&e) {
            self.err(key, why);
        }
        Some(e)
    }

    fn date(&mut self, key: &str, v: &Option<Datetime>) -> Option<Date> {
        let d = v.as_ref()?;
        match to_date(d) {
            Ok(date) => Some(date),
            Err(why) => {
                self.err(key, why);
                None
            }
        }
    }

    fn number(
        &mut self,
        key: &str,
        v: Option<i64>,
        range: std::ops::RangeInclusive<i64>,
        unit: &str,
    ) -> Option<u32> {
        let n = v?;
        if range.contains(&n) {
            Some(n as u32)
        } else {
            self.err(
                key,
                format!(
                    "{n} {unit} is out of range; use {} to {}",
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }

    fn choice(&mut self, key: &str, v: &Option<String>, choices: &[&str]) -> Option<String> {
        let s = v.as_ref()?.trim().to_ascii_lowercase();
        if let Some(c) = choices.iter().find(|c| c.eq_ignore_ascii_case(&s)) {
            return Some(c.to_string());
        }
        let list = choices
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match crate::error::did_you_mean(&s, choices.iter().copied()) {
            Some(m) => format!("did you mean \"{m}\"? Allowed: {list}"),
            None => format!("allowed: {list}"),
        };
        self.err_help(
            key,
            format!(
                "\"{}\" is not one of the allowed values",
                v.as_deref().unwrap_or("")
            ),
            help,
        );
        None
    }
}

/// Collapse internal line breaks: one answer is one paragraph of the agreement.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn check_email(e: &str) -> Result<(), String> {
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{e}\" does not look like an email address (name@example.org)"
        ))
    }
}

pub fn to_date(d: &Datetime) -> Result<Date, String> {
    match (&d.date, &d.time, &d.offset) {
        (Some(date), None, None) => Date::new(date.year as i16, date.month as i8, date.day as i8)
            .map_err(|e| format!("{d} is not a real date: {e}")),
        _ => Err(format!(
            "expected a date like 2027-01-31, without a time; found {d}"
        )),
    }
}

/// "HH:MM", 24-hour.
pub fn check_time(s: &str) -> Result<String, String> {
    let bad = || format!("\"{s}\" is not a time; write it as \"HH:MM\", 24-hour, e.g. \"14:00\"");
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 || s.trim().len() != 5 {
        return Err(bad());
    }
    Ok(format!("{h:02}:{m:02}"))
}

fn person(c: &mut Checker, key: &str, p: &Option<RawPerson>) -> Option<Person> {
    let Some(p) = p else {
        c.err_help(
            key,
            "is missing",
            format!("add a [{key}] table with at least `name = \"…\"`"),
        );
        return None;
    };
    let name = match &p.name {
        None => {
            c.err_help(
                &format!("{key}.name"),
                "is missing",
                format!("every agreement names its {key}"),
            );
            None
        }
        Some(n) if n.trim().is_empty() => {
            c.err(&format!("{key}.name"), "is blank");
            None
        }
        Some(n) => Some(clean(n)),
    };
    let role = c.text(&format!("{key}.role"), &p.role);
    let email = c.email(&format!("{key}.email"), &p.email);
    Some(Person {
        name: name?,
        role,
        email,
    })
}

impl RawAgreement {
    /// Check everything and fill in defaults. On failure, every problem found.
    pub fn validate(&self) -> Result<Agreement, Vec<Problem>> {
        let mut c = Checker::default();
        let language = match c.choice("language", &self.language, &["en-GB", "en-US"]) {
            Some(l) if l == "en-US" => Language::EnUs,
            _ => Language::EnGb,
        };
        let title = c
            .text("title", &self.title)
            .unwrap_or_else(|| defaults::TITLE.to_string());

        let programme = self.programme.as_ref().map(|p| Programme {
            name: c.text("programme.name", &p.name),
            organisation: c.text("programme.organisation", &p.organisation),
            coordinator: c.text("programme.coordinator", &p.coordinator),
            coordinator_email: c.email("programme.coordinator_email", &p.coordinator_email),
            supervision: c.text("programme.supervision", &p.supervision),
        });
        let mentor = person(&mut c, "mentor", &self.mentor);
        let mentee = person(&mut c, "mentee", &self.mentee);

        let goals = self.validate_goals(&mut c);
        let duration = self.validate_duration(&mut c);
        let meetings = self.validate_meetings(&mut c);

        let e = self.expectations.clone().unwrap_or_default();
        let fill = |v: Option<Vec<String>>, d: &[&str]| {
            v.unwrap_or_else(|| d.iter().map(|s| spelling::built_in(s, language)).collect())
        };
        let expectations = Expectations {
            mentor: fill(c.list("expectations.mentor", &e.mentor), defaults::MENTOR),
            mentee: fill(c.list("expectations.mentee", &e.mentee), defaults::MENTEE),
            shared: fill(c.list("expectations.shared", &e.shared), defaults::SHARED),
        };

        let b = self.boundaries.clone().unwrap_or_default();
        let boundaries = Boundaries {
            line_manager: b.line_manager.unwrap_or(false),
            topics_excluded: c
                .list("boundaries.topics_excluded", &b.topics_excluded)
                .unwrap_or_default(),
            contact_between_meetings: c
                .text(
                    "boundaries.contact_between_meetings",
                    &b.contact_between_meetings,
                )
                .unwrap_or_else(|| spelling::built_in(defaults::CONTACT, language)),
            availability: c.text("boundaries.availability", &b.availability),
            other: c.list("boundaries.other", &b.other).unwrap_or_default(),
        };
        let mut warnings = Vec::new();
        if boundaries.line_manager {
            warnings.push(
                Problem::warning(
                    "boundaries.line_manager",
                    "the mentor is the mentee's line manager; mentoring works best apart from line management",
                )
                .help("the agreement adds a clause keeping the two roles apart; consider a mentor from outside the reporting line"),
            );
        }

        let f = self.confidentiality.clone().unwrap_or_default();
        let confidentiality = Confidentiality {
            statement: c
                .text("confidentiality.statement", &f.statement)
                .unwrap_or_else(|| spelling::built_in(defaults::STATEMENT, language)),
            exceptions: fill(
                c.list("confidentiality.exceptions", &f.exceptions),
                defaults::EXCEPTIONS,
            ),
            shared_with_coordinator: fill(
                c.list(
                    "confidentiality.shared_with_coordinator",
                    &f.shared_with_coordinator,
                ),
                defaults::SHARED_WITH_COORDINATOR,
            ),
            records: c
                .text("confidentiality.records", &f.records)
                .unwrap_or_else(|| spelling::built_in(defaults::RECORDS, language)),
        };

        let coordinator_sig = self
            .signatures
            .as_ref()
            .and_then(|s| s.coordinator)
            .unwrap_or(false);
        let has_coordinator = programme.as_ref().is_some_and(|p| p.coordinator.is_some());
        if coordinator_sig && !has_coordinator {
            c.err_help(
                "signatures.coordinator",
                "asks for a coordinator's signature line, but no coordinator is named",
                "add `coordinator = \"…\"` under [programme], or set this to false",
            );
        }
        let agreed_on = c.date("agreed_on", &self.agreed_on);

        let (Some(mentor), Some(mentee), Some(goals), Some(duration), Some(meetings)) =
            (mentor, mentee, goals, duration, meetings)
        else {
            return Err(c.problems);
        };
        if let Some(d) = goals
            .iter()
            .filter_map(|g| g.target_date)
            .find(|d| *d < duration.start)
        {
            warnings.push(Problem::warning(
                "goals",
                format!("a goal's target date ({d}) is before the start"),
            ));
        }
        if !c.problems.is_empty() {
            return Err(c.problems);
        }
        let schedule = schedule::plan(&duration, &meetings);
        Ok(Agreement {
            title,
            language,
            agreed_on: agreed_on.unwrap_or(duration.start),
            programme,
            mentor,
            mentee,
            goals,
            expectations,
            boundaries,
            meetings,
            confidentiality,
            signatures: Signatures {
                coordinator: coordinator_sig,
            },
            schedule,
            warnings,
            duration: Duration {
                ending: if duration.ending.is_empty() {
                    spelling::built_in(defaults::ENDING, language)
                } else {
                    duration.ending
                },
                ..duration
            },
        })
    }

    fn validate_goals(&self, c: &mut Checker) -> Option<Vec<Goal>> {
        let Some(goals) = &self.goals else {
            c.err_help(
                "goals",
                "no goals given",
                "add at least one [[goals]] table with a `description`; goals belong to the mentee",
            );
            return None;
        };
        if goals.is_empty() {
            c.err_help(
                "goals",
                "the list of goals is empty",
                "add at least one goal with a `description`",
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (i, g) in goals.iter().enumerate() {
            let k = format!("goals[{}]", i + 1);
            let description = match &g.description {
                Some(d) if !d.trim().is_empty() => Some(clean(d)),
                Some(_) => {
                    c.err(&format!("{k}.description"), "is blank");
                    None
                }
                None => {
                    c.err_help(
                        &format!("{k}.description"),
                        "is missing",
                        "say what the mentee wants to achieve",
                    );
                    None
                }
            };
            let measure = c.text(&format!("{k}.measure"), &g.measure);
            let target_date = c.date(&format!("{k}.target_date"), &g.target_date);
            match description {
                Some(description) => out.push(Goal {
                    description,
                    measure,
                    target_date,
                }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn validate_duration(&self, c: &mut Checker) -> Option<Duration> {
        let Some(d) = &self.duration else {
            c.err_help(
                "duration",
                "is missing",
                "add a [duration] table with at least `start = 2027-01-11`",
            );
            return None;
        };
        let start = match &d.start {
            None => {
                c.err_help(
                    "duration.start",
                    "is missing",
                    "the date of the first meeting, e.g. `start = 2027-01-11`",
                );
                None
            }
            v => c.date("duration.start", v),
        };
        let months = c.number("duration.months", d.months, 1..=60, "months");
        let end = c.date("duration.end", &d.end);
        let review = c.number(
            "duration.review_every_months",
            d.review_every_months,
            1..=24,
            "months",
        );
        let ending = c.text("duration.ending", &d.ending).unwrap_or_default();
        if d.months.is_some() && d.end.is_some() {
            c.err_help(
                "duration.end",
                "both `months` and `end` are given",
                "give one: `months` counts from the start, `end` is the last day",
            );
            return None;
        }
        let start = start?;
        let end = match (end, months) {
            (Some(end), _) => end,
            (None, m) => schedule::end_from_months(start, m.unwrap_or(defaults::MONTHS)),
        };
        if end <= start {
            c.err(
                "duration.end",
                format!("the end ({end}) must come after the start ({start})"),
            );
            return None;
        }
        Some(Duration {
            start,
            end,
            months: months.or(d.end.is_none().then_some(defaults::MONTHS)),
            review_every_months: review.unwrap_or(defaults::REVIEW_EVERY_MONTHS),
            ending,
        })
    }

    fn validate_meetings(&self, c: &mut Checker) -> Option<Meetings> {
        let m = self.meetings.clone().unwrap_or_default();
        let frequency = match &m.frequency {
            None => Frequency::Monthly,
            Some(f) => match Frequency::parse(f) {
                Some(f) => f,
                None => {
                    c.err_help(
                        "meetings.frequency",
                        format!("\"{f}\" is not a meeting frequency"),
                        format!("use {}; N from 3 to 26", Frequency::CHOICES),
                    );
                    return None;
                }
            },
        };
        let time = match &m.time {
            None => None,
            Some(t) => match check_time(t) {
                Ok(t) => Some(t),
                Err(why) => {
                    c.err("meetings.time", why);
                    None
                }
            },
        };
        let timezone = c.text("meetings.timezone", &m.timezone);
        if let Some(tz) = &timezone {
            if jiff::tz::TimeZone::get(tz).is_err() {
                c.err_help(
                    "meetings.timezone",
                    format!("\"{tz}\" is not a known time zone"),
                    "use an IANA name such as Europe/London or America/New_York",
                );
            }
        }
        Some(Meetings {
            frequency,
            length_minutes: c
                .number(
                    "meetings.length_minutes",
                    m.length_minutes,
                    5..=480,
                    "minutes",
                )
                .unwrap_or(defaults::LENGTH_MINUTES),
            format: c
                .choice(
                    "meetings.format",
                    &m.format,
                    &["in-person", "video", "phone", "mixed"],
                )
                .unwrap_or_else(|| defaults::FORMAT.into()),
            location: c.text("meetings.location", &m.location),
            time,
            timezone,
            arranged_by: c
                .choice(
                    "meetings.arranged_by",
                    &m.arranged_by,
                    &["mentee", "mentor", "both"],
                )
                .unwrap_or_else(|| defaults::ARRANGED_BY.into()),
            cancellation_notice_hours: c
                .number(
                    "meetings.cancellation_notice_hours",
                    m.cancellation_notice_hours,
                    0..=336,
                    "hours",
                )
                .unwrap_or(defaults::NOTICE_HOURS),
            channels: c
                .list("meetings.channels", &m.channels)
                .unwrap_or_else(|| defaults::CHANNELS.iter().map(|s| s.to_string()).collect()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> RawAgreement {
        toml::from_str(
            r#"
            [mentor]
            name = "Grace Hopper"
            [mentee]
            name = "Zoë Ó'Brien"
            [[goals]]
            description = "Present with confidence"
            [duration]
            start = 2026-12-01
            "#,
        )
        .unwrap()
    }

    fn keys(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.key.as_str()).collect()
    }

    #[test]
    fn minimal_gets_good_practice_defaults() {
        let a = minimal().validate().unwrap();
        assert_eq!(a.meetings.frequency, Frequency::Monthly);
        assert_eq!(a.meetings.length_minutes, 60);
        assert_eq!(a.meetings.arranged_by, "mentee");
        assert_eq!(a.meetings.cancellation_notice_hours, 24);
        assert_eq!(a.duration.end.to_string(), "2027-05-31");
        assert_eq!(a.duration.review_every_months, 3);
        assert_eq!(a.confidentiality.exceptions.len(), 4);
        assert!(!a.boundaries.line_manager);
        assert_eq!(a.agreed_on, a.duration.start);
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let mut raw = minimal();
        raw.mentor.as_mut().unwrap().name = Some("  ".into());
        raw.mentee = None;
        raw.meetings = Some(RawMeetings {
            frequency: Some("whenever".into()),
            time: Some("25:00".into()),
            ..Default::default()
        });
        raw.duration.as_mut().unwrap().months = Some(6);
        raw.duration.as_mut().unwrap().end = Some("2027-01-01".parse().unwrap());
        let problems = raw.validate().unwrap_err();
        let k = keys(&problems);
        for want in [
            "mentor.name",
            "mentee",
            "meetings.frequency",
            "duration.end",
        ] {
            assert!(k.contains(&want), "{want} missing from {k:?}");
        }
    }

    #[test]
    fn end_before_start_is_an_error() {
        let mut raw = minimal();
        raw.duration.as_mut().unwrap().end = Some("2026-11-01".parse().unwrap());
        let p = raw.validate().unwrap_err();
        assert_eq!(keys(&p), ["duration.end"]);
        assert!(p[0].message.contains("must come after the start"));
    }

    #[test]
    fn frequency_words() {
        assert_eq!(
            Frequency::parse("Every 3 weeks"),
            Some(Frequency::EveryWeeks(3))
        );
        assert_eq!(
            Frequency::parse("every 2 weeks"),
            Some(Frequency::Fortnightly)
        );
        assert_eq!(Frequency::parse("whenever"), None);
        assert_eq!(Frequency::parse("every 0 weeks"), None);
    }

    #[test]
    fn times_and_emails() {
        assert_eq!(check_time("09:30").unwrap(), "09:30");
        assert!(check_time("9:30").is_err());
        assert!(check_time("24:00").is_err());
        assert!(check_email("grace@example.org").is_ok());
        assert!(check_email("grace@localhost").is_err());
        assert!(check_email("grace example.org").is_err());
    }

    #[test]
    fn coordinator_signature_needs_a_coordinator() {
        let mut raw = minimal();
        raw.signatures = Some(RawSignatures {
            coordinator: Some(true),
        });
        assert_eq!(
            keys(&raw.validate().unwrap_err()),
            ["signatures.coordinator"]
        );
    }

    #[test]
    fn line_manager_is_a_warning_not_an_error() {
        let mut raw = minimal();
        raw.boundaries = Some(RawBoundaries {
            line_manager: Some(true),
            ..Default::default()
        });
        let a = raw.validate().unwrap();
        assert_eq!(a.warnings.len(), 1);
    }

    #[test]
    fn us_spelling_of_defaults() {
        let mut raw = minimal();
        raw.language = Some("en-US".into());
        let a = raw.validate().unwrap();
        assert!(a.confidentiality.records.contains("agreement"));
        assert_eq!(a.language, Language::EnUs);
    }
}
