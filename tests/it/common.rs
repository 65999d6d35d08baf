//! Helpers shared by the test modules.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::assert::Assert;
use assert_cmd::Command as Cmd;

/// The months' names, to find dates written in words.
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// A day after every example's partnership has ended (3 September 2027): `review
/// --record` takes only meetings already held, so a test records them on this day.
pub const LATER: &str = "1820000000";

/// The real binary, with a fixed date so output is reproducible.
pub fn mentorpact() -> Cmd {
    let mut c = Cmd::cargo_bin("mentorpact").expect("binary built");
    c.env("SOURCE_DATE_EPOCH", "1795000000")
        .env("NO_COLOR", "1")
        .env_remove("TZ");
    c
}

/// The files in `dir`, without the manifest mentorpact keeps there.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != ".mentorpact-manifest")
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What `scripts/setup-tests` is called, for the messages of tests that need what it
/// installs: they fail, never skip and never install, so a run checks everything or says
/// plainly what to do.
pub const SETUP: &str = "./scripts/setup-tests (./scripts/test runs it, then every check)";

/// The PDF tests read files back with independent tools; without them they fail, naming
/// the setup command that installs them.
pub fn require(tool: &str) {
    assert!(
        Command::new(tool).arg("-v").output().is_ok(),
        "{tool} is not installed; the tests need it: run {SETUP}"
    );
}

pub fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().expect("tool runs");
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Words joined by single spaces, so line breaks in a PDF do not matter.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `mentorpact render FILE -o -`: the Markdown on standard output.
pub fn markdown_of(input: &Path) -> String {
    let out = mentorpact()
        .args(["render", "-o", "-"])
        .arg(input)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `mentorpact render INPUT ARGS -o OUT`, for the caller to assert on. Every test that
/// renders to a folder comes through here, so the command is spelt in one place.
pub fn render(input: &Path, out: &Path, args: &[&str]) -> Assert {
    mentorpact()
        .arg("render")
        .arg(input)
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
}

/// The PDFs in `dir`, in name order.
pub fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    files_in(dir)
        .into_iter()
        .filter(|f| f.ends_with(".pdf"))
        .map(|f| dir.join(f))
        .collect()
}

/// The one PDF in `dir`: the file's name follows the pair, not the input.
pub fn the_pdf(dir: &Path) -> PathBuf {
    let mut pdfs = pdfs_in(dir);
    assert_eq!(pdfs.len(), 1, "one agreement per folder: {pdfs:?}");
    pdfs.pop().unwrap()
}

/// The text of a cohort file: `before` (the defaults, or "" when they come last), a
/// `[[pairs]]` table for each item of `pairs` holding that pair's keys, then `after`.
/// Each test says only what its pairs differ in.
pub fn cohort(before: &str, pairs: impl IntoIterator<Item = String>, after: &str) -> String {
    let mut s = before.to_string();
    for keys in pairs {
        s.push_str("[[pairs]]\n");
        s.push_str(&keys);
        s.push('\n');
    }
    s.push_str(after);
    s
}

/// Write `text` to `dir/name` and return the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The records file `sign` and `review --record` keep for the one pair of `answers`
/// (in `<stem>.records/` beside it).
pub fn records_file(answers: &Path) -> PathBuf {
    let stem = answers.file_stem().unwrap().to_string_lossy();
    let dir = answers.with_file_name(format!("{stem}.records"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one pair's records: {files:?}");
    files.pop().unwrap()
}

/// Run `script` with the validators' Python (openpyxl, odfpy, xlwt), in `dir`: how the
/// roster tests make spreadsheets with independent writers.
pub fn python(dir: &Path, script: &str) {
    let py = root().join("target/validators/bin/python");
    assert!(py.exists(), "{} is missing: run {SETUP}", py.display());
    let out = std::process::Command::new(&py)
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The Markdown files `render` writes for `input`, by name.
pub fn rendered(input: &Path, out: &Path, args: &[&str]) -> Vec<(String, String)> {
    render(
        input,
        out,
        &["--format", "md", "-q"]
            .iter()
            .chain(args)
            .copied()
            .collect::<Vec<_>>(),
    )
    .success();
    files_in(out)
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| {
            let text = std::fs::read_to_string(out.join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

/// The exit code and error output of `mentorpact ARGS INPUT`.
pub fn stderr_of(args: &[&str], input: &Path) -> (i32, String) {
    let out = mentorpact().args(args).arg(input).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
