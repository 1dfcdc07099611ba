"""The engine's alerts (and a reduced dose's words) in the reader's language, worded from
each alert's code and facts.

The engine stays language-free: it writes its message in English and puts the facts of the
message in ``Alert.params`` (numbers as it displays them, drug names and dates as in the
plan). Here each code has its Chinese sentence; drug names are the glossary's one reviewed
name (``resources/i18n/glossary.tsv``), days are written ``第−3天``. English is the engine's
own message. A protocol file's own alert is worded by the protocol catalogue
(``app/protocol_text.py``). A code with no Chinese sentence yet (a code newer than this table,
a site protocol's alert the catalogue lacks) or an alert without the facts its sentence needs
is shown in the engine's English rather than guessed: a half-translated alert would be worse than an English
one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from app.protocol_text import chinese_text
from app.sheets._language import chinese, chinese_day
from dosing.codes import AlertCode
from dosing.display import format_dose, format_number, format_percent
from dosing.models import Administration, Alert, DrugTotal

_Sentence = Callable[[Mapping[str, str]], str]


def _drugs(names: str) -> str:
    """Names the engine joined with newlines, each in Chinese, listed the Chinese way."""
    return "、".join(chinese(name) for name in names.split("\n") if name)


def _renal(p: Mapping[str, str]) -> str:
    measures = []
    if "crcl" in p:
        measures.append(f"肌酐清除率（Cockcroft–Gault）{p['crcl']} mL/min")
    if "egfr" in p:
        measures.append(f"eGFR（CKD-EPI 2021）{p['egfr']} mL/min/1.73 m²")
    if not measures:
        raise KeyError("crcl")
    action = f"方案允许减量的药物为{_drugs(p['reducible'])}" if p["reducible"] else "请复核各药剂量"
    return f"{'；'.join(measures)}，低于 {p['threshold']} mL/min：{action}。剂量不会自动减少。"


def _choice(p: Mapping[str, str]) -> str:
    drug = chinese(p["drug"])  # the item id is the command line's key, not a word to read
    unit = p["unit"].replace("/day", "/天")  # mg/day -> mg/天, as the glossary's doses
    if "low" in p:
        return f"{drug}：请在 {p['low']}–{p['high']} {unit} 范围内选择剂量。"
    return f"{drug}：原始资料未给出剂量，由处方医师以 {unit} 为单位填写。"


def _dropped(p: Mapping[str, str]) -> str:
    text = f"{chinese(p['drug'])}：{chinese_day(p['day'])}已停用"
    if p["with"]:
        text += f"，随{chinese(p['with'])}一并停用（两者同日给药）"
    if p["reason"]:
        text += f" — 原因：{p['reason']}"
    return text + "。"


def _harvest_incomplete(p: Mapping[str, str]) -> str:
    end = (
        f"G-CSF 于前一天（{p['gcsf_end']}）结束。"
        if p["gcsf_end"]
        else "G-CSF 最多只能持续到前一天。"
    )
    return (
        f"{chinese(p['drug'])}：采集的 CD34⁺ 细胞尚未超过目标，而预处理于 {p['conditioning']} 开始；"
        f"{end}请确认采集情况或调整第0天。"
    )


def _count_start(p: Mapping[str, str]) -> str:
    drug = chinese(p["drug"])
    last = (
        f"动员期内最后一次计数（{p['last_count']}）为 {p['last_wbc']} × 10⁹/L"
        if p["last_count"]
        else "动员期内未录入计数"
    )
    if p["until"]:
        return (
            f"{drug}：尚未开始 — 至今白细胞未低于 {p['threshold']} × 10⁹/L；{last}。"
            f"预处理于 {p['conditioning']} 开始：G-CSF 最多只能给到 {p['until']}。"
            "请与处方医师确认采集情况，或调整第0天。"
        )
    return (
        f"{drug}：未开始 — 预处理（{p['conditioning']} 开始）前，每天早晨的白细胞均未低于 "
        f"{p['threshold']} × 10⁹/L；{last}。动员期未安排给药：请与处方医师确认采集情况，"
        "或调整第0天。"
    )


def _cumulative(p: Mapping[str, str]) -> str:
    amounts = f"本计划 {p['plan']}"
    if p["prior"]:
        amounts += f" + 既往 {p['prior']} = 累积 {p['cumulative']}"
    return f"{chinese('Cyclophosphamide')}：{amounts}（{p['per_kg']} mg/kg；{p['per_m2']} g/m²）。"


_ZH: dict[str, _Sentence] = {
    AlertCode.BMI_EXTREME: lambda p: (
        f"BMI {p['bmi']} kg/m² 超出 17–35 的范围：请核对体重及给药体重规则。"
    ),
    AlertCode.AGE_OUTSIDE_ELIGIBILITY: lambda p: (
        f"年龄 {p['age']} 岁，不在方案的入选年龄范围（{p['low']}–{p['high']} 岁）内："
        f"“{p['quote']}”。"
    ),
    AlertCode.IBW_EXTRAPOLATED: lambda p: (
        "身高低于 152.4 cm（60 in）：Devine 理想体重在其公式基线以下为外推值；"
        "请核对每一个按理想体重或校正体重计算的剂量。"
    ),
    AlertCode.WEIGHT_CHANGED: lambda p: (
        f"体重自计划计算以来变化了 {p['change']}（{p['reference']} kg → {p['weight']} kg）："
        "所有按体重计算的剂量均已重新计算，计划必须重新核对。"
    ),
    AlertCode.WEIGH_DATE_AFTER_DAY0: lambda p: (
        f"称重日期 {p['weigh_date']} 晚于第0天（{p['day0']}）：第0天之前的剂量需要用给药前"
        "测得的体重 — 请核对日期或重新称重。"
    ),
    AlertCode.BSA_CAPPED: lambda p: (
        f"体表面积 {p['bsa']} m² 已按 {p['cap']} m² 封顶，用于每一个按 m² 计算的剂量。"
    ),
    AlertCode.RENAL_FUNCTION_LOW: _renal,
    AlertCode.DEFAULT_USED: lambda p: (
        f"{chinese(p['drug'])}：采用方案默认剂量 {p['value']} {p['unit']}。"
    ),
    AlertCode.CHOICE_REQUIRED: _choice,
    AlertCode.PRESCRIBER_ENTERED: lambda p: (
        f"{chinese(p['drug'])}：{p['dose']}{p['per']} 由处方医师填写；原始资料未规定剂量。"
        "请与处方核对。"
    ),
    AlertCode.DOSE_ABOVE_PROTOCOL: lambda p: (
        f"{chinese(p['drug'])}：方案剂量的 {p['percent']} 超过 100%；高于方案剂量的剂量被拒绝。"
    ),
    AlertCode.DOSE_ABOVE_CEILING: lambda p: (
        f"{chinese(p['drug'])}：{p['dose']} 超过每次给药的硬性上限 {p['ceiling']}（本院设定值）；"
        "该剂量被拒绝。"
    ),
    AlertCode.REDUCTION_BELOW_FLOOR: lambda p: (
        f"{chinese(p['drug'])}：{p['percent']} 低于方案规定的减量下限 {p['floor']}。"
    ),
    AlertCode.DOSE_REDUCED: lambda p: (
        f"{chinese(p['drug'])}减量至方案剂量的 {p['percent']} — 原因：{p['reason']}。"
    ),
    AlertCode.DOSE_ROUNDS_TO_ZERO: lambda p: (
        f"{chinese(p['drug'])}：{p['dose']} 按 {p['increment']} 取整后为 0；剂量为 0 时不安排给药。"
        "请改为停用该给药日，或提高给药百分比。"
    ),
    AlertCode.DRAW_DEVIATION: lambda p: (
        f"{chinese(p['drug'])}：{draw_words(p['draw'], 'zh_CN')}，实际给药 {p['delivered']}，"
        f"与剂量 {p['dose']} 相差 {p['deviation']}，超过本院设定的限度（上下 {p['limit']}；"
        f"注射器刻度 {p['graduation']}）。请与处方医师复核抽取量，并在核对前予以确认。"
    ),
    AlertCode.APHERESIS_YIELDS_MISSING: lambda p: (
        f"{chinese(p['drug'])}：请填写单采产量：回输全部采集的移植物。"
    ),
    AlertCode.APHERESIS_BEFORE_START: lambda p: (
        f"{chinese(p['drug'])}：{p['date']} 的单采早于 G-CSF 开始日（{chinese_day(p['start'])}）；"
        "请核对日期。该次单采不计入停用 G-CSF 的判断。"
    ),
    AlertCode.APHERESIS_AFTER_MOBILIZATION: lambda p: (
        f"{chinese(p['drug'])}：{p['date']} 的单采在预处理首日（{p['conditioning']}）或之后；"
        "请核对日期。该次单采不计入停用 G-CSF 的判断。"
    ),
    AlertCode.DAY_DROPPED: _dropped,
    AlertCode.HARVEST_INCOMPLETE_AT_CONDITIONING: _harvest_incomplete,
    AlertCode.HARVEST_MNC_UNMET: lambda p: (
        f"{chinese(p['drug'])}：已按 CD34⁺ 目标停用，但采集的单个核细胞（{p['mnc']} × 10⁸）"
        f"未超过目标 {p['target']} × 10⁸（{p['per_kg']} × 10⁸/kg × {p['weight']} kg）。"
        "请决定是否再次采集。"
    ),
    AlertCode.COUNT_START_NOT_MET: _count_start,
    AlertCode.TREATMENT_START_REQUIRED: lambda p: (
        f"{_drugs(p['drugs'])}：请填写治疗开始日期（治疗第1天），以确定每次给药的日期。"
    ),
    AlertCode.CUMULATIVE_CYCLOPHOSPHAMIDE: _cumulative,
    AlertCode.CUMULATIVE_ABOVE_THRESHOLD: lambda p: (
        f"{chinese(p['drug'])}累积剂量 {p['cumulative']} {p['unit']}（本计划 {p['plan']} = "
        f"{p['plan_per']} {p['unit']}，既往 {p['prior']} = {p['prior_per']} {p['unit']}；合计 "
        f"{p['total']}）超过本院设定的阈值 {p['threshold']} {p['unit']}：核对前请复核累积暴露量。"
    ),
    AlertCode.SOURCE_READING: lambda p: (
        f"{chinese(p['drug'])}（{chinese(p['phase'])}）：原始资料写作“{p['quote']}” — 本计划理解为"
        f"{_reading(p['read_as'])}；另一种理解为{_reading(p['alternative'])}。"
        "请与处方医师确认此理解，并在核对前予以确认。"
    ),
}

CHINESE_CODES = frozenset(_ZH)


def _reading(english: str) -> str:
    """A protocol's reading of its source, from the protocol catalogue (its English, in
    the source's quotes, when the catalogue has none)."""
    zh = chinese_text(english)
    return zh if zh is not None else f"“{english}”"


