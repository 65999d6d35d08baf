//! The one reading of the clock per run: today's date and the moment stamped into PDF
//! metadata and calendar files. `SOURCE_DATE_EPOCH` fixes both, for reproducible output.
//! Nothing else reads the time or that variable; the value is passed down.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The moment of this run (or `SOURCE_DATE_EPOCH`).
    pub now: Timestamp,
    /// Today's date: local, or in UTC when `SOURCE_DATE_EPOCH` is set.
    pub today: Date,
}

impl Clock {
    /// The system clock, unless `SOURCE_DATE_EPOCH` is set; a value that is not a
    /// whole number of seconds is an error naming the variable, never ignored.
    pub(crate) fn from_env() -> Result<Clock> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(v) => Clock::from_epoch(&v),
            Err(std::env::VarError::NotPresent) => {
                let now = Timestamp::now();
                Ok(Clock {
                    now,
                    today: now.to_zoned(local_zone()).date(),
                })
            }
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::Usage(
                "SOURCE_DATE_EPOCH is not text; set it to seconds since 1970, e.g. 1795000000"
                    .into(),
            )),
        }
    }

    /// The clock fixed at `SOURCE_DATE_EPOCH`'s value.
    pub fn from_epoch(value: &str) -> Result<Clock> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH=\"{value}\" {why}; set it to seconds since 1970, e.g. 1795000000, or unset it"
            ))
        };
        let secs: i64 = value
            .trim()
            .parse()
            .map_err(|_| bad("is not a whole number"))?;
        let now = Timestamp::from_second(secs).map_err(|_| bad("is out of range"))?;
        Ok(Clock::fixed(now))
    }

    pub(crate) fn fixed(now: Timestamp) -> Clock {
        Clock {
            now,
            today: now.to_zoned(TimeZone::UTC).date(),
        }
    }
}

/// The system's time zone. Without `TZ`, read straight from /etc/localtime: asking
/// jiff for the system zone first indexes the whole zoneinfo folder, most of the time
/// of rendering one agreement.
fn local_zone() -> TimeZone {
    if std::env::var_os("TZ").is_none() {
        if let Ok(bytes) = std::fs::read("/etc/localtime") {
            if let Ok(tz) = TimeZone::tzif("Local", &bytes) {
                return tz;
            }
        }
    }
    TimeZone::system()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_fixes_the_date() {
        let c = Clock::from_epoch("1795000000").unwrap();
        assert_eq!(c.today, jiff::civil::date(2026, 11, 18));
        assert_eq!(c.now.as_second(), 1_795_000_000);
    }

    #[test]
    fn a_bad_epoch_names_the_variable() {
        for v in ["soon", "1.5", "99999999999999999999"] {
            let e = Clock::from_epoch(v).unwrap_err().to_string();
            assert!(e.contains("SOURCE_DATE_EPOCH"), "{e}");
        }
    }
}
