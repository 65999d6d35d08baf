//! The calendar file against the agreement's schedule, read by an independent iCalendar
//! parser; and the JSON Schema against every example, checked by a JSON Schema validator.

use crate::common::*;
use predicates::prelude::PredicateBooleanExt;

/// What these tests render: the Markdown, for its schedule table, and the calendar.
const MD_ICS: [&str; 3] = ["--format", "md,ics", "-q"];

fn parse_ics(path: &std::path::Path) -> ical::parser::ical::component::IcalCalendar {
    let reader = ical::IcalParser::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut cals: Vec<_> = reader.map(|c| c.expect("valid iCalendar")).collect();
    assert_eq!(cals.len(), 1);
    cals.pop().unwrap()
}

fn prop<'a>(
    props: &'a [ical::property::Property],
    name: &str,
) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

#[test]
fn calendar_matches_the_schedule_event_for_event() {
    let dir = tempfile::tempdir().unwrap();
    render(&example("agreement.toml"), dir.path(), &MD_ICS).success();
    let md = std::fs::read_to_string(dir.path().join("agreement.md")).unwrap();
    // Schedule rows: "| 4 | Monday 1 March 2027 | Review |"
    let rows: Vec<Vec<String>> = md
        .lines()
        .filter(|l| l.starts_with("| ") && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
        .map(|l| {
            l.split('|')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    let cal = parse_ics(&dir.path().join("agreement.ics"));
    assert_eq!(
        cal.events.len(),
        rows.len(),
        "one event per planned meeting"
    );
    assert_eq!(cal.timezones.len(), 1);
    let reviews = rows
        .iter()
        .filter(|r| r.get(2).is_some_and(|p| p.ends_with("eview")))
        .count();
    assert!(
        reviews >= 2,
        "the example has reviews and a final review: {rows:?}"
    );
    for (ev, row) in cal.events.iter().zip(&rows) {
        let start = prop(&ev.properties, "DTSTART").unwrap();
        let value = start.value.as_deref().unwrap();
        let tzid = start
            .params
            .as_ref()
            .unwrap()
            .iter()
            .find(|(k, _)| k == "TZID")
            .unwrap();
        assert_eq!(tzid.1, ["Europe/London"]);
        // "20270301T140000" against "Monday 1 March 2027"
        let date = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", value)
            .unwrap()
            .date();
        assert_eq!(mentorpact::model::format_date(date, false, true), row[1]);
        assert!(value.ends_with("T140000"), "{value}");
        let end = prop(&ev.properties, "DTEND")
            .unwrap()
            .value
            .as_deref()
            .unwrap();
        assert_eq!(&end[9..], "150000", "60-minute meetings");
        let summary = prop(&ev.properties, "SUMMARY")
            .unwrap()
            .value
            .as_deref()
            .unwrap();
        assert!(summary.starts_with("Mentoring: Zoë Ó'Brien and Grace Hopper"));
        // Every event's title says what the schedule row says it is.
        let kind = match row.get(2).map(String::as_str) {
            Some("Review") => " (review)",
            Some("Final review") => " (final review)",
            Some(p) if p.starts_with("First meeting") => " (first meeting)",
            Some(p) if p.starts_with("Early check") => " (early check)",
            Some(other) => panic!("unexpected purpose {other:?}"),
            None => "Grace Hopper",
        };
        assert!(
            summary.ends_with(kind),
            "{summary} should end with {kind:?}"
        );
        let attendees = ev
            .properties
            .iter()
            .filter(|p| p.name == "ATTENDEE")
            .count();
        assert_eq!(attendees, 2);
    }
}

#[test]
fn calendar_is_rfc5545_text() {
    let dir = tempfile::tempdir().unwrap();
    render(&example("cohort.toml"), dir.path(), &MD_ICS).success();
    let raw = std::fs::read(dir.path().join("zoe-o-brien-and-grace-hopper.ics")).unwrap();
    let text = String::from_utf8(raw).unwrap();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        assert!(line.len() <= 75, "line over 75 octets: {line:?}");
    }
}

#[test]
fn uids_are_stable_so_reimporting_updates() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    render(&example("agreement.toml"), a.path(), &MD_ICS).success();
    // A later edit (a new location) re-rendered: same UIDs, so calendars update in place.
    let f = b.path().join("agreement.toml");
    let s = std::fs::read_to_string(example("agreement.toml"))
        .unwrap()
        .replace("Library café", "Room 101");
    std::fs::write(&f, s).unwrap();
    render(&f, b.path(), &["--format", "md,ics", "-q", "--force"]).success();
    let uids = |p: &std::path::Path| -> Vec<String> {
        parse_ics(p)
            .events
            .iter()
            .map(|e| prop(&e.properties, "UID").unwrap().value.clone().unwrap())
            .collect()
    };
    let (ua, ub) = (
        uids(&a.path().join("agreement.ics")),
        uids(&b.path().join("agreement.ics")),
    );
    assert_eq!(ua, ub);
    let unique: std::collections::HashSet<_> = ua.iter().collect();
    assert_eq!(unique.len(), ua.len());
}

#[test]
fn time_zone_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    render(
        &example("minimal.toml"),
        dir.path(),
        &["--format", "md,ics", "-q", "--tz", "America/New_York"],
    )
    .success();
    let cal = parse_ics(&dir.path().join("minimal.ics"));
    let start = prop(&cal.events[0].properties, "DTSTART").unwrap();
    assert_eq!(start.params.as_ref().unwrap()[0].1, ["America/New_York"]);
    // No usual time agreed: a noon placeholder, and the description says so.
    assert!(start.value.as_deref().unwrap().ends_with("T120000"));
    let desc = prop(&cal.events[0].properties, "DESCRIPTION")
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert!(desc.contains("placeholder"), "{desc}");
    render(
        &example("minimal.toml"),
        dir.path(),
        &["--tz", "Mars/Olympus"],
    )
    .code(2);
}

