//! Pages → content streams, written as bytes: all text of a page in one text object,
//! positioned with relative moves, font and colour set only when they change, glyphs as
//! two-byte codes of the document's font subsets ([`super::embed`]) in literal strings
//! (half the size of hex), and every piece of content in a marked-content sequence
//! tagged with its structure element (MCID) or as an artifact.

use crate::digest::{fnv1a_each, FNV_OFFSET};
use std::sync::Arc;

use super::compress::deflate;
use super::embed::Embedded;
use super::fonts::{Face, Fonts};
use super::style::{FaceId, MARGIN_X};
use super::tags::{Role, Tag};
use super::wrap::{Draw, BOX};

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
    /// Content of an element in the document's second language.
    Second(u32),
}

/// What a page's operators tell the structure tree.
pub(super) struct PageContent {
    pub(super) ops: Vec<u8>,
    /// The element of each marked-content sequence, by MCID.
    pub(super) mcids: Vec<u32>,
    /// The top of each sequence's first line (PDF y), by MCID: where the outline jumps.
    pub(super) tops: Vec<f32>,
    /// The form fields drawn on the page (index in the tree's fields) and where.
    pub(super) fields: Vec<(u32, [f32; 4])>,
    /// The links drawn on the page (their Link element) and where.
    pub(super) links: Vec<(u32, [f32; 4])>,
}

/// A position or size in hundredths of a point: what the content stream says, so that
/// relative moves add up exactly.
fn hundredths(v: f32) -> i64 {
    (v * 100.0).round() as i64
}

/// Builds one page's content stream.
pub(super) struct PageOps<'a> {
    ops: Vec<u8>,
    fonts: &'a Fonts,
    embedded: &'a [Option<Arc<Embedded>>],
    roles: &'a [Role],
    /// The document's second language, if it has one.
    second: Option<&'a str>,
    height: f32,
    in_text: bool,
    at: (i64, i64),
    font: Option<(FaceId, u32)>,
    fill: Option<u32>,
    stroke: Option<(u32, u32)>,
    mark: Option<Mark>,
    /// The top of the text being drawn, for a sequence opened in the middle of it.
    top: f32,
    mcids: Vec<u32>,
    tops: Vec<f32>,
    fields: Vec<(u32, [f32; 4])>,
    links: Vec<(u32, [f32; 4])>,
}

impl<'a> PageOps<'a> {
    pub(super) fn new(
        fonts: &'a Fonts,
        embedded: &'a [Option<Arc<Embedded>>],
        roles: &'a [Role],
        height: f32,
        second: Option<&'a str>,
    ) -> Self {
        PageOps {
            ops: Vec::with_capacity(16 * 1024),
            fonts,
            embedded,
            roles,
            second,
            height,
            in_text: false,
            at: (0, 0),
            font: None,
            fill: None,
            stroke: None,
            mark: None,
            top: 0.0,
            mcids: Vec::new(),
            tops: Vec::new(),
            fields: Vec::new(),
            links: Vec::new(),
        }
    }

    fn num(&mut self, v: i64) {
        number(&mut self.ops, v);
    }

    fn int(&mut self, v: i64) {
        super::write::int(&mut self.ops, v);
    }

    fn op(&mut self, s: &str) {
        self.ops.extend_from_slice(s.as_bytes());
    }

    fn open(&mut self, mark: Mark, top: f32) {
        if self.mark == Some(mark) {
            return;
        }
        self.close();
        match mark {
            Mark::Artifact(Artifact::Layout) => self.op("/Artifact BMC\n"),
            Mark::Artifact(Artifact::Pagination) => {
                self.op("/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n")
            }
            Mark::Elem(e) | Mark::Second(e) => {
                let mcid = self.mcids.len() as i64;
                self.mcids.push(e);
                self.tops.push(top);
                // A change of language inside an element is marked on its content
                // (ISO 32000-1, 14.9.2.2): the element's words stay in reading order.
                let lang = self.second.filter(|_| matches!(mark, Mark::Second(_)));
                self.op("/");
                self.op(lang.map_or(self.roles[e as usize].name(), |_| "Span"));
                self.op(" <<");
                if let Some(tag) = lang {
                    self.op("/Lang (");
                    self.op(tag);
                    self.op(") ");
                }
                self.op("/MCID ");
                self.int(mcid);
                self.op(">> BDC\n");
            }
        }
        self.mark = Some(mark);
    }

    fn close(&mut self) {
        if self.mark.take().is_some() {
            self.op("EMC\n");
        }
    }

