//! Writes `ast.rs`: each built-in template parsed by tera, printed as the Rust that
//! builds the same tree. Every type is taken apart field by field, so a tera release
//! that adds a field or a kind of node stops this compiling instead of losing it.

use std::collections::HashMap;
use std::fmt::Write;

use tera::ast::*;

use super::super::BUILT_IN;
use super::sources_hash;

/// Rust source for a value, using the short names in `precompiled.rs`.
trait Lit {
    fn lit(&self, o: &mut String);
}

impl Lit for bool {
    fn lit(&self, o: &mut String) {
        let _ = write!(o, "{self}");
    }
}

impl Lit for i64 {
    fn lit(&self, o: &mut String) {
        let _ = write!(o, "{self}i64");
    }
}

impl Lit for f64 {
    fn lit(&self, o: &mut String) {
        // `{:?}` keeps a decimal point and every digit, so the value reads back exactly.
        let _ = write!(o, "{self:?}f64");
    }
}

impl Lit for String {
    fn lit(&self, o: &mut String) {
        let _ = write!(o, "s({self:?})");
    }
}

impl<T: Lit> Lit for Box<T> {
    fn lit(&self, o: &mut String) {
        o.push_str("Box::new(");
        (**self).lit(o);
        o.push(')');
    }
}

impl<T: Lit> Lit for Option<T> {
    fn lit(&self, o: &mut String) {
        match self {
            None => o.push_str("None"),
            Some(v) => {
                o.push_str("Some(");
                v.lit(o);
                o.push(')');
            }
        }
    }
}

impl<T: Lit> Lit for Vec<T> {
    fn lit(&self, o: &mut String) {
        if self.is_empty() {
            o.push_str("Vec::new()");
            return;
        }
        o.push_str("vec![");
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            v.lit(o);
        }
        o.push(']');
    }
}

/// Keys in order, so that the file is the same from run to run.
impl<V: Lit> Lit for HashMap<String, V> {
    fn lit(&self, o: &mut String) {
        let mut keys: Vec<&String> = self.keys().collect();
        keys.sort();
        o.push_str("map(vec![");
        for (i, k) in keys.into_iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            let _ = write!(o, "({k:?}, ");
            self[k].lit(o);
            o.push(')');
        }
        o.push_str("])");
    }
}

impl<A: Lit, B: Lit> Lit for (A, B) {
    fn lit(&self, o: &mut String) {
        o.push('(');
        self.0.lit(o);
        o.push_str(", ");
        self.1.lit(o);
        o.push(')');
    }
}

impl<A: Lit, B: Lit, C: Lit> Lit for (A, B, C) {
    fn lit(&self, o: &mut String) {
        o.push('(');
        self.0.lit(o);
        o.push_str(", ");
        self.1.lit(o);
        o.push_str(", ");
        self.2.lit(o);
        o.push(')');
    }
}

/// `Type { field: value, … }` from (field, value) pairs.
fn fields(o: &mut String, ty: &str, values: &[(&str, &dyn Lit)]) {
    let _ = write!(o, "{ty} {{ ");
    for (i, (name, v)) in values.iter().enumerate() {
        if i > 0 {
            o.push_str(", ");
        }
        let _ = write!(o, "{name}: ");
        v.lit(o);
    }
    o.push_str(" }");
}

/// `Path(value, …)` for a tuple variant.
fn variant(o: &mut String, path: &str, values: &[&dyn Lit]) {
    let _ = write!(o, "{path}(");
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            o.push_str(", ");
        }
        v.lit(o);
    }
    o.push(')');
}

impl Lit for WS {
    fn lit(&self, o: &mut String) {
        let WS { left, right } = self;
        let _ = write!(o, "ws({left}, {right})");
    }
}

/// The path of each variant of a field-less enum, every variant listed.
macro_rules! lit_enums {
    ($($ty:ident { $($v:ident),* })*) => {$(
        impl Lit for $ty {
            fn lit(&self, o: &mut String) {
                o.push_str(match self {
                    $($ty::$v => concat!(stringify!($ty), "::", stringify!($v)),)*
                });
            }
        }
    )*};
}

