//! PDFs that read as the page does and can be filled in, checked where the validators
//! cannot see: the words of the structure tree (what a screen reader, a reflow reader or
//! an export reads) against the words of the Markdown, the date fields filled by
//! independent tools (pikepdf and qpdf) and validated again, and layouts that hold for
//! any input.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use crate::standards::{assert_valid, assert_valid_filled, run_script, validators};

const PDF_MD: [&str; 3] = ["-q", "--format", "md,pdf"];

/// Every example, both languages and every kind of pair (with and without a scheme,
/// peer, reverse), each rendered into a folder of its own.
fn every_kind(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (i, input) in [
        example("agreement.toml"),
        example("minimal.toml"),
        example("cohort.toml"),
        example("peer.toml"),
        fixture("tricky.toml"),
        fixture("en_us.toml"),
        fixture("first_tuesday.toml"),
        fixture("reverse.toml"),
    ]
    .iter()
    .enumerate()
    {
        let out = dir.join(i.to_string());
        render(input, &out, &PDF_MD).success();
        files.extend(pdfs_in(&out));
    }
    assert!(files.len() >= 10, "{files:?}");
    files
}

/// The words of the text in the structure tree, in its order (`pdfinfo -struct-text`
/// prints each element's text as quoted lines). Any other element's start is a word
/// boundary; an inline one (a link) is read in the flow of the text around it. List
/// labels that the Markdown writes as "-" are left out.
fn tagged_words(pdf: &Path) -> Vec<String> {
    require("pdfinfo");
    let mut text = String::new();
    for line in run("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]).lines() {
        let line = line.trim();
        if line.len() >= 2 && line.starts_with('"') && line.ends_with('"') {
            text.push_str(&line[1..line.len() - 1]);
        } else if !line.contains("(inline)") && !line.starts_with("Object ") {
            // An element that is not inline (or its attributes): a boundary.
            text.push(' ');
        }
    }
    text.split_whitespace()
        .filter(|w| *w != "•" && *w != "–")
        .map(str::to_string)
        .collect()
}

/// The words a reader of the Markdown reads: without markup (heading and list marks,
/// emphasis, table rules, escapes, the template's comments) and without the runs of
/// underscores that are lines to write on.
fn markdown_words(md: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in md.lines() {
        let line = line.trim();
        if line.starts_with("<!--") {
            continue;
        }
        if line.starts_with('|') && line.chars().all(|c| "|-: ".contains(c)) {
            continue;
        }
        let line = line.trim_start_matches('#');
        let line = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .unwrap_or(line);
        let mut plain = String::new();
        let mut chars = line.chars().peekable();
        let mut underscores = String::new();
        while let Some(c) = chars.next() {
            if c != '_' && !underscores.is_empty() {
                if underscores.len() < 4 {
                    plain.push_str(&underscores);
                }
                underscores.clear();
            }
            match c {
                '\\' => plain.extend(chars.next()),
                '*' | '|' => plain.push(' '),
                '_' => underscores.push(c),
                _ => plain.push(c),
            }
        }
        if underscores.len() < 4 {
            plain.push_str(&underscores);
        }
        words.extend(
            plain
                .split_whitespace()
                // "□" is a box to tick, drawn as one (and a field), not a word.
                .filter(|w| *w != "•" && *w != "–" && *w != "□")
                .map(str::to_string),
        );
    }
    words
}

/// Review records, early and final, in both languages, with their Markdown.
fn review_records(dir: &Path) -> Vec<PathBuf> {
    for (input, point) in [
        (example("agreement.toml"), "early"),
        (example("agreement.toml"), "final"),
        (fixture("en_us.toml"), "1"),
        (example("peer.toml"), "final"),
    ] {
        mentorpact()
            .arg("review")
            .arg(&input)
            .args(["--point", point, "--force", "--format", "md,pdf", "-o"])
            .arg(dir)
            .assert()
            .success();
    }
    let files = pdfs_in(dir);
    assert_eq!(files.len(), 4, "{files:?}");
    files
}

#[test]
fn the_structure_tree_reads_the_words_of_the_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let mut pdfs = every_kind(dir.path());
    pdfs.extend(review_records(&dir.path().join("reviews")));
    for pdf in pdfs {
        let md = std::fs::read_to_string(pdf.with_extension("md")).unwrap();
        let want = markdown_words(&md);
        let got = tagged_words(&pdf);
        if let Some(at) = (0..want.len().max(got.len())).find(|&i| want.get(i) != got.get(i)) {
            let around = |w: &[String]| w[at.saturating_sub(4)..(at + 4).min(w.len())].join(" ");
            panic!(
                "{}: word {at} differs\n markdown: {}\n   tagged: {}",
                pdf.display(),
                around(&want),
                around(&got)
            );
        }
        assert!(
            want.len() > 50,
            "{}: only {} words",
            pdf.display(),
            want.len()
        );
    }
}

