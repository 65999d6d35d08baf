//! A cohort file cut at its table headers, so that each `[[pairs]]` (with its
//! sub-tables) is parsed from its own stretch of text when its turn comes. A cohort of
//! 100,000 pairs is then never one big tree in memory, only its text and one tree per
//! worker.
//!
//! The cut is made by a small scanner that knows where a line can start a table header:
//! outside strings (multi-line ones included) and outside arrays and inline tables.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{names_in, sorted, syntax_message, Body, Document, Unit};
use crate::error::{Diagnostic, Location, Problem};

/// Where the pairs are, and the rest (top-level keys, `[defaults]`).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Parts {
    pub(super) pairs: Vec<Range<usize>>,
    /// The line each pair starts on.
    pub(super) lines: Vec<usize>,
    pub(super) rest: Vec<Range<usize>>,
    /// The line each stretch of the rest starts on.
    pub(super) rest_lines: Vec<usize>,
}

impl Parts {
    /// Only the pairs `which` (by index), without the rest.
    pub(super) fn window(&self, which: Range<usize>) -> Parts {
        Parts {
            pairs: self.pairs[which.clone()].to_vec(),
            lines: self.lines[which].to_vec(),
            ..Parts::default()
        }
    }
}

/// The parts of `text`, or `None` when it has no `[[pairs]]` header (a cohort written
/// with `pairs = [ … ]`, or not a cohort): then it is parsed whole.
pub(super) fn split(text: &str) -> Option<Parts> {
    let mut s = Splitter::default();
    for line in text.split_inclusive('\n') {
        s.line(line);
    }
    s.finish()
}

/// [`split`] a line at a time, for a file read in pieces.
pub(super) struct Splitter {
    parts: Parts,
    line_no: usize,
    start_line: usize,
    /// What the segment being read belongs to: a pair, or the rest.
    in_pair: bool,
    start: usize,
    at: usize,
    scan: Scanner,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter {
            parts: Parts::default(),
            line_no: 1,
            start_line: 1,
            in_pair: false,
            start: 0,
            at: 0,
            scan: Scanner::default(),
        }
    }
}

impl Splitter {
    /// The next line of the file, with its `\n`.
    pub(super) fn line(&mut self, line: &str) {
        let header = self.scan.at_top() && line.trim_start().starts_with('[');
        if header {
            let (array, first, whole) = header_key(line.trim_start());
            let pair = first == "pairs";
            // `[[pairs]]` opens a pair; `[pairs.x]` and `[[pairs.goals]]` go on with it.
            let opens = pair && array && whole;
            let continues = pair && !opens && self.in_pair;
            if opens || !continues {
                close(
                    &mut self.parts,
                    self.in_pair,
                    self.start..self.at,
                    self.start_line,
                );
                self.start = self.at;
                self.start_line = self.line_no;
                self.in_pair = opens;
            }
        } else {
            self.scan.line(line);
        }
        self.at += line.len();
        self.line_no += 1;
    }

    pub(super) fn finish(mut self) -> Option<Parts> {
        close(
            &mut self.parts,
            self.in_pair,
            self.start..self.at,
            self.start_line,
        );
        (!self.parts.pairs.is_empty()).then_some(self.parts)
    }
}

fn close(parts: &mut Parts, pair: bool, r: Range<usize>, line: usize) {
    if r.is_empty() {
        return;
    }
    if pair {
        parts.pairs.push(r);
        parts.lines.push(line);
    } else if let Some(last) = parts.rest.last_mut().filter(|l| l.end == r.start) {
        last.end = r.end;
    } else {
        parts.rest.push(r);
        parts.rest_lines.push(line);
    }
}

