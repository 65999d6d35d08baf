//! The interview logic, driven by scripted answers through the `Prompt` trait (the real
//! binary's runs are in `interview_runs`).

use mentorpact::interview::{self, Answer::*, Answers, Outcome, Scripted, Section};
use mentorpact::model::RawAgreement;

/// Answers for a whole first interview that accepts every default it can.
pub(crate) fn defaults_script() -> Vec<mentorpact::interview::Answer> {
    vec![
        // Parties: language, kind, names, roles and emails (yes: the mentee's email),
        // scheme (no)
        Enter,
        Enter,
        Text("Zoë Ó'Brien"),
        Text("Grace Hopper"),
        Yes,
        Enter,
        Text("zoe@example.org"),
        Enter,
        Enter,
        Enter,
        // Goals: the goal, its measure, another (no)
        Text("Present with confidence"),
        Text("Lead two project reviews"),
        Enter,
        // Expectations: keep the good-practice lists
        Enter,
        // Boundaries: line manager (no), keep the rest
        Enter,
        Enter,
        // Meetings: how often, weekday, keep the rest
        Enter,
        Enter,
        Enter,
        // Confidentiality: keep
        Enter,
        // Duration: start, length, keep reviews and ending
        Text("2027-01-11"),
        Enter,
        Enter,
    ]
}

pub(crate) fn run(
    script: Vec<mentorpact::interview::Answer>,
    answers: &mut Answers,
) -> (Outcome, Scripted, Vec<Answers>) {
    let mut p = Scripted::new(script);
    let mut saved = Vec::new();
    let today = jiff::civil::date(2026, 11, 24);
    let outcome = interview::interview(
        &mut p,
        answers,
        &mut |a: &Answers| {
            saved.push(a.clone());
            Ok(())
        },
        today,
    )
    .unwrap_or_else(|e| panic!("{e}\nasked: {:#?}\nsaid: {:#?}", p.asked, p.said));
    assert!(p.answers.is_empty(), "unused answers: {:?}", p.answers);
    (outcome, p, saved)
}

pub(crate) fn written(o: Outcome) -> RawAgreement {
    match o {
        Outcome::Write(raw) => *raw,
        Outcome::SavedDraft => panic!("expected the agreement to be written"),
    }
}

#[test]
fn enter_through_everything_gives_a_valid_agreement() {
    let mut script = defaults_script();
    script.push(Enter); // review: Enter writes
    let (outcome, p, saved) = run(script, &mut Answers::default());
    let raw = written(outcome);
    let a = raw.validate().expect("valid");
    assert_eq!(a.mentee.name, "Zoë Ó'Brien");
    assert_eq!(a.meetings.length_minutes, 60);
    assert_eq!(a.duration.end.to_string(), "2027-07-10");
    // Built-in lists kept as they are stay out of the file (the defaults apply).
    assert!(raw.expectations.is_none());
    // The draft is saved after every answer: the first save holds the first answer.
    assert!(saved.len() > 22, "{} saves", saved.len());
    assert_eq!(
        saved[0].current,
        Some((
            Section::Parties,
            vec![mentorpact::interview::Given::Pick(0)]
        ))
    );
    assert!(saved
        .iter()
        .any(|a| a.done == [Section::Parties] && a.current.is_none()));
    // Each section starts with why it matters.
    assert!(p
        .said
        .iter()
        .any(|s| s.contains("Trust rests on confidentiality")));
}

#[test]
fn invalid_answers_are_asked_again_with_the_reason() {
    let mut script = defaults_script();
    // A bad email, then a good one.
    script.splice(6..7, [Text("zoe@"), Text("zoe@example.org")]);
    // The start date: not a date, month/day/year (this pair writes British dates, so
    // there is no 13th month), then a real one.
    let start = script
        .iter()
        .position(|a| matches!(a, Text("2027-01-11")))
        .unwrap();
    script.splice(
        start..start + 1,
        [Text("2027-02-30"), Text("01/13/2027"), Text("2027-01-11")],
    );
    // The length: an end date before the start, then the default.
    script.splice(start + 3..start + 4, [Text("2026-12-01"), Enter]);
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    written(outcome);
    assert_eq!(p.rejected.len(), 4, "{:?}", p.rejected);
    assert!(p.rejected[0].contains("does not look like an email address"));
    assert!(p.rejected[1].contains("not a real date") || p.rejected[1].contains("is not a date"));
    assert!(
        p.rejected[3].contains("the end must come after the start (11 January 2027)"),
        "{:?}",
        p.rejected
    );
}

