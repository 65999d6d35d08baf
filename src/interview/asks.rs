//! Asking one kind of answer: a text, a number, a date, a choice, a list, a built-in
//! clause to keep or replace, a weekday, a time zone; and the one yes/no that keeps a
//! section's good-practice defaults.

use super::answers::Mode;
use super::prompter::{no_check, Asked, Check, Prompt};
use jiff::civil::Date;

use crate::model::words::{fill, tr, trf};

use crate::model::{
    self, Choice, Frequency, HolidayRegion, Language, RawMeetings, WeekOfMonth, Weekday,
};

/// Ask for an optional text; Enter keeps the current value (or leaves it unset).
pub(super) fn opt_text(
    p: &mut dyn Prompt,
    q: &str,
    slot: &mut Option<String>,
    mode: Mode,
    check: Check<'_>,
) -> Asked<()> {
    if mode == Mode::Fill && slot.is_some() {
        return Ok(());
    }
    let check = |s: &str| {
        if s.trim().is_empty() {
            Ok(())
        } else {
            check(s.trim())
        }
    };
    let ans = p.text(q, slot.as_deref(), &check)?;
    *slot = Some(ans.trim().to_string()).filter(|s| !s.is_empty());
    Ok(())
}

pub(super) fn required_text(
    p: &mut dyn Prompt,
    q: &str,
    slot: &mut Option<String>,
    mode: Mode,
) -> Asked<()> {
    if mode == Mode::Fill && slot.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        return Ok(());
    }
    let l = p.language();
    let check = |s: &str| {
        if s.trim().is_empty() {
            Err(tr(l, "this one is needed").to_string())
        } else {
            Ok(())
        }
    };
    *slot = Some(p.text(q, slot.as_deref(), &check)?.trim().to_string());
    Ok(())
}

pub(super) fn email_check(s: &str) -> std::result::Result<(), String> {
    model::check_email(s)
}

/// Whether `s` is a date the pair could mean (see [`parse_date`]).
pub(super) fn date_check(language: Language) -> impl Fn(&str) -> std::result::Result<(), String> {
    move |s: &str| parse_date(language, s).map(|_| ())
}

/// A date typed as the pair writes it (`Language::read_date`: their order of day and
/// month, or ISO), in the years a file may hold, kept in the raw answers as ISO.
pub(super) fn parse_date(
    language: Language,
    s: &str,
) -> std::result::Result<toml::value::Datetime, String> {
    let d = model::from_date(language.read_date(s)?);
    model::to_date(&d)?;
    Ok(d)
}

/// A date of the answers as a question offers it to edit: in the pair's figures.
pub(super) fn date_shown(language: Language, d: &toml::value::Datetime) -> String {
    model::to_date(d).map_or_else(|_| d.to_string(), |d| language.figures(d))
}

/// A whole number in `range`; the reason, when not, in the interview's language `l`.
pub(super) fn number_check(
    l: Language,
    range: std::ops::RangeInclusive<i64>,
) -> impl Fn(&str) -> std::result::Result<(), String> {
    move |s: &str| match s.trim().parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(()),
        _ => Err(trf(
            l,
            "give a whole number from {from} to {to}",
            &[
                ("from", &range.start().to_string()),
                ("to", &range.end().to_string()),
            ],
        )),
    }
}

/// Ask for a whole number in `range`, offering the current value or `default`.
pub(super) fn opt_number(
    p: &mut dyn Prompt,
    q: &str,
    slot: &mut Option<i64>,
    default: u32,
    range: std::ops::RangeInclusive<i64>,
    mode: Mode,
) -> Asked<()> {
    if mode == Mode::Fill && slot.is_some() {
        return Ok(());
    }
    let cur = slot.unwrap_or(default as i64).to_string();
    let check = number_check(p.language(), range);
    *slot = p.text(q, Some(&cur), &check)?.trim().parse().ok();
    Ok(())
}

/// What a clause's questions say, each a whole sentence in the interview's language:
/// the clause as it stands (a `{text}` blank), keeping it, and the pair's own.
pub(super) struct ClauseWords {
    pub(super) shown: &'static str,
    pub(super) keep: &'static str,
    pub(super) own: &'static str,
}

/// A built-in clause the pair may replace: shown in full, kept unless they say no.
/// Only their own wording is stored; the built-in one stays the default.
pub(super) fn clause(
    p: &mut dyn Prompt,
    words: ClauseWords,
    slot: &mut Option<String>,
    builtin: &str,
    mode: Mode,
) -> Asked<()> {
    if mode == Mode::Fill && slot.is_some() {
        return Ok(());
    }
    let current = slot.clone().unwrap_or_else(|| builtin.to_string());
    p.say(&fill(words.shown, &[("text", &current)]));
    if !p.confirm(words.keep, true)? {
        let ans = p.text(words.own, Some(&current), &no_check)?;
        *slot = Some(ans.trim().to_string()).filter(|s| !s.is_empty() && s != builtin);
    }
    Ok(())
}