/// A header's first key, and whether it is an array of tables and whether that key is
/// the whole of it: `[[pairs]]` → (true, "pairs", true).
fn header_key(line: &str) -> (bool, String, bool) {
    let array = line.starts_with("[[");
    let inner = line.trim_start_matches('[').trim_start();
    let (key, after) = match inner.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let body = &inner[1..];
            let end = body.find(q).unwrap_or(body.len());
            (body[..end].to_string(), body.get(end + 1..).unwrap_or(""))
        }
        _ => {
            let end = inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(inner.len());
            (inner[..end].to_string(), &inner[end..])
        }
    };
    (array, key, after.trim_start().starts_with(']'))
}

/// Where a line leaves us: inside a multi-line string, or how deep in brackets.
#[derive(Default)]
struct Scanner {
    multi: Option<&'static str>,
    depth: usize,
}

impl Scanner {
    fn at_top(&self) -> bool {
        self.multi.is_none() && self.depth == 0
    }

    fn line(&mut self, line: &str) {
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if let Some(close) = self.multi {
                match line[i..].find(close) {
                    // A basic string's `\"""` is an escaped quote, not the end.
                    Some(j) if close == "\"\"\"" && escaped(b, i + j) => i += j + 1,
                    Some(j) => {
                        i += j + 3;
                        // Up to two more quotes belong to the string.
                        while i < b.len() && b[i] == close.as_bytes()[0] {
                            i += 1;
                        }
                        self.multi = None;
                    }
                    None => return,
                }
                continue;
            }
            match b[i] {
                b'#' => return,
                b'"' | b'\'' if line[i..].starts_with("\"\"\"") || line[i..].starts_with("'''") => {
                    self.multi = Some(if b[i] == b'"' { "\"\"\"" } else { "'''" });
                    i += 3;
                }
                q @ (b'"' | b'\'') => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                b'[' | b'{' => {
                    self.depth += 1;
                    i += 1;
                }
                b']' | b'}' => {
                    self.depth = self.depth.saturating_sub(1);
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
}

/// Whether the byte at `at` follows an odd number of backslashes.
fn escaped(b: &[u8], at: usize) -> bool {
    b[..at].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// `v` with every span passed through `f` (from a part's own text to the file's).
pub(super) fn shift<'a>(
    v: Spanned<DeValue<'a>>,
    f: &impl Fn(usize) -> usize,
) -> Spanned<DeValue<'a>> {
    let span = v.span();
    let value = match v.into_inner() {
        DeValue::Table(t) => DeValue::Table(shift_table(t, f)),
        DeValue::Array(a) => DeValue::Array(a.into_iter().map(|x| shift(x, f)).collect()),
        other => other,
    };
    Spanned::new(f(span.start)..f(span.end), value)
}

pub(super) fn shift_table<'a>(t: DeTable<'a>, f: &impl Fn(usize) -> usize) -> DeTable<'a> {
    let mut out = DeTable::new();
    for (k, v) in t {
        let ks = k.span();
        out.insert(
            Spanned::new(f(ks.start)..f(ks.end), k.into_inner()),
            shift(v, f),
        );
    }
    out
}

/// Whether a pair that does not parse has taken in the rest of the file: an unclosed
/// string or bracket hides the headers after it, so the cut makes it the last pair,
/// holding `[[pairs]]` or `[defaults]` headers of its own. Then the whole file fails,
/// rather than the pairs after it being lost, or rendered without their defaults.
pub(super) fn swallows(pair: &str) -> bool {
    pair.lines().skip(1).any(|l| {
        let l = l.trim_start();
        let (array, key, whole) = header_key(l);
        l.starts_with('[') && ((array && key == "pairs" && whole) || key == "defaults")
    })
}

/// The problems of a pair that took in the rest of the file, as the file's.
pub(super) fn swallowed(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if let Some(d) = diags.first_mut() {
        d.problem.help.get_or_insert_with(|| {
            "an unclosed string or bracket in this pair takes in the rest of the file, so nothing after it can be read".into()
        });
    }
    diags
}