#[test]
fn editing_a_section_asks_only_that_section() {
    let mut script = defaults_script();
    script.extend([
        Pick("Edit a section"),
        Pick("Meetings"),
        Pick("fortnightly"),
        Pick("Thursdays"),
        Pick("Scotland"),
        Text("45"),
        Pick("video"),
        Text("Teams"),
        Text("09:30"),
        Text("europe/london"),
        Text("Europe/London"),
        Enter,
        Enter,
        Enter, // back at the review: write
    ]);
    // A calendar is written: the time zone is asked.
    let mut answers = Answers {
        calendar: true,
        ..Answers::default()
    };
    let (outcome, p, _) = run(script, &mut answers);
    let raw = written(outcome);
    let m = raw.meetings.unwrap();
    assert_eq!(m.frequency.as_deref(), Some("fortnightly"));
    assert_eq!(m.length_minutes, Some(45));
    assert_eq!(m.format.as_deref(), Some("video"));
    assert_eq!(m.time.as_deref(), Some("09:30"));
    assert_eq!(m.weekday.as_deref(), Some("thursday"));
    assert_eq!(m.holidays.as_deref(), Some("scotland"));
    assert_eq!(m.time_zone.as_deref(), Some("Europe/London"));
    assert!(
        p.rejected
            .iter()
            .any(|r| r.contains("did you mean \"Europe/London\"")),
        "a near-miss time zone is re-asked with a suggestion: {:?}",
        p.rejected
    );
    // The goals were not asked again.
    assert_eq!(
        p.asked.iter().filter(|q| q.starts_with("Goal 1")).count(),
        1
    );
}

#[test]
fn save_draft_and_resume_where_they_stopped() {
    let mut script = defaults_script();
    script.push(Pick("Save the draft"));
    let (outcome, _, saved) = run(script, &mut Answers::default());
    assert!(matches!(outcome, Outcome::SavedDraft));

    // Stopped after three sections: the draft on disk says so.
    let three = [Section::Parties, Section::Goals, Section::Expectations];
    let partial = saved
        .iter()
        .find(|a| a.done == three && a.current.is_none())
        .unwrap()
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.toml");
    std::fs::write(&path, interview::draft_text(&partial, &path).unwrap()).unwrap();
    let mut resumed = interview::load_draft(&path).unwrap();
    assert_eq!(
        resumed.done,
        [Section::Parties, Section::Goals, Section::Expectations]
    );
    assert_eq!(resumed.raw, partial.raw);

    // Resuming asks only the remaining sections, then the review.
    let rest: Vec<_> = defaults_script()
        .into_iter()
        .skip(14)
        .chain([Enter])
        .collect();
    let (outcome, p, _) = run(rest, &mut resumed);
    let raw = written(outcome);
    assert_eq!(raw.mentee.unwrap().name.as_deref(), Some("Zoë Ó'Brien"));
    assert!(!p.asked.iter().any(|q| q.contains("full name")));
}

#[test]
fn values_from_a_programme_file_skip_their_questions() {
    let given: RawAgreement = toml::from_str(
        r#"
        [programme]
        name = "New Staff Mentoring Scheme"
        coordinator = "Sam Okafor"
        [meetings]
        frequency = "fortnightly"
        length_minutes = 45
        "#,
    )
    .unwrap();
    let mut answers = Answers {
        raw: given.clone(),
        given,
        ..Answers::default()
    };
    let script = vec![
        Yes,   // keep the programme answers
        Enter, // British English
        Enter, // traditional mentoring
        Text("Zoë Ó'Brien"),
        Text("Grace Hopper"),
        No, // roles and emails
        Text("Present with confidence"),
        Enter,
        Enter, // another goal? no
        Enter, // expectations: keep
        Enter, // line manager: no
        Enter, // boundaries: keep
        Yes,   // keep the meetings answers; only the unanswered ones are asked
        Enter, // weekday
        Enter, // holidays
        Enter, // format
        Enter, // where
        Enter, // time (no calendar: no time zone)
        Enter, // who arranges
        Enter, // notice
        Enter, // confidentiality: keep
        Text("2027-01-11"),
        Enter,
        Enter, // reviews and ending: keep
        Enter, // review: write
    ];
    let (outcome, p, _) = run(script, &mut answers);
    let raw = written(outcome);
    assert_eq!(raw.meetings.as_ref().unwrap().length_minutes, Some(45));
    assert!(
        !p.asked.iter().any(|q| q.starts_with("How often")),
        "{:?}",
        p.asked
    );
    assert!(!p.asked.iter().any(|q| q.starts_with("Programme name")));
    assert!(p
        .asked
        .iter()
        .any(|q| q.starts_with("Keep the good-practice confidentiality")));
}

