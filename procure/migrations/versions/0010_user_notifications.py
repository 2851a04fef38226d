"""Notifications by e-mail: each user may turn them off (user_account.notify_by_email,
on for everyone already there), and the language they last chose
(user_account.language) is the language of their mails.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_by_email", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("language", sa.String(length=2), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_user_account_language"), "language IN ('fr', 'en')"
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_account_language"), type_="check")
        batch_op.drop_column("language")
        batch_op.drop_column("notify_by_email")
