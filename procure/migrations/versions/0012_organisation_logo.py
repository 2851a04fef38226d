"""The organisation's logo, shown in the header: its bytes (PNG or JPEG), media type,
SHA-256 (ETag) and time of upload, all empty for the organisations already there.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("logo_media_type", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("logo_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("logo_updated_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_organisation_logo_media_type"),
            "logo_media_type IS NULL OR logo_media_type IN ('image/png', 'image/jpeg')",
        )


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_organisation_logo_media_type"), type_="check")
        batch_op.drop_column("logo_updated_at")
        batch_op.drop_column("logo_sha256")
        batch_op.drop_column("logo_media_type")
        batch_op.drop_column("logo")
