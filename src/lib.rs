//! mentorpact: mentoring agreements from an interview or TOML files.
//!
//! Data flows one way (docs/ARCHITECTURE.md is the map):
//!
//! [`input`] (TOML files, cohort merge, key checks from [`schema`]) → [`model`] (raw
//! answers, validated once into an `Agreement`) → [`schedule`] (meeting dates) →
//! [`render`] (tera → Markdown) → [`pdf`] (typeset from that Markdown) and [`ics`]
//! (calendar) → [`output`] (atomic files, names, `index.csv`).
//!
//! [`pipeline`] wires the stages into the commands; [`interview`] fills the same raw
//! model as a TOML file does and hands it to the pipeline. [`clock`] reads the date
//! once per run; [`error`] is the one error type and the exit codes.

#![warn(unreachable_pub)]

pub mod cli;
pub mod clock;
mod digest;
pub mod error;
pub(crate) mod ics;
pub mod input;
pub mod interview;
pub(crate) mod limits;
pub mod model;
pub(crate) mod output;
pub mod pdf;
pub mod pipeline;
pub(crate) mod records;
pub mod render;
pub mod schedule;
pub(crate) mod schema;
pub(crate) mod timings;

use std::path::Path;

use clap::CommandFactory;

use crate::cli::{Cli, Command, TemplatesCommand};
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};

pub use crate::pipeline::Pipeline;

/// Run a command; `Ok` carries how it ended (a batch with bad pairs ends `Invalid`).
pub fn run(cli: Cli) -> Result<Exit> {
    limits::set_size_limit(cli.max_input.saturating_mul(1 << 20));
    let r = &cli.roster;
    input::set_roster_flags(&r.map, r.encoding.as_deref(), r.delimiter.as_deref())?;
    match cli.command {
        Command::Render(args) => pipeline::render_command(args, Clock::from_env()?),
        Command::Check(args) => pipeline::check_command(args, Clock::from_env()?),
        Command::New(args) => interview::run(args, Clock::from_env()?),
        Command::Review(args) if args.record => interview::record_review(args, Clock::from_env()?),
        Command::Review(args) => pipeline::review_command(args, Clock::from_env()?),
        Command::Renew(args) => pipeline::renew_command(args, Clock::from_env()?),
        Command::Report(args) => pipeline::report_command(args, Clock::from_env()?),
        Command::Due(args) => pipeline::due_command(args, Clock::from_env()?),
        Command::Sign(args) => pipeline::sign_command(args, Clock::from_env()?),
        Command::Init {
            roster: Some(roster),
            force,
            ..
        } => pipeline::init_roster(&roster, force),
        Command::Init {
            file,
            cohort,
            force,
            ..
        } => pipeline::init_command(file, cohort, force),
        Command::Templates(TemplatesCommand::Export {
            dir,
            force,
            language,
        }) => pipeline::export_templates(&dir, force, language.unwrap_or_default()),
        Command::Schema { cohort, reviews } => {
            let s = if reviews {
                schema::reviews_schema()
            } else {
                schema::json_schema(cohort)
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&s).expect("schema is JSON")
            );
            Ok(Exit::Success)
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "mentorpact",
                &mut std::io::stdout(),
            );
            Ok(Exit::Success)
        }
        Command::Man => {
            let page = clap_mangen::Man::new(Cli::command());
            page.render(&mut std::io::stdout())
                .map_err(|e| Error::write(Path::new("<stdout>"), e))?;
            Ok(Exit::Success)
        }
    }
}

/// Print an error the way its kind reads best, and say how the run ended.
pub fn report(e: &Error) -> Exit {
    match e {
        Error::Invalid(_) => eprintln!("{e}"),
        _ => eprintln!("error: {e}"),
    }
    e.exit()
}
