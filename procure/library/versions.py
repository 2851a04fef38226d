"""Creating clause versions: hashes, translation tracking and search fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procure.library.text import content_hash, normalise_for_search, project
from procure.models import Clause, ClauseVersion
from procure.vocabulary import ClauseStatus


def latest_version(session: Session, clause: Clause) -> ClauseVersion | None:
    return session.scalar(
        select(ClauseVersion)
        .where(ClauseVersion.clause_id == clause.id)
        .order_by(ClauseVersion.number.desc())
        .limit(1)
    )


def latest_approved(session: Session, clause_id: int) -> ClauseVersion | None:
    """The version buyers see now."""
    return session.scalar(
        select(ClauseVersion)
        .where(ClauseVersion.clause_id == clause_id, ClauseVersion.status == ClauseStatus.APPROVED)
        .order_by(ClauseVersion.number.desc())
        .limit(1)
    )


def add_version(
    session: Session,
    clause: Clause,
    content: dict[str, Any],
    *,
    status: ClauseStatus,
    author_id: int | None,
    en_translates: str | None = None,
    previous: ClauseVersion | None = None,
    derived_from: ClauseVersion | None = None,
) -> ClauseVersion:
    """A new version of ``clause`` with ``content``, or ``previous`` if the content is the same.

    ``previous`` may be a version of another clause: the reference version an
    organisation's variant starts from, then also given as ``derived_from``."""
    full_hash = content_hash(content)
    if previous is not None and previous.content_hash == full_hash:
        return previous
    fr_hash = content_hash(project(content, "fr"))
    if en_translates is None:
        en_translates = _inferred_translation(content, fr_hash, previous)
    number = (
        session.scalar(
            select(func.max(ClauseVersion.number)).where(ClauseVersion.clause_id == clause.id)
        )
        or 0
    ) + 1
    version = ClauseVersion(
        clause=clause,
        number=number,
        status=status,
        kind=content["kind"],
        ambition=content["ambition"],
        title_fr=content["title"]["fr"],
        title_en=content["title"]["en"],
        content=content,
        content_hash=full_hash,
        fr_hash=fr_hash,
        en_translates=en_translates,
        author_id=author_id,
        derived_from=derived_from,
        **search_fields(content),
    )
    session.add(version)
    session.flush()
    return version


def _inferred_translation(
    content: dict[str, Any], fr_hash: str, previous: ClauseVersion | None
) -> str:
    """The English stays tied to the old French when only the French changed."""
    if previous is None:
        return fr_hash
    french_changed = previous.fr_hash != fr_hash
    english_changed = content_hash(project(previous.content, "en")) != content_hash(
        project(content, "en")
    )
    if french_changed and not english_changed:
        return previous.en_translates
    return fr_hash


def search_fields(content: Mapping[str, Any]) -> dict[str, str]:
    fields = {}
    for language in ("fr", "en"):
        fields[f"search_title_{language}"] = normalise_for_search(content["title"][language])
        body = " ".join(
            content[name][language]
            for name in ("text", "guidance", "verification")
            if content.get(name)
        )
        fields[f"search_body_{language}"] = normalise_for_search(body)
    return fields
