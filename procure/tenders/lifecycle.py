"""How a tender's status moves: draft → in review → approved → finished, and back to
draft when a buyer changes a tender that a review or a finished dossier covered.

The legal review's decisions (submit, approve, send back) are in ``procure.review``;
this module holds what the wizard, the review and the downloads all need to know.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import StaleDataError

from procure.audit import record_event
from procure.compliance import check, summary
from procure.errors import ConflictError, ProcureError
from procure.library.adaptation import custom_clause_text
from procure.models import ReviewDecision, Tender, User
from procure.tenders.snapshots import purchase_of, snapshot_of
from procure.vocabulary import ReviewDecisionKind, TenderStatus

REOPENED_BY_CHANGE = (TenderStatus.IN_REVIEW, TenderStatus.APPROVED, TenderStatus.FINISHED)


class LifecycleError(ProcureError):
    """A status change the tender's state does not allow; ``code`` names the rule."""

    def __init__(self, message: str, *, code: str) -> None:
        self.code = code
        super().__init__(message)


def check_lock(tender: Tender, lock_version: str | int | None) -> None:
    """Refuse a save made from a page that shows an older state of the tender."""
    if lock_version in (None, ""):
        return
    if str(lock_version).strip() != str(tender.lock_version):
        raise ConflictError("the tender was changed in another tab or by another person")


def flush(session: Session) -> None:
    """Write the tender's changes; another request's save meanwhile is a conflict."""
    try:
        session.flush()
    except StaleDataError as error:
        raise ConflictError("the tender was saved by another request meanwhile") from error


def legal_review_reasons(tender: Tender) -> list[str]:
    """Why the organisation requires a review of the tender: ``value``, for a tender worth
    at least its threshold; ``wording``, for clause texts the buyer adapted, which legal
    staff never approved, unless the organisation turned that review off. Empty when
    no review is required."""
    organisation = tender.organisation
    reasons = []
    threshold = organisation.review_threshold
    if threshold is not None:
        purchase = purchase_of(tender)
        if purchase is not None and purchase.estimated_value >= Decimal(threshold):
            reasons.append("value")
    if organisation.review_adapted_wording and any(
        custom_clause_text(tc.custom_text) for tc in tender.clauses
    ):
        reasons.append("wording")
    return reasons


def needs_legal_review(tender: Tender) -> bool:
    """The organisation requires a review of the tender (see ``legal_review_reasons``)."""
    return bool(legal_review_reasons(tender))


def may_download(tender: Tender) -> bool:
    """False while a review the organisation requires has not approved the tender."""
    if not needs_legal_review(tender):
        return True
    if tender.status == TenderStatus.APPROVED:
        return True
    if tender.status == TenderStatus.FINISHED:
        return _last_decision(tender) == ReviewDecisionKind.APPROVED
    return False


def _last_decision(tender: Tender) -> str | None:
    session = object_session(tender)
    if session is None:
        return None
    return session.scalar(
        select(ReviewDecision.decision)
        .where(ReviewDecision.tender_id == tender.id)
        .order_by(ReviewDecision.created_at.desc(), ReviewDecision.id.desc())
        .limit(1)
    )


def may_finish(tender: Tender) -> bool:
    """A draft (or an approved tender) whose documents may be downloaded, with no
    blocking item left in its checklist, can be finished."""
    if tender.status not in (TenderStatus.DRAFT, TenderStatus.APPROVED):
        return False
    snapshot = snapshot_of(tender)
    return (
        snapshot is not None
        and may_download(tender)
        and not summary(check(snapshot)).blocks_download
    )


def reopen_after_change(tender: Tender) -> bool:
    """A buyer changed a tender that was in review, approved or finished: no review and no
    finished dossier covers it any more, so it goes back to draft (the wizard's own audit
    event records the change). Returns True when the status changed."""
    if tender.status in REOPENED_BY_CHANGE:
        tender.status = TenderStatus.DRAFT.value
        return True
    return False


def finish_tender(
    session: Session, tender: Tender, *, actor: User, lock_version: str | int | None
) -> None:
    """The buyer declares the dossier final: a draft, or a tender legal staff approved,
    becomes finished. Downloading documents never does this by itself."""
    check_lock(tender, lock_version)
    if not may_finish(tender):
        raise LifecycleError(
            f"a tender that is {tender.status.replace('_', ' ')}, whose documents cannot "
            "be downloaded, cannot be finished",
            code="not_finishable",
        )
    tender.status = TenderStatus.FINISHED.value
    flush(session)
    record_event(
        session,
        actor=actor,
        action="tender.finished",
        subject_type="tender",
        subject_id=tender.id,
        after={"status": tender.status},
    )


def tender_state(tender: Tender) -> dict[str, Any]:
    """What a reviewer approves: each clause's version, values and changed text."""
    purchase = purchase_of(tender)
    return {
        "estimated_value": str(purchase.estimated_value) if purchase else None,
        "clauses": {
            tc.clause.slug: {
                "version": tc.clause_version.number,
                "values": dict(tc.variable_values),
                "custom_text": tc.custom_text,
            }
            for tc in tender.clauses
        },
    }
