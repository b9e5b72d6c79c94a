"""Alembic environment: runs on a connection handed over by punchclock.db, or on a URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from punchclock.models import Base
from punchclock.models.base import built_on

config = context.config
target_metadata = Base.metadata


def _applied(ctx, step, heads, run_args) -> None:
    """Tell punchclock.db which revisions ran (``punchclock migrate`` lists them)."""
    record = config.attributes.get("on_applied")
    if record is not None and step.is_upgrade:
        script = step.up_revision
        record(f"{step.up_revision_id}  {script.doc}" if script is not None else str(step.up_revision_id))


def _run(connection) -> None:
    context.configure(
        on_version_apply=_applied,
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=built_on(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("PUNCHCLOCK_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Set PUNCHCLOCK_DATABASE_URL or sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
