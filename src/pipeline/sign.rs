//! `mentorpact sign`: record that a party confirms the agreement as it stands: who,
//! when, and the fingerprint of its content (see
//! [`crate::model::Agreement::content_fingerprint`]). The confirmation goes into the
//! pair's records file (see [`crate::records`]), never into the answers, so the answers
//! file stays as its author wrote it. Confirmations that older versions wrote into the
//! answers are moved to the records file on the pair's next signature, and the move is
//! said.
//!
//! A party confirms once: signing again replaces their earlier confirmation (which is
//! how a confirmation made void by a change is renewed).

use std::sync::Arc;

use toml_edit::{DocumentMut, Item, Value};

use crate::cli::SignArgs;
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::input::{Document, Loaded};
use crate::model::{
    confirm, from_date, strip_hidden, Agreement, Choice, Party, RawConfirmation, Seal,
};
use crate::output::{rewrite_in_place, write_atomic, Format};
use crate::records::{self, RawAgreed, RawRecords};

pub(crate) fn sign_command(args: SignArgs, clock: Clock) -> Result<Exit> {
    let wording = crate::render::Renderer::new(args.templates.as_deref())?.wordings();
    let seal = Arc::new(Seal::new(wording, clock.today));
    let mut doc = super::open_pair(&args.file, args.pair.as_deref(), Some(seal.clone()))?;
    if doc.is_window() && without_confirmations(&doc, Some(1))?.is_some() {
        // An older version kept this pair's confirmations in the answers: moving them
        // out rewrites the file, so it is read whole, this once.
        doc = Document::read(&args.file)
            .map_err(|d| Error::Invalid(vec![*d]))?
            .sealed(Some(seal.clone()));
    }
    let (loaded, pair) = load(&doc, args.pair.as_deref())?;
    let a = &loaded.agreement;
    let (name, in_place_of) = who_signs(&args, a)?;
    let on = match &args.on {
        Some(s) => super::parse_day("--on", s)?,
        None => clock.today,
    };
    // A confirmation is a record of something that happened. Said in ISO, as `--on`
    // is given: the person signing compares the two, not the pair reading.
    if on > clock.today {
        return Err(Error::Usage(format!(
            "--on {on} is after today ({}): record a confirmation on the day it is given",
            clock.today
        )));
    }
    let fingerprint = confirm::fingerprint(a, seal.wording(a.language));
    let path = records::file(
        &records::folder(&args.file, a.records.as_deref()),
        &a.identity(),
    );
    let before = records::read(&path).map_err(|d| Error::Invalid(vec![*d]))?;
    let mut list: Vec<RawConfirmation> = a
        .confirmations
        .iter()
        .filter(|c| c.who != args.party)
        .map(|c| RawConfirmation {
            who: Some(c.who.name().into()),
            name: Some(c.name.clone()),
            in_place_of: c.in_place_of.clone(),
            on: Some(from_date(c.on)),
            fingerprint: Some(c.fingerprint.clone()),
        })
        .collect();
    list.push(RawConfirmation {
        who: Some(args.party.name().into()),
        name: Some(name.clone()),
        in_place_of: in_place_of.clone(),
        on: Some(from_date(on)),
        fingerprint: Some(fingerprint.clone()),
    });
    // The texts still confirmed by someone, this one included: to name what changes.
    let mut agreed: Vec<RawAgreed> = before.agreed.clone().unwrap_or_default();
    agreed.retain(|t| {
        t.fingerprint != fingerprint
            && list
                .iter()
                .any(|c| c.fingerprint.as_deref() == Some(t.fingerprint.as_str()))
    });
    agreed.push(RawAgreed {
        fingerprint: fingerprint.clone(),
        content: a.content_json(),
    });
    let after = RawRecords {
        identity: Some(a.identity()),
        pair: Some(format!("{} and {}", a.mentee.name, a.mentor.name)),
        confirmations: Some(list),
        agreed: Some(agreed),
        ..before.clone()
    };
    let moved = match doc.is_window() {
        true => None,
        false => without_confirmations(&doc, pair)?,
    };
    put_records(
        &path,
        &after,
        &before,
        moved.as_deref(),
        &doc,
        args.pair.as_deref(),
        &fingerprint,
        args.party,
    )?;
    if moved.is_some() {
        rewrite_in_place(&args.file, &moved.unwrap_or_default(), &doc.text)?;
        println!(
            "Moved this pair's earlier confirmations from {} to {}, where mentorpact now keeps them.",
            crate::error::shown(&args.file),
            crate::error::shown(&path)
        );
    }
    let place = in_place_of
        .map(|n| {
            format!(
                ", in the place of {n} (the {} the agreement names)",
                args.party
            )
        })
        .unwrap_or_default();
    println!(
        "Recorded in {}: {name} confirms as {} on {}{place}, fingerprint {}…",
        crate::error::shown(&path),
        args.party,
        a.language.for_messages().date(on),
        &fingerprint[..8]
    );
    let mut file = crate::error::shell_word(&crate::error::shown(&args.file));
    if let Some(t) = &args.templates {
        // Rendered with other templates, the confirmation would not be for that text.
        file.push_str(" --templates ");
        file.push_str(&crate::error::shell_word(&crate::error::shown(t)));
    }
    match output_folder(&args.file, &a.identity()) {
        Some((d, formats)) => println!(
            "Render again to show it on the signature page: mentorpact render {file} -o {}{formats}",
            crate::error::shell_word(&crate::error::shown(&d))
        ),
        None => println!(
            "Render again, into the folder you render into, to show it on the signature page:\n  mentorpact render {file} -o FOLDER"
        ),
    }
    Ok(Exit::Success)
}