    /// Three equal components in the output intent's RGB space (PDF/A: no bare
    /// DeviceGray), then `op`.
    fn grey(&mut self, g: f32, op: &str) {
        let g = hundredths(g);
        for _ in 0..3 {
            self.num(g);
            self.op(" ");
        }
        self.op(op);
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
                link,
                second,
            } => {
                let (px, py) = (MARGIN_X + x, self.height - top - y);
                if !self.in_text {
                    self.op("BT\n");
                    self.in_text = true;
                    self.at = (0, 0);
                    self.font = None;
                }
                let mark = match (artifact, tag) {
                    (Some(a), _) => Mark::Artifact(a),
                    (None, Tag::Elem(e)) if *second => Mark::Second(*e),
                    (None, Tag::Elem(e)) => Mark::Elem(*e),
                    (None, Tag::Artifact) => Mark::Artifact(Artifact::Layout),
                };
                self.open(mark, py + size);
                self.top = py + size;
                if let (true, Mark::Elem(e)) = (*link, mark) {
                    let f = self.fonts.faces[*face];
                    let w: f32 = text
                        .trim_end()
                        .chars()
                        .map(|c| f.glyph(c).map_or(0.0, |g| f.advance(g)) * size)
                        .sum();
                    let rect = [px, py - 0.25 * size, px + w, py + 0.9 * size];
                    self.links.push((e, rect));
                }
                if self.fill != Some(g.to_bits()) {
                    self.grey(*g, "rg\n");
                    self.fill = Some(g.to_bits());
                }
                if self.font != Some((*face, size.to_bits())) {
                    self.op("/F");
                    self.int(*face as i64 + 1);
                    self.op(" ");
                    self.num(hundredths(*size));
                    self.op(" Tf\n");
                    self.font = Some((*face, size.to_bits()));
                }
                // `Td` moves relative to the start of the previous line.
                let to = (hundredths(px), hundredths(py));
                self.num(to.0 - self.at.0);
                self.op(" ");
                self.num(to.1 - self.at.1);
                self.op(" Td\n");
                self.at = to;
                self.text(*face, text);
            }
            Draw::Rule {
                x,
                y,
                w,
                thickness,
                grey: g,
                field,
                room,
            } => {
                self.end_text();
                let yy = self.height - top - y;
                if let Some(f) = field {
                    // The widget covers the line and the room above it to write in.
                    self.fields
                        .push((*f, [MARGIN_X + x, yy - 2.0, MARGIN_X + x + w, yy + room]));
                }
                self.open(Mark::Artifact(artifact.unwrap_or(Artifact::Layout)), yy);
                if self.stroke != Some((g.to_bits(), thickness.to_bits())) {
                    self.grey(*g, "RG\n");
                    self.num(hundredths(*thickness));
                    self.op(" w\n");
                    self.stroke = Some((g.to_bits(), thickness.to_bits()));
                }
                let (x0, x1, y) = (
                    hundredths(MARGIN_X + x),
                    hundredths(MARGIN_X + x + w),
                    hundredths(yy),
                );
                self.num(x0);
                self.op(" ");
                self.num(y);
                self.op(" m ");
                self.num(x1);
                self.op(" ");
                self.num(y);
                self.op(" l S\n");
                self.close();
            }
            Draw::Box { x, y, w, h, field } => {
                self.end_text();
                let (x0, y0) = (MARGIN_X + x, self.height - top - y - h);
                if let Some(f) = field {
                    // A notes box's field sits just inside it, so that typed text
                    // does not touch the frame; a tick box's field is the box.
                    let pad = if *h > BOX { 2.0 } else { 0.0 };
                    let rect = [x0 + pad, y0 + pad, x0 + w - pad, y0 + h - pad];
                    self.fields.push((*f, rect));
                }
                self.open(Mark::Artifact(artifact.unwrap_or(Artifact::Layout)), y0);
                if self.stroke != Some((super::style::INK.to_bits(), 0.8f32.to_bits())) {
                    self.grey(super::style::INK, "RG\n");
                    self.num(80);
                    self.op(" w\n");
                    self.stroke = Some((super::style::INK.to_bits(), 0.8f32.to_bits()));
                }
                for v in [x0, y0, *w, *h] {
                    self.num(hundredths(v));
                    self.op(" ");
                }
                self.op("re S\n");
                self.close();
            }
        }
    }

    /// `text` shown as literal strings of two-byte codes in `face`'s subset. Characters
    /// the face has no glyph for (no font had one) are drawn as U+FFFD inside a span
    /// whose `/ActualText` is the real characters, so that they are read as written.
    fn text(&mut self, face: FaceId, text: &str) {
        let f: &Face = self.fonts.faces[face];
        let mut rest = text;
        while !rest.is_empty() {
            let known = self.known(face, rest);
            let tail = &rest[known..];
            let unknown = tail.find(|c| f.glyph(c).is_some()).unwrap_or(tail.len());
            let (lacking, tail) = tail.split_at(unknown);
            if !lacking.is_empty() {
                self.lacking(face, lacking, f.glyph('\u{FFFD}').or(f.glyph('?')));
            }
            rest = tail;
        }
    }

    /// The characters at the start of `text` that `face` has, as one `Tj` (none if the
    /// first is lacking); returns how many bytes of `text` they are. Each glyph is
    /// looked up once, as it is written.
    fn known(&mut self, face: FaceId, text: &str) -> usize {
        let f: &Face = self.fonts.faces[face];
        let codes = self.embedded[face].as_ref().map(|e| &e.codes[..]);
        // Two bytes a glyph, a few more for escapes: grown once, not glyph by glyph.
        self.ops.reserve(2 * text.len() + 8);
        let mut end = 0;
        for (at, c) in text.char_indices() {
            let Some(gid) = f.glyph(c) else { break };
            if at == 0 {
                self.ops.push(b'(');
            }
            push_code(&mut self.ops, codes, gid);
            end = at + c.len_utf8();
        }
        if end > 0 {
            self.ops.extend_from_slice(b") Tj\n");
        }
        end
    }

    /// `text`, which `face` has no glyphs for, drawn as `stand_in` glyphs. In content,
    /// it is a marked-content sequence of its own (of the same element, not nested in
    /// another, which readers lose their place in) whose `/ActualText` is `text`.
    fn lacking(&mut self, face: FaceId, text: &str, stand_in: Option<u16>) {
        let glyphs = text.chars().map(|_| stand_in.unwrap_or(0));
        let mut actual = b" /ActualText <FEFF".to_vec();
        for u in text.encode_utf16() {
            crate::digest::push_hex(&mut actual, &u.to_be_bytes(), crate::digest::UPPER);
        }
        actual.extend_from_slice(b">>> BDC\n");
        let Some(Mark::Elem(e)) = self.mark else {
            // In an artifact (a footer), nesting is harmless: nothing reads its tags.
            self.op("/Span <<");
            self.ops.extend_from_slice(&actual[1..]);
            self.codes(face, glyphs);
            self.op("EMC\n");
            return;
        };
        self.close();
        let mcid = self.mcids.len() as i64;
        self.mcids.push(e);
        self.tops.push(self.top);
        // Tagged `Span`, which readers look for `/ActualText` on (poppler only there);
        // its structure element is still the one the MCID belongs to.
        self.op("/Span <</MCID ");
        self.int(mcid);
        self.ops.extend_from_slice(&actual);
        self.codes(face, glyphs);
        self.op("EMC\n");
        // What follows in the same draw opens a new sequence of the element.
        let top = self.top;
        self.open(Mark::Elem(e), top);
    }

    /// Glyphs `gids` of `face` as one `Tj`.
    fn codes(&mut self, face: FaceId, gids: impl Iterator<Item = u16>) {
        let codes = self.embedded[face].as_ref().map(|e| &e.codes[..]);
        self.ops.push(b'(');
        for gid in gids {
            push_code(&mut self.ops, codes, gid);
        }
        self.ops.extend_from_slice(b") Tj\n");
    }

    /// A marked-content sequence never straddles the end of a text object.
    fn end_text(&mut self) {
        if self.in_text {
            self.close();
            self.op("ET\n");
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
            fields: self.fields,
            links: self.links,
        }
    }
}

