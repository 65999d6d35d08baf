//! Template files: the user's folder walked safely (links that leave the folder are
//! refused, loops are noticed), includes checked for cycles before tera sees them (tera
//! would overflow its stack), and all templates compiled together, so an `import` finds
//! its macros whatever the order of the files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tera::Tera;

use super::pieces::{pieces, Piece};
use super::{escape_markdown, template_error};
use crate::error::{Error, Result};
use crate::model::{spelling, Language};

/// Deeper than this, an include chain is surely a mistake.
const MAX_INCLUDE_DEPTH: usize = 16;

pub(super) fn read_user_templates(dir: &Path) -> Result<Vec<(String, String, PathBuf)>> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "template folder {} does not exist",
            crate::error::shown(dir)
        )));
    }
    let root = dir
        .canonicalize()
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", crate::error::shown(dir))))?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        // A folder reached twice (through a link) would be walked forever.
        let real = d.canonicalize().unwrap_or_else(|_| d.clone());
        if !seen.insert(real) {
            continue;
        }
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", crate::error::shown(&d))))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            if is_link {
                let target = path.canonicalize().map_err(|e| Error::Template {
                    name: crate::error::shown(&path).to_string(),
                    message: format!("a link that leads nowhere ({e})"),
                })?;
                if !target.starts_with(&root) {
                    return Err(Error::Template {
                        name: crate::error::shown(&path).to_string(),
                        message: format!(
                            "links to {}, outside the template folder; copy the file in instead",
                            crate::error::shown(&target)
                        ),
                    });
                }
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "md") {
                let name = path
                    .strip_prefix(dir)
                    .expect("walked from dir")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if let Err(d) = crate::limits::admit(&path) {
                    return Err(Error::Invalid(vec![*d]));
                }
                let src = crate::limits::read_text(&path).map_err(|e| Error::Template {
                    name: crate::error::shown(&path).to_string(),
                    message: format!("cannot read: {e}"),
                })?;
                out.push((name, src, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A built-in template in `lang`: its words respelled and its quotes made typographic,
/// its tags left alone (they name variables such as `programme` and hold string
/// literals).
pub(super) fn respell(src: &str, lang: Language) -> String {
    let mut out = String::with_capacity(src.len());
    for (_, piece) in pieces(src) {
        match piece {
            Piece::Text(t) => out.push_str(&spelling::built_in(t, lang)),
            Piece::Tag { whole, .. } => out.push_str(whole),
        }
    }
    out
}

/// The templates `src` includes, imports or extends.
fn references(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (_, piece) in pieces(src) {
        let Piece::Tag {
            kind: '%', inner, ..
        } = piece
        else {
            continue;
        };
        let tag = inner.trim_start_matches(['-', ' ']).trim_start();
        for kw in ["include", "import", "extends"] {
            if let Some(args) = tag.strip_prefix(kw) {
                let args = args.trim_start();
                if let Some(q) = args.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    if let Some(name) = args[1..].split(q).next() {
                        out.push(name.to_string());
                    }
                }
            }
        }
    }
    out
}

/// The files `main` includes, imports or extends, directly or through others, and
/// `main` itself: all a document needs compiled. The rest are left out, not checked.
pub(super) fn reachable(
    files: Vec<(String, String, Option<PathBuf>)>,
    main: &str,
) -> Vec<(String, String, Option<PathBuf>)> {
    let mut wanted: HashSet<String> = HashSet::new();
    let mut queue = vec![main.to_string()];
    while let Some(name) = queue.pop() {
        if let Some((_, src, _)) = files.iter().find(|f| f.0 == name) {
            if wanted.insert(name) {
                queue.extend(references(src));
            }
        }
    }
    files
        .into_iter()
        .filter(|f| wanted.contains(&f.0))
        .collect()
}

/// Deeper than this, blocks in blocks or brackets in brackets are surely a mistake, and
/// tera's parser, which recurses, could run out of stack before it says so.
const MAX_NESTING: usize = 64;

/// A user's template nested deeper than [`MAX_NESTING`] is an error naming its line.
fn check_nesting(src: &str) -> std::result::Result<(), String> {
    let too_deep = |at: usize, what: &str| {
        let line = src[..at].matches('\n').count() + 1;
        Err(format!(
            "line {line}: {what} nested more than {MAX_NESTING} deep"
        ))
    };
    let mut blocks = 0usize;
    for (start, piece) in pieces(src) {
        let (kind, inner) = match piece {
            Piece::Tag { kind, inner, .. } if kind != '#' => (kind, inner),
            _ => continue,
        };
        let (mut depth, mut quote) = (0usize, None);
        for c in inner.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'' | '`') => quote = Some(c),
                (None, '(' | '[' | '{') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return too_deep(start, "brackets");
                    }
                }
                (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if kind == '%' {
            let word = inner.trim_start_matches('-').split_whitespace().next();
            match word.unwrap_or("") {
                "if" | "for" | "macro" | "block" | "filter" => {
                    blocks += 1;
                    if blocks > MAX_NESTING {
                        return too_deep(start, "blocks");
                    }
                }
                w if w.starts_with("end") => blocks = blocks.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(())
}

/// A template that includes itself, directly or through others, or a chain of includes
/// deeper than anyone writes on purpose, is an error naming the templates.
fn check_includes(files: &[(String, String, Option<PathBuf>)]) -> Result<()> {
    let graph: HashMap<&str, Vec<String>> = files
        .iter()
        .map(|(n, src, _)| (n.as_str(), references(src)))
        .collect();
    fn walk<'a>(
        graph: &'a HashMap<&str, Vec<String>>,
        name: &'a str,
        path: &mut Vec<&'a str>,
    ) -> std::result::Result<(), String> {
        if path.contains(&name) {
            path.push(name);
            return Err(format!("includes itself: {}", path.join(" → ")));
        }
        if path.len() >= MAX_INCLUDE_DEPTH {
            return Err(format!(
                "includes are nested more than {MAX_INCLUDE_DEPTH} deep: {} → …",
                path.join(" → ")
            ));
        }
        path.push(name);
        for next in graph.get(name).into_iter().flatten() {
            walk(graph, next, path)?;
        }
        path.pop();
        Ok(())
    }
    for (name, _, file) in files {
        walk(&graph, name, &mut Vec::new()).map_err(|message| Error::Template {
            name: file
                .as_ref()
                .map_or(name.clone(), |p| crate::error::shown(p).to_string()),
            message,
        })?;
    }
    Ok(())
}

/// Compile `files` for `lang`: the built-ins (no path) respelled for the language, the
/// user's as written. tera parses them all; this happens once per process, language and
/// document, so a cohort pays for it once.
pub(super) fn compile(
    files: Vec<(String, String, Option<PathBuf>)>,
    lang: Language,
) -> Result<Tera> {
    check_includes(&files)?;
    super::sandbox::check_recursion(&files)?;
    super::sandbox::check_calls(&files)?;
    for (name, src, path) in &files {
        if let Some(path) = path {
            check_nesting(src).map_err(|message| Error::Template {
                name: crate::error::shown(path).to_string(),
                message,
            })?;
        } else {
            debug_assert!(check_nesting(src).is_ok(), "{name}");
        }
    }
    let (own, user): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| f.2.is_none());
    let user: Vec<_> = user
        .into_iter()
        .map(|(name, src, path)| {
            let shown = path
                .as_ref()
                .map_or(name.clone(), |p| crate::error::shown(p).to_string());
            (name, super::sandbox::mark_ranges(&src, &shown), path)
        })
        .collect();
    let own: Vec<(String, String)> = own
        .into_iter()
        .map(|(name, src, _)| (name, respell(&src, lang)))
        .collect();
    let seeded = || {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_markdown);
        super::filters::register(&mut tera, lang);
        // A template may not read the machine, nor make a list to exhaust it.
        super::sandbox::register(&mut tera);
        tera
    };
    // All at once, so that imports resolve whatever the order of the files.
    let all = || {
        let own = own.iter().map(|(n, s)| (n.as_str(), s.as_str()));
        own.chain(user.iter().map(|(n, s, _)| (n.as_str(), s.as_str())))
    };
    let mut tera = seeded();
    if tera.add_raw_templates(all()).is_ok() {
        return Ok(tera);
    }
    // Something of the user's does not parse: compile one at a time to name the file and
    // line. The built-ins always parse, so they go in first, together.
    let mut alone = seeded();
    alone
        .add_raw_templates(own.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .unwrap_or_else(|e| panic!("the built-in templates parse: {e}"));
    for (name, src, path) in &user {
        alone.add_raw_template(name, src).map_err(|e| {
            let shown = path
                .as_ref()
                .map_or(name.clone(), |p| crate::error::shown(p).to_string());
            template_error(&shown, &e)
        })?;
    }
    // Each file parses alone: the problem is between them (an import of a missing file).
    seeded()
        .add_raw_templates(all())
        .map_err(|e| template_error("templates", &e))?;
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, src: &str) -> (String, String, Option<PathBuf>) {
        (name.to_string(), src.to_string(), Some(PathBuf::from(name)))
    }

    #[test]
    fn a_template_that_includes_itself_is_named() {
        let e = compile(
            vec![
                file("a.md", "{% include \"b.md\" %}"),
                file("b.md", "{%- include 'a.md' -%}"),
            ],
            Language::EnGb,
        )
        .err()
        .unwrap()
        .to_string();
        assert!(e.contains("includes itself: a.md → b.md → a.md"), "{e}");
    }

    #[test]
    fn respelling_leaves_tags_alone() {
        let t =
            "Our programme's: {{ programme.name }} {% if x == \"a'b\" %}organisation{% endif %}{# it's #}";
        assert_eq!(
            respell(t, Language::EnUs),
            "Our program’s: {{ programme.name }} {% if x == \"a'b\" %}organization{% endif %}{# it's #}"
        );
        assert_eq!(respell("a {{ open", Language::EnGb), "a {{ open");
    }

    #[test]
    fn nesting_that_could_overflow_the_parser_is_refused() {
        let deep = |open: &str, close: &str, n: usize| {
            format!("line one\n{}x{}", open.repeat(n), close.repeat(n))
        };
        assert!(check_nesting(&deep("{{ (", ") }}", 1)).is_ok());
        let parens = format!("a\n{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(
            check_nesting(&parens).unwrap_err(),
            "line 2: brackets nested more than 64 deep"
        );
        let ifs = deep("{% if true %}", "{% endif %}", 65);
        assert_eq!(
            check_nesting(&ifs).unwrap_err(),
            "line 2: blocks nested more than 64 deep"
        );
        assert!(check_nesting(&deep("{% if true %}", "{% endif %}", 64)).is_ok());
        // Brackets in strings and comments are text.
        assert!(check_nesting(&format!(
            "{{{{ \"{}\" }}}}{{# {} #}}",
            "(".repeat(99),
            "[".repeat(99)
        ))
        .is_ok());
    }

    #[test]
    fn a_document_compiles_only_what_it_reaches() {
        let files = vec![
            file("agreement.md", "{% include \"sections/a.md\" %}"),
            file("sections/a.md", "{% import 'm.md' as m %}"),
            file("m.md", ""),
            file("review.md", "{% include \"sections/b.md\" %}"),
            file("sections/b.md", ""),
        ];
        let names = |main| -> Vec<String> {
            reachable(files.clone(), main)
                .into_iter()
                .map(|f| f.0)
                .collect()
        };
        assert_eq!(
            names("agreement.md"),
            ["agreement.md", "sections/a.md", "m.md"]
        );
        assert_eq!(names("review.md"), ["review.md", "sections/b.md"]);
    }

    #[test]
    fn macros_are_found_whatever_the_order() {
        let tera = compile(
            vec![
                file("a.md", "{% import \"z/macros.md\" as m %}{{ m::hi() }}"),
                file("z/macros.md", "{% macro hi() %}hello{% endmacro hi %}"),
            ],
            Language::EnGb,
        )
        .unwrap();
        assert_eq!(tera.render("a.md", &tera::Context::new()).unwrap(), "hello");
    }
}
