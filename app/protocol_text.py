"""The protocol files' own sentences in the reader's language.

The protocol files (``resources/protocols/*.toml``) stay the clinical source, in English. Their
sentences a reader sees — titles, summaries, item notes, conditions, a protocol's own alerts,
the source reading it asks to confirm, follow-up labels and checks — are translated in a
catalogue beside the window's (``resources/i18n/protocols_zh_CN.toml``), one entry per
protocol id and path (``items.gcsf-engraftment.stop_condition.text``), each carrying the
English it translates. A Chinese sentence is used only while that English is still the
protocol's word for word: after a protocol edit the old translation is never shown
(the English is), and ``tests/test_i18n_protocols.py`` fails until the catalogue is updated.
Short terms (drug, phase and arm names, routes, frequencies, durations, diluents) are the
glossary's (``glossary.tsv``), not repeated here.

The engine stays language-free: this module reads the English the engine echoes from the
protocol (``Administration.condition``, ``.note``, ``Alert.message``…) and words the few
phrases the engine adds itself (a dropped day, a course resolved by counts, a dose's place in
its cycle, a follow-up visit's label) from their fixed English patterns.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

from app import resources

CATALOGUE_FILE = resources.i18n_dir() / "protocols_zh_CN.toml"

# The sentence fields of a protocol file, by where they are; quotes from the sources are not
# among them (they are printed verbatim, in the source's language).
_ITEM_FIELDS = (
    "note",
    "start_condition.text",
    "stop_condition.text",
    "alert.message",
    "reading.read_as",
    "reading.alternative",
)
_FOLLOW_UP_FIELDS = ("label", "checks", "note")


def _field(table: Mapping[str, Any], dotted: str) -> object:
    value: object = table
    for key in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def protocol_sentences(data: Mapping[str, Any]) -> dict[str, str]:
    """Path -> English of every sentence a reader sees in one protocol file (its raw table)."""
    found: dict[str, str] = {}

    def add(path: str, value: object) -> None:
        if isinstance(value, str) and value.strip():
            found[path] = value

    add("title", data.get("title"))
    add("summary", data.get("summary"))
    for item in data.get("items", []):
        for dotted in _ITEM_FIELDS:
            add(f"items.{item['id']}.{dotted}", _field(item, dotted))
    follow_up = data.get("follow_up", [])
    for number, schedule in enumerate([follow_up] if isinstance(follow_up, dict) else follow_up):
        for key in _FOLLOW_UP_FIELDS:
            add(f"follow_up.{number}.{key}", schedule.get(key))
    return found


def protocol_terms(data: Mapping[str, Any]) -> set[str]:
    """The short terms of one protocol file the glossary names (``glossary.tsv``)."""
    terms: set[str] = set()
    terms |= {phase["name"] for phase in data.get("phases", [])}
    terms |= {arm["name"] for arm in data.get("arms", [])}
    for item in data.get("items", []):
        preparation = item.get("preparation", {})
        for value in (
            item.get("name"),
            item.get("route"),
            item.get("frequency"),
            preparation.get("duration"),
            preparation.get("diluent"),
        ):
            if value:
                terms.add(value)
    return terms


@cache
def catalogue() -> tuple[dict[str, str], ...]:
    """The catalogue's entries: ``protocol``, ``path``, ``en``, ``zh``."""
    with CATALOGUE_FILE.open("rb") as handle:
        return tuple(dict(entry) for entry in tomllib.load(handle).get("text", []))


@cache
def _index() -> dict[str | None, dict[str, str]]:
    """English -> Chinese per protocol id, and for any protocol under ``None``."""
    index: dict[str | None, dict[str, str]] = {None: {}}
    for entry in catalogue():
        index.setdefault(entry["protocol"], {})[entry["en"]] = entry["zh"]
        index[None].setdefault(entry["en"], entry["zh"])
    return index


def _catalogued(english: str, protocol_id: str | None) -> str | None:
    index = _index()
    found = index.get(protocol_id, {}).get(english) if protocol_id is not None else None
    return found if found is not None else index[None].get(english)


