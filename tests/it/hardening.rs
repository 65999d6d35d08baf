//! Hostile and careless input: every case of the hardening issue, each with a test that
//! failed before its fix.

use std::path::Path;

use crate::common::*;
use predicates::prelude::*;
use predicates::str::contains;

const PAIR: &str = "[mentor]\nname = \"Grace Hopper\"\n[mentee]\nname = \"Zoë Ó'Brien\"\n[[goals]]\ndescription = \"Present with confidence\"\n[duration]\nstart = 2027-01-11\n";

/// A cohort of the pairs (mentee, mentor, goal), all starting on the same day.
fn cohort_of(pairs: &[(&str, &str, &str)]) -> String {
    let pairs = pairs.iter().map(|(mentee, mentor, goal)| {
        format!("mentee.name = \"{mentee}\"\nmentor.name = \"{mentor}\"\ngoals = [{{ description = \"{goal}\" }}]\n")
    });
    cohort("[defaults]\nduration.start = 2027-01-11\n\n", pairs, "")
}

fn index(out: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(out.join("index.csv")).unwrap();
    r.records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_index_never_lists_another_pairs_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // Two pairs with the same names, told apart by their emails.
    let pair = |goal: &str, email: &str| {
        format!("mentee = {{ name = \"Ann Lee\", email = \"{email}\" }}\nmentor = {{ name = \"Bo Chan\", email = \"bo@example.org\" }}\ngoals = [{{ description = \"{goal}\" }}]\n")
    };
    let both = [
        pair("First pair's secret goal", "ann@example.org"),
        pair("Second pair's goal", "ann.lee@example.org"),
    ];
    let head = "[defaults]\nduration.start = 2027-01-11\n\n";
    let f = write(dir.path(), "cohort.toml", &cohort(head, both.clone(), ""));
    render(&f, &out, &["-q"]).success();
    // The first pair leaves the cohort; the second now takes the first's file name.
    std::fs::write(&f, cohort(head, [both[1].clone()], "")).unwrap();
    render(&f, &out, &[])
        .code(3)
        .stderr(contains("it holds the agreement of another pair"));
    let rows = index(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][12], "kept", "{rows:?}");
    assert!(rows[0][13].contains("another pair"), "{rows:?}");
    assert_eq!(
        rows[0][14], "ann-lee-and-bo-chan.new.md;ann-lee-and-bo-chan.new.pdf",
        "only the files that hold this pair's agreement: {rows:?}"
    );
    let md = std::fs::read_to_string(out.join("ann-lee-and-bo-chan.md")).unwrap();
    assert!(
        md.contains("First pair"),
        "the other pair's file is left alone"
    );
}

#[test]
fn failed_pairs_are_in_the_index_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let text = cohort_of(&[("Ann Lee", "Bo Chan", "x"), ("Cy Dee", "Cy Dee", "")]);
    let f = write(dir.path(), "cohort.toml", &text);
    render(&f, &out, &["-q"]).code(2);
    let rows = index(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0][12].as_str(), rows[1][12].as_str()),
        ("new", "failed")
    );
    assert!(rows[1][13].contains("goals[1].description"), "{rows:?}");
    assert_eq!(
        (rows[1][0].as_str(), rows[1][1].as_str()),
        (f.to_str().unwrap(), "2")
    );
}

#[test]
fn spreadsheet_formulas_are_neutralised_and_bad_emails_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let text = cohort_of(&[
        ("=HYPERLINK(\\\"http://x\\\")", "+Bo", "x"),
        ("@Ann", "-Cy", "y"),
    ]);
    let f = write(dir.path(), "cohort.toml", &text);
    render(&f, &out, &["-q"]).success();
    let raw = std::fs::read_to_string(out.join("index.csv")).unwrap();
    for cell in ["'=HYPERLINK", "'+Bo", "'@Ann", "'-Cy"] {
        assert!(raw.contains(cell), "{cell} not neutralised in {raw}");
    }
    for bad in ["=1+1@x.org", "a@b..c"] {
        let f = write(
            dir.path(),
            "bad.toml",
            &PAIR.replace(
                "name = \"Grace Hopper\"",
                &format!("name = \"Grace Hopper\"\nemail = \"{bad}\""),
            ),
        );
        mentorpact()
            .arg("check")
            .arg(&f)
            .assert()
            .code(2)
            .stderr(contains("`mentor.email`").and(contains("bad.toml:3")));
    }
}

