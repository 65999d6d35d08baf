//! A cohort as `render` reads it: cut at its `[[pairs]]` headers (`split`), then its
//! pairs taken a window at a time. A file over [`HOLD`] bytes is read once, a line at
//! a time, to find the pairs, keeping only the text that is not pairs; each window is
//! read back from the file when its turn comes. However many pairs a cohort has,
//! memory holds one window of its text, not the whole file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::roster::origin::Origin;
use super::split::{swallowed, swallows, Parts, Rest, Splitter};
use super::Document;
use crate::error::{Diagnostic, Problem};

/// Files up to this size are read whole.
pub(super) const HOLD: u64 = 1 << 20;

/// A file given to `render`.
pub(crate) enum Source {
    /// An agreement, or a cohort without `[[pairs]]` headers: read whole.
    Whole(Document),
    /// A cohort with `[[pairs]]` headers.
    Pieces(Pieces),
}

/// A cohort whose pairs are taken a window at a time.
pub(crate) struct Pieces {
    pub(crate) path: PathBuf,
    /// Where each pair is in the file, and its line (the rest is in `rest`).
    parts: Parts,
    /// The text that is not pairs, read once; each window gets a copy (it is small).
    rest: Rest,
    text: Text,
    /// For a roster: which cell each line of the text came from.
    roster: Option<Arc<Origin>>,
}

/// Where a window's text comes from.
pub(super) enum Text {
    /// A small file, read whole.
    Held(String),
    /// A big one, read a window at a time.
    File(File),
}

/// Open `path` for `render` (a roster is opened by `roster::open`).
pub(super) fn open(path: &Path) -> Result<Source, Box<Diagnostic>> {
    crate::limits::admit(path)?;
    let whole = || Document::read(path).map(Source::Whole);
    // A folder, a missing file, a file that is not UTF-8: `Document::read` says so.
    let Some(size) = path
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
    else {
        return whole();
    };
    if size <= HOLD {
        let mut doc = Document::read(path)?;
        // The cut is kept: the agreement's `units` uses it.
        if doc.cut().is_none() {
            return Ok(Source::Whole(doc));
        }
        let parts = doc.cut.take().flatten().expect("cut above");
        return match Pieces::new(path, parts, Text::Held(doc.text), None)? {
            Some(pieces) => Ok(Source::Pieces(pieces)),
            None => whole(),
        };
    }
    let Ok(file) = File::open(path) else {
        return whole();
    };
    let mut reader = BufReader::with_capacity(1 << 16, &file);
    let mut splitter = Splitter::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => match std::str::from_utf8(&line) {
                Ok(l) => splitter.line(l),
                Err(_) => return whole(),
            },
            Err(_) => return whole(),
        }
    }
    drop(reader);
    match splitter.finish() {
        Some(parts) => match Pieces::new(path, parts, Text::File(file), None)? {
            Some(pieces) => Ok(Source::Pieces(pieces)),
            None => whole(),
        },
        None => whole(),
    }
}

impl Pieces {
    /// `None` when the text that is not pairs has `pairs = [ … ]` as well: then the
    /// file is parsed whole, and toml says what is wrong.
    pub(super) fn new(
        path: &Path,
        parts: Parts,
        text: Text,
        roster: Option<Arc<Origin>>,
    ) -> Result<Option<Pieces>, Box<Diagnostic>> {
        let changed = || changed(path);
        let mut stretches = Vec::new();
        for (r, &line) in parts.rest.iter().zip(&parts.rest_lines) {
            stretches.push((r.start, line, text.read(r).ok_or_else(changed)?));
        }
        let pieces = Pieces {
            path: path.to_path_buf(),
            rest: Rest::from_stretches(stretches.iter().map(|(at, l, t)| (*at, *l, t.as_str()))),
            parts,
            text,
            roster,
        };
        if pieces.rest.has_pairs() {
            return Ok(None);
        }
        // Only the last pair can have taken in the rest of the file: look before any
        // pair is rendered.
        let last = pieces.len() - 1;
        let doc = pieces.window(last..last + 1)?;
        let (range, line) = (&pieces.parts.pairs[last], pieces.parts.lines[last]);
        if let Err(e) = doc.parse_pair(range, line) {
            if swallows(&doc.text) {
                return Err(Box::new(swallowed(e).swap_remove(0)));
            }
        }
        Ok(Some(pieces))
    }

    pub(crate) fn len(&self) -> usize {
        self.parts.pairs.len()
    }

    /// Pairs `which` (by index), as a document holding their text and the rest.
    pub(crate) fn window(&self, which: Range<usize>) -> Result<Document, Box<Diagnostic>> {
        let before = which.start;
        let parts = self.parts.window(which);
        let (Some(first), Some(last), Some(&line)) =
            (parts.pairs.first(), parts.pairs.last(), parts.lines.first())
        else {
            return Err(changed(&self.path));
        };
        let text = self.text.read(&(first.start..last.end));
        Ok(Document {
            path: self.path.clone(),
            text: text.ok_or_else(|| changed(&self.path))?,
            at: (first.start, line),
            rest: std::sync::OnceLock::from(self.rest.clone()),
            window: Some((parts, before)),
            cut: std::sync::OnceLock::new(),
            seal: None,
            roster: self.roster.clone(),
        })
    }
}

impl Text {
    /// The file's text in `range`; `None` if it cannot be read as it was scanned.
    fn read(&self, range: &Range<usize>) -> Option<String> {
        let mut file = match self {
            Text::Held(text) => return text.get(range.clone()).map(str::to_string),
            Text::File(file) => file,
        };
        let mut buf = vec![0; range.len()];
        file.seek(SeekFrom::Start(range.start as u64)).ok()?;
        file.read_exact(&mut buf).ok()?;
        String::from_utf8(buf).ok()
    }
}

fn changed(path: &Path) -> Box<Diagnostic> {
    Box::new(Diagnostic::new(
        path,
        Problem::error(
            "",
            "changed while it was being read; run again when it is saved",
        ),
    ))
}

/// How many pairs of a cohort are held at once by the commands that read every pair
/// (`check`, `due`, `report`), as by `render`.
pub(crate) const WINDOW: usize = 256;

/// Each document of `path` in turn, its confirmations checked against `seal`: the file
/// whole if it is an agreement, else its pairs a [`WINDOW`] at a time, so memory stays
/// flat however big the cohort. `f` returns whether to go on; a problem outside the
/// pairs (the same for every window) stops the file after the first.
pub(crate) fn each_window(
    path: &Path,
    seal: Option<&std::sync::Arc<crate::model::Seal>>,
    mut f: impl FnMut(Result<Document, Vec<Diagnostic>>) -> crate::error::Result<bool>,
) -> crate::error::Result<()> {
    let seal = || seal.cloned();
    match super::open(path) {
        Err(d) => {
            f(Err(vec![*d]))?;
        }
        Ok(Source::Whole(doc)) => {
            f(Ok(doc.sealed(seal())))?;
        }
        Ok(Source::Pieces(cohort)) => {
            let mut from = 0;
            while from < cohort.len() {
                let to = (from + WINDOW).min(cohort.len());
                let doc = cohort.window(from..to).map_err(|d| vec![*d]);
                if !f(doc.map(|d| d.sealed(seal())))? {
                    break;
                }
                from = to;
            }
        }
    }
    Ok(())
}
