//! Rosters: spreadsheets read as cohorts. The spreadsheets are made by independent
//! writers at test time: Python's csv module (encodings and separators), openpyxl
//! (.xlsx, both date systems) and odfpy (.ods), from the venv `scripts/setup-tests`
//! makes.

use std::path::PathBuf;

use crate::common::*;

const SETTINGS: &str = "[defaults]\nprogramme.name = \"New Staff Mentoring Scheme\"\nduration.start = 2027-01-11\nduration.months = 6\n";

#[test]
fn a_roster_and_its_toml_cohort_render_byte_identical_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let toml = rendered(&example("cohort.toml"), &dir.path().join("toml"), &[]);
    assert_eq!(toml.len(), 3);
    for roster in ["roster-cohort.toml", "staff-cohort.toml"] {
        let out = dir.path().join(roster);
        let from_roster = rendered(&example(roster), &out, &[]);
        assert_eq!(from_roster, toml, "{roster} renders as cohort.toml does");
    }
}

#[test]
fn excel_exports_in_their_encodings_and_separators_read_right() {
    let dir = tempfile::tempdir().unwrap();
    python(
        dir.path(),
        r#"
import csv
rows = [["mentee.name", "mentor.name", "goals", "duration.start", "Notes"],
        ["Zoë Ó'Brien", "Tomás Ruiz", "Present to the board\nLead a review", "2027-01-11", "a; b"]]
for name, enc, delim in [("cp1252.csv", "cp1252", ";"), ("utf16.txt", "utf-16", "\t"), ("bom.csv", "utf-8-sig", ",")]:
    with open(name, "w", encoding=enc, newline="") as f:
        csv.writer(f, delimiter=delim).writerows(rows)
"#,
    );
    let bytes = std::fs::read(dir.path().join("cp1252.csv")).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "a real Windows-1252 file"
    );
    let mut seen = Vec::new();
    for f in ["cp1252.csv", "utf16.txt", "bom.csv"] {
        let md = mentorpact()
            .args(["render", "-o", "-", "--map", "Notes="])
            .arg(dir.path().join(f))
            .output()
            .unwrap();
        assert!(
            md.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&md.stderr)
        );
        let md = String::from_utf8(md.stdout).unwrap();
        assert!(
            md.contains("Zoë Ó'Brien") && md.contains("Tomás Ruiz"),
            "{f}: {md}"
        );
        // The quoted new line made two goals.
        assert!(
            md.contains("Present to the board") && md.contains("Lead a review"),
            "{f}"
        );
        seen.push(md);
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "the three files are one roster"
    );
    // Without the mapping, the unknown column stops the file before any row is read.
    let (code, err) = stderr_of(&["check"], &dir.path().join("bom.csv"));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown column \"Notes\"") && err.contains("bom.csv:1: column \"Notes\""),
        "{err}"
    );
}

#[test]
fn a_chronus_export_renders_with_a_short_mapping() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "matches.csv",
        "Match ID,Mentor Name,Mentor Email Address,Mentee Name,Mentee Email Address,Goal\n\
         M-0001, Grace Hopper , GRACE@example.org ,Zoë Ó'Brien,zoe@example.org,Build confidence; Plan a move\n\
         M-0002,Katherine Johnson,katherine@example.org,Tomás Ruiz,tomas@example.org,Plan a move into data engineering\n",
    );
    let cohort = write(
        dir.path(),
        "cohort.toml",
        &format!("roster = {{ file = \"matches.csv\" }}\n\n[columns]\n\"Match ID\" = \"id\"\n\"Mentor Email Address\" = \"mentor.email\"\n\"Mentee Email Address\" = \"mentee.email\"\n\"Goal\" = \"goals\"\n\n{SETTINGS}"),
    );
    let out = dir.path().join("out");
    render(
        &cohort,
        &out,
        &[
            "--format",
            "md",
            "-q",
            "--map",
            "Mentor Name=mentor.name",
            "--map",
            "Mentee Name=mentee.name",
        ],
    )
    .success();
    let index = std::fs::read_to_string(out.join("index.csv")).unwrap();
    assert!(
        index.contains("id:M-0001") && index.contains("id:M-0002"),
        "{index}"
    );
    let md = std::fs::read_to_string(out.join("zoe-o-brien-and-grace-hopper.md")).unwrap();
    assert!(
        md.contains("Build confidence") && md.contains("Plan a move"),
        "{md}"
    );
    assert!(
        index.contains(",Grace Hopper,GRACE@example.org,"),
        "cells trimmed: {index}"
    );
}

