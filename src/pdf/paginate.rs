//! Rows → pages: headings kept with what follows, no single line left behind, tables
//! repeat their header, a `<!-- keep-together -->` region never splits.

use super::style::{Geometry, MARGIN_TOP};
use super::wrap::{shift, Draw};

/// An unbreakable slice of the page: a line, a table row, or a keep-together region.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) space_before: f32,
    pub(super) height: f32,
    /// Positions relative to the row's top-left (y grows downwards).
    pub(super) draws: Vec<Draw>,
    pub(super) keep_with_next: bool,
    /// Index of a table header row to repeat when this row starts a page.
    pub(super) header: Option<usize>,
}

/// One row from several, so they move to a new page together (if they fit on one).
pub(super) fn join_rows(rows: &[Row], geo: &Geometry) -> Option<Row> {
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

/// Place rows on pages; returns, per page, (row index, top y) pairs.
pub(super) fn paginate(rows: &[Row], geo: &Geometry) -> Vec<Vec<(usize, f32)>> {
    let usable = geo.bottom() - MARGIN_TOP;
    let mut pages: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
    let mut y = MARGIN_TOP;
    for i in 0..rows.len() {
        let r = &rows[i];
        let at_top = pages.last().is_some_and(Vec::is_empty);
        // The height this row needs on this page: itself and what it must stay with.
        // A chain longer than a page keeps as much of itself as fits on one, so a
        // heading still goes over with at least the line after it.
        let mut need = if at_top { 0.0 } else { r.space_before } + r.height;
        let mut j = i;
        while rows[j].keep_with_next && j + 1 < rows.len() {
            let more = rows[j + 1].space_before + rows[j + 1].height;
            if need + more > usable {
                break;
            }
            j += 1;
            need += more;
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
