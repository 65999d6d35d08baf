//! The batch behind `render`: every agreement of every input, in parallel, a bad pair
//! never stopping the others. Ctrl-C stops the workers between files.
//!
//! Inputs are taken a window at a time: up to [`WINDOW`] agreements are rendered in
//! parallel, then their rows go to `index.csv`, their files to the manifest and their
//! problems to the screen, and the window is dropped. A cohort with `[[pairs]]` headers
//! is read from its file a window at a time too (`input::stream`), so memory stays flat
//! however many pairs there are.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::folder::{file_name, OutFolder, PairFiles, PairState, Written};
use super::Pipeline;
use crate::error::{Diagnostic, Error, Result};
use crate::input::{self, Document, Source, Unit};
use crate::model::strip_hidden;
use crate::output::{base_name, index_row, IndexRow, IndexWriter, Names, Plan};
use crate::schedule;
use crate::timings::{self, Stage};

/// Set by the Ctrl-C handler; workers stop taking new pairs.
pub(crate) static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Agreements rendered together: enough to keep every core busy to the end of the
/// window, few enough that their text, trees and outcomes take little memory.
const WINDOW: usize = 256;

/// What happened to one agreement in a batch.
pub(super) enum Outcome {
    Done {
        row: IndexRow,
        warnings: Vec<String>,
        state: PairState,
        /// Every file of the pair: its own names, kept ones included, and any written
        /// beside them. None of these is left over from an earlier pair.
        claimed: Vec<PathBuf>,
    },
    Failed {
        row: IndexRow,
        diagnostics: Vec<Diagnostic>,
    },
    /// Ctrl-C came first; any files written for it are whole and in the manifest.
    Interrupted,
}

pub(crate) struct BatchOptions {
    pub(crate) out_dir: PathBuf,
    /// Replace every file, moving any changed by hand to a backup first.
    pub(crate) force: bool,
    /// Remove the tool's untouched files of pairs no longer in the inputs.
    pub(crate) prune: bool,
    pub(crate) jobs: Option<usize>,
    pub(crate) progress: bool,
}

#[derive(Default)]
pub(crate) struct Summary {
    pub new: usize,
    pub(crate) updated: usize,
    pub(crate) up_to_date: usize,
    pub(crate) kept: usize,
    /// Agreements (and files) that failed; their problems are printed as the run goes.
    pub(crate) failed_count: usize,
    /// Files of pairs not in this run's inputs: the first few names, and how many pairs.
    pub(crate) left: Vec<String>,
    pub(crate) left_pairs: usize,
    /// Such files removed by `--prune`.
    pub(crate) pruned: usize,
    pub(crate) interrupted: bool,
}

impl Summary {
    /// Is every file of every pair now current?
    pub(crate) fn current(&self) -> bool {
        self.kept == 0 && self.failed_count == 0 && !self.interrupted
    }
}

/// How many kept files the summary names.
pub(crate) const SKIPPED_SHOWN: usize = 20;

/// One place in the index: an agreement, or a file that gave none.
enum Item<'a> {
    Unit(Unit<'a>),
    Unreadable(PathBuf, Vec<Diagnostic>),
}

