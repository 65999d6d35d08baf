//! What makes the file PDF/UA-1 and PDF/A-2a: written into printpdf's finished document
//! (as lopdf objects), since printpdf has no structure tree or XMP of its own.
//!
//! - the structure tree (ISO 32000-1, 14.7–14.8): one StructElem per [`Tree`] element,
//!   the ParentTree mapping each page's MCIDs back to their elements, `StructParents`
//!   on every page, `MarkInfo /Marked true`;
//! - `/Lang`, `ViewerPreferences /DisplayDocTitle true`, PDF 1.7;
//! - XMP metadata that matches the Info dictionary, with the PDF/A and PDF/UA
//!   identification (and, as PDF/A asks, a description of the pdfuaid schema);
//! - an sRGB output intent with an embedded ICC profile (CC0, Compact-ICC-Profiles);
//! - an outline with one entry per heading, nested as the headings are.

use std::sync::LazyLock;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::compress::deflate;
use super::embed::deflated;
use super::form::{self, Widget};
use super::tags::{Kid, Role, Tree};
use super::write::Obj;
use super::Meta;
use crate::model::words::fill;

/// sRGB, 736 bytes, from Compact-ICC-Profiles (CC0; see assets/LICENSE-sRGB-profile.txt).
const SRGB_ICC: &[u8] = include_bytes!("assets/sRGB-v2-magic.icc");

/// The profile deflated once per process: every document has it.
static SRGB_ICC_DEFLATED: LazyLock<Vec<u8>> = LazyLock::new(|| deflate(SRGB_ICC));

/// A heading's place, for the outline: its page and the top of its first line.
pub(super) struct Anchor {
    pub(super) elem: u32,
    pub(super) page: usize,
    pub(super) top: f32,
}

/// Everything [`finish`] adds, beyond what printpdf wrote.
pub(super) struct Standards<'a> {
    pub(super) tree: &'a Tree,
    /// Each page's MCIDs, for the ParentTree.
    pub(super) page_mcids: &'a [Vec<u32>],
    pub(super) anchors: &'a [Anchor],
    pub(super) meta: &'a Meta,
    /// The form fields drawn: page, field index, rectangle.
    pub(super) fields: &'a [(usize, u32, [f32; 4])],
    /// The links drawn: page, Link element, rectangle.
    pub(super) links: &'a [(usize, u32, [f32; 4])],
    /// The font a typed date is shown in (the regular face), if the document has it.
    pub(super) form_font: Option<ObjectId>,
    /// Seconds since 1970: creation and modification date.
    pub(super) when: i64,
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn text(s: &str) -> Object {
    // PDF text strings: UTF-16BE with a byte-order mark reads the same everywhere.
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

fn ascii(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

/// Add what the standards ask for to `lo`; returns the objects written as bytes (the
/// structure tree and the outline, hundreds of them: see [`super::write`]).
pub(super) fn finish(lo: &mut lopdf::Document, s: &Standards<'_>) -> Vec<(ObjectId, Obj)> {
    lo.version = "1.7".into();
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let catalog_id = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("printpdf writes a catalog");

    let mut raw = Vec::with_capacity(s.tree.elems.len() + 32);
    let widgets = form::widgets(
        lo,
        s.tree,
        s.fields,
        &pages,
        pages.len(),
        s.form_font,
        &mut raw,
    );
    let links = links(lo, s, &pages, pages.len() + s.fields.len(), &mut raw);
    let root_id = structure_tree(lo, s, &pages, &widgets, &links, &mut raw);
    let outline = outline(lo, s, &pages, &mut raw);
    let metadata = lo.add_object(Stream::new(
        Dictionary::from_iter([("Type", name("Metadata")), ("Subtype", name("XML"))]),
        xmp(s).into_bytes(),
    ));
    let profile = lo.add_object(deflated(
        Dictionary::from_iter([("N", Object::Integer(3))]),
        &SRGB_ICC_DEFLATED,
    ));
    let intent = Dictionary::from_iter([
        ("Type", name("OutputIntent")),
        ("S", name("GTS_PDFA1")),
        ("OutputConditionIdentifier", ascii("sRGB IEC61966-2.1")),
        ("RegistryName", ascii("http://www.color.org")),
        ("Info", ascii("sRGB IEC61966-2.1")),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);

    // printpdf's Info claims PDF/X; ours repeats exactly what the XMP says.
    if let Ok(old) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        lo.objects.remove(&old);
    }
    let info = info(s.meta, s.when);
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));

    if let Ok(Object::Dictionary(cat)) = lo.get_object_mut(catalog_id) {
        cat.set("Lang", ascii(s.meta.lang));
        cat.set(
            "MarkInfo",
            Dictionary::from_iter([("Marked", Object::Boolean(true))]),
        );
        cat.set(
            "ViewerPreferences",
            Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]),
        );
        cat.set("StructTreeRoot", Object::Reference(root_id));
        cat.set("Metadata", Object::Reference(metadata));
        cat.set("OutputIntents", Object::Array(vec![intent.into()]));
        if let Some(o) = outline {
            cat.set("Outlines", Object::Reference(o));
            cat.set("PageMode", name("UseOutlines"));
        }
    }
    raw
}

