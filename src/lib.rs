//! mentorpact: mentoring agreements from an interview or TOML files.
//!
//! Data flows one way: [`input`] (TOML files, cohort merge) → [`model`] (validated
//! agreement) → [`render`] (tera → Markdown) → [`pdf`] (typeset from that Markdown) and
//! [`ics`] (calendar) → [`output`] (files). [`interview`] fills the same raw model as a
//! TOML file does. This file holds the commands that tie the stages together.

pub mod cli;
pub mod error;
pub mod ics;
pub mod input;
pub mod interview;
pub mod model;
pub mod output;
pub mod pdf;
pub mod render;
pub mod schedule;
pub mod schema;
pub mod spelling;

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::{Cli, Command, Format, OutputArgs, RenderArgs, TemplatesCommand};
use crate::error::{Diagnostic, Error, Result, EXIT_FAILURE, EXIT_INVALID};
use crate::input::{Document, Loaded};
use crate::output::{write_atomic, BatchOptions};
use crate::render::Renderer;

/// The example files double as the starting points that `init` writes.
pub const EXAMPLE_AGREEMENT: &str = include_str!("../examples/agreement.toml");
pub const EXAMPLE_COHORT: &str = include_str!("../examples/cohort.toml");

/// Everything needed to turn one validated agreement into its output files.
pub struct Pipeline {
    pub renderer: Renderer,
    pub formats: Vec<Format>,
    pub paper: cli::Paper,
    pub tz: Option<String>,
}

/// The bytes of each requested format, in order, and any warnings to show.
pub struct Produced {
    pub files: Vec<Vec<u8>>,
    pub warnings: Vec<String>,
}

impl Pipeline {
    pub fn new(args: &OutputArgs, default_formats: &[Format]) -> Result<Self> {
        let mut formats = args
            .format
            .clone()
            .unwrap_or_else(|| default_formats.to_vec());
        formats.dedup();
        if let Some(tz) = &args.tz {
            jiff::tz::TimeZone::get(tz)
                .map_err(|_| Error::Usage(format!("--tz: \"{tz}\" is not a known time zone")))?;
        }
        Ok(Pipeline {
            renderer: Renderer::new(args.templates.as_deref())?,
            formats,
            paper: args.paper,
            tz: args.tz.clone(),
        })
    }

    pub fn produce(&self, loaded: &Loaded) -> Result<Produced> {
        let a = &loaded.agreement;
        let md = self.renderer.markdown(a)?;
        let mut out = Produced {
            files: Vec::with_capacity(self.formats.len()),
            warnings: Vec::new(),
        };
        for f in &self.formats {
            let bytes = match f {
                Format::Md => md.as_bytes().to_vec(),
                Format::Pdf => {
                    let doc = pdf::render(&md, &pdf::Meta::for_agreement(a), self.paper)?;
                    out.warnings.extend(doc.warnings);
                    doc.bytes
                }
                Format::Ics => ics::calendar(a, self.tz.as_deref()).into_bytes(),
            };
            out.files.push(bytes);
        }
        Ok(out)
    }
}

pub fn extension(f: Format) -> &'static str {
    match f {
        Format::Md => "md",
        Format::Pdf => "pdf",
        Format::Ics => "ics",
    }
}

/// Today, or the day of `SOURCE_DATE_EPOCH` for reproducible output.
pub fn today() -> jiff::civil::Date {
    match source_date_epoch() {
        Some(ts) => ts.to_zoned(jiff::tz::TimeZone::UTC).date(),
        None => jiff::Zoned::now().date(),
    }
}

pub fn source_date_epoch() -> Option<jiff::Timestamp> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    jiff::Timestamp::from_second(secs).ok()
}

/// Run a command; `Ok` carries the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Render(args) => render_command(args),
        Command::Check { inputs } => check_command(&inputs),
        Command::New(args) => interview::run(args),
        Command::Init {
            file,
            cohort,
            force,
        } => init_command(file, cohort, force),
        Command::Templates(TemplatesCommand::Export { dir, force }) => {
            export_templates(&dir, force)
        }
        Command::Schema { cohort } => {
            println!(
                "{}",
                serde_json::to_string_pretty(&schema::json_schema(cohort)).expect("schema is JSON")
            );
            Ok(0)
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "mentorpact",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
        Command::Man => {
            let page = clap_mangen::Man::new(Cli::command());
            page.render(&mut std::io::stdout())
                .map_err(|e| Error::write(Path::new("<stdout>"), e))?;
            Ok(0)
        }
    }
}

