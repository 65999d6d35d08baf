//! The interview's sections, the answers gathered so far, and each section's summary
//! for the review screen.

use super::navigator::Given;
use crate::model::{
    defaults, ArrangedBy, Choice, Frequency, MeetingFormat, RawAgreement, RawPerson,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Parties,
    Goals,
    Expectations,
    Boundaries,
    Meetings,
    Confidentiality,
    Duration,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Parties,
        Section::Goals,
        Section::Expectations,
        Section::Boundaries,
        Section::Meetings,
        Section::Confidentiality,
        Section::Duration,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Section::Parties => "parties",
            Section::Goals => "goals",
            Section::Expectations => "expectations",
            Section::Boundaries => "boundaries",
            Section::Meetings => "meetings",
            Section::Confidentiality => "confidentiality",
            Section::Duration => "duration",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::Parties => "Who we are",
            Section::Goals => "Goals",
            Section::Expectations => "What we expect of each other",
            Section::Boundaries => "Boundaries",
            Section::Meetings => "Meetings",
            Section::Confidentiality => "Confidentiality",
            Section::Duration => "How long, and reviews",
        }
    }

    /// Why the section matters, said before its questions.
    pub(super) fn why(self) -> &'static str {
        match self {
            Section::Parties => "A mentoring agreement is a promise between two people. We start with who you are, and the scheme you belong to, if any.",
            Section::Goals => "The goals belong to the mentee: they give your meetings a direction and let you see progress. Three is often a good number; you can refine them at any review.",
            Section::Expectations => "Saying out loud what each of you will do avoids disappointment later. The lists below are good practice; untick what does not fit and add your own.",
            Section::Boundaries => "Boundaries keep mentoring safe: what it is for, what it is not for, and how to reach each other between meetings.",
            Section::Meetings => "Regular, protected time is what makes mentoring work. Agree how often you meet, for how long, and who arranges it.",
            Section::Confidentiality => "Trust rests on confidentiality, and on both of you knowing its limits before they matter.",
            Section::Duration => "Mentoring works best for an agreed time, with reviews along the way and a clear, blame-free way to end.",
        }
    }

    /// The validation keys that belong to this section, to re-ask what is wrong.
    pub(super) fn owns(self, key: &str) -> bool {
        let prefixes: &[&str] = match self {
            Section::Parties => &["mentor", "mentee", "programme", "signatures"],
            Section::Goals => &["goals"],
            Section::Expectations => &["expectations"],
            Section::Boundaries => &["boundaries"],
            Section::Meetings => &["meetings"],
            Section::Confidentiality => &["confidentiality"],
            Section::Duration => &["duration"],
        };
        prefixes.iter().any(|p| {
            key == *p || key.starts_with(&format!("{p}.")) || key.starts_with(&format!("{p}["))
        })
    }
}

/// Answers so far, and which sections are done (for `--resume`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    /// The answers of finished sections (and of a section under way, once finished).
    pub raw: RawAgreement,
    pub done: Vec<Section>,
    /// Values from `--from`: questions they answer are skipped unless the pair chooses.
    pub given: RawAgreement,
    /// The section under way and each answer given in it so far, replayed on resume.
    pub current: Option<(Section, Vec<Given>)>,
}

/// How to treat values that are already there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Skip questions that already have an answer.
    Fill,
    /// Ask everything, offering current answers as defaults.
    Edit,
}

/// A choice as the pair reads it: its label, or the default's.
fn label<C: Choice>(v: &Option<String>) -> &'static str {
    v.as_deref().and_then(C::parse).unwrap_or_default().label()
}

