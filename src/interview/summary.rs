//! Each section's answers in a few lines, for the review screen and for the offer to
//! keep what a programme's file gave.

use super::sections::Section;
use crate::model::words::{fill, tr, trf, Defaults};
use crate::model::{
    defaults, ArrangedBy, Choice, Frequency, HolidayRegion, Language, MeetingFormat, RawAgreement,
    RawPerson, Relationship, WeekOfMonth, Weekday,
};

/// A few lines per section for the review screen, in the interview's language `l`.
pub(crate) fn summary(l: Language, raw: &RawAgreement, s: Section) -> String {
    match s {
        Section::Parties => parties(l, raw),
        Section::Goals => goals(l, raw),
        Section::Expectations => expectations(l, raw),
        Section::Boundaries => boundaries(l, raw),
        Section::Meetings => meetings(l, raw),
        Section::Confidentiality => confidentiality(l, raw),
        Section::Duration => duration(l, raw),
    }
}

/// The answer, or what the agreement says without one.
fn or(v: &Option<String>, d: &str) -> String {
    v.clone().unwrap_or_else(|| d.to_string())
}

/// A choice as the pair reads it: its label, or the default's, in `l`.
fn label<C: Choice>(l: Language, v: &Option<String>) -> &'static str {
    tr(
        l,
        v.as_deref().and_then(C::parse).unwrap_or_default().label(),
    )
}

fn person(l: Language, p: &Option<RawPerson>) -> String {
    p.as_ref().map_or(tr(l, "(not given)").to_string(), |p| {
        let mut s = or(&p.name, tr(l, "(no name)"));
        if let Some(r) = &p.role {
            s.push_str(&format!(", {r}"));
        }
        if let Some(e) = &p.email {
            s.push_str(&format!(" <{e}>"));
        }
        s
    })
}

fn parties(l: Language, raw: &RawAgreement) -> String {
    // A language's label names it in itself: it is never translated.
    let language = raw
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default();
    let mut out = [
        trf(
            l,
            "Written in: {language}",
            &[("language", language.label())],
        ),
        trf(
            l,
            "Kind: {kind}",
            &[("kind", label::<Relationship>(l, &raw.relationship))],
        ),
        trf(
            l,
            "Mentee: {mentee}",
            &[("mentee", &person(l, &raw.mentee))],
        ),
        trf(
            l,
            "Mentor: {mentor}",
            &[("mentor", &person(l, &raw.mentor))],
        ),
    ]
    .map(|line| format!("  {line}"))
    .join("\n");
    if let Some(pr) = &raw.programme {
        let signs = raw.signatures.as_ref().and_then(|s| s.coordinator) == Some(true);
        out.push_str(&programme(l, pr, signs));
    }
    out
}

/// The scheme's lines, each on a line of its own after a new line.
fn programme(l: Language, pr: &crate::model::RawProgramme, signs: bool) -> String {
    let mut out = String::new();
    let names = [&pr.name, &pr.organisation]
        .iter()
        .filter_map(|v| v.as_deref())
        .collect::<Vec<_>>()
        .join(", ");
    out.push_str("\n  ");
    out.push_str(&trf(l, "Programme: {names}", &[("names", &names)]));
    let coordinator = pr
        .coordinator
        .as_ref()
        .map(|c| match &pr.coordinator_email {
            Some(e) => format!("{c} <{e}>"),
            None => c.clone(),
        });
    for (what, v) in [
        (tr(l, "Coordinator: {value}"), &coordinator),
        (tr(l, "Training: {value}"), &pr.training),
        (tr(l, "Evaluation: {value}"), &pr.evaluation),
        (tr(l, "Sponsor: {value}"), &pr.sponsor),
    ] {
        if let Some(v) = v {
            out.push_str("\n  ");
            out.push_str(&fill(what, &[("value", v)]));
        }
    }
    if signs {
        out.push_str("\n  ");
        out.push_str(tr(l, "The coordinator signs too"));
    }
    out
}

