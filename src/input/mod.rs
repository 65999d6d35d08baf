//! Reading agreement and cohort files.
//!
//! A file is parsed into toml's spanned tree first, so that every key keeps its place in
//! the file. Cohort pairs are merged with the defaults on that tree (spans survive the
//! merge), checked against [`crate::schema`] for unknown keys and wrong types, then
//! deserialized into [`RawAgreement`] and validated by [`RawAgreement::validate`]. Every
//! problem comes back as a [`Diagnostic`] with file, line, column and key.
//!
//! A cohort written with `[[pairs]]` headers is cut at them first (`split`): each pair
//! is parsed from its own text when it is loaded, so memory stays flat however many
//! pairs there are.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::IntoDeserializer;
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

mod attach;
mod check;
mod cohort;
mod roster;
mod spans;
mod split;
mod stream;

use attach::{explain_void, has_path, with_records, CohortLook};
use check::check_tree;
pub(crate) use roster::{
    set_flags as set_roster_flags, template_columns as roster_template_columns,
};
use spans::SpanIndex;
use split::{Parts, Rest};
pub(crate) use stream::{each_window, Pieces, Source};

use crate::error::{Diagnostic, Location, Problem};
use crate::model::{Agreement, RawAgreement, Seal};
use crate::timings::{self, Stage};

/// A file's text, read and checked to be UTF-8; or, for a cohort read in pieces
/// (`stream`), a window of it: some of its pairs, and the rest.
pub struct Document {
    pub(crate) path: PathBuf,
    /// The file's text; in a window, only the window's stretch.
    pub(crate) text: String,
    /// Where `text` starts in the file: byte offset and line. Spans are the file's.
    at: (usize, usize),
    /// A cohort's text that is not pairs, when it is in more than one stretch or the
    /// document is a window (the parsed defaults borrow from it; see `split`).
    rest: std::sync::OnceLock<Rest>,
    /// A window's pairs, and how many of the file's pairs come before them.
    window: Option<(Parts, usize)>,
    /// Where the file's `[[pairs]]` are (`None`: it has none), found once.
    cut: std::sync::OnceLock<Option<Parts>>,
    /// What its confirmations are checked against; without one (a command that shows
    /// no confirmations) none is checked, and none counts.
    pub(crate) seal: Option<Arc<Seal>>,
    /// For a roster (a spreadsheet, or a cohort naming one): its pairs are written as
    /// `[[pairs]]` text, and this says which cell each line came from (see `roster`).
    roster: Option<Arc<roster::origin::Origin>>,
}

/// One agreement to produce: a whole agreement file, or one pair of a cohort.
#[derive(Clone)]
pub struct Unit<'a> {
    pub(crate) doc: &'a Document,
    /// 1-based pair number within a cohort file.
    pub(crate) pair: Option<usize>,
    /// The agreement's own keys (for a pair, without the defaults yet).
    body: Body<'a>,
    /// The mentee's and mentor's names as written, before any checking.
    names: Names,
    /// A cohort's checked `[defaults]`, shared by its pairs and merged in `load`, so a
    /// large cohort does not hold a merged copy of the defaults for every pair.
    defaults: Option<Arc<DeTable<'a>>>,
    /// What the cohort decides for all its pairs (holidays, paper), from its defaults.
    look: Option<CohortLook>,
    /// Problems found in the pair's own keys while splitting the cohort.
    early: Vec<(Problem, Option<Range<usize>>)>,
}

/// A pair's mentee and mentor, by name, when the file gives them.
type Names = (Option<String>, Option<String>);

/// Where a unit's own keys are.
#[derive(Clone)]
enum Body<'a> {
    Tree(Spanned<DeTable<'a>>),
    /// A pair's stretch of the cohort file (its `[[pairs]]` and sub-tables), parsed
    /// when the pair is loaded; and the line it starts on.
    Text(Range<usize>, usize),
    /// A pair whose text does not parse: it fails alone, with these problems.
    Broken(Vec<Diagnostic>),
}

