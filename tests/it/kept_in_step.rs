//! A partnership's year, scripted: every render after the first, every signature,
//! review and correction leaves the files true, and nothing a person changed is lost.

use std::path::{Path, PathBuf};

use crate::common::{example, mentorpact, LATER};

/// Run `args` in `dir`: exit code and standard error. `review --record` runs on a day
/// after the meetings it records ([`LATER`]), as only meetings held can be recorded.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut cmd = mentorpact();
    if args.contains(&"--record") {
        cmd.env("SOURCE_DATE_EPOCH", LATER);
    }
    let out = cmd.current_dir(dir).args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let said = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    (out.status.code().unwrap_or(-1), said)
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, said) = run(dir, args);
    assert_eq!(code, 0, "mentorpact {args:?}:\n{said}");
    said
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn folder_with(name: &str, as_name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(name), dir.path().join(as_name)).unwrap();
    dir
}

#[test]
fn a_pair_signs_and_the_next_render_shows_both_confirmations() {
    let d = folder_with("agreement.toml", "a.toml");
    let p = d.path();
    assert!(ok(p, &["render", "a.toml", "-o", "out"]).contains("1 new"));
    let answers = read(p.join("a.toml"));
    ok(p, &["sign", "a.toml", "--as", "mentee"]);
    ok(p, &["sign", "a.toml", "--as", "mentor"]);
    // The answers stay as their author wrote them: records live apart.
    assert_eq!(read(p.join("a.toml")), answers);
    assert!(p.join("a.records").is_dir());
    let said = ok(p, &["render", "a.toml", "-o", "out"]);
    assert!(said.contains("1 updated"), "{said}");
    let md = read(p.join("out/a.md"));
    assert_eq!(md.matches("Confirmed by").count(), 2, "{md}");
    // Nothing changed since: nothing is written.
    let said = ok(p, &["render", "a.toml", "-o", "out"]);
    assert!(said.contains("1 up to date"), "{said}");
}

/// The command `sign` suggests renders the formats the pair's folder holds: following
/// it never leaves the pair's calendar behind as a file of an earlier pair.
#[test]
fn the_render_sign_suggests_keeps_the_folders_formats() {
    let d = folder_with("agreement.toml", "a.toml");
    let p = d.path();
    ok(
        p,
        &["render", "a.toml", "-o", "out", "--format", "md,pdf,ics"],
    );
    let said = ok(p, &["sign", "a.toml", "--as", "mentee"]);
    let hint = said.lines().last().unwrap_or_default();
    assert!(
        hint.ends_with("mentorpact render a.toml -o ./out --format md,pdf,ics"),
        "{said}"
    );
    let args: Vec<&str> = hint
        .split(": mentorpact ")
        .nth(1)
        .unwrap()
        .split(' ')
        .collect();
    let again = ok(p, &args);
    assert!(
        again.contains("1 updated") && !again.contains("left"),
        "{again}"
    );
    ok(p, &["render", "a.toml", "-o", "plain"]);
    std::fs::remove_dir_all(p.join("out")).unwrap();
    let said = ok(p, &["sign", "a.toml", "--as", "mentor"]);
    assert!(said.trim_end().ends_with("-o ./plain"), "{said}");
}

#[test]
fn a_change_voids_the_confirmations_and_says_what_changed() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    ok(
        p,
        &[
            "sign",
            "cohort.toml",
            "--pair",
            "grace@example.org",
            "--as",
            "mentor",
        ],
    );
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    let text = read(p.join("cohort.toml"));
    let changed = text.replace(
        "meetings.length_minutes = 60",
        "meetings.length_minutes = 45",
    );
    assert_ne!(text, changed, "the example sets the length in [defaults]");
    std::fs::write(p.join("cohort.toml"), changed).unwrap();
    let said = ok(p, &["render", "cohort.toml", "-o", "out"]);
    assert!(said.contains("3 updated"), "{said}");
    assert!(
        said.contains("meetings.length_minutes: 60 → 45, from [defaults]"),
        "{said}"
    );
    assert!(
        said.contains("mentorpact sign cohort.toml --pair 1 --as mentor"),
        "{said}"
    );
    let md = read(p.join("out/zoe-o-brien-and-grace-hopper.md"));
    assert!(md.contains("45 minutes") && md.contains("Void:"), "{md}");
}

