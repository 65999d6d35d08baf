//! The `mentorpact` binary: parse arguments, run the library, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = mentorpact::cli::Cli::parse();
    let exit = match mentorpact::run(cli) {
        Ok(exit) => exit,
        Err(e) => mentorpact::report(&e),
    };
    std::process::exit(exit.code());
}
