//! DejaVu Serif in four faces, embedded in the binary and parsed once per process
//! ([`FONTS`]), then any fallback fonts the user gives (`--font`, `[pdf] fonts`), tried
//! in order for characters DejaVu lacks and parsed once per file. What a document
//! embeds of them is [`super::embed`]'s work.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{LazyLock, Mutex, OnceLock};

use super::style::FaceId;
use crate::error::{Error, Result};
use crate::timings::{self, Stage};

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
pub(crate) struct Face {
    pub(super) name: String,
    pub(super) data: &'static [u8],
    /// Glyph id for each character of the Basic Multilingual Plane (0 = none), filled
    /// in as characters are first asked for ([`UNKNOWN`] until then), in blocks of 256
    /// made when first needed: a document meets a few blocks, and filling the whole
    /// table for each face took longer than reading the face.
    bmp: Box<[OnceLock<Box<Block>>]>,
    /// Each glyph's advance width in em, divided out once: layout asks for it at
    /// every character.
    pub(super) advances: Vec<f32>,
    /// What the PDF's font descriptor says of the face, in 1/1000 em.
    pub(super) metrics: Metrics,
    parsed: ttf_parser::Face<'static>,
}

/// Not yet looked up.
const UNKNOWN: u16 = u16::MAX;

type Block = [AtomicU16; 256];

/// A font descriptor's figures (ISO 32000-1, 9.8), read once from the face's tables.
#[derive(Debug, Clone, Copy)]
pub(super) struct Metrics {
    pub(super) ascent: i64,
    pub(super) descent: i64,
    pub(super) bbox: [i64; 4],
    pub(super) italic_angle: i64,
    pub(super) stem_v: i64,
}

impl Face {
    /// Read what layout and embedding need from a TrueType or OpenType font: its
    /// Unicode cmap, advance widths and descriptor metrics. `None` if it is not a font.
    pub(super) fn load(name: String, data: &'static [u8]) -> Option<Face> {
        let f = ttf_parser::Face::parse(data, 0).ok()?;
        f.tables().cmap?;
        let units_per_em = f.units_per_em().max(1) as f32;
        let advances = (0..f.number_of_glyphs())
            .map(|g| f.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0) as f32 / units_per_em)
            .collect();
        let s = |v: f32| (v * 1000.0 / units_per_em).round() as i64;
        let b = f.global_bounding_box();
        // No table holds the stem width: the usual estimate from the OS/2 weight.
        let stem_v = 50 + ((f.weight().to_number() as f32 / 65.0).powi(2)).round() as i64;
        let metrics = Metrics {
            ascent: s(f.ascender() as f32),
            descent: s(f.descender() as f32),
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| s(v as f32)),
            italic_angle: f.italic_angle().round() as i64,
            stem_v,
        };
        Some(Face {
            name,
            data,
            // Looked up as characters are met: reading the whole cmap up front was most
            // of the time of reading a face.
            bmp: (0..256).map(|_| OnceLock::new()).collect(),
            advances,
            metrics,
            parsed: f,
        })
    }

    #[inline]
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        let block = self
            .bmp
            .get(c as usize >> 8)
            .map(|b| b.get_or_init(|| Box::new(std::array::from_fn(|_| AtomicU16::new(UNKNOWN)))));
        let gid = match block.map(|b| &b[c as usize & 0xff]) {
            Some(slot) => match slot.load(Ordering::Relaxed) {
                UNKNOWN => {
                    let g = self.lookup(c);
                    slot.store(g, Ordering::Relaxed);
                    g
                }
                g => g,
            },
            None => self.lookup(c),
        };
        (gid != 0).then_some(gid)
    }

    fn lookup(&self, c: char) -> u16 {
        self.parsed.glyph_index(c).map_or(0, |g| g.0)
    }

    #[inline]
    pub(super) fn advance(&self, gid: u16) -> f32 {
        self.advances.get(gid as usize).copied().unwrap_or(0.0)
    }
}

/// A face, parsed the first time it is used: one agreement in one face need not pay for
/// reading the other three.
pub(crate) struct Slot {
    cell: OnceLock<Face>,
    file: usize,
}

impl std::ops::Deref for Slot {
    type Target = Face;
    fn deref(&self) -> &Face {
        // A fallback's slot is filled when it is read, so only built-ins load here.
        self.cell.get_or_init(|| {
            let (name, data) = FACE_FILES[self.file];
            timings::time(Stage::Fonts, || Face::load(name.to_string(), data))
                .expect("embedded font parses")
        })
    }
}

/// The faces one document may use: the four built-ins (indexed by [`super::style`]'s
/// face ids), then its fallback fonts in order.
pub struct Fonts {
    pub(super) faces: Vec<&'static Slot>,
}

/// Shared by every document and thread.
static BUILT_IN: [Slot; 4] = [Slot::new(0), Slot::new(1), Slot::new(2), Slot::new(3)];

impl Slot {
    const fn new(file: usize) -> Slot {
        Slot {
            cell: OnceLock::new(),
            file,
        }
    }
}

/// Read the regular, bold and italic faces on another thread, while the first agreement
/// is still being read and written as Markdown.
pub(crate) fn warm_up() {
    std::thread::spawn(|| {
        for slot in &BUILT_IN[..3] {
            let _: &Face = slot;
        }
    });
}

/// The built-in faces alone.
pub static FONTS: LazyLock<Fonts> = LazyLock::new(|| Fonts {
    faces: BUILT_IN.iter().collect(),
});

/// Fallback fonts by path: read and parsed once per process (a cohort shares them).
/// They live as long as the process, like the built-in ones.
static FALLBACKS: LazyLock<Mutex<HashMap<PathBuf, &'static Slot>>> =
    LazyLock::new(Default::default);

impl Fonts {
    /// The built-in faces followed by `fallbacks`; a file that cannot be read or is not
    /// a font is an error naming it.
    pub(crate) fn with_fallbacks(fallbacks: &[PathBuf]) -> Result<Fonts> {
        let mut faces: Vec<&'static Slot> = BUILT_IN.iter().collect();
        for path in fallbacks {
            faces.push(fallback(path)?);
        }
        Ok(Fonts { faces })
    }

    /// The first face, from `face` on to the fallbacks, that has a glyph for `c`.
    #[inline]
    pub(super) fn find(&self, c: char, face: FaceId) -> Option<(FaceId, u16)> {
        if let Some(g) = self.faces[face].glyph(c) {
            return Some((face, g));
        }
        (BUILT_IN.len()..self.faces.len()).find_map(|i| self.faces[i].glyph(c).map(|g| (i, g)))
    }
}

fn fallback(path: &Path) -> Result<&'static Slot> {
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
    let face: &'static Slot = Box::leak(Box::new(Slot {
        cell: OnceLock::from(face),
        file: usize::MAX,
    }));
    FALLBACKS
        .lock()
        .expect("font cache")
        .insert(path.to_path_buf(), face);
    Ok(face)
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
