"""working time, second part: the day-facts cache

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-19 09:00:00.000000

Notes:
``work_days`` caches what each user's finished entries add up to per local day, so a team's year of
balances reads ~18,000 small rows instead of a million entries; ``work_day_state`` says up to which
stamp and in which zone a user's rows were built. Both are derived: empty after this migration, they
fill in the background, and a read always adds what changed since (punchclock.balance.days). A later
migration that changes entry times must empty both tables. ``ix_time_entries_long`` holds the few
entries longer than a day, so a span's entries are found by start from a day before it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

LONG_ENTRY = "end_at - start_at > 86400 AND deleted_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "work_days",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("worked", sa.Integer(), nullable=False),
        sa.Column("breaks", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.BigInteger(), nullable=True),
        sa.Column("last_at", sa.BigInteger(), nullable=True),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_work_days_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "day", name=op.f("pk_work_days")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "work_day_state",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("min_piece", sa.Integer(), nullable=False),
        sa.Column("built_st", sa.Float(), nullable=False),
        sa.Column("built_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_work_day_state_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_work_day_state")),
    )
    # Entries longer than a day: a span's entries are read by start from a day before it, and
    # the few longer ones from here (punchclock.balance.repository).
    op.create_index(
        "ix_time_entries_long",
        "time_entries",
        ["user_id", "start_at"],
        sqlite_where=sa.text(LONG_ENTRY),
        postgresql_where=sa.text(LONG_ENTRY),
    )


def downgrade() -> None:
    op.drop_index("ix_time_entries_long", table_name="time_entries")
    op.drop_table("work_day_state")
    op.drop_table("work_days")
