//! The meetings section's questions: how often, which day, and the good-practice
//! length, place and notice (or each of them), in its own file to keep
//! `questions.rs` readable.

use super::answers::Mode;
use super::asks::{choose, keep_defaults, number_check, opt_number, opt_text, time_zone, weekday};
use super::prompter::{no_check, Asked, Prompt};
use crate::model::words::{tr, trf};
use crate::model::{
    self, defaults, ArrangedBy, Choice, Frequency, HolidayRegion, Language, MeetingFormat,
    RawAgreement, RawMeetings,
};

pub(super) fn meetings(
    p: &mut dyn Prompt,
    raw: &mut RawAgreement,
    mode: Mode,
    calendar: bool,
) -> Asked<()> {
    let language = raw
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default();
    let m = raw.meetings.get_or_insert_with(RawMeetings::default);
    frequency(p, m, mode)?;
    weekday(p, m, mode)?;
    // Keeping in touch between meetings is asked once, under boundaries.
    let untouched = m.holidays.is_none()
        && m.length_minutes.is_none()
        && m.format.is_none()
        && m.location.is_none()
        && m.time.is_none()
        && m.time_zone.is_none()
        && m.arranged_by.is_none()
        && m.cancellation_notice_hours.is_none();
    let region = HolidayRegion::for_language(language);
    let l = p.language();
    let usual = trf(
        l,
        "{minutes} minutes in person, at a place and time you agree each time, arranged by the mentee with {hours} hours' notice; the dates avoid {holidays}",
        &[
            ("minutes", &defaults::LENGTH_MINUTES.to_string()),
            ("hours", &defaults::NOTICE_HOURS.to_string()),
            ("holidays", tr(l, region.label())),
        ],
    );
    let keep = tr(l, "Keep the good-practice length, place and notice?");
    if untouched && keep_defaults(p, mode, keep, &usual)? {
        return Ok(());
    }
    length_and_place(p, m, mode, region)?;
    time_and_notice(p, m, mode, calendar)
}

/// How often: one of the fixed words, or "every N weeks", which asks for N.
fn frequency(p: &mut dyn Prompt, m: &mut RawMeetings, mode: Mode) -> Asked<()> {
    if mode == Mode::Fill && m.frequency.is_some() {
        return Ok(());
    }
    let l = p.language();
    // The file's words, as the menu has always offered them.
    let mut items: Vec<String> = Frequency::ALL
        .iter()
        .map(|f| match f {
            Frequency::Weekly => tr(l, "weekly").to_string(),
            Frequency::Fortnightly => tr(l, "fortnightly").to_string(),
            Frequency::Monthly | Frequency::EveryWeeks(_) => tr(l, "monthly").to_string(),
        })
        .collect();
    items.push(tr(l, "every N weeks").into());
    let current = m.frequency.as_deref().and_then(Frequency::parse);
    let default = match current {
        Some(Frequency::EveryWeeks(_)) => Frequency::ALL.len(),
        Some(f) => Frequency::ALL.iter().position(|x| *x == f).unwrap_or(0),
        None => 0,
    };
    let i = p.select(tr(l, "How often will you meet?"), &items, default)?;
    m.frequency = Some(match Frequency::ALL.get(i) {
        Some(f) => f.name(),
        None => {
            let cur = match current {
                Some(Frequency::EveryWeeks(n)) => n.to_string(),
                _ => Frequency::WEEKS.start().to_string(),
            };
            let weeks = *Frequency::WEEKS.start() as i64..=*Frequency::WEEKS.end() as i64;
            let check = number_check(l, weeks);
            let n = p.text(tr(l, "Every how many weeks?"), Some(&cur), &check)?;
            format!("every {} weeks", n.trim())
        }
    });
    Ok(())
}

fn length_and_place(
    p: &mut dyn Prompt,
    m: &mut RawMeetings,
    mode: Mode,
    region: HolidayRegion,
) -> Asked<()> {
    let l = p.language();
    choose(
        p,
        tr(l, "Which public holidays should meetings avoid?"),
        &mut m.holidays,
        mode,
        region,
    )?;
    opt_number(
        p,
        tr(l, "How long is a meeting, in minutes?"),
        &mut m.length_minutes,
        defaults::LENGTH_MINUTES,
        5..=480,
        mode,
    )?;
    choose(
        p,
        tr(l, "How will you meet?"),
        &mut m.format,
        mode,
        MeetingFormat::default(),
    )?;
    opt_text(
        p,
        tr(l, "Where? (Enter: agree before each meeting)"),
        &mut m.location,
        mode,
        &no_check,
    )
}

fn time_and_notice(
    p: &mut dyn Prompt,
    m: &mut RawMeetings,
    mode: Mode,
    calendar: bool,
) -> Asked<()> {
    let l = p.language();
    opt_text(
        p,
        tr(l, "Usual start time, HH:MM (Enter: agree each time)"),
        &mut m.time,
        mode,
        &|s| model::check_time(s).map(|_| ()),
    )?;
    if calendar {
        time_zone(p, m, mode)?;
    }
    choose(
        p,
        tr(l, "Who arranges meetings?"),
        &mut m.arranged_by,
        mode,
        ArrangedBy::default(),
    )?;
    opt_number(
        p,
        tr(l, "Hours of notice to cancel or move a meeting"),
        &mut m.cancellation_notice_hours,
        defaults::NOTICE_HOURS,
        0..=336,
        mode,
    )
}
