//! PDF, typeset from the agreement's Markdown, so both always say the same thing.
//!
//! Stages: pulldown-cmark events → [`Block`]s (headings, paragraphs, list items, tables)
//! → wrapped [`Row`]s measured with the font's own advance widths → pages (headings kept
//! with what follows, no single line left behind, tables repeat their header, a
//! `<!-- keep-together -->` region never splits) → content streams, written as bytes by
//! `emit` → the empty pages of printpdf's document, filled with those streams and fonts.
//!
//! Fonts: DejaVu Serif in four faces, embedded in the binary and parsed once per process
//! ([`FONTS`]). Each document embeds only the glyphs it uses (`embed`).
//!
//! printpdf builds the document (catalog, page tree, page boxes and resources); its
//! pages' content streams and fonts are ours. Our layout already knows every glyph id
//! and width, so printpdf would only work them out again, character by character, and
//! write each glyph as formatted hex: that was half the time of an agreement.
//!
//! One file per stage: `blocks` (Markdown → blocks), `wrap` (words, lines, draws),
//! `layout`, `para`, `parties` and `table` (blocks → rows), `paginate` (rows → pages),
//! `emit` (pages → content streams, compressing them), `embed` (font subsets), `standards`
//! (structure tree, metadata: PDF/UA-1 and PDF/A-2a), `form` (fields), `write` (the file's
//! bytes); `compress`, `fonts`, `style` and `tags` hold what several of them share.

mod blocks;
mod compress;
mod embed;
mod emit;
mod field_font;
mod fill_in;
mod fonts;
mod form;
mod layout;
mod paginate;
mod para;
mod parties;
mod standards;
mod style;
mod table;
mod tags;
mod wrap;
mod write;

use std::sync::Arc;

use printpdf::{CustomPdfConformance, Mm, PdfConformance, PdfDocument, PdfPage, PdfSaveOptions};

use crate::error::{Error, Result};
use crate::model::words::fill;
use crate::model::{Agreement, Language, Paper};
use crate::timings::{self, Stage};
use blocks::{blocks, Inline, Piece};
use embed::Embedded;
use emit::{compress_streams, content_id, Artifact, PageOps};
pub use fonts::FONTS;
pub(crate) use fonts::{warm_up, Fonts};
use layout::rows;
use paginate::{paginate, Row};
use standards::{Anchor, Standards};
use style::{Geometry, FOOTER_BASELINE, GREY, ITALIC, REGULAR};
use tags::{Builder, Tree};
use wrap::{text_lines, Draw, Usage};

/// The PDF's producer, in its metadata.
const PRODUCER: &str = "mentorpact (printpdf)";

pub struct Meta {
    pub(crate) title: String,
    pub(crate) author: String,
    pub(crate) subject: String,
    /// Short title for the footer of every page.
    pub(crate) footer: String,
    /// The document's language, e.g. "en-GB" (the catalog's `/Lang`).
    pub(crate) lang: &'static str,
    /// The language of its words: footers, field descriptions, link descriptions.
    pub(crate) language: Language,
    /// The people the document is by, one each (XMP `dc:creator`).
    pub(crate) people: Vec<String>,
    /// A date as the document writes it, for the date fields' tooltips.
    pub(crate) date_example: String,
}

impl Meta {
    pub fn for_agreement(a: &Agreement) -> Self {
        let w = &a.language.words().pdf;
        let pair = fill(
            &w.pair,
            &[("mentee", &a.mentee.name), ("mentor", &a.mentor.name)],
        );
        let programme = a
            .programme
            .as_ref()
            .and_then(|p| p.name.clone().or(p.organisation.clone()));
        let (start, end) = (
            a.language.date(a.duration.start),
            a.language.date(a.duration.end),
        );
        // In the document's own words: the metadata is read out as the text is.
        let subject = match &programme {
            Some(p) => fill(
                &w.subject_programme,
                &[("scheme", p), ("start", &start), ("end", &end)],
            ),
            None => fill(&w.subject, &[("start", &start), ("end", &end)]),
        };
        Meta {
            title: format!("{} — {pair}", a.title),
            author: pair.clone(),
            subject,
            // French sets a no-break space before a colon, as its templates do.
            footer: match a.language {
                Language::Fr => format!("{}\u{a0}: {pair}", a.title),
                _ => format!("{}: {pair}", a.title),
            },
            lang: a.language.tag(),
            language: a.language,
            people: vec![a.mentee.name.clone(), a.mentor.name.clone()],
            date_example: start,
        }
    }

