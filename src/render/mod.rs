//! Markdown from the validated agreement, through tera templates.
//!
//! The built-in templates are embedded in the binary. A user folder (`--templates DIR`)
//! replaces them file by file and may add partials of its own. Every `{{ value }}` in a
//! `.md` template is escaped for Markdown, so user text is data, never structure: a goal
//! that starts with `# ` or contains `|` appears literally. Template authors use `| safe`
//! for text that is already Markdown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Serialize;
use tera::{Context, Tera};

mod bilingual;
mod built_in;
mod filters;
mod pieces;
mod sandbox;
mod templates;

use crate::error::{Error, Result};
use crate::model::{Agreement, Choice, Frequency, Language};
use crate::schedule::Schedule;
use crate::timings::{self, Stage};
use templates::{compile, reachable, read_user_templates};

/// The template that renders a whole agreement.
pub(crate) const MAIN: &str = "agreement.md";
/// The template of a review record (`mentorpact review`).
pub(crate) const REVIEW: &str = "review.md";

/// Each language's built-in templates, in the order `templates export` writes them.
pub(crate) use built_in::set_of as built_in_set;

/// Compiled templates for each spelling and document, shared by all threads. The
/// built-ins compile when first used, and only the files that document reaches: one
/// agreement needs one language and no review record. A user's agreement templates
/// compile up front, so a mistake in them stops the run before anything is written.
pub struct Renderer {
    compiled: HashMap<(Language, Doc), OnceLock<Tera>>,
    user: Vec<(String, String, PathBuf)>,
}

/// The documents templates make, each from its own main template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Doc {
    Agreement,
    Review,
}

impl Doc {
    const ALL: [Doc; 2] = [Doc::Agreement, Doc::Review];

    fn main(self) -> &'static str {
        match self {
            Doc::Agreement => MAIN,
            Doc::Review => REVIEW,
        }
    }
}

/// What templates see: the agreement's fields, `schedule`, `today` (the day it is
/// drafted, for the header when no `agreed_on` is given), `signing` (when it is signed,
/// beside the day it is drafted; `signed_at_first` when that is at the first meeting)
/// and `usual_time` (the meetings' time as the language
/// writes it).
#[derive(Serialize)]
struct View<'a> {
    #[serde(flatten)]
    agreement: &'a Agreement,
    /// The schedule, its labels in the agreement's language.
    schedule: Schedule,
    /// How many weeks apart the meetings are (1 weekly, 2 fortnightly, n every n weeks;
    /// none when monthly): for languages whose words for the rhythm are their own.
    every_weeks: Option<u32>,
    today: Date,
    signing: Signing,
    /// Whether the first meeting is where it is signed (the schedule says so).
    signed_at_first: bool,
    usual_time: Option<String>,
}

/// When the agreement is signed, against the day it is drafted, so that the parties
/// block, the opening sentence and the schedule's first meeting agree.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Signing {
    /// `agreed_on` is given: signed that day.
    Agreed,
    /// Drafted today, and signed at the first meeting, which is later.
    AtFirstMeeting,
    /// Today is the first meeting: drafted and signed at it.
    Today,
    /// The first meeting is past and no day of signing is given.
    NotStated,
}

impl<'a> View<'a> {
    fn new(agreement: &'a Agreement, schedule: &'a Schedule, today: Date) -> Self {
        let first = schedule.meetings.first().map(|m| m.date);
        let signing = match (agreement.agreed_on, first) {
            (Some(_), _) => Signing::Agreed,
            (None, Some(f)) if f == today => Signing::Today,
            (None, Some(f)) if f > today => Signing::AtFirstMeeting,
            _ => Signing::NotStated,
        };
        let signed_at_first = match signing {
            Signing::Agreed => agreement.agreed_on == first,
            Signing::AtFirstMeeting | Signing::Today => true,
            Signing::NotStated => false,
        };
        let us = agreement.language == Language::EnUs;
        let usual_time = agreement
            .meetings
            .time
            .as_deref()
            .map(|t| clock_time(t, us));
        let every_weeks = match agreement.meetings.frequency {
            Frequency::Weekly => Some(1),
            Frequency::Fortnightly => Some(2),
            Frequency::EveryWeeks(n) => Some(n),
            Frequency::Monthly => None,
        };
        View {
            agreement,
            schedule: schedule.in_language(agreement.language, agreement.meetings.holidays),
            every_weeks,
            today,
            signing,
            signed_at_first,
            usual_time,
        }
    }
}

