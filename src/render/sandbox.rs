//! What a custom template may not do, since a template folder may come from anyone: read
//! the machine (`get_env`), recurse (a macro that calls itself overflows tera's stack
//! and aborts the process), loop or write without end. Each limit is far beyond what any
//! agreement needs, and each refusal names the template and, where it can, the line.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;

use tera::{Tera, Value};

use super::pieces::{pieces, Piece};
use crate::error::{Error, Result};

/// The most items one document's `range` calls make, all together: nested loops
/// multiply, so the budget is for the whole document, not for each call.
const MAX_ITEMS: i64 = 10_000;
/// The most bytes one document may write: a long agreement is 50 KB.
pub(super) const MAX_OUTPUT: usize = 16 << 20;

thread_local! {
    /// Items `range` may still make in the document this thread is rendering.
    static ITEMS_LEFT: Cell<i64> = const { Cell::new(MAX_ITEMS) };
}

/// The functions a template may call, bounded: `range` within the document's budget,
/// `get_env` refused.
pub(super) fn register(tera: &mut Tera) {
    tera.register_function("get_env", |_: &HashMap<String, Value>| {
        Err(tera::Error::msg(
            "get_env is not available: templates do not read the environment",
        ))
    });
    tera.register_function("range", bounded_range);
}

/// Render `name` with `ctx`, within the budget and [`MAX_OUTPUT`]: a fresh budget for
/// each document. A custom template (`watched`) also has [`MAX_TIME`] to do it in.
pub(super) fn render(
    tera: &Tera,
    name: &str,
    ctx: &tera::Context,
    watched: bool,
) -> tera::Result<String> {
    ITEMS_LEFT.with(|c| c.set(MAX_ITEMS));
    let mut out = Bounded(Vec::with_capacity(64 << 10));
    let _watch = watched.then(|| Watch::start(name));
    tera.render_to(name, ctx, &mut out)?;
    String::from_utf8(out.0).map_err(|_| tera::Error::msg("the output is not UTF-8"))
}

/// The longest a custom template may take over one document: one takes a millisecond.
pub(super) const MAX_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// The documents being rendered with custom templates, by thread: when each began.
/// tera cannot be stopped inside a loop that makes no output, so a watchdog thread ends
/// the run, saying which template, when one takes longer than [`MAX_TIME`]: a loop over
/// a template's own long text, three deep, would otherwise run for hours.
static WATCHED: std::sync::Mutex<Vec<(std::thread::ThreadId, std::time::Instant, String)>> =
    std::sync::Mutex::new(Vec::new());

/// One document under watch, until dropped.
struct Watch;

impl Watch {
    fn start(name: &str) -> Watch {
        static DOG: std::sync::Once = std::sync::Once::new();
        DOG.call_once(|| {
            std::thread::spawn(watchdog);
        });
        let me = std::thread::current().id();
        let mut w = WATCHED.lock().unwrap_or_else(|e| e.into_inner());
        w.push((me, std::time::Instant::now(), name.to_string()));
        Watch
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let me = std::thread::current().id();
        let mut w = WATCHED.lock().unwrap_or_else(|e| e.into_inner());
        w.retain(|(t, _, _)| *t != me);
    }
}

fn watchdog() {
    loop {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let w = WATCHED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, name)) = w.iter().find(|(_, at, _)| at.elapsed() > MAX_TIME) {
            eprintln!(
                "error: template `{name}` took more than {} s over one agreement, so mentorpact stopped (a loop that does not end?). Files already written are whole; nothing was half-written.",
                MAX_TIME.as_secs()
            );
            std::process::exit(crate::error::Exit::Invalid.code());
        }
    }
}

