"""Plan store figures: save + reopen one plan, listing 10,000 plans by MRN prefix, and
`audit verify` of 100,000 events, each without the ward key (hash chain only) and with it
(every event also sealed with HMAC-SHA256).

    .venv/bin/python benchmarks/store.py            # SQLite in a temporary folder
    TXDOSE_TEST_PG_URL=postgresql+psycopg://… .venv/bin/python benchmarks/store.py  # and PostgreSQL

Prints medians in milliseconds. "save" is one new plan: recompute, one transaction (patient,
plan, version, audit events), committed with SQLite synchronous=FULL; "reopen" is reading the
version back and recomputing it to check its content hash (and its events' seals, keyed).
The 100,000 events are written in bulk (as the store writes them, hash and seal) and then
walked by `verify_audit`: every hash, link and (keyed) seal recomputed.
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
EVENTS = 100_000


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


def _fill_events(store: Store, count: int, key: bytes | None) -> float:
    """``count`` more events appended in bulk, hashed and (with ``key``) sealed like the
    store's own; returns the seconds it took."""
    from sqlalchemy import insert, update
    from sqlalchemy.orm import Session

    from app.store.schema import AuditHeadRow, AuditRow
    from app.store.sealing import event_row

    start = time.perf_counter()
    with Session(store._engine) as session, session.begin():
        head = session.get(AuditHeadRow, 1)
        assert head is not None
        seq, prev = head.seq, head.hash
        now = dt.datetime.now(dt.UTC)
        rows = []
        for _ in range(count):
            seq += 1
            row = event_row(
                key,
                seq=seq,
                at=now,
                actor="bench",
                action="print",
                plan_id="BNCH-0001",
                version=1,
                detail='{"to": "file"}',
                prev_hash=prev,
            )
            prev = row.hash
            rows.append({c.name: getattr(row, c.name) for c in AuditRow.__table__.columns})
        for i in range(0, len(rows), 5000):
            session.execute(insert(AuditRow), rows[i : i + 5000])
        session.execute(update(AuditHeadRow).where(AuditHeadRow.id == 1).values(seq=seq, hash=prev))
    return time.perf_counter() - start


def run(label: str, url: str, *, keyed: bool, listing: bool) -> None:
    from app.store import ward_key

    key = ward_key.create_key(ward_key.user_key_path()) if keyed else None
    label = f"{label} {'with the ward key' if keyed else 'keyless'}"
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
        if listing:
            _list(label, store)
        writing = _fill_events(store, EVENTS, key)
        start = time.perf_counter()
        report = store.verify_audit()
        sealed = "hash, link and seal" if keyed else "hash and link"
        print(
            f"{label}: audit verify of {report.events:,} events ({sealed} each): "
            f"{(time.perf_counter() - start) * 1000:.0f} ms ({'ok' if report.ok else 'BROKEN'}); "
            f"writing {EVENTS:,} of them in bulk {writing * 1000:.0f} ms"
        )
    finally:
        store.close()
        ward_key.user_key_path().unlink(missing_ok=True)


def _list(label: str, store: Store) -> None:
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


def _pg_run(pg: str, *, keyed: bool, listing: bool) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"})
        run("postgresql", url.render_as_string(hide_password=False), keyed=keyed, listing=listing)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        # the key and the seen-head file go to this folder, never the user's own
        os.environ["TXDOSE_CONFIG_DIR"] = str(Path(folder) / "config")
        os.environ["TXDOSE_DATA_DIR"] = str(Path(folder) / "data")
        for keyed in (False, True):
            database = Path(folder) / f"bench-{'keyed' if keyed else 'keyless'}.sqlite3"
            run("sqlite", f"sqlite:///{database}", keyed=keyed, listing=not keyed)
        pg = os.environ.get("TXDOSE_TEST_PG_URL")
        if pg:
            for keyed in (False, True):
                _pg_run(pg, keyed=keyed, listing=not keyed)
        else:
            print(
                'postgresql: skipped (set TXDOSE_TEST_PG_URL, e.g. eval "$(bash .ci/postgres.sh)")'
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