#[test]
fn control_characters_never_reach_the_terminal_or_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = PAIR.replace(
        "Present with confidence",
        "Present\\u001b[31m with\\u0007 confidence\\u202e\\u200b\\r",
    );
    let f = write(dir.path(), "ctl.toml", &text);
    let out = mentorpact()
        .args(["render", "-o"])
        .arg(dir.path().join("o"))
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`goals[1].description`") && err.contains("control or invisible"),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{7}'),
        "raw control characters: {err:?}"
    );
    let md = std::fs::read_to_string(dir.path().join("o/ctl.md")).unwrap();
    assert!(md.contains("Present\\[31m with confidence"), "{md}");
    let hidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    assert!(!md.chars().any(hidden), "{md:?}");
    // A raw escape byte in the file is a syntax error: the snippet shows it inert.
    let f = write(
        dir.path(),
        "raw.toml",
        &PAIR.replace("Grace Hopper", "Grace\u{1b}[2J Hopper"),
    );
    let out = mentorpact().arg("check").arg(&f).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

/// `mentorpact render FILE --templates TPL -o -`, to be run.
fn with_templates(tpl: &std::path::Path, file: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = mentorpact();
    cmd.args(["render", "-o", "-", "--templates"])
        .arg(tpl)
        .arg(file);
    cmd
}

/// tera's parser recurses: a template nested thousands deep would overflow its stack
/// and abort. It is refused first, with its file and line.
#[test]
fn templates_nested_too_deep_are_refused_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.toml", PAIR);
    let cases = [
        format!(
            "# Agreement\n{{{{ {}1{} }}}}\n",
            "(".repeat(5000),
            ")".repeat(5000)
        ),
        format!(
            "# Agreement\n{}x{}\n",
            "{% if true %}".repeat(3000),
            "{% endif %}".repeat(3000)
        ),
    ];
    for (i, src) in cases.iter().enumerate() {
        let tpl = dir.path().join(format!("tpl{i}"));
        std::fs::create_dir_all(&tpl).unwrap();
        write(&tpl, "agreement.md", src);
        with_templates(&tpl, &f).assert().code(2).stderr(
            contains("agreement.md")
                .and(contains("line 2:"))
                .and(contains("nested more than 64 deep")),
        );
    }
}

#[test]
fn templates_that_include_themselves_or_leave_the_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir_all(tpl.join("sections")).unwrap();
    write(&tpl, "agreement.md", "{% include \"sections/goals.md\" %}");
    write(
        &tpl.join("sections"),
        "goals.md",
        "{% include \"agreement.md\" %}",
    );
    let f = write(dir.path(), "a.toml", PAIR);
    with_templates(&tpl, &f).assert().code(2).stderr(
        contains("includes itself")
            .and(contains("agreement.md → sections/goals.md → agreement.md")),
    );
    #[cfg(unix)]
    {
        std::fs::remove_file(tpl.join("sections/goals.md")).unwrap();
        std::fs::remove_file(tpl.join("agreement.md")).unwrap();
        // A link out of the folder, and a link that loops back into it.
        std::os::unix::fs::symlink("/etc/hostname", tpl.join("agreement.md")).unwrap();
        std::os::unix::fs::symlink("..", tpl.join("sections/loop")).unwrap();
        with_templates(&tpl, &f)
            .assert()
            .code(2)
            .stderr(contains("outside the template folder"));
        std::fs::remove_file(tpl.join("agreement.md")).unwrap();
        with_templates(&tpl, &f)
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .success();
    }
}

