//! The filters and functions the templates have beyond tera's own, each writing in the
//! language of the set it is registered for: dates, lists of words and plurals.

use std::collections::HashMap;

use jiff::civil::Date;
use tera::{Tera, Value};

use super::escape_markdown;
use crate::model::{Choice, Language};

/// Registers `long_date`, `join_words` and `plural` on `tera`, compiled for `lang`.
pub(super) fn register(tera: &mut Tera, lang: Language) {
    tera.register_filter("long_date", long_date);
    tera.register_filter(
        "join_words",
        move |v: &Value, _: &HashMap<String, Value>| join_words(v, lang),
    );
    tera.register_function("plural", move |args: &HashMap<String, Value>| {
        plural(args, lang)
    });
}

/// `{{ d | long_date(lang=language) }}` → "1 December 2026" (en-GB), "December 1, 2026"
/// (en-US), "5 avril 2027" (fr); `weekday=true` writes the day of the week too.
fn long_date(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let s = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("long_date expects a date"))?;
    let d: Date = s
        .parse()
        .map_err(|e| tera::Error::msg(format!("long_date: {e}")))?;
    let lang = args
        .get("lang")
        .and_then(Value::as_str)
        .and_then(Language::parse)
        .unwrap_or_default();
    let weekday = args
        .get("weekday")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok(Value::String(if weekday {
        lang.day(d)
    } else {
        lang.date(d)
    }))
}

/// `["email", "Teams chat", "phone"] | join_words` → "email, Teams chat and phone", with
/// the language's word for "and".
fn join_words(value: &Value, lang: Language) -> tera::Result<Value> {
    let items: Vec<String> = value
        .as_array()
        .ok_or_else(|| tera::Error::msg("join_words expects a list"))?
        .iter()
        .map(|v| escape_markdown(v.as_str().unwrap_or_default()))
        .collect();
    let and = &lang.words().contact.and;
    let s = match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} {and} {}", items[..n - 1].join(", "), items[n - 1]),
    };
    Ok(Value::String(s))
}

/// `plural(n=duration.months, one="{n} month", other="{n} months")`: the form of the
/// language's CLDR category for `n` (Welsh has zero, one, two, few, many and other), or
/// `other` when the template gives no form for it; `{n}` is the number. The forms are
/// the translation's own words, mutations and all: nothing is derived.
fn plural(args: &HashMap<String, Value>, lang: Language) -> tera::Result<Value> {
    let n = args
        .get("n")
        .and_then(Value::as_u64)
        .ok_or_else(|| tera::Error::msg("plural needs n, a whole number"))?;
    let form = args
        .get(lang.plural_category(n))
        .or_else(|| args.get("other"))
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg("plural needs at least an `other` form"))?;
    Ok(Value::String(form.replace("{n}", &n.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(n: u64) -> HashMap<String, Value> {
        [
            ("n", Value::from(n)),
            ("one", "{n} mis".into()),
            ("two", "{n} fis".into()),
            ("other", "{n} mis".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    #[test]
    fn plurals_follow_the_language() {
        let cy = |n| plural(&forms(n), Language::Cy).unwrap();
        assert_eq!(cy(2), "2 fis");
        assert_eq!(cy(3), "3 mis");
        assert_eq!(plural(&forms(2), Language::EnGb).unwrap(), "2 mis");
    }
}
