"""The translation glossary a reviewer checks line by line: one Chinese name per English
term, every drug of every protocol in it, no μg / IU, and every Chinese term printable."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

from app.text_support import check_printable

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "resources" / "i18n" / "glossary.tsv"


def _rows() -> list[list[str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_each_line_is_english_chinese_and_an_optional_note() -> None:
    rows = _rows()
    assert rows[0] == ["English", "Chinese", "note"]
    english = [row[0] for row in rows[1:]]
    assert all(len(row) in (2, 3) and row[0] and row[1] for row in rows[1:])
    assert len(english) == len(set(english))  # one Chinese name per term


def test_every_drug_phase_and_arm_of_every_protocol_has_its_chinese_name() -> None:
    english = {row[0] for row in _rows()[1:]}
    names: set[str] = set()
    for path in sorted((ROOT / "resources" / "protocols").glob("*.toml")):
        protocol = tomllib.loads(path.read_text(encoding="utf-8"))
        names |= {item["name"] for item in protocol["items"]}
        names |= {phase["name"] for phase in protocol["phases"]}
        names |= {arm["name"] for arm in protocol.get("arms", [])}
    assert names - english == set()


def test_units_follow_ismp_and_every_term_prints() -> None:
    """mcg never μg or µg; units and international units in words, never U or IU."""
    for row in _rows()[1:]:
        chinese = row[1]
        assert "μg" not in chinese and "µg" not in chinese and "IU" not in chinese, row
        assert check_printable("glossary", chinese) == chinese
