//! Rosters in the formats read by their own code: `.ods` streamed from its XML (made
//! with odfpy: dates, times, repeated rows and cells, a stray cell far out, merged
//! headers, goals in several paragraphs), `.xls` (made with xlwt, in both of Excel's
//! date systems, and one too big to read), and CSV with Windows line ends and quoted
//! new lines (Python's csv module), whose problems name the real line.

use std::path::Path;

use crate::common::*;

/// `examples/roster-cohort.toml`'s settings naming `roster` (and its sheet) instead.
fn cohort_for(dir: &Path, roster: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(example("roster-cohort.toml")).unwrap();
    let text = text.replace("roster = { file = \"roster.csv\" }", roster);
    assert!(text.contains(roster), "the example names its roster");
    write(dir, "cohort.toml", &text)
}

/// The pairs of `examples/cohort.toml`, as rows: odfpy code building the sheet "2027"
/// of `roster.ods`, after a first sheet that is not the roster.
const ODS: &str = r#"
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell
from odf.text import P, S
doc = OpenDocumentSpreadsheet()
notes = Table(name="Notes")
r = TableRow()
c = TableCell(valuetype="string"); c.addElement(P(text="not the roster")); r.addElement(c)
notes.addElement(r)
doc.spreadsheet.addElement(notes)
t = Table(name="2027")

def text(*paragraphs):
    c = TableCell(valuetype="string")
    for p in paragraphs:
        c.addElement(P(text=p))
    return c

def empty(n=1):
    return TableCell(numbercolumnsrepeated=n) if n > 1 else TableCell()

def row(*cells, repeat=1):
    r = TableRow(numberrowsrepeated=repeat) if repeat > 1 else TableRow()
    for c in cells:
        r.addElement(c)
    t.addElement(r)

# Three empty rows written once, as LibreOffice does: the header is row 4.
row(empty(8), repeat=3)
headers = ["Mentor", "Mentor role", "Mentor Email Address", "Mentee", "Mentee role",
           "Mentee Email Address", "goals", "goals.1.measure", "goals.1.target_date",
           "meetings.time", "meetings.frequency", "boundaries.line_manager", "duration.start"]
row(*[text(h) for h in headers])
# One space written as text:s, as writers do after another space.
first = P(text="Build")
first.addElement(S())
first.addText("confidence presenting to senior colleagues")
goals = TableCell(valuetype="string")
goals.addElement(first)
goals.addElement(P(text="Understand how our services run in production"))
row(text("Grace Hopper"), text("Principal Engineer"), text("grace@example.org"),
    text("Zoë Ó'Brien"), text("Graduate Engineer"), text("zoe@example.org"), goals,
    text("Lead two project reviews"), empty(),
    TableCell(valuetype="time", timevalue="PT14H00M00S"), empty(3))
row(text("Katherine Johnson"), text("Head of Data"), text("katherine@example.org"),
    text("Tomás Ruiz"), text("Analyst"), text("tomas@example.org"),
    text("Plan a move into data engineering"), text("A written plan agreed by both"), empty(),
    text("10:30"), text("fortnightly"), empty(2))
# An empty row between pairs, and the last pair's empty cells as one repeated cell.
row(empty(13))
row(text("Siobhán Ní Bhriain"), text("Senior Lecturer"), empty(),
    text("Łukasz Żółkiewski-Nørgaard"), text("Lecturer"), empty(),
    text("Publish a first paper as lead author", "Supervise a PhD student with confidence",
         "Build a network outside the department"),
    empty(), TableCell(valuetype="date", datevalue="2027-06-30"), empty(2),
    TableCell(valuetype="boolean", booleanvalue="true"),
    TableCell(valuetype="date", datevalue="2027-01-31T00:00:00"))
# The rest of the sheet, as LibreOffice writes it: a million empty rows, once.
row(empty(1024), repeat=1048000)
doc.spreadsheet.addElement(t)
doc.save("roster.ods")
"#;

#[test]
fn an_ods_roster_streamed_renders_as_its_toml_cohort() {
    let dir = tempfile::tempdir().unwrap();
    python(dir.path(), ODS);
    let toml = rendered(&example("cohort.toml"), &dir.path().join("toml"), &[]);
    assert_eq!(toml.len(), 3);
    let cohort = cohort_for(
        dir.path(),
        "roster = { file = \"roster.ods\", sheet = \"2027\" }",
    );
    let ods = rendered(&cohort, &dir.path().join("ods"), &[]);
    assert_eq!(ods, toml, "the .ods roster renders as cohort.toml does");
    // The sheet is found whatever its case; one that is not there is named with the others.
    let wrong = write(
        dir.path(),
        "wrong.toml",
        "roster = { file = \"roster.ods\", sheet = \"2072\" }\n",
    );
    let (code, err) = stderr_of(&["check"], &wrong);
    assert_eq!(code, 2);
    assert!(
        err.contains("has no sheet \"2072\"")
            && err.contains("did you mean \"2027\"?")
            && err.contains("\"Notes\""),
        "{err}"
    );
}