/// Read every input; unreadable files become diagnostics, the rest go on.
fn read_inputs(inputs: &[PathBuf]) -> (Vec<Document>, Vec<Diagnostic>) {
    let paths = match input::expand_paths(inputs) {
        Ok(p) => p,
        Err(d) => return (Vec::new(), vec![*d]),
    };
    let mut docs = Vec::new();
    let mut bad = Vec::new();
    for p in paths {
        match Document::read(&p) {
            Ok(d) => docs.push(d),
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

fn render_command(args: RenderArgs) -> Result<i32> {
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
            &[Format::Md, Format::Pdf]
        },
    )?;
    let (docs, unreadable) = read_inputs(&args.inputs);
    if to_stdout {
        return render_to_stdout(&pipeline, &docs, unreadable);
    }
    install_interrupt_handler();
    let out_dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let opts = BatchOptions {
        out_dir: out_dir.clone(),
        force: args.force,
        jobs: args.jobs,
        progress: !args.quiet && output::stderr_is_terminal(),
    };
    let summary = output::run_batch(&pipeline, &docs, &opts)?;
    for w in &summary.warnings {
        eprint!("{w}");
    }
    print_diagnostics(&unreadable);
    print_diagnostics(&summary.failed);
    let failed = summary.failed_count + unreadable.len();
    if !args.quiet {
        let kinds: Vec<&str> = pipeline.formats.iter().map(|f| extension(*f)).collect();
        let mut line = format!("{} written, {} failed", summary.written, failed);
        if summary.skipped_pairs > 0 {
            line.push_str(&format!(", {} skipped", summary.skipped_pairs));
        }
        eprintln!("{line} ({}, in {})", kinds.join(", "), out_dir.display());
        if !summary.skipped.is_empty() {
            eprintln!("kept these existing files (use --force to overwrite):");
            for s in summary.skipped.iter().take(20) {
                eprintln!("  {}", s.display());
            }
            if summary.skipped.len() > 20 {
                eprintln!("  … and {} more", summary.skipped.len() - 20);
            }
        }
    }
    if summary.interrupted {
        eprintln!("interrupted: the files written so far are complete; run again to finish");
        return Ok(130);
    }
    Ok(if failed > 0 { EXIT_INVALID } else { 0 })
}

fn render_to_stdout(
    pipeline: &Pipeline,
    docs: &[Document],
    unreadable: Vec<Diagnostic>,
) -> Result<i32> {
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
    let md = pipeline.renderer.markdown(&loaded.agreement)?;
    print!("{md}");
    Ok(0)
}

fn check_command(inputs: &[PathBuf]) -> Result<i32> {
    let (docs, mut diags) = read_inputs(inputs);
    let mut total = diags.len();
    let mut bad = diags.len();
    for doc in &docs {
        match doc.units() {
            Err(d) => {
                total += 1;
                bad += 1;
                diags.extend(d);
            }
            Ok(units) => {
                for u in units {
                    total += 1;
                    match u.load() {
                        Ok(l) => diags.extend(l.warnings),
                        Err(d) => {
                            bad += 1;
                            diags.extend(d);
                        }
                    }
                }
            }
        }
    }
    print_diagnostics(&diags);
    let noun = if total == 1 {
        "agreement"
    } else {
        "agreements"
    };
    if bad == 0 {
        eprintln!("{total} {noun} checked: all valid");
        Ok(0)
    } else {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        eprintln!("{total} {noun} checked: {bad} with problems ({errors} in all)");
        Ok(EXIT_INVALID)
    }
}

fn init_command(file: Option<PathBuf>, cohort: bool, force: bool) -> Result<i32> {
    let (default, text) = if cohort {
        ("cohort.toml", EXAMPLE_COHORT)
    } else {
        ("agreement.toml", EXAMPLE_AGREEMENT)
    };
    let path = file.unwrap_or_else(|| PathBuf::from(default));
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        )));
    }
    write_atomic(&path, text.as_bytes())?;
    eprintln!(
        "wrote {}: edit it, then run `mentorpact render {}`",
        path.display(),
        path.display()
    );
    Ok(0)
}

fn export_templates(dir: &Path, force: bool) -> Result<i32> {
    let targets: Vec<(PathBuf, &str)> = render::BUILT_IN
        .iter()
        .map(|(n, s)| (dir.join(n), *s))
        .collect();
    let existing: Vec<String> = targets
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
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
        dir.display(),
        dir.display()
    );
    Ok(0)
}

/// Ctrl-C (and SIGTERM) ask the workers to stop after the file they are writing.
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if output::INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            // A second Ctrl-C: the user means it.
            std::process::exit(130);
        }
    });
}

/// Map an error to its exit code after printing it.
pub fn report(e: &Error) -> i32 {
    match e {
        Error::Invalid(_) => eprintln!("{e}"),
        _ => eprintln!("error: {e}"),
    }
    match e {
        Error::Interrupted { .. } => 130,
        _ if e.exit_code() == EXIT_INVALID => EXIT_INVALID,
        _ => EXIT_FAILURE,
    }
}