def chinese_alert(alert: Alert) -> str | None:
    """The alert in Chinese, or None when its code or its facts are not known here. A
    protocol file's own alert (``[items.alert]``) is worded by the protocol catalogue."""
    sentence = _ZH.get(alert.code)
    if sentence is None:
        return chinese_text(alert.message) if alert.item is not None else None
    try:
        return sentence(alert.params)
    except KeyError:  # an alert raised without the facts its sentence needs
        return None


def alert_lines(alert: Alert, language: str) -> list[str]:
    """What to show for ``alert`` in ``language`` (en, zh_CN, or bilingual: Chinese over
    English); the engine's English wherever there is no Chinese sentence."""
    if language == "en":
        return [alert.message]
    zh = chinese_alert(alert)
    if zh is None:
        return [alert.message]
    return [zh] if language == "zh_CN" else [zh, alert.message]


def alert_text(alert: Alert, language: str) -> str:
    return "\n".join(alert_lines(alert, language))


def drug_total_text(total: DrugTotal, language: str) -> str:
    """A drug's course total (``DrugTotal.display``) in ``language``."""
    if language == "en":
        return total.display
    text = f"本计划 {format_dose(total.plan_mg, 'mg')}"
    if total.prior_mg:
        text += (
            f" + 既往 {format_dose(total.prior_mg, 'mg')} = 累积 "
            f"{format_dose(total.cumulative_mg, 'mg')}"
        )
    text += (
        f"（{format_number(total.cumulative_mg_per_kg)} mg/kg；"
        f"{format_number(total.cumulative_g_per_m2)} g/m²）"
    )
    return text if language == "zh_CN" else f"{text} · {total.display}"