#[test]
fn the_written_files_render_the_same_agreement() {
    let mut script = defaults_script();
    script.push(Enter);
    let (outcome, _, _) = run(script, &mut Answers::default());
    let raw = written(outcome);
    let dir = tempfile::tempdir().unwrap();
    let args = mentorpact::cli::OutputArgs {
        format: None,
        look: Default::default(),
        tz: None,
        no_fields: false,
        no_language_notice: false,
    };
    let clock = mentorpact::clock::Clock::from_epoch("1795000000").unwrap();
    let pipeline = mentorpact::Pipeline::new(&args, &[mentorpact::cli::Format::Md], clock).unwrap();
    let files = interview::write_agreement(&raw, dir.path(), &pipeline).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "zoe-o-brien-and-grace-hopper.toml",
            "zoe-o-brien-and-grace-hopper.md"
        ]
    );
    // The answers file is an ordinary agreement file: render it and compare.
    // The header gives the day the agreement is drafted: render on the same day.
    let out = assert_cmd::Command::cargo_bin("mentorpact")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .args(["render", "-o", "-"])
        .arg(&files[0])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(&files[1]).unwrap()
    );
    // A second interview for the same pair does not overwrite the first.
    let again = interview::write_agreement(&raw, dir.path(), &pipeline).unwrap();
    assert!(again[0].ends_with("zoe-o-brien-and-grace-hopper-2.toml"));
}

#[test]
fn from_a_cohort_takes_only_its_defaults() {
    let (raw, _) = mentorpact::input::read_raw(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cohort.toml"),
    )
    .unwrap();
    assert_eq!(
        raw.programme.unwrap().name.as_deref(),
        Some("New Staff Mentoring Scheme")
    );
    assert!(
        raw.mentor.is_none() && raw.mentee.is_none() && raw.goals.is_none(),
        "a pair's people must not leak into a new interview"
    );
}

#[test]
fn a_bad_value_the_interview_does_not_ask_is_reported_not_looped_on() {
    let given: RawAgreement =
        toml::from_str("language = \"pt\"\n[programme]\nname = \"Scheme\"\n").unwrap();
    let mut answers = Answers {
        raw: given.clone(),
        given,
        ..Answers::default()
    };
    let mut script = vec![Yes];
    // The people (the language is given), no programme question.
    script.extend(defaults_script().into_iter().skip(1).take(8));
    script.extend(defaults_script().into_iter().skip(10));
    script.extend([Enter, Pick("Save the draft")]);
    let (outcome, p, _) = run(script, &mut answers);
    assert!(matches!(outcome, Outcome::SavedDraft));
    assert!(
        p.said
            .iter()
            .any(|s| s.contains("Still to fix: `language`") && s.contains("fix it in the file")),
        "{:?}",
        p.said
    );
}

#[test]
fn going_back_asks_the_previous_question_again() {
    let mut script = defaults_script();
    // At the goal's measure, go back and write the goal again.
    let goal = script
        .iter()
        .position(|a| matches!(a, Text("Present with confidence")))
        .unwrap();
    script.splice(
        goal + 1..goal + 1,
        [Back, Text("Present with more confidence")],
    );
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    let raw = written(outcome);
    assert_eq!(
        raw.goals.unwrap()[0].description.as_deref(),
        Some("Present with more confidence")
    );
    assert_eq!(
        p.asked.iter().filter(|q| q.starts_with("Goal 1")).count(),
        2
    );
}

