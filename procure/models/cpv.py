"""The Common Procurement Vocabulary codes procure knows."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from procure.models.base import Base


class CpvCode(Base):
    __tablename__ = "cpv_code"
    __table_args__ = (
        CheckConstraint("length(code) = 8", name="code_eight_digits"),
        CheckConstraint("length(check_digit) = 1", name="check_digit_one_character"),
    )

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    check_digit: Mapped[str] = mapped_column(String(1))
    label_fr: Mapped[str] = mapped_column(String(400))
    label_en: Mapped[str] = mapped_column(String(400))

    @property
    def full_code(self) -> str:
        return f"{self.code}-{self.check_digit}"
