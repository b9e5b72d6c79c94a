"""absences: their types and each user's requests

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-20 09:00:00.000000

Notes:
``absence_types`` say what an absence does to a day's target (``effect``: worked, excused, balance)
and whether it spends vacation days; five are seeded so a new workspace can request vacation at
once. ``absences`` are each user's requests on their way through the sign-off's deciders
(docs/design/issue-16-worktime.md, sections 4 and 7). Nothing exists yet, so nobody's figures move.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

# (name, code, effect, uses_allowance, needs_approval, color)
SEEDS = (
    ("Vacation", "vacation", "worked", True, True, "#2e7d32"),
    ("Sick", "sick", "worked", False, False, "#c62828"),
    ("Parental leave", "parental", "excused", False, True, "#6a1b9a"),
    ("Overtime reduction", "overtime", "balance", False, True, "#1565c0"),
    ("Other", "other", "worked", False, True, "#616161"),
)


def _user_fk(column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_absences_{column}_users"), ondelete=ondelete
    )


def upgrade() -> None:
    types = op.create_table(
        "absence_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("effect", sa.String(length=8), nullable=False),
        sa.Column("uses_allowance", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("needs_approval", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("color", sa.String(length=7), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "effect IN ('worked', 'excused', 'balance')", name=op.f("ck_absence_types_effect")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_types")),
        sa.UniqueConstraint("code", name=op.f("uq_absence_types_code")),
        sa.UniqueConstraint("name", name=op.f("uq_absence_types_name")),
    )
    now = int(time.time())
    op.bulk_insert(
        types,
        [
            {"name": name, "code": code, "effect": effect, "uses_allowance": allowance,
             "needs_approval": approval, "color": color, "enabled": True, "created_at": now, "updated_at": now}
            for name, code, effect, allowance, approval, color in SEEDS
        ],
    )  # fmt: skip
    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("start_half", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("end_half", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="draft", nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.BigInteger(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_absences_dates")),
        sa.CheckConstraint(
            "NOT (start_date = end_date AND start_half AND end_half)", name=op.f("ck_absences_halves")
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'rejected', 'cancelled')",
            name=op.f("ck_absences_status"),
        ),
        _user_fk("user_id", "CASCADE"),
        _user_fk("decided_by", "SET NULL"),
        _user_fk("created_by", "SET NULL"),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["absence_types.id"],
            name=op.f("fk_absences_type_id_absence_types"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absences")),
    )
    op.create_index("ix_absences_user_id_end_date", "absences", ["user_id", "end_date"], unique=False)
    op.create_index("ix_absences_status_user_id", "absences", ["status", "user_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_absences_status_user_id", table_name="absences")
    op.drop_index("ix_absences_user_id_end_date", table_name="absences")
    op.drop_table("absences")
    op.drop_table("absence_types")
