"""Review decisions and comments on clause versions, clause sets and tenders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.models.base import Base, one_of, utcnow
from procure.models.user import User
from procure.vocabulary import ReviewDecisionKind

EXACTLY_ONE_SUBJECT = (
    "(CASE WHEN clause_version_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN clause_set_version_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN tender_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class ReviewSubjectMixin:
    """Exactly one of a clause version, a clause-set version or a tender."""

    clause_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("clause_version.id"), index=True
    )
    clause_set_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("clause_set_version.id"), index=True
    )
    tender_id: Mapped[int | None] = mapped_column(
        ForeignKey("tender.id", ondelete="CASCADE"), index=True
    )


class ReviewDecision(ReviewSubjectMixin, Base):
    __tablename__ = "review_decision"
    __table_args__ = (
        CheckConstraint(EXACTLY_ONE_SUBJECT, name="exactly_one_subject"),
        one_of("decision", ReviewDecisionKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User] = relationship()


class ReviewComment(ReviewSubjectMixin, Base):
    __tablename__ = "review_comment"
    __table_args__ = (CheckConstraint(EXACTLY_ONE_SUBJECT, name="exactly_one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()
