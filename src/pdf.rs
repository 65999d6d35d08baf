//! PDF, typeset from the agreement's Markdown, so both always say the same thing.
//!
//! Stages: pulldown-cmark events → [`Block`]s (headings, paragraphs, list items, tables)
//! → wrapped [`Row`]s measured with the font's own advance widths → pages (headings kept
//! with what follows, no single line left behind, tables repeat their header, a
//! `<!-- keep-together -->` region never splits) → printpdf operations.
//!
//! Fonts: DejaVu Serif in four faces, embedded in the binary and parsed once per process
//! ([`FONTS`]). Each document embeds only the glyphs it uses: we subset with the
//! `subsetter` crate and give printpdf a small font whose glyph ids and widths we know,
//! because printpdf without its heavy `text_layout` feature embeds whole fonts.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{LazyLock, Mutex};

use printpdf::{
    Color, FontId, Greyscale, Line as PdfLine, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::cli::Paper;
use crate::error::{Error, Result};
use crate::model::Agreement;

// ---------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------

const FACE_FILES: [(&str, &[u8]); 4] = [
    ("DejaVuSerif", include_bytes!("../fonts/DejaVuSerif.ttf")),
    (
        "DejaVuSerif-Bold",
        include_bytes!("../fonts/DejaVuSerif-Bold.ttf"),
    ),
    (
        "DejaVuSerif-Italic",
        include_bytes!("../fonts/DejaVuSerif-Italic.ttf"),
    ),
    (
        "DejaVuSerif-BoldItalic",
        include_bytes!("../fonts/DejaVuSerif-BoldItalic.ttf"),
    ),
];

/// Index into [`Fonts::faces`]: bit 0 is bold, bit 1 italic.
type FaceId = usize;
const REGULAR: FaceId = 0;
const BOLD: FaceId = 1;
const ITALIC: FaceId = 2;

/// One font face, parsed once: character → glyph and glyph → advance width.
pub struct Face {
    name: &'static str,
    data: &'static [u8],
    /// Glyph id for each character of the Basic Multilingual Plane (0 = none).
    bmp: Vec<u16>,
    other: BTreeMap<u32, u16>,
    advances: Vec<u16>,
    units_per_em: f32,
    template: ParsedFont,
}

impl Face {
    fn load(name: &'static str, data: &'static [u8]) -> Face {
        let parsed =
            ParsedFont::from_bytes(data, 0, &mut Vec::new()).expect("embedded font parses");
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
        template.font_name = Some(name.to_string());
        Face {
            name,
            data,
            bmp,
            other,
            advances,
            units_per_em,
            template,
        }
    }

    pub fn glyph(&self, c: char) -> Option<u16> {
        let gid = match self.bmp.get(c as usize) {
            Some(g) => *g,
            None => self.other.get(&(c as u32)).copied().unwrap_or(0),
        };
        (gid != 0).then_some(gid)
    }

    fn advance(&self, gid: u16) -> f32 {
        self.advances.get(gid as usize).copied().unwrap_or(0) as f32 / self.units_per_em
    }
}

pub struct Fonts {
    faces: Vec<Face>,
}

/// Parsed on first use, then shared by every document and thread.
pub static FONTS: LazyLock<Fonts> = LazyLock::new(|| Fonts {
    faces: FACE_FILES.iter().map(|(n, d)| Face::load(n, d)).collect(),
});

// ---------------------------------------------------------------------------
// Page geometry and type sizes (points)
// ---------------------------------------------------------------------------

const BODY: f32 = 10.5;
const LEADING: f32 = 1.38;
const MARGIN_X: f32 = 68.0;
const MARGIN_TOP: f32 = 62.0;
const MARGIN_BOTTOM: f32 = 70.0;
const FOOTER_BASELINE: f32 = 36.0;
const INDENT: f32 = 22.0;
const CELL_PAD: f32 = 4.0;
const INK: f32 = 0.1;
const GREY: f32 = 0.45;

struct Geometry {
    width: f32,
    height: f32,
}

impl Geometry {
    fn of(paper: Paper) -> Self {
        match paper {
            Paper::A4 => Geometry {
                width: 595.28,
                height: 841.89,
            },
            Paper::Letter => Geometry {
                width: 612.0,
                height: 792.0,
            },
        }
    }
    fn text_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }
    fn bottom(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }
}

// ---------------------------------------------------------------------------
// Document metadata
// ---------------------------------------------------------------------------

pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// Short title for the footer of every page.
    pub footer: String,
}

