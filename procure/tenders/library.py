"""The approved library a tender chooses its clauses from, and what is newer in it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from procure.library.search import current_versions
from procure.models import ClauseVersion, Tender
from procure.tenders.fit import LibraryEntry, clause_titles


def library_entries(session: Session, organisation_id: int | None) -> list[LibraryEntry]:
    """The approved library a buyer chooses from."""
    return [
        LibraryEntry(v.clause.slug, v.number, v.clause_content, v.id)
        for v in current_versions(
            session, include_unapproved=False, organisation_id=organisation_id
        )
    ]


def library_titles(session: Session, organisation_id: int | None) -> dict[str, dict[str, str]]:
    """The approved library's clause titles by slug, read in one query."""
    return clause_titles(library_entries(session, organisation_id))


def newer_versions(session: Session, tender: Tender) -> dict[str, ClauseVersion]:
    """Chosen clauses whose library now has a newer approved version."""
    latest = {
        v.clause_id: v
        for v in current_versions(
            session, include_unapproved=False, organisation_id=tender.organisation_id
        )
    }
    return {
        tc.clause.slug: latest[tc.clause_id]
        for tc in tender.clauses
        if tc.clause_id in latest and latest[tc.clause_id].number > tc.clause_version.number
    }
