//! The interview logic, driven by scripted answers through the `Prompt` trait, and once
//! end to end in a pseudo-terminal.

use mentorpact::interview::{self, Answer::*, Answers, Outcome, Scripted, Section};
use mentorpact::model::RawAgreement;
use predicates::prelude::PredicateBooleanExt;

/// Answers for a whole first interview that accepts every default it can.
fn defaults_script() -> Vec<mentorpact::interview::Answer> {
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

fn run(
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

fn written(o: Outcome) -> RawAgreement {
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
    // The start date: not a date, then a real one.
    let start = script
        .iter()
        .position(|a| matches!(a, Text("2027-01-11")))
        .unwrap();
    script.splice(
        start..start + 1,
        [Text("2027-02-30"), Text("11/01/2027"), Text("2027-01-11")],
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
        p.rejected[3].contains("the end must come after the start (2027-01-11)"),
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

/// The real binary in a pseudo-terminal: a full interview, accepting defaults wherever
/// there is one, as a new pair pressing Enter would.
#[cfg(unix)]
#[test]
fn full_interview_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("mentorpact"));
    cmd.arg("new")
        .arg("-o")
        .arg(dir.path())
        .env("LANG", "en_GB.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("SOURCE_DATE_EPOCH", "1795000000");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    // Yes/no answers typed as people type them: "y" or "n", then Enter. The Enter
    // must not reach the next question (a second goal would then be submitted empty).
    let steps: &[(&str, &str)] = &[
        ("Which English", "\r"),
        ("What kind of mentoring", "\r"),
        ("mentee's full name", "Zoë Ó'Brien\r"),
        ("mentor's full name", "Grace Hopper\r"),
        ("Add your roles and emails", "y\r"),
        ("mentee's role", "\r"),
        ("mentee's email", "\r"),
        ("mentor's role", "\r"),
        ("mentor's email", "\r"),
        ("mentoring scheme", "n\r"),
        ("Goal 1", "Present with confidence\r"),
        ("How will we know", "\r"),
        ("Add another goal", "y\r"),
        ("Goal 2", "Speak up in meetings\r"),
        ("How will we know", "\r"),
        ("Add another goal", "n\r"),
        ("What next?", "\r"),
    ];
    // The goals, then every later section as a pair keeping the defaults types it.
    let steps: Vec<(&str, &str)> = steps[..16]
        .iter()
        .chain(AFTER_GOALS)
        .chain(&steps[16..])
        .copied()
        .collect();
    for (prompt, answer) in steps {
        p.exp_string(prompt)
            .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        p.send(answer).unwrap();
        p.flush().unwrap();
    }
    p.exp_string("Your agreement is ready").unwrap();
    p.exp_eof().unwrap();
    let toml = dir.path().join("zoe-o-brien-and-grace-hopper.toml");
    let md = std::fs::read_to_string(dir.path().join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(dir.path().join("zoe-o-brien-and-grace-hopper.pdf").exists());
    assert!(
        !files_in(dir.path())
            .iter()
            .any(|f| f.ends_with(".draft.toml")),
        "the draft is removed once written"
    );
    assert!(md.contains("starts on **11 January 2027**"));
    assert!(
        md.contains("Speak up in meetings"),
        "the second goal, typed after y⏎"
    );
    let again = assert_cmd::Command::cargo_bin("mentorpact")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .args(["render", "-o", "-"])
        .arg(&toml)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(again.stdout).unwrap(), md);
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
        toml::from_str("language = \"fr\"\n[programme]\nname = \"Scheme\"\n").unwrap();
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

/// Every section after the goals, keeping the good-practice defaults, as typed.
#[cfg(unix)]
const AFTER_GOALS: &[(&str, &str)] = &[
    ("Keep the good-practice lists", "y\r"),
    ("line manager", "n\r"),
    ("Keep the good-practice boundaries", "y\r"),
    ("How often", "\r"),
    ("Which day of the week", "\r"),
    ("Keep the good-practice length", "y\r"),
    ("Keep the good-practice confidentiality", "y\r"),
    ("Start date", "2027-01-11\r"),
    ("a number of months, or an end date", "\r"),
    ("Keep the good-practice reviews", "y\r"),
];

/// The files in `dir`, by name.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// The binary in a pseudo-terminal, writing into `dir`.
#[cfg(unix)]
fn spawn(dir: &std::path::Path, extra: &[&str]) -> rexpect::session::PtySession {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("mentorpact"));
    cmd.arg("new")
        .arg("-o")
        .arg(dir)
        .args(extra)
        .env("LANG", "en_GB.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("SOURCE_DATE_EPOCH", "1795000000");
    rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
}

#[cfg(unix)]
fn answer(p: &mut rexpect::session::PtySession, steps: &[(&str, &str)]) {
    for (prompt, answer) in steps {
        p.exp_string(prompt)
            .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        p.send(answer).unwrap();
        p.flush().unwrap();
    }
}

/// Ctrl-C in the middle of a section keeps every answer typed; the screen names the
/// exact command to go on; two pairs' drafts live side by side; resuming asks from the
/// question on screen when it stopped.
#[cfg(unix)]
#[test]
fn ctrl_c_mid_section_then_resume_with_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    let start = [
        ("Which English", "\r"),
        ("What kind of mentoring", "\r"),
        ("mentee's full name", "Zoë Ó'Brien\r"),
        ("mentor's full name", "Grace Hopper\r"),
        ("Add your roles and emails", "y\r"),
        ("mentee's role", "Graduate Engineer\r"),
    ];
    let mut p = spawn(dir.path(), &[]);
    answer(&mut p, &start);
    p.exp_string("mentee's email").unwrap();
    p.send_control('c').unwrap();
    let draft = dir.path().join("zoe-o-brien-and-grace-hopper.draft.toml");
    p.exp_string("Continue with: mentorpact new -o ").unwrap();
    p.exp_string(&format!("--resume {}", draft.display()))
        .unwrap();
    p.exp_eof().unwrap();
    assert!(draft.exists(), "{:?}", files_in(dir.path()));

    // A second pair, stopped too: its draft sits beside the first.
    let mut p = spawn(dir.path(), &[]);
    answer(
        &mut p,
        &[
            ("Which English", "\r"),
            ("What kind of mentoring", "\r"),
            ("mentee's full name", "Tomás Ruiz\r"),
            ("mentor's full name", "Katherine Johnson\r"),
        ],
    );
    p.exp_string("Add your roles and emails").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert!(dir
        .path()
        .join("tomas-ruiz-and-katherine-johnson.draft.toml")
        .exists());
    assert!(draft.exists());

    // Resume the first: the next question is the one on screen when it stopped.
    let mut p = spawn(dir.path(), &["--resume", draft.to_str().unwrap()]);
    answer(
        &mut p,
        &[
            ("mentee's email", "zoe@example.org\r"),
            ("mentor's role", "\r"),
            ("mentor's email", "\r"),
            ("mentoring scheme", "n\r"),
            ("Goal 1", "Present with confidence\r"),
            ("How will we know", "\r"),
            ("Add another goal", "n\r"),
        ],
    );
    answer(&mut p, AFTER_GOALS);
    answer(&mut p, &[("What next?", "\r")]);
    p.exp_string("Your agreement is ready").unwrap();
    p.exp_eof().unwrap();
    let md = std::fs::read_to_string(dir.path().join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(
        md.contains("Zoë Ó'Brien, Graduate Engineer (zoe@example.org)"),
        "{md}"
    );
    assert!(!draft.exists(), "the draft is removed once written");
    assert!(dir
        .path()
        .join("tomas-ruiz-and-katherine-johnson.draft.toml")
        .exists());
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
fn defaults_and_set_write_the_agreement_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("mentorpact")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .args(["new", "--defaults", "-o"])
        .arg(dir.path())
        .args([
            "--set",
            "mentee.name=Zoë Ó'Brien",
            "--set",
            "mentor.name=\"Grace Hopper\"",
            "--set",
            "goals=[{ description = \"Settle in\" }]",
            "--set",
            "duration.start=2027-01-11",
            "--set",
            "meetings.length_minutes=45",
        ])
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path().join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(
        md.contains("Settle in") && md.contains("for 45 minutes"),
        "{md}"
    );
    // Without --defaults and without a terminal: the clear refusal.
    assert_cmd::Command::cargo_bin("mentorpact")
        .unwrap()
        .args(["new", "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("needs a terminal")
                .and(predicates::str::contains("--defaults")),
        );
    // A key that does not exist is named.
    assert_cmd::Command::cargo_bin("mentorpact")
        .unwrap()
        .args([
            "new",
            "--defaults",
            "--set",
            "meetings.frequncy=weekly",
            "-o",
        ])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `frequency`"));
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

/// Going back with < in a typed answer, and jumping to a section from the review
/// screen, as a person does it in a terminal.
#[cfg(unix)]
#[test]
fn going_back_and_jumping_from_the_review_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    answer(
        &mut p,
        &[
            ("Which English", "\r"),
            ("What kind of mentoring", "\r"),
            ("mentee's full name", "Zoë Ó'Brien\r"),
            ("mentor's full name", "Grace Hopper\r"),
            ("Add your roles and emails", "n\r"),
            ("mentoring scheme", "n\r"),
            ("Goal 1", "Present with confidence\r"),
            // Back: the goal is asked again.
            ("How will we know", "<\r"),
            ("Goal 1", "Present with more confidence\r"),
            ("How will we know", "\r"),
            ("Add another goal", "n\r"),
        ],
    );
    answer(&mut p, AFTER_GOALS);
    answer(
        &mut p,
        &[
            // The review: down to "Edit a section", then down to "Goals".
            ("What next?", "\x1b[B\r"),
            ("Which section?", "\x1b[B\r"),
            ("Keep the goal", "y\r"),
            ("Goal 1", "\r"),
            ("How will we know", "A talk to the board\r"),
            ("Target date", "\r"),
            ("Add another goal", "n\r"),
            ("What next?", "\r"),
        ],
    );
    p.exp_string("Your agreement is ready").unwrap();
    p.exp_eof().unwrap();
    let md = std::fs::read_to_string(dir.path().join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(md.contains("Present with more confidence"), "{md}");
    assert!(md.contains("How we will know: A talk to the board"), "{md}");
}

#[test]
fn from_a_file_with_dates_and_set_together() {
    // `--from` reads a file with a start date; `--set` answers on top of it.
    let dir = tempfile::tempdir().unwrap();
    crate::common::mentorpact()
        .current_dir(dir.path())
        .args(["new", "--defaults", "-o", "out", "--from"])
        .arg(crate::common::example("minimal.toml"))
        .args(["--set", "mentee.name=Cat Jones"])
        .assert()
        .success();
    let answers =
        std::fs::read_to_string(dir.path().join("out/cat-jones-and-katherine-johnson.toml"))
            .unwrap();
    assert!(answers.contains("start = 20"), "{answers}");
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
        "Which English should the agreement be written in?"
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
        last_review.contains("Keep the mentee's confidences"),
        "lists in full: {last_review}"
    );
}

#[test]
fn a_resumed_draft_with_set_and_defaults_is_finished_in_en_us() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("zoe-o-brien-and-grace-hopper.draft.toml");
    // A draft stopped in the goals section, as Ctrl-C leaves it.
    std::fs::write(
        &draft,
        "# mentorpact-draft: done = parties\n# mentorpact-draft: current = goals [{\"text\":\"Settle in\"}]\n\n[mentor]\nname = \"Grace Hopper\"\n[mentee]\nname = \"Zoë Ó'Brien\"\n",
    )
    .unwrap();
    crate::common::mentorpact()
        .args(["new", "--defaults", "-o"])
        .arg(dir.path())
        .arg("--resume")
        .arg(&draft)
        .args([
            "--set",
            "language=en-US",
            "--set",
            "duration.start=2027-01-11",
        ])
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path().join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(
        md.contains("Settle in"),
        "the goal typed before stopping: {md}"
    );
    assert!(md.contains("January 11, 2027"), "{md}");
    assert!(md.contains("US federal holidays"), "{md}");
    assert!(!draft.exists(), "the draft has done its job");
}

/// A US pair, as their terminal's locale says, at 60 columns: American text, Letter
/// paper and US holidays; Esc goes back from a typed answer; nothing British.
#[cfg(unix)]
#[test]
fn a_us_pair_at_60_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("stty cols 60 rows 40; exec \"$0\" new -o \"$1\"")
        .arg(assert_cmd::cargo::cargo_bin("mentorpact"))
        .arg(dir.path())
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("SOURCE_DATE_EPOCH", "1795000000");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    // Text is broken between words to fit the 60 columns, never inside one ("agr/eement").
    p.exp_string("walks you through your mentoring\r\nagreement, one section")
        .unwrap();
    answer(
        &mut p,
        &[
            ("American English", "\r"),
            ("What kind of mentoring", "\r"),
            ("mentee's full name", "Dana Reyes\r"),
            ("mentor's full name", "Sam Park\r"),
            ("Add your roles and emails", "n\r"),
            ("mentoring scheme", "n\r"),
            ("Goal 1", "Build a portfolio of client work\r"),
            ("How will we know", "Three finished projects\r"),
            ("Add another goal", "n\r"),
            ("Keep the good-practice lists", "n\r"),
            ("The mentor will", "\r"),
            // Esc from a typed answer in section 3 goes back a question at a time,
            // into section 2, where the measure typed is offered again.
            ("Add one of your own", "\x1b"),
            ("The mentor will", "\x1b"),
            ("Keep the good-practice lists", "\x1b"),
            ("Add another goal", "\x1b"),
            ("Three finished projects", "\r"),
            ("Add another goal", "n\r"),
            ("Keep the good-practice lists", "n\r"),
            ("The mentor will", "\r"),
            ("Add one of your own", "\r"),
            ("The mentee will", "\r"),
            ("Add one of your own", "\r"),
            ("We both will", "\r"),
            ("Add one of your own", "\r"),
            ("the mentee's manager or supervisor?", "n\r"),
            ("Keep the good-practice boundaries", "y\r"),
            ("How often", "\r"),
            ("Which day of the week", "\r"),
            ("US federal holidays", ""),
            ("Keep the good-practice length", "y\r"),
            ("Keep the good-practice confidentiality", "y\r"),
            ("Start date", "2027-01-11\r"),
            ("a number of months, or an end date", "\r"),
            ("Keep the good-practice reviews", "y\r"),
            ("What next?", "\r"),
        ],
    );
    p.exp_string("Your agreement is ready").unwrap();
    p.exp_eof().unwrap();
    let md = std::fs::read_to_string(dir.path().join("dana-reyes-and-sam-park.md")).unwrap();
    assert!(
        md.contains("January 11, 2027") && md.contains("US federal holidays"),
        "{md}"
    );
    let lower = md.to_lowercase();
    for british in [
        "programme",
        "counselling",
        "line manager",
        "occupational health",
        "safeguarding",
        "working day",
        "appraisal",
    ] {
        assert!(
            !lower.contains(british),
            "\"{british}\" in a US agreement:\n{md}"
        );
    }
    let pdf = std::fs::read(dir.path().join("dana-reyes-and-sam-park.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let page = doc.get_pages().into_values().next().unwrap();
    let media = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let size: Vec<f32> = media
        .iter()
        .map(|v| v.as_float().unwrap_or_else(|_| v.as_i64().unwrap() as f32))
        .collect();
    let rounded: Vec<i64> = size[2..].iter().map(|x| x.round() as i64).collect();
    assert_eq!(rounded, [612, 792], "US Letter");
}

/// A draft resumed in a terminal with `--set language=en-US`: the answer given now wins
/// over the draft's, and the agreement is written in American English.
#[cfg(unix)]
#[test]
fn a_resumed_draft_with_set_language_writes_en_us() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("zoe-o-brien-and-grace-hopper.draft.toml");
    std::fs::write(
        &draft,
        "# mentorpact-draft: done = parties,goals,expectations,boundaries,meetings,confidentiality\n\nlanguage = \"en-GB\"\n[mentor]\nname = \"Grace Hopper\"\n[mentee]\nname = \"Zoë Ó'Brien\"\n[[goals]]\ndescription = \"Settle in\"\n",
    )
    .unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "--resume",
            draft.to_str().unwrap(),
            "--set",
            "language=en-US",
        ],
    );
    answer(
        &mut p,
        &[
            ("Start date", "2027-01-11\r"),
            ("a number of months, or an end date", "\r"),
            ("Keep the good-practice reviews", "y\r"),
            ("American English", ""),
            ("What next?", "\r"),
        ],
    );
    p.exp_string("Your agreement is ready").unwrap();
    p.exp_eof().unwrap();
    let md = std::fs::read_to_string(dir.path().join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(md.contains("January 11, 2027"), "{md}");
    let toml =
        std::fs::read_to_string(dir.path().join("zoe-o-brien-and-grace-hopper.toml")).unwrap();
    assert!(toml.contains("language = \"en-US\""), "{toml}");
}

/// An answer given before can be cleared: back to it with Esc, Backspace, Enter.
#[cfg(unix)]
#[test]
fn an_optional_answer_is_cleared_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[]);
    answer(
        &mut p,
        &[
            ("Which English", "\r"),
            ("What kind of mentoring", "\r"),
            ("mentee's full name", "Zoë Ó'Brien\r"),
            ("mentor's full name", "Grace Hopper\r"),
            ("Add your roles and emails", "y\r"),
            ("mentee's role", "Staff Nurse\r"),
            ("mentee's email", "\x1b"),
            // The role is offered again as typed; Backspace clears it.
            ("Staff Nurse", "\x7f\r"),
            ("mentee's email", "\r"),
            ("mentor's role", "\r"),
            ("mentor's email", "\r"),
            ("mentoring scheme", "n\r"),
            ("Goal 1", "Present with confidence\r"),
            ("How will we know", "\r"),
            ("Add another goal", "n\r"),
        ],
    );
    answer(&mut p, AFTER_GOALS);
    answer(&mut p, &[("What next?", "\r")]);
    p.exp_string("Your agreement is ready").unwrap();
    p.exp_eof().unwrap();
    let md = std::fs::read_to_string(dir.path().join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(md.contains("- **Mentee:** Zoë Ó'Brien\n"), "{md}");
    assert!(!md.contains("Staff Nurse"), "{md}");
}
