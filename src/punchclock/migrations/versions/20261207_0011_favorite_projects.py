"""favourite projects per user

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:00:00.000000

Notes:
TimeTracker's clients list a user's favourite projects first (``/users/me/favorites/projects``). A
favourite goes with its user or its project; one per pair.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "favorite_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_favorite_projects_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_favorite_projects_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_favorite_projects")),
        sa.UniqueConstraint("user_id", "project_id", name=op.f("uq_favorite_projects_user_id")),
    )
    op.create_index(
        op.f("ix_favorite_projects_project_id"), "favorite_projects", ["project_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_favorite_projects_project_id"), table_name="favorite_projects")
    op.drop_table("favorite_projects")