#[test]
fn dates_and_terms_have_bounds() {
    let dir = tempfile::tempdir().unwrap();
    for (start, extra, want) in [
        ("1900-01-01", "", "outside the years 2000 to 2100"),
        ("2200-01-01", "", "outside the years 2000 to 2100"),
        (
            "2027-01-11",
            "end = 9999-12-31",
            "outside the years 2000 to 2100",
        ),
        (
            "2027-01-11",
            "end = 2199-01-01",
            "outside the years 2000 to 2100",
        ),
        ("2027-01-11", "months = 61", "out of range"),
    ] {
        let text = PAIR.replace("start = 2027-01-11", &format!("start = {start}\n{extra}"));
        let f = write(dir.path(), "d.toml", &text);
        mentorpact()
            .arg("check")
            .arg(&f)
            .assert()
            .code(2)
            .stderr(contains(want));
    }
}

#[test]
fn a_killed_runs_temporary_files_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // As SIGKILL leaves them: named for a process that is gone.
    write(&out, ".mentorpact-4294967-a1b2c3.tmp", "half a PDF");
    let f = write(dir.path(), "a.toml", PAIR);
    render(&f, &out, &["-q"]).success();
    assert!(
        !files_in(&out).iter().any(|f| f.ends_with(".tmp")),
        "{:?}",
        files_in(&out)
    );
}

#[test]
fn check_warns_about_what_is_probably_a_mistake() {
    let dir = tempfile::tempdir().unwrap();
    let text = PAIR
        .replace("Zoë Ó'Brien", "Grace Hopper")
        .replace(
            "Present with confidence\"",
            "Present with confidence\"\ntarget_date = 2030-01-01",
        )
        .replace(
            "start = 2027-01-11",
            "start = 2027-01-11\nmonths = 2\nreview_every_months = 3",
        );
    let f = write(dir.path(), "w.toml", &text);
    mentorpact().arg("check").arg(&f).assert().success().stderr(
        contains("warning: `mentee.name`")
            .and(contains("warning: `duration.review_every_months`"))
            .and(contains("warning: `goals[1].target_date`"))
            .and(contains("w.toml:")),
    );
}

#[test]
fn messages_are_clear_and_rejected_input_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let huge = PAIR.replace(
        "start = 2027-01-11",
        "start = 2027-01-11\n[meetings]\nlength_minutes = 99999999999999999999",
    );
    // (The [meetings] table after [duration] is fine TOML.)
    let f = write(dir.path(), "h.toml", &huge);
    mentorpact()
        .arg("check")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(contains("far too large").and(contains("i128").not()));
    let missing = "[defaults]\nduration.start = 2027-01-11\n\n[[pairs]]\nmentor.name = \"A\"\ngoals = [{ description = \"x\" }]\n";
    let f = write(dir.path(), "m.toml", missing);
    mentorpact()
        .arg("check")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(contains("`mentee`").and(contains("m.toml:4:1")));
    let long = PAIR
        .replace("Present with confidence", &"long ".repeat(40_000))
        .replace("[duration]", "[duration]\nfrequncy = 1");
    let f = write(dir.path(), "l.toml", &long);
    let out = mentorpact().arg("check").arg(&f).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.len() < 2_000, "{} bytes of message", err.len());
    let out_dir = dir.path().join("never");
    render(&f, &out_dir, &[]).code(2);
    assert!(
        !out_dir.exists(),
        "a rejected input created its output folder"
    );
}

/// CPU seconds the process `pid` has used so far, all its threads together (Linux's
/// /proc; still readable while it is a zombie, so after it has ended too).
#[cfg(target_os = "linux")]
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the program's name, which is in brackets and may hold spaces:
    // utime and stime are the 12th and 13th of them.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // SAFETY: sysconf only reads a constant of the system.
    ticks as f64 / unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64
}

