//! Across the partnership: `due` lists what falls due, checked against the schedule each
//! pair's agreement prints.

use std::path::Path;

use crate::common::*;
use predicates::str::contains;

/// A cohort of `n` pairs starting on different days, meeting at different rhythms.
fn staggered_cohort(dir: &Path, n: usize) -> std::path::PathBuf {
    let rhythms = ["monthly", "fortnightly", "every 3 weeks"];
    let pairs = (0..n).map(|i| {
        let start = jiff::civil::date(2027, 1, 4)
            .checked_add(jiff::Span::new().days(i as i64))
            .unwrap();
        format!(
            "mentee = {{ name = \"Mentee {i}\", email = \"mentee{i}@example.org\" }}\nmentor = {{ name = \"Mentor {i}\" }}\n\
             goals = [{{ description = \"Grow\" }}]\nduration = {{ start = {start}, months = {} }}\nmeetings.frequency = \"{}\"\n",
            3 + i % 10,
            rhythms[i % 3]
        )
    });
    let text = cohort("[defaults]\nprogramme.name = \"Scheme\"\n\n", pairs, "");
    write(dir, "cohort.toml", &text)
}

/// (mentee, date, event) for each review-like row of the schedule table in `md`, plus
/// the end of the term from the header list.
fn schedule_of(md: &str) -> Vec<(String, jiff::civil::Date, String)> {
    let mentee = md
        .lines()
        .find_map(|l| l.strip_prefix("- **Mentee:** "))
        .and_then(|l| l.split(" (").next())
        .unwrap()
        .to_string();
    let mut out = Vec::new();
    let mut review = 0;
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let Ok(date) = jiff::civil::Date::strptime("%A %-d %B %Y", cells[1]) else {
            continue;
        };
        let event = match cells[2] {
            "First meeting: we sign this agreement" => "first meeting".to_string(),
            "Early check: is the match working?" => "early check".to_string(),
            "Review" => {
                review += 1;
                format!("review {review}")
            }
            "Final review" => "final review".to_string(),
            _ => continue,
        };
        out.push((mentee.clone(), date, event));
    }
    out
}

