//! One document in two languages (`cy+en`): each block of the first language's text
//! followed by the same block in the second, marked with its language so that the PDF
//! tags it (`<div lang="en-GB">`, which Markdown readers keep too). A block is what comes
//! before the first section, then each section. Both parties sign once: the second
//! language's signature section gives its words, not a second set of signature lines.

use crate::model::Agreement;

/// The agreement in its second language (`second`, checked from the same answers), with
/// what was added after checking (the cohort's holidays and paper, the confirmations)
/// taken from the first, so the two halves say the same.
pub(super) fn second_half(first: &Agreement, second: &Agreement) -> Agreement {
    let mut a = second.clone();
    a.meetings = first.meetings.clone();
    a.pdf = first.pdf.clone();
    a.confirmations = first.confirmations.clone();
    a
}

const PARTIES: &str = "<!-- party ";
const KEEP: &str = "<!-- keep-together -->";
const KEPT: &str = "<!-- /keep-together -->";
const PARTIES_END: &str = "<!-- /parties -->";

/// `first` and `second` (tagged `tag`), block by block. When their blocks do not pair up
/// (a custom template of one language only), the whole second text follows the first.
pub(super) fn interleave(first: &str, second: &str, tag: &str) -> String {
    let (a, b) = (blocks(first), blocks(second));
    let tagged = |text: &str| tagged(text, tag);
    if a.len() != b.len() {
        return format!("{}\n\n{}", first.trim_end(), tagged(second))
            .trim_end()
            .to_string()
            + "\n";
    }
    let mut out = String::with_capacity(first.len() + second.len() + 256);
    for (x, y) in a.iter().zip(&b) {
        match x.find(PARTIES) {
            // The signature section: both languages' words, then the one set of lines.
            Some(at) => {
                let (words, lines) = y.split_at(y.find(PARTIES).unwrap_or(y.len()));
                let words = words.replace(KEEP, "").replace(KEPT, "");
                out.push_str(x[..at].trim_end());
                out.push_str("\n\n");
                out.push_str(&tagged(&words));
                out.push_str(&both_labels(&x[at..], lines, tag));
                out.push_str("\n\n");
            }
            None => {
                out.push_str(x.trim_end());
                out.push_str("\n\n");
                out.push_str(&tagged(y));
            }
        }
    }
    out.trim_end().to_string() + "\n"
}

/// `text` marked as being in `tag`'s language, as a block of its own.
fn tagged(text: &str, tag: &str) -> String {
    format!("<div lang=\"{tag}\">\n\n{}\n\n</div>\n\n", text.trim())
}

/// A form (a review record) in two languages: as [`interleave`], but only the first
/// language's copy has boxes to tick and lines to write on. The second's reads them as
/// words ("Progress now: not started / under way / met / changed"), so that a pair
/// fills in one set of fields, on screen and on paper, and cannot tick both "met" and
/// "ar y gweill".
pub(super) fn interleave_form(first: &str, second: &str, tag: &str) -> String {
    interleave(first, &without_blanks(second), tag)
}

/// `md` with its boxes ("□ a □ b" → "a / b") and its lines to write on (runs of four
/// or more underscores; a person's underscores reach the Markdown escaped) taken out.
fn without_blanks(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let line = match line.split_once('□') {
            Some((lead, options)) => {
                let options: Vec<&str> = options.split('□').map(str::trim).collect();
                format!("{lead}{}", options.join(" / "))
            }
            None => line.to_string(),
        };
        out.push_str(&without_lines(&line));
        out.push('\n');
    }
    out
}