#[test]
fn ods_repeats_a_stray_cell_and_merged_headers_are_placed_right() {
    let dir = tempfile::tempdir().unwrap();
    python(
        dir.path(),
        r#"
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell
from odf.text import P
def text(s, **kw):
    c = TableCell(valuetype="string", **kw)
    c.addElement(P(text=s))
    return c
for name, merged in [("stray.ods", False), ("merged.ods", True)]:
    doc = OpenDocumentSpreadsheet()
    t = Table(name="Pairs")
    r = TableRow()
    if merged:
        r.addElement(text("mentee.name", numbercolumnsspanned=2))
        r.addElement(TableCell())
    else:
        r.addElement(text("mentee.name"))
        r.addElement(text("mentor.name"))
    for h in ["goals", "duration.start", "duration.months"]:
        r.addElement(text(h))
    t.addElement(r)
    r = TableRow()
    for v in ["A", "B", "G", "2027-01-11"]:
        r.addElement(text(v))
    r.addElement(TableCell(valuetype="float", value="6"))
    t.addElement(r)
    # A bad row written once for three rows: each is a pair, at its own row.
    r = TableRow(numberrowsrepeated=3)
    for v in ["C", "D", "G", "not a date"]:
        r.addElement(text(v))
    t.addElement(r)
    r = TableRow(numberrowsrepeated=1048000)
    r.addElement(TableCell(numbercolumnsrepeated=1024))
    t.addElement(r)
    # A stray cell in the sheet's last row, far to the right.
    r = TableRow()
    r.addElement(TableCell(numbercolumnsrepeated=1000))
    r.addElement(text("stray"))
    t.addElement(r)
    doc.spreadsheet.addElement(t)
    doc.save(name)
"#,
    );
    let (code, err) = stderr_of(&["check"], &dir.path().join("stray.ods"));
    assert_eq!(code, 2);
    for row in 3..=5 {
        assert!(
            err.contains(&format!(
                "stray.ods: sheet Pairs, cell D{row} (pair {}: C and D)",
                row - 1
            )),
            "row {row}: {err}"
        );
    }
    assert!(
        err.contains("cell ALM1048006") && err.contains("a value in a column without a header"),
        "{err}"
    );
    assert!(
        err.contains("5 agreements checked: 4 with problems"),
        "the good row reads: {err}"
    );
    let (code, err) = stderr_of(&["check"], &dir.path().join("merged.ods"));
    assert_eq!(code, 2);
    assert!(err.contains("header cells A1 to B1 are merged"), "{err}");
}

/// xlwt code writing `examples/roster.csv` as `name`, its dates as date cells, in the
/// 1904 date system when `mac`.
fn xls_of_the_example(name: &str, mac: bool) -> String {
    format!(
        r#"
import csv, datetime, xlwt
wb = xlwt.Workbook()
wb.dates_1904 = {mac}
ws = wb.add_sheet("2027")
dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
with open({csv:?}, encoding="utf-8", newline="") as f:
    for i, row in enumerate(csv.reader(f)):
        for j, v in enumerate(row):
            if i > 0 and len(v) == 10 and v[4] == "-":
                ws.write(i, j, datetime.date.fromisoformat(v), dates)
            elif v:
                ws.write(i, j, v)
wb.save({name:?})
"#,
        mac = if mac { "True" } else { "False" },
        csv = example("roster.csv").display().to_string(),
    )
}

