//! The batch behind `render`: every agreement of every input, in parallel, a bad pair
//! never stopping the others. Ctrl-C stops the workers between files.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::Pipeline;
use crate::error::{Diagnostic, Error, Result};
use crate::input::{Document, Unit};
use crate::model::strip_hidden;
use crate::output::{
    base_name, fingerprint, index_row, remove_stale_temporaries, stamp, write_atomic, write_index,
    IndexRow, Manifest, Names,
};
use crate::schedule;
use crate::timings::{self, Stage};

/// Set by the Ctrl-C handler; workers stop taking new pairs.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// What happened to one agreement in a batch.
pub enum Outcome {
    Done {
        row: IndexRow,
        warnings: Vec<String>,
        /// Files written now (all whole), with their stamp for the manifest.
        written: Vec<(PathBuf, String)>,
        /// Existing files that hold this agreement, left as they were (no --force).
        kept: Vec<PathBuf>,
        /// Existing files that hold something else: not the pair's, not touched.
        differ: Vec<PathBuf>,
        print: String,
    },
    Failed {
        row: IndexRow,
        diagnostics: Vec<Diagnostic>,
    },
    /// Ctrl-C came first; any files written for it are whole.
    Interrupted {
        written: Vec<(PathBuf, String)>,
        print: String,
    },
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
    // A killed run's half-written temporaries go now; the folder itself is made only
    // when there is something to write into it.
    remove_stale_temporaries(&opts.out_dir);
    let manifest = Manifest::read(&opts.out_dir);
    let mut updated = manifest.clone();
    let mut failed = Vec::new();
    let mut failed_count = 0;
    let mut units = Vec::new();
    // A file that cannot be read at all keeps its place in the index: its row goes
    // before the agreement that came after it.
    let mut unreadable: Vec<(usize, IndexRow)> = Vec::new();
    for doc in docs {
        match timings::time(Stage::Parse, || doc.units()) {
            Ok(u) => units.extend(u),
            Err(diags) => {
                failed_count += 1;
                let row = IndexRow {
                    status: "failed".into(),
                    reason: format!("{}: {}", doc.path.display(), reason(&diags)),
                    ..IndexRow::default()
                };
                unreadable.push((units.len(), row));
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

    let bar = progress_bar(opts.progress, jobs.len());
    // One agreement is done on this thread: starting a pool would cost more than it.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(if jobs.len() == 1 {
            1
        } else {
            opts.jobs.unwrap_or(0)
        })
        .use_current_thread()
        .build()
        .map_err(|e| Error::Usage(format!("--jobs: {e}")))?;
    let ctx = Context {
        pipeline,
        opts,
        manifest: &manifest,
        today: pipeline.clock.today,
        folder: OnceLock::new(),
    };
    let write_error: Mutex<Option<Error>> = Mutex::new(None);
    let outcomes: Vec<Option<Outcome>> = pool.install(|| {
        jobs.into_par_iter()
            .map(|(unit, name)| {
                if INTERRUPTED.load(Ordering::Relaxed) || write_error.lock().unwrap().is_some() {
                    return None;
                }
                let out = render_one(&ctx, unit, &name);
                bar.inc(1);
                match out {
                    Ok(o) => Some(o),
                    Err(e) => {
                        write_error.lock().unwrap().get_or_insert(e);
                        None
                    }
                }
            })
            .collect()
    });
    bar.finish_and_clear();

    let mut summary = Summary {
        written: 0,
        skipped_pairs: 0,
        skipped: Vec::new(),
        failed,
        warnings: Vec::new(),
        failed_count,
        interrupted: INTERRUPTED.load(Ordering::Relaxed),
    };
    let mut rows: Vec<Option<IndexRow>> = Vec::new();
    let mut unreadable = unreadable.into_iter().peekable();
    for (i, o) in outcomes.into_iter().enumerate() {
        while let Some((_, row)) = unreadable.next_if(|(at, _)| *at == i) {
            rows.push(Some(row));
        }
        match o {
            Some(Outcome::Done {
                row,
                warnings,
                written,
                kept,
                differ,
                print,
            }) => {
                if written.is_empty() {
                    summary.skipped_pairs += 1;
                } else {
                    summary.written += 1;
                }
                for (f, stamp) in &written {
                    updated.record(f, &print, stamp);
                }
                summary.warnings.extend(warnings);
                for f in &differ {
                    summary.warnings.push(format!(
                        "warning: kept {}: it holds a different agreement (or was changed by hand), so it is not listed for {} and {}; use --force to replace it\n",
                        f.display(),
                        row.mentee,
                        row.mentor
                    ));
                }
                summary.skipped.extend(kept);
                rows.push(Some(row));
            }
            Some(Outcome::Failed { row, diagnostics }) => {
                summary.failed_count += 1;
                summary
                    .failed
                    .extend(diagnostics.into_iter().filter(Diagnostic::is_error));
                rows.push(Some(row));
            }
            Some(Outcome::Interrupted { written, print }) => {
                for (f, stamp) in &written {
                    updated.record(f, &print, stamp);
                }
                rows.push(None);
            }
            None => rows.push(None),
        }
    }
    rows.extend(unreadable.map(|(_, row)| Some(row)));
    // Files written before an error or Ctrl-C are whole and theirs: record them.
    let clock = timings::start();
    if ctx.folder.get().is_some_and(Result::is_ok) {
        updated.write(&opts.out_dir)?;
    }
    if let Some(e) = write_error.into_inner().unwrap() {
        return Err(e);
    }
    if with_index && !summary.interrupted && !rows.is_empty() {
        let rows: Vec<IndexRow> = rows.into_iter().flatten().collect();
        create_folder(&ctx)?;
        write_index(&opts.out_dir.join("index.csv"), &rows)?;
    }
    timings::charge(Stage::Write, clock);
    Ok(summary)
}

/// What every worker shares.
struct Context<'a> {
    pipeline: &'a Pipeline,
    opts: &'a BatchOptions,
    manifest: &'a Manifest,
    today: jiff::civil::Date,
    /// The output folder, made on the first write.
    folder: OnceLock<std::result::Result<(), String>>,
}

