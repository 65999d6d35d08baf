//! `.mentorpact-manifest` in an output folder: each file mentorpact wrote there, the
//! pair it belongs to (its identity), what it was made from (its source: the agreement,
//! its confirmations, the templates, the options and the tool's version, hashed) and a
//! SHA-256 of the bytes written. With it a rerun knows, for every file, whether it is
//! up to date (same source), the tool's own untouched output (same bytes: safe to
//! replace) or changed by hand (never overwritten). Nothing depends on file times or
//! sizes, so a copy of the folder keeps its manifest's meaning.
//!
//! A line is appended as soon as a file is written, so a run killed at any point loses
//! nothing it wrote; the run that finishes rewrites the manifest with one line per
//! file. Later lines win. A lock file keeps two runs out of one folder.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::naming::name_hash;
use super::write_atomic;
use crate::error::{Error, Result};

pub(crate) const FILE: &str = ".mentorpact-manifest";
const LOCK: &str = ".mentorpact-lock";
const HEADER: &str = "# mentorpact manifest 2: file, pair identity, source, SHA-256 of the bytes written (kept: a person's file kept on purpose), size. Do not edit.\n";

/// What the manifest says of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) identity: String,
    /// Hash of everything the file was made from; empty for an entry of an older
    /// manifest, which did not record it.
    pub(crate) source: String,
    /// SHA-256 of the bytes written; `kept:` and the SHA-256 of a person's file that
    /// they chose to keep instead of the tool's (never replaced); or, from an older
    /// manifest, `stamp:` and the size and time it had then (trusted once, to carry such
    /// folders over).
    pub(crate) bytes: String,
    /// The size written: a file of another size has certainly changed. (A file of the
    /// same size is not taken to be unchanged on that account.)
    pub(crate) size: Option<u64>,
}

impl Entry {
    /// The entry of `bytes`, just written for the pair `identity` from `source`. Made
    /// before the manifest is locked: hashing a PDF is a fair part of writing it, and
    /// the other workers need not wait for it.
    pub(crate) fn written(identity: &str, source: &str, bytes: &[u8]) -> Entry {
        Entry {
            identity: identity.into(),
            source: source.into(),
            bytes: crate::digest::sha256_hex(bytes),
            size: Some(bytes.len() as u64),
        }
    }

    /// Is `file` still exactly what mentorpact wrote?
    pub(crate) fn untouched(&self, file: &Path) -> bool {
        match self.bytes.strip_prefix("stamp:") {
            Some(stamp) => legacy_stamp(file) == stamp,
            None => !self.kept_by_person() && sha256_of(file).is_some_and(|h| h == self.bytes),
        }
    }

    /// Is this a person's file that they chose to keep?
    pub(crate) fn kept_by_person(&self) -> bool {
        self.bytes.starts_with("kept:")
    }

    /// The SHA-256 recorded, whoever's file it is.
    pub(crate) fn sha256(&self) -> &str {
        self.bytes.strip_prefix("kept:").unwrap_or(&self.bytes)
    }

    /// Has `file` certainly changed since (another size)?
    pub(crate) fn resized(&self, file: &Path) -> bool {
        self.size
            .is_some_and(|s| std::fs::metadata(file).map_or(true, |m| m.len() != s))
    }
}

/// SHA-256 of a file's bytes, in hex; none if it cannot be read.
pub(crate) fn sha256_of(file: &Path) -> Option<String> {
    std::fs::read(file)
        .ok()
        .map(|b| crate::digest::sha256_hex(&b))
}

/// The manifest as a run found it: the last entry of each file name.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    /// By the hash of the file name: 100,000 names cost little memory this way.
    entries: HashMap<u64, (String, Entry)>,
}

