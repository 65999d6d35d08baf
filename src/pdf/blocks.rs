//! Markdown → blocks: pulldown-cmark events become headings, paragraphs (list items
//! are paragraphs with a marker and an indent), tables, rules and keep-together marks.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::style::{FaceId, BOLD, INDENT, ITALIC};
use super::tags::Role;

#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) face: FaceId,
}

/// Inline text: pieces with a face each; `\n` in a piece is a hard line break.
pub(super) type Inline = Vec<Piece>;

#[derive(Debug)]
pub(super) enum Block {
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
    /// A structure container (list, list item, the signature block) starts or ends.
    Open(Role),
    Close,
    /// `<!-- party mentee -->`: a party's block on the signature page begins.
    Party(String),
    /// `<!-- /parties -->`: the parties' blocks end.
    PartiesEnd,
}

/// Alignments, header cells and body rows of a table being read.
pub(super) type TableParts = (Vec<Alignment>, Vec<Inline>, Vec<Vec<Inline>>);

pub(super) struct ListState {
    pub(super) next: Option<u64>,
    /// Tight lists put their items' text directly in the item.
    pub(super) first_para_in_item: bool,
}

pub(super) fn blocks(md: &str) -> Vec<Block> {
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
                out.push(Block::Open(Role::L));
                lists.push(ListState {
                    next: start,
                    first_para_in_item: true,
                });
            }
            Event::End(TagEnd::List(_)) => {
                let ind = indent(&lists, quote_depth);
                flush(&mut out, &mut inline, &mut marker, ind, 3.0);
                out.push(Block::Close);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let ind = indent(&lists, quote_depth);
                flush(&mut out, &mut inline, &mut marker, ind, 3.0);
                out.push(Block::Open(Role::LI));
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
                out.push(Block::Close);
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
                let comment = h
                    .strip_prefix("<!--")
                    .and_then(|c| c.strip_suffix("-->"))
                    .map(str::trim);
                // A keep-together region (the signature block) is also one element.
                if let Some(party) = comment.and_then(|c| c.strip_prefix("party ")) {
                    out.push(Block::Party(party.trim().to_ascii_lowercase()));
                } else if comment == Some("/parties") {
                    out.push(Block::PartiesEnd);
                } else if h.starts_with("<!--") && h.contains("/keep-together") {
                    out.push(Block::Close);
                    out.push(Block::KeepEnd);
                } else if h.starts_with("<!--") && h.contains("keep-together") {
                    out.push(Block::KeepStart);
                    out.push(Block::Open(Role::Div));
                }
            }
            _ => {}
        }
    }
    flush(&mut out, &mut inline, &mut marker, 0.0, 7.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
                Block::Open(_) => "(",
                Block::Close => ")",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "h", "p", "(", "(", "item", "(", "(", "item", ")", ")", ")", "(", "item", ")", ")",
                "table"
            ]
        );
    }
}