#[test]
fn without_a_time_zone_times_are_floating() {
    let dir = tempfile::tempdir().unwrap();
    render(&example("minimal.toml"), dir.path(), &MD_ICS).success();
    let text = std::fs::read_to_string(dir.path().join("minimal.ics")).unwrap();
    assert!(
        !text.contains("TZID") && !text.contains("VTIMEZONE"),
        "{text}"
    );
    let cal = parse_ics(&dir.path().join("minimal.ics"));
    for ev in &cal.events {
        let start = prop(&ev.properties, "DTSTART").unwrap();
        assert!(start.params.is_none(), "no TZID");
        let v = start.value.as_deref().unwrap();
        assert!(v.ends_with("T120000") && !v.ends_with('Z'), "{v}");
    }
}

#[test]
fn a_near_miss_time_zone_gets_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("tz.toml");
    let text = std::fs::read_to_string(example("minimal.toml")).unwrap();
    std::fs::write(
        &f,
        format!("{text}\n[meetings]\ntime_zone = \"europe/london\"\n"),
    )
    .unwrap();
    mentorpact().arg("check").arg(&f).assert().code(2).stderr(
        predicates::str::contains("`meetings.time_zone`")
            .and(predicates::str::contains("did you mean \"Europe/London\"?")),
    );
}

/// For a start on every day of 2027, each rhythm and both languages, the calendar and
/// the agreement's schedule table list the same dates (the library, not the binary,
/// so the 2,920 agreements take seconds).
#[test]
fn calendar_and_markdown_list_the_same_dates_for_every_start_in_2027() {
    use mentorpact::cli::{Format, OutputArgs};
    use mentorpact::model::RawAgreement;
    let args = OutputArgs {
        format: Some(vec![Format::Md, Format::Ics]),
        look: Default::default(),
        tz: None,
        no_fields: false,
        no_language_notice: false,
    };
    let clock = mentorpact::clock::Clock::from_epoch("1795000000").unwrap();
    let pipeline = mentorpact::Pipeline::new(&args, &[], clock).unwrap();
    let mut day = jiff::civil::date(2027, 1, 1);
    while day.year() == 2027 {
        for freq in ["weekly", "fortnightly", "monthly", "every 3 weeks"] {
            for lang in ["en-GB", "en-US"] {
                let text = format!(
                    "language = \"{lang}\"\n[mentor]\nname = \"A\"\n[mentee]\nname = \"B\"\n[[goals]]\ndescription = \"G\"\n[meetings]\nfrequency = \"{freq}\"\n[duration]\nstart = {day}\n"
                );
                let raw: RawAgreement = toml::from_str(&text).unwrap();
                let a = raw.validate().unwrap();
                let plan = mentorpact::schedule::plan(&a.duration, &a.meetings);
                let out = pipeline.produce(&a, &plan).unwrap();
                let md = String::from_utf8(out.files[0].clone()).unwrap();
                let ics = String::from_utf8(out.files[1].clone()).unwrap();
                let us = lang == "en-US";
                let table: Vec<String> = md
                    .lines()
                    .filter(|l| l.starts_with("| ") && l.as_bytes()[2].is_ascii_digit())
                    .map(|l| l.split('|').nth(2).unwrap().trim().to_string())
                    .collect();
                let events: Vec<String> = ics
                    .lines()
                    .filter_map(|l| l.strip_prefix("DTSTART:"))
                    .map(|v| {
                        let d = jiff::civil::Date::strptime("%Y%m%d", &v[..8]).unwrap();
                        mentorpact::model::format_date(d, us, true)
                    })
                    .collect();
                assert!(!table.is_empty());
                assert_eq!(table, events, "{day} {freq} {lang}");
            }
        }
        day = day.tomorrow().unwrap();
    }
}

