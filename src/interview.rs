//! `mentorpact new`: a guided interview for a mentoring pair at their first meeting.
//!
//! The interview fills the same [`RawAgreement`] a TOML file does, checking each answer
//! with the model's own checks as it is typed. All questions go through the [`Prompt`]
//! trait, so the logic is tested with scripted answers; [`Terminal`] is the dialoguer
//! implementation. After every section the answers are saved to a draft (atomically),
//! so Ctrl-C or a closed terminal loses at most the section in progress, and `--resume`
//! continues. Writing the files ([`write_agreement`]) never prompts.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::NewArgs;
use crate::error::{Error, Problem, Result};
use crate::model::{
    self, defaults, Frequency, RawAgreement, RawBoundaries, RawConfidentiality, RawDuration,
    RawExpectations, RawGoal, RawMeetings, RawPerson, RawProgramme, RawSignatures,
};
use crate::output::{slug, write_atomic};
use crate::Pipeline;

// ---------------------------------------------------------------------------
// The prompt trait
// ---------------------------------------------------------------------------

/// A check run on a typed answer; `Err` is the reason shown before asking again.
pub type Check<'a> = &'a dyn Fn(&str) -> std::result::Result<(), String>;

pub trait Prompt {
    /// Plain text for the pair to read.
    fn say(&mut self, text: &str);
    /// A line of text. Enter gives `default` (or "" if none). Re-asks until `check` passes.
    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Result<String>;
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool>;
    fn select(&mut self, question: &str, items: &[String], default: usize) -> Result<usize>;
    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>>;
}

fn no_check(_: &str) -> std::result::Result<(), String> {
    Ok(())
}

/// The real terminal, through dialoguer.
pub struct Terminal {
    theme: Box<dyn dialoguer::theme::Theme>,
}

impl Terminal {
    pub fn new() -> Self {
        let plain = std::env::var_os("NO_COLOR").is_some() || !console::colors_enabled();
        let theme: Box<dyn dialoguer::theme::Theme> = if plain {
            Box::new(dialoguer::theme::SimpleTheme)
        } else {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        };
        Terminal { theme }
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Self::new()
    }
}

fn io(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(e) = e;
    Error::Interrupted {
        message: format!("the terminal closed ({e})"),
    }
}

impl Prompt for Terminal {
    fn say(&mut self, text: &str) {
        println!("\n{text}");
    }

    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Result<String> {
        let mut input = dialoguer::Input::<String>::with_theme(&*self.theme)
            .with_prompt(question)
            .allow_empty(true);
        if let Some(d) = default.filter(|d| !d.is_empty()) {
            input = input.default(d.to_string());
        }
        input
            .validate_with(|s: &String| check(s))
            .interact_text()
            .map_err(io)
    }

    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        dialoguer::Confirm::with_theme(&*self.theme)
            .with_prompt(question)
            .default(default)
            .interact()
            .map_err(io)
    }

    fn select(&mut self, question: &str, items: &[String], default: usize) -> Result<usize> {
        dialoguer::Select::with_theme(&*self.theme)
            .with_prompt(question)
            .items(items)
            .default(default)
            .interact()
            .map_err(io)
    }

    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Result<Vec<usize>> {
        let q = format!("{question} (space ticks or unticks, Enter accepts)");
        dialoguer::MultiSelect::with_theme(&*self.theme)
            .with_prompt(q)
            .items(items)
            .defaults(ticked)
            .interact()
            .map_err(io)
    }
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

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
    pub const ALL: [Section; 7] = [
        Section::Parties,
        Section::Goals,
        Section::Expectations,
        Section::Boundaries,
        Section::Meetings,
        Section::Confidentiality,
        Section::Duration,
    ];

    pub fn id(self) -> &'static str {
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

    pub fn title(self) -> &'static str {
        match self {
            Section::Parties => "Who we are",
            Section::Goals => "Goals",
            Section::Expectations => "What we expect of each other",
            Section::Boundaries => "Boundaries",
            Section::Meetings => "Meetings",
            Section::Confidentiality => "Confidentiality",
            Section::Duration => "How long, and reviews",
        }
    }

    /// Why the section matters, said before its questions.
    fn why(self) -> &'static str {
        match self {
            Section::Parties => "A mentoring agreement is a promise between two people. We start with who you are, and the scheme you belong to, if any.",
            Section::Goals => "The goals belong to the mentee: they give your meetings a direction and let you see progress. Three is often a good number; you can refine them at any review.",
            Section::Expectations => "Saying out loud what each of you will do avoids disappointment later. The lists below are good practice; untick what does not fit and add your own.",
            Section::Boundaries => "Boundaries keep mentoring safe: what it is for, what it is not for, and how to reach each other between meetings.",
            Section::Meetings => "Regular, protected time is what makes mentoring work. Agree how often you meet, for how long, and who arranges it.",
            Section::Confidentiality => "Trust rests on confidentiality, and on both of you knowing its limits before they matter.",
            Section::Duration => "Mentoring works best for an agreed time, with reviews along the way and a clear, blame-free way to end.",
        }
    }

    /// The validation keys that belong to this section, to re-ask what is wrong.
    fn owns(self, key: &str) -> bool {
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

/// Answers so far, and which sections are done (for `--resume`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    pub raw: RawAgreement,
    pub done: Vec<Section>,
    /// Values from `--from`: questions they answer are skipped unless the pair chooses.
    pub given: RawAgreement,
}

