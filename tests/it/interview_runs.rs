//! The real binary, as people run `mentorpact new`: in a pseudo-terminal (typing,
//! Esc and Backspace, Ctrl-C and resume, 60 columns, a US locale), and without one
//! (`--defaults`, `--set`, `--from`, `--resume`).

use predicates::prelude::PredicateBooleanExt;

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
        ("Which language", "\r"),
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
        ("Which language", "\r"),
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
            ("Which language", "\r"),
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
            ("Which language", "\r"),
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
            ("Which language", "\r"),
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

/// A pair's whole interview in a language other than English, in a pseudo-terminal:
/// the locale suggests the language, Enter takes it, and every later question is the
/// language's own (from its catalog, `locales/<lang>.interview.toml`), never the English.
#[cfg(unix)]
fn interview_in(locale: &str, lang: &str, start: &str) {
    let catalog: toml::Table = toml::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("locales/{lang}.interview.toml")),
        )
        .unwrap(),
    )
    .unwrap();
    // What the screen shows for an English question: the start of its translation, as
    // rexpect reads it (each byte a character), before anything that may wrap.
    let shown = |english: &str| -> (String, String) {
        let t = catalog
            .get(english)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{lang} has no translation of {english:?}"))
            .replace("{n}", "1")
            .replace("{count}", "1");
        let head: String = t.split('{').next().unwrap_or("").chars().take(16).collect();
        let bytes: String = head.bytes().map(char::from).collect();
        (bytes, t)
    };
    let steps: &[(&str, &str)] = &[
        ("What kind of mentoring is this?", "\r"),
        ("The mentee's full name", "Zoë Ó'Brien\r"),
        ("The mentor's full name", "Grace Hopper\r"),
        ("Add your roles and emails to the agreement?", "n\r"),
        ("Are you part of a mentoring scheme?", "n\r"),
        ("Goal {n}: what does the mentee want to achieve?", "Alpha\r"),
        ("How will we know it is met? (Enter: agree later)", "\r"),
        ("Add another goal? (you have {count})", "n\r"),
        ("Keep the good-practice lists?", "y\r"),
        ("Is the mentor also the mentee's line manager?", "n\r"),
        ("Keep the good-practice boundaries?", "y\r"),
        ("How often will you meet?", "\r"),
        ("Which day of the week?", "\r"),
        ("Keep the good-practice length, place and notice?", "y\r"),
        ("Keep the good-practice confidentiality?", "y\r"),
        ("Start date, {form}", "2027-01-11\r"),
        ("How long: a number of months, or an end date {form}", "\r"),
        ("Keep the good-practice reviews and ending?", "y\r"),
        ("What next?", "\r"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("mentorpact"));
    cmd.arg("new")
        .arg("-o")
        .arg(dir.path())
        .arg("--no-language-notice")
        .env("LANG", locale)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("SOURCE_DATE_EPOCH", "1795000000");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    let mut screen = String::new();
    // The first question names each language in itself; the locale's is offered.
    screen.push_str(&p.exp_string("Which language").unwrap());
    p.send("\r").unwrap();
    p.flush().unwrap();
    for (english, answer) in steps {
        let (expect, _) = shown(english);
        screen.push_str(
            &p.exp_string(&expect)
                .unwrap_or_else(|e| panic!("{lang}: waiting for {english:?} as {expect:?}: {e}")),
        );
        p.send(answer).unwrap();
        p.flush().unwrap();
    }
    let (ready, _) = shown("Your agreement is ready:");
    screen.push_str(&p.exp_string(&ready).unwrap());
    p.exp_eof().unwrap();
    for (english, _) in steps {
        let head = english.split('{').next().unwrap().trim_end();
        assert!(
            !screen.contains(head),
            "{lang}: the English {english:?} was shown"
        );
    }
    let md = files_in(dir.path())
        .into_iter()
        .find(|f| f.ends_with(".md"))
        .map(|f| std::fs::read_to_string(dir.path().join(f)).unwrap())
        .expect("the agreement");
    assert!(md.contains(start), "{lang}: {md}");
}

#[cfg(unix)]
#[test]
fn a_whole_interview_in_welsh() {
    interview_in("cy_GB.UTF-8", "cy", "11 Ionawr 2027");
}

#[cfg(unix)]
#[test]
fn a_whole_interview_in_french() {
    interview_in("fr_FR.UTF-8", "fr", "11 janvier 2027");
}

#[cfg(unix)]
#[test]
fn a_whole_interview_in_german() {
    interview_in("de_DE.UTF-8", "de", "11. Januar 2027");
}

#[cfg(unix)]
#[test]
fn a_whole_interview_in_spanish() {
    interview_in("es_ES.UTF-8", "es", "11 de enero de 2027");
}
