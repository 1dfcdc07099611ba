"""Issue 11 on the command line: every input read exactly as typed or refused with the field
named — never a traceback, a hang, a silently ignored flag or a value nobody meant.

Each case below was let through or crashed before this change (the issue lists them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent

BASE = [
    "plan",
    "--protocol", "auto-hsct-ln",
    "--weight", "60",
    "--height", "165",
    "--sex", "female",
    "--age", "35",
    "--day0", "2027-04-12",
    "--choose", "methylprednisolone=250",
]  # fmt: skip


def with_flags(*extra: str, append: bool = False) -> list[str]:
    """The base plan with ``extra`` flags: a one-value flag the base already gives is
    replaced (unless ``append``), every other flag added."""
    args = list(BASE)
    pairs = list(zip(extra[::2], extra[1::2], strict=True))
    for flag, value in pairs:
        if not append and flag in args and flag != "--choose":
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    return args


def refused(capsys: pytest.CaptureFixture[str], *extra: str, append: bool = False) -> str:
    """Run the base plan with ``extra``; it must exit 2 with one readable line."""
    code, out, err = run_cli(capsys, *with_flags(*extra, append=append))
    assert code == 2, (code, out[:200], err)
    assert err.startswith("txdose: invalid") or "txdose: invalid input" in err, err
    return err


# ---------------------------------------------------------------- e: no traceback, no hang


@pytest.mark.parametrize(
    ("flags", "field"),
    [
        (["--weight", "1e999999999"], "weight"),
        (["--age", "1e99999"], "age"),
        (["--age", "1e999999999"], "age"),
        (["--drop", "atg=1e999999999:fever"], "drop atg"),
        (["--day0", "9999-12-31"], "day0"),
        (["--day0", "0001-01-01"], "day0"),
        (["--weight", "9" * 100_000], "weight"),
    ],
)
def test_bounded_parsing_refuses_by_name(
    capsys: pytest.CaptureFixture[str], flags: list[str], field: str
) -> None:
    err = refused(capsys, *flags)
    assert f"invalid {field}:" in err
    assert len(err) < 400  # the 100,000-character value is not echoed back whole


def test_an_echoed_value_is_cut_to_forty_characters(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "--sex", "x" * 5000)
    assert "invalid sex" in err
    assert "x" * 41 not in err
    assert "x" * 40 in err or "x" * 39 in err


def test_an_unexpected_error_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (here: the engine raising ZeroDivisionError) is one line, exit 1, no traceback."""
    import app.services

    def broken(_plan_input: object) -> object:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(app.services, "compute", broken)
    code, _out, err = run_cli(capsys, *BASE)
    assert code == 1
    assert err.count("\n") == 1 and "internal error" in err and "ZeroDivisionError" in err


