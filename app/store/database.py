"""Opening a database: SQLite (one workstation, WAL) or PostgreSQL (a ward), migrated on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from app.store.errors import SchemaError, StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
REVISIONS = ("0001", "0002", "0003")  # oldest first; a test checks this against the scripts
HEAD = REVISIONS[-1]
WRITE = "txdose_write"  # execution option: this transaction will write
# Any constant shared by every txdose process: serializes migrations on one PostgreSQL.
_PG_MIGRATION_LOCK = 0x7478_646F_7365


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file and its folder are created on first use."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"'{url}' is not a database URL (sqlite:///FILE or postgresql+psycopg://…)"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if backend in ("postgresql", "postgres"):
        # psycopg 3 is the driver txdose ships; a bare postgresql:// URL means it too
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (ImportError, NoSuchModuleError):
            raise StoreError(
                f"'{parsed.drivername}' is not available: use postgresql+psycopg://…"
            ) from None
    raise StoreError(
        f"'{parsed.drivername}' databases are not supported: use sqlite:///FILE or "
        "postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
    )


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own BEGIN handling is off: the "begin" hook below decides DEFERRED or
        # IMMEDIATE, so a writer takes the write lock up front instead of failing on upgrade.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed save survives a power cut, not only a crashed process.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return str(value) if value is not None else None


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (the newest by default), one transaction per run.

    A database already at the newest revision costs one query (Alembic is not imported).
    A SQLite file with data is copied beside itself before it is migrated.
    """
    current = current_revision(engine)
    wanted = HEAD if target == "head" else target
    if current == wanted:
        return
    if current is not None and current not in REVISIONS:
        raise SchemaError(
            f"the database is at schema {current}, made by a newer txdose than this one "
            f"(which knows up to {HEAD}): update txdose on this workstation"
        )
    if current is not None and engine.dialect.name == "sqlite":
        _backup_sqlite(engine, current)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})"))
            config.attributes["connection"] = connection
            if REVISIONS.index(wanted) < REVISIONS.index(current or REVISIONS[0]):
                command.downgrade(config, wanted)
            else:
                command.upgrade(config, wanted)


def _backup_sqlite(engine: Engine, revision: str) -> None:
    database = engine.url.database
    if not database or database == ":memory:" or not Path(database).exists():
        return
    target = Path(f"{database}.before-{HEAD}-from-{revision}.bak")
    if target.exists():
        return
    # sqlite3's backup API copies a consistent snapshot, WAL contents included.
    with sqlite3.connect(database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
