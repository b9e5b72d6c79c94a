"""entry history: a snapshot of a time entry after each change to it, with who, when and how

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-16 09:00:00.000000

Notes:
Written by punchclock.history from the same paths as the period lock (REST and the timer, the
timesheet grid, the TimeTagger sync push, imports), one INSERT ... SELECT per write, in the write's
transaction. No trigger: SQLite's batch mode rebuilds time_entries in later migrations and would
drop one. Existing entries get no history: their first version is their next change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("st", sa.Float(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("start_at", sa.BigInteger(), nullable=False),
        sa.Column("end_at", sa.BigInteger(), nullable=True),
        sa.Column("paused_at", sa.BigInteger(), nullable=True),
        sa.Column("break_seconds", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("tags", sa.String(length=1000), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'delete', 'restore', 'revert')",
            name=op.f("ck_entry_versions_action"),
        ),
        sa.CheckConstraint(
            "via IN ('web', 'rest', 'cli', 'sync', 'import')", name=op.f("ck_entry_versions_via")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_entry_versions_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["time_entries.id"],
            name=op.f("fk_entry_versions_entry_id_time_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_entry_versions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_versions")),
    )
    op.create_index("ix_entry_versions_entry_id_id", "entry_versions", ["entry_id", "id"])
    op.create_index("ix_entry_versions_user_id_st", "entry_versions", ["user_id", "st"])


def downgrade() -> None:
    op.drop_index("ix_entry_versions_user_id_st", table_name="entry_versions")
    op.drop_index("ix_entry_versions_entry_id_id", table_name="entry_versions")
    op.drop_table("entry_versions")
