//! Good-practice defaults (content.md) that are numbers; the default clauses are words,
//! in each language's `locales/*.toml` (`model::words`).

pub(crate) const MONTHS: u32 = 6;
pub(crate) const REVIEW_EVERY_MONTHS: u32 = 3;
pub(crate) const LENGTH_MINUTES: u32 = 60;
pub(crate) const NOTICE_HOURS: u32 = 24;
pub(crate) const CHANNELS: &[&str] = &["email"];