#[test]
fn bad_cells_are_reported_at_their_cell_and_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    python(
        dir.path(),
        r#"
import openpyxl, datetime
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "2027"
ws.append(["Staff mentoring scheme"])
ws.append([])
ws.append(["mentee.name", "mentor.name", "mentor.email", "goals", "duration.start"])
for i in range(5):
    email = "zoe@@example.org" if i == 3 else f"m{i}@example.org"
    ws.append([f"Mentee {i}", f"Mentor {i}", email, "A goal", datetime.date(2027, 1, 11)])
ws.append(["Mentee 5", "Mentor 5", "m5@example.org", "A goal", "03/04/2027"])
wb.save("staff.xlsx")
"#,
    );
    let cohort = write(
        dir.path(),
        "cohort.toml",
        "roster = { file = \"staff.xlsx\", sheet = \"2027\", header_row = 3 }\n[defaults]\nduration.months = 6\n",
    );
    let out = dir.path().join("out");
    let assert = render(&cohort, &out, &["--format", "md", "-q"]).code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("staff.xlsx: sheet 2027, cell C7 (pair 4: Mentee 3 and Mentor 3)"),
        "{err}"
    );
    assert!(
        err.contains("zoe@@example.org"),
        "the cell's value is shown: {err}"
    );
    assert!(
        err.contains("staff.xlsx: sheet 2027, cell E9 (pair 6: Mentee 5 and Mentor 5)")
            && err.contains("date_order"),
        "{err}"
    );
    let md: Vec<String> = files_in(&out)
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .collect();
    assert_eq!(md.len(), 4, "the good rows are written: {md:?}");
    // A merged header cell, and a sheet that is not there, are said plainly.
    python(
        dir.path(),
        r#"
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["mentee.name", "mentor.name", "", "duration.start"])
ws.merge_cells("B1:C1")
ws.append(["A", "B", "", "2027-01-11"])
wb.save("merged.xlsx")
"#,
    );
    let (code, err) = stderr_of(&["check"], &dir.path().join("merged.xlsx"));
    assert_eq!(code, 2);
    assert!(err.contains("header cells B1 to C1 are merged"), "{err}");
    let wrong = write(
        dir.path(),
        "wrong.toml",
        "roster = { file = \"staff.xlsx\", sheet = \"2072\" }\n",
    );
    let (code, err) = stderr_of(&["check"], &wrong);
    assert_eq!(code, 2);
    assert!(
        err.contains("has no sheet \"2072\"") && err.contains("did you mean \"2027\"?"),
        "{err}"
    );
}

#[test]
fn csv_problems_name_the_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let roster = write(
        dir.path(),
        "roster.csv",
        "mentee.name,mentor.name,goals,Start,meetings.length_minutes\nA,B,G,2027-01-11,60\n\"C\",D,\"G1\nG2\",03/04/2027,sixty\n",
    );
    let (code, err) = stderr_of(&["check", "--map", "Start=duration.start"], &roster);
    assert_eq!(code, 2);
    assert!(
        err.contains("roster.csv:3: column \"Start\" (pair 2: C and D)"),
        "{err}"
    );
    assert!(err.contains("could be day/month or month/day"), "{err}");
    assert!(
        err.contains("roster.csv:3: column \"meetings.length_minutes\""),
        "{err}"
    );
    assert!(
        err.contains("2 agreements checked: 1 with problems (2 in all)"),
        "{err}"
    );
    // The cohort says how dates are written: then they read.
    let cohort = write(dir.path(), "cohort.toml", "roster = \"roster.csv\"\ndate_order = \"day-month-year\"\n[columns]\nStart = \"duration.start\"\n[defaults]\nduration.months = 3\n");
    let (_, err) = stderr_of(&["check"], &cohort);
    assert!(!err.contains("Start"), "{err}");
    // Unknown headers are listed at once, with a did-you-mean, and nothing else is read.
    let typo = write(
        dir.path(),
        "typo.csv",
        "mentee.nme,Mentr,mentor.name\nA,B,C\n",
    );
    let (code, err) = stderr_of(&["check"], &typo);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown column \"mentee.nme\"")
            && err.contains("did you mean `mentee.name`?"),
        "{err}"
    );
    assert!(err.contains("unknown column \"Mentr\""), "{err}");
    assert!(!err.contains("pair 1"), "no row is read: {err}");
}

