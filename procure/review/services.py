"""Legal review: moving clause versions, clause-set versions and tenders through their
statuses, with the four-eyes rule, optimistic locking, a decision and one audit event.

Every transition takes the ``lock_version`` the person saw; if the item changed since,
``ConflictError`` is raised and nothing is written. A transition that the rules forbid
raises ``ReviewError`` with a message meant for the person, and writes nothing either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Integer, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session, contains_eager, joinedload
from sqlalchemy.orm.exc import StaleDataError

from procure.audit import record_event
from procure.errors import ConflictError, ProcureError
from procure.library.ownership import clause_for
from procure.library.text import normalise_for_search
from procure.library.versions import latest_approved, lock_approved
from procure.models import (
    AuditEvent,
    Clause,
    ClauseSet,
    ClauseSetVersion,
    ClauseVersion,
    ReviewComment,
    ReviewDecision,
    Tender,
    User,
)
from procure.models.base import utcnow
from procure.tenders.lifecycle import tender_state
from procure.tenders.snapshots import snapshot_of
from procure.vocabulary import ClauseStatus, ReviewDecisionKind, Role, TenderStatus

MAX_COMMENT = 5000
SubjectKind = Literal["clause", "clause_set", "tender"]
Subject = ClauseVersion | ClauseSetVersion | Tender
# Legal staff alone review: an administrator who is not a legal reviewer cannot approve.
REVIEWERS = (Role.LEGAL,)
TENDER_SUBMITTERS = (Role.BUYER, Role.ADMIN)


class ReviewError(ProcureError):
    """A review transition the rules do not allow.

    ``code`` names the rule (the pages translate it, with ``params``); ``field`` is the
    form field the message belongs next to, if any.
    """

    def __init__(
        self, message: str, *, code: str, field: str | None = None, **params: object
    ) -> None:
        self.code = code
        self.field = field
        self.params = params
        super().__init__(message)


# -- shared checks ---------------------------------------------------------------------------------


def _require_role(actor: User, roles: Iterable[Role], action: str) -> None:
    if not actor.has_role(*roles):
        raise ReviewError(f"only legal reviewers may {action}", code="role")


def may_decide(version: Version, actor: User) -> bool:
    """Whether ``actor`` may take decisions on ``version`` at all (its status aside)."""
    try:
        _require_role(actor, REVIEWERS, "decide")
        _check_owner(version, actor)
    except ReviewError:
        return False
    return True


def _check_owner(version: Version, actor: User) -> None:
    """Only the organisation that owns a clause or a set reviews it; the reference
    library changes only with ``load-clauses``."""
    parent = version.clause if isinstance(version, ClauseVersion) else version.clause_set
    if parent.organisation_id is None:
        raise ReviewError(
            f"{_describe(version)} belongs to the reference library, which changes only "
            "when its editor publishes it",
            code="reference",
        )
    if parent.organisation_id != actor.organisation_id:
        raise ReviewError(f"{_describe(version)} belongs to another organisation", code="owner")


def _check_lock(item: Subject, lock_version: int | str | None) -> None:
    try:
        seen = int(str(lock_version).strip())
    except ValueError:
        seen = None  # a page without a readable version: treat it as out of date
    if seen != item.lock_version:
        raise ConflictError(
            f"{_describe(item)} was changed by someone else since you opened it "
            f"(it is now {item.status})"
        )


def _check_status(item: Subject, allowed: Iterable[str], action: str) -> None:
    allowed = tuple(allowed)
    if item.status not in allowed:
        raise ReviewError(
            f"{_describe(item)} is {item.status.replace('_', ' ')}: you can only {action} "
            f"an item that is {' or '.join(s.replace('_', ' ') for s in allowed)}",
            code="status",
            status=item.status,
        )


def _check_four_eyes(author_id: int | None, actor: User, item: Subject) -> None:
    """The author of an item cannot approve it; files loaded by the CLI have no author."""
    if author_id is not None and author_id == actor.id:
        raise ReviewError(
            f"you wrote {_describe(item)}: another legal reviewer must approve it (four-eyes rule)",
            code="four_eyes",
        )


def _check_comment(comment: str, *, required: bool) -> str:
    comment = (comment or "").strip()
    if required and not comment:
        raise ReviewError(
            "a comment is required when you send an item back: say what must change",
            code="comment_required",
            field="comment",
        )
    if len(comment) > MAX_COMMENT:
        raise ReviewError(
            f"the comment is longer than {MAX_COMMENT} characters",
            code="comment_too_long",
            field="comment",
            maximum=MAX_COMMENT,
        )
    return comment


def _describe(item: Subject) -> str:
    if isinstance(item, ClauseVersion):
        return f"clause version {subject_label(item)}"
    if isinstance(item, ClauseSetVersion):
        return f"clause set version {subject_label(item)}"
    return f"tender {item.reference}"


def subject_label(item: Subject) -> str:
    """How the audit log names the item: ``slug@number`` or the tender id."""
    if isinstance(item, ClauseVersion):
        return f"{item.clause.slug}@{item.number}"
    if isinstance(item, ClauseSetVersion):
        return f"{item.clause_set.slug}@{item.number}"
    return str(item.id)


def subject_type(item: Subject) -> str:
    if isinstance(item, ClauseVersion):
        return "clause_version"
    if isinstance(item, ClauseSetVersion):
        return "clause_set_version"
    return "tender"


def _subject_columns(item: Subject) -> dict[str, int]:
    if isinstance(item, ClauseVersion):
        return {"clause_version_id": item.id}
    if isinstance(item, ClauseSetVersion):
        return {"clause_set_version_id": item.id}
    return {"tender_id": item.id}


def _decide(
    session: Session,
    item: Subject,
    *,
    actor: User,
    decision: ReviewDecisionKind,
    status: str,
    comment: str,
    action: str,
    after: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
) -> ReviewDecision:
    """Move ``item`` to ``status``, then record the decision and its one audit event."""
    with session.no_autoflush:  # name it now: after a failed flush nothing can be loaded
        described, label = _describe(item), subject_label(item)
    previous = item.status
    item.status = status
    if isinstance(item, ClauseVersion):
        item.status_changed_at = utcnow()
    try:
        session.flush()
    except StaleDataError as error:
        raise ConflictError(
            f"{described} was changed by someone else at the same moment"
        ) from error
    record = ReviewDecision(
        decision=decision.value, actor_id=actor.id, comment=comment, **_subject_columns(item)
    )
    session.add(record)
    session.flush()
    record_event(
        session,
        actor=actor,
        action=action,
        subject_type=subject_type(item),
        subject_id=label,
        before={"status": previous, **(before or {})},
        after={"status": status, "comment": comment, **(after or {})},
    )
    return record


# -- clause and clause-set versions ---------------------------------------------------------------

Version = ClauseVersion | ClauseSetVersion


@dataclass(frozen=True)
class _Versioned:
    """What differs between the versions of clauses and of clause sets."""

    noun: str  # in messages
    action: str  # audit event prefix
    parent: str  # the column naming the clause or the set


VERSIONED = {
    ClauseVersion: _Versioned("clause", "clause", "clause_id"),
    ClauseSetVersion: _Versioned("clause set", "clause_set", "clause_set_id"),
}


def _versions_of(version: Version, *conditions: Any) -> Any:
    model = type(version)
    parent = VERSIONED[model].parent
    return select(model).where(getattr(model, parent) == getattr(version, parent), *conditions)


def submit_version(
    session: Session, version: Version, *, actor: User, lock_version: int | str | None
) -> ReviewDecision:
    """draft → in_review, for the latest version of a clause or a clause set."""
    kind = VERSIONED[type(version)]
    _require_role(actor, REVIEWERS, f"submit a {kind.noun} for review")
    _check_owner(version, actor)
    _check_lock(version, lock_version)
    _check_status(version, [ClauseStatus.DRAFT], "submit")
    latest = session.scalar(
        _versions_of(version).order_by(type(version).number.desc()).limit(1)
    ).number
    if latest != version.number:
        raise ReviewError(
            f"version {latest} of this {kind.noun} was saved after this one: "
            f"submit version {latest}",
            code="not_latest",
            latest=latest,
        )
    return _decide(
        session,
        version,
        actor=actor,
        decision=ReviewDecisionKind.SUBMITTED,
        status=ClauseStatus.IN_REVIEW,
        comment="",
        action=f"{kind.action}.submitted",
    )


def approve_version(
    session: Session,
    version: Version,
    *,
    actor: User,
    lock_version: int | str | None,
    comment: str = "",
) -> ReviewDecision:
    """in_review → approved: buyers see it from now on (four-eyes rule)."""
    kind = VERSIONED[type(version)]
    _require_role(actor, REVIEWERS, f"approve a {kind.noun}")
    _check_owner(version, actor)
    _check_lock(version, lock_version)
    _check_status(version, [ClauseStatus.IN_REVIEW], "approve")
    _check_four_eyes(version.author_id, actor, version)
    comment = _check_comment(comment, required=False)
    if isinstance(version, ClauseVersion):
        _check_no_newer_approved(session, version)
        lock_approved(version)
    else:
        _check_set_clauses_approved(version)
    return _decide(
        session,
        version,
        actor=actor,
        decision=ReviewDecisionKind.APPROVED,
        status=ClauseStatus.APPROVED,
        comment=comment,
        action=f"{kind.action}.approved",
        after={"content_hash": version.content_hash, "approved_hash": version.approved_hash}
        if isinstance(version, ClauseVersion)
        else None,
    )


def _check_no_newer_approved(session: Session, version: ClauseVersion) -> None:
    newer = latest_approved(session, version.clause_id)
    if newer is not None and newer.number > version.number:
        raise ReviewError(
            f"version {newer.number} of this clause is already approved and newer: "
            "this version would never be used; send it back instead",
            code="newer_approved",
            number=newer.number,
        )


def _check_set_clauses_approved(version: ClauseSetVersion) -> None:
    unapproved = [
        f"{item.clause_version.clause.slug} v{item.clause_version.number}"
        for item in version.items
        if item.clause_version.status != ClauseStatus.APPROVED
    ]
    if unapproved:
        raise ReviewError(
            "the set contains clause versions that are not approved: "
            + ", ".join(unapproved)
            + "; approve them or edit the set first",
            code="unapproved_clauses",
            clauses=", ".join(unapproved),
        )


def request_changes(
    session: Session,
    version: Version,
    *,
    actor: User,
    lock_version: int | str | None,
    comment: str,
) -> ReviewDecision:
    """in_review → changes_requested; the comment says what must change."""
    kind = VERSIONED[type(version)]
    _require_role(actor, REVIEWERS, f"send a {kind.noun} back")
    _check_owner(version, actor)
    _check_lock(version, lock_version)
    _check_status(version, [ClauseStatus.IN_REVIEW], "send back")
    comment = _check_comment(comment, required=True)
    return _decide(
        session,
        version,
        actor=actor,
        decision=ReviewDecisionKind.CHANGES_REQUESTED,
        status=ClauseStatus.CHANGES_REQUESTED,
        comment=comment,
        action=f"{kind.action}.changes_requested",
    )


def retire_version(
    session: Session,
    version: Version,
    *,
    actor: User,
    lock_version: int | str | None,
    comment: str = "",
) -> ReviewDecision:
    """approved → retired. Older approved versions are retired with it, so that buyers no
    longer see the clause or the set at all."""
    kind = VERSIONED[type(version)]
    _require_role(actor, REVIEWERS, f"retire a {kind.noun}")
    _check_owner(version, actor)
    _check_lock(version, lock_version)
    _check_status(version, [ClauseStatus.APPROVED], "retire")
    comment = _check_comment(comment, required=False)
    model = type(version)
    older = list(
        session.scalars(
            _versions_of(
                version,
                model.status == ClauseStatus.APPROVED,
                model.number < version.number,
            )
        )
    )
    now = utcnow()
    for other in older:
        other.status = ClauseStatus.RETIRED.value
        if isinstance(other, ClauseVersion):
            other.status_changed_at = now
    return _decide(
        session,
        version,
        actor=actor,
        decision=ReviewDecisionKind.RETIRED,
        status=ClauseStatus.RETIRED,
        comment=comment,
        action=f"{kind.action}.retired",
        after={"also_retired": [other.number for other in older]},
    )


def previous_approved(
    session: Session, clause_id: int, *, before_number: int
) -> ClauseVersion | None:
    """The latest version before ``before_number`` that was approved (it may be retired since):
    what a reviewer compares a new version with."""
    return session.scalar(
        select(ClauseVersion)
        .where(
            ClauseVersion.clause_id == clause_id,
            ClauseVersion.number < before_number,
            ClauseVersion.status.in_([ClauseStatus.APPROVED, ClauseStatus.RETIRED]),
        )
        .order_by(ClauseVersion.number.desc())
        .limit(1)
    )


# -- tenders ---------------------------------------------------------------------------------------


def submit_tender(
    session: Session, tender: Tender, *, actor: User, lock_version: int | str | None
) -> ReviewDecision:
    """draft or changes_requested → in_review, by a buyer of the tender's organisation."""
    if actor.organisation_id != tender.organisation_id:
        raise ReviewError("this tender belongs to another organisation", code="organisation")
    if not actor.has_role(*TENDER_SUBMITTERS):
        raise ReviewError("only buyers submit their tenders for legal review", code="role")
    if lock_version is not None and str(lock_version).strip():
        _check_lock(tender, lock_version)
    _check_status(tender, [TenderStatus.DRAFT, TenderStatus.CHANGES_REQUESTED], "submit")
    if snapshot_of(tender) is None:
        raise ReviewError(
            "describe the purchase and its context before asking for a review",
            code="incomplete_tender",
        )
    if not tender.clauses:
        raise ReviewError(
            "choose the tender's clauses before asking for a review", code="no_clauses"
        )
    return _decide(
        session,
        tender,
        actor=actor,
        decision=ReviewDecisionKind.SUBMITTED,
        status=TenderStatus.IN_REVIEW,
        comment="",
        action="tender.review_submitted",
        after={"state": tender_state(tender)},
    )


