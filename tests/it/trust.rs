//! Trust: confirmations that cannot be forged or outlived, and `sign` editing a file a
//! person keeps as an editor would. The hand-made records below are what someone with
//! a text editor could write; each must show as void, never as a valid confirmation.

use std::path::{Path, PathBuf};

use crate::common::*;
use predicates::prelude::*;
use predicates::str::contains;

fn agreement_in(dir: &Path) -> PathBuf {
    let to = dir.join("agreement.toml");
    std::fs::copy(example("agreement.toml"), &to).unwrap();
    to
}

fn sign(file: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    mentorpact().arg("sign").arg(file).args(args).assert()
}

/// The records file with one more `[[confirmations]]` entry, as typed by hand,
/// carrying the fingerprint of the real ones (so only the new checks can catch it).
fn add_by_hand(file: &Path, who: &str, name: &str, on: &str) {
    let path = records_file(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let fp = text
        .split("fingerprint = \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a fingerprint")
        .to_string();
    let forged = format!(
        "[[confirmations]]\nwho = \"{who}\"\nname = \"{name}\"\non = {on}\nfingerprint = \"{fp}\"\n\n[[agreed]]"
    );
    std::fs::write(&path, text.replacen("[[agreed]]", &forged, 1)).unwrap();
}

#[test]
fn a_confirmation_naming_someone_else_and_dated_ahead_is_void_beside_the_real_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = agreement_in(dir.path());
    sign(&file, &["--as", "mentor", "--on", "2026-11-02"]).success();
    add_by_hand(
        &file,
        "mentor",
        "Someone Not In The Agreement",
        "2026-02-28",
    );
    mentorpact()
        .arg("check")
        .arg(&file)
        .assert()
        .stderr(contains(
            "Someone Not In The Agreement's confirmation (mentor, 28 February 2026) is recorded for the mentor, but the agreement names Grace Hopper",
        ))
        // The real mentor's still counts: a forged one does not void it.
        .stderr(contains("Grace Hopper's confirmation").not());
    let md = markdown_of(&file);
    assert!(
        md.contains("Confirmed by Grace Hopper (mentor) on 2 November 2026"),
        "{md}"
    );
    assert!(
        md.contains("Void: Someone Not In The Agreement’s confirmation (mentor, 28 February 2026, fingerprint ")
            && md.contains("does not name the party it is recorded for, Grace Hopper."),
        "{md}"
    );
    assert!(!md.contains("Confirmed by Someone"), "{md}");
}

#[test]
fn a_date_after_today_or_long_before_the_start_voids_a_confirmation() {
    for (on, day, says) in [
        ("2031-02-28", "28 February 2031", "is dated after today"),
        (
            "2024-06-01",
            "1 June 2024",
            "is dated more than a year before the partnership starts",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = agreement_in(dir.path());
        sign(&file, &["--as", "mentor", "--on", "2026-11-02"]).success();
        add_by_hand(&file, "mentee", "Zoë Ó'Brien", on);
        mentorpact()
            .arg("check")
            .arg(&file)
            .assert()
            .stderr(contains(format!(
                "Zoë Ó'Brien's confirmation (mentee, {day}) {says}"
            )));
        let md = markdown_of(&file);
        assert!(md.contains("Void: Zoë Ó'Brien’s confirmation"), "{md}");
        assert!(!md.contains("Confirmed by Zoë"), "{md}");
    }
    // And `sign` itself refuses a day that has not come.
    let dir = tempfile::tempdir().unwrap();
    let file = agreement_in(dir.path());
    sign(&file, &["--as", "mentee", "--on", "2099-12-31"])
        .failure()
        .stderr(contains("is after today"));
}

#[test]
fn two_confirmations_for_one_party_both_count_for_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = agreement_in(dir.path());
    sign(&file, &["--as", "mentee", "--on", "2026-11-02"]).success();
    add_by_hand(&file, "mentee", "Zoë Ó'Brien", "2026-11-03");
    mentorpact()
        .arg("check")
        .arg(&file)
        .assert()
        .stderr(contains(
            "is one of 2 confirmations recorded for the mentee; a party confirms once",
        ));
    let md = markdown_of(&file);
    assert_eq!(
        md.matches("is one of 2 recorded for the same party.")
            .count(),
        2,
        "{md}"
    );
    assert!(!md.contains("Confirmed by"), "{md}");
    // Signing again replaces them both with one that counts.
    sign(&file, &["--as", "mentee", "--on", "2026-11-04"]).success();
    assert!(markdown_of(&file).contains("Confirmed by Zoë Ó'Brien (mentee) on 4 November 2026"));
}