fn goals(l: Language, raw: &RawAgreement) -> String {
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
                    .map(|m| format!(
                        " {}",
                        trf(l, "(how we will know: {measure})", &[("measure", m)])
                    ))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A list as the agreement will have it: the pair's own, or the built-in one.
fn items(l: Language, title: &str, v: &Option<Vec<String>>, builtin: &[String]) -> String {
    let list: Vec<String> = match v {
        Some(v) if v.is_empty() => vec![tr(l, "(nothing listed)").to_string()],
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

fn expectations(l: Language, raw: &RawAgreement) -> String {
    let e = raw.expectations.clone().unwrap_or_default();
    let d = built_in(raw);
    [
        items(l, tr(l, "The mentor will:"), &e.mentor, &d.mentor),
        items(l, tr(l, "The mentee will:"), &e.mentee, &d.mentee),
        items(l, tr(l, "We both will:"), &e.shared, &d.shared),
    ]
    .join("\n")
}

fn boundaries(l: Language, raw: &RawAgreement) -> String {
    let b = raw.boundaries.clone().unwrap_or_default();
    let reverse =
        raw.relationship.as_deref().and_then(Relationship::parse) == Some(Relationship::Reverse);
    let lm = match b.line_manager {
        _ if reverse => tr(l, "does not arise (the mentor is the junior colleague)"),
        Some(true) => tr(l, "yes (the roles kept apart)"),
        Some(false) => tr(l, "no"),
        None => tr(l, "not stated"),
    };
    let topics = b
        .topics_excluded
        .map_or(tr(l, "none").to_string(), |t| t.join("; "));
    let contact = or(&b.contact_between_meetings, &built_in(raw).contact);
    let availability = or(&b.availability, tr(l, "times that suit you both"));
    [
        trf(
            l,
            "The mentor is the mentee's line manager: {line_manager}",
            &[("line_manager", lm)],
        ),
        trf(l, "Topics left out: {topics}", &[("topics", &topics)]),
        trf(l, "Between meetings: {contact}", &[("contact", &contact)]),
        trf(
            l,
            "Availability: {availability}",
            &[("availability", &availability)],
        ),
    ]
    .map(|line| format!("  {line}"))
    .join("\n")
}

/// How often, in words: "once a month".
pub(super) fn often(l: Language, f: Frequency) -> String {
    match f {
        Frequency::Weekly => tr(l, "once a week").to_string(),
        Frequency::Fortnightly => tr(l, "every two weeks").to_string(),
        Frequency::Monthly => tr(l, "once a month").to_string(),
        Frequency::EveryWeeks(n) => trf(l, "every {n} weeks", &[("n", &n.to_string())]),
    }
}

/// The meetings' rhythm: "Once a month, on Thursdays", "On the first Monday of each month".
fn rhythm(l: Language, m: &crate::model::RawMeetings) -> String {
    let f = m.frequency.as_deref().and_then(Frequency::parse);
    let often = often(l, f.unwrap_or(Frequency::Monthly));
    let rhythm = match (
        m.weekday.as_deref().and_then(Weekday::parse),
        m.week_of_month.as_deref().and_then(WeekOfMonth::parse),
    ) {
        (Some(w), Some(k)) => trf(
            l,
            "On the {which} {day} of each month",
            &[("which", tr(l, k.label())), ("day", tr(l, w.label()))],
        ),
        (Some(w), None) => trf(
            l,
            "{often}, on {day}s",
            &[("often", &often), ("day", tr(l, w.label()))],
        ),
        _ => often,
    };
    let mut c = rhythm.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().chain(c).collect::<String>()
    })
}

fn meetings(l: Language, raw: &RawAgreement) -> String {
    let m = raw.meetings.clone().unwrap_or_default();
    let language = raw
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default();
    let holidays = m
        .holidays
        .as_deref()
        .and_then(HolidayRegion::parse)
        .unwrap_or_else(|| HolidayRegion::for_language(language));
    let time = m
        .time
        .as_deref()
        .map_or(tr(l, "to agree each time").to_string(), |t| {
            crate::render::clock_time(t, language == Language::EnUs)
        });
    let zone = m
        .time_zone
        .as_deref()
        .map(|z| format!(" ({z})"))
        .unwrap_or_default();
    let minutes = m.length_minutes.unwrap_or(defaults::LENGTH_MINUTES as i64);
    let notice = m
        .cancellation_notice_hours
        .unwrap_or(defaults::NOTICE_HOURS as i64);
    let lines = [
        trf(
            l,
            "{rhythm}, for {minutes} minutes, {format}, arranged by {who}",
            &[
                ("rhythm", &rhythm(l, &m)),
                ("minutes", &minutes.to_string()),
                ("format", label::<MeetingFormat>(l, &m.format)),
                ("who", label::<ArrangedBy>(l, &m.arranged_by)),
            ],
        ),
        trf(
            l,
            "Where: {place}",
            &[(
                "place",
                &or(&m.location, tr(l, "a place you agree before each meeting")),
            )],
        ),
        trf(
            l,
            "Usual time: {time}",
            &[("time", &format!("{time}{zone}"))],
        ),
        trf(
            l,
            "Notice to cancel or move: {hours} hours",
            &[("hours", &notice.to_string())],
        ),
        trf(
            l,
            "The dates avoid weekends and {holidays}",
            &[("holidays", tr(l, holidays.label()))],
        ),
    ];
    let mut out = lines.map(|line| format!("  {line}")).join("\n");
    out.push_str(&breaks_and_channels(l, &m, language));
    out
}

/// The meetings' breaks (dates in the pair's `language`) and channels, a line each.
fn breaks_and_channels(l: Language, m: &crate::model::RawMeetings, language: Language) -> String {
    let mut out = String::new();
    for b in m.blackout.iter().flatten() {
        let day = |d: &Option<toml::value::Datetime>| {
            d.and_then(|d| crate::model::to_date(&d).ok())
                .map_or("?".to_string(), |d| language.date(d))
        };
        let reason = b
            .reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        out.push_str("\n  ");
        out.push_str(&trf(
            l,
            "No meetings from {from} to {to}{reason}",
            &[
                ("from", &day(&b.from)),
                ("to", &day(&b.to)),
                ("reason", &reason),
            ],
        ));
    }
    if let Some(ch) = &m.channels {
        out.push_str("\n  ");
        out.push_str(&trf(
            l,
            "Channels: {channels}",
            &[("channels", &ch.join(", "))],
        ));
    }
    out
}

fn confidentiality(l: Language, raw: &RawAgreement) -> String {
    let c = raw.confidentiality.clone().unwrap_or_default();
    let mut out = format!(
        "  {}\n{}",
        or(&c.statement, &built_in(raw).statement),
        items(
            l,
            tr(l, "We break confidence only for:"),
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
            l,
            tr(l, "The coordinator is told:"),
            &c.shared_with_coordinator,
            &built_in(raw).shared_with_coordinator,
        ));
    }
    out
}

fn duration(l: Language, raw: &RawAgreement) -> String {
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
    let day = |d: Option<jiff::civil::Date>| {
        d.map_or(tr(l, "a day to agree").to_string(), |d| language.date(d))
    };
    let every = d
        .review_every_months
        .unwrap_or(defaults::REVIEW_EVERY_MONTHS as i64);
    // Two whole sentences, so that a translation can say "month" its own way for one.
    let sentence = if every == 1 {
        tr(l, "From {start} until {end}. We review every month.")
    } else {
        tr(
            l,
            "From {start} until {end}. We review every {every} months.",
        )
    };
    let every = every.to_string();
    let values = [("start", day(start)), ("end", day(end)), ("every", every)];
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    format!("  {}", fill(sentence, &values))
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
        let m = summary(Language::EnUs, &raw, Section::Meetings);
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
