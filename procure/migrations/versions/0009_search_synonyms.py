"""Search synonyms (search_synonym): the reference set loaded by ``load-synonyms`` and
each organisation's own groups, edited by its legal staff.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("one_way", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("language IN ('fr', 'en')", name=op.f("ck_search_synonym_language")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_search_synonym_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonym")),
    )
    op.create_index(
        op.f("ix_search_synonym_organisation_id"), "search_synonym", ["organisation_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_search_synonym_organisation_id", table_name="search_synonym")
    op.drop_table("search_synonym")
