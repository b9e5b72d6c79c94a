"""timetagger sync: record keys, stamps and tombstones on time entries; sync state; settings; seeds

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00.000000

Notes:
Existing entries get the key ``pc-<id>`` (unique by construction; keys made later are 8 random
letters and digits, so they never contain '-'), ``mt`` = their ``updated_at`` and ``st`` = the
migration's time. Every existing user gets a sync_state row whose ``last_st`` is that same time,
so the invariant "no row's st is above its user's last_st" holds from the start.
Downgrading drops tombstones first: revision 0001 has no way to tell them from live entries.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_st", sa.Float(), nullable=False),
        sa.Column("reset_st", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sync_state_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "user_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("mt", sa.Float(), nullable=False),
        sa.Column("st", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_settings_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_user_settings")),
    )
    with op.batch_alter_table("user_settings", schema=None) as batch_op:
        batch_op.create_index("ix_user_settings_user_st", ["user_id", "st"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tt_web_seed", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("tt_api_seed", sa.String(length=64), nullable=True))

    # Add the columns nullable, fill them, then make them NOT NULL (one table rebuild on SQLite).
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sync_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("mt", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("st", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.BigInteger(), nullable=True))

    now = time.time()
    op.execute(
        sa.text(
            "UPDATE time_entries SET sync_key = 'pc-' || CAST(id AS VARCHAR(20)), "
            "mt = CAST(updated_at AS FLOAT), st = :now"
        ).bindparams(now=now)
    )
    op.execute(
        sa.text(
            "INSERT INTO sync_state (user_id, last_st, reset_st) SELECT id, :now, 0 FROM users"
        ).bindparams(now=now)
    )

    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.alter_column("sync_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("mt", existing_type=sa.Float(), nullable=False)
        batch_op.alter_column("st", existing_type=sa.Float(), nullable=False)
        batch_op.create_check_constraint(
            op.f("ck_time_entries_tombstone_not_running"), sa.text("deleted_at IS NULL OR end_at IS NOT NULL")
        )
        batch_op.create_index("ix_time_entries_user_end", ["user_id", "end_at"], unique=False)
        batch_op.create_index("ix_time_entries_user_st", ["user_id", "st"], unique=False)
        batch_op.create_index("uq_time_entries_user_key", ["user_id", "sync_key"], unique=True)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM time_entries WHERE deleted_at IS NOT NULL"))
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.drop_index("uq_time_entries_user_key")
        batch_op.drop_index("ix_time_entries_user_st")
        batch_op.drop_index("ix_time_entries_user_end")
        batch_op.drop_constraint(op.f("ck_time_entries_tombstone_not_running"), type_="check")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("st")
        batch_op.drop_column("mt")
        batch_op.drop_column("sync_key")

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("tt_api_seed")
        batch_op.drop_column("tt_web_seed")

    with op.batch_alter_table("user_settings", schema=None) as batch_op:
        batch_op.drop_index("ix_user_settings_user_st")
    op.drop_table("user_settings")
    op.drop_table("sync_state")