#[test]
fn a_pdf_changed_by_hand_survives_render_and_force() {
    let d = folder_with("agreement.toml", "a.toml");
    let p = d.path();
    ok(p, &["render", "a.toml", "-o", "out"]);
    let signed = b"%PDF-1.7 the copy they signed and scanned".to_vec();
    std::fs::write(p.join("out/a.pdf"), &signed).unwrap();
    let text = read(p.join("a.toml")).replace("length_minutes = 60", "length_minutes = 45");
    std::fs::write(p.join("a.toml"), text).unwrap();

    let (code, said) = run(p, &["render", "a.toml", "-o", "out"]);
    assert_eq!(code, 3, "not every file is current: {said}");
    assert!(
        said.contains("kept out/a.pdf") && said.contains("a.new.pdf"),
        "{said}"
    );
    assert_eq!(std::fs::read(p.join("out/a.pdf")).unwrap(), signed);
    assert!(read(p.join("out/a.md")).contains("45 minutes"));
    assert!(std::fs::read(p.join("out/a.new.pdf"))
        .unwrap()
        .starts_with(b"%PDF"));

    let said = ok(p, &["render", "a.toml", "-o", "out", "--force"]);
    assert!(said.contains("a.backup-1.pdf"), "{said}");
    assert_eq!(std::fs::read(p.join("out/a.backup-1.pdf")).unwrap(), signed);
    assert!(
        !p.join("out/a.new.pdf").exists(),
        "the new version took its place"
    );
    assert_ne!(std::fs::read(p.join("out/a.pdf")).unwrap(), signed);
}

#[test]
fn an_edit_of_the_same_size_with_its_time_restored_is_still_seen() {
    let d = folder_with("agreement.toml", "a.toml");
    let p = d.path();
    ok(p, &["render", "a.toml", "-o", "out"]);
    let md = p.join("out/a.md");
    let when = std::fs::metadata(&md).unwrap().modified().unwrap();
    let text = read(md.clone()).replacen("Mentee", "Mentii", 1);
    std::fs::write(&md, &text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&md)
        .unwrap()
        .set_modified(when)
        .unwrap();
    let changed = read(p.join("a.toml")).replace("length_minutes = 60", "length_minutes = 45");
    std::fs::write(p.join("a.toml"), changed).unwrap();
    let (code, said) = run(p, &["render", "a.toml", "-o", "out"]);
    assert_eq!(code, 3, "{said}");
    assert_eq!(read(md), text, "the person's edit is kept");
}

#[test]
fn a_copied_folder_is_still_known_and_a_second_run_at_once_is_refused() {
    let d = folder_with("agreement.toml", "a.toml");
    let p = d.path();
    ok(p, &["render", "a.toml", "-o", "out"]);
    // A copy (new times, same bytes) keeps its files the tool's own.
    std::fs::create_dir(p.join("copy")).unwrap();
    for f in ["a.md", "a.pdf", ".mentorpact-manifest"] {
        std::fs::copy(p.join("out").join(f), p.join("copy").join(f)).unwrap();
    }
    let changed = read(p.join("a.toml")).replace("length_minutes = 60", "length_minutes = 45");
    std::fs::write(p.join("a.toml"), changed).unwrap();
    let said = ok(p, &["render", "a.toml", "-o", "copy"]);
    assert!(said.contains("1 updated"), "{said}");
    // Another run holding the folder: refused, with a reason.
    let lock = std::fs::File::create(p.join("copy/.mentorpact-lock")).unwrap();
    lock.lock().unwrap();
    let (code, said) = run(p, &["render", "a.toml", "-o", "copy"]);
    assert_ne!(code, 0);
    assert!(said.contains("another mentorpact run"), "{said}");
}

