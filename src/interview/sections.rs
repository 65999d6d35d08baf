//! The interview's sections, the answers gathered so far, and how one section is asked:
//! its questions, then the model's own checks, re-asking what is wrong.

use jiff::civil::Date;

use super::prompter::Prompt;
use super::questions::{
    boundaries, confidentiality, duration, expectations, goals, meetings, parties,
};
use super::review::summary;
use crate::error::{Problem, Result};
use crate::model::RawAgreement;

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
    pub raw: RawAgreement,
    pub done: Vec<Section>,
    /// Values from `--from`: questions they answer are skipped unless the pair chooses.
    pub given: RawAgreement,
}

/// How to treat values that are already there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Skip questions that already have an answer.
    Fill,
    /// Ask everything, offering current answers as defaults.
    Edit,
}

/// Ask section `s` (all of it when `editing`); `today` is the suggested start date.
pub fn ask_section(
    p: &mut dyn Prompt,
    a: &mut Answers,
    s: Section,
    editing: bool,
    today: Date,
) -> Result<()> {
    p.say(&format!("── {} ──\n{}", s.title(), s.why()));
    let mut mode = if editing { Mode::Edit } else { Mode::Fill };
    if !editing && given_in(&a.given, s) {
        p.say(&format!(
            "From your programme's file:\n{}",
            summary(&a.raw, s)
        ));
        if !p.confirm("Keep these answers?", true)? {
            mode = Mode::Edit;
        }
    }
    loop {
        match s {
            Section::Parties => parties(p, &mut a.raw, mode)?,
            Section::Goals => goals(p, &mut a.raw, mode)?,
            Section::Expectations => expectations(p, &mut a.raw)?,
            Section::Boundaries => boundaries(p, &mut a.raw, mode)?,
            Section::Meetings => meetings(p, &mut a.raw, mode)?,
            Section::Confidentiality => confidentiality(p, &mut a.raw, mode)?,
            Section::Duration => duration(p, &mut a.raw, mode, today)?,
        }
        // The same validation a TOML file gets; anything wrong here is asked again.
        let problems: Vec<Problem> = match a.raw.validate() {
            Ok(_) => Vec::new(),
            Err(ps) => ps
                .into_iter()
                .filter(|pr| s.owns(&pr.key) && pr.is_error())
                .collect(),
        };
        if problems.is_empty() {
            break;
        }
        for pr in &problems {
            p.say(&format!("Please look again: {} {}", pr.key, pr.message));
        }
        mode = Mode::Edit;
    }
    if !a.done.contains(&s) {
        a.done.push(s);
    }
    Ok(())
}

fn given_in(given: &RawAgreement, s: Section) -> bool {
    let g = given;
    match s {
        Section::Parties => g.programme.is_some() || g.mentor.is_some() || g.mentee.is_some(),
        Section::Goals => g.goals.is_some(),
        Section::Expectations => g.expectations.is_some(),
        Section::Boundaries => g.boundaries.is_some(),
        Section::Meetings => g.meetings.is_some(),
        Section::Confidentiality => g.confidentiality.is_some(),
        Section::Duration => g.duration.is_some(),
    }
}