#[test]
fn a_confirmation_binds_the_wording_so_a_rewritten_template_voids_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = agreement_in(dir.path());
    sign(&file, &["--as", "mentee", "--on", "2026-11-02"]).success();
    sign(&file, &["--as", "mentor", "--on", "2026-11-02"]).success();
    let templates = dir.path().join("templates");
    mentorpact()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .success();
    let ending = templates.join("sections/ending.md");
    let text = std::fs::read_to_string(&ending).unwrap();
    std::fs::write(
        &ending,
        format!("{text}\nThe mentee pays a fee of £5,000 if they end the partnership early.\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let status = mentorpact()
        .arg("render")
        .arg(&file)
        .args(["--format", "md", "-o"])
        .arg(&out)
        .arg("--templates")
        .arg(&templates)
        .assert()
        .success();
    status.stderr(contains("What changed: the wording, not the answers"));
    let md = std::fs::read_to_string(out.join("agreement.md")).unwrap();
    assert!(md.contains("£5,000"), "{md}");
    assert_eq!(
        md.matches("was for an earlier version of this text")
            .count(),
        2,
        "{md}"
    );
    assert!(!md.contains("Confirmed by"), "{md}");
    mentorpact()
        .arg("check")
        .arg(&file)
        .arg("--templates")
        .arg(&templates)
        .assert()
        .stderr(contains("no longer matches this agreement"));
    // With the built-in wording the confirmations still stand.
    assert!(markdown_of(&file).contains("Confirmed by Grace Hopper"));
    // Confirming the new wording binds it: signed with those templates, rendered with them.
    for who in ["mentee", "mentor"] {
        mentorpact()
            .arg("sign")
            .arg(&file)
            .args(["--as", who, "--templates"])
            .arg(&templates)
            .assert()
            .success()
            .stdout(contains("--templates"));
    }
    mentorpact()
        .arg("render")
        .arg(&file)
        .args(["--format", "md", "-o"])
        .arg(&out)
        .arg("--templates")
        .arg(&templates)
        .assert()
        .success()
        .stderr(contains("no longer matches").not());
    let md = std::fs::read_to_string(out.join("agreement.md")).unwrap();
    assert_eq!(md.matches("Confirmed by").count(), 2, "{md}");
}

#[test]
fn signing_in_someone_elses_place_says_whose() {
    let dir = tempfile::tempdir().unwrap();
    let file = agreement_in(dir.path());
    sign(
        &file,
        &["--as", "mentor", "--name", "Ada Lovelace", "--force", "--on", "2026-11-02"],
    )
    .success()
    .stdout(contains(
        "Ada Lovelace confirms as mentor on 2 November 2026, in the place of Grace Hopper (the mentor the agreement names)",
    ));
    let md = markdown_of(&file);
    assert!(
        md.contains(
            "Confirmed by Ada Lovelace (mentor, in the place of Grace Hopper) on 2 November 2026"
        ),
        "{md}"
    );
    // A name typed into the records by hand, with no such record of whose place, is not.
    let path = records_file(&file);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("in_place_of"))
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    assert!(markdown_of(&file).contains("Void: Ada Lovelace’s confirmation"));
}

/// An answers file as an older version left it: its confirmations inside it, which the
/// next `sign` moves out, rewriting the file.
fn old_style_answers(dir: &Path) -> (PathBuf, String) {
    let file = agreement_in(dir);
    sign(&file, &["--as", "mentee", "--on", "2026-11-02"]).success();
    let records = std::fs::read_to_string(records_file(&file)).unwrap();
    let conf = records
        .split("[[agreed]]")
        .next()
        .unwrap()
        .split_once("[[confirmations]]")
        .unwrap()
        .1;
    std::fs::remove_dir_all(file.with_file_name("agreement.records")).unwrap();
    let text = format!(
        "{}\n[[confirmations]]{conf}",
        std::fs::read_to_string(&file).unwrap()
    );
    (file, text)
}

#[cfg(unix)]
#[test]
fn sign_keeps_the_answers_private_linked_and_in_their_line_endings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (file, text) = old_style_answers(dir.path());
    // The real file lives elsewhere, private, with a byte-order mark and CRLF endings;
    // the pair's folder links to it.
    let real = dir.path().join("private").join("answers.toml");
    std::fs::create_dir(real.parent().unwrap()).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    std::fs::write(&real, &crlf).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&real, &file).unwrap();

    sign(&file, &["--as", "mentor", "--on", "2026-11-03"])
        .success()
        .stdout(contains("Moved this pair's earlier confirmations"));

    assert!(std::fs::symlink_metadata(&file)
        .unwrap()
        .file_type()
        .is_symlink());
    let after = std::fs::read(&real).unwrap();
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the answers stay private");
    let after = String::from_utf8(after).unwrap();
    assert!(after.starts_with('\u{feff}'), "the byte-order mark stays");
    assert!(!after.contains("[[confirmations]]"), "{after}");
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "every line still ends in CRLF"
    );
    // Both confirmations now stand, from the records.
    let md = markdown_of(&file);
    assert!(
        md.contains("Confirmed by Zoë Ó'Brien (mentee) on 2 November 2026"),
        "{md}"
    );
    assert!(
        md.contains("Confirmed by Grace Hopper (mentor) on 3 November 2026"),
        "{md}"
    );
}

