//! Blocks → rows: each block laid out at the text width, with its spacing and the
//! rules that decide what must stay together on a page.

use super::blocks::{Block, Inline, Piece};
use super::fill_in::{asks, FillIn};
use super::paginate::{join_rows, Row};
use super::para::{para_rows, Para};
use super::parties::Parties;
use super::style::{Geometry, BOLD, GREY, INK};
use super::table::table_rows;
use super::tags::{Builder, Role, Tag};
use super::wrap::{tag_text, text_lines, Draw, Usage};
use crate::model::Language;

pub(super) fn rows(
    blocks: Vec<Block>,
    geo: &Geometry,
    fields: Option<(&str, Language)>,
    u: &mut Usage<'_>,
    tree: &mut Builder,
) -> Vec<Row> {
    let width = geo.text_width();
    let mut out: Vec<Row> = Vec::new();
    // The parties' blocks on the signature page, while they are being read.
    let mut parties: Option<Parties> = None;
    let mut keep_from: Option<usize> = None;
    let mut fill = FillIn::default();
    for b in blocks {
        match b {
            Block::Heading { level, text } => {
                let (size, before, after) = match level {
                    // A second title (a bilingual agreement's English) stands apart.
                    1 => (19.0, if out.is_empty() { 0.0 } else { 18.0 }, 10.0),
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
                let title: String = text.iter().map(|p| p.text.as_str()).collect();
                fill.heading(&title);
                tree.set_title(id, title);
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
                // Only a paragraph that asks to be filled in keeps a copy of its text.
                let asks = (parties.is_none() && asks(&text)).then(|| text.clone());
                let para = Para {
                    indent,
                    marker,
                    text,
                    space_before,
                };
                match (parties.as_mut(), asks) {
                    (Some(p), _) => p.para(para, u, tree),
                    (None, Some(text)) => {
                        let mut rows = para_rows(para, width, u, tree);
                        fill.para(&text, &mut rows, width, fields.is_some(), tree);
                        out.extend(rows);
                    }
                    (None, None) => out.extend(para_rows(para, width, u, tree)),
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
                    room: 0.0,
                }],
                keep_with_next: false,
                header: None,
            }),
            Block::Open(role) => {
                tree.open(role);
            }
            Block::Lang(lang) => {
                let id = tree.open(Role::Div);
                tree.set_lang(id, lang);
            }
            Block::List { ordered } => {
                let id = tree.open(Role::L);
                tree.set_numbering(id, if ordered { "Decimal" } else { "Disc" });
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
