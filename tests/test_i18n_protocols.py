"""The protocol files' sentences in Chinese (resources/i18n/protocols_zh_CN.toml): every
sentence a reader sees has its entry, every entry still translates the protocol's English
word for word, and a stale entry is never shown."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from app.protocol_text import (
    chinese_text,
    entries_by_protocol,
    protocol_sentences,
    protocol_terms,
    text_lines,
)
from app.text_support import check_printable

ROOT = Path(__file__).resolve().parent.parent
PROTOCOLS = sorted((ROOT / "resources" / "protocols").glob("*.toml"))


def _protocols() -> dict[str, dict[str, str]]:
    """protocol id -> {path: English} from the shipped files."""
    found = {}
    for path in PROTOCOLS:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found[data["id"]] = protocol_sentences(data)
    return found


def _catalogue() -> dict[tuple[str, str], tuple[str, str]]:
    entries = list(entries_by_protocol())
    keyed = {(protocol, path): (en, zh) for protocol, path, en, zh in entries}
    assert len(keyed) == len(entries), "one entry per protocol and path"
    return keyed


def test_every_sentence_of_every_protocol_has_its_chinese_entry() -> None:
    catalogue = _catalogue()
    missing = [
        f"{protocol}: {path}: {english!r}"
        for protocol, sentences in _protocols().items()
        for path, english in sentences.items()
        if (protocol, path) not in catalogue
    ]
    assert missing == [], "add to resources/i18n/protocols_zh_CN.toml:\n" + "\n".join(missing)


def test_every_entry_translates_the_protocol_english_as_it_is_now() -> None:
    """A protocol sentence edited since it was translated (or removed) fails here."""
    protocols = _protocols()
    stale = [
        f"{protocol}: {path}: catalogue {en!r}, protocol {protocols.get(protocol, {}).get(path)!r}"
        for (protocol, path), (en, _zh) in _catalogue().items()
        if protocols.get(protocol, {}).get(path) != en
    ]
    assert stale == [], "update resources/i18n/protocols_zh_CN.toml:\n" + "\n".join(stale)


def test_the_chinese_follows_ismp_and_prints() -> None:
    """mcg never μg; units in words, never IU; each entry has Chinese and prints."""
    for protocol, path, _en, zh in entries_by_protocol():
        where = f"{protocol}: {path}"
        assert "μg" not in zh and "µg" not in zh and "IU" not in zh, where
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), where
        assert check_printable("catalogue", zh) == zh, where


def test_every_term_of_every_protocol_is_in_the_glossary() -> None:
    """Routes, frequencies, durations and diluents too, not only the names."""
    glossary = ROOT / "resources" / "i18n" / "glossary.tsv"
    with glossary.open(encoding="utf-8", newline="") as handle:
        english = {row[0] for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    terms: set[str] = set()
    for path in PROTOCOLS:
        terms |= protocol_terms(tomllib.loads(path.read_text(encoding="utf-8")))
    assert terms - english == set()


def test_a_sentence_edited_after_its_translation_shows_in_english() -> None:
    """The old Chinese of an edited sentence would say what the protocol no longer says."""
    current = "daily until ANC greater than 1.0 × 10⁹/L on 2 consecutive days after the nadir"
    assert chinese_text(current, "auto-hsct-ln") == (
        "每日一次，直至最低点之后中性粒细胞绝对计数连续 2 天高于 1.0 × 10⁹/L"
    )
    edited = "daily until ANC greater than 1.5 × 10⁹/L on 2 consecutive days"
    assert chinese_text(edited, "auto-hsct-ln") is None
    assert text_lines(edited, "zh_CN", "auto-hsct-ln") == [edited]


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("cycle 2 · dose 3", "第2周期 · 第3剂"),
        ("started 2027-03-04: WBC 0.8 × 10⁹/L", "2027-03-04 开始：白细胞计数 0.8 × 10⁹/L"),
        (
            "stopped 2027-04-20: ANC greater than 1 × 10⁹/L on 2 consecutive days",
            "2027-04-20 停用：中性粒细胞绝对计数连续 2 天高于 1 × 10⁹/L",
        ),
        (
            "stopped 2027-02-12: CD34+ collected 150 × 10⁶, more than the target of 134 × 10⁶",
            "2027-02-12 停用：已采集 CD34⁺ 细胞 150 × 10⁶，超过目标 134 × 10⁶",
        ),
        ("Dropped by the prescriber: platelets low", "处方医师已停用：platelets low"),
        ("week 4", "第4周"),
        ("250 mg/day (range 80–500 mg/day)", "250 mg/天（范围 80–500 mg/天）"),
        ("18 months", "18 个月"),
    ],
)
def test_the_engine_own_phrases_are_worded_in_chinese(english: str, chinese: str) -> None:
    assert chinese_text(english) == chinese


def test_a_condition_of_two_sentences_is_translated_whole_or_not_at_all() -> None:
    start = "start when WBC less than 1.0 × 10⁹/L, not within 24 hours of cyclophosphamide"
    stop = "daily until the CD34+ cells collected exceed the target (more than 2 × 10⁶/kg)"
    assert chinese_text(f"{start}; {stop}", "auto-hsct-ln") == (
        "白细胞计数低于 1.0 × 10⁹/L 时开始，与环磷酰胺给药间隔至少 24 小时；"
        "每日一次，直至采集的 CD34⁺ 细胞超过目标（大于 2 × 10⁶/kg）"
    )
    assert chinese_text(f"{start}; until something new", "auto-hsct-ln") is None
    assert text_lines(stop, "bilingual", "auto-hsct-ln") == [
        "每日一次，直至采集的 CD34⁺ 细胞超过目标（大于 2 × 10⁶/kg）",
        stop,
    ]