def dose_display(admin: Administration, language: str) -> str:
    """A dose as the engine displays it, with its words in ``language``:
    ``115 mg（方案剂量 150 mg 的 75% — 原因：…）``, ``1,000,000 国际单位``. A display of
    another form (a protocol dose rounded before the reduction) keeps the engine's words but
    its unit words."""
    dose = admin.dose
    if dose is None:
        return ""
    if language == "en":
        return dose.display
    if admin.reduced_percent is None:
        zh = unit_words(dose.display)
        return zh if language == "zh_CN" or zh == dose.display else f"{zh} · {dose.display}"
    percent, reason = format_percent(admin.reduced_percent), admin.reduction_reason or ""
    english = (
        f"{dose.amount_display} ({percent} of protocol dose {dose.protocol_display} — "
        f"reason: {reason})"
    )
    if dose.display != english:
        return unit_words(dose.display) if language == "zh_CN" else dose.display
    zh = unit_words(
        f"{dose.amount_display}（方案剂量 {dose.protocol_display} 的 {percent} — 原因：{reason}）"
    )
    return zh if language == "zh_CN" else f"{zh} · {dose.display}"


# Unit words written out in the engine's displays, as the glossary names them in Chinese
# (units in full, never U or IU; cells counted as 个细胞). The abbreviations stay.
_UNIT_WORDS_ZH = (
    (re.compile(r"(?<=[\d⁰¹²³⁴⁵⁶⁷⁸⁹]) international units\b"), " 国际单位"),
    (re.compile(r"(?<=[\d⁰¹²³⁴⁵⁶⁷⁸⁹]) units\b"), " 单位"),
    (re.compile(r"(?<=[\d⁰¹²³⁴⁵⁶⁷⁸⁹]) cells\b"), " 个细胞"),
)


