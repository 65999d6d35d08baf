//! [`Terminal`]: the [`Prompt`] the pair answers, through dialoguer, drawn on standard
//! error.

use std::sync::Arc;

use super::prompter::{Asked, Check, Prompt, Unanswered, BACK};
use super::resume::Resume;
use crate::error::Error;
use crate::model::words::{tr, trf};
use crate::model::Language;

/// The real terminal, through dialoguer.
pub(crate) struct Terminal {
    theme: Box<dyn dialoguer::theme::Theme>,
    resume: Arc<Resume>,
    language: Language,
}

impl Terminal {
    /// `resume` says how to go on when a read is interrupted by Ctrl-C.
    pub(super) fn new(resume: Arc<Resume>) -> Self {
        let plain = std::env::var_os("NO_COLOR").is_some() || !console::colors_enabled();
        let theme: Box<dyn dialoguer::theme::Theme> = if plain {
            Box::new(dialoguer::theme::SimpleTheme)
        } else {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        };
        Terminal {
            theme,
            resume,
            language: Language::EnGb,
        }
    }

    fn io(&self, e: dialoguer::Error) -> Unanswered {
        let dialoguer::Error::IO(e) = e;
        // Ctrl-C interrupts the read before the handler has run: stop the same way.
        if e.kind() == std::io::ErrorKind::Interrupted {
            self.resume.stop();
        }
        let why = e.to_string();
        Unanswered::Failed(Error::Interrupted {
            message: trf(
                self.language,
                "the terminal closed ({why})",
                &[("why", &why)],
            ),
        })
    }
}

/// `text` broken between words to fit `width` columns: no word is split across lines,
/// a line's indent is kept, and a list item's continuation lines hang under its text.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, para) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = para.trim_start_matches(' ');
        let indent = para.len() - body.len();
        let hang = indent + if body.starts_with("- ") { 2 } else { 0 };
        out.push_str(&" ".repeat(indent));
        let mut col = indent;
        let mut first = true;
        for word in body.split(' ') {
            let w = console::measure_text_width(word);
            if !first && col + 1 + w > width {
                out.push('\n');
                out.push_str(&" ".repeat(hang));
                col = hang;
            } else if !first {
                out.push(' ');
                col += 1;
            }
            out.push_str(word);
            col += w;
            first = false;
        }
    }
    out
}

impl Prompt for Terminal {
    fn language(&self) -> Language {
        self.language
    }

    fn set_language(&mut self, lang: Language) {
        self.language = lang;
        self.resume.set_language(lang);
    }

    fn say(&mut self, text: &str) {
        let width = console::Term::stderr().size().1.max(20) as usize;
        eprintln!("\n{}", fit(text, width - 1));
    }

    fn text(&mut self, question: &str, default: Option<&str>, check: Check<'_>) -> Asked<String> {
        let prompt = format!("{question} › ");
        let mut initial = default.unwrap_or("").to_string();
        loop {
            let answer = match read_line(&prompt, &initial) {
                Ok(Some(a)) => a,
                Ok(None) => return Err(Unanswered::Back),
                Err(e) => return Err(self.io(dialoguer::Error::IO(e))),
            };
            if answer.trim() == BACK {
                return Err(Unanswered::Back);
            }
            match check(&answer) {
                Ok(()) => return Ok(answer),
                Err(why) => {
                    eprintln!("{}", fit(&format!("  ✘ {why}"), width()));
                    initial = answer;
                }
            }
        }
    }

    fn confirm(&mut self, question: &str, default: bool) -> Asked<bool> {
        // A yes/no is typed as people type it, "y" then Enter; Enter alone takes the
        // suggestion, and Esc goes back without changing it.
        let l = self.language;
        let hint = if default { tr(l, "Y/n") } else { tr(l, "y/N") };
        let prompt = format!("{question} ({hint}) › ");
        loop {
            let answer = match read_line(&prompt, "") {
                Ok(Some(a)) => a,
                Ok(None) => return Err(Unanswered::Back),
                Err(e) => return Err(self.io(dialoguer::Error::IO(e))),
            };
            // The language's own yes and no, and the English ones, which always work.
            let (yes, no) = (tr(l, "yes"), tr(l, "no"));
            let (y, n) = (tr(l, "y"), tr(l, "n"));
            match answer.trim().to_lowercase().as_str() {
                "" => return Ok(default),
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                a if a == yes.to_lowercase() || a == y.to_lowercase() => return Ok(true),
                a if a == no.to_lowercase() || a == n.to_lowercase() => return Ok(false),
                "<" => return Err(Unanswered::Back),
                _ => eprintln!("  ✘ {}", tr(l, "answer y (yes) or n (no); Esc goes back")),
            }
        }
    }

