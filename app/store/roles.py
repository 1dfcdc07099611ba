"""PostgreSQL: the two roles of a ward (README, "Ward set-up").

The owner role runs the migrations, so it owns the tables and their triggers; in PostgreSQL
only a table's owner can drop, alter or disable its triggers. The workstations log in as a
second role that gets, per table, exactly what txdose's own writes need:

- audit events: SELECT, INSERT; never UPDATE or DELETE;
- plan versions: SELECT, INSERT, and UPDATE of the status and signature columns only (a
  version is superseded, verified or cancelled in place; the triggers keep those moves on
  txdose's paths); never its inputs, hash or author, never DELETE;
- plans and patients: SELECT, INSERT, UPDATE of the columns a save changes; never DELETE,
  never a plan's patient (column not granted, and refused by a trigger);
- the audit head: SELECT, UPDATE (the row lock every writer takes); store settings: SELECT,
  INSERT (a new database sealed with the ward key);
- nothing else: no TRIGGER, no TRUNCATE, no REFERENCES, not the table owner.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import text

from app.store.errors import StoreError

if TYPE_CHECKING:
    from app.store.reading import StoreReader

_TABLES = (
    "alembic_version",
    "audit_events",
    "audit_head",
    "store_settings",
    "patients",
    "plans",
    "plan_versions",
)
_GRANTS = {
    "alembic_version": "SELECT",
    "audit_events": "SELECT, INSERT",
    "audit_head": "SELECT, UPDATE (seq, hash)",
    "store_settings": "SELECT, INSERT",
    "patients": "SELECT, INSERT, UPDATE (name, name_folded, date_of_birth)",
    "plans": "SELECT, INSERT, UPDATE (current_version, status, protocol_id, updated_at, "
    "updated_by)",
    "plan_versions": "SELECT, INSERT, UPDATE (status, verified_at, verified_by, "
    "verified_initials, closed_at, closed_by, close_reason)",
}
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def workstation_grants(role: str, schema: str) -> list[str]:
    """The statements, in order; a second run gives the same privileges (revoked first)."""
    for name in (role, schema):
        if not _IDENTIFIER.match(name):
            raise StoreError(
                f"'{name}' is not a plain PostgreSQL name (lower-case letters, digits, _)"
            )
    statements = [f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"']
    for table in _TABLES:
        statements.append(f'REVOKE ALL ON "{schema}".{table} FROM "{role}"')
        statements.append(f'GRANT {_GRANTS[table]} ON "{schema}".{table} TO "{role}"')
    statements.append(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"')
    return statements


def grant_workstation(store: StoreReader, role: str) -> list[str]:
    """Run the grants for ``role`` on the store's schema, as the owner role."""
    if store.dialect != "postgresql":
        raise StoreError(
            "workstation roles are for a PostgreSQL ward database; a SQLite file is one "
            "workstation's, protected by its file permissions"
        )
    with store._engine.begin() as connection:
        schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
        statements = workstation_grants(role, schema)
        for statement in statements:
            connection.execute(text(statement))
    return statements