def _check_tender_reviewer(tender: Tender, actor: User, action: str) -> None:
    _require_role(actor, REVIEWERS, action)
    if actor.organisation_id != tender.organisation_id:
        raise ReviewError("this tender belongs to another organisation", code="organisation")


def approve_tender(
    session: Session,
    tender: Tender,
    *,
    actor: User,
    lock_version: int | str | None,
    comment: str = "",
) -> ReviewDecision:
    _check_tender_reviewer(tender, actor, "approve a tender")
    _check_lock(tender, lock_version)
    _check_status(tender, [TenderStatus.IN_REVIEW], "approve")
    _check_four_eyes(tender.owner_id, actor, tender)
    submitted = latest_decision(session, tender, [ReviewDecisionKind.SUBMITTED])
    _check_four_eyes(submitted.actor_id if submitted else None, actor, tender)
    comment = _check_comment(comment, required=False)
    return _decide(
        session,
        tender,
        actor=actor,
        decision=ReviewDecisionKind.APPROVED,
        status=TenderStatus.APPROVED,
        comment=comment,
        action="tender.review_approved",
        after={"state": tender_state(tender)},
    )


def request_tender_changes(
    session: Session,
    tender: Tender,
    *,
    actor: User,
    lock_version: int | str | None,
    comment: str,
) -> ReviewDecision:
    _check_tender_reviewer(tender, actor, "send a tender back")
    _check_lock(tender, lock_version)
    _check_status(tender, [TenderStatus.IN_REVIEW], "send back")
    comment = _check_comment(comment, required=True)
    return _decide(
        session,
        tender,
        actor=actor,
        decision=ReviewDecisionKind.CHANGES_REQUESTED,
        status=TenderStatus.CHANGES_REQUESTED,
        comment=comment,
        action="tender.review_changes_requested",
        after={"state": tender_state(tender)},
    )


