"""Plan store figures: save + reopen one plan, and listing 10,000 plans by MRN prefix.

    .venv/bin/python benchmarks/store.py            # SQLite in a temporary folder
    TXDOSE_TEST_PG_URL=postgresql+psycopg://… .venv/bin/python benchmarks/store.py  # and PostgreSQL

Prints medians in milliseconds. "save" is one new plan: recompute, one transaction (patient,
plan, version, audit events), committed with SQLite synchronous=FULL; "reopen" is reading the
version back and recomputing it to check its content hash.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services import compute, plan_content_hash
from app.store.service import Store, new_plan_id, open_store
from dosing.models import Patient, PlanInput, PlanOptions

SAVES = 50
PLANS = 10_000
LISTS = 20


def _input(mrn: str, name: str) -> PlanInput:
    return PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(
            name=name,
            mrn=mrn,
            age_years=35,
            sex="female",
            weight_kg=Decimal(60),
            height_cm=Decimal(165),
        ),
        options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        choices={"methylprednisolone": Decimal(250), "gcsf-mobilization": Decimal(5)},
    )


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.2f} ms"


def _fill(store: Store, count: int) -> None:
    """``count`` plans written in bulk (one transaction), like ``save_new`` would leave them."""
    from sqlalchemy.orm import Session

    from app.store.schema import PatientRow, PlanRow, VersionRow

    entered = _input("000000", "Bench Patient")
    plan = compute(entered)
    text, content = entered.model_dump_json(), plan_content_hash(plan)
    now = dt.datetime.now(dt.UTC)
    with Session(store._engine) as session, session.begin():
        patients = [
            PatientRow(
                mrn=f"B{i:06d}",
                name=f"Patient {i}",
                name_folded=f"patient {i}",
                created_at=now,
                created_by="bench",
            )
            for i in range(count)
        ]
        session.add_all(patients)
        session.flush()
        for patient in patients:
            plan_id = new_plan_id()
            session.add(
                PlanRow(
                    id=plan_id,
                    patient_id=patient.id,
                    protocol_id="auto-hsct-ln",
                    current_version=1,
                    status="draft",
                    created_at=now,
                    created_by="bench",
                    updated_at=now,
                    updated_by="bench",
                )
            )
            session.add(
                VersionRow(
                    plan_id=plan_id,
                    version=1,
                    status="draft",
                    input_json=text,
                    protocol_id="auto-hsct-ln",
                    protocol_version="1.0",
                    content_hash=content,
                    created_at=now,
                    created_by="bench",
                )
            )


def run(label: str, url: str) -> None:
    store = open_store(url)
    try:
        saves, reopens = [], []
        for i in range(SAVES):
            entered = _input(f"S{i:05d}", f"Save {i}")
            start = time.perf_counter()
            saved = store.save_new(entered, user="bench")
            saves.append(time.perf_counter() - start)
            start = time.perf_counter()
            store.load(saved.plan_id)
            reopens.append(time.perf_counter() - start)
        print(
            f"{label}: save a new plan {_ms(saves)}, reopen + recompute {_ms(reopens)} "
            f"(median of {SAVES})"
        )
        _fill(store, PLANS)
        total = store.count_plans()
        for prefix, expect in (("B0012", 100), ("B00123", 10)):
            samples = []
            for _ in range(LISTS):
                start = time.perf_counter()
                rows = store.list_plans(mrn_prefix=prefix, limit=None)
                samples.append(time.perf_counter() - start)
            assert len(rows) == expect, (prefix, len(rows))
            print(
                f"{label}: list by MRN prefix {prefix!r} among {total:,} plans → {len(rows)} "
                f"rows: {_ms(samples)} (median of {LISTS})"
            )
        samples = []
        for _ in range(LISTS):
            start = time.perf_counter()
            rows = store.list_plans(search="patient 99", limit=None)
            samples.append(time.perf_counter() - start)
        print(f"{label}: search by name part 'patient 99' → {len(rows)} rows: {_ms(samples)}")
        start = time.perf_counter()
        report = store.verify_audit()
        print(
            f"{label}: audit verify of {report.events} events: "
            f"{(time.perf_counter() - start) * 1000:.1f} ms ({'ok' if report.ok else 'BROKEN'})"
        )
    finally:
        store.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
    pg = os.environ.get("TXDOSE_TEST_PG_URL")
    if pg:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(pg)
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        try:
            url = make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"})
            run("postgresql", url.render_as_string(hide_password=False))
        finally:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()
    else:
        print('postgresql: skipped (set TXDOSE_TEST_PG_URL, e.g. eval "$(bash .ci/postgres.sh)")')
    return 0


if __name__ == "__main__":
    sys.exit(main())
