//! What a run does with each output file, decided from the manifest without making
//! the file: write it (new), leave it (up to date), replace it (the tool's own file,
//! made from an older source), or keep it and write the new version beside it (changed
//! by hand, or not the tool's). Nothing a person changed is ever overwritten: with
//! `--force` it is first moved to a backup.

use std::path::{Path, PathBuf};

use super::manifest::{sha256_of, Entry, Manifest};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    New,
    UpToDate,
    Replace,
    Keep(Conflict),
    /// Current by a person's choice after a conflict: the new version moved into place,
    /// or their own file kept by deleting the new version. Nothing to write; the
    /// manifest records the file as this entry.
    Adopt(Entry),
}

/// Why an existing file is not the tool's to replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Conflict {
    /// mentorpact wrote it, and it has changed since.
    ChangedByHand,
    /// The manifest does not know it: someone else's file.
    NotOurs,
    /// The tool's file, but for the pair with this identity.
    OtherPair(String),
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Conflict::ChangedByHand => write!(f, "it was changed after mentorpact wrote it"),
            Conflict::NotOurs => write!(f, "mentorpact did not write it"),
            Conflict::OtherPair(who) => write!(f, "it holds the agreement of another pair ({who})"),
        }
    }
}

/// The plan for `path`, a file of the pair `identity` made from `source`.
pub(crate) fn plan(manifest: &Manifest, path: &Path, identity: &str, source: &str) -> Plan {
    // A dangling link is not a file to keep; writing replaces the link, not its target.
    if std::fs::symlink_metadata(path).is_err() {
        return Plan::New;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let entry = name.as_deref().and_then(|n| manifest.get(n));
    if let Some(e) = entry {
        let same_pair = e.identity == identity || e.identity.is_empty();
        // Left alone without reading it; a file of another size has been changed.
        if same_pair && e.source == source && !e.kept_by_person() && !e.resized(path) {
            return Plan::UpToDate;
        }
        if e.untouched(path) {
            return match (same_pair, e.source == source) {
                (true, true) => Plan::UpToDate,
                (true, false) => Plan::Replace,
                (false, _) => Plan::Keep(Conflict::OtherPair(e.identity.clone())),
            };
        }
    }
    // Not the tool's file as written: a person's. Did they settle an earlier conflict?
    let mine = sha256_of(path).unwrap_or_default();
    if let Some(e) = entry.filter(|e| e.kept_by_person() && e.sha256() == mine) {
        return if e.source == source {
            Plan::UpToDate
        } else {
            Plan::Keep(Conflict::ChangedByHand)
        };
    }
    if let Some(settled) = settled(manifest, path, identity, source, &mine) {
        return Plan::Adopt(settled);
    }
    match entry {
        Some(_) => Plan::Keep(Conflict::ChangedByHand),
        None => Plan::Keep(Conflict::NotOurs),
    }
}

/// After a conflict, the new version was written beside the person's file. If it is
/// gone now, they chose: moved into place (the file is the new version), or deleted
/// (theirs stays, kept on purpose until the agreement changes again).
fn settled(
    manifest: &Manifest,
    path: &Path,
    identity: &str,
    source: &str,
    mine: &str,
) -> Option<Entry> {
    let new = beside(path);
    let name = new.file_name()?.to_string_lossy().into_owned();
    let b = manifest.get(&name)?;
    if b.identity != identity || b.source != source || std::fs::symlink_metadata(&new).is_ok() {
        return None;
    }
    let size = std::fs::metadata(path).ok().map(|m| m.len());
    let bytes = if b.sha256() == mine {
        b.bytes.clone()
    } else {
        format!("kept:{mine}")
    };
    Some(Entry {
        identity: identity.into(),
        source: source.into(),
        bytes,
        size,
    })
}

/// The plan for a file `--force` writes again though it is up to date: it is replaced
/// only if it is still what mentorpact wrote; else it is kept (and so backed up).
pub(crate) fn forced(manifest: &Manifest, path: &Path, plan: Plan) -> Plan {
    if plan != Plan::UpToDate {
        return plan;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    match name.as_deref().and_then(|n| manifest.get(n)) {
        Some(e) if e.untouched(path) => Plan::Replace,
        _ => Plan::Keep(Conflict::ChangedByHand),
    }
}

/// Where the new version of a kept file goes: `name.new.pdf` beside `name.pdf`.
pub(crate) fn beside(path: &Path) -> PathBuf {
    with_tag(path, "new")
}

/// Move `path` out of the way to the first free `name.backup-N.pdf`, and say where.
pub(crate) fn back_up(path: &Path) -> Result<PathBuf> {
    let to = (1..)
        .map(|n| with_tag(path, &format!("backup-{n}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some number is free");
    std::fs::rename(path, &to).map_err(|e| Error::write(&to, e))?;
    Ok(to)
}

/// `dir/stem.TAG.ext`: the extension stays last, so the file still opens.
fn with_tag(path: &Path, tag: &str) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.{tag}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{tag}"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::manifest::ManifestWriter;

    #[test]
    fn each_file_gets_the_plan_its_history_calls_for() {
        let dir = tempfile::tempdir().unwrap();
        let f = |n: &str| dir.path().join(n);
        for (n, b) in [
            ("a.pdf", "A"),
            ("b.pdf", "B"),
            ("c.pdf", "C"),
            ("d.pdf", "D"),
        ] {
            std::fs::write(f(n), b).unwrap();
        }
        let mut w = ManifestWriter::lock(dir.path()).unwrap();
        w.record(&f("a.pdf"), "p", "s1", b"A").unwrap();
        w.record(&f("b.pdf"), "p", "s1", b"B").unwrap();
        w.record(&f("c.pdf"), "q", "s1", b"C").unwrap();
        drop(w);
        std::fs::write(f("b.pdf"), "B, signed by hand").unwrap();
        let m = Manifest::read(dir.path());
        assert_eq!(plan(&m, &f("a.pdf"), "p", "s1"), Plan::UpToDate);
        assert_eq!(plan(&m, &f("a.pdf"), "p", "s2"), Plan::Replace);
        assert_eq!(
            plan(&m, &f("b.pdf"), "p", "s2"),
            Plan::Keep(Conflict::ChangedByHand)
        );
        assert_eq!(
            plan(&m, &f("c.pdf"), "p", "s2"),
            Plan::Keep(Conflict::OtherPair("q".into()))
        );
        assert_eq!(
            plan(&m, &f("d.pdf"), "p", "s1"),
            Plan::Keep(Conflict::NotOurs)
        );
        assert_eq!(plan(&m, &f("e.pdf"), "p", "s1"), Plan::New);
    }

    #[test]
    fn backups_never_replace_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        std::fs::write(&a, "1").unwrap();
        assert_eq!(back_up(&a).unwrap(), dir.path().join("a.backup-1.pdf"));
        std::fs::write(&a, "2").unwrap();
        assert_eq!(back_up(&a).unwrap(), dir.path().join("a.backup-2.pdf"));
        assert_eq!(beside(&a), dir.path().join("a.new.pdf"));
    }
}
