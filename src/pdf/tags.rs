//! The logical structure of the document (PDF/UA, PDF/A-2a): which heading, paragraph,
//! list item or table cell every piece of text belongs to, in reading order.
//!
//! Layout builds the tree as it lays out blocks ([`Builder`]) and tags each text draw
//! with its element. Content goes only into leaf elements (headings, paragraphs, list
//! labels, table cells); containers (document, lists, items, tables, rows, the signature
//! block) hold elements. So each element's children are in document order: elements as
//! layout creates them, content as the pages are drawn.

/// What a piece of drawn text is: real content of an element, or an artifact (page
/// furniture, a repeated table header) that assistive technology skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    Artifact,
    Elem(u32),
}

/// Standard structure types (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Document,
    H1,
    H2,
    H3,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
    Div,
    /// A form field (its widget annotation is the element's content).
    Form,
    /// An email address in a paragraph, with its link annotation.
    Link,
}

impl Role {
    pub(super) fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Div => "Div",
            Role::Form => "Form",
            Role::Link => "Link",
        }
    }

    pub(super) fn heading(level: u8) -> Role {
        match level {
            1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Kid {
    Elem(u32),
    /// A marked-content sequence on a page (0-based), by its MCID there.
    Content {
        page: usize,
        mcid: u32,
    },
    /// A form field's widget annotation, by its index in [`Tree::fields`].
    Annot(u32),
    /// A link annotation, by its index among the links drawn.
    Link(u32),
}

/// What a field is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A party's signature (`/Sig`).
    Signature,
    /// A date, typed on one line.
    Date,
    /// Notes, typed on several lines.
    Notes,
    /// One option of a group of radio buttons (its index in [`Tree::groups`]).
    Choice(u32),
}

/// A group of radio buttons: one field, whose widgets are its options.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) name: String,
    pub(super) label: String,
}

/// A fillable field (for a choice, one option's widget).
#[derive(Debug, Clone)]
pub(super) struct Field {
    /// Its Form element.
    pub(super) elem: u32,
    /// The field's name in the form, e.g. "mentee-signature".
    pub(super) name: String,
    /// What assistive technology reads for it, e.g. "Mentee's signature"; an option's
    /// words, for a choice.
    pub(super) label: String,
    pub(super) kind: Kind,
}

#[derive(Debug)]
pub(super) struct Elem {
    pub(super) role: Role,
    /// `None` for the document element, whose parent is the structure tree root.
    pub(super) parent: Option<u32>,
    pub(super) kids: Vec<Kid>,
    /// The heading's words, for the outline; a link's address.
    pub(super) title: String,
    /// A list's `/ListNumbering`: "Decimal" for a numbered list, "Disc" for bullets.
    pub(super) numbering: Option<&'static str>,
    /// The language of a part in another language than the document's (`/Lang`): a
    /// bilingual agreement's English blocks.
    pub(super) lang: Option<String>,
    /// An element inside a paragraph's text (a link): it joins its parent's children
    /// where its first content is drawn, between the paragraph's own pieces.
    pub(super) pending: bool,
}

#[derive(Debug)]
pub(super) struct Tree {
    pub(super) elems: Vec<Elem>,
    pub(super) fields: Vec<Field>,
    pub(super) groups: Vec<Group>,
}

impl Tree {
    fn add(&mut self, role: Role, parent: u32) -> u32 {
        let id = self.elems.len() as u32;
        self.elems.push(Elem {
            role,
            parent: Some(parent),
            kids: Vec::new(),
            title: String::new(),
            numbering: None,
            lang: None,
            pending: false,
        });
        self.elems[parent as usize].kids.push(Kid::Elem(id));
        id
    }

    /// Record that page `page`'s marked-content sequences belong to these elements,
    /// MCID by MCID.
    pub(super) fn add_page(&mut self, page: usize, mcids: &[u32]) {
        for (mcid, &e) in mcids.iter().enumerate() {
            let elem = &mut self.elems[e as usize];
            if std::mem::take(&mut elem.pending) {
                let parent = elem.parent.expect("a link is in a paragraph") as usize;
                self.elems[parent].kids.push(Kid::Elem(e));
            }
            self.elems[e as usize].kids.push(Kid::Content {
                page,
                mcid: mcid as u32,
            });
        }
    }
}

