//! How much a run reads: the size limit on any one input file (`--max-input`), set once
//! at the start of a run, and the check that refuses what could never be read whole
//! (devices, pipes) or would exhaust the machine, before a byte is read.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Diagnostic, Problem};

/// The largest input read, in bytes (`--max-input`): set once, at the start of a run.
static SIZE_LIMIT: AtomicU64 = AtomicU64::new(1 << 30);

pub(crate) fn set_size_limit(bytes: u64) {
    SIZE_LIMIT.store(bytes, Ordering::Relaxed);
}

pub(crate) fn size_limit() -> u64 {
    SIZE_LIMIT.load(Ordering::Relaxed)
}

/// Read `path` whole, never more than the limit (a file may grow while it is read, or,
/// under /proc, say nothing of its size).
pub(crate) fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let limit = size_limit();
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "it grew past the {} MiB mentorpact reads (--max-input)",
            limit >> 20
        )));
    }
    Ok(bytes)
}

/// [`read_bytes`], as UTF-8 text.
pub(crate) fn read_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_bytes(path)?).map_err(|_| std::io::Error::other("not UTF-8 text"))
}

/// Refuse, before reading, what could never be read whole or would exhaust the machine:
/// a device or a pipe (`/dev/zero` never ends; a FIFO ends when someone else decides),
/// and a file over the size limit.
pub(crate) fn admit(path: &Path) -> Result<(), Box<Diagnostic>> {
    let Ok(m) = std::fs::metadata(path) else {
        return Ok(()); // reading says what is wrong
    };
    if !m.is_file() && !m.is_dir() {
        return Err(Box::new(Diagnostic::new(
            path,
            Problem::error("", "is not a regular file (a device, pipe or socket)")
                .help("give the path of a .toml file"),
        )));
    }
    let limit = size_limit();
    if m.is_file() && m.len() > limit {
        let mib = m.len().div_ceil(1 << 20);
        return Err(Box::new(Diagnostic::new(
            path,
            Problem::error(
                "",
                format!(
                    "is {mib} MiB, more than the {} MiB mentorpact reads",
                    limit >> 20
                ),
            )
            .help(format!(
                "if it really is one input, raise the limit: --max-input {mib}"
            )),
        )));
    }
    Ok(())
}
