//! British (default) and American spelling of the built-in text.
//!
//! The built-in wording is written once, in British English. For `language = "en-US"`
//! the built-in templates and default clauses are passed through a small word list.
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
];

/// A default clause in the agreement's language.
pub fn built_in(text: &str, lang: Language) -> String {
    match lang {
        Language::EnGb => text.to_string(),
        Language::EnUs => americanize(text),
    }
}

/// Replace whole words from the list, keeping a leading capital.
pub fn americanize(text: &str) -> String {
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

/// Americanize the text of a tera template, leaving `{{ … }}`, `{% … %}` and `{# … #}`
/// alone (they name variables such as `programme`).
pub fn americanize_template(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(open) = ["{{", "{%", "{#"].iter().filter_map(|t| rest.find(t)).min() {
        out.push_str(&americanize(&rest[..open]));
        let close = match &rest[open..open + 2] {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let end = rest[open..]
            .find(close)
            .map_or(rest.len(), |i| open + i + 2);
        out.push_str(&rest[open..end]);
        rest = &rest[end..];
    }
    out.push_str(&americanize(rest));
    out
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
    fn template_tags_are_left_alone() {
        let t = "Our programme: {{ programme.name }} {% if programme %}organisation{% endif %}";
        assert_eq!(
            americanize_template(t),
            "Our program: {{ programme.name }} {% if programme %}organization{% endif %}"
        );
    }
}
