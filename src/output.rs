//! Files: safe names, atomic writes, and the batch run behind `render`.
//!
//! Every file is written to a temporary name in its own folder and renamed into place,
//! so a reader (or an interrupted run) only ever sees whole files. Ctrl-C stops the
//! workers between files; temporary files are removed as they drop.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};
use crate::input::{Document, Loaded, Unit};
use crate::Pipeline;

/// Set by the Ctrl-C handler; workers stop taking new pairs.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".mentorpact-")
        .suffix(".tmp")
        .permissions(file_mode())
        .tempfile_in(dir)
        .map_err(|e| Error::write(path, e))?;
    tmp.write_all(bytes).map_err(|e| Error::write(path, e))?;
    tmp.persist(path).map_err(|e| Error::write(path, e.error))?;
    Ok(())
}

/// Ordinary file permissions (tempfile's default is owner-only); the umask still applies.
fn file_mode() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(".")
            .map(|m| m.permissions())
            .expect("current folder is readable")
    }
}

/// A file name from people's names: ASCII, lower case, no `/`, `..` or spaces.
pub fn slug(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    out.truncate(60);
    out.trim_end_matches('-').to_string()
}

/// Chooses unique output names within one run.
#[derive(Default)]
pub struct Names {
    used: HashSet<String>,
}

impl Names {
    pub fn claim(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "agreement" } else { base };
        let mut name = base.to_string();
        let mut n = 2;
        while !self.used.insert(name.clone()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        name
    }
}

/// The base name for a unit: the file's stem for a single agreement, the mentee's and
/// mentor's names for a cohort pair.
pub fn base_name(unit: &Unit<'_>, mentee: Option<&str>, mentor: Option<&str>) -> String {
    match unit.pair {
        None => slug(
            unit.doc
                .path
                .file_stem()
                .map(|s| s.to_string_lossy())
                .as_deref()
                .unwrap_or("agreement"),
        ),
        Some(n) => {
            let people: Vec<String> = [mentee, mentor]
                .into_iter()
                .flatten()
                .map(slug)
                .filter(|s| !s.is_empty())
                .collect();
            if people.is_empty() {
                format!("pair-{n}")
            } else {
                people.join("-and-")
            }
        }
    }
}

/// What happened to one agreement in a batch.
pub enum Outcome {
    Written {
        row: IndexRow,
        warnings: Vec<String>,
        /// Existing files left as they were (no --force).
        kept: Vec<PathBuf>,
    },
    Skipped {
        existing: Vec<PathBuf>,
        row: IndexRow,
    },
    Failed(Vec<Diagnostic>),
    NotRun,
}

/// One line of `index.csv`.
pub struct IndexRow {
    pub mentee: String,
    pub mentee_email: String,
    pub mentor: String,
    pub mentor_email: String,
    pub start: String,
    pub end: String,
    pub next_review: String,
    pub files: Vec<PathBuf>,
}

pub struct BatchOptions {
    pub out_dir: PathBuf,
    pub force: bool,
    pub jobs: Option<usize>,
    pub progress: bool,
}

pub struct Summary {
    pub written: usize,
    /// Agreements whose files all existed already.
    pub skipped_pairs: usize,
    /// Existing files left as they were.
    pub skipped: Vec<PathBuf>,
    pub failed: Vec<Diagnostic>,
    /// Printed after the run, so they do not tangle with the progress bar.
    pub warnings: Vec<String>,
    pub failed_count: usize,
    pub interrupted: bool,
}

/// Render every unit of every document in parallel, never holding more than one
/// document per worker in memory.
pub fn run_batch(pipeline: &Pipeline, docs: &[Document], opts: &BatchOptions) -> Result<Summary> {
    if opts.out_dir.exists() && !opts.out_dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file; -o takes a folder to write into (or - for standard output)",
            opts.out_dir.display()
        )));
    }
    std::fs::create_dir_all(&opts.out_dir).map_err(|e| Error::write(&opts.out_dir, e))?;
    let mut failed = Vec::new();
    let mut failed_count = 0;
    let mut units = Vec::new();
    for doc in docs {
        match doc.units() {
            Ok(u) => units.extend(u),
            Err(diags) => {
                failed_count += 1;
                failed.extend(diags);
            }
        }
    }
    // The index is for coordinators: any run of more than one agreement.
    let with_index = docs.len() > 1 || units.iter().any(|u| u.pair.is_some());
    // Names are chosen up front, in input order, so they do not depend on scheduling.
    let mut names = Names::default();
    let jobs: Vec<(Unit<'_>, String)> = units
        .into_iter()
        .map(|u| {
            let (mentee, mentor) = u.names();
            let name = names.claim(&base_name(&u, mentee.as_deref(), mentor.as_deref()));
            (u, name)
        })
        .collect();

    let bar = if opts.progress {
        let b = indicatif::ProgressBar::new(jobs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} agreements  {rate}  ETA {eta}",
            )
            .expect("valid template")
            .with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", s.per_sec());
                },
            ),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("--jobs: {e}")))?;
    let today = crate::today();
    let write_error: Mutex<Option<Error>> = Mutex::new(None);
    let outcomes: Vec<Outcome> = pool.install(|| {
        jobs.into_par_iter()
            .map(|(unit, name)| {
                if INTERRUPTED.load(Ordering::Relaxed) || write_error.lock().unwrap().is_some() {
                    return Outcome::NotRun;
                }
                let out = render_one(pipeline, unit, &name, opts, today);
                bar.inc(1);
                match out {
                    Ok(o) => o,
                    Err(e) => {
                        write_error.lock().unwrap().get_or_insert(e);
                        Outcome::NotRun
                    }
                }
            })
            .collect()
    });
    bar.finish_and_clear();
    if let Some(e) = write_error.into_inner().unwrap() {
        return Err(e);
    }

    let mut summary = Summary {
        written: 0,
        skipped_pairs: 0,
        skipped: Vec::new(),
        failed,
        warnings: Vec::new(),
        failed_count,
        interrupted: INTERRUPTED.load(Ordering::Relaxed),
    };
    let mut rows = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Written {
                row,
                warnings,
                kept,
            } => {
                summary.written += 1;
                summary.warnings.extend(warnings);
                summary.skipped.extend(kept);
                rows.push((row, "written"));
            }
            Outcome::Skipped { existing, row } => {
                summary.skipped_pairs += 1;
                summary.skipped.extend(existing);
                rows.push((row, "already written"));
            }
            Outcome::Failed(d) => {
                summary.failed_count += 1;
                summary
                    .failed
                    .extend(d.iter().filter(|d| d.is_error()).cloned());
            }
            Outcome::NotRun => {}
        }
    }
    if with_index && !summary.interrupted && !rows.is_empty() {
        write_index(&opts.out_dir.join("index.csv"), &rows)?;
    }
    Ok(summary)
}

