"""Fill every date field of a PDF, as a person's tool would, then check what was drawn.

fill.py pikepdf|qpdf IN OUT DATE: fills with pikepdf's form module (its own appearance
generator, the file saved again by pikepdf) or with qpdf (the value set through qpdf's
JSON, the appearance made by `qpdf --generate-appearances`). Then, for each filled
widget: its appearance uses the form's own embedded font, whose encoding gives every
character a code and a width, and the typed date fits inside the field.
"""
import json, subprocess, sys, tempfile, os
import pikepdf
from pikepdf.form import Form, ExtendedAppearanceStreamGenerator

tool, src, out, date = sys.argv[1:5]

def date_fields(pdf):
    return [f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Tx" and str(f.T).endswith("-date")]

if tool == "pikepdf":
    pdf = pikepdf.open(src)
    form = Form(pdf, generate_appearances=ExtendedAppearanceStreamGenerator)
    names = [f.fully_qualified_name for f in form if f.fully_qualified_name.endswith("-date")]
    assert names, "no date fields"
    for field in form:
        if field.fully_qualified_name.endswith("-date"):
            field.value = date
    pdf.save(out)
elif tool == "qpdf":
    with tempfile.TemporaryDirectory() as tmp:
        j = os.path.join(tmp, "in.json")
        subprocess.run(["qpdf", "--json-output", src, j], check=True)
        doc = json.load(open(j))
        objs = doc["qpdf"][1]
        update = {}
        for key, o in objs.items():
            v = o.get("value") if isinstance(o, dict) else None
            if isinstance(v, dict) and v.get("/FT") == "/Tx" and str(v.get("/T", "")).endswith("-date"):
                v["/V"] = "u:" + date
                update[key] = {"value": v}
            if isinstance(v, dict) and "/AcroForm" in v:
                v["/AcroForm"]["/NeedAppearances"] = True
                update[key] = {"value": v}
        assert len(update) >= 3, update.keys()
        u = os.path.join(tmp, "update.json")
        json.dump({"qpdf": [{"jsonversion": 2, "pushedinheritedpageresources": False, "calledgetallpages": False, "maxobjectid": doc["qpdf"][0]["maxobjectid"]}, update]}, open(u, "w"))
        # PDF/A asks for an end of line before `endstream`; qpdf writes one when asked.
        subprocess.run(["qpdf", "--newline-before-endstream", src, out, "--update-from-json=" + u, "--generate-appearances"], check=True)
else:
    sys.exit("tool?")

pdf = pikepdf.open(out)
assert "/NeedAppearances" not in pdf.Root.AcroForm or not pdf.Root.AcroForm.NeedAppearances
dr = pdf.Root.AcroForm.DR.Font
for f in date_fields(pdf):
    assert str(f.V) == date, (str(f.T), str(f.V))
    ap = f.AP.N
    bbox = [float(x) for x in ap.BBox]
    fonts = ap.get("/Resources", {}).get("/Font", dr)
    shown, size, font = [], None, None
    for operands, op in pikepdf.parse_content_stream(ap):
        if op == pikepdf.Operator("Tf"):
            font, size = fonts[operands[0]], float(operands[1])
        if op == pikepdf.Operator("Tj"):
            shown.append(bytes(operands[0]))
    assert shown and font is not None, f"{f.T}: nothing drawn"
    assert font.Subtype == "/TrueType" and "/FontFile2" in font.FontDescriptor, f"{f.T}: not the embedded field font"
    codes = b"".join(shown)
    first = int(font.FirstChar)
    widths = [float(w) for w in font.Widths]
    for c in codes:
        assert first <= c < first + len(widths) and widths[c - first] > 0, f"{f.T}: code {c} has no glyph"
    width = sum(widths[c - first] for c in codes) * size / 1000
    room = bbox[2] - bbox[0]
    assert width + 2 <= room, f"{f.T}: {date!r} is {width:.1f} pt at {size} pt, in a field {room:.1f} pt wide"
    assert codes.decode("cp1252") == date, (codes, date)
    print(f"{f.T}: {date!r} {width:.1f} of {room:.1f} pt")
