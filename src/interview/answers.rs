//! What the interview has gathered: the answers so far, each answer as it was given, and
//! how a section treats what is already there. Plain data that every step of the
//! interview reads, so it imports none of them.

use serde::{Deserialize, Serialize};

use super::sections::Section;
use crate::model::RawAgreement;

/// One answer, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Given {
    Text(String),
    Yes(bool),
    Pick(usize),
    Picks(Vec<usize>),
}

/// Answers so far, and which sections are done (for `--resume`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    /// The answers of finished sections (and of a section under way, once finished).
    pub raw: RawAgreement,
    pub done: Vec<Section>,
    /// Values from `--from`: questions they answer are skipped unless the pair chooses.
    pub given: RawAgreement,
    /// The section under way and each answer given in it so far, replayed on resume.
    pub current: Option<(Section, Vec<Given>)>,
    /// The person's locale (`LC_ALL`, `LC_MESSAGES` or `LANG`): the language offered.
    pub locale: Option<String>,
    /// Whether a calendar file is written: the time zone is asked only then.
    pub calendar: bool,
}

/// How to treat values that are already there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Skip questions that already have an answer.
    Fill,
    /// Ask everything, offering current answers as defaults.
    Edit,
}
