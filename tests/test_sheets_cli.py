"""`txdose sheet`: the same plan flags as `txdose plan`, a PDF out, the same exit codes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from conftest import flat, pdf_pages
from conftest import run_cli as run

SHEET = [
    "sheet",
    "--protocol", "auto-hsct-ln",
    "--weight", "60",
    "--height", "165",
    "--sex", "female",
    "--age", "35",
    "--day0", "2027-04-12",
    "--choose", "methylprednisolone=250",
]  # fmt: skip


def text_of(path: Path) -> str:
    return flat("\n".join(pdf_pages(path)))


def test_nurse_sheet_written_with_the_doses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The nurse schedule PDF holds 2,400 mg cyclophosphamide from day −5 (7 April 2027),
    150 mg ATG, 250 mg methylprednisolone and 3,000 mL hydration at 125 mL/h."""
    out = tmp_path / "nurse.pdf"
    code, _, err = run(capsys, *SHEET, "--sheet", "nurse", "--out", str(out))
    assert code == 0, err
    text = text_of(out)
    assert "day −5 · Wednesday 7 April 2027" in text
    assert "day −2 · Saturday 10 April 2027" in text
    # Each dose once, beside its volume to draw saying it delivers the same amount.
    for dose, days in (("2,400 mg", 4), ("150 mg", 3), ("250 mg", 3)):
        assert text.count(f"delivers {dose}") == days, dose
        assert text.count(dose) == 2 * days, dose
    assert text.count("125 mL/h") == 4
    assert "NOT VERIFIED — NOT FOR ADMINISTRATION" in text
    assert "Pharmacist worksheet" not in text


def test_all_sheets_by_default_on_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--sheet all (the default) prints the three sheets; --paper Letter sizes the pages."""
    out = tmp_path / "all.pdf"
    code, _, err = run(capsys, *SHEET, "--paper", "Letter", "--out", str(out))
    assert code == 0, err
    text = text_of(out)
    for title in ("Nurse administration schedule", "Pharmacist worksheet", "Protocol summary"):
        assert title in text
    page = pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (792, 612)


@pytest.mark.parametrize(
    ("flag", "value", "field"),
    [
        ("--weight", "600", "weight"),
        ("--height", "abc", "height"),
        ("--day0", "2027-13-40", "day0"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, field: str
) -> None:
    """Invalid input: exit 2, the message names the field, and no PDF is written."""
    out = tmp_path / "bad.pdf"
    args = list(SHEET)
    args[args.index(flag) + 1] = value
    code, _, err = run(capsys, *args, "--sheet", "nurse", "--out", str(out))
    assert code == 2
    assert field in err
    assert not out.exists()


def test_hard_limit_exits_3_without_a_nurse_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """120% of the protocol dose is refused: exit 3 and no administration schedule."""
    out = tmp_path / "refused.pdf"
    code, _, _ = run(
        capsys, *SHEET, "--reduce", "atg=120:typo", "--sheet", "nurse", "--out", str(out)
    )
    assert code == 3
    assert not out.exists()


def test_console_script_writes_the_pdf(tmp_path: Path) -> None:
    """The installed entry point, in a fresh process, writes a readable PDF."""
    out = tmp_path / "x.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "app", *SHEET, "--sheet", "nurse", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert "2,400 mg" in text_of(out)