#[test]
fn dates_in_both_systems_general_numbers_and_ids_with_leading_zeros() {
    let dir = tempfile::tempdir().unwrap();
    python(
        dir.path(),
        r#"
import openpyxl, datetime
from openpyxl.utils.datetime import CALENDAR_MAC_1904
for name, mac in [("win.xlsx", False), ("mac.xlsx", True)]:
    wb = openpyxl.Workbook()
    if mac:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["id", "mentee.name", "mentor.name", "goals", "duration.start", "goals.1.target_date"])
    ws.append(["00123", "A", "B", "G", datetime.date(2027, 1, 11), datetime.datetime(2027, 3, 31, 0, 0)])
    # A date typed into a cell formatted General: the serial day number alone.
    ws.append(["00124", "C", "D", "G", 44936 if mac else 46398, None])
    ws.cell(row=3, column=5).number_format = "General"
    wb.save(name)
"#,
    );
    for f in ["win.xlsx", "mac.xlsx"] {
        let out = dir.path().join(f.replace('.', "-"));
        render(&dir.path().join(f), &out, &["--format", "md", "-q"]).success();
        let index = std::fs::read_to_string(out.join("index.csv")).unwrap();
        assert!(
            index.contains("id:00123") && index.contains("id:00124"),
            "{f}: {index}"
        );
        let lines: Vec<&str> = index.lines().skip(1).collect();
        assert!(
            lines.iter().all(|l| l.contains("2027-01-11")),
            "{f}: {index}"
        );
        let md = std::fs::read_to_string(out.join("a-and-b.md")).unwrap();
        assert!(md.contains("31 March 2027"), "{f}: target date");
    }
}

#[test]
fn an_ods_roster_reads_as_its_cells_say() {
    let dir = tempfile::tempdir().unwrap();
    python(
        dir.path(),
        r#"
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell
from odf.text import P
doc = OpenDocumentSpreadsheet()
t = Table(name="Pairs")
def row(*cells):
    r = TableRow()
    for c in cells:
        if isinstance(c, tuple):
            cell = TableCell(valuetype="date", datevalue=c[0])
            cell.addElement(P(text=c[1]))
        else:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=c))
        r.addElement(cell)
    t.addElement(r)
row("id", "mentee.name", "mentor.name", "goals", "duration.start")
row("007", "Zoë Ó'Brien", "Grace Hopper", "Build confidence", ("2027-01-11", "11/01/2027"))
doc.spreadsheet.addElement(t)
doc.save("roster.ods")
"#,
    );
    let out = dir.path().join("out");
    render(
        &dir.path().join("roster.ods"),
        &out,
        &["--format", "md", "-q"],
    )
    .success();
    let index = std::fs::read_to_string(out.join("index.csv")).unwrap();
    assert!(
        index.contains("id:007") && index.contains("2027-01-11"),
        "{index}"
    );
}

