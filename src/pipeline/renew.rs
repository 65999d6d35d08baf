//! `mentorpact renew`: the next agreement of a pair whose term is ending, as a TOML file
//! to edit and render: the same pair and settings, starting on the first day they can
//! meet after the current end, for the months asked; goals carried over unless a review
//! record says they were met. It is checked before it is written.

use std::path::PathBuf;

use crate::cli::RenewArgs;
use crate::clock::Clock;
use crate::error::{Error, Exit, Result};
use crate::input::Document;
use crate::model::{Agreement, Decision, RawAgreement};
use crate::output::{base_name, write_atomic};
use crate::schedule::next_free_day;

pub(crate) fn renew_command(args: RenewArgs, clock: Clock) -> Result<Exit> {
    let doc = Document::read(&args.file).map_err(|d| Error::Invalid(vec![*d]))?;
    let unit = super::pick(&doc, args.pair.as_deref())?;
    let cohort = unit.pair.is_some();
    let (mentee, mentor) = unit.names();
    let name = base_name(&unit, mentee.as_deref(), mentor.as_deref());
    let (mut raw, loaded) = unit.load_with_raw().map_err(Error::Invalid)?;
    let a = &loaded.agreement;
    let start = next_free_day(a.duration.end, &a.meetings);
    let at = super::review::reviews_at(&args.file, &name, cohort, a);
    let (_, reviews) = super::review::read_reviews(&at, a)?;
    let ended = reviews.reviews.iter().find_map(|r| {
        r.decision
            .filter(|d| *d == Decision::End)
            .map(|_| r.held_on)
    });
    if let (Some(held_on), false) = (ended, args.anyway) {
        return Err(Error::Usage(format!(
            "{} and {} decided at their final review on {held_on} to end the mentoring (recorded in {}); if they have since agreed to go on, run again with --anyway",
            a.mentee.name,
            a.mentor.name,
            at.records.display()
        )));
    }
    let met = reviews.met();
    if all_met(a, &met) {
        return Err(Error::Usage(format!(
            "every goal of {} and {} was met: a renewal needs new goals; write the next agreement with `mentorpact new --from {}`",
            a.mentee.name,
            a.mentor.name,
            args.file.display()
        )));
    }
    renewed(&mut raw, start, args.months, &met);

    let header = format!(
        "# The next agreement of {} and {}, renewing the one of {} to {} ({}).\n\
         # Written by `mentorpact renew` on {}: read it through together, change what you\n\
         # want to, and render it.\n\n",
        a.mentee.name,
        a.mentor.name,
        a.duration.start,
        a.duration.end,
        args.file.display(),
        clock.today
    );
    let body = toml::to_string(&raw)
        .map_err(|e| Error::Usage(format!("cannot write the renewal: {e}")))?;
    let text = format!("{header}{body}");

    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let target = dir.join(format!("{name}-from-{start}.toml"));
    // The renewal must be a valid agreement before it is written.
    let check = Document::from_text(&target, text.clone());
    let mut units = check.units().map_err(Error::Invalid)?;
    let end = units
        .pop()
        .expect("a file holds an agreement")
        .load()
        .map_err(Error::Invalid)?
        .agreement
        .duration
        .end;
    if target.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; use --force to replace it",
            target.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    write_atomic(&target, text.as_bytes())?;
    let carried = raw.goals.as_ref().map_or(0, Vec::len);
    println!(
        "Wrote {}: {} to {} ({} months), {carried} goal{} carried over{}.",
        target.display(),
        start,
        end,
        args.months,
        if carried == 1 { "" } else { "s" },
        if met.is_empty() {
            String::new()
        } else {
            format!(" ({} met, left out)", met.len())
        }
    );
    Ok(Exit::Success)
}

/// `raw` as the next agreement: starting `start` for `months`, without the goals whose
/// numbers (1-based) are in `met`, the signing day or the confirmations of the last one.
fn renewed(raw: &mut RawAgreement, start: jiff::civil::Date, months: u32, met: &[usize]) {
    let d = raw.duration.get_or_insert_with(Default::default);
    d.start = Some(crate::model::from_date(start));
    d.months = Some(months as i64);
    d.end = None;
    raw.agreed_on = None;
    raw.confirmations = None;
    // Periods off that ended with the last term mean nothing in the next.
    if let Some(list) = raw.meetings.as_mut().and_then(|m| m.blackout.as_mut()) {
        list.retain(|b| {
            b.to.as_ref()
                .and_then(|d| crate::model::to_date(d).ok())
                .is_none_or(|to| to >= start)
        });
        if list.is_empty() {
            raw.meetings.as_mut().expect("there are meetings").blackout = None;
        }
    }
    if let Some(goals) = raw.goals.as_mut() {
        let mut n = 0;
        goals.retain(|_| {
            n += 1;
            !met.contains(&n)
        });
        // Target dates belonged to the last term.
        for g in goals.iter_mut() {
            g.target_date = None;
        }
    }
}

/// Whether every goal of `a` was met, so a renewal would have none.
fn all_met(a: &Agreement, met: &[usize]) -> bool {
    !a.goals.is_empty() && (1..=a.goals.len()).all(|n| met.contains(&n))
}