/// How to treat values that are already there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Skip questions that already have an answer.
    Fill,
    /// Ask everything, offering current answers as defaults.
    Edit,
}

pub fn ask_section(p: &mut dyn Prompt, a: &mut Answers, s: Section, editing: bool) -> Result<()> {
    p.say(&format!("── {} ──\n{}", s.title(), s.why()));
    let mut mode = if editing { Mode::Edit } else { Mode::Fill };
    if !editing && given_in(&a.given, s) {
        p.say(&format!(
            "From your programme's file:\n{}",
            summary(&a.raw, s)
        ));
        if !p.confirm("Keep these answers?", true)? {
            mode = Mode::Edit;
        }
    }
    loop {
        match s {
            Section::Parties => parties(p, &mut a.raw, mode)?,
            Section::Goals => goals(p, &mut a.raw, mode)?,
            Section::Expectations => expectations(p, &mut a.raw)?,
            Section::Boundaries => boundaries(p, &mut a.raw, mode)?,
            Section::Meetings => meetings(p, &mut a.raw, mode)?,
            Section::Confidentiality => confidentiality(p, &mut a.raw, mode)?,
            Section::Duration => duration(p, &mut a.raw, mode)?,
        }
        // The same validation a TOML file gets; anything wrong here is asked again.
        let problems: Vec<Problem> = match a.raw.validate() {
            Ok(_) => Vec::new(),
            Err(ps) => ps
                .into_iter()
                .filter(|pr| s.owns(&pr.key) && pr.is_error())
                .collect(),
        };
        if problems.is_empty() {
            break;
        }
        for pr in &problems {
            p.say(&format!("Please look again: {} {}", pr.key, pr.message));
        }
        mode = Mode::Edit;
    }
    if !a.done.contains(&s) {
        a.done.push(s);
    }
    Ok(())
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

/// Ask for an optional text; Enter keeps the current value (or leaves it unset).
fn opt_text(
    p: &mut dyn Prompt,
    q: &str,
    slot: &mut Option<String>,
    mode: Mode,
    check: Check<'_>,
) -> Result<()> {
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

fn required_text(p: &mut dyn Prompt, q: &str, slot: &mut Option<String>, mode: Mode) -> Result<()> {
    if mode == Mode::Fill && slot.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        return Ok(());
    }
    let check = |s: &str| {
        if s.trim().is_empty() {
            Err("this one is needed".to_string())
        } else {
            Ok(())
        }
    };
    *slot = Some(p.text(q, slot.as_deref(), &check)?.trim().to_string());
    Ok(())
}

fn email_check(s: &str) -> std::result::Result<(), String> {
    model::check_email(s)
}

fn date_check(s: &str) -> std::result::Result<(), String> {
    parse_date(s).map(|_| ())
}

fn parse_date(s: &str) -> std::result::Result<toml::value::Datetime, String> {
    let d: toml::value::Datetime = s
        .trim()
        .parse()
        .map_err(|_| format!("\"{s}\" is not a date; write it as YYYY-MM-DD, e.g. 2027-01-31"))?;
    model::to_date(&d)?;
    Ok(d)
}

fn number_check(
    range: std::ops::RangeInclusive<i64>,
) -> impl Fn(&str) -> std::result::Result<(), String> {
    move |s: &str| match s.trim().parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(()),
        _ => Err(format!(
            "give a whole number from {} to {}",
            range.start(),
            range.end()
        )),
    }
}

