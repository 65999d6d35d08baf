//! Delimited rosters (`.csv`, `.tsv`, Excel's "Unicode text" `.txt`), read a record at
//! a time. The encoding is the byte-order mark's (UTF-8, UTF-16 either order), else
//! UTF-8 when the bytes are UTF-8, else Windows-1252 (what Excel's plain "CSV" is in
//! Western Europe), unless `--encoding` or `roster.encoding` says; the separator is
//! sniffed from the header line (`,` `;` or tab; Excel's `sep=;` first line is obeyed),
//! unless `--delimiter` or `roster.delimiter` says. Quoted fields may hold new lines.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use encoding_rs::{Decoder, Encoding, UTF_8, WINDOWS_1252};

use super::cells::Cell;
use super::origin::{delimiter, Flags, Row, Sink};
use super::settings::Settings;
use crate::error::{Diagnostic, Problem};

/// Every record of the roster, in order, to `f`, until it says stop.
pub(super) fn rows(
    settings: &Settings,
    flags: &Flags,
    f: &mut dyn Sink,
) -> Result<(), Box<Diagnostic>> {
    let path = &settings.file;
    let fail = |e: std::io::Error| {
        Box::new(settings.problem_at_file(Problem::error(
            "",
            format!("cannot read {}: {e}", crate::error::shown(path)),
        )))
    };
    let encoding = match flags.encoding.or(settings.encoding) {
        Some(e) => e,
        None => sniff_encoding(path).map_err(fail)?,
    };
    let file = File::open(path).map_err(fail)?;
    let mut text = BufReader::with_capacity(1 << 16, Decode::new(file, encoding));
    let mut first = Vec::new();
    text.read_until(b'\n', &mut first).map_err(fail)?;
    // Excel's hint line, `sep=;`, says the separator and is not a row.
    let first_line = String::from_utf8_lossy(&first).trim().to_string();
    let (hinted, skipped) = match first_line.strip_prefix("sep=").and_then(delimiter) {
        Some(d) => (Some(d), 1),
        None => (None, 0),
    };
    let by_name = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("tsv"))
        .then_some(b'\t');
    let delim = flags
        .delimiter
        .or(settings.delimiter)
        .or(hinted)
        .unwrap_or_else(|| sniff_delimiter(&first_line, by_name));
    let head: Box<dyn Read> = if skipped == 1 {
        Box::new(std::io::empty())
    } else {
        Box::new(std::io::Cursor::new(first))
    };
    let lines = Rc::new(RefCell::new(Lines::default()));
    let counted = Counted {
        inner: head.chain(text),
        lines: lines.clone(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(counted);
    let mut record = csv::StringRecord::new();
    let line_of = |p: Option<&csv::Position>| lines.borrow_mut().line_at(p.map_or(0, |p| p.byte()));
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => {
                let line = line_of(e.position());
                return Err(Box::new(Diagnostic::new(
                    path,
                    Problem::error(
                        "",
                        format!("line {}: cannot be read as CSV: {e}", line + skipped),
                    ),
                )));
            }
        }
        let at = line_of(record.position()) + skipped;
        let cells = record
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(i, c)| (i as u32, Cell::Text(c.to_string())))
            .collect();
        let row = Row {
            at: at as u32,
            cells,
            merged: Vec::new(),
        };
        if !f.row(row) {
            return Ok(());
        }
    }
}

/// The byte-order mark's encoding; else UTF-8 if every byte is, else Windows-1252.
fn sniff_encoding(path: &std::path::Path) -> std::io::Result<&'static Encoding> {
    let mut file = File::open(path)?;
    let mut buf = vec![0; 1 << 16];
    let mut carry = 0;
    let mut start = true;
    loop {
        let n = file.read(&mut buf[carry..])?;
        let len = carry + n;
        if start {
            start = false;
            if let Some((e, _)) = Encoding::for_bom(&buf[..len]) {
                return Ok(e);
            }
        }
        if n == 0 {
            return Ok(if carry == 0 { UTF_8 } else { WINDOWS_1252 });
        }
        match std::str::from_utf8(&buf[..len]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..len, 0);
                carry = len - valid;
            }
            Err(_) => return Ok(WINDOWS_1252),
        }
    }
}

