"""People who sign in: buyers, legal reviewers and administrators."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from procure.models.base import Base, one_of, utcnow
from procure.models.organisation import Organisation
from procure.vocabulary import Role


class User(UserMixin, Base):
    __tablename__ = "user_account"
    __table_args__ = (
        one_of("role", Role),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session cookie (``get_id``): raising it ends all the user's sessions,
    # on every device (signing out, a password change or reset, deactivation).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Mails about reviews (submitted, approved, sent back); invitations and password
    # links are always sent.
    notify_by_email: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The language last chosen while signed in ("fr" or "en"); None: never chosen, and
    # mails to the user are written in French.
    language: Mapped[str | None] = mapped_column(String(2))

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.active

    def set_password(self, password: str) -> None:
        """Store a scrypt hash (memory-hard) of ``password``."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.password_changed_at = utcnow()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def session_token(self) -> str:
        """A fingerprint of the password hash: it changes whenever the password does."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:24]

    def get_id(self) -> str:
        """What the session cookie remembers: the id, the session generation and the
        password's fingerprint; the user loader accepts the cookie only while both still
        match, so raising the generation or changing the password ends every session
        opened before."""
        return f"{self.id}:{self.session_generation}:{self.session_token}"

    def end_sessions(self) -> None:
        """Make every session cookie issued to this user so far stop working."""
        self.session_generation = (self.session_generation or 0) + 1

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def is_legal_staff(self) -> bool:
        """Reads the library's drafts and the review pages."""
        return self.role in (Role.LEGAL, Role.ADMIN)

    @property
    def is_legal_reviewer(self) -> bool:
        """Writes and decides: an administrator who is not a legal reviewer cannot."""
        return self.role == Role.LEGAL

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r} {self.role}>"