/// The bound is on work, not on the clock: the CPU time the process spends after
/// Ctrl-C. Stopping it takes one second of waiting, in which the stuck loop can use at
/// most one second of CPU, and a busy machine gives it less, never more; so the check
/// does not flake under load, as a wall-clock bound did. If Ctrl-C stopped only at the
/// end of the loop, its billions of rounds would use far more than the bound, and the
/// test kills the process and fails as soon as they pass it.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_a_template_stuck_in_a_long_loop() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir_all(&tpl).unwrap();
    // Three nested loops over the letters of a long word, so the work is long (billions
    // of rounds, stopped after 10 s by the sandbox's own limit) while no `range` is used,
    // whose items a document's budget bounds.
    let word = "x".repeat(3000);
    write(
        &tpl,
        "agreement.md",
        &format!("{{% set w = \"{word}\" | split(pat=\"x\") %}}{{% for i in w %}}{{% for j in w %}}{{% for k in w %}}{{% if i == 1 %}}x{{% endif %}}{{% endfor %}}{{% endfor %}}{{% endfor %}}"),
    );
    let f = write(dir.path(), "a.toml", PAIR);
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mentorpact"))
        .args(["render", "-q", "--templates"])
        .arg(&tpl)
        .arg("-o")
        .arg(&out)
        .arg(&f)
        .spawn()
        .unwrap();
    let pid = child.id();
    let wait = || std::thread::sleep(std::time::Duration::from_millis(20));
    // Into the loop: reading the input takes milliseconds of CPU, the loop all the rest.
    // (A sleep would be too short on a busy machine, and Ctrl-C would stop the run
    // before the loop, testing nothing.)
    while cpu_seconds(pid) < 0.3 {
        assert!(child.try_wait().unwrap().is_none(), "ended before Ctrl-C");
        wait();
    }
    std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    let asked = cpu_seconds(pid);
    const BOUND: f64 = 2.5;
    let status = loop {
        let used = cpu_seconds(pid) - asked;
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if used > BOUND {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after Ctrl-C and {used:.1} s of CPU since");
        }
        wait();
    };
    assert_eq!(status.code(), Some(130));
    assert!(!out.join("a.md").exists(), "{:?}", files_in(&out));
}

#[test]
fn a_file_that_cannot_be_read_keeps_its_place_in_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = write(dir.path(), "a.toml", PAIR);
    let b = write(dir.path(), "b.toml", "[mentor\n");
    let c = write(
        dir.path(),
        "c.toml",
        &PAIR.replace("Grace Hopper", "Ada Lovelace"),
    );
    mentorpact()
        .arg("render")
        .args([&a, &b, &c])
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .code(2);
    let rows = index(&out);
    let status: Vec<&str> = rows.iter().map(|r| r[12].as_str()).collect();
    assert_eq!(status, ["new", "failed", "new"], "{rows:?}");
    assert!(
        rows[1][0].ends_with("b.toml") && rows[1][13].contains("TOML syntax"),
        "{rows:?}"
    );
    assert_eq!(rows[2][5], "Ada Lovelace");
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_at_once_in_folders_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("minimal.toml"), dir.path().join("minimal.toml")).unwrap();
    let fifo = dir.path().join("pipe.toml");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for (input, cmd) in [
        (Path::new("/dev/zero"), "check"),
        (dir.path(), "check"),
        (Path::new("/dev/zero"), "due"),
        (dir.path(), "render"),
    ] {
        let out = dir.path().join("out");
        let mut c = mentorpact();
        c.arg(cmd)
            .arg(input)
            .timeout(std::time::Duration::from_secs(20));
        if cmd == "render" {
            c.arg("-o").arg(&out);
        }
        c.assert()
            .code(2)
            .stderr(contains("is not a regular file (a device, pipe or socket)"));
    }
}