/// On a first pass, one yes/no keeps the rest of a section's good-practice defaults (the
/// agreement states them); editing a section asks every detail.
/// `question` asks to keep them; `detail` says what the defaults are (both in the
/// interview's language).
pub(super) fn keep_defaults(
    p: &mut dyn Prompt,
    mode: Mode,
    question: &str,
    detail: &str,
) -> Asked<bool> {
    if mode == Mode::Edit {
        return Ok(false);
    }
    if !detail.is_empty() {
        let l = p.language();
        p.say(&trf(l, "Good practice: {detail}.", &[("detail", detail)]));
    }
    p.confirm(question, true)
}

/// One of a [`Choice`]'s values from a menu of its labels, in the interview's language;
/// the file keeps its word.
pub(super) fn choose<C: Choice>(
    p: &mut dyn Prompt,
    q: &str,
    slot: &mut Option<String>,
    mode: Mode,
    default: C,
) -> Asked<()> {
    let l = p.language();
    let labels: Vec<String> = C::ALL.iter().map(|c| tr(l, c.label()).into()).collect();
    choose_from(p, q, slot, mode, default, labels)
}

/// The language, from a menu whose every item names its language in itself: it is the
/// one menu never translated.
pub(super) fn choose_language(
    p: &mut dyn Prompt,
    q: &str,
    slot: &mut Option<String>,
    mode: Mode,
    default: Language,
) -> Asked<()> {
    let labels = Language::ALL
        .iter()
        .map(|c| c.label().to_string())
        .collect();
    choose_from(p, q, slot, mode, default, labels)
}

fn choose_from<C: Choice>(
    p: &mut dyn Prompt,
    q: &str,
    slot: &mut Option<String>,
    mode: Mode,
    default: C,
    labels: Vec<String>,
) -> Asked<()> {
    if mode == Mode::Fill && slot.is_some() {
        return Ok(());
    }
    let current = slot.as_deref().and_then(C::parse).unwrap_or(default);
    let i = p.select(q, &labels, current.index())?;
    *slot = Some(C::ALL[i].name().to_string());
    Ok(())
}

/// The weekday, and for monthly meetings which one of the month ("the first Tuesday").
pub(super) fn weekday(p: &mut dyn Prompt, m: &mut RawMeetings, mode: Mode) -> Asked<()> {
    if mode == Mode::Fill && m.weekday.is_some() {
        return Ok(());
    }
    let l = p.language();
    let mut items = vec![tr(l, "Any weekday: keep the start date's rhythm").to_string()];
    items.extend(
        Weekday::ALL
            .iter()
            .map(|w| trf(l, "{day}s", &[("day", tr(l, w.label()))])),
    );
    let current = m.weekday.as_deref().and_then(Weekday::parse);
    let i = p.select(
        tr(l, "Which day of the week?"),
        &items,
        current.map_or(0, |w| w.index() + 1),
    )?;
    let Some(day) = i.checked_sub(1).map(|i| Weekday::ALL[i]) else {
        (m.weekday, m.week_of_month) = (None, None);
        return Ok(());
    };
    m.weekday = Some(day.name().into());
    let monthly = m.frequency.as_deref().and_then(Frequency::parse) == Some(Frequency::Monthly);
    m.week_of_month = if monthly {
        let items: Vec<String> = WeekOfMonth::ALL
            .iter()
            .map(|k| {
                trf(
                    l,
                    "The {which} {day} of each month",
                    &[("which", tr(l, k.label())), ("day", tr(l, day.label()))],
                )
            })
            .collect();
        let current = m.week_of_month.as_deref().and_then(WeekOfMonth::parse);
        let k = p.select(
            tr(l, "Which one of the month?"),
            &items,
            current.map_or(0, Choice::index),
        )?;
        Some(WeekOfMonth::ALL[k].name().into())
    } else {
        None
    };
    Ok(())
}

/// The calendar's time zone, asked only when a calendar is written. Nothing is
/// filled in for the pair: Enter gives no time zone (floating times, which calendar
/// apps show at the stated hour); the machine's zone is named as an example.
pub(super) fn time_zone(p: &mut dyn Prompt, m: &mut RawMeetings, mode: Mode) -> Asked<()> {
    if mode == Mode::Fill && m.time_zone.is_some() {
        return Ok(());
    }
    let system = jiff::tz::TimeZone::system()
        .iana_name()
        .map(str::to_string)
        .filter(|n| model::check_time_zone(n).is_ok() && n != "UTC" && n != "Etc/UTC")
        .unwrap_or_else(|| "Europe/London".to_string());
    let check = |s: &str| {
        if s.trim().is_empty() {
            Ok(())
        } else {
            model::check_time_zone(s).map(|_| ())
        }
    };
    let l = p.language();
    let ans = p.text(
        &trf(
            l,
            "What time zone are you in? e.g. {zone} (Enter: no time zone)",
            &[("zone", &system)],
        ),
        m.time_zone.as_deref(),
        &check,
    )?;
    m.time_zone = model::check_time_zone(&ans).ok();
    Ok(())
}