#[test]
fn regenerating_the_roster_keeps_confirmations_and_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let first = "id,mentee.name,mentee.email,mentor.name,goals\nP1,Zoe OBrien,zoe@example.org,Grace Hopper,Present\nP2,Tomás Ruiz,tomas@example.org,Katherine Johnson,Plan\n";
    write(dir.path(), "roster.csv", first);
    let cohort = write(
        dir.path(),
        "cohort.toml",
        &format!("roster = {{ file = \"roster.csv\" }}\n{SETTINGS}"),
    );
    mentorpact()
        .args([
            "sign",
            "--as",
            "mentee",
            "--pair",
            "P1",
            "--on",
            "2026-11-10",
        ])
        .arg(&cohort)
        .assert()
        .success();
    mentorpact()
        .env("SOURCE_DATE_EPOCH", crate::common::LATER)
        .args([
            "review",
            "--record",
            "--pair",
            "P1",
            "--point",
            "early",
            "--set",
            "held_on=2027-02-08",
            "--set",
            "working=Monthly walks",
            "--set",
            "goals.1.progress=under-way",
            "-o",
        ])
        .arg(dir.path().join("reviews"))
        .arg(&cohort)
        .assert()
        .success();
    // The export again: rows reordered, columns moved.
    let again = "goals,mentor.name,id,mentee.email,mentee.name\nPlan,Katherine Johnson,P2,tomas@example.org,Tomás Ruiz\nPresent,Grace Hopper,P1,zoe@example.org,Zoe OBrien\n";
    write(dir.path(), "roster.csv", again);
    let out = dir.path().join("out");
    render(&cohort, &out, &["--format", "md", "-q"]).success();
    let md = std::fs::read_to_string(out.join("zoe-obrien-and-grace-hopper.md")).unwrap();
    assert!(
        md.contains("Confirmed by Zoe OBrien (mentee)"),
        "the confirmation survives: {md}"
    );
    // Then with a name corrected: the same pair, by its id, with the same records.
    write(
        dir.path(),
        "roster.csv",
        &again.replace("Zoe OBrien", "Zoë Ó'Brien"),
    );
    render(&cohort, &out, &["--format", "md", "-q"]).success();
    let records = std::fs::read_to_string(records_file(&cohort)).unwrap();
    assert!(
        records.contains("identity = \"id:P1\"") && records.contains("Monthly walks"),
        "{records}"
    );
    // The void confirmation's fix names the pair by its id, which a re-sort keeps.
    let (_, err) = stderr_of(&["check"], &cohort);
    assert!(err.contains("cohort.toml --pair P1 --as mentee"), "{err}");
    let (code, err) = stderr_of(&["due", "--on", "2027-01-01"], &cohort);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn every_command_that_takes_a_cohort_takes_a_roster() {
    let dir = tempfile::tempdir().unwrap();
    let roster = write(
        dir.path(),
        "roster.csv",
        "id,mentee.name,mentor.name,goals,duration.start,duration.months\nP1,Zoë,Grace,Present,2026-06-01,6\nP2,Tomás,Katherine,Plan,2026-06-01,6\n",
    );
    let ok = |args: &[&str]| {
        let o = mentorpact()
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let r = roster.to_str().unwrap();
    ok(&["check", r]);
    ok(&["render", r, "-o", "out", "--format", "md", "-q"]);
    ok(&["due", r, "--on", "2026-11-20", "--within", "30"]);
    ok(&["report", r, "-o", "report", "--on", "2026-11-20"]);
    ok(&[
        "sign",
        r,
        "--pair",
        "P1",
        "--as",
        "mentor",
        "--on",
        "2026-06-01",
    ]);
    ok(&[
        "review", r, "--pair", "P2", "--point", "final", "-o", "reviews", "--format", "md",
    ]);
    ok(&["renew", r, "--pair", "P1", "--months", "6", "-o", "next"]);
    assert!(dir.path().join("roster.records").is_dir());
    // The spreadsheet is the coordinator's: --in-place never writes TOML into it.
    let o = mentorpact()
        .args(["renew", r, "--pair", "P2", "--months", "6", "--in-place"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("add the next term there as a row"));
    assert_eq!(
        std::fs::read_to_string(&roster).unwrap().lines().count(),
        3,
        "the roster is as it was"
    );
}

#[test]
fn init_roster_writes_a_template_with_drop_downs() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["roster.xlsx", "roster.csv"] {
        mentorpact()
            .args(["init", "--roster"])
            .arg(dir.path().join(f))
            .assert()
            .success();
        let (code, err) = stderr_of(&["check"], &dir.path().join(f));
        assert_eq!(code, 0, "{f}: the example row is a valid pair: {err}");
    }
    python(
        dir.path(),
        r#"
import openpyxl
book = openpyxl.load_workbook("roster.xlsx")
ws = book.active
assert ws.title == "Pairs", book.sheetnames
headers = [c.value for c in ws[1]]
lists = {}
for dv in ws.data_validations.dataValidation:
    col = str(dv.sqref).split(":")[0].rstrip("0123456789")
    words = dv.formula1
    # A list too long for Excel's 255 characters is a range of the hidden sheet.
    if words.startswith("Lists!"):
        assert book["Lists"].sheet_state == "hidden"
        words = ",".join(c.value for row in book["Lists"][words.split("!")[1]] for c in row)
    lists[headers[openpyxl.utils.column_index_from_string(col) - 1]] = words
assert "meetings.format" in lists and "in-person" in lists["meetings.format"], lists
assert "relationship" in lists and "reverse" in lists["relationship"], lists
assert "meetings.holidays" in lists and "scotland" in lists["meetings.holidays"], lists
assert "germany-by" in lists["meetings.holidays"].split(","), lists
assert "language" in lists and "meetings.frequency" in lists, lists
assert ws["B2"].value == "Zoë Ó'Brien", ws["B2"].value
"#,
    );
}

#[test]
fn cells_that_look_like_formulas_stay_text_and_are_neutralised_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let roster = write(
        dir.path(),
        "roster.csv",
        "mentee.name,mentor.name,goals,duration.start\n=Zoë,@Grace,\"=1+2 reviews\",2027-01-11\n",
    );
    let out = dir.path().join("out");
    render(&roster, &out, &["--format", "md", "-q"]).success();
    let index = std::fs::read_to_string(out.join("index.csv")).unwrap();
    assert!(
        index.contains("'=Zoë") && index.contains("'@Grace"),
        "{index}"
    );
    let md: Vec<PathBuf> = files_in(&out)
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| out.join(f))
        .collect();
    let text = std::fs::read_to_string(&md[0]).unwrap();
    assert!(text.contains("=1+2 reviews"), "kept as text: {text}");
    mentorpact()
        .args(["init", "--roster"])
        .arg(dir.path().join("t.csv"))
        .assert()
        .success();
}

