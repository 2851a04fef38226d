"""Tenders drafted by buyers, with the clause versions they chose."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.models.base import Base, one_of, utcnow
from procure.models.clause import Clause, ClauseVersion
from procure.models.organisation import Organisation
from procure.models.user import User
from procure.vocabulary import Ambition, TenderStatus

WIZARD_STEPS = 6


class Tender(Base):
    """A buyer's tender: the wizard's answers, saved step by step."""

    __tablename__ = "tender"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        one_of("status", TenderStatus),
        CheckConstraint(f"current_step BETWEEN 1 AND {WIZARD_STEPS}", name="current_step_in_range"),
        CheckConstraint(
            "ambition IS NULL OR ambition IN (" + ", ".join(f"'{a.value}'" for a in Ambition) + ")",
            name="ambition",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=TenderStatus.DRAFT)
    current_step: Mapped[int] = mapped_column(default=1)
    ambition: Mapped[str | None] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    stale_steps: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship()
    owner: Mapped[User] = relationship()
    clauses: Mapped[list[TenderClause]] = relationship(
        back_populates="tender", order_by="TenderClause.position", cascade="all, delete-orphan"
    )
    drafts: Mapped[list[TenderDraft]] = relationship(
        back_populates="tender", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class TenderClause(Base):
    """A clause chosen for a tender, pinned to the version the buyer saw."""

    __tablename__ = "tender_clause"
    __table_args__ = (
        UniqueConstraint("tender_id", "clause_id"),
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint(
            "grouping IN ('mandatory', 'recommended', 'possible', 'added')", name="grouping"
        ),
        CheckConstraint("weight IS NULL OR (weight >= 0 AND weight <= 100)", name="weight_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"))
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id"))
    clause_version_id: Mapped[int] = mapped_column(ForeignKey("clause_version.id"), index=True)
    grouping: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    variable_values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    custom_text: Mapped[dict[str, Any] | None] = mapped_column()
    weight: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    # The keys of the lots it applies to (``answers["purchase"]["lots"]``); empty: all.
    lots: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    # Values that differ by lot, such as insertion hours: lot key -> variable -> value
    lot_values: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")

    tender: Mapped[Tender] = relationship(back_populates="clauses")
    # Every reader of a chosen clause needs its clause and version: read them in the same
    # query as the tender's clauses, not one query each per clause.
    clause: Mapped[Clause] = relationship(lazy="joined", innerjoin=True)
    clause_version: Mapped[ClauseVersion] = relationship(lazy="joined", innerjoin=True)


class TenderDraft(Base):
    """What a buyer typed in a step and did not save (it did not validate, or they went
    back): shown again when the step is reopened. A row of its own, so that keeping a
    draft never changes the tender's ``lock_version`` and never makes another tab stale."""

    __tablename__ = "tender_draft"
    __table_args__ = (
        UniqueConstraint("tender_id", "step"),
        CheckConstraint(f"step BETWEEN 1 AND {WIZARD_STEPS}", name="step_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column()
    data: Mapped[dict[str, Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    tender: Mapped[Tender] = relationship(back_populates="drafts")
