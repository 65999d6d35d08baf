//! Files: atomic writes, safe names, `index.csv` and the manifest. The batch that drives them lives
//! in `pipeline`; this module only writes what it is given.

mod atomic;
mod index;
mod manifest;
mod naming;
mod plan;

pub(crate) use atomic::{remove_stale_temporaries, rewrite_in_place, write_atomic, AtomicFile};
pub(crate) use index::{csv_cell, index_row, IndexRow, IndexWriter, BOM};
pub(crate) use manifest::{Entry, Manifest, ManifestWriter};
pub(crate) use naming::{base_name, name_hash, slug, Names};
pub(crate) use plan::{back_up, beside, forced, plan, Conflict, Plan};

/// The files an agreement can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Pdf,
    Ics,
}

impl Format {
    /// What `render` and `new` write without `--format`.
    pub(crate) const DEFAULT: &'static [Format] = &[Format::Md, Format::Pdf];

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Pdf => "pdf",
            Format::Ics => "ics",
        }
    }
}
