//! Each section's answers in a few lines, for the review screen and for the offer to
//! keep what a programme's file gave.

use super::sections::Section;
use crate::model::{
    defaults, ArrangedBy, Choice, Frequency, MeetingFormat, RawAgreement, RawPerson,
};

/// A few lines per section for the review screen.
pub(crate) fn summary(raw: &RawAgreement, s: Section) -> String {
    match s {
        Section::Parties => parties(raw),
        Section::Goals => goals(raw),
        Section::Expectations => expectations(raw),
        Section::Boundaries => boundaries(raw),
        Section::Meetings => meetings(raw),
        Section::Confidentiality => confidentiality(raw),
        Section::Duration => duration(raw),
    }
}

/// The answer, or what the agreement says without one.
fn or(v: &Option<String>, d: &str) -> String {
    v.clone().unwrap_or_else(|| d.to_string())
}

/// A choice as the pair reads it: its label, or the default's.
fn label<C: Choice>(v: &Option<String>) -> &'static str {
    v.as_deref().and_then(C::parse).unwrap_or_default().label()
}

fn person(p: &Option<RawPerson>) -> String {
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
}

fn parties(raw: &RawAgreement) -> String {
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

fn goals(raw: &RawAgreement) -> String {
    raw.goals
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
        .join("\n")
}

fn expectations(raw: &RawAgreement) -> String {
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

fn boundaries(raw: &RawAgreement) -> String {
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

fn meetings(raw: &RawAgreement) -> String {
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

fn confidentiality(raw: &RawAgreement) -> String {
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

fn duration(raw: &RawAgreement) -> String {
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
