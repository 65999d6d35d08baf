//! Coordinators' batches: one bad pair never stops the others, names are safe and
//! unique, existing files are kept unless --force, and the index is right.

use crate::common::*;

use predicates::prelude::*;
use predicates::str::contains;

#[test]
fn one_bad_pair_does_not_stop_the_others() {
    let out = tempfile::tempdir().unwrap();
    render(&fixture("bad_cohort.toml"), out.path(), &["--format", "md"])
        .code(2)
        .stderr(
            contains("3 new, 1 failed")
                .and(contains(
                    "bad_cohort.toml:12:22 (pair 2: Tomás Ruiz and Katherine Johnson)",
                ))
                .and(contains(
                    "`meetings.frequency`: \"whenever\" is not a meeting frequency",
                )),
        );
    assert_eq!(
        files_in(out.path()),
        [
            "a-b-and-etc.md",
            "index.csv",
            "zoe-o-brien-and-grace-hopper-2.md",
            "zoe-o-brien-and-grace-hopper.md"
        ]
    );
    mentorpact()
        .arg("check")
        .arg(fixture("bad_cohort.toml"))
        .assert()
        .code(2)
        .stderr(contains("pair 2: Tomás Ruiz"));
}

#[test]
fn index_lists_every_written_pair() {
    let out = tempfile::tempdir().unwrap();
    render(&example("cohort.toml"), out.path(), &["-q"]).success();
    let index = std::fs::read_to_string(out.path().join("index.csv")).unwrap();
    let mut lines = index.lines();
    assert_eq!(
        lines.next().unwrap(),
        // A byte-order mark first, so that Excel reads the names right.
        "\u{feff}file,pair,identity,mentee,mentee_email,mentor,mentor_email,start,end,next_date,next_event,confirmed,status,reason,files"
    );
    assert_eq!(
        lines.next().unwrap(),
        format!(
            "{},1,email:zoe@example.org+grace@example.org,Zoë Ó'Brien,zoe@example.org,Grace Hopper,grace@example.org,2027-01-11,2027-07-10,2027-01-11,first meeting,,new,,zoe-o-brien-and-grace-hopper.md;zoe-o-brien-and-grace-hopper.pdf",
            example("cohort.toml").display()
        )
    );
    // The next meeting that matters, from the first review on: the review point, 11
    // April 2027, is a Sunday, so the review is on Monday 12th.
    let later = tempfile::tempdir().unwrap();
    mentorpact()
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .args(["render", "-q", "--format", "md", "-o"])
        .arg(later.path())
        .arg(example("cohort.toml"))
        .assert()
        .success();
    let index = std::fs::read_to_string(later.path().join("index.csv")).unwrap();
    assert!(index.contains(",2027-02-11,early check,"), "{index}");
    assert_eq!(lines.count(), 2);
}

#[test]
fn a_file_edited_by_hand_is_left_and_force_backs_it_up() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("zoe-o-brien-and-grace-hopper.md");
    render(&example("cohort.toml"), out.path(), &["--format", "md"]).success();
    std::fs::write(&target, "edited by hand").unwrap();
    // Nothing the files are made from changed, but a person changed one: it is kept,
    // the tool's version written beside it, and the run says the folder is not current.
    render(&example("cohort.toml"), out.path(), &["--format", "md"])
        .code(3)
        .stderr(contains("2 up to date, 1 kept (changed by hand)"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "edited by hand");
    assert!(out
        .path()
        .join("zoe-o-brien-and-grace-hopper.new.md")
        .exists());
    render(
        &example("cohort.toml"),
        out.path(),
        &["--format", "md", "--force"],
    )
    .success()
    .stderr(contains("3 updated").and(contains("zoe-o-brien-and-grace-hopper.backup-1.md")));
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with("# Mentoring agreement"));
    let backup = out.path().join("zoe-o-brien-and-grace-hopper.backup-1.md");
    assert_eq!(std::fs::read_to_string(backup).unwrap(), "edited by hand");
}