    fn select(&mut self, question: &str, items: &[String], default: usize) -> Asked<usize> {
        let width = width();
        let i = dialoguer::Select::with_theme(&*self.theme)
            .with_prompt(question)
            .items(one_row_each(items, width))
            .default(default)
            .report(false)
            .interact_opt()
            .map_err(|e| self.io(e))?
            .ok_or(Unanswered::Back)?;
        eprintln!("{}", fit(&format!("{question} · {}", items[i]), width));
        Ok(i)
    }

    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        ticked: &[bool],
    ) -> Asked<Vec<usize>> {
        let width = width();
        let q = trf(
            self.language,
            "{question} (space ticks or unticks, Enter accepts)",
            &[("question", question)],
        );
        let chosen = dialoguer::MultiSelect::with_theme(&*self.theme)
            .with_prompt(q)
            .items(one_row_each(items, width))
            .defaults(ticked)
            .report(false)
            .interact_opt()
            .map_err(|e| self.io(e))?
            .ok_or(Unanswered::Back)?;
        // The answer as the agreement will list it, one item to a line.
        let mut echo = format!("{question}:");
        if chosen.is_empty() {
            echo.push(' ');
            echo.push_str(tr(self.language, "(none)"));
        }
        for &i in &chosen {
            echo.push('\n');
            echo.push_str(&fit(&format!("  - {}", items[i]), width));
        }
        eprintln!("{echo}");
        Ok(chosen)
    }
}

/// The terminal's width, less the last column (writing there wraps in some terminals).
fn width() -> usize {
    (console::Term::stderr().size().1 as usize).max(20) - 1
}

/// Menu items cut to one row each (the menu redraws by rows; an item that wrapped
/// would leave a stale copy behind). The whole text is said before the menu and after.
fn one_row_each(items: &[String], width: usize) -> Vec<String> {
    // "  [x] " before each item.
    let room = width.saturating_sub(7).max(10);
    items
        .iter()
        .map(|i| {
            if console::measure_text_width(i) <= room {
                i.clone()
            } else {
                format!("{}…", console::truncate_str(i, room - 1, ""))
            }
        })
        .collect()
}

/// One line typed at `prompt`, starting from `initial`, shown as an editable answer:
/// Enter keeps it, typing replaces it, Backspace clears it, arrows edit it. `None` when
/// Esc is pressed. Redrawn whole on every key, over as many rows as it takes at the
/// terminal's width, so a long answer leaves no stale copy behind.
fn read_line(prompt: &str, initial: &str) -> std::io::Result<Option<String>> {
    use console::Key;
    let term = console::Term::stderr();
    let prompt = &padded(prompt, (term.size().1 as usize).max(20));
    let mut line = Line {
        buf: initial.chars().collect(),
        pos: initial.chars().count(),
        fresh: !initial.is_empty(),
        row: 0,
    };
    line.draw(&term, prompt)?;
    loop {
        let key = term.read_key()?;
        let fresh = std::mem::replace(&mut line.fresh, false);
        match key {
            Key::Enter => break,
            Key::Escape => {
                line.finish(&term, prompt)?;
                return Ok(None);
            }
            Key::Char(c) if !c.is_control() => {
                if fresh {
                    line.buf.clear();
                    line.pos = 0;
                }
                line.buf.insert(line.pos, c);
                line.pos += 1;
            }
            Key::Backspace if fresh => (line.buf, line.pos) = (Vec::new(), 0),
            Key::Backspace if line.pos > 0 => {
                line.pos -= 1;
                line.buf.remove(line.pos);
            }
            Key::Del if line.pos < line.buf.len() => {
                line.buf.remove(line.pos);
            }
            // Ctrl-U, as in a shell: clear what is typed.
            Key::Char('\u{15}') => (line.buf, line.pos) = (Vec::new(), 0),
            Key::ArrowLeft if line.pos > 0 => line.pos -= 1,
            Key::ArrowRight if line.pos < line.buf.len() => line.pos += 1,
            Key::Home | Key::Char('\u{1}') => line.pos = 0,
            Key::End | Key::Char('\u{5}') => line.pos = line.buf.len(),
            _ => {}
        }
        line.draw(&term, prompt)?;
    }
    line.finish(&term, prompt)?;
    Ok(Some(line.buf.into_iter().collect()))
}

