//! A roster's header row → the key each column gives: `--map` first, then the cohort's
//! `[columns]`, then a header that is a key's own name (`mentor.email`, `goals`,
//! `goals.2.description`). Everything wrong with the headers is found at once, before
//! any row is read: unknown headers (with a did-you-mean), duplicates, two columns for
//! one key, mappings whose header is not there, keys every pair needs and nothing gives.

use std::collections::HashMap;
use std::ops::Range;

use super::origin::column_letters;
use super::settings::{Mapping, Settings};
use crate::error::{did_you_mean, Problem};
use crate::schema::{self, Kind};

/// What a column gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// A key of the agreement (`mentor.email`) and its kind.
    Key(&'static str, Kind),
    /// Goals, one a line (or `;`-separated): each a goal's description.
    Goals,
    /// One field of goal `n` (1-based): `goals.2.measure`.
    Goal(u32, &'static str, Kind),
    /// Read by nothing (mapped to "").
    Ignored,
    /// A column with no header.
    Unnamed,
}

const GOAL_FIELDS: &[(&str, Kind)] = &[
    ("description", Kind::Str),
    ("measure", Kind::Str),
    ("target_date", Kind::Date),
];

/// The target a key name gives a column, if it can be one.
pub(super) fn target_of(key: &str) -> Option<Target> {
    let key = key.trim();
    if key.is_empty() {
        return Some(Target::Ignored);
    }
    if key == "goals" {
        return Some(Target::Goals);
    }
    let goal = key
        .strip_prefix("goals.")
        .and_then(|r| r.split_once('.'))
        .or_else(|| key.strip_prefix("goals[").and_then(|r| r.split_once("].")));
    if let Some((n, field)) = goal {
        let n: u32 = n.parse().ok().filter(|n| *n >= 1)?;
        let &(f, kind) = GOAL_FIELDS.iter().find(|(f, _)| *f == field)?;
        return Some(Target::Goal(n, f, kind));
    }
    let k = schema::find(key)?;
    let whole = !k.path.contains("[]") && !k.path.starts_with("confirmations");
    match k.kind {
        Kind::Table | Kind::TableList => None,
        kind if whole => Some(Target::Key(k.path, kind)),
        _ => None,
    }
}

/// Every key a column may give, for did-you-mean and the docs.
pub(super) fn column_keys() -> impl Iterator<Item = &'static str> {
    schema::KEYS
        .iter()
        .map(|k| k.path)
        .filter(|p| target_of(p).is_some_and(|t| t != Target::Goals))
        .chain([
            "goals",
            "goals.1.description",
            "goals.1.measure",
            "goals.1.target_date",
        ])
}

/// The columns of a roster's header row, resolved.
pub(super) struct Columns {
    by_column: HashMap<u32, Target>,
}

impl Columns {
    pub(super) fn target(&self, col: u32) -> &Target {
        self.by_column.get(&col).unwrap_or(&Target::Unnamed)
    }

