//! DejaVu Serif in four faces, embedded in the binary and parsed once per process
//! ([`FONTS`]), then any fallback fonts the user gives (`--font`, `[pdf] fonts`), tried
//! in order for characters DejaVu lacks and parsed once per file. Each document embeds
//! only the glyphs it uses: we subset with the `subsetter` crate and give printpdf a
//! small font whose glyph ids and widths we know, because printpdf without its heavy
//! `text_layout` feature embeds whole fonts.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use printpdf::ParsedFont;

use super::style::FaceId;
use crate::error::{Error, Result};

pub(super) const FACE_FILES: [(&str, &[u8]); 4] = [
    ("DejaVuSerif", include_bytes!("../../fonts/DejaVuSerif.ttf")),
    (
        "DejaVuSerif-Bold",
        include_bytes!("../../fonts/DejaVuSerif-Bold.ttf"),
    ),
    (
        "DejaVuSerif-Italic",
        include_bytes!("../../fonts/DejaVuSerif-Italic.ttf"),
    ),
    (
        "DejaVuSerif-BoldItalic",
        include_bytes!("../../fonts/DejaVuSerif-BoldItalic.ttf"),
    ),
];

/// One font face, parsed once: character → glyph and glyph → advance width.
pub struct Face {
    pub(super) name: String,
    pub(super) data: &'static [u8],
    /// Glyph id for each character of the Basic Multilingual Plane (0 = none).
    pub(super) bmp: Vec<u16>,
    pub(super) other: BTreeMap<u32, u16>,
    pub(super) advances: Vec<u16>,
    pub(super) units_per_em: f32,
    pub(super) template: ParsedFont,
}

impl Face {
    pub(super) fn load(name: String, data: &'static [u8]) -> Option<Face> {
        let parsed = ParsedFont::from_bytes(data, 0, &mut Vec::new())?;
        let mut bmp = vec![0u16; 0x10000];
        let mut other = BTreeMap::new();
        for (&cp, &gid) in &parsed.codepoint_to_glyph {
            match bmp.get_mut(cp as usize) {
                Some(slot) => *slot = gid,
                None => {
                    other.insert(cp, gid);
                }
            }
        }
        let n = parsed
            .glyph_widths
            .keys()
            .max()
            .map_or(0, |m| *m as usize + 1);
        let mut advances = vec![0u16; n];
        for (&gid, &w) in &parsed.glyph_widths {
            advances[gid as usize] = w;
        }
        let units_per_em = parsed.units_per_em as f32;
        // The per-document fonts copy the metrics from here; the glyph tables we replace.
        let mut template = parsed;
        template.original_bytes = Vec::new();
        template.codepoint_to_glyph.clear();
        template.glyph_widths.clear();
        template.font_name = Some(name.clone());
        Some(Face {
            name,
            data,
            bmp,
            other,
            advances,
            units_per_em,
            template,
        })
    }

    pub fn glyph(&self, c: char) -> Option<u16> {
        let gid = match self.bmp.get(c as usize) {
            Some(g) => *g,
            None => self.other.get(&(c as u32)).copied().unwrap_or(0),
        };
        (gid != 0).then_some(gid)
    }

    pub(super) fn advance(&self, gid: u16) -> f32 {
        self.advances.get(gid as usize).copied().unwrap_or(0) as f32 / self.units_per_em
    }
}

/// The faces one document may use: the four built-ins (indexed by [`super::style`]'s
/// face ids), then its fallback fonts in order.
pub struct Fonts {
    pub(super) faces: Vec<&'static Face>,
}

/// Parsed on first use, then shared by every document and thread.
static BUILT_IN: LazyLock<Vec<Face>> = LazyLock::new(|| {
    FACE_FILES
        .iter()
        .map(|(n, d)| Face::load(n.to_string(), d).expect("embedded font parses"))
        .collect()
});

/// The built-in faces alone.
pub static FONTS: LazyLock<Fonts> = LazyLock::new(|| Fonts {
    faces: BUILT_IN.iter().collect(),
});

/// Fallback fonts by path: read and parsed once per process (a cohort shares them).
/// They live as long as the process, like the built-in ones.
static FALLBACKS: LazyLock<Mutex<HashMap<PathBuf, &'static Face>>> =
    LazyLock::new(Default::default);

impl Fonts {
    /// The built-in faces followed by `fallbacks`; a file that cannot be read or is not
    /// a font is an error naming it.
    pub fn with_fallbacks(fallbacks: &[PathBuf]) -> Result<Fonts> {
        let mut faces: Vec<&'static Face> = BUILT_IN.iter().collect();
        for path in fallbacks {
            faces.push(fallback(path)?);
        }
        Ok(Fonts { faces })
    }

    /// The first face, from `face` on to the fallbacks, that has a glyph for `c`.
    pub(super) fn find(&self, c: char, face: FaceId) -> Option<(FaceId, u16)> {
        if let Some(g) = self.faces[face].glyph(c) {
            return Some((face, g));
        }
        (BUILT_IN.len()..self.faces.len()).find_map(|i| self.faces[i].glyph(c).map(|g| (i, g)))
    }
}

fn fallback(path: &Path) -> Result<&'static Face> {
    if let Some(f) = FALLBACKS.lock().expect("font cache").get(path) {
        return Ok(f);
    }
    let bad = |why: String| Error::Usage(format!("font {}: {why}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    // A PDF font name: letters and digits from the file name.
    let name: String = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let face = Face::load(format!("{name}-Fallback"), data)
        .ok_or_else(|| bad("not a TrueType or OpenType font mentorpact can read".into()))?;
    let face: &'static Face = Box::leak(Box::new(face));
    FALLBACKS
        .lock()
        .expect("font cache")
        .insert(path.to_path_buf(), face);
    Ok(face)
}

/// A subset of `face` holding `used` glyphs, as a font printpdf can embed.
pub(super) fn subset_font(face: &Face, used: &BTreeMap<u16, char>) -> Result<ParsedFont> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut cmap = BTreeMap::new();
    let mut widths = BTreeMap::new();
    for (&gid, &c) in used {
        let new = remapper.remap(gid);
        cmap.insert(c as u32, new);
        widths.insert(new, face.advances.get(gid as usize).copied().unwrap_or(0));
    }
    let bytes = subsetter::subset(face.data, 0, &remapper)
        .map_err(|e| Error::Pdf(format!("subsetting {}: {e}", face.name)))?;
    let mut font = face.template.clone();
    // A subset's name carries a six-letter tag (ISO 32000-1, 9.6.4); derived from the
    // glyph set, so the same document always gets the same name.
    font.font_name = Some(format!("{}+{}", subset_tag(used), face.name));
    font.original_bytes = bytes;
    font.codepoint_to_glyph = cmap;
    font.glyph_widths = widths;
    Ok(font)
}

pub(super) fn subset_tag(used: &BTreeMap<u16, char>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for gid in used.keys() {
        for b in gid.to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 8)) % 26) as u8) as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::style::REGULAR;

    #[test]
    fn names_with_diacritics_are_in_the_font() {
        let f = &FONTS.faces[REGULAR];
        for c in "Zoë Ó'Brien Łukasz Żółkiewski-Nørgaard Siobhán Ní Bhriain –•\u{FFFD}".chars()
        {
            assert!(c == ' ' || f.glyph(c).is_some(), "{c} missing");
        }
    }
}
