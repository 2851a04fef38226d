"""Loading a tender a person may open: one of their organisation's, else not found."""

from __future__ import annotations

from sqlalchemy.orm import Session

from procure.errors import NotFoundError
from procure.models import Tender, User
from procure.models.base import MAX_ID


def tender_for(session: Session, user: User, tender_id: int) -> Tender:
    """The tender if it belongs to the user's organisation; ``NotFoundError`` otherwise,
    so that another organisation's tenders stay secret."""
    tender = session.get(Tender, tender_id) if 0 < tender_id <= MAX_ID else None
    if tender is None or tender.organisation_id != user.organisation_id:
        raise NotFoundError(f"no tender {tender_id} in the user's organisation")
    return tender
