"""``txdose plan`` says why a count- or harvest-driven course starts and stops on the days it
does (issue 10, read as a pharmacist): the engine's resolution — the count that started it, the
nadir, the harvest that stopped it — printed once under the course's first dose in the text
table, and as each administration's ``note`` in ``--json``. Before, the text table printed the
condition on every day but never which count or collection decided it."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

BASE = (
    "plan", "--protocol", "auto-hsct-ln", "--weight", "67", "--height", "171",
    "--sex", "female", "--age", "36", "--day0", "2027-04-12",
    "--mobilization-start", "2027-02-01", "--choose", "methylprednisolone=120",
    "--choose", "gcsf-mobilization=5",
)  # fmt: skip
# WBC 0.8 on mobilization day 7 starts G-CSF; two collections: 90 + 60 = 150 × 10⁶ CD34+,
# more than 2 × 10⁶/kg × 67 kg = 134 × 10⁶ on the second (day 12): G-CSF stops after it.
HARVEST = (
    "--count", "2027-02-07:wbc=0.8,anc=0.4",
    "--apheresis", "2027-02-11:90:60", "--apheresis", "2027-02-12:60:40",
)  # fmt: skip
RESOLUTION = (
    "started 2027-02-07: WBC 0.8 × 10⁹/L; stopped 2027-02-12: CD34+ collected 150 × 10⁶, "
    "more than the target of 134 × 10⁶"
)


def test_the_text_table_says_once_what_started_and_stopped_the_course(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_cli(capsys, *BASE, *HARVEST)
    assert code == 0, err
    assert out.count(RESOLUTION) == 1
    first = out.index("Mobilization — mobilization day 7 · Sun 07 Feb 2027")
    assert first < out.index(RESOLUTION) < out.index("Mobilization — mobilization day 8")


def test_a_leukopenic_baseline_says_which_count_started_g_csf(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """WBC 0.9 before cyclophosphamide (day 1), 0.8 on day 2: not within 24 hours of the last
    cyclophosphamide dose (day 2), so the first count that starts G-CSF is day 3's 0.7."""
    code, out, err = run_cli(
        capsys, *BASE,
        "--count", "2027-02-01:wbc=0.9", "--count", "2027-02-02:wbc=0.8",
        "--count", "2027-02-03:wbc=0.7",
    )  # fmt: skip
    assert code == 0, err
    assert "      started 2027-02-03: WBC 0.7 × 10⁹/L\n" in out
    assert "Mobilization — mobilization day 3 · Wed 03 Feb 2027\n  Filgrastim (G-CSF)" in out


def test_json_administrations_carry_their_note(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *BASE, *HARVEST, "--json")
    assert code == 0, err
    gcsf = [a for a in json.loads(out)["administrations"] if a["item"] == "gcsf-mobilization"]
    assert [a["date"] for a in gcsf] == [f"2027-02-{day:02d}" for day in range(7, 13)]
    assert {a["note"] for a in gcsf} == {RESOLUTION}
