"""The organisation's hourly cost for sizing insertion hours (organisation.hourly_cost).

Empty means the usual value (procure.snapshot.DEFAULT_HOURLY_COST) applies.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 11:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# In place, not in batch mode: SQLite adds and drops a plain column without copying
# the table.


def upgrade() -> None:
    op.add_column("organisation", sa.Column("hourly_cost", sa.Numeric(8, 2), nullable=True))


def downgrade() -> None:
    op.drop_column("organisation", "hourly_cost")