    /// Resolve `headers` (column, text) with the cohort's and command line's mappings.
    /// Problems come with where they are: a mapping's place in the cohort file, or the
    /// header's column.
    pub(super) fn resolve(
        headers: &[(u32, String)],
        settings: &Settings,
        cli: &[(String, String)],
    ) -> Result<Columns, Vec<Found>> {
        let mut found = Vec::new();
        let cli: Vec<Mapping> = cli
            .iter()
            .map(|(h, k)| Mapping {
                header: h.clone(),
                key: k.clone(),
                span: None,
            })
            .collect();
        let maps: Vec<&Mapping> = cli.iter().chain(&settings.columns).collect();
        for m in &maps {
            if target_of(&m.key).is_none() {
                found.push(Found::Mapping(bad_key(&m.key, &m.header), m.span.clone()));
            }
            if !headers.iter().any(|(_, h)| same(h, &m.header)) {
                let names = headers.iter().map(|(_, h)| h.as_str());
                let mut p = Problem::error(
                    if m.span.is_some() {
                        format!("columns.{}", m.header)
                    } else {
                        "--map".into()
                    },
                    format!("the roster has no column \"{}\"", m.header),
                );
                if let Some(h) = did_you_mean(&m.header, names) {
                    p = p.help(format!("did you mean \"{h}\"?"));
                }
                found.push(Found::Mapping(p, m.span.clone()));
            }
        }
        let mut by_column = HashMap::new();
        let mut seen: Vec<(&str, u32)> = Vec::new();
        let mut given: Vec<(Target, u32)> = Vec::new();
        for (col, header) in headers {
            if header.is_empty() {
                continue;
            }
            if let Some((_, first)) = seen.iter().find(|(h, _)| same(h, header)) {
                found.push(Found::Header(
                    *col,
                    Problem::error(
                        "",
                        format!(
                            "the header \"{header}\" is also column {}",
                            column_letters(*first)
                        ),
                    )
                    .help("give each column a header of its own"),
                ));
                continue;
            }
            seen.push((header, *col));
            let target = match maps.iter().find(|m| same(&m.header, header)) {
                Some(m) => target_of(&m.key),
                None => target_of(&header.to_ascii_lowercase()).filter(|t| *t != Target::Ignored),
            };
            let Some(target) = target else {
                if !maps.iter().any(|m| same(&m.header, header)) {
                    found.push(Found::Header(*col, unknown_header(header)));
                }
                continue;
            };
            if !matches!(target, Target::Ignored) {
                if let Some(&(_, first)) = given.iter().find(|(t, _)| *t == target) {
                    found.push(Found::Header(
                        *col,
                        Problem::error(
                            "",
                            format!(
                                "this column and column {} both give {}",
                                column_letters(first),
                                describe(&target)
                            ),
                        )
                        .help("keep one of them, or map one to \"\" to leave it out"),
                    ));
                }
                given.push((target.clone(), *col));
            }
            by_column.insert(*col, target);
        }
        let columns = Columns { by_column };
        columns.needed(settings, &mut found);
        if found.is_empty() {
            Ok(columns)
        } else {
            Err(found)
        }
    }

    /// Keys every pair needs that neither a column nor `[defaults]` gives: said once.
    fn needed(&self, settings: &Settings, found: &mut Vec<Found>) {
        let gives = |t: &dyn Fn(&Target) -> bool| self.by_column.values().any(t);
        if gives(&|t| matches!(t, Target::Goals))
            && gives(&|t| matches!(t, Target::Goal(_, "description", _)))
        {
            found.push(Found::File(
                Problem::error("goals", "a `goals` column and `goals.N.description` columns both give the goals' descriptions")
                    .help("use one way: a `goals` column (a goal a line, with goals.N.measure beside it if you like), or goals.1.description, goals.2.description …"),
            ));
        }
        for key in ["mentor.name", "mentee.name", "duration.start", "goals"] {
            let has = match key {
                "goals" => {
                    gives(&|t| matches!(t, Target::Goals | Target::Goal(_, "description", _)))
                }
                _ => gives(&|t| matches!(t, Target::Key(k, _) if *k == key)),
            };
            if !has && !settings.defaults_have(key) {
                found.push(Found::File(
                    Problem::error(key, "every pair needs it, and no column of the roster nor [defaults] gives it")
                        .help(format!("add a column with the header `{key}`, map one in [columns] (\"Your header\" = \"{key}\") or with --map, or set it under [defaults]")),
                ));
            }
        }
    }
}