/// "17:30" as the language writes it: "17:30" in en-GB, "5:30 PM" in en-US.
pub(crate) fn clock_time(hhmm: &str, us: bool) -> String {
    let parsed = hhmm
        .split_once(':')
        .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)));
    match parsed {
        Some((h, m)) if us && h < 24 && m < 60 => {
            let half = if h < 12 { "AM" } else { "PM" };
            let h12 = if h % 12 == 0 { 12 } else { h % 12 };
            format!("{h12}:{m:02} {half}")
        }
        _ => hhmm.to_string(),
    }
}

impl Renderer {
    /// The built-in templates, with any files in `dir` laid over them.
    pub fn new(dir: Option<&Path>) -> Result<Self> {
        let user = match dir {
            Some(d) => read_user_templates(d)?,
            None => Vec::new(),
        };
        let r = Renderer {
            compiled: Language::ALL
                .iter()
                .flat_map(|&l| Doc::ALL.map(|d| ((l, d), OnceLock::new())))
                .collect(),
            user,
        };
        // Agreements are what most runs make; a review record's templates are checked
        // when a record is first made.
        if !r.user.is_empty() {
            for &lang in Language::ALL {
                r.templates(lang, Doc::Agreement)?;
            }
        }
        Ok(r)
    }
}

impl Renderer {
    /// A hash of every template this renderer may use, built-in and the user's: when it
    /// changes, so may any document.
    pub(crate) fn fingerprint(&self) -> String {
        let built_in = built_in::every_set()
            .into_iter()
            .flat_map(|(folder, set)| set.iter().map(move |f| (folder, f)))
            .flat_map(|(folder, (n, s))| {
                [folder.unwrap_or("").as_bytes(), n.as_bytes(), s.as_bytes()]
            });
        let user = self
            .user
            .iter()
            .flat_map(|(n, s, _)| [n.as_bytes(), s.as_bytes()]);
        crate::digest::sha256_parts(built_in.chain(user))
    }

    /// A hash of the wording of an agreement in `lang`: the templates its text is made
    /// from, by name and source (a bilingual agreement's in both its languages). A
    /// confirmation binds it (with the content), so rewording a clause, in a custom
    /// template or in a new release, voids the confirmations of the old text. A template
    /// only the review record uses does not count.
    pub fn wordings(&self) -> Vec<(Language, String)> {
        Language::ALL
            .iter()
            .map(|&l| (l, self.wording(l)))
            .collect()
    }

    fn wording(&self, lang: Language) -> String {
        let mut files = used(&self.user, lang, Doc::Agreement);
        if let Some(second) = lang.second() {
            files.extend(used(&self.user, second, Doc::Agreement));
        }
        crate::digest::sha256_parts(
            files
                .iter()
                .flat_map(|(n, s, _)| [n.as_bytes(), s.as_bytes()]),
        )
    }
}

