//! `mentorpact new`: a guided interview for a mentoring pair at their first meeting.
//!
//! The interview fills the same [`RawAgreement`] a TOML file does, checking each answer
//! with the model's own checks as it is typed. All questions go through the [`Prompt`]
//! trait, so the logic is tested with scripted answers; [`Terminal`] is the dialoguer
//! implementation. Every answer is saved to a draft (atomically) as it is given, and
//! again when a section is done, so Ctrl-C or a closed terminal loses at most the
//! question on screen, and `--resume` continues from the next one. Writing the files
//! ([`write_agreement`]) never prompts.
//!
//! Data flows one way, from the lower files up: `sections` (what is asked, in what
//! order) and `answers` (the answers so far); `prompter` (the trait, and [`Unanswered`]:
//! going back is the interview's own signal, not a crate error); `resume` (the one
//! owner of what Ctrl-C says, shared with the handler); `terminal`, `navigator` (every
//! answer recorded, going back, replay); `asks` (one kind of answer), `questions` (each
//! section's questions; `questions_meetings` the meetings'), `asking` (how a section is
//! asked and checked), `summary`, `review` (the screen before writing); `draft` and `start` (the draft file, where an
//! interview starts); `record` (`review --record`); `scripted` answers for tests.
//!
//! Every string shown goes through `words::tr`/`trf` in the language the prompt carries
//! (`Prompt::language`), from `locales/<tag>.interview.toml`; `scripts/interview-strings`
//! lists the keys.

mod answers;
mod asking;
mod asks;
mod draft;
mod navigator;
mod prompter;
mod questions;
mod questions_meetings;
mod record;
mod resume;
mod review;
#[cfg(any(test, feature = "test-support"))]
mod scripted;
mod sections;
mod start;
mod summary;
mod terminal;
#[cfg(test)]
mod translated;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::NewArgs;
use crate::clock::Clock;
use crate::error::{Diagnostic, Error, Exit, Problem, Result};
use crate::model::words::{tr, trf};
use crate::model::{Choice, Language, RawAgreement};
use crate::output::{slug, write_atomic, Format};
use crate::pipeline::Pipeline;
use crate::schedule;

pub use answers::{Answers, Given};
use draft::answers_toml;
pub use draft::{draft_text, load_draft};
pub use prompter::{Asked, Check, Prompt, Unanswered};
pub(crate) use record::record_review;
use resume::Resume;
pub use review::{interview, Outcome};
#[cfg(any(test, feature = "test-support"))]
pub use scripted::{Answer, Scripted};
pub use sections::Section;
pub(crate) use terminal::Terminal;

/// Write `<names>.toml`, and the Markdown and PDF, without overwriting anything.
pub fn write_agreement(
    raw: &RawAgreement,
    dir: &Path,
    pipeline: &Pipeline,
) -> Result<Vec<PathBuf>> {
    // The review screen only offers to write valid answers; this is the last guard.
    let agreement = raw.validate().map_err(|ps| {
        Error::Invalid(
            ps.into_iter()
                .filter(Problem::is_error)
                .map(|p| Diagnostic::new(Path::new("the answers given (--from, --set)"), p))
                .collect(),
        )
    })?;
    let base = format!(
        "{}-and-{}",
        slug(&agreement.mentee.name),
        slug(&agreement.mentor.name)
    );
    let exts: Vec<&str> = std::iter::once("toml")
        .chain(pipeline.formats.iter().map(|f| f.extension()))
        .collect();
    let name = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|n| exts.iter().all(|e| !dir.join(format!("{n}.{e}")).exists()))
        .expect("some name is free");
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut written = vec![dir.join(format!("{name}.toml"))];
    let toml_text = format!(
        "# Our mentoring agreement, as answered in `mentorpact new`.\n# Render it again, from this folder, with: mentorpact render {name}.toml\n\n{}",
        answers_toml(raw, &written[0])?
    );
    write_atomic(&written[0], toml_text.as_bytes())?;
    let plan = schedule::plan(&agreement.duration, &agreement.meetings);
    let produced = pipeline.produce(&agreement, &plan)?;
    for w in produced.warnings {
        eprintln!("warning: {w}");
    }
    // Known to the folder's manifest, so that `render` later updates these files rather
    // than taking them for someone else's.
    let old = crate::output::Manifest::read(dir);
    let mut manifest = crate::output::ManifestWriter::lock(dir)?;
    let (identity, source) = (agreement.identity(), pipeline.source(&agreement));
    for (f, bytes) in pipeline.formats.iter().zip(produced.files) {
        let path = dir.join(format!("{name}.{}", f.extension()));
        write_atomic(&path, &bytes)?;
        manifest.record(&path, &identity, &source, &bytes)?;
        written.push(path);
    }
    manifest.finish(&old)?;
    Ok(written)
}

