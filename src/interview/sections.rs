//! The interview's sections: their order, names, why each matters, and which of the
//! model's keys each one asks about.

use crate::model::words::tr;
use crate::model::Language;

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
    pub(crate) const ALL: [Section; 7] = [
        Section::Parties,
        Section::Goals,
        Section::Expectations,
        Section::Boundaries,
        Section::Meetings,
        Section::Confidentiality,
        Section::Duration,
    ];

    pub(crate) fn id(self) -> &'static str {
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

    /// The section's title, in the interview's language `l`.
    pub(crate) fn title(self, l: Language) -> &'static str {
        match self {
            Section::Parties => tr(l, "Who we are"),
            Section::Goals => tr(l, "Goals"),
            Section::Expectations => tr(l, "What we expect of each other"),
            Section::Boundaries => tr(l, "Boundaries"),
            Section::Meetings => tr(l, "Meetings"),
            Section::Confidentiality => tr(l, "Confidentiality"),
            Section::Duration => tr(l, "How long, and reviews"),
        }
    }

    /// Why the section matters, said before its questions.
    pub(super) fn why(self, l: Language) -> &'static str {
        match self {
            Section::Parties => tr(l, "A mentoring agreement is a promise between two people. We start with who you are, and the scheme you belong to, if any."),
            Section::Goals => tr(l, "The goals belong to the mentee: they give your meetings a direction and let you see progress. Three is often a good number; you can refine them at any review."),
            Section::Expectations => tr(l, "Saying out loud what each of you will do avoids disappointment later. The lists below are good practice; untick what does not fit and add your own."),
            Section::Boundaries => tr(l, "Boundaries keep mentoring safe: what it is for, what it is not for, and how to reach each other between meetings."),
            Section::Meetings => tr(l, "Regular, protected time is what makes mentoring work. Agree how often you meet, for how long, and who arranges it."),
            Section::Confidentiality => tr(l, "Trust rests on confidentiality, and on both of you knowing its limits before they matter."),
            Section::Duration => tr(l, "Mentoring works best for an agreed time, with reviews along the way and a clear, blame-free way to end."),
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