#[test]
fn a_pair_who_accepts_the_defaults_answers_at_most_20_questions() {
    let mut script = defaults_script();
    // No roles and emails: the four questions after it are not asked.
    let roles = script.iter().position(|a| matches!(a, Yes)).unwrap();
    script.splice(roles..roles + 5, [No]);
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    written(outcome);
    // (The review's "What next?" included.)
    assert!(
        p.asked.len() <= 20,
        "{} questions: {:#?}",
        p.asked.len(),
        p.asked
    );
    let unique: std::collections::HashSet<&String> = p.asked.iter().collect();
    assert_eq!(
        unique.len(),
        p.asked.len(),
        "a question asked twice: {:#?}",
        p.asked
    );
}

#[test]
fn the_interview_warns_as_check_would() {
    let mut script = defaults_script();
    // The same name for mentor and mentee: allowed, but said at once.
    script[3] = Text("Zoë Ó'Brien");
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    written(outcome);
    assert!(
        p.said
            .iter()
            .any(|s| s.contains("Note: the mentor and the mentee are both")),
        "{:#?}",
        p.said
    );
}

/// The agreement a scripted interview writes, as Markdown (drafted on 24 November 2026).
fn agreement_of(raw: &RawAgreement) -> String {
    let a = raw.validate().expect("valid");
    let plan = mentorpact::schedule::plan(&a.duration, &a.meetings);
    mentorpact::render::Renderer::new(None)
        .unwrap()
        .markdown(&a, &plan, jiff::civil::date(2026, 11, 24))
        .unwrap()
}

#[test]
fn the_language_is_asked_and_offered_from_the_locale() {
    let mut script = defaults_script();
    script.push(Enter);
    let mut answers = Answers {
        locale: Some("en_US.UTF-8".into()),
        ..Answers::default()
    };
    let (outcome, p, _) = run(script, &mut answers);
    assert_eq!(
        p.asked[0],
        "Which language should the agreement be written in?"
    );
    let raw = written(outcome);
    assert_eq!(
        raw.language.as_deref(),
        Some("en-US"),
        "Enter takes the locale's"
    );
    // The later questions are asked in American English too.
    assert!(
        p.said.iter().any(|s| s.contains("US federal holidays")),
        "{:#?}",
        p.said
    );
    assert!(!p.said.iter().any(|s| s.contains("working days")));
    // A British locale, or none, offers British English.
    let mut script = defaults_script();
    script.push(Enter);
    let (outcome, _, _) = run(script, &mut Answers::default());
    assert_eq!(written(outcome).language.as_deref(), Some("en-GB"));
}

#[test]
fn a_teams_answer_is_what_the_agreement_says() {
    let mut script = defaults_script();
    let keep = script
        .iter()
        .position(|a| matches!(a, Text("Lead two project reviews")))
        .unwrap()
        + 4; // another goal, keep lists, line manager → keep the boundaries
    script.splice(
        keep..keep + 1,
        [
            No,
            Enter, // no topic left out
            Text("A message on Teams; we reply by the end of our next shift."),
            Enter, // availability
        ],
    );
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    let md = agreement_of(&written(outcome));
    assert!(
        md.contains(
            "**Between meetings.** A message on Teams; we reply by the end of our next shift."
        ),
        "{md}"
    );
    assert!(!md.contains("Keeping in touch: email"), "{md}");
    // The review screen showed it before writing.
    assert!(p
        .said
        .iter()
        .any(|s| s.contains("Between meetings: A message on Teams")));
}

#[test]
fn a_reverse_pair_is_never_asked_about_line_management() {
    let mut script = defaults_script();
    script[1] = Pick("Reverse");
    // No line-manager question in the boundaries.
    let lm = script
        .iter()
        .position(|a| matches!(a, Text("Lead two project reviews")))
        .unwrap()
        + 3;
    script.remove(lm);
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    assert!(
        !p.asked.iter().any(|q| q.contains("line manager")),
        "{:#?}",
        p.asked
    );
    assert!(p
        .asked
        .iter()
        .any(|q| q.contains("the more junior colleague")));
    assert!(p
        .asked
        .iter()
        .any(|q| q.contains("the more senior colleague")));
    let md = agreement_of(&written(outcome));
    assert!(md.contains("The mentee writes no reference and sits on no panel about the mentor."));
    assert!(md.contains("Nothing Grace Hopper says in our meetings is held against them"));
    assert!(!md.contains("line manager"), "{md}");
}

