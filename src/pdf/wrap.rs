//! Measuring and wrapping: inline text → words measured with the font's own advance
//! widths → lines no wider than the measure → positioned [`Draw`]s.

use std::collections::BTreeMap;

use super::blocks::Inline;
use super::fonts::{Face, Fonts};
use super::style::{FaceId, INK, LEADING, REGULAR};
use super::tags::Tag;

#[derive(Debug, Clone)]
pub(super) enum Draw {
    Text {
        x: f32,
        y: f32,
        face: FaceId,
        size: f32,
        text: String,
        grey: f32,
        /// The structure element the text belongs to (set by layout).
        tag: Tag,
        /// An email address, which layout makes a link.
        link: bool,
        /// In the document's second language, which layout makes a Span.
        second: bool,
    },
    Rule {
        x: f32,
        y: f32,
        w: f32,
        thickness: f32,
        grey: f32,
        /// A line to sign or date on that is also a form field (index in the tree's
        /// fields).
        field: Option<u32>,
        /// The height of the field's widget, from the line up.
        room: f32,
    },
    /// A box `w` wide and `h` high: one to tick (a "□" of the template; with a field,
    /// one option of a group of radio buttons), or one to write notes in.
    Box {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        field: Option<u32>,
    },
}

/// A box to tick: big enough for a pen's tick.
pub(super) const BOX: f32 = 10.0;

/// Mark every text draw as content of `tag`.
pub(super) fn tag_text(draws: &mut [Draw], tag: Tag) {
    for d in draws {
        if let Draw::Text { tag: t, .. } = d {
            *t = tag;
        }
    }
}

pub(super) fn shift(draws: &mut [Draw], dx: f32, dy: f32) {
    for d in draws {
        match d {
            Draw::Text { x, y, .. } | Draw::Rule { x, y, .. } | Draw::Box { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
    }
}

/// Records every glyph used (for subsetting) and every character the fonts lack.
pub(super) struct Usage<'f> {
    pub(super) fonts: &'f Fonts,
    /// Per face, per glyph id: the character it shows, or `\0` if unused (empty for a
    /// face not used at all).
    pub(super) glyphs: Vec<Vec<char>>,
    /// Each character no font has, with the text it first appeared in.
    pub(super) missing: BTreeMap<char, String>,
    /// Right-to-left text was seen: it is drawn in typed order, not shaped.
    pub(super) right_to_left: bool,
    /// The width of a space, by face and size: asked for after every word.
    spaces: Vec<(FaceId, u32, f32)>,
    /// The buffers of the last paragraph set, for the next: a document sets hundreds.
    spare: Words,
}

/// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
fn is_right_to_left(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

impl<'f> Usage<'f> {
    pub(super) fn new(fonts: &'f Fonts) -> Self {
        // Sized when a face is first used: an unused face is never even parsed.
        let glyphs = vec![Vec::new(); fonts.faces.len()];
        Usage {
            fonts,
            glyphs,
            missing: BTreeMap::new(),
            right_to_left: false,
            spaces: Vec::new(),
            spare: Words::default(),
        }
    }

    /// The width of a space in `face` at `size`, measured once.
    pub(super) fn space(&mut self, face: FaceId, size: f32) -> f32 {
        let key = size.to_bits();
        if let Some(&(_, _, w)) = self.spaces.iter().find(|(f, k, _)| *f == face && *k == key) {
            return w;
        }
        let w = self.width(" ", face, size);
        self.spaces.push((face, key, w));
        w
    }

    fn mark(&mut self, face: FaceId, gid: u16, c: char) {
        let glyphs = &mut self.glyphs[face];
        if glyphs.is_empty() {
            glyphs.resize(self.fonts.faces[face].advances.len(), '\0');
        }
        if let Some(slot) = glyphs.get_mut(gid as usize) {
            if *slot == '\0' {
                *slot = c;
            }
        }
    }

    /// `text` in `face`, appended to `buf` as runs split where a character is only in a
    /// fallback font; a character no font has is kept in the text but drawn as U+FFFD
    /// (and reported), its real character given as `/ActualText` (see `emit`). Each
    /// run's width is at `size`.
    pub(super) fn runs(
        &mut self,
        text: &str,
        face: FaceId,
        size: f32,
        context: &Inline,
        buf: &mut String,
        out: &mut Vec<Run>,
    ) {
        let start = out.len();
        // The face asked for, resolved once: most characters are in it.
        let primary: &Face = self.fonts.faces[face];
        for c in text.chars() {
            let found = match primary.glyph(c) {
                Some(g) => Some((face, g)),
                None => self.fonts.find(c, face),
            };
            let (shown, f, gid) = match found {
                Some((f, g)) => (c, f, g),
                None if c.is_control() => continue,
                None => {
                    let (r, g) = self.stand_in(c, face, context);
                    (r, face, g)
                }
            };
            self.right_to_left |= is_right_to_left(c);
            self.mark(f, gid, shown);
            let w = match f == face {
                true => primary.advance(gid),
                false => self.fonts.faces[f].advance(gid),
            } * size;
            let at = buf.len() as u32;
            buf.push(c);
            match out[start..].last_mut() {
                Some(r) if r.face == f => {
                    r.end = buf.len() as u32;
                    r.width += w;
                }
                _ => out.push(Run {
                    start: at,
                    end: buf.len() as u32,
                    face: f,
                    width: w,
                    link: false,
                    second: false,
                }),
            }
        }
    }

    /// What stands in for `c`, which no font has, in `face` (U+FFFD, else '?'), with
    /// its glyph; `c` is reported with the text around it.
    fn stand_in(&mut self, c: char, face: FaceId, context: &Inline) -> (char, u16) {
        self.missing.entry(c).or_insert_with(|| {
            context
                .iter()
                .flat_map(|p| p.text.chars())
                .take(60)
                .collect()
        });
        let f = &self.fonts.faces[face];
        f.glyph('\u{FFFD}')
            .map_or(('?', f.glyph('?').unwrap_or(0)), |g| ('\u{FFFD}', g))
    }

    /// The glyphs of `face` in use, with the character each shows.
    pub(super) fn used(&self, face: FaceId) -> Vec<(u16, char)> {
        self.glyphs[face]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != '\0')
            .map(|(g, c)| (g as u16, *c))
            .collect()
    }

    /// `text` measured in `face` (characters no font has are reported, and drawn as
    /// U+FFFD); returns the text and its width at `size`.
    pub(super) fn shape(
        &mut self,
        text: &str,
        face: FaceId,
        size: f32,
        context: &Inline,
    ) -> (String, f32) {
        let mut shown = String::with_capacity(text.len());
        let mut runs = Vec::new();
        self.runs(text, face, size, context, &mut shown, &mut runs);
        // Our own words (markers, page numbers) are always in the built-in font.
        (shown, runs.iter().map(|r| r.width).sum())
    }

    pub(super) fn width(&mut self, text: &str, face: FaceId, size: f32) -> f32 {
        self.shape(text, face, size, &Vec::new()).1
    }
}

/// A stretch of shaped text in one face: a byte range of [`Words::text`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    start: u32,
    end: u32,
    face: FaceId,
    width: f32,
    /// Part of an email address.
    link: bool,
    /// In the document's second language.
    second: bool,
}

