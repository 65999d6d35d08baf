//! Pages → PDF operators, and the finished file's streams compressed.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use printpdf::{
    Color, DictItem, FontId, Line as PdfLine, LinePoint, Op, PdfFontHandle, Point, Pt, Rgb,
    TextItem,
};

use super::style::{FaceId, MARGIN_X};
use super::tags::{Role, Tag};
use super::wrap::Draw;

/// A grey level in the output intent's RGB space (PDF/A: no bare DeviceGray).
pub(super) fn grey(v: f32) -> Color {
    Color::Rgb(Rgb::new(v, v, v, None))
}

/// Page furniture that assistive technology skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Artifact {
    /// Rules, signature lines, a table header repeated on a new page.
    Layout,
    /// Running footers: the short title and "Page X of Y".
    Pagination,
}

/// The marked-content sequence open in the operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Artifact(Artifact),
    Elem(u32),
}

/// What a page's operators tell the structure tree.
pub(super) struct PageContent {
    pub(super) ops: Vec<Op>,
    /// The element of each marked-content sequence, by MCID.
    pub(super) mcids: Vec<u32>,
    /// The top of each sequence's first line (PDF y), by MCID: where the outline jumps.
    pub(super) tops: Vec<f32>,
}

/// Builds one page's operators: all text in one text object, positioned with relative
/// moves, with font and colour set only when they change; every piece of text inside a
/// marked-content sequence tagged with its structure element (MCID) or as an artifact.
pub(super) struct PageOps<'a> {
    ops: Vec<Op>,
    ids: &'a [FontId],
    roles: &'a [Role],
    height: f32,
    in_text: bool,
    at: (f32, f32),
    font: Option<(FaceId, u32)>,
    fill: Option<u32>,
    stroke: Option<(u32, u32)>,
    mark: Option<Mark>,
    mcids: Vec<u32>,
    tops: Vec<f32>,
}

impl<'a> PageOps<'a> {
    pub(super) fn new(ids: &'a [FontId], roles: &'a [Role], height: f32, capacity: usize) -> Self {
        PageOps {
            ops: Vec::with_capacity(capacity),
            ids,
            roles,
            height,
            in_text: false,
            at: (0.0, 0.0),
            font: None,
            fill: None,
            stroke: None,
            mark: None,
            mcids: Vec::new(),
            tops: Vec::new(),
        }
    }

    fn open(&mut self, mark: Mark, top: f32) {
        if self.mark == Some(mark) {
            return;
        }
        self.close();
        self.ops.push(match mark {
            Mark::Artifact(Artifact::Layout) => Op::BeginMarkedContent {
                tag: "Artifact".into(),
            },
            Mark::Artifact(Artifact::Pagination) => Op::BeginMarkedContentWithProperties {
                tag: "Artifact".into(),
                properties: dict([("Type", DictItem::Name(b"Pagination".to_vec()))]),
            },
            Mark::Elem(e) => {
                let mcid = self.mcids.len() as i64;
                self.mcids.push(e);
                self.tops.push(top);
                Op::BeginMarkedContentWithProperties {
                    tag: self.roles[e as usize].name().into(),
                    properties: dict([("MCID", DictItem::Int(mcid))]),
                }
            }
        });
        self.mark = Some(mark);
    }

    fn close(&mut self) {
        if self.mark.take().is_some() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    /// Draw `d` with its top at `top`; `artifact` overrides the draw's own tag.
    pub(super) fn draw(&mut self, d: &Draw, top: f32, artifact: Option<Artifact>) {
        match d {
            Draw::Text {
                x,
                y,
                face,
                size,
                text,
                grey: g,
                tag,
            } => {
                let (px, py) = (MARGIN_X + x, self.height - top - y);
                if !self.in_text {
                    self.ops.push(Op::StartTextSection);
                    self.in_text = true;
                    self.at = (0.0, 0.0);
                    self.font = None;
                }
                let mark = match (artifact, tag) {
                    (Some(a), _) => Mark::Artifact(a),
                    (None, Tag::Elem(e)) => Mark::Elem(*e),
                    (None, Tag::Artifact) => Mark::Artifact(Artifact::Layout),
                };
                self.open(mark, py + size);
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
                self.open(Mark::Artifact(artifact.unwrap_or(Artifact::Layout)), yy);
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
                self.close();
            }
        }
    }

    /// A marked-content sequence never straddles the end of a text object.
    fn end_text(&mut self) {
        if self.in_text {
            self.close();
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    pub(super) fn finish(mut self) -> PageContent {
        self.end_text();
        self.close();
        PageContent {
            ops: self.ops,
            mcids: self.mcids,
            tops: self.tops,
        }
    }
}

fn dict<const N: usize>(items: [(&str, DictItem); N]) -> DictItem {
    DictItem::Dict {
        map: items.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    }
}

/// Deflate every stream at the fastest level: lopdf's `compress` uses the default
/// level, which was half the time of a whole agreement, for files only ~10% smaller.
pub(super) fn compress_streams(doc: &mut lopdf::Document) {
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            // PDF/A: the XMP metadata stays readable without a decoder.
            let metadata =
                s.dict.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"Metadata");
            if s.dict.get(b"Filter").is_ok() || metadata {
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

/// zlib at the fastest level, with one compressor per thread reused from stream to
/// stream (a new one allocates and clears its tables every time).
pub(super) fn deflate(content: &[u8]) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
    };
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<CompressorOxide> = std::cell::RefCell::new(
            CompressorOxide::new(create_comp_flags_from_zip_params(1, 1, 0)),
        );
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let mut out = vec![0; (content.len() / 2).max(64)];
        let (mut input, mut at) = (content, 0);
        loop {
            let (status, read, wrote) = compress(&mut c, input, &mut out[at..], TDEFLFlush::Finish);
            at += wrote;
            match status {
                TDEFLStatus::Done => {
                    out.truncate(at);
                    return out;
                }
                TDEFLStatus::Okay => {
                    input = &input[read..];
                    let len = out.len();
                    out.resize(len * 2, 0);
                }
                // Compressing into memory cannot fail; keep the stream as it is if it does.
                _ => return content.to_vec(),
            }
        }
    })
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
