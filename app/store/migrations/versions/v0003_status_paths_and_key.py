"""The database refusing what only a hand edit would do, and a place for the ward key.

- Triggers: a version's status moves only along the service's paths (draft → verified with
  the signature set in the same change; draft/verified → superseded/cancelled with the
  closing fields set; nothing leaves superseded or cancelled; verified never goes back to
  draft); a plan's status and version number likewise, and a plan never changes patient;
  patients, plans and versions are never deleted (a trigger, not the foreign keys, so
  ``PRAGMA foreign_keys=OFF`` does not lift it); a patient's MRN, and a name or date of
  birth once given, never change; the recorded end of the audit log never goes back, and
  events are only ever added after it.
- ``audit_events.mac``: the keyed MAC of each event (HMAC-SHA256 with the ward key, which is
  kept outside the database; NULL for events written before the key).
- ``store_settings``: name/value rows, written once; ``audit-key`` holds the ward key's
  fingerprint and ``audit-keyed-from`` the first event sealed with it.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_STATUS = "a plan status changes only through txdose (verify, edit, cancel)"
_DELETE = "saved patients, plans and versions cannot be deleted"
_PATIENT = "a plan cannot move to another patient"
_IDENTITY = "the MRN, name and date of birth of a saved patient cannot be changed"
_HEAD = "the recorded end of the audit log cannot be wound back; events are only appended"
_SETTINGS = "store settings are written once and cannot be changed or deleted"

_SIGNATURE = ("verified_at", "verified_by", "verified_initials")
_CLOSING = ("closed_at", "closed_by", "close_reason")


def _same(columns: tuple[str, ...], *, sqlite: bool) -> str:
    op_ = "IS" if sqlite else "IS NOT DISTINCT FROM"
    return " AND ".join(f"NEW.{c} {op_} OLD.{c}" for c in columns)


def _version_path_allowed(*, sqlite: bool) -> str:
    """The three ways txdose changes a version's status fields, and nothing else."""
    unchanged = _same(("status", *_SIGNATURE, *_CLOSING), sqlite=sqlite)
    signature_kept = _same(_SIGNATURE, sqlite=sqlite)
    closing_kept = _same(_CLOSING, sqlite=sqlite)
    return f"""(
      ({unchanged})
      OR (OLD.status = 'draft' AND NEW.status = 'verified'
          AND OLD.verified_at IS NULL AND OLD.verified_by IS NULL
          AND NEW.verified_at IS NOT NULL AND NEW.verified_by IS NOT NULL AND {closing_kept})
      OR (OLD.status IN ('draft', 'verified') AND NEW.status IN ('superseded', 'cancelled')
          AND OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL AND NEW.closed_by IS NOT NULL
          AND NEW.close_reason IS NOT NULL AND {signature_kept})
    )"""


# A plan row: the same version with draft → verified or → cancelled, or the next version as
# a draft (an edit); never out of cancelled, never to superseded (a version's status only).
_PLAN_PATH_ALLOWED = """(
  OLD.status <> 'cancelled' AND NEW.status <> 'superseded' AND (
    (NEW.current_version = OLD.current_version
      AND (NEW.status = OLD.status OR (OLD.status = 'draft' AND NEW.status = 'verified')
           OR NEW.status = 'cancelled'))
    OR (NEW.current_version = OLD.current_version + 1 AND NEW.status = 'draft')
  )
)"""


def _identity_changed(*, sqlite: bool) -> str:
    differs = "IS NOT" if sqlite else "IS DISTINCT FROM"
    return (
        f"NEW.id {differs} OLD.id OR NEW.mrn {differs} OLD.mrn"
        f" OR (OLD.name <> '' AND NEW.name {differs} OLD.name)"
        f" OR (OLD.name_folded <> '' AND NEW.name_folded {differs} OLD.name_folded)"
        f" OR (OLD.date_of_birth IS NOT NULL AND NEW.date_of_birth {differs} OLD.date_of_birth)"
    )


def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


