//! Markdown → blocks: pulldown-cmark events become headings, paragraphs (list items
//! are paragraphs with a marker and an indent), tables, rules and keep-together marks.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::style::{FaceId, BOLD, INDENT, ITALIC};
use super::tags::Role;

#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) face: FaceId,
    /// Runs of four or more underscores here are lines to write on: true for the
    /// template's own text, false for escaped user text and running footers, where an
    /// underscore is a character like any other.
    pub(super) blanks: bool,
    /// An email address, made a link (`mailto:`) in the PDF.
    pub(super) link: bool,
    /// In the document's second language (`<span lang="en-GB">` in a bilingual text's
    /// first): a Span with its `/Lang` in the PDF.
    pub(super) second: bool,
}

/// Inline text: pieces with a face each; `\n` in a piece is a hard line break.
pub(super) type Inline = Vec<Piece>;

#[derive(Debug)]
pub(super) enum Block {
    Heading {
        level: u8,
        text: Inline,
    },
    Para {
        indent: f32,
        marker: Option<String>,
        text: Inline,
        space_before: f32,
    },
    Table {
        align: Vec<Alignment>,
        head: Vec<Inline>,
        rows: Vec<Vec<Inline>>,
    },
    Rule,
    KeepStart,
    KeepEnd,
    /// A structure container (list item, the signature block) starts or ends.
    Open(Role),
    /// A list starts: numbered or not.
    List {
        ordered: bool,
    },
    Close,
    /// `<!-- party mentee -->`: a party's block on the signature page begins.
    Party(String),
    /// `<!-- /parties -->`: the parties' blocks end.
    PartiesEnd,
    /// `<div lang="en-GB">`: a part in another language begins (it ends at `</div>`, a
    /// [`Block::Close`]).
    Lang(String),
}

/// Alignments, header cells and body rows of a table being read.
type TableParts = (Vec<Alignment>, Vec<Inline>, Vec<Vec<Inline>>);

struct ListState {
    next: Option<u64>,
    /// Tight lists put their items' text directly in the item.
    first_para_in_item: bool,
}

/// The blocks of `md`, whose second language (if any) is `second` ("en-GB").
pub(super) fn blocks(md: &str, second: Option<&str>) -> Vec<Block> {
    let mut r = Reader {
        second: second.map(|tag| format!("<span lang=\"{tag}\">")),
        ..Reader::default()
    };
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    for (ev, at) in parser.into_offset_iter() {
        // User text reaches the Markdown escaped (`\_`): only the template's own
        // underscores are blanks. Only text asks (a container's range is all the text
        // in it: looking through that at every start and end was most of this loop).
        if matches!(ev, Event::Text(_) | Event::Code(_)) {
            r.escaped = md.get(at).is_some_and(|s| s.contains('\\'));
        }
        r.event(ev);
    }
    r.flush_at(0.0, 7.0);
    r.out
}

/// What the events so far have left open: Markdown arrives as a flat stream of starts,
/// ends and text, and a block is known only once its end is seen.
#[derive(Default)]
struct Reader {
    out: Vec<Block>,
    inline: Inline,
    bold: u32,
    italic: u32,
    lists: Vec<ListState>,
    marker: Option<String>,
    table: Option<TableParts>,
    row: Vec<Inline>,
    in_head: bool,
    quote_depth: usize,
    /// The event being read comes from escaped source text.
    escaped: bool,
    /// `<span lang="…">` of the document's second language, and whether text is inside
    /// one.
    second: Option<String>,
    in_second: bool,
}