impl Meta {
    pub fn for_agreement(a: &Agreement) -> Self {
        let pair = format!("{} and {}", a.mentee.name, a.mentor.name);
        let programme = a
            .programme
            .as_ref()
            .and_then(|p| p.name.clone().or(p.organisation.clone()));
        Meta {
            title: format!("{} — {pair}", a.title),
            author: pair.clone(),
            subject: match programme {
                Some(p) => format!(
                    "Mentoring agreement, {p}, {} to {}",
                    a.duration.start, a.duration.end
                ),
                None => format!(
                    "Mentoring agreement, {} to {}",
                    a.duration.start, a.duration.end
                ),
            },
            footer: format!("{}: {pair}", a.title),
        }
    }
}

pub struct PdfOutput {
    pub bytes: Vec<u8>,
    /// Characters the font cannot show, with where they appeared.
    pub warnings: Vec<String>,
}

// ---------------------------------------------------------------------------
// Markdown → blocks
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Piece {
    text: String,
    face: FaceId,
}

/// Inline text: pieces with a face each; `\n` in a piece is a hard line break.
type Inline = Vec<Piece>;

#[derive(Debug)]
enum Block {
    Heading {
        level: u8,
        text: Inline,
    },
    Para {
        indent: f32,
        marker: Option<String>,
        text: Inline,
        space_before: f32,
    },
    Table {
        align: Vec<Alignment>,
        head: Vec<Inline>,
        rows: Vec<Vec<Inline>>,
    },
    Rule,
    KeepStart,
    KeepEnd,
}

/// Alignments, header cells and body rows of a table being read.
type TableParts = (Vec<Alignment>, Vec<Inline>, Vec<Vec<Inline>>);

struct ListState {
    next: Option<u64>,
    /// Tight lists put their items' text directly in the item.
    first_para_in_item: bool,
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut inline: Inline = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut lists: Vec<ListState> = Vec::new();
    let mut marker: Option<String> = None;
    let mut table: Option<TableParts> = None;
    let mut row: Vec<Inline> = Vec::new();
    let mut in_head = false;
    let mut quote_depth = 0usize;

    let indent = |lists: &Vec<ListState>, quote: usize| (lists.len() + quote) as f32 * INDENT;
    fn flush(
        out: &mut Vec<Block>,
        inline: &mut Inline,
        marker: &mut Option<String>,
        indent: f32,
        space_before: f32,
    ) {
        if inline.iter().all(|p| p.text.trim().is_empty()) {
            inline.clear();
            return;
        }
        out.push(Block::Para {
            indent,
            marker: marker.take(),
            text: std::mem::take(inline),
            space_before,
        });
    }

    for ev in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        let face = (bold > 0) as usize * BOLD + (italic > 0) as usize * ITALIC;
        match ev {
            Event::Start(Tag::Heading { .. }) => inline.clear(),
            Event::End(TagEnd::Heading(level)) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                out.push(Block::Heading {
                    level,
                    text: std::mem::take(&mut inline),
                });
            }
            Event::Start(Tag::Paragraph) => {
                // Text before a nested paragraph in a list item belongs to the item.
                let ind = indent(&lists, quote_depth);
                flush(&mut out, &mut inline, &mut marker, ind, 2.0);
            }
            Event::End(TagEnd::Paragraph) => {
                let in_item = !lists.is_empty();
                let space = match lists.last_mut() {
                    Some(l) if l.first_para_in_item => {
                        l.first_para_in_item = false;
                        3.0
                    }
                    Some(_) => 3.0,
                    None => 7.0,
                };
                let ind = indent(&lists, quote_depth);
                flush(
                    &mut out,
                    &mut inline,
                    &mut marker,
                    ind,
                    if in_item { space } else { 7.0 },
                );
            }
            Event::Start(Tag::List(start)) => {
                let ind = indent(&lists, quote_depth);
                flush(&mut out, &mut inline, &mut marker, ind, 3.0);
                lists.push(ListState {
                    next: start,
                    first_para_in_item: true,
                });
            }
            Event::End(TagEnd::List(_)) => {
                let ind = indent(&lists, quote_depth);
                flush(&mut out, &mut inline, &mut marker, ind, 3.0);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let ind = indent(&lists, quote_depth);
                flush(&mut out, &mut inline, &mut marker, ind, 3.0);
                if let Some(l) = lists.last_mut() {
                    l.first_para_in_item = true;
                    marker = Some(match &mut l.next {
                        Some(n) => {
                            *n += 1;
                            format!("{}.", *n - 1)
                        }
                        None => if lists.len() % 2 == 1 { "•" } else { "–" }.to_string(),
                    });
                }
            }
            Event::End(TagEnd::Item) => {
                let ind = indent(&lists, quote_depth);
                flush(&mut out, &mut inline, &mut marker, ind, 3.0);
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::Table(align)) => table = Some((align, Vec::new(), Vec::new())),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if let Some(t) = table.as_mut() {
                    t.1 = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.2.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::TableCell) => {
                let mut cell = std::mem::take(&mut inline);
                if in_head {
                    cell.iter_mut().for_each(|p| p.face |= BOLD);
                }
                row.push(cell);
            }
            Event::End(TagEnd::Table) => {
                if let Some((align, head, rows)) = table.take() {
                    out.push(Block::Table { align, head, rows });
                }
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => inline.push(Piece {
                text: t.into_string(),
                face,
            }),
            Event::SoftBreak => inline.push(Piece {
                text: " ".into(),
                face,
            }),
            Event::HardBreak => inline.push(Piece {
                text: "\n".into(),
                face,
            }),
            Event::Rule => out.push(Block::Rule),
            Event::Html(h) | Event::InlineHtml(h) => {
                let h = h.trim();
                if h.starts_with("<!--") && h.contains("/keep-together") {
                    out.push(Block::KeepEnd);
                } else if h.starts_with("<!--") && h.contains("keep-together") {
                    out.push(Block::KeepStart);
                }
            }
            _ => {}
        }
    }
    flush(&mut out, &mut inline, &mut marker, 0.0, 7.0);
    out
}

