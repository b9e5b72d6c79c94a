"""the sync feed's rendered ds, stored by sync pushes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00.000000

Notes:
``sync_ds`` holds a record's ds as punchclock.sync.ds.render() made it when a sync push wrote the
row, and ``sync_ds_st`` the stamp it was written with. The feed uses it only while the row still
carries that stamp (every writer stamps, see punchclock.sync.stamp) and its project has no tag;
otherwise it renders ds as before. Existing rows keep NULL and are rendered until a push rewrites
them, so no data is touched here. Plain ADD COLUMN on both databases: no table rebuild.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sync_ds", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("sync_ds_st", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.drop_column("sync_ds_st")
        batch_op.drop_column("sync_ds")
