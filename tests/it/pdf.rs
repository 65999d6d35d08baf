//! PDFs read back by independent readers: poppler (pdftotext, pdffonts), qpdf, and lopdf.

use std::path::{Path, PathBuf};

use crate::common::*;

const PDF: [&str; 3] = ["--format", "pdf", "-q"];

/// A long agreement: many goals and long boundaries, so it flows over several pages.
fn long_agreement(dir: &Path) -> PathBuf {
    let mut s = std::fs::read_to_string(example("agreement.toml")).unwrap();
    for i in 1..=12 {
        s.push_str(&format!(
            "\n[[goals]]\ndescription = \"Goal number {i}: grow in an area that matters, with a description long enough to wrap over more than one line of the page\"\nmeasure = \"Evidence {i} that we both recognise\"\n"
        ));
    }
    s = s.replace(
        "other = [\"No meetings in the mentee's annual-leave weeks.\"]",
        &format!("other = [{}]", (1..=15).map(|i| format!("\"Boundary {i}: a longer clause that we agree on, written out in full so that it wraps.\"")).collect::<Vec<_>>().join(", ")),
    );
    s = s.replace("frequency = \"monthly\"", "frequency = \"weekly\"");
    s = s.replace("week_of_month = \"first\"", "");
    let f = dir.join("long.toml");
    std::fs::write(&f, s).unwrap();
    f
}

#[test]
fn pdf_passes_qpdf_and_embeds_every_font() {
    require("qpdf");
    require("pdffonts");
    let dir = tempfile::tempdir().unwrap();
    render(&example("agreement.toml"), dir.path(), &PDF).success();
    let pdf = the_pdf(dir.path());
    let p = pdf.to_str().unwrap();
    let check = std::process::Command::new("qpdf")
        .args(["--check", p])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let fonts = run("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.len() >= 3,
        "regular, bold and italic expected:\n{fonts}"
    );
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... emb sub uni: "emb" is the third column from the end of the flags.
        assert!(row.contains("CID TrueType"), "{row}");
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
        assert_eq!(
            cols[cols.len() - 4],
            "yes",
            "font not marked as a subset: {row}"
        );
        assert!(cols[0].contains("+DejaVuSerif"), "{row}");
    }
}

#[test]
fn text_extracts_with_every_name_and_goal() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    render(&example("cohort.toml"), &out, &PDF).success();
    let text = |name: &str| squash(&run("pdftotext", &[out.join(name).to_str().unwrap(), "-"]));
    let a = text("lukasz-zolkiewski-norgaard-and-siobhan-ni-bhriain.pdf");
    for needle in [
        "Łukasz Żółkiewski-Nørgaard",
        "Siobhán Ní Bhriain",
        "Publish a first paper as lead author",
        "Supervise a PhD student with confidence",
        "Build a network outside the department",
        "is also Łukasz Żółkiewski-Nørgaard’s line manager",
        // 28 February 2027 is a Sunday: that meeting moves to the Monday.
        "Monday 1 March 2027",
    ] {
        assert!(a.contains(needle), "missing {needle:?} in:\n{a}");
    }
    let z = text("zoe-o-brien-and-grace-hopper.pdf");
    assert!(z.contains("Zoë Ó'Brien") && z.contains("Grace Hopper"));
    assert!(z.contains("Build confidence presenting to senior colleagues"));
}

#[test]
fn no_word_crosses_the_right_margin() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    render(&long_agreement(dir.path()), dir.path(), &PDF).success();
    let pdf = the_pdf(dir.path());
    let html = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut words = 0;
    let mut page_width = 0.0f64;
    for line in html.lines() {
        let attr = |name: &str| -> Option<f64> {
            let i = line.find(&format!("{name}=\""))? + name.len() + 2;
            line[i..].split('"').next()?.parse().ok()
        };
        if line.contains("<page ") {
            page_width = attr("width").unwrap();
        }
        if line.contains("<word ") {
            words += 1;
            let (x0, x1) = (attr("xMin").unwrap(), attr("xMax").unwrap());
            // 68 pt margins; half a point of rounding.
            assert!(x0 >= 67.5, "word starts in the left margin: {line}");
            assert!(
                x1 <= page_width - 67.5,
                "word crosses the right margin: {line}"
            );
        }
    }
    assert!(words > 1000, "only {words} words found");
}

