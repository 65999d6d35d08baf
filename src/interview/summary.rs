//! Each section's answers in a few lines, for the review screen and for the offer to
//! keep what a programme's file gave.

use super::sections::Section;
use crate::model::words::Defaults;
use crate::model::{
    defaults, ArrangedBy, Choice, Frequency, HolidayRegion, Language, MeetingFormat, RawAgreement,
    RawPerson, Relationship, WeekOfMonth, Weekday,
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
        "  Written in: {}\n  Kind: {}\n  Mentee: {}\n  Mentor: {}",
        label::<Language>(&raw.language),
        label::<Relationship>(&raw.relationship),
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
        let coordinator = pr
            .coordinator
            .as_ref()
            .map(|c| match &pr.coordinator_email {
                Some(e) => format!("{c} <{e}>"),
                None => c.clone(),
            });
        for (what, v) in [
            ("Coordinator", &coordinator),
            ("Training", &pr.training),
            ("Evaluation", &pr.evaluation),
            ("Sponsor", &pr.sponsor),
        ] {
            if let Some(v) = v {
                out.push_str(&format!("\n  {what}: {v}"));
            }
        }
        if raw.signatures.as_ref().and_then(|s| s.coordinator) == Some(true) {
            out.push_str("\n  The coordinator signs too");
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

/// A list as the agreement will have it: the pair's own, or the built-in one.
fn items(title: &str, v: &Option<Vec<String>>, builtin: &[String]) -> String {
    let list: Vec<String> = match v {
        Some(v) if v.is_empty() => vec!["(nothing listed)".to_string()],
        Some(v) => v.clone(),
        None => builtin.to_vec(),
    };
    format!(
        "  {title}\n{}",
        list.iter()
            .map(|i| format!("    - {i}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

/// The built-in clauses in the pair's language.
fn built_in(raw: &RawAgreement) -> &'static Defaults {
    let language = raw.language.as_deref().and_then(Language::parse);
    &language.unwrap_or_default().words().defaults
}

fn expectations(raw: &RawAgreement) -> String {
    let e = raw.expectations.clone().unwrap_or_default();
    let d = built_in(raw);
    [
        items("The mentor will:", &e.mentor, &d.mentor),
        items("The mentee will:", &e.mentee, &d.mentee),
        items("We both will:", &e.shared, &d.shared),
    ]
    .join("\n")
}

fn boundaries(raw: &RawAgreement) -> String {
    let b = raw.boundaries.clone().unwrap_or_default();
    let reverse =
        raw.relationship.as_deref().and_then(Relationship::parse) == Some(Relationship::Reverse);
    let lm = match b.line_manager {
        _ if reverse => "does not arise (the mentor is the junior colleague)",
        Some(true) => "yes (the roles kept apart)",
        Some(false) => "no",
        None => "not stated",
    };
    format!(
        "  The mentor is the mentee's line manager: {lm}\n  Topics left out: {}\n  Between meetings: {}\n  Availability: {}",
        b.topics_excluded
            .map_or("none".to_string(), |t| t.join("; ")),
        or(&b.contact_between_meetings, &built_in(raw).contact),
        or(&b.availability, "times that suit you both")
    )
}

fn meetings(raw: &RawAgreement) -> String {
    let m = raw.meetings.clone().unwrap_or_default();
    let language = raw
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default();
    let often = m
        .frequency
        .as_deref()
        .and_then(Frequency::parse)
        .unwrap_or(Frequency::Monthly)
        .describe();
    let rhythm = match (
        m.weekday.as_deref().and_then(Weekday::parse),
        m.week_of_month.as_deref().and_then(WeekOfMonth::parse),
    ) {
        (Some(w), Some(k)) => format!("On the {} {} of each month", k.label(), w.label()),
        (Some(w), None) => format!("{often}, on {}s", w.label()),
        _ => often,
    };
    let rhythm = {
        let mut c = rhythm.chars();
        c.next().map_or_else(String::new, |f| {
            f.to_uppercase().chain(c).collect::<String>()
        })
    };
    let holidays = m
        .holidays
        .as_deref()
        .and_then(HolidayRegion::parse)
        .unwrap_or_else(|| HolidayRegion::for_language(language));
    let time = m
        .time
        .as_deref()
        .map_or("to agree each time".to_string(), |t| {
            crate::render::clock_time(t, language == Language::EnUs)
        });
    let mut out = format!(
        "  {rhythm}, for {} minutes, {}, arranged by {}\n  Where: {}\n  Usual time: {time}{}\n  Notice to cancel or move: {} hours\n  The dates avoid weekends and {}",
        m.length_minutes.unwrap_or(defaults::LENGTH_MINUTES as i64),
        label::<MeetingFormat>(&m.format),
        label::<ArrangedBy>(&m.arranged_by),
        or(&m.location, "a place you agree before each meeting"),
        m.time_zone.as_deref().map(|z| format!(" ({z})")).unwrap_or_default(),
        m.cancellation_notice_hours.unwrap_or(defaults::NOTICE_HOURS as i64),
        holidays.label()
    );
    for b in m.blackout.iter().flatten() {
        let day = |d: &Option<toml::value::Datetime>| {
            d.and_then(|d| crate::model::to_date(&d).ok())
                .map_or("?".to_string(), |d| language.date(d))
        };
        out.push_str(&format!(
            "\n  No meetings from {} to {}{}",
            day(&b.from),
            day(&b.to),
            b.reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ));
    }
    if let Some(ch) = &m.channels {
        out.push_str(&format!("\n  Channels: {}", ch.join(", ")));
    }
    out
}

fn confidentiality(raw: &RawAgreement) -> String {
    let c = raw.confidentiality.clone().unwrap_or_default();
    let mut out = format!(
        "  {}\n{}",
        or(&c.statement, &built_in(raw).statement),
        items(
            "We break confidence only for:",
            &c.exceptions,
            &built_in(raw).exceptions
        )
    );
    if raw
        .programme
        .as_ref()
        .is_some_and(|p| p.coordinator.is_some())
    {
        out.push('\n');
        out.push_str(&items(
            "The coordinator is told:",
            &c.shared_with_coordinator,
            &built_in(raw).shared_with_coordinator,
        ));
    }
    out
}

fn duration(raw: &RawAgreement) -> String {
    let language = raw
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default();
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
    let day =
        |d: Option<jiff::civil::Date>| d.map_or("a day to agree".to_string(), |d| language.date(d));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meetings_show_what_the_document_depends_on() {
        let raw: RawAgreement = toml::from_str(
            "language = \"en-US\"\n[meetings]\nweekday = \"thursday\"\ntime = \"17:30\"\ncancellation_notice_hours = 48\nblackout = [{ from = 2027-08-01, to = 2027-08-31, reason = \"Summer\" }]\n",
        )
        .unwrap();
        let m = summary(&raw, Section::Meetings);
        for want in [
            "Once a month, on Thursdays",
            "Usual time: 5:30 PM",
            "48 hours",
            "US federal holidays",
            "No meetings from August 1, 2027 to August 31, 2027 (Summer)",
        ] {
            assert!(m.contains(want), "{want} in {m}");
        }
    }
}