/// One line: `name \t identity \t source \t bytes` (or an older manifest's
/// `name \t print \t stamp`).
fn parse(line: &str) -> Option<(String, Entry)> {
    if line.starts_with('#') {
        return None;
    }
    let f: Vec<&str> = line.trim_end_matches(['\n', '\r']).split('\t').collect();
    let hash = |b: &str| b.strip_prefix("kept:").unwrap_or(b).len() == 64;
    let entry = match f[..] {
        [name, identity, source, bytes, ref size @ ..] if hash(bytes) && size.len() <= 1 => (
            name,
            Entry {
                identity: identity.into(),
                source: source.into(),
                bytes: bytes.into(),
                size: size.first().and_then(|s| s.parse().ok()),
            },
        ),
        [name, _print, stamp] if !stamp.is_empty() => (
            name,
            Entry {
                identity: String::new(),
                source: String::new(),
                bytes: format!("stamp:{stamp}"),
                size: None,
            },
        ),
        // A line cut short by a killed run, or anything else: not trusted.
        _ => return None,
    };
    Some((entry.0.to_string(), entry.1))
}

impl Manifest {
    pub(crate) fn read(dir: &Path) -> Manifest {
        let text = std::fs::read_to_string(dir.join(FILE)).unwrap_or_default();
        let mut entries = HashMap::new();
        for (name, entry) in text.lines().filter_map(parse) {
            entries.insert(name_hash(&name), (name, entry));
        }
        Manifest { entries }
    }

    /// The entry of the file `name` in the folder.
    pub(crate) fn get(&self, name: &str) -> Option<&Entry> {
        self.entries
            .get(&name_hash(name))
            .filter(|(n, _)| n == name)
            .map(|(_, e)| e)
    }

    /// Every file name and its entry.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.values().map(|(n, e)| (n.as_str(), e))
    }
}

/// The manifest while a run writes: each line appended as its file is written.
pub(crate) struct ManifestWriter {
    dir: PathBuf,
    out: Option<File>,
    /// Entries of this run, by file name hash, to write the whole manifest at the end.
    now: HashMap<u64, (String, Entry)>,
    /// File names removed this run (`--prune`).
    gone: Vec<String>,
    /// Held while the run lasts; the operating system lets go if the run is killed.
    _lock: Option<File>,
    /// Whether this run made the folder.
    created: bool,
}

impl ManifestWriter {
    /// Take the folder's lock, or refuse: two runs writing one folder would each
    /// record only their own files.
    pub(crate) fn lock(dir: &Path) -> Result<ManifestWriter> {
        // The folder is made now, so that two runs into a new folder meet at its lock;
        // one that writes nothing into it takes it away again.
        let created = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        let lock = {
            let path = dir.join(LOCK);
            let f = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| Error::write(&path, e))?;
            match f.try_lock() {
                Ok(()) => Some(f),
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Usage(format!(
                        "another mentorpact run is writing into {}; wait for it to finish, then run again",
                        crate::error::shown(dir)
                    )))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::write(&path, e)),
            }
        };
        Ok(ManifestWriter {
            dir: dir.to_path_buf(),
            out: None,
            now: HashMap::new(),
            gone: Vec::new(),
            _lock: lock,
            created,
        })
    }

    /// `file` was just written with `bytes` for the pair `identity` from `source`.
    pub(crate) fn record(
        &mut self,
        file: &Path,
        identity: &str,
        source: &str,
        bytes: &[u8],
    ) -> Result<()> {
        let Some(name) = file.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            return Ok(());
        };
        self.record_entry(name, Entry::written(identity, source, bytes))
    }

    /// Record `entry` for the file `name` as it is now (a file the run did not write,
    /// but knows to be current: see `plan::Plan::Adopt`).
    pub(crate) fn record_entry(&mut self, name: String, entry: Entry) -> Result<()> {
        let path = self.dir.join(FILE);
        let out = match &mut self.out {
            Some(out) => out,
            None => {
                let f = File::options()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(|e| Error::write(&path, e))?;
                self.out.insert(f)
            }
        };
        // One write per line, so a killed run leaves whole lines (and at worst one cut
        // short, which `parse` refuses).
        let line = line(&name, &entry);
        out.write_all(line.as_bytes())
            .map_err(|e| Error::write(&path, e))?;
        self.now.insert(name_hash(&name), (name, entry));
        Ok(())
    }

    /// Was the file `name` written this run?
    pub(crate) fn wrote(&self, name: &str) -> bool {
        self.now.contains_key(&name_hash(name))
    }

    /// The file `name` was removed from the folder.
    pub(crate) fn forget(&mut self, name: &str) {
        self.gone.push(name.to_string());
    }

    /// Write the manifest whole: `old`'s entries of files still there and not written
    /// now, then this run's, one line per file.
    pub(crate) fn finish(self, old: &Manifest) -> Result<()> {
        if self.out.is_none() && self.gone.is_empty() {
            return Ok(());
        }
        let mut all: Vec<(&str, &Entry)> = old
            .iter()
            .filter(|(n, _)| !self.now.contains_key(&name_hash(n)))
            .chain(self.now.values().map(|(n, e)| (n.as_str(), e)))
            .filter(|(n, _)| !self.gone.iter().any(|g| g == n) && self.dir.join(n).exists())
            .collect();
        all.sort_unstable_by_key(|(n, _)| *n);
        let mut text = String::from(HEADER);
        for (n, e) in all {
            text.push_str(&line(n, e));
        }
        write_atomic(&self.dir.join(FILE), text.as_bytes())
    }
}

