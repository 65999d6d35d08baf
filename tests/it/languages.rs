//! Every kind of pair in every language mentorpact writes: the agreement, the review
//! records and the calendar read in that language (no English sentence outside the
//! names, no template leftovers, no empty list), with the language's dates; a
//! bilingual agreement gives each Welsh block its English, tagged `en-GB` in the PDF.

use std::path::Path;

use crate::common::*;
use crate::standards::assert_valid;

/// The languages other than English, with a date as each writes it: the partnership
/// starts on Monday 5 April 2027.
const LANGUAGES: &[(&str, &str)] = &[
    ("cy", "5 Ebrill 2027"),
    ("cy+en", "5 Ebrill 2027"),
    ("fr", "5 avril 2027"),
    ("de", "5. April 2027"),
    ("es", "5 de abril de 2027"),
];

/// Each kind of pair, its own answers in no language at all (names, Greek letters), so
/// that any English in the document is the tool's.
const KINDS: &[(&str, &str)] = &[
    (
        "traditional, in a scheme with a coordinator who signs",
        r#"relationship = "traditional"
[programme]
name = "Alpha"
organisation = "Beta"
coordinator = "Sam Okafor"
coordinator_email = "sam@example.org"
[signatures]
coordinator = true
[mentor]
name = "Grace Hopper"
email = "grace@example.org"
[mentee]
name = "Zoë Okafor"
email = "zoe@example.org"
[[goals]]
description = "Alpha"
measure = "Beta"
target_date = 2027-06-30
[[goals]]
description = "Gamma"
[meetings]
frequency = "monthly"
weekday = "tuesday"
week_of_month = "first"
format = "mixed"
time = "17:30"
location = "Omega"
channels = ["Teams", "SMS"]
blackout = [{ from = 2027-08-01, to = 2027-08-31, reason = "Delta" }]
[boundaries]
line_manager = false
topics_excluded = ["Epsilon"]
[duration]
start = 2027-04-05
months = 12
"#,
    ),
    (
        "peer, no scheme, line manager not stated",
        r#"relationship = "peer"
[mentor]
name = "Ifan Jones"
[mentee]
name = "Zoë Okafor"
[[goals]]
description = "Alpha"
[meetings]
frequency = "fortnightly"
format = "video"
arranged_by = "both"
cancellation_notice_hours = 0
[duration]
start = 2027-04-05
months = 2
"#,
    ),
    (
        "reverse, every three weeks on Saturdays, a month",
        r#"relationship = "reverse"
[mentor]
name = "Ana Ruiz"
[mentee]
name = "Grace Hopper"
[[goals]]
description = "Alpha"
[meetings]
frequency = "every 3 weeks"
weekday = "saturday"
format = "phone"
arranged_by = "mentor"
[duration]
start = 2027-04-05
months = 1
"#,
    ),
    (
        "the mentor is the line manager, weekly, five years",
        r#"[mentor]
name = "Grace Hopper"
[mentee]
name = "Zoë Okafor"
[[goals]]
description = "Alpha"
[meetings]
frequency = "weekly"
weekday = "monday"
format = "in-person"
arranged_by = "mentee"
[boundaries]
line_manager = true
[duration]
start = 2027-04-05
months = 60
review_every_months = 6
"#,
    ),
];

/// English words that no other language here uses as a word of its own.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "we",
    "our",
    "with",
    "you",
    "this",
    "that",
    "which",
    "meeting",
    "meetings",
    "agreement",
    "between",
    "each",
    "goals",
    "partnership",
];

/// The English words in `text`, with the line they are on.
fn english_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let words = line
            .split(|c: char| !c.is_alphabetic())
            .map(str::to_lowercase)
            .filter(|w| ENGLISH.contains(&w.as_str()));
        for w in words {
            found.push(format!("{w:?} in: {line}"));
        }
    }
    found
}

/// A bilingual text's first language: the text outside `<div lang=…>` blocks and
/// `<span lang=…>` words.
fn first_language(md: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in md.lines() {
        if line.starts_with("<div lang=") {
            inside = true;
        } else if line == "</div>" {
            inside = false;
        } else if !inside {
            let mut rest = line;
            while let Some((before, after)) = rest.split_once("<span lang=") {
                out.push_str(before);
                rest = after.split_once("</span>").map_or("", |(_, a)| a);
            }
            out.push_str(rest);
            out.push('\n');
        }
    }
    out
}

/// The faults of a document in a language: English, leftovers, empty list items.
fn faults(what: &str, md: &str, date: &str) -> Vec<String> {
    let mut bad: Vec<String> = english_in(&first_language(md))
        .into_iter()
        .map(|e| format!("{what}: English {e}"))
        .collect();
    for leftover in ["{{", "}}", "{%", "%}", "[§", "{§"] {
        if md.contains(leftover) {
            bad.push(format!("{what}: template leftover {leftover}"));
        }
    }
    for line in md.lines() {
        let t = line.trim();
        if t == "-" || t == "*" || t.ends_with(". ") && t[..t.len() - 2].parse::<u32>().is_ok() {
            bad.push(format!("{what}: an empty list item: {line:?}"));
        }
    }
    // A value that starts "5. April" is escaped ("5\\. April"), lest it open a list.
    if !date.is_empty() && !md.replace("\\.", ".").contains(date) {
        bad.push(format!("{what}: no date written as {date}"));
    }
    bad
}