/// A custom template folder with `sections/support.md` ending in `added`.
fn templates_with(dir: &Path, added: &str) -> PathBuf {
    let t = dir.join("t");
    mentorpact()
        .args(["templates", "export"])
        .arg(&t)
        .assert()
        .success();
    let support = t.join("sections/support.md");
    let original = std::fs::read_to_string(&support).unwrap();
    std::fs::write(&support, format!("{original}\n{added}\n")).unwrap();
    t
}

#[test]
fn a_recursive_macro_is_a_template_error_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let t = templates_with(
        dir.path(),
        "{% macro down(n) %}{{ self::down(n=n+1) }}{% endmacro down %}\n{{ self::down(n=1) }}",
    );
    let out = dir.path().join("out");
    render(
        &example("minimal.toml"),
        &out,
        &["--templates", t.to_str().unwrap()],
    )
    .code(2)
    .stderr(contains("sections/support.md"))
    .stderr(contains(
        "macro `down` calls itself (down → down); templates may not recurse",
    ))
    .stderr(contains("line "));
    assert!(!out.join("minimal.md").exists());
}

#[test]
fn nested_ranges_share_one_budget_and_a_loop_without_end_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let t = templates_with(
        dir.path(),
        "{% for i in range(end=5000) %}{% for j in range(end=5000) %}{% endfor %}{% endfor %}",
    );
    let out = dir.path().join("out");
    render(
        &example("minimal.toml"),
        &out,
        &["--templates", t.to_str().unwrap()],
    )
    .code(2)
    .stderr(contains("may make at most 10000 in all"));
    // A range made from a variable shows only while rendering, and is still refused
    // naming the file and the line it is written on.
    let t = templates_with(
        &dir.path().join("variable"),
        "{% set n = 20000 %}\n{% for i in range(\n  end=n) %}{{ i }}{% endfor %}",
    );
    let support = t.join("sections/support.md");
    let text = std::fs::read_to_string(&support).unwrap();
    let line = text.lines().position(|l| l.contains("range(")).unwrap() + 1;
    render(
        &example("minimal.toml"),
        &dir.path().join("variable-out"),
        &["--templates", t.to_str().unwrap()],
    )
    .code(2)
    .stderr(contains(format!(
        "template {}: line {line}: range would make 20000 items",
        support.display()
    )));
    // Loops over a long word make no list and no output: the time limit ends them.
    let word = "x".repeat(4000);
    let t = templates_with(
        &dir.path().join("slow"),
        &format!("{{% set w = \"{word}\" | split(pat=\"x\") %}}{{% for i in w %}}{{% for j in w %}}{{% for k in w %}}{{% endfor %}}{{% endfor %}}{{% endfor %}}"),
    );
    let out = dir.path().join("slow-out");
    render(
        &example("minimal.toml"),
        &out,
        &["--templates", t.to_str().unwrap()],
    )
    .code(2)
    .stderr(contains("took more than 10 s over one agreement"));
    assert!(!out.join("minimal.md").exists());
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.toml");
    // 2 MiB of comments after a valid agreement: over a 1 MiB limit.
    let text = std::fs::read_to_string(example("minimal.toml")).unwrap();
    std::fs::write(&file, format!("{text}\n{}", "# padding\n".repeat(210_000))).unwrap();
    for cmd in ["check", "due", "report", "sign"] {
        let mut c = mentorpact();
        c.arg(cmd).arg(&file).args(["--max-input", "1"]);
        if cmd == "sign" {
            c.args(["--as", "mentee"]);
        }
        if cmd == "report" {
            c.arg("-o").arg(dir.path().join("r"));
        }
        c.assert()
            .code(2)
            .stderr(
                contains("is 3 MiB, more than the 1 MiB mentorpact reads")
                    .or(contains("is 2 MiB, more than the 1 MiB mentorpact reads")),
            )
            .stderr(contains("--max-input"));
    }
    render(&file, &dir.path().join("out"), &["--max-input", "1"])
        .code(2)
        .stderr(contains("more than the 1 MiB mentorpact reads"));
    // Raised, the same file is read.
    mentorpact()
        .arg("check")
        .arg(&file)
        .args(["--max-input", "4"])
        .assert()
        .success();
}

