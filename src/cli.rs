//! Command-line arguments (clap). Kept in the library so that completions and the man
//! page are generated from the same definitions.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::model::{Choice, Language, Paper, Party};
pub use crate::output::Format;

const AFTER_HELP: &str = "\
Exit codes:
  0    success
  1    failure (cannot write a file, internal error)
  2    invalid input (bad TOML, bad values, missing file, broken template)
  3    render: every pair was read, but some files are not current (a file changed by
       hand was kept, and its new version written beside it)
  130  interrupted (Ctrl-C); the files written so far are whole

Guides, in the docs folder of the repository:
  docs/pairs.md         a pair's first meeting, signing, reviews and ending well
  docs/coordinators.md  a scheme's year, task by task, from a spreadsheet to the report
  docs/reference.md     every command and option; docs/format.md: every key of the file
Each command's --help ends with the part of the guide for its task.";

// The part of a guide each command's --help ends with: a path in the repository and
// what it covers, so that a reader of the help finds the task told step by step.
const GUIDE_RENDER: &str =
    "Guide: docs/coordinators.md#render-and-hand-out (what to send each pair, mail-merge from index.csv); every option: docs/reference.md#commands";
const GUIDE_CHECK: &str =
    "Guide: docs/coordinators.md#check-and-fix (reading a problem and fixing it in the spreadsheet)";
const GUIDE_NEW: &str =
    "Guide: docs/pairs.md#the-first-meeting-mentorpact-new (each section, going back with Esc, stopping with Ctrl-C and --resume)";
const GUIDE_REVIEW: &str =
    "Guide: docs/coordinators.md#record-reviews (the form to send, recording the answers); for pairs: docs/pairs.md#the-early-check-and-the-reviews";
const GUIDE_RENEW: &str =
    "Guide: docs/coordinators.md#renew-or-end (the final review's decision, the next term)";
const GUIDE_REPORT: &str =
    "Guide: docs/coordinators.md#the-report-for-the-sponsor (what it shows, what it keeps private)";
const GUIDE_DUE: &str =
    "Guide: docs/coordinators.md#what-falls-due-each-week (the Monday list, reminders by mail merge)";
const GUIDE_SIGN: &str =
    "Guide: docs/coordinators.md#record-signatures (recording who signed, and when); for pairs: docs/pairs.md#signing";
const GUIDE_INIT: &str =
    "Guide: docs/coordinators.md#start-a-cohort (from a spreadsheet, or from a file written by init)";
const GUIDE_TEMPLATES: &str =
    "Guide: docs/reference.md#custom-templates (what a template may change, and its limits)";
const GUIDE_SCHEMA: &str =
    "Guide: docs/reference.md#editor-support (completion and checking of keys in an editor)";
const GUIDE_COMPLETIONS: &str =
    "Guide: docs/reference.md#editor-support (where to put the completions)";
const GUIDE_MAN: &str = "Guide: docs/reference.md#editor-support";

#[derive(Debug, Parser)]
#[command(
    name = "mentorpact",
    version,
    about = "Write clear, signed-ready mentoring agreements",
    long_about = "Write clear, signed-ready mentoring agreements.\n\nPairs run `mentorpact new` for a guided interview at their first meeting. Coordinators keep TOML files and run `mentorpact render` to produce every agreement as Markdown and PDF.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// The largest input file read, in MiB: a bigger one is refused before it is read
    /// (a cohort of 100,000 pairs is about 70 MiB)
    #[arg(long, global = true, value_name = "MIB", default_value_t = 1024)]
    pub(crate) max_input: u64,
    #[command(flatten)]
    pub(crate) roster: RosterArgs,
}

