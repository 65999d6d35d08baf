//! The built-in templates, embedded in the binary: a set per language, each in its own
//! folder of `templates/` (English at the top, `cy/`, `fr/`, `de/`, `es/`), with the same
//! files and section ids, so that a custom folder overrides them the same way.

use crate::model::Language;

/// The files of one language's set, in the order `templates export` writes them.
macro_rules! set {
    ($dir:literal) => {
        &[
            (
                "agreement.md",
                include_str!(concat!("../../templates/", $dir, "agreement.md")),
            ),
            (
                "review.md",
                include_str!(concat!("../../templates/", $dir, "review.md")),
            ),
            (
                "sections/parties.md",
                include_str!(concat!("../../templates/", $dir, "sections/parties.md")),
            ),
            (
                "sections/mentoring.md",
                include_str!(concat!("../../templates/", $dir, "sections/mentoring.md")),
            ),
            (
                "sections/goals.md",
                include_str!(concat!("../../templates/", $dir, "sections/goals.md")),
            ),
            (
                "sections/expectations.md",
                include_str!(concat!(
                    "../../templates/",
                    $dir,
                    "sections/expectations.md"
                )),
            ),
            (
                "sections/boundaries.md",
                include_str!(concat!("../../templates/", $dir, "sections/boundaries.md")),
            ),
            (
                "sections/meetings.md",
                include_str!(concat!("../../templates/", $dir, "sections/meetings.md")),
            ),
            (
                "sections/confidentiality.md",
                include_str!(concat!(
                    "../../templates/",
                    $dir,
                    "sections/confidentiality.md"
                )),
            ),
            (
                "sections/duration.md",
                include_str!(concat!("../../templates/", $dir, "sections/duration.md")),
            ),
            (
                "sections/evaluation.md",
                include_str!(concat!("../../templates/", $dir, "sections/evaluation.md")),
            ),
            (
                "sections/ending.md",
                include_str!(concat!("../../templates/", $dir, "sections/ending.md")),
            ),
            (
                "sections/support.md",
                include_str!(concat!("../../templates/", $dir, "sections/support.md")),
            ),
            (
                "sections/signatures.md",
                include_str!(concat!("../../templates/", $dir, "sections/signatures.md")),
            ),
        ]
    };
}

type Set = &'static [(&'static str, &'static str)];

/// English, which en-GB and en-US share (en-US respelled when compiled).
pub(crate) const ENGLISH: Set = set!("");
const WELSH: Set = set!("cy/");
const FRENCH: Set = set!("fr/");
const GERMAN: Set = set!("de/");
const SPANISH: Set = set!("es/");

/// The built-in set `lang`'s documents are written from (a bilingual document's first
/// language's; its second is English).
pub(crate) fn set_of(lang: Language) -> Set {
    match lang.text_folder() {
        None => ENGLISH,
        Some("cy") => WELSH,
        Some("fr") => FRENCH,
        Some("de") => GERMAN,
        Some(_) => SPANISH,
    }
}

/// Every language's folder (`None` for English, at the top) with its set.
pub(crate) fn every_set() -> [(Option<&'static str>, Set); 5] {
    [
        (None, ENGLISH),
        (Some("cy"), WELSH),
        (Some("fr"), FRENCH),
        (Some("de"), GERMAN),
        (Some("es"), SPANISH),
    ]
}

/// The folder names of the languages that are not English: a file of a custom folder
/// under one of them is that language's.
pub(crate) const FOLDERS: [&str; 4] = ["cy", "fr", "de", "es"];