    fn creator(&self) -> String {
        format!("mentorpact {}", env!("CARGO_PKG_VERSION"))
    }
}

pub struct PdfOutput {
    pub bytes: Vec<u8>,
    /// Characters the font cannot show, with where they appeared.
    pub(crate) warnings: Vec<String>,
}

/// Typeset `md` as a PDF in `fonts` (the built-ins and any fallbacks); `when` is the
/// creation date in its metadata. With `fields`, the lines to sign and date on are also
/// fillable form fields.
pub fn render(
    md: &str,
    meta: &Meta,
    paper: Paper,
    when: jiff::Timestamp,
    fonts: &Fonts,
    fields: bool,
) -> Result<PdfOutput> {
    let clock = timings::start();
    let geo = Geometry::of(paper);
    let mut usage = Usage::new(fonts);
    let mut builder = Builder::new();
    // A bilingual document's second language ("en-GB"): its words inside a paragraph
    // of the first are marked with it where they are drawn.
    let second = meta.language.second().map(|l| l.tag());
    let hint = fields.then_some((meta.date_example.as_str(), meta.language));
    let rows = rows(blocks(md, second), &geo, hint, &mut usage, &mut builder);
    let mut tree = builder.finish();
    let pages = paginate(&rows, &geo);
    // Footers are laid out before fonts are subset, so their glyphs are included.
    let footers = footers(meta, pages.len(), &geo, &mut usage);
    timings::charge(Stage::Layout, clock);

    let clock = timings::start();
    let embedded = embed_fonts(fonts, &usage)?;
    let laid = Laid {
        rows: &rows,
        pages: &pages,
        footers: &footers,
        geo: &geo,
        second,
    };
    let drawn = draw_pages(&laid, fonts, &embedded, &mut tree);
    let when = when.as_second();
    let mut lo = empty_document(meta, &geo, pages.len());
    let font_dict = write_fonts(&mut lo, fonts, &embedded);
    let form_font = match tree.fields.is_empty() {
        true => None,
        false => {
            let face: &fonts::Face = fonts.faces[REGULAR];
            let f = field_font::field_font(face)?;
            Some(field_font::write(&mut lo, &f, face))
        }
    };
    fill_pages(&mut lo, drawn.contents, font_dict)?;
    set_id(&mut lo, &content_id(md, &meta.title, when));
    let raw = standards::finish(
        &mut lo,
        &Standards {
            tree: &tree,
            page_mcids: &drawn.page_mcids,
            anchors: &drawn.anchors,
            meta,
            when,
            fields: &drawn.fields,
            links: &drawn.links,
            form_font,
        },
    );
    timings::charge(Stage::Pdf, clock);
    timings::time(Stage::Compress, || compress_streams(&mut lo));
    let clock = timings::start();
    let bytes = write::file(&lo, raw);
    timings::charge(Stage::Pdf, clock);
    Ok(PdfOutput {
        bytes,
        warnings: font_warnings(&usage),
    })
}

/// A page's running footer: the short title on the left, "Page X of Y" on the right.
type Footer = (Vec<Draw>, Vec<Draw>);

/// The footer of each of `total` pages.
fn footers(meta: &Meta, total: usize, geo: &Geometry, usage: &mut Usage<'_>) -> Vec<Footer> {
    (1..=total)
        .map(|n| {
            // Drawn as it is written: underscores are not lines here, and a line
            // break is a space.
            let left: Inline = vec![Piece {
                text: meta.footer.replace(['\n', '\r'], " "),
                face: ITALIC,
                blanks: false,
                link: false,
                second: false,
            }];
            let (n, total) = (n.to_string(), total.to_string());
            let page = &meta.language.words().pdf.page;
            let right = fill(page, &[("n", &n), ("total", &total)]);
            let (shown, w) = usage.shape(&right, REGULAR, 8.5, &Vec::new());
            let max_left = geo.text_width() - w - 12.0;
            // One line: a title too long for it is cut, not wrapped.
            let l = text_lines(&left, 8.5, max_left, GREY, usage)
                .into_iter()
                .next()
                .map(|l| l.1)
                .unwrap_or_default();
            let r = vec![Draw::Text {
                x: geo.text_width() - w,
                y: 0.0,
                face: REGULAR,
                size: 8.5,
                text: shown,
                grey: GREY,
                tag: tags::Tag::Artifact,
                link: false,
                second: false,
            }];
            (l, r)
        })
        .collect()
}

