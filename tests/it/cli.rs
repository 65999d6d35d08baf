//! The binary as a user meets it: render, check, init, templates, bad input.

use crate::common::*;
use predicates::prelude::*;
use predicates::str::contains;

#[test]
fn every_example_renders_markdown_and_pdf() {
    let out = tempfile::tempdir().unwrap();
    for ex in ["agreement.toml", "minimal.toml"] {
        mentorpact()
            .arg("render")
            .arg(example(ex))
            .arg("-o")
            .arg(out.path())
            .assert()
            .success();
    }
    assert_eq!(
        files_in(out.path()),
        ["agreement.md", "agreement.pdf", "minimal.md", "minimal.pdf"]
    );
    let md = std::fs::read_to_string(out.path().join("minimal.md")).unwrap();
    // Defaults are stated, never left empty.
    assert!(md.contains("once a month, for 60 minutes"));
    assert!(
        md.contains("at least 24 hours’ notice"),
        "typographic apostrophes"
    );
    assert!(md.contains("ends on **10 July 2027** (6 months)"));
    assert!(!md.contains("None") && !md.contains("{{"));
}

#[test]
fn markdown_to_stdout() {
    mentorpact()
        .args(["render", "-o", "-"])
        .arg(example("minimal.toml"))
        .assert()
        .success()
        .stdout(contains("# Mentoring agreement").and(contains("Tomás Ruiz")));
}

#[test]
fn stdout_refuses_pdf() {
    mentorpact()
        .args(["render", "-o", "-", "--format", "pdf"])
        .arg(example("minimal.toml"))
        .assert()
        .code(2)
        .stderr(contains("writes Markdown only"));
}

#[test]
fn check_accepts_the_examples() {
    mentorpact()
        .arg("check")
        .arg(example("agreement.toml"))
        .arg(example("minimal.toml"))
        .arg(example("cohort.toml"))
        .assert()
        .success()
        .stderr(contains("5 agreements checked: all valid"));
}

/// Each bad file: exit 2, the file, line and column, the key and a clear message, and
/// nothing written.
fn rejects(fixture_name: &str, expected: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let assert = mentorpact()
        .arg("render")
        .arg(fixture(fixture_name))
        .arg("-o")
        .arg(out.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for e in expected {
        assert!(
            stderr.contains(e),
            "{fixture_name}: expected {e:?} in:\n{stderr}"
        );
    }
    assert!(
        files_in(out.path()).is_empty(),
        "{fixture_name} wrote {:?}",
        files_in(out.path())
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    rejects(
        "unknown_key.toml",
        &[
            "unknown_key.toml:11:1",
            "`meetings.frequncy`",
            "unknown key `frequncy` in [meetings]",
            "did you mean `frequency`?",
            "^^^^^^^^",
        ],
    );
}

#[test]
fn wrong_types_are_all_reported() {
    rejects(
        "wrong_types.toml",
        &[
            "wrong_types.toml:11:18",
            "expected a whole number, found the string \"sixty\"",
            "wrong_types.toml:12:12",
            "expected a list of strings",
            "wrong_types.toml:15:9",
            "write dates without quotes",
        ],
    );
}

#[test]
fn missing_parts_and_blank_names() {
    rejects(
        "missing_parts.toml",
        &[
            "`mentor.name`: is blank",
            "missing_parts.toml:4:8",
            "`mentee`: is missing",
            "`goals`: no goals given",
            "`duration`: is missing",
        ],
    );
}

#[test]
fn both_months_and_end_and_unknown_frequency() {
    rejects(
        "bad_dates.toml",
        &[
            "\"whenever\" is not a meeting frequency",
            "bad_dates.toml:11:13",
            "both `months` and `end` are given",
            "bad_dates.toml:16:7",
        ],
    );
}

#[test]
fn end_before_start() {
    rejects(
        "end_before_start.toml",
        &[
            "the end (1 December 2026) must come after the start (11 January 2027)",
            "end_before_start.toml:12:7",
        ],
    );
}

#[test]
fn not_utf8() {
    rejects(
        "latin1.toml",
        &[
            "latin1.toml:1:13",
            "is not UTF-8 text",
            "save the file as UTF-8",
        ],
    );
}

#[test]
fn syntax_error() {
    rejects("syntax.toml", &["syntax.toml:2:14", "TOML syntax"]);
}

#[test]
fn missing_file() {
    rejects(
        "no-such-file.toml",
        &["no-such-file.toml", "file not found"],
    );
}

#[test]
fn invalid_input_never_touches_an_existing_file() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("end_before_start.md");
    std::fs::write(&target, "the old agreement").unwrap();
    mentorpact()
        .arg("render")
        .arg(fixture("end_before_start.toml"))
        .args(["--force", "-o"])
        .arg(out.path())
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the old agreement"
    );
    assert_eq!(files_in(out.path()), ["end_before_start.md"]);
}

