"""Fill in a review record as a pair would on screen, with pikepdf's form module: tick
one option of every group of radio buttons, type notes of several lines into every
notes field, and save. fill_review.py IN OUT. Then check what was recorded: each group
has its option, each notes field its text and an appearance.
"""
import sys
import pikepdf
from pikepdf.form import Form, ExtendedAppearanceStreamGenerator, RadioButtonGroup, TextField

src, out = sys.argv[1:3]
pdf = pikepdf.open(src)
form = Form(pdf, generate_appearances=ExtendedAppearanceStreamGenerator)
groups = notes = 0
for field in form:
    if isinstance(field, RadioButtonGroup):
        states = [s for s in field.states if s != "/Off"]
        assert len(states) >= 2, (field.fully_qualified_name, field.states)
        field.value = states[-1]
        groups += 1
    elif isinstance(field, TextField) and field.fully_qualified_name.startswith("notes-"):
        field.value = "We agreed to meet the team lead.\nZoë will write it up by Friday."
        notes += 1
assert groups >= 2 and notes >= 2, (groups, notes)
pdf.save(out)

pdf = pikepdf.open(out)
for f in pdf.Root.AcroForm.Fields:
    if f.get("/FT") == "/Btn":
        assert f.V != "/Off", f.T
        ticked = [k for k in f.Kids if k.AS != "/Off"]
        assert len(ticked) == 1, (str(f.T), len(ticked))
    elif str(f.T).startswith("notes-"):
        assert "Friday" in str(f.V) and "/N" in f.AP, f.T
print(f"{groups} choices, {notes} notes")
