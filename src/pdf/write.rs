//! The finished file: printpdf's objects (as lopdf holds them) and the objects we write
//! ourselves, serialized with a cross-reference table (ISO 32000-1, 7.5).
//!
//! Why not lopdf's own writer: it formats every number and name through `write!`, and
//! the structure tree alone is a few hundred objects a document. Building them as
//! lopdf dictionaries (a hashed map with an allocated key per entry) and writing them
//! that way was a third of the time of an agreement. The structure tree, outline and
//! the like are written straight to bytes here ([`Obj`]); the rest goes through
//! [`object`].

use crate::digest::{push_hex, UPPER};
use lopdf::{Object, StringFormat};

/// One object's body, written as it is built.
#[derive(Default)]
pub(super) struct Obj(pub(super) Vec<u8>);

impl Obj {
    pub(super) fn raw(&mut self, s: &str) -> &mut Self {
        self.0.extend_from_slice(s.as_bytes());
        self
    }

    /// `/Name` (our names are plain ASCII letters and digits).
    pub(super) fn name(&mut self, n: &str) -> &mut Self {
        self.0.push(b'/');
        self.raw(n)
    }

    pub(super) fn int(&mut self, v: i64) -> &mut Self {
        self.0.push(b' ');
        int(&mut self.0, v);
        self
    }

    /// ` N 0 R`
    pub(super) fn reference(&mut self, id: lopdf::ObjectId) -> &mut Self {
        self.int(id.0 as i64).raw(" 0 R")
    }

    pub(super) fn real(&mut self, v: f32) -> &mut Self {
        self.0.push(b' ');
        real(&mut self.0, v);
        self
    }

    /// A text string: UTF-16BE with a byte-order mark, in hex, reads the same everywhere.
    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        self.raw("<FEFF");
        for u in s.encode_utf16() {
            for b in u.to_be_bytes() {
                hex(&mut self.0, b);
            }
        }
        self.raw(">")
    }
}

/// Two hexadecimal digits for `b`.
fn hex(out: &mut Vec<u8>, b: u8) {
    push_hex(out, &[b], UPPER);
}

pub(super) fn int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    // Digits from the right end of a buffer, then pushed into room made once: through a
    // reversed iterator, or as a slice (a call to memcpy for two or three bytes), this
    // showed in profiles (every number of every page).
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut w = v.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (w % 10) as u8;
        w /= 10;
        if w == 0 {
            break;
        }
    }
    out.reserve(digits.len());
    for &d in &digits[at..] {
        out.push(d);
    }
}

/// A real number to four decimals, without trailing zeros.
fn real(out: &mut Vec<u8>, v: f32) {
    let scaled = (v as f64 * 10_000.0).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let a = scaled.unsigned_abs();
    int(out, (a / 10_000) as i64);
    let mut frac = a % 10_000;
    if frac != 0 {
        out.push(b'.');
        // Four digits, leading zeros kept, trailing ones dropped (no `to_string`: a
        // document writes thousands of these).
        let mut digits = [0u8; 4];
        for d in digits.iter_mut().rev() {
            *d = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        let len = 4 - digits.iter().rev().take_while(|&&d| d == b'0').count();
        out.extend_from_slice(&digits[..len]);
    }
}

/// Any lopdf object, as PDF syntax.
pub(super) fn object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => int(out, *i),
        Object::Real(r) => real(out, *r),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for &b in s {
                hex(out, b);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d, None),
        Object::Stream(s) => {
            dictionary(out, &s.dict, Some(s.content.len()));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            // The end-of-line before `endstream` is not counted in /Length. Compressed data
            // that happens to end in CR would make a lone LF read as CR LF, one byte of the
            // data taken for the marker (PDF/A checks this): then the marker is CR LF.
            let eol: &[u8] = if s.content.ends_with(b"\r") {
                b"\r\n"
            } else {
                b"\n"
            };
            out.extend_from_slice(eol);
            out.extend_from_slice(b"endstream");
        }
        Object::Reference((id, generation)) => {
            int(out, *id as i64);
            out.push(b' ');
            int(out, *generation as i64);
            out.extend_from_slice(b" R");
        }
    }
}

/// `<</Key value …>>`; a stream's dictionary gets its `/Length` from the content.
fn dictionary(out: &mut Vec<u8>, d: &lopdf::Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        if length.is_some() && k.as_slice() == b"Length" {
            continue;
        }
        name(out, k);
        out.push(b' ');
        object(out, v);
    }
    if let Some(len) = length {
        out.extend_from_slice(b"/Length ");
        int(out, len as i64);
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with `#xx` for bytes a name cannot hold as they are.
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.push(b'#');
            hex(out, b);
        }
    }
}

/// `at` as the ten digits, zero-padded, of a cross-reference entry (written by hand: a
/// `format!` for each of a document's hundreds of objects showed in profiles).
fn xref_offset(out: &mut Vec<u8>, at: usize) {
    let mut digits = *b"0000000000";
    let mut w = at;
    for d in digits.iter_mut().rev() {
        *d = b'0' + (w % 10) as u8;
        w /= 10;
    }
    out.extend_from_slice(&digits);
}