/// A problem found in the headers, with where it is.
pub(super) enum Found {
    /// A header cell (its column).
    Header(u32, Problem),
    /// A mapping, where the cohort file writes it.
    Mapping(Problem, Option<Range<usize>>),
    /// The roster as a whole.
    File(Problem),
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn describe(t: &Target) -> String {
    match t {
        Target::Key(k, _) => format!("`{k}`"),
        Target::Goals => "the goals".into(),
        Target::Goal(n, f, _) => format!("`goals.{n}.{f}`"),
        Target::Ignored | Target::Unnamed => "nothing".into(),
    }
}

fn bad_key(key: &str, header: &str) -> Problem {
    let mut p = Problem::error(
        format!("columns.{header}"),
        format!("`{key}` is not a key a column can give"),
    );
    p = match did_you_mean(key, column_keys()) {
        Some(m) => p.help(format!("did you mean `{m}`?")),
        None => p.help("a column gives one key of a pair, like mentor.email, goals or duration.start (see docs/format.md, \"Rosters\")"),
    };
    p
}

fn unknown_header(header: &str) -> Problem {
    let lower = header.trim().to_ascii_lowercase().replace(' ', "_");
    let mut p = Problem::error("", format!("unknown column \"{header}\""));
    let map = |k: &str| {
        format!("map it in the cohort file's [columns] (\"{header}\" = \"{k}\") or with --map \"{header}={k}\"; map it to \"\" to leave it out")
    };
    p = match did_you_mean(&lower, column_keys()) {
        Some(m) => p.help(format!("did you mean `{m}`? {}", map(m))),
        None => p.help(map("mentor.email")),
    };
    p
}

/// The columns of `init --roster`'s template, in order: each key and, for those that
/// take one of a few words, the words.
pub(crate) fn template_columns() -> Vec<(&'static str, Vec<&'static str>)> {
    const KEYS: &[&str] = &[
        "id",
        "mentee.name",
        "mentee.email",
        "mentee.role",
        "mentor.name",
        "mentor.email",
        "mentor.role",
        "goals",
        "relationship",
        "language",
        "duration.start",
        "duration.months",
        "meetings.frequency",
        "meetings.format",
        "meetings.length_minutes",
        "meetings.holidays",
        "boundaries.line_manager",
    ];
    KEYS.iter()
        .map(|k| {
            let words = match *k {
                "meetings.frequency" => vec!["weekly", "fortnightly", "monthly", "every 3 weeks"],
                "boundaries.line_manager" => vec!["false", "true"],
                _ => schema::find(k)
                    .map(|s| s.choices.to_vec())
                    .unwrap_or_default(),
            };
            (*k, words)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_a_column_can_give() {
        assert_eq!(
            target_of("mentor.email"),
            Some(Target::Key("mentor.email", Kind::Str))
        );
        assert_eq!(target_of("goals"), Some(Target::Goals));
        assert_eq!(
            target_of("goals.2.measure"),
            Some(Target::Goal(2, "measure", Kind::Str))
        );
        assert_eq!(
            target_of("goals[1].target_date"),
            Some(Target::Goal(1, "target_date", Kind::Date))
        );
        assert_eq!(target_of("mentor"), None);
        assert_eq!(target_of("meetings.blackout"), None);
        assert_eq!(target_of(""), Some(Target::Ignored));
        assert!(template_columns()
            .iter()
            .all(|(k, _)| target_of(k).is_some()));
    }

    #[test]
    fn headers_are_checked_all_at_once() {
        let s = Settings::alone(std::path::Path::new("r.csv"));
        let h = |v: &[&str]| {
            v.iter()
                .enumerate()
                .map(|(i, s)| (i as u32, s.to_string()))
                .collect::<Vec<_>>()
        };
        let ok = Columns::resolve(
            &h(&[
                "mentor.name",
                "mentee.name",
                "goals",
                "duration.start",
                "Email",
            ]),
            &s,
            &[("Email".into(), "mentee.email".into())],
        );
        assert_eq!(
            ok.ok().unwrap().target(4),
            &Target::Key("mentee.email", Kind::Str)
        );
        let bad = Columns::resolve(&h(&["mentor.name", "mentee.nme", "mentor.name"]), &s, &[])
            .err()
            .unwrap();
        let messages: Vec<String> = bad
            .iter()
            .map(|f| match f {
                Found::Header(c, p) => {
                    format!("{c} {} {}", p.message, p.help.clone().unwrap_or_default())
                }
                Found::File(p) | Found::Mapping(p, _) => format!("{} {}", p.key, p.message),
            })
            .collect();
        assert!(
            messages[0].contains("unknown column \"mentee.nme\"")
                && messages[0].contains("`mentee.name`"),
            "{messages:?}"
        );
        assert!(messages[1].contains("also column A"), "{messages:?}");
        // mentee.name, duration.start and goals are missing, each said once.
        assert_eq!(
            messages
                .iter()
                .filter(|m| m.contains("every pair needs it"))
                .count(),
            3,
            "{messages:?}"
        );
    }
}