impl Reader {
    fn event(&mut self, ev: Event<'_>) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(t) | Event::Code(t) => self.text(t.into_string()),
            Event::SoftBreak => self.text(" ".into()),
            Event::HardBreak => self.text("\n".into()),
            Event::Rule => self.out.push(Block::Rule),
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { .. } => self.inline.clear(),
            // Text before a nested paragraph in a list item belongs to the item.
            Tag::Paragraph => self.flush(2.0),
            Tag::List(start) => {
                self.flush(3.0);
                self.out.push(Block::List {
                    ordered: start.is_some(),
                });
                self.lists.push(ListState {
                    next: start,
                    first_para_in_item: true,
                });
            }
            Tag::Item => self.item(),
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::Table(align) => self.table = Some((align, Vec::new(), Vec::new())),
            Tag::TableHead => self.in_head = true,
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Heading(level) => self.heading(level),
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::List(_) => {
                self.flush(3.0);
                self.out.push(Block::Close);
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush(3.0);
                self.out.push(Block::Close);
            }
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::TableHead => {
                self.in_head = false;
                if let Some(t) = self.table.as_mut() {
                    t.1 = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.2.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::TableCell => self.cell(),
            TagEnd::Table => {
                if let Some((align, head, rows)) = self.table.take() {
                    self.out.push(Block::Table { align, head, rows });
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, text: String) {
        let face = (self.bold > 0) as usize * BOLD + (self.italic > 0) as usize * ITALIC;
        let blanks = !self.escaped;
        let second = self.in_second;
        if email_in(&text).is_none() {
            // Most text holds no address: kept whole, not copied.
            if !text.is_empty() {
                self.inline.push(Piece {
                    text,
                    face,
                    blanks,
                    link: false,
                    second,
                });
            }
            return;
        }
        let mut rest = text.as_str();
        while let Some((at, len)) = email_in(rest) {
            let (before, tail) = rest.split_at(at);
            let (address, after) = tail.split_at(len);
            for (text, link) in [(before, false), (address, true)] {
                if !text.is_empty() {
                    let text = text.to_string();
                    self.inline.push(Piece {
                        text,
                        face,
                        blanks,
                        link,
                        second,
                    });
                }
            }
            rest = after;
        }
        if !rest.is_empty() {
            let text = rest.to_string();
            self.inline.push(Piece {
                text,
                face,
                blanks,
                link: false,
                second,
            });
        }
    }

    fn heading(&mut self, level: HeadingLevel) {
        let level = match level {
            HeadingLevel::H1 => 1,
            HeadingLevel::H2 => 2,
            _ => 3,
        };
        self.out.push(Block::Heading {
            level,
            text: std::mem::take(&mut self.inline),
        });
    }

    fn end_paragraph(&mut self) {
        let space = match self.lists.last_mut() {
            Some(l) => {
                l.first_para_in_item = false;
                3.0
            }
            None => 7.0,
        };
        self.flush(space);
    }

    fn item(&mut self) {
        self.flush(3.0);
        self.out.push(Block::Open(Role::LI));
        let depth = self.lists.len();
        if let Some(l) = self.lists.last_mut() {
            l.first_para_in_item = true;
            self.marker = Some(match &mut l.next {
                Some(n) => {
                    *n += 1;
                    format!("{}.", *n - 1)
                }
                None => if depth % 2 == 1 { "•" } else { "–" }.to_string(),
            });
        }
    }

    fn cell(&mut self) {
        let mut cell = std::mem::take(&mut self.inline);
        if self.in_head {
            cell.iter_mut().for_each(|p| p.face |= BOLD);
        }
        self.row.push(cell);
    }

    /// The template's marks, which Markdown keeps as comments.
    fn html(&mut self, h: &str) {
        let h = h.trim();
        let comment = h
            .strip_prefix("<!--")
            .and_then(|c| c.strip_suffix("-->"))
            .map(str::trim);
        // A keep-together region (the signature block) is also one element.
        if let Some(party) = comment.and_then(|c| c.strip_prefix("party ")) {
            self.out
                .push(Block::Party(party.trim().to_ascii_lowercase()));
        } else if comment == Some("/parties") {
            self.out.push(Block::PartiesEnd);
        } else if h.starts_with("<!--") && h.contains("/keep-together") {
            self.out.push(Block::Close);
            self.out.push(Block::KeepEnd);
        } else if h.starts_with("<!--") && h.contains("keep-together") {
            self.out.push(Block::KeepStart);
            self.out.push(Block::Open(Role::Div));
        } else if let Some(lang) = language_of(h) {
            self.flush(0.0);
            self.out.push(Block::Lang(lang));
        } else if h == "</div>" {
            self.flush(0.0);
            self.out.push(Block::Close);
        } else if self.second.as_deref() == Some(h) {
            self.in_second = true;
        } else if h == "</span>" {
            self.in_second = false;
        }
    }

    /// The text read so far as a paragraph, indented as deep as the lists and quotes
    /// it is in.
    fn flush(&mut self, space_before: f32) {
        let indent = (self.lists.len() + self.quote_depth) as f32 * INDENT;
        self.flush_at(indent, space_before);
    }

    fn flush_at(&mut self, indent: f32, space_before: f32) {
        if self.inline.iter().all(|p| p.text.trim().is_empty()) {
            self.inline.clear();
            return;
        }
        self.out.push(Block::Para {
            indent,
            marker: self.marker.take(),
            text: std::mem::take(&mut self.inline),
            space_before,
        });
    }
}

/// The first email address in `text`: its byte offset and length. A word with one `@`
/// between a local part and a dotted domain, without the punctuation around it.
fn email_in(text: &str) -> Option<(usize, usize)> {
    if !text.contains('@') {
        return None;
    }
    let mut start = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let at = start;
        start += word.len();
        let core = word.trim_end();
        let lead = core.len()
            - core
                .trim_start_matches(['(', '<', '[', '"', '\'', '‘', '“'])
                .len();
        let core = core[lead..].trim_end_matches([
            '(', ')', '>', ']', ',', '.', ';', ':', '"', '\'', '’', '”', '!', '?',
        ]);
        let Some((local, domain)) = core.split_once('@') else {
            continue;
        };
        let dotted = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
        if !local.is_empty() && dotted && !domain.contains('@') {
            return Some((at + lead, core.len()));
        }
    }
    None
}

/// The language of `<div lang="en-GB">`, the mark of a part in another language, if it
/// is a BCP 47 tag.
fn language_of(h: &str) -> Option<String> {
    let tag = h.strip_prefix("<div lang=\"")?.strip_suffix("\">")?;
    let ok = !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then(|| tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_found_without_the_punctuation_around_them() {
        fn found(s: &str) -> Option<&str> {
            email_in(s).map(|(at, n)| &s[at..at + n])
        }
        assert_eq!(found("Engineer (zoe@example.org)"), Some("zoe@example.org"));
        assert_eq!(
            found("write to o'brien@uni.ac.uk."),
            Some("o'brien@uni.ac.uk")
        );
        assert_eq!(found("at 3 @ noon, or a@b"), None);
    }

    #[test]
    fn markdown_structure_becomes_blocks() {
        let b = blocks(
            "# T\n\nPara *it* **b**\n\n1. one\n   - nested\n2. two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n",
            None,
        );
        let kinds: Vec<&str> = b
            .iter()
            .map(|b| match b {
                Block::Heading { .. } => "h",
                Block::Para {
                    marker: Some(_), ..
                } => "item",
                Block::Para { .. } => "p",
                Block::Table { .. } => "table",
                Block::Open(_) | Block::List { .. } => "(",
                Block::Close => ")",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "h", "p", "(", "(", "item", "(", "(", "item", ")", ")", ")", "(", "item", ")", ")",
                "table"
            ]
        );
    }
}