#[test]
fn user_text_is_data_not_markdown() {
    let md = markdown_of(&fixture("hostile.toml"));
    assert!(md.contains("**\\# Not a heading**"), "{md}");
    assert!(md.contains("How we will know: 1\\. not a list \\| not a cell"));
    assert!(md.contains("Grace \\<b\\>Hopper\\</b\\>"));
    assert!(
        md.contains("\\<script\\>alert(1)\\</script\\> and \\`code\\` and \\[link\\](http://x)")
    );
    assert!(!md.contains("<b>") && !md.contains("<script>"));
    // Read back by a CommonMark parser, it is the literal text, and the only HTML is the
    // template's own comments: keep-together and the parties of the signature page.
    let mut text = String::new();
    let mut html = Vec::new();
    for e in pulldown_cmark::Parser::new(&md) {
        match e {
            pulldown_cmark::Event::Text(t) => text.push_str(&t),
            pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                html.push(h.trim().to_string())
            }
            _ => {}
        }
    }
    assert!(text.contains("# Not a heading") && text.contains("1. not a list | not a cell"));
    assert!(text.contains("Zoë *Ó'Brien*") && text.contains("<script>alert(1)</script>"));
    assert_eq!(
        html,
        [
            "<!-- keep-together -->",
            "<!-- party mentee -->",
            "<!-- party mentor -->",
            "<!-- /parties -->",
            "<!-- /keep-together -->"
        ]
    );
}

#[test]
fn month_end_start_keeps_month_ends_and_moves_off_weekends() {
    let md = markdown_of(&fixture("hostile.toml"));
    // 31 January and 28 February 2027 are Sundays: those meetings move to the Monday.
    assert!(
        md.contains("| 1 | Monday 1 February 2027 | First meeting: we sign this agreement |"),
        "{md}"
    );
    assert!(md.contains("| 2 | Monday 1 March 2027 |"));
    assert!(md.contains("| 3 | Wednesday 31 March 2027 |"));
    assert!(md.contains("| 4 | Friday 30 April 2027 | Final review |"));
    assert!(md.contains("ends on **30 April 2027** (3 months)"), "{md}");
}

#[test]
fn init_writes_a_starting_point_that_renders() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ours.toml");
    mentorpact().arg("init").arg(&file).assert().success();
    mentorpact().arg("check").arg(&file).assert().success();
    mentorpact()
        .arg("init")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("already exists"));
    let cohort = dir.path().join("cohort.toml");
    mentorpact()
        .args(["init", "--cohort"])
        .arg(&cohort)
        .assert()
        .success();
    mentorpact().arg("check").arg(&cohort).assert().success();
}

#[test]
fn templates_export_and_override_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    mentorpact()
        .args(["templates", "export"])
        .arg(&tpl)
        .assert()
        .success();
    assert!(tpl.join("agreement.md").exists() && tpl.join("sections/meetings.md").exists());
    // Keep only one edited file: the rest come from the built-ins.
    for f in std::fs::read_dir(tpl.join("sections")).unwrap().flatten() {
        if f.file_name() != "mentoring.md" {
            std::fs::remove_file(f.path()).unwrap();
        }
    }
    std::fs::remove_file(tpl.join("agreement.md")).unwrap();
    std::fs::write(
        tpl.join("sections/mentoring.md"),
        "## Our own words {§mentoring}\n\nWe mentor {{ mentee.name }} our way.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    mentorpact()
        .arg("render")
        .arg(example("minimal.toml"))
        .arg("--templates")
        .arg(&tpl)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("minimal.md")).unwrap();
    assert!(md.contains("We mentor Tomás Ruiz our way."));
    assert!(md.contains("## 1. Our own words"), "sections are numbered");
    assert!(
        md.contains("## 7. Meetings"),
        "other sections still come from the built-ins"
    );
    // The PDF is typeset from the same Markdown, so it changes too.
    require("pdftotext");
    let text = run(
        "pdftotext",
        &[out.join("minimal.pdf").to_str().unwrap(), "-"],
    );
    assert!(squash(&text).contains("We mentor Tomás Ruiz our way."));
}

#[test]
fn broken_template_names_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sections")).unwrap();
    std::fs::write(
        dir.path().join("sections/goals.md"),
        "## Goals\n\n{% for g in goals %}\n{{ g.description\n",
    )
    .unwrap();
    mentorpact()
        .arg("render")
        .arg(example("minimal.toml"))
        .arg("--templates")
        .arg(dir.path())
        .args(["-o", "-"])
        .assert()
        .code(2)
        .stderr(contains("sections/goals.md:5:1: syntax error: expected"));
}