/// A cohort's text that is not pairs (top-level keys, `[defaults]`), its stretches one
/// after another, parsed as one tree whose spans are then moved back to the file's.
#[derive(Clone)]
pub(super) struct Rest {
    text: String,
    /// Each stretch: where it starts in `text`, in the file, and its line.
    stretches: Vec<(usize, usize, usize)>,
}

impl Rest {
    /// The stretches `ranges` (starting on `lines`) of a file's `text`.
    pub(super) fn from_text(text: &str, ranges: &[Range<usize>], lines: &[usize]) -> Rest {
        Rest::from_stretches(
            ranges
                .iter()
                .zip(lines)
                .map(|(r, &line)| (r.start, line, &text[r.clone()])),
        )
    }

    /// Stretches given as (file offset, line, text).
    pub(super) fn from_stretches<'t>(
        stretches: impl Iterator<Item = (usize, usize, &'t str)>,
    ) -> Rest {
        let mut rest = Rest {
            text: String::new(),
            stretches: Vec::new(),
        };
        for (at, line, text) in stretches {
            rest.stretches.push((rest.text.len(), at, line));
            rest.text.push_str(text);
        }
        rest
    }

    /// An offset in `text` as the file's.
    fn back(&self, x: usize) -> usize {
        let i = self
            .stretches
            .partition_point(|s| s.0 <= x)
            .saturating_sub(1);
        match self.stretches.get(i) {
            Some(&(own, file, _)) => file + (x - own),
            None => x,
        }
    }

    /// Where a span of the file (in one of the stretches) is.
    pub(super) fn locate(&self, span: Range<usize>) -> Option<Location> {
        let &(own, file, line) = self.stretches.iter().rev().find(|s| s.1 <= span.start)?;
        let local = span.start - file + own..span.end.max(span.start) - file + own;
        Some(Location::from_span_after(&self.text, local, (own, line)))
    }

    /// Whether the rest sets `pairs` itself (`pairs = [ … ]`).
    pub(super) fn has_pairs(&self) -> bool {
        let (root, _) = DeTable::parse_recoverable(&self.text);
        root.get_ref().contains_key("pairs")
    }
}