/// StructTreeRoot, the elements, the ParentTree and each page's `StructParents`.
fn structure_tree(
    lo: &mut lopdf::Document,
    s: &Standards<'_>,
    pages: &[ObjectId],
    widgets: &[Option<Widget>],
    links: &[Widget],
    raw: &mut Vec<(ObjectId, Obj)>,
) -> ObjectId {
    let root_id = lo.new_object_id();
    let ids: Vec<ObjectId> = s.tree.elems.iter().map(|_| lo.new_object_id()).collect();
    for (i, e) in s.tree.elems.iter().enumerate() {
        let first_page = e.kids.iter().find_map(|k| match k {
            Kid::Content { page, .. } => Some(*page),
            Kid::Annot(f) => widgets[*f as usize].map(|w| w.page),
            Kid::Link(l) => Some(links[*l as usize].page),
            Kid::Elem(_) => None,
        });
        let mut o = Obj(Vec::with_capacity(96));
        o.raw("<<").name("Type").name("StructElem");
        o.name("S").name(e.role.name());
        o.name("P")
            .reference(e.parent.map_or(root_id, |p| ids[p as usize]));
        if let Some(p) = first_page {
            o.name("Pg").reference(pages[p]);
        }
        if e.role == Role::Form && !e.title.is_empty() {
            o.name("Alt").text(&e.title);
        }
        if let Some(lang) = &e.lang {
            o.name("Lang").text(lang);
        }
        if let Some(numbering) = e.numbering {
            o.name("A")
                .raw("<<")
                .name("O")
                .name("List")
                .name("ListNumbering")
                .name(numbering)
                .raw(">>");
        }
        if e.role == Role::TH {
            o.name("A")
                .raw("<<")
                .name("O")
                .name("Table")
                .name("Scope")
                .name("Column")
                .raw(">>");
        }
        o.name("K").raw("[");
        for k in &e.kids {
            match *k {
                Kid::Elem(c) => {
                    o.reference(ids[c as usize]);
                }
                Kid::Content { page, mcid } if Some(page) == first_page => {
                    o.int(mcid as i64);
                }
                Kid::Content { page, mcid } => {
                    o.raw(" <<").name("Type").name("MCR");
                    o.name("Pg").reference(pages[page]);
                    o.name("MCID").int(mcid as i64).raw(">>");
                }
                Kid::Link(l) => {
                    let w = links[l as usize];
                    o.raw(" <<").name("Type").name("OBJR");
                    o.name("Pg").reference(pages[w.page]);
                    o.name("Obj").reference(w.id).raw(">>");
                }
                Kid::Annot(f) => {
                    if let Some(w) = widgets[f as usize] {
                        o.raw(" <<").name("Type").name("OBJR");
                        o.name("Pg").reference(pages[w.page]);
                        o.name("Obj").reference(w.id).raw(">>");
                    }
                }
            }
        }
        o.raw("]>>");
        raw.push((ids[i], o));
    }
    let mut root = Obj::default();
    root.raw("<<").name("Type").name("StructTreeRoot");
    root.name("K").raw("[").reference(ids[0]).raw("]");
    root.name("ParentTree").raw("<<").name("Nums").raw("[");
    for (i, (page, mcids)) in pages.iter().zip(s.page_mcids).enumerate() {
        root.int(i as i64).raw(" [");
        for e in mcids {
            root.reference(ids[*e as usize]);
        }
        root.raw("]");
        if let Ok(Object::Dictionary(p)) = lo.get_object_mut(*page) {
            p.set("StructParents", Object::Integer(i as i64));
            p.set("Tabs", name("S"));
        }
    }
    // Then each widget's key, to its Form element.
    let mut next_key = pages.len();
    for (f, w) in s.tree.fields.iter().zip(widgets) {
        if let Some(w) = w {
            root.int(w.key as i64).reference(ids[f.elem as usize]);
            next_key = next_key.max(w.key + 1);
        }
    }
    for (w, &(_, elem, _)) in links.iter().zip(s.links) {
        root.int(w.key as i64).reference(ids[elem as usize]);
        next_key = next_key.max(w.key + 1);
    }
    root.raw("]>>")
        .name("ParentTreeNextKey")
        .int(next_key as i64);
    root.raw(">>");
    raw.push((root_id, root));
    root_id
}