/// `Type { field: value, … }` for structs, every field named: a field that tera adds
/// stops this compiling instead of being lost.
macro_rules! lit_structs {
    ($($ty:ident { $($f:ident),* })*) => {$(
        impl Lit for $ty {
            fn lit(&self, o: &mut String) {
                let $ty { $($f),* } = self;
                fields(o, stringify!($ty), &[$((stringify!($f), $f as &dyn Lit)),*]);
            }
        }
    )*};
}

lit_enums! {
    MathOperator { Add, Sub, Mul, Div, Modulo }
    LogicOperator { Gt, Gte, Lt, Lte, Eq, NotEq, And, Or }
}

lit_structs! {
    FunctionCall { name, args }
    MathExpr { lhs, rhs, operator }
    LogicExpr { lhs, rhs, operator }
    StringConcat { values }
    In { lhs, rhs, negated }
    Test { ident, negated, name, args }
    FilterSection { filter, body }
    Set { key, value, global }
    MacroCall { namespace, name, args }
    MacroDefinition { name, args, body }
    Block { name, body }
    Forloop { key, value, container, body, empty_body }
    If { conditions, otherwise }
}

impl Lit for ExprVal {
    fn lit(&self, o: &mut String) {
        match self {
            ExprVal::Ident(x) => {
                let _ = write!(o, "id({x:?})");
            }
            ExprVal::String(x) => variant(o, "ExprVal::String", &[x]),
            ExprVal::Int(x) => variant(o, "ExprVal::Int", &[x]),
            ExprVal::Float(x) => variant(o, "ExprVal::Float", &[x]),
            ExprVal::Bool(x) => variant(o, "ExprVal::Bool", &[x]),
            ExprVal::Math(x) => variant(o, "ExprVal::Math", &[x]),
            ExprVal::Logic(x) => variant(o, "ExprVal::Logic", &[x]),
            ExprVal::Test(x) => variant(o, "ExprVal::Test", &[x]),
            ExprVal::MacroCall(x) => variant(o, "ExprVal::MacroCall", &[x]),
            ExprVal::FunctionCall(x) => variant(o, "ExprVal::FunctionCall", &[x]),
            ExprVal::Array(x) => variant(o, "ExprVal::Array", &[x]),
            ExprVal::StringConcat(x) => variant(o, "ExprVal::StringConcat", &[x]),
            ExprVal::In(x) => variant(o, "ExprVal::In", &[x]),
        }
    }
}

impl Lit for Expr {
    fn lit(&self, o: &mut String) {
        let Expr {
            val,
            negated,
            filters,
        } = self;
        if !negated && filters.is_empty() {
            variant(o, "e", &[val]);
        } else {
            fields(
                o,
                "Expr",
                &[("val", val), ("negated", negated), ("filters", filters)],
            );
        }
    }
}

impl Lit for Node {
    fn lit(&self, o: &mut String) {
        match self {
            Node::Text(x) => {
                let _ = write!(o, "text({x:?})");
            }
            Node::Super => o.push_str("Node::Super"),
            Node::VariableBlock(a, b) => variant(o, "Node::VariableBlock", &[a, b]),
            Node::MacroDefinition(a, b, c) => variant(o, "Node::MacroDefinition", &[a, b, c]),
            Node::Extends(a, b) => variant(o, "Node::Extends", &[a, b]),
            Node::Include(a, b, c) => variant(o, "Node::Include", &[a, b, c]),
            Node::ImportMacro(a, b, c) => variant(o, "Node::ImportMacro", &[a, b, c]),
            Node::Set(a, b) => variant(o, "Node::Set", &[a, b]),
            Node::Raw(a, b, c) => variant(o, "Node::Raw", &[a, b, c]),
            Node::FilterSection(a, b, c) => variant(o, "Node::FilterSection", &[a, b, c]),
            Node::Block(a, b, c) => variant(o, "Node::Block", &[a, b, c]),
            Node::Forloop(a, b, c) => variant(o, "Node::Forloop", &[a, b, c]),
            Node::If(a, b) => variant(o, "Node::If", &[a, b]),
            Node::Break(a) => variant(o, "Node::Break", &[a]),
            Node::Continue(a) => variant(o, "Node::Continue", &[a]),
            Node::Comment(a, b) => variant(o, "Node::Comment", &[a, b]),
        }
    }
}

