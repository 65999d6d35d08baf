//! The rendered Markdown of every example, snapshot-tested: any change to the wording or
//! layout shows up as a reviewable diff (`cargo insta review`).

use crate::common::*;

fn markdown_files(path: &std::path::Path) -> String {
    let out = tempfile::tempdir().unwrap();
    render(path, out.path(), &["--format", "md", "-q"]).success();
    let mut names = files_in(out.path());
    names.retain(|n| n.ends_with(".md"));
    names
        .iter()
        .map(|n| {
            format!(
                "===== {n}\n{}",
                std::fs::read_to_string(out.path().join(n)).unwrap()
            )
        })
        .collect()
}

#[test]
fn full_agreement() {
    insta::assert_snapshot!(markdown_files(&example("agreement.toml")));
}

#[test]
fn minimal_agreement() {
    insta::assert_snapshot!(markdown_files(&example("minimal.toml")));
}

#[test]
fn cohort() {
    insta::assert_snapshot!(markdown_files(&example("cohort.toml")));
}

#[test]
fn first_tuesday_schedule_with_a_summer_blackout() {
    insta::assert_snapshot!(markdown_files(&fixture("first_tuesday.toml")));
}

#[test]
fn peer_and_reverse_agreements() {
    insta::assert_snapshot!(
        markdown_files(&example("peer.toml")) + &markdown_files(&fixture("reverse.toml"))
    );
}
