"""The saved-plan CLI end to end: plan --save → plans list → verify → sheet --plan, and exit 4."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import pdf_pages
from conftest import run_cli as _run
from test_store_support import CONFIRM, _isolated_user_dirs, db_url, raw_sql

__all__ = ["_isolated_user_dirs", "db_url"]

PLAN = [
    "--protocol",
    "auto-hsct-ln",
    "--weight",
    "60",
    "--height",
    "165",
    "--sex",
    "female",
    "--age",
    "35",
    "--name",
    "Jane Doe",
    "--mrn",
    "MRN-1001",
    "--day0",
    "2027-04-12",
    "--choose",
    "methylprednisolone=250",
    "--choose",
    "gcsf-mobilization=5",
    "--acknowledge",
    "verify-local-protocol@gcsf-engraftment=local protocol checked",
    "--acknowledge",
    "source-reading@cy-mobilization=per day, confirmed",
]


# the example's two chosen values and its acknowledgement, each confirmed by the verifier
CONFIRM_FLAGS = [flag for key in CONFIRM for flag in ("--confirm", key)]


def _pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


def _save(capsys: pytest.CaptureFixture[str], db: str, user: str = "alice") -> str:
    code, _out, err = _run(capsys, "plan", *PLAN, "--save", "--db", db, "--user", user)
    assert code == 0, err
    assert err.startswith("saved: ")
    return err.split("saved: ", 1)[1].strip()


def test_prepare_verify_print_end_to_end(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    """alice saves, bob verifies blind, carol prints the verified sheet without watermark."""
    plan_id = _save(capsys, db_url)

    code, out, _ = _run(capsys, "plans", "list", "--mrn", "MRN-1", "--db", db_url)
    assert code == 0
    header, row = out.splitlines()
    assert header.split() == ["ID", "MRN", "NAME", "PROTOCOL", "V", "STATUS", "CHANGED", "BY"]
    assert row.split()[:7] == [plan_id, "MRN-1001", "Jane", "Doe", "auto-hsct-ln", "1", "draft"]
    assert row.split()[-1] == "alice"

    draft_pdf = tmp_path / "draft.pdf"
    code, _, err = _run(
        capsys,
        "sheet",
        "--plan",
        plan_id,
        "--sheet",
        "nurse",
        "--out",
        str(draft_pdf),
        "--db",
        db_url,
        "--user",
        "carol",
    )
    assert code == 0, err
    assert "NOT VERIFIED" in _pdf_text(draft_pdf)

    code, out, err = _run(
        capsys,
        "verify",
        plan_id.lower().replace("-", ""),
        "--weight",
        "60.0",
        "--height",
        "165",
        "--protocol",
        "auto-hsct-ln",
        "--initials",
        "BB",
        *CONFIRM_FLAGS,
        "--db",
        db_url,
        "--user",
        "bob",
    )
    assert (code, err) == (0, "")
    assert out.strip() == (
        f"verified: plan {plan_id} version 1 by bob (BB); prepared by alice; "
        "4 adjustments confirmed"
    )

    code, out, _ = _run(capsys, "plans", "list", "--status", "verified", "--db", db_url)
    assert out.splitlines()[1].split()[0] == plan_id

    pdf = tmp_path / "verified.pdf"
    code, out, err = _run(
        capsys, "sheet", "--plan", plan_id, "--out", str(pdf), "--db", db_url, "--user", "carol"
    )
    assert code == 0, err
    text = _pdf_text(pdf)
    assert "NOT VERIFIED" not in text
    assert plan_id in text
    assert "2,400 mg" in text  # cyclophosphamide 40 mg/kg × 60 kg, day −5

    code, out, _ = _run(
        capsys, "plans", "show", plan_id, "--json", "--db", db_url, "--user", "dave"
    )
    shown = json.loads(out)
    assert (shown["status"], shown["verified_by"], shown["prepared_by"]) == (
        "verified",
        "bob (BB)",
        "alice",
    )
    assert shown["input"]["patient"]["weight_kg"] == "60"

    code, out, _ = _run(capsys, "audit", "verify", "--db", db_url)
    assert (code, out.splitlines()[0]) == (
        0,
        "audit log intact: 7 events, every hash and link checks out",
    )
    from app.store.service import open_store

    store = open_store(db_url)
    actions = [(e.action, e.actor) for e in store.audit_events()]
    store.close()
    assert actions == [
        ("create", "alice"),
        ("acknowledge", "alice"),
        ("acknowledge", "alice"),
        ("print", "carol"),
        ("verify", "bob"),
        ("print", "carol"),
        ("export", "dave"),
    ]


def test_store_refusals_exit_4_with_one_line(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    """Same user, a mismatch, an unknown plan: exit 4, `txdose: …`, no traceback."""
    plan_id = _save(capsys, db_url)
    blind = ["--height", "165", "--protocol", "auto-hsct-ln", "--db", db_url]
    code, _, err = _run(capsys, "verify", plan_id, "--weight", "60", *blind, "--user", "alice")
    assert code == 4
    assert err == (
        f"txdose: alice prepared plan {plan_id} version 1 and cannot also verify it: "
        "a second pharmacist must verify\n"
    )
    code, _, err = _run(capsys, "verify", plan_id, "--weight", "66", *blind, "--user", "bob")
    assert code == 4
    assert err.startswith(
        f"txdose: verification of plan {plan_id} version 1 refused: "
        "the re-entered weight does not match the prepared plan"
    )
    assert "Traceback" not in err
    code, _, err = _run(capsys, "plans", "show", "NOPE-NOPE", "--db", db_url)
    assert code == 4
    assert err.startswith("txdose: there is no saved plan 'NOPE-NOPE'")
    code, _, err = _run(
        capsys, "sheet", "--plan", "NOPE-NOPE", "--out", str(tmp_path / "s.pdf"), "--db", db_url
    )
    assert code == 4 and err.startswith("txdose: there is no saved plan")


def test_invalid_verify_input_is_exit_2(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    """A weight outside 20–250 kg at verification is an input error (exit 2), not a mismatch."""
    plan_id = _save(capsys, db_url)
    code, _, err = _run(
        capsys,
        "verify",
        plan_id,
        "--weight",
        "600",
        "--height",
        "165",
        "--protocol",
        "auto-hsct-ln",
        "--db",
        db_url,
        "--user",
        "bob",
    )
    assert code == 2
    assert "weight" in err and "20–250 kg" in err


def test_tampered_audit_exits_4_naming_the_event(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """An audit row edited by hand: `audit verify` exits 4 and says which event."""
    _save(capsys, db_url)
    raw_sql(db_url, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 1", unguarded=True)
    code, _, err = _run(capsys, "audit", "verify", "--db", db_url)
    assert code == 4
    lines = err.splitlines()
    assert lines[0] == "txdose: the audit log has been tampered with (1 problem in 3 events):"
    assert lines[1].startswith("  event 1 (create by mallory")
    assert lines[1].endswith("was edited: its content no longer matches its hash")


def test_an_unreachable_database_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A PostgreSQL server that is not there: exit 4, the URL without its password."""
    url = "postgresql+psycopg://ward:secret@127.0.0.1:9/txdose?connect_timeout=2"
    code, _, err = _run(capsys, "plans", "list", "--db", url)
    assert code == 4
    assert err.startswith("txdose: database postgresql+psycopg://ward:***@127.0.0.1:9/txdose")
    assert "secret" not in err and len(err.splitlines()) == 1