/// A word: runs without spaces between them (e.g. "**Mentee:**" then "Zoë").
#[derive(Debug, Clone)]
pub(super) struct Word {
    /// Its runs, a range of [`Words::runs`].
    runs: std::ops::Range<u32>,
    pub(super) width: f32,
    /// A run of underscores: a blank to sign on, drawn as a line.
    blank: bool,
    /// A "□": a box to tick, drawn as one.
    boxed: bool,
    pub(super) space_after: f32,
    hard_break: bool,
}

impl Word {
    /// A word with no runs yet, the next of which is run `at`.
    fn empty(at: usize) -> Word {
        Word {
            runs: at as u32..at as u32,
            width: 0.0,
            blank: false,
            boxed: false,
            space_after: 0.0,
            hard_break: false,
        }
    }
}

/// Inline text as measured words, all their text in one buffer: no allocation per word.
#[derive(Default)]
pub(super) struct Words {
    text: String,
    runs: Vec<Run>,
    pub(super) words: Vec<Word>,
}

pub(super) fn words(text: &Inline, size: f32, u: &mut Usage<'_>) -> Words {
    // A word (and a run) for about every space: sized once, not doubled word by word.
    let breaks: usize = text
        .iter()
        .map(|p| 1 + p.text.bytes().filter(|&b| b == b' ' || b == b'\n').count())
        .sum();
    let mut out = std::mem::take(&mut u.spare);
    out.text.clear();
    out.runs.clear();
    out.words.clear();
    out.text.reserve(text.iter().map(|p| p.text.len()).sum());
    out.runs.reserve(breaks);
    out.words.reserve(breaks);
    let mut cur = Word::empty(0);
    for piece in text {
        let face = piece.face;
        let mut rest = piece.text.as_str();
        while !rest.is_empty() {
            // By byte: both are ASCII, and no byte of another character equals them.
            let cut = rest
                .bytes()
                .position(|b| b == b' ' || b == b'\n')
                .unwrap_or(rest.len());
            let (part, tail) = rest.split_at(cut);
            if !part.is_empty() {
                let before = out.runs.len();
                u.runs(part, face, size, text, &mut out.text, &mut out.runs);
                out.runs[before..]
                    .iter_mut()
                    .for_each(|r| (r.link, r.second) = (piece.link, piece.second));
                cur.blank |= piece.blanks && part.len() >= 4 && part.bytes().all(|b| b == b'_');
                if piece.blanks && part == "□" {
                    // Drawn as a box, not as the glyph; and further from the label
                    // before it than from its own, so that each box is read with its
                    // label ("□ met  □ changed", not "□ met □ changed").
                    cur.boxed = true;
                    cur.width = BOX;
                    if let Some(prev) = out.words.last_mut() {
                        prev.space_after = prev.space_after.max(size);
                    }
                } else {
                    cur.width += out.runs[before..].iter().map(|r| r.width).sum::<f32>();
                }
                cur.runs.end = out.runs.len() as u32;
            }
            if let Some(sep) = tail.chars().next() {
                if sep == '\n' {
                    cur.hard_break = true;
                } else {
                    cur.space_after = u.space(face, size);
                }
                if !cur.runs.is_empty() {
                    out.words
                        .push(std::mem::replace(&mut cur, Word::empty(out.runs.len())));
                } else {
                    cur = Word::empty(out.runs.len());
                }
                rest = &tail[1..];
            } else {
                rest = tail;
            }
        }
    }
    if !cur.runs.is_empty() {
        out.words.push(cur);
    }
    out
}