#[test]
fn formula_cells_are_read_as_the_values_they_computed() {
    // rust_xlsxwriter stores a formula with its result, as Excel does on saving.
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "mentee.name",
        "mentor.name",
        "goals",
        "duration.start",
        "duration.months",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    sheet.write(1, 0, "Zoë Ó'Brien").unwrap();
    let name = rust_xlsxwriter::Formula::new("=\"Grace \"&\"Hopper\"").set_result("Grace Hopper");
    sheet.write_formula(1, 1, name).unwrap();
    sheet.write(1, 2, "Present").unwrap();
    sheet.write(1, 3, "2027-01-11").unwrap();
    sheet
        .write_formula(1, 4, rust_xlsxwriter::Formula::new("=3*2").set_result("6"))
        .unwrap();
    let file = dir.path().join("formulas.xlsx");
    book.save(&file).unwrap();
    let out = dir.path().join("out");
    render(&file, &out, &["--format", "md", "-q"]).success();
    let index = std::fs::read_to_string(out.join("index.csv")).unwrap();
    assert!(
        index.contains("Grace Hopper") && index.contains("2027-07-10"),
        "{index}"
    );
}

#[test]
fn a_stray_cell_far_out_is_one_cell_not_a_grid() {
    // Were the empty grid up to XFD1048576 allocated, it would be 17 billion cells.
    let dir = tempfile::tempdir().unwrap();
    python(
        dir.path(),
        r#"
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["mentee.name", "mentor.name", "goals", "duration.start", "duration.months"])
ws.append(["A", "B", "G", "2027-01-11", 6])
ws["XFD1048576"] = "stray"
wb.save("stray.xlsx")
"#,
    );
    let (code, err) = stderr_of(&["check"], &dir.path().join("stray.xlsx"));
    assert_eq!(code, 2);
    assert!(
        err.contains("cell XFD1048576") && err.contains("a value in a column without a header"),
        "{err}"
    );
    assert!(
        err.contains("2 agreements checked: 1 with problems"),
        "the good row reads: {err}"
    );
}