#[test]
fn review_records_leave_every_folder_command_working() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    ok(
        p,
        &[
            "review",
            "cohort.toml",
            "--pair",
            "2",
            "--point",
            "early",
            "--record",
            "--set",
            "held_on=2027-02-08",
            "--set",
            "working=Weekly calls",
            "--set",
            "goals.1.progress=under-way",
            "-o",
            "out",
        ],
    );
    for args in [
        &["check", "."][..],
        &["render", ".", "-o", "out"],
        &["due", ".", "--on", "2027-01-01", "--within", "60"],
        &["report", ".", "-o", "report"],
    ] {
        ok(p, args);
    }
    let index = read(p.join("out/index.csv"));
    assert!(!index.contains("failed"), "{index}");
}

#[test]
fn regenerating_or_reordering_the_answers_keeps_confirmations_and_reviews() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    ok(
        p,
        &[
            "sign",
            "cohort.toml",
            "--pair",
            "Zoë Ó'Brien",
            "--as",
            "mentee",
        ],
    );
    ok(
        p,
        &[
            "review",
            "cohort.toml",
            "--pair",
            "tomas@example.org",
            "--point",
            "early",
            "--record",
            "--set",
            "held_on=2027-02-08",
            "--set",
            "goals.1.progress=met",
            "-o",
            "out",
        ],
    );
    // The coordinator exports the cohort again: the pairs come in another order.
    let text = read(p.join("cohort.toml"));
    let first = text.find("\n[[pairs]]").unwrap() + 1;
    let (head, rest) = text.split_at(first);
    let mut pairs: Vec<String> = rest
        .split("[[pairs]]")
        .filter(|s| !s.trim().is_empty())
        .map(|s| format!("[[pairs]]{}\n\n", s.trim_end()))
        .collect();
    pairs.reverse();
    let again = format!("{head}{}", pairs.concat());
    std::fs::write(p.join("cohort.toml"), again).unwrap();
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    let md = read(p.join("out/zoe-o-brien-and-grace-hopper.md"));
    assert!(md.contains("Confirmed by Zoë Ó'Brien (mentee)"), "{md}");
    let index = read(p.join("out/index.csv"));
    let zoe = index
        .lines()
        .find(|l| l.contains("zoe@example.org"))
        .unwrap();
    assert!(
        zoe.starts_with("cohort.toml,3,email:zoe@example.org+grace@example.org"),
        "{zoe}"
    );
    // Pair 2 is still Tomás: his review record is found by identity, not position.
    let said = ok(
        p,
        &[
            "review",
            "cohort.toml",
            "--pair",
            "tomas@example.org",
            "--point",
            "early",
            "-o",
            "rec",
            "--force",
        ],
    );
    assert!(said.contains("rec/"), "{said}");
    let record = read(p.join("rec/tomas-ruiz-and-katherine-johnson-review-early.md"));
    assert!(record.to_lowercase().contains("met"), "{record}");
}

#[test]
fn a_renamed_pair_keeps_its_history_and_its_old_files_are_listed_then_pruned() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    ok(p, &["sign", "cohort.toml", "--pair", "1", "--as", "mentee"]);
    let text = read(p.join("cohort.toml")).replace("Zoë Ó'Brien", "Zoë Ó'Brien-Walsh");
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    let said = ok(p, &["render", "cohort.toml", "-o", "out"]);
    assert!(said.contains("1 left from an earlier pair"), "{said}");
    assert!(said.contains("zoe-o-brien-and-grace-hopper.pdf"), "{said}");
    // The same emails: the same pair, whose confirmation was of the old spelling.
    let md = read(p.join("out/zoe-o-brien-walsh-and-grace-hopper.md"));
    assert!(md.contains("Void: Zoë Ó'Brien’s confirmation"), "{md}");
    let said = ok(p, &["render", "cohort.toml", "-o", "out", "--prune"]);
    assert!(said.contains("removed"), "{said}");
}

#[test]
fn pairs_are_picked_by_identity_email_or_name_and_ambiguity_is_listed() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    let (code, said) = run(
        p,
        &["sign", "cohort.toml", "--pair", "Nobody", "--as", "mentee"],
    );
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("no pair of cohort.toml"), "{said}");
    ok(
        p,
        &[
            "sign",
            "cohort.toml",
            "--pair",
            "KATHERINE@example.org",
            "--as",
            "mentor",
        ],
    );
    let records = std::fs::read_dir(p.join("cohort.records")).unwrap().count();
    assert_eq!(records, 1);
    // Grace Hopper mentors two pairs: her name picks neither, and both are listed.
    let text = read(p.join("cohort.toml")).replace("Katherine Johnson", "Grace Hopper");
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    let (code, said) = run(
        p,
        &[
            "sign",
            "cohort.toml",
            "--pair",
            "grace hopper",
            "--as",
            "mentor",
        ],
    );
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("matches 2 pairs") && said.contains("1 (Zoë Ó'Brien and Grace Hopper)"),
        "{said}"
    );
}