/// A link annotation over each email address drawn (a `mailto:` action, `/Contents`
/// saying where it goes), listed in its page's `/Annots` after the fields; keys in the
/// ParentTree from `first_key`.
fn links(
    lo: &mut lopdf::Document,
    s: &Standards<'_>,
    pages: &[ObjectId],
    first_key: usize,
    raw: &mut Vec<(ObjectId, Obj)>,
) -> Vec<Widget> {
    let mut out = Vec::with_capacity(s.links.len());
    for (n, &(page, elem, [x0, y0, x1, y1])) in s.links.iter().enumerate() {
        let address = &s.tree.elems[elem as usize].title;
        let id = lo.new_object_id();
        let mut o = Obj::default();
        o.raw("<<")
            .name("Type")
            .name("Annot")
            .name("Subtype")
            .name("Link");
        o.name("Rect")
            .raw("[")
            .real(x0)
            .real(y0)
            .real(x1)
            .real(y1)
            .raw("]");
        o.name("Border").raw("[0 0 0]").name("F").int(4);
        o.name("P").reference(pages[page]);
        o.name("StructParent").int((first_key + n) as i64);
        let email = &s.meta.language.words().pdf.email;
        o.name("Contents")
            .text(&fill(email, &[("address", address)]));
        o.name("A")
            .raw("<<")
            .name("S")
            .name("URI")
            .name("URI")
            .raw("(mailto:");
        // A URI is ASCII: anything else, and the string's own delimiters, as %XX.
        for b in address.bytes() {
            match b {
                b'!'..=b'~' if !b"()\\%".contains(&b) => o.0.push(b),
                _ => o.0.extend_from_slice(format!("%{b:02X}").as_bytes()),
            }
        }
        o.raw(")>>>>");
        raw.push((id, o));
        if let Ok(Object::Dictionary(p)) = lo.get_object_mut(pages[page]) {
            match p.get_mut(b"Annots") {
                Ok(Object::Array(a)) => a.push(Object::Reference(id)),
                _ => p.set("Annots", Object::Array(vec![Object::Reference(id)])),
            }
        }
        out.push(Widget {
            id,
            page,
            key: first_key + n,
        });
    }
    out
}