/// `lang`'s built-in templates with the user's for that language laid over them: those
/// that `doc`'s main template reaches, in order of name. A user's file at the top of the
/// folder is English's; under `cy/`, `fr/`, … that language's.
fn used(
    user: &[(String, String, PathBuf)],
    lang: Language,
    doc: Doc,
) -> Vec<(String, String, Option<PathBuf>)> {
    let mut files: Vec<(String, String, Option<PathBuf>)> = built_in::set_of(lang)
        .iter()
        .map(|(name, src)| (name.to_string(), src.to_string(), None))
        .collect();
    for (name, src, path) in user {
        let Some(name) = user_file_of(name, lang) else {
            continue;
        };
        files.retain(|(n, _, _)| n != name);
        files.push((name.to_string(), src.clone(), Some(path.clone())));
    }
    let mut files = reachable(files, doc.main());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The name a user's template has in `lang`'s set, if it is one of `lang`'s.
fn user_file_of(name: &str, lang: Language) -> Option<&str> {
    let (folder, rest) = name.split_once('/').unwrap_or(("", name));
    let in_folder = built_in::FOLDERS.contains(&folder);
    match lang.text_folder() {
        Some(f) => (in_folder && folder == f).then_some(rest),
        None => (!in_folder).then_some(name),
    }
}

/// The built-in templates in `lang`'s spelling, with the user's laid over them: those
/// that `doc`'s main template reaches.
fn compile_for(user: &[(String, String, PathBuf)], lang: Language, doc: Doc) -> Result<Tera> {
    let files = used(user, lang, doc);
    timings::time(Stage::Templates, || compile(files, lang))
}

impl Renderer {
    /// `doc`'s templates in `lang`, compiled on first use; only a user's can fail.
    fn templates(&self, lang: Language, doc: Doc) -> Result<&Tera> {
        let cell = &self.compiled[&(lang, doc)];
        if let Some(tera) = cell.get() {
            return Ok(tera);
        }
        let tera = compile_for(&self.user, lang, doc)?;
        Ok(cell.get_or_init(|| tera))
    }

    pub fn markdown(&self, a: &Agreement, schedule: &Schedule, today: Date) -> Result<String> {
        let first = self.one_language(a, schedule, today)?;
        match &a.second {
            Some(second) => {
                let second = bilingual::second_half(a, second);
                let other = self.one_language(&second, schedule, today)?;
                Ok(bilingual::interleave(&first, &other, second.language.tag()))
            }
            None => Ok(first),
        }
    }

    /// The agreement in its (first) language.
    fn one_language(&self, a: &Agreement, schedule: &Schedule, today: Date) -> Result<String> {
        let tera = self.templates(a.language, Doc::Agreement)?;
        let view = View::new(a, schedule, today);
        let ctx = Context::from_serialize(&view).map_err(|e| template_error(MAIN, &e))?;
        let md = sandbox::render(tera, MAIN, &ctx, !self.user.is_empty())
            .map_err(|e| template_error(MAIN, &e))?;
        Ok(number_sections(&tidy(&md)))
    }

    /// A review record (`review.md`): the agreement's fields and `schedule`, with
    /// `review` (what the pipeline's review stage puts together for the meeting).
    pub(crate) fn review_markdown<R: Serialize>(
        &self,
        a: &Agreement,
        schedule: &Schedule,
        today: Date,
        review: &R,
    ) -> Result<String> {
        let first = self.one_review(a, schedule, today, review)?;
        match &a.second {
            Some(second) => {
                let second = bilingual::second_half(a, second);
                let other = self.one_review(&second, schedule, today, review)?;
                Ok(bilingual::interleave_form(
                    &first,
                    &other,
                    second.language.tag(),
                ))
            }
            None => Ok(first),
        }
    }

    fn one_review<R: Serialize>(
        &self,
        a: &Agreement,
        schedule: &Schedule,
        today: Date,
        review: &R,
    ) -> Result<String> {
        #[derive(Serialize)]
        struct ReviewView<'a, R> {
            #[serde(flatten)]
            view: View<'a>,
            review: &'a R,
        }
        let tera = self.templates(a.language, Doc::Review)?;
        let view = ReviewView {
            view: View::new(a, schedule, today),
            review,
        };
        let ctx = Context::from_serialize(&view).map_err(|e| template_error(REVIEW, &e))?;
        let md = sandbox::render(tera, REVIEW, &ctx, !self.user.is_empty())
            .map_err(|e| template_error(REVIEW, &e))?;
        Ok(tidy(&md))
    }
}

/// A tera error as the template author needs it: the innermost cause in the error's
/// `source()` chain is the real message (tera wraps it in "Failed to render …"); a
/// syntax error's cause is the parser's report, whose `--> line:col` names the place.
fn template_error(name: &str, e: &tera::Error) -> Error {
    let mut outer = vec![e.to_string()];
    let mut cause: &dyn std::error::Error = e;
    while let Some(s) = cause.source() {
        outer.push(s.to_string());
        cause = s;
    }
    let real = outer.pop().unwrap_or_default();
    if let Some((file, message)) = sandbox::written_at(&real) {
        return Error::Template {
            name: file,
            message,
        };
    }
    if let tera::ErrorKind::Msg(_) = e.kind {
        if let Some((pos, detail)) = parser_position(&real) {
            return Error::Template {
                name: format!("{name}:{pos}"),
                message: format!("syntax error: {detail}"),
            };
        }
    }
    // Keep the wrapping that names an included template ("… 'sections/goals.md'").
    outer.retain(|m| m.contains('\''));
    outer.push(real);
    Error::Template {
        name: name.to_string(),
        message: outer.join(": ").replace('\n', "\n    "),
    }
}

