"""The store's schema and durability: migrations, a writer killed mid-save, lazy imports."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_store_support import CONFIRM, _isolated_user_dirs, db_url, plan_input

from app.services import compute, plan_content_hash
from app.store import BlindEntry
from app.store.audit import GENESIS, event_hash
from app.store.database import HEAD, MIGRATIONS, REVISIONS, current_revision, make_engine, migrate
from app.store.service import open_store

__all__ = ["_isolated_user_dirs", "db_url"]

ROOT = Path(__file__).resolve().parent.parent


def test_known_revisions_are_the_migration_scripts() -> None:
    """REVISIONS (checked on every open) lists exactly the scripts, oldest first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == HEAD
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(REVISIONS)


def test_migration_from_an_empty_database(db_url: str) -> None:
    """An empty database is brought to the newest schema on first open."""
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        migrate(engine)
        assert current_revision(engine) == HEAD
        tables = set(sa.inspect(engine).get_table_names())
        assert {"patients", "plans", "plan_versions", "audit_events", "audit_head"} <= tables
        columns = {c["name"] for c in sa.inspect(engine).get_columns("patients")}
        assert "name_folded" in columns
    finally:
        engine.dispose()


def _fill_revision_0001(engine: sa.Engine) -> tuple[str, str]:
    """Rows as txdose at schema 0001 wrote them: one patient, plan, version, audit event."""
    entered = plan_input(mrn="MRN-7", name="ÅNGSTRÖM, Zoë")
    content = plan_content_hash(compute(entered))
    now = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
    plan_id = "ABCD-EFGH"
    at = now.isoformat(timespec="microseconds")
    # txdose has recorded the content hash in the create event since its first schema
    detail = json.dumps({"content_hash": content, "mrn": "MRN-7"})
    digest = event_hash(
        seq=1,
        at=at,
        actor="alice",
        action="create",
        plan_id=plan_id,
        version=1,
        detail=detail,
        prev_hash=GENESIS,
    )
    meta = sa.MetaData()
    meta.reflect(engine)
    t = meta.tables
    with engine.begin() as connection:
        connection.execute(
            t["patients"]
            .insert()
            .values(id=1, mrn="MRN-7", name="ÅNGSTRÖM, Zoë", created_at=now, created_by="alice")
        )
        connection.execute(
            t["plans"]
            .insert()
            .values(
                id=plan_id,
                patient_id=1,
                protocol_id="auto-hsct-ln",
                current_version=1,
                status="draft",
                created_at=now,
                created_by="alice",
                updated_at=now,
                updated_by="alice",
            )
        )
        connection.execute(
            t["plan_versions"]
            .insert()
            .values(
                plan_id=plan_id,
                version=1,
                status="draft",
                input_json=entered.model_dump_json(),
                protocol_id="auto-hsct-ln",
                protocol_version="1.0",
                content_hash=content,
                created_at=now,
                created_by="alice",
            )
        )
        connection.execute(
            t["audit_events"]
            .insert()
            .values(
                seq=1,
                at=at,
                actor="alice",
                action="create",
                plan_id=plan_id,
                version=1,
                detail=detail,
                prev_hash=GENESIS,
                hash=digest,
            )
        )
        connection.execute(t["audit_head"].update().values(seq=1, hash=digest))
    return plan_id, content


def test_migration_from_the_previous_schema_keeps_and_backfills(db_url: str) -> None:
    """A 0001 database with a saved plan opens at 0002: the plan, its hash and its audit
    chain survive, names are back-filled for search, and the new guards are active."""
    engine = make_engine(db_url)
    try:
        migrate(engine, "0001")
        assert current_revision(engine) == "0001"
        assert "name_folded" not in {c["name"] for c in sa.inspect(engine).get_columns("patients")}
        plan_id, content = _fill_revision_0001(engine)
    finally:
        engine.dispose()
    store = open_store(db_url)
    try:
        engine = make_engine(db_url)
        assert current_revision(engine) == HEAD
        engine.dispose()
        assert [p.plan_id for p in store.list_plans(search="ångström")] == [plan_id]
        record, _plan = store.load(plan_id)
        assert (record.content_hash, record.mrn) == (content, "MRN-7")
        assert store.verify_audit().ok
        store.verify(
            plan_id,
            BlindEntry(weight_kg=60, height_cm=165, protocol_id="auto-hsct-ln"),
            user="bob",
            confirmed=CONFIRM,
        )
        assert store.verify_audit().events == 2
    finally:
        store.close()
    engine = make_engine(db_url)
    try:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as c:
            c.execute(sa.text("DELETE FROM audit_events"))
        if engine.dialect.name == "sqlite":
            # the 0001 file was copied aside before it was migrated
            database = Path(str(engine.url.database))
            assert Path(f"{database}.before-{HEAD}-from-0001.bak").exists()
    finally:
        engine.dispose()


