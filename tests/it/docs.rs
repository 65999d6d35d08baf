//! Every command the docs mark runnable runs as written: the blocks fenced ```` ```sh run ````
//! (optionally `status=N` for a block shown failing on purpose) of README.md and
//! docs/*.md, run in order, each file's in one fresh folder holding a copy of examples/,
//! against the mentorpact just built (docs/contributing.md, "Commands in the docs").

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::root;

/// A runnable block: where it is, the status it must end with, and its script.
struct Block {
    file: String,
    line: usize,
    status: i32,
    script: String,
}

/// The runnable blocks of one Markdown file, in order. A fence's info string is `sh run`,
/// then optionally `status=N`; anything else (plain `sh`, `text`) is only shown.
fn blocks(file: &str, text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        // A fence of N backticks closes only at N or more: a longer fence may show a
        // runnable block as an example without running it (docs/contributing.md does).
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks < 3 {
            continue;
        }
        let words: Vec<&str> = line[ticks..].split_whitespace().collect();
        let runnable = words.len() >= 2 && words[0] == "sh" && words[1] == "run";
        let mut script = String::new();
        for (_, body) in lines.by_ref() {
            let closing = body.trim_end();
            if closing.len() >= ticks && closing.bytes().all(|b| b == b'`') {
                break;
            }
            script.push_str(body);
            script.push('\n');
        }
        if !runnable {
            continue;
        }
        let status = words[2..]
            .iter()
            .find_map(|w| w.strip_prefix("status="))
            .map(|s| s.parse().expect("status=N takes a number"))
            .unwrap_or(0);
        found.push(Block {
            file: file.to_string(),
            line: n + 2,
            status,
            script,
        });
    }
    found
}

