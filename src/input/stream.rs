//! A cohort as `render` reads it: cut at its `[[pairs]]` headers (`split`), then its
//! pairs taken a window at a time. A file over [`HOLD`] bytes is read once, a line at
//! a time, to find the pairs, keeping only the text that is not pairs; each window is
//! read back from the file when its turn comes. However many pairs a cohort has,
//! memory holds one window of its text, not the whole file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::split::{split, swallowed, swallows, Parts, Rest, Splitter};
use super::Document;
use crate::error::{Diagnostic, Problem};

/// Files up to this size are read whole.
const HOLD: u64 = 1 << 20;

/// A file given to `render`.
pub enum Source {
    /// An agreement, or a cohort without `[[pairs]]` headers: read whole.
    Whole(Document),
    /// A cohort with `[[pairs]]` headers.
    Pieces(Pieces),
}

/// A cohort whose pairs are taken a window at a time.
pub struct Pieces {
    pub path: PathBuf,
    /// Each pair: where it is in the file, and its first line.
    pairs: Vec<(Range<usize>, usize)>,
    /// The text that is not pairs, by stretch: file offset, line, text. Each window
    /// gets a copy (it is small).
    rest: Vec<(usize, usize, String)>,
    text: Text,
}

/// Where a window's text comes from.
enum Text {
    /// A small file, read whole.
    Held(String),
    /// A big one, read a window at a time.
    File(File),
}

/// Open `path` for `render`.
pub fn open(path: &Path) -> Result<Source, Box<Diagnostic>> {
    let whole = || Document::read(path).map(Source::Whole);
    // A folder, a missing file, a file that is not UTF-8: `Document::read` says so.
    let Some(file) = File::open(path).ok().filter(|_| path.is_file()) else {
        return whole();
    };
    if file.metadata().is_ok_and(|m| m.len() <= HOLD) {
        let doc = Document::read(path)?;
        return Ok(match split(&doc.text) {
            Some(parts) => match Pieces::new(path, parts, Text::Held(doc.text))? {
                Some(pieces) => Source::Pieces(pieces),
                None => whole()?,
            },
            None => Source::Whole(doc),
        });
    }
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
        Some(parts) => match Pieces::new(path, parts, Text::File(file))? {
            Some(pieces) => Ok(Source::Pieces(pieces)),
            None => whole(),
        },
        None => whole(),
    }
}

impl Pieces {
    /// `None` when the text that is not pairs has `pairs = [ … ]` as well: then the
    /// file is parsed whole, and toml says what is wrong.
    fn new(path: &Path, parts: Parts, text: Text) -> Result<Option<Pieces>, Box<Diagnostic>> {
        let mut pieces = Pieces {
            path: path.to_path_buf(),
            pairs: parts.pairs.into_iter().zip(parts.lines).collect(),
            rest: Vec::new(),
            text,
        };
        for (r, line) in parts.rest.iter().zip(parts.rest_lines) {
            let text = pieces.read(r)?;
            pieces.rest.push((r.start, line, text));
        }
        if pieces.rest().has_pairs() {
            return Ok(None);
        }
        // Only the last pair can have taken in the rest of the file: look before any
        // pair is rendered.
        let last = pieces.pairs.len() - 1;
        let doc = pieces.window(last..last + 1)?;
        let (range, line) = &pieces.pairs[last];
        if let Err(e) = doc.parse_pair(range, *line) {
            if swallows(&doc.text) {
                return Err(Box::new(swallowed(e).swap_remove(0)));
            }
        }
        Ok(Some(pieces))
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    fn rest(&self) -> Rest {
        Rest::from_stretches(
            self.rest
                .iter()
                .map(|(at, line, t)| (*at, *line, t.as_str())),
        )
    }

    /// Pairs `which` (by index), as a document holding their text and the rest.
    pub fn window(&self, which: Range<usize>) -> Result<Document, Box<Diagnostic>> {
        let pairs_before = which.start;
        let pairs = self.pairs[which].to_vec();
        let (Some(first), Some(last)) = (pairs.first(), pairs.last()) else {
            return Err(self.changed());
        };
        Ok(Document {
            path: self.path.clone(),
            text: self.read(&(first.0.start..last.0.end))?,
            at: (first.0.start, first.1),
            rest: std::sync::OnceLock::from(self.rest()),
            window: Some(pairs),
            pairs_before,
        })
    }

    /// The file's text in `range`.
    fn read(&self, range: &Range<usize>) -> Result<String, Box<Diagnostic>> {
        let file = match &self.text {
            Text::Held(text) => return Ok(text[range.clone()].to_string()),
            Text::File(file) => file,
        };
        let mut buf = vec![0; range.len()];
        let mut file = file;
        file.seek(SeekFrom::Start(range.start as u64))
            .and_then(|_| file.read_exact(&mut buf))
            .map_err(|_| self.changed())?;
        String::from_utf8(buf).map_err(|_| self.changed())
    }

    fn changed(&self) -> Box<Diagnostic> {
        Box::new(Diagnostic::new(
            &self.path,
            Problem::error(
                "",
                "changed while it was being read; run again when it is saved",
            ),
        ))
    }
}