#[cfg(unix)]
#[test]
fn escape_sequences_and_bidi_marks_in_file_names_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "c\u{1b}]0;HACKED\u{7}d\u{202e}e.toml";
    std::fs::write(dir.path().join(name), "title = 3\n").unwrap();
    let out = mentorpact().arg("check").arg(dir.path()).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("c\\u{1B}]0;HACKED\\u{7}d\\u{202E}e.toml:1:9"),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err:?}"
    );
}

#[test]
fn names_and_goals_made_only_of_invisible_characters_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "invisible.toml",
        "mentee.name = \"\u{200b}\u{200b}\"\nmentor.name = \"\u{200d}\"\ngoals = [{ description = \"\u{2060}\" }]\nduration.start = 2027-01-11\n",
    );
    let out = dir.path().join("out");
    render(&f, &out, &[]).code(2).stderr(
        contains("`mentee.name`: shows nothing")
            .and(contains("`mentor.name`: shows nothing"))
            .and(contains("`goals[1].description`: shows nothing")),
    );
    assert!(!out.join("invisible.md").exists(), "nothing written");
}

#[test]
fn noncharacters_never_reach_the_metadata_and_reserved_names_get_a_suffix() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "con.toml",
        "title = \"A\u{ffff}B\u{fffe}\"\nmentee.name = \"A B\"\nmentor.name = \"C D\"\ngoals = [{ description = \"x\" }]\nduration.start = 2027-01-11\n",
    );
    let out = dir.path().join("out");
    render(&f, &out, &[]).success();
    // `con` is a device name on Windows: the files get a suffix.
    let pdf = std::fs::read(out.join("con-file.pdf")).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let start = text.find("<x:xmpmeta").expect("an XMP packet");
    let end = text[start..].find("</x:xmpmeta>").unwrap() + start + "</x:xmpmeta>".len();
    let xmp = &text[start..end];
    roxmltree::Document::parse(xmp).expect("the XMP is well-formed XML");
    assert!(xmp.contains("AB"), "{xmp}");
}

#[test]
fn an_email_with_markup_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "e.toml",
        "mentee = { name = \"A B\", email = \"<svg/onload=alert(2)>@example.org\" }\nmentor.name = \"C D\"\ngoals = [{ description = \"x\" }]\nduration.start = 2027-01-11\n",
    );
    mentorpact()
        .arg("check")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(contains("does not look like an email address"));
}

#[test]
fn custom_templates_cannot_read_the_environment_or_make_huge_lists() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("t");
    mentorpact()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .success();
    let support = templates.join("sections/support.md");
    let original = std::fs::read_to_string(&support).unwrap();
    for (added, said) in [
        ("{{ get_env(name=\"HOME\") }}", "get_env is not available"),
        (
            "{% for i in range(end=100000000) %}{{ i }}{% endfor %}",
            "range would make 100000000 items",
        ),
    ] {
        std::fs::write(&support, format!("{original}\n{added}\n")).unwrap();
        let out = dir.path().join("out");
        render(
            &example("minimal.toml"),
            &out,
            &["--templates", templates.to_str().unwrap()],
        )
        .code(2)
        .stderr(contains(said))
        // Refused before rendering, at the template's own file and line.
        .stderr(contains("sections/support.md"))
        .stderr(contains("line "));
        assert!(!out.join("minimal.md").exists());
    }
    // A small range still works.
    std::fs::write(
        &support,
        format!("{original}\nCount: {{% for i in range(end=3) %}}{{{{ i }}}}{{% endfor %}}\n"),
    )
    .unwrap();
    let out = dir.path().join("small");
    render(
        &example("minimal.toml"),
        &out,
        &["--templates", templates.to_str().unwrap()],
    )
    .success();
    assert!(std::fs::read_to_string(out.join("minimal.md"))
        .unwrap()
        .contains("Count: 012"));
}
