//! Confirmations recorded by `mentorpact sign`: each party's word that they agree to
//! this text, checked against the text as it is now. A confirmation whose fingerprint
//! no longer matches stays on record but counts for nothing (void), with a warning.

use super::agreement::{Agreement, Confirmation};
use super::checker::Checker;
use super::choices::Party;
use super::raw::RawConfirmation;
use crate::error::Problem;

/// The confirmations as written, checked for form; `valid` is settled by [`settle`].
pub(super) fn read(c: &mut Checker, raw: &Option<Vec<RawConfirmation>>) -> Vec<Confirmation> {
    let mut out = Vec::new();
    for (i, r) in raw.iter().flatten().enumerate() {
        let key = |k: &str| format!("confirmations[{}].{k}", i + 1);
        let who: Option<Party> = c.choice(&key("who"), &r.who);
        let name = c.text(&key("name"), &r.name);
        let on = c.date(&key("on"), &r.on);
        let fingerprint = match r.fingerprint.as_deref().map(str::trim) {
            Some(f) if f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Some(f.to_ascii_lowercase())
            }
            Some(_) => {
                c.err_help(
                    &key("fingerprint"),
                    "is not a SHA-256 fingerprint (64 hexadecimal digits)",
                    "confirmations are written by `mentorpact sign`; remove this one and sign again",
                );
                None
            }
            None => None,
        };
        let missing: Vec<&str> = [
            ("who", who.is_none() && r.who.is_none()),
            ("name", r.name.is_none()),
            ("on", r.on.is_none()),
            ("fingerprint", r.fingerprint.is_none()),
        ]
        .into_iter()
        .filter(|m| m.1)
        .map(|m| m.0)
        .collect();
        for m in &missing {
            c.err_help(
                &key(m),
                "is missing",
                "confirmations are written by `mentorpact sign`; remove this one and sign again",
            );
        }
        if let (Some(who), Some(name), Some(on), Some(fingerprint)) = (who, name, on, fingerprint) {
            out.push(Confirmation {
                who,
                name,
                on,
                short: fingerprint[..8].to_string(),
                fingerprint,
                valid: false,
            });
        }
    }
    out
}

/// Mark each confirmation valid if it was made for this very text; warn of those that
/// were not.
pub(super) fn settle(a: &mut Agreement) {
    if a.confirmations.is_empty() {
        return;
    }
    let now = a.content_fingerprint();
    for (i, conf) in a.confirmations.iter_mut().enumerate() {
        conf.valid = conf.fingerprint == now;
        if !conf.valid {
            a.warnings.push(
                Problem::warning(
                    format!("confirmations[{}]", i + 1),
                    format!(
                        "{}'s confirmation ({}, {}) no longer matches this agreement: it changed after they confirmed, so the confirmation is void",
                        conf.name, conf.who, conf.on
                    ),
                )
                .help(format!(
                    "if the change is agreed, ask them to confirm again: mentorpact sign FILE --as {}",
                    conf.who
                )),
            );
        }
    }
}
