//! The one place that checks values and fills in the good-practice defaults. It reports
//! every problem it finds, not just the first; the interview runs the same checks.

use jiff::civil::Date;
use jiff::ToSpan;

use super::checker::Checker;
use super::values::{add_months, end_from_months};

use super::choices::{Choice, Language, Paper, Relationship};
use super::defaults;
use super::{
    Agreement, Boundaries, Confidentiality, Confirmation, Duration, Expectations, Goal, Meetings,
    PdfSettings, Person, Programme, RawAgreement, RawPerson, Signatures,
};
use crate::error::Problem;

/// The longest term we plan: beyond it, a renewal is the better agreement.
pub(crate) const MAX_TERM_MONTHS: u32 = 60;
/// The shortest: a first meeting and a final review, two weeks apart.
const MIN_TERM_DAYS: i32 = 13;

/// The final review falls in the last ten days of the term, so blackouts must leave
/// a weekday there.
fn final_review_has_room(c: &mut Checker, d: &Duration, m: &Meetings) {
    use jiff::civil::Weekday::{Saturday, Sunday};
    let window = (0..10).filter_map(|k| d.end.checked_sub(k.days()).ok());
    let mut days = window.filter(|x| *x >= d.start);
    let open = days.any(|x| {
        !matches!(x.weekday(), Saturday | Sunday)
            && !m.blackout.iter().any(|b| b.from <= x && x <= b.to)
    });
    if !open {
        c.err_help(
            "meetings.blackout",
            format!(
                "no working day is left for the final review in the last ten days before {}",
                d.end
            ),
            "end a blackout earlier, or move the end of the term",
        );
    }
}

fn person(c: &mut Checker, key: &str, p: &Option<RawPerson>) -> Option<Person> {
    let Some(p) = p else {
        c.err_help(
            key,
            "is missing",
            format!("add a [{key}] table with at least `name = \"…\"`"),
        );
        return None;
    };
    let name = match &p.name {
        None => {
            c.err_help(
                &format!("{key}.name"),
                "is missing",
                format!("every agreement names its {key}"),
            );
            None
        }
        Some(n) if n.trim().is_empty() => {
            c.err(&format!("{key}.name"), "is blank");
            None
        }
        Some(n) => c.shown(&format!("{key}.name"), n),
    };
    let role = c.text(&format!("{key}.role"), &p.role);
    let email = c.email(&format!("{key}.email"), &p.email);
    Some(Person {
        name: name?,
        role,
        email,
    })
}

impl RawAgreement {
    /// Check everything and fill in defaults. On failure, every problem found.
    pub fn validate(&self) -> Result<Agreement, Vec<Problem>> {
        let mut c = Checker::default();
        let checked = self.check_sections(&mut c);
        let mut agreement = checked.into_agreement(c)?;
        // A bilingual agreement's second half is the same answers with the second
        // language's built-in clauses: checked the same way, so with the same problems.
        if let Some(second) = agreement.language.second() {
            let mut raw = self.clone();
            raw.language = Some(second.name().to_string());
            agreement.second = Some(Box::new(raw.validate()?));
        }
        Ok(agreement)
    }

    /// Every section checked in turn, in the order its problems are reported.
    fn check_sections(&self, c: &mut Checker) -> Checked {
        let language: Language = c.choice("language", &self.language).unwrap_or_default();
        let relationship: Relationship = c
            .choice("relationship", &self.relationship)
            .unwrap_or_default();
        let title = c
            .text("title", &self.title)
            .unwrap_or_else(|| relationship.title(language).to_string());
        let programme = self.validate_programme(c);
        let mentor = person(c, "mentor", &self.mentor);
        let mentee = person(c, "mentee", &self.mentee);
        let goals = self.validate_goals(c);
        let duration = self.validate_duration(c, language);
        let meetings = self.validate_meetings(c, language);
        let expectations = self.validate_expectations(c, language);
        let boundaries = self.validate_boundaries(c, language);
        let confidentiality = self.validate_confidentiality(c, language);
        let coordinator_sig = self.validate_signatures(c, programme.as_ref());
        let agreed_on = c.date("agreed_on", &self.agreed_on);
        let id = c.text("id", &self.id);
        let records = c.text("records", &self.records);
        // Records beside the answers would be read as answers by folder commands.
        if records.as_deref().is_some_and(|r| {
            let r = r.trim_end_matches(['/', '\\']);
            r.is_empty() || r == "." || r.ends_with("/.")
        }) {
            c.err_help(
                "records",
                "is the answers' own folder",
                "give the records a folder of their own, e.g. `records = \"records\"`",
            );
        }
        let confirmations = self.validate_confirmations(c, programme.as_ref());
        let pdf = self.validate_pdf(c, language);
        Checked {
            id,
            records,
            title,
            language,
            relationship,
            agreed_on,
            programme,
            mentor,
            mentee,
            goals,
            expectations,
            boundaries,
            meetings,
            confidentiality,
            duration,
            coordinator_sig,
            pdf,
            confirmations,
        }
    }

