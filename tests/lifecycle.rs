//! Across the partnership: `due` lists what falls due, checked against the schedule each
//! pair's agreement prints.

mod common;

use std::path::Path;

use common::*;
use predicates::str::contains;

/// A cohort of `n` pairs starting on different days, meeting at different rhythms.
fn cohort(dir: &Path, n: usize) -> std::path::PathBuf {
    let mut s = String::from("[defaults]\nprogramme.name = \"Scheme\"\n\n");
    let rhythms = ["monthly", "fortnightly", "every 3 weeks"];
    for i in 0..n {
        let start = jiff::civil::date(2027, 1, 4)
            .checked_add(jiff::Span::new().days(i as i64))
            .unwrap();
        s.push_str(&format!(
            "[[pairs]]\nmentee = {{ name = \"Mentee {i}\", email = \"mentee{i}@example.org\" }}\nmentor = {{ name = \"Mentor {i}\" }}\n\
             goals = [{{ description = \"Grow\" }}]\nduration = {{ start = {start}, months = {} }}\nmeetings.frequency = \"{}\"\n\n",
            3 + i % 10,
            rhythms[i % 3]
        ));
    }
    let file = dir.join("cohort.toml");
    std::fs::write(&file, s).unwrap();
    file
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
    let file = cohort(dir.path(), 200);
    let out = dir.path().join("out");
    mentorpact()
        .arg("render")
        .arg(&file)
        .args(["-q", "--format", "md", "-o"])
        .arg(&out)
        .assert()
        .success();
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
        .stdout(contains(
            "Mon 2027-04-12  review 1  Zoë Ó'Brien and Grace Hopper",
        ))
        .stdout(contains("3 things due from 2027-04-01 to 2027-05-01"));
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
        review.contains("To prepare: a note of progress on each goal"),
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