/// A cohort over 1 MiB, which the commands read a window of pairs at a time: pair `n`
/// has identity `P{n:05}`, and pairs 7 and 8 share a mentor.
fn big_cohort(dir: &Path) -> PathBuf {
    let mut text = String::from(
        "[defaults]\nprogramme.name = \"Scheme\"\nduration.start = 2027-01-11\nduration.months = 6\n",
    );
    for n in 1..=4000 {
        let mentor = if n == 8 { 7 } else { n };
        text.push_str(&format!(
            "\n[[pairs]]\nid = \"P{n:05}\"\nmentor.name = \"Mentor Number {mentor}\"\n\
             mentee.name = \"Mentee Number {n}\"\nmentee.email = \"mentee{n}@example.org\"\n\
             goals = [{{ description = \"Build confidence presenting to senior colleagues, goal {n}\" }}]\n\
             meetings.location = \"Room {n}, Library building, second floor, by the stairs\"\n"
        ));
    }
    assert!(text.len() > 1 << 20);
    write(dir, "cohort.toml", &text)
}

/// The records of the cohort's pair whose mentee is `mentee`.
fn records_of(cohort: &Path, mentee: &str) -> String {
    std::fs::read_dir(cohort.with_file_name("cohort.records"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|t| t.contains(&format!("pair = \"{mentee} and")))
        .unwrap_or_else(|| panic!("no records for {mentee}"))
}

#[test]
fn a_pair_of_a_big_cohort_signs_by_identity_number_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_cohort(dir.path());
    sign(&file, &["--as", "mentee", "--pair", "P03999"])
        .success()
        .stdout(contains("Mentee Number 3999 confirms as mentee"));
    sign(&file, &["--as", "mentor", "--pair", "3999"])
        .success()
        .stdout(contains("Mentor Number 3999 confirms as mentor"));
    let records = records_of(&file, "Mentee Number 3999");
    assert_eq!(records.matches("[[confirmations]]").count(), 2, "{records}");
    sign(&file, &["--as", "mentee", "--pair", "mentee12@example.org"])
        .success()
        .stdout(contains("Mentee Number 12 confirms"));
    // A name two pairs share, and one no pair has: said, and nothing recorded.
    sign(&file, &["--as", "mentor", "--pair", "Mentor Number 7"])
        .code(2)
        .stderr(contains("matches 2 pairs"))
        .stderr(contains("7 (Mentee Number 7 and Mentor Number 7)"))
        .stderr(contains("8 (Mentee Number 8 and Mentor Number 7)"));
    sign(&file, &["--as", "mentor", "--pair", "Nobody"])
        .code(2)
        .stderr(contains("give its number (1 to 4000)"));
    sign(&file, &["--as", "mentor", "--pair", "4001"])
        .code(2)
        .stderr(contains("has pairs 1 to 4000"));
    // An older version's confirmations inside pair 10 are moved to its records, and
    // the rest of the cohort is kept as it was.
    sign(&file, &["--as", "mentee", "--pair", "10"]).success();
    let block = records_of(&file, "Mentee Number 10")
        .split("[[agreed]]")
        .next()
        .unwrap()
        .split_once("[[confirmations]]")
        .unwrap()
        .1
        .to_string();
    std::fs::remove_dir_all(file.with_file_name("cohort.records")).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let old = text.replacen(
        "\n[[pairs]]\nid = \"P00011\"",
        &format!("[[pairs.confirmations]]{block}\n[[pairs]]\nid = \"P00011\""),
        1,
    );
    std::fs::write(&file, &old).unwrap();
    sign(&file, &["--as", "mentor", "--pair", "P00010"])
        .success()
        .stdout(contains("Moved this pair's earlier confirmations"));
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(!after.contains("[[pairs.confirmations]]"));
    let pairs = |t: &str| -> Vec<String> { t.split("[[pairs]]").map(str::to_string).collect() };
    let (was, now) = (pairs(&text), pairs(&after));
    assert_eq!(was.len(), now.len());
    for (n, (a, b)) in was.iter().zip(&now).enumerate() {
        if n == 10 {
            assert_eq!(a.trim_end(), b.trim_end(), "pair 10 keeps its own keys");
        } else {
            assert_eq!(a, b, "pair {n} is as it was");
        }
    }
    let records = records_of(&file, "Mentee Number 10");
    assert_eq!(records.matches("[[confirmations]]").count(), 2, "{records}");
}
