"""The window shows a Chinese name on a workstation with no CJK font of its own: the bundled
font is registered with Qt, and the name field's text is laid out with real glyphs."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QLineEdit
from ui.fonts import register_bundled_fonts

app = QApplication([])
field = QLineEdit()

def glyphs(text):
    layout = QTextLayout(text, field.font())
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    return [(run.rawFont().familyName(), i) for run in layout.glyphRuns() for i in run.glyphIndexes()]

before = glyphs("王小明李䶮")
families = register_bundled_fonts()
after = glyphs("王小明李䶮")
print(repr((families, before, after)))
"""


def test_a_chinese_name_is_drawn_with_glyphs_once_the_font_is_registered() -> None:
    """In a fresh process (Qt's font database is per process): after registration every
    character of 王小明李䶮 has a real glyph (index > 0) from a font that has it; before,
    on a machine without CJK fonts, they were glyph 0, the empty box."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True
    ).stdout
    families, before, after = ast.literal_eval(out.strip().splitlines()[-1])
    assert families == ["Droid Sans Fallback"]
    assert len(after) == 5 and all(index > 0 for _family, index in after)
    if all(index == 0 for _family, index in before):
        # This machine has no CJK font: the bundled one is what draws the name.
        assert {family for family, _index in after} == {"Droid Sans Fallback"}
