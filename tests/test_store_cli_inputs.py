"""Issue 11 on the saved-plan commands: their numbers go through the one number grammar and
their text (``--user``, ids, initials, a cancel reason) through the same limits as the plan's,
each refusal exit 2 with the field named — nothing is written.

Each case was read another way before: ``--version 1_0`` was version 10 (Python's ``int``),
``--user`` with a text-direction override or a control character was written into the audit
log as given, a zero-width space cancelled a plan.
"""

from __future__ import annotations

import pytest
from conftest import run_cli
from test_store_cli import PLAN
from test_store_support import _isolated_user_dirs, db_url

__all__ = ["_isolated_user_dirs", "db_url"]


def _save(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, _out, err = run_cli(capsys, "plan", *PLAN, "--save", "--db", db, "--user", "alice")
    assert code == 0, err
    return err.split("saved: ", 1)[1].strip()


def _events(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, out, err = run_cli(capsys, "audit", "verify", "--db", db)
    assert code == 0, err
    return out


BAD = [
    # (the command after "txdose", with {id} for the saved plan; what the error line names)
    (["plans", "show", "{id}", "--version", "1_0"], "--version"),
    (["plans", "show", "{id}", "--version", "1e0"], "--version"),
    (["plans", "show", "{id}", "--version", "0"], "--version"),
    (["plans", "show", "{id}", "--version", "1.5"], "--version"),
    (["plans", "show", "{id}", "--version", "१"], "--version"),  # Devanagari one
    (["plans", "show", "{id}", "--user", "bob\u202eecila", "--json"], "user"),
    (["plans", "show", "{id}", "--user", "b" * 81, "--json"], "user"),
    (["plans", "cancel", "{id}", "--reason", "\u200b\u200b\u200b", "--user", "alice"], "reason"),
    (["plans", "cancel", "{id}", "--reason", "ok", "--user", "alice"], "reason"),
    (["plans", "cancel", "{id}", "--reason", "duplicate", "--user", "al\x07ice"], "user"),
    (["plans", "list", "--mrn", "MRN\x00"], "mrn"),
    (
        ["verify", "{id}", "--weight", "6_0", "--height", "165", "--protocol", "auto-hsct-ln"],
        "weight",
    ),
    (
        ["verify", "{id}", "--weight", "60", "--height", "1.65e2", "--protocol", "auto-hsct-ln"],
        "height",
    ),
    (
        ["verify", "{id}", "--weight", "60", "--height", "165", "--protocol", "auto\u202ehsct"],
        "protocol",
    ),
    (
        [
            "verify",
            "{id}",
            "--weight",
            "60",
            "--height",
            "165",
            "--protocol",
            "auto-hsct-ln",
            "--initials",
            "B" * 17,
            "--user",
            "bob",
        ],
        "initials",
    ),
    (["plan", *PLAN, "--save", "--user", "bob\u2066x"], "user"),
]


def test_store_commands_refuse_bad_numbers_and_text_by_name(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    plan_id = _save(capsys, db_url)
    before = _events(capsys, db_url)
    for command, field in BAD:
        argv = [part.replace("{id}", plan_id) for part in command] + ["--db", db_url]
        code, _out, err = run_cli(capsys, *argv)
        line = err.strip().splitlines()[-1]
        assert code == 2, (command, code, err)
        assert line.startswith("txdose: invalid") and field in line, (command, line)
        assert len(line) < 300, line  # an echoed value is cut, never 80 characters of "b"
    assert _events(capsys, db_url) == before  # nothing was written
    # Read as typed: version 1 in full-width digits is version 1.
    code, out, err = run_cli(capsys, "plans", "show", plan_id, "--version", "１", "--db", db_url)
    assert code == 0, err
    assert "Version 1 of 1: DRAFT" in out


def test_a_bad_user_stops_plan_save_before_the_plan_is_printed(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    code, out, err = run_cli(
        capsys, "plan", *PLAN, "--save", "--db", db_url, "--user", "alice\u202e"
    )
    assert code == 2 and out == ""
    assert "--user" in err and "text-direction override (U+202E)" in err