/// A few lines per section for the review screen.
pub fn summary(raw: &RawAgreement, s: Section) -> String {
    let or = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.to_string());
    let person = |p: &Option<RawPerson>| {
        p.as_ref().map_or("(not given)".to_string(), |p| {
            let mut s = or(&p.name, "(no name)");
            if let Some(r) = &p.role {
                s.push_str(&format!(", {r}"));
            }
            if let Some(e) = &p.email {
                s.push_str(&format!(" <{e}>"));
            }
            s
        })
    };
    match s {
        Section::Parties => {
            let mut out = format!(
                "  Mentee: {}\n  Mentor: {}",
                person(&raw.mentee),
                person(&raw.mentor)
            );
            if let Some(pr) = &raw.programme {
                out.push_str(&format!(
                    "\n  Programme: {}",
                    [&pr.name, &pr.organisation]
                        .iter()
                        .filter_map(|v| v.as_deref())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                if let Some(c) = &pr.coordinator {
                    out.push_str(&format!("\n  Coordinator: {c}"));
                }
            }
            out
        }
        Section::Goals => raw
            .goals
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, g)| {
                format!(
                    "  {}. {}{}",
                    i + 1,
                    or(&g.description, ""),
                    g.measure
                        .as_ref()
                        .map(|m| format!(" (how we will know: {m})"))
                        .unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Section::Expectations => {
            let e = raw.expectations.clone().unwrap_or_default();
            let n = |v: &Option<Vec<String>>, d: &[&str]| {
                v.as_ref()
                    .map_or(format!("{} (built-in)", d.len()), |v| v.len().to_string())
            };
            format!(
                "  Mentor: {} items, mentee: {} items, both: {} items",
                n(&e.mentor, defaults::MENTOR),
                n(&e.mentee, defaults::MENTEE),
                n(&e.shared, defaults::SHARED)
            )
        }
        Section::Boundaries => {
            let b = raw.boundaries.clone().unwrap_or_default();
            format!(
                "  Line manager: {}\n  Topics left out: {}\n  Between meetings: {}",
                if b.line_manager.unwrap_or(false) {
                    "yes (roles kept apart)"
                } else {
                    "no"
                },
                b.topics_excluded
                    .map_or("none".to_string(), |t| t.join("; ")),
                or(&b.contact_between_meetings, defaults::CONTACT)
            )
        }
        Section::Meetings => {
            let m = raw.meetings.clone().unwrap_or_default();
            format!(
                "  {} for {} minutes, {}, arranged by {}\n  Where: {}; usual time: {}",
                m.frequency
                    .as_deref()
                    .and_then(Frequency::parse)
                    .unwrap_or(Frequency::Monthly)
                    .describe(),
                m.length_minutes.unwrap_or(defaults::LENGTH_MINUTES as i64),
                label::<MeetingFormat>(&m.format),
                label::<ArrangedBy>(&m.arranged_by),
                or(&m.location, "to agree"),
                or(&m.time, "to agree")
            )
        }
        Section::Confidentiality => {
            let c = raw.confidentiality.clone().unwrap_or_default();
            format!(
                "  Statement: {}\n  Exceptions: {}",
                if c.statement.is_some() {
                    "your own"
                } else {
                    "built-in"
                },
                c.exceptions
                    .map_or("the four built-in ones".to_string(), |e| e
                        .len()
                        .to_string())
            )
        }
        Section::Duration => {
            let d = raw.duration.clone().unwrap_or_default();
            let start = d.start.and_then(|s| crate::model::to_date(&s).ok());
            let end = match (d.end, d.months, start) {
                (Some(e), _, _) => crate::model::to_date(&e).ok(),
                (None, m, Some(s)) => Some(crate::model::end_from_months(
                    s,
                    m.map_or(defaults::MONTHS, |m| m.clamp(1, 60) as u32),
                )),
                _ => None,
            };
            let day = |d: Option<jiff::civil::Date>| {
                d.map_or("a day to agree".to_string(), |d| {
                    crate::render::format_date(d, false, false)
                })
            };
            let every = d
                .review_every_months
                .unwrap_or(defaults::REVIEW_EVERY_MONTHS as i64);
            format!(
                "  From {} until {}. We review every {every} month{}.",
                day(start),
                day(end),
                if every == 1 { "" } else { "s" }
            )
        }
    }
}
