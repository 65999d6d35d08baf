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
use crate::output::{base_name, rewrite_in_place, write_atomic};
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
            "{} and {} decided at their final review on {} to end the mentoring (recorded in {}); if they have since agreed to go on, run again with --anyway",
            a.mentee.name,
            a.mentor.name,
            a.language.for_messages().date(held_on),
            crate::error::shown(&at.records)
        )));
    }
    let met = reviews.met();
    if all_met(a, &met) {
        return Err(Error::Usage(format!(
            "every goal of {} and {} was met: a renewal needs new goals; write the next agreement with `mentorpact new --from {}`",
            a.mentee.name,
            a.mentor.name,
            crate::error::shown(&args.file)
        )));
    }
    renewed(&mut raw, start, args.months, &met);
    let renewal = Renewal {
        a,
        name: &name,
        start,
        met: met.len(),
        carried: raw.goals.as_ref().map_or(0, Vec::len),
        today: clock.today,
    };
    match (args.in_place, cohort) {
        // The roster is the coordinator's spreadsheet: a next term is a row they add.
        (true, true) if doc.is_roster() => Err(Error::Usage(format!(
            "{}'s pairs come from a spreadsheet: add the next term there as a row of its own (id \"{}-from-{start}\"), or leave out --in-place to write it as a file of its own",
            crate::error::shown(&args.file),
            a.id.as_deref().unwrap_or(&name)
        ))),
        (true, true) => renewal.add_to(&doc, raw),
        (true, false) => Err(Error::Usage(format!(
            "{} holds one agreement: --in-place adds the next term to a cohort file; leave it out to write the next agreement as a file of its own",
            crate::error::shown(&args.file)
        ))),
        (false, _) => renewal.write_beside(&args, raw),
    }
}

/// The next term of one pair, made.
struct Renewal<'a> {
    a: &'a Agreement,
    name: &'a str,
    start: jiff::civil::Date,
    met: usize,
    carried: usize,
    today: jiff::civil::Date,
}

impl Renewal<'_> {
    /// A day as this command's English messages and comments write it.
    fn day(&self, d: jiff::civil::Date) -> String {
        self.a.language.for_messages().date(d)
    }

    /// The next agreement as a file of its own in `-o`'s folder.
    fn write_beside(&self, args: &RenewArgs, raw: RawAgreement) -> Result<Exit> {
        let a = self.a;
        let header = format!(
            "# The next agreement of {} and {}, renewing the one of {} to {} ({}).\n\
             # Written by `mentorpact renew` on {}: read it through together, change what you\n\
             # want to, and render it.\n\n",
            a.mentee.name,
            a.mentor.name,
            self.day(a.duration.start),
            self.day(a.duration.end),
            crate::error::shown(&args.file),
            self.day(self.today)
        );
        let body = toml::to_string(&raw)
            .map_err(|e| Error::Usage(format!("cannot write the renewal: {e}")))?;
        let text = format!("{header}{body}");
        let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
        let target = dir.join(format!("{}-from-{}.toml", self.name, self.start));
        // The renewal must be a valid agreement before it is written.
        let end = last_end(&Document::from_text(&target, text.clone()))?;
        if target.exists() && !args.force {
            return Err(Error::Usage(format!(
                "{} exists; use --force to replace it",
                crate::error::shown(&target)
            )));
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        write_atomic(&target, text.as_bytes())?;
        println!(
            "Wrote {}: {}.",
            crate::error::shown(&target),
            self.said(end, raw.duration.as_ref().and_then(|d| d.months))
        );
        Ok(Exit::Success)
    }

    /// The next term added to the cohort file `doc` as a pair of its own, with an `id`
    /// of its own, so its records and files are not the last term's.
    fn add_to(&self, doc: &Document, mut raw: RawAgreement) -> Result<Exit> {
        // A roster's id stays recognisable: the next term is the same id, from its start.
        let id = format!(
            "{}-from-{}",
            self.a.id.as_deref().unwrap_or(self.name),
            self.start
        );
        if super::pick(doc, Some(&id)).is_ok() {
            return Err(Error::Usage(format!(
                "{} already holds the next term of {} and {} (id \"{id}\"); edit that pair instead",
                crate::error::shown(&doc.path),
                self.a.mentee.name,
                self.a.mentor.name
            )));
        }
        raw.id = Some(id.clone());
        #[derive(serde::Serialize)]
        struct Pairs {
            pairs: Vec<RawAgreement>,
        }
        let added = toml::to_string(&Pairs {
            pairs: vec![raw.clone()],
        })
        .map_err(|e| Error::Usage(format!("cannot write the renewal: {e}")))?;
        let text = format!(
            "{}\n\n# The next term of {} and {}, added by `mentorpact renew` on {}.\n{added}",
            doc.text.trim_end(),
            self.a.mentee.name,
            self.a.mentor.name,
            self.day(self.today)
        );
        // The whole file must still read, and the new pair be valid, before it is written.
        let end = last_end(&Document::from_text(&doc.path, text.clone()))?;
        rewrite_in_place(&doc.path, &text, &doc.text)?;
        println!(
            "Added the next term to {} as a new pair (id \"{id}\"): {}.",
            crate::error::shown(&doc.path),
            self.said(end, raw.duration.as_ref().and_then(|d| d.months))
        );
        Ok(Exit::Success)
    }

    /// "12 July 2027 to 11 January 2028 (6 months), 2 goals carried over (1 met, left
    /// out)", with English dates (the message is English).
    fn said(&self, end: jiff::civil::Date, months: Option<i64>) -> String {
        format!(
            "{} to {}{}, {} goal{} carried over{}",
            self.day(self.start),
            self.day(end),
            months.map(|m| format!(" ({m} months)")).unwrap_or_default(),
            self.carried,
            if self.carried == 1 { "" } else { "s" },
            if self.met == 0 {
                String::new()
            } else {
                format!(" ({} met, left out)", self.met)
            }
        )
    }
}

/// The end of the last agreement of `doc`, which must read and be valid.
fn last_end(doc: &Document) -> Result<jiff::civil::Date> {
    let mut units = doc.units().map_err(Error::Invalid)?;
    let last = units.pop().expect("a file holds an agreement");
    Ok(last.load().map_err(Error::Invalid)?.agreement.duration.end)
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
