//! The batch behind `render`: every agreement of every input, in parallel, a bad pair
//! never stopping the others. Ctrl-C stops the workers between files.
//!
//! Inputs are taken a window at a time: up to [`WINDOW`] agreements are rendered in
//! parallel, then their rows go to `index.csv`, their files to the manifest and their
//! problems to the screen, and the window is dropped. A cohort with `[[pairs]]` headers
//! is read from its file a window at a time too (`input::stream`), so memory stays flat
//! however many pairs there are.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::Pipeline;
use crate::error::{Diagnostic, Error, Result};
use crate::input::{self, Document, Source, Unit};
use crate::model::strip_hidden;
use crate::output::{
    base_name, fingerprint, index_row, remove_stale_temporaries, stamp, write_atomic, IndexRow,
    IndexWriter, Manifest, ManifestWriter, Names,
};
use crate::schedule;
use crate::timings::{self, Stage};

/// Set by the Ctrl-C handler; workers stop taking new pairs.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Agreements rendered together: enough to keep every core busy to the end of the
/// window, few enough that their text, trees and outcomes take little memory.
const WINDOW: usize = 256;

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
    /// Existing files left as they were: the first few, and how many in all.
    pub skipped: Vec<PathBuf>,
    pub skipped_count: usize,
    /// Agreements (and files) that failed; their problems are printed as the run goes.
    pub failed_count: usize,
    pub interrupted: bool,
}

/// How many kept files the summary names.
pub const SKIPPED_SHOWN: usize = 20;

/// One place in the index: an agreement, or a file that gave none.
enum Item<'a> {
    Unit(Unit<'a>),
    Unreadable(PathBuf, Vec<Diagnostic>),
}

/// Render every agreement of every file in `paths`, in input order in the index.
pub fn run_batch(pipeline: &Pipeline, paths: &[PathBuf], opts: &BatchOptions) -> Result<Summary> {
    if opts.out_dir.exists() && !opts.out_dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file; -o takes a folder to write into (or - for standard output)",
            opts.out_dir.display()
        )));
    }
    // A killed run's half-written temporaries go now; the folder itself is made only
    // when there is something to write into it.
    remove_stale_temporaries(&opts.out_dir);
    // With --force every file is written whatever it holds: no need to know.
    let manifest = if opts.force {
        Manifest::default()
    } else {
        Manifest::read(&opts.out_dir)
    };
    let ctx = Context {
        pipeline,
        opts,
        manifest: &manifest,
        today: pipeline.clock.today,
        folder: OnceLock::new(),
    };
    let mut run = Run {
        ctx: &ctx,
        pool: OnceLock::new(),
        names: Names::default(),
        // The index is for coordinators: any run of more than one agreement.
        with_index: paths.len() > 1,
        index: IndexWriter::new(opts.out_dir.join("index.csv")),
        files: ManifestWriter::new(&opts.out_dir),
        bar: progress_bar(opts.progress, paths.len()),
        summary: Summary {
            written: 0,
            skipped_pairs: 0,
            skipped: Vec::new(),
            skipped_count: 0,
            failed_count: 0,
            interrupted: false,
        },
    };
    let result = run.all(paths);
    run.bar.finish_and_clear();
    let interrupted = INTERRUPTED.load(Ordering::Relaxed);
    // Files written before an error or Ctrl-C are whole and theirs: record them.
    let clock = timings::start();
    run.files.commit()?;
    result?;
    if run.with_index && !interrupted {
        run.index.commit()?;
    }
    timings::charge(Stage::Write, clock);
    run.summary.interrupted = interrupted;
    Ok(run.summary)
}

/// A run under way.
struct Run<'c> {
    ctx: &'c Context<'c>,
    /// Made when a window has more than one agreement: for one, a pool costs more than
    /// the agreement.
    pool: OnceLock<rayon::ThreadPool>,
    /// Names are chosen in input order, so they do not depend on scheduling.
    names: Names,
    with_index: bool,
    index: IndexWriter,
    files: ManifestWriter,
    bar: indicatif::ProgressBar,
    summary: Summary,
}