fn render_one(
    pipeline: &Pipeline,
    unit: Unit<'_>,
    name: &str,
    opts: &BatchOptions,
    today: jiff::civil::Date,
) -> Result<Outcome> {
    let loaded = match unit.load() {
        Ok(l) => l,
        Err(d) => return Ok(Outcome::Failed(d)),
    };
    let targets: Vec<PathBuf> = pipeline
        .formats
        .iter()
        .map(|f| {
            opts.out_dir
                .join(format!("{name}.{}", crate::extension(*f)))
        })
        .collect();
    let row = index_row(&loaded, &targets, today);
    // Without --force existing files are kept; a pair with only some of its files (an
    // interrupted run) gets the missing ones, so running again finishes the job.
    let kept: Vec<PathBuf> = if opts.force {
        Vec::new()
    } else {
        targets.iter().filter(|p| p.exists()).cloned().collect()
    };
    if kept.len() == targets.len() {
        return Ok(Outcome::Skipped {
            existing: kept,
            row,
        });
    }
    let produced = pipeline.produce(&loaded)?;
    let mut warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    warnings.extend(
        produced
            .warnings
            .iter()
            .map(|w| format!("warning: {name}: {w}\n")),
    );
    for (path, bytes) in targets.iter().zip(produced.files) {
        if kept.contains(path) {
            continue;
        }
        if INTERRUPTED.load(Ordering::Relaxed) {
            // The files already written are whole; the rest come on the next run.
            return Ok(Outcome::NotRun);
        }
        write_atomic(path, &bytes)?;
    }
    Ok(Outcome::Written {
        row,
        warnings,
        kept,
    })
}

/// `today` decides the next review; it is read once per run, not per pair.
fn index_row(l: &Loaded, files: &[PathBuf], today: jiff::civil::Date) -> IndexRow {
    let a = &l.agreement;
    let next = a
        .schedule
        .reviews()
        .find(|m| m.date >= today)
        .or_else(|| a.schedule.reviews().last());
    IndexRow {
        mentee: a.mentee.name.clone(),
        mentee_email: a.mentee.email.clone().unwrap_or_default(),
        mentor: a.mentor.name.clone(),
        mentor_email: a.mentor.email.clone().unwrap_or_default(),
        start: a.duration.start.to_string(),
        end: a.duration.end.to_string(),
        next_review: next.map(|m| m.date.to_string()).unwrap_or_default(),
        files: files
            .iter()
            .map(|f| f.file_name().map(PathBuf::from).unwrap_or_default())
            .collect(),
    }
}

fn write_index(path: &Path, rows: &[(IndexRow, &str)]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "number",
        "mentee",
        "mentee_email",
        "mentor",
        "mentor_email",
        "start",
        "end",
        "next_review",
        "status",
        "files",
    ];
    let io = |e: csv::Error| Error::write(path, std::io::Error::other(e));
    w.write_record(header).map_err(io)?;
    for (i, (r, status)) in rows.iter().enumerate() {
        let files = r
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(";");
        let n = (i + 1).to_string();
        w.write_record([
            n.as_str(),
            &r.mentee,
            &r.mentee_email,
            &r.mentor,
            &r.mentor_email,
            &r.start,
            &r.end,
            &r.next_review,
            status,
            &files,
        ])
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::write(path, std::io::Error::other(e.to_string())))?;
    write_atomic(path, &bytes)
}

/// Is standard error a terminal we may draw a progress bar on?
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("Zoë Ó'Brien"), "zoe-o-brien");
        assert_eq!(
            slug("Łukasz Żółkiewski-Nørgaard"),
            "lukasz-zolkiewski-norgaard"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("a/b\\c"), "a-b-c");
        assert_eq!(slug("李小龍"), "li-xiao-long");
        assert_eq!(slug("..."), "");
    }

    #[test]
    fn names_are_unique() {
        let mut n = Names::default();
        assert_eq!(n.claim("a-and-b"), "a-and-b");
        assert_eq!(n.claim("a-and-b"), "a-and-b-2");
        assert_eq!(n.claim("a-and-b"), "a-and-b-3");
        assert_eq!(n.claim(""), "agreement");
    }

    #[test]
    fn atomic_write_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
