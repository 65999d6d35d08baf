//! Checks for `[meetings]`: rhythm, weekday, holidays, blackouts and time zone.

use super::checker::Checker;
use super::choices::{Frequency, HolidayRegion, Language, WeekOfMonth, Weekday};
use super::values::check_time;
use super::words::fill;
use super::{defaults, Blackout, Meetings, RawAgreement, RawBoundaries, RawMeetings};

impl RawAgreement {
    pub(super) fn validate_meetings(
        &self,
        c: &mut Checker,
        language: Language,
    ) -> Option<Meetings> {
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
        let time_zone = c
            .text("meetings.time_zone", &m.time_zone)
            .and_then(|tz| time_zone(c, &tz));
        let weekday: Option<Weekday> = c.choice("meetings.weekday", &m.weekday);
        let week_of_month: Option<WeekOfMonth> =
            c.choice("meetings.week_of_month", &m.week_of_month);
        if week_of_month.is_some() && (weekday.is_none() || frequency != Frequency::Monthly) {
            c.err_help(
                "meetings.week_of_month",
                "only works with monthly meetings on a weekday",
                "add `weekday = \"tuesday\"` and `frequency = \"monthly\"` for \"the first Tuesday of each month\", or remove this key",
            );
        }
        let blackout = self.blackouts(c, &m, language);
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
            format: c.choice("meetings.format", &m.format).unwrap_or_default(),
            location: c.text("meetings.location", &m.location),
            time,
            time_zone,
            arranged_by: c
                .choice("meetings.arranged_by", &m.arranged_by)
                .unwrap_or_default(),
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
            weekday,
            week_of_month,
            holidays: c
                .choice("meetings.holidays", &m.holidays)
                .unwrap_or_else(|| HolidayRegion::for_language(language)),
            blackout,
        })
    }

    /// How the pair keeps in touch between meetings: one sentence, the one place the
    /// agreement says it. The pair's own answer; the channels of `[meetings]` when they
    /// are given too (or alone); the built-in sentence without either.
    pub(super) fn contact(&self, c: &mut Checker, b: &RawBoundaries, language: Language) -> String {
        let given = c.text(
            "boundaries.contact_between_meetings",
            &b.contact_between_meetings,
        );
        let words = &language.words().contact;
        let and = &words.and;
        let channels = self.meetings.as_ref().and_then(|m| m.channels.as_ref());
        let channels = channels
            .filter(|ch| ch.iter().any(|s| !s.trim().is_empty()))
            .map(|ch| {
                let ch: Vec<&str> = ch
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect();
                match ch.split_last() {
                    Some((last, [])) => last.to_string(),
                    Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
                    None => String::new(),
                }
            });
        match (given, channels) {
            (Some(g), None) => g,
            (Some(g), Some(ch)) => format!("{g} {}", fill(&words.also, &[("channels", &ch)])),
            (None, Some(ch)) => fill(&words.channels, &[("channels", &ch)]),
            (None, None) => language.words().defaults.contact.clone(),
        }
    }

    fn blackouts(&self, c: &mut Checker, m: &RawMeetings, language: Language) -> Vec<Blackout> {
        let mut out = Vec::new();
        for (i, b) in m.blackout.iter().flatten().enumerate() {
            let k = format!("meetings.blackout[{}]", i + 1);
            let from = c.date(&format!("{k}.from"), &b.from);
            let to = c.date(&format!("{k}.to"), &b.to);
            let reason = c.text(&format!("{k}.reason"), &b.reason);
            match (from, to) {
                (Some(from), Some(to)) if to < from => c.err(
                    &format!("{k}.to"),
                    format!(
                        "the end of the period ({}) is before its start ({})",
                        language.date(to),
                        language.date(from)
                    ),
                ),
                (Some(from), Some(to)) => out.push(Blackout { from, to, reason }),
                _ => {
                    for (key, given) in [("from", &b.from), ("to", &b.to)] {
                        if given.is_none() {
                            c.err_help(
                                &format!("{k}.{key}"),
                                "is missing",
                                "a blackout needs both days: `{ from = 2027-08-01, to = 2027-08-31 }`",
                            );
                        }
                    }
                }
            }
        }
        out
    }
}

/// The time zones: jiff's bundled copy of the IANA database, the same on every machine
/// (and quick to open: the system's zoneinfo folder would be walked file by file).
pub(crate) fn zones() -> &'static jiff::tz::TimeZoneDatabase {
    static ZONES: std::sync::LazyLock<jiff::tz::TimeZoneDatabase> =
        std::sync::LazyLock::new(jiff::tz::TimeZoneDatabase::bundled);
    &ZONES
}

/// An IANA time zone name from jiff's database, as written there; a near miss (wrong
/// case, a space for an underscore) is refused with a suggestion. Used by validation
/// and by the interview as the name is typed.
pub(crate) fn check_time_zone(name: &str) -> Result<String, String> {
    let name = name.trim();
    // The usual case, without listing the whole database.
    if let Ok(tz) = zones().get(name) {
        if tz.iana_name() == Some(name) {
            return Ok(name.to_string());
        }
    }
    let names: Vec<String> = zones()
        .available()
        .map(|n| n.as_str().to_string())
        .collect();
    let name = name.trim();
    if names.iter().any(|n| n == name) {
        return Ok(name.to_string());
    }
    let want = name.replace(' ', "_").to_ascii_lowercase();
    let help = match names.iter().find(|n| n.to_ascii_lowercase() == want) {
        Some(exact) => format!("did you mean \"{exact}\"?"),
        None => match crate::error::did_you_mean(name, names.iter().map(String::as_str)) {
            Some(m) => format!("did you mean \"{m}\"? Use an IANA name such as Europe/London"),
            None => "use an IANA name such as Europe/London or America/New_York".into(),
        },
    };
    Err(format!("\"{name}\" is not a known time zone; {help}"))
}

fn time_zone(c: &mut Checker, name: &str) -> Option<String> {
    match check_time_zone(name) {
        Ok(n) => Some(n),
        Err(why) => {
            let (msg, help) = why.split_once("; ").unwrap_or((&why, ""));
            c.err_help("meetings.time_zone", msg, help);
            None
        }
    }
}