#[test]
fn an_xls_roster_in_either_date_system_renders_as_its_toml_cohort() {
    let dir = tempfile::tempdir().unwrap();
    let toml = rendered(&example("cohort.toml"), &dir.path().join("toml"), &[]);
    for (name, mac) in [("win.xls", false), ("mac.xls", true)] {
        python(dir.path(), &xls_of_the_example(name, mac));
        let cohort = cohort_for(
            dir.path(),
            &format!("roster = {{ file = \"{name}\", sheet = \"2027\" }}"),
        );
        let xls = rendered(&cohort, &dir.path().join(name.replace('.', "-")), &[]);
        assert_eq!(xls, toml, "{name} renders as cohort.toml does");
    }
    // A date typed into a General cell is its serial day number, in the book's system.
    python(
        dir.path(),
        r#"
import xlwt
for name, mac, serial in [("gw.xls", False, 46398), ("gm.xls", True, 44936)]:
    wb = xlwt.Workbook()
    wb.dates_1904 = mac
    ws = wb.add_sheet("Pairs")
    for j, v in enumerate(["mentee.name", "mentor.name", "goals", "duration.start", "duration.months"]):
        ws.write(0, j, v)
    for j, v in enumerate(["A", "B", "G", serial, 6]):
        ws.write(1, j, v)
    wb.save(name)
"#,
    );
    for f in ["gw.xls", "gm.xls"] {
        let out = dir.path().join(f.replace('.', "-"));
        render(&dir.path().join(f), &out, &["--format", "md", "-q"]).success();
        let index = std::fs::read_to_string(out.join("index.csv")).unwrap();
        assert!(index.contains("2027-01-11"), "{f}: {index}");
    }
}

#[test]
fn an_xls_sheet_too_big_to_hold_is_refused_and_merged_headers_are_said() {
    let dir = tempfile::tempdir().unwrap();
    python(
        dir.path(),
        r#"
import xlwt
wb = xlwt.Workbook()
ws = wb.add_sheet("Pairs")
for j, v in enumerate(["mentee.name", "mentor.name", "goals", "duration.start"]):
    ws.write(0, j, v)
ws.write(65535, 255, "stray")
wb.save("big.xls")
wb = xlwt.Workbook()
ws = wb.add_sheet("Pairs")
ws.write(0, 0, "mentee.name")
ws.write_merge(0, 0, 1, 2, "mentor.name")
ws.write(0, 3, "duration.start")
for j, v in enumerate(["A", "B", "", "2027-01-11"]):
    ws.write(1, j, v)
wb.save("merged.xls")
"#,
    );
    let (code, err) = stderr_of(&["check"], &dir.path().join("big.xls"));
    assert_eq!(code, 2);
    assert!(
        err.contains("sheet Pairs uses rows 1 to 65536 and 256 columns: 16,777,216 cells")
            && err.contains(".xlsx or .ods"),
        "{err}"
    );
    let (code, err) = stderr_of(&["check"], &dir.path().join("merged.xls"));
    assert_eq!(code, 2);
    assert!(err.contains("header cells B1 to C1 are merged"), "{err}");
}

#[test]
fn csv_with_windows_line_ends_and_quoted_new_lines_names_the_real_line() {
    let dir = tempfile::tempdir().unwrap();
    python(
        dir.path(),
        r#"
import csv
rows = [["mentee.name", "mentor.name", "goals", "duration.start", "duration.months"],
        ["A", "B", "G1\nG2", "2027-01-11", "6"],
        ["C", "D", "G1\r\nG2\nG3", "2027-01-11", "6"],
        [],
        ["E", "F", "G", "03/04/2027", "6"],
        ["G", "H", "One\ngoal", "2027-01-11", "six"]]
with open("roster.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(rows)
"#,
    );
    let bytes = std::fs::read(dir.path().join("roster.csv")).unwrap();
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "Windows line ends");
    let (code, err) = stderr_of(&["check"], &dir.path().join("roster.csv"));
    assert_eq!(code, 2);
    // Lines: header 1; A 2–3; C 4–6; the empty row 7; E 8; G 9–10.
    assert!(
        err.contains("roster.csv:8: column \"duration.start\" (pair 3: E and F)"),
        "{err}"
    );
    assert!(
        err.contains("roster.csv:9: column \"duration.months\" (pair 4: G and H)"),
        "{err}"
    );
}

/// A coordinator adds `date_order` at the foot of the cohort file, inside `[defaults]`:
/// the message says where the line goes, not only that the key is unknown.
#[test]
fn a_roster_setting_written_under_defaults_is_sent_to_the_top() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pairs.csv",
        "id,mentee.name,mentee.email,mentor.name,mentor.email,goals,duration.start\n\
         A1,Zoë Ó'Brien,zoe@example.org,Grace Hopper,grace@example.org,Present,12/01/2026\n",
    );
    let file = write(
        dir.path(),
        "scheme.toml",
        "roster = { file = \"pairs.csv\" }\n\n[defaults]\nduration.months = 6\ndate_order = \"day-month-year\"\n",
    );
    let (code, err) = stderr_of(&["check"], &file);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("scheme.toml:5:1"), "{err}");
    assert!(
        err.contains("`date_order` is a setting of the cohort file, not of each pair")
            && err.contains("move the line to the top of the file, above `[defaults]`"),
        "{err}"
    );
}
