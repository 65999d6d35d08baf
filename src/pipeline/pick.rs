//! `--pair`: the one agreement of a file that a command about one pair (`sign`,
//! `review`, `renew`) works on. A small file is read whole; a big cohort is read as
//! `render` reads it, a window of pairs at a time, and only the chosen pair is kept, so
//! signing one pair of a 200 MB cohort holds one window, not the file.

use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::input::{Document, Source, Unit};
use crate::model::Seal;

/// The document holding the agreement `pair` picks out of `path`, its confirmations to
/// be checked against `seal`: the file itself when it is read whole, else the window
/// of the one pair it picks. Give it to [`pick`] with the same `pair`.
pub(crate) fn open_pair(
    path: &Path,
    pair: Option<&str>,
    seal: Option<Arc<Seal>>,
) -> Result<Document> {
    let cohort = match crate::input::open(path).map_err(|d| Error::Invalid(vec![*d]))? {
        Source::Whole(doc) => return Ok(doc.sealed(seal)),
        Source::Pieces(p) => p,
    };
    let file = crate::error::shown(path);
    let total = cohort.len();
    let n = match pair.map(str::trim) {
        None => return Err(many_pairs(&file, total)),
        Some(given) => match given.parse::<usize>() {
            Ok(n) => in_range(n, &file, total)?,
            Err(_) => {
                let mut found = Vec::new();
                crate::input::each_window(path, None, |doc| {
                    let doc = doc.map_err(Error::Invalid)?;
                    found.extend(matching(&doc.units().map_err(Error::Invalid)?, given));
                    Ok(true)
                })?;
                one_of(given, &file, total, found)?
            }
        },
    };
    let doc = cohort
        .window(n - 1..n)
        .map_err(|d| Error::Invalid(vec![*d]))?;
    Ok(doc.sealed(seal))
}

/// The one agreement of `doc` that `--pair` picks (none for a single agreement): by its
/// number in the file, or by its identity, either email or either name, when exactly
/// one pair matches. A window [`open_pair`] made holds that pair alone.
pub(crate) fn pick<'d>(doc: &'d Document, pair: Option<&str>) -> Result<Unit<'d>> {
    let mut units = doc.units().map_err(Error::Invalid)?;
    if doc.is_window() {
        return units
            .pop()
            .ok_or_else(|| Error::Usage("the pair is no longer in the file".into()));
    }
    let cohort = units.first().is_some_and(|u| u.pair.is_some());
    let file = crate::error::shown(&doc.path);
    let given = match (pair.map(str::trim), cohort) {
        (None, false) => return Ok(units.pop().expect("a file gives at least one unit")),
        (Some(_), false) => {
            return Err(Error::Usage(format!(
                "{file} is one agreement, not a cohort: leave out --pair"
            )))
        }
        (None, true) => return Err(many_pairs(&file, units.len())),
        (Some(p), true) => p,
    };
    let n = match given.parse::<usize>() {
        Ok(n) => in_range(n, &file, units.len())?,
        Err(_) => one_of(given, &file, units.len(), matching(&units, given))?,
    };
    Ok(units.swap_remove(n - 1))
}

fn many_pairs(file: &str, total: usize) -> Error {
    Error::Usage(format!(
        "{file} is a cohort of {total} pairs: say which with --pair and its number, identity, an email or a name"
    ))
}

fn in_range(n: usize, file: &str, total: usize) -> Result<usize> {
    if n == 0 || n > total {
        return Err(Error::Usage(format!(
            "--pair {n}: {file} has pairs 1 to {total}"
        )));
    }
    Ok(n)
}

/// The pairs among `units` that `given` names, by number and names.
fn matching(units: &[Unit<'_>], given: &str) -> Vec<(usize, String)> {
    let wanted = crate::model::folded(given);
    units
        .iter()
        .filter_map(|u| {
            let (mentee, mentor) = u.names();
            let a = u.clone().load().ok().map(|l| l.agreement);
            let keys = [
                mentee.clone(),
                mentor.clone(),
                a.as_ref().and_then(|a| a.id.clone()),
                a.as_ref().map(|a| a.identity()),
                a.as_ref().and_then(|a| a.mentee.email.clone()),
                a.as_ref().and_then(|a| a.mentor.email.clone()),
            ];
            let hit = keys
                .iter()
                .flatten()
                .any(|k| crate::model::folded(k) == wanted);
            let who = || {
                let name = |n: Option<String>| n.unwrap_or_default();
                format!("{} and {}", name(mentee.clone()), name(mentor.clone()))
            };
            hit.then(|| (u.pair.unwrap_or(1), who()))
        })
        .collect()
}

/// The number of the one pair found, or why there is not one.
fn one_of(given: &str, file: &str, total: usize, found: Vec<(usize, String)>) -> Result<usize> {
    match found.as_slice() {
        [(n, _)] => Ok(*n),
        [] => Err(Error::Usage(format!(
            "--pair \"{given}\": no pair of {file} has that identity, email or name; give its number (1 to {total}), or see the identity column of index.csv"
        ))),
        many => Err(Error::Usage(format!(
            "--pair \"{given}\" matches {} pairs of {file}: {}; give the number or the identity",
            many.len(),
            many.iter()
                .map(|(n, who)| format!("{n} ({who})"))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