# -- comments and history --------------------------------------------------------------------------


def add_comment(session: Session, item: Subject, *, actor: User, body: str) -> ReviewComment:
    body = (body or "").strip()
    if not body:
        raise ReviewError("write a comment first", code="empty_comment", field="body")
    if len(body) > MAX_COMMENT:
        raise ReviewError(
            f"the comment is longer than {MAX_COMMENT} characters",
            code="comment_too_long",
            field="body",
            maximum=MAX_COMMENT,
        )
    comment = ReviewComment(author_id=actor.id, body=body, **_subject_columns(item))
    session.add(comment)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="review.commented",
        subject_type=subject_type(item),
        subject_id=subject_label(item),
        after={"comment_id": comment.id, "body": body},
    )
    return comment


def _subject_filter(model: type[ReviewDecision] | type[ReviewComment], item: Subject) -> Any:
    column, value = next(iter(_subject_columns(item).items()))
    return getattr(model, column) == value


@dataclass(frozen=True)
class HistoryEntry:
    """A decision or a comment, for the thread on an item's page."""

    created_at: dt.datetime
    author: User
    kind: str  # "comment" or a ReviewDecisionKind value
    text: str


def history(session: Session, item: Subject) -> list[HistoryEntry]:
    """Decisions and comments on ``item``, oldest first."""
    entries = [
        HistoryEntry(d.created_at, d.actor, d.decision, d.comment)
        for d in session.scalars(
            select(ReviewDecision).where(_subject_filter(ReviewDecision, item))
        )
    ]
    entries += [
        HistoryEntry(c.created_at, c.author, "comment", c.body)
        for c in session.scalars(select(ReviewComment).where(_subject_filter(ReviewComment, item)))
    ]
    return sorted(entries, key=lambda entry: entry.created_at)


