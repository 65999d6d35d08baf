//! A paragraph or list item as rows: the one way a paragraph is set, whether in the body
//! (`layout`) or in a party's column on the signature page (`parties`), in a file of its
//! own so that those two need not import each other.

use super::blocks::Inline;
use super::paginate::Row;
use super::style::{BODY, INDENT, INK, REGULAR};
use super::tags::{Builder, Role, Tag};
use super::wrap::{shift, tag_text, text_lines, Draw, Usage};

/// A paragraph or list item as it stands in the text.
pub(super) struct Para {
    pub(super) indent: f32,
    pub(super) marker: Option<String>,
    pub(super) text: Inline,
    pub(super) space_before: f32,
}

/// A paragraph's lines, `width` wide, as rows.
pub(super) fn para_rows(p: Para, width: f32, u: &mut Usage<'_>, tree: &mut Builder) -> Vec<Row> {
    let Para {
        indent,
        marker,
        text,
        space_before,
    } = p;
    let mut out = Vec::new();

    let lead_in = text
        .iter()
        .rev()
        .find(|p| !p.text.trim().is_empty())
        .is_some_and(|p| p.text.trim_end().ends_with(':'));
    // A list item's marker is its label; its text, a paragraph of its body.
    let (label, para) = match marker {
        Some(_) => {
            let (l, p) = tree.item();
            (Tag::Elem(l), p)
        }
        None => (Tag::Artifact, tree.leaf(Role::P)),
    };
    let lines = text_lines(&text, BODY, width - indent, INK, u);
    let n = lines.len();
    // The link being drawn, which may go on over a line break.
    let mut link = None;
    for (i, (h, mut draws)) in lines.into_iter().enumerate() {
        shift(&mut draws, indent, 0.0);
        tag_text(&mut draws, Tag::Elem(para));
        tag_links(&mut draws, para, &mut link, tree);
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
                        tag: label,
                        link: false,
                        second: false,
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
            keep_with_next: (n > 1 && (i == 0 || i + 2 == n)) || (i + 1 == n && lead_in),
            header: None,
        });
    }
    out
}

/// Make each email address in `draws` (a line of paragraph `para`) a Link element of its
/// own; `open` is the link the previous line ended in.
fn tag_links(draws: &mut [Draw], para: u32, open: &mut Option<u32>, tree: &mut Builder) {
    for d in draws {
        if let Draw::Text {
            text, link, tag, ..
        } = d
        {
            if !*link {
                *open = None;
                continue;
            }
            let id = *open.get_or_insert_with(|| tree.link(para, String::new()));
            tree.extend_title(id, text.trim_end());
            *tag = Tag::Elem(id);
        }
    }
}