/// README.md and every docs/*.md, by their path in the repository.
fn doc_files() -> Vec<String> {
    let mut files = vec!["README.md".to_string()];
    let mut docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A folder holding only `mentorpact`, the binary under test, to put first on PATH:
/// the docs call it by name, as a reader who installed it does.
fn bin_dir(tmp: &Path) -> PathBuf {
    let dir = tmp.join("bin");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_mentorpact"), dir.join("mentorpact")).unwrap();
    dir
}

/// Runs each file's blocks in order in a folder of its own; every failure is listed.
#[test]
fn every_runnable_block_of_the_docs_runs_as_written() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in doc_files() {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let found = blocks(&file, &text);
        if found.is_empty() {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        let work = tmp.path().join("work");
        copy_dir(&root().join("examples"), &work.join("examples"));
        let path = format!(
            "{}:{}",
            bin_dir(tmp.path()).display(),
            std::env::var("PATH").unwrap_or_default()
        );
        for b in found {
            ran += 1;
            // Real time, as a reader has it: the guides give `--on` where the day matters.
            let out = Command::new("bash")
                .args(["-e", "-o", "pipefail", "-c", &b.script])
                .current_dir(&work)
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .env_remove("SOURCE_DATE_EPOCH")
                .output()
                .expect("bash runs");
            let status = out.status.code().unwrap_or(-1);
            if status != b.status {
                failures.push(format!(
                    "{}:{}: the block ended with status {status}, not {}:\n{}\n{}{}",
                    b.file,
                    b.line,
                    b.status,
                    b.script.trim_end(),
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(ran > 0, "no runnable blocks found in the docs");
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn blocks_are_found_with_their_line_and_status() {
    let text = "# T\n\n```sh run\necho a\n```\n\n```sh\nmentorpact new\n```\n\n```sh run status=2\nfalse\n```\n";
    let found = blocks("x.md", text);
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].line, found[0].status), (4, 0));
    assert_eq!(found[0].script, "echo a\n");
    assert_eq!((found[1].line, found[1].status), (12, 2));
    // Shown inside a longer fence, a runnable block is only an example.
    let shown = "````markdown\n```sh run\nfalse\n```\n````\n";
    assert!(blocks("y.md", shown).is_empty());
}

/// The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings (outside fenced blocks).
fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            found.push(slug(line.trim_start_matches('#')));
        }
    }
    found
}

/// Whether `target` (a path from the repository's root, maybe with `#anchor`) names a
/// file that exists and, with an anchor, one of its headings.
fn resolves(target: &str) -> Result<(), String> {
    let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
    let file = root().join(path);
    if !file.exists() {
        return Err(format!("{path} does not exist"));
    }
    if anchor.is_empty() {
        return Ok(());
    }
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{path}: {e}"))?;
    if anchors(&text).iter().any(|a| a == anchor) {
        Ok(())
    } else {
        Err(format!("{path} has no heading #{anchor}"))
    }
}

/// Every relative link of the docs leads to a file, and to a heading when it names one.
#[test]
fn every_link_of_the_docs_leads_somewhere() {
    let mut broken = Vec::new();
    for file in doc_files() {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let dir = Path::new(&file).parent().unwrap_or(Path::new(""));
        for (n, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("](") {
                let rest = &line[i + 2..];
                let Some(end) = rest.find(')') else { continue };
                let target = &rest[..end];
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let full = if let Some(anchor) = target.strip_prefix('#') {
                    format!("{file}#{anchor}")
                } else {
                    let joined = dir.join(target).to_string_lossy().into_owned();
                    joined.trim_start_matches("./").to_string()
                };
                if let Err(why) = resolves(&full) {
                    broken.push(format!("{file}:{}: ({target}) {why}", n + 1));
                }
            }
        }
    }
    assert!(broken.is_empty(), "\n{}", broken.join("\n"));
}

/// `--help` and each command's help end with the guide for the task, and the guide's
/// section is there.
#[test]
fn every_command_s_help_points_to_its_guide() {
    let commands = [
        "render",
        "check",
        "new",
        "review",
        "renew",
        "report",
        "due",
        "sign",
        "init",
        "templates",
        "schema",
        "completions",
        "man",
    ];
    let mut missing = Vec::new();
    let top = std::iter::once(Vec::new()).chain(commands.iter().map(|c| vec![*c]));
    for args in top {
        let out = crate::common::mentorpact()
            .args(&args)
            .arg("--help")
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        let guides: Vec<&str> = help
            .split_whitespace()
            .filter(|w| w.starts_with("docs/"))
            .map(|w| w.trim_end_matches([',', ';', ':', ')']))
            .collect();
        if guides.is_empty() {
            missing.push(format!(
                "mentorpact {} --help names no guide",
                args.join(" ")
            ));
        }
        for g in guides {
            if let Err(why) = resolves(g) {
                missing.push(format!("mentorpact {} --help: {why}", args.join(" ")));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

/// The README stays a front door (issue #31): short, with the two set-up commands that
/// `.ci/run` and a newcomer rely on; the detail lives in docs/.
#[test]
fn the_readme_is_short_and_carries_the_two_set_up_commands() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= 150,
        "README.md has {lines} lines; move detail to docs/"
    );
    for command in [
        "cargo install --path . && mentorpact render examples/agreement.toml",
        "./scripts/test",
    ] {
        assert!(readme.contains(command), "README.md lost `{command}`");
    }
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.contains("./scripts/test"),
        ".ci/run no longer runs ./scripts/test"
    );
}

/// Text as a terminal shows it, without its escape sequences (colour, cursor moves).
#[cfg(unix)]
fn without_escapes(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters, then one final byte from @ to ~.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

/// The first screen docs/pairs.md shows is what `mentorpact new` shows, word for word
/// (lines may wrap otherwise at another width), so the guide's picture stays current.
#[cfg(unix)]
#[test]
fn the_interview_s_first_screen_in_pairs_md_is_what_it_shows() {
    let guide = std::fs::read_to_string(root().join("docs/pairs.md")).unwrap();
    let after = &guide[guide
        .find("The screen greets you")
        .expect("the guide shows it")..];
    let shown = after
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("a text block after it");
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mentorpact"));
    cmd.arg("new")
        .current_dir(dir.path())
        .env("LANG", "en_GB.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    let last = "Spanish (es)";
    let before = p.exp_string(last).expect("the first question's choices");
    // rexpect hands back each byte as a char (Latin-1): make the UTF-8 text again.
    let raw = format!("{before}{last}");
    let raw = if raw.chars().all(|c| (c as u32) < 256) {
        let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        raw
    };
    let screen = without_escapes(&raw);
    let mut words = screen.split_whitespace();
    for word in shown.split_whitespace() {
        assert!(
            words.any(|w| w == word),
            "docs/pairs.md shows {word:?}, which the interview's first screen does not (or not in that order):\n{screen}"
        );
    }
}

/// A page of a PNG: its size and its pixels as RGB.
fn pixels(png_file: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::fs::File::open(png_file).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let n = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks(n)
        .map(|p| if n < 3 { [p[0]; 3] } else { [p[0], p[1], p[2]] })
        .collect();
    (info.width, info.height, rgb)
}

/// The pictures of the PDF in docs/pairs.md are pages of the agreement mentorpact makes
/// of examples/agreement.toml today. When the wording or the layout changes, this fails;
/// `MENTORPACT_UPDATE_DOCS=1 cargo test --test it pictures` draws them again.
#[test]
fn the_pictures_of_the_pdf_in_pairs_md_are_what_it_makes() {
    crate::common::require("pdftoppm");
    let guide = std::fs::read_to_string(root().join("docs/pairs.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    crate::common::render(
        &crate::common::example("agreement.toml"),
        dir.path(),
        &["--format", "pdf", "-q"],
    )
    .success();
    let pdf = dir.path().join("agreement.pdf");
    let update = std::env::var_os("MENTORPACT_UPDATE_DOCS").is_some();
    for (page, name) in [
        ("1", "agreement-first-page.png"),
        ("5", "agreement-signatures.png"),
    ] {
        assert!(
            guide.contains(&format!("(images/{name})")),
            "pairs.md shows {name}"
        );
        let stem = dir.path().join(name.trim_end_matches(".png"));
        let args = ["-png", "-r", "50", "-singlefile", "-f", page, "-l", page];
        let mut cmd = Command::new("pdftoppm");
        assert!(cmd
            .args(args)
            .arg(&pdf)
            .arg(&stem)
            .status()
            .unwrap()
            .success());
        let drawn = stem.with_extension("png");
        let kept = root().join("docs/images").join(name);
        if update {
            std::fs::copy(&drawn, &kept).unwrap();
            continue;
        }
        let (w, h, now) = pixels(&drawn);
        let (kw, kh, then) = pixels(&kept);
        // Another poppler may draw an edge a shade apart; a changed word moves hundreds.
        let apart = now
            .iter()
            .zip(&then)
            .filter(|(a, b)| (0..3).any(|i| a[i].abs_diff(b[i]) > 64))
            .count();
        assert!(
            (w, h) == (kw, kh) && apart * 1000 < now.len(),
            "docs/images/{name} is not page {page} of the agreement as it is now ({apart} pixels differ): run MENTORPACT_UPDATE_DOCS=1 cargo test --test it pictures"
        );
    }
}