#[test]
fn a_scheme_states_its_training_evaluation_and_sponsor_or_none_is_written() {
    let mut script = defaults_script();
    let scheme = 9; // "Are you part of a mentoring scheme?"
    script.splice(
        scheme..scheme + 1,
        [
            Yes,
            Text("Ward Mentoring"),
            Text("Northfield Trust"),
            Enter, // no coordinator
            Text("A half-day workshop"),
            Enter, // no evaluation
            Text("The ward manager"),
        ],
    );
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    assert!(p
        .asked
        .iter()
        .any(|q| q.starts_with("Training the scheme asks")));
    let md = agreement_of(&written(outcome));
    assert!(
        md.contains("What the scheme asks of its mentors: A half-day workshop."),
        "{md}"
    );
    assert!(
        md.contains("**Sponsor.** The ward manager sponsors our partnership"),
        "{md}"
    );
    assert!(!md.contains("scheme’s evaluation"), "{md}");
}

#[test]
fn going_back_from_a_section_start_reaches_the_section_before_with_its_answers() {
    let mut script = defaults_script();
    // At the first question of section 3 (keep the lists?): back twice, into section 2,
    // where the measure is offered again as typed; Enter keeps it.
    let keep_lists = script
        .iter()
        .position(|a| matches!(a, Text("Lead two project reviews")))
        .unwrap()
        + 2;
    script.splice(keep_lists..keep_lists, [Back, Back, Enter, Enter]);
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    let raw = written(outcome);
    assert_eq!(
        raw.goals.unwrap()[0].measure.as_deref(),
        Some("Lead two project reviews"),
        "the measure offered again and kept with Enter"
    );
    assert_eq!(
        p.asked
            .iter()
            .filter(|q| q.starts_with("How will we know"))
            .count(),
        2
    );
    // Esc on a yes/no changes nothing: the goal was not asked again.
    assert_eq!(
        p.asked.iter().filter(|q| q.starts_with("Goal 1")).count(),
        1
    );
}

#[test]
fn the_time_zone_is_asked_only_for_a_calendar_and_enter_gives_none() {
    let mut script = defaults_script();
    script.push(Enter);
    let (_, p, _) = run(script, &mut Answers::default());
    assert!(
        !p.asked.iter().any(|q| q.contains("time zone")),
        "{:#?}",
        p.asked
    );
    // With a calendar, in an edit of the meetings: Enter gives no time zone, and an
    // answer given before (the place) is cleared by an empty one.
    let mut script = defaults_script();
    script.extend([
        Pick("Edit a section"),
        Pick("Meetings"),
        Enter, // how often
        Pick("Wednesdays"),
        Enter, // which one of the month, holidays, length, format
        Enter,
        Enter,
        Enter,
        Text("Library café"),
        Enter, // time
        Enter, // time zone: none
        Enter, // who arranges, notice
        Enter,
        Pick("Edit a section"),
        Pick("Meetings"),
        Enter,
        Pick("Thursdays"),
        Enter,
        Enter,
        Enter,
        Enter,
        Text(""), // the place cleared
        Enter,
        Enter,
        Enter,
        Enter,
        Enter, // write
    ]);
    let mut answers = Answers {
        calendar: true,
        ..Answers::default()
    };
    let (outcome, p, _) = run(script, &mut answers);
    assert!(p.asked.iter().any(
        |q| q.starts_with("What time zone are you in?") && q.ends_with("(Enter: no time zone)")
    ));
    let m = written(outcome).meetings.unwrap();
    assert_eq!(m.time_zone, None);
    assert_eq!(m.location, None, "cleared");
    // The review screen shows the change of day.
    let last_review = p
        .said
        .iter()
        .rev()
        .find(|s| s.contains("── Review ──"))
        .unwrap();
    assert!(
        last_review.contains("On the first Thursday of each month"),
        "{last_review}"
    );
    assert!(
        last_review.contains("Keep the mentee’s confidences"),
        "lists in full: {last_review}"
    );
}
