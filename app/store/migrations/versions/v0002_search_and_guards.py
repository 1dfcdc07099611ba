"""Patient-name search, and the database itself refusing to rewrite history.

- ``patients.name_folded``: the casefolded name, back-filled, indexed (Open… searches by name).
- Triggers: a saved plan version's contents (inputs, protocol, hash, author) and a signed
  verification can never be changed or deleted; audit events can never be changed or deleted.
  The application never tries; the triggers stop anyone else who edits the tables by hand.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_CONTENT = (
    "plan_id",
    "version",
    "input_json",
    "protocol_id",
    "protocol_version",
    "arm",
    "content_hash",
    "created_at",
    "created_by",
    "created_initials",
)
_SIGNATURE = ("verified_at", "verified_by", "verified_initials")
_VERSION_MESSAGE = "a saved plan version cannot be changed or deleted; save a new version"
_AUDIT_MESSAGE = "the audit log is append-only: events cannot be changed or deleted"

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER plan_versions_content_immutable
        BEFORE UPDATE OF {", ".join(_CONTENT)} ON plan_versions
        BEGIN SELECT RAISE(ABORT, '{_VERSION_MESSAGE}'); END""",
    f"""CREATE TRIGGER plan_versions_signature_immutable
        BEFORE UPDATE OF {", ".join(_SIGNATURE)} ON plan_versions
        WHEN OLD.verified_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, '{_VERSION_MESSAGE}'); END""",
    f"""CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON plan_versions
        BEGIN SELECT RAISE(ABORT, '{_VERSION_MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, '{_AUDIT_MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, '{_AUDIT_MESSAGE}'); END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS plan_versions_content_immutable",
    "DROP TRIGGER IF EXISTS plan_versions_signature_immutable",
    "DROP TRIGGER IF EXISTS plan_versions_no_delete",
    "DROP TRIGGER IF EXISTS audit_events_no_update",
    "DROP TRIGGER IF EXISTS audit_events_no_delete",
]


def _distinct(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)


_POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION txdose_plan_version_guard() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{_VERSION_MESSAGE}'; END IF;
          IF {_distinct(_CONTENT)} THEN RAISE EXCEPTION '{_VERSION_MESSAGE}'; END IF;
          IF OLD.verified_at IS NOT NULL AND ({_distinct(_SIGNATURE)}) THEN
            RAISE EXCEPTION '{_VERSION_MESSAGE}';
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER plan_versions_guard BEFORE UPDATE OR DELETE ON plan_versions
        FOR EACH ROW EXECUTE FUNCTION txdose_plan_version_guard()""",
    f"""CREATE FUNCTION txdose_audit_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{_AUDIT_MESSAGE}'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION txdose_audit_append_only()""",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS plan_versions_guard ON plan_versions",
    "DROP FUNCTION IF EXISTS txdose_plan_version_guard()",
    "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
    "DROP FUNCTION IF EXISTS txdose_audit_append_only()",
]


def upgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.add_column(
            sa.Column("name_folded", sa.String(200), nullable=False, server_default="")
        )
    bind = op.get_bind()
    patients = sa.table(
        "patients",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("name_folded", sa.String),
    )
    # casefold() in Python: SQLite's lower() folds ASCII only, and names are not ASCII-only
    for row in bind.execute(sa.select(patients.c.id, patients.c.name)).all():
        bind.execute(
            patients.update()
            .where(patients.c.id == row.id)
            .values(name_folded=" ".join(row.name.split()).casefold())
        )
    op.create_index("ix_patients_name_folded", "patients", ["name_folded"])
    for statement in _POSTGRES_TRIGGERS if bind.dialect.name == "postgresql" else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    for statement in _POSTGRES_DROP if bind.dialect.name == "postgresql" else _SQLITE_DROP:
        op.execute(statement)
    op.drop_index("ix_patients_name_folded", "patients")
    with op.batch_alter_table("patients") as batch:
        batch.drop_column("name_folded")
