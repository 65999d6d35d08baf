//! Files: atomic writes, safe names and `index.csv`. The batch that drives them lives
//! in `pipeline`; this module only writes what it is given.

mod atomic;
mod index;
mod naming;

pub use atomic::{remove_stale_temporaries, write_atomic};
pub use index::{csv_cell, fingerprint, index_row, stamp, write_index, IndexRow, Manifest};
pub use naming::{base_name, slug, Names};

/// The files an agreement can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Pdf,
    Ics,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Pdf => "pdf",
            Format::Ics => "ics",
        }
    }
}