/// Layout's place in the tree: the open containers.
pub(super) struct Builder {
    pub(super) tree: Tree,
    /// Open elements; `false` marks one opened implicitly (a list body), closed with
    /// the element below it.
    stack: Vec<(u32, bool)>,
}

impl Builder {
    pub(super) fn new() -> Self {
        Builder {
            tree: Tree {
                elems: vec![Elem {
                    role: Role::Document,
                    parent: None,
                    kids: Vec::new(),
                    title: String::new(),
                    numbering: None,
                    lang: None,
                    pending: false,
                }],
                fields: Vec::new(),
                groups: Vec::new(),
            },
            stack: vec![(0, true)],
        }
    }

    fn top(&self) -> u32 {
        self.stack.last().map_or(0, |e| e.0)
    }

    /// A container that later blocks go into, until [`Builder::close`].
    pub(super) fn open(&mut self, role: Role) -> u32 {
        let id = self.tree.add(role, self.top());
        self.stack.push((id, true));
        id
    }

    pub(super) fn close(&mut self) {
        while let Some((_, explicit)) = self.stack.pop() {
            if explicit || self.stack.len() <= 1 {
                break;
            }
        }
        if self.stack.is_empty() {
            self.stack.push((0, true));
        }
    }

    /// An element that holds content, in the current container.
    pub(super) fn leaf(&mut self, role: Role) -> u32 {
        self.tree.add(role, self.top())
    }

    /// A list item's label and the paragraph of its body; the body stays open for the
    /// item's further paragraphs and nested lists.
    pub(super) fn item(&mut self) -> (u32, u32) {
        let label = self.leaf(Role::Lbl);
        let body = self.tree.add(Role::LBody, self.top());
        self.stack.push((body, false));
        (label, self.leaf(Role::P))
    }

    /// A form field in the current container: its Form element holds its widget.
    /// A group of radio buttons, whose options [`Builder::field`] adds.
    pub(super) fn group(&mut self, name: String, label: String) -> u32 {
        self.tree.groups.push(Group { name, label });
        self.tree.groups.len() as u32 - 1
    }

    pub(super) fn field(&mut self, name: String, label: String, kind: Kind) -> u32 {
        let elem = self.leaf(Role::Form);
        if let Kind::Choice(_) = kind {
            // An option is read by its words ("met"); its group's tooltip says what for.
            self.tree.elems[elem as usize].title = label.clone();
        }
        let index = self.tree.fields.len() as u32;
        self.tree.elems[elem as usize].kids.push(Kid::Annot(index));
        self.tree.fields.push(Field {
            elem,
            name,
            label,
            kind,
        });
        index
    }

    /// A link inside paragraph `parent`, to `uri`.
    pub(super) fn link(&mut self, parent: u32, uri: String) -> u32 {
        let id = self.tree.elems.len() as u32;
        self.tree.elems.push(Elem {
            role: Role::Link,
            parent: Some(parent),
            kids: Vec::new(),
            title: uri,
            numbering: None,
            lang: None,
            pending: true,
        });
        id
    }

    pub(super) fn extend_title(&mut self, id: u32, more: &str) {
        self.tree.elems[id as usize].title.push_str(more);
    }

    pub(super) fn set_numbering(&mut self, id: u32, numbering: &'static str) {
        self.tree.elems[id as usize].numbering = Some(numbering);
    }

    pub(super) fn set_lang(&mut self, id: u32, lang: String) {
        self.tree.elems[id as usize].lang = Some(lang);
    }

    pub(super) fn set_title(&mut self, id: u32, title: String) {
        self.tree.elems[id as usize].title = title;
    }

    pub(super) fn finish(self) -> Tree {
        self.tree
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_item_nests_label_and_body() {
        let mut b = Builder::new();
        b.open(Role::L);
        b.open(Role::LI);
        let (label, para) = b.item();
        b.open(Role::L); // a nested list inside the item's body
        b.close();
        b.close(); // the item, with its body
        b.close(); // the list
        let after = b.leaf(Role::P);
        let t = b.finish();
        let role = |i: u32| t.elems[i as usize].role;
        assert_eq!(role(label), Role::Lbl);
        assert_eq!(role(t.elems[para as usize].parent.unwrap()), Role::LBody);
        assert_eq!(
            t.elems[after as usize].parent,
            Some(0),
            "back at the document"
        );
    }
}
