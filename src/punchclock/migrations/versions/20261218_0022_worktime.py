"""working time, first part: work models, adjustments, holidays

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-18 09:00:00.000000

Notes:
Targets are data (docs/design/issue-16-worktime.md, section 4): ``work_models`` hold a user's seconds
per weekday from a date on, ``work_adjustments`` manual changes of a balance or of vacation with a
reason. ``holiday_days`` are public holidays materialised from the ``holidays`` package per calendar
and year (``holiday_years`` says which and by which package version), plus company days under the
calendar ``*``. Nothing exists yet, so nobody's figures change by this migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _user_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "work_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        *(sa.Column(d, sa.Integer(), server_default=sa.text("0"), nullable=False) for d in WEEKDAYS),
        sa.Column("holiday_calendar", sa.String(length=40), nullable=True),
        sa.Column("vacation_half_days", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        *(
            sa.CheckConstraint(f"{d} >= 0 AND {d} <= 86400", name=op.f(f"ck_work_models_{d}"))
            for d in WEEKDAYS
        ),
        _user_fk("work_models", "user_id", "CASCADE"),
        _user_fk("work_models", "created_by", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_models")),
        sa.UniqueConstraint("user_id", "valid_from", name=op.f("uq_work_models_user_id")),
    )
    op.create_table(
        "work_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("balance_seconds", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("vacation_half_days", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('carry_over', 'payout', 'correction', 'vacation')",
            name=op.f("ck_work_adjustments_kind"),
        ),
        sa.CheckConstraint(
            "balance_seconds <> 0 OR vacation_half_days <> 0", name=op.f("ck_work_adjustments_changes")
        ),
        _user_fk("work_adjustments", "user_id", "CASCADE"),
        _user_fk("work_adjustments", "created_by", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_adjustments")),
    )
    op.create_index("ix_work_adjustments_user_id_day", "work_adjustments", ["user_id", "day"], unique=False)
    op.create_table(
        "holiday_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("half", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("source IN ('package', 'company')", name=op.f("ck_holiday_days_source")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_days")),
        sa.UniqueConstraint("calendar", "day", name=op.f("uq_holiday_days_calendar")),
    )
    op.create_table(
        "holiday_years",
        sa.Column("calendar", sa.String(length=40), nullable=False),
        sa.Column("year", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("made_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("calendar", "year", name=op.f("pk_holiday_years")),
    )


def downgrade() -> None:
    op.drop_table("holiday_years")
    op.drop_table("holiday_days")
    op.drop_index("ix_work_adjustments_user_id_day", table_name="work_adjustments")
    op.drop_table("work_adjustments")
    op.drop_table("work_models")
