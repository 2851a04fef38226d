"""Clauses, their immutable versions, and clause sets assembled by legal staff."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.errors import ImmutableRecordError
from procure.library.content import ClauseContent
from procure.models.base import Base, one_of, utcnow
from procure.models.organisation import Organisation
from procure.vocabulary import Ambition, ClauseKind, ClauseStatus

REFERENCE = text("organisation_id IS NULL")

# Parsed contents by content hash, for every request of the process: a version's content
# never changes (``IMMUTABLE_VERSION_FIELDS``) and its hash names it, so a page need not
# decode and parse the library's JSON again on each request. Bounded: past the limit it
# starts again empty (a library holds thousands of versions, not millions).
_PARSED_CONTENTS: dict[str, ClauseContent] = {}
PARSED_CONTENTS_LIMIT = 50_000


def parsed_content(hash_: str) -> ClauseContent | None:
    """The parsed content of the version whose ``content_hash`` is ``hash_``, if known."""
    return _PARSED_CONTENTS.get(hash_)


def remember_content(hash_: str, content: dict[str, Any]) -> ClauseContent:
    """Parse ``content`` (whose hash is ``hash_``) once for the whole process."""
    parsed = _PARSED_CONTENTS.get(hash_)
    if parsed is None:
        parsed = ClauseContent.from_mapping(content)
        if len(_PARSED_CONTENTS) >= PARSED_CONTENTS_LIMIT:
            _PARSED_CONTENTS.clear()
        _PARSED_CONTENTS[hash_] = parsed
    return parsed


OWNED = text("organisation_id IS NOT NULL")


def unique_slug_per_owner(table: str) -> tuple[Index, Index]:
    """A slug is unique in the reference library and within each organisation, so an
    organisation's variant of a reference clause keeps the reference's slug."""
    return (
        Index(
            f"uq_{table}_reference_slug",
            "slug",
            unique=True,
            sqlite_where=REFERENCE,
            postgresql_where=REFERENCE,
        ),
        Index(
            f"uq_{table}_organisation_slug",
            "organisation_id",
            "slug",
            unique=True,
            sqlite_where=OWNED,
            postgresql_where=OWNED,
        ),
    )


class Clause(Base):
    """A clause's identity. What it says lives in its versions.

    ``organisation_id`` None: a clause of the reference library, published by its editor
    with ``load-clauses`` and read by every organisation. Otherwise the organisation's
    own clause, or its variant of the reference clause of the same slug; only that
    organisation sees and uses it.
    """

    __tablename__ = "clause"
    __table_args__ = unique_slug_per_owner("clause")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    folder: Mapped[str] = mapped_column(String(60))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    versions: Mapped[list[ClauseVersion]] = relationship(
        back_populates="clause", order_by="ClauseVersion.number"
    )

    def __repr__(self) -> str:
        return f"<Clause {self.slug}>"


class ClauseVersion(Base):
    """One immutable state of a clause's content; only its status moves."""

    __tablename__ = "clause_version"
    __table_args__ = (
        UniqueConstraint("clause_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        one_of("status", ClauseStatus),
        one_of("kind", ClauseKind),
        one_of("ambition", Ambition),
        Index("ix_clause_version_clause_status", "clause_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=ClauseStatus.DRAFT)
    kind: Mapped[str] = mapped_column(String(32))
    ambition: Mapped[str] = mapped_column(String(16))
    title_fr: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    content: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    fr_hash: Mapped[str] = mapped_column(String(64))
    en_translates: Mapped[str] = mapped_column(String(64))
    # ``approved_hash`` of the content, set when the version is approved (by a reviewer
    # or by loading the reference library): what each built .docx carries next to its
    # ``id@version`` trace. None while the version was never approved.
    approved_hash: Mapped[str | None] = mapped_column(String(64))
    # SHA-256 of the clause file this version was loaded from (``load-clauses``), so that
    # reloading an unchanged file skips reading it. None for versions saved on the web.
    source_hash: Mapped[str | None] = mapped_column(String(64))
    search_title_fr: Mapped[str] = mapped_column(Text)
    search_body_fr: Mapped[str] = mapped_column(Text)
    search_title_en: Mapped[str] = mapped_column(Text)
    search_body_en: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # An organisation's variant: the reference version this version was adapted from.
    derived_from_id: Mapped[int | None] = mapped_column(ForeignKey("clause_version.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    clause: Mapped[Clause] = relationship(back_populates="versions")
    derived_from: Mapped[ClauseVersion | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012

    @cached_property
    def clause_content(self) -> ClauseContent:
        """``content`` as typed data; a version's content never changes once saved, so it
        is parsed once per process (``remember_content``), and ``content`` is not even
        read when another version with the same hash was parsed already."""
        if not self.content_hash:  # not saved yet: nothing names it
            return ClauseContent.from_mapping(self.content)
        return parsed_content(self.content_hash) or remember_content(
            self.content_hash, self.content
        )

    @property
    def is_translation_current(self) -> bool:
        return self.en_translates == self.fr_hash

    def __repr__(self) -> str:
        return f"<ClauseVersion {self.clause_id} v{self.number} {self.status}>"


IMMUTABLE_VERSION_FIELDS = (
    "clause_id",
    "number",
    "kind",
    "ambition",
    "title_fr",
    "title_en",
    "content",
    "content_hash",
    "fr_hash",
    "search_title_fr",
    "search_body_fr",
    "search_title_en",
    "search_body_en",
    "author_id",
    "derived_from_id",
    "created_at",
)


@event.listens_for(ClauseVersion, "before_update")
def _refuse_content_change(_mapper, _connection, version: ClauseVersion) -> None:
    from sqlalchemy import inspect

    state = inspect(version)
    changed = [name for name in IMMUTABLE_VERSION_FIELDS if state.attrs[name].history.deleted]
    if changed:
        raise ImmutableRecordError(
            f"clause version {version.id} is immutable; tried to change {', '.join(changed)}"
        )


class ClauseSet(Base):
    """A named collection of clause versions, reviewed and approved as a unit."""

    __tablename__ = "clause_set"
    __table_args__ = unique_slug_per_owner("clause_set")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[ClauseSetVersion]] = relationship(
        back_populates="clause_set", order_by="ClauseSetVersion.number"
    )


class ClauseSetVersion(Base):
    __tablename__ = "clause_set_version"
    __table_args__ = (
        UniqueConstraint("clause_set_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        one_of("status", ClauseStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clause_set_id: Mapped[int] = mapped_column(ForeignKey("clause_set.id"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=ClauseStatus.DRAFT)
    title_fr: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    description: Mapped[dict[str, Any]] = mapped_column(default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    clause_set: Mapped[ClauseSet] = relationship(back_populates="versions")
    items: Mapped[list[ClauseSetItem]] = relationship(
        order_by="ClauseSetItem.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class ClauseSetItem(Base):
    __tablename__ = "clause_set_item"
    __table_args__ = (CheckConstraint("position >= 0", name="position_not_negative"),)

    clause_set_version_id: Mapped[int] = mapped_column(
        ForeignKey("clause_set_version.id", ondelete="CASCADE"), primary_key=True
    )
    clause_version_id: Mapped[int] = mapped_column(
        ForeignKey("clause_version.id"), primary_key=True
    )
    position: Mapped[int]

    clause_version: Mapped[ClauseVersion] = relationship()
