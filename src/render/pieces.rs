//! A template cut into stretches of text and tags, once, for what reads templates
//! before tera does: respelling the built-ins, following includes, the sandbox's checks.

/// A stretch of a template: text, or a tag (`{{ … }}`, `{% … %}`, `{# … #}`).
pub(super) enum Piece<'a> {
    Text(&'a str),
    /// The tag whole, its kind (`{`, `%` or `#`), and what is between its delimiters.
    Tag {
        whole: &'a str,
        kind: char,
        inner: &'a str,
    },
}

/// The pieces of `src` in order, each with its byte offset; a tag left open runs to
/// the end.
pub(super) fn pieces(src: &str) -> impl Iterator<Item = (usize, Piece<'_>)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &src[at..];
        if rest.is_empty() {
            return None;
        }
        let start = at;
        let piece = match next_tag(rest) {
            Some(0) => {
                let kind = char::from(rest.as_bytes()[1]);
                let close = match kind {
                    '{' => "}}",
                    '%' => "%}",
                    _ => "#}",
                };
                let (inner_end, end) = match rest[2..].find(close) {
                    Some(e) => (2 + e, 4 + e),
                    None => (rest.len(), rest.len()),
                };
                at += end;
                Piece::Tag {
                    whole: &rest[..end],
                    kind,
                    inner: &rest[2..inner_end],
                }
            }
            Some(i) => {
                at += i;
                Piece::Text(&rest[..i])
            }
            None => {
                at = src.len();
                Piece::Text(rest)
            }
        };
        Some((start, piece))
    })
}

/// Where the next `{{`, `{%` or `{#` starts: one pass, however many tags follow.
fn next_tag(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find('{') {
        let at = from + i;
        if matches!(b.get(at + 1), Some(b'{' | b'%' | b'#')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}
