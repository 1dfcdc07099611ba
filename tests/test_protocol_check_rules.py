"""``txdose protocol check`` file rules (issue 10): each refusal names the file, the item or
key, and the reason, and exits 2. Each test edits one line of a shipped protocol, so the
rest of the file is known to be valid."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from app.protocols import PROTOCOL_DIR

HSCT = (PROTOCOL_DIR / "auto-hsct-ln.toml").read_text(encoding="utf-8")


def _check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str
) -> tuple[int, str]:
    assert old in HSCT, old
    path = tmp_path / "auto-hsct-ln.toml"
    path.write_text(HSCT.replace(old, new, 1), encoding="utf-8")
    code, _out, err = run_cli(capsys, "protocol", "check", str(path))
    return code, err


def test_the_shipped_file_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The unedited file copied elsewhere still passes: its quotes are found in the shipped
    sources, not beside the copy."""
    code, err = _check(capsys, tmp_path, 'version = "1.2"', 'version = "1.2"')
    assert (code, err) == (0, "")


def test_a_count_condition_without_its_threshold_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A "start when WBC less than …" with no number: the engine would start G-CSF on any
    count. Refused, naming the item's start condition."""
    code, err = _check(
        capsys,
        tmp_path,
        'start_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", ',
        'start_condition = { kind = "wbc-below", ',
    )
    assert code == 2
    assert "auto-hsct-ln.toml: items[2] (gcsf-mobilization).start_condition" in err
    assert "'wbc-below' needs threshold_10e9_per_l" in err


def test_a_harvest_condition_with_a_threshold_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The harvest condition reads the protocol's harvest targets, never a count: a threshold
    there would be silently ignored, so it is refused."""
    code, err = _check(
        capsys,
        tmp_path,
        'stop_condition = { kind = "harvest-complete", ',
        'stop_condition = { kind = "harvest-complete", threshold_10e9_per_l = "1.0", ',
    )
    assert code == 2
    assert "items[2] (gcsf-mobilization).stop_condition" in err
    assert "'harvest-complete' takes no threshold_10e9_per_l" in err


def test_a_quote_not_verbatim_in_its_source_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """One word changed in conditioning cyclophosphamide's quote (40 → 50 mg/kg/day): the
    quote is no longer in seed 000, and protocol check itself refuses the file."""
    code, err = _check(
        capsys,
        tmp_path,
        "intravenous cyclophosphamide (40 mg/kg/day × 4 days)",
        "intravenous cyclophosphamide (50 mg/kg/day × 4 days)",
    )
    assert code == 2
    assert "items[7] (cy-conditioning).source.quote" in err
    assert "not found verbatim in 000_f4890f1396492801.txt" in err


def test_a_quote_of_a_missing_source_document_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A seed with no source document to check against: refused, naming the seed."""
    code, err = _check(
        capsys,
        tmp_path,
        'seeds = ["000_f4890f1396492801.txt"]',
        'seeds = ["000_f4890f1396492801.txt", "999_missing.txt"]\n'
        '[eligibility]\nseed = "999_missing.txt"\nquote = "Adults."',
    )
    assert code == 2
    assert "eligibility.quote" in err
    assert "source document 999_missing.txt not found" in err


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('dose = "40"', 'dose = "40"\ndose_per_day = "40"', "items[7] (cy-conditioning).dose_per_day"),
        ('max_per_kg = "60"', 'max_per_kg = "60"\nmax_per_day = "1"', "items[7] (cy-conditioning).ceiling.max_per_day"),
        ('version = "1.2"', 'version = "1.2"\ncolour = "red"', "colour"),
    ],
)  # fmt: skip
def test_an_unknown_key_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, where: str
) -> None:
    """A misspelt or invented key is never ignored: refused, naming the key."""
    code, err = _check(capsys, tmp_path, old, new)
    assert code == 2
    assert f"auto-hsct-ln.toml: {where}: Extra inputs are not permitted" in err


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("reducible = true", 'reducible = "yes"', "items[7] (cy-conditioning).reducible"),
        ("reducible = true", "reducible = 1", "items[7] (cy-conditioning).reducible"),
        ("reducible = false", 'reducible = "false"', "items[1] (cy-mobilization).reducible"),
    ],
)
def test_a_boolean_that_is_not_true_or_false_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, where: str
) -> None:
    """``reducible = "yes"`` or ``1`` was read as true: a boolean is ``true`` or ``false``."""
    code, err = _check(capsys, tmp_path, old, new)
    assert code == 2
    assert f"{where}: Input should be a valid boolean" in err


@pytest.mark.parametrize(
    ("new", "bad_day"),
    [("days = [-5, -4, -3, 400]", "400"), ("days = [-400, -4, -3, -2]", "-400")],
)
def test_a_day_beyond_the_schema_bound_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, new: str, bad_day: str
) -> None:
    """Day numbers run from −60 to +366 (README): day 400 after day 0, a typo for 4, is
    refused naming the item and the day."""
    text = HSCT.replace("days = [-5, -4, -3, -2]", new, 1)
    path = tmp_path / "auto-hsct-ln.toml"
    path.write_text(text, encoding="utf-8")
    code, _out, err = run_cli(capsys, "protocol", "check", str(path))
    assert code == 2
    assert "items[4] (hydration).days" in err
    assert f"day {bad_day} is outside −60 … 366" in err
