"""A shipped protocol whose content changes gets a new version (issue 10): its version is printed
on every sheet and kept with every saved plan, so two different files must never carry the same
number. ``resources/protocols/versions.lock`` records each file's id, version and content hash
(``app/protocol_manifest.py``); these tests fail when a file changed but its version did not, and
tell the developer what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.protocol_manifest import SHIPPED_FOLDER, content_hash, lock_text, main, problems


def test_every_shipped_protocol_matches_its_locked_version_and_content() -> None:
    """The rule on the shipped files: an empty list, or the sentence saying what to do."""
    assert problems(SHIPPED_FOLDER) == []


def test_the_shipped_protocols_are_past_version_1_0() -> None:
    """Every file changed since "1.0" (mesna rows, presentation volumes, follow-up,
    thresholds, ceilings): none may still say 1.0."""
    lock = (SHIPPED_FOLDER / "versions.lock").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in lock.splitlines() if line and not line.startswith("#")]
    assert {row[0] for row in rows} == {p.stem for p in SHIPPED_FOLDER.glob("*.toml")}
    assert all(row[1] != "1.0" for row in rows), rows


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "protocols"
    copy.mkdir()
    for path in SHIPPED_FOLDER.glob("*.toml"):
        shutil.copy(path, copy / path.name)
    (copy / "versions.lock").write_text(lock_text(SHIPPED_FOLDER), encoding="utf-8")
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_dose_without_a_new_version_fails_saying_bump_it(folder: Path) -> None:
    """ATG 2.5 → 3 mg/kg with the version left at 1.2: refused, naming the file and what to do."""
    _edit(folder / "auto-hsct-ln.toml", 'dose = "2.5"', 'dose = "3"')
    assert problems(folder) == [
        "auto-hsct-ln.toml: its content changed but its version is still 1.2: bump `version` "
        "in the file (and add a line to the version history in README.md), then update "
        "versions.lock (.venv/bin/python -m app.protocol_manifest --write)"
    ]


def test_a_bumped_version_needs_the_lock_updated_then_passes(folder: Path) -> None:
    path = folder / "auto-hsct-ln.toml"
    _edit(path, 'dose = "2.5"', 'dose = "3"')
    _edit(path, 'version = "1.2"', 'version = "1.3"')
    assert problems(folder) == [
        "auto-hsct-ln.toml: version 1.3 is not the version 1.2 in versions.lock: update "
        "versions.lock (.venv/bin/python -m app.protocol_manifest --write)"
    ]
    assert main(["--write", str(folder)]) == 0
    assert problems(folder) == []
    assert "auto-hsct-ln\t1.3\tsha256:" in (folder / "versions.lock").read_text(encoding="utf-8")


def test_a_comment_changes_no_content(folder: Path) -> None:
    """A comment or blank line changes no dose: no new version needed."""
    _edit(folder / "msc-adipose.toml", "\n", "\n# reviewed 2027-01-04\n\n")
    assert problems(folder) == []


def test_a_new_file_and_a_removed_file_are_named(folder: Path) -> None:
    shutil.copy(folder / "msc-adipose.toml", folder / "site-copy.toml")
    (folder / "ucmsc-vs-il2.toml").unlink()
    found = problems(folder)
    assert any(p.startswith("site-copy.toml: not in versions.lock") for p in found)
    assert any(p.startswith("versions.lock lists ucmsc-vs-il2, which has no file") for p in found)


def test_the_hash_ignores_only_the_version() -> None:
    base = 'id = "x"\nversion = "1"\ndose = "2"\n'
    assert content_hash(base) == content_hash(base.replace('"1"', '"2"', 1))
    assert content_hash(base) != content_hash(base.replace('dose = "2"', 'dose = "2.0"'))
