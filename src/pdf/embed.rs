//! The fonts a document embeds: for each face it uses, a subset holding only its glyphs
//! (the `subsetter` crate), written as a composite font (ISO 32000-1, 9.7: Type0 over a
//! CIDFont, Identity-H) with its widths and a ToUnicode map, so that the text can be
//! copied, searched and read aloud.
//!
//! Layout already knows every glyph a document uses, so nothing here looks at the text
//! again. A batch sets the same text over and over, so glyph sets repeat: each subset is
//! made, compressed and described once per face and glyph set, then shared.

use crate::digest::{fnv1a, FNV_OFFSET};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::compress::deflate;
use super::fonts::Face;
use crate::error::{Error, Result};

/// One face's subset, ready to be written into any number of documents.
pub(super) struct Embedded {
    /// `ABCDEF+DejaVuSerif`: the six-letter subset tag (ISO 32000-1, 9.6.4) comes from
    /// the glyph set, so the same document always gets the same name.
    base_name: String,
    /// For each glyph id of the face, its code (= glyph id) in the subset; 0 if absent.
    pub(super) codes: Vec<u16>,
    /// The font program, deflated, and its length before.
    program: Vec<u8>,
    program_len: usize,
    /// A bare CFF program (from an OpenType font with PostScript outlines).
    cff: bool,
    /// The ToUnicode CMap, deflated.
    to_unicode: Vec<u8>,
    /// Advance widths of codes 1, 2, 3 … in 1/1000 em.
    widths: Vec<i64>,
}

impl Embedded {
    /// Bytes held, for the cache's budget.
    fn size(&self) -> usize {
        self.program.len() + self.to_unicode.len() + self.codes.len() * 2 + self.widths.len() * 8
    }
}

/// A face (by address: faces live for the whole process) and its glyph set.
type Key = (usize, Vec<(u16, char)>);

/// Subsets by face and glyph set. Entries are never thrown away; once the budget is
/// spent, new glyph sets are still embedded but no longer kept.
struct Cache {
    map: HashMap<Key, Arc<Embedded>>,
    bytes: usize,
}

const CACHE_BUDGET: usize = 16 << 20;

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| {
    Mutex::new(Cache {
        map: HashMap::new(),
        bytes: 0,
    })
});

/// The subset of `face` holding `used` (glyph id and the character it shows, ascending).
pub(super) fn embedded(face: &'static Face, used: Vec<(u16, char)>) -> Result<Arc<Embedded>> {
    let key = (face as *const Face as usize, used);
    if let Some(e) = CACHE.lock().expect("font cache").map.get(&key) {
        return Ok(e.clone());
    }
    let e = Arc::new(subset(face, &key.1)?);
    let mut cache = CACHE.lock().expect("font cache");
    if cache.bytes + e.size() <= CACHE_BUDGET {
        cache.bytes += e.size();
        cache.map.insert(key, e.clone());
    }
    Ok(e)
}

fn subset(face: &Face, used: &[(u16, char)]) -> Result<Embedded> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut codes = vec![0u16; face.advances.len().max(1)];
    let mut widths = Vec::with_capacity(used.len());
    let mut pairs = Vec::with_capacity(used.len());
    for &(gid, c) in used {
        let code = remapper.remap(gid);
        if code == 0 {
            continue;
        }
        if let Some(slot) = codes.get_mut(gid as usize) {
            *slot = code;
        }
        // The remapper numbers glyphs 1, 2, 3 … in the order given.
        widths.push((face.advance(gid) * 1000.0).round() as i64);
        pairs.push((code, c));
    }
    let program = subsetter::subset(face.data, 0, &remapper)
        .map_err(|e| Error::Pdf(format!("subsetting {}: {e}", face.name)))?;
    let (program, cff) = match cff_table(&program) {
        Some(table) => (table.to_vec(), true),
        None => (program, false),
    };
    Ok(Embedded {
        base_name: format!("{}+{}", subset_tag(used), face.name),
        codes,
        program_len: program.len(),
        program: deflate(&program),
        cff,
        to_unicode: deflate(to_unicode(&pairs, false).as_bytes()),
        widths,
    })
}

/// The `CFF ` table of an OpenType font with PostScript outlines, which PDF embeds bare.
fn cff_table(sfnt: &[u8]) -> Option<&[u8]> {
    if !sfnt.starts_with(b"OTTO") {
        return None;
    }
    let u16_at = |i: usize| Some(u16::from_be_bytes(sfnt.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_be_bytes(sfnt.get(i..i + 4)?.try_into().ok()?));
    let tables = u16_at(4)? as usize;
    (0..tables).find_map(|t| {
        let rec = 12 + 16 * t;
        if sfnt.get(rec..rec + 4)? != b"CFF " {
            return None;
        }
        let (off, len) = (u32_at(rec + 8)? as usize, u32_at(rec + 12)? as usize);
        sfnt.get(off..off.checked_add(len)?)
    })
}

fn subset_tag(used: &[(u16, char)]) -> String {
    let h = fnv1a(
        FNV_OFFSET,
        used.iter().flat_map(|(gid, _)| gid.to_le_bytes()),
    );
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 8)) % 26) as u8) as char)
        .collect()
}

