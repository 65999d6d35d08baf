//! iCalendar (RFC 5545): one event per planned meeting, matching the agreement's
//! schedule table event for event.
//!
//! Times are local to the pair's time zone (`meetings.time_zone`, else `--tz`): the file
//! carries a VTIMEZONE built from the time zone database's transitions over the
//! partnership, so every `TZID` it uses is defined in the file. With no time zone the
//! times are floating (no `TZID`, no `Z`): calendar apps show them at the stated hour
//! wherever the reader is, which is what a pair who agreed "14:00" means.
//! UIDs come from the pair and the meeting number, so importing an updated file updates
//! the events instead of duplicating them.

use jiff::civil::{DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

use crate::model::words::{fill, Words};
use crate::model::{Agreement, ArrangedBy, Language};
use crate::output::slug;
use crate::schedule::{Meeting, MeetingKind, Schedule};

/// Text in the agreement's language; a bilingual agreement's in both, first language
/// first ("… / …").
fn said(a: &Agreement, text: impl Fn(&Words) -> String) -> String {
    let first = text(a.language.words());
    match a.language.second() {
        Some(second) => format!("{first} / {}", text(second.words())),
        None => first,
    }
}

/// What to bring to a check or review: the goals to look at, and for the final review
/// what to decide.
fn prepare(a: &Agreement, kind: MeetingKind, w: &Words) -> String {
    let goals: String = a
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| format!("\n{}. {}", i + 1, g.description))
        .collect();
    let c = &w.calendar;
    // For whom the final review asks what was achieved: the organisation only when
    // there is a scheme.
    let whom = match a.organisation() {
        Some(org) => fill(&c.whom_organisation, &[("org", org)]),
        None => c.whom.clone(),
    };
    match kind {
        MeetingKind::EarlyCheck => format!("\n{}", c.prepare_early_check),
        MeetingKind::Review => format!("\n{}{goals}", c.prepare_review),
        MeetingKind::FinalReview => {
            format!("\n{}{goals}", fill(&c.prepare_final, &[("whom", &whom)]))
        }
        MeetingKind::First | MeetingKind::Regular => String::new(),
    }
}

/// The kind of meeting in a summary: "first meeting", "review", …
fn kind_words(kind: MeetingKind, w: &Words) -> Option<&str> {
    let c = &w.calendar;
    match kind {
        MeetingKind::First => Some(&c.first),
        MeetingKind::EarlyCheck => Some(&c.early_check),
        MeetingKind::Review => Some(&c.review),
        MeetingKind::FinalReview => Some(&c.final_review),
        MeetingKind::Regular => None,
    }
}

/// An event's description in `lang`: which meeting it is, what it is, and what to
/// prepare.
fn description(a: &Agreement, m: &Meeting, total: usize, lang: Language) -> String {
    let w = lang.words();
    let (n, total) = (m.number.to_string(), total.to_string());
    let mut desc = fill(&w.calendar.meeting, &[("n", &n), ("total", &total)]);
    let label = m.kind.label_in(lang);
    if !label.is_empty() {
        desc = format!("{} {label}", desc.trim_end());
        if !desc.ends_with(['.', '?', '!']) {
            desc.push('.');
        }
    }
    // A bilingual agreement's title in its second language is the second half's.
    let title = match &a.second {
        Some(second) if lang != a.language => &second.title,
        _ => &a.title,
    };
    desc.push_str(&format!("\n{title}: {}.", pair_of(a, w)));
    desc.push_str(&prepare(a, m.kind, w));
    if a.meetings.time.is_none() {
        desc.push_str(&format!("\n{}", w.calendar.placeholder_time));
    }
    desc
}

fn pair_of(a: &Agreement, w: &Words) -> String {
    fill(
        &w.pdf.pair,
        &[("mentee", &a.mentee.name), ("mentor", &a.mentor.name)],
    )
}

/// When no usual time is agreed, the calendar puts meetings at noon.
const DEFAULT_TIME: &str = "12:00";

