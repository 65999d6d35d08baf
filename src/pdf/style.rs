//! Page geometry, type sizes and colours (points; grey levels 0 = black).

use crate::model::Paper;

/// Index into [`Fonts::faces`]: bit 0 is bold, bit 1 italic.
pub(super) type FaceId = usize;
pub(super) const REGULAR: FaceId = 0;
pub(super) const BOLD: FaceId = 1;
pub(super) const ITALIC: FaceId = 2;

pub(super) const BODY: f32 = 10.5;
pub(super) const LEADING: f32 = 1.38;
pub(super) const MARGIN_X: f32 = 68.0;
pub(super) const MARGIN_TOP: f32 = 62.0;
pub(super) const MARGIN_BOTTOM: f32 = 70.0;
pub(super) const FOOTER_BASELINE: f32 = 36.0;
pub(super) const INDENT: f32 = 22.0;
pub(super) const CELL_PAD: f32 = 4.0;
pub(super) const INK: f32 = 0.1;
pub(super) const GREY: f32 = 0.45;

pub(super) struct Geometry {
    pub(super) width: f32,
    pub(super) height: f32,
}

impl Geometry {
    pub(super) fn of(paper: Paper) -> Self {
        match paper {
            Paper::A4 => Geometry {
                width: 595.28,
                height: 841.89,
            },
            Paper::Letter => Geometry {
                width: 612.0,
                height: 792.0,
            },
        }
    }
    pub(super) fn text_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }
    pub(super) fn bottom(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }
}