#[test]
fn long_agreement_flows_over_pages_with_page_x_of_y() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    render(&long_agreement(dir.path()), dir.path(), &PDF).success();
    let pdf = the_pdf(dir.path());
    let text = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let n = pages.len();
    assert!(n >= 4, "expected several pages, got {n}");
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {n}", i + 1)),
            "page {} lacks its number",
            i + 1
        );
        assert!(
            page.contains("Mentoring agreement: Zoë Ó'Brien and Grace Hopper"),
            "footer missing on page {}",
            i + 1
        );
    }
    // The schedule table repeats its header on the page it continues onto.
    assert!(
        pages.iter().filter(|p| p.contains("Purpose")).count() >= 2,
        "weekly schedule should span pages"
    );
    // The signature block is never split: both lines are on the last page.
    let last = pages[n - 1];
    assert!(
        last.contains("Mentee: Zoë Ó'Brien") && last.contains("Coordinator: Sam Okafor"),
        "{last}"
    );
    // A heading is never the last thing on a page.
    let md = String::from_utf8(
        mentorpact()
            .args(["render", "-o", "-"])
            .arg(dir.path().join("long.toml"))
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let headings: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("## ").or(l.strip_prefix("### ")))
        .collect();
    assert!(headings.len() >= 13);
    for page in &pages[..n - 1] {
        let body: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| {
                !l.is_empty() && !l.starts_with("Page ") && !l.starts_with("Mentoring agreement:")
            })
            .collect();
        let last_line = body.last().unwrap();
        assert!(
            !headings.contains(last_line),
            "heading alone at the page foot: {last_line}"
        );
        assert!(
            !last_line.ends_with(':'),
            "a lead-in separated from its list: {last_line}"
        );
    }
}

#[test]
fn rust_reader_sees_pages_and_text() {
    let dir = tempfile::tempdir().unwrap();
    render(&example("minimal.toml"), dir.path(), &PDF).success();
    let pdf = the_pdf(dir.path());
    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let text = doc.extract_text(&pages).unwrap();
    assert!(
        squash(&text).contains("Plan a move into data engineering"),
        "{text}"
    );
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| doc.get_object(i.as_reference().unwrap()))
        .unwrap();
    let title = info.as_dict().unwrap().get(b"Title").unwrap();
    let title = lopdf::decode_text_string(title).unwrap();
    assert_eq!(
        title,
        "Mentoring agreement — Tomás Ruiz and Katherine Johnson"
    );
}

/// Width and height of the first page, in points.
fn page_size(pdf: &Path) -> (f32, f32) {
    let doc = lopdf::Document::load(pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let media = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    (media[2].as_float().unwrap(), media[3].as_float().unwrap())
}

#[test]
fn paper_follows_the_language_and_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let letter = |(w, h): (f32, f32)| (w - 612.0).abs() < 0.5 && (h - 792.0).abs() < 0.5;
    let a4 = |(w, h): (f32, f32)| (w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5;
    let pdf = |input: &Path, name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        render(input, &out, &[&PDF[..], extra].concat()).success();
        the_pdf(&out)
    };
    let gb = pdf(&example("minimal.toml"), "gb", &[]);
    assert!(a4(page_size(&gb)), "en-GB prints on A4");
    let us = pdf(&fixture("en_us.toml"), "us", &[]);
    assert!(letter(page_size(&us)), "en-US prints on Letter");
    let forced = pdf(&example("minimal.toml"), "f", &["--paper", "letter"]);
    assert!(letter(page_size(&forced)), "--paper wins");
}

#[test]
fn reproducible_with_source_date_epoch() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    render(&example("agreement.toml"), a.path(), &PDF).success();
    // A second, parallel batch in between must not change the bytes.
    render(&example("cohort.toml"), b.path(), &PDF).success();
    render(&example("agreement.toml"), b.path(), &PDF).success();
    let pdf = |dir: &Path| std::fs::read(dir.join("agreement.pdf")).unwrap();
    assert_eq!(pdf(a.path()), pdf(b.path()));
}

#[test]
fn missing_glyph_is_a_warning_naming_the_character() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("emoji.toml");
    let s = std::fs::read_to_string(example("minimal.toml"))
        .unwrap()
        .replace(
            "Plan a move into data engineering",
            "Plan a move 🚀 into data",
        );
    std::fs::write(&f, s).unwrap();
    render(&f, dir.path(), &[])
        .success()
        .stderr(predicates::str::contains("U+1F680").and(predicates::str::contains("Plan a move")));
}

use predicates::prelude::PredicateBooleanExt;
