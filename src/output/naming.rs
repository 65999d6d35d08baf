//! Safe, unique file names from people's names.

use std::collections::HashSet;

use crate::input::Unit;

/// A file name from people's names: ASCII, lower case, no `/`, `..` or spaces.
pub(crate) fn slug(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    out.truncate(60);
    let out = out.trim_end_matches('-').to_string();
    // Names Windows keeps for devices, whatever the extension: `con.pdf` cannot be made.
    let reserved = matches!(out.as_str(), "con" | "prn" | "aux" | "nul")
        || (out.len() == 4
            && (out.starts_with("com") || out.starts_with("lpt"))
            && out.ends_with(|c: char| ('1'..='9').contains(&c)));
    if reserved {
        format!("{out}-file")
    } else {
        out
    }
}

/// A file name's hash, the same in every run and release. Used where 100,000 names
/// would cost too much memory to keep whole.
pub(crate) fn name_hash(name: &str) -> u64 {
    crate::digest::sha256_u64(name.as_bytes())
}

/// Chooses unique output names within one run. Only a hash of each name is kept, so
/// 100,000 pairs cost little memory; two names with the same hash (about one chance in
/// 10^10 in such a run) would only give one of them a number it did not need.
#[derive(Default)]
pub(crate) struct Names {
    used: HashSet<u64>,
}

impl Names {
    pub(crate) fn claim(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "agreement" } else { base };
        let mut name = base.to_string();
        let mut n = 2;
        while !self.used.insert(name_hash(&name)) {
            name = format!("{base}-{n}");
            n += 1;
        }
        name
    }
}

/// The base name for a unit: the file's stem for a single agreement, the mentee's and
/// mentor's names for a cohort pair.
pub(crate) fn base_name(unit: &Unit<'_>, mentee: Option<&str>, mentor: Option<&str>) -> String {
    match unit.pair {
        None => slug(
            unit.doc
                .path
                .file_stem()
                .map(|s| s.to_string_lossy())
                .as_deref()
                .unwrap_or("agreement"),
        ),
        Some(n) => {
            let people: Vec<String> = [mentee, mentor]
                .into_iter()
                .flatten()
                .map(slug)
                .filter(|s| !s.is_empty())
                .collect();
            if people.is_empty() {
                format!("pair-{n}")
            } else {
                people.join("-and-")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("Zoë Ó'Brien"), "zoe-o-brien");
        assert_eq!(
            slug("Łukasz Żółkiewski-Nørgaard"),
            "lukasz-zolkiewski-norgaard"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("a/b\\c"), "a-b-c");
        assert_eq!(slug("李小龍"), "li-xiao-long");
        assert_eq!(slug("..."), "");
    }

    #[test]
    fn names_are_unique() {
        let mut n = Names::default();
        assert_eq!(n.claim("a-and-b"), "a-and-b");
        assert_eq!(n.claim("a-and-b"), "a-and-b-2");
        assert_eq!(n.claim("a-and-b"), "a-and-b-3");
        assert_eq!(n.claim(""), "agreement");
    }
}
