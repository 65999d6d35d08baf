//! The signature page's parties: each a block of its own (role and printed name, a line
//! to sign with room above it, a line for the date), side by side where the page is
//! wide enough, well apart. The template marks them with `<!-- party mentee -->` …
//! `<!-- /parties -->`; in Markdown they read as the paragraphs they are.
//!
//! Each party's first line to write on becomes its signature field and the next its
//! date field (see `form`), unless fields are turned off.

use super::blocks::{Inline, Piece};
use super::paginate::Row;
use super::para::{para_rows, Para};
use super::style::{BODY, INDENT, INK};
use super::tags::{Builder, Kind, Role};
use super::wrap::{shift, text_lines, Draw, Usage};
use crate::model::words::fill;
use crate::model::Language;

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

pub(super) struct Parties<'a> {
    columns: usize,
    column_width: f32,
    /// With fields: a date as the document writes it, for the date fields' tooltips,
    /// and the language the fields are described in.
    fields: Option<(&'a str, Language)>,
    parties: Vec<Party>,
}

impl<'a> Parties<'a> {
    pub(super) fn new(width: f32, fields: Option<(&'a str, Language)>) -> Parties<'a> {
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
    pub(super) fn para(&mut self, mut p: Para, u: &mut Usage<'_>, tree: &mut Builder) {
        let width = self.column_width;
        if self
            .parties
            .last()
            .is_some_and(|party| party.rows.is_empty())
        {
            p.text = shortened(p.text, width - p.indent, u);
        }
        let rows = para_rows(p, width, u, tree);
        let Some(party) = self.parties.last_mut() else {
            return;
        };
        for mut row in rows {
            for d in &mut row.draws {
                if let Draw::Rule { field, x, w, .. } = d {
                    party.blanks += 1;
                    // The lines to sign and date on take the rest of the column: room
                    // for any hand, and for the longest date typed at the field's size.
                    if party.blanks <= 2 {
                        *w = w.max(width - *x);
                    }
                    if let Some(hint) = self.fields.filter(|_| party.blanks <= 2) {
                        let f = new_field(&party.name, party.blanks == 1, hint, tree);
                        *field = Some(f);
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

/// The lines a party's name may take in its block: a longer one is cut short there
/// (with an ellipsis) so that the lines to sign and date on stay on the page; the full
/// name is in the agreement's opening lines.
const NAME_LINES: usize = 3;

/// `text` (the party's role and name), cut to [`NAME_LINES`] lines `width` wide.
fn shortened(text: Inline, width: f32, u: &mut Usage<'_>) -> Inline {
    let lines = |t: &Inline, u: &mut Usage<'_>| text_lines(t, BODY, width, INK, u).len();
    if lines(&text, u) <= NAME_LINES {
        return text;
    }
    let chars: usize = text.iter().map(|p| p.text.chars().count()).sum();
    let cut = |keep: usize| -> Inline {
        let mut left = keep;
        let mut out: Inline = Vec::new();
        for p in &text {
            let n = p.text.chars().count();
            let t: String = p.text.chars().take(left).collect();
            left = left.saturating_sub(n);
            out.push(Piece {
                text: t,
                ..p.clone()
            });
            if left == 0 {
                break;
            }
        }
        if let Some(last) = out.last_mut() {
            last.text = format!("{}…", last.text.trim_end());
        }
        out
    };
    // The longest cut that still fits: lines grow with the characters kept.
    let (mut lo, mut hi) = (0, chars);
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if lines(&cut(mid), u) <= NAME_LINES {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    cut(lo)
}

/// A signature or date field for `party`, named and described for assistive technology
/// and for whoever fills it in, in the document's language (`example`: a date written
/// as the document writes them).
fn new_field(
    party: &str,
    signature: bool,
    (example, lang): (&str, Language),
    tree: &mut Builder,
) -> u32 {
    // A bilingual agreement describes its fields in both languages.
    let label = match lang.second() {
        Some(second) => format!(
            "{} / {}",
            field_label(party, signature, example, lang),
            field_label(party, signature, example, second)
        ),
        None => field_label(party, signature, example, lang),
    };
    let (name, kind) = if signature {
        (format!("{party}-signature"), Kind::Signature)
    } else {
        (format!("{party}-date"), Kind::Date)
    };
    tree.field(name, label, kind)
}

/// What a party's signature or date field is, in `lang`'s words.
fn field_label(party: &str, signature: bool, example: &str, lang: Language) -> String {
    let w = &lang.words().pdf;
    let (sig, date) = match party {
        "mentee" => (&w.mentee_signature, &w.mentee_date),
        "mentor" => (&w.mentor_signature, &w.mentor_date),
        _ => (&w.coordinator_signature, &w.coordinator_date),
    };
    if signature {
        sig.clone()
    } else {
        fill(date, &[("example", example)])
    }
}
