"""Check a review record's fields against what is printed around them, as a person
filling it in would see it. review_layout.py PDF. Read with pikepdf (the fields and the
lines drawn) and poppler's pdftotext -bbox (where each word is):

- no printed line runs through a notes field, where a filling tool sets typed text;
- each box to tick is nearer the label after it (its own) than the word before it.
"""
import re
import subprocess
import sys

import pikepdf

path = sys.argv[1]
pdf = pikepdf.open(path)

# Words by page, in PDF coordinates (origin bottom left), from pdftotext's boxes.
html = subprocess.run(
    ["pdftotext", "-bbox", path, "-"], check=True, capture_output=True, text=True
).stdout
words = []
for page in re.split(r"<page ", html)[1:]:
    height = float(re.search(r'height="([\d.]+)"', page).group(1))
    words.append(
        [
            (float(a), height - float(d), float(c), height - float(b), w)
            for a, b, c, d, w in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                page,
            )
        ]
    )


def lines_of(page):
    """The horizontal lines the page draws: (x0, x1, y)."""
    out, start = [], None
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "cm":
            raise SystemExit("a page transforms its coordinates: this check assumes not")
        if op == "m":
            start = [float(v) for v in operands]
        elif op == "l" and start:
            x, y = (float(v) for v in operands)
            if abs(y - start[1]) < 0.01:
                out.append((min(x, start[0]), max(x, start[0]), y))
    return out


notes = boxes = 0
for n, page in enumerate(pdf.pages):
    drawn = lines_of(page)
    for annot in page.get("/Annots", []):
        if annot.get("/Subtype") != "/Widget":
            continue
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        parent = annot.get("/Parent")
        name = str(annot.get("/T", parent.get("/T") if parent is not None else ""))
        if name.startswith("notes-"):
            notes += 1
            for lx0, lx1, ly in drawn:
                assert not (y0 + 0.5 < ly < y1 - 0.5 and lx0 < x1 and lx1 > x0), (
                    f"page {n + 1}: a line at y={ly:.1f} runs through {name} ({y0:.1f}-{y1:.1f})"
                )
        elif parent is not None and parent.get("/FT") == "/Btn":
            boxes += 1
            mid = (y0 + y1) / 2
            row = [w for w in words[n] if w[1] < mid < w[3]]
            after = min((w[0] - x1 for w in row if w[0] >= x1 - 0.5), default=None)
            before = min((x0 - w[2] for w in row if w[2] <= x0 + 0.5), default=None)
            assert after is not None, f"page {n + 1}: a box of {name} has no label after it"
            if before is not None:
                assert after < before, (
                    f"page {n + 1}: a box of {name} is {before:.1f} pt after the word before it "
                    f"and {after:.1f} pt before its own label"
                )
assert notes >= 2 and boxes >= 4, (notes, boxes)
print(f"{notes} notes fields clear of lines, {boxes} boxes by their labels")
