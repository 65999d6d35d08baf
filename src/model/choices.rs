//! Every list of allowed words, defined once.
//!
//! Each choice is an enum with the word used in files (`name`) and the words shown to
//! people (`label`). Validation, the JSON Schema, the interview's menus, the calendar
//! and the templates all read these, so adding a value is a change in one place.

use serde::{Serialize, Serializer};

/// What every choice offers to the code that checks, documents or asks for it.
pub(crate) trait Choice: Copy + PartialEq + Default + 'static {
    /// Every value, in the order menus show them.
    const ALL: &'static [Self];
    /// The words accepted in a file, in the same order as `ALL`.
    const NAMES: &'static [&'static str];
    /// The word written in a file, e.g. "in-person".
    fn name(self) -> &'static str;
    /// Words for a person choosing, e.g. "In person".
    fn label(self) -> &'static str;

    /// The value for a word from a file; case does not matter.
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(s))
    }

    /// Position in `ALL`, for menus.
    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// Defines a choice enum: `Name { Variant = "word" / "Label", … }`. The first variant
/// is the default. Serializes as its word, which is what templates compare against.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal / $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        // Some lists are part of the model the library shows (paper, language), others
        // only of the crate; one macro makes them all.
        #[allow(unreachable_pub)]
        pub enum $name { $($variant),+ }

        impl Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($word),+];
            fn name(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::ALL[0]
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

choice! {
    /// The language the documents are written in (BCP 47 tags; `cy+en` is one document
    /// in Welsh and English, Welsh first).
    Language {
        EnGb = "en-GB" / "British English (en-GB)",
        EnUs = "en-US" / "American English (en-US)",
        Cy = "cy" / "Cymraeg: Welsh (cy)",
        CyEn = "cy+en" / "Cymraeg a Saesneg: Welsh and English, Welsh first (cy+en)",
        Fr = "fr" / "Français: French (fr)",
        De = "de" / "Deutsch: German (de)",
        Es = "es" / "Español: Spanish (es)",
    }
}

choice! {
    /// The kind of mentoring (content.md, "Kinds of pair").
    Relationship {
        Traditional = "traditional" / "Traditional: experienced mentor, mentee leads",
        Peer = "peer" / "Peer: colleagues learning from each other",
        Reverse = "reverse" / "Reverse: a junior colleague mentors a senior",
    }
}

impl Relationship {
    /// The document's heading when the file gives none, in `language`.
    pub(crate) fn title(self, language: Language) -> &'static str {
        let t = &language.words().titles;
        match self {
            Relationship::Traditional => &t.traditional,
            Relationship::Peer => &t.peer,
            Relationship::Reverse => &t.reverse,
        }
    }
}

choice! {
    /// How the pair meets.
    MeetingFormat {
        InPerson = "in-person" / "in person",
        Video = "video" / "by video call",
        Phone = "phone" / "by phone",
        Mixed = "mixed" / "a mix of in person and online",
    }
}

choice! {
    /// Who arranges the meetings.
    ArrangedBy {
        Mentee = "mentee" / "the mentee",
        Mentor = "mentor" / "the mentor",
        Both = "both" / "both of us, taking turns",
    }
}

choice! {
    /// Paper size of the PDF.
    Paper {
        A4 = "a4" / "A4",
        Letter = "letter" / "US Letter",
    }
}

choice! {
    /// The day of the week meetings fall on.
    Weekday {
        Monday = "monday" / "Monday",
        Tuesday = "tuesday" / "Tuesday",
        Wednesday = "wednesday" / "Wednesday",
        Thursday = "thursday" / "Thursday",
        Friday = "friday" / "Friday",
        Saturday = "saturday" / "Saturday",
        Sunday = "sunday" / "Sunday",
    }
}