impl Words {
    fn runs_of(&self, w: &Word) -> &[Run] {
        &self.runs[w.runs.start as usize..w.runs.end as usize]
    }

    fn text_of(&self, r: &Run) -> &str {
        &self.text[r.start as usize..r.end as usize]
    }

    /// Split each word wider than `width` between characters (new runs over the same
    /// text), so that no word is wider than a line.
    fn split_long(&mut self, width: f32, size: f32, fonts: &Fonts) {
        if self
            .words
            .iter()
            .all(|w| w.width <= width || w.blank || w.boxed)
        {
            return;
        }
        let words = std::mem::take(&mut self.words);
        for w in words {
            if w.width <= width || w.blank || w.boxed {
                self.words.push(w);
                continue;
            }
            let mut cur = Word::empty(self.runs.len());
            for ri in w.runs.clone() {
                let r = self.runs[ri as usize];
                let f = &fonts.faces[r.face];
                let mut piece = Run {
                    end: r.start,
                    width: 0.0,
                    ..r
                };
                for (at, c) in self.text[r.start as usize..r.end as usize].char_indices() {
                    let cw = f
                        .glyph(c)
                        .or(f.glyph('\u{FFFD}'))
                        .map_or(0.0, |g| f.advance(g) * size);
                    if cur.width + piece.width + cw > width && cur.width + piece.width > 0.0 {
                        if piece.end > piece.start {
                            self.runs.push(piece);
                            cur.width += piece.width;
                        }
                        cur.runs.end = self.runs.len() as u32;
                        let next = Word::empty(self.runs.len());
                        self.words.push(std::mem::replace(&mut cur, next));
                        let s = r.start + at as u32;
                        piece = Run {
                            start: s,
                            end: s,
                            width: 0.0,
                            ..r
                        };
                    }
                    piece.end = r.start + (at + c.len_utf8()) as u32;
                    piece.width += cw;
                }
                if piece.end > piece.start {
                    self.runs.push(piece);
                    cur.width += piece.width;
                }
            }
            cur.runs.end = self.runs.len() as u32;
            cur.space_after = w.space_after;
            cur.hard_break = w.hard_break;
            self.words.push(cur);
        }
    }
}

/// Greedy line breaking: each line as a range of `placed`, a word with its x.
fn wrap(ws: &Words, width: f32, placed: &mut Vec<(f32, u32)>) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut x = 0.0;
    for (i, w) in ws.words.iter().enumerate() {
        if placed.len() > start && x + w.width > width + 0.01 {
            lines.push(start..placed.len());
            start = placed.len();
            x = 0.0;
        }
        placed.push((x, i as u32));
        x += w.width + w.space_after;
        if w.hard_break {
            lines.push(start..placed.len());
            start = placed.len();
            x = 0.0;
        }
    }
    if placed.len() > start {
        lines.push(start..placed.len());
    }
    lines
}