def latest_decision(
    session: Session, item: Subject, kinds: Iterable[ReviewDecisionKind] | None = None
) -> ReviewDecision | None:
    query = select(ReviewDecision).where(_subject_filter(ReviewDecision, item))
    if kinds is not None:
        query = query.where(ReviewDecision.decision.in_([k.value for k in kinds]))
    return session.scalar(
        query.order_by(ReviewDecision.created_at.desc(), ReviewDecision.id.desc()).limit(1)
    )


# -- the queue -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    kind: SubjectKind
    item: Subject
    titles: dict[str, str]
    label: str
    submitted_at: dt.datetime
    submitted_by: User | None
    author_id: int | None

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get("fr") or self.label


@dataclass(frozen=True)
class QueueFilters:
    kind: str = ""  # "", "clause", "clause_set" or "tender"
    text: str = ""
    submitted_by: int | None = None
    decidable_only: bool = False  # hide what the reviewer wrote (four-eyes)


def review_queue(
    session: Session, reviewer: User, filters: QueueFilters | None = None
) -> list[QueueItem]:
    """Everything waiting for a legal decision that ``reviewer`` may see, oldest first.

    Four queries whatever the queue's length: clause versions, clause set versions and
    tenders in review, then the submissions of all of them (with who submitted)."""
    filters = filters or QueueFilters()
    waiting: list[tuple[SubjectKind, Subject, dict[str, str], str, int | None, dt.datetime]] = []
    if filters.kind in ("", "clause"):
        for version in session.scalars(
            select(ClauseVersion)
            .join(Clause)
            .where(
                ClauseVersion.status == ClauseStatus.IN_REVIEW,
                Clause.organisation_id == reviewer.organisation_id,
            )
            .options(contains_eager(ClauseVersion.clause))
        ):
            waiting.append(
                (
                    "clause",
                    version,
                    {"fr": version.title_fr, "en": version.title_en},
                    f"{version.clause.slug} v{version.number}",
                    version.author_id,
                    version.status_changed_at,
                )
            )
    if filters.kind in ("", "clause_set"):
        for set_version in session.scalars(
            select(ClauseSetVersion)
            .join(ClauseSet)
            .where(
                ClauseSetVersion.status == ClauseStatus.IN_REVIEW,
                ClauseSet.organisation_id == reviewer.organisation_id,
            )
            .options(contains_eager(ClauseSetVersion.clause_set))
        ):
            waiting.append(
                (
                    "clause_set",
                    set_version,
                    {"fr": set_version.title_fr, "en": set_version.title_en},
                    f"{set_version.clause_set.slug} v{set_version.number}",
                    set_version.author_id,
                    set_version.created_at,
                )
            )
    if filters.kind in ("", "tender"):
        for tender in session.scalars(
            select(Tender).where(
                Tender.status == TenderStatus.IN_REVIEW,
                Tender.organisation_id == reviewer.organisation_id,
            )
        ):
            waiting.append(
                (
                    "tender",
                    tender,
                    {"fr": tender.title, "en": tender.title},
                    tender.reference,
                    tender.owner_id,
                    tender.updated_at,
                )
            )
    submissions = _latest_submissions(session, [entry[1] for entry in waiting])
    items = []
    for kind, item, titles, label, author_id, fallback in waiting:
        submitted = submissions.get(_subject_key(item))
        items.append(
            QueueItem(
                kind=kind,
                item=item,
                titles=titles,
                label=label,
                submitted_at=submitted.created_at if submitted else fallback,
                submitted_by=submitted.actor if submitted else None,
                author_id=author_id,
            )
        )
    return sorted(
        (item for item in items if _matches(item, filters, reviewer)),
        key=lambda item: (_aware(item.submitted_at), item.label),
    )