impl Weekday {
    pub(crate) fn to_jiff(self) -> jiff::civil::Weekday {
        use jiff::civil::Weekday as J;
        match self {
            Weekday::Monday => J::Monday,
            Weekday::Tuesday => J::Tuesday,
            Weekday::Wednesday => J::Wednesday,
            Weekday::Thursday => J::Thursday,
            Weekday::Friday => J::Friday,
            Weekday::Saturday => J::Saturday,
            Weekday::Sunday => J::Sunday,
        }
    }
}

choice! {
    /// Which of the month's weekdays a monthly meeting falls on.
    WeekOfMonth {
        First = "first" / "first",
        Second = "second" / "second",
        Third = "third" / "third",
        Fourth = "fourth" / "fourth",
        Last = "last" / "last",
    }
}

choice! {
    /// Who signs: each has a line on the signature page, and may confirm with `sign`.
    Party {
        Mentee = "mentee" / "mentee",
        Mentor = "mentor" / "mentor",
        Coordinator = "coordinator" / "coordinator",
    }
}

choice! {
    /// How far a goal has come, as a review records it.
    Progress {
        NotStarted = "not-started" / "not started",
        UnderWay = "under-way" / "under way",
        Met = "met" / "met",
        Changed = "changed" / "changed",
    }
}

choice! {
    /// What the final review decides.
    Decision {
        End = "end" / "end as planned",
        Extend = "extend" / "extend the term",
        Renew = "renew" / "renew with a new agreement",
    }
}

choice! {
    /// Whose public holidays the schedule avoids. A German Land is named by its ISO
    /// 3166-2 code (DE-BY → "germany-by"), the one spelling that is neither English nor
    /// German and that python-holidays, which the tests compare with, uses too.
    HolidayRegion {
        EnglandAndWales = "england-and-wales" / "bank holidays in England and Wales",
        Scotland = "scotland" / "bank holidays in Scotland",
        NorthernIreland = "northern-ireland" / "bank holidays in Northern Ireland",
        Us = "us" / "US federal holidays",
        Ireland = "ireland" / "public holidays in Ireland",
        France = "france" / "public holidays in France",
        FranceAlsaceMoselle = "france-alsace-moselle" / "public holidays in Alsace and Moselle",
        GermanyBw = "germany-bw" / "public holidays in Baden-Württemberg, Germany",
        GermanyBy = "germany-by" / "public holidays in Bavaria, Germany",
        GermanyBe = "germany-be" / "public holidays in Berlin, Germany",
        GermanyBb = "germany-bb" / "public holidays in Brandenburg, Germany",
        GermanyHb = "germany-hb" / "public holidays in Bremen, Germany",
        GermanyHh = "germany-hh" / "public holidays in Hamburg, Germany",
        GermanyHe = "germany-he" / "public holidays in Hesse, Germany",
        GermanyMv = "germany-mv" / "public holidays in Mecklenburg-Western Pomerania, Germany",
        GermanyNi = "germany-ni" / "public holidays in Lower Saxony, Germany",
        GermanyNw = "germany-nw" / "public holidays in North Rhine-Westphalia, Germany",
        GermanyRp = "germany-rp" / "public holidays in Rhineland-Palatinate, Germany",
        GermanySl = "germany-sl" / "public holidays in Saarland, Germany",
        GermanySn = "germany-sn" / "public holidays in Saxony, Germany",
        GermanySt = "germany-st" / "public holidays in Saxony-Anhalt, Germany",
        GermanySh = "germany-sh" / "public holidays in Schleswig-Holstein, Germany",
        GermanyTh = "germany-th" / "public holidays in Thuringia, Germany",
        Spain = "spain" / "national public holidays in Spain",
        None = "none" / "no public holidays",
    }
}

impl HolidayRegion {
    /// The calendar a pair writing in `language` most likely keeps.
    pub(crate) fn for_language(language: Language) -> Self {
        match language {
            Language::EnGb | Language::Cy | Language::CyEn => HolidayRegion::EnglandAndWales,
            Language::EnUs => HolidayRegion::Us,
            Language::Fr => HolidayRegion::France,
            Language::Es => HolidayRegion::Spain,
            // Which Land's days a pair keeps cannot be told from the language alone.
            Language::De => HolidayRegion::None,
        }
    }
}

