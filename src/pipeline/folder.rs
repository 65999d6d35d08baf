//! The output folder as a run changes it: what each file's plan is (new, up to date,
//! replace, keep), carried out; the manifest kept line by line as files are written;
//! and, at the end, the files no pair holds any more. `batch` decides what to render;
//! this decides what happens on disk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};
use crate::output::{
    back_up, beside, forced, name_hash, plan, write_atomic, Conflict, Entry, Manifest,
    ManifestWriter, Plan,
};
use crate::timings::{self, Stage};

/// The output folder of a run, held for the run's length (see `ManifestWriter::lock`).
pub(super) struct OutFolder {
    pub(super) dir: PathBuf,
    force: bool,
    prune: bool,
    /// The manifest as the run found it.
    manifest: Manifest,
    /// This run's manifest, a line added as each file is written.
    files: Mutex<ManifestWriter>,
    /// Made on the first write.
    made: OnceLock<std::result::Result<(), String>>,
}

/// Files no pair holds now: the first few names, how many pairs, and how many removed.
#[derive(Default)]
pub(super) struct Leftovers {
    pub(super) left: Vec<String>,
    pub(super) left_pairs: usize,
    pub(super) pruned: usize,
}

impl OutFolder {
    pub(super) fn open(dir: &Path, force: bool, prune: bool) -> Result<OutFolder> {
        let files = ManifestWriter::lock(dir)?;
        // A killed run's half-written temporaries go now; the folder itself is made only
        // when there is something to write into it.
        crate::output::remove_stale_temporaries(dir);
        Ok(OutFolder {
            dir: dir.to_path_buf(),
            force,
            prune,
            manifest: Manifest::read(dir),
            files: Mutex::new(files),
            made: OnceLock::new(),
        })
    }

    pub(super) fn create(&self) -> Result<()> {
        let dir = &self.dir;
        self.made
            .get_or_init(|| std::fs::create_dir_all(dir).map_err(|e| e.to_string()))
            .clone()
            .map_err(|e| Error::write(dir, std::io::Error::other(e)))
    }

    /// What to do with each of a pair's files (`--force`: write them all again).
    pub(super) fn plans(&self, pf: &PairFiles) -> Vec<Plan> {
        pf.targets
            .iter()
            .map(|t| {
                let mut p = plan(&self.manifest, t, &pf.identity, &pf.source);
                if let Plan::Adopt(entry) = p {
                    // The person settled the conflict: the file is current as it is.
                    self.adopt(t, entry);
                    p = Plan::UpToDate;
                } else {
                    self.forget_gone_beside(t);
                }
                if self.force {
                    forced(&self.manifest, t, p)
                } else {
                    p
                }
            })
            .collect()
    }

    /// Record `target` as current as it is, and forget the new version that was beside it.
    fn adopt(&self, target: &Path, entry: Entry) {
        let mut files = self.files.lock().unwrap();
        if files.record_entry(file_name(target), entry).is_ok() {
            files.forget(&file_name(&beside(target)));
        }
    }

    /// A new version written beside `target` by an earlier run and gone since, with
    /// nothing to settle now: its entry goes, so that a later change by hand is not
    /// taken for a choice made then.
    fn forget_gone_beside(&self, target: &Path) {
        let new = beside(target);
        let name = file_name(&new);
        if self.manifest.get(&name).is_some() && std::fs::symlink_metadata(&new).is_err() {
            self.files.lock().unwrap().forget(&name);
        }
    }

    /// Put the manifest in place, one line per file.
    pub(super) fn finish(self) -> Result<()> {
        self.files.into_inner().unwrap().finish(&self.manifest)
    }

    /// Carry out `plan` for `target`: write, leave, replace, or keep a person's file and
    /// put the new version beside it (`--force`: move theirs to a backup first).
    pub(super) fn put(
        &self,
        pf: &PairFiles,
        target: &Path,
        plan: &Plan,
        bytes: &[u8],
    ) -> Result<Put> {
        let force = self.force;
        let (dest, kind, note) = match plan {
            Plan::UpToDate if !force => {
                return Ok(Put {
                    holder: target.to_path_buf(),
                    kind: Plan::UpToDate,
                    note: None,
                })
            }
            Plan::Keep(why) if force => {
                let to = back_up(target)?;
                let note = format!(
                    "note: moved {} to {} ({why}); the new version is in its place\n",
                    crate::error::shown(target),
                    crate::error::shown(&to)
                );
                (target.to_path_buf(), Plan::Replace, Some(note))
            }
            Plan::Keep(why) => self.keep_beside(pf, target, why)?,
            Plan::New => (target.to_path_buf(), Plan::New, None),
            _ => (target.to_path_buf(), Plan::Replace, None),
        };
        timings::time(Stage::Write, || -> Result<()> {
            self.create()?;
            write_atomic(&dest, bytes)?;
            let entry = Entry::written(&pf.identity, &pf.source, bytes);
            self.files
                .lock()
                .unwrap()
                .record_entry(file_name(&dest), entry)
        })?;
        if dest == target {
            self.drop_beside(target);
        }
        Ok(Put {
            holder: dest,
            kind,
            note,
        })
    }

