"""saved reports: named report filters per user; a report index led by the project

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-09 09:00:00.000000

Notes:
The Reports page keeps named filter sets on the server, so they follow a user to every device. A
saved report goes with its user; names are unique per user.

Reports filtered to some projects (or to a client's) read the report index by start, every entry
of the range, and SQLite's planner could even pick the plain project index and read all of a
project's entries once per day of the range (90 s for a team's year of two projects at a million
entries). ix_time_entries_project_report (PostgreSQL) or ix_time_entries_project_report_tags
(SQLite, with the tags) is the report index led by the project: such a report reads only the
projects' entries, from the index (60 ms for the same report).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_COLUMNS = ["project_id", "start_at", "end_at", "user_id", "task_id", "billable", "deleted_at"]


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

    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        if sqlite:
            batch_op.create_index(
                "ix_time_entries_project_report_tags",
                [*_COLUMNS, "tags", "break_seconds"],
                unique=False,
                sqlite_where=sa.text("deleted_at IS NULL"),
            )
        else:
            batch_op.create_index(
                "ix_time_entries_project_report",
                _COLUMNS,
                unique=False,
                postgresql_where=sa.text("deleted_at IS NULL"),
                postgresql_include=["id", "break_seconds"],
            )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_time_entries_project_report_tags" if sqlite else "ix_time_entries_project_report"
        )
    op.drop_table("saved_reports")