/// TOML to JSON the way editors (taplo) present it to a schema: dates as strings.
fn to_json(v: toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.into_iter().map(to_json).collect(),
        toml::Value::Table(t) => t
            .into_iter()
            .map(|(k, v)| (k, to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn schema(cohort: bool) -> jsonschema::Validator {
    let mut cmd = mentorpact();
    cmd.arg("schema");
    if cohort {
        cmd.arg("--cohort");
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn load(path: &std::path::Path) -> serde_json::Value {
    to_json(toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

#[test]
fn schema_validates_every_example() {
    let one = schema(false);
    for ex in ["agreement.toml", "minimal.toml"] {
        let errors: Vec<String> = one
            .iter_errors(&load(&example(ex)))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{ex}: {errors:?}");
    }
    let cohort = schema(true);
    let errors: Vec<String> = cohort
        .iter_errors(&load(&example("cohort.toml")))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "cohort.toml: {errors:?}");
}

#[test]
fn schema_rejects_what_check_rejects() {
    let one = schema(false);
    assert!(
        !one.is_valid(&load(&fixture("unknown_key.toml"))),
        "a typo'd key"
    );
    assert!(
        !one.is_valid(&load(&fixture("wrong_types.toml"))),
        "wrong types"
    );
    assert!(
        !one.is_valid(&load(&fixture("missing_parts.toml"))),
        "missing mentee, goals and duration"
    );
}

#[test]
fn completions_and_man_page() {
    let out = mentorpact().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let bash = String::from_utf8(out.stdout).unwrap();
    assert!(bash.contains("mentorpact") && bash.contains("render") && bash.contains("--paper"));
    let out = mentorpact().arg("man").output().unwrap();
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH mentorpact"),
        "{}",
        &man[..200.min(man.len())]
    );
}

#[test]
fn recorded_reviews_match_their_schema() {
    let out = mentorpact().args(["schema", "--reviews"]).output().unwrap();
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reviews = jsonschema::validator_for(&s).expect("a valid JSON Schema");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agreement.toml");
    std::fs::copy(example("agreement.toml"), &file).unwrap();
    mentorpact()
        .env("SOURCE_DATE_EPOCH", crate::common::LATER)
        .arg("review")
        .arg(&file)
        .args(["--point", "final", "--record", "-o"])
        .arg(dir.path().join("out"))
        .args([
            "--set",
            "goals.1.progress=met",
            "--set",
            "goals.2.progress=changed",
        ])
        .args([
            "--set",
            "goals.3.progress=under-way",
            "--set",
            "decision=renew",
        ])
        .args(["--set", "feedback_for_mentor=Clear and kind"])
        .assert()
        .success();
    let recorded = load(&records_file(&file));
    let errors: Vec<String> = reviews
        .iter_errors(&recorded)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // A word the format does not know is refused by the schema and by mentorpact alike.
    let bad = std::fs::read_to_string(records_file(&file))
        .unwrap()
        .replace("progress = \"changed\"", "progress = \"done\"");
    std::fs::write(records_file(&file), &bad).unwrap();
    assert!(!reviews.is_valid(&load(&records_file(&file))));
    mentorpact()
        .arg("review")
        .arg(&file)
        .args(["--point", "final", "--force", "-o"])
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("reviews[1].goals[2].progress"));
}

#[test]
fn pairs_whose_names_make_the_same_slug_never_share_a_uid() {
    let dir = tempfile::tempdir().unwrap();
    let pair = |mentee: &str| {
        let email = mentee.replace(' ', ".").to_lowercase();
        format!("mentee = {{ name = \"{mentee}\", email = \"{email}@example.org\" }}\nmentor = {{ name = \"Bo ^Chan\", email = \"bo@example.org\" }}\ngoals = [{{ description = \"Settle in\" }}]\n")
    };
    let text = cohort(
        "[defaults]\nduration.start = 2027-01-11\n\n",
        [pair("Anne-Marie Lee"), pair("Anne Marie Lee")],
        "",
    );
    let f = write(dir.path(), "cohort.toml", &text);
    let out = dir.path().join("out");
    render(&f, &out, &MD_ICS).success();
    let uids = |name: &str| -> Vec<String> {
        parse_ics(&out.join(name))
            .events
            .iter()
            .map(|e| prop(&e.properties, "UID").unwrap().value.clone().unwrap())
            .collect()
    };
    let first = uids("anne-marie-lee-and-bo-chan.ics");
    let second = uids("anne-marie-lee-and-bo-chan-2.ics");
    assert!(!first.is_empty());
    assert!(
        first.iter().all(|u| !second.contains(u)),
        "{first:?} {second:?}"
    );
    // RFC 6868: a caret in a name is written ^^, so parsers do not read a new line.
    let ics = std::fs::read_to_string(out.join("anne-marie-lee-and-bo-chan.ics")).unwrap();
    assert!(ics.contains("CN=Bo ^^Chan"), "{ics}");
}