// ---------------------------------------------------------------------------
// Measuring and wrapping
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Draw {
    Text {
        x: f32,
        y: f32,
        face: FaceId,
        size: f32,
        text: String,
        grey: f32,
    },
    Rule {
        x: f32,
        y: f32,
        w: f32,
        thickness: f32,
        grey: f32,
    },
}

/// An unbreakable slice of the page: a line, a table row, or a keep-together region.
#[derive(Debug, Clone)]
struct Row {
    space_before: f32,
    height: f32,
    /// Positions relative to the row's top-left (y grows downwards).
    draws: Vec<Draw>,
    keep_with_next: bool,
    /// Index of a table header row to repeat when this row starts a page.
    header: Option<usize>,
}

/// Records every glyph used (for subsetting) and every character the font lacks.
struct Usage<'f> {
    fonts: &'f Fonts,
    /// Per face, per glyph id: the character it shows, or `\0` if unused.
    glyphs: [Vec<char>; 4],
    missing: BTreeSet<(char, String)>,
}

impl<'f> Usage<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        let glyphs = std::array::from_fn(|i| vec!['\0'; fonts.faces[i].advances.len()]);
        Usage {
            fonts,
            glyphs,
            missing: BTreeSet::new(),
        }
    }

    /// The glyphs of `face` in use, with the character each shows.
    fn used(&self, face: FaceId) -> BTreeMap<u16, char> {
        self.glyphs[face]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != '\0')
            .map(|(g, c)| (g as u16, *c))
            .collect()
    }

    /// Make `text` showable in `face`: characters the font lacks become U+FFFD (and are
    /// reported); returns the text and its width at `size`.
    fn shape(&mut self, text: &str, face: FaceId, size: f32, context: &Inline) -> (String, f32) {
        let f = &self.fonts.faces[face];
        let mut out = String::with_capacity(text.len());
        let mut w = 0.0;
        for c in text.chars() {
            let (c, gid) = match f.glyph(c) {
                Some(g) => (c, g),
                None if c.is_control() => continue,
                None => {
                    let snippet: String =
                        context.iter().map(|p| p.text.as_str()).collect::<String>();
                    let snippet: String = snippet.chars().take(60).collect();
                    self.missing.insert((c, snippet));
                    let r = f
                        .glyph('\u{FFFD}')
                        .map_or(('?', f.glyph('?').unwrap_or(0)), |g| ('\u{FFFD}', g));
                    (r.0, r.1)
                }
            };
            if let Some(slot) = self.glyphs[face].get_mut(gid as usize) {
                if *slot == '\0' {
                    *slot = c;
                }
            }
            w += f.advance(gid);
            out.push(c);
        }
        (out, w * size)
    }

    fn width(&mut self, text: &str, face: FaceId, size: f32) -> f32 {
        self.shape(text, face, size, &Vec::new()).1
    }
}

/// A word: pieces without spaces between them (e.g. "**Mentee:**" then "Zoë").
#[derive(Default)]
struct Word {
    pieces: Vec<(String, FaceId, f32)>,
    width: f32,
    /// A run of underscores: a blank to sign on, drawn as a line.
    blank: bool,
    space_after: f32,
    hard_break: bool,
}

