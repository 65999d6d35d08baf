//! `mentorpact sign`: record in the answers file that a party confirms the agreement as
//! it stands: who, when, and the fingerprint of its content (see
//! [`crate::model::Agreement::content_fingerprint`]). The file is edited in place with
//! toml_edit, so its comments and layout stay as they were, and written atomically.
//!
//! A party confirms once: signing again replaces their earlier confirmation (which is
//! how a confirmation made void by a change is renewed).

use jiff::civil::Date;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use crate::cli::SignArgs;
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::input::{Document, Loaded};
use crate::model::{strip_hidden, Choice, Party};
use crate::output::write_atomic;
use crate::render::format_date;

pub fn sign_command(args: SignArgs, clock: Clock) -> Result<Exit> {
    let doc = Document::read(&args.file).map_err(|d| Error::Invalid(vec![*d]))?;
    let loaded = load(&doc, args.pair)?;
    let a = &loaded.agreement;
    let expected = match args.party {
        Party::Mentee => a.mentee.name.clone(),
        Party::Mentor => a.mentor.name.clone(),
        Party::Coordinator => a
            .programme
            .as_ref()
            .and_then(|p| p.coordinator.clone())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{} names no coordinator (programme.coordinator), so none can confirm it",
                    args.file.display()
                ))
            })?,
    };
    let name = match &args.name {
        Some(n) => {
            let n = strip_hidden(n).0.trim().to_string();
            if n.is_empty() {
                return Err(Error::Usage("--name is empty".into()));
            }
            if same_name(&n, &expected) {
                // As the file spells it.
                expected
            } else if args.force {
                n
            } else {
                return Err(Error::Usage(format!(
                    "\"{n}\" is not the {} named in {} (\"{expected}\"); check the name, or use --force to record it as given",
                    args.party,
                    args.file.display()
                )));
            }
        }
        None => expected,
    };
    let on = match &args.on {
        Some(s) => super::parse_day("--on", s)?,
        None => clock.today,
    };
    let fingerprint = a.content_fingerprint();
    let text = record(&doc, args.pair, args.party, &name, on, &fingerprint)?;

    // What is written must read back, with this confirmation valid.
    let check = Document::from_text(&doc.path, text.clone());
    let back = load(&check, args.pair)?;
    let ok = back
        .agreement
        .confirmations
        .iter()
        .any(|c| c.who == args.party && c.valid && c.fingerprint == fingerprint);
    if !ok {
        return Err(Error::Usage(format!(
            "could not record the confirmation in {}: the file did not read back the same",
            args.file.display()
        )));
    }
    write_atomic(&args.file, text.as_bytes())?;
    let us = a.language == crate::model::Language::EnUs;
    println!(
        "Recorded in {}: {name} confirms as {} on {}, fingerprint {}…",
        args.file.display(),
        args.party,
        format_date(on, us, false),
        &fingerprint[..8]
    );
    println!(
        "Render again to show it on the signature page: mentorpact render {}",
        args.file.display()
    );
    Ok(Exit::Success)
}

/// The one agreement `pair` picks out of `doc`, checked; its problems if it has any.
fn load(doc: &Document, pair: Option<usize>) -> Result<Loaded> {
    super::pick(doc, pair)?.load().map_err(Error::Invalid)
}

/// Names match whatever their case and spacing.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The file's text with the confirmation added to the agreement (or to pair `pair`),
/// replacing any earlier one by the same party.
fn record(
    doc: &Document,
    pair: Option<usize>,
    who: Party,
    name: &str,
    on: Date,
    fingerprint: &str,
) -> Result<String> {
    let mut edit: DocumentMut = doc
        .text
        .parse()
        .map_err(|e| Error::Usage(format!("{}: {e}", doc.path.display())))?;
    let day = crate::model::from_date(on);
    let mut entry = InlineTable::new();
    entry.insert("who", who.name().into());
    entry.insert("name", name.into());
    entry.insert("on", day.into());
    entry.insert("fingerprint", fingerprint.into());
    let same =
        |t: &dyn toml_edit::TableLike| t.get("who").and_then(|w| w.as_str()) == Some(who.name());
    let unreadable = || {
        Error::Usage(format!(
            "{}: `confirmations` is not a list of tables; remove it and sign again",
            doc.path.display()
        ))
    };
    let no_pair = |n: usize| Error::Usage(format!("{}: no pair {n}", doc.path.display()));
    // A `[[pairs]]` table or the file's top level; or a pair written inline.
    let (table, inline): (Option<&mut Table>, Option<&mut InlineTable>) = match pair {
        None => (Some(edit.as_table_mut()), None),
        Some(n) => match edit.get_mut("pairs") {
            Some(Item::ArrayOfTables(a)) => {
                (Some(a.get_mut(n - 1).ok_or_else(|| no_pair(n))?), None)
            }
            Some(Item::Value(Value::Array(a))) => (
                None,
                Some(
                    a.get_mut(n - 1)
                        .and_then(Value::as_inline_table_mut)
                        .ok_or_else(|| no_pair(n))?,
                ),
            ),
            _ => return Err(no_pair(n)),
        },
    };
    if let Some(t) = table {
        match t.get_mut("confirmations") {
            Some(Item::ArrayOfTables(list)) => {
                list.retain(|t| !same(t));
                list.push(entry.into_table());
            }
            Some(Item::Value(Value::Array(list))) => {
                list.retain(|v| !v.as_inline_table().is_some_and(|t| same(t)));
                list.push(entry);
            }
            Some(_) => return Err(unreadable()),
            None => {
                let mut list = ArrayOfTables::new();
                list.push(entry.into_table());
                t.insert("confirmations", Item::ArrayOfTables(list));
            }
        }
    } else if let Some(t) = inline {
        match t.get_mut("confirmations") {
            Some(Value::Array(list)) => {
                list.retain(|v| !v.as_inline_table().is_some_and(|t| same(t)));
                list.push(entry);
            }
            Some(_) => return Err(unreadable()),
            None => {
                let mut list = Array::new();
                list.push(entry);
                t.insert("confirmations", Value::Array(list));
            }
        }
    }
    Ok(edit.to_string())
}