def protocol_dose_words(english: str, language: str) -> str:
    """A protocol dose or a total as the engine writes it (``40 mg/kg/day``, ``dose entered by
    prescriber (not stated in the source)``) in ``language``: the glossary's phrase, the
    unit words in Chinese and ``/day`` as ``/天``; the numbers untouched."""
    if language == "en":
        return english
    zh = unit_words(chinese(english).replace("/day", "/天"))
    return zh if language == "zh_CN" or zh == english else f"{zh} · {english}"


def unit_words(text: str) -> str:
    """``1,000,000 international units`` -> ``1,000,000 国际单位``; numbers untouched."""
    for pattern, words in _UNIT_WORDS_ZH:
        text = pattern.sub(words, text)
    return text


_DRAW_ONE = re.compile(r"^draw (" + r"[\d,.]+" + r" mL) of (.+)$")
_DRAW_MANY = re.compile(r"^draw ([\d,.]+ mL): (.+)$")
_DRAW_WHOLE = re.compile(r"^(\d+) × (.+) whole$")
_DRAW_PART = re.compile(r"^([\d,.]+ mL) of (.+)$")
# What the draw delivers: " — delivers 36 mcg (dose 34 mcg, +5.9%)", or " — delivers 252 mcg".
_DELIVERS = re.compile(r"^(.+) — delivers (.+?)(?: \(dose (.+), ([+−][\d,.]+%)\))?$")


def delivered_words(delivered: str, language: str, dose: str = "", deviation: str = "") -> str:
    """What a drawn volume delivers, after the draw: ``delivers 36 mcg (dose 34 mcg, +5.9%)``
    -> ``实际给药 36 mcg（剂量 34 mcg，+5.9%）``; without ``dose``, only the deviation in the
    brackets (the window's cell, where the dose is on the line above)."""
    if language == "en":
        detail = ", ".join(part for part in (f"dose {dose}" if dose else "", deviation) if part)
        return f"delivers {delivered}" + (f" ({detail})" if detail else "")
    detail = "，".join(
        part for part in (f"剂量 {unit_words(dose)}" if dose else "", deviation) if part
    )
    return f"实际给药 {unit_words(delivered)}" + (f"（{detail}）" if detail else "")


def draw_words(draw: str, language: str) -> str:
    """How to draw a dose (``Administration.draw``) in ``language``: ``draw 0.06 mL of
    300 mcg/0.5 mL — delivers 36 mcg (dose 34 mcg, +5.9%)`` -> ``从 300 mcg/0.5 mL 中抽取
    0.06 mL，实际给药 36 mcg（剂量 34 mcg，+5.9%）``; ``draw 120 mL: 1 × 2,000 mg/100 mL whole
    + 20 mL of 500 mg/25 mL`` -> ``抽取 120 mL：2,000 mg/100 mL 整支 × 1 + 从 500 mg/25 mL
    中抽取 20 mL``. A form not known here stays in English."""
    if language == "en":
        return draw
    how, delivered = draw, ""
    delivers = _DELIVERS.match(draw)
    if delivers:
        how = delivers[1]
        delivered = "，" + delivered_words(
            delivers[2], "zh_CN", delivers[3] or "", delivers[4] or ""
        )
    zh: str | None = None
    one = _DRAW_ONE.match(how)
    many = _DRAW_MANY.match(how)
    if one:
        zh = f"从 {one[2]} 中抽取 {one[1]}"
    elif many:
        parts = []
        for part in many[2].split(" + "):
            whole, partial = _DRAW_WHOLE.match(part), _DRAW_PART.match(part)
            if whole:
                parts.append(f"{whole[2]} 整支 × {whole[1]}")
            elif partial:
                parts.append(f"从 {partial[2]} 中抽取 {partial[1]}")
            else:
                return draw
        zh = f"抽取 {many[1]}：" + " + ".join(parts)
    if zh is None:
        return draw
    zh += delivered
    return zh if language == "zh_CN" else f"{zh} · {draw}"


