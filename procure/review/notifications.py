"""Mails about reviews: legal reviewers hear of what waits for them, buyers and authors of
the decision taken on their tender or clause.

The mails are written during the request (each in its recipient's language, with links
to the pages), and sent only once the change is committed (``procure.db.after_commit``):
a mail that cannot be sent is logged, and the submission or the decision stands.
Only users who keep notifications on get them (``User.notify_by_email``); invitations
and password links are not notifications and are always sent (``procure.admin``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.db import after_commit
from procure.mail import Mail, MailError, send
from procure.models import ClauseSetVersion, ClauseVersion, ReviewDecision, Tender, User
from procure.review.services import Subject, latest_decision
from procure.vocabulary import ReviewDecisionKind, Role

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[procure]"
DEFAULT_LANGUAGE = "fr"  # for a user who never chose one

# What the subject says (after the prefix) and the body's first line, by kind of item
# and decision; each names the item in full so that the French agrees with it.
HEADLINES = {
    ("tender", ReviewDecisionKind.SUBMITTED): _l("Tender %(reference)s “%(title)s” to review"),
    ("tender", ReviewDecisionKind.APPROVED): _l("Tender %(reference)s “%(title)s” approved"),
    ("tender", ReviewDecisionKind.CHANGES_REQUESTED): _l(
        "Tender %(reference)s “%(title)s” sent back: changes requested"
    ),
    ("clause", ReviewDecisionKind.SUBMITTED): _l(
        "Clause “%(title)s” (version %(number)s) to review"
    ),
    ("clause", ReviewDecisionKind.APPROVED): _l("Clause “%(title)s” (version %(number)s) approved"),
    ("clause", ReviewDecisionKind.CHANGES_REQUESTED): _l(
        "Clause “%(title)s” (version %(number)s) sent back: changes requested"
    ),
    ("clause_set", ReviewDecisionKind.SUBMITTED): _l(
        "Clause set “%(title)s” (version %(number)s) to review"
    ),
    ("clause_set", ReviewDecisionKind.APPROVED): _l(
        "Clause set “%(title)s” (version %(number)s) approved"
    ),
    ("clause_set", ReviewDecisionKind.CHANGES_REQUESTED): _l(
        "Clause set “%(title)s” (version %(number)s) sent back: changes requested"
    ),
}


@dataclass(frozen=True)
class Notification:
    """One mail, ready to send, and the user it goes to (named in the log if it fails)."""

    user_id: int
    mail: Mail


def notify_decision(
    session: Session, item: Subject, decision: ReviewDecision, actor: User
) -> list[Notification]:
    """Write the mails that ``decision`` on ``item`` calls for and send them once the
    request's changes are committed; the mails, for the record."""
    kind = _kind(item)
    if (kind, decision.decision) not in HEADLINES:
        return []  # a retirement: nobody waits for it
    notifications = [
        Notification(user.id, _mail(item, kind, decision, actor, user))
        for user in recipients(session, item, decision, actor)
    ]
    if notifications:
        after_commit(partial(send_notifications, notifications))
    return notifications


def recipients(
    session: Session, item: Subject, decision: ReviewDecision, actor: User
) -> list[User]:
    """Who is told: on a submission, the legal reviewers of the organisation that owns the
    item; on a decision, the tender's buyer or the version's author, and whoever submitted
    it. Never the person who acted, a deactivated user, or one who turned mails off."""
    if decision.decision == ReviewDecisionKind.SUBMITTED:
        people: Iterable[User] = session.scalars(
            select(User)
            .where(User.organisation_id == _organisation_id(item), User.role == Role.LEGAL)
            .order_by(User.id)
        )
    else:
        submitted = latest_decision(session, item, [ReviewDecisionKind.SUBMITTED])
        ids = [
            user_id
            for user_id in (
                item.owner_id if isinstance(item, Tender) else item.author_id,
                submitted.actor_id if submitted else None,
            )
            if user_id is not None
        ]
        people = [session.get(User, user_id) for user_id in dict.fromkeys(ids)]
    return [
        user
        for user in people
        if user is not None and user.id != actor.id and user.active and user.notify_by_email
    ]


def send_notifications(notifications: Iterable[Notification]) -> None:
    """Send each mail; one that fails is logged and the others still go."""
    for notification in notifications:
        try:
            send(notification.mail)
        except MailError as error:
            logger.error("Review notification to user %s not sent: %s", notification.user_id, error)


def _kind(item: Subject) -> str:
    if isinstance(item, ClauseVersion):
        return "clause"
    if isinstance(item, ClauseSetVersion):
        return "clause_set"
    return "tender"


def _organisation_id(item: Subject) -> int | None:
    if isinstance(item, ClauseVersion):
        return item.clause.organisation_id
    if isinstance(item, ClauseSetVersion):
        return item.clause_set.organisation_id
    return item.organisation_id


def _url(item: Subject) -> str:
    if isinstance(item, ClauseVersion):
        return url_for(
            "review.clause_version", slug=item.clause.slug, number=item.number, _external=True
        )
    if isinstance(item, ClauseSetVersion):
        return url_for(
            "review.clause_set_version",
            slug=item.clause_set.slug,
            number=item.number,
            _external=True,
        )
    return url_for("review.tender", tender_id=item.id, _external=True)


def _headline(item: Subject, kind: str, decision: ReviewDecision, language: str) -> str:
    if isinstance(item, Tender):
        params = {"reference": item.reference, "title": item.title}
    else:
        params = {"title": getattr(item, f"title_{language}") or item.title_fr}
        params["number"] = str(item.number)
    return str(HEADLINES[(kind, decision.decision)]) % params


def _mail(item: Subject, kind: str, decision: ReviewDecision, actor: User, user: User) -> Mail:
    language = user.language or DEFAULT_LANGUAGE
    with force_locale(language):
        headline = _headline(item, kind, decision, language)
        body = render_template(
            "mail/review_notification.txt",
            user=user,
            actor=actor,
            headline=headline,
            decision=decision.decision,
            comment=decision.comment,
            url=_url(item),
            account_url=url_for("auth.account", _external=True),
        )
    return Mail(to=user.email, subject=f"{SUBJECT_PREFIX} {headline}", body=body)