/// Fill every date field of `pdf` with `date` using `tool` ("pikepdf" or "qpdf"),
/// into `out`; the script also checks that the appearance drawn uses the form's
/// embedded font, has a glyph for every character and shows the whole date.
fn fill(tool: &str, pdf: &Path, out: &Path, date: &str) {
    let args = [
        tool.as_ref(),
        pdf.as_os_str(),
        out.as_os_str(),
        date.as_ref(),
    ];
    run_script(
        "fill_dates.py",
        &args,
        &format!("{tool} filling {}", pdf.display()),
    );
}

#[test]
fn date_fields_filled_by_pikepdf_and_qpdf_stay_valid_and_show_the_whole_date() {
    require("qpdf");
    let dir = tempfile::tempdir().unwrap();
    // The widest date each language writes (no weekday, as the agreement writes them).
    let cases = [
        (example("agreement.toml"), "30 September 2027"),
        (example("peer.toml"), "28 November 2026"),
        (fixture("en_us.toml"), "September 30, 2027"),
        (fixture("tricky.toml"), "31 December 2026"),
    ];
    let mut filled = Vec::new();
    for (i, (input, date)) in cases.iter().enumerate() {
        let out = dir.path().join(i.to_string());
        render(input, &out, &["-q", "--format", "pdf"]).success();
        let pdf = the_pdf(&out);
        // The tooltip says what to type, with a date as this agreement writes them.
        let json = run(
            "qpdf",
            &["--json", "--json-key=acroform", pdf.to_str().unwrap()],
        );
        let form: serde_json::Value = serde_json::from_str(&json).unwrap();
        let tip = form["acroform"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["fullname"] == "mentee-date")
            .map(|f| f["alternativename"].as_str().unwrap().to_string())
            .unwrap();
        let example = if i == 2 { ", 20" } else { " 20" };
        assert!(
            tip.starts_with("Date the mentee signed, for example ") && tip.contains(example),
            "{tip}"
        );
        for tool in ["pikepdf", "qpdf"] {
            let to = dir.path().join(format!("{i}-{tool}.pdf"));
            fill(tool, &pdf, &to, date);
            filled.push(to);
        }
    }
    assert_valid_filled(&filled);
}

/// The form's fields of `pdf`: (name, page height, rectangle).
fn field_rects(pdf: &Path) -> Vec<(String, f32, [f32; 4])> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let num = |o: &lopdf::Object| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32);
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let p = doc.get_dictionary(page).unwrap();
        let media: Vec<f32> = p
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(num)
            .collect();
        let Ok(annots) = p.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let Ok(t) = a.get(b"T") else { continue };
            let name = lopdf::decode_text_string(t).unwrap();
            let r: Vec<f32> = a
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(num)
                .collect();
            out.push((name, media[3], [r[0], r[1], r[2], r[3]]));
        }
    }
    out
}

