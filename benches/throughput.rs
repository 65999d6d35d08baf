//! Speed and memory, as figures (not timed tests; the machines are shared and noisy).
//!
//!     cargo bench --bench throughput
//!
//! 1. One agreement to PDF, fonts already loaded: milliseconds per agreement.
//! 2. The real binary over cohorts of 1,000 and 10,000 pairs (Markdown + PDF):
//!    agreements per second and peak resident memory.

use std::path::Path;
use std::time::Instant;

use mentorpact::cli::OutputArgs;
use mentorpact::clock::Clock;
use mentorpact::input::Document;
use mentorpact::model::Paper;
use mentorpact::Pipeline;

const EXAMPLE: &str = include_str!("../examples/agreement.toml");
const COHORT: &str = include_str!("../examples/cohort.toml");

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    if wanted("single") {
        single_agreement();
    }
    // Output is removed only at the end: ext4 allocates new inodes slowly for a while
    // after many have been deleted, which would charge one run for the last one's
    // clean-up. Wait half a minute between runs of the bench for the same reason.
    let mut dirs = Vec::new();
    for n in [1_000, 10_000] {
        if wanted(&format!("cohort-{n}")) {
            dirs.push(cohort(n));
        }
    }
    for d in dirs {
        std::fs::remove_dir_all(d).ok();
    }
}

fn single_agreement() {
    let doc = Document::from_text(Path::new("agreement.toml"), EXAMPLE.to_string());
    let loaded = doc
        .units()
        .ok()
        .unwrap()
        .pop()
        .unwrap()
        .load()
        .ok()
        .unwrap();
    let args = OutputArgs {
        format: None,
        templates: None,
        paper: None,
        fonts: Vec::new(),
        tz: None,
    };
    let clock = Clock::from_epoch("1795000000").unwrap();
    let pipeline = Pipeline::new(&args, &[mentorpact::cli::Format::Pdf], clock).unwrap();
    let a = &loaded.agreement;
    let schedule = mentorpact::schedule::plan(&a.duration, &a.meetings);
    let md = pipeline
        .renderer
        .markdown(a, &schedule, clock.today)
        .unwrap();
    let meta = mentorpact::pdf::Meta::for_agreement(&loaded.agreement);
    // Warm up: the fonts are parsed once per process, on first use.
    let first =
        mentorpact::pdf::render(&md, &meta, Paper::A4, clock.now, &mentorpact::pdf::FONTS).unwrap();
    let pages = lopdf::Document::load_mem(&first.bytes)
        .map(|d| d.get_pages().len())
        .unwrap_or(0);

    let n = 300;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            mentorpact::pdf::render(&md, &meta, Paper::A4, clock.now, &mentorpact::pdf::FONTS)
                .unwrap(),
        );
    }
    let pdf_ms = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            pipeline
                .renderer
                .markdown(a, &schedule, clock.today)
                .unwrap(),
        );
    }
    let md_ms = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    println!(
        "single agreement ({pages} pages, {} KiB PDF), fonts loaded:",
        first.bytes.len() / 1024
    );
    println!("  Markdown: {md_ms:.3} ms per agreement");
    println!("  PDF from Markdown: {pdf_ms:.3} ms per agreement (target < 3 ms)");
}

/// A cohort file of `n` pairs built from the example cohort's defaults.
fn write_cohort(path: &Path, n: usize) {
    let mut s = COHORT[..COHORT.find("\n[[pairs]]").unwrap() + 1].to_string();
    for i in 0..n {
        s.push_str(&format!(
            "[[pairs]]\nmentor = {{ name = \"Mentor Number {i}\", role = \"Senior Engineer\", email = \"mentor{i}@example.org\" }}\n\
             mentee = {{ name = \"Mentee Zoë {i}\", role = \"Graduate Engineer\", email = \"mentee{i}@example.org\" }}\n\
             goals = [{{ description = \"Build confidence presenting to senior colleagues\", measure = \"Lead two reviews\" }}, \
             {{ description = \"Understand how our services run in production\" }}, {{ description = \"Plan the next two years\" }}]\n\n"
        ));
    }
    std::fs::write(path, s).unwrap();
}

fn cohort(n: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mentorpact-bench-{n}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cohort.toml");
    write_cohort(&file, n);
    let out = dir.join("out");
    let t = Instant::now();
    // Reaped by `wait4` below, which also reports its peak memory and CPU time.
    #[allow(clippy::zombie_processes)]
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_mentorpact"))
        .arg("render")
        .arg(&file)
        .args(["-q", "-o"])
        .arg(&out)
        .spawn()
        .unwrap();
    let (code, max_rss_kib, cpu_secs) = wait_with_rusage(child.id() as i32);
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(code, 0, "render failed");
    let written = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert_eq!(written, n);
    println!(
        "cohort of {n} pairs (Markdown + PDF, {} cores): {secs:.2} s, {:.0} agreements/s (target >= 500), \
         {:.2} ms CPU per agreement, peak RSS {:.1} MiB (target < 150 MiB at 10,000)",
        std::thread::available_parallelism().map_or(1, |p| p.get()),
        n as f64 / secs,
        cpu_secs * 1000.0 / n as f64,
        max_rss_kib as f64 / 1024.0
    );
    dir
}

/// Wait for a child; its exit code, peak resident set size (KiB) and CPU seconds.
fn wait_with_rusage(pid: i32) -> (i32, i64, f64) {
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: plain wait4 on our own child with valid out-pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        libc::WEXITSTATUS(status),
        usage.ru_maxrss,
        secs(usage.ru_utime) + secs(usage.ru_stime),
    )
}
