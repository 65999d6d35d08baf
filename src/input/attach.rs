//! What a loaded agreement carries beyond its own text: what its cohort decides for
//! every pair (holidays, paper), the confirmations its records file keeps, and, for a
//! confirmation made void, what changed since.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, Problem};
use crate::model::{Agreement, Choice, HolidayRegion, Language, Paper, RawAgreement, Void};
use crate::records;

/// Does `t` set the dotted `key` (list indexes such as `goals[2]` count as the list)?
pub(super) fn has_path(t: &DeTable<'_>, key: &str) -> bool {
    let mut t = t;
    let mut parts = key
        .split('.')
        .map(|p| p.split('[').next().unwrap_or(p))
        .peekable();
    while let Some(part) = parts.next() {
        match t.get(part).map(|v| v.get_ref()) {
            None => return false,
            Some(DeValue::Table(inner)) if parts.peek().is_some() => t = inner,
            Some(_) => return true,
        }
    }
    true
}

/// What a cohort decides for all its pairs unless a pair says otherwise: whose public
/// holidays the schedules avoid and the paper. A pair's language changes its words and
/// dates, not these: a visiting colleague writing US English in a UK scheme still meets
/// around UK bank holidays and prints on the scheme's paper.
#[derive(Debug, Clone, Copy)]
pub(super) struct CohortLook {
    holidays: HolidayRegion,
    paper: Paper,
}

impl CohortLook {
    /// From `[defaults]`: its `meetings.holidays` and `pdf.paper`, else what its
    /// language (else British English) suggests.
    pub(super) fn of(defaults: &DeTable<'_>) -> CohortLook {
        let word = |table: &str, key: &str| match defaults.get(table).map(|v| v.get_ref()) {
            Some(DeValue::Table(t)) => match t.get(key).map(|v| v.get_ref()) {
                Some(DeValue::String(s)) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        };
        let language = match defaults.get("language").map(|v| v.get_ref()) {
            Some(DeValue::String(s)) => Language::parse(s).unwrap_or_default(),
            _ => Language::default(),
        };
        CohortLook {
            holidays: word("meetings", "holidays")
                .and_then(|w| HolidayRegion::parse(&w))
                .unwrap_or_else(|| HolidayRegion::for_language(language)),
            paper: word("pdf", "paper")
                .and_then(|w| Paper::parse(&w))
                .unwrap_or_else(|| Paper::for_language(language)),
        }
    }

    /// The cohort's choices, where the pair made none.
    pub(super) fn fill(&self, raw: &mut RawAgreement) {
        let m = raw.meetings.get_or_insert_with(Default::default);
        m.holidays
            .get_or_insert_with(|| self.holidays.name().into());
        let p = raw.pdf.get_or_insert_with(Default::default);
        p.paper.get_or_insert_with(|| self.paper.name().into());
    }

    /// A warning when the pair itself chose other holidays than the rest of the cohort.
    pub(super) fn differs(&self, a: &Agreement, own: bool) -> Option<Problem> {
        let theirs = a.meetings.holidays;
        (own && theirs != self.holidays).then(|| {
            Problem::warning(
                "meetings.holidays",
                format!(
                    "this pair's schedule avoids {}; the rest of the cohort's, {}",
                    theirs.label(),
                    self.holidays.label()
                ),
            )
            .help("if the pair works to another calendar, this is right; otherwise remove the pair's `meetings.holidays`")
        })
    }
}

/// `a` with the confirmations its pair's records file keeps, each replacing one by the
/// same party in the answers (signing again renews a confirmation). The answers are
/// validated again with them, so that each is settled against this text and its
/// warnings are right; a pair with no records costs one look for a file.
pub(super) fn with_records(
    path: &Path,
    raw: RawAgreement,
    a: Agreement,
) -> Result<(RawAgreement, Agreement, Vec<records::RawAgreed>), Vec<Diagnostic>> {
    let file = records::file(&records::folder(path, a.records.as_deref()), &a.identity());
    let kept = records::read(&file).map_err(|d| vec![*d])?;
    let agreed = kept.agreed.unwrap_or_default();
    let Some(recorded) = kept.confirmations.filter(|c| !c.is_empty()) else {
        return Ok((raw, a, agreed));
    };
    let mut merged = raw;
    let mut list = merged.confirmations.take().unwrap_or_default();
    list.retain(|old| !recorded.iter().any(|new| new.who == old.who));
    list.extend(recorded);
    merged.confirmations = Some(list);
    let a = merged.validate().map_err(|ps| {
        ps.into_iter()
            .map(|p| Diagnostic::new(&file, p))
            .collect::<Vec<_>>()
    })?;
    Ok((merged, a, agreed))
}

/// Say in each void confirmation's warning what changed since it was given (when the
/// records kept the text), and give a fix that works as printed.
pub(super) fn explain_void(
    a: &mut Agreement,
    agreed: &[records::RawAgreed],
    file: &Path,
    pair: Option<usize>,
    inherited: impl Fn(&str) -> bool,
) {
    if a.confirmations.iter().all(|c| c.valid) {
        return;
    }
    let now = a.content_json();
    // A pair's own `id` outlives a re-sorted spreadsheet; its number does not.
    let pair = match (&a.id, pair) {
        (Some(id), Some(_)) => format!(" --pair {}", crate::error::shell_word(id)),
        (None, Some(n)) => format!(" --pair {n}"),
        (_, None) => String::new(),
    };
    let file = crate::error::shell_word(&crate::error::shown(file).to_string());
    for (i, c) in a.confirmations.iter().enumerate().filter(|(_, c)| !c.valid) {
        let key = format!("confirmations[{}]", i + 1);
        let Some(w) = a.warnings.iter_mut().find(|w| w.key == key) else {
            continue;
        };
        // The fix works as printed: this file, this pair.
        if let Some(help) = &mut w.help {
            *help = help.replace("sign FILE", &format!("sign {file}{pair}"));
        }
        if c.void != Some(Void::Changed) {
            continue;
        }
        let Some(old) = agreed.iter().find(|t| t.fingerprint == c.fingerprint) else {
            continue;
        };
        let changes = records::changes(&old.content, &now);
        if changes.is_empty() {
            w.message
                .push_str(". What changed: the wording, not the answers (the templates)");
            continue;
        }
        let said: Vec<String> = changes
            .iter()
            .take(3)
            .map(|(k, was, is)| {
                let from = if inherited(k) {
                    ", from [defaults]"
                } else {
                    ""
                };
                format!("{k}: {was} → {is}{from}")
            })
            .collect();
        let more = match changes.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        w.message
            .push_str(&format!(". What changed: {}{more}", said.join("; ")));
    }
}