/// Output that refuses to grow past [`MAX_OUTPUT`].
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT {
            return Err(std::io::Error::other(format!(
                "the document would be longer than {} MiB; a template may not write more",
                MAX_OUTPUT >> 20
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The argument [`mark_ranges`] gives each `range` call of a custom template: where
/// the call is, since tera's errors while rendering carry no line.
const AT: &str = "__written_at";

/// `src` (the custom template `file`) with each `range(` call given its file and line
/// as an extra argument, so that a range over budget that only shows while rendering
/// (made from a variable) is refused naming where it is written. Adds no line.
pub(super) fn mark_ranges(src: &str, file: &str) -> String {
    let file: String = file.chars().filter(|c| !"\"'`".contains(*c)).collect();
    let mut out = String::with_capacity(src.len());
    for (at, piece) in pieces(src) {
        let (whole, inner) = match piece {
            Piece::Tag { whole, kind, inner } if kind != '#' => (whole, inner),
            Piece::Tag { whole, .. } | Piece::Text(whole) => {
                out.push_str(whole);
                continue;
            }
        };
        // After `{{` or `{%`.
        let open = 2;
        out.push_str(&whole[..open]);
        let mut quote: Option<char> = None;
        for (i, c) in inner.char_indices() {
            out.push(c);
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if "\"'`".contains(c) => quote = Some(c),
                None if c == '(' && inner[..i].ends_with("range") => {
                    let before = inner[..i - "range".len()].chars().next_back();
                    if !before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
                        let empty = inner[i + 1..].trim_start().starts_with(')');
                        let comma = if empty { "" } else { ", " };
                        let line = src[..at + open + i].matches('\n').count() + 1;
                        out.push_str(&format!("{AT}=\"{file} line {line}\"{comma}"));
                    }
                }
                None => {}
            }
        }
        out.push_str(&whole[open + inner.len()..]);
    }
    out
}

/// A message of [`bounded_range`] that says where its call is written: that file, and
/// "line N: " with the rest; `None` for any other message.
pub(super) fn written_at(message: &str) -> Option<(String, String)> {
    message.match_indices(" line ").find_map(|(i, _)| {
        let after = &message[i + " line ".len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let rest = after[digits..].strip_prefix(": ")?;
        (digits > 0 && rest.starts_with("range")).then(|| {
            let line = &after[..digits];
            (message[..i].to_string(), format!("line {line}: {rest}"))
        })
    })
}

/// tera's `range(end, start=0, step_by=1)`, within the document's budget of items.
fn bounded_range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let at = args
        .get(AT)
        .and_then(Value::as_str)
        .map_or(String::new(), |w| format!("{w}: "));
    let number = |key: &str, default: Option<i64>| -> tera::Result<i64> {
        match args.get(key) {
            Some(v) => v
                .as_i64()
                .ok_or_else(|| tera::Error::msg(format!("range: `{key}` must be a whole number"))),
            None => default.ok_or_else(|| tera::Error::msg("range needs `end`")),
        }
    };
    let (start, end, step) = (
        number("start", Some(0))?,
        number("end", None)?,
        number("step_by", Some(1))?,
    );
    if step <= 0 {
        return Err(tera::Error::msg("range: `step_by` must be above 0"));
    }
    let count = end.saturating_sub(start).max(0).saturating_add(step - 1) / step;
    let left = ITEMS_LEFT.with(|c| c.get());
    if count > left {
        return Err(tera::Error::msg(format!(
            "{at}range would make {count} items; a document's ranges may make at most {MAX_ITEMS} in all"
        )));
    }
    ITEMS_LEFT.with(|c| c.set(left - count));
    Ok(Value::Array(
        (0..count).map(|i| Value::from(start + i * step)).collect(),
    ))
}

/// What can be seen to break the sandbox before anything is rendered, refused with the
/// template's file and line (tera's errors while rendering carry no line): a call of
/// `get_env`, or a `range` whose literal `end` is over the budget. What only shows while
/// rendering (a range made from a variable) is still refused then.
pub(super) fn check_calls(files: &[(String, String, Option<PathBuf>)]) -> Result<()> {
    for (_, src, file) in files {
        let Some(file) = file else { continue };
        for (at, piece) in pieces(src) {
            let Piece::Tag { kind, inner, .. } = piece else {
                continue;
            };
            if kind == '#' {
                continue;
            }
            let line = src[..at].matches('\n').count() + 1;
            let refuse = |message: String| Error::Template {
                name: crate::error::shown(file).to_string(),
                message: format!("line {line}: {message}"),
            };
            if inner.contains("get_env(") {
                return Err(refuse(
                    "get_env is not available: templates do not read the environment".into(),
                ));
            }
            if let Some(end) = literal_range_end(inner) {
                if end > MAX_ITEMS {
                    return Err(refuse(format!(
                        "range would make {end} items; a document's ranges may make at most {MAX_ITEMS} in all"
                    )));
                }
            }
        }
    }
    Ok(())
}

/// The `end` of a `range(end=N …)` call written with a number, if the tag has one.
fn literal_range_end(inner: &str) -> Option<i64> {
    let at = inner.find("range(")?;
    let args = &inner[at + "range(".len()..];
    let args = &args[..args.find(')')?];
    args.split(',').find_map(|a| {
        let (k, v) = a.split_once('=')?;
        (k.trim() == "end").then(|| v.trim().parse().ok())?
    })
}

/// A macro that calls itself, directly or through other macros, is refused before tera
/// sees it, naming the template and the line of the call that closes the circle.
pub(super) fn check_recursion(files: &[(String, String, Option<PathBuf>)]) -> Result<()> {
    // Each macro by name, with the macros it calls and where.
    let mut calls: HashMap<String, Vec<(String, usize, usize)>> = HashMap::new();
    for (f, (_, src, _)) in files.iter().enumerate() {
        let mut current: Option<String> = None;
        for (at, piece) in pieces(src) {
            let Piece::Tag { kind, inner, .. } = piece else {
                continue;
            };
            let words = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
            if kind == '%' && words.starts_with("macro ") {
                let name = words["macro ".len()..].split('(').next().unwrap_or("");
                current = Some(name.trim().to_string());
                calls.entry(name.trim().to_string()).or_default();
            } else if kind == '%' && words.starts_with("endmacro") {
                current = None;
            } else if let (Some(m), true) = (&current, kind != '#') {
                for callee in called(inner) {
                    calls.entry(m.clone()).or_default().push((callee, f, at));
                }
            }
        }
    }
    for start in calls.keys() {
        // Depth first from `start`: reaching it again is a circle.
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start.as_str(), vec![start.as_str()])];
        let mut seen = std::collections::HashSet::new();
        while let Some((m, path)) = stack.pop() {
            for (callee, f, at) in calls.get(m).into_iter().flatten() {
                if callee == start {
                    let (_, src, file) = &files[*f];
                    let line = src[..*at].matches('\n').count() + 1;
                    let mut path = path.clone();
                    path.push(callee);
                    return Err(Error::Template {
                        name: file.as_ref().map_or(files[*f].0.clone(), |p| {
                            crate::error::shown(p).to_string()
                        }),
                        message: format!(
                            "line {line}: macro `{start}` calls itself ({}); templates may not recurse",
                            path.join(" → ")
                        ),
                    });
                }
                if seen.insert(callee.as_str()) {
                    let mut next = path.clone();
                    next.push(callee);
                    stack.push((callee, next));
                }
            }
        }
    }
    Ok(())
}

