//! Pages → PDF operators, and the finished file's streams compressed.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use printpdf::{
    Color, FontId, Greyscale, Line as PdfLine, LinePoint, Op, PdfFontHandle, Point, Pt, TextItem,
};

use super::style::{FaceId, MARGIN_X};
use super::wrap::Draw;

pub(super) fn grey(v: f32) -> Color {
    Color::Greyscale(Greyscale::new(v, None))
}

/// Builds one page's operators: all text in one text object, positioned with relative
/// moves, with font and colour set only when they change.
pub(super) struct PageOps<'a> {
    ops: Vec<Op>,
    ids: &'a [FontId],
    height: f32,
    in_text: bool,
    at: (f32, f32),
    font: Option<(FaceId, u32)>,
    fill: Option<u32>,
    stroke: Option<(u32, u32)>,
}

impl<'a> PageOps<'a> {
    pub(super) fn new(ids: &'a [FontId], height: f32, capacity: usize) -> Self {
        PageOps {
            ops: Vec::with_capacity(capacity),
            ids,
            height,
            in_text: false,
            at: (0.0, 0.0),
            font: None,
            fill: None,
            stroke: None,
        }
    }

    pub(super) fn draw(&mut self, d: &Draw, top: f32) {
        match d {
            Draw::Text {
                x,
                y,
                face,
                size,
                text,
                grey: g,
            } => {
                let (px, py) = (MARGIN_X + x, self.height - top - y);
                if !self.in_text {
                    self.ops.push(Op::StartTextSection);
                    self.in_text = true;
                    self.at = (0.0, 0.0);
                    self.font = None;
                }
                if self.fill != Some(g.to_bits()) {
                    self.ops.push(Op::SetFillColor { col: grey(*g) });
                    self.fill = Some(g.to_bits());
                }
                if self.font != Some((*face, size.to_bits())) {
                    self.ops.push(Op::SetFont {
                        font: PdfFontHandle::External(self.ids[*face].clone()),
                        size: Pt(*size),
                    });
                    self.font = Some((*face, size.to_bits()));
                }
                // `Td` moves relative to the start of the previous line.
                self.ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(px - self.at.0),
                        y: Pt(py - self.at.1),
                    },
                });
                self.at = (px, py);
                self.ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
            }
            Draw::Rule {
                x,
                y,
                w,
                thickness,
                grey: g,
            } => {
                self.end_text();
                let yy = self.height - top - y;
                if self.stroke != Some((g.to_bits(), thickness.to_bits())) {
                    self.ops.push(Op::SetOutlineColor { col: grey(*g) });
                    self.ops
                        .push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                    self.stroke = Some((g.to_bits(), thickness.to_bits()));
                }
                self.ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(MARGIN_X + x),
                                    y: Pt(yy),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(MARGIN_X + x + w),
                                    y: Pt(yy),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    pub(super) fn finish(mut self) -> Vec<Op> {
        self.end_text();
        self.ops
    }
}

/// Deflate every stream at the fastest level: lopdf's `compress` uses the default
/// level, which was half the time of a whole agreement, for files only ~10% smaller.
pub(super) fn compress_streams(doc: &mut lopdf::Document) {
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            if s.dict.get(b"Filter").is_ok() {
                continue;
            }
            // Only font programs (they carry /Length1) repeat between agreements.
            let z = if s.dict.get(b"Length1").is_ok() {
                deflate_font(&s.content)
            } else {
                deflate(&s.content)
            };
            if z.len() < s.content.len() {
                s.dict
                    .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                s.set_content(z);
            }
        }
    }
}

pub(super) fn deflate(content: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(content, 1)
}

/// Font subsets repeat from one agreement to the next in a batch (the same text, the
/// same glyphs), so their compressed form is kept, keyed by the exact bytes.
pub(super) static DEFLATED: LazyLock<Mutex<HashMap<Vec<u8>, Vec<u8>>>> =
    LazyLock::new(Default::default);
pub(super) const CACHE_ENTRIES: usize = 64;

pub(super) fn deflate_font(program: &[u8]) -> Vec<u8> {
    if let Some(z) = DEFLATED.lock().expect("cache lock").get(program) {
        return z.clone();
    }
    let z = deflate(program);
    let mut cache = DEFLATED.lock().expect("cache lock");
    if cache.len() >= CACHE_ENTRIES {
        cache.clear();
    }
    cache.insert(program.to_vec(), z.clone());
    z
}

/// A stable 16-byte document id (FNV-1a over the inputs; not a security hash).
pub(super) fn content_id(md: &str, title: &str, when: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    for seed in [0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4] {
        let mut h = seed;
        for b in md.bytes().chain(title.bytes()).chain(when.to_le_bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend_from_slice(&h.to_be_bytes());
    }
    out
}
