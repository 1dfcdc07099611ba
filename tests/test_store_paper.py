"""Paper that can be checked (issue 15): every page of a saved plan's sheets carries a check
code (and a QR code of it); `txdose check-sheet CODE` says whether that paper is the current
verified version (exit 0), superseded / cancelled / never verified (5), or unknown (6)."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import pdf_pages, run_cli
from test_store_support import _isolated_user_dirs, db_url, plan_input, verify_confirming_all

from app.store import BlindEntry
from app.store.check_code import CheckCode, parse_check_code
from app.store.service import open_store
from dosing.errors import InputError

__all__ = ["_isolated_user_dirs", "db_url"]

BLIND = BlindEntry(weight_kg=Decimal(60), height_cm=Decimal(165), protocol_id="auto-hsct-ln")
CODE = re.compile(r"check code (TX1-[0-9A-Z]{8}-\d+-[0-9A-F]{8}-\d+)")


def _print(capsys: pytest.CaptureFixture[str], url: str, plan_id: str, pdf: Path) -> list[str]:
    """``txdose sheet --plan ID`` (every sheet) and the check code read back from each page."""
    code, _, err = run_cli(
        capsys, "sheet", "--plan", plan_id, "--out", str(pdf), "--db", url, "--user", "carol"
    )
    assert (code, err) == (0, "")
    pages = pdf_pages(pdf)
    found = [CODE.findall(page) for page in pages]
    assert all(len(codes) == 1 for codes in found), found  # one code on every page
    return [codes[0] for codes in found]


def _check(capsys: pytest.CaptureFixture[str], url: str, code: str) -> tuple[int, str]:
    exit_code, out, err = run_cli(capsys, "check-sheet", code, "--db", url)
    assert err == ""
    return exit_code, out.strip()


def test_a_printed_sheet_is_current_until_a_new_version_supersedes_it(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    """Saved (create + 2 acknowledgements = 3 events) and verified (4): the paper says position 4.
    Edited to 61 kg: the old paper is superseded (5); the new version, verified and printed,
    is current (0)."""
    store = open_store(db_url)
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    record = store.get(plan_id)
    codes = _print(capsys, db_url, plan_id, tmp_path / "v1.pdf")
    assert len(set(codes)) == 1 and len(codes) == len(pdf_pages(tmp_path / "v1.pdf")) > 1
    printed = codes[0]
    raw = plan_id.replace("-", "")
    assert printed == f"TX1-{raw}-1-{record.content_hash[:8].upper()}-4"
    assert _check(capsys, db_url, printed) == (
        0,
        f"current: plan {plan_id} version 1 is the current verified version (verified by bob); "
        "this paper matches it",
    )
    # read off the paper by a person: lower case, spaces
    assert _check(capsys, db_url, " " + printed.lower().replace("-", "- ", 2))[0] == 0

    store.save_version(plan_id, plan_input(weight="61"), base_version=1, user="alice")
    code, out = _check(capsys, db_url, printed)
    assert (code, out) == (
        5,
        f"superseded: plan {plan_id} version 1 was superseded: the plan is now at version 2 "
        "(draft); do not give from this paper, print version 2",
    )
    draft = _print(capsys, db_url, plan_id, tmp_path / "v2-draft.pdf")[0]
    code, out = _check(capsys, db_url, draft)
    assert code == 5 and "is the current version but not verified (draft)" in out
    verify_confirming_all(
        store, plan_id, BLIND.model_copy(update={"weight_kg": Decimal(61)}), user="bob"
    )
    verified = _print(capsys, db_url, plan_id, tmp_path / "v2.pdf")[0]
    assert verified.split("-")[2] == "2"
    assert _check(capsys, db_url, verified)[0] == 0
    store.cancel(plan_id, user="alice", reason="wrong patient")
    code, out = _check(capsys, db_url, verified)
    assert code == 5 and "was cancelled by alice (wrong patient)" in out
    store.close()


def test_paper_this_database_never_had_is_unknown(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    store = open_store(db_url)
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    store.close()
    real = parse_check_code(_print(capsys, db_url, plan_id, tmp_path / "s.pdf")[0])
    altered = {
        "another plan": CheckCode("ZZZZ-ZZZZ", 1, real.hash_prefix, real.position),
        "another version": CheckCode(real.plan_id, 7, real.hash_prefix, real.position),
        "other content": CheckCode(real.plan_id, 1, "00000000", real.position),
        "a later log": CheckCode(real.plan_id, 1, real.hash_prefix, real.position + 100),
    }
    for why, code in altered.items():
        exit_code, out = _check(capsys, db_url, str(code))
        assert exit_code == 6 and out.startswith("unknown: ") and "do not use this paper" in out, (
            why
        )


def test_a_malformed_code_is_invalid_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "check-sheet", "TX1-K7M2-1")
    assert code == 2 and "is not a txdose check code" in err
    with pytest.raises(InputError):
        parse_check_code("TX2-K7M2Q9XD-1-DCF72EEF-3")


def test_an_unsaved_plan_prints_no_check_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Nothing in a store to check against: no code, rather than one that says "unknown"."""
    pdf = tmp_path / "unsaved.pdf"
    code, _, err = run_cli(
        capsys,
        "sheet",
        "--protocol",
        "auto-hsct-ln",
        "--weight",
        "60",
        "--height",
        "165",
        "--age",
        "35",
        "--sex",
        "female",
        "--day0",
        "2027-04-12",
        "--out",
        str(pdf),
    )
    assert (code, err) == (0, "")
    assert not any("check code" in page for page in pdf_pages(pdf))


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) not installed")
def test_the_qr_code_reads_back_as_the_check_code(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    """The page rendered at 150 dpi (a phone photo is finer) and decoded by zbar: the QR code
    holds exactly the printed check code."""
    import pypdfium2 as pdfium

    store = open_store(db_url)
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.close()
    printed = _print(capsys, db_url, plan_id, tmp_path / "s.pdf")
    image = tmp_path / "page1.png"
    pdfium.PdfDocument(tmp_path / "s.pdf")[0].render(scale=150 / 72).to_pil().save(image)
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert decoded == [printed[0]]
