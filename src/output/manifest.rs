//! `.mentorpact-manifest` in an output folder: each file written there, with the
//! fingerprint of the agreement it holds and its size and time. A rerun without
//! `--force` keeps an existing file as the pair's only when both still match: not when
//! it holds another pair's agreement, and not when it was edited since.
//!
//! A folder can hold 200,000 files, so the manifest is kept as its text with an index
//! of hashes, and only by a run that needs it (not with `--force`); the new one is
//! written line by line as the run goes.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use super::naming::name_hash;
use super::{stamp, AtomicFile};
use crate::error::{Error, Result};

pub const FILE: &str = ".mentorpact-manifest";
const HEADER: &str = "# Files mentorpact wrote here, and the agreement each holds. Do not edit.\n";

/// The manifest as a run found it.
#[derive(Debug, Default)]
pub struct Manifest {
    text: String,
    /// (hash of the file name, where its line starts), sorted.
    lines: Vec<(u64, usize)>,
}

/// One line: file name, agreement fingerprint, stamp.
fn fields(line: &str) -> Option<(&str, &str, &str)> {
    let mut f = line.trim_end_matches('\n').split('\t');
    Some((f.next()?, f.next()?, f.next()?))
}

fn name_of(file: &Path) -> Option<String> {
    file.file_name().map(|n| n.to_string_lossy().into_owned())
}

impl Manifest {
    pub fn read(dir: &Path) -> Manifest {
        let text = std::fs::read_to_string(dir.join(FILE)).unwrap_or_default();
        let mut lines = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if let Some((name, _, _)) = fields(line).filter(|_| !line.starts_with('#')) {
                lines.push((name_hash(name), at));
            }
            at += line.len();
        }
        lines.sort_unstable();
        Manifest { text, lines }
    }

    /// The fingerprint and stamp recorded for the file `name`.
    fn get(&self, name: &str) -> Option<(&str, &str)> {
        let h = name_hash(name);
        let from = self.lines.partition_point(|l| l.0 < h);
        self.lines[from..]
            .iter()
            .take_while(|l| l.0 == h)
            .filter_map(|&(_, at)| fields(self.text[at..].split_inclusive('\n').next()?))
            .find(|(n, _, _)| *n == name)
            .map(|(_, print, stamp)| (print, stamp))
    }

    /// Does `file` (a path in the folder) hold the agreement with `print`, as written?
    pub fn holds(&self, file: &Path, print: &str) -> bool {
        name_of(file).is_some_and(|n| {
            self.get(&n)
                .is_some_and(|(p, s)| p == print && s == stamp(file))
        })
    }
}

/// The manifest a run writes: its own files as they are written, then the entries of
/// the files it left alone. Put in place by [`ManifestWriter::commit`].
pub struct ManifestWriter {
    dir: PathBuf,
    out: Option<AtomicFile>,
    /// Hashes of the names written this run: their old entries are left out.
    written: HashSet<u64>,
}

impl ManifestWriter {
    pub fn new(dir: &Path) -> ManifestWriter {
        ManifestWriter {
            dir: dir.to_path_buf(),
            out: None,
            written: HashSet::new(),
        }
    }

    /// `file` now holds the agreement with `print`, as [`stamp`] sees it. The folder
    /// exists: the file was just written there.
    pub fn record(&mut self, file: &Path, print: &str, content: &str) -> Result<()> {
        let Some(name) = name_of(file) else {
            return Ok(());
        };
        let path = self.dir.join(FILE);
        let out = match &mut self.out {
            Some(out) => out,
            None => {
                let mut out = AtomicFile::create(&path)?;
                out.write_all(HEADER.as_bytes())
                    .map_err(|e| Error::write(&path, e))?;
                self.out.insert(out)
            }
        };
        self.written.insert(name_hash(&name));
        writeln!(out, "{name}\t{print}\t{content}").map_err(|e| Error::write(&path, e))
    }

    /// Copy the old manifest's entries of files not written this run (read from the
    /// file a line at a time: the run may not have held it), and put the new one in
    /// place. A run that wrote nothing leaves the old one as it was.
    pub fn commit(self) -> Result<()> {
        let Some(mut out) = self.out else {
            return Ok(());
        };
        let path = self.dir.join(FILE);
        if let Ok(old) = std::fs::File::open(&path) {
            for line in std::io::BufReader::new(old).lines() {
                let Ok(line) = line else { break };
                let kept = fields(&line).is_some_and(|(name, _, _)| {
                    !line.starts_with('#') && !self.written.contains(&name_hash(name))
                });
                if kept {
                    writeln!(out, "{line}").map_err(|e| Error::write(&path, e))?;
                }
            }
        }
        out.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rerun_keeps_the_entries_of_files_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        std::fs::write(&a, "A").unwrap();
        std::fs::write(&b, "B").unwrap();
        let mut w = ManifestWriter::new(dir.path());
        w.record(&a, "print-a", &stamp(&a)).unwrap();
        w.record(&b, "print-b", &stamp(&b)).unwrap();
        w.commit().unwrap();
        let first = Manifest::read(dir.path());
        assert!(first.holds(&a, "print-a") && first.holds(&b, "print-b"));
        assert!(!first.holds(&a, "print-b"));

        // Only b is written again, for another agreement; a's entry stays.
        let mut w = ManifestWriter::new(dir.path());
        w.record(&b, "print-c", &stamp(&b)).unwrap();
        w.commit().unwrap();
        let second = Manifest::read(dir.path());
        assert!(second.holds(&a, "print-a"));
        assert!(second.holds(&b, "print-c") && !second.holds(&b, "print-b"));
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert_eq!(text.lines().count(), 3, "{text}");

        // An edited file is no longer the one recorded.
        std::fs::write(&a, "edited, and longer").unwrap();
        assert!(!Manifest::read(dir.path()).holds(&a, "print-a"));
    }
}