/// Each face's subset of the glyphs the layout used; an unused face is not even read.
fn embed_fonts(fonts: &Fonts, usage: &Usage<'_>) -> Result<Vec<Option<Arc<Embedded>>>> {
    fonts
        .faces
        .iter()
        .enumerate()
        .map(|(i, &face)| {
            let used = usage.used(i);
            (!used.is_empty())
                .then(|| embed::embedded(face, used))
                .transpose()
        })
        .collect()
}

/// The document as laid out: its rows, which of them each page holds and where, and
/// each page's footer.
struct Laid<'a> {
    rows: &'a [Row],
    pages: &'a [Vec<(usize, f32)>],
    footers: &'a [Footer],
    geo: &'a Geometry,
    /// The second language of a bilingual document.
    second: Option<&'a str>,
}

/// The pages' content streams, and what the structure tree, the outline and the form
/// learn from drawing them.
struct Drawn {
    contents: Vec<Vec<u8>>,
    page_mcids: Vec<Vec<u32>>,
    anchors: Vec<Anchor>,
    /// Page, field index, rectangle.
    fields: Vec<(usize, u32, [f32; 4])>,
    /// Page, Link element, rectangle.
    links: Vec<(usize, u32, [f32; 4])>,
}

/// Draw every page; each page's marked content joins `tree`.
fn draw_pages(
    laid: &Laid<'_>,
    fonts: &Fonts,
    embedded: &[Option<Arc<Embedded>>],
    tree: &mut Tree,
) -> Drawn {
    let roles: Vec<tags::Role> = tree.elems.iter().map(|e| e.role).collect();
    let geo = laid.geo;
    let mut out = Drawn {
        contents: Vec::with_capacity(laid.pages.len()),
        page_mcids: Vec::with_capacity(laid.pages.len()),
        anchors: Vec::new(),
        fields: Vec::new(),
        links: Vec::new(),
    };
    let mut drawn = vec![false; laid.rows.len()];
    for (n, (placed, (left, right))) in laid.pages.iter().zip(laid.footers).enumerate() {
        let mut ops = PageOps::new(fonts, embedded, &roles, geo.height, laid.second);
        for &(i, top) in placed {
            // A row drawn twice is a table header repeated on a new page: furniture.
            let again = std::mem::replace(&mut drawn[i], true);
            for d in &laid.rows[i].draws {
                ops.draw(d, top, again.then_some(Artifact::Layout));
            }
        }
        let footer_top = geo.height - FOOTER_BASELINE;
        for d in left.iter().chain(right) {
            let mut d = d.clone();
            if let Draw::Text { y, .. } = &mut d {
                *y = 0.0;
            }
            ops.draw(&d, footer_top, Some(Artifact::Pagination));
        }
        let content = ops.finish();
        for (&elem, &top) in content.mcids.iter().zip(&content.tops) {
            if matches!(
                roles[elem as usize],
                tags::Role::H1 | tags::Role::H2 | tags::Role::H3
            ) && !out.anchors.iter().any(|a: &Anchor| a.elem == elem)
            {
                out.anchors.push(Anchor { elem, page: n, top });
            }
        }
        tree.add_page(n, &content.mcids);
        for (elem, rect) in content.links {
            let index = out.links.len() as u32;
            tree.elems[elem as usize].kids.push(tags::Kid::Link(index));
            out.links.push((n, elem, rect));
        }
        out.page_mcids.push(content.mcids);
        out.fields
            .extend(content.fields.into_iter().map(|(f, rect)| (n, f, rect)));
        out.contents.push(content.ops);
    }
    out
}

