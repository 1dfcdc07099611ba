"""A refused input's words in the reader's language: the engine's refusals (dosing/
validation.py, dosing/numbers.py, dosing/text.py), the window's typed dates and the store's
refusals to save, matched by their English and reworded with the value, the bounds and the
unit as written. A refusal not known here is shown as written (English): a guess would be
worse.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_N = r"[−+\-]?[\d,.]+"  # a number as the engine displays it


# The engine's refusals of an input (dosing/validation.py, dosing/numbers.py), in Chinese:
# the value, the bounds and the unit as the engine wrote them.
_RANGE = re.compile(
    r"^(?P<value>" + _N + r") (?P<unit>.+?) is outside the accepted range "
    r"(?P<low>" + _N + r")–(?P<high>" + _N + r") (?P=unit)(?: \((?P<hint>.*)\))?$"
)
_HINTS_ZH = (
    (r"^was it entered in pounds\? choose lb as the unit$", "是否按磅输入？请将单位改选为 lb"),
    (r"^was it entered in inches\? choose in as the unit$", "是否按英寸输入？请将单位改选为 in"),
    (
        r"^was it entered in metres\? (" + _N + r") m = (" + _N + r") cm$",
        r"是否按米输入？\1 m = \2 cm",
    ),
)


def _unit_zh(unit: str) -> str:
    return "岁" if unit == "years" else unit


_DATE_USAGE = re.escape("type the whole date as yyyy-mm-dd (2027-04-18) or yyyymmdd (20270418)")
_DATE_USAGE_ZH = "请输入完整日期，格式为 yyyy-mm-dd（2027-04-18）或 yyyymmdd（20270418）"
_INPUT_ZH: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (
        r"^'(.*)' is not a number: use digits with at most one decimal point "
        r"\(no exponent, no underscore\)(?:; enter it in (.+))?$",
        lambda m: (
            f"“{m[1]}”不是数字：请只用数字，最多一个小数点（不用指数，不用下划线）"
            + (f"；单位为 {_unit_zh(m[2])}" if m[2] else "")
        ),
    ),
    (
        r"^'(.*)': use a point for decimals \(67\.5\); commas only between thousands$",
        r"“\1”：小数请用小数点（67.5）；逗号只用于千位分隔",
    ),
    (
        r"^(is missing: )?enter a number(?: in (.+))?$",
        lambda m: (
            ("未填写：" if m[1] else "")
            + "请输入数值"
            + (f"，单位 {_unit_zh(m[2])}" if m[2] else "")
        ),
    ),
    (r"^a reason is required$", "必须填写原因"),
    # What the plan store refuses to save (app/store/rows.py, identity.py).
    (
        r"^is required to save a plan: plans are filed by MRN$",
        "保存计划必须填写病历号：计划按病历号归档",
    ),
    (r"^is too long: up to (\d+) characters$", r"过长：最多 \1 个字符"),
    (r"^is required: who is doing this$", "必须填写：由谁操作"),
    (
        r"^'(.*)' is not a txdose check code \(like (\S+), printed at the foot of every page\)$",
        r"“\1”不是 txdose 核对码（形如 \2，印在每页页脚）",
    ),
    # A reason typed (dosing/text.read_reason, read_text).
    (
        r"^a reason is required: at least (\d+) visible characters(?: \((.*)\))?$",
        lambda m: (
            f"必须填写原因：至少 {m[1]} 个可见字符" + (f"（{_given_zh(m[2])}）" if m[2] else "")
        ),
    ),
    (r"^is ([\d,]+) characters long \(at most (\d+)\)$", r"长度为 \1 个字符（最多 \2 个）"),
    (
        r"^is ([\d,]+) characters long: not a number \(at most (\d+) characters\)$",
        r"长度为 \1 个字符：不是数字（最多 \2 个字符）",
    ),
    (r"^'(.*)' is not a whole number$", r"“\1”不是整数"),
    (r"^contains a text-direction override \((U\+[0-9A-F]+)\)$", r"含有文字方向控制字符（\1）"),
    (r"^contains a control character \((U\+[0-9A-F]+)\)$", r"含有控制字符（\1）"),
    # A date typed into a date field (ui/fields.read_typed_date).
    (
        r"^'(.*)' is not a whole date: " + _DATE_USAGE + "$",
        r"“\1”不是完整的日期：" + _DATE_USAGE_ZH,
    ),
    (
        r"^'(.*)' is not a date of the calendar: " + _DATE_USAGE + "$",
        r"“\1”不是日历上的日期：" + _DATE_USAGE_ZH,
    ),
    (
        r"^(\d{4}-\d\d-\d\d) is outside (\d{4}-\d\d-\d\d) – (\d{4}-\d\d-\d\d)$",
        r"\1 超出允许范围 \2 – \3",
    ),
    (r"^is not a finite number$", "不是有限的数值"),
)


def _given_zh(given: str) -> str:
    """What a too-short reason was, as read_reason names it, in Chinese."""
    hidden = re.match(r"^only invisible characters, such as (U\+[0-9A-F]+)$", given)
    if hidden:
        return f"只有不可见字符，例如 {hidden[1]}"
    quoted = re.match(r"^'(.*)'$", given)
    return f"“{quoted[1]}”" if quoted else given


# What dosing.validation.read_in_range adds to a refusal of a value that is not a number.
_ACCEPTED = re.compile(
    r"^(?P<refusal>.*) \(accepted (?P<low>" + _N + r")–(?P<high>" + _N + r") (?P<unit>[^()]+)\)$",
    re.DOTALL,
)


def input_message(message: str, language: str) -> str:
    """An input refusal of the engine's in ``language``; as written when not known here."""
    if language != "zh_CN":
        return message
    accepted = _ACCEPTED.match(message)
    if accepted:
        unit = _unit_zh(accepted["unit"])
        refusal = input_message(accepted["refusal"], language)
        if refusal == accepted["refusal"]:  # not known here: the whole refusal as written
            return message
        return f"{refusal}（允许范围 {accepted['low']}–{accepted['high']} {unit}）"
    found = _RANGE.match(message)
    if found:
        unit = _unit_zh(found["unit"])
        text = f"{found['value']} {unit} 超出允许范围 {found['low']}–{found['high']} {unit}"
        hint = found["hint"]
        if hint:
            zh_hint = hint
            for pattern, replacement in _HINTS_ZH:
                zh_hint = re.sub(pattern, replacement, zh_hint)
            text += f"（{zh_hint}）"
        return text
    for known, words in _INPUT_ZH:
        # DOTALL: what was typed is quoted as typed, a pasted line break too.
        if re.match(known, message, re.DOTALL):
            return re.sub(known, words, message, flags=re.DOTALL)
    if message.startswith(_MISSING):  # what to do, often in Chinese already (the window's)
        return "未填写：" + input_message(message.removeprefix(_MISSING), language)
    return message


_MISSING = "is missing: "  # dosing.errors.MissingInput