def filter_queue(items: list[QueueItem], filters: QueueFilters, reviewer: User) -> list[QueueItem]:
    """The items of a whole queue (``review_queue`` without filters) that ``filters``
    keep, in the same order: the queue page filters without reading the queue twice."""
    return [
        item
        for item in items
        if (not filters.kind or item.kind == filters.kind) and _matches(item, filters, reviewer)
    ]


def _subject_key(item: Subject) -> tuple[str, int]:
    column, value = next(iter(_subject_columns(item).items()))
    return column, value


def _latest_submissions(
    session: Session, items: list[Subject]
) -> dict[tuple[str, int], ReviewDecision]:
    """The latest "submitted" decision of each of ``items``, with its actor, in one query."""
    ids: dict[str, list[int]] = {}
    for item in items:
        column, value = _subject_key(item)
        ids.setdefault(column, []).append(value)
    if not ids:
        return {}
    latest: dict[tuple[str, int], ReviewDecision] = {}
    for decision in session.scalars(
        select(ReviewDecision)
        .where(
            ReviewDecision.decision == ReviewDecisionKind.SUBMITTED.value,
            or_(*(getattr(ReviewDecision, column).in_(values) for column, values in ids.items())),
        )
        .options(joinedload(ReviewDecision.actor))
        .order_by(ReviewDecision.created_at, ReviewDecision.id)
    ):
        for column in ids:
            value = getattr(decision, column)
            if value is not None:
                latest[column, value] = decision  # later rows replace earlier ones
    return latest


