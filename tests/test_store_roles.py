"""The PostgreSQL ward's two roles (README, "Ward set-up"), run for real on the loopback
cluster: an owner role migrates and holds the triggers; the workstation role saves and
verifies, and is refused every UPDATE/DELETE of events or saved contents, and every change
to a trigger. Skipped without TXDOSE_TEST_PG_URL; `.ci/postgres.sh` gives its user the
CREATEROLE this test needs to make (and drop) the two roles."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from conftest import run_cli
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from test_store_support import (
    PG_URL,
    _isolated_user_dirs,
    _pg_schema_url,
    plan_input,
    verify_confirming_all,
)

from app.store import BlindEntry
from app.store.service import open_store

__all__ = ["_isolated_user_dirs"]

pytestmark = pytest.mark.skipif(
    not PG_URL, reason='TXDOSE_TEST_PG_URL not set (eval "$(bash .ci/postgres.sh)")'
)
BLIND = BlindEntry(weight_kg=Decimal(60), height_cm=Decimal(165), protocol_id="auto-hsct-ln")


@pytest.fixture
def ward() -> Iterator[tuple[str, str, str]]:
    """(owner URL, workstation URL, workstation role) on a schema the owner made."""
    assert PG_URL is not None
    tag = uuid.uuid4().hex[:8]
    owner, workstation, schema = f"txdose_owner_{tag}", f"txdose_ws_{tag}", f"ward_{tag}"
    passwords = {owner: secrets.token_hex(12), workstation: secrets.token_hex(12)}
    base = make_url(PG_URL)
    admin = create_engine(base)
    with admin.begin() as connection:
        for role, password in passwords.items():
            connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
        connection.execute(text(f'GRANT CREATE ON DATABASE "{base.database}" TO {owner}'))

    def url(role: str) -> str:
        return base.set(username=role, password=passwords[role]).render_as_string(
            hide_password=False
        )

    owner_engine = create_engine(url(owner))
    with owner_engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield (
            _pg_schema_url(url(owner), schema),
            _pg_schema_url(url(workstation), schema),
            workstation,
        )
    finally:
        with owner_engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        owner_engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'REVOKE CREATE ON DATABASE "{base.database}" FROM {owner}'))
            for role in passwords:
                connection.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


def _as(url: str, statement: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def test_owner_migrates_and_the_workstation_role_cannot_rewrite(
    capsys: pytest.CaptureFixture[str], ward: tuple[str, str, str]
) -> None:
    owner_url, workstation_url, role = ward
    # the owner: migrations, the ward key, the grants
    code, out, err = run_cli(capsys, "admin", "init-key", "--db", owner_url, "--user", "dba")
    assert (code, err) == (0, "") and "sealed with it" in out
    code, out, err = run_cli(capsys, "admin", "grant-workstation", role, "--db", owner_url)
    assert (code, err) == (0, "")
    assert f'GRANT SELECT, INSERT ON "{owner_url.split("search_path%3D")[1]}".audit_events' in out

    # the workstation: the whole life of a plan works
    store = open_store(workstation_url)
    try:
        plan_id = store.save_new(plan_input(), user="alice").plan_id
        verify_confirming_all(store, plan_id, BLIND, user="bob")
        store.save_version(plan_id, plan_input(weight="61"), base_version=1, user="alice")
        other = store.save_new(plan_input(mrn="MRN-2", name="Kim Poe"), user="alice").plan_id
        store.cancel(other, user="alice", reason="wrong patient")
        store.record("print", user="alice", plan_id=plan_id, version=2, to="file")
        assert store.get(plan_id, 1).status == "superseded"
        report = store.verify_audit()
        assert (report.ok, report.limits) == (True, ())
    finally:
        store.close()

    # ... and every rewrite is refused to it, by privilege or by trigger
    refused = {
        "UPDATE audit_events SET actor = 'mallory'": "permission denied",
        "DELETE FROM audit_events": "permission denied",
        "TRUNCATE audit_events": "permission denied",
        "UPDATE plan_versions SET input_json = '{}'": "permission denied",
        "UPDATE plan_versions SET content_hash = 'x'": "permission denied",
        "DELETE FROM plan_versions": "permission denied",
        "DELETE FROM plans": "permission denied",
        "DELETE FROM patients": "permission denied",
        "UPDATE patients SET mrn = 'MRN-9'": "permission denied",
        "UPDATE plans SET patient_id = 1": "permission denied",
        "UPDATE store_settings SET value = 'x'": "permission denied",
        f"UPDATE plans SET status = 'draft' WHERE id = '{other}'": "status changes only",
        "UPDATE plan_versions SET status = 'draft' WHERE status = 'cancelled'": (
            "status changes only"
        ),
        "UPDATE audit_head SET seq = 1": "cannot be wound back",
        "DROP TRIGGER plan_versions_guard ON plan_versions": "must be owner",
        "DROP TRIGGER audit_events_append_only ON audit_events": "must be owner",
        "ALTER TABLE audit_events DISABLE TRIGGER USER": "must be owner",
        "DROP FUNCTION txdose_audit_append_only() CASCADE": "must be owner",
        "CREATE TABLE sneaky (id int)": "permission denied",
    }
    for statement, message in refused.items():
        with pytest.raises(DBAPIError, match=message):
            _as(workstation_url, statement)
    store = open_store(workstation_url)
    try:
        assert store.verify_audit().ok
        assert [v.status for v in store.history(plan_id)] == ["superseded", "draft"]
    finally:
        store.close()