#[test]
fn a_us_english_pair_in_a_uk_cohort_meets_around_uk_bank_holidays_on_a4() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    // Pair 1 writes American English and starts the day after Easter Monday 2027,
    // with Thursday meetings: the May bank holidays of England fall on Mondays, so
    // the weekday is the Monday of a late-May start.
    let text = read(p.join("cohort.toml")).replacen(
        "[[pairs]]\n",
        "[[pairs]]\nlanguage = \"en-US\"\nduration.start = 2027-05-03\nmeetings.weekday = \"monday\"\n",
        1,
    );
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    let md = read(p.join("out/zoe-o-brien-and-grace-hopper.md"));
    // In American words: "bank holiday" is British.
    assert!(md.contains("public holidays in England and Wales"), "{md}");
    // 3 May and 31 May 2027 are bank holidays in England; 31 May is also Memorial Day.
    assert!(
        !md.contains("Monday, May 3, 2027") && !md.contains("Monday, May 31, 2027"),
        "{md}"
    );
    let pdf = std::fs::read(p.join("out/zoe-o-brien-and-grace-hopper.pdf")).unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    assert!(
        pdf.contains("/MediaBox [0 0 595.28 841.89]") || pdf.contains("595.28"),
        "A4"
    );
    // A pair that keeps another calendar on purpose says so, and is told.
    let text = read(p.join("cohort.toml")).replacen(
        "language = \"en-US\"\n",
        "language = \"en-US\"\nmeetings.holidays = \"us\"\n",
        1,
    );
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    let said = ok(p, &["check", "cohort.toml"]);
    assert!(
        said.contains("this pair's schedule avoids US federal holidays"),
        "{said}"
    );
}

#[test]
fn a_change_to_the_pairs_own_answers_is_not_said_to_come_from_defaults() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    ok(p, &["sign", "cohort.toml", "--pair", "1", "--as", "mentor"]);
    let text = read(p.join("cohort.toml")).replacen(
        "Grace Hopper\", role = \"Principal Engineer\"",
        "Grace Hopper\", role = \"Chief Engineer\"",
        1,
    );
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    let said = ok(p, &["check", "cohort.toml"]);
    assert!(
        said.contains("mentor.role: \"Principal Engineer\" → \"Chief Engineer\""),
        "{said}"
    );
    assert!(!said.contains("from [defaults]"), "{said}");
}

#[test]
fn a_pair_with_an_id_keeps_its_records_through_a_new_name_and_email() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    let text =
        read(p.join("cohort.toml")).replacen("[[pairs]]\n", "[[pairs]]\nid = \"S-0417\"\n", 1);
    std::fs::write(p.join("cohort.toml"), &text).unwrap();
    ok(
        p,
        &["sign", "cohort.toml", "--pair", "S-0417", "--as", "mentee"],
    );
    let renamed = text
        .replace("Zoë Ó'Brien", "Zoë Ó'Brien-Walsh")
        .replace("zoe@example.org", "zoe.walsh@example.org");
    std::fs::write(p.join("cohort.toml"), renamed).unwrap();
    let said = ok(p, &["check", "cohort.toml"]);
    assert!(
        said.contains("Zoë Ó'Brien's confirmation (mentee"),
        "{said}"
    );
    assert!(
        said.contains("mentee.name: \"Zoë Ó'Brien\" → \"Zoë Ó'Brien-Walsh\""),
        "{said}"
    );
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    let index = read(p.join("out/index.csv"));
    assert!(index.contains(",1,id:S-0417,"), "{index}");
}

