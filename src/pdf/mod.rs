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
//!
//! One file per stage: `blocks` (Markdown → blocks), `wrap` (words, lines, draws),
//! `layout` and `table` (blocks → rows), `paginate` (rows → pages), `emit` (pages →
//! printpdf operations, compression); `fonts` and `style` hold what they all share.

mod blocks;
mod emit;
mod fonts;
mod layout;
mod paginate;
mod style;
mod table;
mod wrap;

use printpdf::{FontId, Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};

use crate::error::{Error, Result};
use crate::model::{Agreement, Paper};
use blocks::{blocks, Inline, Piece};
use emit::{compress_streams, content_id, PageOps};
use fonts::{subset_font, FONTS};
use layout::rows;
use paginate::paginate;
use style::{Geometry, FOOTER_BASELINE, GREY, ITALIC, REGULAR};
use wrap::{text_lines, Draw, Usage};

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

/// Typeset `md` as a PDF; `when` is the creation date in its metadata.
pub fn render(md: &str, meta: &Meta, paper: Paper, when: jiff::Timestamp) -> Result<PdfOutput> {
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
    let when = when.as_second();
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
    let id = content_id(md, &meta.title, when);
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

#[cfg(test)]
mod tests {
    use super::*;
    use emit::DEFLATED;
    use fonts::FACE_FILES;

    #[test]
    fn missing_characters_are_reported() {
        let meta = Meta {
            title: "t".into(),
            author: "a".into(),
            subject: "s".into(),
            footer: "f".into(),
        };
        let out = render(
            "Hello \u{1F600} world",
            &meta,
            Paper::A4,
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap();
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
                jiff::Timestamp::UNIX_EPOCH,
            )
            .unwrap();
        }
        let cached = DEFLATED.lock().unwrap().len();
        assert!(cached <= FACE_FILES.len(), "{cached} streams cached");
    }
}