SQLITE_TRIGGERS = {
    "plan_versions_status_path": f"""BEFORE UPDATE OF status, {", ".join(_SIGNATURE + _CLOSING)}
        ON plan_versions WHEN NOT {_version_path_allowed(sqlite=True)} {_abort(_STATUS)}""",
    "plans_status_path": f"""BEFORE UPDATE OF status, current_version ON plans
        WHEN NOT {_PLAN_PATH_ALLOWED} {_abort(_STATUS)}""",
    "plans_patient_fixed": f"""BEFORE UPDATE OF id, patient_id ON plans
        WHEN NEW.id IS NOT OLD.id OR NEW.patient_id IS NOT OLD.patient_id {_abort(_PATIENT)}""",
    "plans_no_delete": f"BEFORE DELETE ON plans {_abort(_DELETE)}",
    "patients_identity_fixed": f"""BEFORE UPDATE OF id, mrn, name, name_folded, date_of_birth
        ON patients WHEN {_identity_changed(sqlite=True)} {_abort(_IDENTITY)}""",
    "patients_no_delete": f"BEFORE DELETE ON patients {_abort(_DELETE)}",
    "audit_head_forward_only": f"""BEFORE UPDATE ON audit_head
        WHEN NEW.id IS NOT OLD.id OR NEW.seq < OLD.seq
          OR (NEW.seq = OLD.seq AND NEW.hash IS NOT OLD.hash) {_abort(_HEAD)}""",
    "audit_head_no_delete": f"BEFORE DELETE ON audit_head {_abort(_HEAD)}",
    "audit_events_append_at_end": f"""BEFORE INSERT ON audit_events
        WHEN NEW.seq <= (SELECT COALESCE(MAX(seq), 0) FROM audit_events) {_abort(_HEAD)}""",
    "store_settings_no_update": f"BEFORE UPDATE ON store_settings {_abort(_SETTINGS)}",
    "store_settings_no_delete": f"BEFORE DELETE ON store_settings {_abort(_SETTINGS)}",
}


def _pg_function(name: str, body: str) -> str:
    return f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {body} END $$ LANGUAGE plpgsql"


def _pg_raise(message: str) -> str:
    return f"RAISE EXCEPTION '{message}';"


# (function, body, trigger, timing and table)
_POSTGRES = [
    (
        "txdose_version_status_path",
        f"""IF NOT {_version_path_allowed(sqlite=False)} THEN {_pg_raise(_STATUS)} END IF;
            RETURN NEW;""",
        "plan_versions_status_path",
        "BEFORE UPDATE ON plan_versions",
    ),
    (
        "txdose_plan_guard",
        f"""IF TG_OP = 'DELETE' THEN {_pg_raise(_DELETE)} END IF;
            IF NEW.id IS DISTINCT FROM OLD.id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
              THEN {_pg_raise(_PATIENT)} END IF;
            IF (NEW.status IS DISTINCT FROM OLD.status
                OR NEW.current_version IS DISTINCT FROM OLD.current_version)
               AND NOT {_PLAN_PATH_ALLOWED} THEN {_pg_raise(_STATUS)} END IF;
            RETURN NEW;""",
        "plans_guard",
        "BEFORE UPDATE OR DELETE ON plans",
    ),
    (
        "txdose_patient_guard",
        f"""IF TG_OP = 'DELETE' THEN {_pg_raise(_DELETE)} END IF;
            IF {_identity_changed(sqlite=False)} THEN {_pg_raise(_IDENTITY)} END IF;
            RETURN NEW;""",
        "patients_guard",
        "BEFORE UPDATE OR DELETE ON patients",
    ),
    (
        "txdose_audit_head_guard",
        f"""IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id OR NEW.seq < OLD.seq
               OR (NEW.seq = OLD.seq AND NEW.hash IS DISTINCT FROM OLD.hash)
              THEN {_pg_raise(_HEAD)} END IF;
            RETURN NEW;""",
        "audit_head_guard",
        "BEFORE UPDATE OR DELETE ON audit_head",
    ),
    (
        "txdose_audit_append_at_end",
        f"""IF NEW.seq <= (SELECT COALESCE(MAX(seq), 0) FROM audit_events)
              THEN {_pg_raise(_HEAD)} END IF;
            RETURN NEW;""",
        "audit_events_append_at_end",
        "BEFORE INSERT ON audit_events",
    ),
    (
        "txdose_settings_guard",
        f"{_pg_raise(_SETTINGS)}",
        "store_settings_guard",
        "BEFORE UPDATE OR DELETE ON store_settings",
    ),
]


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of the table): a copy would drop 0002's triggers.
    op.add_column("audit_events", sa.Column("mac", sa.String(64), nullable=True))
    op.create_table(
        "store_settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        for function, body, trigger, where in _POSTGRES:
            op.execute(_pg_function(function, body))
            op.execute(
                f"CREATE TRIGGER {trigger} {where} FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
    else:
        for name, definition in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {definition}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for function, _body, trigger, where in _POSTGRES:
            table = where.split(" ON ")[-1]
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("store_settings")
    op.drop_column("audit_events", "mac")
