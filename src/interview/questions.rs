//! The questions of each section, in the order they are asked.

use jiff::civil::Date;

use super::answers::{Answers, Mode};
use super::asks::{
    choose, choose_language, choose_list, clause, date_check, date_shown, email_check,
    keep_defaults, language_of_locale, list_loop, next_working_day, number_check, opt_number,
    opt_text, parse_date, required_text, ClauseWords,
};
use super::prompter::{no_check, Asked, Prompt};
use super::questions_meetings::meetings;
use super::sections::Section;
use super::summary::summary;
use crate::error::Error;
use crate::model::words::{tr, trf};
use crate::model::{
    self, defaults, Choice, HolidayRegion, Language, RawAgreement, RawBoundaries,
    RawConfidentiality, RawDuration, RawExpectations, RawGoal, RawPerson, RawProgramme,
    RawSignatures, Relationship,
};

pub(super) fn parties(
    p: &mut dyn Prompt,
    raw: &mut RawAgreement,
    mode: Mode,
    locale: Option<&str>,
) -> Asked<()> {
    let suggested = language_of_locale(locale);
    // Asked in English, before the pair's language is known; each item names its
    // language in itself.
    choose_language(
        p,
        "Which language should the agreement be written in?",
        &mut raw.language,
        mode,
        suggested,
    )?;
    let l = language_of(raw);
    p.set_language(l);
    choose(
        p,
        tr(l, "What kind of mentoring is this?"),
        &mut raw.relationship,
        mode,
        Relationship::default(),
    )?;
    let kind = raw
        .relationship
        .as_deref()
        .and_then(Relationship::parse)
        .unwrap_or_default();
    // In reverse mentoring the names say at once which of them is the senior.
    let (mentee, mentor) = match kind {
        Relationship::Reverse => (
            tr(l, "The mentee's full name (the more senior colleague)"),
            tr(
                l,
                "The mentor's full name (the more junior colleague, who mentors)",
            ),
        ),
        Relationship::Peer => (
            tr(l, "The mentee's full name (who brings the goals)"),
            tr(l, "The mentor's full name (a colleague at a similar level)"),
        ),
        Relationship::Traditional => (
            tr(l, "The mentee's full name"),
            tr(l, "The mentor's full name"),
        ),
    };
    for (q, slot) in [(mentee, &mut raw.mentee), (mentor, &mut raw.mentor)] {
        let person = slot.get_or_insert_with(RawPerson::default);
        required_text(p, q, &mut person.name, mode)?;
    }
    if kind == Relationship::Reverse {
        // The question does not arise: the mentor is the junior of the two.
        if let Some(b) = raw.boundaries.as_mut() {
            b.line_manager = None;
        }
    }
    roles_and_emails(p, raw, mode)?;
    programme(p, raw, mode)
}

