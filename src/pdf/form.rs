//! The signature page's fillable fields (ISO 32000-1, 12.7): for each party an unsigned
//! signature field and a date field, on the lines drawn for them, so that a pair can sign
//! in the reader they already have; printed, the lines are still there.
//!
//! For PDF/UA-1 each widget sits in a Form structure element (an object reference from
//! the element, a `StructParent` back from the widget) and says what it is for (`/TU`);
//! for PDF/A-2 each has an appearance stream and the print flag, and the form does not
//! ask readers to make appearances of their own.

use lopdf::{Dictionary, Object, ObjectId};

use super::tags::{Kind, Tree};
use super::write::Obj;

/// A form XObject `w` by `h` drawing `ops`: a widget's appearance.
fn appearance(
    lo: &mut lopdf::Document,
    raw: &mut Vec<(ObjectId, Obj)>,
    w: f32,
    h: f32,
    ops: &str,
) -> ObjectId {
    let id = lo.new_object_id();
    let mut ap = Obj::default();
    ap.raw("<<")
        .name("Type")
        .name("XObject")
        .name("Subtype")
        .name("Form");
    ap.name("BBox").raw("[ 0 0").real(w).real(h).raw("]");
    ap.name("Resources")
        .raw("<<>>")
        .name("Length")
        .int(ops.len() as i64);
    ap.raw(">>\nstream\n").raw(ops).raw("\nendstream");
    raw.push((id, ap));
    id
}

/// A widget written into the file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Widget {
    pub(super) id: ObjectId,
    pub(super) page: usize,
    /// Its key in the ParentTree.
    pub(super) key: usize,
}

/// The widgets of the fields drawn (`placed`: page, field index, rectangle), written as
/// objects into `raw` and listed in their pages' `/Annots`; then the form itself in the
/// catalog. Returns each field's widget (by field index), `None` for a field not drawn.
/// Keys in the ParentTree start at `first_key`.
pub(super) fn widgets(
    lo: &mut lopdf::Document,
    tree: &Tree,
    placed: &[(usize, u32, [f32; 4])],
    pages: &[ObjectId],
    first_key: usize,
    font: Option<ObjectId>,
    raw: &mut Vec<(ObjectId, Obj)>,
) -> Vec<Option<Widget>> {
    let mut out = vec![None; tree.fields.len()];
    if placed.is_empty() {
        return out;
    }
    // The text a date field is typed in: the field font, in the document's ink.
    let da = format!("/{} 10 Tf 0.1 0.1 0.1 rg", super::field_font::NAME);
    let mut per_page: Vec<Vec<Object>> = vec![Vec::new(); pages.len()];
    let mut fields = Vec::new();
    // A group of radio buttons is one field, its options the widgets under it.
    let groups: Vec<ObjectId> = tree.groups.iter().map(|_| lo.new_object_id()).collect();
    let mut options: Vec<Vec<Object>> = vec![Vec::new(); groups.len()];
    for (n, &(page, index, rect)) in placed.iter().enumerate() {
        let f = &tree.fields[index as usize];
        let id = lo.new_object_id();
        let [x0, y0, x1, y1] = rect;
        let mut w = Obj::default();
        w.raw("<<")
            .name("Type")
            .name("Annot")
            .name("Subtype")
            .name("Widget");
        match f.kind {
            Kind::Choice(g) => {
                w.name("Parent").reference(groups[g as usize]);
                w.name("AS").name("Off");
                options[g as usize].push(Object::Reference(id));
            }
            kind => {
                let ft = if kind == Kind::Signature { "Sig" } else { "Tx" };
                w.name("FT").name(ft);
                w.name("T").text(&f.name).name("TU").text(&f.label);
                if kind == Kind::Notes {
                    // Multi-line.
                    w.name("Ff").int(1 << 12);
                }
                if kind != Kind::Signature {
                    w.name("DA").raw(&format!("({da})"));
                }
                fields.push(Object::Reference(id));
            }
        }
        w.name("Rect")
            .raw("[")
            .real(x0)
            .real(y0)
            .real(x1)
            .real(y1)
            .raw("]");
        // Printed (PDF/A asks it of every annotation).
        w.name("F").int(4);
        w.name("P").reference(pages[page]);
        w.name("StructParent").int((first_key + n) as i64);
        w.name("AP").raw("<<").name("N");
        match f.kind {
            Kind::Choice(_) => {
                // Ticked: a filled square inside the box drawn on the page.
                let on = appearance(lo, raw, x1 - x0, y1 - y0, "0.1 0.1 0.1 rg 2.5 2.5 5 5 re f");
                let off = appearance(lo, raw, x1 - x0, y1 - y0, "");
                w.raw("<<").name(&f.name).reference(on);
                w.name("Off").reference(off).raw(">>");
            }
            // Empty: the line on the page is the field's only mark.
            _ => {
                w.reference(appearance(lo, raw, x1 - x0, y1 - y0, ""));
            }
        }
        w.raw(">>>>");
        raw.push((id, w));
        per_page[page].push(Object::Reference(id));
        out[index as usize] = Some(Widget {
            id,
            page,
            key: first_key + n,
        });
    }
    for ((id, g), kids) in groups.iter().zip(&tree.groups).zip(options) {
        let mut o = Obj::default();
        o.raw("<<").name("FT").name("Btn");
        // A radio group, whose ticked option cannot be unticked but by another.
        o.name("Ff").int((1 << 15) | (1 << 14));
        o.name("T").text(&g.name).name("TU").text(&g.label);
        o.name("V").name("Off").name("Kids").raw("[");
        for k in &kids {
            if let Object::Reference(r) = k {
                o.reference(*r);
            }
        }
        o.raw("]>>");
        raw.push((*id, o));
        fields.push(Object::Reference(*id));
    }
    for (page, annots) in pages.iter().zip(per_page) {
        if let Ok(Object::Dictionary(p)) = lo.get_object_mut(*page) {
            if !annots.is_empty() {
                p.set("Annots", Object::Array(annots));
            }
        }
    }
    let mut form = Dictionary::from_iter([
        ("Fields", Object::Array(fields)),
        (
            "DA",
            Object::String(da.as_bytes().to_vec(), lopdf::StringFormat::Literal),
        ),
    ]);
    if let Some(font) = font {
        form.set(
            "DR",
            Dictionary::from_iter([(
                "Font",
                Object::Dictionary(Dictionary::from_iter([(
                    super::field_font::NAME,
                    Object::Reference(font),
                )])),
            )]),
        );
    }
    if let Ok(root) = lo.trailer.get(b"Root").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(cat)) = lo.get_object_mut(root) {
            cat.set("AcroForm", form);
        }
    }
    out
}