# The fixed words of the engine's calculation traces (dosing/engine/dose.py, body.py,
# plan.py), in Chinese. A trace is arithmetic with a few words between the numbers: the
# numbers, units and operators stay exactly as the engine wrote them; only these words
# change (a phrase not listed here stays in English rather than be guessed).
_N = r"[−+\-]?[\d,.]+"
_TRACE_ZH: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r" ?\(actual weight\)", "（实际体重）"),
    (
        r" ?\(actual weight \(not above (" + _N + r")% of IBW\)\)",
        r"（实际体重，未高于理想体重的 \1%）",
    ),
    (r" ?\(actual weight \(not more than ideal\)\)", "（实际体重，不高于理想体重）"),
    (r" ?\(ideal body weight \(less than actual\)\)", "（理想体重，低于实际体重）"),
    (r" ?\(ideal body weight \(Devine\)\)", "（理想体重，Devine）"),
    (
        r" ?\(adjusted body weight \(IBW ("
        + _N
        + r") kg \+ ("
        + _N
        + r") × \(actual ("
        + _N
        + r") kg − IBW\)\)(?:, actual above ("
        + _N
        + r")% of IBW)?\)",
        lambda m: (
            f"（校正体重：理想体重 {m[1]} kg + {m[2]} × （实际体重 {m[3]} kg − 理想体重）"
            + (f"，实际体重高于理想体重的 {m[4]}%" if m[4] else "")
            + "）"
        ),
    ),
    (r" \(reduced: (.*?)\) = ", r"（减量原因：\1）= "),
    (r"; rounded to a presentation within ±(" + _N + r"%): ", r"；按规格取整（±\1）："),
    (r"; rounded to the nearest ([^:;]+): ", r"；按 \1 取整："),
    (r" \((" + _N + r"%) from unrounded\)", r"（较未取整值 \1）"),
    (r"; refused: above the hard ceiling of (.*)\.$", r"；拒绝：超过硬性上限 \1。"),
    (r"; refused: rounds to 0\.$", "；拒绝：取整后为 0。"),
    (r", capped at (" + _N + r") m²", r"，封顶于 \1 m²"),
    (r"^(\d+) apheresis collection\(s\): ", r"\1 次单采："),
    (r" CD34\+ cells/kg", " 个 CD34⁺ 细胞/kg"),
    (r" CD34\+ cells", " 个 CD34⁺ 细胞"),
    (
        r"^Enter the apheresis yields: the whole collected graft is reinfused\.$",
        "请填写单采产量：回输全部采集的移植物。",
    ),
    (
        r"^No dose until chosen: choose a value in (" + _N + r")–(" + _N + r") (.+)\.$",
        r"选定前无剂量：请在 \1–\2 \3 范围内选择。",
    ),
    (
        r"^No dose until chosen: the source gives no dose: the prescriber enters it in (.+)\.$",
        r"选定前无剂量：原始资料未给出剂量，由处方医师以 \1 为单位填写。",
    ),
)


def trace_text(trace: str, language: str) -> str:
    """A dose's calculation trace with its words in ``language`` (Chinese), its arithmetic
    untouched; the engine's English in English (and beside the Chinese when bilingual)."""
    if language == "en":
        return trace
    zh = trace
    for pattern, replacement in _TRACE_ZH:
        zh = re.sub(pattern, replacement, zh)
    zh = unit_words(zh).replace("/day", "/天")
    return zh if language == "zh_CN" or zh == trace else f"{zh} · {trace}"


_FORMS_ZH = {"vial": "支", "prefilled syringe": "支预充式注射器"}
_PRESENTATION = re.compile(r"(\d+) × (" + _N + r" [^+]*?) (vial|prefilled syringe)s?(?= \+ |$)")


def presentation_words(text: str, language: str) -> str:
    """``5 × 25 mg vials`` -> ``25 mg/支 × 5 支`` (the ward's way of writing it); a form not
    known here stays in English."""
    if language == "en":
        return text

    def chinese_form(match: re.Match[str]) -> str:
        count, size, form = match[1], match[2], _FORMS_ZH[match[3]]
        return f"{size}/{form} × {count} 支"

    zh = _PRESENTATION.sub(chinese_form, text)
    return zh if language == "zh_CN" or zh == text else f"{zh} · {text}"
