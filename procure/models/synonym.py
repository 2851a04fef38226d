"""Search synonyms: the everyday words a buyer types and the library's words for them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from procure.models.base import Base, utcnow


class SearchSynonym(Base):
    """A group of search terms in one language. Two-way: any term finds the others.
    One-way: the first term also finds the others, which do not find it.

    ``organisation_id`` NULL is the reference set, loaded from
    ``procure/library/synonyms.yaml`` by ``load-synonyms``; otherwise the group is that
    organisation's own, edited by its legal staff."""

    __tablename__ = "search_synonym"
    __table_args__ = (CheckConstraint("language IN ('fr', 'en')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    terms: Mapped[list[Any]] = mapped_column()  # as typed; the first one leads a one-way group
    one_way: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<SearchSynonym {self.id} {self.language} {self.terms!r}>"