/// A unit that passed every check.
pub struct Loaded {
    pub agreement: Agreement,
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Document {
    pub(crate) fn read(path: &Path) -> Result<Self, Box<Diagnostic>> {
        crate::limits::admit(path)?;
        if roster::is_roster_file(path) {
            return roster::read(path, None);
        }
        let cannot = |e: std::io::Error| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "file not found".to_string(),
                std::io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
                _ => format!("cannot read: {e}"),
            };
            Box::new(Diagnostic::new(path, Problem::error("", why)))
        };
        let bytes = crate::limits::read_bytes(path).map_err(cannot)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Box::new(
                Diagnostic::new(
                    path,
                    Problem::error("", format!("is not UTF-8 text (bad byte at offset {at})"))
                        .help("save the file as UTF-8; most editors offer this under \"Save with encoding\""),
                )
                .at(&text, Some(at..at + 3)),
            )
        })?;
        if roster::names_roster(&text) {
            return roster::read(path, Some(text));
        }
        Ok(Document::from_text(path, text))
    }

    pub fn from_text(path: &Path, text: String) -> Self {
        Document {
            path: path.to_path_buf(),
            text,
            at: (0, 1),
            rest: std::sync::OnceLock::new(),
            window: None,
            cut: std::sync::OnceLock::new(),
            seal: None,
            roster: None,
        }
    }

    /// This document, its confirmations to be checked against `seal`.
    pub fn sealed(mut self, seal: Option<Arc<Seal>>) -> Self {
        self.seal = seal;
        self
    }

    /// Whether this is a window of a cohort read in pieces, not the whole file.
    pub(crate) fn is_window(&self) -> bool {
        self.window.is_some()
    }

    /// Whether the pairs come from a spreadsheet: then this text is not the file's.
    pub(crate) fn is_roster(&self) -> bool {
        self.roster.is_some()
    }

    /// Where the file's `[[pairs]]` headers cut it, if it has any.
    fn cut(&self) -> Option<&Parts> {
        self.cut.get_or_init(|| split::split(&self.text)).as_ref()
    }

    /// The file's text in `range` (file offsets).
    fn slice(&self, range: &Range<usize>) -> &str {
        &self.text[range.start - self.at.0..range.end - self.at.0]
    }

    /// Line, column and source line of a span of the file; lines are counted from
    /// `known` (a line start and its number) when it comes before the span.
    fn locate(&self, span: Range<usize>, known: (usize, usize)) -> Location {
        let (at, line) = self.at;
        let end = at + self.text.len();
        if (at..=end).contains(&span.start) {
            let local = span.start - at..span.end.clamp(span.start, end) - at;
            let known = if known.0 >= at {
                (known.0 - at, known.1)
            } else {
                (0, line)
            };
            return Location::from_span_after(&self.text, local, known);
        }
        // Outside a window: the span is in the cohort's defaults.
        self.rest
            .get()
            .and_then(|r| r.locate(span.clone()))
            .unwrap_or_else(|| Location::from_span(&self.text, span))
    }

    fn diag(&self, problem: Problem, span: Option<Range<usize>>) -> Diagnostic {
        self.diag_after(problem, span, (0, 1))
    }

    /// [`Document::diag`], counting lines from `known` (see [`Document::locate`]).
    fn diag_after(
        &self,
        mut problem: Problem,
        span: Option<Range<usize>>,
        known: (usize, usize),
    ) -> Diagnostic {
        // toml calls a date written `18/01/2027` a string without quotes; say what it is.
        if let Some(s) = span
            .as_ref()
            .filter(|_| problem.message.starts_with("TOML syntax"))
        {
            let at = self.at.0;
            let found = s
                .start
                .checked_sub(at)
                .and_then(|a| self.text.get(a..s.end.saturating_sub(at)));
            if let Some((found, fix)) =
                found.and_then(|f| Some((f, crate::model::spreadsheet_date(f)?)))
            {
                problem = Problem::error(
                    "",
                    format!(
                        "{found} is a date written the spreadsheet way, which TOML does not read"
                    ),
                )
                .help(fix);
            }
        }
        let mut d = Diagnostic::new(&self.path, problem);
        d.location = span.map(|s| self.locate(s, known));
        if let Some(r) = &self.roster {
            r.place(&mut d);
        }
        d
    }

    /// Split the file into the agreements it holds. File-level problems (TOML syntax
    /// outside the pairs, a bad `[defaults]`) stop the whole file; problems of one pair,
    /// its syntax included, stay with that pair.
    pub fn units(&self) -> Result<Vec<Unit<'_>>, Vec<Diagnostic>> {
        if let Some(fatal) = self.roster.as_ref().and_then(|r| r.fatal()) {
            return Err(fatal);
        }
        if let Some((parts, _)) = &self.window {
            return self
                .split_units(parts)
                .expect("a cohort read in pieces has no `pairs = [ … ]`");
        }
        if let Some(parts) = self.cut() {
            if let Some(units) = self.split_units(parts) {
                return units;
            }
        }
        let (root, errors) = DeTable::parse_recoverable(&self.text);
        if !errors.is_empty() {
            return Err(sorted(
                errors
                    .iter()
                    .map(|e| self.diag(Problem::error("", syntax_message(e.message())), e.span()))
                    .collect(),
            ));
        }
        let is_cohort =
            root.get_ref().contains_key("pairs") || root.get_ref().contains_key("defaults");
        if !is_cohort {
            let names = names_in(root.get_ref(), None);
            return Ok(vec![Unit {
                doc: self,
                pair: None,
                body: Body::Tree(root),
                names,
                defaults: None,
                look: None,
                early: Vec::new(),
            }]);
        }
        self.cohort_units(root, None)
    }
}