impl Drop for ManifestWriter {
    /// The lock file goes with the run (the lock itself is let go when the file closes),
    /// so the folder holds only what people need.
    fn drop(&mut self) {
        if self._lock.is_some() {
            let _ = std::fs::remove_file(self.dir.join(LOCK));
        }
        if self.created {
            // Only if empty: a run that wrote nothing leaves no folder behind.
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

/// One line of the manifest: name, identity, source, bytes, size.
fn line(name: &str, e: &Entry) -> String {
    let size = e.size.map(|s| s.to_string()).unwrap_or_default();
    format!(
        "{name}\t{}\t{}\t{}\t{size}\n",
        e.identity, e.source, e.bytes
    )
}

/// How an older manifest recorded a file: its size and modification time.
fn legacy_stamp(file: &Path) -> String {
    let Ok(m) = std::fs::metadata(file) else {
        return String::new();
    };
    let when = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}-{when}", m.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_kept_by_content_and_later_lines_win() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        std::fs::write(&a, "A").unwrap();
        std::fs::write(&b, "B").unwrap();
        let mut w = ManifestWriter::lock(dir.path()).unwrap();
        w.record(&a, "id:1", "s1", b"A").unwrap();
        w.record(&b, "id:2", "s2", b"B").unwrap();
        // Killed here: the lines are already on disk.
        drop(w);
        let m = Manifest::read(dir.path());
        assert_eq!(m.get("a.pdf").unwrap().identity, "id:1");
        assert!(m.get("a.pdf").unwrap().untouched(&a));

        let mut w = ManifestWriter::lock(dir.path()).unwrap();
        std::fs::write(&b, "B2").unwrap();
        w.record(&b, "id:2", "s3", b"B2").unwrap();
        w.finish(&m).unwrap();
        let m = Manifest::read(dir.path());
        assert_eq!(m.get("b.pdf").unwrap().source, "s3");
        assert_eq!(m.get("a.pdf").unwrap().source, "s1");
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert_eq!(text.lines().count(), 3, "{text}");

        // A copy of the folder keeps its meaning; an edit of the same size does not.
        std::fs::write(&a, "Z").unwrap();
        assert!(!m.get("a.pdf").unwrap().untouched(&a));
    }

    #[test]
    fn a_second_run_into_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let _first = ManifestWriter::lock(dir.path()).unwrap();
        let second = ManifestWriter::lock(dir.path());
        assert!(second.is_err());
    }

    #[test]
    fn a_line_cut_short_is_not_trusted() {
        assert!(parse("a.pdf\tid:1\ts\t0123").is_none());
        assert!(parse("a.pdf\tid:1").is_none());
    }
}
