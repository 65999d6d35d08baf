//! The batch behind `render`: every agreement of every input, in parallel, a bad pair
//! never stopping the others. Ctrl-C stops the workers between files.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use super::Pipeline;
use crate::error::{Diagnostic, Error, Result};
use crate::input::{Document, Unit};
use crate::output::{base_name, index_row, write_atomic, write_index, IndexRow, Names};
use crate::schedule;

/// Set by the Ctrl-C handler; workers stop taking new pairs.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

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
    let today = pipeline.clock.today;
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
        .map(|f| opts.out_dir.join(format!("{name}.{}", f.extension())))
        .collect();
    let schedule = schedule::plan(&loaded.agreement.duration, &loaded.agreement.meetings);
    let row = index_row(&loaded.agreement, &schedule, &targets, today);
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
    let produced = pipeline.produce(&loaded.agreement, &schedule)?;
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
