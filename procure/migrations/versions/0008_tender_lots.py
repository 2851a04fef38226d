"""Lots: a tender's lots in its step-1 answers, and the lots each chosen clause applies to.

Step 1 stored only a number of lots. A tender of one lot becomes a contract not divided
(an empty list of lots), and its written reason for not splitting, kept so far as the
justification of rule lots-sme-access, moves to step 1. A tender of several lots gets
that many lots, each with the tender's CPV codes and an equal share of its value, for
the buyer to describe: nothing it said is lost, and nothing is invented but the titles.
Chosen clauses apply to every lot (``lots`` empty) with no value of their own by lot.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:30:00
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UNSPLIT_RULE = "lots-sme-access"

tender = sa.table("tender", sa.column("id", sa.Integer), sa.column("answers", sa.JSON))


def upgrade() -> None:
    # In place: SQLite adds a plain column with a constant default without copying.
    op.add_column(
        "tender_clause", sa.Column("lots", sa.JSON(), nullable=False, server_default="[]")
    )
    op.add_column(
        "tender_clause", sa.Column("lot_values", sa.JSON(), nullable=False, server_default="{}")
    )
    _rewrite_answers(_divided)


def downgrade() -> None:
    _rewrite_answers(_counted)
    op.drop_column("tender_clause", "lot_values")
    op.drop_column("tender_clause", "lots")


def _rewrite_answers(rewrite: Any) -> None:
    connection = op.get_bind()
    for tender_id, answers in connection.execute(sa.select(tender.c.id, tender.c.answers)).all():
        if not answers or not answers.get("purchase"):
            continue
        connection.execute(
            tender.update().where(tender.c.id == tender_id).values(answers=rewrite(answers))
        )


def _divided(answers: dict[str, Any]) -> dict[str, Any]:
    purchase = dict(answers["purchase"])
    count = int(purchase.get("lots") or 1)
    justifications = dict(answers.get("justifications") or {})
    purchase["unsplit_reason"] = justifications.pop(UNSPLIT_RULE, "") if count == 1 else ""
    purchase["lots"] = [] if count == 1 else _equal_lots(purchase, count)
    return {**answers, "purchase": purchase, "justifications": justifications}


def _equal_lots(purchase: dict[str, Any], count: int) -> list[dict[str, Any]]:
    total = Decimal(str(purchase.get("estimated_value") or 0))
    share = (total / count).quantize(Decimal("0.01"))
    lots = []
    for number in range(1, count + 1):
        value = share if number < count else total - share * (count - 1)
        lots.append(
            {
                "key": f"lot-{number}",
                "title": f"Lot {number}",
                "description": "",
                "cpv_main": purchase.get("cpv_main", ""),
                "cpv_additional": purchase.get("cpv_additional", ""),
                "estimated_value": format(value.normalize(), "f"),
                "duration_months": None,
                "labour_share": None,
            }
        )
    return lots


def _counted(answers: dict[str, Any]) -> dict[str, Any]:
    purchase = dict(answers["purchase"])
    lots = purchase.pop("lots", None) or []
    reason = purchase.pop("unsplit_reason", "")
    purchase["lots"] = max(1, len(lots))
    justifications = dict(answers.get("justifications") or {})
    if reason:
        justifications[UNSPLIT_RULE] = reason
    return {**answers, "purchase": purchase, "justifications": justifications}
