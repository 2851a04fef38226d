"""Hash-locked clauses and review of adapted wording by default.

- clause_version.approved_hash: the SHA-256 of what an approval locks
  (``procure.library.canonical.approved_hash``: texts in both languages and the
  variables' definitions), which each built .docx carries next to its trace. Versions
  already approved or retired get it computed here from their stored content, so that
  no approved version stays without one; drafts get it when they are approved.
- organisation.review_adapted_wording: adapted clause wording needs legal approval
  before publication, on for every organisation (an administrator may switch it off).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from procure.library.canonical import approved_hash

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

clause_version = sa.table(
    "clause_version",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("content", sa.JSON()),
    sa.column("approved_hash", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("clause_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "review_adapted_wording", sa.Boolean(), server_default=sa.true(), nullable=False
            )
        )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(clause_version.c.id, clause_version.c.content).where(
            clause_version.c.status.in_(["approved", "retired"])
        )
    ).all()
    for version_id, content in rows:
        connection.execute(
            clause_version.update()
            .where(clause_version.c.id == version_id)
            .values(approved_hash=approved_hash(content))
        )


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("review_adapted_wording")
    with op.batch_alter_table("clause_version", schema=None) as batch_op:
        batch_op.drop_column("approved_hash")
