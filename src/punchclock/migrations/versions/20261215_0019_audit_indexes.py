"""audit log filters: by action over a time range, and by who acted

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-15 09:00:00.000000

Notes:
The audit log now records every sign-in, so it grows with use, and admins filter it by a kind of
action ("auth." failures since Monday) and by who acted. ``ix_audit_events_action_at`` serves the
first (an exact action or a prefix, then the range), ``ix_audit_events_actor_id`` the second. The
table is only ever appended to, so the indexes cost one insert each.
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_action_at", ["action", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_id"))
        batch_op.drop_index("ix_audit_events_action_at")
