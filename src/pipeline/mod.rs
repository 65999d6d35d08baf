//! The commands that tie the stages together: `render`, `check`, `init`, `templates
//! export`, and the [`Pipeline`] that turns one validated agreement into its files
//! (used by `render` and by the interview). `batch` runs many agreements in parallel.

mod batch;
mod commands;
mod due;
mod folder;
mod pick;
mod renew;
mod report;
mod review;
mod roster_init;
mod sign;
mod spill;

pub(crate) use batch::{run_batch, BatchOptions, Summary, INTERRUPTED};
pub(crate) use commands::{check_command, export_templates, init_command, render_command};
pub(crate) use due::due_command;
pub(crate) use pick::{open_pair, pick};
pub(crate) use renew::renew_command;
pub(crate) use report::report_command;
pub(crate) use review::{
    choose_point, points, read_reviews, review_command, reviews_at, write_reviews, ReviewsAt,
};
pub(crate) use roster_init::init_roster;
pub(crate) use sign::sign_command;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::model::{Agreement, Choice, Language, Paper, Seal};
use crate::output::Format;
use crate::render::Renderer;
use crate::schedule::Schedule;
use crate::timings::{self, Stage};
use crate::{cli::OutputArgs, ics, pdf};

/// Everything needed to turn one validated agreement into its output files.
pub struct Pipeline {
    pub renderer: Renderer,
    pub(crate) formats: Vec<Format>,
    /// `--paper`, over each agreement's own choice.
    pub(crate) paper: Option<Paper>,
    /// `--font`, tried before each agreement's own `[pdf] fonts`.
    pub(crate) fonts: Vec<PathBuf>,
    pub(crate) tz: Option<String>,
    pub(crate) clock: Clock,
    /// Fillable signature and date fields in the PDF (`--no-fields` leaves them out).
    pub(crate) fields: bool,
    /// Hash of what every file of this run depends on besides its agreement: the tool's
    /// version, the templates and the options.
    look: String,
    /// What confirmations are checked against: this run's wording and today.
    pub(crate) seal: Arc<Seal>,
    /// The languages whose "not reviewed" notice this run has printed (a bit each), or
    /// `None` with `--no-language-notice`.
    noticed: Option<AtomicU8>,
}

/// The bytes of each requested format, in order, and any warnings to show.
pub struct Produced {
    pub files: Vec<Vec<u8>>,
    pub(crate) warnings: Vec<String>,
}

impl Pipeline {
    pub fn new(args: &OutputArgs, default_formats: &[Format], clock: Clock) -> Result<Self> {
        let mut formats = args
            .format
            .clone()
            .unwrap_or_else(|| default_formats.to_vec());
        formats.dedup();
        // The same check, and suggestion, as `meetings.time_zone` in a file.
        let tz = match &args.tz {
            Some(tz) => Some(
                crate::model::check_time_zone(tz)
                    .map_err(|why| Error::Usage(format!("--tz: {why}")))?,
            ),
            None => None,
        };
        let renderer = Renderer::new(args.look.templates.as_deref())?;
        // Each PDF needs the fonts: they are read now, on another thread.
        if formats.contains(&Format::Pdf) {
            pdf::warm_up();
        }
        let look = {
            let options = format!(
                "{}\n{:?}\n{:?}\n{:?}\n{}",
                env!("CARGO_PKG_VERSION"),
                args.look.paper,
                args.look.fonts,
                tz,
                args.no_fields
            );
            crate::digest::sha256_parts([options.as_bytes(), renderer.fingerprint().as_bytes()])
        };
        Ok(Pipeline {
            look,
            seal: Arc::new(Seal::new(renderer.wordings(), clock.today)),
            renderer,
            formats,
            paper: args.look.paper,
            // Read now, so a bad font stops the run before anything is written.
            fonts: {
                pdf::Fonts::with_fallbacks(&args.look.fonts)?;
                args.look.fonts.clone()
            },
            tz,
            clock,
            fields: !args.no_fields,
            noticed: (!args.no_language_notice).then(|| AtomicU8::new(0)),
        })
    }

