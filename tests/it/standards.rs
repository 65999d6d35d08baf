//! PDF/UA-1 and PDF/A-2a, checked by independent validators: `page-validation` (both
//! profiles) and `outloud` (accessibility, PDF/UA plus semantic checks), at the versions
//! pinned in `tests/requirements.txt`, which `scripts/setup-tests` installs into
//! `target/validators`. These tests only use them: without them they fail, naming the
//! setup command, rather than install something else or skip.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;
use predicates::prelude::PredicateBooleanExt;

/// Run the test script `tests/it/NAME` with the validators' Python, with `args`; its
/// standard output, once it has succeeded (`what`: what it was doing, for the failure).
pub fn run_script(name: &str, args: &[&std::ffi::OsStr], what: &str) -> String {
    let o = Command::new(validators().join("bin/python"))
        .arg(root().join("tests/it").join(name))
        .args(args)
        .output()
        .expect("python runs");
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "{what}:\n{said}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    said
}

/// The virtual environment with the validators, looked at once per test run.
pub fn validators() -> &'static Path {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        let venv = std::env::var_os("MENTORPACT_VALIDATORS")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target/validators"));
        let ready = Command::new(venv.join("bin/python"))
            .args(["-c", "import page, outloud"])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ready,
            "the PDF validators are not installed in {}: run {SETUP}",
            venv.display()
        );
        // The setup keeps a copy of the pins it installed: a verdict from versions other
        // than the pinned ones would not be the one everyone else gets.
        let pinned = std::fs::read_to_string(root().join("tests/requirements.txt")).unwrap();
        let installed = std::fs::read_to_string(venv.join("requirements.txt")).unwrap_or_default();
        assert!(
            installed == pinned,
            "the validators in {} are not the versions pinned in tests/requirements.txt: run {SETUP}",
            venv.display()
        );
        venv
    })
}

/// Render `input` to PDF in `dir` and return the PDFs written.
fn pdfs(input: &Path, dir: &Path) -> Vec<PathBuf> {
    render(input, dir, &["--format", "pdf", "-q"]).success();
    pdfs_in(dir)
}

const CHECK: &str = r#"
import sys, page
bad = 0
for path in sys.argv[1:]:
    for profile in ("ua1", "2a"):
        report = page.validate_pdf(path, profile=profile)
        for f in report.failures:
            bad += 1
            print(f"{path} [{profile}] {f.rule_id}: {getattr(f, 'message', '')}")
        if not report.is_compliant and not report.failures:
            bad += 1
            print(f"{path} [{profile}] not compliant")
sys.exit(1 if bad else 0)
"#;

/// Both validators pass `files`, and outloud finds no warning either.
pub fn assert_valid(files: &[PathBuf]) {
    validate(files, &[]);
}

/// As [`assert_valid`], for forms filled in by another tool. outloud's TAG-003 (a
/// widget's text must be in the structure tree) reads the appearance a filler drew,
/// which is outside any tag by design: the value lives in the field, which is tagged.
pub fn assert_valid_filled(files: &[PathBuf]) {
    validate(files, &["TAG-003"]);
}

fn validate(files: &[PathBuf], allowed: &[&str]) {
    assert!(!files.is_empty());
    let venv = validators();
    let out = Command::new(venv.join("bin/python"))
        .arg("-c")
        .arg(CHECK)
        .args(files)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "page-validation:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut outloud = Command::new(venv.join("bin/outloud"));
    outloud.args(["-q", "--fail-on", "warning"]);
    if !allowed.is_empty() {
        outloud.arg("--skip").arg(allowed.join(","));
    }
    let out = outloud.args(files).output().expect("outloud runs");
    assert!(
        out.status.success() || only_mupdfs_sign(venv, files, allowed),
        "outloud:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether outloud's only warnings are MuPDF's own "SIGN": MuPDF draws that word in an
/// unsigned signature field when it reads the page, and outloud reads pages through
/// MuPDF, so it hears a word that is in no content stream of the file. In English (and
/// French) "signature" is on the page and outloud counts it as announced; in Welsh,
/// German and Spanish nothing on the page contains it.
fn only_mupdfs_sign(venv: &std::path::Path, files: &[PathBuf], allowed: &[&str]) -> bool {
    let out = Command::new(venv.join("bin/outloud"))
        .args(["--json", "-"])
        .args(files)
        .output()
        .expect("outloud runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("outloud's JSON");
    let findings = report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["findings"].as_array().cloned().unwrap_or_default());
    findings
        .filter(|f| matches!(f["severity"].as_str(), Some("warning" | "error")))
        .filter(|f| !allowed.contains(&f["rule"].as_str().unwrap_or("")))
        .all(|f| f["rule"] == "TAG-003" && f["evidence"] == "SIGN")
}

#[test]
fn every_example_and_kind_of_pair_passes_pdf_ua_and_pdf_a() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, input) in [
        example("agreement.toml"),
        example("minimal.toml"),
        example("cohort.toml"),
        fixture("tricky.toml"),
        fixture("en_us.toml"),
        fixture("first_tuesday.toml"),
        example("peer.toml"),
        fixture("reverse.toml"),
    ]
    .iter()
    .enumerate()
    {
        let out = dir.path().join(i.to_string());
        files.extend(pdfs(input, &out));
    }
    assert!(files.len() >= 8, "{files:?}");
    assert_valid(&files);
}

