"""Failed sign-in attempts, counted in the database so that every worker sees them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from procure.models.base import Base, utcnow


class SignInFailure(Base):
    """One failed attempt, counted against one key: ``account:<sha256 of the email>`` or
    ``address:<sha256 of the client address>`` (hashes, so no personal data is kept).
    A failure writes one row per key it counts against."""

    __tablename__ = "sign_in_failure"
    __table_args__ = (Index("ix_sign_in_failure_key_created_at", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