impl Unit<'_> {
    /// "pair 3 (Zoë Ó'Brien and Grace Hopper)", for cohort pairs.
    pub(crate) fn context(&self) -> Option<String> {
        let n = self.pair?;
        Some(match self.names() {
            (Some(a), Some(b)) => format!("pair {n}: {a} and {b}"),
            (Some(a), None) | (None, Some(a)) => format!("pair {n}: {a}"),
            _ => format!("pair {n}"),
        })
    }

    /// The mentee's and mentor's names as written, before any checking.
    pub(crate) fn names(&self) -> (Option<String>, Option<String>) {
        self.names.clone()
    }

    /// Check, deserialize and validate this agreement.
    pub fn load(self) -> Result<Loaded, Vec<Diagnostic>> {
        self.load_keeping(false).map(|(_, l)| l)
    }

    /// [`Unit::load`], also giving the raw answers it was validated from (for a pair,
    /// merged with the cohort's defaults): what `renew` carries into the next agreement.
    pub(crate) fn load_with_raw(self) -> Result<(RawAgreement, Loaded), Vec<Diagnostic>> {
        self.load_keeping(true)
            .map(|(raw, l)| (raw.expect("kept"), l))
    }

    fn load_keeping(self, keep: bool) -> Result<(Option<RawAgreement>, Loaded), Vec<Diagnostic>> {
        let context = self.context();
        let doc = self.doc;
        // Lines are counted from the pair's own first line where they can be.
        let known = match &self.body {
            Body::Text(r, line) => (r.start, *line),
            Body::Tree(_) | Body::Broken(_) => (0, 1),
        };
        let place = |(p, s): (Problem, Option<Range<usize>>)| {
            let mut d = doc.diag_after(p, s, known);
            d.context = context.clone();
            d
        };
        let own = match self.body {
            Body::Tree(t) => t,
            Body::Text(r, line) => timings::time(Stage::Parse, || doc.parse_pair(&r, line))?,
            Body::Broken(mut diags) => {
                for d in &mut diags {
                    d.context = context.clone();
                }
                return Err(diags);
            }
        };
        let mut problems = self.early;
        // A key missing from a cohort pair is reported at the pair itself.
        let pair_span = self.pair.map(|_| {
            let s = own.span();
            s.start..s.start + 1
        });
        let pair_no = self.pair;
        let cohort = self.look;
        // A cohort pair's own keys are kept, to tell them from those of `[defaults]`.
        let (mut table, own) = match &self.defaults {
            Some(d) => {
                let span = own.span();
                (Spanned::new(span, merge(d, own.get_ref())), Some(own))
            }
            None => (own, None),
        };
        let sets = |key: &str| own.as_ref().is_some_and(|o| has_path(o.get_ref(), key));
        let spans = SpanIndex::new(table.get_ref());
        check_tree(table.get_mut(), "", "", &mut problems);
        let raw = match RawAgreement::deserialize(table.into_deserializer()) {
            Ok(mut raw) => {
                if let Some(c) = &cohort {
                    c.fill(&mut raw);
                }
                raw
            }
            // The schema check removed what does not fit; report anything left rather than panic.
            Err(e) => {
                problems.push((Problem::error("", e.message().to_string()), e.span()));
                return Err(sorted(problems.into_iter().map(place).collect()));
            }
        };
        // Keys already reported as wrong would only be reported again as "missing".
        let reported: Vec<String> = problems.iter().map(|(p, _)| p.key.clone()).collect();
        let with_span = |p: Problem| {
            let s = spans.find(&p.key).or_else(|| pair_span.clone());
            place((p, s))
        };
        match raw.validate() {
            Ok(agreement) if problems.is_empty() => {
                let (raw, mut agreement, agreed) = with_records(&doc.path, raw, agreement)?;
                if let Some(seal) = &doc.seal {
                    crate::model::confirm::settle(&mut agreement, seal);
                }
                let inherited = |key: &str| own.is_some() && !sets(key);
                explain_void(&mut agreement, &agreed, &doc.path, pair_no, inherited);
                if let Some(w) = cohort
                    .as_ref()
                    .and_then(|c| c.differs(&agreement, sets("meetings.holidays")))
                {
                    agreement.warnings.push(w);
                }
                let missing = resolve_fonts(&mut agreement, &doc.path);
                if !missing.is_empty() {
                    return Err(sorted(missing.into_iter().map(with_span).collect()));
                }
                let warnings = std::mem::take(&mut agreement.warnings)
                    .into_iter()
                    .map(with_span)
                    .collect();
                Ok((
                    keep.then_some(raw),
                    Loaded {
                        agreement,
                        warnings,
                    },
                ))
            }
            Ok(_) => Err(sorted(problems.into_iter().map(place).collect())),
            Err(more) => {
                let more = more.into_iter().filter(|p| {
                    // `duration` is not missing when its `start` was reported.
                    !reported.iter().any(|r| {
                        r == &p.key
                            || r.strip_prefix(p.key.as_str())
                                .is_some_and(|t| t.starts_with('.'))
                    })
                });
                let mut all: Vec<Diagnostic> = problems.into_iter().map(place).collect();
                all.extend(more.map(with_span));
                Err(sorted(all))
            }
        }
    }
}

