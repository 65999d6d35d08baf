//! A cohort file's own keys: `[defaults]`, checked once and shared by every pair, and
//! `[[pairs]]`, one unit each. Anything else beside them stops the whole file, as a
//! bad `[defaults]` does, since every pair would inherit it.

use std::ops::Range;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::attach::CohortLook;
use super::check::check_tree;
use super::{name_of, names_in, sorted, Body, Document, Names, Unit};
use crate::error::{Diagnostic, Problem};
use crate::schema;

/// Problems with where they are in the file, before they are placed.
type Found = Vec<(Problem, Option<Range<usize>>)>;

impl Document {
    /// The units of a cohort: `root` is the parsed file, or, when `split` has already
    /// cut out the pairs (`chunks`, with their names), the rest of it.
    pub(super) fn cohort_units<'a>(
        &'a self,
        root: Spanned<DeTable<'a>>,
        chunks: Option<Vec<(Body<'a>, Names)>>,
    ) -> Result<Vec<Unit<'a>>, Vec<Diagnostic>> {
        let mut file_problems = Vec::new();
        foreign_keys(root.get_ref(), &mut file_problems);
        let defaults = Arc::new(checked_defaults(root.get_ref(), &mut file_problems));
        // What the cohort decides for every pair, worked out once, not once a pair.
        let look = CohortLook::of(&defaults);
        if let Some(chunks) = chunks {
            self.stop_on(file_problems)?;
            return Ok(chunks
                .into_iter()
                .enumerate()
                .map(|(i, chunk)| self.chunk_unit(i, chunk, &defaults, look))
                .collect());
        }
        // Move the pairs out of the tree rather than copying them.
        let pairs = take_pairs(root.into_inner(), &mut file_problems);
        self.stop_on(file_problems)?;
        Ok(pairs
            .into_iter()
            .enumerate()
            .map(|(i, pair)| self.pair_unit(i, pair, &defaults, look))
            .collect())
    }

    /// Problems of the file as a whole fail it, every pair with it.
    fn stop_on(&self, file_problems: Found) -> Result<(), Vec<Diagnostic>> {
        if file_problems.is_empty() {
            return Ok(());
        }
        Err(sorted(
            file_problems
                .into_iter()
                .map(|(p, s)| self.diag(p, s))
                .collect(),
        ))
    }

    /// The `i`th pair of those `split` cut out of this document, named from the
    /// defaults where its own text does not name them.
    fn chunk_unit<'a>(
        &'a self,
        i: usize,
        (body, own): (Body<'a>, Names),
        defaults: &Arc<DeTable<'a>>,
        look: CohortLook,
    ) -> Unit<'a> {
        let pair = self.window.as_ref().map_or(0, |w| w.1) + i + 1;
        Unit {
            doc: self,
            pair: Some(pair),
            body,
            names: (
                own.0.or_else(|| name_of(defaults, "mentee")),
                own.1.or_else(|| name_of(defaults, "mentor")),
            ),
            defaults: Some(defaults.clone()),
            look: Some(look),
            // A roster's cells that could not be read as their keys.
            early: self
                .roster
                .as_ref()
                .map_or_else(Vec::new, |r| r.early(pair)),
        }
    }

    /// The `i`th pair of the parsed file; one that is not a table fails alone.
    fn pair_unit<'a>(
        &'a self,
        i: usize,
        pair: Spanned<DeValue<'a>>,
        defaults: &Arc<DeTable<'a>>,
        look: CohortLook,
    ) -> Unit<'a> {
        let mut early = Vec::new();
        let span = pair.span();
        let table = match pair.into_inner() {
            DeValue::Table(t) => t,
            other => {
                early.push((
                    Problem::error(
                        "",
                        format!("a pair must be a table, found {}", other.type_str()),
                    ),
                    Some(span.clone()),
                ));
                DeTable::new()
            }
        };
        Unit {
            doc: self,
            pair: Some(i + 1),
            names: names_in(&table, Some(defaults)),
            body: Body::Tree(Spanned::new(span, table)),
            defaults: Some(defaults.clone()),
            look: Some(look),
            early,
        }
    }
}

/// Keys beside `[defaults]` and `[[pairs]]`; a key of an agreement gets told where it
/// belongs.
fn foreign_keys(root: &DeTable<'_>, file_problems: &mut Found) {
    for (k, _) in root.iter() {
        if !["defaults", "pairs"].contains(&k.get_ref().as_ref()) {
            let mut p = Problem::error(
                k.get_ref().as_ref(),
                "is not a cohort key; a cohort file has [defaults] and [[pairs]]",
            );
            if schema::find(k.get_ref()).is_some() {
                p = p.help(format!(
                    "to share `{}` between pairs, put it under [defaults]",
                    k.get_ref()
                ));
            }
            file_problems.push((p, Some(k.span())));
        }
    }
}

/// `[defaults]`, checked once for all the pairs; empty when there is none, or when it
/// is not a table.
fn checked_defaults<'a>(root: &DeTable<'a>, file_problems: &mut Found) -> DeTable<'a> {
    let empty = Spanned::new(0..0, DeValue::Table(DeTable::new()));
    let defaults = root.get("defaults").unwrap_or(&empty);
    match defaults.get_ref() {
        DeValue::Table(t) => {
            let mut t = t.clone();
            check_tree(&mut t, "", "defaults.", file_problems);
            t
        }
        other => {
            file_problems.push((
                Problem::error(
                    "defaults",
                    format!("must be a table, found {}", other.type_str()),
                ),
                Some(defaults.span()),
            ));
            DeTable::new()
        }
    }
}

/// The `[[pairs]]` tables, taken out of `root`; none, with a problem, when they are
/// missing, empty or not a list of tables.
fn take_pairs<'a>(mut root: DeTable<'a>, file_problems: &mut Found) -> Vec<Spanned<DeValue<'a>>> {
    match root.remove("pairs").map(|p| (p.span(), p.into_inner())) {
        Some((_, DeValue::Array(a))) if !a.is_empty() => a.into_iter().collect::<Vec<_>>(),
        Some((span, DeValue::Array(_))) => {
            file_problems.push((Problem::error("pairs", "has no pairs"), Some(span)));
            Vec::new()
        }
        Some((span, other)) => {
            file_problems.push((
                Problem::error(
                    "pairs",
                    format!(
                        "must be a list of [[pairs]] tables, found {}",
                        other.type_str()
                    ),
                ),
                Some(span),
            ));
            Vec::new()
        }
        None => {
            file_problems.push((
                Problem::error("pairs", "is missing")
                    .help("add one [[pairs]] table for each mentoring pair"),
                None,
            ));
            Vec::new()
        }
    }
}
