//! Tables: column widths shared by what each column needs, one row per table row,
//! the header marked to repeat on a new page.

use pulldown_cmark::Alignment;

use super::blocks::Inline;
use super::paginate::Row;
use super::style::{BODY, CELL_PAD, INK};
use super::tags::{Builder, Role, Tag};
use super::wrap::{shift, tag_text, text_lines, words, Draw, Usage};

/// Lay out a table; its structure is Table → TR → TH (header, scope column) or TD.
#[allow(clippy::too_many_arguments)]
pub(super) fn table_rows(
    align: &[Alignment],
    head: &[Inline],
    body: &[Vec<Inline>],
    width: f32,
    u: &mut Usage<'_>,
    tree: &mut Builder,
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
            let ws = words(cell, BODY, u).words;
            let total: f32 = ws.iter().map(|w| w.width + w.space_after).sum();
            let longest = ws.iter().map(|w| w.width).fold(0.0, f32::max);
            natural[c] = natural[c].max(total + 2.0 * CELL_PAD);
            minimum[c] = minimum[c].max(longest + 2.0 * CELL_PAD);
        }
    }
    let widths = column_widths(&natural, &minimum, width);
    tree.open(Role::Table);
    let row_of = |cells: &[Inline], u: &mut Usage<'_>, tree: &mut Builder, is_head: bool| -> Row {
        tree.open(Role::TR);
        let mut draws = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = 0.0;
        for (c, &col_width) in widths.iter().enumerate() {
            let empty = Vec::new();
            let cell = cells.get(c).unwrap_or(&empty);
            let inner = col_width - 2.0 * CELL_PAD;
            let lines = text_lines(cell, BODY, inner, INK, u);
            let id = tree.leaf(if is_head { Role::TH } else { Role::TD });
            let mut y = CELL_PAD;
            for (h, mut d) in lines {
                tag_text(&mut d, Tag::Elem(id));
                let used = d
                    .iter()
                    .map(|d| match d {
                        Draw::Text {
                            x,
                            text,
                            face,
                            size,
                            ..
                        } => x + u.width(text.trim_end(), *face, *size),
                        Draw::Rule { x, w, .. } => x + w,
                        Draw::Box { x, w, .. } => x + w,
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
        tree.close();
        let (thickness, grey) = if is_head { (0.8, INK) } else { (0.3, 0.7) };
        draws.push(Draw::Rule {
            x: 0.0,
            y: height,
            w: width,
            thickness,
            grey,
            field: None,
            room: 0.0,
        });
        Row {
            space_before: 0.0,
            height,
            draws,
            keep_with_next: is_head,
            header: None,
        }
    };
    tree.open(Role::THead);
    let mut first = row_of(head, u, tree, true);
    tree.close();
    first.space_before = 6.0;
    let header_index = out.len();
    out.push(first);
    let n = body.len();
    tree.open(Role::TBody);
    for (i, r) in body.iter().enumerate() {
        let mut row = row_of(r, u, tree, false);
        row.header = Some(header_index);
        row.keep_with_next = i == 0 && n > 1;
        out.push(row);
    }
    if let Some(last) = out.last_mut() {
        last.height += 6.0;
    }
    tree.close();
    tree.close();
}

/// Share `width` between columns: natural widths if they fit, else every column gets its
/// minimum and the rest is shared in proportion to what each would still like.
pub(super) fn column_widths(natural: &[f32], minimum: &[f32], width: f32) -> Vec<f32> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_widths_fill_the_line() {
        let w = column_widths(&[30.0, 100.0, 400.0], &[20.0, 60.0, 80.0], 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
        assert!(w[0] >= 20.0 && w[1] >= 60.0);
    }
}
