"""A refused typed number or text reads in Chinese whole, range and all: the refusals are
raised by the engine's own readers (never written out here), then reworded by
app.input_text. Before, the range the window adds ("(accepted 80–500 mg/day)") stopped
every pattern from matching, and a chinese-speaking pharmacist read English."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from app.input_text import input_message
from dosing.errors import InputError
from dosing.text import read_text
from dosing.validation import read_age_years, read_in_range

DOSE_RANGE = (Decimal(80), Decimal(500))  # methylprednisolone, mg/day (seed)


def _refusal(read: Callable[[], object]) -> str:
    with pytest.raises(InputError) as refused:
        read()
    return refused.value.message


@pytest.mark.parametrize(
    ("read", "chinese"),
    [
        (
            lambda: read_in_range("abc", "dose", "mg/day", DOSE_RANGE),
            "“abc”不是数字：请只用数字，最多一个小数点（不用指数，不用下划线）；单位为 mg/day"
            "（允许范围 80–500 mg/day）",
        ),
        (
            lambda: read_in_range("1,5", "dose", "mg/day", DOSE_RANGE),
            "“1,5”：小数请用小数点（67.5）；逗号只用于千位分隔（允许范围 80–500 mg/day）",
        ),
        (
            lambda: read_in_range("9" * 40, "dose", "mg/day", DOSE_RANGE),
            "长度为 40 个字符：不是数字（最多 24 个字符）（允许范围 80–500 mg/day）",
        ),
        (
            lambda: read_in_range("", "dose", "mg/day", DOSE_RANGE),
            "未填写：请输入数值，单位 mg/day（允许范围 80–500 mg/day）",
        ),
        (
            lambda: read_in_range("a\nb", "dose", "mg/day", DOSE_RANGE),
            "“a\nb”不是数字：请只用数字，最多一个小数点（不用指数，不用下划线）；单位为 mg/day"
            "（允许范围 80–500 mg/day）",
        ),
        (lambda: read_age_years("3.5"), "“3.5”不是整数（允许范围 0–120 岁）"),
        (
            lambda: read_age_years("abc"),
            "“abc”不是数字：请只用数字，最多一个小数点（不用指数，不用下划线）；单位为 岁"
            "（允许范围 0–120 岁）",
        ),
        (lambda: read_age_years("150"), "150 岁 超出允许范围 0–120 岁"),
        (lambda: read_text("a\nb", "name", 64), "含有控制字符（U+000A）"),
        (lambda: read_text("x" * 70, "name", 64), "长度为 70 个字符（最多 64 个）"),
    ],
)
def test_a_refusal_of_a_typed_value_reads_in_chinese_whole(
    read: Callable[[], object], chinese: str
) -> None:
    english = _refusal(read)
    said = input_message(english, "zh_CN")
    assert said == chinese, english
    # Nothing English left but the units and what was typed.
    assert not re.search(r"\b(?:accepted|not|enter|use|is|years)\b", said)


def test_an_english_reader_reads_the_refusal_as_the_engine_wrote_it() -> None:
    english = _refusal(lambda: read_age_years("3.5"))
    assert (
        input_message(english, "en")
        == english
        == "'3.5' is not a whole number (accepted 0–120 years)"
    )
