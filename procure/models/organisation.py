"""Organisations: the buyers that own tenders, templates and settings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Numeric, String, true
from sqlalchemy.orm import Mapped, mapped_column

from procure.models.base import Base, one_of, utcnow
from procure.vocabulary import OrganisationCategory


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (one_of("category", OrganisationCategory),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str] = mapped_column(String(32), default=OrganisationCategory.SUB_CENTRAL)
    review_threshold: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    # A tender whose clause wording a buyer adapted needs legal approval before its
    # documents are published; an administrator may switch it off (audited).
    review_adapted_wording: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The fully-loaded hourly cost that sizes insertion hours; None: DEFAULT_HOURLY_COST.
    hourly_cost: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
