"""What the home page shows a signed-in user, by role: a few counts and links, each card
read with one or two queries (never one per row).

A buyer sees their tenders still being written; a legal reviewer their review queue; an
administrator their organisation's users, Word template and library, and, since an
administrator may also draft tenders, their own drafts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from procure.auth.services import TokenPurpose
from procure.library.search import status_counts
from procure.models import AccountToken, DocumentTemplate, Tender, User
from procure.review.services import QueueSummary, queue_summary
from procure.vocabulary import Role, TenderStatus

DRAFTS_SHOWN = 6
# A tender the buyer still has to work on: never submitted, or sent back by legal staff.
UNFINISHED = (TenderStatus.DRAFT.value, TenderStatus.CHANGES_REQUESTED.value)


@dataclass(frozen=True)
class Drafts:
    """The buyer's unfinished tenders, latest change first, and how many there are."""

    tenders: list[Tender]
    total: int


@dataclass(frozen=True)
class Waiting:
    summary: QueueSummary
    waited: dt.timedelta | None  # how long the oldest item has waited


@dataclass(frozen=True)
class Users:
    active: int
    pending_invitations: int  # invited and not yet signed in for the first time


@dataclass(frozen=True)
class Administration:
    users: Users
    template_name: str | None  # None: procure's default template
    library: Counter[str]  # clause status -> number of clauses


@dataclass(frozen=True)
class Home:
    drafts: Drafts | None = None
    queue: Waiting | None = None
    administration: Administration | None = None


def home_of(session: Session, user: User, now: dt.datetime) -> Home:
    """The cards of ``user``'s home page, as of ``now`` (aware UTC)."""
    if user.has_role(Role.LEGAL):
        summary = queue_summary(session, user)
        waited = now - summary.oldest.submitted_at if summary.oldest else None
        return Home(queue=Waiting(summary, waited))
    drafts = drafts_of(session, user)
    if user.has_role(Role.ADMIN):
        return Home(drafts=drafts, administration=administration_of(session, user))
    return Home(drafts=drafts)


def drafts_of(session: Session, owner: User, limit: int = DRAFTS_SHOWN) -> Drafts:
    unfinished = (
        Tender.organisation_id == owner.organisation_id,
        Tender.owner_id == owner.id,
        Tender.status.in_(UNFINISHED),
    )
    tenders = session.scalars(
        select(Tender)
        .where(*unfinished)
        .order_by(Tender.updated_at.desc(), Tender.id.desc())
        .limit(limit)
    )
    total = session.scalar(select(func.count(Tender.id)).where(*unfinished)) or 0
    return Drafts(tenders=list(tenders), total=total)


def administration_of(session: Session, admin: User) -> Administration:
    organisation_id = admin.organisation_id
    invited = exists().where(
        AccountToken.user_id == User.id,
        AccountToken.purpose == TokenPurpose.INVITATION.value,
        AccountToken.used_at.is_(None),
    )
    active, pending = session.execute(
        select(
            func.count(case((User.active, User.id))),
            func.count(case((invited, User.id))),
        ).where(User.organisation_id == organisation_id)
    ).one()
    template_name = session.scalar(
        select(DocumentTemplate.name).where(
            DocumentTemplate.organisation_id == organisation_id, DocumentTemplate.active
        )
    )
    return Administration(
        users=Users(active=active, pending_invitations=pending),
        template_name=template_name,
        library=status_counts(session, organisation_id),
    )