/// Glyph `gid`'s two-byte code in the subset whose codes are `codes`, inside a literal
/// string: escaped are the string's delimiters, the escape, and a carriage return
/// (which a reader would take for an end of line). Inlined by force: it runs for every
/// glyph of every page, and left to itself the compiler kept it a call.
#[inline(always)]
fn push_code(ops: &mut Vec<u8>, codes: Option<&[u16]>, gid: u16) {
    let code = codes
        .and_then(|t| t.get(gid as usize))
        .copied()
        .unwrap_or(0);
    let bytes = code.to_be_bytes();
    let special = |b: &u8| matches!(b, b'(' | b')' | b'\\' | b'\r');
    if !bytes.iter().any(special) {
        ops.extend_from_slice(&bytes);
        return;
    }
    for b in bytes {
        match b {
            b'\r' => ops.extend_from_slice(b"\\r"),
            b if special(&b) => ops.extend_from_slice(&[b'\\', b]),
            _ => ops.push(b),
        }
    }
}

/// `v` hundredths as a PDF number: "12.5", "-3.07", "68".
fn number(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    let v = v.unsigned_abs();
    let (whole, frac) = (v / 100, v % 100);
    super::write::int(out, whole as i64);
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if frac % 10 != 0 {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

/// Deflate every stream not yet compressed, at the fastest level: lopdf's `compress`
/// uses the default level, which was half the time of a whole agreement, for files
/// only ~10% smaller.
pub(super) fn compress_streams(doc: &mut lopdf::Document) {
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            // PDF/A: the XMP metadata stays readable without a decoder.
            let metadata =
                s.dict.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"Metadata");
            if s.dict.get(b"Filter").is_ok() || metadata {
                continue;
            }
            let z = deflate(&s.content);
            if z.len() < s.content.len() {
                s.dict
                    .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                s.set_content(z);
            }
        }
    }
}

/// A stable 16-byte document id (FNV-1a over the inputs; not a security hash).
pub(super) fn content_id(md: &str, title: &str, when: i64) -> Vec<u8> {
    let parts = [md.as_bytes(), title.as_bytes(), &when.to_le_bytes()];
    fnv1a_each([FNV_OFFSET, 0x8422_2325_cbf2_9ce4], &parts)
        .iter()
        .flat_map(|h| h.to_be_bytes())
        .collect()
}
