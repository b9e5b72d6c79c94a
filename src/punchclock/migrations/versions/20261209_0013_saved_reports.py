"""saved reports: named report filters per user

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-09 09:00:00.000000

Notes:
The Reports page keeps named filter sets on the server, so they follow a user to every device. A
saved report goes with its user; names are unique per user.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_saved_reports_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_reports")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_saved_reports_user_id")),
    )


def downgrade() -> None:
    op.drop_table("saved_reports")
