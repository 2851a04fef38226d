"""Creating clause versions: hashes, translation tracking and search fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from procure.library.canonical import approved_hash, normalised_content
from procure.library.text import content_hash, normalise_for_search, project, translated_texts
from procure.models import Clause, ClauseVersion
from procure.models.clause import parsed_content, remember_content
from procure.vocabulary import ClauseStatus

# Load ``ClauseVersion`` rows without their JSON content: ``clause_content`` then comes
# from the process's parsed contents, read by ``parse_contents`` when new.
WITHOUT_CONTENT = defer(ClauseVersion.content)


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


def parse_contents(session: Session, versions: Iterable[ClauseVersion]) -> None:
    """Make ``clause_content`` of every one of ``versions`` (loaded ``WITHOUT_CONTENT``)
    free: the contents the process has not parsed yet are read in one query and parsed
    once; the others are not read at all."""
    missing = {v.id for v in versions if v.content_hash and parsed_content(v.content_hash) is None}
    if not missing:
        return
    for row in session.execute(
        select(ClauseVersion.content_hash, ClauseVersion.content).where(
            ClauseVersion.id.in_(missing)
        )
    ):
        remember_content(row.content_hash, row.content)


def add_version(
    session: Session,
    clause: Clause,
    content: Mapping[str, Any],
    *,
    status: ClauseStatus,
    author_id: int | None,
    en_translates: str | None = None,
    previous: ClauseVersion | None = None,
    derived_from: ClauseVersion | None = None,
    number: int | None = None,
    source_hash: str | None = None,
    flush: bool = True,
) -> ClauseVersion:
    """A new version of ``clause`` with ``content``, or ``previous`` if the content is the same.

    The content is stored and hashed in its normalised form (``normalised_content``),
    so a file and the web form saying the same clause give the same hashes.
    ``previous`` may be a version of another clause: the reference version an
    organisation's variant starts from, then also given as ``derived_from``.
    ``number`` saves a query when the caller knows it (1 for a new clause);
    ``source_hash`` is that of the clause file the content was read from; ``flush``
    False leaves the insert to the caller's next flush (loading thousands at once)."""
    content = normalised_content(content)
    if previous is not None and has_content(previous, content):
        return previous
    fr_hash = content_hash(project(content, "fr"))
    if en_translates is None:
        en_translates = _inferred_translation(content, fr_hash, previous)
    if number is None:
        number = (
            session.scalar(
                select(func.max(ClauseVersion.number)).where(ClauseVersion.clause_id == clause.id)
            )
            or 0
        ) + 1
    version = ClauseVersion(
        clause=clause,
        number=number,
        status=str(status),  # the plain value, as read back from the database
        kind=content["kind"],
        ambition=content["ambition"],
        title_fr=content["title"]["fr"],
        title_en=content["title"]["en"],
        content=content,
        content_hash=content_hash(content),
        fr_hash=fr_hash,
        en_translates=en_translates,
        approved_hash=approved_hash(content) if status == ClauseStatus.APPROVED else None,
        author_id=author_id,
        derived_from=derived_from,
        source_hash=source_hash,
        **search_fields(content),
    )
    session.add(version)
    if flush:
        session.flush()
    return version


def lock_approved(version: ClauseVersion) -> None:
    """Record the content hash of ``version`` as it is approved (``approved_hash``)."""
    version.approved_hash = approved_hash(version.content)


def has_content(version: ClauseVersion, content: Mapping[str, Any]) -> bool:
    """Whether ``version`` holds ``content`` once both are normalised.

    Versions saved before contents were normalised keep their stored hashes (a
    version never changes); their content is normalised again to compare."""
    wanted = content_hash(normalised_content(content))
    return version.content_hash == wanted or (
        content_hash(normalised_content(version.content)) == wanted
    )


def _inferred_translation(
    content: dict[str, Any], fr_hash: str, previous: ClauseVersion | None
) -> str:
    """The English stays tied to the old French when only the French texts changed.

    Only the texts are compared: a change to a field both languages share (pillars,
    legal bases…) neither updates nor outdates the translation."""
    if previous is None:
        return fr_hash
    before = normalised_content(previous.content)
    french_changed = translated_texts(before, "fr") != translated_texts(content, "fr")
    english_changed = translated_texts(before, "en") != translated_texts(content, "en")
    if english_changed or (not french_changed and previous.is_translation_current):
        return fr_hash
    return previous.en_translates


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