fn answers(dir: &Path, lang: &str, kind: usize) -> std::path::PathBuf {
    write(
        dir,
        &format!("pair-{kind}.toml"),
        &format!("language = \"{lang}\"\n{}", KINDS[kind].1),
    )
}

#[test]
fn every_kind_of_pair_reads_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = Vec::new();
    for (lang, date) in LANGUAGES {
        for (k, (kind, _)) in KINDS.iter().enumerate() {
            let input = answers(dir.path(), lang, k);
            let md = markdown_of(&input);
            bad.extend(faults(&format!("{lang}, {kind}"), &md, date));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn review_records_and_calendars_are_in_the_pairs_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = Vec::new();
    for (lang, _) in LANGUAGES {
        let input = answers(dir.path(), lang, 0);
        for point in ["early", "1", "final"] {
            let out = dir.path().join(format!("review-{lang}-{point}"));
            mentorpact()
                .args(["review", "--format", "md", "--point", point, "-o"])
                .arg(&out)
                .arg(&input)
                .assert()
                .success();
            let md = std::fs::read_to_string(
                files_in(&out)
                    .iter()
                    .map(|f| out.join(f))
                    .find(|p| p.extension().is_some_and(|x| x == "md"))
                    .expect("a record"),
            )
            .unwrap();
            bad.extend(faults(&format!("{lang} review {point}"), &md, ""));
        }
        let out = dir.path().join(format!("ics-{lang}"));
        render(&input, &out, &["--format", "ics"]).success();
        let ics = std::fs::read_to_string(out.join(&files_in(&out)[0])).unwrap();
        let text: String = ics
            .lines()
            .filter(|l| {
                l.starts_with("SUMMARY")
                    || l.starts_with("DESCRIPTION")
                    || l.starts_with("X-WR-CALNAME")
            })
            .map(|l| l.replace("\\n", "\n") + "\n")
            .collect();
        // A bilingual calendar gives both languages, so only the others are checked.
        if *lang != "cy+en" {
            for e in english_in(&text) {
                bad.push(format!("{lang} calendar: English {e}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn plurals_dates_and_quotes_are_the_languages_own() {
    let dir = tempfile::tempdir().unwrap();
    let md = |lang: &str, k: usize| markdown_of(&answers(dir.path(), lang, k));
    // Two months in Welsh mutate: "2 fis", not "2 mis".
    assert!(md("cy", 1).contains("2 fis"), "{}", md("cy", 1));
    assert!(md("de", 0).contains("Dienstag, 6. April 2027") || md("de", 0).contains("Dienstag"));
    assert!(
        md("es", 3).contains("lunes, 5 de abril de 2027"),
        "{}",
        md("es", 3)
    );
    assert!(
        md("fr", 3).contains("lundi 5 avril 2027"),
        "{}",
        md("fr", 3)
    );
}

/// The tool's own messages are English, with English dates, whatever the pair's
/// language; their documents write the first of a month as French does ("1er").
#[test]
fn messages_are_english_and_documents_write_the_first_of_the_month_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "a.toml",
        &std::fs::read_to_string(example("agreement.toml"))
            .unwrap()
            .replacen("language = \"en-GB\"", "language = \"fr\"", 1),
    );
    let md = markdown_of(&input);
    assert!(md.contains("commence le **1er décembre 2026**"), "{md}");
    // The running footer too sets a no-break space before its colon.
    let out = dir.path().join("out");
    render(&input, &out, &["--no-language-notice"]).success();
    let text = run("pdftotext", &[the_pdf(&out).to_str().unwrap(), "-"]);
    // (pdftotext gives the no-break space as a space.)
    assert!(
        text.contains("agreement\u{a0}: Zoë") || text.contains("agreement : Zoë"),
        "{text}"
    );
    let out = mentorpact()
        .args(["sign", "--as", "mentee", "--on", "2026-11-18"])
        .arg(&input)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("as mentee on 18 November 2026"), "{said}");
}

#[test]
fn a_bilingual_agreement_tags_its_english_and_passes_both_validators() {
    let dir = tempfile::tempdir().unwrap();
    let input = answers(dir.path(), "cy+en", 0);
    let md = markdown_of(&input);
    let english = md.matches("<div lang=\"en-GB\">").count();
    let sections = md.lines().filter(|l| l.starts_with("## ")).count();
    assert!(
        english >= 10 && sections == 2 * (english - 1),
        "{english} English blocks, {sections} headings:\n{md}"
    );
    assert_eq!(
        md.matches("<!-- party ").count(),
        3,
        "one set of signature lines: {md}"
    );
    let out = dir.path().join("out");
    render(&input, &out, &["--no-language-notice"]).success();
    let pdf = the_pdf(&out);
    let script = format!(
        r#"
import pikepdf
pdf = pikepdf.open({pdf:?})
assert str(pdf.Root.Lang) == "cy", pdf.Root.Lang
langs = []
def kids(k):
    if k is None:
        return []
    return list(k) if k._type_code == pikepdf.ObjectType.array else [k]
def walk(e):
    if not isinstance(e, pikepdf.Object):
        return
    if e._type_code == pikepdf.ObjectType.dictionary and "/S" in e:
        if "/Lang" in e:
            langs.append(str(e.Lang))
        for c in kids(e.get("/K")):
            walk(c)
for e in kids(pdf.Root.StructTreeRoot.K):
    walk(e)
assert langs.count("en-GB") >= 10, langs
# The English half of a label ("Llofnod / Signature") is marked English where it is
# drawn, inside its Welsh paragraph.
marked = [
    str(operands[1].Lang)
    for page in pdf.pages
    for operands, op in pikepdf.parse_content_stream(page)
    if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/Lang" in operands[1]
]
assert len(marked) >= 6 and set(marked) == {{"en-GB"}}, marked
print(len(langs))
"#
    );
    python(dir.path(), &script);
    assert_valid(&[pdf]);
}

#[test]
fn every_languages_pdf_and_review_record_passes_both_validators() {
    let dir = tempfile::tempdir().unwrap();
    let mut pdfs = Vec::new();
    for (lang, _) in LANGUAGES {
        let input = answers(dir.path(), lang, 0);
        let out = dir.path().join(format!("out-{lang}"));
        render(&input, &out, &["--no-language-notice"]).success();
        pdfs.push(the_pdf(&out));
        let record = dir.path().join(format!("review-{lang}"));
        mentorpact()
            .args(["review", "--point", "final", "--no-language-notice", "-o"])
            .arg(&record)
            .arg(&input)
            .assert()
            .success();
        pdfs.push(the_pdf(&record));
    }
    assert_valid(&pdfs);
}

#[test]
fn each_language_has_its_notice_once_and_a_flag_hides_it() {
    let dir = tempfile::tempdir().unwrap();
    let cy = answers(dir.path(), "cy", 0);
    let both = write(
        dir.path(),
        "both.toml",
        &format!("language = \"cy+en\"\n{}", KINDS[1].1),
    );
    let out = mentorpact()
        .args(["render", "-o"])
        .arg(dir.path().join("out"))
        .arg(&cy)
        .arg(&both)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("reviewed by a native speaker").count(),
        1,
        "{err}"
    );
    let quiet = mentorpact()
        .args(["render", "--no-language-notice", "-o"])
        .arg(dir.path().join("out2"))
        .arg(&cy)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("native speaker"));
}

#[test]
fn a_custom_folder_overrides_one_languages_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    mentorpact()
        .args(["templates", "export", "--language", "cy"])
        .arg(&templates)
        .assert()
        .success();
    let ending = templates.join("cy/sections/ending.md");
    assert!(ending.exists(), "the Welsh set goes in its own folder");
    assert!(
        !templates.join("agreement.md").exists(),
        "and only the Welsh set"
    );
    std::fs::write(&ending, "## Diwedd {§ending}\n\nEin geiriau ein hunain.\n").unwrap();
    let with = |lang: &str| {
        let input = answers(dir.path(), lang, 1);
        let out = mentorpact()
            .args(["render", "-o", "-", "--templates"])
            .arg(&templates)
            .arg(&input)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(with("cy").contains("Ein geiriau ein hunain."));
    assert!(!with("en-GB").contains("Ein geiriau ein hunain."));
    assert!(!with("fr").contains("Ein geiriau ein hunain."));
}

/// Each language's typography: typographic apostrophes everywhere (the answers here have
/// none of their own), and in French a no-break space before `:`, `;`, `!` and `?`.
#[test]
fn typography_is_each_languages_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = Vec::new();
    for (lang, _) in LANGUAGES {
        for k in 0..KINDS.len() {
            let md = markdown_of(&answers(dir.path(), lang, k));
            let md = first_language(&md);
            if md.contains('\'') || md.contains('"') {
                bad.push(format!("{lang} {k}: a straight quote"));
            }
            let spaced: usize = [" :", " ;", " !", " ?"]
                .iter()
                .map(|p| md.matches(p).count())
                .sum();
            if *lang == "fr" && spaced > 0 {
                bad.push(format!("fr {k}: {spaced} plain spaces before : ; ! or ?"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn a_language_named_in_words_gets_its_tag_suggested() {
    let dir = tempfile::tempdir().unwrap();
    for (given, tag) in [
        ("Welsh", "cy"),
        ("français", "fr"),
        ("fr-FR", "fr"),
        ("Deutsch", "de"),
    ] {
        let input = write(
            dir.path(),
            "a.toml",
            &format!("language = \"{given}\"\n{}", KINDS[1].1),
        );
        let (code, err) = stderr_of(&["check"], &input);
        assert_ne!(code, 0, "{err}");
        assert!(
            err.contains(&format!("did you mean \"{tag}\"")),
            "{given}: {err}"
        );
    }
}
