//! Dates in the messages and the interview, as the pair writes them (issue #27): en-US
//! "December 1, 2026" and month/day/year, en-GB "1 December 2026" and day/month/year.
//! `--on` stays ISO, and so do errors raised before a file's language is known.

use std::path::Path;

use mentorpact::interview::{Answer::*, Answers, Scripted};
use mentorpact::model::RawAgreement;

use crate::common::{cohort, example, mentorpact, render, require, the_pdf, write, MONTHS};
use crate::interview::{defaults_script, run, written};

/// The dates in `text` written the British way ("1 December 2026") and the American
/// way ("December 1, 2026").
fn long_dates(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut gb, mut us) = (Vec::new(), Vec::new());
    for &month in MONTHS {
        for (at, _) in text.match_indices(month) {
            let before = text[..at].strip_suffix(' ').unwrap_or("");
            let day: String = before
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect();
            let after = &text[at + month.len()..];
            let year_follows = |s: &str| s.len() >= 4 && s[..4].bytes().all(|b| b.is_ascii_digit());
            if !day.is_empty() && after.strip_prefix(' ').is_some_and(year_follows) {
                gb.push(format!("{} {month}", day.chars().rev().collect::<String>()));
            }
            let digits: String = after
                .strip_prefix(' ')
                .unwrap_or("")
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let rest = after.get(1 + digits.len()..).unwrap_or("");
            if !digits.is_empty() && rest.strip_prefix(", ").is_some_and(year_follows) {
                us.push(format!("{month} {digits}"));
            }
        }
    }
    (gb, us)
}

/// Every long date of `text` is written in `language`'s way, and there is at least one.
fn written_as(language: &str, text: &str) {
    let (gb, us) = long_dates(text);
    let (theirs, others) = if language == "en-US" {
        (us, gb)
    } else {
        (gb, us)
    };
    assert!(!theirs.is_empty(), "no {language} date in:\n{text}");
    assert!(
        others.is_empty(),
        "{others:?} is not {language}, in:\n{text}"
    );
}

