"""The approved library a tender chooses its clauses from, and what is newer in it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from procure.library.search import current_versions
from procure.models import ClauseVersion, Tender
from procure.tenders.fit import LibraryEntry, clause_titles

_APPROVED = "procure.approved_library"


def approved_versions(session: Session, organisation_id: int | None) -> list[ClauseVersion]:
    """The current approved version of each clause the organisation uses, read once per
    session (a web request) until it next writes: a wizard page asks for it several
    times (its entries, the newer versions, the usable clause sets)."""
    cache: dict[int | None, list[ClauseVersion]] = session.info.setdefault(_APPROVED, {})
    if organisation_id not in cache:
        cache[organisation_id] = current_versions(
            session, include_unapproved=False, organisation_id=organisation_id
        )
    return cache[organisation_id]


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_approved(session: Session, *_: Any) -> None:
    session.info.pop(_APPROVED, None)


def library_entries(session: Session, organisation_id: int | None) -> list[LibraryEntry]:
    """The approved library a buyer chooses from."""
    return [
        LibraryEntry(v.clause.slug, v.number, v.clause_content, v.id)
        for v in approved_versions(session, organisation_id)
    ]


def library_titles(session: Session, organisation_id: int | None) -> dict[str, dict[str, str]]:
    """The approved library's clause titles by slug, read in one query."""
    return clause_titles(library_entries(session, organisation_id))


def newer_versions(session: Session, tender: Tender) -> dict[str, ClauseVersion]:
    """Chosen clauses whose library now has a newer approved version."""
    latest = {v.clause_id: v for v in approved_versions(session, tender.organisation_id)}
    return {
        tc.clause.slug: latest[tc.clause_id]
        for tc in tender.clauses
        if tc.clause_id in latest and latest[tc.clause_id].number > tc.clause_version.number
    }
