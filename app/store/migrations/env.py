"""Alembic environment: always run programmatically by ``app.store.database.migrate`` with an
open connection (no alembic.ini, no logging set-up of its own)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("txdose migrations run from app.store.database.migrate(), not the CLI")

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