impl Paper {
    /// The paper people writing in `language` have in their printers.
    pub(crate) fn for_language(language: Language) -> Self {
        match language {
            Language::EnUs => Paper::Letter,
            _ => Paper::A4,
        }
    }
}

/// How often the pair meets. Not a plain word list: "every N weeks" carries a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
    EveryWeeks(u32),
}

impl Frequency {
    /// The fixed words, for menus and the schema's description.
    pub(crate) const ALL: [Frequency; 3] = [
        Frequency::Monthly,
        Frequency::Fortnightly,
        Frequency::Weekly,
    ];
    pub(crate) const CHOICES: &'static str =
        "\"weekly\", \"fortnightly\", \"monthly\" or \"every N weeks\"";
    /// The range of N in "every N weeks" (1 and 2 have their own words).
    pub(crate) const WEEKS: std::ops::RangeInclusive<u32> = 3..=26;

    pub(crate) fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "weekly" => Some(Frequency::Weekly),
            "fortnightly" => Some(Frequency::Fortnightly),
            "monthly" => Some(Frequency::Monthly),
            _ => {
                let n = s.strip_prefix("every ")?.strip_suffix(" weeks")?.trim();
                match n.parse::<u32>().ok()? {
                    1 => Some(Frequency::Weekly),
                    2 => Some(Frequency::Fortnightly),
                    n if Self::WEEKS.contains(&n) => Some(Frequency::EveryWeeks(n)),
                    _ => None,
                }
            }
        }
    }

    /// The word written in a file.
    pub fn name(self) -> String {
        match self {
            Frequency::Weekly => "weekly".into(),
            Frequency::Fortnightly => "fortnightly".into(),
            Frequency::Monthly => "monthly".into(),
            Frequency::EveryWeeks(n) => format!("every {n} weeks"),
        }
    }

    /// Plain words for the document: "once a month".
    pub(crate) fn describe(self) -> String {
        match self {
            Frequency::Weekly => "once a week".into(),
            Frequency::Fortnightly => "every two weeks".into(),
            Frequency::Monthly => "once a month".into(),
            Frequency::EveryWeeks(n) => format!("every {n} weeks"),
        }
    }

    /// Days between meetings, or `None` for calendar months.
    pub(crate) fn step_days(self) -> Option<i64> {
        match self {
            Frequency::Weekly => Some(7),
            Frequency::Fortnightly => Some(14),
            Frequency::EveryWeeks(n) => Some(7 * n as i64),
            Frequency::Monthly => None,
        }
    }
}

/// Templates print the frequency as it reads in the agreement.
impl Serialize for Frequency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_back_to_their_choice() {
        for f in MeetingFormat::ALL {
            assert_eq!(MeetingFormat::parse(f.name()), Some(*f));
        }
        assert_eq!(Language::parse("en-us"), Some(Language::EnUs));
        assert_eq!(ArrangedBy::parse("nobody"), None);
        assert_eq!(Paper::default(), Paper::A4);
        assert_eq!(MeetingFormat::NAMES.len(), MeetingFormat::ALL.len());
    }

    #[test]
    fn frequency_words() {
        assert_eq!(
            Frequency::parse("Every 3 weeks"),
            Some(Frequency::EveryWeeks(3))
        );
        assert_eq!(
            Frequency::parse("every 2 weeks"),
            Some(Frequency::Fortnightly)
        );
        assert_eq!(Frequency::parse("whenever"), None);
        assert_eq!(Frequency::parse("every 0 weeks"), None);
        for f in Frequency::ALL {
            assert_eq!(Frequency::parse(&f.name()), Some(f));
        }
    }
}
