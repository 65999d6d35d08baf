//! Speed and memory, as figures (not timed tests; the machines are shared and noisy).
//!
//!     cargo bench --bench throughput [single] [one] [cohort-1000] [cohort-10000] [rerender-10000]
//!     cargo bench --bench throughput cohort-100000   # ~9 GB of output; not by default
//!     cargo bench --bench throughput roster-100000   # 100,000-row CSV, XLSX and ODS rosters
//!
//! 1. One agreement to PDF in process, fonts already loaded: milliseconds per agreement.
//! 2. One agreement with the real binary, start to finish: wall milliseconds.
//! 3. The real binary over a 1,000-pair cohort (tagged PDF/UA-1 + PDF/A-2a and
//!    Markdown), with two jobs and with one, printing `render --timings`; then 10,000
//!    pairs for peak memory. Output goes to /dev/shm when there is one (tmpfs).
//! 4. Rendering a 10,000-pair cohort again into its own folder: unchanged (every file
//!    up to date), then with one pair changed, beside the first render into an empty
//!    folder (target: unchanged at least 10 times faster).
//! 5. `check`, `due` and `report` over a cohort of 200 MB (about 300,000 pairs, all due
//!    at once): pairs per second and peak memory (target: under 100 MiB each). Not by
//!    default: `cargo bench --bench throughput folders-200mb`.
//! 6. Rosters (`roster-10000`; `roster-100000` by name only): the same pairs as a CSV
//!    roster, an XLSX roster, an ODS roster and a TOML cohort, each rendered to
//!    Markdown: rows per second and peak memory.

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
    if wanted("one") {
        one_agreement_wall();
    }
    if wanted("cohort-1000") {
        let d = cohort(1_000, &["--timings"], 1_300.0, None);
        std::fs::remove_dir_all(d).ok();
        let d = cohort(1_000, &["--timings", "-j", "1"], 700.0, None);
        std::fs::remove_dir_all(d).ok();
    }
    if wanted("cohort-10000") {
        let d = cohort(10_000, &[], 1_300.0, Some(50.0));
        std::fs::remove_dir_all(d).ok();
    }
    if wanted("rerender-10000") {
        rerender(10_000);
    }
    if filter.iter().any(|f| f == "folders-200mb") {
        folders(200 << 20);
    }
    if wanted("roster-10000") {
        roster(10_000);
    }
    if filter.iter().any(|f| f == "roster-100000") {
        roster(100_000);
    }
    if filter.iter().any(|f| f == "cohort-100000") {
        let d = cohort(100_000, &[], 1_300.0, Some(50.0));
        std::fs::remove_dir_all(d).ok();
    }
}

