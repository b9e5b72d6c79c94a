"""a covering index for reports; entries reaching into a range found from the index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 09:00:00.000000

Notes:
ix_time_entries_report (PostgreSQL) or ix_time_entries_report_tags (SQLite, with the tags)
replaces ix_time_entries_start (its first column is the same): a team's year of entries is
summed from the index without reading the table. Which one a database gets is decided here and
by ddl_if in the model; the Alembic environment compares each database with its own. ix_time_entries_user_end
gains start_at so "ended after the range began, started before it" is decided in the index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_REPORT_COLUMNS = ["start_at", "end_at", "project_id", "user_id", "task_id", "billable", "deleted_at"]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_time_entries_start")
        if sqlite:
            batch_op.create_index(
                "ix_time_entries_report_tags",
                [*_REPORT_COLUMNS, "tags"],
                unique=False,
                sqlite_where=sa.text("deleted_at IS NULL"),
            )
        else:
            batch_op.create_index(
                "ix_time_entries_report",
                _REPORT_COLUMNS,
                unique=False,
                postgresql_where=sa.text("deleted_at IS NULL"),
                postgresql_include=["id"],
            )
        batch_op.drop_index("ix_time_entries_user_end")
        batch_op.create_index("ix_time_entries_user_end", ["user_id", "end_at", "start_at"], unique=False)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_time_entries_user_end")
        batch_op.create_index("ix_time_entries_user_end", ["user_id", "end_at"], unique=False)
        batch_op.drop_index("ix_time_entries_report_tags" if sqlite else "ix_time_entries_report")
        batch_op.create_index("ix_time_entries_start", ["start_at"], unique=False)