def test_default_database_is_in_the_data_dir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With no --db and no TXDOSE_DATABASE_URL, plans go to a SQLite file in the data folder."""
    code, _, err = _run(capsys, "plan", *PLAN, "--save", "--user", "alice")
    assert code == 0, err
    assert (tmp_path / "userdata" / "txdose.sqlite3").exists()
    code, out, _ = _run(capsys, "plans", "list")
    assert "MRN-1001" in out


def test_cancel_needs_a_reason_and_then_refuses_verification(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """`plans cancel ID --reason R` withdraws the plan; verifying it then exits 4."""
    plan_id = _save(capsys, db_url)
    code, out, _ = _run(
        capsys,
        "plans",
        "cancel",
        plan_id,
        "--reason",
        "consent withdrawn",
        "--db",
        db_url,
        "--user",
        "alice",
    )
    assert (code, out.strip()) == (
        0,
        f"cancelled: plan {plan_id} (version 1) by alice: consent withdrawn",
    )
    code, out, _ = _run(capsys, "plans", "list", "--status", "cancelled", "--db", db_url)
    assert out.splitlines()[1].split()[0] == plan_id
    code, _, err = _run(
        capsys,
        "verify",
        plan_id,
        "--weight",
        "60",
        "--height",
        "165",
        "--protocol",
        "auto-hsct-ln",
        "--db",
        db_url,
        "--user",
        "bob",
    )
    assert code == 4
    assert err == (
        f"txdose: plan {plan_id} version 1 is cancelled: only the current draft can be verified\n"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "'nonsense' is not a database URL"),
        ("mysql://db/txdose", "'mysql' databases are not supported"),
        ("postgresql+psycopg2://db/txdose", "'postgresql+psycopg2' is not available"),
    ],
)
def test_an_unusable_url_is_one_line(
    capsys: pytest.CaptureFixture[str], url: str, message: str
) -> None:
    """A URL txdose cannot use: exit 4 and what to use instead."""
    code, _, err = _run(capsys, "plans", "list", "--db", url)
    assert code == 4
    assert err.startswith(f"txdose: {message}") and len(err.splitlines()) == 1
