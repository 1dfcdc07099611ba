"""Shared fixtures and helpers for the store tests (imported by tests/test_store*.py).

Every store test runs on SQLite (a file under tmp_path) and, when ``TXDOSE_TEST_PG_URL`` is
set, again on PostgreSQL in a schema of its own that is dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dosing.models import Acknowledgement, Patient, PlanInput, PlanOptions

PG_URL = os.environ.get("TXDOSE_TEST_PG_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG_URL, reason='TXDOSE_TEST_PG_URL not set (eval "$(bash .ci/postgres.sh)")'
        ),
    ),
]


def _pg_schema_url(base: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: SQLite under tmp_path, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'txdose.sqlite3'}"
        return
    from sqlalchemy import create_engine, text

    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(PG_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user data folder, and no stray TXDOSE_* from the caller."""
    monkeypatch.setenv("TXDOSE_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("TXDOSE_CONFIG_DIR", str(tmp_path / "userconfig"))
    monkeypatch.delenv("TXDOSE_DATABASE_URL", raising=False)
    monkeypatch.delenv("TXDOSE_USER", raising=False)


# Bound, as the store saves it, to the numbers of the alert it acknowledges ("the source gives
# 0.5 mcg/kg/day; … usually 5 mcg/kg/day"): a saved input reads back equal to it.
ACK = Acknowledgement(
    code="verify-local-protocol",
    item="gcsf-engraftment",
    reason="local protocol checked",
    values=("0.5", "5"),
)
# Seed 000's "2.0 g/m2 for 2 days" read as per day: confirmed before verification.
# Its numbers: "2.0 g/m2) for 2 days" … "2.0 g/m² on each of the 2 days (4.0 g/m² in all)" …
# "a total of 2.0 g/m² (1.0 g/m² a day)".
READING_ACK = Acknowledgement(
    code="source-reading",
    item="cy-mobilization",
    reason="per day, confirmed",
    values=("2.0", "2", "2", "2.0", "2", "4.0", "2.0", "1.0"),
)


def plan_input(
    *,
    weight: str = "60",
    height: str = "165",
    mrn: str = "MRN-1001",
    name: str = "Jane Doe",
    methylprednisolone: str = "250",
    acknowledged: bool = True,
    ack_by: str = "",
    gcsf: str = "5",
) -> PlanInput:
    """The brief's auto-hsct-ln example, with a name, an MRN and its soft alerts acknowledged."""
    return PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(
            name=name,
            mrn=mrn,
            age_years=35,
            sex="female",
            weight_kg=Decimal(weight),
            height_cm=Decimal(height),
        ),
        options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        choices={
            "methylprednisolone": Decimal(methylprednisolone),
            "gcsf-mobilization": Decimal(gcsf),
        },
        acknowledgements=(
            # in the order the store keeps them (by code)
            (READING_ACK.model_copy(update={"by": ack_by}), ACK.model_copy(update={"by": ack_by}))
            if acknowledged
            else ()
        ),
    )


GUARDED_TABLES = (
    "audit_events",
    "audit_head",
    "plan_versions",
    "plans",
    "patients",
    "store_settings",
)


def raw_sql(url: str, *statements: str, unguarded: bool = False) -> None:
    """Run SQL behind txdose's back (a person with database rights editing tables by hand).

    ``unguarded`` first lifts every txdose trigger (migrations 0002 and 0003), as such a
    person could.
    """
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if unguarded:
                if engine.dialect.name == "postgresql":
                    for table in GUARDED_TABLES:
                        connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
                else:
                    names = connection.execute(
                        text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                    ).scalars()
                    for name in list(names):
                        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


# The example's adjustments, each confirmed by the verifier (issue 15): its two chosen range
# values and its two acknowledgements.
CONFIRM = (
    "choose:gcsf-mobilization",
    "choose:methylprednisolone",
    "acknowledge:source-reading@cy-mobilization",
    "acknowledge:verify-local-protocol@gcsf-engraftment",
)


def verify_confirming_all(store: Any, plan_id: str, entry: Any, **options: Any) -> Any:
    """``store.verify`` with every adjustment of the plan confirmed, for tests about something
    else than the confirmations (those are in test_store_verify.py): the keys are asked of the
    store after the same checks verify makes, so a refusal is raised (and audited) as before."""
    _, required = store.adjustments_to_confirm(
        plan_id, entry, user=options["user"], version=options.get("version")
    )
    return store.verify(plan_id, entry, confirmed=[a.key for a in required], **options)