/// The whole of `ast.rs`: one function arm per built-in, one node per line.
fn source() -> String {
    let mut o = String::new();
    o.push_str(
        "// @generated by `cargo test` from templates/ (render::precompiled::generate). Do not edit.\n\
         use super::*;\n\
         use tera::ast::*;\n\n",
    );
    let _ = writeln!(
        o,
        "pub(super) const SOURCES_HASH: u64 = {:#018x};\n",
        sources_hash(BUILT_IN)
    );
    o.push_str("pub(super) fn of(name: &str) -> Option<Vec<Node>> {\n    Some(match name {\n");
    for (name, src) in BUILT_IN {
        let tree = tera::Template::new(name, None, src)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .ast;
        let _ = writeln!(o, "        {name:?} => vec![");
        for node in &tree {
            o.push_str("            ");
            node.lit(&mut o);
            o.push_str(",\n");
        }
        o.push_str("        ],\n");
    }
    o.push_str("        _ => return None,\n    })\n}\n");
    o
}

/// Rewrites `ast.rs` when the templates have changed, and fails so that the change is
/// seen (and committed); passes when it was already current.
#[test]
fn generated_ast_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/render/precompiled/ast.rs");
    let want = source();
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have != want {
        std::fs::write(path, &want).expect("write ast.rs");
        panic!("src/render/precompiled/ast.rs was stale and has been rewritten: run the tests again and commit it");
    }
    // The hash the build computed agrees with the one written, so the trees are used.
    assert!(std::hint::black_box(super::FRESH));
}

/// Any change to the built-ins, even text moved from one file to the next, makes the
/// tree stale, so that it is not used.
#[test]
fn any_edit_changes_the_sources_hash() {
    let base = sources_hash(&[("a.md", "x{{ y }}"), ("b.md", "z")]);
    for edited in [
        sources_hash(&[("a.md", "x{{ y }}z"), ("b.md", "")]),
        sources_hash(&[("a.md", "x{{ y}}"), ("b.md", "z")]),
        sources_hash(&[("b.md", "z"), ("a.md", "x{{ y }}")]),
        sources_hash(&[("a.md", "x{{ y }}")]),
    ] {
        assert_ne!(base, edited);
    }
}

/// The tree built from `ast.rs`, respelled, is the tree tera makes from the respelled
/// source, for every built-in in every language.
#[test]
fn prebuilt_trees_match_parsing() {
    use crate::model::{Choice, Language};
    for lang in Language::ALL {
        for (name, src) in BUILT_IN {
            let parsed = tera::Template::new(name, None, &super::respell(src, *lang)).unwrap();
            let built = super::template(name, src, *lang);
            assert_eq!(built.ast, parsed.ast, "{name} in {lang:?}");
            assert_eq!(built.macros, parsed.macros, "{name}");
            assert_eq!(built.blocks, parsed.blocks, "{name}");
            assert_eq!(built.parent, parsed.parent, "{name}");
            assert_eq!(
                built.imported_macro_files, parsed.imported_macro_files,
                "{name}"
            );
        }
    }
}

/// A template with no stored tree is parsed from its text, in the language's spelling.
#[test]
fn a_template_without_a_tree_is_parsed() {
    let t = super::template(
        "not-built-in.md",
        "The programme's {{ x }}",
        crate::model::Language::EnUs,
    );
    assert_eq!(
        t.ast,
        tera::Template::new("t", None, "The program’s {{ x }}")
            .unwrap()
            .ast
    );
}
