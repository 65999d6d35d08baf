//! The font a form field's text is typed in (the AcroForm's `/DR`), made for the tools
//! that fill fields rather than for our own layout: a simple TrueType font (one byte a
//! character, an unmodified WinAnsiEncoding, so that every reader and filling tool can
//! encode what is typed), whose program keeps a Unicode `cmap` (the (3,1) table PDF/A
//! asks of a non-symbolic TrueType font) and the glyphs of all of WinAnsi: ASCII,
//! Latin-1 and the few others. Filled in by any tool, a date is drawn in an embedded
//! font that has every glyph it needs.
//!
//! Characters beyond WinAnsi (Ł, ő …) cannot be added: both validators refuse a
//! non-symbolic font whose encoding has `/Differences`, and a symbolic one would not let
//! filling tools encode typed text. Dates in every language we write are within it.
//!
//! Like `embed`, the subset is made once per face and shared.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::compress::{deflate, deflate_best};
use super::fonts::Face;
use crate::error::{Error, Result};

/// Its name in `/DR` and in every field's `/DA`.
pub(super) const NAME: &str = "DejaVuForm";

/// Codes 0x80–0x9F of WinAnsiEncoding (ISO 32000-1, D.2); the rest of 0x20–0xFF is
/// ASCII and Latin-1. `\0` marks the five codes WinAnsi leaves undefined.
const WIN_ANSI_HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘',
    '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// The character WinAnsiEncoding gives `code`, if any.
fn win_ansi(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E | 0xA0..=0xFF => Some(code as char),
        0x80..=0x9F => Some(WIN_ANSI_HIGH[code as usize - 0x80]).filter(|&c| c != '\0'),
        _ => None,
    }
}

pub(super) struct FieldFont {
    base_name: String,
    /// The font program with its `cmap`, deflated, and its length before.
    program: Vec<u8>,
    program_len: usize,
    /// The character of each code 0–255 (`\0`: none).
    chars: Vec<char>,
    /// Advance widths of codes 0–255 in 1/1000 em.
    widths: Vec<i64>,
    /// The ToUnicode CMap, deflated: the same for every document, so made once.
    to_unicode: Vec<u8>,
}

/// Field fonts by face (by address: faces live for the whole process).
static CACHE: LazyLock<Mutex<HashMap<usize, Arc<FieldFont>>>> = LazyLock::new(Default::default);

/// The field font of `face`.
pub(super) fn field_font(face: &Face) -> Result<Arc<FieldFont>> {
    let key = face as *const Face as usize;
    if let Some(f) = CACHE.lock().expect("font cache").get(&key) {
        return Ok(f.clone());
    }
    let f = Arc::new(make(face)?);
    CACHE.lock().expect("font cache").insert(key, f.clone());
    Ok(f)
}