    fn validate_programme(&self, c: &mut Checker) -> Option<Programme> {
        self.programme.as_ref().map(|p| Programme {
            name: c.text("programme.name", &p.name),
            organisation: c.text("programme.organisation", &p.organisation),
            coordinator: c.text("programme.coordinator", &p.coordinator),
            coordinator_email: c.email("programme.coordinator_email", &p.coordinator_email),
            supervision: c.text("programme.supervision", &p.supervision),
            training: c.text("programme.training", &p.training),
            evaluation: c.text("programme.evaluation", &p.evaluation),
            sponsor: c.text("programme.sponsor", &p.sponsor),
        })
    }

    fn validate_expectations(&self, c: &mut Checker, language: Language) -> Expectations {
        let e = self.expectations.clone().unwrap_or_default();
        Expectations {
            mentor: fill(
                c.list("expectations.mentor", &e.mentor),
                &language.words().defaults.mentor,
            ),
            mentee: fill(
                c.list("expectations.mentee", &e.mentee),
                &language.words().defaults.mentee,
            ),
            shared: fill(
                c.list("expectations.shared", &e.shared),
                &language.words().defaults.shared,
            ),
        }
    }

    fn validate_boundaries(&self, c: &mut Checker, language: Language) -> Boundaries {
        let b = self.boundaries.clone().unwrap_or_default();
        Boundaries {
            line_manager: b.line_manager,
            topics_excluded: c
                .list("boundaries.topics_excluded", &b.topics_excluded)
                .unwrap_or_default(),
            contact_between_meetings: self.contact(c, &b, language),
            availability: c.text("boundaries.availability", &b.availability),
            other: c.list("boundaries.other", &b.other).unwrap_or_default(),
        }
    }

    fn validate_confidentiality(&self, c: &mut Checker, language: Language) -> Confidentiality {
        let f = self.confidentiality.clone().unwrap_or_default();
        Confidentiality {
            statement: c
                .text("confidentiality.statement", &f.statement)
                .unwrap_or_else(|| language.words().defaults.statement.clone()),
            exceptions: fill(
                c.list("confidentiality.exceptions", &f.exceptions),
                &language.words().defaults.exceptions,
            ),
            shared_with_coordinator: fill(
                c.list(
                    "confidentiality.shared_with_coordinator",
                    &f.shared_with_coordinator,
                ),
                &language.words().defaults.shared_with_coordinator,
            ),
            records: c
                .text("confidentiality.records", &f.records)
                .unwrap_or_else(|| language.words().defaults.records.clone()),
        }
    }

    /// Whether the coordinator signs too, which needs a coordinator named.
    fn validate_signatures(&self, c: &mut Checker, programme: Option<&Programme>) -> bool {
        let coordinator_sig = self
            .signatures
            .as_ref()
            .and_then(|s| s.coordinator)
            .unwrap_or(false);
        let has_coordinator = programme.is_some_and(|p| p.coordinator.is_some());
        if coordinator_sig && !has_coordinator {
            c.err_help(
                "signatures.coordinator",
                "asks for a coordinator's signature line, but no coordinator is named",
                "add `coordinator = \"…\"` under [programme], or set this to false",
            );
        }
        coordinator_sig
    }

