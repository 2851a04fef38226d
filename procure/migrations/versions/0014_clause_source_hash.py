"""The clause file a version was loaded from, by its SHA-256.

- clause_version.source_hash: set by ``load-clauses`` on the versions it writes, so a
  reload skips the files whose bytes did not change (issue 20: 10,000 files reloaded in
  seconds). Existing versions get none: their files are read once more at the next load.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clause_version") as batch:
        batch.add_column(sa.Column("source_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clause_version") as batch:
        batch.drop_column("source_hash")