/// One bookmark per heading, nested as the headings are: sections under the title,
/// subsections under their section; every entry open.
fn outline(
    lo: &mut lopdf::Document,
    s: &Standards<'_>,
    pages: &[ObjectId],
    raw: &mut Vec<(ObjectId, Obj)>,
) -> Option<ObjectId> {
    let level = |a: &Anchor| match s.tree.elems[a.elem as usize].role {
        Role::H1 => 1,
        Role::H2 => 2,
        _ => 3,
    };
    let heads: &[Anchor] = s.anchors;
    if heads.is_empty() {
        return None;
    }
    // Each heading's parent: the nearest heading before it of a higher level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(heads.len());
    let mut open: Vec<usize> = Vec::new();
    for (i, a) in heads.iter().enumerate() {
        while open.last().is_some_and(|&p| level(&heads[p]) >= level(a)) {
            open.pop();
        }
        parent.push(open.last().copied());
        open.push(i);
    }
    let kids =
        |p: Option<usize>| -> Vec<usize> { (0..heads.len()).filter(|&i| parent[i] == p).collect() };
    let outline_id = lo.new_object_id();
    let ids: Vec<ObjectId> = heads.iter().map(|_| lo.new_object_id()).collect();
    // Descendants of each heading (all shown: the outline is open).
    let mut below = vec![0i64; heads.len()];
    for i in (0..heads.len()).rev() {
        if let Some(p) = parent[i] {
            below[p] += 1 + below[i];
        }
    }
    let link = |o: &mut Obj, siblings: &[usize], at: usize| {
        if at > 0 {
            o.name("Prev").reference(ids[siblings[at - 1]]);
        }
        if at + 1 < siblings.len() {
            o.name("Next").reference(ids[siblings[at + 1]]);
        }
    };
    for (i, a) in heads.iter().enumerate() {
        let mut o = Obj::default();
        o.raw("<<")
            .name("Title")
            .text(&s.tree.elems[a.elem as usize].title);
        o.name("Parent")
            .reference(parent[i].map_or(outline_id, |p| ids[p]));
        o.name("Dest").raw("[").reference(pages[a.page]);
        o.raw(" ")
            .name("XYZ")
            .raw(" null")
            .real(a.top)
            .raw(" null]");
        let siblings = kids(parent[i]);
        let at = siblings
            .iter()
            .position(|&k| k == i)
            .expect("among its siblings");
        link(&mut o, &siblings, at);
        let mine = kids(Some(i));
        if let (Some(first), Some(last)) = (mine.first(), mine.last()) {
            o.name("First").reference(ids[*first]);
            o.name("Last").reference(ids[*last]);
            o.name("Count").int(below[i]);
        }
        o.raw(">>");
        raw.push((ids[i], o));
    }
    let top = kids(None);
    let mut root = Obj::default();
    root.raw("<<").name("Type").name("Outlines");
    root.name("First").reference(ids[top[0]]);
    root.name("Last")
        .reference(ids[*top.last().expect("not empty")]);
    root.name("Count").int(heads.len() as i64).raw(">>");
    raw.push((outline_id, root));
    Some(outline_id)
}

/// "D:20261118110640+00'00'" (Info) and "2026-11-18T11:06:40+00:00" (XMP).
fn dates(when: i64) -> (String, String) {
    let t = jiff::Timestamp::from_second(when).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    (
        t.strftime("D:%Y%m%d%H%M%S+00'00'").to_string(),
        t.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string(),
    )
}

/// The Info dictionary, with exactly the entries the XMP repeats (PDF/A asks that the
/// two agree); printpdf's own carries a PDF/X version we do not claim.
fn info(m: &Meta, when: i64) -> Dictionary {
    let (date, _) = dates(when);
    Dictionary::from_iter([
        ("Title", text(&m.title)),
        ("Author", text(&m.author)),
        ("Subject", text(&m.subject)),
        ("Creator", text(&m.creator())),
        ("Producer", text(super::PRODUCER)),
        ("CreationDate", ascii(&date)),
        ("ModDate", ascii(&date)),
    ])
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xmp(s: &Standards<'_>) -> String {
    let m = s.meta;
    let (_, date) = dates(s.when);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>{people}</rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>{producer}</pdf:Producer>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = xml(&m.title),
        people = m
            .people
            .iter()
            .map(|p| format!("<rdf:li>{}</rdf:li>", xml(p)))
            .collect::<String>(),
        subject = xml(&m.subject),
        lang = m.lang,
        creator = xml(&m.creator()),
        producer = super::PRODUCER,
        bom = '\u{FEFF}',
    )
}