    fn validate_confirmations(
        &self,
        c: &mut Checker,
        programme: Option<&Programme>,
    ) -> Vec<Confirmation> {
        let confirmations = super::confirm::read(c, &self.confirmations);
        let coordinator = programme.and_then(|p| p.coordinator.as_ref());
        for (i, conf) in confirmations.iter().enumerate() {
            if conf.who == super::Party::Coordinator && coordinator.is_none() {
                c.err(
                    &format!("confirmations[{}].who", i + 1),
                    "is the coordinator, but no coordinator is named under [programme]",
                );
            }
        }
        confirmations
    }

    fn validate_pdf(&self, c: &mut Checker, language: Language) -> PdfSettings {
        let raw_pdf = self.pdf.clone().unwrap_or_default();
        PdfSettings {
            paper: c
                .choice("pdf.paper", &raw_pdf.paper)
                .unwrap_or_else(|| Paper::for_language(language)),
            fonts: c
                .list("pdf.fonts", &raw_pdf.fonts)
                .unwrap_or_default()
                .into_iter()
                .map(std::path::PathBuf::from)
                .collect(),
        }
    }

    fn validate_goals(&self, c: &mut Checker) -> Option<Vec<Goal>> {
        let Some(goals) = &self.goals else {
            c.err_help(
                "goals",
                "no goals given",
                "add at least one [[goals]] table with a `description`; goals belong to the mentee",
            );
            return None;
        };
        if goals.is_empty() {
            c.err_help(
                "goals",
                "the list of goals is empty",
                "add at least one goal with a `description`",
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (i, g) in goals.iter().enumerate() {
            let k = format!("goals[{}]", i + 1);
            let description = match &g.description {
                Some(d) if !d.trim().is_empty() => c.shown(&format!("{k}.description"), d),
                Some(_) => {
                    c.err(&format!("{k}.description"), "is blank");
                    None
                }
                None => {
                    c.err_help(
                        &format!("{k}.description"),
                        "is missing",
                        "say what the mentee wants to achieve",
                    );
                    None
                }
            };
            let measure = c.text(&format!("{k}.measure"), &g.measure);
            let target_date = c.date(&format!("{k}.target_date"), &g.target_date);
            match description {
                Some(description) => out.push(Goal {
                    description,
                    measure,
                    target_date,
                }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn validate_duration(&self, c: &mut Checker, language: Language) -> Option<Duration> {
        let Some(d) = &self.duration else {
            c.err_help(
                "duration",
                "is missing",
                "add a [duration] table with at least `start = 2027-01-11`",
            );
            return None;
        };
        let start = match &d.start {
            None => {
                c.err_help(
                    "duration.start",
                    "is missing",
                    "the date of the first meeting, e.g. `start = 2027-01-11`",
                );
                None
            }
            v => c.date("duration.start", v),
        };
        let months = c.number("duration.months", d.months, 1..=60, "months");
        let end = c.date("duration.end", &d.end);
        let review = c.number(
            "duration.review_every_months",
            d.review_every_months,
            1..=24,
            "months",
        );
        let ending = c.text("duration.ending", &d.ending).unwrap_or_default();
        if d.months.is_some() && d.end.is_some() {
            c.err_help(
                "duration.end",
                "both `months` and `end` are given",
                "give one: `months` counts from the start, `end` is the last day",
            );
            return None;
        }
        let start = start?;
        let end = match (end, months) {
            (Some(end), _) => end,
            (None, m) => end_from_months(start, m.unwrap_or(defaults::MONTHS)),
        };
        let day = |d| language.date(d);
        if end <= start {
            c.err(
                "duration.end",
                format!(
                    "the end ({}) must come after the start ({})",
                    day(end),
                    day(start)
                ),
            );
            return None;
        }
        let key = if d.end.is_some() {
            "duration.end"
        } else {
            "duration.months"
        };
        if end > add_months(start, MAX_TERM_MONTHS) {
            c.err_help(
                key,
                format!("the term from {} to {} is longer than five years", day(start), day(end)),
                "agree a shorter term (a year or two is usual) and decide at the final review whether to renew",
            );
            return None;
        }
        if (end - start).get_days() < MIN_TERM_DAYS {
            c.err_help(
                key,
                format!(
                    "the term from {} to {} is shorter than two weeks",
                    day(start),
                    day(end)
                ),
                "mentoring needs time: give at least `months = 1`",
            );
            return None;
        }
        Some(Duration {
            start,
            end,
            months: months.or(d.end.is_none().then_some(defaults::MONTHS)),
            review_every_months: review.unwrap_or(defaults::REVIEW_EVERY_MONTHS),
            review_chosen: review.is_some(),
            ending,
        })
    }
}

/// A list the pair may leave out: the built-in one, in the agreement's language.
fn fill(v: Option<Vec<String>>, d: &[String]) -> Vec<String> {
    v.unwrap_or_else(|| d.to_vec())
}

/// Every section as checked; those the agreement cannot do without are `None` where
/// they could not be read, so that the rest are still checked.
struct Checked {
    id: Option<String>,
    records: Option<String>,
    title: String,
    language: Language,
    relationship: Relationship,
    agreed_on: Option<Date>,
    programme: Option<Programme>,
    mentor: Option<Person>,
    mentee: Option<Person>,
    goals: Option<Vec<Goal>>,
    expectations: Expectations,
    boundaries: Boundaries,
    meetings: Option<Meetings>,
    confidentiality: Confidentiality,
    duration: Option<Duration>,
    coordinator_sig: bool,
    pdf: PdfSettings,
    confirmations: Vec<Confirmation>,
}

impl Checked {
    /// The agreement, or every problem found; the warnings come either way.
    fn into_agreement(self, mut c: Checker) -> Result<Agreement, Vec<Problem>> {
        // Warnings come with errors too, so the interview can show them as it goes.
        let mut warnings = self.warnings();
        warnings.append(&mut c.warnings);
        let (Some(mentor), Some(mentee), Some(goals), Some(duration), Some(meetings)) = (
            self.mentor,
            self.mentee,
            self.goals,
            self.duration,
            self.meetings,
        ) else {
            c.problems.extend(warnings);
            return Err(c.problems);
        };
        final_review_has_room(&mut c, &duration, &meetings);
        if !c.problems.is_empty() {
            c.problems.extend(warnings);
            return Err(c.problems);
        }
        let agreement = Agreement {
            id: self.id,
            records: self.records,
            title: self.title,
            language: self.language,
            agreed_on: self.agreed_on,
            relationship: self.relationship,
            programme: self.programme,
            mentor,
            mentee,
            goals,
            expectations: self.expectations,
            boundaries: self.boundaries,
            meetings,
            confidentiality: self.confidentiality,
            signatures: Signatures {
                coordinator: self.coordinator_sig,
            },
            second: None,
            pdf: self.pdf,
            confirmations: self.confirmations,
            warnings,
            duration: Duration {
                ending: if duration.ending.is_empty() {
                    self.language.words().defaults.ending.clone()
                } else {
                    duration.ending
                },
                ..duration
            },
        };
        // Confirmations are settled by whoever knows the wording and today (the input's
        // seal): until then none counts.
        Ok(agreement)
    }

    /// What is allowed but worth a word, of the agreement as a whole.
    fn warnings(&self) -> Vec<Problem> {
        let mut warnings = Vec::new();
        if self.boundaries.line_manager == Some(true) && self.relationship != Relationship::Reverse
        {
            warnings.push(
                Problem::warning(
                    "boundaries.line_manager",
                    "the mentor is the mentee's line manager; mentoring works best apart from line management",
                )
                .help("the agreement adds a clause keeping the two roles apart; consider a mentor from outside the reporting line"),
            );
        }
        if self.relationship == Relationship::Reverse && self.boundaries.line_manager.is_some() {
            warnings.push(
                Problem::warning(
                    "boundaries.line_manager",
                    "in reverse mentoring the mentor is the more junior of the two: the line-manager question does not arise, and the agreement leaves it out",
                )
                .help("remove `line_manager`; the agreement protects the junior mentor instead"),
            );
        }
        warnings.extend(super::warnings::unusual(
            self.mentor.as_ref(),
            self.mentee.as_ref(),
            self.goals.as_deref(),
            self.duration.as_ref(),
            &self.confidentiality,
            self.language,
        ));
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{check_email, check_time};
    use crate::model::{
        ArrangedBy, Frequency, RawBoundaries, RawConfidentiality, RawMeetings, RawSignatures,
    };

    fn minimal() -> RawAgreement {
        toml::from_str(
            r#"
            [mentor]
            name = "Grace Hopper"
            [mentee]
            name = "Zoë Ó'Brien"
            [[goals]]
            description = "Present with confidence"
            [duration]
            start = 2026-12-01
            "#,
        )
        .unwrap()
    }

    fn keys(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.key.as_str()).collect()
    }

    #[test]
    fn minimal_gets_good_practice_defaults() {
        let a = minimal().validate().unwrap();
        assert_eq!(a.meetings.frequency, Frequency::Monthly);
        assert_eq!(a.meetings.length_minutes, 60);
        assert_eq!(a.meetings.arranged_by, ArrangedBy::Mentee);
        assert_eq!(a.meetings.cancellation_notice_hours, 24);
        assert_eq!(a.duration.end.to_string(), "2027-05-31");
        assert_eq!(a.duration.review_every_months, 3);
        assert_eq!(a.confidentiality.exceptions.len(), 4);
        assert_eq!(a.boundaries.line_manager, None, "nobody said");
        assert_eq!(
            a.agreed_on, None,
            "the header then gives the day it was drafted"
        );
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let mut raw = minimal();
        raw.mentor.as_mut().unwrap().name = Some("  ".into());
        raw.mentee = None;
        raw.meetings = Some(RawMeetings {
            frequency: Some("whenever".into()),
            time: Some("25:00".into()),
            ..Default::default()
        });
        raw.duration.as_mut().unwrap().months = Some(6);
        raw.duration.as_mut().unwrap().end = Some("2027-01-01".parse().unwrap());
        let problems = raw.validate().unwrap_err();
        let k = keys(&problems);
        for want in [
            "mentor.name",
            "mentee",
            "meetings.frequency",
            "duration.end",
        ] {
            assert!(k.contains(&want), "{want} missing from {k:?}");
        }
    }

    #[test]
    fn end_before_start_is_an_error() {
        let mut raw = minimal();
        raw.duration.as_mut().unwrap().end = Some("2026-11-01".parse().unwrap());
        let p = raw.validate().unwrap_err();
        assert_eq!(keys(&p), ["duration.end"]);
        assert!(p[0].message.contains("must come after the start"));
    }

    #[test]
    fn times_and_emails() {
        assert_eq!(check_time("09:30").unwrap(), "09:30");
        assert!(check_time("9:30").is_err());
        assert!(check_time("24:00").is_err());
        assert!(check_email("grace@example.org").is_ok());
        assert!(check_email("grace@localhost").is_err());
        assert!(check_email("grace example.org").is_err());
        for bad in [
            "=1+1@x.org",
            "a@b..c",
            "a@@b.org",
            "a@b",
            "+a@b.org",
            "a@-b.org",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_email("zoë.o'brien@uni-łódź.example.pl").is_ok());
    }

    #[test]
    fn coordinator_signature_needs_a_coordinator() {
        let mut raw = minimal();
        raw.signatures = Some(RawSignatures {
            coordinator: Some(true),
        });
        assert_eq!(
            keys(&raw.validate().unwrap_err()),
            ["signatures.coordinator"]
        );
    }

    #[test]
    fn line_manager_is_a_warning_not_an_error() {
        let mut raw = minimal();
        raw.boundaries = Some(RawBoundaries {
            line_manager: Some(true),
            ..Default::default()
        });
        let a = raw.validate().unwrap();
        assert_eq!(a.warnings.len(), 1);
    }

    #[test]
    fn us_spelling_of_defaults() {
        let mut raw = minimal();
        raw.language = Some("en-US".into());
        // The pair's own words are kept as typed; only built-in text is respelled.
        raw.confidentiality = Some(RawConfidentiality {
            records: Some("Our programme keeps no notes.".into()),
            ..Default::default()
        });
        let a = raw.validate().unwrap();
        assert_eq!(a.language, Language::EnUs);
        assert_eq!(a.confidentiality.records, "Our programme keeps no notes.");
        assert_eq!(
            a.duration.ending,
            Language::EnUs.words().defaults.ending,
            "built-in ending"
        );
        assert!(a.duration.ending.contains('’') || !a.duration.ending.contains('\''));
    }
}
