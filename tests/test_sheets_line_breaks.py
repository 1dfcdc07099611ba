"""Chinese line breaking on the sheets (app/sheets/_linebreak.py), read back from the PDF.

A Chinese sentence breaks between its characters where it reaches the edge of its cell, never
with closing punctuation (。，、；：？！）」』】》) at the start of a line nor opening punctuation
(（「『【《) at the end, and never inside a Latin word or a number with its unit ("10⁹/L",
"mg/day", "G-CSF", "5–10"). The patch applies to reportlab 5.1.0 only."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

import pypdf
import pytest
import reportlab  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table  # type: ignore[import-untyped]

from app.services import PlanMeta, compute, plan_content_hash
from app.sheets import SHEET_NAMES, _linebreak, render_pdf
from app.sheets._fonts import markup
from app.sheets._paragraph import Paragraph
from app.sheets._styles import make_styles
from ui.screenshot import demo_input

CLOSING = "。，、；：？！）」』】》"
OPENING = "（「『【《"
TEXTS = (
    "每日一次，直至中性粒细胞绝对计数连续 2 天高于 1.0 × 10⁹/L。重组人粒细胞集落刺激因子"
    "（G-CSF）5–10 mcg/kg/天，皮下注射；环磷酰胺 2,400 mg/天（mg/day），第−5天至第−2天。",
    "兔抗人胸腺细胞免疫球蛋白（ATG）Rabbit anti-thymocyte globulin（ATG）：「按本院方案」，"
    "原始资料未指明药物；CD34⁺ 细胞高于 2 × 10⁶/kg（60 kg 需超过 120 × 10⁶ 个细胞）。",
)
# points: every break position moves across the sweep; the narrowest is wider than the widest
# run that cannot break, "anti-thymocyte" (about 75 points with the cell padding): a word
# wider than its cell is cut by reportlab wherever it reaches the edge.
WIDTHS = tuple(range(90, 260, 17))
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_LATIN_TOKEN = re.compile(rf"[^\s{_CJK}]+")


def _lines_per_page(text: str) -> list[list[str]]:
    """``text`` set in the sheets' body style in a one-column table of each width, one width
    a page, and each page's lines as pypdf reads them back."""
    style = make_styles().body
    story = []
    for width in WIDTHS:
        story += [Table([[Paragraph(markup(text), style)]], colWidths=[width]), PageBreak()]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
    pages = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages
    return [[line for line in page.extract_text().splitlines() if line.strip()] for page in pages]


@pytest.mark.parametrize("text", TEXTS, ids=["condition", "names"])
def test_chinese_breaks_between_characters_never_at_punctuation_or_inside_latin(
    text: str,
) -> None:
    tokens = set(_LATIN_TOKEN.findall(text))
    pages = [lines for lines in _lines_per_page(text) if lines]
    assert len(pages) == len(WIDTHS)
    broke_inside_chinese = 0
    for width, lines in zip(WIDTHS, pages, strict=True):
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width  # nothing lost
        for before, after in itertools.pairwise(lines):
            assert after.lstrip()[0] not in CLOSING, (width, before, after)
            assert before.rstrip()[-1] not in OPENING, (width, before, after)
            if re.match(rf"[{_CJK}]", before.rstrip()[-1]) and re.match(
                rf"[{_CJK}]", after.lstrip()[0]
            ):
                broke_inside_chinese += 1
        for line in lines:
            for token in _LATIN_TOKEN.findall(line):
                assert token in tokens, (width, token, lines)  # a Latin word or number whole
    # the sweep does break Chinese runs (not only at the spaces)
    assert broke_inside_chinese >= len(WIDTHS)


def test_the_break_rules() -> None:
    """Between two Chinese characters, between Chinese and a Latin letter, after closing
    and before opening punctuation; never before closing or after opening punctuation, never
    otherwise beside a digit, a sign or a unit's slash."""
    may = _linebreak.may_break
    assert may("环", "磷")
    assert may("，", "环") and may("药", "G") and may("F", "（")
    assert not may("药", "。") and not may("药", "）") and not may("（", "G")
    assert not may("G", "-") and not may("0", "⁹") and not may("/", "天")
    assert not may("第", "−") and not may("5", "天") and not may("L", "。")
    assert may("）", "5") and may("0", "（") and not may("）", "。")
    assert _linebreak.break_points("环磷酰胺（ATG）。") == [1, 2, 3, 4]


def test_the_patch_is_in_place_for_the_pinned_reportlab_and_refuses_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab.platypus import paragraph

    assert reportlab.Version == _linebreak.PINNED
    assert paragraph._getFragWords is _linebreak._get_frag_words
    monkeypatch.setattr(reportlab, "Version", "5.2.0")
    with pytest.raises(RuntimeError, match=r"reportlab 5\.2\.0 is installed"):
        _linebreak.install()


def _sheet_text(language: str) -> str:
    base = demo_input()
    patient = base.patient.model_copy(update={"name": "欧阳娜娜"})
    plan = compute(base.model_copy(update={"patient": patient}))
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        language=language,
        status="verified",  # no watermark: its letters would interleave with the lines
        printed_at=dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC),
    )
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(plan, SHEET_NAMES, meta)))
    return "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)


@pytest.fixture(scope="module")
def english_words() -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z0-9]*", _sheet_text("en")))


@pytest.mark.parametrize("language", ["zh_CN", "bilingual"])
def test_no_line_of_a_chinese_sheet_starts_with_closing_punctuation(
    language: str, english_words: set[str]
) -> None:
    """All three sheets of the demo plan. In the layout text a cell's line starts a line of
    the page or follows a gap of two spaces or more; every Latin word printed is a word the
    English sheets print (a word cut across two lines would not be)."""
    text = _sheet_text(language)
    starts = re.findall(rf"(?:^|\s{{2,}})([{CLOSING}])", text, flags=re.MULTILINE)
    assert starts == [], [line for line in text.splitlines() if re.search(r"\s{2,}[。，）]", line)]
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text))
    assert words - english_words - {"weighed"} == set()
