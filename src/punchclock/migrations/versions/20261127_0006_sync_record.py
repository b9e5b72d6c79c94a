"""the sync feed stores whole records, not only their ds

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:00:00.000000

Notes:
``sync_record`` holds a record as ``updates`` sends it (the JSON object of key, t1, t2, ds, mt and
st) when a sync push wrote the row, and ``sync_record_st`` the stamp it was written with; it
replaces 0005's ``sync_ds``/``sync_ds_st``. The feed copies it into the answer as it is while the
row still carries that stamp and its project has no tag, and renders the record otherwise, so the
old cached ds can go: those rows are rendered until a push rewrites them. Both databases drop and
add columns in place (SQLite since 3.35): no table rebuild.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("time_entries", sa.Column("sync_record", sa.Text(), nullable=True))
    op.add_column("time_entries", sa.Column("sync_record_st", sa.Float(), nullable=True))
    op.execute("ALTER TABLE time_entries DROP COLUMN sync_ds")
    op.execute("ALTER TABLE time_entries DROP COLUMN sync_ds_st")


def downgrade() -> None:
    op.add_column("time_entries", sa.Column("sync_ds", sa.Text(), nullable=True))
    op.add_column("time_entries", sa.Column("sync_ds_st", sa.Float(), nullable=True))
    op.execute("ALTER TABLE time_entries DROP COLUMN sync_record")
    op.execute("ALTER TABLE time_entries DROP COLUMN sync_record_st")