/// `mentorpact new`.
pub(crate) fn run(args: NewArgs, clock: Clock) -> Result<Exit> {
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let pipeline = Pipeline::new(&args.out, Format::DEFAULT, clock)?;
    let given = start::given(args.from.as_deref(), &args.set)?;
    if args.defaults {
        // No questions: what was given (over the draft resumed), and good practice for
        // the rest.
        let Some(draft) = &args.resume else {
            return write_and_tell(&given, &dir, &pipeline);
        };
        let raw = start::overlay(&start::draft_answers(&load_draft(draft)?), &given)?;
        let exit = write_and_tell(&raw, &dir, &pipeline)?;
        let _ = std::fs::remove_file(draft);
        return Ok(exit);
    }
    // The questions are drawn on standard error, so standard output may go to a pipe.
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(Error::Usage(
            "`mentorpact new` is an interview and needs a terminal.\n  Without one: `mentorpact new --defaults --set mentee.name=… --set mentor.name=… --set 'goals=[{ description = \"…\" }]'`, or `mentorpact init agreement.toml`, edit the file, then `mentorpact render agreement.toml`.".into(),
        ));
    }
    ask(&args, given, &dir, &pipeline, clock)
}

/// The interview in the terminal, from `given` or the draft resumed, saving each answer.
fn ask(
    args: &NewArgs,
    given: RawAgreement,
    dir: &Path,
    pipeline: &Pipeline,
    clock: Clock,
) -> Result<Exit> {
    // The exact command that continues this interview, -o included.
    let resume = Arc::new(Resume::interview(args.output.as_deref()));
    let mut term = Terminal::new(Arc::clone(&resume));
    let mut answers = match &args.resume {
        // What --set gives now wins over the draft, and its questions are not asked.
        Some(path) => {
            let mut a = load_draft(path)?;
            a.raw = start::overlay(&a.raw, &given)?;
            a.given = given;
            a
        }
        None => Answers {
            raw: given.clone(),
            given,
            ..Answers::default()
        },
    };
    answers.locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty());
    answers.calendar = pipeline.formats.contains(&Format::Ics);
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut drafts = start::Drafts::new(dir, args.resume.as_deref(), Arc::clone(&resume));
    // A `--from` file, `--set language=…` or the draft may have said it already.
    let l = draft::language_chosen(&answers).unwrap_or_else(|| language_of(&answers.raw));
    term.set_language(l);
    term.say(&[
        tr(l, "Welcome. This interview walks you through your mentoring agreement, one section at a time."),
        tr(l, "Enter accepts the suggestion shown: type to replace it, Backspace to clear it. Esc, or < typed as an answer, goes back a question."),
        tr(l, "Every answer is saved as you give it; if you stop, you can continue where you left off."),
    ].join("\n"));
    let handler = Arc::clone(&resume);
    let _ = ctrlc::set_handler(move || handler.stop());
    let mut save = |a: &Answers| drafts.save(a);
    match interview(&mut term, &mut answers, &mut save, clock.today)? {
        Outcome::SavedDraft => {
            let command = resume.command(drafts.path());
            let l = term.language();
            eprintln!(
                "{}",
                trf(
                    l,
                    "Saved. Continue with: {command}",
                    &[("command", &command)]
                )
            );
            Ok(Exit::Success)
        }
        Outcome::Write(raw) => {
            let exit = write_and_tell(&raw, dir, pipeline)?;
            drafts.finish();
            Ok(exit)
        }
    }
}

/// Write the answers file, the Markdown and the PDF, and list them, in the pair's
/// language.
fn write_and_tell(raw: &RawAgreement, dir: &Path, pipeline: &Pipeline) -> Result<Exit> {
    let files = write_agreement(raw, dir, pipeline)?;
    let l = language_of(raw);
    println!("{}", tr(l, "Your agreement is ready:"));
    for f in &files {
        println!("  {}", crate::error::shown(f));
    }
    // Short lines: this is said after the interview, at any terminal width.
    eprintln!(
        "{}",
        tr(l, "Print the PDF and sign it together.\nTo change it later, edit the .toml file\nand run `mentorpact render` on it.")
    );
    Ok(Exit::Success)
}

/// The language the answers name (British English until they name one): the one the
/// interview speaks.
fn language_of(raw: &RawAgreement) -> Language {
    raw.language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default()
}
