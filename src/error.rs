//! One error type for the whole tool, and diagnostics that point into the user's file.
//!
//! Every problem with user input becomes a [`Diagnostic`]: the file, the line and column,
//! the key, a message and an optional hint, printed with the offending source line and a
//! caret under it. Errors that are not about one place in a file (a folder we cannot
//! write to, a broken template) are the other variants of [`Error`].

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How a run ended, and the one place that gives each ending its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// A file could not be written; an internal error.
    Failure,
    /// Bad TOML or values, a missing or unreadable file, a broken template, a bad option.
    Invalid,
    /// Ctrl-C or SIGTERM; the files written so far are whole.
    Interrupted,
    /// `render` read every pair but left some files not current: files changed by hand
    /// were kept, with the new versions beside them.
    NotCurrent,
}

impl Exit {
    pub fn code(self) -> i32 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Invalid => 2,
            Exit::Interrupted => 130,
            Exit::NotCurrent => 3,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in input files; each diagnostic names its file.
    #[error("{}", render_all(.0))]
    Invalid(Vec<Diagnostic>),

    #[error("template {name}: {message}")]
    Template { name: String, message: String },

    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{0}")]
    Usage(String),

    #[error("PDF: {0}")]
    Pdf(String),

    /// The user stopped the run (Ctrl-C, a closed terminal).
    #[error("{message}")]
    Interrupted { message: String },
}

impl Error {
    pub(crate) fn exit(&self) -> Exit {
        match self {
            Error::Invalid(_) | Error::Template { .. } | Error::Usage(_) => Exit::Invalid,
            Error::Write { .. } | Error::Pdf(_) => Exit::Failure,
            Error::Interrupted { .. } => Exit::Interrupted,
        }
    }

    pub(crate) fn write(path: &Path, source: std::io::Error) -> Self {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// A problem found in the user's input, tied to a key and (where known) a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted key path, e.g. `meetings.frequency` or `goals[2].description`.
    pub(crate) key: String,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    pub(crate) severity: Severity,
}

impl Problem {
    pub(crate) fn error(key: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            key: key.into(),
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    pub(crate) fn warning(key: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(key, message)
        }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A [`Problem`] placed in a file: what the user sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) file: PathBuf,
    /// For cohort files: "pair 3 (Zoë Ó'Brien and Grace Hopper)".
    pub(crate) context: Option<String>,
    pub(crate) problem: Problem,
    pub(crate) location: Option<Location>,
}

/// Line and column (1-based) plus the source line, for the caret snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) source_line: String,
    pub(crate) width: usize,
    /// For a roster: where the cell is, in words, shown after the file name instead of
    /// `:line:column` (`: sheet 2027, cell C7`, `:8: column "Mentor Email Address"`).
    pub(crate) place: Option<String>,
}

impl Location {
    /// Turn a byte span in `source` into a line/column and the text of that line.
    pub(crate) fn from_span(source: &str, span: Range<usize>) -> Self {
        Location::from_span_after(source, span, (0, 1))
    }

    /// The same, counting lines from `known` (a byte offset at the start of a line, and
    /// that line's number) when the span is after it: in a cohort of 100,000 pairs, a
    /// pair's problem need not count the lines of all the pairs before it.
    pub(crate) fn from_span_after(source: &str, span: Range<usize>, known: (usize, usize)) -> Self {
        let floor = |mut i: usize| {
            i = i.min(source.len());
            while !source.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let (base, base_line) = if known.0 <= start { known } else { (0, 1) };
        let line = source[base..start].matches('\n').count() + base_line;
        let column = source[line_start..start].chars().count() + 1;
        let end = floor(span.end.max(span.start + 1)).clamp(start, line_end);
        let end = if end == start {
            source[start..line_end]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8())
        } else {
            end
        };
        let width = source[start..end].chars().count().max(1);
        Location {
            line,
            column,
            source_line: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            width,
            place: None,
        }
    }
}