#[test]
fn renew_refuses_after_a_decision_to_end_drops_old_blackouts_and_adds_to_a_cohort() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    let text = read(p.join("cohort.toml")).replacen(
        "[[pairs]]\n",
        "[[pairs]]\nmeetings.blackout = [{ from = 2027-03-01, to = 2027-03-12, reason = \"Leave\" }]\n",
        1,
    );
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    ok(
        p,
        &[
            "review",
            "cohort.toml",
            "--pair",
            "1",
            "--point",
            "final",
            "--record",
            "--set",
            "held_on=2027-07-09",
            "--set",
            "goals.1.progress=under-way",
            "--set",
            "goals.2.progress=met",
            "--set",
            "decision=end",
            "-o",
            "rec",
        ],
    );
    let (code, said) = run(p, &["renew", "cohort.toml", "--pair", "1", "--months", "6"]);
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("decided at their final review on 9 July 2027 to end"),
        "{said}"
    );
    let said = ok(
        p,
        &[
            "renew",
            "cohort.toml",
            "--pair",
            "1",
            "--months",
            "6",
            "--anyway",
            "--in-place",
        ],
    );
    assert!(
        said.contains("12 July 2027 to 11 January 2028 (6 months)"),
        "{said}"
    );
    let cohort = read(p.join("cohort.toml"));
    let added = &cohort[cohort.find("# The next term of").unwrap()..];
    assert!(
        !added.contains("Leave"),
        "the last term's leave is left out: {added}"
    );
    assert!(
        added.contains("id = \"zoe-o-brien-and-grace-hopper-from-2027-07-12\""),
        "{added}"
    );
    let said = ok(p, &["check", "cohort.toml"]);
    assert!(said.contains("4 agreements checked: all valid"), "{said}");
    // Once is enough: the same next term is not added twice.
    let (code, said) = run(
        p,
        &[
            "renew",
            "cohort.toml",
            "--pair",
            "1",
            "--months",
            "6",
            "--anyway",
            "--in-place",
        ],
    );
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("already holds the next term"), "{said}");
}

#[test]
fn records_cannot_share_the_answers_folder_and_sign_knows_where_files_go() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    let said = ok(p, &["sign", "cohort.toml", "--pair", "1", "--as", "mentee"]);
    assert!(
        said.contains("mentorpact render cohort.toml -o ./out"),
        "{said}"
    );
    let text =
        read(p.join("cohort.toml")).replacen("[defaults]\n", "[defaults]\nrecords = \".\"\n", 1);
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    let (code, said) = run(p, &["check", "cohort.toml"]);
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("`records`: is the answers' own folder"),
        "{said}"
    );
}

#[test]
fn a_cohort_may_keep_its_records_elsewhere() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    let text = read(p.join("cohort.toml")).replacen(
        "[defaults]\n",
        "[defaults]\nrecords = \"kept/records\"\n",
        1,
    );
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    let said = ok(p, &["sign", "cohort.toml", "--pair", "1", "--as", "mentee"]);
    assert!(said.contains("kept/records/"), "{said}");
    assert!(!p.join("cohort.records").exists());
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    let md = read(p.join("out/zoe-o-brien-and-grace-hopper.md"));
    assert!(md.contains("Confirmed by Zoë Ó'Brien (mentee)"), "{md}");
    // A pair that left the file: its records are listed, not lost.
    let text = read(p.join("cohort.toml"));
    let first = text.find("\n[[pairs]]").unwrap() + 1;
    let second = first + 1 + text[first + 1..].find("\n[[pairs]]").unwrap() + 1;
    std::fs::write(
        p.join("cohort.toml"),
        format!("{}{}", &text[..first], &text[second..]),
    )
    .unwrap();
    let said = ok(p, &["check", "cohort.toml"]);
    assert!(said.contains("belong to no pair of cohort.toml"), "{said}");
    let said = ok(p, &["report", "cohort.toml", "-o", "report"]);
    assert!(said.contains("belong to no pair of cohort.toml"), "{said}");
}

