//! The built-in templates already parsed. tera's parser was most of the time of
//! rendering one agreement (about 4 ms of a 6 ms run), and tera cannot save what it
//! parsed, so a test (`generated_ast_is_current`) parses the built-ins once and writes
//! the result as Rust (`precompiled/ast.rs`), which builds the same syntax trees in
//! microseconds. The trees are in the source's spelling; each language's words are put
//! in when a template is made, as `respell` does to the source.
//!
//! Edit a template and the tree is stale until `cargo test` has rewritten it (the test
//! fails once, saying so). A stale tree is never used: the sources are hashed at compile
//! time and, when they differ from those the tree was made from, the template is parsed
//! from its source instead.

use std::collections::HashMap;

use tera::ast::{Block, Expr, ExprVal, MacroDefinition, Node, WS};
use tera::Template;

use super::templates::respell;
use super::BUILT_IN;
use crate::model::{spelling, Language};

#[allow(clippy::all)]
#[rustfmt::skip]
mod ast;

/// FNV-1a over every built-in's name and text, at compile time.
const fn sources_hash(files: &[(&str, &str)]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut f = 0;
    while f < files.len() {
        let (name, text) = files[f];
        let mut parts = [name.as_bytes(), text.as_bytes()];
        let mut p = 0;
        while p < parts.len() {
            let bytes = parts[p];
            let mut i = 0;
            while i < bytes.len() {
                h ^= bytes[i] as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
                i += 1;
            }
            // A separator, so that moving text from one file to the next changes the hash.
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
            parts[p] = &[];
            p += 1;
        }
        f += 1;
    }
    h
}

/// Whether `ast.rs` was made from the built-ins as they are now.
const FRESH: bool = sources_hash(BUILT_IN) == ast::SOURCES_HASH;

/// The built-in template `name` (whose text is `src`) in `lang`, ready for tera.
pub(super) fn template(name: &str, src: &str, lang: Language) -> Template {
    let Some(mut ast) = ast::of(name).filter(|_| FRESH) else {
        return Template::new(name, None, &respell(src, lang))
            .unwrap_or_else(|e| panic!("the built-in {name} parses: {e}"));
    };
    respell_nodes(&mut ast, lang);
    from_ast(name, ast)
}

/// What `Template::new` works out from a parsed tree: its blocks, macros, imports and
/// parent. The built-ins are valid, so the checks it makes on the way are not repeated.
fn from_ast(name: &str, ast: Vec<Node>) -> Template {
    fn find_blocks(ast: &[Node], blocks: &mut HashMap<String, Block>) {
        for node in ast {
            if let Node::Block(_, block, _) = node {
                blocks.insert(block.name.clone(), block.clone());
                find_blocks(&block.body, blocks);
            }
        }
    }
    let mut blocks = HashMap::new();
    find_blocks(&ast, &mut blocks);
    let mut macros = HashMap::new();
    let mut imported_macro_files = Vec::new();
    let mut parent = None;
    for node in &ast {
        match node {
            Node::Extends(_, p) => parent = Some(p.clone()),
            Node::MacroDefinition(_, m, _) => {
                macros.insert(m.name.clone(), m.clone());
            }
            Node::ImportMacro(_, file, namespace) => {
                imported_macro_files.push((file.clone(), namespace.clone()))
            }
            _ => {}
        }
    }
    Template {
        name: name.to_string(),
        path: None,
        ast,
        from_extend: false,
        macros,
        imported_macro_files,
        parent,
        blocks,
        parents: Vec::new(),
        blocks_definitions: HashMap::new(),
    }
}

/// `respell` for a tree: only text outside tags changes, as in the source.
fn respell_nodes(nodes: &mut [Node], lang: Language) {
    for node in nodes {
        match node {
            Node::Text(t) => *t = spelling::built_in(t, lang),
            Node::MacroDefinition(_, MacroDefinition { body, .. }, _)
            | Node::FilterSection(_, tera::ast::FilterSection { body, .. }, _)
            | Node::Block(_, Block { body, .. }, _) => respell_nodes(body, lang),
            Node::Forloop(_, f, _) => {
                respell_nodes(&mut f.body, lang);
                if let Some(empty) = &mut f.empty_body {
                    respell_nodes(empty, lang);
                }
            }
            Node::If(i, _) => {
                for (_, _, body) in &mut i.conditions {
                    respell_nodes(body, lang);
                }
                if let Some((_, body)) = &mut i.otherwise {
                    respell_nodes(body, lang);
                }
            }
            _ => {}
        }
    }
}

// Short names for what the generated trees are made of, so that `ast.rs` stays readable.

fn s(x: &str) -> String {
    x.to_string()
}

fn text(x: &str) -> Node {
    Node::Text(x.to_string())
}

const fn ws(left: bool, right: bool) -> WS {
    WS { left, right }
}

/// An expression with no filters, not negated: most of them.
fn e(val: ExprVal) -> Expr {
    Expr::new(val)
}

fn id(x: &str) -> ExprVal {
    ExprVal::Ident(x.to_string())
}

fn map<V>(pairs: Vec<(&str, V)>) -> HashMap<String, V> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

#[cfg(test)]
mod generate;