/// How spreadsheet rosters are read, for every command that reads a cohort.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Rosters (spreadsheets as cohorts)")]
pub(crate) struct RosterArgs {
    /// The key a roster's column gives, e.g. --map "Mentor Email Address=mentor.email";
    /// repeat for more columns; wins over the cohort file's [columns]
    #[arg(long = "map", value_name = "HEADER=KEY", global = true)]
    pub(crate) map: Vec<String>,
    /// The text encoding of a CSV roster, e.g. windows-1252 [default: the byte-order
    /// mark's, else UTF-8 when the file is, else Windows-1252]
    #[arg(long, value_name = "NAME", global = true)]
    pub(crate) encoding: Option<String>,
    /// The separator of a CSV roster: , ; or tab [default: sniffed from the header line]
    #[arg(long, value_name = "CHAR", global = true)]
    pub(crate) delimiter: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Render agreement or cohort files (or folders of them) to Markdown, PDF and calendar files
    #[command(after_help = GUIDE_RENDER)]
    Render(RenderArgs),
    /// Check agreement or cohort files and report every problem, writing nothing
    #[command(after_help = GUIDE_CHECK)]
    Check(CheckArgs),
    /// Interview a mentoring pair and write their agreement
    #[command(after_help = GUIDE_NEW)]
    New(NewArgs),
    /// Write the record of a check or review meeting (Markdown and PDF)
    #[command(after_help = GUIDE_REVIEW)]
    Review(ReviewArgs),
    /// Write the next agreement of a pair whose term is ending
    #[command(after_help = GUIDE_RENEW)]
    Renew(RenewArgs),
    /// A coordinator's picture of a cohort: pairs by status, reviews due and overdue,
    /// goals by progress and a timeline, as HTML and Markdown
    #[command(after_help = GUIDE_REPORT)]
    Report(ReportArgs),
    /// What falls due for each pair (first meeting, early check, reviews, final review,
    /// end) in the coming days, soonest first
    #[command(after_help = GUIDE_DUE)]
    Due(DueArgs),
    /// Record that a party confirms the agreement as it stands (who, when, and a
    /// fingerprint of its content), in the pair's records file beside the answers
    #[command(after_help = GUIDE_SIGN)]
    Sign(SignArgs),
    /// Write a commented example agreement (or cohort) to start from
    #[command(after_help = GUIDE_INIT)]
    Init {
        /// File to write [default: agreement.toml, or cohort.toml with --cohort]
        file: Option<PathBuf>,
        /// Write a cohort file (shared defaults and many pairs) instead
        #[arg(long)]
        cohort: bool,
        /// Write a roster to fill instead: a spreadsheet (.xlsx, with drop-down lists,
        /// or .csv) with a column for each key a pair usually gives, and one example row
        #[arg(long, value_name = "FILE", conflicts_with_all = ["file", "cohort"])]
        roster: Option<PathBuf>,
        /// Overwrite the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Work with the built-in templates
    #[command(subcommand, after_help = GUIDE_TEMPLATES)]
    Templates(TemplatesCommand),
    /// Print a JSON Schema of the file format, for editor completion and checking
    #[command(after_help = GUIDE_SCHEMA)]
    Schema {
        /// The schema of a cohort file instead of a single agreement
        #[arg(long, conflicts_with = "reviews")]
        cohort: bool,
        /// The schema of a pair's records file (<input>.records/…): confirmations and
        /// review records
        #[arg(long)]
        reviews: bool,
    },
    /// Print shell completions
    #[command(after_help = GUIDE_COMPLETIONS)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    #[command(after_help = GUIDE_MAN)]
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct ReviewArgs {
    /// The agreement file (or cohort file, with --pair)
    pub(crate) file: PathBuf,
    /// Which meeting: early, a review's number (1, 2 …) or final [default: the next one
    /// from today]
    #[arg(long, value_name = "POINT")]
    pub(crate) point: Option<String>,
    /// In a cohort file, which pair: its number (1 for the first [[pairs]]), its
    /// identity (index.csv), either email or either name
    #[arg(long, value_name = "PAIR")]
    pub(crate) pair: Option<String>,
    /// Output folder [default: current folder]
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Formats to write, comma-separated [default: md,pdf]
    #[arg(long, value_delimiter = ',', value_name = "LIST", value_parser = ["md", "pdf"])]
    pub format: Option<Vec<String>>,
    #[command(flatten)]
    pub look: LookArgs,
    /// Overwrite the record's Markdown and PDF if they exist
    #[arg(long)]
    pub(crate) force: bool,
    /// Ask the review's questions and save the answers in the pair's records file
    /// (each answer as it is given), then write the record with them
    #[arg(long)]
    pub(crate) record: bool,
    /// An answer given in advance (with --record), e.g. --set goals.1.progress=met
    /// --set working="Monthly walks" --set decision=renew; works without a terminal
    #[arg(long = "set", value_name = "KEY=VALUE", requires = "record")]
    pub(crate) set: Vec<String>,
    /// Do not print the notice that a language's text has not been reviewed by a
    /// native speaker
    #[arg(long)]
    pub(crate) no_language_notice: bool,
}

impl ReviewArgs {
    /// The output settings a review record shares with `render`.
    pub(crate) fn output_args(&self) -> OutputArgs {
        OutputArgs {
            format: self.format.as_ref().map(|f| {
                f.iter()
                    .map(|f| if f == "pdf" { Format::Pdf } else { Format::Md })
                    .collect()
            }),
            look: self.look.clone(),
            tz: None,
            no_fields: true,
            no_language_notice: self.no_language_notice,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct RenewArgs {
    /// The agreement file (or cohort file, with --pair)
    pub(crate) file: PathBuf,
    /// Length of the next term in months
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=60))]
    pub(crate) months: u32,
    /// In a cohort file, which pair: its number (1 for the first [[pairs]]), its
    /// identity (index.csv), either email or either name
    #[arg(long, value_name = "PAIR")]
    pub(crate) pair: Option<String>,
    /// Folder to write the new agreement into [default: current folder]
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Overwrite the file if it exists
    #[arg(long)]
    pub(crate) force: bool,
    /// Renew even though the pair's final review decided to end
    #[arg(long)]
    pub(crate) anyway: bool,
    /// Add the next term to the cohort file itself, as a new pair with an id of its
    /// own (instead of writing a file of its own)
    #[arg(long, conflicts_with = "output")]
    pub(crate) in_place: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Cohort or agreement files, or folders of them
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// Folder to write report.html and report.md into
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: PathBuf,
    /// The day the report is for, e.g. 2027-04-01 [default: today]
    #[arg(long, value_name = "DATE")]
    pub(crate) on: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct DueArgs {
    /// Agreement files, cohort files or folders of them
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// The first day of the window, e.g. 2027-04-01 [default: today]
    #[arg(long, value_name = "DATE")]
    pub(crate) on: Option<String>,
    /// How many days after it the window runs
    #[arg(long, value_name = "DAYS", default_value_t = 14, value_parser = clap::value_parser!(i64).range(0..=3660))]
    pub(crate) within: i64,
    /// How to print what is due
    #[arg(long, value_enum, default_value_t = DueFormat::Table)]
    pub format: DueFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DueFormat {
    /// Aligned columns, for reading
    Table,
    /// For spreadsheets and mail merge (cells that look like formulas are neutralised)
    Csv,
    /// For other tools
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// The agreement file (or cohort file, with --pair)
    pub(crate) file: PathBuf,
    /// Who confirms
    #[arg(long = "as", value_name = "PARTY", value_parser = choice::<Party>())]
    pub(crate) party: Party,
    /// Their name as they confirm it [default: the name the file gives them]
    #[arg(long)]
    pub name: Option<String>,
    /// The day they confirm, e.g. 2026-12-02 [default: today]
    #[arg(long, value_name = "DATE")]
    pub(crate) on: Option<String>,
    /// In a cohort file, which pair: its number (1 for the first [[pairs]]), its
    /// identity (index.csv), either email or either name
    #[arg(long, value_name = "PAIR")]
    pub(crate) pair: Option<String>,
    /// Record a name that is not the one the file gives that party: they confirm in
    /// that party's place
    #[arg(long)]
    pub(crate) force: bool,
    /// Custom templates the agreement is rendered with: the confirmation binds the
    /// wording they make
    #[arg(long, value_name = "DIR")]
    pub(crate) templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Agreement files, cohort files or folders of them
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// Custom templates the agreements are rendered with: confirmations are checked
    /// against the wording they make
    #[arg(long, value_name = "DIR")]
    pub(crate) templates: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum TemplatesCommand {
    /// Write the built-in templates to DIR for editing; use them with --templates DIR
    Export {
        dir: PathBuf,
        /// Overwrite files that already exist
        #[arg(long)]
        force: bool,
        /// The language whose set to write (into DIR/cy/ … for other languages than
        /// English) [default: English, at the top of DIR]
        #[arg(long, value_parser = choice::<Language>())]
        language: Option<Language>,
    },
}

/// Accepts exactly the words of a [`Choice`], so `--help` and completions list them.
fn choice<C: Choice + Send + Sync>() -> impl TypedValueParser<Value = C> {
    PossibleValuesParser::new(C::NAMES).map(|s| C::parse(&s).expect("one of C::NAMES"))
}

#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Formats to write, comma-separated [default: md,pdf]
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub format: Option<Vec<Format>>,
    #[command(flatten)]
    pub look: LookArgs,
    /// Time zone for calendar files, when the file gives none [default: the system's]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// No fillable signature and date fields in the PDF: only lines to sign on paper
    #[arg(long)]
    pub no_fields: bool,
    /// Do not print the notice that a language's text has not been reviewed by a
    /// native speaker
    #[arg(long)]
    pub no_language_notice: bool,
}

/// How documents look: templates, paper and fonts (`render`, `new` and `review`).
#[derive(Debug, Clone, Default, Args)]
pub struct LookArgs {
    /// Custom templates: files in DIR replace the built-in English ones of the same
    /// name, and files in DIR/cy, DIR/fr, DIR/de or DIR/es that language's
    #[arg(long, value_name = "DIR")]
    pub(crate) templates: Option<PathBuf>,
    /// Paper size for PDF [default: `[pdf] paper`, else A4, or Letter for en-US]
    #[arg(long, value_parser = choice::<Paper>())]
    pub(crate) paper: Option<Paper>,
    /// A fallback font (TrueType or OpenType) for characters the built-in font lacks;
    /// repeat to try several in order
    #[arg(long = "font", value_name = "FILE")]
    pub(crate) fonts: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// Agreement files, cohort files or folders of them
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// Output folder, or - to write Markdown to standard output [default: current folder]
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) out: OutputArgs,
    /// Write every file again. A file changed by hand is first moved to a backup
    /// (name.backup-N.pdf); without --force it is kept and the new version written
    /// beside it (name.new.pdf)
    #[arg(long)]
    pub(crate) force: bool,
    /// Remove the files of pairs no longer in the inputs (only those mentorpact wrote
    /// and nobody changed)
    #[arg(long)]
    pub(crate) prune: bool,
    /// Parallel jobs [default: number of cores]
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
    /// No progress bar and no summary, only problems
    #[arg(short, long)]
    pub(crate) quiet: bool,
    /// Print where the time went, by stage (parse, validate, Markdown, layout, PDF,
    /// compress, write), with totals and per-agreement figures
    #[arg(long)]
    pub(crate) timings: bool,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// Folder to write the agreement into [default: current folder]
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Pre-fill answers from an agreement, programme or cohort defaults file
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    pub(crate) from: Option<PathBuf>,
    /// Continue an interview from its draft file
    #[arg(long, value_name = "DRAFT")]
    pub(crate) resume: Option<PathBuf>,
    /// An answer given in advance, as a key of the file format and a TOML value (else
    /// text), e.g. --set mentee.name="Zoë Ó'Brien" --set 'goals=[{ description = "Settle in" }]'
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// No questions: take the good-practice default for everything not given by --from
    /// or --set, and write the agreement (works without a terminal)
    #[arg(long)]
    pub(crate) defaults: bool,
    #[command(flatten)]
    pub(crate) out: OutputArgs,
}