impl Document {
    /// A cohort cut into parts: the rest (top-level keys, `[defaults]`) parsed as one
    /// tree, each pair parsed once now for its syntax and names, and again when loaded.
    /// A pair whose text does not parse fails alone. `None` when the cut cannot stand
    /// for the file (it also has a `pairs = [ … ]`): then the whole file is parsed, and
    /// toml says what is wrong.
    pub(super) fn split_units(
        &self,
        parts: &Parts,
    ) -> Option<Result<Vec<Unit<'_>>, Vec<Diagnostic>>> {
        let (root, errors) = self.parse_rest(parts);
        if root.get_ref().contains_key("pairs") {
            return None;
        }
        if !errors.is_empty() {
            return Some(Err(sorted(errors)));
        }
        let mut chunks = Vec::with_capacity(parts.pairs.len());
        for (range, &line) in parts.pairs.iter().zip(&parts.lines) {
            let range = range.clone();
            match self.parse_pair(&range, line) {
                Ok(table) => {
                    let names = names_in(table.get_ref(), None);
                    chunks.push((Body::Text(range, line), names));
                }
                Err(e) if self.window.is_none() && swallows(self.slice(&range)) => {
                    return Some(Err(swallowed(e)));
                }
                Err(e) => chunks.push((Body::Broken(e), (None, None))),
            }
        }
        Some(self.cohort_units(root, Some(chunks)))
    }

    /// The parts of a cohort that are not pairs, as one tree with the file's spans.
    pub(super) fn parse_rest(&self, parts: &Parts) -> (Spanned<DeTable<'_>>, Vec<Diagnostic>) {
        let syntax = |errors: Vec<toml::de::Error>, f: &dyn Fn(usize) -> usize| {
            errors
                .iter()
                .map(|e| {
                    let span = e.span().map(|s| f(s.start)..f(s.end));
                    self.diag(Problem::error("", syntax_message(e.message())), span)
                })
                .collect::<Vec<_>>()
        };
        let whole = self.window.is_none();
        match parts.rest.as_slice() {
            // The usual layout, [defaults] then the pairs: parse it where it stands.
            [] if whole => (Spanned::new(0..0, DeTable::new()), Vec::new()),
            [r] if whole && r.start == 0 => {
                let (root, errors) = DeTable::parse_recoverable(&self.text[r.clone()]);
                (root, syntax(errors, &|x| x))
            }
            _ => {
                let rest = self
                    .rest
                    .get_or_init(|| Rest::from_text(&self.text, &parts.rest, &parts.rest_lines));
                let back = |x| rest.back(x);
                let (root, errors) = DeTable::parse_recoverable(&rest.text);
                let diags = syntax(errors, &back);
                let span = root.span();
                let table = shift_table(root.into_inner(), &back);
                (Spanned::new(back(span.start)..back(span.end), table), diags)
            }
        }
    }

    /// A pair's own table, from its stretch of text, with the file's spans.
    pub(super) fn parse_pair(
        &self,
        range: &Range<usize>,
        line: usize,
    ) -> Result<Spanned<DeTable<'_>>, Vec<Diagnostic>> {
        let at = range.start;
        let (root, errors) = DeTable::parse_recoverable(self.slice(range));
        if !errors.is_empty() {
            return Err(errors
                .iter()
                .map(|e| {
                    let span = e.span().map(|s| s.start + at..s.end + at);
                    let problem = Problem::error("", syntax_message(e.message()));
                    self.diag_after(problem, span, (at, line))
                })
                .collect());
        }
        let pair = root
            .into_inner()
            .into_iter()
            .find(|(k, _)| k.get_ref() == "pairs")
            .and_then(|(_, v)| match v.into_inner() {
                DeValue::Array(a) => a.into_iter().next(),
                _ => None,
            })
            .map(|p| shift(p, &|x| x + at));
        match pair.map(|p| (p.span(), p.into_inner())) {
            Some((span, DeValue::Table(t))) => Ok(Spanned::new(span, t)),
            _ => Err(vec![self.diag(
                Problem::error("pairs", "a [[pairs]] table could not be read"),
                Some(at..at + 1),
            )]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<&str> {
        split(text)
            .unwrap()
            .pairs
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn each_pair_keeps_its_sub_tables() {
        let text = "[defaults]\nx = 1\n[[pairs]]\na = 1\n[pairs.mentor]\nname = \"M\"\n[[pairs.goals]]\nd = 1\n[[ pairs ]]\na = 2\n[defaults.meetings]\ny = 2\n";
        assert_eq!(
            pairs(text),
            [
                "[[pairs]]\na = 1\n[pairs.mentor]\nname = \"M\"\n[[pairs.goals]]\nd = 1\n",
                "[[ pairs ]]\na = 2\n"
            ]
        );
        let parts = split(text).unwrap();
        let rest: Vec<&str> = parts.rest.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            rest,
            ["[defaults]\nx = 1\n", "[defaults.meetings]\ny = 2\n"]
        );
    }

    #[test]
    fn headers_inside_strings_and_arrays_are_not_headers() {
        let text = "[[pairs]]\nnote = \"\"\"\n[[pairs]]\n\"\"\"\nlist = [\n[1, 2],\n]\nq = '[[pairs]]' # [[pairs]]\n[[\"pairs\"]]\na = 1\n";
        assert_eq!(pairs(text).len(), 2);
        assert!(pairs(text)[0].contains("q = '[[pairs]]'"));
    }

    #[test]
    fn inline_pairs_are_parsed_whole() {
        assert!(split("pairs = [{ a = 1 }]\n").is_none());
        assert!(split("[mentor]\nname = \"A\"\n").is_none());
    }
}
