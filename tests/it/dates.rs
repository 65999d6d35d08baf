//! Dates in the messages and the interview, as the pair writes them (issue #27): en-US
//! "December 1, 2026" and month/day/year, en-GB "1 December 2026" and day/month/year.
//! `--on` stays ISO, and so do errors raised before a file's language is known.

use std::path::Path;

use mentorpact::interview::{Answer::*, Answers, Scripted};
use mentorpact::model::RawAgreement;

use crate::common::{cohort, mentorpact, write, MONTHS};
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

fn messages_in(language: &str, expected: [&str; 7]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    cohort_in(d, language);
    let check = said(d, &["check", "cohort.toml"], 0);
    assert!(check.contains(expected[0]), "{check}");
    written_as(language, &check);
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
    let bad = said(d, &["check", "bad.toml"], 2);
    assert!(bad.contains(expected[1]), "{bad}");
    written_as(language, &bad);
    let sign = said(
        d,
        &["sign", "cohort.toml", "--pair", "1", "--as", "mentee"],
        0,
    );
    assert!(sign.contains(expected[2]), "{sign}");
    written_as(language, &sign);
    let review = said(
        d,
        &[
            "review",
            "cohort.toml",
            "--pair",
            "1",
            "--format",
            "md",
            "-o",
            "out",
        ],
        0,
    );
    assert!(review.contains(expected[3]), "{review}");
    written_as(language, &review);
    let no_point = said(
        d,
        &["review", "cohort.toml", "--pair", "1", "--point", "9"],
        2,
    );
    written_as(language, &no_point);
    let due = said(
        d,
        &["due", "cohort.toml", "--on", "2026-12-01", "--within", "31"],
        0,
    );
    assert!(due.contains(expected[4]), "{due}");
    assert!(due.contains(expected[5]), "{due}");
    written_as(language, &due);
    let renew = said(
        d,
        &[
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
    );
    assert!(renew.contains(expected[6]), "{renew}");
    written_as(language, &renew);
    said(
        d,
        &[
            "report",
            "cohort.toml",
            "--on",
            "2026-12-20",
            "-o",
            "report",
        ],
        0,
    );
    let report = std::fs::read_to_string(d.join("report/report.md")).unwrap();
    written_as(language, &report);
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

fn start_of(raw: RawAgreement) -> String {
    raw.duration.unwrap().start.unwrap().to_string()
}

#[test]
fn an_american_pair_types_month_day_year() {
    let (p, outcome) = start_typed("en-US", "12/01/2026");
    assert_eq!(start_of(outcome), "2026-12-01");
    assert!(
        p.asked.iter().any(|q| q == "Start date, MM/DD/YYYY"),
        "{:?}",
        p.asked
    );
    // The summary before writing says the day as the agreement will.
    assert!(p
        .said
        .iter()
        .any(|s| s.contains("From December 1, 2026 until May 31, 2027")));
}

#[test]
fn a_british_pair_types_day_month_year() {
    let (p, outcome) = start_typed("en-GB", "01/12/2026");
    assert_eq!(start_of(outcome), "2026-12-01");
    assert!(
        p.asked.iter().any(|q| q == "Start date, DD/MM/YYYY"),
        "{:?}",
        p.asked
    );
    assert!(p
        .said
        .iter()
        .any(|s| s.contains("From 1 December 2026 until 31 May 2027")));
}

#[test]
fn iso_dates_are_read_in_either_language() {
    for language in ["en-US", "en-GB"] {
        let (_, outcome) = start_typed(language, "2026-12-01");
        assert_eq!(start_of(outcome), "2026-12-01");
    }
}
