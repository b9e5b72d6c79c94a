"""device sign-in tokens; timer pauses (paused_at, break_seconds) counted out of durations

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:00:00.000000

Notes:
``api_tokens.device_seed`` marks a token issued by a password sign-in from a device (TimeTracker's
``POST /api/v1/auth/login``): it holds the user's ``token_seed`` at issue time, and the token is
valid only while the seed is unchanged, so signing out everywhere, a password change, a role change
or disabling the account ends device tokens exactly as they end web sessions. Integration tokens
keep NULL and are not touched by those.

``time_entries.paused_at`` is set while a running timer is paused; ``break_seconds`` is the paused
time so far, never counted as worked time. Both are added in place (no table rebuild); the CHECK
keeps a break inside its entry. The report indexes gain ``break_seconds`` so a report still reads
the index alone (PostgreSQL: an INCLUDE column; SQLite: a last key column).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_REPORT_COLUMNS = ["start_at", "end_at", "project_id", "user_id", "task_id", "billable", "deleted_at"]
_BREAK_FITS = "break_seconds >= 0 AND (end_at IS NULL OR break_seconds < end_at - start_at)"
_PAUSED_RUNNING = "paused_at IS NULL OR end_at IS NULL"


def _report_index(sqlite: bool, with_break: bool) -> None:
    extra = ["break_seconds"] if with_break else []
    if sqlite:
        op.drop_index("ix_time_entries_report_tags", table_name="time_entries")
        op.create_index(
            "ix_time_entries_report_tags",
            "time_entries",
            [*_REPORT_COLUMNS, "tags", *extra],
            sqlite_where=sa.text("deleted_at IS NULL"),
        )
    else:
        op.drop_index("ix_time_entries_report", table_name="time_entries")
        op.create_index(
            "ix_time_entries_report",
            "time_entries",
            _REPORT_COLUMNS,
            postgresql_where=sa.text("deleted_at IS NULL"),
            postgresql_include=["id", *extra],
        )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("api_tokens", sa.Column("device_seed", sa.String(length=64), nullable=True))
    if sqlite:
        # SQLite adds a column with its constraints in place; a table constraint would need a rebuild.
        op.execute(
            "ALTER TABLE time_entries ADD COLUMN paused_at BIGINT "
            f"CONSTRAINT ck_time_entries_paused_running CHECK ({_PAUSED_RUNNING})"
        )
        op.execute(
            "ALTER TABLE time_entries ADD COLUMN break_seconds INTEGER DEFAULT 0 NOT NULL "
            f"CONSTRAINT ck_time_entries_break_fits CHECK ({_BREAK_FITS})"
        )
    else:
        op.add_column("time_entries", sa.Column("paused_at", sa.BigInteger(), nullable=True))
        op.add_column(
            "time_entries", sa.Column("break_seconds", sa.Integer(), server_default="0", nullable=False)
        )
        op.create_check_constraint("paused_running", "time_entries", _PAUSED_RUNNING)
        op.create_check_constraint("break_fits", "time_entries", _BREAK_FITS)
    _report_index(sqlite, with_break=True)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _report_index(sqlite, with_break=False)
    if not sqlite:
        op.drop_constraint(op.f("ck_time_entries_break_fits"), "time_entries", type_="check")
        op.drop_constraint(op.f("ck_time_entries_paused_running"), "time_entries", type_="check")
    op.execute("ALTER TABLE time_entries DROP COLUMN break_seconds")
    op.execute("ALTER TABLE time_entries DROP COLUMN paused_at")
    op.drop_column("api_tokens", "device_seed")