/// printpdf's document with `pages` empty pages of the right size: it writes the
/// catalog, the page tree and the resources, which [`fill_pages`] fills with ours.
fn empty_document(meta: &Meta, geo: &Geometry, pages: usize) -> lopdf::Document {
    let mut doc = PdfDocument::new(&meta.title);
    let (w, h) = (Mm(geo.width * 25.4 / 72.0), Mm(geo.height * 25.4 / 72.0));
    doc.with_pages((0..pages).map(|_| PdfPage::new(w, h, Vec::new())).collect());
    // printpdf would add a CMYK print profile, its own XMP and a PDF/X claim; the
    // standards module writes what PDF/A-2a and PDF/UA-1 ask for instead.
    doc.metadata.info.conformance = PdfConformance::Custom(CustomPdfConformance {
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..Default::default()
    });
    doc.to_lopdf_document(
        &PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            ..Default::default()
        },
        &mut Vec::new(),
    )
}

/// Write the subsets into the document: the font resources by name.
fn write_fonts(
    lo: &mut lopdf::Document,
    fonts: &Fonts,
    embedded: &[Option<Arc<Embedded>>],
) -> lopdf::Dictionary {
    lopdf::Dictionary::from_iter(
        embedded
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((i, e.as_ref()?)))
            .map(|(i, e)| {
                let id = embed::write(lo, e, fonts.faces[i]);
                (format!("F{}", i + 1), lopdf::Object::Reference(id))
            })
            .collect::<Vec<_>>(),
    )
}

/// printpdf draws the trailer /ID from a process-wide counter; one derived from the
/// content instead gives the same bytes for the same input.
fn set_id(lo: &mut lopdf::Document, id: &[u8]) {
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.to_vec(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id.to_vec(), lopdf::StringFormat::Hexadecimal),
        ]),
    );
}

/// Put our content streams into printpdf's empty pages, in order, and our fonts into
/// the resources they share.
fn fill_pages(
    lo: &mut lopdf::Document,
    contents: Vec<Vec<u8>>,
    fonts: lopdf::Dictionary,
) -> Result<()> {
    use lopdf::Object;
    let broken = |what: &str| Error::Pdf(format!("printpdf's page has no {what}"));
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    let mut font_dict = None;
    for (page, ops) in pages.into_iter().zip(contents) {
        let dict = lo.get_dictionary(page).map_err(|_| broken("dictionary"))?;
        let content = dict
            .get(b"Contents")
            .and_then(Object::as_reference)
            .map_err(|_| broken("contents"))?;
        let resources = dict
            .get(b"Resources")
            .and_then(Object::as_reference)
            .map_err(|_| broken("resources"))?;
        font_dict = lo
            .get_dictionary(resources)
            .and_then(|r| r.get(b"Font"))
            .and_then(Object::as_reference)
            .ok();
        lo.objects.insert(
            content,
            Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), ops)),
        );
    }
    let font_dict = font_dict.ok_or_else(|| broken("font resources"))?;
    lo.objects.insert(font_dict, Object::Dictionary(fonts));
    Ok(())
}

/// One line for all the characters no font has, and a note on right-to-left text.
fn font_warnings(usage: &Usage<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((_, first)) = usage.missing.iter().next() {
        let chars: Vec<String> = usage
            .missing
            .keys()
            .take(12)
            .map(|c| format!("'{c}' (U+{:04X})", *c as u32))
            .collect();
        let more = usage.missing.len().saturating_sub(chars.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        out.push(format!(
            "the PDF fonts have no glyph for {}{more}, first in \"{first}\"; they show as '\u{FFFD}'. Add a font that has them with --font FILE or `[pdf] fonts = [\"FILE\"]`",
            chars.join(", ")
        ));
    }
    if usage.right_to_left {
        out.push("right-to-left text (Hebrew, Arabic …) is drawn in the order it was typed, not shaped or reordered: check that it reads correctly in the PDF".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            title: "t".into(),
            author: "a".into(),
            subject: "s".into(),
            footer: "f".into(),
            lang: "en-GB",
            language: Language::EnGb,
            people: vec!["a".into()],
            date_example: "1 December 2026".into(),
        }
    }

    #[test]
    fn missing_characters_are_reported() {
        let meta = meta();
        let out = render(
            "Hello \u{1F600} world \u{1F680}\u{1F600}",
            &meta,
            Paper::A4,
            jiff::Timestamp::UNIX_EPOCH,
            &FONTS,
            true,
        )
        .unwrap();
        assert_eq!(out.warnings.len(), 1, "one line per document");
        assert!(out.warnings[0].contains("U+1F600"), "{}", out.warnings[0]);
        assert!(out.warnings[0].contains("U+1F680"), "{}", out.warnings[0]);
    }
}
