"""Account tokens (invitations, password resets) and organisations' Word templates.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:02:17.526292
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("purpose IN ('invitation', 'reset')", name=op.f('ck_account_token_purpose')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_account_token_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_account_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_token_token_hash'))
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_user_id'), ['user_id'], unique=False)

    op.create_table('document_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_document_template_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_document_template_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_template')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_document_template_organisation_id_name'))
    )
    with op.batch_alter_table('document_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_template_organisation_id'), ['organisation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('document_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_template_organisation_id'))

    op.drop_table('document_template')
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_user_id'))

    op.drop_table('account_token')
