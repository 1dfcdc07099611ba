"""Where the bundled fonts are (resources/fonts/, each licence beside its font).

A module of its own, importing nothing heavy, so the window can register the Chinese font without
loading reportlab, and the sheets and the window name the same file.
"""

from __future__ import annotations

from app import resources

FONT_DIR = resources.fonts_dir()

# Droid Sans Fallback Full (Apache-2.0): TrueType outlines, which reportlab can embed, with
# CJK Unified Ideographs and Extension A (李䶮's 䶮 is U+4DAE); about 4 MB.
CJK_FONT_FILE = FONT_DIR / "DroidSansFallbackFull.ttf"
