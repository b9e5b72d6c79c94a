"""reminders: notifications, each user's reminder settings, and the leases of background jobs

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-21 09:00:00.000000

Notes:
``notifications`` holds every reminder made, unique per ``(user_id, kind, key)``: that key, not the
job lease, is what makes a reminder once however many instances scan (docs/design/issue-16-worktime.md,
section 9). ``reminder_settings`` are opt-in: no row, or a NULL threshold, is that reminder off.
``job_leases`` has a row per background job (punchclock.jobs); an instance runs a job while it holds
the row's lease. Seeded here for the reminder jobs; later jobs seed their own rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

JOBS = ("reminder.scan", "reminder.deliver", "worktime.refresh")  # worktime.refresh: 0023's day cache


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=200), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("read_at", sa.BigInteger(), nullable=True),
        sa.Column("deliver_after", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("mail", sa.String(length=8), nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=False),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'sending', 'done')", name=op.f("ck_notifications_state")),
        sa.CheckConstraint("mail IN ('none', 'sent', 'failed')", name=op.f("ck_notifications_mail")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("user_id", "kind", "key", name=op.f("uq_notifications_user_id")),
    )
    op.create_index("ix_notifications_user_id_id", "notifications", ["user_id", "id"], unique=False)
    op.create_index(
        "ix_notifications_state_deliver_after", "notifications", ["state", "deliver_after"], unique=False
    )
    op.create_table(
        "reminder_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("long_timer_hours", sa.SmallInteger(), nullable=True),
        sa.Column("nothing_by_minute", sa.SmallInteger(), nullable=True),
        sa.Column("period_days", sa.SmallInteger(), nullable=True),
        sa.Column("absence_hours", sa.SmallInteger(), nullable=True),
        sa.Column("by_app", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("by_email", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("by_webhook", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("quiet_from", sa.SmallInteger(), nullable=True),
        sa.Column("quiet_to", sa.SmallInteger(), nullable=True),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reminder_settings_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_reminder_settings")),
    )
    leases = op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_leases")),
    )
    op.bulk_insert(leases, [{"name": name, "holder": "", "until": 0.0} for name in JOBS])


def downgrade() -> None:
    op.drop_table("job_leases")
    op.drop_table("reminder_settings")
    op.drop_index("ix_notifications_state_deliver_after", table_name="notifications")
    op.drop_index("ix_notifications_user_id_id", table_name="notifications")
    op.drop_table("notifications")