/// Ask for a whole number in `range`, offering the current value or `default`.
fn opt_number(
    p: &mut dyn Prompt,
    q: &str,
    slot: &mut Option<i64>,
    default: u32,
    range: std::ops::RangeInclusive<i64>,
    mode: Mode,
) -> Result<()> {
    if mode == Mode::Fill && slot.is_some() {
        return Ok(());
    }
    let cur = slot.unwrap_or(default as i64).to_string();
    *slot = p
        .text(q, Some(&cur), &number_check(range))?
        .trim()
        .parse()
        .ok();
    Ok(())
}

/// A built-in clause the pair may replace: shown in full, kept unless they say no.
/// Only their own wording is stored; the built-in one stays the default.
fn clause(
    p: &mut dyn Prompt,
    what: &str,
    slot: &mut Option<String>,
    builtin: &str,
    mode: Mode,
) -> Result<()> {
    if mode == Mode::Fill && slot.is_some() {
        return Ok(());
    }
    let current = slot.clone().unwrap_or_else(|| builtin.to_string());
    p.say(&format!("Our {what}: {current}"));
    if !p.confirm(&format!("Use this {what}?"), true)? {
        let ans = p.text(&format!("Your {what}"), Some(&current), &no_check)?;
        *slot = Some(ans.trim().to_string()).filter(|s| !s.is_empty() && s != builtin);
    }
    Ok(())
}

/// Ask for items one at a time; an empty answer ends the list.
fn list_loop(p: &mut dyn Prompt, q: &str, items: &mut Vec<String>) -> Result<()> {
    loop {
        let ans = p.text(&format!("{q} (Enter to finish)"), None, &no_check)?;
        if ans.trim().is_empty() {
            return Ok(());
        }
        items.push(ans.trim().to_string());
    }
}