/// The macros a tag calls: each `namespace::name(`.
fn called(inner: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = inner;
    while let Some(i) = rest.find("::") {
        let after = &rest[i + 2..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if after[name.len()..].trim_start().starts_with('(') && !name.is_empty() {
            out.push(name.clone());
        }
        rest = &after[name.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, src: &str) -> (String, String, Option<PathBuf>) {
        (name.into(), src.into(), Some(PathBuf::from(name)))
    }

    #[test]
    fn a_macro_calling_itself_through_another_is_refused_with_its_line() {
        let src = "{% macro a(n) %}{{ self::b(n=n) }}{% endmacro a %}\n\
                   {% macro b(n) %}\n{{ self::a(n=n) }}{% endmacro b %}";
        let e = check_recursion(&[file("m.md", src)])
            .unwrap_err()
            .to_string();
        assert!(e.contains("m.md") && e.contains("calls itself"), "{e}");
        assert!(e.contains("line 3") || e.contains("line 1"), "{e}");
        let fine = "{% macro a(n) %}{{ n }}{% endmacro a %}{% macro b() %}{{ self::a(n=1) }}{% endmacro b %}";
        assert!(check_recursion(&[file("m.md", fine)]).is_ok());
    }

    #[test]
    fn nested_ranges_share_one_budget() {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template(
            "t",
            "{% for i in range(end=200) %}{% for j in range(end=200) %}{% endfor %}{% endfor %}",
        )
        .unwrap();
        let e = render(&tera, "t", &tera::Context::new(), false).unwrap_err();
        let all = format!("{e:?}");
        assert!(all.contains("at most 10000 in all"), "{all}");
        // The budget is each document's: the next one starts afresh.
        tera.add_raw_template("u", "{% for i in range(end=9000) %}{% endfor %}")
            .unwrap();
        assert!(render(&tera, "u", &tera::Context::new(), false).is_ok());
        assert!(render(&tera, "u", &tera::Context::new(), false).is_ok());
    }

    #[test]
    fn range_calls_are_told_where_they_are_written() {
        let src =
            "a\n{% for i in range(end=n) %}{{ range( ) }}{{ \"range(\" }}{{ my_range(end=1) }}";
        let marked = mark_ranges(src, "t/x.md");
        assert_eq!(
            marked,
            "a\n{% for i in range(__written_at=\"t/x.md line 2\", end=n) %}{{ range(__written_at=\"t/x.md line 2\" ) }}{{ \"range(\" }}{{ my_range(end=1) }}"
        );
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template(
            "t",
            &mark_ranges("\n\n{% for i in range(end=n) %}{% endfor %}", "x.md"),
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("n", &20_000);
        let e = format!("{:?}", render(&tera, "t", &ctx, false).unwrap_err());
        assert!(
            e.contains("x.md line 3: range would make 20000 items"),
            "{e}"
        );
    }

    #[test]
    fn output_is_bounded() {
        let mut tera = Tera::default();
        register(&mut tera);
        // 3,000 rounds of 60 copies of 100 bytes: 18 MB, past the limit.
        let word = "x".repeat(3000);
        let line = "y".repeat(100);
        let body = "{{ s }}".repeat(60);
        tera.add_raw_template(
            "t",
            &format!("{{% set s = \"{line}\" %}}{{% set w = \"{word}\" | split(pat=\"x\") %}}{{% for i in w %}}{body}{{% endfor %}}"),
        )
        .unwrap();
        let e = render(&tera, "t", &tera::Context::new(), false).unwrap_err();
        assert!(format!("{e:?}").contains("longer than 16 MiB"), "{e:?}");
    }
}