/// The mentee's and mentor's names in `table`, else in `defaults`.
fn names_in(
    table: &DeTable<'_>,
    defaults: Option<&DeTable<'_>>,
) -> (Option<String>, Option<String>) {
    let name = |who: &str| name_of(table, who).or_else(|| defaults.and_then(|d| name_of(d, who)));
    (name("mentee"), name("mentor"))
}

fn name_of(t: &DeTable<'_>, who: &str) -> Option<String> {
    match t.get(who).map(|v| v.get_ref()) {
        Some(DeValue::Table(t)) => t
            .get("name")
            .and_then(|n| n.get_ref().as_str())
            .map(str::to_string),
        _ => None,
    }
}

/// `[pdf] fonts` are relative to the agreement file's folder; each must exist.
fn resolve_fonts(a: &mut Agreement, file: &Path) -> Vec<Problem> {
    let base = file.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    for (i, f) in a.pdf.fonts.iter_mut().enumerate() {
        if f.is_relative() {
            *f = base.join(&*f);
        }
        if !f.is_file() {
            problems.push(
                Problem::error(
                    format!("pdf.fonts[{}]", i + 1),
                    format!("font file {} not found", crate::error::shown(f)),
                )
                .help("paths are relative to this file's folder"),
            );
        }
    }
    problems
}