    /// Hash of everything `a`'s files are made from but the day: its content (the
    /// fingerprint `sign` binds), its confirmations, how it is printed, and the run's
    /// templates, options and version. The same source makes the same document, so a
    /// file made from it is up to date, and keeps the day it was drafted.
    pub(crate) fn source(&self, a: &Agreement) -> String {
        let confirmations: Vec<_> = a
            .confirmations
            .iter()
            .map(|c| format!("{}\t{}\t{}\t{}", c.who, c.name, c.on, c.fingerprint))
            .collect();
        let printed = format!(
            "{:?}\n{:?}\n{}",
            a.pdf.paper,
            a.pdf.fonts,
            confirmations.join("\n")
        );
        crate::digest::sha256_parts([
            a.content_fingerprint().as_bytes(),
            printed.as_bytes(),
            self.look.as_bytes(),
        ])
    }

    /// `md`, a document of agreement `a`, typeset in its fonts (`--font`, then its own
    /// `[pdf] fonts`) on its paper (`--paper`, else its own).
    pub(crate) fn pdf(
        &self,
        a: &Agreement,
        md: &str,
        meta: &pdf::Meta,
        fields: bool,
    ) -> Result<pdf::PdfOutput> {
        let fonts: Vec<PathBuf> = self.fonts.iter().chain(&a.pdf.fonts).cloned().collect();
        let fonts = pdf::Fonts::with_fallbacks(&fonts)?;
        let paper = self.paper.unwrap_or(a.pdf.paper);
        pdf::render(md, meta, paper, self.clock.now, &fonts, fields)
    }

    /// Once a run, for each language no native speaker has reviewed yet: say so, so that
    /// nobody signs a text they were not told to check.
    pub(crate) fn notice(&self, lang: Language) {
        let words = lang.words();
        let Some(noticed) = &self.noticed else {
            return;
        };
        // A bilingual document's notice is its first language's.
        let first = if lang == Language::CyEn {
            Language::Cy
        } else {
            lang
        };
        let bit = 1u8 << first.index();
        if !words.about.reviewed && noticed.fetch_or(bit, Ordering::Relaxed) & bit == 0 {
            let (name, notice) = (&words.about.name, &words.about.notice);
            eprintln!("note ({name}): {notice} (--no-language-notice hides this)");
        }
    }

    /// Every requested format of one agreement, from one schedule and one Markdown text.
    pub fn produce(&self, a: &Agreement, schedule: &Schedule) -> Result<Produced> {
        self.notice(a.language);
        let md = timings::time(Stage::Markdown, || {
            self.renderer.markdown(a, schedule, self.clock.today)
        })?;
        let mut out = Produced {
            files: Vec::with_capacity(self.formats.len()),
            warnings: Vec::new(),
        };
        for f in &self.formats {
            let bytes = match f {
                Format::Md => md.as_bytes().to_vec(),
                Format::Pdf => {
                    let doc = self.pdf(a, &md, &pdf::Meta::for_agreement(a), self.fields)?;
                    out.warnings.extend(doc.warnings);
                    doc.bytes
                }
                Format::Ics => timings::time(Stage::Calendar, || {
                    ics::calendar(a, schedule, self.tz.as_deref(), self.clock.now).into_bytes()
                }),
            };
            out.files.push(bytes);
        }
        Ok(out)
    }
}

/// One valid agreement found by [`each_agreement`], with where it came from.
pub(crate) struct Found<'a> {
    pub(crate) path: &'a std::path::Path,
    /// Its number in a cohort file.
    pub(crate) pair: Option<usize>,
    /// The pair's file name (as `render` names its files).
    pub name: String,
    pub agreement: Agreement,
}

