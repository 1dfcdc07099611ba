"""Where a Chinese cell may break (issue 12/14: the zh_CN schedule at 1280 × 800): between
ideographs, as Qt's Unicode line breaking does, but never inside a Latin word, a number or
its unit; lines counted in display columns (an ideograph is two)."""

from __future__ import annotations

from ui.text_wrap import WORD_JOINER, display_width, has_wide, join_latin_words, pieces, wrap_wide


def test_a_chinese_run_breaks_between_ideographs() -> None:
    assert pieces("重组人粒细胞") == ["重", "组", "人", "粒", "细", "胞"]
    # Opening punctuation stays with what follows, as Qt keeps it.
    assert pieces("mg（方案剂量") == ["mg", "（方", "案", "剂", "量"]


def test_numbers_units_and_latin_words_stay_whole() -> None:
    """Qt itself may break after '/' or '-': the fitter keeps such a word whole (a column
    as wide as '10⁹/L）' never splits it)."""
    assert pieces("10⁹/L）") == ["10⁹/L）"]
    assert pieces("（G-CSF）") == ["（G-CSF）"]
    assert pieces("mcg/kg/day") == ["mcg/kg/day"]
    assert not has_wide("83.3 mL/h × 10⁹/L")


def test_lines_by_display_width() -> None:
    """'输注 1 小时，' is 4 + 2 + 1 + 6 = 13 columns ('输注', ' 1', a space, '小时，': each
    ideograph and the full-width comma two); '于' would make it 15 > 13: the next line."""
    assert display_width("输注 1 小时，") == 13
    assert wrap_wide("输注 1 小时，于 ATG 前", 13) == ["输注 1 小时，", "于 ATG 前"]
    # 10 ideographs are 20 columns: the drug name breaks after 球, the abbreviation whole.
    assert wrap_wide("兔抗人胸腺细胞免疫球蛋白（ATG）", 20) == [
        "兔抗人胸腺细胞免疫球",
        "蛋白（ATG）",
    ]
    assert wrap_wide("115 mg（方案剂量 150 mg 的 75% — 原因：platelets 45 × 10⁹/L）", 23) == [
        "115 mg（方案剂量 150 mg",
        "的 75% — 原因：",
        "platelets 45 × 10⁹/L）",
    ]


def test_a_word_joiner_keeps_units_and_ranges_whole() -> None:
    """Qt may break after '/', '-' and '–' ('10⁹/' over 'L' in a narrow Chinese note): a
    word joiner after each inside a Latin word; none beside a space or an ideograph."""
    joined = join_latin_words("高于 1.0 × 10⁹/L，G-CSF 5–10 mcg/kg/天")
    assert joined == (
        f"高于 1.0 × 10⁹/{WORD_JOINER}L，G-{WORD_JOINER}CSF 5–{WORD_JOINER}10 "
        f"mcg/{WORD_JOINER}kg/天"
    )
    assert joined.replace(WORD_JOINER, "") == "高于 1.0 × 10⁹/L，G-CSF 5–10 mcg/kg/天"


def test_a_unit_is_kept_beside_its_number_where_the_two_fit() -> None:
    """``fits`` stands for the column's width (here: at most 8 characters). 'draw 120 mL'
    keeps '120 mL' together; of '2 × 10⁶/kg' (10 characters joined) '2 ×' stays joined
    and '10⁶/kg' goes on alone; a text without a number is returned as it is."""
    from ui.text_wrap import NO_BREAK_SPACE as NBSP
    from ui.text_wrap import keep_units_within

    def fits(piece: str) -> bool:
        return len(piece) <= 8

    assert keep_units_within("draw 120 mL", fits) == f"draw 120{NBSP}mL"
    assert keep_units_within("target 2 × 10⁶/kg", fits) == f"target 2{NBSP}× 10⁶/kg"
    assert keep_units_within("3,000 mL\nover 24 hours", fits) == (
        f"3,000{NBSP}mL\nover 24{NBSP}hours"
    )
    assert keep_units_within("per local protocol", fits) == "per local protocol"
    # Nothing fits: the breaks the text had (and no word joiner beside an ideograph).
    assert keep_units_within("第−4天 120 mL", lambda piece: False) == "第−4天 120 mL"
    # Everything fits: as join_units joins it.
    joined = keep_units_within("第−4天 120 mL", lambda piece: True)
    assert joined == f"第{WORD_JOINER}−4{WORD_JOINER}天 120{NBSP}mL"


def test_a_unit_ending_in_a_superscript_is_not_a_number() -> None:
    """'m²' ends a unit, not a number: the word after it is free to start the next line
    ('2.0 g/m² on each' was one unbreakable run); '10⁹' and '10¹²' are numbers."""
    from ui.text_wrap import NO_BREAK_SPACE as NBSP
    from ui.text_wrap import join_units

    assert join_units("2.0 g/m² on each day") == f"2.0{NBSP}g/m² on each day"
    assert join_units("0 × 10⁶ cells") == f"0{NBSP}×{NBSP}10⁶{NBSP}cells"
    assert join_units("10¹² units") == f"10¹²{NBSP}units"