/// Where output goes: tmpfs when the machine has one, so the disk is not measured.
fn scratch() -> std::path::PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// `mentorpact render examples/agreement.toml` from process start to exit, the median
/// of 21 runs.
fn one_agreement_wall() {
    let out = scratch().join(format!("mentorpact-bench-one-{}", std::process::id()));
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agreement.toml");
    // Median and best of 21 runs of a command, in milliseconds.
    let time = |cmd: &mut dyn FnMut() -> std::process::Command| {
        let mut times: Vec<f64> = (0..21)
            .map(|_| {
                let t = Instant::now();
                assert!(cmd().status().unwrap().success());
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        (times[10], times[0])
    };
    let (median, best) = time(&mut || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_mentorpact"));
        c.arg("render")
            .arg(&example)
            .args(["-q", "--force", "-o"])
            .arg(&out);
        c
    });
    println!(
        "one agreement, `mentorpact render` start to exit: {median:.1} ms median, {best:.1} ms best"
    );
    // How slow starting any process is just now: on a shared machine it varies by 2x.
    if Path::new("/bin/true").exists() {
        let (median, _) = time(&mut || std::process::Command::new("/bin/true"));
        println!("  for scale, `/bin/true` start to exit: {median:.2} ms median");
    }
    std::fs::remove_dir_all(out).ok();
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
        look: Default::default(),
        tz: None,
        no_fields: false,
        no_language_notice: true,
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
    let first = mentorpact::pdf::render(
        &md,
        &meta,
        Paper::A4,
        clock.now,
        &mentorpact::pdf::FONTS,
        true,
    )
    .unwrap();
    let pages = lopdf::Document::load_mem(&first.bytes)
        .map(|d| d.get_pages().len())
        .unwrap_or(0);

    let n = 300;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            mentorpact::pdf::render(
                &md,
                &meta,
                Paper::A4,
                clock.now,
                &mentorpact::pdf::FONTS,
                true,
            )
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

fn cohort(
    n: usize,
    args: &[&str],
    target_rate: f64,
    target_mib: Option<f64>,
) -> std::path::PathBuf {
    let dir = scratch().join(format!("mentorpact-bench-{n}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cohort.toml");
    write_cohort(&file, n);
    let out = dir.join("out");
    let Measured {
        secs,
        max_rss_kib,
        cpu_secs,
        said: timings,
    } = measure(&file, &out, args);
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
    let jobs = match args.iter().position(|a| *a == "-j") {
        Some(i) => args[i + 1].parse().unwrap(),
        None => std::thread::available_parallelism().map_or(1, |p| p.get()),
    };
    println!(
        "cohort of {n} pairs, tagged PDF + Markdown, {jobs} job{}: {secs:.2} s, {:.0} agreements/s (target >= {target_rate:.0}), \
         {:.2} ms CPU per agreement, peak RSS {:.1} MiB{}",
        if jobs == 1 { "" } else { "s" },
        n as f64 / secs,
        cpu_secs * 1000.0 / n as f64,
        max_rss_kib as f64 / 1024.0,
        target_mib.map_or(String::new(), |m| format!(" (target <= {m:.0} MiB)")),
    );
    for line in timings.lines() {
        println!("    {line}");
    }
    dir
}

/// One `render` run of the real binary, measured.
struct Measured {
    secs: f64,
    max_rss_kib: i64,
    cpu_secs: f64,
    said: String,
}

/// `render FILE -q -o OUT ARGS`, with its wall and CPU time and peak memory.
fn measure(file: &Path, out: &Path, args: &[&str]) -> Measured {
    let t = Instant::now();
    // Reaped by `wait4` below, which also reports its peak memory and CPU time.
    #[allow(clippy::zombie_processes)]
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_mentorpact"))
        .arg("render")
        .arg(file)
        .args(["-q", "-o"])
        .arg(out)
        .args(args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as i32;
    let mut stderr = child.stderr.unwrap();
    // Read on another thread: the child's peak memory is watched while it runs.
    let reading = std::thread::spawn(move || {
        let mut said = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut said).unwrap();
        said
    });
    let (code, max_rss_kib, cpu_secs) = wait_with_rusage(pid);
    let said = reading.join().unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(code, 0, "render failed: {said}");
    Measured {
        secs,
        max_rss_kib,
        cpu_secs,
        said,
    }
}

/// A roster of `n` rows as CSV, XLSX and ODS (each read through a cohort file holding the
/// example's defaults), and the same pairs as a TOML cohort, rendered to Markdown: rows
/// per second and peak memory, the roster's beside the TOML cohort's.
fn roster(n: usize) {
    let dir = scratch().join(format!(
        "mentorpact-bench-roster-{n}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let defaults =
        &COHORT[COHORT.find("\n[defaults]").unwrap() + 1..COHORT.find("\n[[pairs]]").unwrap() + 1];
    let headers = [
        "id",
        "mentor.name",
        "mentor.email",
        "mentee.name",
        "mentee.email",
        "goals",
        "duration.start",
    ];
    let row = |i: usize| {
        [
            format!("P{i:06}"),
            format!("Mentor Number {i}"),
            format!("mentor{i}@example.org"),
            format!("Mentee Zoë {i}"),
            format!("mentee{i}@example.org"),
            "Build confidence presenting to senior colleagues\nPlan the next two years".to_string(),
            "2027-01-11".to_string(),
        ]
    };
    let mut csv = csv::Writer::from_path(dir.join("roster.csv")).unwrap();
    csv.write_record(headers).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    let mut ods = Ods::create(&dir.join("roster.ods"), &headers);
    let mut toml = format!("{defaults}\n");
    for i in 0..n {
        let cells = row(i);
        csv.write_record(&cells).unwrap();
        ods.row(&cells);
        for (c, v) in cells.iter().enumerate() {
            sheet.write(i as u32 + 1, c as u16, v.as_str()).unwrap();
        }
        toml.push_str(&format!(
            "[[pairs]]\nid = \"{}\"\nmentor = {{ name = \"{}\", email = \"{}\" }}\nmentee = {{ name = \"{}\", email = \"{}\" }}\n\
             goals = [{{ description = \"Build confidence presenting to senior colleagues\" }}, {{ description = \"Plan the next two years\" }}]\nduration.start = 2027-01-11\n\n",
            cells[0], cells[1], cells[2], cells[3], cells[4]
        ));
    }
    csv.flush().unwrap();
    book.save(dir.join("roster.xlsx")).unwrap();
    ods.finish();
    std::fs::write(dir.join("cohort.toml"), toml).unwrap();
    for (name, roster) in [
        ("csv", "roster.csv"),
        ("xlsx", "roster.xlsx"),
        ("ods", "roster.ods"),
    ] {
        let settings = format!("roster = {{ file = \"{roster}\" }}\n{defaults}");
        std::fs::write(dir.join(format!("{name}.toml")), settings).unwrap();
    }
    for (what, file) in [
        ("TOML cohort", "cohort.toml"),
        ("CSV roster", "csv.toml"),
        ("XLSX roster", "xlsx.toml"),
        ("ODS roster", "ods.toml"),
    ] {
        let out = dir.join(format!("out-{file}"));
        let m = measure(&dir.join(file), &out, &["--format", "md"]);
        println!(
            "{what} of {n} rows to Markdown: {:.2} s, {:.0} rows/s, peak RSS {:.1} MiB",
            m.secs,
            n as f64 / m.secs,
            m.max_rss_kib as f64 / 1024.0
        );
        std::fs::remove_dir_all(out).ok();
    }
    std::fs::remove_dir_all(dir).ok();
}

/// An OpenDocument spreadsheet written a row at a time, as LibreOffice lays one out: the
/// `mimetype` first and stored, a manifest, and `content.xml` with one table (a cell
/// that looks like an ISO date is a date cell; a new line starts a paragraph).
struct Ods {
    zip: zip::ZipWriter<std::io::BufWriter<std::fs::File>>,
}

impl Ods {
    const NS: &str = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
        xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
        xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"";

    fn create(path: &Path, headers: &[&str]) -> Ods {
        use std::io::Write;
        use zip::write::SimpleFileOptions;
        let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        let mut zip = zip::ZipWriter::new(file);
        let stored =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
            .unwrap();
        zip.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
              xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
              <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
              <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
              </manifest:manifest>",
        )
        .unwrap();
        zip.start_file("content.xml", SimpleFileOptions::default())
            .unwrap();
        write!(
            zip,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {} office:version=\"1.2\">\
             <office:body><office:spreadsheet><table:table table:name=\"Pairs\">",
            Ods::NS
        )
        .unwrap();
        let mut ods = Ods { zip };
        ods.row(headers);
        ods
    }

    fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        use std::io::Write;
        let mut xml = String::from("<table:table-row>");
        for c in cells {
            let c = c.as_ref();
            let is_date = c.len() == 10 && c.as_bytes()[4] == b'-' && c.as_bytes()[7] == b'-';
            if is_date {
                xml.push_str(&format!(
                    "<table:table-cell office:value-type=\"date\" office:date-value=\"{c}\"><text:p>{c}</text:p></table:table-cell>"
                ));
                continue;
            }
            xml.push_str("<table:table-cell office:value-type=\"string\">");
            for p in c.split('\n') {
                let p = p
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                xml.push_str(&format!("<text:p>{p}</text:p>"));
            }
            xml.push_str("</table:table-cell>");
        }
        xml.push_str("</table:table-row>");
        self.zip.write_all(xml.as_bytes()).unwrap();
    }

    fn finish(mut self) {
        use std::io::Write;
        self.zip
            .write_all(
                b"</table:table></office:spreadsheet></office:body></office:document-content>",
            )
            .unwrap();
        self.zip.finish().unwrap();
    }
}

/// `render` of `file` into `out`: wall seconds, and what it printed.
fn render_once(file: &Path, out: &Path) -> (f64, String) {
    let t = Instant::now();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_mentorpact"))
        .arg("render")
        .arg(file)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let said = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "render failed: {said}");
    (secs, said.lines().last().unwrap_or_default().to_string())
}

fn rerender(n: usize) {
    let dir = scratch().join(format!("mentorpact-bench-rerender-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cohort.toml");
    write_cohort(&file, n);
    let out = dir.join("out");
    let (empty, said) = render_once(&file, &out);
    println!("cohort of {n} pairs into an empty folder: {empty:.2} s ({said})");
    let (same, said) = render_once(&file, &out);
    println!(
        "  again, unchanged: {same:.2} s, {:.0}x faster (target >= 10x) ({said})",
        empty / same
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen("Mentee Zoë 0\"", "Mentee Zoë Zero\"", 1);
    std::fs::write(&file, changed).unwrap();
    let (one, said) = render_once(&file, &out);
    println!("  again, one pair changed: {one:.2} s ({said})");
    std::fs::remove_dir_all(dir).ok();
}

/// The folder commands over a cohort of about `bytes`: each one's speed and peak memory.
fn folders(bytes: usize) {
    let dir = scratch().join(format!("mentorpact-bench-folders-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cohort.toml");
    let mut text = String::from(
        "[defaults]\nprogramme.name = \"Scheme\"\nduration.start = 2027-01-11\nduration.months = 6\n\n",
    );
    let mut n = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "[[pairs]]\nid = \"P{n:07}\"\nmentor.name = \"Mentor Number {n}\"\nmentor.email = \"mentor{n}@example.org\"\n\
             mentee.name = \"Mentee Number {n}\"\nmentee.email = \"mentee{n}@example.org\"\n\
             goals = [{{ description = \"Build confidence presenting to senior colleagues, goal {n}\", measure = \"Lead two project reviews and ask for feedback on each\" }}]\n\
             meetings.location = \"Room {}, Library building, second floor\"\n\n",
            n % 500
        ));
        n += 1;
    }
    std::fs::write(&file, &text).unwrap();
    drop(text);
    let last = format!("P{:07}", n - 1);
    for (name, args) in [
        ("check", vec!["check"]),
        ("due", vec!["due", "--on", "2027-02-01"]),
        ("report", vec!["report", "--on", "2027-05-01", "-o"]),
        // The last pair, by its identity: the whole cohort is read to find it.
        ("sign", vec!["sign", "--as", "mentee", "--pair", &last]),
    ] {
        let t = Instant::now();
        #[allow(clippy::zombie_processes)]
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_mentorpact"))
            .args(&args)
            .args((name == "report").then(|| dir.join("report")))
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let (code, max_rss_kib, _) = wait_with_rusage(child.id() as i32);
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(code, 0, "{name} failed");
        println!(
            "{name} of a {} MB cohort ({n} pairs): {:.0} pairs/s, peak RSS {:.1} MiB (target < 100 MiB)",
            bytes >> 20,
            n as f64 / secs,
            max_rss_kib as f64 / 1024.0
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

/// Wait for a child; its exit code, peak resident set size (KiB) and CPU seconds. The
/// peak is the child's own, its `VmHWM` read while it runs: `ru_maxrss` also counts the
/// bench's own peak (the child shares the bench's memory from spawn to exec), which is
/// hundreds of MiB once the bench has built a 100,000-row workbook.
fn wait_with_rusage(pid: i32) -> (i32, i64, f64) {
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut peak = 0;
    loop {
        peak = peak.max(own_peak(pid).unwrap_or(0));
        // SAFETY: wait4 on our own child with valid out-pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert_eq!(r, 0, "wait4 failed");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        libc::WEXITSTATUS(status),
        if peak > 0 { peak } else { usage.ru_maxrss },
        secs(usage.ru_utime) + secs(usage.ru_stime),
    )
}

/// A running process's peak resident set size so far (KiB), from `/proc`.
fn own_peak(pid: i32) -> Option<i64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