/// Render every agreement of every file in `paths`, in input order in the index.
pub(crate) fn run_batch(
    pipeline: &Pipeline,
    paths: &[PathBuf],
    opts: &BatchOptions,
) -> Result<Summary> {
    if opts.out_dir.exists() && !opts.out_dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file; -o takes a folder to write into (or - for standard output)",
            crate::error::shown(&opts.out_dir)
        )));
    }
    let ctx = Context {
        pipeline,
        opts,
        folder: OutFolder::open(&opts.out_dir, opts.force, opts.prune)?,
        today: pipeline.clock.today,
    };
    let mut run = Run {
        ctx: &ctx,
        pool: OnceLock::new(),
        names: Names::default(),
        // The index is for coordinators: any run of more than one agreement.
        with_index: paths.len() > 1,
        index: IndexWriter::new(opts.out_dir.join("index.csv")),
        bar: progress_bar(opts.progress, paths.len()),
        held: HashSet::new(),
        summary: Summary::default(),
    };
    let result = run.all(paths);
    run.bar.finish_and_clear();
    run.summary.interrupted = INTERRUPTED.load(Ordering::Relaxed);
    let clock = timings::start();
    // Files no pair holds now (pairs removed or renamed) are only known to be left over
    // was read: a pair that failed to load keeps its files.
    if result.is_ok() && !run.summary.interrupted && run.summary.failed_count == 0 {
        let l = ctx.folder.leftovers(&run.held, SKIPPED_SHOWN)?;
        (run.summary.left, run.summary.left_pairs, run.summary.pruned) =
            (l.left, l.left_pairs, l.pruned);
    }
    let Run {
        index,
        summary,
        with_index,
        ..
    } = run;
    ctx.folder.finish()?;
    result?;
    if with_index {
        // Interrupted too: the rows of the pairs it reached say what is on disk now.
        index.commit()?;
    }
    timings::charge(Stage::Write, clock);
    Ok(summary)
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
    bar: indicatif::ProgressBar,
    /// The files that hold this run's agreements, by name hash.
    held: HashSet<u64>,
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
                Ok(Source::Whole(doc)) => {
                    let seal = Some(self.ctx.pipeline.seal.clone());
                    files.push((path.clone(), Ok(doc.sealed(seal))))
                }
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
                Ok(doc) => doc.sealed(Some(self.ctx.pipeline.seal.clone())),
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
                    file: crate::error::shown(&path).to_string(),
                    status: "failed".into(),
                    reason: reason(&diagnostics),
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

    /// Count an agreement's outcome, give it its index row, and add its problems to
    /// `problems`. Its files are already in the manifest.
    fn take(&mut self, o: Option<Outcome>, problems: &mut String) -> Result<()> {
        let row = match o {
            Some(Outcome::Done {
                row,
                warnings,
                state,
                claimed,
            }) => {
                for f in row.files.iter().chain(&claimed) {
                    self.held.insert(crate::output::name_hash(&file_name(f)));
                }
                let s = &mut self.summary;
                *match state {
                    PairState::New => &mut s.new,
                    PairState::Updated => &mut s.updated,
                    PairState::UpToDate => &mut s.up_to_date,
                    PairState::Kept => &mut s.kept,
                } += 1;
                warnings.iter().for_each(|w| problems.push_str(w));
                Some(row)
            }
            Some(Outcome::Failed { row, diagnostics }) => {
                self.summary.failed_count += 1;
                for d in diagnostics.iter().filter(|d| d.is_error()) {
                    problems.push_str(&format!("{d}\n"));
                }
                Some(row)
            }
            Some(Outcome::Interrupted) => None,
            None => None,
        };
        if let Some(row) = row.filter(|_| self.with_index) {
            self.ctx.folder.create()?;
            self.index.push(&row)?;
        }
        Ok(())
    }
}

/// What every worker shares.
struct Context<'a> {
    pipeline: &'a Pipeline,
    opts: &'a BatchOptions,
    folder: OutFolder,
    today: jiff::civil::Date,
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
    let names = unit.names();
    let (file, pair) = (crate::error::shown(&unit.doc.path).to_string(), unit.pair);
    let loaded = match timings::time(Stage::Validate, || unit.load()) {
        Ok(l) => l,
        Err(diagnostics) => {
            let row = IndexRow {
                file,
                pair,
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
    let pair_files = PairFiles {
        identity: a.identity(),
        source: ctx.pipeline.source(a),
        targets: ctx
            .pipeline
            .formats
            .iter()
            .map(|f| ctx.opts.out_dir.join(format!("{name}.{}", f.extension())))
            .collect(),
    };
    let plans = ctx.folder.plans(&pair_files);
    let schedule = timings::time(Stage::Validate, || schedule::plan(&a.duration, &a.meetings));
    let mut row = index_row(a, &schedule, ctx.today);
    (row.file, row.pair, row.identity) = (file, pair, pair_files.identity.clone());
    let mut warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    let mut done = Written::default();
    if ctx.opts.force || plans.iter().any(|p| *p != Plan::UpToDate) {
        let produced = ctx.pipeline.produce(a, &schedule)?;
        warnings.extend(
            produced
                .warnings
                .iter()
                .map(|w| format!("warning: {name}: {w}\n")),
        );
        for ((path, plan), bytes) in pair_files.targets.iter().zip(&plans).zip(&produced.files) {
            if INTERRUPTED.load(Ordering::Relaxed) {
                // The files already written are whole and recorded; the rest come next run.
                return Ok(Outcome::Interrupted);
            }
            let put = ctx.folder.put(&pair_files, path, plan, bytes)?;
            warnings.extend(put.note.clone());
            done.add(path, put);
        }
    } else {
        done.files = pair_files.targets.clone();
    }
    let state = done.state(plans.len());
    row.status = state.status().into();
    row.reason = done.reasons.join("; ");
    row.files = done.files;
    Ok(Outcome::Done {
        row,
        warnings,
        state,
        claimed: pair_files.targets,
    })
}
