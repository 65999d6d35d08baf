//! Unknown keys and wrong types, against the key table in [`crate::schema`]: every one
//! found (with "did you mean"), and what is wrong dropped so the rest can still be read.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::roster::ROSTER_KEYS;
use crate::error::{did_you_mean, Problem};
use crate::schema::{self, Kind};

/// Unknown keys and wrong types, all of them, against the schema.
pub(super) fn check_tree(
    table: &mut DeTable<'_>,
    schema_prefix: &str,
    shown_prefix: &str,
    out: &mut Vec<(Problem, Option<Range<usize>>)>,
) {
    let mut bad = Vec::new();
    for (k, v) in table.iter_mut() {
        let name = k.get_ref().as_ref();
        let path = join(schema_prefix, name);
        let shown = format!("{shown_prefix}{name}");
        let Some(key) = schema::find(&path) else {
            let known: Vec<&str> = schema::children(schema_prefix)
                .map(|k| schema::leaf(k.path))
                .collect();
            let scope = if schema_prefix.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in [{}]", schema_prefix.trim_end_matches("[]"))
            };
            let mut p = Problem::error(&shown, format!("unknown key `{name}` {scope}"));
            // A line added at the foot of a cohort file lands in its last table: the
            // roster's own settings are then read as a pair's, so say where they go.
            let misplaced = shown_prefix == "defaults." && ROSTER_KEYS.contains(&name);
            p = match did_you_mean(name, known.iter().copied()) {
                _ if misplaced => Problem::error(
                    shown,
                    format!("`{name}` is a setting of the cohort file, not of each pair"),
                )
                .help(format!(
                    "move the line to the top of the file, above `[defaults]`: `{name}` comes before the first line in square brackets"
                )),
                Some(m) => p.help(format!("did you mean `{m}`?")),
                None => p.help(format!("known keys here: {}", known.join(", "))),
            };
            out.push((p, Some(k.span())));
            bad.push(k.get_ref().to_string());
            continue;
        };
        if !check_value(v, key.kind, &path, &shown, out) {
            bad.push(k.get_ref().to_string());
        }
    }
    // Drop what is wrong so the rest can still be deserialized and validated.
    for k in bad {
        table.remove(k.as_str());
    }
}

/// Check one value against its kind; false if it must be dropped.
pub(super) fn check_value(
    v: &mut Spanned<DeValue<'_>>,
    kind: Kind,
    path: &str,
    shown: &str,
    out: &mut Vec<(Problem, Option<Range<usize>>)>,
) -> bool {
    let span = v.span();
    let found = v.get_mut();
    let ok = match (kind, &mut *found) {
        (Kind::Str | Kind::Time, DeValue::String(_)) => true,
        (Kind::Int, DeValue::Integer(n)) => {
            if i64::from_str_radix(n.as_str(), n.radix()).is_err() {
                out.push((
                    Problem::error(shown, format!("{} is far too large a number", n.as_str()))
                        .help(
                            "write a whole number in the range the key allows (see docs/format.md)",
                        ),
                    Some(span),
                ));
                return false;
            }
            true
        }
        (Kind::Bool, DeValue::Boolean(_)) => true,
        (Kind::Date, DeValue::Datetime(_)) => true,
        (Kind::StrList, DeValue::Array(items)) => {
            let before = out.len();
            for (i, item) in items.iter().enumerate() {
                if !item.get_ref().is_str() {
                    out.push((
                        Problem::error(
                            format!("{shown}[{}]", i + 1),
                            format!("expected a string, found {}", item.get_ref().type_str()),
                        ),
                        Some(item.span()),
                    ));
                }
            }
            return out.len() == before;
        }
        (Kind::Table, DeValue::Table(t)) => {
            check_tree(t, path, &format!("{shown}."), out);
            true
        }
        (Kind::TableList, DeValue::Array(items)) => {
            let before = out.len();
            for (i, item) in items.iter_mut().enumerate() {
                let item_span = item.span();
                match item.get_mut() {
                    DeValue::Table(t) => check_tree(
                        t,
                        &format!("{path}[]"),
                        &format!("{shown}[{}].", i + 1),
                        out,
                    ),
                    other => out.push((
                        Problem::error(
                            format!("{shown}[{}]", i + 1),
                            format!("expected a table, found {}", other.type_str()),
                        ),
                        Some(item_span),
                    )),
                }
            }
            // Items with a bad key were cleaned; only a non-table item drops the list.
            return !out[before..]
                .iter()
                .any(|(p, _)| p.message.starts_with("expected a table"));
        }
        _ => false,
    };
    if !ok {
        let mut p = Problem::error(
            shown,
            format!("expected {}, found {}", kind.describe(), describe(found)),
        );
        let spreadsheet = match found {
            DeValue::String(s) if kind == Kind::Date => crate::model::spreadsheet_date(s),
            _ => None,
        };
        if let Some(fix) = spreadsheet {
            p = p.help(fix);
        } else if kind == Kind::Date && found.is_str() {
            p = p.help("write dates without quotes: `start = 2027-01-11`");
        } else if kind == Kind::Int && found.is_str() {
            p = p.help("write numbers without quotes");
        } else if kind == Kind::StrList && found.is_str() {
            p = p.help("a list is written in square brackets: `[\"first\", \"second\"]`");
        }
        out.push((p, Some(span)));
    }
    ok
}

pub(super) fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => format!("the number {i}"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Boolean(b) => format!("{b}"),
        other => other.type_str().to_string(),
    }
}

pub(super) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}
