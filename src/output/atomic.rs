//! Atomic writes: every file is written to a temporary name in its own folder and
//! renamed into place, so a reader (or an interrupted run) only ever sees whole files.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(".tmp")
        .permissions(file_mode())
        .tempfile_in(dir)
        .map_err(|e| Error::write(path, e))?;
    tmp.write_all(bytes).map_err(|e| Error::write(path, e))?;
    tmp.persist(path).map_err(|e| Error::write(path, e.error))?;
    Ok(())
}

/// Replace the text of a file a person keeps (their answers) with `text`, as faithfully
/// as an editor would: through a symbolic link to the file it names (the link stays a
/// link), with the file's permissions (a private 0600 file stays private), and with
/// `was`'s byte-order mark and line endings. The write is atomic, of the target.
pub(crate) fn rewrite_in_place(path: &Path, text: &str, was: &str) -> Result<()> {
    let target = std::fs::canonicalize(path).map_err(|e| Error::write(path, e))?;
    let mode = std::fs::metadata(&target)
        .map_err(|e| Error::write(path, e))?
        .permissions();
    let bom = '\u{feff}';
    let body = text.strip_prefix(bom).unwrap_or(text);
    let crlf = was.matches("\r\n").count() * 2 > was.matches('\n').count();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    if was.starts_with(bom) {
        out.push(bom);
    }
    if crlf {
        for line in body.split_inclusive('\n') {
            match line.strip_suffix('\n') {
                Some(l) => {
                    out.push_str(l.strip_suffix('\r').unwrap_or(l));
                    out.push_str("\r\n");
                }
                None => out.push_str(line),
            }
        }
    } else {
        out.push_str(body);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(".tmp")
        .permissions(mode)
        .tempfile_in(dir)
        .map_err(|e| Error::write(path, e))?;
    tmp.write_all(out.as_bytes())
        .map_err(|e| Error::write(path, e))?;
    tmp.persist(&target)
        .map_err(|e| Error::write(path, e.error))?;
    Ok(())
}

/// A file written a piece at a time under a temporary name, renamed into place by
/// [`AtomicFile::commit`]; dropped without it, the temporary goes and nothing is left.
pub(crate) struct AtomicFile {
    path: std::path::PathBuf,
    out: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Start writing `path`; its folder must exist.
    pub(crate) fn create(path: &Path) -> Result<AtomicFile> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        let tmp = tempfile::Builder::new()
            .prefix(&temp_prefix())
            .suffix(".tmp")
            .permissions(file_mode())
            .tempfile_in(dir.unwrap_or(Path::new(".")))
            .map_err(|e| Error::write(path, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            out: std::io::BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    pub(crate) fn commit(self) -> Result<()> {
        let path = self.path;
        let tmp = self
            .out
            .into_inner()
            .map_err(|e| Error::write(&path, e.into_error()))?;
        tmp.persist(&path)
            .map_err(|e| Error::write(&path, e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// `.mentorpact-<pid>-`: the process id tells a later run whether the writer is gone.
fn temp_prefix() -> String {
    format!(".mentorpact-{}-", std::process::id())
}

/// Remove temporary files left in `dir` by a run that was killed (SIGKILL, a power cut):
/// those whose process is gone, or, where that cannot be told, older than ten minutes.
/// Returns how many were removed.
pub(crate) fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(".mentorpact-") else {
            continue;
        };
        if !name.ends_with(".tmp") {
            continue;
        }
        let pid: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
        let gone = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if Path::new("/proc/self").exists() => {
                !Path::new(&format!("/proc/{pid}")).exists()
            }
            _ => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 600),
        };
        if gone && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Ordinary file permissions (tempfile's default is owner-only); the umask still applies.
fn file_mode() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(".")
            .map(|m| m.permissions())
            .expect("current folder is readable")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_written_in_pieces_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("index.csv");
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"a,").unwrap();
        f.write_all(b"b\n").unwrap();
        assert!(!p.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"a,b\n");
        let mut g = AtomicFile::create(&p).unwrap();
        g.write_all(b"half").unwrap();
        drop(g);
        assert_eq!(std::fs::read(&p).unwrap(), b"a,b\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn temporaries_of_a_dead_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // No process has id 4294967: the run that wrote this is gone.
        let dead = dir.path().join(".mentorpact-4294967-abc.tmp");
        let ours = dir.path().join(format!("{}xyz.tmp", temp_prefix()));
        std::fs::write(&dead, b"half").unwrap();
        std::fs::write(&ours, b"being written").unwrap();
        assert_eq!(remove_stale_temporaries(dir.path()), 1);
        assert!(!dead.exists() && ours.exists());
    }
}
