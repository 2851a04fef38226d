"""Tokens with which machine clients read an organisation's data through the JSON API."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.models.base import Base, utcnow
from procure.models.organisation import Organisation
from procure.models.user import User


class ApiToken(Base):
    """A read-only key to one organisation's API; only the SHA-256 of the secret is kept,
    so the secret is shown once, when the token is created."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256; never the token
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.name!r}>"
