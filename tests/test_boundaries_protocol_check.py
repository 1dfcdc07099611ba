"""``txdose protocol check`` refuses a start or stop condition the engine would not read
(issue 16: the engine's branches for such conditions were dead code that mutants survived in).

The engine (``dosing/engine/conditions.py``) starts a course on ``wbc-below`` only, possibly
``not_before`` another item; it stops one on ``anc-above-consecutive`` or ``harvest-complete``
(reading the file's ``[harvest]`` targets). Each test edits one line of the shipped
auto-HSCT file, so the rest of the file is known to be valid; each refusal exits 2 and names
the file, the item and the reason. The other side of each boundary is the shipped file itself,
which passes (``test_protocol_check_rules.py::test_the_shipped_file_passes``) with a
``wbc-below`` start that has ``not_before``, a ``harvest-complete`` stop beside ``[harvest]``,
and an ``anc-above-consecutive`` stop with ``consecutive_days = 2``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from app.protocols import PROTOCOL_DIR

HSCT = (PROTOCOL_DIR / "auto-hsct-ln.toml").read_text(encoding="utf-8")

MOBILIZATION_START = 'start_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", '
MOBILIZATION_STOP = 'stop_condition = { kind = "harvest-complete", '
ENGRAFTMENT_STOP = 'stop_condition = { kind = "anc-above-consecutive", threshold_10e9_per_l = "1.0", consecutive_days = 2, '
HARVEST = (
    '[harvest]\ncd34_per_kg_10e6 = "2"\nmnc_per_kg_10e8 = "2"\n'
    'seed = "000_f4890f1396492801.txt"\n'
    'quote = "The target acquisition was CD34+ cells \\\\> 2×10\\\\^6/kg and mononuclear cells '
    '\\\\> 2×10\\\\^8/kg."\n'
)


def _check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, *edits: tuple[str, str]
) -> tuple[int, str]:
    text = HSCT
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "auto-hsct-ln.toml"
    path.write_text(text, encoding="utf-8")
    code, _out, err = run_cli(capsys, "protocol", "check", str(path))
    return code, err


def test_the_edits_leave_a_valid_file_when_they_change_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each edit below finds its line once; written back unchanged the file passes."""
    code, err = _check(
        capsys,
        tmp_path,
        (MOBILIZATION_START, MOBILIZATION_START),
        (MOBILIZATION_STOP, MOBILIZATION_STOP),
        (ENGRAFTMENT_STOP, ENGRAFTMENT_STOP),
        (HARVEST, HARVEST),
    )
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("new", "kind"),
    [
        (
            'start_condition = { kind = "anc-above-consecutive", threshold_10e9_per_l = "1.0", ',
            "anc-above-consecutive",
        ),
        ('start_condition = { kind = "harvest-complete", ', "harvest-complete"),
    ],
    ids=["anc-start", "harvest-start"],
)
def test_a_start_on_anything_but_a_low_wbc_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, new: str, kind: str
) -> None:
    """The engine starts a course only on a WBC below the threshold: mobilization G-CSF
    "starting when ANC above 1.0" would wait for a WBC that is never looked at and never
    start. Refused, naming the item's start and the one kind a start can be."""
    code, err = _check(capsys, tmp_path, (MOBILIZATION_START, new))
    assert code == 2
    assert "auto-hsct-ln.toml: items[2] (gcsf-mobilization)" in err
    assert f"start_condition '{kind}' is not read: a start_condition is 'wbc-below'" in err


def test_a_stop_on_a_low_wbc_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """ "Stop when WBC below 1.0" is read by nothing: the G-CSF course would run on with no
    stop at all. Refused, naming the two kinds a stop can be."""
    code, err = _check(
        capsys,
        tmp_path,
        (
            MOBILIZATION_STOP,
            'stop_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", ',
        ),
    )
    assert code == 2
    assert "auto-hsct-ln.toml: items[2] (gcsf-mobilization)" in err
    assert (
        "stop_condition 'wbc-below' is not read: a stop_condition is "
        "'anc-above-consecutive' or 'harvest-complete'"
    ) in err


def test_not_before_on_a_stop_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Only a start waits N hours after another item; on a stop the engine never reads it,
    so "stop engraftment G-CSF not before 24 h after …" would be silently ignored."""
    code, err = _check(
        capsys,
        tmp_path,
        (
            ENGRAFTMENT_STOP,
            ENGRAFTMENT_STOP
            + 'not_before = { item = "gcsf-engraftment", hours = 24, source = "site" }, ',
        ),
    )
    assert code == 2
    assert "(gcsf-engraftment)" in err
    assert "stop_condition takes no not_before (only a start waits on another item)" in err


@pytest.mark.parametrize(
    ("old", "new", "item", "role", "kind"),
    [
        (
            MOBILIZATION_START,
            'start_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", '
            "consecutive_days = 3, ",
            "gcsf-mobilization",
            "start_condition",
            "wbc-below",
        ),
        (
            MOBILIZATION_STOP,
            'stop_condition = { kind = "harvest-complete", consecutive_days = 2, ',
            "gcsf-mobilization",
            "stop_condition",
            "harvest-complete",
        ),
    ],
    ids=["wbc-start", "harvest-stop"],
)
def test_consecutive_days_on_a_condition_that_counts_no_days_is_refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    old: str,
    new: str,
    item: str,
    role: str,
    kind: str,
) -> None:
    """Only the ANC stop counts days ("on 2 consecutive days"); "start when WBC below 1.0 on
    3 consecutive days" would start on the first such day. Refused. The shipped ANC stop
    with consecutive_days = 2 passes (the first test)."""
    code, err = _check(capsys, tmp_path, (old, new))
    assert code == 2
    assert f"({item})" in err
    assert f"{role} '{kind}' takes no consecutive_days" in err


def test_a_harvest_stop_without_harvest_targets_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without [harvest] the engine has no CD34+ target to compare the collections with and
    the mobilization G-CSF course would never stop on the harvest. Refused, naming the item."""
    code, err = _check(capsys, tmp_path, (HARVEST, ""))
    assert code == 2
    assert (
        "item 'gcsf-mobilization' stops when the harvest is complete, but the file has no "
        "[harvest] targets"
    ) in err