/// The "line:col" and the expectation from a parser report ("  --> 5:1 … = expected …").
fn parser_position(report: &str) -> Option<(String, String)> {
    let at = report.find("--> ")?;
    let pos: String = report[at + 4..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let detail = report.rsplit("= ").next().unwrap_or("").trim().to_string();
    Some((pos, detail))
}

/// Escape text for CommonMark so that it shows literally wherever a template puts it.
pub(crate) fn escape_markdown(s: &str) -> String {
    let s = s.trim();
    let mut out = String::with_capacity(s.len() + 8);
    // Block markers only matter at the start of a line: a value may be placed there.
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in s.char_indices() {
        let at_start = i == 0;
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits > 0 && i == digits => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Collapse the blank lines that template logic leaves behind.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    for line in md.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if blank > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Number the sections: a level-2 heading that ends in `{§id}` becomes "## N. Title",
/// counting in order, and `[§id]` anywhere becomes that section's number. Templates
/// never hard-code numbers, so adding, dropping or reordering a section keeps the
/// numbers and the "see section N" references right. User text cannot trigger either:
/// its `[` is escaped, and it is never a level-2 heading.
fn number_sections(md: &str) -> String {
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        match section_id(line) {
            Some((title, id)) => {
                let n = numbers.len() + 1;
                numbers.insert(id, n);
                out.push_str(&format!("## {n}. {title}"));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    if !out.contains("[§") {
        return out;
    }
    let mut linked = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find("[§") {
        let tail = &rest[i + "[§".len()..];
        let close = tail.find(']').filter(|_| !rest[..i].ends_with('\\'));
        match close.and_then(|c| numbers.get(&tail[..c]).map(|n| (c, n))) {
            Some((c, n)) => {
                linked.push_str(&rest[..i]);
                linked.push_str(&n.to_string());
                rest = &tail[c + 1..];
            }
            None => {
                linked.push_str(&rest[..i + "[§".len()]);
                rest = tail;
            }
        }
    }
    linked.push_str(rest);
    linked
}

/// `## Title {§id}` → (Title, id).
fn section_id(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_prefix("## ")?.trim_end().strip_suffix('}')?;
    let (title, id) = body.rsplit_once("{§")?;
    let ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then(|| (title.trim_end(), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_templates_compile_in_every_language() {
        for &lang in Language::ALL {
            for doc in Doc::ALL {
                assert!(compile_for(&[], lang, doc).is_ok(), "{lang:?} {doc:?}");
            }
        }
    }

    #[test]
    fn user_text_cannot_become_structure() {
        assert_eq!(escape_markdown("# Not a heading"), "\\# Not a heading");
        assert_eq!(escape_markdown("1. Not a list"), "1\\. Not a list");
        assert_eq!(escape_markdown("a | b"), "a \\| b");
        assert_eq!(escape_markdown("<b>bold</b>"), "\\<b\\>bold\\</b\\>");
        assert_eq!(escape_markdown("*x* and _y_"), "\\*x\\* and \\_y\\_");
        assert_eq!(escape_markdown("line\nbreak"), "line break");
        assert_eq!(escape_markdown("2027 plans"), "2027 plans");
        assert_eq!(escape_markdown("e.g. well-being"), "e.g. well-being");
    }

    #[test]
    fn times_in_both_languages() {
        assert_eq!(clock_time("17:30", false), "17:30");
        assert_eq!(clock_time("17:30", true), "5:30 PM");
        assert_eq!(clock_time("00:05", true), "12:05 AM");
        assert_eq!(clock_time("12:00", true), "12:00 PM");
    }

    #[test]
    fn sections_are_numbered_and_referenced() {
        let md = "# T\n\n## Goals {§goals}\n\nSee section [§meet].\n\n## Meetings {§meet}\n\nBack to [§goals]; \\[§goals\\] and [§nope] stay.\n";
        assert_eq!(
            number_sections(md),
            "# T\n\n## 1. Goals\n\nSee section 2.\n\n## 2. Meetings\n\nBack to 1; \\[§goals\\] and [§nope] stay.\n"
        );
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("a\n\n\n\nb\n  \n"), "a\n\nb\n");
    }
}