/// Call `f` for every valid agreement in `inputs` (files, cohorts, folders), in order;
/// the errors of the rest come back, for reports that go on past a bad pair.
fn each_agreement(
    inputs: &[PathBuf],
    mut f: impl FnMut(Found<'_>) -> Result<()>,
) -> Result<Vec<crate::error::Diagnostic>> {
    use crate::error::Diagnostic;
    let paths = crate::input::expand_paths(inputs).map_err(|d| Error::Invalid(vec![*d]))?;
    let mut problems = Vec::new();
    for path in &paths {
        // A window of a cohort at a time, as `render` reads it: memory stays flat.
        crate::input::each_window(path, None, |doc| {
            let doc = match doc {
                Ok(d) => d,
                Err(d) => {
                    problems.extend(d);
                    return Ok(false);
                }
            };
            let units = match doc.units() {
                Ok(u) => u,
                Err(d) => {
                    problems.extend(d);
                    return Ok(false);
                }
            };
            for unit in units {
                let pair = unit.pair;
                let (mentee, mentor) = unit.names();
                let name = crate::output::base_name(&unit, mentee.as_deref(), mentor.as_deref());
                match unit.load() {
                    Ok(l) => f(Found {
                        path,
                        pair,
                        name,
                        agreement: l.agreement,
                    })?,
                    Err(d) => problems.extend(d.into_iter().filter(Diagnostic::is_error)),
                }
            }
            Ok(true)
        })?;
    }
    Ok(problems)
}

/// Records in the records folder of `input` whose pair is not among `identities`: a
/// pair that left, or whose emails or names changed without an `id` to keep it known.
pub(crate) fn orphan_records(
    input: &std::path::Path,
    key: Option<&str>,
    identities: &Identities,
) -> Vec<crate::error::Diagnostic> {
    let folder = crate::records::folder(input, key);
    crate::records::all(&folder)
        .into_iter()
        .filter(|(_, id)| id.as_ref().is_none_or(|id| !identities.contains(id)))
        .map(|(path, id)| {
            let who = id.map_or("no identity".into(), |id| format!("identity {id}"));
            crate::error::Diagnostic::new(
                &path,
                crate::error::Problem::warning(
                    "",
                    format!("these records ({who}) belong to no pair of {}", crate::error::shown(input)),
                )
                .help("a pair that left keeps its records here; if the pair is still in the file under other emails or names, give it an `id` before it changes them next time"),
            )
        })
        .collect()
}

/// The identities of one file's pairs, kept as hashes (8 bytes a pair, however long
/// the names), enough to tell whether a records file still has its pair and which pairs
/// share an identity, in a cohort of any size.
#[derive(Default)]
pub(crate) struct Identities {
    /// Each identity's hash, and the number of the first pair that has it.
    seen: std::collections::HashMap<u64, usize>,
    /// Identities more than one pair has, with those pairs' numbers.
    pub(crate) shared: Vec<(String, Vec<usize>)>,
    count: usize,
}

impl Identities {
    pub(crate) fn push(&mut self, id: &str) {
        self.count += 1;
        let n = self.count;
        match self.seen.entry(crate::digest::sha256_u64(id.as_bytes())) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(n);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                match self.shared.iter_mut().find(|(s, _)| s == id) {
                    Some((_, ns)) => ns.push(n),
                    None => self.shared.push((id.to_string(), vec![*o.get(), n])),
                }
            }
        }
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.seen
            .contains_key(&crate::digest::sha256_u64(id.as_bytes()))
    }
}

/// A day given on the command line (`--on`), within the years mentorpact plans for.
fn parse_day(flag: &str, s: &str) -> Result<jiff::civil::Date> {
    let bad = || Error::Usage(format!("{flag} \"{s}\" is not a date like 2027-04-01"));
    let d: jiff::civil::Date = s.trim().parse().map_err(|_| bad())?;
    if !crate::model::YEARS.contains(&(d.year().max(0) as u16)) {
        return Err(bad());
    }
    Ok(d)
}

/// Ctrl-C (and SIGTERM) ask the workers to stop after the file they are writing. Work
/// that does not stop within a second (a template stuck in a long loop) is ended then,
/// and so is everything at a second Ctrl-C; files already written are whole, and a
/// temporary file cut short is removed by the next run.
pub(crate) fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        let code = crate::error::Exit::Interrupted.code();
        if INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(code);
        }
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(1));
            std::process::exit(code);
        });
    });
}