#[test]
fn due_matches_the_schedule_of_every_pair_of_a_200_pair_cohort() {
    let dir = tempfile::tempdir().unwrap();
    let file = staggered_cohort(dir.path(), 200);
    let out = dir.path().join("out");
    render(&file, &out, &["-q", "--format", "md"]).success();
    let (from, to) = (
        jiff::civil::date(2027, 3, 1),
        jiff::civil::date(2027, 4, 30),
    );
    let mut expected = Vec::new();
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            let md = std::fs::read_to_string(&p).unwrap();
            expected.extend(
                schedule_of(&md)
                    .into_iter()
                    .filter(|(_, d, _)| *d >= from && *d <= to),
            );
        }
    }
    let json = mentorpact()
        .args([
            "due",
            "--on",
            "2027-03-01",
            "--within",
            "60",
            "--format",
            "json",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(json.status.success());
    let items: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    let mut got: Vec<(String, jiff::civil::Date, String)> = items
        .iter()
        .filter(|i| i["event"] != "end")
        .map(|i| {
            (
                i["mentee"].as_str().unwrap().to_string(),
                i["date"].as_str().unwrap().parse().unwrap(),
                i["event"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let dates: Vec<_> = got.iter().map(|g| g.1).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "sorted by date");
    got.sort();
    expected.sort();
    assert!(
        expected.len() > 50,
        "the window holds many reviews: {}",
        expected.len()
    );
    assert_eq!(got, expected);
    // Ends of term in the window are listed too.
    let ends = items.iter().filter(|i| i["event"] == "end").count();
    assert!(ends > 0);
}

#[test]
fn due_prints_a_table_or_neutralised_csv_and_exits_0_whatever_it_finds() {
    mentorpact()
        .args(["due", "--on", "2027-04-01", "--within", "30"])
        .arg(example("cohort.toml"))
        .assert()
        .success()
        .stdout(contains("Monday 12 April 2027"))
        .stdout(contains("review 1  Zoë Ó'Brien and Grace Hopper"))
        .stdout(contains("3 things due from 1 April 2027 to 1 May 2027"));
    mentorpact()
        .args(["due", "--on", "2030-01-01"])
        .arg(example("cohort.toml"))
        .assert()
        .success()
        .stdout(contains("Nothing falls due"));
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.toml");
    std::fs::write(
        &f,
        std::fs::read_to_string(example("minimal.toml"))
            .unwrap()
            .replace("Tomás Ruiz", "=cmd|' /C calc'!A0"),
    )
    .unwrap();
    mentorpact()
        .args([
            "due",
            "--on",
            "2027-01-01",
            "--within",
            "60",
            "--format",
            "csv",
        ])
        .arg(&f)
        .assert()
        .success()
        .stdout(contains("early check,'=cmd|' /C calc'!A0"));
    mentorpact()
        .args(["due", "--on", "someday"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(contains("--on \"someday\" is not a date"));
}

#[test]
fn review_events_in_the_calendar_say_what_to_prepare() {
    let dir = tempfile::tempdir().unwrap();
    mentorpact()
        .arg("render")
        .arg(example("agreement.toml"))
        .args(["-q", "--format", "ics", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let ics = std::fs::read_to_string(dir.path().join("agreement.ics")).unwrap();
    // Unfolded (RFC 5545: a line break then a space continues the line).
    let ics = ics.replace("\r\n ", "").replace("\n ", "");
    let events: Vec<&str> = ics.split("BEGIN:VEVENT").skip(1).collect();
    let review = events
        .iter()
        .find(|e| e.contains("SUMMARY:Mentoring: Zoë Ó'Brien and Grace Hopper (review)"))
        .unwrap();
    assert!(
        review.contains("To prepare: bring the review record"),
        "{review}"
    );
    assert!(review.contains("1. Build confidence presenting to senior colleagues"));
    let last = events.last().unwrap();
    assert!(last.contains("(final review)") && last.contains("end as planned\\, extend or renew"));
    let regular = events
        .iter()
        .find(|e| !e.contains("SUMMARY:Mentoring: Zoë Ó'Brien and Grace Hopper ("))
        .unwrap();
    assert!(!regular.contains("To prepare"), "{regular}");
}

fn copy(dir: &Path, from: &Path) -> std::path::PathBuf {
    let to = dir.join(from.file_name().unwrap());
    std::fs::copy(from, &to).unwrap();
    to
}

/// The date of the schedule row whose purpose starts with `purpose`.
fn scheduled(md: &str, purpose: &str) -> String {
    md.lines()
        .filter(|l| l.starts_with("| "))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
        })
        .find(|c| c.len() == 3 && c[2].starts_with(purpose))
        .map(|c| c[1].split_once(' ').unwrap().1.to_string())
        .unwrap()
}

#[test]
fn a_review_record_has_the_meetings_date_every_goal_and_at_the_end_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let agreement = markdown_of(&example("agreement.toml"));
    for (point, purpose, heading) in [
        (
            "early",
            "Early check",
            "# Early check: Zoë Ó'Brien and Grace Hopper",
        ),
        ("1", "Review", "# Review 1: Zoë Ó'Brien and Grace Hopper"),
        (
            "final",
            "Final review",
            "# Final review: Zoë Ó'Brien and Grace Hopper",
        ),
    ] {
        mentorpact()
            .arg("review")
            .arg(example("agreement.toml"))
            .args(["--point", point, "-o"])
            .arg(dir.path())
            .assert()
            .success();
        let md = std::fs::read_to_string(dir.path().join(format!("agreement-review-{point}.md")))
            .unwrap();
        assert!(md.starts_with(heading), "{md}");
        assert!(
            md.contains(&format!(
                "- **Meeting:** {}",
                scheduled(&agreement, purpose)
            )),
            "{md}"
        );
        for goal in [
            "Build confidence presenting",
            "Understand how our services",
            "Plan the next two years",
        ] {
            assert!(md.contains(goal), "{goal}");
        }
        assert!(md.contains("□ not started □ under way □ met □ changed"));
        assert_eq!(point == "final", md.contains("## Our decision"), "{md}");
        assert_eq!(
            point == "final",
            md.contains("**For Northfield University:**")
        );
    }
    mentorpact()
        .arg("review")
        .arg(example("agreement.toml"))
        .args(["--point", "7", "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("has no review 7; its review points are early"));
}

#[test]
fn recorded_answers_are_kept_shown_carried_into_later_records_and_the_renewal() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy(dir.path(), &example("agreement.toml"));
    let out = dir.path().join("out");
    let record = |point: &str, sets: &[&str]| {
        let mut c = mentorpact();
        c.env("SOURCE_DATE_EPOCH", crate::common::LATER)
            .arg("review")
            .arg(&file)
            .args(["--point", point, "--record", "-o"])
            .arg(&out);
        for s in sets {
            c.args(["--set", s]);
        }
        c.assert()
    };
    // Without a terminal, every goal's progress must be given.
    record("1", &["goals.1.progress=met"])
        .code(2)
        .stderr(contains("goals.2.progress is not answered"));
    record("1", &["goals.9.progress=met"])
        .code(2)
        .stderr(contains("--set goals.9.progress"));
    // Only a meeting held can be recorded: not one still to come (today is 3 September
    // 2027), nor one before the partnership started; nothing is saved or written.
    record("1", &["held_on=2027-09-04"])
        .code(2)
        .stderr(contains("4 September 2027 is after today"));
    record("1", &["held_on=2026-11-30"])
        .code(2)
        .stderr(contains(
            "30 November 2026 is before the agreement starts (1 December 2026)",
        ));
    assert!(!out.exists(), "nothing written for a refused day");
    record(
        "1",
        &[
            "goals.2.progress=met",
            "goals.2.note=Shadowed a week",
            "goals.3.progress=under-way",
            "working=Walking meetings",
        ],
    )
    .success();
    // Goal 1's answer from the refused run was saved, so nothing given is lost.
    let saved = std::fs::read_to_string(records_file(&file)).unwrap();
    assert!(saved.contains("goal = 1\nprogress = \"met\""), "{saved}");
    let md = std::fs::read_to_string(out.join("agreement-review-1.md")).unwrap();
    assert!(
        md.contains("Progress now: **under way**")
            && md.contains("**What is working:** Walking meetings"),
        "{md}"
    );
    assert!(md.contains("Progress now: **met**. Shadowed a week"));

    // The final review shows each goal's history.
    mentorpact()
        .arg("review")
        .arg(&file)
        .args(["--point", "final", "-o"])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("agreement-review-final.md")).unwrap();
    assert!(md.contains("So far:\n\n- 2 March 2027: under way"), "{md}");

    // The renewal leaves out the goals met, starts on the first working day after the
    // end, and passes check.
    let next = dir.path().join("next");
    mentorpact()
        .arg("renew")
        .arg(&file)
        .args(["--months", "6", "-o"])
        .arg(&next)
        .assert()
        .success()
        .stdout(contains("1 goal carried over (2 met, left out)"));
    let renewed = next.join("agreement-from-2027-06-01.toml");
    let text = std::fs::read_to_string(&renewed).unwrap();
    assert!(
        text.contains("start = 2027-06-01") && text.contains("months = 6"),
        "{text}"
    );
    assert!(text.contains("Plan the next two years") && !text.contains("Build confidence"));
    assert!(!text.contains("confirmations") && !text.contains("agreed_on"));
    mentorpact().arg("check").arg(&renewed).assert().success();
    mentorpact()
        .arg("renew")
        .arg(&file)
        .args(["--months", "6", "-o"])
        .arg(&next)
        .assert()
        .code(2)
        .stderr(contains("exists; use --force"));
}

#[test]
fn renewing_a_cohort_pair_starts_after_its_end_on_a_working_day() {
    let dir = tempfile::tempdir().unwrap();
    // Pair 1 ends on Saturday 10 July 2027: the next term starts on Monday 12th.
    mentorpact()
        .arg("renew")
        .arg(example("cohort.toml"))
        .args(["--pair", "1", "--months", "12", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let f = dir
        .path()
        .join("zoe-o-brien-and-grace-hopper-from-2027-07-12.toml");
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(
        text.contains("New Staff Mentoring Scheme"),
        "the cohort's defaults come along"
    );
    mentorpact().arg("check").arg(&f).assert().success();
}

#[test]
fn the_report_counts_a_200_pair_cohort_and_draws_every_pair() {
    let dir = tempfile::tempdir().unwrap();
    let file = staggered_cohort(dir.path(), 200);
    let out = dir.path().join("report");
    mentorpact()
        .args(["report", "--on", "2027-05-01", "-o"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success();
    // The same counts worked out here from the cohort's own dates.
    let on = jiff::civil::date(2027, 5, 1);
    let (mut not_started, mut running, mut ended) = (0, 0, 0);
    for i in 0..200i64 {
        let start = jiff::civil::date(2027, 1, 4)
            .checked_add(jiff::Span::new().days(i))
            .unwrap();
        let months = 3 + i % 10;
        let end = start
            .checked_add(jiff::Span::new().months(months))
            .unwrap()
            .checked_sub(jiff::Span::new().days(1))
            .unwrap();
        if start > on {
            not_started += 1;
        } else if end < on {
            ended += 1;
        } else {
            running += 1;
        }
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains(&format!(
            "200 pairs: {running} running, {not_started} not started, {ended} ended"
        )),
        "{md}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "self-contained"
    );
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap() + 6];
    let doc = roxmltree::Document::parse(svg).expect("the chart is well-formed SVG");
    let bars = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#466EAA"))
        .count();
    assert_eq!(bars, 200, "one bar per pair");
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(labels.contains(&"Mentee 199 and Mentor 199") && labels.contains(&"today"));

    // A pair deep in the cohort: its review record, and its renewal passing check.
    mentorpact()
        .arg("review")
        .arg(&file)
        .args(["--pair", "150", "--point", "final", "-o"])
        .arg(dir.path().join("records"))
        .assert()
        .success();
    let record = std::fs::read_to_string(
        dir.path()
            .join("records/mentee-149-and-mentor-149-review-final.md"),
    )
    .unwrap();
    assert!(record.starts_with("# Final review: Mentee 149 and Mentor 149"));
    let next = dir.path().join("next");
    mentorpact()
        .arg("renew")
        .arg(&file)
        .args(["--pair", "150", "--months", "6", "-o"])
        .arg(&next)
        .assert()
        .success();
    let renewal = std::fs::read_dir(&next)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    mentorpact().arg("check").arg(&renewal).assert().success();
}

/// `review --record` in a terminal: the same prompter as the interview; Ctrl-C half-way
/// keeps every answer given, and asking again starts from them.
#[cfg(unix)]
#[test]
fn recording_in_a_terminal_keeps_every_answer_through_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy(dir.path(), &example("agreement.toml"));
    let spawn = || {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("mentorpact"));
        cmd.arg("review")
            .arg(&file)
            .args(["--point", "1", "--record", "-o"])
            .arg(dir.path().join("out"))
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("SOURCE_DATE_EPOCH", crate::common::LATER);
        rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
    };
    let step = |p: &mut rexpect::session::PtySession, prompt: &str, keys: &str| {
        p.exp_string(prompt)
            .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        p.send(keys).unwrap();
        p.flush().unwrap();
    };
    let mut p = spawn();
    step(&mut p, "The day of the meeting", "\r");
    // Down once: "under way".
    step(&mut p, "Goal 1, \"Build confidence", "\x1b[B\r");
    step(&mut p, "Goal 1: a note", "Led one review\r");
    step(&mut p, "Goal 2, \"Understand how", "\r");
    step(&mut p, "Goal 2: a note", "\r");
    p.exp_string("Goal 3, \"Plan the next").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Stopped. Your answers are saved in").unwrap();
    p.exp_string("Continue with: mentorpact review").unwrap();
    p.exp_eof().unwrap();
    let saved = std::fs::read_to_string(records_file(&file)).unwrap();
    assert!(
        saved.contains("goal = 1\nprogress = \"under-way\"\nnote = \"Led one review\""),
        "{saved}"
    );
    assert!(
        saved.contains("goal = 2\nprogress = \"not-started\""),
        "{saved}"
    );

    // Again: the answers so far are the defaults; Enter keeps them.
    let mut p = spawn();
    step(&mut p, "The day of the meeting", "\r");
    step(&mut p, "Goal 1, \"Build confidence", "\r");
    step(&mut p, "Goal 1: a note", "\r");
    step(&mut p, "Goal 2, \"Understand how", "\r");
    step(&mut p, "Goal 2: a note", "\r");
    step(&mut p, "Goal 3, \"Plan the next", "\x1b[B\x1b[B\r");
    step(&mut p, "Goal 3: a note", "\r");
    step(&mut p, "What is working?", "Walking meetings\r");
    step(&mut p, "What should we change?", "\r");
    step(&mut p, "Do we change the agreement?", "n\r");
    p.exp_string("Wrote the record of review 1 on").unwrap();
    p.exp_eof().unwrap();
    let md = std::fs::read_to_string(dir.path().join("out/agreement-review-1.md")).unwrap();
    assert!(
        md.contains("Progress now: **under way**. Led one review"),
        "{md}"
    );
    assert!(
        md.contains("Progress now: **met**") && md.contains("Walking meetings"),
        "{md}"
    );
}

/// The report in a real browser: headless chromium draws it, and the picture has the
/// timeline's bars and today's line in it.
#[test]
fn a_browser_draws_the_report_timeline() {
    let browser = std::process::Command::new("chromium")
        .arg("--version")
        .output();
    assert!(
        browser.is_ok_and(|o| o.status.success()),
        "chromium is not installed; this test needs it: run {SETUP}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = staggered_cohort(dir.path(), 40);
    let out = dir.path().join("report");
    mentorpact()
        .args(["report", "--on", "2027-03-01", "-o"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success();
    let shot = dir.path().join("shot.png");
    let status = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1100,1200")
        .arg(format!("file://{}", out.join("report.html").display()))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(shot.exists(), "{}", String::from_utf8_lossy(&status.stderr));
    let decoder = png::Decoder::new(std::fs::File::open(&shot).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let near = |px: &[u8], c: [u8; 3]| (0..3).all(|i| px[i].abs_diff(c[i]) < 12);
    let (mut bars, mut today) = (0, 0);
    for px in buf[..info.buffer_size()].chunks(channels) {
        if near(px, [70, 110, 170]) {
            bars += 1;
        }
        if near(px, [200, 30, 30]) {
            today += 1;
        }
    }
    assert!(bars > 20_000, "the bars are drawn: {bars} pixels");
    assert!(today > 300, "today's line is drawn: {today} pixels");
}

#[test]
fn names_in_the_report_are_text_not_markup() {
    let dir = tempfile::tempdir().unwrap();
    mentorpact()
        .args(["report", "--on", "2027-02-01", "-o"])
        .arg(dir.path())
        .arg(fixture("hostile.toml"))
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(!html.contains("<b>Hopper"), "a name is not markup");
    assert!(html.contains("&lt;b&gt;Hopper"), "{html}");
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(
        md.contains("Zoë \\*Ó'Brien\\* and Grace \\<b\\>Hopper"),
        "{md}"
    );
}

/// A pair without a scheme: the final review asks what the mentoring achieved for the
/// two of them, not for an organisation that is not there (record, and calendar).
#[test]
fn without_a_scheme_no_organisation_is_asked_about() {
    let dir = tempfile::tempdir().unwrap();
    mentorpact()
        .arg("review")
        .arg(example("minimal.toml"))
        .args(["--point", "final", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path().join("minimal-review-final.md")).unwrap();
    let achieved = md.split("## What the mentoring achieved").nth(1).unwrap();
    let achieved = achieved.split("## ").next().unwrap();
    assert_eq!(achieved.matches("**For ").count(), 2, "{achieved}");
    assert!(
        !md.contains("organisation") && !md.contains("organization"),
        "{md}"
    );
    mentorpact()
        .arg("render")
        .arg(example("minimal.toml"))
        .args(["-q", "--format", "ics", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let ics = std::fs::read_to_string(dir.path().join("minimal.ics"))
        .unwrap()
        .replace("\r\n ", "");
    assert!(
        ics.contains("achieved for the mentee and the mentor\\;"),
        "{ics}"
    );
    assert!(
        !ics.contains("mentorpact review"),
        "no tool's words in a diary"
    );
}

/// A mistake in a custom `review.md` stops a review record, naming the file, but not
/// `render`, which never uses it.
#[test]
fn a_broken_review_template_stops_reviews_not_agreements() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(tpl.join("review.md"), "# Review\n{% if %}\n").unwrap();
    let out = dir.path().join("out");
    mentorpact()
        .arg("render")
        .arg(example("agreement.toml"))
        .args(["-q", "--format", "md", "--templates"])
        .arg(&tpl)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    mentorpact()
        .arg("review")
        .arg(example("agreement.toml"))
        .args(["--point", "early", "--templates"])
        .arg(&tpl)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("review.md"));
}
