//! The `mentorpact` binary: parse arguments, run the library, map errors to exit codes.

use clap::Parser;

// A cohort's run makes and frees millions of small buffers (words, runs, PDF objects)
// across worker threads; `perf` put a fifth of the time in the system allocator, and
// mimalloc's per-thread heaps take most of that back (docs/performance.md).
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
