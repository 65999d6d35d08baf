//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Cmd;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

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

/// The PDF tests read files back with independent tools; without them they fail, with
/// the command that installs them (.ci/run does).
pub fn require(tool: &str) {
    assert!(
        Command::new(tool).arg("-v").output().is_ok(),
        "{tool} is not installed; the PDF tests need it: apt-get install poppler-utils qpdf"
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