fn words(text: &Inline, size: f32, u: &mut Usage<'_>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut cur = Word::default();
    let push = |out: &mut Vec<Word>, cur: &mut Word| {
        if !cur.pieces.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    for piece in text {
        let face = piece.face;
        let mut rest = piece.text.as_str();
        while !rest.is_empty() {
            let cut = rest.find([' ', '\n']).unwrap_or(rest.len());
            let (part, tail) = rest.split_at(cut);
            if !part.is_empty() {
                let blank = part.len() >= 4 && part.bytes().all(|b| b == b'_');
                let (shown, w) = u.shape(part, face, size, text);
                cur.blank |= blank;
                cur.width += w;
                cur.pieces.push((shown, face, w));
            }
            if let Some(sep) = tail.chars().next() {
                if sep == '\n' {
                    cur.hard_break = true;
                } else {
                    cur.space_after = u.width(" ", face, size);
                }
                push(&mut out, &mut cur);
                rest = &tail[1..];
            } else {
                rest = tail;
            }
        }
    }
    push(&mut out, &mut cur);
    out
}

/// Greedy line breaking; a word wider than the line is split between characters.
fn wrap(words: Vec<Word>, width: f32, size: f32) -> Vec<Vec<(f32, Word)>> {
    let mut lines: Vec<Vec<(f32, Word)>> = vec![Vec::new()];
    let mut x = 0.0;
    for w in words.into_iter().flat_map(|w| split_long(w, width, size)) {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && x + w.width > width + 0.01 {
            lines.push(Vec::new());
            x = 0.0;
        }
        let hard = w.hard_break;
        let adv = w.width + w.space_after;
        lines.last_mut().expect("never empty").push((x, w));
        x += adv;
        if hard {
            lines.push(Vec::new());
            x = 0.0;
        }
    }
    lines.retain(|l| !l.is_empty());
    lines
}

fn split_long(w: Word, width: f32, size: f32) -> Vec<Word> {
    if w.width <= width || w.blank {
        return vec![w];
    }
    let fonts = &*FONTS;
    let mut out = Vec::new();
    let mut cur = Word::default();
    for (text, face, _) in w.pieces {
        let f = &fonts.faces[face];
        let mut buf = String::new();
        let mut bw = 0.0;
        for c in text.chars() {
            let cw = f.glyph(c).map_or(0.0, |g| f.advance(g) * size);
            if cur.width + bw + cw > width && (cur.width + bw) > 0.0 {
                if !buf.is_empty() {
                    cur.pieces.push((std::mem::take(&mut buf), face, bw));
                    cur.width += bw;
                }
                out.push(std::mem::take(&mut cur));
                bw = 0.0;
            }
            buf.push(c);
            bw += cw;
        }
        if !buf.is_empty() {
            cur.pieces.push((buf, face, bw));
            cur.width += bw;
        }
    }
    cur.space_after = w.space_after;
    cur.hard_break = w.hard_break;
    out.push(cur);
    out
}

/// Lay out inline text in a box `width` wide: per line, its height and its draws.
fn text_lines(
    text: &Inline,
    size: f32,
    width: f32,
    grey: f32,
    u: &mut Usage<'_>,
) -> Vec<(f32, Vec<Draw>)> {
    let lead = size * LEADING;
    let ascent = size * 0.93;
    wrap(words(text, size, u), width, size)
        .into_iter()
        .map(|line| {
            let mut draws: Vec<Draw> = Vec::new();
            // End x of the last text draw, to join words of one face into a single run.
            let mut run_end = f32::NAN;
            for (x, w) in line {
                if w.blank {
                    draws.push(Draw::Rule {
                        x,
                        y: ascent + 1.5,
                        w: w.width,
                        thickness: 0.6,
                        grey: INK,
                    });
                    run_end = f32::NAN;
                    continue;
                }
                let mut px = x;
                for (t, face, pw) in w.pieces {
                    let joined = match draws.last_mut() {
                        Some(Draw::Text { face: f, text, .. }) if *f == face => {
                            let gap = px - run_end;
                            if gap.abs() < 0.01 {
                                text.push_str(&t);
                                true
                            } else if (gap - u.width(" ", face, size)).abs() < 0.01 {
                                text.push(' ');
                                text.push_str(&t);
                                true
                            } else {
                                false
                            }
                        }
                        _ => false,
                    };
                    if !joined {
                        draws.push(Draw::Text {
                            x: px,
                            y: ascent,
                            face,
                            size,
                            text: t,
                            grey,
                        });
                    }
                    px += pw;
                    run_end = px;
                }
            }
            // A line to sign on needs room above it for a handwritten signature.
            let room = if draws.iter().any(|d| matches!(d, Draw::Rule { .. })) {
                size * 1.8
            } else {
                0.0
            };
            shift(&mut draws, 0.0, room);
            (lead + room, draws)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Blocks → rows
// ---------------------------------------------------------------------------

fn rows(blocks: Vec<Block>, geo: &Geometry, u: &mut Usage<'_>) -> Vec<Row> {
    let width = geo.text_width();
    let mut out: Vec<Row> = Vec::new();
    let mut keep_from: Option<usize> = None;
    for b in blocks {
        match b {
            Block::Heading { level, text } => {
                let (size, before, after) = match level {
                    1 => (19.0, 0.0, 10.0),
                    2 => (13.0, 15.0, 4.0),
                    _ => (11.5, 10.0, 3.0),
                };
                let text: Inline = text
                    .into_iter()
                    .map(|p| Piece {
                        face: p.face | BOLD,
                        ..p
                    })
                    .collect();
                let lines = text_lines(&text, size, width, INK, u);
                let n = lines.len();
                for (i, (h, draws)) in lines.into_iter().enumerate() {
                    out.push(Row {
                        space_before: if i == 0 { before } else { 0.0 },
                        height: h + if i + 1 == n { after } else { 0.0 },
                        draws,
                        keep_with_next: true,
                        header: None,
                    });
                }
            }
            Block::Para {
                indent,
                marker,
                text,
                space_before,
            } => {
                let lead_in = text
                    .iter()
                    .rev()
                    .find(|p| !p.text.trim().is_empty())
                    .is_some_and(|p| p.text.trim_end().ends_with(':'));
                let lines = text_lines(&text, BODY, width - indent, INK, u);
                let n = lines.len();
                for (i, (h, mut draws)) in lines.into_iter().enumerate() {
                    shift(&mut draws, indent, 0.0);
                    if i == 0 {
                        if let Some(m) = &marker {
                            let (shown, mw) = u.shape(m, REGULAR, BODY, &Vec::new());
                            // Right-aligned before the text; a wide marker may use the gap.
                            let x = (indent - 4.0 - mw).max(indent - INDENT);
                            draws.insert(
                                0,
                                Draw::Text {
                                    x,
                                    y: BODY * 0.93,
                                    face: REGULAR,
                                    size: BODY,
                                    text: shown,
                                    grey: INK,
                                },
                            );
                        }
                    }
                    out.push(Row {
                        space_before: if i == 0 { space_before } else { 0.0 },
                        height: h,
                        draws,
                        // No single first or last line of a paragraph alone on a page,
                        // and a lead-in ending in a colon stays with what it introduces.
                        keep_with_next: (n > 1 && (i == 0 || i + 2 == n))
                            || (i + 1 == n && lead_in),
                        header: None,
                    });
                }
            }
            Block::Table {
                align,
                head,
                rows: body,
            } => table_rows(&align, &head, &body, width, u, &mut out),
            Block::Rule => out.push(Row {
                space_before: 6.0,
                height: 8.0,
                draws: vec![Draw::Rule {
                    x: 0.0,
                    y: 2.0,
                    w: width,
                    thickness: 0.5,
                    grey: GREY,
                }],
                keep_with_next: false,
                header: None,
            }),
            Block::KeepStart => keep_from = Some(out.len()),
            Block::KeepEnd => {
                if let Some(start) = keep_from.take() {
                    if let Some(joined) = join_rows(&out[start..], geo) {
                        out.truncate(start);
                        out.push(joined);
                    }
                }
            }
        }
    }
    out
}

fn shift(draws: &mut [Draw], dx: f32, dy: f32) {
    for d in draws {
        match d {
            Draw::Text { x, y, .. } | Draw::Rule { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
    }
}

/// One row from several, so they move to a new page together (if they fit on one).
fn join_rows(rows: &[Row], geo: &Geometry) -> Option<Row> {
    let first = rows.first()?;
    let mut draws = Vec::new();
    let mut y = 0.0;
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            y += r.space_before;
        }
        let mut d = r.draws.clone();
        shift(&mut d, 0.0, y);
        draws.extend(d);
        y += r.height;
    }
    (y <= geo.bottom() - MARGIN_TOP).then_some(Row {
        space_before: first.space_before,
        height: y,
        draws,
        keep_with_next: false,
        header: None,
    })
}

fn table_rows(
    align: &[Alignment],
    head: &[Inline],
    body: &[Vec<Inline>],
    width: f32,
    u: &mut Usage<'_>,
    out: &mut Vec<Row>,
) {
    let cols = head.len().max(body.iter().map(Vec::len).max().unwrap_or(0));
    if cols == 0 {
        return;
    }
    // Natural (one-line) and minimum (longest word) widths per column.
    let mut natural = vec![0.0f32; cols];
    let mut minimum = vec![0.0f32; cols];
    for row in std::iter::once(head).chain(body.iter().map(Vec::as_slice)) {
        for (c, cell) in row.iter().enumerate() {
            let ws = words(cell, BODY, u);
            let total: f32 = ws.iter().map(|w| w.width + w.space_after).sum();
            let longest = ws.iter().map(|w| w.width).fold(0.0, f32::max);
            natural[c] = natural[c].max(total + 2.0 * CELL_PAD);
            minimum[c] = minimum[c].max(longest + 2.0 * CELL_PAD);
        }
    }
    let widths = column_widths(&natural, &minimum, width);
    let row_of = |cells: &[Inline], u: &mut Usage<'_>, is_head: bool| -> Row {
        let mut draws = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = 0.0;
        for (c, &col_width) in widths.iter().enumerate() {
            let empty = Vec::new();
            let cell = cells.get(c).unwrap_or(&empty);
            let inner = col_width - 2.0 * CELL_PAD;
            let lines = text_lines(cell, BODY, inner, INK, u);
            let mut y = CELL_PAD;
            for (h, mut d) in lines {
                let used = d
                    .iter()
                    .map(|d| match d {
                        Draw::Text {
                            x,
                            text,
                            face,
                            size,
                            ..
                        } => x + u.width(text, *face, *size),
                        Draw::Rule { x, w, .. } => x + w,
                    })
                    .fold(0.0, f32::max);
                let dx = match align.get(c) {
                    Some(Alignment::Right) => inner - used,
                    Some(Alignment::Center) => (inner - used) / 2.0,
                    _ => 0.0,
                };
                shift(&mut d, x + CELL_PAD + dx, y);
                draws.extend(d);
                y += h;
            }
            height = height.max(y + CELL_PAD);
            x += col_width;
        }
        let (thickness, grey) = if is_head { (0.8, INK) } else { (0.3, 0.7) };
        draws.push(Draw::Rule {
            x: 0.0,
            y: height,
            w: width,
            thickness,
            grey,
        });
        Row {
            space_before: 0.0,
            height,
            draws,
            keep_with_next: is_head,
            header: None,
        }
    };
    let mut first = row_of(head, u, true);
    first.space_before = 6.0;
    let header_index = out.len();
    out.push(first);
    let n = body.len();
    for (i, r) in body.iter().enumerate() {
        let mut row = row_of(r, u, false);
        row.header = Some(header_index);
        row.keep_with_next = i == 0 && n > 1;
        out.push(row);
    }
    if let Some(last) = out.last_mut() {
        last.height += 6.0;
    }
}

/// Share `width` between columns: natural widths if they fit, else every column gets its
/// minimum and the rest is shared in proportion to what each would still like.
fn column_widths(natural: &[f32], minimum: &[f32], width: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= width {
        let mut w = natural.to_vec();
        if let Some(last) = w.last_mut() {
            *last += width - total;
        }
        return w;
    }
    let min_total: f32 = minimum.iter().sum();
    if min_total >= width {
        return minimum.iter().map(|m| m * width / min_total).collect();
    }
    let want: f32 = natural.iter().zip(minimum).map(|(n, m)| n - m).sum();
    natural
        .iter()
        .zip(minimum)
        .map(|(n, m)| m + (n - m) / want * (width - min_total))
        .collect()
}

// ---------------------------------------------------------------------------
// Rows → pages
// ---------------------------------------------------------------------------

/// Place rows on pages; returns, per page, (row index, top y) pairs.
fn paginate(rows: &[Row], geo: &Geometry) -> Vec<Vec<(usize, f32)>> {
    let usable = geo.bottom() - MARGIN_TOP;
    let mut pages: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
    let mut y = MARGIN_TOP;
    for i in 0..rows.len() {
        let r = &rows[i];
        let at_top = pages.last().is_some_and(Vec::is_empty);
        // The height this row needs on this page: itself and what it must stay with.
        let mut need = if at_top { 0.0 } else { r.space_before } + r.height;
        let mut j = i;
        while rows[j].keep_with_next && j + 1 < rows.len() && need < usable {
            j += 1;
            need += rows[j].space_before + rows[j].height;
        }
        if need > usable {
            need = r.height;
        }
        if !at_top && y + need > geo.bottom() {
            pages.push(Vec::new());
            y = MARGIN_TOP;
            if let Some(h) = r.header {
                pages.last_mut().expect("just pushed").push((h, y));
                y += rows[h].height;
            }
        } else if !at_top {
            y += r.space_before;
        }
        pages.last_mut().expect("never empty").push((i, y));
        y += r.height;
    }
    pages
}

// ---------------------------------------------------------------------------
// Pages → PDF
// ---------------------------------------------------------------------------

fn grey(v: f32) -> Color {
    Color::Greyscale(Greyscale::new(v, None))
}

/// Builds one page's operators: all text in one text object, positioned with relative
/// moves, with font and colour set only when they change.
struct PageOps<'a> {
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
    fn new(ids: &'a [FontId], height: f32, capacity: usize) -> Self {
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

    fn draw(&mut self, d: &Draw, top: f32) {
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

    fn finish(mut self) -> Vec<Op> {
        self.end_text();
        self.ops
    }
}

/// A subset of `face` holding `used` glyphs, as a font printpdf can embed.
fn subset_font(face: &Face, used: &BTreeMap<u16, char>) -> Result<ParsedFont> {
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

fn subset_tag(used: &BTreeMap<u16, char>) -> String {
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

/// Typeset `md` as a PDF.
pub fn render(md: &str, meta: &Meta, paper: Paper) -> Result<PdfOutput> {
    let fonts = &*FONTS;
    let geo = Geometry::of(paper);
    let mut usage = Usage::new(fonts);
    let rows = rows(blocks(md), &geo, &mut usage);
    let pages = paginate(&rows, &geo);
    let total = pages.len();

    // Footers are laid out before fonts are subset, so their glyphs are included.
    let footers: Vec<(Vec<Draw>, Vec<Draw>)> = (1..=total)
        .map(|n| {
            let left: Inline = vec![Piece {
                text: meta.footer.clone(),
                face: ITALIC,
            }];
            let right = format!("Page {n} of {total}");
            let (shown, w) = usage.shape(&right, REGULAR, 8.5, &Vec::new());
            let max_left = geo.text_width() - w - 12.0;
            let mut l = text_lines(&left, 8.5, max_left, GREY, &mut usage)
                .into_iter()
                .next()
                .map(|l| l.1)
                .unwrap_or_default();
            l.truncate(1);
            let r = vec![Draw::Text {
                x: geo.text_width() - w,
                y: 0.0,
                face: REGULAR,
                size: 8.5,
                text: shown,
                grey: GREY,
            }];
            (l, r)
        })
        .collect();

    let mut doc = PdfDocument::new(&meta.title);
    let mut ids = Vec::new();
    for (i, face) in fonts.faces.iter().enumerate() {
        let id = FontId(format!("F{}", i + 1));
        let used = usage.used(i);
        if !used.is_empty() {
            let font = subset_font(face, &used)?;
            doc.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(font));
        }
        ids.push(id);
    }
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .zip(&footers)
        .map(|(placed, (left, right))| {
            let mut ops = PageOps::new(&ids, geo.height, placed.len() * 4);
            for &(i, top) in placed {
                for d in &rows[i].draws {
                    ops.draw(d, top);
                }
            }
            let footer_top = geo.height - FOOTER_BASELINE;
            for d in left.iter().take(1).chain(right) {
                let mut d = d.clone();
                if let Draw::Text { y, .. } = &mut d {
                    *y = 0.0;
                }
                ops.draw(&d, footer_top);
            }
            PdfPage::new(
                Mm(geo.width * 25.4 / 72.0),
                Mm(geo.height * 25.4 / 72.0),
                ops.finish(),
            )
        })
        .collect();
    doc.with_pages(pdf_pages);

    let info = &mut doc.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = format!("mentorpact {}", env!("CARGO_PKG_VERSION"));
    info.producer = "mentorpact (printpdf)".into();
    let when = crate::source_date_epoch()
        .unwrap_or_else(jiff::Timestamp::now)
        .as_second();
    let stamp = printpdf::OffsetDateTime::from_unix_timestamp(when)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    info.creation_date = stamp;
    info.modification_date = stamp;
    info.metadata_date = stamp;

    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(
        &PdfSaveOptions {
            optimize: true,
            subset_fonts: false,
            ..Default::default()
        },
        &mut warnings,
    );
    // printpdf draws the trailer /ID from a process-wide counter; derive it from the
    // content instead, so the same input gives the same bytes.
    let id = content_id(md, meta, when);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.to_vec(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id.to_vec(), lopdf::StringFormat::Hexadecimal),
        ]),
    );
    compress_streams(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| Error::Pdf(e.to_string()))?;

    let missing = usage
        .missing
        .into_iter()
        .map(|(c, at)| format!("the PDF font has no character '{c}' (U+{:04X}); it shows as '\u{FFFD}' in \"{at}\"", c as u32))
        .collect();
    Ok(PdfOutput {
        bytes,
        warnings: missing,
    })
}

/// Deflate every stream at the fastest level: lopdf's `compress` uses the default
/// level, which was half the time of a whole agreement, for files only ~10% smaller.
fn compress_streams(doc: &mut lopdf::Document) {
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

fn deflate(content: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(content, 1)
}

/// Font subsets repeat from one agreement to the next in a batch (the same text, the
/// same glyphs), so their compressed form is kept, keyed by the exact bytes.
static DEFLATED: LazyLock<Mutex<HashMap<Vec<u8>, Vec<u8>>>> = LazyLock::new(Default::default);
const CACHE_ENTRIES: usize = 64;

fn deflate_font(program: &[u8]) -> Vec<u8> {
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
fn content_id(md: &str, meta: &Meta, when: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    for seed in [0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4] {
        let mut h = seed;
        for b in md
            .bytes()
            .chain(meta.title.bytes())
            .chain(when.to_le_bytes())
        {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend_from_slice(&h.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_diacritics_are_in_the_font() {
        let f = &FONTS.faces[REGULAR];
        for c in "Zoë Ó'Brien Łukasz Żółkiewski-Nørgaard Siobhán Ní Bhriain –•\u{FFFD}".chars()
        {
            assert!(c == ' ' || f.glyph(c).is_some(), "{c} missing");
        }
    }

    #[test]
    fn widths_are_measured_not_guessed() {
        let mut u = Usage::new(&FONTS);
        let narrow = u.width("iiii", REGULAR, 10.0);
        let wide = u.width("MMMM", REGULAR, 10.0);
        assert!(wide > 2.0 * narrow, "{wide} vs {narrow}");
        assert!(u.width("Bold", BOLD, 10.0) > u.width("Bold", REGULAR, 10.0));
    }

    #[test]
    fn lines_never_exceed_the_measure() {
        let text: Inline = vec![Piece {
            text: "word ".repeat(200) + &"x".repeat(300),
            face: REGULAR,
        }];
        let mut u = Usage::new(&FONTS);
        for (_, draws) in text_lines(&text, BODY, 200.0, INK, &mut u) {
            for d in draws {
                if let Draw::Text {
                    x,
                    text,
                    face,
                    size,
                    ..
                } = d
                {
                    assert!(x + u.width(&text, face, size) <= 200.5);
                }
            }
        }
    }

    #[test]
    fn markdown_structure_becomes_blocks() {
        let b = blocks("# T\n\nPara *it* **b**\n\n1. one\n   - nested\n2. two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n");
        let kinds: Vec<&str> = b
            .iter()
            .map(|b| match b {
                Block::Heading { .. } => "h",
                Block::Para {
                    marker: Some(_), ..
                } => "item",
                Block::Para { .. } => "p",
                Block::Table { .. } => "table",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["h", "p", "item", "item", "item", "table"]);
    }

    #[test]
    fn missing_characters_are_reported() {
        let meta = Meta {
            title: "t".into(),
            author: "a".into(),
            subject: "s".into(),
            footer: "f".into(),
        };
        let out = render("Hello \u{1F600} world", &meta, Paper::A4).unwrap();
        assert_eq!(out.warnings.len(), 1);
        assert!(out.warnings[0].contains("U+1F600"), "{}", out.warnings[0]);
    }

    #[test]
    fn only_font_programs_are_kept_in_the_deflate_cache() {
        // Ten agreements with the same glyphs but different page text: their fonts
        // compress once, and their page streams (unique to each) are not kept.
        let body = "The quick brown fox jumps over the lazy dog 0123456789. ".repeat(400);
        let meta = Meta {
            title: "t".into(),
            author: "a".into(),
            subject: "s".into(),
            footer: "f".into(),
        };
        for i in 0..10 {
            render(
                &format!("# Agreement 0123456789\n\nNumber {i}. {body}"),
                &meta,
                Paper::A4,
            )
            .unwrap();
        }
        let cached = DEFLATED.lock().unwrap().len();
        assert!(cached <= FACE_FILES.len(), "{cached} streams cached");
    }

    #[test]
    fn column_widths_fill_the_line() {
        let w = column_widths(&[30.0, 100.0, 400.0], &[20.0, 60.0, 80.0], 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
        assert!(w[0] >= 20.0 && w[1] >= 60.0);
    }
}