/// In file order, so the list reads top to bottom; problems without a place go first.
fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    d.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    d
}

/// toml's messages are good; make the common ones friendlier still.
fn syntax_message(msg: &str) -> String {
    let msg = msg.trim();
    if msg.contains("duplicate key") {
        format!("{msg} (each key may appear once per table)")
    } else {
        format!("TOML syntax: {msg}")
    }
}

/// Lay `over` on `base`: tables merge key by key, anything else is replaced whole.
fn merge<'i>(base: &DeTable<'i>, over: &DeTable<'i>) -> DeTable<'i> {
    let mut out = base.clone();
    for (k, v) in over.iter() {
        let merged = match (
            out.get(k.get_ref().as_ref()).map(|e| e.get_ref()),
            v.get_ref(),
        ) {
            // A pair's own `months` or `end` replaces the defaults' length of term as a
            // whole: giving one is not a conflict with the other from [defaults].
            (Some(DeValue::Table(b)), DeValue::Table(o))
                if k.get_ref() == "duration"
                    && (o.contains_key("months") || o.contains_key("end")) =>
            {
                let mut b = b.clone();
                b.remove("months");
                b.remove("end");
                Spanned::new(v.span(), DeValue::Table(merge(&b, o)))
            }
            (Some(DeValue::Table(b)), DeValue::Table(o)) => {
                Spanned::new(v.span(), DeValue::Table(merge(b, o)))
            }
            _ => v.clone(),
        };
        // Keep the key's span from `over` so errors point at the pair's own line.
        out.remove(k.get_ref().as_ref());
        out.insert(k.clone(), merged);
    }
    out
}

/// Open `path` for `render`: a cohort's pairs are then read a window at a time.
pub(crate) fn open(path: &Path) -> Result<Source, Box<Diagnostic>> {
    crate::limits::admit(path)?;
    roster::open(path).unwrap_or_else(|| stream::open(path))
}