/// The language a locale such as `en_US.UTF-8` or `fr_FR.UTF-8` names; British English
/// otherwise.
pub(super) fn language_of_locale(locale: Option<&str>) -> Language {
    let l = locale.unwrap_or("").to_ascii_lowercase().replace('-', "_");
    if l.starts_with("en_us") {
        return Language::EnUs;
    }
    let tag = l.split(['_', '.', '@']).next().unwrap_or("");
    match tag {
        "cy" => Language::Cy,
        "fr" => Language::Fr,
        "de" => Language::De,
        "es" => Language::Es,
        _ => Language::EnGb,
    }
}

/// The next working day after `today`: not a weekend, nor a public holiday of the
/// calendar the meetings keep.
pub(super) fn next_working_day(today: Date, region: HolidayRegion) -> Date {
    use jiff::civil::Weekday::{Saturday, Sunday};
    let to = today
        .checked_add(jiff::Span::new().days(30))
        .unwrap_or(today);
    let holidays = crate::schedule::Calendar::new(region, today, to);
    let mut d = today;
    loop {
        d = match d.tomorrow() {
            Ok(next) => next,
            Err(_) => return today,
        };
        if !matches!(d.weekday(), Saturday | Sunday) && holidays.holiday(d).is_none() {
            return d;
        }
    }
}

/// Ask for items one at a time; an empty answer ends the list (`q` says so).
pub(super) fn list_loop(p: &mut dyn Prompt, q: &str, items: &mut Vec<String>) -> Asked<()> {
    loop {
        let ans = p.text(q, None, &no_check)?;
        if ans.trim().is_empty() {
            return Ok(());
        }
        items.push(ans.trim().to_string());
    }
}

/// Built-in items ticked, plus the pair's own; `None` when they keep exactly the built-ins.
pub(super) fn choose_list(
    p: &mut dyn Prompt,
    q: &str,
    builtin: &[String],
    current: &Option<Vec<String>>,
) -> Asked<Option<Vec<String>>> {
    let mut items: Vec<String> = builtin.to_vec();
    let mut ticked = vec![current.is_none(); items.len()];
    if let Some(cur) = current {
        for c in cur {
            match items.iter().position(|i| i == c) {
                Some(i) => ticked[i] = true,
                None => {
                    items.push(c.clone());
                    ticked.push(true);
                }
            }
        }
    }
    let chosen = p.multi_select(q, &items, &ticked)?;
    let mut list: Vec<String> = chosen.into_iter().map(|i| items[i].clone()).collect();
    let own = tr(p.language(), "Add one of your own (Enter to finish)");
    list_loop(p, own, &mut list)?;
    let is_builtin = list.len() == builtin.len() && list.iter().zip(builtin).all(|(a, b)| a == b);
    Ok(if is_builtin { None } else { Some(list) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_locale_suggests_the_language() {
        assert_eq!(language_of_locale(Some("en_US.UTF-8")), Language::EnUs);
        assert_eq!(language_of_locale(Some("en-us")), Language::EnUs);
        assert_eq!(language_of_locale(Some("en_GB.UTF-8")), Language::EnGb);
        assert_eq!(language_of_locale(Some("fr_FR.UTF-8")), Language::Fr);
        assert_eq!(language_of_locale(Some("cy_GB.UTF-8")), Language::Cy);
        assert_eq!(language_of_locale(Some("C.UTF-8")), Language::EnGb);
        assert_eq!(language_of_locale(None), Language::EnGb);
    }

    #[test]
    fn the_suggested_start_is_the_next_working_day() {
        let ew = HolidayRegion::EnglandAndWales;
        // A Saturday: the Monday after.
        assert_eq!(next_working_day(date(2026, 11, 28), ew), date(2026, 11, 30));
        // A Tuesday: the Wednesday.
        assert_eq!(next_working_day(date(2026, 12, 1), ew), date(2026, 12, 2));
        // Christmas Eve: past Christmas, the weekend and Boxing Day's substitute.
        assert_eq!(next_working_day(date(2026, 12, 24), ew), date(2026, 12, 29));
        // US Thanksgiving is a holiday there, not in England.
        let wed = date(2026, 11, 25);
        assert_eq!(next_working_day(wed, HolidayRegion::Us), date(2026, 11, 27));
        assert_eq!(next_working_day(wed, ew), date(2026, 11, 26));
    }
}