/// A ToUnicode CMap (Adobe technical note 5411) from code to character, for two-byte
/// codes (the text fonts) or one-byte codes (`one_byte`: the form's simple font).
pub(super) fn to_unicode(pairs: &[(u16, char)], one_byte: bool) -> String {
    let range = if one_byte {
        "<00> <FF>"
    } else {
        "<0000> <FFFF>"
    };
    let mut s = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n{range}\nendcodespacerange\n",
    );
    // At most a hundred entries to a block, as the format asks.
    for block in pairs.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", block.len()));
        for &(code, c) in block {
            if one_byte {
                s.push_str(&format!("<{code:02X}> <"));
            } else {
                s.push_str(&format!("<{code:04X}> <"));
            }
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                s.push_str(&format!("{u:04X}"));
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// A stream of `bytes`, which are already deflated.
pub(super) fn deflated(dict: Dictionary, bytes: &[u8]) -> Stream {
    let mut s = Stream::new(dict, bytes.to_vec());
    s.dict.set("Filter", name("FlateDecode"));
    // Already compressed: lopdf must not compress it again.
    s.allows_compression = false;
    s
}

/// Write `e` (a subset of `face`) into `doc`; the Type0 font to name in resources.
pub(super) fn write(doc: &mut lopdf::Document, e: &Embedded, face: &Face) -> ObjectId {
    let m = &face.metrics;
    let program = if e.cff {
        let s = deflated(
            Dictionary::from_iter([("Subtype", name("CIDFontType0C"))]),
            &e.program,
        );
        ("FontFile3", doc.add_object(s))
    } else {
        let s = deflated(
            Dictionary::from_iter([("Length1", Object::Integer(e.program_len as i64))]),
            &e.program,
        );
        ("FontFile2", doc.add_object(s))
    };
    let italic = if m.italic_angle != 0 { 1 << 6 } else { 0 };
    let descriptor = doc.add_object(Dictionary::from_iter([
        ("Type", name("FontDescriptor")),
        ("FontName", name(&e.base_name)),
        // Non-symbolic: the standard Latin character set.
        ("Flags", Object::Integer((1 << 5) | italic)),
        (
            "FontBBox",
            Object::Array(m.bbox.iter().map(|&v| Object::Integer(v)).collect()),
        ),
        ("ItalicAngle", Object::Integer(m.italic_angle)),
        ("Ascent", Object::Integer(m.ascent)),
        ("Descent", Object::Integer(m.descent)),
        ("CapHeight", Object::Integer(m.ascent)),
        ("StemV", Object::Integer(m.stem_v)),
        (program.0, Object::Reference(program.1)),
    ]));
    let mut cid_font = Dictionary::from_iter([
        ("Type", name("Font")),
        (
            "Subtype",
            name(if e.cff {
                "CIDFontType0"
            } else {
                "CIDFontType2"
            }),
        ),
        ("BaseFont", name(&e.base_name)),
        (
            "CIDSystemInfo",
            Dictionary::from_iter([
                (
                    "Registry",
                    Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                ),
                (
                    "Ordering",
                    Object::String(b"Identity".to_vec(), StringFormat::Literal),
                ),
                ("Supplement", Object::Integer(0)),
            ])
            .into(),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        (
            "W",
            Object::Array(vec![
                Object::Integer(1),
                Object::Array(e.widths.iter().map(|&w| Object::Integer(w)).collect()),
            ]),
        ),
    ]);
    if !e.cff {
        cid_font.set("CIDToGIDMap", name("Identity"));
    }
    let to_unicode = doc.add_object(deflated(Dictionary::new(), &e.to_unicode));
    doc.add_object(Dictionary::from_iter([
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&e.base_name)),
        ("Encoding", name("Identity-H")),
        ("DescendantFonts", Object::Array(vec![cid_font.into()])),
        ("ToUnicode", Object::Reference(to_unicode)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cmap_maps_codes_to_characters_beyond_the_basic_plane() {
        let s = to_unicode(&[(1, 'A'), (2, '\u{1F600}')], false);
        assert!(
            s.contains("2 beginbfchar\n<0001> <0041>\n<0002> <D83DDE00>\n"),
            "{s}"
        );
    }

    #[test]
    fn a_glyph_set_is_subset_once() {
        let face: &'static Face = super::super::FONTS.faces[0];
        let used = |s: &str| -> Vec<(u16, char)> {
            let mut v: Vec<_> = s.chars().map(|c| (face.glyph(c).unwrap(), c)).collect();
            v.sort();
            v.dedup();
            v
        };
        let a = embedded(face, used("Mentee Zoë")).unwrap();
        let b = embedded(face, used("Mentee Zoë")).unwrap();
        let c = embedded(face, used("Mentee Zoe")).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "the same glyphs share one subset");
        assert!(!Arc::ptr_eq(&a, &c));
        assert_ne!(a.base_name, c.base_name, "another glyph set, another tag");
    }

    #[test]
    fn a_truetype_program_is_not_taken_for_cff() {
        assert!(cff_table(b"\0\x01\0\0rest").is_none());
        let mut otto = b"OTTO\0\x01\0\0\0\0\0\0".to_vec();
        otto.extend_from_slice(b"CFF \0\0\0\0\0\0\0\x1c\0\0\0\x03abc");
        assert_eq!(cff_table(&otto), Some(&b"abc"[..]));
    }
}
