"""A plan saved and verified under an earlier version of its protocol (issue 10): recomputed
against the installed file it no longer gives its saved content, so it is refused with a
sentence naming the version it was saved under and the one installed — in the store, the
CLI and the window — never shown or printed as verified, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from test_store_actions import _controller, _wait
from test_store_support import CONFIRM, _isolated_user_dirs, plan_input

from app import services
from app.protocols import get_protocol
from app.store import BlindEntry, ProtocolChangedError
from app.store.service import Store

__all__ = ["_isolated_user_dirs"]

INSTALLED = get_protocol("auto-hsct-ln").version  # "1.2"


@pytest.fixture
def saved_under_1_1(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    """A plan saved and verified while auto-hsct-ln was at version 1.1 (the file before the
    draw tolerance of 1.2; here the installed file under its old number), then 1.2 installed."""
    older = get_protocol("auto-hsct-ln").model_copy(update={"version": "1.1"})
    with monkeypatch.context() as patch:
        patch.setattr(services, "get_protocol", lambda protocol_id: older)
        plan_id = sqlite_store.save_new(plan_input(), user="alice").plan_id
        sqlite_store.verify(
            plan_id,
            BlindEntry(weight_kg=60, height_cm=165, protocol_id="auto-hsct-ln"),
            user="bob",
            confirmed=CONFIRM,
        )
    assert sqlite_store.get(plan_id).status == "verified"
    return plan_id


def test_the_store_refuses_it_naming_both_versions(
    sqlite_store: Store, saved_under_1_1: str
) -> None:
    assert INSTALLED == "1.2"
    with pytest.raises(ProtocolChangedError) as refused:
        sqlite_store.load(saved_under_1_1)
    message = str(refused.value)
    assert "was saved against auto-hsct-ln v1.1" in message
    assert "against the installed auto-hsct-ln v1.2" in message
    assert "save and verify a new version" in message


def test_the_cli_refuses_to_show_or_print_it(
    capsys: pytest.CaptureFixture[str], store_url: str, saved_under_1_1: str, tmp_path: Path
) -> None:
    """``plans show`` and ``sheet --plan``: exit 4, one line naming v1.1 and v1.2; no PDF."""
    db = ["--db", store_url, "--user", "carol"]
    code, out, err = run_cli(capsys, "plans", "show", saved_under_1_1, *db)
    assert code == 4
    assert "VERIFIED" not in out
    assert "auto-hsct-ln v1.1" in err and "installed auto-hsct-ln v1.2" in err
    pdf = tmp_path / "sheet.pdf"
    code, out, err = run_cli(capsys, "sheet", "--plan", saved_under_1_1, "--out", str(pdf), *db)
    assert code == 4
    assert "auto-hsct-ln v1.1" in err and "installed auto-hsct-ln v1.2" in err
    assert not pdf.exists()


def test_the_window_opens_it_only_as_an_unsaved_draft(
    qtbot: Any, tmp_path: Path, store_url: str, saved_under_1_1: str
) -> None:
    window, controller, answers = _controller(qtbot, tmp_path, store_url, user="carol")
    controller.open_plan(saved_under_1_1)
    _wait(qtbot, controller)
    assert len(answers.warnings) == 1
    assert "auto-hsct-ln v1.1" in answers.warnings[0]
    assert "installed auto-hsct-ln v1.2" in answers.warnings[0]
    assert window.print_meta().status == "draft"
    assert "verified" not in window.windowTitle()
    assert "VERIFIED" not in window.state_banner.text().upper().replace("NOT VERIFIED", "")
    assert window.current_plan() is not None  # the inputs, recomputed with today's file
    assert window.current_plan().protocol_version == "1.2"
    assert dt.date(2027, 4, 12) in {a.date for a in window.current_plan().administrations}