#[test]
fn a_conflict_is_settled_by_moving_the_new_version_in_or_deleting_it() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    let out = p.join("out");
    ok(p, &["render", "cohort.toml", "-o", "out"]);
    let zoe = out.join("zoe-o-brien-and-grace-hopper.pdf");
    let zoe_new = out.join("zoe-o-brien-and-grace-hopper.new.pdf");
    // Another pair's PDF saved over Zoë's, the agreement unchanged: noticed (its size).
    std::fs::copy(out.join("tomas-ruiz-and-katherine-johnson.pdf"), &zoe).unwrap();
    let (code, said) = run(p, &["render", "cohort.toml", "-o", "out"]);
    assert_eq!(code, 3, "{said}");
    assert!(
        said.contains("2 up to date, 1 kept (changed by hand)"),
        "{said}"
    );
    assert!(
        !said.contains("left from"),
        "a kept file is no earlier pair's: {said}"
    );
    let index = read(out.join("index.csv"));
    let row = index
        .lines()
        .find(|l| l.contains("zoe@example.org"))
        .unwrap();
    assert!(
        row.contains("zoe-o-brien-and-grace-hopper.new.pdf") && !row.contains("hopper.pdf;"),
        "{row}"
    );
    // Taking the new version: moved into place, then all is current.
    std::fs::rename(&zoe_new, &zoe).unwrap();
    let said = ok(p, &["render", "cohort.toml", "-o", "out"]);
    assert!(said.contains("3 up to date"), "{said}");
    assert!(!zoe_new.exists());

    // Keeping theirs: a signed copy over the PDF, the new version deleted.
    let signed = b"%PDF-1.7 signed and scanned".to_vec();
    std::fs::write(&zoe, &signed).unwrap();
    assert_eq!(run(p, &["render", "cohort.toml", "-o", "out"]).0, 3);
    std::fs::remove_file(&zoe_new).unwrap();
    let said = ok(p, &["render", "cohort.toml", "-o", "out"]);
    assert!(said.contains("3 up to date"), "{said}");
    assert!(!zoe_new.exists(), "nothing written beside it again");
    // The agreement changes later: their copy is still never replaced.
    let text = read(p.join("cohort.toml")).replace(
        "meetings.length_minutes = 60",
        "meetings.length_minutes = 45",
    );
    std::fs::write(p.join("cohort.toml"), text).unwrap();
    let (code, said) = run(p, &["render", "cohort.toml", "-o", "out"]);
    assert_eq!(code, 3, "{said}");
    assert_eq!(std::fs::read(&zoe).unwrap(), signed);
    assert!(zoe_new.exists());
}

#[test]
fn two_renders_into_a_new_folder_at_once_never_both_run() {
    let d = folder_with("cohort.toml", "cohort.toml");
    let p = d.path();
    let start = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("mentorpact"))
            .current_dir(p)
            .env("SOURCE_DATE_EPOCH", "1795000000")
            .args(["render", "cohort.toml", "-o", "fresh", "-q"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (start(), start());
    let codes = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    let ok_runs = codes.iter().filter(|o| o.status.success()).count();
    assert!(ok_runs >= 1, "{codes:?}");
    for o in codes.iter().filter(|o| !o.status.success()) {
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("another mentorpact run"),
            "{o:?}"
        );
    }
    let news = std::fs::read_dir(p.join("fresh"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".new.")
        })
        .count();
    assert_eq!(news, 0);
    let said = ok(p, &["render", "cohort.toml", "-o", "fresh"]);
    assert!(said.contains("3 up to date"), "{said}");
}

#[test]
fn a_pair_from_the_interview_signs_and_renders_in_its_own_folder() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    ok(
        p,
        &[
            "new",
            "--defaults",
            "-o",
            "ours",
            "--from",
            example("minimal.toml").to_str().unwrap(),
            "--set",
            "mentee.name=Cat Jones",
        ],
    );
    let answers = "ours/cat-jones-and-katherine-johnson.toml";
    let said = ok(p, &["sign", answers, "--as", "mentee"]);
    assert!(
        said.contains(&format!("mentorpact render {answers} -o ours")),
        "{said}"
    );
    ok(p, &["sign", answers, "--as", "mentor"]);
    let said = ok(p, &["render", answers, "-o", "ours"]);
    assert!(
        said.contains("1 updated"),
        "the interview's own files are replaced: {said}"
    );
    let md = read(p.join("ours/cat-jones-and-katherine-johnson.md"));
    assert_eq!(md.matches("Confirmed by").count(), 2, "{md}");
}
