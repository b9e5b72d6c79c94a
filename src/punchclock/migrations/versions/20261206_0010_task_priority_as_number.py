"""tasks.priority_as_number: a priority sent as a number (1-4) is answered as that number

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 09:00:00.000000

Notes:
Seed 003 creates a task with ``"priority": 1``; TimeTracker's clients expect the number back. The
level itself stays in ``priority`` as its name (1 low ... 4 urgent), so ordering and every reader
of the column are unchanged, and this flag records only how it was sent. A flag rather than
numbers in ``priority``: that column's CHECK would have to change, which on SQLite means rebuilding
``tasks``, and dropping the old table (inside the migration's transaction, foreign keys on) would
set every time entry's task_id to NULL. Adding a column is done in place on both databases.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "tasks",
        sa.Column("priority_as_number", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("tasks", "priority_as_number")