impl Diagnostic {
    pub fn new(file: &Path, problem: Problem) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            context: None,
            problem,
            location: None,
        }
    }

    pub(crate) fn at(mut self, source: &str, span: Option<Range<usize>>) -> Self {
        self.location = span.map(|s| Location::from_span(source, s));
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.problem.is_error()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.problem;
        let label = match p.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: ")?;
        if !p.key.is_empty() {
            write!(f, "`{}`: ", p.key)?;
        }
        writeln!(f, "{}", inert(&p.message))?;
        let place = match &self.location {
            Some(Location { place: Some(p), .. }) => format!("{}{p}", shown(&self.file)),
            Some(l) => format!("{}:{}:{}", shown(&self.file), l.line, l.column),
            None => shown(&self.file),
        };
        match &self.context {
            Some(c) => writeln!(f, "  --> {place} ({})", inert(c))?,
            None => writeln!(f, "  --> {place}")?,
        }
        // A roster's row as a whole has no one value to show.
        if let Some(l) = self
            .location
            .as_ref()
            .filter(|l| l.place.is_none() || !l.source_line.is_empty())
        {
            let num = l.line.to_string();
            let pad = " ".repeat(num.len());
            // A roster's snippet is the cell's value alone: the caret starts under it.
            let column = if l.place.is_some() { 1 } else { l.column };
            let (shown, column) = snippet(&l.source_line, column);
            let indent: String = shown
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {shown}")?;
            writeln!(
                f,
                "{pad} | {indent}{}",
                "^".repeat(l.width.min(SNIPPET_WIDTH))
            )?;
        }
        if let Some(h) = &p.help {
            writeln!(f, "  = help: {h}")?;
        }
        Ok(())
    }
}

/// Text from the user's file, safe to print: control characters become '?'.
pub(crate) fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(hides) {
        s.chars()
            .map(|c| {
                if hides(c) {
                    format!("\\u{{{:X}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// Characters a terminal acts on or that reorder what it shows: control characters
/// (escape sequences, bells) and the bidirectional marks, overrides and isolates.
fn hides(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A path as printed: what [`inert`] makes of it.
pub(crate) fn shown(p: &std::path::Path) -> String {
    inert(&p.display().to_string()).into_owned()
}

/// The most of a source line a snippet shows: a 200 KB line is cut around the place.
const SNIPPET_WIDTH: usize = 100;

/// The source line as shown: control characters (escape sequences, bells) made
/// visible as '?' so nothing raw reaches the terminal, and a long line cut to a window
/// around `column`, marked with "…". Returns the text and the caret's column in it.
fn snippet(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if hides(c) && c != '\t' { '?' } else { c })
        .collect();
    if chars.len() <= SNIPPET_WIDTH {
        return (chars.into_iter().collect(), column);
    }
    let start = column
        .saturating_sub(SNIPPET_WIDTH / 2)
        .min(chars.len() - SNIPPET_WIDTH);
    let end = start + SNIPPET_WIDTH;
    let mut out = String::new();
    let mut col = column - start;
    if start > 0 {
        out.push('…');
        col += 1;
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    (out, col)
}

fn render_all(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    out.push_str(&format!(
        "{errors} problem{} found",
        if errors == 1 { "" } else { "s" }
    ));
    out
}

/// "did you mean `frequency`?" for a near miss among `candidates`.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `s` as one word of a shell command, quoted only when it needs to be, so that a
/// command printed as a fix works when pasted.
pub(crate) fn shell_word(s: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./=:@+,%".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_points_at_the_key() {
        let src = "title = \"x\"\n[meetings]\nfrequncy = \"monthly\"\n";
        let start = src.find("frequncy").unwrap();
        let loc = Location::from_span(src, start..start + 8);
        assert_eq!((loc.line, loc.column, loc.width), (3, 1, 8));
        assert_eq!(loc.source_line, "frequncy = \"monthly\"");
    }

    #[test]
    fn spans_inside_a_character_do_not_panic() {
        let src = "title = \"caf\u{FFFD}\"\n";
        let loc = Location::from_span(src, 13..14);
        assert_eq!((loc.line, loc.column, loc.width), (1, 13, 1));
    }

    #[test]
    fn snippets_are_short_and_inert() {
        let long = format!("title = \"{}\"", "x".repeat(200_000));
        let (shown, col) = snippet(&long, 100_000);
        assert!(
            shown.chars().count() <= SNIPPET_WIDTH + 2,
            "{}",
            shown.len()
        );
        assert_eq!(shown.chars().nth(col - 1), Some('x'));
        assert_eq!(snippet("a\u{1b}[31mb\u{7}", 1).0, "a?[31mb?");
    }

    #[test]
    fn suggestion_for_a_typo() {
        let keys = ["frequency", "length_minutes", "format"];
        assert_eq!(did_you_mean("frequncy", keys), Some("frequency"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
