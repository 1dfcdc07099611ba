"""``txdose sheet --out`` destroys nothing (issue 15): not the database, not a file txdose did
not write, not a folder or a device; an existing sheet only with --force; a refused or failed
write is not audited as a print."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from test_store_cli import PLAN

SQLITE = "sqlite:///{}"


def _saved_plan(capsys: pytest.CaptureFixture[str], database: Path) -> str:
    code, _out, err = run_cli(
        capsys, "plan", *PLAN, "--save", "--db", SQLITE.format(database), "--user", "alice"
    )
    assert code == 0, err
    return err.split("saved: ", 1)[1].strip()


def _prints(capsys: pytest.CaptureFixture[str], database: Path) -> int:
    from app.store.service import open_store

    store = open_store(SQLITE.format(database))
    try:
        return sum(event.action == "print" for event in store.audit_events())
    finally:
        store.close()


def _sheet(capsys: pytest.CaptureFixture[str], database: Path, plan_id: str, *out: str):  # type: ignore[no-untyped-def]
    return run_cli(
        capsys,
        "sheet",
        "--plan",
        plan_id,
        "--db",
        SQLITE.format(database),
        "--user",
        "carol",
        "--sheet",
        "nurse",
        *out,
    )


def test_the_database_is_never_overwritten(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``--out`` naming the database file (or a .pdf symlink to it) is refused, the database is
    byte-for-byte the same and no print is audited."""
    database = tmp_path / "txdose.sqlite3"
    plan_id = _saved_plan(capsys, database)
    before = database.read_bytes()
    code, _out, err = _sheet(capsys, database, plan_id, "--out", str(database), "--force")
    assert code == 2 and "invalid out" in err and ".pdf" in err
    link = tmp_path / "link.pdf"
    link.symlink_to(database)
    code, _out, err = _sheet(capsys, database, plan_id, "--out", str(link), "--force")
    assert code == 2 and "plan database" in err
    assert database.read_bytes() == before
    assert _prints(capsys, database) == 0


def test_a_file_txdose_did_not_write_is_refused_even_with_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A PDF someone else wrote (a discharge letter) is never replaced."""
    database = tmp_path / "txdose.sqlite3"
    plan_id = _saved_plan(capsys, database)
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4\n% a discharge letter\n")
    code, _out, err = _sheet(capsys, database, plan_id, "--out", str(letter), "--force")
    assert code == 2 and "is not a sheet txdose wrote" in err
    assert letter.read_bytes() == b"%PDF-1.4\n% a discharge letter\n"


def test_an_existing_sheet_is_replaced_only_with_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """First print writes; the same --out again is refused; with --force it is replaced. Two
    prints written, two audited."""
    database = tmp_path / "txdose.sqlite3"
    plan_id = _saved_plan(capsys, database)
    sheet = tmp_path / "nurse.pdf"
    assert _sheet(capsys, database, plan_id, "--out", str(sheet))[0] == 0
    code, _out, err = _sheet(capsys, database, plan_id, "--out", str(sheet))
    assert code == 2 and "--force" in err
    assert _sheet(capsys, database, plan_id, "--out", str(sheet), "--force")[0] == 0
    assert sheet.read_bytes().startswith(b"%PDF-")
    assert _prints(capsys, database) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".txdose-")]


@pytest.mark.parametrize("target", ["folder.pdf", "/dev/full", "fifo.pdf"])
def test_folders_devices_and_pipes_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str
) -> None:
    """No device, pipe or folder is written to (``/dev/full`` used to fail after the print had
    been audited); nothing is audited."""
    database = tmp_path / "txdose.sqlite3"
    plan_id = _saved_plan(capsys, database)
    (tmp_path / "folder.pdf").mkdir()
    os.mkfifo(tmp_path / "fifo.pdf")
    out = target if target.startswith("/") else str(tmp_path / target)
    code, _out, err = _sheet(capsys, database, plan_id, "--out", out)
    assert code == 2 and "invalid out" in err
    assert _prints(capsys, database) == 0


def test_a_failed_write_leaves_no_print_and_no_partial_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A folder that cannot be written: exit 2 naming --out, no file, no print audited."""
    database = tmp_path / "txdose.sqlite3"
    plan_id = _saved_plan(capsys, database)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        code, _out, err = _sheet(capsys, database, plan_id, "--out", str(locked / "s.pdf"))
        assert code == 2 and "cannot write" in err
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
    assert _prints(capsys, database) == 0