/// Roles and emails, asked together and only if wanted: the calendar is their one use.
fn roles_and_emails(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Asked<()> {
    let l = p.language();
    let known = |p: &Option<RawPerson>| {
        p.as_ref()
            .is_some_and(|p| p.role.is_some() || p.email.is_some())
    };
    let details = mode == Mode::Edit
        || known(&raw.mentee)
        || known(&raw.mentor)
        || p.confirm(tr(l, "Add your roles and emails to the agreement?"), false)?;
    let questions = [
        (
            tr(l, "The mentee's role (Enter to skip)"),
            tr(l, "The mentee's email (Enter to skip)"),
            &mut raw.mentee,
        ),
        (
            tr(l, "The mentor's role (Enter to skip)"),
            tr(l, "The mentor's email (Enter to skip)"),
            &mut raw.mentor,
        ),
    ];
    for (role, email, slot) in questions {
        if !details {
            break;
        }
        let person = slot.get_or_insert_with(RawPerson::default);
        opt_text(p, role, &mut person.role, mode, &no_check)?;
        opt_text(p, email, &mut person.email, mode, &email_check)?;
    }
    Ok(())
}

/// The scheme the pair belongs to, if any; saying no takes its coordinator away too.
fn programme(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Asked<()> {
    let has_programme = raw.programme.is_some();
    if mode == Mode::Fill && has_programme {
        return Ok(());
    }
    let l = p.language();
    if !p.confirm(tr(l, "Are you part of a mentoring scheme?"), has_programme)? {
        raw.programme = None;
        raw.signatures = None;
        return Ok(());
    }
    let prog = raw.programme.get_or_insert_with(RawProgramme::default);
    let asks: [(&str, &mut Option<String>); 3] = [
        (tr(l, "The scheme's name"), &mut prog.name),
        (
            tr(
                l,
                "Who runs it: your employer, university or body (Enter to skip)",
            ),
            &mut prog.organisation,
        ),
        (
            tr(l, "The coordinator's name (Enter to skip)"),
            &mut prog.coordinator,
        ),
    ];
    for (q, slot) in asks {
        opt_text(p, q, slot, mode, &no_check)?;
    }
    scheme_terms(p, prog, mode)?;
    if prog.coordinator.is_none() {
        raw.signatures = None;
        return Ok(());
    }
    opt_text(
        p,
        tr(l, "The coordinator's email (Enter to skip)"),
        &mut prog.coordinator_email,
        mode,
        &email_check,
    )?;
    let current = raw
        .signatures
        .as_ref()
        .and_then(|s| s.coordinator)
        .unwrap_or(false);
    let sign = p.confirm(tr(l, "Add a signature line for the coordinator?"), current)?;
    raw.signatures = sign.then_some(RawSignatures {
        coordinator: Some(true),
    });
    Ok(())
}

/// What the scheme itself states: the agreement says nothing of these without them.
fn scheme_terms(p: &mut dyn Prompt, prog: &mut RawProgramme, mode: Mode) -> Asked<()> {
    let l = p.language();
    let asks: [(&str, &mut Option<String>); 3] = [
        (
            tr(
                l,
                "Training the scheme asks of mentors, e.g. a half-day workshop (Enter: none)",
            ),
            &mut prog.training,
        ),
        (
            tr(
                l,
                "How the scheme evaluates itself, e.g. a survey at the end (Enter: none)",
            ),
            &mut prog.evaluation,
        ),
        (
            tr(
                l,
                "Who sponsors your pairing, if anyone (Enter: no sponsor)",
            ),
            &mut prog.sponsor,
        ),
    ];
    for (q, slot) in asks {
        opt_text(p, q, slot, mode, &no_check)?;
    }
    Ok(())
}

pub(super) fn goals(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Asked<()> {
    if mode == Mode::Fill && raw.goals.as_ref().is_some_and(|g| !g.is_empty()) {
        return Ok(());
    }
    let language = language_of(raw);
    let l = p.language();
    let old = raw.goals.take().unwrap_or_default();
    let mut kept = Vec::new();
    for g in old {
        let label = g.description.clone().unwrap_or_default();
        let q = trf(l, "Keep the goal \"{goal}\"?", &[("goal", &label)]);
        if p.confirm(&q, true)? {
            kept.push(ask_goal(p, g, kept.len() + 1, Some(language))?);
        }
    }
    let dated = (mode == Mode::Edit).then_some(language);
    if kept.is_empty() {
        p.say(tr(
            l,
            "Write each goal in the mentee's own words, and how you will know it is met.",
        ));
        kept.push(ask_goal(p, RawGoal::default(), 1, dated)?);
    }
    while p.confirm(
        &trf(
            l,
            "Add another goal? (you have {count})",
            &[("count", &kept.len().to_string())],
        ),
        false,
    )? {
        kept.push(ask_goal(p, RawGoal::default(), kept.len() + 1, dated)?);
    }
    raw.goals = Some(kept);
    Ok(())
}

/// The language the pair chose (the first question), which their dates are written in.
fn language_of(raw: &RawAgreement) -> Language {
    raw.language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default()
}

/// A goal's words and measure, and (when `dated`, in that language) its target date.
fn ask_goal(
    p: &mut dyn Prompt,
    mut g: RawGoal,
    n: usize,
    dated: Option<Language>,
) -> Asked<RawGoal> {
    let l = p.language();
    required_text(
        p,
        &trf(
            l,
            "Goal {n}: what does the mentee want to achieve?",
            &[("n", &n.to_string())],
        ),
        &mut g.description,
        Mode::Edit,
    )?;
    opt_text(
        p,
        tr(l, "How will we know it is met? (Enter: agree later)"),
        &mut g.measure,
        Mode::Edit,
        &no_check,
    )?;
    let Some(language) = dated else {
        return Ok(g);
    };
    let current = g.target_date.map(|d| date_shown(language, &d));
    let ans = p.text(
        &trf(
            l,
            "Target date, {form} (Enter for none)",
            &[("form", language.date_form())],
        ),
        current.as_deref(),
        &|s| {
            if s.trim().is_empty() {
                Ok(())
            } else {
                date_check(language)(s)
            }
        },
    )?;
    g.target_date = if ans.trim().is_empty() {
        None
    } else {
        parse_date(language, &ans).ok()
    };
    Ok(g)
}

pub(super) fn expectations(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Asked<()> {
    let d = &language_of(raw).words().defaults;
    let l = p.language();
    if raw.expectations.is_none() {
        let list = |t: &str, items: &[String]| format!("{t}\n  - {}", items.join("\n  - "));
        p.say(&format!(
            "{}\n{}\n{}",
            list(tr(l, "The mentor will:"), &d.mentor),
            list(tr(l, "The mentee will:"), &d.mentee),
            list(tr(l, "We both will:"), &d.shared)
        ));
        if keep_defaults(p, mode, tr(l, "Keep the good-practice lists?"), "")? {
            return Ok(());
        }
    }
    let e = raw.expectations.clone().unwrap_or_default();
    let e = RawExpectations {
        mentor: choose_list(p, tr(l, "The mentor will"), &d.mentor, &e.mentor)?,
        mentee: choose_list(p, tr(l, "The mentee will"), &d.mentee, &e.mentee)?,
        shared: choose_list(p, tr(l, "We both will"), &d.shared, &e.shared)?,
    };
    raw.expectations = (e != RawExpectations::default()).then_some(e);
    Ok(())
}

pub(super) fn boundaries(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Asked<()> {
    let reverse =
        raw.relationship.as_deref().and_then(Relationship::parse) == Some(Relationship::Reverse);
    let language = raw
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default();
    let b = raw.boundaries.get_or_insert_with(RawBoundaries::default);
    if reverse {
        // The mentor is the junior of the two: the question does not arise.
        b.line_manager = None;
    } else {
        line_manager(p, b, mode)?;
    }
    let untouched = b.topics_excluded.is_none()
        && b.contact_between_meetings.is_none()
        && b.availability.is_none();
    let l = p.language();
    let kept = untouched
        && keep_defaults(
            p,
            mode,
            tr(l, "Keep the good-practice boundaries?"),
            tr(
                l,
                "no topic ruled out in advance; email between meetings, replies within two working days",
            ),
        )?;
    if !kept {
        topics_and_contact(p, b, mode, language)?;
    }
    if *b == RawBoundaries::default() {
        raw.boundaries = None;
    }
    Ok(())
}

fn line_manager(p: &mut dyn Prompt, b: &mut RawBoundaries, mode: Mode) -> Asked<()> {
    if mode == Mode::Fill && b.line_manager.is_some() {
        return Ok(());
    }
    let l = p.language();
    let lm = p.confirm(
        tr(l, "Is the mentor also the mentee's line manager?"),
        b.line_manager.unwrap_or(false),
    )?;
    if lm {
        p.say(tr(l, "Good practice is for a mentor to come from outside the reporting line: it is hard to speak freely to someone who also judges your work. The agreement will add a clause keeping the two roles apart: nothing said in mentoring is used in appraisal, pay or promotion decisions."));
    }
    b.line_manager = Some(lm);
    Ok(())
}

/// What is left out of the meetings, and how to reach each other between them.
fn topics_and_contact(
    p: &mut dyn Prompt,
    b: &mut RawBoundaries,
    mode: Mode,
    language: Language,
) -> Asked<()> {
    let l = p.language();
    if !(mode == Mode::Fill && b.topics_excluded.is_some()) {
        let mut topics = b.topics_excluded.clone().unwrap_or_default();
        if !topics.is_empty() {
            let so_far = topics.join("; ");
            p.say(&trf(
                l,
                "Topics left out so far: {topics}",
                &[("topics", &so_far)],
            ));
            if !p.confirm(tr(l, "Keep these?"), true)? {
                topics.clear();
            }
        }
        let q = tr(l, "A topic you agree to leave out (Enter to finish)");
        list_loop(p, q, &mut topics)?;
        b.topics_excluded = (!topics.is_empty()).then_some(topics);
    }
    if !(mode == Mode::Fill && b.contact_between_meetings.is_some()) {
        // The built-in sentence in the pair's English; kept as it is, it stays built-in.
        let builtin = language.words().defaults.contact.clone();
        let cur = b
            .contact_between_meetings
            .clone()
            .unwrap_or_else(|| builtin.clone());
        let ans = p.text(
            tr(
                l,
                "How will you keep in touch between meetings, and how soon will you reply?",
            ),
            Some(&cur),
            &no_check,
        )?;
        b.contact_between_meetings =
            Some(ans.trim().to_string()).filter(|s| !s.is_empty() && *s != builtin);
    }
    opt_text(
        p,
        tr(
            l,
            "When can the mentor be contacted? (Enter: times that suit you both)",
        ),
        &mut b.availability,
        mode,
        &no_check,
    )
}

pub(super) fn confidentiality(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Asked<()> {
    let d = &language_of(raw).words().defaults;
    let has_coordinator = raw
        .programme
        .as_ref()
        .is_some_and(|p| p.coordinator.is_some());
    let c = raw
        .confidentiality
        .get_or_insert_with(RawConfidentiality::default);
    let l = p.language();
    if *c == RawConfidentiality::default()
        && keep_defaults(
            p,
            mode,
            tr(l, "Keep the good-practice confidentiality?"),
            tr(
                l,
                "what we say stays between us, with the four usual exceptions",
            ),
        )?
    {
        raw.confidentiality = None;
        return Ok(());
    }
    let words = ClauseWords {
        shown: tr(l, "Our statement: {text}"),
        keep: tr(l, "Use this statement?"),
        own: tr(l, "Your statement"),
    };
    clause(p, words, &mut c.statement, &d.statement, mode)?;
    if !(mode == Mode::Fill && c.exceptions.is_some()) {
        c.exceptions = choose_list(
            p,
            tr(l, "We break confidence only for"),
            &d.exceptions,
            &c.exceptions,
        )?;
    }
    if has_coordinator && !(mode == Mode::Fill && c.shared_with_coordinator.is_some()) {
        c.shared_with_coordinator = choose_list(
            p,
            tr(l, "The coordinator is told"),
            &d.shared_with_coordinator,
            &c.shared_with_coordinator,
        )?;
    }
    if *c == RawConfidentiality::default() {
        raw.confidentiality = None;
    }
    Ok(())
}

pub(super) fn duration(
    p: &mut dyn Prompt,
    raw: &mut RawAgreement,
    mode: Mode,
    today: Date,
) -> Asked<()> {
    let language = language_of(raw);
    let region = raw
        .meetings
        .as_ref()
        .and_then(|m| m.holidays.as_deref())
        .and_then(HolidayRegion::parse)
        .unwrap_or_else(|| HolidayRegion::for_language(language));
    let d = raw.duration.get_or_insert_with(RawDuration::default);
    let suggested = next_working_day(today, region);
    start_date(p, d, mode, language, suggested)?;
    how_long(p, d, mode, language)?;
    let l = p.language();
    if d.review_every_months.is_none()
        && d.ending.is_none()
        && keep_defaults(
            p,
            mode,
            tr(l, "Keep the good-practice reviews and ending?"),
            tr(
                l,
                "a review every 3 months; either of us may end early, without blame",
            ),
        )?
    {
        return Ok(());
    }
    opt_number(
        p,
        tr(l, "Review every how many months?"),
        &mut d.review_every_months,
        defaults::REVIEW_EVERY_MONTHS,
        1..=24,
        mode,
    )?;
    let ending = &language.words().defaults.ending;
    let words = ClauseWords {
        shown: tr(l, "Our ending clause: {text}"),
        keep: tr(l, "Use this ending clause?"),
        own: tr(l, "Your ending clause"),
    };
    clause(p, words, &mut d.ending, ending, mode)?;
    Ok(())
}

/// The start date, in the pair's `language`; the next working day is offered when
/// there is none.
fn start_date(
    p: &mut dyn Prompt,
    d: &mut RawDuration,
    mode: Mode,
    language: Language,
    suggested: Date,
) -> Asked<()> {
    if mode == Mode::Fill && d.start.is_some() {
        return Ok(());
    }
    let cur = d
        .start
        .map(|s| date_shown(language, &s))
        .unwrap_or_else(|| language.figures(suggested));
    // The question names the order of day and month: the navigator offers and replays
    // answers by question, so one typed for the other language is never read this way.
    let q = trf(
        p.language(),
        "Start date, {form}",
        &[("form", language.date_form())],
    );
    let ans = p.text(&q, Some(&cur), &date_check(language))?;
    d.start = Some(parse_date(language, &ans).map_err(Error::Usage)?);
    Ok(())
}

/// A number of months, or an end date after the start, in the pair's `language`.
fn how_long(p: &mut dyn Prompt, d: &mut RawDuration, mode: Mode, language: Language) -> Asked<()> {
    if mode == Mode::Fill && (d.months.is_some() || d.end.is_some()) {
        return Ok(());
    }
    let cur = match (d.months, d.end) {
        (_, Some(e)) => date_shown(language, &e),
        (Some(m), _) => m.to_string(),
        _ => defaults::MONTHS.to_string(),
    };
    let start = d.start.as_ref().and_then(|s| model::to_date(s).ok());
    let l = p.language();
    let form = [("form", language.date_form())];
    let check = |s: &str| {
        if s.trim().parse::<i64>().is_ok() {
            return number_check(l, 1..=60)(s);
        }
        let end = parse_date(language, s)
            .and_then(|e| model::to_date(&e))
            .map_err(|_| {
                trf(
                    l,
                    "give a number of months (1 to 60) or an end date {form}",
                    &form,
                )
            })?;
        match start {
            Some(start) if end <= start => Err(trf(
                l,
                "the end must come after the start ({start})",
                &[("start", &language.date(start))],
            )),
            _ => Ok(()),
        }
    };
    let ans = p.text(
        &trf(
            l,
            "How long: a number of months, or an end date {form}",
            &form,
        ),
        Some(&cur),
        &check,
    )?;
    match ans.trim().parse::<i64>() {
        Ok(m) => (d.months, d.end) = (Some(m), None),
        Err(_) => (d.months, d.end) = (None, parse_date(language, &ans).ok()),
    }
    Ok(())
}

/// A section's questions, after the offer to keep what a programme file gave.
pub(super) fn questions(
    p: &mut dyn Prompt,
    a: &mut Answers,
    s: Section,
    mut mode: Mode,
    today: Date,
) -> Asked<()> {
    if mode == Mode::Fill && given_in(&a.given, s) {
        let l = p.language();
        p.say(&format!(
            "{}\n{}",
            tr(l, "Already answered (--from, --set or your draft):"),
            summary(l, &a.raw, s)
        ));
        if !p.confirm(tr(l, "Keep these answers?"), true)? {
            mode = Mode::Edit;
        }
    }
    match s {
        Section::Parties => parties(p, &mut a.raw, mode, a.locale.as_deref()),
        Section::Goals => goals(p, &mut a.raw, mode),
        Section::Expectations => expectations(p, &mut a.raw, mode),
        Section::Boundaries => boundaries(p, &mut a.raw, mode),
        Section::Meetings => meetings(p, &mut a.raw, mode, a.calendar),
        Section::Confidentiality => confidentiality(p, &mut a.raw, mode),
        Section::Duration => duration(p, &mut a.raw, mode, today),
    }
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