/// The calendar for `a`'s `schedule`; `stamp` is the run's moment (DTSTAMP).
pub(crate) fn calendar(
    a: &Agreement,
    schedule: &Schedule,
    cli_tz: Option<&str>,
    stamp: Timestamp,
) -> String {
    // Validated names only reach here; an unknown one falls back to floating times.
    let zone = a
        .meetings
        .time_zone
        .as_deref()
        .or(cli_tz)
        .and_then(|n| crate::model::zones().get(n).ok().map(|tz| (tz, n)));
    let time: Time = a
        .meetings
        .time
        .as_deref()
        .unwrap_or(DEFAULT_TIME)
        .parse()
        .unwrap_or(Time::midnight());
    // The pair's identity, hashed, keeps two pairs whose names make the same slug
    // (Anne-Marie and Anne Marie, 李伟 and Li Wei) apart in one calendar; the slug is
    // there for people reading the file.
    let uid_base = format!(
        "{}-{}-{}-{}",
        slug(&a.mentee.name),
        slug(&a.mentor.name),
        a.duration.start,
        &crate::digest::sha256_hex(a.identity().as_bytes())[..12]
    );

    let mut c = Calendar::default();
    c.line("BEGIN:VCALENDAR");
    c.line("VERSION:2.0");
    c.line(&format!(
        "PRODID:-//mentorpact//mentorpact {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    c.line("CALSCALE:GREGORIAN");
    c.line("METHOD:PUBLISH");
    c.prop(
        "X-WR-CALNAME",
        &said(a, |w| fill(&w.calendar.name, &[("pair", &pair_of(a, w))])),
    );
    let first = schedule.meetings.first().map(|m| m.date.to_datetime(time));
    let last = schedule.meetings.last().map(|m| m.date.to_datetime(time));
    if let (Some((tz, name)), Some(first), Some(last)) = (&zone, first, last) {
        c.line(&format!("X-WR-TIMEZONE:{name}"));
        vtimezone(&mut c, tz, name, first, last);
    }
    let when = |at: DateTime| match &zone {
        Some((_, name)) => format!(";TZID={name}:{}", at.strftime("%Y%m%dT%H%M%S")),
        None => format!(":{}", at.strftime("%Y%m%dT%H%M%S")),
    };
    for m in &schedule.meetings {
        let start = m.date.to_datetime(time);
        let end = start
            .checked_add((a.meetings.length_minutes as i64).minutes())
            .unwrap_or(start);
        let summary = said(a, |w| {
            let pair = pair_of(a, w);
            match kind_words(m.kind, w) {
                Some(what) => fill(&w.calendar.summary_kind, &[("pair", &pair), ("what", what)]),
                None => fill(&w.calendar.summary, &[("pair", &pair)]),
            }
        });
        c.line("BEGIN:VEVENT");
        c.line(&format!("UID:{uid_base}-{}@mentorpact", m.number));
        c.line(&format!("DTSTAMP:{}", stamp.strftime("%Y%m%dT%H%M%SZ")));
        c.line(&format!("DTSTART{}", when(start)));
        c.line(&format!("DTEND{}", when(end)));
        c.prop("SUMMARY", &summary);
        let total = schedule.meetings.len();
        let desc = match a.language.second() {
            Some(second) => format!(
                "{}\n\n{}",
                description(a, m, total, a.language),
                description(a, m, total, second)
            ),
            None => description(a, m, total, a.language),
        };
        c.prop("DESCRIPTION", &desc);
        if let Some(loc) = &a.meetings.location {
            c.prop("LOCATION", loc);
        }
        if m.kind.is_review() {
            c.line("CATEGORIES:Mentoring,Review");
        } else {
            c.line("CATEGORIES:Mentoring");
        }
        let organiser = match a.meetings.arranged_by {
            ArrangedBy::Mentor => &a.mentor,
            ArrangedBy::Mentee | ArrangedBy::Both => &a.mentee,
        };
        if let Some(email) = &organiser.email {
            c.line(&format!(
                "ORGANIZER;CN={}:mailto:{email}",
                param(&organiser.name)
            ));
        }
        for p in [&a.mentee, &a.mentor] {
            if let Some(email) = &p.email {
                c.line(&format!(
                    "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT:mailto:{email}",
                    param(&p.name)
                ));
            }
        }
        c.line("STATUS:CONFIRMED");
        c.line("TRANSP:OPAQUE");
        c.line("END:VEVENT");
    }
    c.line("END:VCALENDAR");
    c.out
}

/// A VTIMEZONE with one observance per transition around the partnership (RFC 5545
/// §3.6.5 allows explicit DTSTARTs instead of rules), plus the offset in force before.
fn vtimezone(c: &mut Calendar, tz: &TimeZone, name: &str, first: DateTime, last: DateTime) {
    let kind = |dst: bool| if dst { "DAYLIGHT" } else { "STANDARD" };
    let observance =
        |c: &mut Calendar, dst: bool, at: DateTime, from: Offset, to: Offset, abbr: &str| {
            c.line(&format!("BEGIN:{}", kind(dst)));
            c.line(&format!("DTSTART:{}", at.strftime("%Y%m%dT%H%M%S")));
            c.line(&format!("TZOFFSETFROM:{}", offset(from)));
            c.line(&format!("TZOFFSETTO:{}", offset(to)));
            c.line(&format!("TZNAME:{abbr}"));
            c.line(&format!("END:{}", kind(dst)));
        };
    // From a year before the first meeting (timestamps take hours, not calendar days).
    let first_ts = tz.to_timestamp(first).unwrap_or(Timestamp::UNIX_EPOCH);
    let start = first_ts.checked_sub((366 * 24).hours()).unwrap_or(first_ts);
    let until = tz.to_timestamp(last).unwrap_or(first_ts);
    c.line("BEGIN:VTIMEZONE");
    c.line(&format!("TZID:{name}"));
    let info = tz.to_offset_info(start);
    let mut prev = info.offset();
    observance(
        c,
        info.dst().is_dst(),
        tz.to_datetime(start),
        prev,
        prev,
        info.abbreviation(),
    );
    for t in tz
        .following(start)
        .take_while(|t| t.timestamp() <= until)
        .take(200)
    {
        // DTSTART is the local time of the change, read in the offset before it.
        observance(
            c,
            t.dst().is_dst(),
            prev.to_datetime(t.timestamp()),
            prev,
            t.offset(),
            t.abbreviation(),
        );
        prev = t.offset();
    }
    c.line("END:VTIMEZONE");
}

fn offset(o: Offset) -> String {
    let s = o.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let s = s.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// A parameter value (CN=…), caret-encoded (RFC 6868: `^` `^^`, a double quote `^'`),
/// other control characters dropped, and quoted when it holds `:`, `;` or `,`.
fn param(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '^' => out.push_str("^^"),
            '"' => out.push_str("^'"),
            '\n' => out.push_str("^n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    let v = out;
    if v.contains([':', ';', ',']) {
        format!("\"{v}\"")
    } else {
        v
    }
}

/// TEXT escaping (RFC 5545 §3.3.11).
pub(crate) fn escape_text(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct Calendar {
    out: String,
}

impl Calendar {
    fn prop(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }

    /// Content lines end in CRLF and fold at 75 octets without splitting a character.
    fn line(&mut self, l: &str) {
        let mut width = 0;
        for c in l.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += n;
        }
        self.out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let mut c = Calendar::default();
        c.prop("SUMMARY", &"Zoë Ó'Brien, Łukasz; ".repeat(10));
        for line in c.out.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = c.out.replace("\r\n ", "");
        assert!(unfolded.starts_with("SUMMARY:Zoë Ó'Brien\\, Łukasz\\; "));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(param("O'Brien, Zoë"), "\"O'Brien, Zoë\"");
    }

    #[test]
    fn offsets_are_formatted() {
        assert_eq!(
            offset(jiff::tz::Offset::from_seconds(3600).unwrap()),
            "+0100"
        );
        assert_eq!(
            offset(jiff::tz::Offset::from_seconds(-5 * 3600 - 1800).unwrap()),
            "-0530"
        );
    }
}