def _matches(item: QueueItem, filters: QueueFilters, reviewer: User) -> bool:
    if filters.decidable_only and item.author_id == reviewer.id:
        return False
    if filters.submitted_by is not None and (
        item.submitted_by is None or item.submitted_by.id != filters.submitted_by
    ):
        return False
    if filters.text:
        wanted = normalise_for_search(filters.text)
        haystack = normalise_for_search(" ".join([item.label, *item.titles.values()]))
        return wanted in haystack
    return True


@dataclass(frozen=True)
class WaitingItem:
    """The oldest item of a queue, with what its link needs: the slug and version number
    of a clause or clause set, the id of a tender."""

    kind: SubjectKind
    titles: dict[str, str]
    label: str
    submitted_at: dt.datetime
    slug: str | None
    number: int | None
    tender_id: int | None

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get("fr") or self.label


@dataclass(frozen=True)
class QueueSummary:
    size: int
    oldest: WaitingItem | None


def queue_summary(session: Session, reviewer: User) -> QueueSummary:
    """How many items wait in ``reviewer``'s queue and which has waited longest, read in
    one query: the same items and order as ``review_queue`` without its filters."""

    def submitted(column: Any) -> Any:
        return (
            select(func.max(ReviewDecision.created_at))
            .where(column, ReviewDecision.decision == ReviewDecisionKind.SUBMITTED.value)
            .scalar_subquery()
        )

    no_number = cast(null(), Integer)
    clauses = (
        select(
            literal("clause").label("kind"),
            ClauseVersion.title_fr.label("title_fr"),
            ClauseVersion.title_en.label("title_en"),
            Clause.slug.label("slug"),
            ClauseVersion.number.label("number"),
            no_number.label("tender_id"),
            func.coalesce(
                submitted(ReviewDecision.clause_version_id == ClauseVersion.id),
                ClauseVersion.status_changed_at,
            ).label("since"),
        )
        .join(Clause, Clause.id == ClauseVersion.clause_id)
        .where(
            ClauseVersion.status == ClauseStatus.IN_REVIEW.value,
            Clause.organisation_id == reviewer.organisation_id,
        )
    )
    sets = (
        select(
            literal("clause_set"),
            ClauseSetVersion.title_fr,
            ClauseSetVersion.title_en,
            ClauseSet.slug,
            ClauseSetVersion.number,
            no_number,
            func.coalesce(
                submitted(ReviewDecision.clause_set_version_id == ClauseSetVersion.id),
                ClauseSetVersion.created_at,
            ),
        )
        .join(ClauseSet, ClauseSet.id == ClauseSetVersion.clause_set_id)
        .where(
            ClauseSetVersion.status == ClauseStatus.IN_REVIEW.value,
            ClauseSet.organisation_id == reviewer.organisation_id,
        )
    )
    tenders = select(
        literal("tender"),
        Tender.title,
        Tender.title,
        Tender.reference,
        no_number,
        Tender.id,
        func.coalesce(submitted(ReviewDecision.tender_id == Tender.id), Tender.updated_at),
    ).where(
        Tender.status == TenderStatus.IN_REVIEW.value,
        Tender.organisation_id == reviewer.organisation_id,
    )
    items = [
        WaitingItem(
            kind=row.kind,
            titles={"fr": row.title_fr, "en": row.title_en},
            label=row.slug if row.kind == "tender" else f"{row.slug} v{row.number}",
            submitted_at=_aware(row.since),
            slug=None if row.kind == "tender" else row.slug,
            number=row.number,
            tender_id=row.tender_id,
        )
        for row in session.execute(union_all(clauses, sets, tenders))
    ]
    oldest = min(items, key=lambda item: (item.submitted_at, item.label), default=None)
    return QueueSummary(size=len(items), oldest=oldest)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive UTC times; compare everything as aware UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# -- loading items ---------------------------------------------------------------------------------


def find_clause_version(
    session: Session, slug: str, number: int, organisation_id: int | None
) -> ClauseVersion | None:
    """A version of the clause the organisation means by ``slug`` (its own or its variant,
    else the reference library's), or None."""
    clause = clause_for(session, slug, organisation_id)
    if clause is None:
        return None
    return session.scalar(
        select(ClauseVersion).where(
            ClauseVersion.clause_id == clause.id, ClauseVersion.number == number
        )
    )


def last_decided_state(
    session: Session, tender: Tender
) -> tuple[dict[str, Any], dt.datetime] | None:
    """The tender as it was when a reviewer last approved it or sent it back, and when."""
    event = session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.subject_type == "tender",
            AuditEvent.subject_id == str(tender.id),
            AuditEvent.action.in_(["tender.review_approved", "tender.review_changes_requested"]),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if event is None or not (event.after or {}).get("state"):
        return None
    return event.after["state"], event.created_at