/// `line` without its runs of four or more unescaped underscores (and the space before).
fn without_lines(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut run = 0;
    let mut escaped = false;
    while let Some(c) = chars.next() {
        if c == '_' && !escaped {
            run += 1;
            if chars.peek() != Some(&'_') {
                if run < 4 {
                    out.push_str(&"_".repeat(run));
                } else {
                    out.truncate(out.trim_end().len());
                }
                run = 0;
            }
            continue;
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

/// The signature lines with both languages' labels ("Llofnod / Signature: ____"), line
/// by line, where the two have the same lines; the first language's alone otherwise.
/// The confirmations under them ("Cadarnhawyd gan …") are sentences, not labels: the
/// second language's follow the first's, tagged (`tag`).
fn both_labels(first: &str, second: &str, tag: &str) -> String {
    let (first, confirmed) = after_parties(first);
    let (second, confirmed_too) = after_parties(second);
    let mut out = joined_labels(first, second, tag);
    out.push_str(confirmed.trim_end().trim_end_matches(KEPT).trim_end());
    let theirs: Vec<&str> = confirmed_too
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("<!--"))
        .collect();
    if !theirs.is_empty() {
        out.push_str("\n\n");
        out.push_str(tagged(&theirs.join("\n\n"), tag).trim_end());
    }
    if confirmed.trim_end().ends_with(KEPT) {
        out.push('\n');
        out.push_str(KEPT);
    }
    out
}

/// `text` cut after its `<!-- /parties -->` line: the lines, and what follows them.
fn after_parties(text: &str) -> (&str, &str) {
    match text.find(PARTIES_END) {
        Some(at) => text.split_at(at + PARTIES_END.len()),
        None => (text, ""),
    }
}

/// Line by line, "Llofnod: ____" and "Signature: ____" as "Llofnod / Signature: ____",
/// the second label marked as its language (`<span lang>`, which the PDF tags).
fn joined_labels(first: &str, second: &str, tag: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (first.lines().collect(), second.lines().collect());
    if a.len() != b.len() {
        return first.trim_end().to_string();
    }
    let joined: Vec<String> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| match (x.split_once(':'), y.split_once(':')) {
            (Some((lx, rest)), Some((ly, rest2))) if rest == rest2 && lx != ly => {
                let ly = ly.trim_start_matches('*');
                format!("{lx} / <span lang=\"{tag}\">{ly}</span>:{rest}")
            }
            _ => x.to_string(),
        })
        .collect();
    joined.join("\n").trim_end().to_string()
}

/// The text before the first section, then each section from its heading (with the
/// comment lines just above it, such as `<!-- keep-together -->`).
fn blocks(md: &str) -> Vec<String> {
    let lines: Vec<&str> = md.lines().collect();
    let mut starts = vec![0];
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("## ") {
            let mut s = i;
            while s > 0 && lines[s - 1].starts_with("<!--") {
                s -= 1;
            }
            if s > *starts.last().unwrap_or(&0) {
                starts.push(s);
            }
        }
    }
    starts.push(lines.len());
    starts
        .windows(2)
        .map(|w| lines[w[0]..w[1]].join("\n"))
        .filter(|b| !b.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_block_is_followed_by_its_translation() {
        let cy = "# Teitl\n\nIntro\n\n## 1. Nodau\n\nNod\n\n<!-- keep-together -->\n## 2. Llofnodion\n\nDrwy lofnodi\n\n<!-- party mentee -->\n**Mentorai:** Z\n<!-- /keep-together -->\n";
        let en = "# Title\n\nIntro\n\n## 1. Goals\n\nGoal\n\n<!-- keep-together -->\n## 2. Signatures\n\nBy signing\n\n<!-- party mentee -->\n**Mentee:** Z\n<!-- /keep-together -->\n";
        let out = interleave(cy, en, "en-GB");
        let order: Vec<usize> = [
            "# Teitl",
            "# Title",
            "## 1. Nodau",
            "## 1. Goals",
            "## 2. Llofnodion",
            "By signing",
            "**Mentorai /",
        ]
        .iter()
        .map(|s| out.find(s).unwrap_or_else(|| panic!("{s} in {out}")))
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
        assert!(
            !out.contains("**Mentee:**"),
            "one set of signature lines: {out}"
        );
        assert_eq!(out.matches("<div lang=\"en-GB\">").count(), 3, "{out}");
    }

    #[test]
    fn a_forms_second_language_reads_its_boxes_and_lines_as_words() {
        let cy = "## Nod\n\nCynnydd nawr: □ heb ddechrau □ wedi’i gyflawni\n\nNodiadau: ________\n";
        let en =
            "## Goal\n\nProgress now: □ not started □ met\n\nNotes: ________ and a\\_\\_\\_\\_b\n";
        let out = interleave_form(cy, en, "en-GB");
        assert!(
            out.contains("Cynnydd nawr: □ heb ddechrau □ wedi’i gyflawni"),
            "{out}"
        );
        assert!(out.contains("Nodiadau: ________"), "{out}");
        assert!(out.contains("Progress now: not started / met"), "{out}");
        assert!(
            out.contains("Notes: and a\\_\\_\\_\\_b"),
            "a person's underscores stay: {out}"
        );
        assert_eq!(out.matches('□').count(), 2, "{out}");
    }

    #[test]
    fn confirmations_are_given_in_both_languages_inside_the_signatures() {
        let lines = |label: &str, said: &str| {
            format!("<!-- keep-together -->\n## 2. {label}\n\n<!-- party mentee -->\n**M:** Z\n\n<!-- /parties -->\n\n{said} Z\n<!-- /keep-together -->\n")
        };
        let out = interleave(
            &lines("Llofnodion", "Cadarnhawyd gan"),
            &lines("Signatures", "Confirmed by"),
            "en-GB",
        );
        let at = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} in {out}"));
        assert!(at("Cadarnhawyd gan Z") < at("<div lang=\"en-GB\">\n\nConfirmed by Z"));
        assert!(
            at("Confirmed by Z") < at("<!-- /keep-together -->"),
            "{out}"
        );
        assert_eq!(out.matches("<!-- /keep-together -->").count(), 1, "{out}");
    }
}
