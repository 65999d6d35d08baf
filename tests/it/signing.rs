//! Signing: the signature page kept whole, fillable fields that an independent reader
//! finds, and `mentorpact sign` recording confirmations that go void when the text
//! changes.

use std::path::{Path, PathBuf};

use crate::common::*;
use predicates::prelude::*;
use predicates::str::contains;

/// The Markdown too: some tests read the headings from it.
const MD_PDF: [&str; 3] = ["-q", "--format", "md,pdf"];

/// The fields qpdf lists in the PDF's form: (name, type).
fn fields(pdf: &Path) -> Vec<(String, String)> {
    require("qpdf");
    let json = run(
        "qpdf",
        &["--json", "--json-key=acroform", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["acroform"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["fullname"].as_str().unwrap().to_string(),
                f["fieldtype"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_party_gets_a_signature_field_and_a_date_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fields");
    render(&example("agreement.toml"), &out, &MD_PDF).success();
    let pdf = the_pdf(&out);
    let want: Vec<(String, String)> = ["mentee", "mentor", "coordinator"]
        .iter()
        .flat_map(|p| {
            [
                (format!("{p}-signature"), "/Sig".to_string()),
                (format!("{p}-date"), "/Tx".to_string()),
            ]
        })
        .collect();
    assert_eq!(fields(&pdf), want);
    // Tagged: every widget in a Form element, and the page in structure order.
    let tree = run("pdfinfo", &["-struct", pdf.to_str().unwrap()]);
    assert_eq!(tree.matches("Form").count(), 6, "{tree}");
    let without = dir.path().join("plain");
    render(
        &example("agreement.toml"),
        &without,
        &["-q", "--format", "md,pdf", "--no-fields"],
    )
    .success();
    let pdf = the_pdf(&without);
    assert!(fields(&pdf).is_empty(), "--no-fields leaves them out");
}

#[test]
fn the_signature_section_stays_whole_on_one_page() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    for (i, input) in [
        example("agreement.toml"),
        example("minimal.toml"),
        fixture("tricky.toml"),
    ]
    .iter()
    .enumerate()
    {
        let out = dir.path().join(i.to_string());
        render(input, &out, &MD_PDF).success();
        let pdf = the_pdf(&out);
        let text = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
        let page = text
            .split('\u{c}')
            .find(|p| p.contains("Signatures"))
            .expect("a page with the signatures");
        let opening = page.find("By signing").expect("the opening sentence");
        assert!(page.find("Signatures").unwrap() < opening);
        for party in ["Mentee:", "Mentor:"] {
            assert!(page.contains(party), "{party} on the page: {page}");
        }
        assert_eq!(
            page.matches("Signature:").count(),
            page.matches("Date:").count(),
            "each party's two lines: {page}"
        );
        assert!(page.matches("Signature:").count() >= 2);
    }
}

fn copy_example(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(example(name), &to).unwrap();
    to
}

#[test]
fn a_confirmation_goes_void_when_the_text_changes_and_is_renewed_by_signing_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(dir.path(), "agreement.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    mentorpact()
        .args(["sign"])
        .arg(&file)
        .args(["--as", "mentee", "--on", "2026-11-02"])
        .assert()
        .success()
        .stdout(contains(
            "Zoë Ó'Brien confirms as mentee on 2 November 2026",
        ));
    // The answers stay as written; the confirmation is kept with the pair's records.
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(after, before);
    let records = std::fs::read_to_string(records_file(&file)).unwrap();
    assert!(
        records.contains("[[confirmations]]\nwho = \"mentee\""),
        "{records}"
    );

    let md = markdown_of(&file);
    assert!(
        md.contains("Confirmed by Zoë Ó'Brien (mentee) on 2 November 2026, fingerprint "),
        "{md}"
    );
    mentorpact()
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stderr(contains("warning").not());

    // The pair changes a goal: the confirmation no longer holds.
    std::fs::write(
        &file,
        after.replace("presenting to senior colleagues", "presenting to the board"),
    )
    .unwrap();
    mentorpact()
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stderr(contains(
            "Zoë Ó'Brien's confirmation (mentee, 2 November 2026) no longer matches",
        ));
    assert!(markdown_of(&file).contains("Void: Zoë Ó'Brien’s confirmation"));

    // Confirming again replaces the void one.
    mentorpact()
        .args(["sign"])
        .arg(&file)
        .args(["--as", "mentee", "--on", "2026-11-03"])
        .assert()
        .success();
    let text = std::fs::read_to_string(records_file(&file)).unwrap();
    assert_eq!(text.matches("who = \"mentee\"").count(), 1, "{text}");
    mentorpact()
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stderr(contains("warning").not());
}

#[test]
fn a_name_that_is_not_the_partys_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(dir.path(), "agreement.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    mentorpact()
        .args(["sign"])
        .arg(&file)
        .args(["--as", "mentor", "--name", "Ada Lovelace"])
        .assert()
        .code(2)
        .stderr(contains("\"Ada Lovelace\" is not the mentor named in"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "nothing written"
    );
    assert!(
        !dir.path().join("agreement.records").exists(),
        "no records either"
    );
    // Case and spacing do not matter, and the file's spelling is kept.
    mentorpact()
        .args(["sign"])
        .arg(&file)
        .args(["--as", "mentor", "--name", "grace  HOPPER"])
        .assert()
        .success();
    // Recorded with the file's spelling, in the pair's records.
    assert!(std::fs::read_to_string(records_file(&file))
        .unwrap()
        .contains("name = \"Grace Hopper\""));
    mentorpact()
        .args(["sign"])
        .arg(&file)
        .args(["--as", "coordinator", "--name", "S. Okafor", "--force"])
        .assert()
        .success();
    for bad in [&["--on", "2026-13-01"][..], &["--on", "1999-01-01"][..]] {
        mentorpact()
            .args(["sign"])
            .arg(&file)
            .args(["--as", "mentee"])
            .args(bad)
            .assert()
            .code(2)
            .stderr(contains("is not a date like"));
    }
    // Today, for these tests, is 18 November 2026: a later day is refused.
    mentorpact()
        .args(["sign"])
        .arg(&file)
        .args(["--as", "mentee", "--on", "2099-12-31"])
        .assert()
        .code(2)
        .stderr(contains("--on 2099-12-31 is after today (2026-11-18)"));
}

#[test]
fn in_a_cohort_a_pair_signs_by_number_and_the_index_says_who_has_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(dir.path(), "cohort.toml");
    mentorpact()
        .args(["sign"])
        .arg(&file)
        .args(["--as", "mentee"])
        .assert()
        .code(2)
        .stderr(contains("is a cohort of 3 pairs: say which with --pair"));
    for party in ["mentee", "mentor"] {
        mentorpact()
            .args(["sign"])
            .arg(&file)
            .args(["--as", party, "--pair", "2"])
            .assert()
            .success()
            .stdout(contains(format!("confirms as {party}")));
    }
    mentorpact()
        .args(["sign"])
        .arg(&file)
        .args(["--as", "mentee", "--pair", "9"])
        .assert()
        .code(2)
        .stderr(contains("has pairs 1 to 3"));
    let out = dir.path().join("out");
    render(&file, &out, &["-q", "--format", "md"]).success();
    let mut r = csv::Reader::from_path(out.join("index.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    let col = header.iter().position(|h| h == "confirmed").unwrap();
    let confirmed: Vec<String> = r.records().map(|r| r.unwrap()[col].to_string()).collect();
    assert_eq!(confirmed, ["", "mentee; mentor", ""]);
}

#[test]
fn no_heading_is_left_at_the_bottom_of_a_page() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        example("agreement.toml"),
        example("minimal.toml"),
        example("peer.toml"),
        fixture("tricky.toml"),
        fixture("en_us.toml"),
        fixture("reverse.toml"),
    ];
    // Only a page that another follows is checked: unless some input runs onto a
    // second page, this test checks nothing.
    let mut runs_on = 0;
    for (i, input) in inputs.iter().enumerate() {
        let out = dir.path().join(i.to_string());
        render(input, &out, &MD_PDF).success();
        let pdf = the_pdf(&out);
        let md = std::fs::read_to_string(pdf.with_extension("md")).unwrap();
        let headings: Vec<String> = md
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .map(squash)
            .collect();
        let text = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        if pages.len() > 1 {
            runs_on += 1;
        }
        for (n, page) in pages.iter().enumerate() {
            // The last line of the page's text, before its footer.
            let body: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("Page ") && !l.contains("agreement:"))
                .collect();
            if n + 1 < pages.len() {
                let last = squash(body.last().unwrap());
                assert!(
                    !headings.contains(&last),
                    "{}: page {} ends with the heading \"{last}\"",
                    input.display(),
                    n + 1
                );
            }
        }
    }
    assert!(
        runs_on > 0,
        "no input runs onto a second page, so no page foot was checked"
    );
}

#[test]
fn a_pades_signature_applied_by_pyhanko_to_a_field_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    render(
        &example("agreement.toml"),
        dir.path(),
        &["-q", "--format", "pdf"],
    )
    .success();
    let pdf = the_pdf(dir.path());
    let signed = dir.path().join("signed.pdf");
    let python = crate::standards::validators().join("bin/python");
    let said = crate::standards::run_script(
        "sign_pades.py",
        &[
            pdf.as_os_str(),
            signed.as_os_str(),
            "mentee-signature".as_ref(),
        ],
        "signing with pyHanko",
    );
    assert!(said.contains("judged VALID"), "{said}");
    // Still PDF/UA-1: the signature and its widget keep their Form element. (PDF/A is
    // another matter: pyHanko rewrites the XMP without its extension schema; see
    // docs/reference.md, "Signing".)
    let ua = std::process::Command::new(&python)
        .args(["-c", "import sys, page; sys.exit(0 if page.validate_pdf(sys.argv[1], profile='ua1').is_compliant else 1)"])
        .arg(&signed)
        .status()
        .unwrap();
    assert!(ua.success(), "the signed file is no longer PDF/UA-1");
}
