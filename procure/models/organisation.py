"""Organisations: the buyers that own tenders, templates and settings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, LargeBinary, Numeric, String, true
from sqlalchemy.orm import Mapped, mapped_column

from procure.models.base import Base, one_of, utcnow
from procure.vocabulary import OrganisationCategory


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (
        one_of("category", OrganisationCategory),
        CheckConstraint(
            "logo_media_type IS NULL OR logo_media_type IN ('image/png', 'image/jpeg')",
            name="logo_media_type",
        ),
    )

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
    # The logo shown in the header (PNG or JPEG, checked by admin.logo_check), kept in
    # the database so that the app stays stateless. Deferred: the organisation is loaded
    # with the user on every request, its logo only by the route that serves it.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_media_type: Mapped[str | None] = mapped_column(String(16))
    # SHA-256 of the logo: its ETag, and the version in its URL.
    logo_sha256: Mapped[str | None] = mapped_column(String(64))
    logo_updated_at: Mapped[datetime | None] = mapped_column()

    @property
    def has_logo(self) -> bool:
        return self.logo_sha256 is not None

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
