"""Loading a tender a person may open: one of their organisation's, else not found."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defaultload

from procure.errors import NotFoundError
from procure.library.versions import WITHOUT_CONTENT
from procure.models import Tender, TenderClause, User
from procure.models.base import MAX_ID

# When a page reads the tender's chosen clauses (in one query, with their clauses and
# versions), it reads their versions without the JSON contents: ``snapshot_of`` takes
# them from the contents the process parsed already.
WITH_CLAUSES = (
    defaultload(Tender.clauses).joinedload(TenderClause.clause_version).options(WITHOUT_CONTENT)
)


def tender_for(session: Session, user: User, tender_id: int) -> Tender:
    """The tender if it belongs to the user's organisation; ``NotFoundError`` otherwise,
    so that another organisation's tenders stay secret."""
    return tender_in(session, user.organisation_id, tender_id)


def tender_in(session: Session, organisation_id: int, tender_id: int) -> Tender:
    """The tender if it belongs to the organisation; ``NotFoundError`` otherwise."""
    tender = (
        session.get(Tender, tender_id, options=[WITH_CLAUSES]) if 0 < tender_id <= MAX_ID else None
    )
    if tender is None or tender.organisation_id != organisation_id:
        raise NotFoundError(f"no tender {tender_id} in the organisation")
    return tender


def organisation_tenders(
    session: Session, organisation_id: int, *, page: int, per_page: int
) -> tuple[list[Tender], int]:
    """One page of the organisation's tenders, most recently changed first, and how many
    it has in all."""
    scope = Tender.organisation_id == organisation_id
    total = session.scalar(select(func.count()).select_from(Tender).where(scope)) or 0
    tenders = session.scalars(
        select(Tender)
        .where(scope)
        .order_by(Tender.updated_at.desc(), Tender.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(tenders), total
