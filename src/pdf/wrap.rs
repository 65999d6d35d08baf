//! Measuring and wrapping: inline text → words measured with the font's own advance
//! widths → lines no wider than the measure → positioned [`Draw`]s.

use std::collections::BTreeMap;

use super::blocks::Inline;
use super::fonts::Fonts;
use super::style::{FaceId, INK, LEADING};
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
    },
    Rule {
        x: f32,
        y: f32,
        w: f32,
        thickness: f32,
        grey: f32,
    },
}

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
            Draw::Text { x, y, .. } | Draw::Rule { x, y, .. } => {
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

    /// `text` in `face`, split into runs where a character is only in a fallback font;
    /// a character no font has becomes U+FFFD (and is reported). Each run's width is at
    /// `size`.
    pub(super) fn runs(
        &mut self,
        text: &str,
        face: FaceId,
        size: f32,
        context: &Inline,
        out: &mut Vec<(String, FaceId, f32)>,
    ) {
        let start = out.len();
        for c in text.chars() {
            let (c, f, gid) = match self.fonts.find(c, face) {
                Some((f, g)) => (c, f, g),
                None if c.is_control() => continue,
                None => {
                    self.missing.entry(c).or_insert_with(|| {
                        context
                            .iter()
                            .flat_map(|p| p.text.chars())
                            .take(60)
                            .collect()
                    });
                    let f = &self.fonts.faces[face];
                    let (r, g) = f
                        .glyph('\u{FFFD}')
                        .map_or(('?', f.glyph('?').unwrap_or(0)), |g| ('\u{FFFD}', g));
                    (r, face, g)
                }
            };
            self.right_to_left |= is_right_to_left(c);
            self.mark(f, gid, c);
            let w = self.fonts.faces[f].advance(gid) * size;
            match out[start..].last_mut() {
                Some((t, lf, lw)) if *lf == f => {
                    t.push(c);
                    *lw += w;
                }
                _ => out.push((c.to_string(), f, w)),
            }
        }
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

    /// Make `text` showable in `face`: characters the font lacks become U+FFFD (and are
    /// reported); returns the text and its width at `size`.
    pub(super) fn shape(
        &mut self,
        text: &str,
        face: FaceId,
        size: f32,
        context: &Inline,
    ) -> (String, f32) {
        let mut pieces = Vec::new();
        self.runs(text, face, size, context, &mut pieces);
        // Our own words (markers, page numbers) are always in the built-in font.
        let text: String = pieces.iter().map(|p| p.0.as_str()).collect();
        let width = pieces.iter().map(|p| p.2).sum();
        (text, width)
    }

    pub(super) fn width(&mut self, text: &str, face: FaceId, size: f32) -> f32 {
        self.shape(text, face, size, &Vec::new()).1
    }
}

/// A word: pieces without spaces between them (e.g. "**Mentee:**" then "Zoë").
#[derive(Default)]
pub(super) struct Word {
    pub(super) pieces: Vec<(String, FaceId, f32)>,
    pub(super) width: f32,
    /// A run of underscores: a blank to sign on, drawn as a line.
    pub(super) blank: bool,
    pub(super) space_after: f32,
    pub(super) hard_break: bool,
}

pub(super) fn words(text: &Inline, size: f32, u: &mut Usage<'_>) -> Vec<Word> {
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
                let before = cur.pieces.len();
                u.runs(part, face, size, text, &mut cur.pieces);
                cur.blank |= blank;
                cur.width += cur.pieces[before..].iter().map(|p| p.2).sum::<f32>();
            }
            if let Some(sep) = tail.chars().next() {
                if sep == '\n' {
                    cur.hard_break = true;
                } else {
                    cur.space_after = u.space(face, size);
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
pub(super) fn wrap(
    words: Vec<Word>,
    width: f32,
    size: f32,
    fonts: &Fonts,
) -> Vec<Vec<(f32, Word)>> {
    let mut lines: Vec<Vec<(f32, Word)>> = vec![Vec::new()];
    let mut x = 0.0;
    for w in words
        .into_iter()
        .flat_map(|w| split_long(w, width, size, fonts))
    {
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

pub(super) fn split_long(w: Word, width: f32, size: f32, fonts: &Fonts) -> Vec<Word> {
    if w.width <= width || w.blank {
        return vec![w];
    }
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
pub(super) fn text_lines(
    text: &Inline,
    size: f32,
    width: f32,
    grey: f32,
    u: &mut Usage<'_>,
) -> Vec<(f32, Vec<Draw>)> {
    let lead = size * LEADING;
    let ascent = size * 0.93;
    let fonts = u.fonts;
    wrap(words(text, size, u), width, size, fonts)
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
                            } else if (gap - u.space(face, size)).abs() < 0.01 {
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
                            tag: Tag::Artifact,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::blocks::Piece;
    use crate::pdf::fonts::FONTS;
    use crate::pdf::style::{BODY, BOLD, REGULAR};

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
}
