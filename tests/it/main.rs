//! The integration tests, as one test binary: each module below was once a binary of
//! its own, and linking eleven copies of mentorpact and its dependencies cost more than
//! running the tests. New test files go here as modules (`mod name;`), not at the top of
//! `tests/`, where cargo would build each as another binary.
//!
//! The tests that read output back with independent tools need `./scripts/setup-tests`
//! (`./scripts/test` runs it first); without those tools they fail and say so.

mod common;

mod calendar_and_schema;
mod cli;
mod cohort;
mod dates;
mod docs;
mod hardening;
mod holidays;
mod interview;
mod interview_runs;
mod kept_in_step;
mod languages;
mod lifecycle;
mod pdf;
mod reading;
mod roster;
mod roster_sheets;
mod signing;
mod snapshots;
mod standards;
mod trust;
mod wording;