#[test]
fn a_folder_of_agreement_files() {
    let out = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    for f in ["agreement.toml", "minimal.toml"] {
        std::fs::copy(example(f), input.path().join(f)).unwrap();
    }
    render(input.path(), out.path(), &["--format", "md", "-j", "1"]).success();
    assert_eq!(
        files_in(out.path()),
        ["agreement.md", "index.csv", "minimal.md"]
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_only_whole_files() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    // The example's defaults, and pairs enough that a run is still going when stopped.
    let mut defaults = std::fs::read_to_string(example("cohort.toml")).unwrap();
    defaults.truncate(defaults.find("\n[[pairs]]").unwrap() + 1);
    let pairs = (0..3000).map(|i| {
        format!("mentor.name = \"Mentor {i}\"\nmentee.name = \"Mentee {i}\"\ngoals = [{{ description = \"Goal {i}\" }}]\n")
    });
    let file = write(dir.path(), "big.toml", &cohort(&defaults, pairs, ""));
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mentorpact"))
        .arg("render")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it is well under way, then press Ctrl-C.
    let start = Instant::now();
    while files_in(&out).len() < 20 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "interrupted runs exit 130");
    let files = files_in(&out);
    assert!(
        files.len() < 6000,
        "the run should have stopped early ({} files)",
        files.len()
    );
    assert!(
        files.iter().all(|f| !f.ends_with(".tmp")),
        "temporary files left: {files:?}"
    );
    for f in files.iter().filter(|f| f.ends_with(".md")) {
        let md = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(
            md.trim_end().ends_with("<!-- /keep-together -->"),
            "{f} is not whole"
        );
    }
    for f in files.iter().filter(|f| f.ends_with(".pdf")) {
        let pdf = std::fs::read(out.join(f)).unwrap();
        assert!(
            pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"),
            "{f} is not whole"
        );
    }
}

#[test]
fn running_again_finishes_a_half_written_pair_without_touching_its_files() {
    let out = tempfile::tempdir().unwrap();
    render(&example("cohort.toml"), out.path(), &["-q"]).success();
    // As if a run had been interrupted between a pair's Markdown and its PDF.
    let md = out.path().join("zoe-o-brien-and-grace-hopper.md");
    let when = std::fs::metadata(&md).unwrap().modified().unwrap();
    std::fs::remove_file(out.path().join("zoe-o-brien-and-grace-hopper.pdf")).unwrap();
    render(&example("cohort.toml"), out.path(), &[])
        .success()
        .stderr(contains("2 up to date, 1 updated"));
    assert!(out.path().join("zoe-o-brien-and-grace-hopper.pdf").exists());
    // The Markdown already there was not written again.
    assert_eq!(std::fs::metadata(&md).unwrap().modified().unwrap(), when);
}

/// A cohort is cut at its `[[pairs]]` headers and each pair parsed on its own: the
/// defaults may come after the pairs, a header inside a string is not a header, and a
/// problem still points at its own line of the file.
#[test]
fn pairs_parsed_on_their_own_keep_their_lines_and_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("late-defaults.toml");
    let pair = |mentee: &str, extra: &str| {
        format!(
            "mentee = {{ name = \"{mentee}\" }}\nmentor = {{ name = \"Grace Hopper\" }}\n{extra}[[pairs.goals]]\ndescription = \"Settle in\"\n"
        )
    };
    let text = cohort(
        "",
        [
            pair(
                "Zoë Ó'Brien",
                "[[pairs.goals]]\ndescription = \"\"\"Speak up\n[[pairs]]\"\"\"\n",
            ),
            pair("Tomás Ruiz", "[pairs.meetings]\nfrequency = \"whenever\"\n"),
            pair("Ada Lovelace", ""),
        ],
        LATE_DEFAULTS,
    );
    std::fs::write(&file, &text).unwrap();
    let line = line_of(&text, "whenever");
    let out = dir.path().join("out");
    render(&file, &out, &["--format", "md"])
        .code(2)
        .stderr(contains("2 new, 1 failed").and(contains(format!(
            "late-defaults.toml:{line}:13 (pair 2: Tomás Ruiz and Grace Hopper)"
        ))));
    let md = std::fs::read_to_string(out.join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(md.contains("Speak up"), "a header inside a string is text");
    let md = std::fs::read_to_string(out.join("ada-lovelace-and-grace-hopper.md")).unwrap();
    assert!(
        md.contains("once a month"),
        "the defaults reach the last pair"
    );
}

/// The line (from 1) of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

/// Nothing in `out` but (perhaps) the index, with its failed row.
fn nothing_written(out: &std::path::Path) -> bool {
    files_in(out).iter().all(|f| f == "index.csv")
}

/// A cohort of `n` pairs, "Mentee 0" to "Mentee n-1" (with the defaults after them),
/// pair `i` given the keys `extra[i]` and each padded with `padding` comment lines:
/// with enough padding, a file too big to be held.
fn padded_cohort(n: usize, extra: &[(usize, &str)], padding: usize) -> String {
    let pad =
        "# notes from the matching panel, kept with the pair for the record\n".repeat(padding);
    let pairs = (0..n).map(|i| {
        let extra = extra.iter().find(|e| e.0 == i).map_or("", |e| e.1);
        format!(
            "{pad}mentee = {{ name = \"Mentee {i}\" }}\nmentor = {{ name = \"Grace Hopper\" }}\n{extra}[[pairs.goals]]\ndescription = \"Settle in\"\n"
        )
    });
    cohort("", pairs, LATE_DEFAULTS)
}