fn parties(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Result<()> {
    for (who, slot) in [("mentee", &mut raw.mentee), ("mentor", &mut raw.mentor)] {
        let person = slot.get_or_insert_with(RawPerson::default);
        required_text(p, &format!("The {who}'s full name"), &mut person.name, mode)?;
        opt_text(
            p,
            &format!("The {who}'s role (Enter to skip)"),
            &mut person.role,
            mode,
            &no_check,
        )?;
        opt_text(
            p,
            &format!("The {who}'s email (Enter to skip)"),
            &mut person.email,
            mode,
            &email_check,
        )?;
    }
    let has_programme = raw.programme.is_some();
    if mode == Mode::Fill && has_programme {
        return Ok(());
    }
    if p.confirm(
        "Are you part of a mentoring programme or scheme?",
        has_programme,
    )? {
        let prog = raw.programme.get_or_insert_with(RawProgramme::default);
        opt_text(p, "Programme name", &mut prog.name, mode, &no_check)?;
        opt_text(
            p,
            "Organisation (Enter to skip)",
            &mut prog.organisation,
            mode,
            &no_check,
        )?;
        opt_text(
            p,
            "Coordinator's name (Enter to skip)",
            &mut prog.coordinator,
            mode,
            &no_check,
        )?;
        if prog.coordinator.is_some() {
            opt_text(
                p,
                "Coordinator's email (Enter to skip)",
                &mut prog.coordinator_email,
                mode,
                &email_check,
            )?;
            let current = raw
                .signatures
                .as_ref()
                .and_then(|s| s.coordinator)
                .unwrap_or(false);
            let sign = p.confirm("Add a signature line for the coordinator?", current)?;
            raw.signatures = sign.then_some(RawSignatures {
                coordinator: Some(true),
            });
        } else {
            raw.signatures = None;
        }
    } else {
        raw.programme = None;
        raw.signatures = None;
    }
    Ok(())
}

fn goals(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Result<()> {
    if mode == Mode::Fill && raw.goals.as_ref().is_some_and(|g| !g.is_empty()) {
        return Ok(());
    }
    let old = raw.goals.take().unwrap_or_default();
    let mut kept = Vec::new();
    for g in old {
        let label = g.description.clone().unwrap_or_default();
        if p.confirm(&format!("Keep the goal \"{label}\"?"), true)? {
            kept.push(ask_goal(p, g, kept.len() + 1)?);
        }
    }
    if kept.is_empty() {
        p.say("Write each goal in the mentee's own words, and how you will know it is met.");
        kept.push(ask_goal(p, RawGoal::default(), 1)?);
    }
    while p.confirm(
        &format!("Add another goal? (you have {})", kept.len()),
        false,
    )? {
        kept.push(ask_goal(p, RawGoal::default(), kept.len() + 1)?);
    }
    raw.goals = Some(kept);
    Ok(())
}

fn ask_goal(p: &mut dyn Prompt, mut g: RawGoal, n: usize) -> Result<RawGoal> {
    required_text(
        p,
        &format!("Goal {n}: what does the mentee want to achieve?"),
        &mut g.description,
        Mode::Edit,
    )?;
    opt_text(
        p,
        "How will we know it is met? (Enter to agree this later)",
        &mut g.measure,
        Mode::Edit,
        &no_check,
    )?;
    let current = g.target_date.map(|d| d.to_string());
    let ans = p.text(
        "Target date, YYYY-MM-DD (Enter for none)",
        current.as_deref(),
        &|s| {
            if s.trim().is_empty() {
                Ok(())
            } else {
                date_check(s)
            }
        },
    )?;
    g.target_date = if ans.trim().is_empty() {
        None
    } else {
        parse_date(&ans).ok()
    };
    Ok(g)
}

/// Built-in items ticked, plus the pair's own; `None` when they keep exactly the built-ins.
fn choose_list(
    p: &mut dyn Prompt,
    q: &str,
    builtin: &[&str],
    current: &Option<Vec<String>>,
) -> Result<Option<Vec<String>>> {
    let mut items: Vec<String> = builtin.iter().map(|s| s.to_string()).collect();
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
    list_loop(p, "Add one of your own", &mut list)?;
    let is_builtin = list.len() == builtin.len() && list.iter().zip(builtin).all(|(a, b)| a == b);
    Ok(if is_builtin { None } else { Some(list) })
}

fn expectations(p: &mut dyn Prompt, raw: &mut RawAgreement) -> Result<()> {
    let e = raw.expectations.clone().unwrap_or_default();
    let e = RawExpectations {
        mentor: choose_list(p, "The mentor will", defaults::MENTOR, &e.mentor)?,
        mentee: choose_list(p, "The mentee will", defaults::MENTEE, &e.mentee)?,
        shared: choose_list(p, "We both will", defaults::SHARED, &e.shared)?,
    };
    raw.expectations = (e != RawExpectations::default()).then_some(e);
    Ok(())
}

fn boundaries(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Result<()> {
    let b = raw.boundaries.get_or_insert_with(RawBoundaries::default);
    if !(mode == Mode::Fill && b.line_manager.is_some()) {
        let lm = p.confirm(
            "Is the mentor also the mentee's line manager?",
            b.line_manager.unwrap_or(false),
        )?;
        if lm {
            p.say("Good practice is for a mentor to come from outside the reporting line: it is hard to speak freely to someone who also judges your work. The agreement will add a clause keeping the two roles apart: nothing said in mentoring is used in appraisal, pay or promotion decisions.");
        }
        b.line_manager = Some(lm);
    }
    if !(mode == Mode::Fill && b.topics_excluded.is_some()) {
        let mut topics = b.topics_excluded.clone().unwrap_or_default();
        if !topics.is_empty() {
            p.say(&format!("Topics left out so far: {}", topics.join("; ")));
            if !p.confirm("Keep these?", true)? {
                topics.clear();
            }
        }
        list_loop(p, "A topic you agree to leave out", &mut topics)?;
        b.topics_excluded = (!topics.is_empty()).then_some(topics);
    }
    if !(mode == Mode::Fill && b.contact_between_meetings.is_some()) {
        let cur = b
            .contact_between_meetings
            .clone()
            .unwrap_or_else(|| defaults::CONTACT.to_string());
        let ans = p.text("Contact between meetings", Some(&cur), &no_check)?;
        b.contact_between_meetings =
            Some(ans.trim().to_string()).filter(|s| !s.is_empty() && s != defaults::CONTACT);
    }
    opt_text(
        p,
        "When can the mentor be contacted? (Enter: times that suit you both)",
        &mut b.availability,
        mode,
        &no_check,
    )?;
    if *b == RawBoundaries::default() {
        raw.boundaries = None;
    }
    Ok(())
}

fn meetings(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Result<()> {
    let m = raw.meetings.get_or_insert_with(RawMeetings::default);
    if !(mode == Mode::Fill && m.frequency.is_some()) {
        let items: Vec<String> = ["monthly", "fortnightly", "weekly", "every N weeks"]
            .map(String::from)
            .to_vec();
        let current = m.frequency.as_deref().and_then(Frequency::parse);
        let default = match current {
            Some(Frequency::Fortnightly) => 1,
            Some(Frequency::Weekly) => 2,
            Some(Frequency::EveryWeeks(_)) => 3,
            _ => 0,
        };
        let i = p.select("How often will you meet?", &items, default)?;
        m.frequency = Some(if i == 3 {
            let cur = match current {
                Some(Frequency::EveryWeeks(n)) => n.to_string(),
                _ => "3".to_string(),
            };
            let n = p.text("Every how many weeks?", Some(&cur), &number_check(3..=26))?;
            format!("every {} weeks", n.trim())
        } else {
            items[i].clone()
        });
    }
    opt_number(
        p,
        "How long is a meeting, in minutes?",
        &mut m.length_minutes,
        defaults::LENGTH_MINUTES,
        5..=480,
        mode,
    )?;
    if !(mode == Mode::Fill && m.format.is_some()) {
        let items: Vec<String> = ["in-person", "video", "phone", "mixed"]
            .map(String::from)
            .to_vec();
        let cur = items
            .iter()
            .position(|i| Some(i.as_str()) == m.format.as_deref())
            .unwrap_or(0);
        m.format = Some(items[p.select("How will you meet?", &items, cur)?].clone());
    }
    opt_text(
        p,
        "Where? (Enter: agree before each meeting)",
        &mut m.location,
        mode,
        &no_check,
    )?;
    opt_text(
        p,
        "Usual start time, HH:MM (Enter: agree each time)",
        &mut m.time,
        mode,
        &|s| model::check_time(s).map(|_| ()),
    )?;
    if !(mode == Mode::Fill && m.arranged_by.is_some()) {
        let items: Vec<String> = ["the mentee", "the mentor", "both of us, taking turns"]
            .map(String::from)
            .to_vec();
        let keys = ["mentee", "mentor", "both"];
        let cur = keys
            .iter()
            .position(|k| Some(*k) == m.arranged_by.as_deref())
            .unwrap_or(0);
        m.arranged_by = Some(keys[p.select("Who arranges meetings?", &items, cur)?].to_string());
    }
    opt_number(
        p,
        "Hours of notice to cancel or move a meeting",
        &mut m.cancellation_notice_hours,
        defaults::NOTICE_HOURS,
        0..=336,
        mode,
    )?;
    if !(mode == Mode::Fill && m.channels.is_some()) {
        let cur = m
            .channels
            .clone()
            .unwrap_or_else(|| defaults::CHANNELS.iter().map(|s| s.to_string()).collect())
            .join(", ");
        let ans = p.text(
            "How will you keep in touch? (separate with commas)",
            Some(&cur),
            &no_check,
        )?;
        let list: Vec<String> = ans
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        m.channels = (!list.is_empty()).then_some(list);
    }
    Ok(())
}

fn confidentiality(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Result<()> {
    let has_coordinator = raw
        .programme
        .as_ref()
        .is_some_and(|p| p.coordinator.is_some());
    let c = raw
        .confidentiality
        .get_or_insert_with(RawConfidentiality::default);
    clause(p, "statement", &mut c.statement, defaults::STATEMENT, mode)?;
    if !(mode == Mode::Fill && c.exceptions.is_some()) {
        c.exceptions = choose_list(
            p,
            "We break confidence only for",
            defaults::EXCEPTIONS,
            &c.exceptions,
        )?;
    }
    if has_coordinator && !(mode == Mode::Fill && c.shared_with_coordinator.is_some()) {
        c.shared_with_coordinator = choose_list(
            p,
            "The coordinator is told",
            defaults::SHARED_WITH_COORDINATOR,
            &c.shared_with_coordinator,
        )?;
    }
    if *c == RawConfidentiality::default() {
        raw.confidentiality = None;
    }
    Ok(())
}

fn duration(p: &mut dyn Prompt, raw: &mut RawAgreement, mode: Mode) -> Result<()> {
    let d = raw.duration.get_or_insert_with(RawDuration::default);
    if !(mode == Mode::Fill && d.start.is_some()) {
        let cur = d
            .start
            .map(|s| s.to_string())
            .unwrap_or_else(|| crate::today().to_string());
        d.start = Some(
            parse_date(&p.text("Start date, YYYY-MM-DD", Some(&cur), &date_check)?)
                .map_err(Error::Usage)?,
        );
    }
    if !(mode == Mode::Fill && (d.months.is_some() || d.end.is_some())) {
        let cur = match (d.months, d.end) {
            (_, Some(e)) => e.to_string(),
            (Some(m), _) => m.to_string(),
            _ => defaults::MONTHS.to_string(),
        };
        let start = d.start.as_ref().and_then(|s| model::to_date(s).ok());
        let check = |s: &str| {
            if s.trim().parse::<i64>().is_ok() {
                return number_check(1..=60)(s);
            }
            let end = parse_date(s)
                .and_then(|e| model::to_date(&e))
                .map_err(|_| {
                    "give a number of months (1 to 60) or an end date YYYY-MM-DD".to_string()
                })?;
            match start {
                Some(start) if end <= start => {
                    Err(format!("the end must come after the start ({start})"))
                }
                _ => Ok(()),
            }
        };
        let ans = p.text(
            "How long: a number of months, or an end date",
            Some(&cur),
            &check,
        )?;
        match ans.trim().parse::<i64>() {
            Ok(m) => (d.months, d.end) = (Some(m), None),
            Err(_) => (d.months, d.end) = (None, parse_date(&ans).ok()),
        }
    }
    opt_number(
        p,
        "Review every how many months?",
        &mut d.review_every_months,
        defaults::REVIEW_EVERY_MONTHS,
        1..=24,
        mode,
    )?;
    clause(p, "ending clause", &mut d.ending, defaults::ENDING, mode)?;
    Ok(())
}

/// A few lines per section for the review screen.
pub fn summary(raw: &RawAgreement, s: Section) -> String {
    let or = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.to_string());
    let person = |p: &Option<RawPerson>| {
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
    };
    match s {
        Section::Parties => {
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
        Section::Goals => raw
            .goals
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
            .join("\n"),
        Section::Expectations => {
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
        Section::Boundaries => {
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
        Section::Meetings => {
            let m = raw.meetings.clone().unwrap_or_default();
            format!(
                "  {} for {} minutes, {}, arranged by {}\n  Where: {}; usual time: {}",
                m.frequency
                    .as_deref()
                    .and_then(Frequency::parse)
                    .unwrap_or(Frequency::Monthly)
                    .describe(),
                m.length_minutes.unwrap_or(defaults::LENGTH_MINUTES as i64),
                or(&m.format, defaults::FORMAT),
                or(&m.arranged_by, defaults::ARRANGED_BY),
                or(&m.location, "to agree"),
                or(&m.time, "to agree")
            )
        }
        Section::Confidentiality => {
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
        Section::Duration => {
            let d = raw.duration.clone().unwrap_or_default();
            let length = match (d.months, d.end) {
                (_, Some(e)) => format!("until {e}"),
                (Some(m), _) => format!("{m} months"),
                _ => format!("{} months", defaults::MONTHS),
            };
            format!(
                "  From {} for {length}, reviews every {} months",
                d.start.map_or("(no start)".to_string(), |s| s.to_string()),
                d.review_every_months
                    .unwrap_or(defaults::REVIEW_EVERY_MONTHS as i64)
            )
        }
    }
}

// ---------------------------------------------------------------------------
// The whole interview
// ---------------------------------------------------------------------------

pub enum Outcome {
    Write(Box<RawAgreement>),
    SavedDraft,
}

/// Run the interview from `answers` (fresh, pre-filled or resumed); `save` stores the
/// draft after every section.
pub fn interview(
    p: &mut dyn Prompt,
    answers: &mut Answers,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
) -> Result<Outcome> {
    for s in Section::ALL {
        if !answers.done.contains(&s) {
            ask_section(p, answers, s, false)?;
            save(answers)?;
        }
    }
    loop {
        let mut screen =
            String::from("── Review ──\nHere is your agreement, section by section:\n");
        for s in Section::ALL {
            screen.push_str(&format!("\n{}\n{}\n", s.title(), summary(&answers.raw, s)));
        }
        p.say(&screen);
        let actions = [
            "Write the agreement",
            "Edit a section",
            "Save the draft and quit",
        ]
        .map(String::from);
        match p.select("What next?", &actions, 0)? {
            0 => match answers.raw.validate() {
                Ok(_) => return Ok(Outcome::Write(Box::new(answers.raw.clone()))),
                Err(problems) => {
                    for pr in problems.iter().filter(|pr| pr.is_error()) {
                        let asked = Section::ALL.iter().any(|s| s.owns(&pr.key));
                        let how = if asked {
                            "edit that section"
                        } else {
                            "the interview does not ask this: save the draft, fix it in the file, then --resume"
                        };
                        p.say(&format!(
                            "Still to fix: `{}` {} ({how})",
                            pr.key, pr.message
                        ));
                    }
                }
            },
            1 => {
                let names: Vec<String> =
                    Section::ALL.iter().map(|s| s.title().to_string()).collect();
                let i = p.select("Which section?", &names, 0)?;
                ask_section(p, answers, Section::ALL[i], true)?;
                save(answers)?;
            }
            _ => {
                save(answers)?;
                return Ok(Outcome::SavedDraft);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Drafts and files
// ---------------------------------------------------------------------------

const DRAFT_MARK: &str = "# mentorpact-draft: done =";

/// The answers as TOML, for the draft and the answers file; failing loudly, since an
/// empty file here would lose the pair's answers.
fn answers_toml(raw: &RawAgreement, path: &Path) -> Result<String> {
    toml::to_string_pretty(raw).map_err(|e| Error::write(path, std::io::Error::other(e)))
}

pub fn draft_text(a: &Answers, path: &Path) -> Result<String> {
    let done: Vec<&str> = a.done.iter().map(|s| s.id()).collect();
    let body = answers_toml(&a.raw, path)?;
    Ok(format!(
        "# An unfinished mentorpact interview. Continue it with:\n#     mentorpact new --resume THIS_FILE\n{DRAFT_MARK} {}\n\n{body}",
        done.join(",")
    ))
}

pub fn load_draft(path: &Path) -> Result<Answers> {
    let (raw, doc) = crate::input::read_raw(path).map_err(Error::Invalid)?;
    let done = doc
        .text
        .lines()
        .find_map(|l| l.strip_prefix(DRAFT_MARK))
        .map(|l| {
            l.split(',')
                .filter_map(|id| Section::ALL.into_iter().find(|s| s.id() == id.trim()))
                .collect()
        })
        .unwrap_or_default();
    Ok(Answers {
        raw,
        done,
        given: RawAgreement::default(),
    })
}

/// Write `<names>.toml`, and the Markdown and PDF, without overwriting anything.
pub fn write_agreement(
    raw: &RawAgreement,
    dir: &Path,
    pipeline: &Pipeline,
) -> Result<Vec<PathBuf>> {
    let agreement = raw.validate().map_err(|ps| {
        Error::Usage(
            ps.iter()
                .map(|p| format!("{} {}", p.key, p.message))
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let base = format!(
        "{}-and-{}",
        slug(&agreement.mentee.name),
        slug(&agreement.mentor.name)
    );
    let exts: Vec<&str> = std::iter::once("toml")
        .chain(pipeline.formats.iter().map(|f| crate::extension(*f)))
        .collect();
    let name = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|n| exts.iter().all(|e| !dir.join(format!("{n}.{e}")).exists()))
        .expect("some name is free");
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut written = vec![dir.join(format!("{name}.toml"))];
    let toml_text = format!(
        "# Our mentoring agreement, as answered in `mentorpact new`.\n# Render it again with: mentorpact render {name}.toml\n\n{}",
        answers_toml(raw, &written[0])?
    );
    write_atomic(&written[0], toml_text.as_bytes())?;
    let loaded = crate::input::Loaded {
        raw: raw.clone(),
        agreement,
        warnings: Vec::new(),
    };
    let produced = pipeline.produce(&loaded)?;
    for w in produced.warnings {
        eprintln!("warning: {w}");
    }
    for (f, bytes) in pipeline.formats.iter().zip(produced.files) {
        let path = dir.join(format!("{name}.{}", crate::extension(*f)));
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// `mentorpact new`.
pub fn run(args: NewArgs) -> Result<i32> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "`mentorpact new` is an interview and needs a terminal.\n  To make an agreement without one: `mentorpact init agreement.toml`, edit the file, then `mentorpact render agreement.toml`.".into(),
        ));
    }
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let pipeline = Pipeline::new(
        &args.out,
        &[crate::cli::Format::Md, crate::cli::Format::Pdf],
    )?;
    let draft_path = args
        .resume
        .clone()
        .unwrap_or_else(|| dir.join("mentorpact-draft.toml"));
    let mut term = Terminal::new();
    let mut answers = match (&args.resume, &args.from) {
        (Some(path), _) => load_draft(path)?,
        (None, Some(from)) => {
            let (raw, _) = crate::input::read_raw(from).map_err(Error::Invalid)?;
            Answers {
                raw: raw.clone(),
                done: Vec::new(),
                given: raw,
            }
        }
        (None, None) if draft_path.exists() => {
            if term.confirm(
                &format!(
                    "An unfinished interview is saved in {}. Continue it?",
                    draft_path.display()
                ),
                true,
            )? {
                load_draft(&draft_path)?
            } else {
                Answers::default()
            }
        }
        _ => Answers::default(),
    };
    println!(
        "Welcome. This interview walks you through your mentoring agreement, one section at a time.\nEnter accepts the suggestion shown. Your answers are saved after each section in {}; if you stop, continue with `mentorpact new --resume {}`.",
        draft_path.display(),
        draft_path.display()
    );
    // Ctrl-C: the draft holds every finished section; put the cursor back and say where.
    let shown = draft_path.display().to_string();
    let _ = ctrlc::set_handler(move || {
        let _ = console::Term::stdout().show_cursor();
        eprintln!("\nStopped. Finished sections are saved; continue with: mentorpact new --resume {shown}");
        std::process::exit(130);
    });
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    let mut save = |a: &Answers| write_atomic(&draft_path, draft_text(a, &draft_path)?.as_bytes());
    match interview(&mut term, &mut answers, &mut save)? {
        Outcome::SavedDraft => {
            println!(
                "Saved. Continue with: mentorpact new --resume {}",
                draft_path.display()
            );
            Ok(0)
        }
        Outcome::Write(raw) => {
            let files = write_agreement(&raw, &dir, &pipeline)?;
            let _ = std::fs::remove_file(&draft_path);
            println!("\nYour agreement is ready:");
            for f in &files {
                println!("  {}", f.display());
            }
            println!("Print the PDF and sign it together. To change it later, edit the .toml file and run `mentorpact render` on it.");
            Ok(0)
        }
    }
}

// ---------------------------------------------------------------------------
// Scripted answers, for tests
// ---------------------------------------------------------------------------

/// One answer in a script.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Press Enter (accept the default).
    Enter,
    Text(&'static str),
    Yes,
    No,
    /// Pick the item whose text contains this.
    Pick(&'static str),
    /// Untick these items (by index) in a multi-select.
    Untick(&'static [usize]),
}

/// Answers questions from a script, recording what was asked and any re-asks.
#[derive(Default)]
pub struct Scripted {
    pub answers: std::collections::VecDeque<Answer>,
    pub asked: Vec<String>,
    pub said: Vec<String>,
    pub rejected: Vec<String>,
}

impl Scripted {
    pub fn new(answers: Vec<Answer>) -> Self {
        Scripted {
            answers: answers.into(),
            ..Default::default()
        }
    }

    fn next(&mut self, q: &str) -> Result<Answer> {
        self.asked.push(q.to_string());
        self.answers.pop_front().ok_or_else(|| Error::Interrupted {
            message: format!("script ran out at: {q}"),
        })
    }
}

impl Prompt for Scripted {
    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }

    fn text(&mut self, q: &str, default: Option<&str>, check: Check<'_>) -> Result<String> {
        loop {
            let ans = match self.next(q)? {
                Answer::Enter => default.unwrap_or("").to_string(),
                Answer::Text(t) => t.to_string(),
                other => {
                    return Err(Error::Usage(format!(
                        "script gave {other:?} to text question {q}"
                    )))
                }
            };
            match check(&ans) {
                Ok(()) => return Ok(ans),
                Err(why) => self.rejected.push(format!("{q}: {why}")),
            }
        }
    }

    fn confirm(&mut self, q: &str, default: bool) -> Result<bool> {
        match self.next(q)? {
            Answer::Enter => Ok(default),
            Answer::Yes => Ok(true),
            Answer::No => Ok(false),
            other => Err(Error::Usage(format!(
                "script gave {other:?} to yes/no question {q}"
            ))),
        }
    }

    fn select(&mut self, q: &str, items: &[String], default: usize) -> Result<usize> {
        match self.next(q)? {
            Answer::Enter => Ok(default),
            Answer::Pick(s) => items
                .iter()
                .position(|i| i.contains(s))
                .ok_or_else(|| Error::Usage(format!("no item {s} in {items:?}"))),
            other => Err(Error::Usage(format!("script gave {other:?} to choice {q}"))),
        }
    }

    fn multi_select(&mut self, q: &str, items: &[String], ticked: &[bool]) -> Result<Vec<usize>> {
        let untick: &[usize] = match self.next(q)? {
            Answer::Enter => &[],
            Answer::Untick(u) => u,
            other => {
                return Err(Error::Usage(format!(
                    "script gave {other:?} to multi-select {q}"
                )))
            }
        };
        Ok((0..items.len())
            .filter(|i| ticked[*i] && !untick.contains(i))
            .collect())
    }
}
