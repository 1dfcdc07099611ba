"""Which characters a bundled font has, read straight from its ``cmap`` table.

The window checks a patient's name as it is typed; loading reportlab and parsing three
DejaVu faces for that took about 200 ms on the first non-ASCII keystroke. Reading only the
character map (formats 4 and 12, the ones TrueType fonts use for Unicode) takes a few
milliseconds and answers the same question; a test holds it equal to reportlab's reading.
"""

from __future__ import annotations

import struct
from bisect import bisect_left
from collections.abc import Callable
from functools import cache
from pathlib import Path


def _table(data: bytes, tag: bytes) -> int:
    count = struct.unpack_from(">H", data, 4)[0]
    for index in range(count):
        name, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if name == tag:
            return int(offset)
    raise ValueError(f"no {tag.decode()} table")


def _format4(data: bytes, at: int) -> Callable[[int], bool]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends: tuple[int, ...] = struct.unpack_from(f">{segments}H", data, at + 14)
    starts_at = at + 16 + 2 * segments
    starts: tuple[int, ...] = struct.unpack_from(f">{segments}H", data, starts_at)
    deltas: tuple[int, ...] = struct.unpack_from(f">{segments}h", data, starts_at + 2 * segments)
    offsets_at = starts_at + 4 * segments
    offsets: tuple[int, ...] = struct.unpack_from(f">{segments}H", data, offsets_at)

    def has(code: int) -> bool:
        if code > 0xFFFF:
            return False
        index = bisect_left(ends, code)
        if index == segments or code < starts[index]:
            return False
        if offsets[index] == 0:
            return (code + deltas[index]) & 0xFFFF != 0
        where = offsets_at + 2 * index + offsets[index] + 2 * (code - starts[index])
        glyph: int = struct.unpack_from(">H", data, where)[0]
        return glyph != 0 and (glyph + deltas[index]) & 0xFFFF != 0

    return has


def _format12(data: bytes, at: int) -> Callable[[int], bool]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    ranges: list[tuple[int, int, int]] = [
        struct.unpack_from(">III", data, at + 16 + 12 * i) for i in range(groups)
    ]
    ends = [end for _start, end, _glyph in ranges]

    def has(code: int) -> bool:
        index = bisect_left(ends, code)
        if index == groups:
            return False
        start, _end, glyph = ranges[index]
        return code >= start and glyph + code - start != 0

    return has


@cache
def coverage(path: Path) -> Callable[[int], bool]:
    """``has(code_point)`` for the font file: True when it maps the character to a glyph."""
    data = path.read_bytes()
    cmap = _table(data, b"cmap")
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    found: dict[int, int] = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        if (platform, encoding) in ((3, 1), (3, 10), (0, 3), (0, 4)):
            at = cmap + offset
            found.setdefault(struct.unpack_from(">H", data, at)[0], at)
    if 12 in found:
        return _format12(data, found[12])
    if 4 in found:
        return _format4(data, found[4])
    raise ValueError(f"{path.name}: no Unicode character map")


LATIN_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")


def printable(char: str) -> bool:
    """True when the sheets can draw ``char``: every DejaVu face has it (a value may print
    regular, bold or italic), or the CJK font has it — the rule ``app.sheets._fonts`` draws by."""
    from app.font_files import CJK_FONT_FILE, FONT_DIR

    if char.isspace():
        return True
    code = ord(char)
    if all(coverage(FONT_DIR / name)(code) for name in LATIN_FILES):
        return True
    return coverage(CJK_FONT_FILE)(code)
