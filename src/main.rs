//! The `mentorpact` binary: parse arguments, run the library, map errors to exit codes.

use clap::Parser;

// A cohort's run makes and frees millions of small buffers (words, runs, PDF objects)
// across worker threads. `perf` put about 18% of a 1,000-pair render in glibc's
// malloc and free; with mimalloc the same render is about 13% faster, for a little more
// memory (docs/performance.md, 2026-12-03).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Output piped into `head` and closed early ends the program quietly, as any Unix
    // tool does, instead of a panic at the next line printed.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = mentorpact::cli::Cli::parse();
    let exit = match mentorpact::run(cli) {
        Ok(exit) => exit,
        Err(e) => mentorpact::report(&e),
    };
    std::process::exit(exit.code());
}
