"""Unsaved step input in a table of its own (tender_draft), out of tender.answers.

Keeping a draft used to rewrite the tender row, which moved its lock_version and made
the buyer's own next save look like a conflict.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 08:10:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

tender = sa.table(
    "tender",
    sa.column("id", sa.Integer),
    sa.column("answers", sa.JSON),
)
tender_draft = sa.table(
    "tender_draft",
    sa.column("tender_id", sa.Integer),
    sa.column("step", sa.Integer),
    sa.column("data", sa.JSON),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table('tender_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('step BETWEEN 1 AND 6', name=op.f('ck_tender_draft_step_in_range')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_tender_draft_tender_id_tender'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender_draft')),
    sa.UniqueConstraint('tender_id', 'step', name=op.f('uq_tender_draft_tender_id_step'))
    )
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    for tender_id, answers in connection.execute(sa.select(tender.c.id, tender.c.answers)).all():
        drafts = (answers or {}).get("drafts")
        if drafts is None:
            continue
        for step, data in drafts.items():
            connection.execute(
                tender_draft.insert().values(
                    tender_id=tender_id, step=int(step), data=data, updated_at=now
                )
            )
        kept = {key: value for key, value in answers.items() if key != "drafts"}
        connection.execute(tender.update().where(tender.c.id == tender_id).values(answers=kept))


def downgrade() -> None:
    connection = op.get_bind()
    drafts: dict[int, dict[str, object]] = {}
    for tender_id, step, data in connection.execute(
        sa.select(tender_draft.c.tender_id, tender_draft.c.step, tender_draft.c.data)
    ).all():
        drafts.setdefault(tender_id, {})[str(step)] = data
    for tender_id, steps in drafts.items():
        answers = connection.execute(
            sa.select(tender.c.answers).where(tender.c.id == tender_id)
        ).scalar_one()
        connection.execute(
            tender.update()
            .where(tender.c.id == tender_id)
            .values(answers={**(answers or {}), "drafts": steps})
        )
    op.drop_table('tender_draft')
