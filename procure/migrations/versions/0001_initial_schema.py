"""Initial schema: organisations, users, clauses, clause sets, tenders, reviews, audit log.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-27 09:35:49.937787
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cpv_code',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('check_digit', sa.String(length=1), nullable=False),
    sa.Column('label_fr', sa.String(length=400), nullable=False),
    sa.Column('label_en', sa.String(length=400), nullable=False),
    sa.CheckConstraint('length(check_digit) = 1', name=op.f('ck_cpv_code_check_digit_one_character')),
    sa.CheckConstraint('length(code) = 8', name=op.f('ck_cpv_code_code_eight_digits')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_cpv_code'))
    )
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('review_threshold', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("category IN ('central', 'sub_central', 'network_operator')", name=op.f('ck_organisation_category')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('name', name=op.f('uq_organisation_name'))
    )
    op.create_table('clause',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('folder', sa.String(length=60), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_clause_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clause')),
    sa.UniqueConstraint('slug', name=op.f('uq_clause_slug'))
    )
    with op.batch_alter_table('clause', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clause_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('clause_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_clause_set_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clause_set')),
    sa.UniqueConstraint('slug', name=op.f('uq_clause_set_slug'))
    )
    with op.batch_alter_table('clause_set', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clause_set_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('buyer', 'legal', 'admin')", name=op.f('ck_user_account_role')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_user_account_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.String(length=120), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_audit_event_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_audit_event_subject', ['subject_type', 'subject_id'], unique=False)

    op.create_table('clause_set_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clause_set_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('title_fr', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'in_review', 'approved', 'changes_requested', 'retired')", name=op.f('ck_clause_set_version_status')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_clause_set_version_number_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_clause_set_version_author_id_user_account')),
    sa.ForeignKeyConstraint(['clause_set_id'], ['clause_set.id'], name=op.f('fk_clause_set_version_clause_set_id_clause_set')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clause_set_version')),
    sa.UniqueConstraint('clause_set_id', 'number', name=op.f('uq_clause_set_version_clause_set_id_number'))
    )
    op.create_table('clause_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clause_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('ambition', sa.String(length=16), nullable=False),
    sa.Column('title_fr', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('fr_hash', sa.String(length=64), nullable=False),
    sa.Column('en_translates', sa.String(length=64), nullable=False),
    sa.Column('search_title_fr', sa.Text(), nullable=False),
    sa.Column('search_body_fr', sa.Text(), nullable=False),
    sa.Column('search_title_en', sa.Text(), nullable=False),
    sa.Column('search_body_en', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("ambition IN ('core', 'comprehensive', 'exemplary')", name=op.f('ck_clause_version_ambition')),
    sa.CheckConstraint("kind IN ('execution_condition', 'award_criterion', 'technical_specification', 'selection_criterion', 'reserved_contract', 'monitoring')", name=op.f('ck_clause_version_kind')),
    sa.CheckConstraint("status IN ('draft', 'in_review', 'approved', 'changes_requested', 'retired')", name=op.f('ck_clause_version_status')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_clause_version_number_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_clause_version_author_id_user_account')),
    sa.ForeignKeyConstraint(['clause_id'], ['clause.id'], name=op.f('fk_clause_version_clause_id_clause')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clause_version')),
    sa.UniqueConstraint('clause_id', 'number', name=op.f('uq_clause_version_clause_id_number'))
    )
    with op.batch_alter_table('clause_version', schema=None) as batch_op:
        batch_op.create_index('ix_clause_version_clause_status', ['clause_id', 'status'], unique=False)

    op.create_table('tender',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('current_step', sa.Integer(), nullable=False),
    sa.Column('ambition', sa.String(length=16), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('stale_steps', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("ambition IS NULL OR ambition IN ('core', 'comprehensive', 'exemplary')", name=op.f('ck_tender_ambition')),
    sa.CheckConstraint("status IN ('draft', 'in_review', 'changes_requested', 'approved', 'finished')", name=op.f('ck_tender_status')),
    sa.CheckConstraint('current_step BETWEEN 1 AND 6', name=op.f('ck_tender_current_step_in_range')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_tender_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_tender_owner_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender')),
    sa.UniqueConstraint('organisation_id', 'reference', name=op.f('uq_tender_organisation_id_reference'))
    )
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tender_owner_id'), ['owner_id'], unique=False)

    op.create_table('clause_set_item',
    sa.Column('clause_set_version_id', sa.Integer(), nullable=False),
    sa.Column('clause_version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('position >= 0', name=op.f('ck_clause_set_item_position_not_negative')),
    sa.ForeignKeyConstraint(['clause_set_version_id'], ['clause_set_version.id'], name=op.f('fk_clause_set_item_clause_set_version_id_clause_set_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['clause_version_id'], ['clause_version.id'], name=op.f('fk_clause_set_item_clause_version_id_clause_version')),
    sa.PrimaryKeyConstraint('clause_set_version_id', 'clause_version_id', name=op.f('pk_clause_set_item'))
    )
    op.create_table('review_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clause_version_id', sa.Integer(), nullable=True),
    sa.Column('clause_set_version_id', sa.Integer(), nullable=True),
    sa.Column('tender_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(CASE WHEN clause_version_id IS NULL THEN 0 ELSE 1 END + CASE WHEN clause_set_version_id IS NULL THEN 0 ELSE 1 END + CASE WHEN tender_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_review_comment_exactly_one_subject')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_review_comment_author_id_user_account')),
    sa.ForeignKeyConstraint(['clause_set_version_id'], ['clause_set_version.id'], name=op.f('fk_review_comment_clause_set_version_id_clause_set_version')),
    sa.ForeignKeyConstraint(['clause_version_id'], ['clause_version.id'], name=op.f('fk_review_comment_clause_version_id_clause_version')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_review_comment_tender_id_tender'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comment'))
    )
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comment_clause_set_version_id'), ['clause_set_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_comment_clause_version_id'), ['clause_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_comment_tender_id'), ['tender_id'], unique=False)

    op.create_table('review_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clause_version_id', sa.Integer(), nullable=True),
    sa.Column('clause_set_version_id', sa.Integer(), nullable=True),
    sa.Column('tender_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("decision IN ('submitted', 'approved', 'changes_requested', 'retired')", name=op.f('ck_review_decision_decision')),
    sa.CheckConstraint('(CASE WHEN clause_version_id IS NULL THEN 0 ELSE 1 END + CASE WHEN clause_set_version_id IS NULL THEN 0 ELSE 1 END + CASE WHEN tender_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_review_decision_exactly_one_subject')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_review_decision_actor_id_user_account')),
    sa.ForeignKeyConstraint(['clause_set_version_id'], ['clause_set_version.id'], name=op.f('fk_review_decision_clause_set_version_id_clause_set_version')),
    sa.ForeignKeyConstraint(['clause_version_id'], ['clause_version.id'], name=op.f('fk_review_decision_clause_version_id_clause_version')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_review_decision_tender_id_tender'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_decision'))
    )
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decision_clause_set_version_id'), ['clause_set_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_decision_clause_version_id'), ['clause_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_decision_tender_id'), ['tender_id'], unique=False)

    op.create_table('tender_clause',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('clause_id', sa.Integer(), nullable=False),
    sa.Column('clause_version_id', sa.Integer(), nullable=False),
    sa.Column('grouping', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('variable_values', sa.JSON(), nullable=False),
    sa.Column('custom_text', sa.JSON(), nullable=True),
    sa.Column('weight', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.CheckConstraint("grouping IN ('mandatory', 'recommended', 'possible', 'added')", name=op.f('ck_tender_clause_grouping')),
    sa.CheckConstraint('position >= 0', name=op.f('ck_tender_clause_position_not_negative')),
    sa.CheckConstraint('weight IS NULL OR (weight >= 0 AND weight <= 100)', name=op.f('ck_tender_clause_weight_percent')),
    sa.ForeignKeyConstraint(['clause_id'], ['clause.id'], name=op.f('fk_tender_clause_clause_id_clause')),
    sa.ForeignKeyConstraint(['clause_version_id'], ['clause_version.id'], name=op.f('fk_tender_clause_clause_version_id_clause_version')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_tender_clause_tender_id_tender'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender_clause')),
    sa.UniqueConstraint('tender_id', 'clause_id', name=op.f('uq_tender_clause_tender_id_clause_id'))
    )
    with op.batch_alter_table('tender_clause', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_clause_clause_version_id'), ['clause_version_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tender_clause', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_clause_clause_version_id'))

    op.drop_table('tender_clause')
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decision_tender_id'))
        batch_op.drop_index(batch_op.f('ix_review_decision_clause_version_id'))
        batch_op.drop_index(batch_op.f('ix_review_decision_clause_set_version_id'))

    op.drop_table('review_decision')
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_comment_tender_id'))
        batch_op.drop_index(batch_op.f('ix_review_comment_clause_version_id'))
        batch_op.drop_index(batch_op.f('ix_review_comment_clause_set_version_id'))

    op.drop_table('review_comment')
    op.drop_table('clause_set_item')
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_owner_id'))
        batch_op.drop_index(batch_op.f('ix_tender_organisation_id'))

    op.drop_table('tender')
    with op.batch_alter_table('clause_version', schema=None) as batch_op:
        batch_op.drop_index('ix_clause_version_clause_status')

    op.drop_table('clause_version')
    op.drop_table('clause_set_version')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_subject')
        batch_op.drop_index(batch_op.f('ix_audit_event_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_id'))

    op.drop_table('audit_event')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_organisation_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('clause_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clause_set_organisation_id'))

    op.drop_table('clause_set')
    with op.batch_alter_table('clause', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clause_organisation_id'))

    op.drop_table('clause')
    op.drop_table('organisation')
    op.drop_table('cpv_code')