/// Defaults that come after the pairs they apply to.
const LATE_DEFAULTS: &str = "[defaults]\nduration = { start = 2027-01-11, months = 6 }\n[defaults.meetings]\nfrequency = \"monthly\"\n";

/// A cohort too big to hold is read a window of pairs at a time: it gives the same
/// agreements and index as the same pairs in a small file, and its problems point at
/// their own lines, however far down the file they are.
#[test]
fn a_cohort_too_big_to_hold_says_the_same_as_a_small_one() {
    let dir = tempfile::tempdir().unwrap();
    let extra = [
        (150, "[pairs.meetings]\nfrequency = \"whenever\"\n"),
        // Not TOML: this pair alone fails, with TOML's message.
        (290, "programme = { name = \"Open\" }}\n"),
    ];
    let run = |name: &str, padding: usize| {
        let text = padded_cohort(300, &extra, padding);
        let file = dir.path().join(name);
        std::fs::write(&file, &text).unwrap();
        let out = dir.path().join(format!("{name}-out"));
        let assert = render(&file, &out, &["--format", "md"])
            .code(2)
            .stderr(contains("298 new, 2 failed"));
        (text, out, stderr_of(&assert))
    };
    let (_, small, _) = run("small.toml", 0);
    let (text, big, stderr) = run("big.toml", 60);
    assert!(
        text.len() > 1 << 20,
        "the padded file is over the size read whole"
    );
    assert!(
        stderr.contains(&format!(
            "big.toml:{}:13 (pair 151: Mentee 150 and Grace Hopper)",
            line_of(&text, "whenever")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("big.toml:{}:", line_of(&text, "name = \"Open\"")))
            && stderr.contains("pair 291"),
        "{stderr}"
    );
    assert_eq!(files_in(&small), files_in(&big));
    for f in files_in(&small) {
        // The index names each input file: the same but for that.
        let read = |dir: &std::path::Path, name: &str| {
            String::from_utf8(std::fs::read(dir.join(&f)).unwrap())
                .unwrap()
                .replace(&dir.with_file_name(name).display().to_string(), "FILE")
        };
        assert_eq!(
            read(&small, "small.toml"),
            read(&big, "big.toml"),
            "{f} differs"
        );
    }
    let md = std::fs::read_to_string(big.join("mentee-299-and-grace-hopper.md")).unwrap();
    assert!(
        md.contains("once a month"),
        "the defaults reach the last pair"
    );
}

/// A mistake in the defaults of a cohort read in pieces is reported once, at its line,
/// and nothing is written.
#[test]
fn a_bad_default_in_a_big_cohort_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        padded_cohort(2000, &[], 8).replace("frequency = \"monthly\"", "frequncy = \"monthly\"");
    assert!(text.len() > 1 << 20);
    let file = dir.path().join("big.toml");
    std::fs::write(&file, &text).unwrap();
    let line = line_of(&text, "frequncy");
    let out = dir.path().join("out");
    let assert = render(&file, &out, &["--format", "md"])
        .code(2)
        .stderr(contains(format!("big.toml:{line}:1")).and(contains("did you mean `frequency`?")));
    let stderr = stderr_of(&assert);
    assert_eq!(stderr.matches("unknown key").count(), 1, "once: {stderr}");
    assert!(nothing_written(&out), "{:?}", files_in(&out));
}

/// An unclosed string or bracket takes in the rest of the file, defaults and all: the
/// file fails before anything is written, whether it is held or read in pieces.
#[test]
fn an_unclosed_bracket_fails_the_whole_cohort() {
    let dir = tempfile::tempdir().unwrap();
    let extra = [(290, "programme = { name = \"Open\"\n")];
    for (name, padding) in [("small.toml", 0), ("big.toml", 60)] {
        let text = padded_cohort(300, &extra, padding);
        let file = dir.path().join(name);
        std::fs::write(&file, &text).unwrap();
        // TOML sees the table is not closed on the line after it.
        let line = line_of(&text, "name = \"Open\"") + 1;
        let out = dir.path().join(format!("{name}-out"));
        render(&file, &out, &["--format", "md"]).code(2).stderr(
            contains(format!("{name}:{line}:"))
                .and(contains("takes in the rest of the file"))
                .and(contains("1 failed")),
        );
        assert!(nothing_written(&out), "{name}");
    }
}
