//! The signature page's parties: each a block of its own (role and printed name, a line
//! to sign with room above it, a line for the date), side by side where the page is
//! wide enough, well apart. The template marks them with `<!-- party mentee -->` …
//! `<!-- /parties -->`; in Markdown they read as the paragraphs they are.
//!
//! Each party's first line to write on becomes its signature field and the next its
//! date field (see `form`), unless fields are turned off.

use super::paginate::Row;
use super::para::{para_rows, Para};
use super::style::INDENT;
use super::tags::{Builder, Role};
use super::wrap::{shift, Draw, Usage};

/// Narrower than this, parties stand one under another.
const MIN_COLUMN: f32 = 190.0;
/// Between two parties side by side.
const GAP: f32 = 2.0 * INDENT;
/// Above each row of parties.
const SPACE: f32 = 14.0;

struct Party {
    /// "mentee", "mentor" or "coordinator", from the marker.
    name: String,
    rows: Vec<Row>,
    /// Lines to write on so far: the first is the signature, the next the date.
    blanks: usize,
}

pub(super) struct Parties {
    columns: usize,
    column_width: f32,
    fields: bool,
    parties: Vec<Party>,
}

impl Parties {
    pub(super) fn new(width: f32, fields: bool) -> Parties {
        let columns = if width >= 2.0 * MIN_COLUMN + GAP {
            2
        } else {
            1
        };
        Parties {
            columns,
            column_width: (width - GAP * (columns - 1) as f32) / columns as f32,
            fields,
            parties: Vec::new(),
        }
    }

    /// The next party's block begins: a container of its own in the structure tree.
    pub(super) fn start(&mut self, name: String, tree: &mut Builder) {
        if !self.parties.is_empty() {
            tree.close();
        }
        tree.open(Role::Div);
        self.parties.push(Party {
            name,
            rows: Vec::new(),
            blanks: 0,
        });
    }

    /// A paragraph of the current party, its lines to write on made fields.
    pub(super) fn para(&mut self, p: Para, u: &mut Usage<'_>, tree: &mut Builder) {
        let width = self.column_width;
        let rows = para_rows(p, width, u, tree);
        let Some(party) = self.parties.last_mut() else {
            return;
        };
        for mut row in rows {
            for d in &mut row.draws {
                if let Draw::Rule { field, x, w, .. } = d {
                    party.blanks += 1;
                    // The line to sign on takes the rest of the column: room for any hand.
                    if party.blanks == 1 {
                        *w = w.max(width - *x);
                    }
                    if self.fields && party.blanks <= 2 {
                        *field = Some(new_field(&party.name, party.blanks == 1, tree));
                    }
                }
            }
            party.rows.push(row);
        }
    }

    /// All the parties as rows of the page, `columns` to a row.
    pub(super) fn finish(self, tree: &mut Builder) -> Vec<Row> {
        if !self.parties.is_empty() {
            tree.close();
        }
        let mut out = Vec::new();
        for group in self.parties.chunks(self.columns) {
            let mut draws = Vec::new();
            let mut height: f32 = 0.0;
            for (i, party) in group.iter().enumerate() {
                let x = i as f32 * (self.column_width + GAP);
                let mut y = 0.0;
                for (j, r) in party.rows.iter().enumerate() {
                    if j > 0 {
                        y += r.space_before;
                    }
                    let mut d = r.draws.clone();
                    shift(&mut d, x, y);
                    draws.extend(d);
                    y += r.height;
                }
                height = height.max(y);
            }
            out.push(Row {
                space_before: SPACE,
                height,
                draws,
                keep_with_next: false,
                header: None,
            });
        }
        out
    }
}

/// A signature or date field for `party`, named and described for assistive technology.
fn new_field(party: &str, signature: bool, tree: &mut Builder) -> u32 {
    let mut who = party.to_string();
    if let Some(first) = who.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let (name, label) = if signature {
        (format!("{party}-signature"), format!("{who}'s signature"))
    } else {
        (format!("{party}-date"), format!("Date the {party} signed"))
    };
    tree.field(name, label, signature)
}
