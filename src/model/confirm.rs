//! Confirmations recorded by `mentorpact sign`: each party's word that they agree to
//! this text, checked against the text as it is now. A confirmation counts only when it
//! was made for exactly this text (the content and the wording it is printed in), names
//! the party it is recorded for, is the only one for that party, and is dated on a day
//! that could be true. One that fails stays on record but counts for nothing (void),
//! with a warning that says why.

use jiff::civil::Date;
use jiff::ToSpan;

use super::agreement::{Agreement, Confirmation, Void};
use super::checker::Checker;
use super::choices::{Language, Party};
use super::raw::RawConfirmation;
use super::values::folded;
use crate::error::Problem;

/// What confirmations are checked against: the wording an agreement is printed in, for
/// each language (a hash of the templates its text is made from, see
/// `Renderer::wording`), and today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    wordings: Vec<(Language, String)>,
    pub(crate) today: Date,
}

impl Seal {
    pub fn new(wordings: Vec<(Language, String)>, today: Date) -> Seal {
        Seal { wordings, today }
    }

    /// The wording of an agreement in `lang`.
    pub(crate) fn wording(&self, lang: Language) -> &str {
        self.wordings
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or("", |(_, w)| w.as_str())
    }
}

/// What a party confirms: SHA-256 of the agreement's content and of the wording its
/// text is made from, so that a changed answer and a changed template both void it.
pub(crate) fn fingerprint(a: &Agreement, wording: &str) -> String {
    crate::digest::sha256_parts([a.content_json().as_bytes(), wording.as_bytes()])
}

const BY_SIGN: &str =
    "confirmations are written by `mentorpact sign`; remove this one and sign again";

/// The confirmations as written, checked for form; `valid` is settled by [`settle`].
pub(super) fn read(c: &mut Checker, raw: &Option<Vec<RawConfirmation>>) -> Vec<Confirmation> {
    let mut out = Vec::new();
    for (i, r) in raw.iter().flatten().enumerate() {
        let key = |k: &str| format!("confirmations[{}].{k}", i + 1);
        let who: Option<Party> = c.choice(&key("who"), &r.who);
        let name = c.text(&key("name"), &r.name);
        let on = c.date(&key("on"), &r.on);
        let in_place_of = r
            .in_place_of
            .as_ref()
            .and_then(|_| c.text(&key("in_place_of"), &r.in_place_of));
        let fingerprint = match r.fingerprint.as_deref().map(str::trim) {
            Some(f) if f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Some(f.to_ascii_lowercase())
            }
            Some(_) => {
                c.err_help(
                    &key("fingerprint"),
                    "is not a SHA-256 fingerprint (64 hexadecimal digits)",
                    BY_SIGN,
                );
                None
            }
            None => None,
        };
        let missing = [
            ("who", who.is_none() && r.who.is_none()),
            ("name", r.name.is_none()),
            ("on", r.on.is_none()),
            ("fingerprint", r.fingerprint.is_none()),
        ];
        for (m, _) in missing.iter().filter(|m| m.1) {
            c.err_help(&key(m), "is missing", BY_SIGN);
        }
        if let (Some(who), Some(name), Some(on), Some(fingerprint)) = (who, name, on, fingerprint) {
            out.push(Confirmation {
                who,
                name,
                in_place_of,
                on,
                short: fingerprint[..8].to_string(),
                fingerprint,
                valid: false,
                void: None,
            });
        }
    }
    out
}

/// The name the agreement gives `who`, if it names them.
pub(crate) fn party_name(a: &Agreement, who: Party) -> Option<&str> {
    match who {
        Party::Mentee => Some(&a.mentee.name),
        Party::Mentor => Some(&a.mentor.name),
        Party::Coordinator => a.programme.as_ref()?.coordinator.as_deref(),
    }
}

/// Mark each confirmation valid or say why it is void, and warn of each void one.
pub(crate) fn settle(a: &mut Agreement, seal: &Seal) {
    if a.confirmations.is_empty() {
        return;
    }
    let now = fingerprint(a, seal.wording(a.language));
    let data_only = a.content_fingerprint();
    let earliest = a.duration.start.saturating_sub(1.year());
    // Each on its own first; then, of those that stand, a party may have only one.
    let mut voids: Vec<Option<Void>> = a
        .confirmations
        .iter()
        .map(|conf| {
            let named = party_name(a, conf.who);
            let same = |n: &str| named.is_some_and(|p| folded(p) == folded(n));
            if conf.fingerprint != now {
                Some(if conf.fingerprint == data_only {
                    Void::Unworded
                } else {
                    Void::Changed
                })
            } else if !same(&conf.name) && !conf.in_place_of.as_deref().is_some_and(same) {
                Some(Void::NotTheParty(named.unwrap_or("nobody").to_string()))
            } else if conf.on > seal.today {
                Some(Void::Future)
            } else if conf.on < earliest {
                Some(Void::Early)
            } else {
                None
            }
        })
        .collect();
    let standing = |who: Party, voids: &[Option<Void>]| {
        let mates = a.confirmations.iter().zip(voids);
        mates.filter(|(o, v)| o.who == who && v.is_none()).count()
    };
    let counts: Vec<usize> = a
        .confirmations
        .iter()
        .map(|c| standing(c.who, &voids))
        .collect();
    for (void, n) in voids.iter_mut().zip(counts) {
        if void.is_none() && n > 1 {
            *void = Some(Void::Twice(n));
        }
    }
    for (i, (conf, void)) in a.confirmations.iter_mut().zip(voids).enumerate() {
        conf.valid = void.is_none();
        conf.void = void;
        let Some(why) = &conf.void else { continue };
        let intro = format!(
            "{}'s confirmation ({}, {})",
            conf.name,
            conf.who,
            a.language.date(conf.on)
        );
        let (message, help) = match why {
            Void::Changed => (
                format!("{intro} no longer matches this agreement: it changed after they confirmed, so the confirmation is void"),
                format!("if the change is agreed, ask them to confirm again: mentorpact sign FILE --as {}", conf.who),
            ),
            Void::Unworded => (
                format!("{intro} was recorded by an earlier mentorpact, whose fingerprint did not cover the agreement's wording, so it cannot show they read this text: the confirmation is void"),
                format!("ask them to read the agreement and confirm again: mentorpact sign FILE --as {}", conf.who),
            ),
            Void::Twice(n) => (
                format!("{intro} is one of {n} confirmations recorded for the {}; a party confirms once, so none of them counts", conf.who),
                format!("remove the ones that are not theirs from the records file, or sign again to replace them all: mentorpact sign FILE --as {}", conf.who),
            ),
            Void::NotTheParty(named) => (
                format!("{intro} is recorded for the {}, but the agreement names {named} as the {}: the confirmation is void", conf.who, conf.who),
                format!("if {named} confirms, sign again: mentorpact sign FILE --as {}", conf.who),
            ),
            Void::Future => (
                format!("{intro} is dated after today ({}): a confirmation records a day that has come, so it is void", a.language.date(seal.today)),
                format!("sign again on the day they confirm: mentorpact sign FILE --as {}", conf.who),
            ),
            Void::Early => (
                format!("{intro} is dated more than a year before the partnership starts ({}), before the agreement can have been drafted: the confirmation is void", a.language.date(a.duration.start)),
                format!("sign again on the day they confirm: mentorpact sign FILE --as {}", conf.who),
            ),
        };
        a.warnings
            .push(Problem::warning(format!("confirmations[{}]", i + 1), message).help(help));
    }
}