fn stdout_and_stderr(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A two-pair cohort in `language`, starting 1 December 2026; the first pair's goal has
/// a target date after the end, which `check` warns about.
fn cohort_in(dir: &Path, language: &str) -> std::path::PathBuf {
    let defaults = format!(
        "[defaults]\nlanguage = \"{language}\"\nduration.start = 2026-12-01\nduration.months = 6\n\n"
    );
    let pairs = [
        "mentor = { name = \"Grace Hopper\" }\nmentee = { name = \"Zoë Ó'Brien\" }\n\
         goals = [{ description = \"Present with confidence\", target_date = 2028-03-15 }]\n"
            .to_string(),
        "mentor = { name = \"Katherine Johnson\" }\nmentee = { name = \"Tomás Ruiz\" }\n\
         goals = [{ description = \"Plan a move into data engineering\" }]\n"
            .to_string(),
    ];
    write(dir, "cohort.toml", &cohort(&defaults, pairs, ""))
}

/// What `args` prints (both streams), with the exit code it must give.
fn said(dir: &Path, args: &[&str], code: i32) -> String {
    let out = mentorpact().current_dir(dir).args(args).output().unwrap();
    let text = stdout_and_stderr(&out);
    assert_eq!(out.status.code(), Some(code), "{args:?}:\n{text}");
    text
}

/// Each command on the cohort in `language` (and on a pair with an error) says what
/// `expected` lists, and every long date it writes is written the pair's way.
fn messages_in(language: &str, expected: [&str; 7]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    cohort_in(d, language);
    // Errors of a pair whose language is known: a period off that ends before it starts.
    write(
        d,
        "bad.toml",
        &format!(
            "language = \"{language}\"\nmentor = {{ name = \"A B\" }}\nmentee = {{ name = \"C D\" }}\n\
             goals = [{{ description = \"x\" }}]\nduration.start = 2026-12-01\n\
             meetings.blackout = [{{ from = 2027-02-10, to = 2027-02-01 }}]\n"
        ),
    );
    let pair = ["cohort.toml", "--pair", "1"];
    let steps: [(Vec<&str>, i32, &[&str]); 7] = [
        (vec!["check", "cohort.toml"], 0, &[expected[0]]),
        (vec!["check", "bad.toml"], 2, &[expected[1]]),
        (
            [&["sign"], &pair[..], &["--as", "mentee"]].concat(),
            0,
            &[expected[2]],
        ),
        (
            [&["review"], &pair[..], &["--format", "md", "-o", "out"]].concat(),
            0,
            &[expected[3]],
        ),
        // A point the pair does not have: the error lists theirs, with their dates.
        ([&["review"], &pair[..], &["--point", "9"]].concat(), 2, &[]),
        (
            vec!["due", "cohort.toml", "--on", "2026-12-01", "--within", "31"],
            0,
            &[expected[4], expected[5]],
        ),
        (
            vec![
                "renew",
                "cohort.toml",
                "--pair",
                "2",
                "--months",
                "6",
                "-o",
                "next",
            ],
            0,
            &[expected[6]],
        ),
    ];
    for (args, code, says) in steps {
        let text = said(d, &args, code);
        for s in says {
            assert!(text.contains(s), "{args:?} does not say {s}:\n{text}");
        }
        written_as(language, &text);
    }
    let report = [
        "report",
        "cohort.toml",
        "--on",
        "2026-12-20",
        "-o",
        "report",
    ];
    said(d, &report, 0);
    written_as(
        language,
        &std::fs::read_to_string(d.join("report/report.md")).unwrap(),
    );
}

#[test]
fn an_american_cohort_is_told_its_dates_the_american_way() {
    messages_in(
        "en-US",
        [
            "the target date (March 15, 2028) is after the end of the partnership (December 1, 2026 to May 31, 2027)",
            "the end of the period (February 1, 2027) is before its start (February 10, 2027)",
            "confirms as mentee on November 18, 2026",
            "Wrote the record of the early check on",
            "Tuesday, December 1, 2026",
            "due from December 1, 2026 to January 1, 2027",
            "to November 30, 2027 (6 months)",
        ],
    );
}

#[test]
fn a_british_cohort_is_told_its_dates_the_british_way() {
    messages_in(
        "en-GB",
        [
            "the target date (15 March 2028) is after the end of the partnership (1 December 2026 to 31 May 2027)",
            "the end of the period (1 February 2027) is before its start (10 February 2027)",
            "confirms as mentee on 18 November 2026",
            "Wrote the record of the early check on",
            "Tuesday 1 December 2026",
            "due from 1 December 2026 to 1 January 2027",
            "to 30 November 2027 (6 months)",
        ],
    );
}

/// A first interview in `language` (the first question's menu) that types `start` for
/// the start date and accepts every other default.
fn start_typed(language: &'static str, start: &'static str) -> (Scripted, RawAgreement) {
    let mut script = defaults_script();
    script[0] = Pick(language);
    let at = script
        .iter()
        .position(|a| matches!(a, Text("2027-01-11")))
        .unwrap();
    script[at] = Text(start);
    // The review screen: Enter writes.
    script.push(Enter);
    let (outcome, p, _) = run(script, &mut Answers::default());
    (p, written(outcome))
}

/// Typing `typed` for the start date in `language` starts on 1 December 2026: asked in
/// `form`, and said in the summary before writing as the agreement will (`said`).
fn starts_on_1_december(language: &'static str, typed: &'static str, form: &str, said: &str) {
    let (p, raw) = start_typed(language, typed);
    let start = raw.duration.unwrap().start.unwrap();
    assert_eq!(start.to_string(), "2026-12-01", "{language} {typed}");
    let asked = format!("Start date, {form}");
    assert!(p.asked.contains(&asked), "{:?}", p.asked);
    assert!(p.said.iter().any(|s| s.contains(said)), "{:?}", p.said);
}

const US: (&str, &str) = ("MM/DD/YYYY", "From December 1, 2026 until May 31, 2027");
const GB: (&str, &str) = ("DD/MM/YYYY", "From 1 December 2026 until 31 May 2027");

#[test]
fn an_american_pair_types_month_day_year() {
    starts_on_1_december("en-US", "12/01/2026", US.0, US.1);
}

#[test]
fn a_british_pair_types_day_month_year() {
    starts_on_1_december("en-GB", "01/12/2026", GB.0, GB.1);
}

#[test]
fn iso_dates_are_read_in_either_language() {
    starts_on_1_december("en-US", "2026-12-01", US.0, US.1);
    starts_on_1_december("en-GB", "2026-12-01", GB.0, GB.1);
}

/// The PDF's subject (its metadata, which a reader shows and reads out) gives the term
/// in the pair's way too.
#[test]
fn the_pdf_s_subject_writes_the_term_the_pair_s_way() {
    require("pdfinfo");
    let dir = tempfile::tempdir().unwrap();
    for (language, term) in [
        ("en-US", "December 1, 2026 to May 31, 2027"),
        ("en-GB", "1 December 2026 to 31 May 2027"),
    ] {
        let out = dir.path().join(language);
        let input = write(
            dir.path(),
            &format!("{language}.toml"),
            &std::fs::read_to_string(example("agreement.toml"))
                .unwrap()
                .replace(
                    "language = \"en-GB\"",
                    &format!("language = \"{language}\""),
                ),
        );
        render(&input, &out, &["--format", "pdf", "-q"]).success();
        let info = crate::common::run("pdfinfo", &[the_pdf(&out).to_str().unwrap()]);
        let subject = info.lines().find(|l| l.starts_with("Subject:")).unwrap();
        assert!(subject.ends_with(term), "{language}: {subject}");
    }
}