# The phrases the engine writes itself around the protocol's words (dosing/engine/
# conditions.py, administrations.py, compiled.py, follow_up.py), in Chinese.
_N = r"[−+\-]?[\d,.]+"
_ENGINE_ZH: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r"^cycle (\d+) · dose (\d+)$", lambda m: f"第{m[1]}周期 · 第{m[2]}剂"),
        (
            r"^started (\S+): WBC (" + _N + r") × 10⁹/L$",
            lambda m: f"{m[1]} 开始：白细胞计数 {m[2]} × 10⁹/L",
        ),
        (
            r"^nadir (\S+): ANC (" + _N + r") × 10⁹/L$",
            lambda m: f"{m[1]} 达最低点：中性粒细胞绝对计数 {m[2]} × 10⁹/L",
        ),
        (
            r"^stopped (\S+): ANC greater than (" + _N + r") × 10⁹/L on (\d+) consecutive days$",
            lambda m: f"{m[1]} 停用：中性粒细胞绝对计数连续 {m[3]} 天高于 {m[2]} × 10⁹/L",
        ),
        (
            r"^stopped (\S+): CD34\+ collected ("
            + _N
            + r") × 10⁶, more than the target of ("
            + _N
            + r") × 10⁶$",
            lambda m: f"{m[1]} 停用：已采集 CD34⁺ 细胞 {m[2]} × 10⁶，超过目标 {m[3]} × 10⁶",
        ),
        (
            r"^ended (\S+): the day before conditioning$",
            lambda m: f"{m[1]} 结束：预处理开始的前一天",
        ),
        (
            r"^Dropped by the prescriber(?:: (.*))?$",
            lambda m: "处方医师已停用" + (f"：{m[1]}" if m[1] else ""),
        ),
        (
            r"^Dropped with (.+?), which it is given with(?:: (.*))?$",
            lambda m: f"随{_term(m[1])}一并停用（两者同日给药）" + (f"：{m[2]}" if m[2] else ""),
        ),
        (r"^to be set by counts$", lambda m: "待血象确定"),
        (
            r"^(.+?) \(range (" + _N + r")–(" + _N + r") (.+)\)$",
            lambda m: f"{m[1]}（范围 {m[2]}–{m[3]} {m[4]}）".replace("/day", "/天"),
        ),
        (
            r"^CD34\+ greater than (" + _N + r") × 10⁶/kg \(more than (" + _N + r") × 10⁶ cells "
            r"for (" + _N + r") kg\)$",
            lambda m: f"CD34⁺ 细胞高于 {m[1]} × 10⁶/kg（{m[3]} kg 需超过 {m[2]} × 10⁶ 个细胞）",
        ),
        (
            r"^mononuclear cells greater than ("
            + _N
            + r") × 10⁸/kg \(more than ("
            + _N
            + r") × 10⁸ cells\)$",
            lambda m: f"单个核细胞高于 {m[1]} × 10⁸/kg（需超过 {m[2]} × 10⁸ 个细胞）",
        ),
        (r"^week (\d+)$", lambda m: f"第{m[1]}周"),
        (r"^baseline$", lambda m: "基线"),
        (r"^(\d+) months?$", lambda m: f"{m[1]} 个月"),
        (r"^day 0$", lambda m: "第0天"),
        (r"^at stem cell harvest$", lambda m: "干细胞采集时"),
        (r"^no apheresis collection entered yet$", lambda m: "尚未填写单采记录"),
        (r"^day 0 date not entered$", lambda m: "未填写第0天日期"),
        (r"^treatment start date not entered$", lambda m: "未填写治疗开始日期"),
    )
)


def _term(english: str) -> str:
    from app.sheets._language import chinese

    return chinese(english)


@cache
def _chinese_part(english: str, protocol_id: str | None) -> str | None:
    found = _catalogued(english, protocol_id)
    if found is not None:
        return found
    for pattern, words in _ENGINE_ZH:
        match = pattern.match(english)
        if match:
            return words(match)
    return None


@cache
def chinese_text(english: str, protocol_id: str | None = None) -> str | None:
    """A protocol sentence (or sentences and the engine's phrases joined with "; ", as in a
    condition or a resolved course's note) in Chinese, or None when any part of it is not
    known here: a half-translated sentence is worse than the English one."""
    parts = english.split("; ")
    # best[i]: the Chinese of parts[:i]; a sentence may itself hold a "; ".
    best: list[str | None] = [""] + [None] * len(parts)
    for end in range(1, len(parts) + 1):
        for start in range(end):
            done = best[start]
            if done is None:
                continue
            zh = _chinese_part("; ".join(parts[start:end]), protocol_id)
            if zh is not None:
                best[end] = f"{done}；{zh}" if done else zh
                break
    return best[-1]


def text_lines(english: str, language: str, protocol_id: str | None = None) -> list[str]:
    """What to print for a protocol sentence: English; Chinese (or the English where the
    catalogue has none); bilingual: the Chinese with the English below it."""
    if language == "en" or not english:
        return [english]
    zh = chinese_text(english, protocol_id)
    if zh is None:
        return [english]
    return [zh] if language == "zh_CN" else [zh, english]


def text(english: str, language: str, protocol_id: str | None = None, joiner: str = " · ") -> str:
    return joiner.join(text_lines(english, language, protocol_id))


def entries_by_protocol() -> Iterator[tuple[str, str, str, str]]:
    """(protocol, path, en, zh) of every catalogue entry, in file order (for the tests)."""
    for entry in catalogue():
        yield entry["protocol"], entry["path"], entry["en"], entry["zh"]
