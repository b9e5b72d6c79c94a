"""sign-off: timesheet periods, and the write gate's input on every user's sync row

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-14 09:00:00.000000

Notes:
Every write of a user's entries bumps that user's ``sync_state`` row first (punchclock.sync.stamp);
the lock rule (punchclock.approval.lock) reads ``locked_before`` and ``closed_until`` from that same
bump, so a write needs no query of its own unless it reaches before ``closed_until``. The row used
to be made on a user's first write; the lock date must reach users who never wrote, so every user
gets one here (new users get theirs when they are made).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_before", sa.BigInteger(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("closed_until", sa.BigInteger(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("overlap_rule", sa.SmallInteger(), server_default="0", nullable=False))
    op.execute(
        "INSERT INTO sync_state (user_id, last_st, reset_st, locked_before, closed_until, overlap_rule) "
        "SELECT id, 0, 0, 0, 0, 0 FROM users WHERE id NOT IN (SELECT user_id FROM sync_state)"
    )

    op.create_table(
        "timesheet_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("period_type", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("start_at", sa.BigInteger(), nullable=False),
        sa.Column("end_at", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("submitted_at", sa.BigInteger(), nullable=True),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.BigInteger(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approval_comment", sa.Text(), nullable=True),
        sa.Column("approved_st", sa.Float(), nullable=True),
        sa.Column("rejected_at", sa.BigInteger(), nullable=True),
        sa.Column("rejected_by", sa.Integer(), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.BigInteger(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("reopened_at", sa.BigInteger(), nullable=True),
        sa.Column("reopened_by", sa.Integer(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_timesheet_periods_span")),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_timesheet_periods_dates")),
        sa.CheckConstraint(
            "period_type IN ('weekly', 'monthly')", name=op.f("ck_timesheet_periods_period_type")
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'rejected', 'closed')",
            name=op.f("ck_timesheet_periods_status"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_timesheet_periods_user_id_users"), ondelete="CASCADE"
        ),
        *(
            sa.ForeignKeyConstraint(
                [column], ["users.id"], name=op.f(f"fk_timesheet_periods_{column}_users"), ondelete="SET NULL"
            )
            for column in ("submitted_by", "approved_by", "rejected_by", "closed_by", "reopened_by")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timesheet_periods")),
        sa.UniqueConstraint("user_id", "period_start", name=op.f("uq_timesheet_periods_user_id")),
    )
    op.create_index("ix_timesheet_periods_user_id_start_at", "timesheet_periods", ["user_id", "start_at"])
    op.create_index("ix_timesheet_periods_status_user_id", "timesheet_periods", ["status", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_timesheet_periods_status_user_id", table_name="timesheet_periods")
    op.drop_index("ix_timesheet_periods_user_id_start_at", table_name="timesheet_periods")
    op.drop_table("timesheet_periods")
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("overlap_rule")
        batch_op.drop_column("closed_until")
        batch_op.drop_column("locked_before")
