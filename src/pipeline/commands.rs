//! `render`, `check`, `init` and `templates export`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{install_interrupt_handler, run_batch, BatchOptions, Identities, Pipeline, Summary};
use crate::cli::{CheckArgs, RenderArgs};
use crate::clock::Clock;
use crate::error::{Diagnostic, Error, Exit, Result};
use crate::input::{self, Document};
use crate::model::{Language, Seal};
use crate::output::{write_atomic, Format};
use crate::{render, schedule, timings};

/// The example files double as the starting points that `init` writes.
pub(crate) const EXAMPLE_AGREEMENT: &str = include_str!("../../examples/agreement.toml");
pub(crate) const EXAMPLE_COHORT: &str = include_str!("../../examples/cohort.toml");

/// Read every input; unreadable files become diagnostics, the rest go on.
fn read_inputs(inputs: &[PathBuf], seal: &Arc<Seal>) -> (Vec<Document>, Vec<Diagnostic>) {
    let paths = match input::expand_paths(inputs) {
        Ok(p) => p,
        Err(d) => return (Vec::new(), vec![*d]),
    };
    let mut docs = Vec::new();
    let mut bad = Vec::new();
    for p in paths {
        match Document::read(&p) {
            Ok(d) => docs.push(d.sealed(Some(seal.clone()))),
            Err(d) => bad.push(*d),
        }
    }
    (docs, bad)
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

pub(crate) fn render_command(args: RenderArgs, clock: Clock) -> Result<Exit> {
    let started = std::time::Instant::now();
    if args.timings {
        timings::enable();
    }
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    if to_stdout
        && args
            .out
            .format
            .as_ref()
            .is_some_and(|f| f.iter().any(|f| *f != Format::Md))
    {
        return Err(Error::Usage(
            "`-o -` writes Markdown only; give an output folder for PDF or calendar files".into(),
        ));
    }
    let pipeline = Pipeline::new(
        &args.out,
        if to_stdout {
            &[Format::Md]
        } else {
            Format::DEFAULT
        },
        clock,
    )?;
    if to_stdout {
        let (docs, unreadable) = read_inputs(&args.inputs, &pipeline.seal);
        return render_to_stdout(&pipeline, &docs, unreadable);
    }
    let paths = match input::expand_paths(&args.inputs) {
        Ok(p) => p,
        Err(d) => {
            print_diagnostics(&[*d]);
            return Ok(Exit::Invalid);
        }
    };
    install_interrupt_handler();
    let out_dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let opts = BatchOptions {
        out_dir: out_dir.clone(),
        force: args.force,
        prune: args.prune,
        jobs: args.jobs,
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    let summary = run_batch(&pipeline, &paths, &opts)?;
    if !args.quiet {
        let kinds: Vec<&str> = pipeline.formats.iter().map(|f| f.extension()).collect();
        eprintln!(
            "{} ({}, in {})",
            summary_line(&summary),
            kinds.join(", "),
            crate::error::shown(&out_dir)
        );
        if !summary.left.is_empty() {
            if args.prune {
                eprintln!("files that no pair of these inputs holds now, kept because they were changed by hand:");
            } else {
                eprintln!("files that no pair of these inputs holds now (pairs removed or renamed); --prune removes those mentorpact wrote and nobody changed:");
            }
            for s in &summary.left {
                eprintln!("  {s}");
            }
        }
    }
    if args.timings {
        let jobs = args.jobs.unwrap_or_else(rayon::current_num_threads);
        eprint!(
            "{}",
            timings::report(summary.new + summary.updated, jobs, started.elapsed())
        );
    }
    if summary.interrupted {
        eprintln!("interrupted: the files written so far are complete; run again to finish");
        return Ok(Exit::Interrupted);
    }
    Ok(if summary.failed_count > 0 {
        Exit::Invalid
    } else if !summary.current() {
        Exit::NotCurrent
    } else {
        Exit::Success
    })
}

/// "118 up to date, 2 updated, 1 new, 1 kept (changed by hand), 3 left from earlier
/// pairs": what a run did, the parts that happened.
fn summary_line(s: &Summary) -> String {
    let parts = [
        (s.up_to_date, "up to date".to_string()),
        (s.updated, "updated".into()),
        (s.new, "new".into()),
        (s.kept, "kept (changed by hand)".into()),
        (s.failed_count, "failed".into()),
        (s.pruned, "files removed (--prune)".into()),
        (
            s.left_pairs,
            if s.left_pairs == 1 {
                "left from an earlier pair".into()
            } else {
                "left from earlier pairs".into()
            },
        ),
    ];
    let said: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if said.is_empty() {
        "nothing to render".into()
    } else {
        said.join(", ")
    }
}

fn render_to_stdout(
    pipeline: &Pipeline,
    docs: &[Document],
    unreadable: Vec<Diagnostic>,
) -> Result<Exit> {
    if !unreadable.is_empty() {
        return Err(Error::Invalid(unreadable));
    }
    let mut units = Vec::new();
    for d in docs {
        units.extend(d.units().map_err(Error::Invalid)?);
    }
    if units.len() != 1 {
        return Err(Error::Usage(format!(
            "`-o -` writes one agreement, but the input holds {}; give an output folder instead",
            units.len()
        )));
    }
    let loaded = units
        .pop()
        .expect("one unit")
        .load()
        .map_err(Error::Invalid)?;
    print_diagnostics(&loaded.warnings);
    let a = &loaded.agreement;
    let md = pipeline.renderer.markdown(
        a,
        &schedule::plan(&a.duration, &a.meetings),
        pipeline.clock.today,
    )?;
    print!("{md}");
    Ok(Exit::Success)
}

pub(crate) fn check_command(args: CheckArgs, clock: Clock) -> Result<Exit> {
    // Confirmations are checked against the wording the pairs' text is made from.
    let wording = render::Renderer::new(args.templates.as_deref())?.wordings();
    let seal = Arc::new(Seal::new(wording, clock.today));
    let paths = input::expand_paths(&args.inputs).map_err(|d| Error::Invalid(vec![*d]))?;
    let mut tally = Tally::default();
    for path in &paths {
        check_file(path, &seal, &mut tally)?;
    }
    let Tally { total, bad, errors } = tally;
    let noun = if total == 1 {
        "agreement"
    } else {
        "agreements"
    };
    if bad == 0 {
        eprintln!("{total} {noun} checked: all valid");
        Ok(Exit::Success)
    } else {
        eprintln!("{total} {noun} checked: {bad} with problems ({errors} in all)");
        Ok(Exit::Invalid)
    }
}

/// What `check` has seen so far.
#[derive(Default)]
struct Tally {
    total: usize,
    bad: usize,
    errors: usize,
}

impl Tally {
    /// Print `diags` now (a big cohort's are not held), counting its errors.
    fn say(&mut self, diags: &[Diagnostic]) {
        self.errors += diags.iter().filter(|d| d.is_error()).count();
        print_diagnostics(diags);
    }
}

/// Check every pair of one file, a window at a time; then what needs the whole file:
/// records no pair owns, identities two pairs share.
fn check_file(path: &Path, seal: &Arc<Seal>, tally: &mut Tally) -> Result<()> {
    // `None` once a pair fails to load: it may own any of the records.
    let mut identities = Some(Identities::default());
    let mut key = None;
    input::each_window(path, Some(seal), |doc| {
        let units = doc.and_then(|d| {
            let units = d.units()?.into_iter().map(|u| u.load()).collect::<Vec<_>>();
            Ok(units)
        });
        let units = match units {
            Ok(units) => units,
            Err(d) => {
                tally.total += 1;
                tally.bad += 1;
                tally.say(&d);
                identities = None;
                return Ok(false);
            }
        };
        for loaded in units {
            tally.total += 1;
            match loaded {
                Ok(l) => {
                    tally.say(&l.warnings);
                    if let Some(ids) = identities.as_mut() {
                        ids.push(&l.agreement.identity());
                    }
                    key = key.take().or(l.agreement.records.clone());
                }
                Err(d) => {
                    tally.bad += 1;
                    tally.say(&d);
                    identities = None;
                }
            }
        }
        Ok(true)
    })?;
    if let Some(ids) = identities {
        tally.say(&super::orphan_records(path, key.as_deref(), &ids));
        tally.say(&shared_identities(path, &ids));
    }
    Ok(())
}

/// Pairs of one file that share an identity would share their records and be taken
/// for one another: each needs an `id` (or emails) of its own.
fn shared_identities(file: &Path, ids: &Identities) -> Vec<Diagnostic> {
    ids.shared
        .iter()
        .map(|(id, ns)| {
            let rest: Vec<String> = ns[1..].iter().map(usize::to_string).collect();
            Diagnostic::new(
                file,
                crate::error::Problem::warning(
                    "",
                    format!(
                        "pairs {} and {} have the same identity ({id}): their records would be shared, and --pair cannot tell them apart",
                        ns[0],
                        rest.join(", ")
                    ),
                )
                .help("give each of these pairs an `id` of its own (or both emails)"),
            )
        })
        .collect()
}

pub(crate) fn init_command(file: Option<PathBuf>, cohort: bool, force: bool) -> Result<Exit> {
    let (default, text) = if cohort {
        ("cohort.toml", EXAMPLE_COHORT)
    } else {
        ("agreement.toml", EXAMPLE_AGREEMENT)
    };
    let path = file.unwrap_or_else(|| PathBuf::from(default));
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; use --force to overwrite it",
            crate::error::shown(&path)
        )));
    }
    write_atomic(&path, text.as_bytes())?;
    eprintln!(
        "wrote {}: edit it, then run `mentorpact render {}`",
        crate::error::shown(&path),
        crate::error::shown(&path)
    );
    Ok(Exit::Success)
}

pub(crate) fn export_templates(dir: &Path, force: bool, language: Language) -> Result<Exit> {
    // Another language's files go in its folder, where `--templates DIR` looks for them.
    let base = match language.text_folder() {
        Some(folder) => dir.join(folder),
        None => dir.to_path_buf(),
    };
    let targets: Vec<(PathBuf, &str)> = render::built_in_set(language)
        .iter()
        .map(|(n, s)| (base.join(n), *s))
        .collect();
    let existing: Vec<String> = targets
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| crate::error::shown(p).to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Error::Usage(format!(
            "these files already exist (use --force to overwrite): {}",
            existing.join(", ")
        )));
    }
    for (path, src) in &targets {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        write_atomic(path, src.as_bytes())?;
    }
    eprintln!(
        "wrote {} templates to {}; edit any of them (delete the ones you keep as they are), then use `--templates {}`",
        targets.len(),
        crate::error::shown(dir),
        crate::error::shown(dir)
    );
    Ok(Exit::Success)
}
