//! Blocks → rows: each block laid out at the text width, with its spacing and the
//! rules that decide what must stay together on a page.

use super::blocks::{Block, Inline, Piece};
use super::paginate::{join_rows, Row};
use super::parties::Parties;
use super::style::{Geometry, BODY, BOLD, GREY, INDENT, INK, REGULAR};
use super::table::table_rows;
use super::tags::{Builder, Role, Tag};
use super::wrap::{shift, tag_text, text_lines, Draw, Usage};

pub(super) fn rows(
    blocks: Vec<Block>,
    geo: &Geometry,
    fields: bool,
    u: &mut Usage<'_>,
    tree: &mut Builder,
) -> Vec<Row> {
    let width = geo.text_width();
    let mut out: Vec<Row> = Vec::new();
    // The parties' blocks on the signature page, while they are being read.
    let mut parties: Option<Parties> = None;
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
                let id = tree.leaf(Role::heading(level));
                tree.set_title(id, text.iter().map(|p| p.text.as_str()).collect());
                let lines = text_lines(&text, size, width, INK, u);
                let n = lines.len();
                for (i, (h, mut draws)) in lines.into_iter().enumerate() {
                    tag_text(&mut draws, Tag::Elem(id));
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
                let para = Para {
                    indent,
                    marker,
                    text,
                    space_before,
                };
                match parties.as_mut() {
                    Some(p) => p.para(para, u, tree),
                    None => out.extend(para_rows(para, width, u, tree)),
                }
            }
            Block::Party(name) => {
                parties
                    .get_or_insert_with(|| Parties::new(width, fields))
                    .start(name, tree);
            }
            Block::PartiesEnd => {
                if let Some(p) = parties.take() {
                    out.extend(p.finish(tree));
                }
            }
            Block::Table {
                align,
                head,
                rows: body,
            } => table_rows(&align, &head, &body, width, u, tree, &mut out),
            Block::Rule => out.push(Row {
                space_before: 6.0,
                height: 8.0,
                draws: vec![Draw::Rule {
                    x: 0.0,
                    y: 2.0,
                    w: width,
                    thickness: 0.5,
                    grey: GREY,
                    field: None,
                }],
                keep_with_next: false,
                header: None,
            }),
            Block::Open(role) => {
                tree.open(role);
            }
            Block::Close => tree.close(),
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
    for (i, (h, mut draws)) in lines.into_iter().enumerate() {
        shift(&mut draws, indent, 0.0);
        tag_text(&mut draws, Tag::Elem(para));
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