/// Room for the file: its streams and our bodies, and enough for every other object and
/// its cross-reference entry. A guess too small copies the whole file as it grows.
fn capacity(bodies: &[Option<Result<&Object, Obj>>]) -> usize {
    let held: usize = bodies
        .iter()
        .map(|b| match b {
            Some(Ok(Object::Stream(s))) => s.content.len(),
            Some(Err(raw)) => raw.0.len(),
            _ => 0,
        })
        .sum();
    held + 128 * bodies.len() + 1024
}

/// The whole file: lopdf's objects and `raw` ones (already serialized bodies), in
/// object-number order, then the cross-reference table and trailer.
pub(super) fn file(lo: &lopdf::Document, raw: Vec<(lopdf::ObjectId, Obj)>) -> Vec<u8> {
    let size = lo.max_id as usize + 1;
    let mut bodies: Vec<Option<Result<&Object, Obj>>> = (0..size).map(|_| None).collect();
    for (&(id, _), o) in &lo.objects {
        bodies[id as usize] = Some(Ok(o));
    }
    for ((id, _), o) in raw {
        bodies[id as usize] = Some(Err(o));
    }
    let mut out = Vec::with_capacity(capacity(&bodies));
    // The second line's high bytes mark the file as binary (PDF/A asks for it).
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(lo.version.as_bytes());
    out.extend_from_slice(b"\n%\xE2\xE3\xCF\xD3\n");
    let mut offsets = vec![None; size];
    for (id, body) in bodies.iter().enumerate() {
        let Some(body) = body else { continue };
        offsets[id] = Some(out.len());
        int(&mut out, id as i64);
        out.extend_from_slice(b" 0 obj\n");
        match body {
            Ok(o) => object(&mut out, o),
            Err(raw) => out.extend_from_slice(&raw.0),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 ");
    int(&mut out, size as i64);
    out.extend_from_slice(b"\n0000000000 65535 f \n");
    for offset in &offsets[1..] {
        match offset {
            Some(at) => {
                xref_offset(&mut out, *at);
                out.extend_from_slice(b" 00000 n \n");
            }
            None => out.extend_from_slice(b"0000000000 00000 f \n"),
        }
    }
    let mut trailer = lo.trailer.clone();
    trailer.set("Size", Object::Integer(size as i64));
    out.extend_from_slice(b"trailer\n");
    dictionary(&mut out, &trailer, None);
    out.extend_from_slice(b"\nstartxref\n");
    int(&mut out, xref as i64);
    out.extend_from_slice(b"\n%%EOF\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(o: Object) -> String {
        let mut out = Vec::new();
        object(&mut out, &o);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_names_and_strings_are_valid_syntax() {
        assert_eq!(show(Object::Real(595.28)), "595.28");
        assert_eq!(show(Object::Real(-0.05)), "-0.05");
        assert_eq!(show(Object::Real(12.0)), "12");
        assert_eq!(show(Object::Real(0.0001)), "0.0001");
        assert_eq!(show(Object::Real(3.05)), "3.05");
        assert_eq!(show(Object::Real(-10.5)), "-10.5");
        assert_eq!(show(Object::Integer(-42)), "-42");
        assert_eq!(show(Object::Integer(0)), "0");
        assert_eq!(show(Object::Integer(i64::MIN)), i64::MIN.to_string());
        assert_eq!(show(Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(
            show(Object::String(b"a(b)\\".to_vec(), StringFormat::Literal)),
            "(a\\(b\\)\\\\)"
        );
    }

    #[test]
    fn cross_reference_offsets_have_ten_digits() {
        for at in [0, 7, 1234, 9_999_999_999] {
            let mut out = Vec::new();
            xref_offset(&mut out, at);
            assert_eq!(out, format!("{at:010}").into_bytes());
        }
    }

    #[test]
    fn the_file_reads_back() {
        let mut lo = lopdf::Document::with_version("1.7");
        let pages = lo.new_object_id();
        let raw = lo.new_object_id();
        lo.objects.insert(
            pages,
            Object::Dictionary(lopdf::Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![])),
                ("Count", Object::Integer(0)),
            ])),
        );
        let catalog = lo.add_object(lopdf::Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
            ("Extra", Object::Reference(raw)),
        ]));
        lo.trailer.set("Root", Object::Reference(catalog));
        let mut o = Obj::default();
        o.raw("<<").name("Title").text("Zoë").raw(">>");
        let bytes = file(&lo, vec![(raw, o)]);
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        let extra = back.get_dictionary(raw).unwrap();
        assert_eq!(
            extra.get(b"Title").unwrap().as_str().unwrap(),
            b"\xFE\xFF\x00Z\x00o\x00\xEB"
        );
    }
}