/// The agreement files named on the command line: files as given, folders expanded to
/// the `.toml` files directly inside them, in name order.
pub(crate) fn expand_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let entries = std::fs::read_dir(p).map_err(|e| {
                Box::new(Diagnostic::new(
                    p,
                    Problem::error("", format!("cannot read folder: {e}")),
                ))
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                // Not only regular files: a pipe or a broken link named .toml is reported.
                .filter(|f| !f.is_dir() && f.extension().is_some_and(|x| x == "toml"))
                // Review records of older versions sit beside the answers: not agreements.
                .filter(|f| !crate::records::is_record(f))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Box::new(Diagnostic::new(
                    p,
                    Problem::error("", "this folder has no .toml files"),
                )));
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Load a file that must hold exactly one agreement (used by the interview's `--from`
/// and `--resume`, which may also be incomplete: no validation here).
pub fn read_raw(path: &Path) -> Result<(RawAgreement, Document), Vec<Diagnostic>> {
    let doc = Document::read(path).map_err(|d| vec![*d])?;
    let raw = raw_of(&doc)?;
    Ok((raw, doc))
}

/// The raw answers of a document holding one agreement (or a cohort's defaults), checked
/// for unknown keys and types but not validated.
pub(crate) fn raw_of(doc: &Document) -> Result<RawAgreement, Vec<Diagnostic>> {
    let units = doc.units()?;
    let mut problems = Vec::new();
    let raw = {
        let unit = units
            .into_iter()
            .next()
            .expect("a file gives at least one unit");
        let mut early = unit.early;
        // For `--from`, a cohort's defaults are what a new pair shares; its pairs' own
        // people are not.
        let mut table = match (&unit.defaults, unit.body) {
            (Some(d), _) => Spanned::new(0..0, DeTable::clone(d)),
            (None, Body::Tree(t)) => t,
            (None, Body::Text(r, line)) => doc.parse_pair(&r, line)?,
            (None, Body::Broken(diags)) => return Err(diags),
        };
        check_tree(table.get_mut(), "", "", &mut early);
        problems.extend(early.into_iter().map(|(p, s)| doc.diag(p, s)));
        RawAgreement::deserialize(table.into_deserializer())
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    match raw {
        Ok(raw) => Ok(raw),
        Err(e) => {
            Err(vec![doc.diag(
                Problem::error("", e.message().to_string()),
                e.span(),
            )])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Vec<Result<Loaded, Vec<Diagnostic>>> {
        let doc = Document::from_text(Path::new("t.toml"), text.to_string());
        let units = doc.units().map_err(|d| format!("{d:?}")).unwrap();
        units.into_iter().map(Unit::load).collect()
    }

    const MIN: &str = "[mentor]\nname = \"A\"\n[mentee]\nname = \"B\"\n[[goals]]\ndescription = \"G\"\n[duration]\nstart = 2027-01-11\n";

    #[test]
    fn typo_gets_line_and_suggestion() {
        let text = format!("{MIN}[meetings]\nfrequncy = \"monthly\"\n");
        let errs = load(&text).pop().unwrap().err().unwrap();
        assert_eq!(errs.len(), 1);
        let d = &errs[0];
        assert_eq!(d.location.as_ref().unwrap().line, 10);
        assert_eq!(d.problem.help.as_deref(), Some("did you mean `frequency`?"));
        assert_eq!(d.problem.key, "meetings.frequncy");
    }

    #[test]
    fn all_type_errors_in_a_file_are_reported() {
        let text = format!("{MIN}[meetings]\nlength_minutes = \"sixty\"\nchannels = \"email\"\nformt = \"video\"\n");
        let errs = load(&text).pop().unwrap().err().unwrap();
        let keys: Vec<_> = errs.iter().map(|d| d.problem.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "meetings.length_minutes",
                "meetings.channels",
                "meetings.formt"
            ]
        );
    }

    #[test]
    fn type_errors_do_not_hide_other_problems() {
        let text = MIN.replace("name = \"B\"", "name = \" \"")
            + "[meetings]\nlength_minutes = \"sixty\"\n";
        let errs = load(&text).pop().unwrap().err().unwrap();
        let keys: Vec<_> = errs.iter().map(|d| d.problem.key.as_str()).collect();
        assert_eq!(keys, ["mentee.name", "meetings.length_minutes"]);
    }

    #[test]
    fn semantic_problems_point_at_the_value() {
        let text = MIN.replace(
            "start = 2027-01-11",
            "start = 2027-01-11\nmonths = 6\nend = 2027-05-01",
        );
        let errs = load(&text).pop().unwrap().err().unwrap();
        assert_eq!(errs[0].problem.key, "duration.end");
        assert_eq!(errs[0].location.as_ref().unwrap().line, 10);
    }

    #[test]
    fn cohort_pairs_merge_defaults_and_fail_alone() {
        let text = r#"
[defaults]
meetings.frequency = "monthly"
duration.start = 2027-01-11
goals = [{ description = "Shared goal" }]

[[pairs]]
mentor.name = "A"
mentee.name = "B"
meetings.length_minutes = 45

[[pairs]]
mentor.name = "C"
mentee.name = "D"
meetings.frequency = "whenever"
"#;
        let mut r = load(text);
        let bad = r.pop().unwrap().err().unwrap();
        let good = r.pop().unwrap().ok().unwrap();
        assert_eq!(good.agreement.meetings.length_minutes, 45);
        assert_eq!(
            good.agreement.meetings.frequency,
            crate::model::Frequency::Monthly
        );
        assert_eq!(bad[0].context.as_deref(), Some("pair 2: D and C"));
        assert_eq!(bad[0].location.as_ref().unwrap().line, 15);
    }

    #[test]
    fn syntax_errors_are_file_level() {
        let doc = Document::from_text(Path::new("t.toml"), "title = \"open\n[mentor]\n".into());
        let errs = doc.units().err().unwrap();
        assert_eq!(errs[0].location.as_ref().unwrap().line, 1);
    }
}