/// `prompt` broken between words at `cols` columns, each row but the last filled with
/// spaces to the edge, so that it stays one run of cells the cursor arithmetic of
/// [`Line::draw`] can count.
fn padded(prompt: &str, cols: usize) -> String {
    let fitted = fit(prompt.trim_end(), cols);
    let mut rows: Vec<String> = fitted.split('\n').map(str::to_string).collect();
    let last = rows.len() - 1;
    for row in &mut rows[..last] {
        let w = console::measure_text_width(row);
        row.push_str(&" ".repeat(cols.saturating_sub(w)));
    }
    // The space between question and answer, where it fits.
    let mut out = rows.concat();
    if console::measure_text_width(&rows[last]) < cols {
        out.push(' ');
    }
    out
}

/// The answer being typed, and the row of the prompt the cursor is on.
struct Line {
    buf: Vec<char>,
    pos: usize,
    /// The suggestion, untouched: the first key typed replaces it.
    fresh: bool,
    row: usize,
}

impl Line {
    /// The prompt and the answer from the prompt's first row, the cursor at `pos`.
    fn draw(&mut self, term: &console::Term, prompt: &str) -> std::io::Result<()> {
        let cols = (term.size().1 as usize).max(20);
        let text: String = self.buf.iter().collect();
        let mut out = String::from("\r");
        if self.row > 0 {
            out.push_str(&format!("\x1b[{}A", self.row));
        }
        out.push_str("\x1b[J");
        out.push_str(prompt);
        out.push_str(&text);
        let cells = |s: &str| console::measure_text_width(s);
        let end = cells(prompt) + cells(&text);
        if end > 0 && end % cols == 0 {
            // The cursor waits at the row's end: move it onto the next row.
            out.push_str(" \r");
        }
        let before: String = self.buf[..self.pos].iter().collect();
        let at = cells(prompt) + cells(&before);
        let (end_row, row, col) = (end / cols, at / cols, at % cols);
        if end_row > row {
            out.push_str(&format!("\x1b[{}A", end_row - row));
        }
        out.push_str(&format!("\x1b[{}G", col + 1));
        self.row = row;
        term.write_str(&out)?;
        term.flush()
    }

    /// The answer as given, and the cursor on the line below it.
    fn finish(&mut self, term: &console::Term, prompt: &str) -> std::io::Result<()> {
        self.pos = self.buf.len();
        self.draw(term, prompt)?;
        term.write_str("\n")?;
        term.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn a_long_prompt_breaks_between_words_as_one_run_of_cells() {
        let p = super::padded("When can the mentor be contacted? (Enter: times) › ", 20);
        assert_eq!(&p[40..], "(Enter: times) › ");
        assert_eq!(&p[..20], "When can the mentor ");
        assert_eq!(&p[20..40], "be contacted?       ");
    }

    #[test]
    fn indents_and_list_items_are_kept() {
        assert_eq!(
            fit("  - Keep brief notes of what we agree", 20),
            "  - Keep brief notes\n    of what we agree"
        );
    }

    #[test]
    fn text_breaks_between_words() {
        let t = fit("Enter accepts what is shown; Esc goes back.", 20);
        assert_eq!(t, "Enter accepts what\nis shown; Esc goes\nback.");
        assert!(t.lines().all(|l| l.chars().count() <= 20));
    }
}