fn create_folder(ctx: &Context<'_>) -> Result<()> {
    let dir = &ctx.opts.out_dir;
    ctx.folder
        .get_or_init(|| std::fs::create_dir_all(dir).map_err(|e| e.to_string()))
        .clone()
        .map_err(|e| Error::write(dir, std::io::Error::other(e)))
}

/// The first error of a failed pair, for the index.
fn reason(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .find(|d| d.is_error())
        .map(|d| {
            let p = &d.problem;
            if p.key.is_empty() {
                p.message.clone()
            } else {
                format!("{}: {}", p.key, p.message)
            }
        })
        .unwrap_or_default()
}

fn progress_bar(show: bool, len: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(len as u64);
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
}

fn render_one(ctx: &Context<'_>, unit: Unit<'_>, name: &str) -> Result<Outcome> {
    let (pipeline, opts) = (ctx.pipeline, ctx.opts);
    let names = unit.names();
    let loaded = match timings::time(Stage::Validate, || unit.load()) {
        Ok(l) => l,
        Err(diagnostics) => {
            let row = IndexRow {
                mentee: names.0.map(|n| strip_hidden(&n).0).unwrap_or_default(),
                mentor: names.1.map(|n| strip_hidden(&n).0).unwrap_or_default(),
                status: "failed".into(),
                reason: reason(&diagnostics),
                ..IndexRow::default()
            };
            return Ok(Outcome::Failed { row, diagnostics });
        }
    };
    let a = &loaded.agreement;
    let print = fingerprint(a);
    let targets: Vec<PathBuf> = pipeline
        .formats
        .iter()
        .map(|f| opts.out_dir.join(format!("{name}.{}", f.extension())))
        .collect();
    let schedule = timings::time(Stage::Validate, || schedule::plan(&a.duration, &a.meetings));
    let mut row = index_row(a, &schedule, ctx.today);
    // Without --force an existing file is kept. It is this pair's only if the manifest
    // says it holds this agreement; a pair with only some of its files (an interrupted
    // run) gets the missing ones, so running again finishes the job.
    let (mut kept, mut differ) = (Vec::new(), Vec::new());
    if !opts.force {
        for t in targets.iter().filter(|t| t.exists()) {
            if ctx.manifest.holds(t, &print) {
                kept.push(t.clone());
            } else {
                differ.push(t.clone());
            }
        }
    }
    let mut warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    let mut written = Vec::new();
    if kept.len() + differ.len() < targets.len() {
        let produced = pipeline.produce(a, &schedule)?;
        warnings.extend(
            produced
                .warnings
                .iter()
                .map(|w| format!("warning: {name}: {w}\n")),
        );
        for (path, bytes) in targets.iter().zip(produced.files) {
            if kept.contains(path) || differ.contains(path) {
                continue;
            }
            if INTERRUPTED.load(Ordering::Relaxed) {
                // The files already written are whole; the rest come on the next run.
                return Ok(Outcome::Interrupted { written, print });
            }
            timings::time(Stage::Write, || -> Result<()> {
                create_folder(ctx)?;
                write_atomic(path, &bytes)?;
                written.push((path.clone(), stamp(path)));
                Ok(())
            })?;
        }
    }
    row.files = targets
        .iter()
        .filter(|t| written.iter().any(|(w, _)| w == *t) || kept.contains(t))
        .cloned()
        .collect();
    (row.status, row.reason) = match (written.is_empty(), differ.is_empty()) {
        (_, false) => (
            "incomplete".into(),
            format!(
                "{} holds a different agreement; use --force to replace it",
                differ
                    .iter()
                    .filter_map(|d| d.file_name())
                    .map(|d| d.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        ),
        (false, true) => ("written".into(), String::new()),
        (true, true) => ("already written".into(), String::new()),
    };
    Ok(Outcome::Done {
        row,
        warnings,
        written,
        kept,
        differ,
        print,
    })
}
