"""server_settings: deployment-wide settings (the webhook pause after a restore)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 09:00:00.000000

Notes:
A key/value table for settings of the whole deployment rather than of one user. The first key is
``webhooks.paused``: a database restored from a backup starts with webhook sending paused until an
admin resumes it (punchclock.webhook.pause), so a copy never sends the original's hooks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_server_settings")),
    )


def downgrade() -> None:
    op.drop_table("server_settings")