/// The separator the header line uses most, outside quotes: `,` `;` or tab.
fn sniff_delimiter(line: &str, by_name: Option<u8>) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in &mut counts {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    let best = counts.iter().max_by_key(|c| c.1).expect("three");
    match (best.1, by_name) {
        (0, Some(d)) => d,
        (0, None) => b',',
        _ => by_name
            .filter(|d| counts.iter().any(|c| c.0 == *d && c.1 == best.1))
            .unwrap_or(best.0),
    }
}

/// Where the lines of the text the CSV reader reads end. The csv crate's own line
/// count misses new lines inside quoted cells, so a row's line is counted here, from
/// the byte its record starts at: the new lines before it, and the empty lines the
/// reader skips at its start. Only the new lines the reader has read ahead are kept.
#[derive(Default)]
struct Lines {
    /// Bytes read so far.
    read: u64,
    /// Bytes other than `\r` on the line being read.
    on_line: u64,
    /// New lines not yet passed: their offset, and whether their line was empty.
    ends: VecDeque<(u64, bool)>,
    /// New lines before the last byte asked about.
    passed: u64,
}

impl Lines {
    fn saw(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => {
                    self.ends
                        .push_back((self.read + i as u64, self.on_line == 0));
                    self.on_line = 0;
                }
                b'\r' => {}
                _ => self.on_line += 1,
            }
        }
        self.read += bytes.len() as u64;
    }

    /// The line (1-based) of the record starting at byte `at`: past a new line there
    /// (the reader ends a record at the `\r` of `\r\n`, so the next one starts at
    /// its `\n`) and past the empty lines the reader skips. Asked for in increasing order.
    fn line_at(&mut self, mut at: u64) -> u64 {
        while let Some(&(end, empty)) = self.ends.front() {
            if end > at && !empty {
                break;
            }
            self.ends.pop_front();
            self.passed += 1;
            at = at.max(end + 1);
        }
        self.passed + 1
    }
}

/// A reader that tells [`Lines`] what it reads.
struct Counted<R> {
    inner: R,
    lines: Rc<RefCell<Lines>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.lines.borrow_mut().saw(&buf[..n]);
        Ok(n)
    }
}

/// Bytes in `encoding` read as UTF-8, a buffer at a time, without its byte-order mark.
struct Decode<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    done: bool,
}

impl<R: Read> Decode<R> {
    fn new(inner: R, encoding: &'static Encoding) -> Self {
        Decode {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; 1 << 16],
            start: 0,
            end: 0,
            eof: false,
            output: vec![0; 3 * (1 << 16) + 16],
            out_start: 0,
            out_end: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Decode<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = buf.len().min(self.out_end - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.start = 0;
                self.end = n;
                self.eof = n == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.start..self.end],
                &mut self.output,
                self.eof,
            );
            self.start += read;
            self.out_start = 0;
            self.out_end = written;
            if self.eof && result == encoding_rs::CoderResult::InputEmpty {
                self.done = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_sniffed_from_the_header_line() {
        assert_eq!(
            sniff_delimiter("mentor.name;mentee.name;\"a,b\"", None),
            b';'
        );
        assert_eq!(sniff_delimiter("a\tb\tc", None), b'\t');
        assert_eq!(sniff_delimiter("a,b", None), b',');
        assert_eq!(sniff_delimiter("single", Some(b'\t')), b'\t');
    }

    #[test]
    fn a_record_is_at_the_line_it_starts_on() {
        let text = "h1,h2\r\n\"a\r\nb\",x\r\n\r\n\nc,d\r\n\"e\n\nf\",g\nlast,row";
        let lines = Rc::new(RefCell::new(Lines::default()));
        let counted = Counted {
            inner: text.as_bytes(),
            lines: lines.clone(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .buffer_capacity(4)
            .from_reader(counted);
        let mut record = csv::StringRecord::new();
        let mut at = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let byte = record.position().unwrap().byte();
            at.push((record[0].to_string(), lines.borrow_mut().line_at(byte)));
        }
        let want = [
            ("h1", 1),
            ("a\r\nb", 2),
            ("c", 6),
            ("e\n\nf", 7),
            ("last", 10),
        ];
        let want: Vec<(String, u64)> = want.iter().map(|(s, l)| (s.to_string(), *l)).collect();
        assert_eq!(at, want);
    }

    #[test]
    fn text_in_any_encoding_reads_as_utf8() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Zoë\tÓ".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let mut s = String::new();
        Decode::new(&utf16[..], encoding_rs::UTF_16LE)
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "Zoë\tÓ");
        let mut s = String::new();
        Decode::new(&b"Zo\xEB"[..], WINDOWS_1252)
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "Zoë");
    }
}