#[test]
fn the_pdf_is_tagged_with_a_structure_tree_and_an_outline() {
    require("pdfinfo");
    let dir = tempfile::tempdir().unwrap();
    let pdf = &pdfs(&fixture("tricky.toml"), dir.path())[0];
    let p = pdf.to_str().unwrap();
    let info = run("pdfinfo", &[p]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Metadata Stream: yes"), "{info}");
    let tree = run("pdfinfo", &["-struct", p]);
    assert!(tree.starts_with("Document"), "{tree}");
    let roles: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|w| w.trim_end_matches(':'))
        .collect();
    for role in [
        "H1", "H2", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Div",
    ] {
        assert!(roles.contains(&role), "no {role} in:\n{tree}");
    }
    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    // Every heading, nested: the sections under the title, subsections under theirs.
    fn titles(doc: &lopdf::Document, first: Option<&lopdf::Object>, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = first.map(|f| f.as_reference().unwrap());
        while let Some(id) = at {
            let item = doc.get_dictionary(id).unwrap();
            let title = lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap();
            out.push(format!("{}{title}", "#".repeat(depth)));
            out.extend(titles(doc, item.get(b"First").ok(), depth + 1));
            at = item.get(b"Next").ok().map(|n| n.as_reference().unwrap());
        }
        out
    }
    let outline = titles(&doc, outlines.get(b"First").ok(), 1);
    let headings: Vec<String> = markdown_of(&fixture("tricky.toml"))
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            let (marks, title) = l.split_once(' ').unwrap();
            format!("{marks}{}", squash(&title.replace('\\', "")))
        })
        .collect();
    assert_eq!(outline, headings);
    assert!(
        outline.iter().any(|h| h == "###Meeting schedule"),
        "{outline:?}"
    );
    assert_eq!(
        outlines.get(b"Count").unwrap().as_i64().unwrap(),
        headings.len() as i64,
        "every heading, all open"
    );
    assert_eq!(doc.version, "1.7");
    // Nothing claims PDF/X.
    let bytes = std::fs::read(pdf).unwrap();
    assert!(!bytes.windows(7).any(|w| w == b"GTS_PDFX"));
}

#[test]
fn the_extracted_text_is_the_markdown_text() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("en_us.toml");
    let pdf = &pdfs(&input, dir.path())[0];
    // List markers are labels the Markdown writes as "-"; drop them, and the running
    // footers, which are artifacts and not in the Markdown.
    let text: String = run("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .lines()
        .map(|l| l.trim_start_matches(['•', '–', ' ', '\u{c}']))
        .filter(|l| !l.starts_with("Page ") && !l.starts_with("Mentoring agreement: "))
        .collect::<Vec<_>>()
        .join(" ");
    let text = squash(&text);
    let md = markdown_of(&input);
    // Every paragraph of the Markdown, without its markup, is in the PDF's text.
    for para in md.split("\n\n") {
        // Runs of underscores are drawn as lines to sign on, not text.
        let plain: String = para
            .replace("**", "")
            .replace('_', "")
            .replace("\\", "")
            .lines()
            .filter(|l| !l.starts_with("<!--"))
            .map(|l| l.trim_start_matches(['#', '-', ' ']))
            .collect::<Vec<_>>()
            .join(" ");
        if plain.starts_with('|') || plain.starts_with("<!--") || plain.trim().is_empty() {
            continue;
        }
        let plain = squash(&plain);
        assert!(text.contains(&plain), "{plain:?} missing from the PDF text");
    }
}

#[test]
fn fallback_fonts_fill_in_and_one_warning_names_what_is_still_missing() {
    require("pdffonts");
    let dir = tempfile::tempdir().unwrap();
    let out = render(&fixture("fallback.toml"), dir.path(), &["--format", "pdf"]).success();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let missing: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("have no glyph"))
        .collect();
    assert_eq!(missing.len(), 1, "one line per document:\n{err}");
    for c in ["U+674E", "U+5C0F", "U+9F8D", "U+1F680", "U+1F642"] {
        assert!(missing[0].contains(c), "{c} not named in {}", missing[0]);
    }
    assert!(
        !missing[0].contains("U+05E9"),
        "Hebrew comes from the fallback font"
    );
    assert!(err.contains("right-to-left text"), "{err}");
    let pdf = dir.path().join("fallback.pdf");
    let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
    let row = fonts
        .lines()
        .find(|l| l.contains("fallback-hebrew-arabic"))
        .unwrap_or_else(|| panic!("fallback font not in:\n{fonts}"));
    assert!(
        row.contains("yes yes yes"),
        "embedded, subset, with Unicode: {row}"
    );
    assert_valid(&[pdf]);
}

#[test]
fn a_font_that_is_not_a_font_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let font = example("minimal.toml");
    render(
        &example("minimal.toml"),
        &dir.path().join("out"),
        &["--font", font.to_str().unwrap()],
    )
    .code(2)
    .stderr(predicates::str::contains("minimal.toml").and(predicates::str::contains("font")));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn review_records_pass_pdf_ua_and_pdf_a() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (input, point) in [
        (example("agreement.toml"), "early"),
        (example("agreement.toml"), "final"),
        (fixture("en_us.toml"), "1"),
    ] {
        mentorpact()
            .arg("review")
            .arg(&input)
            .args(["--point", point, "--force", "-o"])
            .arg(dir.path())
            .assert()
            .success();
    }
    files.extend(pdfs_in(dir.path()));
    assert_eq!(files.len(), 3);
    assert_valid(&files);
}
