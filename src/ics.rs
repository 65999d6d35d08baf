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

use crate::model::{Agreement, ArrangedBy};
use crate::output::slug;
use crate::schedule::{MeetingKind, Schedule};

/// What to bring to a check or review: the goals to look at, and for the final review
/// what to decide.
fn prepare(a: &Agreement, kind: MeetingKind) -> String {
    let goals = || {
        a.goals
            .iter()
            .enumerate()
            .map(|(i, g)| format!("\n{}. {}", i + 1, g.description))
            .collect::<String>()
    };
    // For whom the final review asks what was achieved: the organisation only when
    // there is a scheme.
    let whom = match a.organisation() {
        Some(org) => format!("for the mentee, the mentor and {org}"),
        None => "for the mentee and the mentor".into(),
    };
    // The same words in en-GB and en-US: none of them is spelled differently.
    let text = match kind {
        MeetingKind::EarlyCheck => {
            "\nTo prepare: bring the record of the early check: is the match working for both of us, and what should change in how we meet?".into()
        }
        MeetingKind::Review => format!(
            "\nTo prepare: bring the review record and a note of progress on each goal, what is working and what to change. The goals:{}",
            goals()
        ),
        MeetingKind::FinalReview => format!(
            "\nTo prepare: bring the review record and think about what the mentoring achieved {whom}; feedback for each other; and whether to end as planned, extend or renew. The goals:{}",
            goals()
        ),
        MeetingKind::First | MeetingKind::Regular => String::new(),
    };
    text
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
    let pair = format!("{} and {}", a.mentee.name, a.mentor.name);
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
    c.prop("X-WR-CALNAME", &format!("Mentoring: {pair}"));
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
        let what = match m.kind {
            MeetingKind::Regular => String::new(),
            k => format!(
                " ({})",
                k.label().split(':').next().unwrap_or("").to_lowercase()
            ),
        };
        c.line("BEGIN:VEVENT");
        c.line(&format!("UID:{uid_base}-{}@mentorpact", m.number));
        c.line(&format!("DTSTAMP:{}", stamp.strftime("%Y%m%dT%H%M%SZ")));
        c.line(&format!("DTSTART{}", when(start)));
        c.line(&format!("DTEND{}", when(end)));
        c.prop("SUMMARY", &format!("Mentoring: {pair}{what}"));
        let mut desc = format!("Meeting {} of {}", m.number, schedule.meetings.len());
        if !m.label.is_empty() {
            desc.push_str(&format!(". {}", m.label));
        }
        if !desc.ends_with(['.', '?', '!']) {
            desc.push('.');
        }
        desc.push_str(&format!("\n{}: {pair}.", a.title));
        desc.push_str(&prepare(a, m.kind));
        if a.meetings.time.is_none() {
            desc.push_str("\nThe time is a placeholder: agree it before the meeting.");
        }
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
