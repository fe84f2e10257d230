#!/usr/bin/python3
"""Replace every composite glyph of a TrueType font with its outline.

The PDF library subsets fonts one level of composite glyphs deep; Vietnamese letters with two
marks (ộ, ấ, ằ …) are composites of composites in DejaVu, and lost their marks in print. A
font without composites prints them whole. Run once per shipped font (Debian: python3-fonttools):

    /usr/bin/python3 decompose.py /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf DejaVuSerif.ttf
"""
import sys

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src)
glyf, glyphs = font["glyf"], font.getGlyphSet()
for name in font.getGlyphOrder():
    if not glyf[name].isComposite():
        continue
    rec = DecomposingRecordingPen(glyphs)
    glyphs[name].draw(rec)
    pen = TTGlyphPen(None)
    rec.replay(pen)
    glyf[name] = pen.glyph()
font.save(dst)
