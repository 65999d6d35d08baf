//! The European holiday regions against python-holidays (the version pinned in
//! `tests/requirements.txt`), date by date for 2026–2035: each region's rules are
//! mentorpact's own, so a second, independent list is what shows a wrong one. The UK
//! and US regions are checked against the published lists in the unit tests.

use std::collections::BTreeSet;

use jiff::civil::date;

use crate::common::{mentorpact, python, root, SETUP};

/// Each region's word, and the python-holidays country and subdivision it follows
/// (`None`: the country's own list). Alsace-Moselle is both of the package's
/// subdivisions for it, which must agree.
const REGIONS: &[(&str, &str, Option<&str>)] = &[
    ("ireland", "IE", None),
    ("france", "FR", None),
    ("france-alsace-moselle", "FR", Some("6AE")),
    ("france-alsace-moselle", "FR", Some("57")),
    ("germany-bw", "DE", Some("BW")),
    ("germany-by", "DE", Some("BY")),
    ("germany-be", "DE", Some("BE")),
    ("germany-bb", "DE", Some("BB")),
    ("germany-hb", "DE", Some("HB")),
    ("germany-hh", "DE", Some("HH")),
    ("germany-he", "DE", Some("HE")),
    ("germany-mv", "DE", Some("MV")),
    ("germany-ni", "DE", Some("NI")),
    ("germany-nw", "DE", Some("NW")),
    ("germany-rp", "DE", Some("RP")),
    ("germany-sl", "DE", Some("SL")),
    ("germany-sn", "DE", Some("SN")),
    ("germany-st", "DE", Some("ST")),
    ("germany-sh", "DE", Some("SH")),
    ("germany-th", "DE", Some("TH")),
    ("spain", "ES", None),
];

/// The regions the unit tests check against GOV.UK's and OPM's lists instead.
const PUBLISHED_ELSEWHERE: &[&str] = &[
    "england-and-wales",
    "scotland",
    "northern-ireland",
    "us",
    "none",
];

/// For each entry of `REGIONS`, the dates python-holidays gives, with the package's
/// defaults (its public category, observed days as it has them).
fn python_dates() -> Vec<BTreeSet<String>> {
    let pinned = std::fs::read_to_string(root().join("tests/requirements.txt")).unwrap();
    let version = pinned
        .lines()
        .find_map(|l| l.strip_prefix("holidays=="))
        .expect("holidays is pinned");
    let dir = tempfile::tempdir().unwrap();
    let specs: Vec<String> = REGIONS
        .iter()
        .map(|(_, country, subdiv)| match subdiv {
            Some(s) => format!("({country:?}, {s:?})"),
            None => format!("({country:?}, None)"),
        })
        .collect();
    let script = format!(
        r#"
import holidays
assert holidays.__version__ == "{version}", f"holidays {{holidays.__version__}} is not the pinned {version}: run {SETUP}"
with open("dates.txt", "w") as out:
    for country, subdiv in [{specs}]:
        days = holidays.country_holidays(country, subdiv=subdiv, years=range(2026, 2036))
        out.write(" ".join(str(d) for d in sorted(days)) + "\n")
"#,
        specs = specs.join(", ")
    );
    python(dir.path(), &script);
    std::fs::read_to_string(dir.path().join("dates.txt"))
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().map(String::from).collect())
        .collect()
}

#[test]
fn every_european_region_gives_python_holidays_dates_2026_to_2035() {
    let theirs = python_dates();
    assert_eq!(theirs.len(), REGIONS.len());
    for ((word, country, subdiv), want) in REGIONS.iter().zip(theirs) {
        let ours: BTreeSet<String> =
            mentorpact::schedule::holidays_between(word, date(2026, 1, 1), date(2035, 12, 31))
                .unwrap_or_else(|| panic!("{word} is not a holiday region"))
                .iter()
                .map(|d| d.to_string())
                .collect();
        let missing: Vec<_> = want.difference(&ours).collect();
        let extra: Vec<_> = ours.difference(&want).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{word} against python-holidays {country} {subdiv:?}: missing {missing:?}, not in python-holidays {extra:?}"
        );
    }
}

/// A region added to the choices without a line in `REGIONS` would go unchecked.
#[test]
fn every_region_the_schema_offers_is_checked_somewhere() {
    let out = mentorpact().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let words: BTreeSet<String> = schema
        .pointer("/properties/meetings/properties/holidays/enum")
        .and_then(|e| e.as_array())
        .expect("meetings.holidays lists its words")
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    let checked: BTreeSet<String> = REGIONS
        .iter()
        .map(|(w, _, _)| *w)
        .chain(PUBLISHED_ELSEWHERE.iter().copied())
        .map(String::from)
        .collect();
    assert_eq!(words, checked);
}

/// The rules behind the comparison, where a region's own law shows in one date.
#[test]
fn days_only_some_regions_keep() {
    let year = |word: &str, y: i16| -> BTreeSet<String> {
        mentorpact::schedule::holidays_between(word, date(y, 1, 1), date(y, 12, 31))
            .unwrap()
            .iter()
            .map(|d| d.to_string())
            .collect()
    };
    // Repentance Day, Wednesday 17 November 2027: Saxony only.
    assert!(year("germany-sn", 2027).contains("2027-11-17"));
    assert!(!year("germany-th", 2027).contains("2027-11-17"));
    // Assumption: Saarland Land-wide, Bavaria only in its Catholic municipalities.
    assert!(year("germany-sl", 2028).contains("2028-08-15"));
    assert!(!year("germany-by", 2028).contains("2028-08-15"));
    // All Saints' Day 2026 is a Sunday: kept in France, left to the regions in Spain.
    assert!(year("france", 2026).contains("2026-11-01"));
    assert!(!year("spain", 2026).contains("2026-11-01"));
    // St Brigid's Day: 1 February 2030 is a Friday.
    assert!(year("ireland", 2030).contains("2030-02-01"));
    assert!(mentorpact::schedule::holidays_between(
        "atlantis",
        date(2026, 1, 1),
        date(2026, 12, 31)
    )
    .is_none());
}