def test_a_closed_pipe_is_not_a_traceback() -> None:
    """`txdose plan … | head -1`: the reader goes away; txdose exits quietly (Python docs)."""
    cli = subprocess.Popen(
        [sys.executable, "-m", "app", *BASE],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "0"},
    )  # fmt: skip
    assert cli.stdout is not None and cli.stderr is not None
    cli.stdout.close()  # nobody reads: the first write fails with EPIPE
    err = cli.stderr.read().decode()
    cli.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def _check(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    code, _out, err = run_cli(capsys, "protocol", "check", str(path))
    return code, err


def test_protocol_check_survives_deep_nesting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    code, err = _check(capsys, deep)
    assert code == 2 and "deep.toml" in err and "nested" in err


def test_protocol_check_refuses_a_huge_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 2_000_000 + "\n", encoding="utf-8")
    code, err = _check(capsys, big)
    assert code == 2 and "larger than" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_protocol_check_refuses_dev_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check(capsys, Path("/dev/zero"))
    assert code == 2 and "not a regular file" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_protocol_check_refuses_a_fifo_without_hanging(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    code, err = _check(capsys, fifo)
    assert code == 2 and "not a regular file" in err


def test_one_bad_protocol_file_does_not_hide_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`txdose protocols` lists the good ones and names the bad file with its reason."""
    import app.protocols

    shipped = app.protocols.PROTOCOL_DIR
    for source in shipped.glob("*.toml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.toml").write_text("id = [\n", encoding="utf-8")
    monkeypatch.setattr(app.protocols, "PROTOCOL_DIR", tmp_path)
    code, out, err = run_cli(capsys, "protocols")
    loaded, problems = app.protocols.load_protocols_reporting(tmp_path)
    assert code == 0
    for protocol_id in ("auto-hsct-ln", "msc-adipose", "msc-allogeneic", "ucmsc-vs-il2"):
        assert protocol_id in out
    assert "broken.toml" in err and "TOML syntax" in err
    assert sorted(loaded) == ["auto-hsct-ln", "msc-adipose", "msc-allogeneic", "ucmsc-vs-il2"]
    assert [p.source for p in problems] == ["broken.toml"]


# ---------------------------------------------------------------- b: one value per flag


@pytest.mark.parametrize(
    ("flags", "field"),
    [
        (["--weight", "80"], "weight"),
        (["--height", "170"], "height"),
        (["--age", "36"], "age"),
        (["--sex", "male"], "sex"),
        (["--day0", "2027-04-13"], "day0"),
        (["--protocol", "msc-adipose"], "protocol"),
        (["--choose", "methylprednisolone=500"], "choose methylprednisolone"),
        (["--reduce", "atg=50:CrCl 40 mL/min", "--reduce", "atg=100:x"], "reduce atg"),
        (["--drop", "atg=-2:fever", "--drop", "atg=-2:rash"], "drop atg"),
        (["--count", "2027-04-14:anc=0.8", "--count", "2027-04-14:wbc=2"], "count 2027-04-14"),
        (["--acknowledge", "bmi-extreme=checked by me", "--acknowledge", "bmi-extreme=again ok"],
         "acknowledge bmi-extreme"),
    ],
)  # fmt: skip
def test_a_repeated_flag_is_refused_not_last_wins(
    capsys: pytest.CaptureFixture[str], flags: list[str], field: str
) -> None:
    """Before: `--weight 60 … --weight 80` dosed for 80 kg; a second --reduce replaced the
    first; the same for --height, --choose and --count on one date."""
    err = refused(capsys, *flags, append=True)
    assert f"invalid {field}" in err or f"argument --{field.split()[0]}" in err, err


def test_an_unknown_acknowledgement_code_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "--acknowledge", "no-such-alert=checked it")
    assert "invalid acknowledge" in err and "no-such-alert" in err


def test_an_unknown_acknowledgement_item_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "--acknowledge", "bmi-extreme@no-such-item=checked it")
    assert "invalid acknowledge" in err and "no-such-item" in err


# ---------------------------------------------------------------- a: one grammar for numbers


@pytest.mark.parametrize(
    ("flags", "field"),
    [
        (["--weight", "1e2"], "weight"),
        (["--weight", "6_0"], "weight"),
        (["--weight", "0x3c"], "weight"),
        (["--weight", "60.0.0"], "weight"),
        (["--weight", "Infinity"], "weight"),
        (["--weight", "60,5"], "weight"),
        (["--height", "1.65E2"], "height"),
        (["--reduce", "atg=1e1:CrCl 40 mL/min"], "reduce atg"),
        (["--choose", "methylprednisolone=2.5e2"], "choose methylprednisolone"),
    ],
)
def test_numbers_nobody_types_at_a_bedside_are_refused(
    capsys: pytest.CaptureFixture[str], flags: list[str], field: str
) -> None:
    err = refused(capsys, *flags)
    assert f"invalid {field}:" in err


def test_full_width_and_arabic_indic_digits_are_read(capsys: pytest.CaptureFixture[str]) -> None:
    """ "６０" (full-width) and "٦٠" (Arabic-Indic) are 60 kg: the same plan as "60"."""
    import json

    def weight_of(text: str) -> str:
        code, out, err = run_cli(capsys, *with_flags("--weight", text), "--json")
        assert code == 0, err
        value: str = json.loads(out)["administrations"][0]["dosing_weight_kg"] or ""
        return value

    assert weight_of("６０") == weight_of("60") == weight_of("٦٠")


def test_parse_decimal_refuses_binary_floats() -> None:
    from dosing.errors import InputError
    from dosing.numbers import read_number

    with pytest.raises(InputError, match="typed"):
        read_number(0.1, "weight")  # type: ignore[arg-type]


# ---------------------------------------------------------------- d: reasons that are reasons


@pytest.mark.parametrize(
    ("flags", "field"),
    [
        (["--drop", "atg=-2"], "drop atg"),
        (["--drop", "atg=-2: "], "drop atg"),
        (["--reduce", "atg=75:\u200b"], "reduce atg"),
        (["--reduce", "atg=75:\u200b\u200b\u200bok"], "reduce atg"),
        (["--acknowledge", "bmi-extreme=\u2060\u2060"], "acknowledge bmi-extreme"),
        (["--reduce", "atg=75:a\u202eb"], "reduce atg"),
        (["--name", "Jane\x07Doe"], "name"),
        (["--mrn", "A" * 500], "mrn"),
    ],
)
def test_reasons_and_text_fields_must_be_real(
    capsys: pytest.CaptureFixture[str], flags: list[str], field: str
) -> None:
    """Before: a dropped day needed no reason; a zero-width space was a reduction reason."""
    err = refused(capsys, *flags)
    assert f"invalid {field}:" in err
