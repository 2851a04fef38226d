"""Loading a tender a person may open: one of their organisation's, else not found."""

from __future__ import annotations

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
    tender = (
        session.get(Tender, tender_id, options=[WITH_CLAUSES]) if 0 < tender_id <= MAX_ID else None
    )
    if tender is None or tender.organisation_id != user.organisation_id:
        raise NotFoundError(f"no tender {tender_id} in the user's organisation")
    return tender