    /// Where the new version of a kept file goes, and what to tell the person.
    fn keep_beside(
        &self,
        pf: &PairFiles,
        target: &Path,
        why: &Conflict,
    ) -> Result<(PathBuf, Plan, Option<String>)> {
        let new = beside(target);
        // The new version from an earlier run may itself have been edited: keep that too.
        if let Plan::Keep(_) = plan(&self.manifest, &new, &pf.identity, &pf.source) {
            back_up(&new)?;
        }
        let note = format!(
            "warning: kept {}: {why}; the new version is {}. To take the new version, move it over {}; to keep yours, delete {}; either way mentorpact remembers it at the next render. Or run again with --force to move {} to a backup and put the new version in its place\n",
            crate::error::shown(target),
            crate::error::shown(&new),
            file_name(target),
            file_name(&new),
            file_name(target),
        );
        Ok((new, Plan::Keep(why.clone()), Some(note)))
    }

    /// Once a file is current, the new version an earlier run left beside it goes, if it
    /// is still as written.
    fn drop_beside(&self, target: &Path) {
        let new = beside(target);
        let name = file_name(&new);
        if self.manifest.get(&name).is_some_and(|e| e.untouched(&new))
            && std::fs::remove_file(&new).is_ok()
        {
            self.files.lock().unwrap().forget(&name);
        }
    }

    /// Files the manifest knows of pairs this run did not see: listed, and with `--prune`
    /// removed when they are the tool's own, untouched.
    pub(super) fn leftovers(&self, held: &HashSet<u64>, shown: usize) -> Result<Leftovers> {
        let mut pairs = HashSet::new();
        let mut left_over = Leftovers::default();
        let mut files = self.files.lock().unwrap();
        let mut left: Vec<(&str, &str)> = self
            .manifest
            .iter()
            .filter(|(n, e)| !e.identity.is_empty() && !held.contains(&name_hash(n)))
            .map(|(n, e)| (n, e.identity.as_str()))
            .filter(|(n, _)| !files.wrote(n) && self.dir.join(n).exists())
            .collect();
        left.sort_unstable();
        for (name, identity) in left {
            let path = self.dir.join(name);
            let own = self.manifest.get(name).is_some_and(|e| e.untouched(&path));
            if self.prune && own {
                std::fs::remove_file(&path).map_err(|e| Error::write(&path, e))?;
                files.forget(name);
                left_over.pruned += 1;
                continue;
            }
            pairs.insert(identity);
            if left_over.left.len() < shown {
                let note = if own { "" } else { " (changed by hand)" };
                left_over.left.push(format!("{name}{note}"));
            }
        }
        left_over.left_pairs = pairs.len();
        Ok(left_over)
    }
}

/// Where a pair's files stand after the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairState {
    /// Every file written for the first time.
    New,
    /// Some files replaced with a newer version (the rest were current).
    Updated,
    /// Nothing to do.
    UpToDate,
    /// A file changed by hand (or not the tool's) was kept; its new version is beside it.
    Kept,
}

impl PairState {
    pub(super) fn status(self) -> &'static str {
        match self {
            PairState::New => "new",
            PairState::Updated => "updated",
            PairState::UpToDate => "up to date",
            PairState::Kept => "kept",
        }
    }
}

/// A pair's output files and what decides whether they are current.
pub(super) struct PairFiles {
    pub(super) identity: String,
    pub(super) source: String,
    pub(super) targets: Vec<PathBuf>,
}

/// What happened to one file.
pub(super) struct Put {
    /// The file that now holds this agreement: the target, or the new version beside a
    /// kept one.
    holder: PathBuf,
    kind: Plan,
    /// A message for the person running, if any.
    pub(super) note: Option<String>,
}

/// What happened to a pair's files, gathered.
#[derive(Default)]
pub(super) struct Written {
    pub(super) files: Vec<PathBuf>,
    new: usize,
    replaced: usize,
    kept: usize,
    pub(super) reasons: Vec<String>,
}

impl Written {
    pub(super) fn add(&mut self, target: &Path, put: Put) {
        match &put.kind {
            Plan::New => self.new += 1,
            Plan::Replace => self.replaced += 1,
            Plan::UpToDate | Plan::Adopt(_) => {}
            Plan::Keep(why) => {
                self.kept += 1;
                self.reasons
                    .push(format!("{} kept: {why}", file_name(target)));
            }
        }
        self.files.push(put.holder);
    }

    pub(super) fn state(&self, files: usize) -> PairState {
        if self.kept > 0 {
            PairState::Kept
        } else if self.new == files {
            PairState::New
        } else if self.new + self.replaced == 0 {
            PairState::UpToDate
        } else {
            PairState::Updated
        }
    }
}

pub(super) fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || crate::error::shown(p).to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
