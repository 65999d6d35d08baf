//! The `mentorpact` binary: parse arguments, run the library, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = mentorpact::cli::Cli::parse();
    let code = match mentorpact::run(cli) {
        Ok(code) => code,
        Err(e) => mentorpact::report(&e),
    };
    std::process::exit(code);
}