#[test]
fn emails_are_tagged_links_with_their_annotation() {
    let dir = tempfile::tempdir().unwrap();
    render(
        &example("agreement.toml"),
        dir.path(),
        &["-q", "--format", "pdf"],
    )
    .success();
    let pdf = the_pdf(dir.path());
    let tree = run("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
    let links = tree.matches("Link (inline)").count();
    assert_eq!(links, 3, "{tree}");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let mut uris = Vec::new();
    for (_, page) in doc.get_pages() {
        let p = doc.get_dictionary(page).unwrap();
        for a in p
            .get(b"Annots")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
        {
            let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            if a.get(b"Subtype").unwrap().as_name().unwrap() == b"Link" {
                let contents = lopdf::decode_text_string(a.get(b"Contents").unwrap()).unwrap();
                let action = a.get(b"A").unwrap().as_dict().unwrap();
                let uri = action.get(b"URI").unwrap().as_str().unwrap();
                uris.push((String::from_utf8(uri.to_vec()).unwrap(), contents));
                assert!(a.get(b"StructParent").is_ok());
            }
        }
    }
    assert_eq!(
        uris,
        [
            (
                "mailto:zoe@example.org".to_string(),
                "Email zoe@example.org".to_string()
            ),
            (
                "mailto:grace@example.org".into(),
                "Email grace@example.org".into()
            ),
            (
                "mailto:mentoring@northfield.example".into(),
                "Email mentoring@northfield.example".into()
            ),
        ]
    );
    // outloud has no warning left on an agreement (it flagged the emails as text).
    let out = Command::new(validators().join("bin/outloud"))
        .args(["-q", "--fail-on", "warning"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_very_long_name_keeps_the_fields_on_the_page_and_no_heading_ends_a_page() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("agreement.toml")).unwrap();
    for n in [400, 1000, 1300, 3000] {
        let long: String = (0..n).map(|i| if i % 9 == 8 { ' ' } else { 'a' }).collect();
        let f = write(
            dir.path(),
            &format!("long{n}.toml"),
            &text
                .replace("Zoë Ó'Brien", &format!("Zoë {long}"))
                .replace("Grace Hopper", &format!("Grace {long}")),
        );
        let out = dir.path().join(n.to_string());
        render(&f, &out, &PDF_MD).success();
        let pdf = the_pdf(&out);
        let fields = field_rects(&pdf);
        assert_eq!(fields.len(), 6, "{n}: {fields:?}");
        for (name, height, [x0, y0, x1, y1]) in fields {
            // Above the footer and below the top margin, on the page.
            assert!(
                y0 >= 60.0 && y1 <= height - 40.0 && x0 >= 60.0 && x1 <= 560.0,
                "{n}: {name} at {:?} is off the page",
                [x0, y0, x1, y1]
            );
        }
        // The whole name is still in the agreement's text.
        let md = std::fs::read_to_string(pdf.with_extension("md")).unwrap();
        let headings: Vec<String> = md
            .lines()
            .filter_map(|l| l.strip_prefix("## ").or(l.strip_prefix("### ")))
            .map(squash)
            .collect();
        let body = squash(&run("pdftotext", &[pdf.to_str().unwrap(), "-"]));
        assert!(body.contains(&squash(&long)), "{n}: the full name is gone");
        let pages: Vec<String> = run("pdftotext", &[pdf.to_str().unwrap(), "-"])
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string)
            .collect();
        for (i, page) in pages.iter().enumerate().take(pages.len() - 1) {
            let last = page
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty() && !l.starts_with("Page ") && !l.contains("agreement:"))
                .map(squash)
                .unwrap();
            assert!(
                !headings.contains(&last),
                "{n}: page {} ends with {last:?}",
                i + 1
            );
        }
    }
}

#[test]
fn underscores_in_a_title_or_name_are_drawn_as_text_in_the_footer_and_body() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("agreement.toml"))
        .unwrap()
        .replace(
            "title = \"Mentoring agreement\"",
            "title = \"Draft____v2 <b>&\"",
        )
        .replace("Grace Hopper", "Grace____Hopper");
    let f = write(dir.path(), "under.toml", &text);
    let out = dir.path().join("out");
    render(&f, &out, &PDF_MD).success();
    let pdf = the_pdf(&out);
    let pages = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let n = pages
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .count();
    assert_eq!(
        pages
            .matches("Draft____v2 <b>&: Zoë Ó'Brien and Grace____Hopper")
            .count(),
        n,
        "the footer of every page, as written:\n{pages}"
    );
    let words = tagged_words(&pdf);
    assert!(
        words.iter().any(|w| w.starts_with("Grace____Hopper")),
        "{words:?}"
    );
}

#[test]
fn characters_no_font_has_are_read_as_written() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    render(
        &fixture("fallback.toml"),
        dir.path(),
        &["-q", "--format", "pdf"],
    )
    .success();
    let pdf = dir.path().join("fallback.pdf");
    // Drawn as U+FFFD, but each in a span whose /ActualText is the real character.
    let text = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("We, 李小龍 Li and"), "{text}");
    assert!(!text.contains('\u{FFFD}'), "{text}");
    assert_valid(&[pdf]);
}

#[test]
fn review_records_can_be_filled_in_and_stay_valid() {
    let dir = tempfile::tempdir().unwrap();
    let records = review_records(dir.path());
    let mut filled = Vec::new();
    for pdf in &records {
        // A heading per goal, a group of boxes to tick per goal, and notes fields.
        let tree = run("pdfinfo", &["-struct", pdf.to_str().unwrap()]);
        assert!(tree.matches("Form").count() >= 6, "{tree}");
        let md = std::fs::read_to_string(pdf.with_extension("md")).unwrap();
        assert!(md.contains("\n### 1. "), "goal titles are headings:\n{md}");
        // Each box by its own label, and no printed line through typed notes.
        run_script(
            "review_layout.py",
            &[pdf.as_os_str()],
            &format!("the layout of {}", pdf.display()),
        );
        let to = pdf.with_extension("filled.pdf");
        run_script(
            "fill_review.py",
            &[pdf.as_os_str(), to.as_os_str()],
            &format!("filling {}", pdf.display()),
        );
        filled.push(to);
    }
    assert_valid(&records);
    assert_valid_filled(&filled);
}