def test_a_database_from_a_newer_txdose_is_refused(db_url: str) -> None:
    """An unknown schema revision is refused with a sentence, not migrated or damaged."""
    from app.store import SchemaError

    open_store(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(SchemaError, match="made by a newer txdose"):
        open_store(db_url)


# ---------------------------------------------------------------- killed mid-save

_WRITER = """
import sys, time
from app.store import service
from dosing.models import PlanInput

def park():
    print("inside-the-transaction", flush=True)
    time.sleep(600)

url, plan_id, text = sys.argv[1:4]
store = service.open_store(url)
service.BEFORE_COMMIT = park
if plan_id == "new":
    store.save_new(PlanInput.model_validate_json(text), user="killed")
else:
    store.save_version(plan_id, PlanInput.model_validate_json(text), base_version=1,
                       user="killed")
print("committed", flush=True)
"""


@pytest.mark.parametrize("operation", ["new", "edit"])
def test_a_writer_killed_mid_save_leaves_the_database_whole(db_url: str, operation: str) -> None:
    """SIGKILL inside a save's transaction (rows written, not committed): nothing of it
    remains, the existing plan and audit chain are intact, and the next save works."""
    store = open_store(db_url)
    try:
        plan_id = store.save_new(plan_input(), user="alice").plan_id
        events_before = store.verify_audit().events
        edited = plan_input(
            weight="70",
            mrn="MRN-1001" if operation == "edit" else "MRN-5005",
            name="Jane Doe" if operation == "edit" else "Kim Poe",
        )
        writer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WRITER,
                db_url,
                plan_id if operation == "edit" else "new",
                edited.model_dump_json(),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            line = writer.stdout.readline() if writer.stdout else ""
            assert line.strip() == "inside-the-transaction", writer.stderr and writer.stderr.read()
            os.kill(writer.pid, signal.SIGKILL)
        finally:
            writer.wait()
            if writer.stdout:
                writer.stdout.close()
            if writer.stderr:
                writer.stderr.close()
        assert writer.returncode == -signal.SIGKILL

        assert [p.plan_id for p in store.list_plans()] == [plan_id]
        assert store.count_plans() == 1
        assert [(v.version, v.status) for v in store.history(plan_id)] == [(1, "draft")]
        assert store.get(plan_id).plan_input == plan_input()
        report = store.verify_audit()
        assert (report.ok, report.events) == (True, events_before)
        if store.dialect == "sqlite":
            engine = make_engine(db_url)
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            engine.dispose()
        # the killed writer's locks are gone: the same save now goes through
        saved = (
            store.save_version(plan_id, edited, base_version=1, user="bob")
            if operation == "edit"
            else store.save_new(edited, user="bob")
        )
        assert saved.created
        assert store.verify_audit().ok
    finally:
        store.close()


_SAVER = """
import sys
from app.store.service import open_store
from dosing.models import PlanInput

url, who, count, text = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
entered = PlanInput.model_validate_json(text)
store = open_store(url)
plan_id = store.save_new(entered, user=who).plan_id
for version in range(1, count):
    weight = entered.patient.weight_kg + version
    edit = entered.model_copy(update={"patient": entered.patient.model_copy(
        update={"weight_kg": weight})})
    store.save_version(plan_id, edit, base_version=version, user=who)
print(plan_id)
"""


def test_two_processes_writing_at_once_keep_one_audit_chain(db_url: str) -> None:
    """Two workstations saving at the same time: every save lands, the chain stays linear."""
    open_store(db_url).close()  # migrate first, as the first workstation to start would
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _SAVER,
                db_url,
                who,
                "15",
                plan_input(mrn=mrn, name=who.title()).model_dump_json(),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who, mrn in (("ann", "MRN-A"), ("ben", "MRN-B"))
    ]
    results = [writer.communicate() for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], results
    store = open_store(db_url)
    try:
        for (out, _err), who in zip(results, ("ann", "ben"), strict=True):
            history = store.history(out.strip())
            assert [v.version for v in history] == list(range(1, 16))
            assert {v.created_by for v in history} == {who}
            assert store.get(out.strip()).plan_input.patient.weight_kg == 74  # 60 + 14
        report = store.verify_audit()
        # per writer: create + 2 acknowledgements, then 14 edits
        assert (report.ok, report.events) == (True, 2 * (3 + 14))
    finally:
        store.close()


# ---------------------------------------------------------------- start-up cost


def test_the_database_is_not_imported_on_the_plain_paths(tmp_path: Path) -> None:
    """`txdose plan`, the CLI parser, and a window with the store installed (and its crash
    offer run) load no SQLAlchemy, Alembic or psycopg."""
    code = """
import sys, io, contextlib
from app.cli import build_parser, main
build_parser()
import app.store, app.cli.store_commands
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow
from ui.store import install
qt = QApplication([])
window = MainWindow(user="alice")
install(window)
qt.processEvents()
with contextlib.redirect_stdout(io.StringIO()):
    rc = main(["plan", "--protocol", "auto-hsct-ln", "--weight", "60", "--height", "165",
               "--sex", "female", "--age", "35", "--json"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic", "psycopg"))
print(rc, loaded)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "TXDOSE_DATA_DIR": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path),
        },
    )
    assert result.stdout.strip() == "0 []"


def test_the_window_pays_nothing_for_the_store_at_start_up(tmp_path: Path) -> None:
    """Importing the store's GUI and installing it load no pydantic before the first paint
    (the window defers pydantic and the engine until it has been drawn)."""
    code = """
import sys
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow
before = "pydantic" in sys.modules
from ui.store import install
import app.store, app.cli.store_commands
qt = QApplication([])
window = MainWindow(user="alice")
install(window)
print(before, "pydantic" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "TXDOSE_DATA_DIR": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path),
        },
    )
    assert result.stdout.strip() == "False False"