/// Lay out inline text in a box `width` wide: per line, its height and its draws.
pub(super) fn text_lines(
    text: &Inline,
    size: f32,
    width: f32,
    grey: f32,
    u: &mut Usage<'_>,
) -> Vec<(f32, Vec<Draw>)> {
    let lead = size * LEADING;
    let ascent = size * 0.93;
    let mut ws = words(text, size, u);
    ws.split_long(width, size, u.fonts);
    let mut placed = Vec::with_capacity(ws.words.len());
    let lines = wrap(&ws, width, &mut placed);
    let out = lines
        .into_iter()
        .map(|line| {
            // Where the line's text ends: a draw's text is made with room for the rest
            // of the line (and its spaces), which the words after it are joined onto.
            let line_end = placed[line.clone()]
                .last()
                .and_then(|&(_, wi)| ws.runs_of(&ws.words[wi as usize]).last())
                .map_or(0, |r| r.end as usize);
            let spaces = line.len() + 1;
            let room = |r: &Run| line_end.saturating_sub(r.start as usize) + spaces;
            let mut draws: Vec<Draw> = Vec::new();
            // End x of the last text draw, to join words of one face into a single run.
            let mut run_end = f32::NAN;
            // The word before had a space (or a line break) after it: a word boundary
            // that the text itself must carry, not only the gap on the page, or the
            // tagged text reads "Mentee:Zoë" (ISO 32000-1, 14.8.2.5).
            let mut space = false;
            for &(x, wi) in &placed[line] {
                let w = &ws.words[wi as usize];
                if w.blank {
                    if space {
                        end_with_space(&mut draws, size, u);
                    }
                    space = w.space_after > 0.0 || w.hard_break;
                    draws.push(Draw::Rule {
                        x,
                        y: ascent + 1.5,
                        w: w.width,
                        thickness: 0.6,
                        grey: INK,
                        field: None,
                        room: 16.0,
                    });
                    run_end = f32::NAN;
                    continue;
                }
                if w.boxed {
                    if space {
                        end_with_space(&mut draws, size, u);
                    }
                    space = w.space_after > 0.0 || w.hard_break;
                    draws.push(Draw::Box {
                        x,
                        y: ascent + 1.5 - BOX,
                        w: BOX,
                        h: BOX,
                        field: None,
                    });
                    run_end = f32::NAN;
                    continue;
                }
                let mut px = x;
                for r in ws.runs_of(w) {
                    let t = ws.text_of(r);
                    let gap = px - run_end;
                    let sp = if space { u.space(r.face, size) } else { 0.0 };
                    let joined = match draws.last_mut() {
                        Some(Draw::Text {
                            face: f,
                            text,
                            link,
                            second,
                            ..
                        }) if *f == r.face
                            && (*link, *second) == (r.link, r.second)
                            && (gap - sp).abs() < 0.01 =>
                        {
                            if space {
                                text.push(' ');
                            }
                            text.push_str(t);
                            true
                        }
                        _ => false,
                    };
                    if !joined {
                        if space {
                            end_with_space(&mut draws, size, u);
                        }
                        draws.push(Draw::Text {
                            x: px,
                            y: ascent,
                            face: r.face,
                            size,
                            text: {
                                let mut text = String::with_capacity(room(r));
                                text.push_str(t);
                                text
                            },
                            grey,
                            tag: Tag::Artifact,
                            link: r.link,
                            second: r.second,
                        });
                    }
                    space = false;
                    px += r.width;
                    run_end = px;
                }
                space = w.space_after > 0.0 || w.hard_break;
            }
            // A line broken between words ends with the space between them.
            if space {
                end_with_space(&mut draws, size, u);
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
        .collect();
    u.spare = ws;
    out
}

/// End the last text draw with a space: a space glyph drawn after the last letter takes
/// no room that matters, and a face with no space glyph (a fallback font) gets one of
/// the built-in face's, drawn just after it.
fn end_with_space(draws: &mut Vec<Draw>, size: f32, u: &mut Usage<'_>) {
    let Some(Draw::Text {
        x,
        y,
        face,
        text,
        grey,
        ..
    }) = draws.last_mut()
    else {
        return;
    };
    if text.ends_with(' ') {
        return;
    }
    if u.fonts.faces[*face].glyph(' ').is_some() {
        u.space(*face, size);
        text.push(' ');
        return;
    }
    let (x, y, grey) = (*x, *y, *grey);
    let (face, text) = (*face, text.clone());
    let end = x + u.width(&text, face, size);
    u.space(REGULAR, size);
    draws.push(Draw::Text {
        x: end,
        y,
        face: REGULAR,
        size,
        text: " ".into(),
        grey,
        tag: Tag::Artifact,
        link: false,
        second: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::blocks::Piece;
    use crate::pdf::fonts::FONTS;
    use crate::pdf::style::{BODY, BOLD};

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
            blanks: true,
            link: false,
            second: false,
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
                    assert!(x + u.width(text.trim_end(), face, size) <= 200.5);
                }
            }
        }
    }
}
