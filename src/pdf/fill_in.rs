//! What a review record asks to be filled in, outside the signature page: each
//! paragraph's "□" options become one group of radio buttons (tagged, one Form element
//! per option), and its line to write on runs to the right margin with a box under it
//! two lines high, a multi-line notes field. On paper the boxes and lines are big
//! enough to write in; on screen they are fields. The notes box has no lines inside it:
//! each filling tool sets typed text at its own line spacing, and a printed line would
//! strike through some of it.

use super::blocks::Inline;
use super::paginate::Row;
use super::tags::{Builder, Kind};
use super::wrap::Draw;

/// The notes box under a line to fill in: its height, and its gap below the line.
const NOTES_HEIGHT: f32 = 36.0;
const NOTES_GAP: f32 = 6.0;

/// The fields made so far, and the heading the text is under (for their tooltips).
#[derive(Default)]
pub(super) struct FillIn {
    heading: String,
    groups: usize,
    notes: usize,
}

/// Whether `text` has anything to fill in: worth a closer look.
pub(super) fn asks(text: &Inline) -> bool {
    text.iter()
        .any(|p| p.blanks && (p.text.contains('□') || p.text.contains("____")))
}

/// "not started" → "not-started": a radio option's name in the form.
fn export_name(label: &str, k: usize) -> String {
    let mut s = String::new();
    for c in label.chars().filter(char::is_ascii) {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => s.push(c.to_ascii_lowercase()),
            _ if !s.ends_with('-') => s.push('-'),
            _ => {}
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        format!("option{k}")
    } else {
        s
    }
}

impl FillIn {
    pub(super) fn heading(&mut self, title: &str) {
        self.heading = title.to_string();
    }

    /// What a field of the paragraph `text` is read as: its lead-in ("Notes",
    /// "Progress now"), with the heading it is under.
    fn label(&self, text: &Inline) -> String {
        let all: String = text.iter().map(|p| p.text.as_str()).collect();
        let cut = all.find(['□', '_']).unwrap_or(all.len());
        let lead = all[..cut].trim().trim_end_matches(':').trim();
        match (lead.is_empty(), self.heading.is_empty()) {
            (false, false) => format!("{lead} ({})", self.heading),
            (false, true) => lead.to_string(),
            _ => self.heading.clone(),
        }
    }

    /// The rows of paragraph `text`, its boxes and lines made fields (with `fields`)
    /// and its lines to write on lengthened, `width` being the text's.
    pub(super) fn para(
        &mut self,
        text: &Inline,
        rows: &mut [Row],
        width: f32,
        fields: bool,
        tree: &mut Builder,
    ) {
        let label = self.label(text);
        let all: String = text.iter().map(|p| p.text.as_str()).collect();
        let options: Vec<&str> = all.split('□').skip(1).map(str::trim).collect();
        let mut group = None;
        let mut k = 0;
        for row in rows.iter_mut() {
            let left = row
                .draws
                .iter()
                .map(|d| match d {
                    Draw::Text { x, .. } | Draw::Rule { x, .. } | Draw::Box { x, .. } => *x,
                })
                .fold(f32::INFINITY, f32::min);
            let mut notes = None;
            for d in &mut row.draws {
                match d {
                    Draw::Box { field, .. } if fields => {
                        let g = *group.get_or_insert_with(|| {
                            self.groups += 1;
                            tree.group(format!("choice-{}", self.groups), label.clone())
                        });
                        let option = options.get(k).copied().unwrap_or_default();
                        k += 1;
                        let name = export_name(option, k);
                        *field = Some(tree.field(name, option.to_string(), Kind::Choice(g)));
                    }
                    Draw::Rule { x, y, w, .. } => {
                        *w = w.max(width - *x);
                        notes = Some(*y + NOTES_GAP);
                    }
                    _ => {}
                }
            }
            if let Some(y) = notes {
                let field = fields.then(|| {
                    self.notes += 1;
                    tree.field(format!("notes-{}", self.notes), label.clone(), Kind::Notes)
                });
                row.draws.push(Draw::Box {
                    x: left,
                    y,
                    w: width - left,
                    h: NOTES_HEIGHT,
                    field,
                });
                row.height += NOTES_GAP + NOTES_HEIGHT;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_get_names_a_form_can_hold() {
        assert_eq!(export_name("not started", 1), "not-started");
        assert_eq!(
            export_name("renew with a new agreement", 3),
            "renew-with-a-new-agreement"
        );
        assert_eq!(export_name("ändern", 2), "ndern");
        assert_eq!(export_name("变更", 2), "option2");
    }
}