#[test]
fn export_does_not_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    mentorpact()
        .args(["templates", "export"])
        .arg(dir.path())
        .assert()
        .success();
    mentorpact()
        .args(["templates", "export"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("--force"));
    mentorpact()
        .args(["templates", "export", "--force"])
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn us_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("us.toml");
    let text = std::fs::read_to_string(example("agreement.toml"))
        .unwrap()
        .replace("language = \"en-GB\"", "language = \"en-US\"");
    std::fs::write(&f, text).unwrap();
    let md = markdown_of(&f);
    assert!(
        md.contains("**Program:** New Staff Mentoring Scheme"),
        "{md}"
    );
    assert!(md.contains("December 1, 2026"));
    assert!(md.contains("employee assistance program can help"));
    assert!(md.contains("not counseling or therapy"));
    assert!(!md.contains("programme") && !md.contains("counselling"));
}

#[test]
fn help_documents_exit_codes() {
    mentorpact()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("2    invalid input").and(contains("130  interrupted")));
}

#[test]
fn the_interview_needs_a_terminal() {
    mentorpact()
        .arg("new")
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(contains("needs a terminal").and(contains("mentorpact render")));
}

#[test]
fn output_must_be_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    mentorpact()
        .arg("render")
        .arg(example("minimal.toml"))
        .arg("-o")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("is a file; -o takes a folder"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn a_bad_source_date_epoch_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    mentorpact()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .arg("render")
        .arg(example("minimal.toml"))
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("SOURCE_DATE_EPOCH=\"yesterday\""));
    assert!(files_in(dir.path()).is_empty(), "nothing written");
}

#[test]
fn a_term_over_five_years_suggests_a_renewal() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("long.toml");
    let text = std::fs::read_to_string(example("minimal.toml"))
        .unwrap()
        .replace("start = 2027-01-11", "start = 2027-01-11\nend = 2040-01-01");
    std::fs::write(&f, text).unwrap();
    mentorpact()
        .arg("check")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(contains("longer than five years").and(contains("renew")));
}

/// A review recorded, even one held a few days early, is no longer listed by `due` or
/// `report`; the end of the term still is. `report --on` a past day counts only the
/// reviews held by then.
#[test]
fn due_and_report_leave_out_a_review_recorded_and_report_on_knows_only_the_past() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::copy(example("agreement.toml"), &file).unwrap();
    let due = || {
        let out = mentorpact()
            .args(["due", "--on", "2027-05-20", "--within", "14"])
            .arg(&file)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let before = due();
    assert!(
        before.contains("final review") && before.contains("end"),
        "{before}"
    );
    mentorpact()
        .env("SOURCE_DATE_EPOCH", crate::common::LATER)
        .args(["review", "--point", "final", "--record", "-o"])
        .arg(dir.path().join("forms"))
        .args(["--set", "held_on=2027-05-20", "--set", "decision=end"])
        .args(["--set", "working=Monthly walks", "--set", "change=no"])
        .args([
            "--set",
            "goals.1.progress=met",
            "--set",
            "goals.2.progress=met",
        ])
        .args(["--set", "goals.3.progress=met"])
        .arg(&file)
        .assert()
        .success();
    let after = due();
    assert!(!after.contains("final review"), "{after}");
    assert!(after.contains("31 May 2027  end"), "{after}");
    // The report on a day before the review knows nothing of it; on a day after, the
    // review is neither due nor overdue and its goals count as met.
    let report = |on: &str| {
        let out = dir.path().join(on);
        mentorpact()
            .args(["report", "--on", on, "-o"])
            .arg(&out)
            .arg(&file)
            .assert()
            .success();
        std::fs::read_to_string(out.join("report.md")).unwrap()
    };
    let before = report("2027-03-01");
    assert!(before.contains("| met | 0 |"), "{before}");
    let after = report("2027-05-21");
    assert!(after.contains("| met | 3 |"), "{after}");
    assert!(!after.contains("final review"), "{after}");
}

#[test]
fn two_pairs_with_one_identity_are_told_apart_by_check() {
    let d = tempfile::tempdir().unwrap();
    let pair = "mentee.name = \"A B\"\nmentor.name = \"C D\"\ngoals = [{ description = \"x\" }]\n";
    let text =
        format!("[defaults]\nduration.start = 2027-01-11\n\n[[pairs]]\n{pair}\n[[pairs]]\n{pair}");
    let file = write(d.path(), "c.toml", &text);
    let out = mentorpact().arg("check").arg(&file).output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a warning, not an error: {said}");
    assert!(
        said.contains("pairs 1 and 2 have the same identity (names:a b+c d)"),
        "{said}"
    );
}