fn make(face: &Face) -> Result<FieldFont> {
    let mut chars = vec!['\0'; 256];
    for code in 0x20..=0xFF {
        chars[code as usize] = win_ansi(code).unwrap_or('\0');
    }
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut cmap = Vec::new();
    let mut widths = vec![0i64; 256];
    for (code, &c) in chars.iter().enumerate() {
        let Some(gid) = (c != '\0').then(|| face.glyph(c)).flatten() else {
            continue;
        };
        cmap.push((c, remapper.remap(gid)));
        widths[code] = (face.advance(gid) * 1000.0).round() as i64;
    }
    cmap.sort_unstable();
    let program = subsetter::subset(face.data, 0, &remapper)
        .map_err(|e| Error::Pdf(format!("subsetting {}: {e}", face.name)))?;
    let program = with_cmap(&program, &cmap)
        .ok_or_else(|| Error::Pdf(format!("{}: not a TrueType font", face.name)))?;
    let to_unicode = deflate(super::embed::to_unicode(&used(&chars), true).as_bytes());
    Ok(FieldFont {
        // The same glyphs every time, so the same subset tag.
        base_name: format!("WINANS+{}", face.name),
        program_len: program.len(),
        program: deflate_best(&program),
        chars,
        widths,
        to_unicode,
    })
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// The sum of `b` as big-endian 32-bit words, as the sfnt checksums are.
fn checksum(b: &[u8]) -> u32 {
    b.chunks(4).fold(0u32, |sum, w| {
        let mut word = [0u8; 4];
        word[..w.len()].copy_from_slice(w);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// `sfnt` (a TrueType font) with a `cmap` table mapping `map`'s characters (ascending)
/// to glyphs: the table directory rebuilt, checksums and all.
fn with_cmap(sfnt: &[u8], map: &[(char, u16)]) -> Option<Vec<u8>> {
    if sfnt.get(..4)? == b"OTTO" {
        return None;
    }
    let count = u16_at(sfnt, 4)? as usize;
    let mut tables: Vec<([u8; 4], Vec<u8>)> = (0..count)
        .map(|t| {
            let rec = 12 + 16 * t;
            let tag: [u8; 4] = sfnt.get(rec..rec + 4)?.try_into().ok()?;
            let (off, len) = (u32_at(sfnt, rec + 8)? as usize, u32_at(sfnt, rec + 12)?);
            Some((tag, sfnt.get(off..off.checked_add(len as usize)?)?.to_vec()))
        })
        .collect::<Option<_>>()?;
    tables.retain(|(tag, _)| tag != b"cmap");
    tables.push((*b"cmap", cmap_table(map)));
    tables.sort_by_key(|t| t.0);
    if let Some((_, head)) = tables.iter_mut().find(|(t, _)| t == b"head") {
        head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    }
    let n = tables.len() as u16;
    let entry_selector = 15 - n.leading_zeros() as u16;
    let search_range = 16u16 << entry_selector;
    let mut out = sfnt[..4].to_vec();
    for v in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    if let Some(at) = head_at {
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    Some(out)
}

/// A `cmap` with one subtable, Windows Unicode BMP (3,1), format 4: a segment for each
/// run of consecutive characters on consecutive glyphs.
fn cmap_table(map: &[(char, u16)]) -> Vec<u8> {
    let mut segs: Vec<(u16, u16, u16)> = Vec::new(); // start, end, first glyph
    for &(c, g) in map {
        let c = c as u16;
        match segs.last_mut() {
            Some((s, e, g0)) if c == *e + 1 && g == g0.wrapping_add(c - *s) => *e = c,
            _ => segs.push((c, c, g)),
        }
    }
    segs.push((0xFFFF, 0xFFFF, 0));
    let n = segs.len() as u16;
    let entry_selector = 15 - n.leading_zeros() as u16;
    let search_range = 2u16 << entry_selector;
    let length = 16 + 8 * n;
    let mut t = Vec::with_capacity(12 + length as usize);
    for v in [0u16, 1, 3, 1] {
        t.extend_from_slice(&v.to_be_bytes());
    }
    t.extend_from_slice(&12u32.to_be_bytes());
    for v in [
        4,
        length,
        0,
        2 * n,
        search_range,
        entry_selector,
        2 * n - search_range,
    ] {
        t.extend_from_slice(&v.to_be_bytes());
    }
    segs.iter()
        .for_each(|s| t.extend_from_slice(&s.1.to_be_bytes()));
    t.extend_from_slice(&[0, 0]);
    segs.iter()
        .for_each(|s| t.extend_from_slice(&s.0.to_be_bytes()));
    for &(s, _, g) in &segs {
        let delta = if s == 0xFFFF { 1 } else { g.wrapping_sub(s) };
        t.extend_from_slice(&delta.to_be_bytes());
    }
    segs.iter().for_each(|_| t.extend_from_slice(&[0, 0]));
    t
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// The codes in use, with their characters (code 0 is none).
fn used(chars: &[char]) -> Vec<(u16, char)> {
    (0u16..)
        .zip(chars.iter().copied())
        .filter(|(_, c)| *c != '\0')
        .collect()
}

/// Write `f` (made from `face`) into `doc`; the font to name in `/DR`.
pub(super) fn write(doc: &mut lopdf::Document, f: &FieldFont, face: &Face) -> ObjectId {
    let m = &face.metrics;
    let mut program = Stream::new(
        Dictionary::from_iter([
            ("Length1", Object::Integer(f.program_len as i64)),
            ("Filter", name("FlateDecode")),
        ]),
        f.program.clone(),
    );
    program.allows_compression = false;
    let program = doc.add_object(program);
    let descriptor = doc.add_object(Dictionary::from_iter([
        ("Type", name("FontDescriptor")),
        ("FontName", name(&f.base_name)),
        // Non-symbolic: its characters are named by the encoding.
        ("Flags", Object::Integer(1 << 5)),
        (
            "FontBBox",
            Object::Array(m.bbox.iter().map(|&v| Object::Integer(v)).collect()),
        ),
        ("ItalicAngle", Object::Integer(m.italic_angle)),
        ("Ascent", Object::Integer(m.ascent)),
        ("Descent", Object::Integer(m.descent)),
        ("CapHeight", Object::Integer(m.ascent)),
        ("StemV", Object::Integer(m.stem_v)),
        ("FontFile2", Object::Reference(program)),
    ]));
    let first = f.chars.iter().position(|&c| c != '\0').unwrap_or(0x20);
    let to_unicode = doc.add_object(super::embed::deflated(Dictionary::new(), &f.to_unicode));
    doc.add_object(Dictionary::from_iter([
        ("Type", name("Font")),
        ("Subtype", name("TrueType")),
        ("BaseFont", name(&f.base_name)),
        ("FirstChar", Object::Integer(first as i64)),
        ("LastChar", Object::Integer(255)),
        (
            "Widths",
            Object::Array(
                f.widths[first..]
                    .iter()
                    .map(|&w| Object::Integer(w))
                    .collect(),
            ),
        ),
        ("Encoding", name("WinAnsiEncoding")),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("ToUnicode", Object::Reference(to_unicode)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_maps_every_character_to_its_glyph() {
        let face: &Face = super::super::FONTS.faces[0];
        let f = make(face).unwrap();
        let mut z = flate2::read::ZlibDecoder::new(&f.program[..]);
        let mut program = Vec::new();
        std::io::Read::read_to_end(&mut z, &mut program).unwrap();
        let parsed = ttf_parser::Face::parse(&program, 0).expect("the subset parses");
        for c in "12/01/2026 1 December 2027, Zoë Ó'Brien Œ€ÿ".chars() {
            let g = parsed
                .glyph_index(c)
                .unwrap_or_else(|| panic!("{c} not in the cmap"));
            let want = face.advance(face.glyph(c).unwrap());
            let got = parsed.glyph_hor_advance(g).unwrap() as f32 / parsed.units_per_em() as f32;
            assert!(
                (want - got).abs() < 1e-3,
                "{c}: the cmap points at another glyph"
            );
        }
        assert_eq!(f.chars[0x80], '€');
        assert_eq!(f.chars[0x81], '\0', "a code WinAnsi leaves undefined");
    }
}