/// Where this pair's files were rendered, when the manifest of a folder beside the
/// answers, or of one inside it, says so, with ` --format …` when they are not the
/// default formats: then the render hint works as printed, and rendering as told does
/// not leave the pair's calendar behind as a file of an earlier pair.
fn output_folder(
    answers: &std::path::Path,
    identity: &str,
) -> Option<(std::path::PathBuf, String)> {
    let here = answers
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let inside = std::fs::read_dir(here)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir());
    std::iter::once(here.to_path_buf())
        .chain(inside)
        .find_map(|d| {
            let manifest = crate::output::Manifest::read(&d);
            let formats: Vec<Format> = <Format as clap::ValueEnum>::value_variants()
                .iter()
                .copied()
                .filter(|f| {
                    manifest.iter().any(|(name, e)| {
                        e.identity == identity && name.rsplit('.').next() == Some(f.extension())
                    })
                })
                .collect();
            match formats.as_slice() {
                [] => None,
                f if f == Format::DEFAULT => Some((d, String::new())),
                f => {
                    let f: Vec<&str> = f.iter().map(|f| f.extension()).collect();
                    Some((d, format!(" --format {}", f.join(","))))
                }
            }
        })
}

/// The name to record for the party who signs: as the file spells it, or `--name`
/// (with `--force`, someone confirming in the place of the one the file names, who is
/// given second).
fn who_signs(args: &SignArgs, a: &Agreement) -> Result<(String, Option<String>)> {
    let expected = confirm::party_name(a, args.party)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{} names no coordinator (programme.coordinator), so none can confirm it",
                crate::error::shown(&args.file)
            ))
        })?
        .to_string();
    let Some(n) = &args.name else {
        return Ok((expected, None));
    };
    let n = strip_hidden(n).0.trim().to_string();
    if n.is_empty() {
        return Err(Error::Usage("--name is empty".into()));
    }
    if same_name(&n, &expected) {
        // As the file spells it.
        Ok((expected, None))
    } else if args.force {
        Ok((n, Some(expected)))
    } else {
        Err(Error::Usage(format!(
            "\"{n}\" is not the {} named in {} (\"{expected}\"); check the name, or use --force to record it as given",
            args.party,
            crate::error::shown(&args.file)
        )))
    }
}

/// Write the records, then read the agreement back with them: the new confirmation must
/// be there and valid, or the records are put back as they were.
#[allow(clippy::too_many_arguments)]
fn put_records(
    path: &std::path::Path,
    after: &RawRecords,
    before: &RawRecords,
    answers: Option<&str>,
    doc: &Document,
    pair: Option<&str>,
    fingerprint: &str,
    party: Party,
) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    }
    let existed = path.exists();
    write_atomic(path, after.text().as_bytes())?;
    let rewritten = answers
        .map(|text| Document::from_text(&doc.path, text.to_string()).sealed(doc.seal.clone()));
    let ok = load(rewritten.as_ref().unwrap_or(doc), pair).is_ok_and(|(back, _)| {
        back.agreement
            .confirmations
            .iter()
            .any(|c| c.who == party && c.valid && c.fingerprint == fingerprint)
    });
    if ok {
        return Ok(());
    }
    if existed {
        write_atomic(path, before.text().as_bytes())?;
    } else {
        let _ = std::fs::remove_file(path);
    }
    Err(Error::Usage(format!(
        "could not record the confirmation in {}: it did not read back the same",
        crate::error::shown(path)
    )))
}

/// The one agreement `pair` picks out of `doc`, checked, and its number in the file.
fn load(doc: &Document, pair: Option<&str>) -> Result<(Loaded, Option<usize>)> {
    let unit = super::pick(doc, pair)?;
    let n = unit.pair;
    Ok((unit.load().map_err(Error::Invalid)?, n))
}

/// Names match whatever their case and spacing.
fn same_name(a: &str, b: &str) -> bool {
    crate::model::folded(a) == crate::model::folded(b)
}

/// The answers' text without the `confirmations` of the agreement (or of pair `pair`),
/// if it has any: they now live in the records file. Comments and layout stay.
fn without_confirmations(doc: &Document, pair: Option<usize>) -> Result<Option<String>> {
    let mut edit: DocumentMut = doc
        .text
        .parse()
        .map_err(|e| Error::Usage(format!("{}: {e}", crate::error::shown(&doc.path))))?;
    let removed = match pair {
        None => edit.as_table_mut().remove("confirmations").is_some(),
        Some(n) => match edit.get_mut("pairs") {
            Some(Item::ArrayOfTables(a)) => a
                .get_mut(n - 1)
                .is_some_and(|t| t.remove("confirmations").is_some()),
            Some(Item::Value(Value::Array(a))) => a
                .get_mut(n - 1)
                .and_then(Value::as_inline_table_mut)
                .is_some_and(|t| t.remove("confirmations").is_some()),
            _ => false,
        },
    };
    Ok(removed.then(|| edit.to_string()))
}
