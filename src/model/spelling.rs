//! British (default) and American spelling of the built-in text, and its typography.
//!
//! The built-in wording is written once, in British English with straight quotes. For
//! `language = "en-US"` the built-in templates and default clauses are passed through a
//! small word list; in both languages apostrophes and quotes become typographic ones.
//! The user's own text is never changed.

use super::choices::Language;

/// British → American, for the words the built-in text uses. Capitalised forms are
/// derived, so list lower case only.
const WORDS: &[(&str, &str)] = &[
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("recognise", "recognize"),
    ("recognising", "recognizing"),
    ("recognised", "recognized"),
    ("behaviour", "behavior"),
    ("judgement", "judgment"),
    ("judgements", "judgments"),
    ("cancelling", "canceling"),
    ("cancelled", "canceled"),
    ("fulfil", "fulfill"),
    ("centre", "center"),
    ("licence", "license"),
    ("summarise", "summarize"),
    ("apologise", "apologize"),
    ("prioritise", "prioritize"),
    ("practise", "practice"),
    ("anonymised", "anonymized"),
    ("fortnightly", "every two weeks"),
    ("counselling", "counseling"),
    ("counsellor", "counselor"),
    ("counsellors", "counselors"),
    ("towards", "toward"),
    ("travelling", "traveling"),
    ("analyse", "analyze"),
    ("organise", "organize"),
    ("organised", "organized"),
    ("realise", "realize"),
    ("emphasise", "emphasize"),
    ("minimise", "minimize"),
    ("whilst", "while"),
    ("amongst", "among"),
    ("learnt", "learned"),
    ("favour", "favor"),
    ("honour", "honor"),
    ("colour", "color"),
    ("labour", "labor"),
    ("defence", "defense"),
    ("modelling", "modeling"),
    ("enrol", "enroll"),
];

/// British → American phrases, where American usage differs in more than spelling.
/// Matched as whole words, before single words are swapped; longer phrases first, and
/// a leading capital is kept.
pub(crate) const PHRASES: &[(&str, &str)] = &[
    (
        "a safeguarding concern about a child or an adult at risk",
        "a concern about protecting a child or vulnerable adult",
    ),
    (
        "safeguarding concerns",
        "concerns about protecting a child or vulnerable adult",
    ),
    ("safeguarding", "protecting a child or vulnerable adult"),
    ("line managers", "managers or supervisors"),
    ("line manager", "manager or supervisor"),
    ("line management", "managing or supervising"),
    ("reporting line", "chain of command"),
    ("appraisals", "performance reviews"),
    ("appraisal", "performance review"),
    ("occupational health", "employee health"),
    ("next working day", "next business day"),
    ("working days", "business days"),
    ("working day", "business day"),
    ("working hours", "business hours"),
    ("bank holidays", "public holidays"),
    ("bank holiday", "public holiday"),
    ("at weekends", "on weekends"),
    ("annual leave", "vacation"),
];

/// Built-in English text in the agreement's English, with typographic quotes. Other
/// languages' text is written with its own quotes and is left as it is.
pub(crate) fn built_in(text: &str, lang: Language) -> String {
    match lang {
        Language::EnGb => typographic(text),
        Language::EnUs => typographic(&americanize(text)),
        _ => text.to_string(),
    }
}

/// Straight quotes to typographic ones: an apostrophe is always ’; a double quote opens
/// (“) at the start or after a space or bracket, else closes (”).
pub(crate) fn typographic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = ' ';
    for c in text.chars() {
        let t = match c {
            '\'' => '’',
            '"' if prev.is_whitespace() || "([{—–".contains(prev) => '“',
            '"' => '”',
            c => c,
        };
        out.push(t);
        prev = c;
    }
    out
}

/// American English: the phrases first, then single words, keeping a leading capital.
pub(crate) fn americanize(text: &str) -> String {
    let mut text = text.to_string();
    for (gb, us) in PHRASES {
        text = replace_phrase(&text, gb, us);
        text = replace_phrase(&text, &capitalized(gb), &capitalized(us));
    }
    words(&text)
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// `from` replaced by `to` wherever it stands as whole words.
fn replace_phrase(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + from.len()..].chars().next();
        let whole =
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic);
        out.push_str(&rest[..i]);
        out.push_str(if whole { to } else { from });
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// Replace whole words from the list, keeping a leading capital.
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            out.push_str(&swap(word));
            word.clear();
        }
    };
    for ch in text.chars() {
        if ch.is_alphabetic() {
            word.push(ch);
        } else {
            flush(&mut word, &mut out);
            out.push(ch);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn swap(word: &str) -> String {
    let lower = word.to_lowercase();
    let Some((_, us)) = WORDS.iter().find(|(gb, _)| *gb == lower) else {
        return word.to_string();
    };
    if word.chars().next().is_some_and(char::is_uppercase) {
        let mut c = us.chars();
        c.next()
            .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
    } else {
        us.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_capitals() {
        assert_eq!(
            americanize("The Programme's organisation, recognised."),
            "The Program's organization, recognized."
        );
    }

    #[test]
    fn phrases_are_american_not_only_words() {
        assert_eq!(
            americanize("Line management: ask their line manager, HR or occupational health on the next working day."),
            "Managing or supervising: ask their manager or supervisor, HR or employee health on the next business day."
        );
        // Whole words only.
        assert_eq!(americanize("hardworking days"), "hardworking days");
    }

    #[test]
    fn quotes_become_typographic() {
        assert_eq!(
            typographic("the mentee's \"own\" goals (\"x\")"),
            "the mentee’s “own” goals (“x”)"
        );
    }
}
