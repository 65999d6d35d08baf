//! The interview in a language other than English: every question, item and message
//! goes through `words::tr`, so a catalog's sentence replaces the English wherever it
//! has one. The catalogs are empty until the translators' work lands, so these tests
//! set a few sentences of their own (`words::test_catalog`).

use jiff::civil::date;

use super::answers::Answers;
use super::review::{interview, Outcome};
use super::scripted::{Answer, Answer::*, Scripted};
use crate::model::words::test_catalog;
use crate::model::{Language, RawAgreement};

/// A few of the interview's sentences, "in Welsh" (marked, so that none is English).
const CATALOG: &[(&str, &str)] = &[
    (
        "What kind of mentoring is this?",
        "[cy] Pa fath o fentora yw hwn?",
    ),
    (
        "Traditional: experienced mentor, mentee leads",
        "[cy] Traddodiadol",
    ),
    (
        "Section {n} of {total}: {title}",
        "[cy] Adran {n} o {total}: {title}",
    ),
    ("Goals", "[cy] Nodau"),
    ("The mentee's full name", "[cy] Enw llawn y mentai"),
    ("Keep the good-practice lists?", "[cy] Cadw'r rhestrau?"),
    ("What next?", "[cy] Beth nesaf?"),
    ("Write the agreement", "[cy] Ysgrifennu'r cytundeb"),
    (
        "Here is your agreement, section by section:",
        "[cy] Dyma'ch cytundeb:",
    ),
];

/// A whole first interview that keeps every default it can, after `first` (the
/// language question's answer, when it is asked), written at the end.
fn script(first: Option<Answer>, write: &'static str) -> Vec<Answer> {
    let mut s: Vec<Answer> = first.into_iter().collect();
    s.extend([
        Enter, // kind
        Text("Zoë Ó'Brien"),
        Text("Grace Hopper"),
        No, // roles and emails
        No, // scheme
        Text("Present with confidence"),
        Enter, // measure
        No,    // another goal
        Enter, // expectations
        No,    // line manager
        Enter, // boundaries
        Enter, // how often
        Enter, // weekday
        Enter, // meetings
        Enter, // confidentiality
        Text("2027-01-11"),
        Enter, // how long
        Enter, // reviews and ending
        Pick(write),
    ]);
    s
}

fn run(script: Vec<Answer>, answers: &mut Answers) -> (Outcome, Scripted) {
    let mut p = Scripted::new(script);
    let mut save = |_: &Answers| Ok(());
    test_catalog::set(CATALOG);
    let outcome = interview(&mut p, answers, &mut save, date(2026, 11, 24));
    test_catalog::clear();
    assert!(p.answers.is_empty(), "unused answers: {:?}", p.answers);
    (outcome.unwrap(), p)
}

/// No question has English that the catalog translates: each went through `tr`.
fn every_question_translated(p: &Scripted) {
    for q in &p.asked {
        assert!(
            !CATALOG.iter().any(|(en, _)| en == q),
            "asked in English: {q}"
        );
    }
}

#[test]
fn after_choosing_welsh_the_interview_asks_in_welsh() {
    let (outcome, p) = run(
        script(Some(Pick("(cy)")), "Ysgrifennu"),
        &mut Answers::default(),
    );
    assert_eq!(p.language, Language::Cy);
    let Outcome::Write(raw) = outcome else {
        panic!("not written")
    };
    assert_eq!(raw.language.as_deref(), Some("cy"));
    // The first question stays English: the language is not known yet.
    assert_eq!(
        p.asked[0],
        "Which language should the agreement be written in?"
    );
    for q in [
        "[cy] Pa fath o fentora yw hwn?",
        "[cy] Enw llawn y mentai",
        "[cy] Beth nesaf?",
    ] {
        assert!(p.asked.iter().any(|a| a == q), "{q} not in {:#?}", p.asked);
    }
    every_question_translated(&p);
    // Section headings, with their blanks filled, and the review screen.
    assert!(p
        .said
        .iter()
        .any(|s| s.contains("── [cy] Adran 2 o 7: [cy] Nodau ──")));
    assert!(p.said.iter().any(|s| s.contains("[cy] Dyma'ch cytundeb:")));
    // A choice's label in a menu, and in the review's summary (whose own words the
    // real Welsh catalog gives).
    assert!(p
        .said
        .iter()
        .any(|s| s.contains("Dyma'ch cytundeb") && s.contains(": [cy] Traddodiadol")));
}

#[test]
fn a_language_already_given_is_spoken_from_the_first_section() {
    let given: RawAgreement = toml::from_str("language = \"cy\"\n").unwrap();
    let mut answers = Answers {
        raw: given.clone(),
        given,
        ..Answers::default()
    };
    let (_, p) = run(script(None, "Ysgrifennu"), &mut answers);
    assert_eq!(p.language, Language::Cy);
    assert!(
        p.said[0].starts_with("── [cy] Adran 1 o 7: "),
        "{}",
        p.said[0]
    );
    assert_eq!(p.asked[0], "[cy] Pa fath o fentora yw hwn?");
    every_question_translated(&p);
}

#[test]
fn english_is_asked_in_english_whatever_a_catalog_holds() {
    let (_, p) = run(
        script(Some(Pick("(en-GB)")), "Write the agreement"),
        &mut Answers::default(),
    );
    assert_eq!(p.language, Language::EnGb);
    assert!(p
        .asked
        .iter()
        .any(|q| q == "What kind of mentoring is this?"));
    assert!(p.said.iter().all(|s| !s.contains("[cy]")));
}
