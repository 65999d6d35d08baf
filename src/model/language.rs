//! What a language is beyond its words: its BCP 47 tag, the folder of its built-in text,
//! and its dates and plural rules, from CLDR through ICU4X's compiled data.
//!
//! English dates keep jiff's formatting (`dates.rs`), which writes what CLDR writes for
//! en-GB and en-US; every other language's dates come from ICU4X.

use std::sync::OnceLock;

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::fieldsets::{YMD, YMDE};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use jiff::civil::Date;

use super::choices::{Choice, Language};

impl Language {
    /// The document's language as PDF `/Lang`, XMP and HTML want it.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Language::CyEn => "cy",
            l => l.name(),
        }
    }

    /// The folder of this language's built-in templates and words (`templates/cy/`,
    /// `locales/cy.toml`); English has the top of `templates/` and `locales/en-GB.toml`.
    pub(crate) fn text_folder(self) -> Option<&'static str> {
        match self {
            Language::EnGb | Language::EnUs => None,
            Language::Cy | Language::CyEn => Some("cy"),
            Language::Fr => Some("fr"),
            Language::De => Some("de"),
            Language::Es => Some("es"),
        }
    }

    /// The language a bilingual document gives after each block of its first.
    pub(crate) fn second(self) -> Option<Language> {
        (self == Language::CyEn).then_some(Language::EnGb)
    }

    pub(crate) fn is_english(self) -> bool {
        self.text_folder().is_none()
    }

    /// The language the tool's own messages (in English) write this pair's dates in:
    /// theirs if it is English, else British English, so that a sentence is never
    /// English with a French date in it.
    pub(crate) fn for_messages(self) -> Language {
        if self.is_english() {
            self
        } else {
            Language::EnGb
        }
    }

    /// The CLDR category of `n` in this language ("one", "two", "few", …): which of a
    /// template's `plural` forms to write.
    pub(crate) fn plural_category(self, n: u64) -> &'static str {
        static RULES: [OnceLock<PluralRules>; 7] = [const { OnceLock::new() }; 7];
        let rules = RULES[self.index()].get_or_init(|| {
            PluralRules::try_new_cardinal(self.locale().into())
                .expect("CLDR has plural rules for every language we write")
        });
        match rules.category_for(n) {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    fn locale(self) -> Locale {
        self.tag()
            .parse()
            .expect("every language's tag is a valid locale")
    }

    /// The date as CLDR writes it in this language, with or without the weekday.
    pub(super) fn cldr_date(self, d: Date, weekday: bool) -> String {
        type Plain = FixedCalendarDateTimeFormatter<Gregorian, YMD>;
        type WithDay = FixedCalendarDateTimeFormatter<Gregorian, YMDE>;
        static PLAIN: [OnceLock<Plain>; 7] = [const { OnceLock::new() }; 7];
        static WITH_DAY: [OnceLock<WithDay>; 7] = [const { OnceLock::new() }; 7];
        let day = IcuDate::try_new_gregorian(d.year() as i32, d.month() as u8, d.day() as u8)
            .expect("a jiff date is a Gregorian date");
        let i = self.index();
        if weekday {
            let f = WITH_DAY[i].get_or_init(|| {
                WithDay::try_new(self.locale().into(), YMDE::long())
                    .expect("CLDR has dates for every language we write")
            });
            f.format(&day).to_string()
        } else {
            let f = PLAIN[i].get_or_init(|| {
                Plain::try_new(self.locale().into(), YMD::long())
                    .expect("CLDR has dates for every language we write")
            });
            f.format(&day).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_each_language_from_cldr() {
        let d = jiff::civil::date(2027, 4, 5);
        assert_eq!(Language::Fr.cldr_date(d, true), "lundi 5 avril 2027");
        assert_eq!(Language::De.cldr_date(d, true), "Montag, 5. April 2027");
        assert_eq!(Language::Es.cldr_date(d, true), "lunes, 5 de abril de 2027");
        assert_eq!(Language::Fr.cldr_date(d, false), "5 avril 2027");
        // The first of the month, as French writes it.
        let first = jiff::civil::date(2026, 12, 1);
        assert_eq!(Language::Fr.date(first), "1er décembre 2026");
        assert_eq!(Language::Fr.day(first), "mardi 1er décembre 2026");
        assert_eq!(
            Language::Fr.date(jiff::civil::date(2027, 1, 11)),
            "11 janvier 2027"
        );
        assert!(Language::Cy.cldr_date(d, true).contains("Ebrill 2027"));
    }

    #[test]
    fn welsh_has_six_plural_categories() {
        let cy = Language::Cy;
        let got: Vec<_> = [0, 1, 2, 3, 6, 7].map(|n| cy.plural_category(n)).to_vec();
        assert_eq!(got, ["zero", "one", "two", "few", "many", "other"]);
        assert_eq!(Language::Fr.plural_category(0), "one");
        assert_eq!(Language::De.plural_category(0), "other");
    }
}