impl Run<'_> {
    fn stopped() -> bool {
        INTERRUPTED.load(Ordering::Relaxed)
    }

    /// Every file in turn: agreement files gathered into windows, a cohort's pairs read
    /// a window at a time.
    fn all(&mut self, paths: &[PathBuf]) -> Result<()> {
        let mut files = Vec::new();
        for path in paths {
            if Self::stopped() {
                break;
            }
            match timings::time(Stage::Parse, || input::open(path)) {
                Ok(Source::Pieces(cohort)) => {
                    self.documents(std::mem::take(&mut files))?;
                    self.cohort(&cohort)?;
                }
                Ok(Source::Whole(doc)) => files.push((path.clone(), Ok(doc))),
                Err(d) => files.push((path.clone(), Err(vec![*d]))),
            }
            if files.len() == WINDOW {
                self.documents(std::mem::take(&mut files))?;
            }
        }
        self.documents(files)
    }

    /// Files read whole (agreements, cohorts written as `pairs = [ … ]`), as windows.
    fn documents(
        &mut self,
        docs: Vec<(PathBuf, std::result::Result<Document, Vec<Diagnostic>>)>,
    ) -> Result<()> {
        let mut items = Vec::new();
        for (path, doc) in &docs {
            let units = match doc {
                Ok(doc) => timings::time(Stage::Parse, || doc.units()),
                Err(d) => Err(d.clone()),
            };
            match units {
                Ok(units) => {
                    self.with_index |= units.iter().any(|u| u.pair.is_some());
                    self.bar.inc_length(units.len().saturating_sub(1) as u64);
                    items.extend(units.into_iter().map(Item::Unit));
                }
                Err(diags) => items.push(Item::Unreadable(path.clone(), diags)),
            }
        }
        // A cohort of this kind may be large: its agreements still go a window at a time.
        let mut items = items.into_iter().peekable();
        while items.peek().is_some() && !Self::stopped() {
            let window: Vec<Item<'_>> = items.by_ref().take(WINDOW).collect();
            self.window(window)?;
        }
        Ok(())
    }

    fn cohort(&mut self, cohort: &input::Pieces) -> Result<()> {
        self.with_index = true;
        self.bar.inc_length(cohort.len().saturating_sub(1) as u64);
        let mut from = 0;
        while from < cohort.len() && !Self::stopped() {
            let to = (from + WINDOW).min(cohort.len());
            let doc = match timings::time(Stage::Parse, || cohort.window(from..to)) {
                Ok(doc) => doc,
                Err(d) => {
                    return self.window(vec![Item::Unreadable(cohort.path.clone(), vec![*d])])
                }
            };
            match timings::time(Stage::Parse, || doc.units()) {
                Ok(units) => self.window(units.into_iter().map(Item::Unit).collect())?,
                // A problem outside the pairs is the same for every window: once is enough.
                Err(diags) => {
                    return self.window(vec![Item::Unreadable(cohort.path.clone(), diags)]);
                }
            }
            from = to;
        }
        Ok(())
    }

    /// Render a window's agreements in parallel, then record them in input order.
    fn window(&mut self, items: Vec<Item<'_>>) -> Result<()> {
        let jobs: Vec<(Item<'_>, String)> = items
            .into_iter()
            .map(|item| {
                let name = match &item {
                    Item::Unit(u) => {
                        let (mentee, mentor) = u.names();
                        self.names
                            .claim(&base_name(u, mentee.as_deref(), mentor.as_deref()))
                    }
                    Item::Unreadable(..) => String::new(),
                };
                (item, name)
            })
            .collect();
        let ctx = self.ctx;
        let write_error: Mutex<Option<Error>> = Mutex::new(None);
        let bar = &self.bar;
        let one = |(item, name): (Item<'_>, String)| match item {
            Item::Unreadable(path, diagnostics) => Some(Outcome::Failed {
                row: IndexRow {
                    status: "failed".into(),
                    reason: format!("{}: {}", path.display(), reason(&diagnostics)),
                    ..IndexRow::default()
                },
                diagnostics,
            }),
            Item::Unit(unit) => {
                if Self::stopped() || write_error.lock().unwrap().is_some() {
                    return None;
                }
                let out = render_one(ctx, unit, &name);
                bar.inc(1);
                match out {
                    Ok(o) => Some(o),
                    Err(e) => {
                        write_error.lock().unwrap().get_or_insert(e);
                        None
                    }
                }
            }
        };
        let outcomes: Vec<Option<Outcome>> = if jobs.len() == 1 && self.pool.get().is_none() {
            jobs.into_iter().map(one).collect()
        } else {
            let pool = match self.pool.get() {
                Some(p) => p,
                None => {
                    let p = rayon::ThreadPoolBuilder::new()
                        .num_threads(ctx.opts.jobs.unwrap_or(0))
                        .use_current_thread()
                        .build()
                        .map_err(|e| Error::Usage(format!("--jobs: {e}")))?;
                    self.pool.get_or_init(|| p)
                }
            };
            pool.install(|| jobs.into_par_iter().map(one).collect())
        };
        let mut problems = String::new();
        for o in outcomes {
            self.take(o, &mut problems)?;
        }
        if !problems.is_empty() {
            self.bar.suspend(|| eprint!("{problems}"));
        }
        match write_error.into_inner().unwrap() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Count an agreement's outcome, give it its index row and manifest lines, and add
    /// its problems to `problems`.
    fn take(&mut self, o: Option<Outcome>, problems: &mut String) -> Result<()> {
        let mut row = None;
        match o {
            Some(Outcome::Done {
                row: done,
                warnings,
                written,
                kept,
                differ,
                print,
            }) => {
                if written.is_empty() {
                    self.summary.skipped_pairs += 1;
                } else {
                    self.summary.written += 1;
                }
                for (f, stamp) in &written {
                    self.files.record(f, &print, stamp)?;
                }
                for w in warnings {
                    problems.push_str(&w);
                }
                for f in &differ {
                    problems.push_str(&format!(
                        "warning: kept {}: it holds a different agreement (or was changed by hand), so it is not listed for {} and {}; use --force to replace it\n",
                        f.display(),
                        done.mentee,
                        done.mentor
                    ));
                }
                self.summary.skipped_count += kept.len();
                let room = SKIPPED_SHOWN.saturating_sub(self.summary.skipped.len());
                self.summary.skipped.extend(kept.into_iter().take(room));
                row = Some(done);
            }
            Some(Outcome::Failed {
                row: failed,
                diagnostics,
            }) => {
                self.summary.failed_count += 1;
                for d in diagnostics.iter().filter(|d| d.is_error()) {
                    problems.push_str(&format!("{d}\n"));
                }
                row = Some(failed);
            }
            Some(Outcome::Interrupted { written, print }) => {
                for (f, stamp) in &written {
                    self.files.record(f, &print, stamp)?;
                }
            }
            None => {}
        }
        if let Some(row) = row.filter(|_| self.with_index) {
            create_folder(self.ctx)?;
            self.index.push(&row)?;
        }
        Ok(())
    }
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
